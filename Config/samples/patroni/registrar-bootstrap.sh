#!/bin/sh
# Patroni's post_bootstrap for Registrar (registrar.yml beside it; install as
# /etc/patroni/registrar-bootstrap.sh, mode 0755): run once by Patroni on the first leader, as the
# superuser, with the connection URL as its argument. It makes the owner role, the application role and
# the database; their passwords are set afterwards with \password, never here. Then, from a
# registrard node: registrarctl migrate (as registrar_owner), which grants the application role its rights.
set -eu
psql "$1" -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE registrar_owner LOGIN;
CREATE ROLE registrar LOGIN;
CREATE DATABASE registrar OWNER registrar_owner ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;
REVOKE ALL ON DATABASE registrar FROM PUBLIC;
GRANT CONNECT ON DATABASE registrar TO registrar;
SQL
