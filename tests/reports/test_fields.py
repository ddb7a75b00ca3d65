"""reports.fields: a results field's metadata keeps its meaning and only the ways of writing it that were asked."""

from __future__ import annotations

import dataclasses

from reports.fields import Derived, doc
from reports.results import RunMeta


def test_doc_keeps_the_meaning_and_only_what_was_asked() -> None:
    assert doc("the target's name") == {"doc": "the target's name"}
    assert doc("a status", json="run.status", optional=True, http=True) == {
        "doc": "a status", "json": "run.status", "optional": True, "http": True}
    assert "keys" not in doc("pairs", keys=()) and doc("pairs", keys=("key", "value"))["keys"] == ("key", "value")


def test_every_field_of_the_run_metadata_says_what_it_means() -> None:
    assert all(field.metadata.get("doc") for field in dataclasses.fields(RunMeta))


def test_a_derived_key_follows_nothing_unless_told() -> None:
    derived = Derived("score", float, "a ratio", ratio=True)
    assert (derived.after, derived.const, derived.ratio) == (None, None, True)
