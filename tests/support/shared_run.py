"""Work done once per test run and shared by the xdist workers: the first worker to ask does it under a file
lock, the others wait for it and read what it left (their basetemps lie in one run directory)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest


def shared_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A directory every xdist worker of this test run sees."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    (shared / name).mkdir(exist_ok=True)
    return shared / name


def once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """`build(directory)` run by one worker of the test run; every caller gets the directory once it is built."""
    root = shared_dir(tmp_path_factory, name)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / ".ready").is_file():
            build(root)
            (root / ".ready").write_text("ok", encoding="utf-8")
    return root
