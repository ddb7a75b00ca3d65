"""The Markdown report (reports.markdown): score, matrix, coverage, chart; and every problem shown with its
citation and reproducers, in Markdown and in HTML alike."""

from __future__ import annotations

import re

import pytest

from reports.html import render_html
from reports.markdown import render_markdown
from reports.reproducers import reproducers
from reports.results import Results
from reports.triage import problems
from strategies.model import top_level_members


def test_markdown_headline_score(results: Results, markdown: str) -> None:
    score = results.score()
    assert f"moto 5.2.5: {score.text()}." in markdown
    assert "score 42.9%; 10 rules catalogued, 9 decidable, 7 exercised: 3 conforming, 4 diverging" in markdown
    assert "moto 5.2.5" in markdown.splitlines()[0]


def test_markdown_matrix_has_a_row_per_rule_under_its_family(results: Results, markdown: str) -> None:
    matrix = markdown.split("## Rule matrix", 1)[1]
    assert matrix.lstrip().startswith("<details>")  # below the fold
    for family, rules in results.families().items():
        section = matrix.split(f"### {family} (", 1)[1].split("\n### ", 1)[0]
        for rule in rules:
            row = next(line for line in section.splitlines() if line.startswith(f"| {rule.id} |"))
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert cells[2].endswith(rule.status.value), (rule.id, row)
            assert cells[-1] == str(rule.examples)


def test_markdown_coverage_lists_the_44_members(results: Results, markdown: str) -> None:
    coverage = markdown.split("## Member coverage", 1)[1]
    for member in top_level_members():
        assert re.search(rf"^\| {member} \| {results.coverage.members[member]} \|", coverage, re.M), member
    assert "| TagSpecifications[].Tags[].Key | 1 |" in coverage
    assert "7 of 44 top-level members used" in markdown


def test_markdown_chart_has_a_bar_per_family(results: Results, markdown: str) -> None:
    chart = markdown.split("## Conformance by family", 1)[1].split("## ", 1)[0]
    assert re.search(r"^counts\s+█{10}░{10}\s+50\.0%", chart, re.M)
    bars = [line for line in chart.splitlines() if "%" in line or "n/a" in line]
    assert len(bars) == len(results.families())


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_every_problem_is_shown_with_citation_and_reproducers(results: Results, render: object) -> None:
    assert callable(render)
    text: str = render(results)
    found = problems(results)
    assert len(found) == 4
    for problem in found:
        example = problem.example.counterexample
        assert example is not None
        for _, quote in results.rule(problem.example.signature.rule_id).citations:
            assert quote in text
        assert f'id="{problem.anchor}"' in text
        for reproducer in reproducers(example, results.meta):
            expected = reproducer.code if render is render_markdown else _escaped(reproducer.code)
            assert expected.rstrip() in text, problem.rules
    assert "expected InvalidParameterValue, got [REDACTED]" in _unescape(text)


def _escaped(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


