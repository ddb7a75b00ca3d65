"""reports.view, what the Markdown and HTML renderers share: matrix columns, family rows, the headline and verdict
sentences, the partial and drift banners, the console's lines, coverage rows and the texts of a counterexample."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.example import Expected, Observed
from conformance.findings import BaselineStatus, Expect, RuleStatus
from conformance.outcome import OutcomeKind
from reports.results import Counterexample, Results
from reports.view import (
    BASE_COLUMNS,
    COLOUR,
    MEANING,
    SYMBOL,
    UPGRADE_NOTE,
    columns,
    console_lines,
    coverage_rows,
    css_class,
    drift_text,
    expected_text,
    family_rows,
    finding_text,
    headline,
    mutation_text,
    number,
    observed_text,
    partial_text,
    plural,
    problem_status_text,
    request_json,
    text_bar,
    verdict_counts,
    verdict_text,
    wire_edit_lines,
)
from tests.support import reports as support


def _with_meta(results: Results, **changes: Any) -> Results:
    return dataclasses.replace(results, meta=dataclasses.replace(results.meta, **changes))


def test_every_status_has_a_symbol_colour_and_meaning_and_a_class_without_spaces() -> None:
    for status in RuleStatus:
        assert SYMBOL[status] and COLOUR[status].startswith("#") and MEANING[status]
        assert " " not in css_class(status) and css_class(status).startswith("st-")
    assert css_class(RuleStatus.NOT_EXERCISED) == "st-not-exercised"
    assert len({css_class(s) for s in RuleStatus}) == len(RuleStatus)


def test_baseline_columns_appear_only_when_a_run_has_them(results: Results) -> None:
    assert columns([results]) == BASE_COLUMNS
    known = support.build(statuses=support.known("R-COUNT-3"))
    assert columns([known]) == (*BASE_COLUMNS, RuleStatus.KNOWN_DIVERGENCE)
    assert columns([results, known]) == columns([known, results])


def test_family_rows_cover_every_rule_once_with_the_familys_score(results: Results) -> None:
    rows = family_rows(results)
    assert [rule.id for row in rows for rule in row.rules] == [
        rule.id for rules in results.families().values() for rule in rules]
    counts = next(row for row in rows if row.family == "counts")
    assert counts.score == results.score(counts.rules)
    assert counts.score.percent_text == "50.0%"


@pytest.mark.parametrize(("count", "text"), [(0, "0 rules"), (1, "1 rule"), (2, "2 rules")])
def test_plural(count: int, text: str) -> None:
    assert plural(count, "rule") == text


@pytest.mark.parametrize(("ratio", "bar"), [
    (None, "░" * 20), (0.0, "░" * 20), (1.0, "█" * 20), (0.5, "█" * 10 + "░" * 10), (0.26, "█" * 5 + "░" * 15),
])
def test_text_bar(ratio: float | None, bar: str) -> None:
    assert text_bar(ratio) == bar
    assert len(text_bar(ratio, width=7)) == 7


def test_headline_and_number_read_the_score(results: Results) -> None:
    assert headline(results) == f"moto 5.2.5: {results.score().text()}"
    score = results.score()
    assert number(score, "conforming") == score.conforming == 3
    assert number(score, "new") == score.new_signatures


def test_verdict_text_says_whether_the_run_passes_against_its_baseline(results: Results) -> None:
    assert results.score().fails
    assert verdict_text(results).startswith("The run fails against its baseline: ")
    assert f"{results.score().new_signatures} new divergence signature(s)" in verdict_text(results)
    known = support.build(statuses={s: BaselineStatus.KNOWN for s in
                                    {sig.signature for sig in results.signatures}})
    assert not known.score().fails
    assert verdict_text(known) == ("The run passes against its baseline: "
                                   f"{known.score().known_signatures} known divergence signature(s), none new")


def test_drift_marks_new_and_changed_but_not_known(results: Results) -> None:
    assert drift_text(results) == "" and problem_status_text(results, BaselineStatus.NEW) == "NEW"
    drifted = _with_meta(results, version_drift="baseline recorded with moto 5.2.4, this run: moto 5.2.5")
    assert drift_text(drifted) == ("Versions differ: baseline recorded with moto 5.2.4, this run: moto 5.2.5; "
                                   f"new, fixed and changed signatures are {UPGRADE_NOTE}")
    assert problem_status_text(drifted, BaselineStatus.CHANGED) == f"CHANGED ({UPGRADE_NOTE})"
    assert problem_status_text(drifted, BaselineStatus.KNOWN) == "known"


def test_a_partial_banner_only_for_a_run_that_stopped(results: Results) -> None:
    assert partial_text(results) == ""
    stopped = _with_meta(results, stopped="target died", examples=12)
    text = partial_text(stopped)
    assert text.startswith("PARTIAL RUN: the run stopped before it finished (target died). ")
    assert "12 examples" in text and text.endswith("every number and percentage here is partial")
    assert "(target died)" not in partial_text(stopped, reason=False)


def test_console_lines_put_drift_and_partial_before_the_headline_then_new_then_problems(results: Results) -> None:
    lines = console_lines(results)
    assert lines[0] == headline(results)
    new = [line for line in lines if line.startswith("NEW ")]
    assert len(new) == results.score().new_signatures and lines[1:1 + len(new)] == new
    fixes = [line for line in lines if line.startswith("fix first ")]
    assert fixes and fixes[0].startswith("fix first 1: [") and len(fixes) <= 5
    odd = _with_meta(results, version_drift="baseline recorded with X, this run: Y", stopped="killed")
    odd_lines = console_lines(odd)
    assert odd_lines[0] == drift_text(odd) and odd_lines[1] == partial_text(odd, reason=False)
    assert odd_lines[2] == headline(odd)
    assert all(line.endswith(f"({UPGRADE_NOTE})") for line in odd_lines if line.startswith("NEW "))


def test_coverage_rows_count_the_leaves_used_under_each_member(results: Results) -> None:
    rows = {row.member: row for row in coverage_rows(results)}
    assert list(rows) == list(results.coverage.members)
    tags = rows["TagSpecifications"]
    assert tags.examples == 1 and tags.leaves_used == sum(1 for _, n in tags.nested if n) >= 1
    assert tags.leaves_total == len(tags.nested)
    assert rows["BlockDeviceMappings"].examples == 0 and rows["BlockDeviceMappings"].leaves_used == 0


def _example(expected: Expected, observed: Observed, **fields: Any) -> Counterexample:
    return Counterexample(params={"ImageId": "ami-1", "MinCount": 2}, expected=expected, observed=observed,
                          **fields)


def test_the_texts_of_a_counterexample() -> None:
    example = _example(Expected(Expect.ERROR, ("InvalidParameterValue", "MissingParameter"), (400,)),
                       Observed(OutcomeKind.ERROR, "Unknown", "no", 400),
                       wire_edits=(("MinCount", None), ("MaxCount", "one")),
                       mutation={"name": "count-swap", "rule_id": "R-COUNT-3", "path": "MinCount"},
                       finding="wrong code", problems=("expected InvalidParameterValue", "got Unknown"))
    assert request_json(example) == '{\n  "ImageId": "ami-1",\n  "MinCount": 2\n}'
    assert wire_edit_lines(example) == ["delete MinCount", 'set MaxCount = "one"']
    assert mutation_text(example) == "count-swap (breaks R-COUNT-3 at MinCount)"
    assert finding_text(example) == "wrong code: expected InvalidParameterValue; got Unknown"
    assert expected_text(example) == "error InvalidParameterValue or MissingParameter, HTTP 400"
    assert observed_text(example) == "error, Unknown, HTTP 400"


def test_the_texts_of_a_valid_request_and_other_expectations() -> None:
    success = _example(Expected(Expect.SUCCESS, (), (200,)), Observed(OutcomeKind.CRASH))
    assert mutation_text(success) == "none (a valid request)" and finding_text(success) == "-"
    assert expected_text(success) == "success (HTTP 200)" and observed_text(success) == "crash"
    assert expected_text(_example(Expected(Expect.ERROR), Observed(OutcomeKind.SUCCESS))) == (
        "error any client error code")
    undetermined = _example(Expected(Expect.UNDETERMINED, reason="needs a quota"), Observed(OutcomeKind.ERROR))
    assert expected_text(undetermined) == "undetermined: needs a quota"
    assert finding_text(_example(Expected(Expect.SUCCESS), Observed(OutcomeKind.SUCCESS),
                                 problems=("a", "b"))) == "a; b"


def test_verdict_counts(results: Results) -> None:
    rule = results.rule("R-COUNT-3")
    text = verdict_counts(rule)
    assert text == ", ".join(f"{n} {v.value}" for v, n in rule.verdicts.items()) and text != "none"
    assert verdict_counts(dataclasses.replace(rule, verdicts={})) == "none"


def test_a_report_says_which_share_of_the_tests_it_holds() -> None:
    from reports.results import RunMeta
    from reports.view import shard_text

    assert shard_text(RunMeta("moto", shard="2/3")).startswith("shard 2/3") and "merge" in shard_text(
        RunMeta("moto", shard="2/3"))
    assert shard_text(RunMeta("moto", merged=("1/2", "2/2"))) == "merged from shards 1/2, 2/2"
    assert shard_text(RunMeta("moto")) == "the whole run"
