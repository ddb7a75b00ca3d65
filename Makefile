# Two entry points (see README): `make conformance` (the main job) and `make test` (the project's tests).
# Both create .venv on first use from pyproject.toml; nothing else needs to be installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: conformance test lint typecheck unit venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## The main job: conformance run against moto in-process; writes reports/output/results.json + report.md/html.
conformance: $(STAMP)
	$(BIN)/pytest conformance $(ARGS)

## The project's tests: lint, types, unit tests, and the conformance suite in the ci profile.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests $(ARGS)

clean:
	rm -rf $(VENV) reports/output .hypothesis
