"""reports.files: results and reports written atomically and readable by everyone, read back validated, and every
failure a one-line ReportError naming the file and what is wrong."""

from __future__ import annotations

import dataclasses
import json
import stat
from pathlib import Path

import pytest

from reports.files import ReportError, load_results, output_paths, write_comparison, write_report, write_results
from reports.html import render_html
from reports.markdown import render_markdown
from reports.schema import InvalidResults
from tests.support import reports as support


def test_results_written_are_read_back_equal(tmp_path: Path) -> None:
    results = support.build()
    path = write_results(results, tmp_path / "deep" / "er" / "results.json")
    assert path == tmp_path / "deep" / "er" / "results.json"
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "')
    assert load_results(path) == results


def test_files_are_shared_readable_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    write_results(support.build(), tmp_path / "results.json")
    written = write_report(support.build(), tmp_path)
    assert [p.name for p in written] == ["report.md", "report.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.md", "results.json"]
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_the_reports_are_what_the_renderers_make(tmp_path: Path) -> None:
    results = support.build()
    md, html = write_report(results, tmp_path)
    assert md.read_text(encoding="utf-8") == render_markdown(results)
    assert html.read_text(encoding="utf-8") == render_html(results)
    compare = write_comparison([results, support.other_target()], tmp_path / "cmp")
    assert [p.name for p in compare] == ["compare.md", "compare.html"] and all(p.exists() for p in compare)


def test_rewriting_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text("x" * 1_000_000, encoding="utf-8")
    write_results(support.build(), path)
    json.loads(path.read_text(encoding="utf-8"))


def test_an_invalid_document_is_not_written(tmp_path: Path) -> None:
    results = support.build()
    broken = dataclasses.replace(results, rules=results.rules + results.rules[:1])
    with pytest.raises(InvalidResults, match="duplicate rule id"):
        write_results(broken, tmp_path / "results.json")
    assert not (tmp_path / "results.json").exists()


@pytest.mark.parametrize(("content", "needle"), [
    (None, "results file not found: "),
    (b"{not json", "is not valid JSON (line 1, column 2: "),
    (b"\xff\xfe not text", "cannot read results file "),
    (b'{"schema_version": 1}', "is not a valid results document: "),
])
def test_a_bad_results_file_is_one_line(tmp_path: Path, content: bytes | None, needle: str) -> None:
    path = tmp_path / "results.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportError) as raised:
        load_results(path)
    message = str(raised.value)
    assert needle in message and str(path) in message and "\n" not in message


def test_several_problems_are_counted_after_the_first(tmp_path: Path) -> None:
    doc = support.build().to_json()
    doc["schema_version"] = 1
    doc["rules"][0]["status"] = "sort of"
    path = tmp_path / "results.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ReportError, match=r"\(and \d+ more problems\)$"):
        load_results(path)


def test_a_directory_under_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        write_results(support.build(), tmp_path / "file" / "sub" / "results.json")
    assert str(raised.value) == f"cannot write to {tmp_path / 'file' / 'sub'}: not a directory"


def test_output_paths_are_listed_in_order() -> None:
    assert output_paths([Path("a/report.md"), Path("b.html")]) == "a/report.md, b.html"
    assert output_paths([]) == ""
