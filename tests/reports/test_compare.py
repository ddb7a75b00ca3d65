"""reports.compare: several runs side by side. Rows where the targets behave differently are marked, labelling
differences (a baseline's known or fixed) are told apart from behaviour, labels are unique, partial inputs say
so, and a rule one run does not list is a dash."""

from __future__ import annotations

import dataclasses

import pytest

from conformance.findings import RuleStatus
from reports.compare import CompareRow, behaviour, compare_rows, labels, render_compare_html, render_compare_markdown
from reports.results import Results
from reports.view import SYMBOL
from tests.support import reports as support


def test_compare_marks_rows_where_targets_disagree() -> None:
    runs = [support.build(), support.other_target()]
    rows = {row.rule_id: row for row in compare_rows(runs)}
    assert rows["R-COUNT-3"].disagree
    assert rows["R-COUNT-3"].statuses == (RuleStatus.DIVERGES, RuleStatus.CONFORMS)
    assert not rows["R-UD-2"].disagree  # crash on one, not exercised on the other: nothing to compare
    assert not rows["R-TAG-6"].disagree
    assert [r.rule_id for r in rows.values() if r.disagree] == ["R-COUNT-3"]
    markdown = render_compare_markdown(runs)
    assert "**1 rule(s) where the targets behave differently: R-COUNT-3.**" in markdown
    assert "| ⚡ | **R-COUNT-3** |" in markdown
    assert "| moto 5.2.5 | ministack 1.1 |" in markdown
    html = render_compare_html(runs)
    assert html.count('<tr class="disagree">') == 1
    assert '<tr class="disagree"><td><code>R-COUNT-3</code>' in html


def test_known_divergence_and_diverges_agree() -> None:
    moto = support.build()
    known = support.build(statuses=support.known("R-COUNT-3"))
    assert not any(row.disagree for row in compare_rows([moto, known]))


def test_labels_are_unique() -> None:
    run = support.build()
    assert labels([run, run]) == ["moto 5.2.5 (ci)", "moto 5.2.5 (ci) #2"]



def test_compare_marks_partial_inputs_and_tells_behaviour_from_labels() -> None:
    moto = support.build()
    baselined = support.build(statuses=support.known("R-COUNT-3"),
                              meta=dataclasses.replace(support.META, stopped="worker died"))
    rows = {row.rule_id: row for row in compare_rows([moto, baselined])}
    assert rows["R-COUNT-3"].relabelled and not rows["R-COUNT-3"].disagree
    assert not rows["R-UD-2"].relabelled  # a known crash and a crash: the same status, the same behaviour
    markdown = render_compare_markdown([moto, baselined])
    assert "PARTIAL input: moto 5.2.5 (ci) (PARTIAL) did not finish (worker died)" in markdown or \
        "did not finish (worker died)" in markdown
    assert "0 rule(s) where the targets behave differently" in markdown
    assert "| 🏷 | R-COUNT-3 |" in markdown
    assert '<tr class="relabelled"><td><code>R-COUNT-3</code>' in render_compare_html([moto, baselined])



@pytest.mark.parametrize(("status", "behaves"), [
    (RuleStatus.KNOWN_DIVERGENCE, RuleStatus.DIVERGES),
    (RuleStatus.FIXED, RuleStatus.CONFORMS),
    (RuleStatus.CRASH, RuleStatus.CRASH),
    (RuleStatus.DIVERGES, RuleStatus.DIVERGES),
    (RuleStatus.NOT_EXERCISED, RuleStatus.NOT_EXERCISED),
])
def test_behaviour_ignores_what_a_baseline_says(status: RuleStatus, behaves: RuleStatus) -> None:
    assert behaviour(status) is behaves


def _row(*statuses: RuleStatus | None) -> CompareRow:
    return CompareRow("R-X-1", "x", "summary", statuses)


def test_undecided_statuses_never_disagree_or_relabel() -> None:
    assert not _row(RuleStatus.CONFORMS, RuleStatus.UNDETERMINED, None).disagree
    assert not _row(RuleStatus.CONFORMS, RuleStatus.NOT_EXERCISED).disagree
    assert not _row(RuleStatus.FIXED, None).relabelled  # one decided run: nothing to compare
    assert _row(RuleStatus.FIXED, RuleStatus.CONFORMS).relabelled
    assert not _row(RuleStatus.FIXED, RuleStatus.CONFORMS).disagree
    assert _row(RuleStatus.CONFORMS, RuleStatus.CRASH).disagree
    assert not _row(RuleStatus.CONFORMS, RuleStatus.CRASH).relabelled  # a disagreement is not a relabelling


def test_labels_use_the_profile_then_a_number_and_mark_partial_runs() -> None:
    run = support.build()
    no_profile = support.build(meta=dataclasses.replace(support.META, profile=""))
    partial = support.build(meta=dataclasses.replace(support.META, stopped="target died"))
    assert labels([run]) == ["moto 5.2.5"]
    assert labels([no_profile, no_profile, no_profile]) == ["moto 5.2.5 (1)", "moto 5.2.5 (2)", "moto 5.2.5 (3)"]
    assert labels([run, partial]) == ["moto 5.2.5 (ci)", "moto 5.2.5 (ci) #2 (PARTIAL)"]


def _without(run: Results, rule_id: str) -> Results:
    return dataclasses.replace(run, rules=tuple(r for r in run.rules if r.id != rule_id))


def test_rows_cover_every_rule_of_any_run_ordered_by_family_then_id() -> None:
    full = support.build()
    missing = _without(support.other_target(), "R-COUNT-10")
    rows = compare_rows([missing, full])
    ids = [row.rule_id for row in rows]
    assert sorted(ids) == sorted(rule.id for rule in full.rules) and len(set(ids)) == len(ids)
    keys = [(row.family, row.rule_id) for row in rows]
    assert [family for family, _ in keys] == sorted(family for family, _ in keys)
    row = next(row for row in rows if row.rule_id == "R-COUNT-10")
    assert row.statuses == (None, full.rule("R-COUNT-10").status)
    assert not row.disagree
    markdown = render_compare_markdown([missing, full])
    line = next(line for line in markdown.splitlines() if "| R-COUNT-10 |" in line)
    status = full.rule("R-COUNT-10").status
    assert line.endswith(f"| - | {SYMBOL[status]} {status.value} |"), line
    assert "<td>-</td>" in render_compare_html([missing, full])


def test_both_pages_give_each_run_its_score_row() -> None:
    runs = [support.build(), support.other_target()]
    markdown = render_compare_markdown(runs)
    html = render_compare_html(runs)
    assert markdown.startswith("# RunInstances conformance: 2 targets compared\n")
    for name, run in zip(labels(runs), runs, strict=True):
        score = run.score()
        assert f"| {name} | {score.percent_text} | {score.exercised}/{score.decidable} |" in markdown
        assert f"<tr><td>{name}</td><td class=\"num\">{score.percent_text}</td>" in html
    assert 'id="compare-matrix"' in html and 'id="legend"' in html and html.count('id="scores"') == 1


def test_the_comparison_pages_carry_no_credential() -> None:
    leaky = support.build(meta=dataclasses.replace(
        support.META, target_version=f"5.2.5 {support.FAKE_ACCESS_KEY_ID}", profile="ci"))
    for text in (render_compare_markdown([leaky, support.build()]), render_compare_html([leaky, support.build()])):
        assert support.FAKE_ACCESS_KEY_ID not in text and "[REDACTED]" in text
