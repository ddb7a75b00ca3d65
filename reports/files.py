"""Reading and writing results files and reports; every failure becomes a one-line ReportError."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from reports.compare import render_compare_html, render_compare_markdown
from reports.html import render_html
from reports.markdown import render_markdown
from reports.results import Results
from reports.schema import InvalidResults, validate

DEFAULT_OUTPUT = Path("reports/output")
RESULTS_NAME = "results.json"


class ReportError(Exception):
    """A problem the user can fix (missing file, bad document, unwritable directory), said in one line."""


def load_results(path: Path) -> Results:
    """Read, validate and parse a results file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"results file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"cannot read results file {path}: {_reason(error)}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ReportError(f"{path} is not valid JSON ({where}: {error.msg})") from None
    try:
        validate(doc)
    except InvalidResults as error:
        more = f" (and {len(error.errors) - 1} more problems)" if len(error.errors) > 1 else ""
        raise ReportError(f"{path} is not a valid results document: {error.errors[0]}{more}") from None
    return Results.from_json(doc)


def write_results(results: Results, path: Path) -> Path:
    """Write the results document atomically (a reader never sees half a file)."""
    doc = results.to_json()
    validate(doc)
    _write(path, {path.name: json.dumps(doc, indent=2, ensure_ascii=False) + "\n"})
    return path


def write_report(results: Results, out_dir: Path) -> list[Path]:
    """DIR/report.md and DIR/report.html."""
    return _write_all(out_dir, {"report.md": render_markdown(results), "report.html": render_html(results)})


def write_comparison(runs: list[Results], out_dir: Path) -> list[Path]:
    """DIR/compare.md and DIR/compare.html."""
    return _write_all(out_dir, {"compare.md": render_compare_markdown(runs),
                                "compare.html": render_compare_html(runs)})


def _write_all(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    for name in files:
        _write(out_dir / name, {name: files[name]})
    return [out_dir / name for name in files]


def _write(path: Path, content: Mapping[str, str]) -> None:
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for text in content.values():
            handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(text)
                os.chmod(temp, 0o644)  # mkstemp makes 0600; reports are meant to be shared
                os.replace(temp, path)
            finally:
                if os.path.exists(temp):
                    os.unlink(temp)
    except OSError as error:
        raise ReportError(f"cannot write to {directory}: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)


def output_paths(paths: Iterable[Path]) -> str:
    return ", ".join(str(p) for p in paths)
