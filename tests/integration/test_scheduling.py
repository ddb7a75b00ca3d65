"""The suite's own tests start their longest items at once, one per xdist worker (tests/conftest.py)."""

from types import SimpleNamespace
from typing import Any, cast

import pytest

from tests.conftest import LONGEST_FIRST, spread, worker_count


def _config(workerinput: dict[str, Any] | None, numprocesses: int | None) -> pytest.Config:
    fake = SimpleNamespace(getoption=lambda name, default=None: numprocesses)
    if workerinput is not None:
        fake.workerinput = workerinput
    return cast(pytest.Config, fake)


def test_a_worker_counts_the_workers_from_its_workerinput() -> None:
    # xdist collects on the workers only, and sets their numprocesses to None
    assert worker_count(_config({"workercount": 2, "workerid": "gw0"}, None)) == 2
    assert worker_count(_config(None, 3)) == 3
    assert worker_count(_config(None, None)) == 1


def _items(nodeids: list[str]) -> list[pytest.Item]:
    return [cast(pytest.Item, SimpleNamespace(nodeid=nodeid)) for nodeid in nodeids]


def test_the_longest_items_head_each_workers_share() -> None:
    longest = [f"tests/{part}" for part in LONGEST_FIRST[:4]]
    rest = [f"tests/unit/test_{n}.py::test_it" for n in range(21)]
    ordered = [item.nodeid for item in spread(_items(longest + rest), 2)]
    assert sorted(ordered) == sorted(longest + rest)
    half = len(ordered) // 2  # worksteal's first share of each worker
    first, second = ordered[:half], ordered[half:]
    assert first[:2] == [longest[0], longest[2]]
    assert second[:2] == [longest[1], longest[3]]
