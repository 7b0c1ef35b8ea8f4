# Registrar — build, test, run. See README.md.
PREFIX ?= /usr/local
SWIFT ?= swift

.PHONY: all deps build release test clean

all: build

deps:
	bash scripts/install-deps.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The test command of the README: every test target, in parallel workers off (SQLite files and
# child processes are per test already).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build

run: deps
	$(SWIFT) build -c release
	$(SWIFT) test --filter Journey
