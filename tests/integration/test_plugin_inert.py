"""The plugin stays out of pytest runs that are not conformance runs: unrelated tests in the same environment
run exactly as without it (Hypothesis' own defaults, no AWS configuration read)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PLAIN_TEST = '''
from hypothesis import given, settings, strategies as st

SEEN = []

@given(st.integers())
def test_plain(n):
    SEEN.append(n)

def test_defaults():
    from pathlib import Path
    Path("seen-defaults.txt").write_text(DEFAULTS_OF(settings.default))
'''

# What the settings that decide a run look like; Hypothesis picks its "ci" profile itself when a CI variable
# is set, so the comparison is with Hypothesis imported alone in the same environment, never a fixed value.
DEFAULTS_OF = "lambda s: repr((s.max_examples, s.derandomize, s.deadline, s.database is None, s.phases))"
PLAIN_TEST = PLAIN_TEST.replace("DEFAULTS_OF(", "(" + DEFAULTS_OF + ")(")


def _hypothesis_alone(env: dict[str, str]) -> str:
    code = f"from hypothesis import settings; print(({DEFAULTS_OF})(settings.default), end='')"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=True, env=env).stdout


def _pytest(workdir: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=workdir,
                          capture_output=True, text=True, timeout=120, check=False, env=env)


@pytest.mark.parametrize("ci", [None, "true"], ids=["outside-ci", "inside-ci"])
def test_an_unrelated_project_runs_with_hypothesis_defaults(tmp_path: Path, ci: str | None) -> None:
    (tmp_path / "test_plain.py").write_text(PLAIN_TEST, encoding="utf-8")
    env = {**os.environ, "AWS_PROFILE": "missing", "AWS_CONFIG_FILE": str(tmp_path / "none")}
    env.pop("CI", None)
    if ci is not None:
        env["CI"] = ci
    result = _pytest(tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    assert "ec2-conformance" not in result.stdout + result.stderr
    assert (tmp_path / "seen-defaults.txt").read_text(encoding="utf-8") == _hypothesis_alone(env)


def test_a_conformance_option_makes_it_a_conformance_run(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(PLAIN_TEST, encoding="utf-8")
    result = _pytest(tmp_path, "--target=nimbus", env=dict(os.environ))
    assert result.returncode == 4, result.stdout + result.stderr  # pytest's usage error
    assert "unknown target 'nimbus'" in result.stderr
