"""reports.triage, what to fix first: triage order, grouping by observed answer, FIXED exactly as the ratchet said,
partial runs; and one set of numbers in every output of one real run, and in the README."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

from conformance.example import ExampleResult, Expected, Observed
from conformance.findings import (
    BaselineStatus,
    Divergence,
    ExampleVerdict,
    Expect,
    Finding,
    RuleStatus,
    Severity,
    Signature,
)
from conformance.outcome import OutcomeKind
from conformance.rules import RULES
from reports.html import render_html
from reports.markdown import render_markdown
from reports.results import Results
from reports.triage import Tier, message_shape, problems
from reports.view import console_lines
from strategies.mutations import MUTATIONS
from tests.support import REPO
from tests.support import reports as support

INVALID = Expected(Expect.ERROR, ("InvalidParameterValue",), (400,))


def _crash(rule_id: str, message: str, node: str) -> ExampleResult:
    return ExampleResult(findings=(Finding(rule_id, ExampleVerdict.CRASH, Divergence.CRASH, observed="HTTP 500"),),
                         params=support.BASE, expected=INVALID, observed=Observed(OutcomeKind.CRASH, message=message,
                                                                                   status=500), node_id=node)


def _wrong_code(rule_id: str, node: str) -> ExampleResult:
    return ExampleResult(findings=(Finding(rule_id, ExampleVerdict.DIVERGES, Divergence.WRONG_CODE,
                                           observed="MissingParameter"),),
                         params=support.BASE, expected=INVALID,
                         observed=Observed(OutcomeKind.ERROR, "MissingParameter", "The request must contain size", 400),
                         node_id=node)


def _accepted(rule_id: str, node: str) -> ExampleResult:
    return ExampleResult(findings=(Finding(rule_id, ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID),),
                         params=support.BASE, expected=INVALID, observed=support.LAUNCHED, node_id=node)


def _run(statuses: dict[Signature, BaselineStatus] | None = None) -> Results:
    records = [
        # the same HTTP 500 under three rules, ids and values differing: one problem
        _crash("R-COUNT-2", "Internal error for subnet-0a1b2c3d4e5f60718 ('1.5')", "t::c1"),
        _crash("R-COUNT-3", "Internal error for subnet-0fffffffffffffff0 ('two')", "t::c2"),
        _crash("R-TAG-6", "Internal error for subnet-0a1b2c3d4e5f60718 ('x')", "t::c3"),
        _wrong_code("R-TAG-7", "t::w1"),
        _accepted("R-UD-2", "t::a1"),
        _accepted("R-PROTO-3", "t::a2"),
    ]
    return support.build(records, statuses=statuses)


def _statuses(results: Results, new: set[str]) -> dict[Signature, BaselineStatus]:
    return {s.signature: BaselineStatus.NEW if s.signature.rule_id in new else BaselineStatus.KNOWN
            for s in results.signatures}


def test_message_shape_hides_ids_values_and_numbers() -> None:
    assert message_shape("no subnet 'subnet-0a1b2c3d4e5f60718' at 10.0.0.4") == "no subnet <value> at <n>.<n>"
    assert message_shape("bad sg-0123456789abcdef0 x") == "bad <id> x"


def test_identical_crashes_are_one_problem_with_their_rules_and_examples() -> None:
    found = problems(_run())
    crash = [p for p in found if p.is_crash]
    assert len(crash) == 1
    assert crash[0].rules == ("R-COUNT-2", "R-COUNT-3", "R-TAG-6")
    assert crash[0].examples == 3 and len(crash[0].signatures) == 3
    assert len(found) == 4  # the crash, the wrong code, two accepted invalid requests (one per rule)


def test_triage_order_new_then_crashes_then_accepted_then_wrong_codes() -> None:
    results = _run()
    known = problems(dataclasses.replace(results, signatures=tuple(
        dataclasses.replace(s, status=BaselineStatus.KNOWN) for s in results.signatures)))
    assert [p.tier for p in known] == [Tier.CRASH, Tier.ACCEPTED_INVALID, Tier.ACCEPTED_INVALID, Tier.WRONG_CODE]
    with_new = problems(support.build([_crash("R-COUNT-2", "boom", "t::c"), _wrong_code("R-TAG-7", "t::w")],
                                      statuses=None))
    assert all(p.is_new for p in with_new)
    mixed = _run()
    mixed = support.build([_crash("R-COUNT-2", "boom", "t::c"), _wrong_code("R-TAG-7", "t::w")],
                          statuses=_statuses(mixed, {"R-TAG-7"}))
    assert [p.tier for p in problems(mixed)] == [Tier.NEW, Tier.CRASH]  # a new wrong code before a known crash


def _side_effect(rule_id: str, node: str) -> ExampleResult:
    """A refusal (the code the rule wants) that launched an instance all the same."""
    return ExampleResult(findings=(Finding(rule_id, ExampleVerdict.DIVERGES, Divergence.SIDE_EFFECT,
                                           observed="instance"),),
                         params=support.BASE, expected=INVALID,
                         observed=Observed(OutcomeKind.ERROR, "InvalidParameterValue", "bad tags", 400), node_id=node)


def test_a_side_effect_is_its_own_problem_per_rule_beside_accepted_invalid_requests() -> None:
    """Not grouped with the refusal's code (a wrong code showing the same answer is another problem)."""
    records = [_side_effect("R-TAG-7", "t::s1"), _side_effect("R-TAG-9", "t::s2"), _side_effect("R-TAG-9", "t::s3"),
               _wrong_code("R-TAG-7", "t::w1")]
    results = support.build(records)
    found = problems(support.build(records, statuses=_statuses(results, set())))
    assert [(p.answer, p.tier, p.examples) for p in found] == [
        ("side effect: instance (R-TAG-9)", Tier.ACCEPTED_INVALID, 2),
        ("side effect: instance (R-TAG-7)", Tier.ACCEPTED_INVALID, 1),
        ("error MissingParameter HTTP 400: The request must contain size", Tier.WRONG_CODE, 1)]
    assert found[0].severity is Severity.SEVERE


