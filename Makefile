# Registrar — build, test, run. See README.md.
PREFIX ?= /usr/local
SWIFT ?= swift

.PHONY: all deps build release test clean run

all: build

deps:
	bash scripts/install-deps.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The test command of the README: every test target, in parallel workers off (SQLite files and
# child processes are per test already). The PostgreSQL suites run against a throwaway cluster
# (scripts/pg-test-cluster.sh) named in REGISTRAR_TEST_PG, stopped again whatever the tests return.
test: deps
	$(SWIFT) build --build-tests
	bash scripts/pg-test-cluster.sh start >/dev/null
	eval "$$(bash scripts/pg-test-cluster.sh env)" && $(SWIFT) test --skip-build; \
		status=$$?; bash scripts/pg-test-cluster.sh stop; exit $$status

clean:
	rm -rf .build


# --- Installation and manual pages (registrarctl branch) -------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage] [SYSCONFDIR=/etc/registrar]
# Binaries (release build) to $(PREFIX)/bin, pages to $(PREFIX)/share/man, the configuration,
# reference lists and texts to $(SYSCONFDIR) (an existing registrar.conf and texts are kept), the
# systemd unit to $(UNITDIR) with its paths set.
SYSCONFDIR ?= /etc/registrar
UNITDIR ?= $(PREFIX)/lib/systemd/system
MANDIR ?= $(PREFIX)/share/man
BINARIES = registrard registrar-console registrarctl

.PHONY: install man-lint format lint deb install-test

install: release
	install -d -m 0755 $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSCONFDIR)/reference \
		$(DESTDIR)$(SYSCONFDIR)/texts $(DESTDIR)$(SYSCONFDIR)/samples $(DESTDIR)$(UNITDIR)
	bin=$$($(SWIFT) build -c release --show-bin-path); \
	for b in $(BINARIES); do \
		if [ -x "$$bin/$$b" ]; then install -m 0755 "$$bin/$$b" $(DESTDIR)$(PREFIX)/bin/; \
		else echo "make install: $$b not built, skipped"; fi; \
	done
	for page in man/man*/*.[0-9]; do \
		section=$$(basename $$(dirname $$page)); install -m 0644 $$page $(DESTDIR)$(MANDIR)/$$section/; \
	done
	install -m 0644 Config/reference/*.csv $(DESTDIR)$(SYSCONFDIR)/reference/
	install -m 0644 Config/samples/*.csv $(DESTDIR)$(SYSCONFDIR)/samples/
	for text in Config/texts/*; do \
		[ -e $(DESTDIR)$(SYSCONFDIR)/texts/$$(basename $$text) ] || install -m 0644 $$text $(DESTDIR)$(SYSCONFDIR)/texts/; \
	done
	[ -e $(DESTDIR)$(SYSCONFDIR)/registrar.conf ] || install -m 0640 Config/registrar.conf $(DESTDIR)$(SYSCONFDIR)/registrar.conf
	for unit in Config/*.service Config/*.timer; do \
		sed -e 's|/usr/local/bin/|$(PREFIX)/bin/|' -e 's|/etc/registrar/|$(SYSCONFDIR)/|' $$unit \
			> $(DESTDIR)$(UNITDIR)/$$(basename $$unit); \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$(basename $$unit); \
	done

# Every manual page, as mandoc's linter sees it: no warnings.
man-lint:
	mandoc -Tlint -Wwarning man/man*/*.[0-9]

# The README's run command: demo data, registrard on 127.0.0.1:8080, the console in this terminal.
run:
	bash scripts/run.sh

# Formatting as .swift-format says; CI runs the lint.
format:
	$(SWIFT) format format -i -r Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

# --- The Debian package -----------------------------------------------------------------------
# make deb: dist/registrar_VERSION_ARCH.deb by debhelper (debian/), the binaries built in release mode
# with the Swift standard library linked in (scratch path .build-deb), then checked by lintian.
deb:
	dpkg-checkbuilddeps
	mkdir -p dist
	PATH=/opt/swift/usr/bin:$$PATH dpkg-buildpackage -b --no-sign \
		--buildinfo-option=-udist --buildinfo-file=dist/registrar.buildinfo \
		--changes-option=-udist --changes-file=dist/registrar.changes
	lintian --fail-on error,warning --info dist/registrar_*.deb

# make install-test: purges any installation, installs dist/registrar_*.deb with apt, runs registrard as
# the service user, checks the console's access model, then dpkg -r and dpkg -P. Needs root.
install-test:
	bash scripts/install-test.sh
