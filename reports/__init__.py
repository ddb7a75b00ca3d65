"""Conformance results (one JSON document per run) and the reports rendered from them.

- `reports.builder`: `ResultsBuilder(meta)`, fed one `conformance.example.ExampleResult` per example.
- `reports.results`: `Results`, the model of one run; `to_json()` / `from_json()`; schema in SCHEMA.md.
- `reports.schema.validate(doc)`: check a document against results.schema.json (no third-party package).
- `reports.schema_gen`: results.schema.json and SCHEMA.md's tables, generated from the dataclasses' fields.
- `reports.markdown`, `reports.html`, `reports.compare`: the renderers; `reports.files`: reading and writing.
- `reports.failure`, `reports.reproducers`: what a failing test prints, and ready-to-paste reproducers.
- `python -m reports render results.json -o DIR`, `python -m reports compare a.json b.json -o DIR`.

This package reads `conformance.findings`, `conformance.outcome`, `conformance.example` and `conformance.rules`
(the vocabulary, the example record and the rule data) and
the strategies leaves, never the targets or the run (tests/integration/test_imports.py checks it).
"""