def test_a_known_crash_is_shown_as_a_crash_first() -> None:
    results = _run()
    results = _run(_statuses(results, set()))
    assert results.rule("R-COUNT-2").status is RuleStatus.CRASH
    assert results.score().crashes == 3
    markdown = render_markdown(results)
    first = markdown.split("## What to fix first", 1)[1].split("\n| 1 |", 1)[1].splitlines()[0]
    assert "💥 crash HTTP 500: Internal error for <id> (<value>)" in first and "known" in first
    html = render_html(results)
    assert html.index("💥 crash HTTP 500") < html.index("accepted invalid request (R-PROTO-3)")


def test_fixed_is_shown_exactly_for_the_ratchets_fixed_signatures() -> None:
    fixed = Signature("R-COUNT-4", Divergence.POSTCONDITION, "KeyName")
    results = _run({**_statuses(_run(), set()), fixed: BaselineStatus.FIXED})
    for text in (render_markdown(results), render_html(results)):
        assert text.count("FIXED <code>") + text.count("FIXED `") == 1
        assert str(fixed) in text
    assert results.rule("R-COUNT-4").status is RuleStatus.FIXED
    assert results.score().fixed_signatures == 1


def test_a_partial_run_says_so_at_the_top_and_in_the_json() -> None:
    stopped = "target moto-server stopped answering: reset failed"
    results = support.build(meta=dataclasses.replace(support.META, stopped=stopped))
    doc = results.to_json()
    assert doc["run"]["complete"] is False and doc["run"]["stopped"] == stopped
    assert doc["summary"]["complete"] is False
    markdown = render_markdown(results)
    assert markdown.splitlines()[2].startswith("> **⚠️ PARTIAL RUN") and stopped in markdown.splitlines()[2]
    assert "42.9% (partial)" in markdown
    html = render_html(results)
    assert html.index('id="partial"') < html.index('id="verdict"') < html.index('id="triage"')
    assert console_lines(results)[0].startswith("PARTIAL RUN")
    assert Results.from_json(json.loads(json.dumps(doc))) == results
    complete = support.build()
    assert "PARTIAL" not in render_markdown(complete) and complete.to_json()["run"]["complete"] is True


def test_one_run_every_output_says_the_same_numbers(tmp_path: Path) -> None:
    """A real (small) conformance run against moto: console, results.json, report.md and report.html agree."""
    report = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "conformance", "-q", "-n", "0",
         "-k", "test_mutation_is_refused and (tag or count)", f"--conformance-report={report}",
         f"--baseline={tmp_path / 'none.json'}", "--update-baseline"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    doc = json.loads((report / "results.json").read_text(encoding="utf-8"))
    results = Results.from_json(doc)
    sentence = results.score().text()
    summary = doc["summary"]
    console = [line for line in done.stdout.splitlines() if line.startswith("ec2-conformance: moto")]
    assert len(console) == 1 and console[0].endswith(sentence), (console, sentence)
    assert sentence in (report / "report.md").read_text(encoding="utf-8")
    html = (report / "report.html").read_text(encoding="utf-8")
    assert sentence in html
    numbers = dict(re.findall(r'id="n-(\w+)"><div class="big">(\d+)</div>', html))
    flat = {k: v for k, v in summary.items() if isinstance(v, int) and not isinstance(v, bool)}
    flat |= summary["signatures"]
    assert numbers == {k: str(v) for k, v in flat.items()}
    assert summary["exercised"] == summary["conforming"] + summary["diverging"]
    assert summary["examples"] == doc["run"]["examples"] > 0


def test_the_readme_says_the_published_reports_numbers() -> None:
    """README and reports/moto-report.md (`make report`) say the same numbers, as Score defines them."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    report = (REPO / "reports" / "moto-report.md").read_text(encoding="utf-8")
    said = re.search(r"A `ci` run on moto exercises (\d+) of the (\d+) decidable rules", readme)
    published = re.search(r"(\d+) rules catalogued, (\d+) decidable, (\d+) exercised", report)
    assert said and published, "README or reports/moto-report.md lost its numbers sentence"
    assert (said[1], said[2]) == (published[3], published[2])


def test_the_readme_says_the_catalogues_numbers() -> None:
    """The README's rule and mutation counts are those of the Rule objects and the mutation registry."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rules = re.search(r"(\d+) catalogued rules, listed in .*?: (\d+) decidable ones encoded.*?the other (\d+) listed",
                      readme, re.S)
    tests = re.search(r"`test_mutation_is_refused\[[\w-]+\]`, (\d+) of them, and\s+(\d+) wire-level ones", readme)
    assert rules and tests, "README lost its catalogue sentence"
    decidable = sum(1 for rule in RULES.values() if rule.decidable)
    assert tuple(map(int, rules.groups())) == (len(RULES), decidable, len(RULES) - decidable)
    wire = sum(1 for m in MUTATIONS if m.wire)
    assert tuple(map(int, tests.groups())) == (len(MUTATIONS) - wire, wire)
