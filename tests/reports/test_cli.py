"""reports.cli: `python -m reports render|compare|validate`, and one-line CLI errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reports.files import write_results
from tests.support import REPO
from tests.support import reports as support


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "reports", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=60, check=False)


def test_cli_render_writes_both_reports(tmp_path: Path) -> None:
    results = write_results(support.build(), tmp_path / "results.json")
    done = _cli("render", results, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("# RunInstances conformance")
    assert "</html>" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_cli_compare_writes_both_pages(tmp_path: Path) -> None:
    a = write_results(support.build(), tmp_path / "a.json")
    b = write_results(support.other_target(), tmp_path / "b.json")
    done = _cli("compare", a, b, "-o", tmp_path / "cmp")
    assert done.returncode == 0, done.stderr
    assert "R-COUNT-3" in (tmp_path / "cmp" / "compare.md").read_text(encoding="utf-8")
    assert (tmp_path / "cmp" / "compare.html").exists()


def test_cli_validate(tmp_path: Path) -> None:
    good = write_results(support.build(), tmp_path / "good.json")
    assert _cli("validate", good).returncode == 0


def _bad_document(tmp_path: Path) -> Path:
    doc = support.build().to_json()
    doc["rules"][1]["status"] = "sort of"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(("case", "needle"), [
    ("missing", "results file not found"),
    ("not-json", "is not valid JSON (line 1, column"),
    ("invalid", "is not a valid results document: $.rules[1].status"),
    ("unwritable", "cannot write to"),
])
def test_cli_errors_are_one_line_and_exit_2(tmp_path: Path, case: str, needle: str) -> None:
    good = write_results(support.build(), tmp_path / "good.json")
    out = tmp_path / "out"
    if case == "missing":
        args: list[str | Path] = ["render", tmp_path / "nope.json", "-o", out]
    elif case == "not-json":
        (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
        args = ["render", tmp_path / "broken.json", "-o", out]
    elif case == "invalid":
        args = ["compare", good, _bad_document(tmp_path), "-o", out]
    else:
        (tmp_path / "file").write_text("", encoding="utf-8")
        args = ["render", good, "-o", tmp_path / "file" / "sub"]  # a directory under a regular file
    done = _cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and needle in lines[0]
    assert "Traceback" not in done.stderr


