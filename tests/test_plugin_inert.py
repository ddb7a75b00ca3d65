"""The plugin stays out of pytest runs that are not conformance runs: unrelated tests in the same environment
run exactly as without it (Hypothesis' own defaults, no AWS configuration read)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLAIN_TEST = '''
from hypothesis import given, settings, strategies as st

SEEN = []

@given(st.integers())
def test_plain(n):
    SEEN.append(n)

def test_defaults():
    current = settings.default
    assert current.max_examples == 100, current.max_examples
    assert not current.derandomize
    assert current.deadline is not None
'''


def _pytest(workdir: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=workdir,
                          capture_output=True, text=True, timeout=120, check=False, env=env)


def test_an_unrelated_project_runs_with_hypothesis_defaults(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(PLAIN_TEST, encoding="utf-8")
    env = {**os.environ, "AWS_PROFILE": "missing", "AWS_CONFIG_FILE": str(tmp_path / "none")}
    result = _pytest(tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    assert "ec2-conformance" not in result.stdout + result.stderr


def test_a_conformance_option_makes_it_a_conformance_run(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(PLAIN_TEST, encoding="utf-8")
    result = _pytest(tmp_path, "--target=nimbus", env=dict(os.environ))
    assert result.returncode == 4, result.stdout + result.stderr  # pytest's usage error
    assert "unknown target 'nimbus'" in result.stderr
