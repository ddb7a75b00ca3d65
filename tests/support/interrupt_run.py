"""A pytest plugin that interrupts a conformance run as Ctrl-C would, before its second test (the
interrupted-run test). Loaded with `-p tests.support.interrupt_run` (the checkout on PYTHONPATH)."""

from __future__ import annotations

import pytest

STARTED: list[str] = []


def pytest_runtest_setup(item: pytest.Item) -> None:
    STARTED.append(item.nodeid)
    if len(STARTED) == 2:
        raise KeyboardInterrupt
