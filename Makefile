# shien — make targets. `make run` and `make test` are all a fresh checkout needs.
SWIFT ?= swift
PREFIX ?= /usr/local
RELEASE_BIN := .build/release/shien
DEBUG_BIN := .build/debug/shien
PYTHON ?= python3
ORACLE_VENV := .venv-oracle
MCP_VENV := .venv-mcp

.PHONY: all build run test lint bench spark handout install uninstall oracle clean catalog fuzz mcp-venv mcp-client-test

all: build

## Release build (Swift runtime linked in, so the binary starts fast and runs without the toolchain), with the
## catalog database compiled beside it.
build:
	$(SWIFT) build -c release --static-swift-stdlib
	$(RELEASE_BIN) catalog build

## Build and start shien on the bundled catalog: at a terminal, the interview; otherwise a worked example for a
## single parent in 古賀市.
run: build
	@if [ -t 0 ] && [ -t 1 ]; then $(RELEASE_BIN) interview; else \
	  echo '$$ shien check --household Resources/examples/koga-single-parent.json'; \
	  $(RELEASE_BIN) check --household Resources/examples/koga-single-parent.json; fi

## Build and run every test, and check that the bundled catalog is lint-clean; then drive `shien mcp` with the
## official MCP Python SDK when `make mcp-venv` has set it up (otherwise that test says it was skipped, and why).
test:
	$(SWIFT) build
	$(DEBUG_BIN) catalog lint
	$(DEBUG_BIN) catalog build
	$(SWIFT) test
	$(MAKE) --no-print-directory mcp-client-test

## A virtual environment with the MCP Python SDK (mcp 2.x from PyPI), for the client test.
mcp-venv:
	test -x $(MCP_VENV)/bin/python || $(PYTHON) -m venv $(MCP_VENV)
	$(MCP_VENV)/bin/python -c 'import mcp' 2>/dev/null || $(MCP_VENV)/bin/pip install -q 'mcp>=2,<3'

## `shien mcp` driven by the official MCP Python SDK in both protocol eras (modes auto and legacy).
mcp-client-test:
	@if [ -x $(MCP_VENV)/bin/python ] && $(MCP_VENV)/bin/python -c 'import importlib.metadata as m, sys; sys.exit(int(m.version("mcp").split(".")[0]) < 2)' 2>/dev/null; then \
	  $(MCP_VENV)/bin/python scripts/mcp/client_test.py --bin $(DEBUG_BIN); \
	else echo "MCP client test skipped: no $(MCP_VENV) with the mcp package 2.x ('make mcp-venv' sets it up from PyPI)"; fi

## swift-format, strict, with the project's .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

## Speed benchmarks (release build): cold one-household check, search, events, catalog open; then shien batch and
## openfisca-japan at its best (all households in one vectorised Simulation) on the same BENCH_COUNT generated
## households, in the virtual environment of `make oracle`: wall time, households/s, peak memory, the factor and the
## sha256 of shien's outputs. BATCH_ARGS passes more options to scripts/bench/batch.py:
## make bench BENCH_COUNT=10000 BATCH_ARGS="--ofj-ten --since --large 1000000 --ofj-chunk 10000"
BENCH_COUNT ?= 100000
bench: build
	$(PYTHON) scripts/bench/bench.py --bin $(RELEASE_BIN)
	test -x $(ORACLE_VENV)/bin/python || ($(PYTHON) -m venv $(ORACLE_VENV) && $(ORACLE_VENV)/bin/pip install -q openfisca-japan==2.2.0)
	$(PYTHON) scripts/bench/batch.py --bin $(RELEASE_BIN) --ofj-python $(ORACLE_VENV)/bin/python --count $(BENCH_COUNT) $(BATCH_ARGS)

## A real Spark run (not part of `make test`: pyspark is a few hundred MB from PyPI, in .venv-spark; Java 17 from
## Debian if missing): local[2] pipes BENCH_COUNT households through shien batch by partition (RDD.pipe) and by
## --shard K/N, and checks that the merged output holds exactly the single-process output's lines.
SPARK_VENV := .venv-spark
SPARK_ARGS ?=
spark: build
	command -v java >/dev/null || (apt-get update && apt-get install -y openjdk-17-jre-headless)
	test -x $(SPARK_VENV)/bin/python || ($(PYTHON) -m venv $(SPARK_VENV) && $(SPARK_VENV)/bin/pip install -q pyspark==4.3.0)
	$(SPARK_VENV)/bin/python scripts/spark/run.py --bin $(RELEASE_BIN) --count $(BENCH_COUNT) $(SPARK_ARGS)

## The visitor handout for the worked example, printed by headless Chromium (apt-get install chromium
## poppler-utils fonts-ipafont-gothic): out/handout.html, out/handout.png (A4 at 96 dpi) and out/handout.pdf.
CHROMIUM ?= chromium
HANDOUT_FLAGS := --headless --no-sandbox --disable-gpu --hide-scrollbars
handout: build
	mkdir -p out
	$(RELEASE_BIN) check --household Resources/examples/koga-single-parent.json --format html > out/handout.html
	$(CHROMIUM) $(HANDOUT_FLAGS) --window-size=794,1123 --screenshot=$(CURDIR)/out/handout.png file://$(CURDIR)/out/handout.html
	$(CHROMIUM) $(HANDOUT_FLAGS) --no-pdf-header-footer --print-to-pdf=$(CURDIR)/out/handout.pdf file://$(CURDIR)/out/handout.html
	@if command -v pdfinfo >/dev/null; then pdfinfo out/handout.pdf | grep -E '^Pages:|^Page size:'; fi

## Install the binary and its catalog under PREFIX (default /usr/local).
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/shien
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/shien
	install -m 0644 .build/release/shien-catalog.sqlite $(DESTDIR)$(PREFIX)/share/shien/catalog.sqlite

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/shien $(DESTDIR)$(PREFIX)/share/shien/catalog.sqlite

## Differential test against openfisca-japan 2.2.0 (slow: sets up a virtual environment on first use). Each date in
## AS_OF gets its own COUNT households and its own agreement table; every date must pass.
## make oracle AS_OF=2025-02-15 COUNT=5000 SEED=7
AS_OF ?= 2024-10-01 2025-06-01 2026-04-01
oracle: build
	test -x $(ORACLE_VENV)/bin/python || ($(PYTHON) -m venv $(ORACLE_VENV) && $(ORACLE_VENV)/bin/pip install -q openfisca-japan==2.2.0)
	mkdir -p out/oracle
	set -e; for day in $(AS_OF); do \
	  echo "== as of $$day"; \
	  $(PYTHON) scripts/oracle/generate.py --seed $${SEED:-1} --count $${COUNT:-2000} --as-of $$day --out out/oracle/households-$$day.jsonl; \
	  $(ORACLE_VENV)/bin/python scripts/oracle/run_ofj.py out/oracle/households-$$day.jsonl --explain --timing > out/oracle/ofj-$$day.jsonl; \
	  $(ORACLE_VENV)/bin/python scripts/oracle/compare.py --shien-bin $(RELEASE_BIN) --households out/oracle/households-$$day.jsonl \
	      --ofj out/oracle/ofj-$$day.jsonl --known-differences scripts/oracle/known-differences.json; \
	done

## libFuzzer targets (Fuzz/, address sanitizer) for the household parser, the rule language and the everyday-input
## normalisers, each run for FUZZ_SECONDS: make fuzz FUZZ_SECONDS=600. Crashes land in .build/fuzz/artifacts/.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz/run.sh

clean:
	rm -rf .build
