# shien — make targets. `make run` and `make test` are all a fresh checkout needs.
SWIFT ?= swift
PREFIX ?= /usr/local
RELEASE_BIN := .build/release/shien
DEBUG_BIN := .build/debug/shien
PYTHON ?= python3
ORACLE_VENV := .venv-oracle

.PHONY: all build run test lint bench install uninstall oracle clean catalog

all: build

## Release build (Swift runtime linked in, so the binary starts fast and runs without the toolchain), with the
## catalog database compiled beside it.
build:
	$(SWIFT) build -c release --static-swift-stdlib
	$(RELEASE_BIN) catalog build

## Build and start shien on the bundled catalog: a worked example for a single parent in 古賀市.
run: build
	@echo '$$ shien check --household Resources/examples/koga-single-parent.json'
	@$(RELEASE_BIN) check --household Resources/examples/koga-single-parent.json

## Build and run every test, and check that the bundled catalog is lint-clean.
test:
	$(SWIFT) build
	$(DEBUG_BIN) catalog lint
	$(DEBUG_BIN) catalog build
	$(SWIFT) test

## swift-format, strict, with the project's .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

## Speed benchmarks (release build): cold one-household check, rule evaluation, catalog open; then shien batch
## (throughput, peak memory) and openfisca-japan on the same households, in the virtual environment of `make oracle`.
## BATCH_ARGS passes options to scripts/bench/batch.py: make bench BATCH_ARGS="--count 10000 --large 0"
bench: build
	$(PYTHON) scripts/bench/bench.py --bin $(RELEASE_BIN)
	test -x $(ORACLE_VENV)/bin/python || ($(PYTHON) -m venv $(ORACLE_VENV) && $(ORACLE_VENV)/bin/pip install -q openfisca-japan)
	$(PYTHON) scripts/bench/batch.py --bin $(RELEASE_BIN) --ofj-python $(ORACLE_VENV)/bin/python $(BATCH_ARGS)

## Install the binary and its catalog under PREFIX (default /usr/local).
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/shien
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/shien
	install -m 0644 .build/release/shien-catalog.sqlite $(DESTDIR)$(PREFIX)/share/shien/catalog.sqlite

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/shien $(DESTDIR)$(PREFIX)/share/shien/catalog.sqlite

## Differential test against openfisca-japan (slow: sets up a virtual environment on first use).
## SEED, COUNT and AS_OF pick the generated households: make oracle AS_OF=2025-02-15 COUNT=5000
oracle: build
	test -x $(ORACLE_VENV)/bin/python || ($(PYTHON) -m venv $(ORACLE_VENV) && $(ORACLE_VENV)/bin/pip install -q openfisca-japan)
	mkdir -p out/oracle
	$(PYTHON) scripts/oracle/generate.py --seed $${SEED:-1} --count $${COUNT:-2000} --as-of $${AS_OF:-2025-06-01} --out out/oracle/households.jsonl
	$(ORACLE_VENV)/bin/python scripts/oracle/run_ofj.py out/oracle/households.jsonl --explain --timing > out/oracle/ofj.jsonl
	$(ORACLE_VENV)/bin/python scripts/oracle/compare.py --shien-bin $(RELEASE_BIN) --households out/oracle/households.jsonl \
	    --ofj out/oracle/ofj.jsonl --known-differences scripts/oracle/known-differences.json

clean:
	rm -rf .build
