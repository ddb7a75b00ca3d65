"""The suite's own tests run with the deterministic `unit` Hypothesis profile (see the root conftest), without
Hypothesis's local constants (conformance.profiles.without_local_constants: draws never depend on imports)."""

from itertools import islice

import pytest
from hypothesis import settings

from conformance.profiles import without_local_constants

without_local_constants()
settings.load_profile("unit")


# The longest tests first (measured with `--durations`, 2026-12-07), so that xdist's worksteal scheduling starts
# them at once on both workers instead of leaving one worker alone with them at the end: the two LocalStack recipe
# steps (about 1 min each, and LocalStack's install), the address-in-use fault run, the drift venvs, the moto
# server recipe, the exhausted subnet, the reproducers, the three-shard merge (about 50 s), then the rest of the
# subprocess runs.
LONGEST_FIRST = (
    "integration/test_external_use.py::test_emulator_ci_recipe_records_a_localstack_baseline",
    "integration/test_external_use.py::test_emulator_ci_recipe_holds_localstack_against_its_baseline",
    "integration/test_fault_signatures.py::test_an_address_in_use_is_asked_only",
    "integration/test_drift.py::test_drift_on_",
    "integration/test_external_use.py::test_emulator_ci_recipe_against_a_moto_server",
    "conformance/targets/test_http_target.py::test_an_exhausted_subnet",
    "reports/test_reproducers.py::test_every_boto3_reproducer",
    "integration/test_sharding.py::test_three_shards_merged_equal_one_unsharded_run",
    "integration/test_determinism.py",
    "integration/test_example_db_run.py",
    "integration/test_external_use.py",
    "integration/test_fault_signatures.py",
    "conformance/targets/test_http_target.py",
    "reports/test_reproducers.py",
)


def _rank(item: pytest.Item) -> int:
    return next((rank for rank, part in enumerate(LONGEST_FIRST) if part in item.nodeid), len(LONGEST_FIRST))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_rank)  # stable: the rest keep their order
    workers = worker_count(config)
    if workers > 1:
        items[:] = spread(items, workers)


def worker_count(config: pytest.Config) -> int:
    """How many xdist workers share the run. Only the workers collect, and xdist sets their `numprocesses` to
    None: the count is in their `workerinput`."""
    workerinput = getattr(config, "workerinput", None)
    if isinstance(workerinput, dict):
        return int(workerinput.get("workercount", 1))
    workers = config.getoption("numprocesses", default=None)
    return workers if isinstance(workers, int) else 1


def spread(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """The longest tests dealt out to the heads of the workers' shares: xdist's worksteal first hands each worker
    a contiguous share of the list (`len(pending) // workers left`), so the two LocalStack halves start at once."""
    longest = [item for item in items if _rank(item) < len(LONGEST_FIRST)]
    rest = iter([item for item in items if _rank(item) >= len(LONGEST_FIRST)])
    ordered: list[pytest.Item] = []
    left = len(items)
    for worker in range(workers):
        size = left // (workers - worker)
        head = longest[worker::workers]
        ordered += head + list(islice(rest, max(size - len(head), 0)))
        left -= max(size, len(head))
    return ordered + list(rest)
