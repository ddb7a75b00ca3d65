"""reports.score: the run's numbers as every output says them."""

from __future__ import annotations

from reports.score import NUMBERS, Score


def _score(**changes: int | bool) -> Score:
    base: dict[str, int | bool] = {"catalogued": 10, "decidable": 8, "exercised": 4, "conforming": 1,
                                   "diverging": 3, "crashes": 1, "undetermined": 2, "examples": 50}
    return Score(**{**base, **changes})  # type: ignore[arg-type]


def test_the_ratio_is_conforming_over_exercised_and_a_partial_run_says_so() -> None:
    assert _score().percent_text == "25.0%"
    assert _score(complete=False).percent_text == "25.0% (partial)"
    assert _score(exercised=0, conforming=0, diverging=0).ratio is None
    assert _score(exercised=0, conforming=0, diverging=0).percent_text == "n/a"


def test_a_new_fixed_or_changed_signature_fails_the_run_a_known_one_does_not() -> None:
    assert not _score(known_signatures=5).fails
    assert _score(new_signatures=1).fails and _score(fixed_signatures=1).fails and _score(changed_signatures=1).fails


def test_the_sentence_names_crashes_and_changes_only_when_there_are_some() -> None:
    text = _score(changed_signatures=2).text()
    assert "(1 crashing)" in text and "0 new, 0 known, 0 fixed, 2 changed" in text and text.endswith("50 examples")
    quiet = _score(crashes=0).text()
    assert "crashing" not in quiet and "changed" not in quiet
    assert "PARTIAL" in _score(complete=False).text()


def test_the_json_holds_exactly_the_numbers_numbers_defines() -> None:
    doc = _score(new_signatures=1).to_json()
    flat = set(doc) - {"signatures", "complete", "score"} | set(doc["signatures"])
    assert flat == {key for key, _, _ in NUMBERS}
    assert doc["score"] == 0.25 and doc["signatures"]["new"] == 1
