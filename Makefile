# Two entry points (see README): `make conformance` (the main job) and `make test` (the project's tests).
# Both create .venv on first use from the lock (requirements.lock, exact versions with their hashes, made by
# pip-compile from pyproject.toml's ranges); nothing else needs to be installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
PIP_VERSION := 26.3
PIP_TOOLS_VERSION := 7.7.0
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: durations conformance test lint typecheck unit conformance-ci report localstack-report compatibility venv lock drift clean schema

$(STAMP): pyproject.toml $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## Refresh the lock: the newest versions pyproject.toml's ranges allow, with hashes. An upgrade is a commit of
## the new lock with re-recorded baselines (see README, "Versions and upgrades").
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet pip-tools==$(PIP_TOOLS_VERSION)
	.lock-venv/bin/pip-compile --quiet --upgrade --extra dev --strip-extras --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml
	rm -rf .lock-venv

venv: $(STAMP)

## The main job: conformance run against moto in-process (ci profile); writes reports/output/{results.json,report.md,report.html}.
conformance: $(STAMP)
	$(PYTEST) conformance -q $(ARGS)

## The project's tests: the suite's own tests beside the ci conformance runs against moto and moto-server (each
## post-condition divergence shown again by its request alone: no false alarm from earlier examples), then
## lint and types (two jobs: the others fill the core the LocalStack recipe leaves idle; output kept per job).
test: $(STAMP)
	$(MAKE) --no-print-directory --output-sync=target -j2 unit conformance-ci lint typecheck

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(PYTEST) tests -n 2 --dist worksteal $(ARGS)

conformance-ci: $(STAMP)
	$(PYTEST) conformance -q -n 2 --target=moto --conformance-report reports/output/moto
	$(BIN)/python -m conformance.readback_table --results reports/output/moto/results.json --check > /dev/null
	$(PYTEST) conformance -q --target=moto-server --conformance-report reports/output/moto-server
	$(BIN)/python -m reports alone reports/output/moto/results.json reports/output/moto-server/results.json

## Regenerate conformance/suite/durations.json (what --shard balances by) from junit files of full ci runs on moto:
## `$(PYTEST) conformance -q --target=moto --junitxml=run.xml -o junit_duration_report=call`, then
## `make durations JUNIT="run.xml [more.xml]"` (each test's shortest time is kept).
durations: $(STAMP)
	$(BIN)/python -m conformance.shard $(JUNIT) --write

## Regenerate reports/results.schema.json and reports/SCHEMA.md's tables from the results dataclasses (a unit
## test fails while they are stale: python -m reports.schema_gen --check).
schema: $(STAMP)
	$(BIN)/python -m reports.schema_gen --write

## Refresh the published report (reports/moto-report.md) from a fresh moto run.
report: $(STAMP)
	$(PYTEST) conformance -q --target=moto --conformance-report reports/output/moto
	cp reports/output/moto/report.md reports/moto-report.md

## Refresh LocalStack's published report (reports/localstack-report.md); LocalStack is installed on first use.
localstack-report: $(STAMP)
	$(PYTEST) conformance -q --target=localstack --conformance-report reports/output/localstack
	cp reports/output/localstack/report.md reports/localstack-report.md

## What the newest allowed versions would change (member gaps, signatures against the committed baselines);
## see README, "Versions and upgrades" (and "Using it in CI" for the weekly job). Exit 1 when something drifted.
drift: $(STAMP)
	$(BIN)/ec2-conformance drift --report-dir reports/output/drift $(ARGS)

## moto, moto-server, ministack and LocalStack side by side (reports/compatibility.md), each held against its
## own baseline (a run's divergences are in its report; the matrix is written whatever the exit codes).
COMPAT_TARGETS := moto moto-server ministack localstack
compatibility: $(STAMP)
	for t in $(COMPAT_TARGETS); do $(BIN)/ec2-conformance run --target=$$t --progress=plain \
	  --report-dir reports/output/$$t || test $$? -eq 1; done
	$(BIN)/ec2-conformance compare $(foreach t,$(COMPAT_TARGETS),reports/output/$(t)/results.json) \
	  -o reports/output/compatibility
	cp reports/output/compatibility/compare.md reports/compatibility.md

clean:
	rm -rf $(VENV) .lock-venv reports/output .hypothesis
