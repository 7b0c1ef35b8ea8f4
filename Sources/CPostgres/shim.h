#ifndef REGISTRAR_CPOSTGRES_SHIM_H
#define REGISTRAR_CPOSTGRES_SHIM_H
#include <libpq-fe.h>

// PG_DIAG_* are character-literal macros (postgres_ext.h) that Swift does not import.
static inline int registrar_pg_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int registrar_pg_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }
static inline int registrar_pg_diag_constraint_name(void) { return PG_DIAG_CONSTRAINT_NAME; }
#endif
