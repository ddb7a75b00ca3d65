# Two entry points (see README): `make conformance` (the main job) and `make test` (the project's tests).
# Both create .venv on first use from pyproject.toml; nothing else needs to be installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: conformance test lint typecheck unit conformance-ci report venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## The main job: conformance run against moto in-process (ci profile); writes reports/output/{results.json,report.md,report.html}.
conformance: $(STAMP)
	$(PYTEST) conformance -q $(ARGS)

## The project's tests: lint, types, the suite's own tests, and the ci conformance runs against moto and moto-server.
test: lint typecheck unit conformance-ci

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(PYTEST) tests -n 2 $(ARGS)

conformance-ci: $(STAMP)
	$(PYTEST) conformance -q -n 2 --target=moto --conformance-report reports/output/moto
	$(PYTEST) conformance -q --target=moto-server --conformance-report reports/output/moto-server

## Refresh the published report (reports/moto-report.md) from a fresh moto run.
report: $(STAMP)
	$(PYTEST) conformance -q --target=moto --conformance-report reports/output/moto
	cp reports/output/moto/report.md reports/moto-report.md

clean:
	rm -rf $(VENV) reports/output .hypothesis
