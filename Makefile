# Everything a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# two stamps: `make run` installs only the tool; `make test`/`lint` the test and lint extras as well
TOOL   := $(VENV)/.installed-tool
DEV    := $(VENV)/.installed-dev

.PHONY: run test lint install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(TOOL): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(TOOL)

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(DEV) $(TOOL)

install: $(DEV)

# The product on its embedded default (SQLite), no server needed. The venv comes first on PATH
# so the demo's command checks find `python` even where only `python3` is installed.
run: export PATH := $(abspath $(BIN)):$(PATH)
run: $(TOOL)
	cd examples/demo && ../../$(BIN)/tta-timeline validate
	cd examples/demo && ../../$(BIN)/tta-timeline verify --phase 1 --backend mock
	cd examples/demo && ../../$(BIN)/tta-timeline status
	cd examples/demo && ../../$(BIN)/tta-timeline checklist --phase 1

test: install
	$(BIN)/python -m pytest

# ruff (lint and format), mypy (typed defs) and import-linter (the layers in pyproject.toml); zero findings
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# each script prints its ratios with their targets (and exits 1 on a miss); `-` runs the others anyway
bench: install
	-$(BIN)/python benchmarks/bench_status.py
	-$(BIN)/python benchmarks/bench_concurrency.py
	-$(BIN)/python benchmarks/bench_store_status.py
	-$(BIN)/python benchmarks/bench_services.py
	-$(BIN)/python benchmarks/bench_masking.py
	-$(BIN)/python benchmarks/bench_serve.py
	-$(BIN)/python benchmarks/bench_audit.py
	-$(BIN)/python benchmarks/bench_peers.py

clean:
	rm -rf $(VENV) .pytest_cache examples/demo/.tta-timeline
