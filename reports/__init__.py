"""Conformance results (one JSON document per run) and the reports rendered from them.

- `ResultsBuilder(meta)` / `ExampleRecord` / `RuleVerdict`: what the pytest plugin feeds, per example.
- `Results`: the model of one run; `Results.to_json()` / `Results.from_json()`; schema in SCHEMA.md.
- `validate(doc)`: check a document against results.schema.json (no third-party package).
- `render_markdown`, `render_html`, `render_compare_markdown`, `render_compare_html`;
  `write_results`, `write_report`, `write_comparison`, `load_results` (reports.files).
- `python -m reports render results.json -o DIR`, `python -m reports compare a.json b.json -o DIR`.

Names are imported lazily: rendering a results file never imports the rule registry.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "ExampleRecord": "reports.builder",
    "ResultsBuilder": "reports.builder",
    "RuleVerdict": "reports.builder",
    "render_compare_html": "reports.compare",
    "render_compare_markdown": "reports.compare",
    "ReportError": "reports.files",
    "load_results": "reports.files",
    "write_comparison": "reports.files",
    "write_report": "reports.files",
    "write_results": "reports.files",
    "render_html": "reports.html",
    "render_markdown": "reports.markdown",
    "Redactor": "reports.redact",
    "Counterexample": "reports.results",
    "Coverage": "reports.results",
    "Expected": "reports.results",
    "Observed": "reports.results",
    "Results": "reports.results",
    "RuleResult": "reports.results",
    "RunMeta": "reports.results",
    "Status": "reports.results",
    "InvalidResults": "reports.schema",
    "schema_errors": "reports.schema",
    "validate": "reports.schema",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'reports' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = sorted(_LAZY)
