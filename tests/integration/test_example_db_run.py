"""`--example-db DIR` shares what a run shrank: a failure one run (one shard) found is saved there, and the next
run, with an empty local database of its own (another machine), replays it; the ci profile refuses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.integration.test_cli_errors import assert_one_clear_error, run_conformance
from tests.support import REPO


def _faulty_run(local: Path, shared: Path, profile: str) -> subprocess.CompletedProcess[str]:
    """The state machine on moto whose terminated instances still run, with this profile and shared database
    (no --hypothesis-seed: Hypothesis keeps no database for a seeded run)."""
    env = {**os.environ, "EC2_CONFORMANCE_FAULT": "terminated-still-running",
           "HYPOTHESIS_STORAGE_DIRECTORY": str(local), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", "-p",
               "tests.support.emulator_faults", "-p", "tests.support.replay_profile", "-k",
               "test_idempotency_and_lifecycle", f"--hypothesis-profile={profile}", f"--example-db={shared}",
               "--conformance-report", str(local / "report")]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_a_failure_one_run_found_is_replayed_by_the_next(tmp_path: Path) -> None:
    shared = tmp_path / "shared-db"
    empty = _faulty_run(tmp_path / "machine-0", tmp_path / "empty-db", "replay-only")
    assert empty.returncode == 0, empty.stdout[-3000:]  # nothing saved: nothing replayed, nothing fails
    first = _faulty_run(tmp_path / "machine-1", shared, "dev")
    assert first.returncode == 1 and "R-PROTO-9 | lifecycle" in first.stdout, first.stdout[-3000:]
    assert any(path.is_file() for path in shared.rglob("*")), "nothing saved to the shared database"
    replayed = _faulty_run(tmp_path / "machine-2", shared, "replay-only")  # its own local database is empty
    assert replayed.returncode == 1 and "R-PROTO-9 | lifecycle" in replayed.stdout, replayed.stdout[-3000:]


def test_the_ci_profile_keeps_no_example_database(tmp_path: Path) -> None:
    assert_one_clear_error(run_conformance(f"--example-db={tmp_path}"), "--example-db=", "keeps no example database")
