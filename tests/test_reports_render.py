"""Markdown and HTML reports: score, matrix, coverage, divergences with citations and working reproducers."""

from __future__ import annotations

import json
import re
import shlex
from html.parser import HTMLParser

import pytest

from reports.html import render_html
from reports.markdown import render_markdown
from reports.page import NUMERIC_COLUMNS, table
from reports.reproducers import boto3_snippet, cli_command, query_snippet, reproducers
from reports.results import Results, RunMeta
from reports.triage import problems
from strategies.model import top_level_members
from tests.support import reports as support


@pytest.fixture(scope="module")
def results() -> Results:
    return support.build()


@pytest.fixture(scope="module")
def markdown(results: Results) -> str:
    return render_markdown(results)


@pytest.fixture(scope="module")
def html(results: Results) -> str:
    return render_html(results)


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


def test_boto3_reproducers_are_valid_python(results: Results) -> None:
    for rule in results.divergences():
        assert rule.counterexample is not None
        for reproducer in reproducers(rule.counterexample, results.meta):
            if reproducer.language == "python":
                compile(reproducer.code, rule.id, "exec")
    example = results.rule("R-COUNT-3").counterexample
    assert example is not None
    snippet = boto3_snippet(example, results.meta)
    assert 'boto3.client(\n    "ec2", endpoint_url=ENDPOINT_URL' in snippet
    assert "client.run_instances(**{'ImageId': 'ami-12345678', 'InstanceType': 't2.micro', " in snippet


def test_wire_edited_cases_get_a_signed_query_snippet(results: Results) -> None:
    example = results.rule("R-COUNT-10").counterexample
    assert example is not None
    snippet = query_snippet(example, results.meta)
    compile(snippet, "query", "exec")
    assert "wire_edits = [('MaxCount', 'one'), ('MinCount', None)]" in snippet
    assert "SigV4Auth(" in snippet
    assert cli_command(example, results.meta) is None


def test_cli_command_is_well_formed(results: Results) -> None:
    example = results.rule("R-TAG-6").counterexample
    assert example is not None
    command = cli_command(example, results.meta)
    assert command is not None
    words = shlex.split(command.splitlines()[-1])
    assert words[2:5] == ["aws", "ec2", "run-instances"]
    payload = json.loads(words[words.index("--cli-input-json") + 1])
    assert payload["TagSpecifications"][0]["Tags"][0]["Key"] == "aws:owner"
    assert payload["UserData"] == "<withheld UserData>"
    assert words[words.index("--endpoint-url") + 1] == "http://127.0.0.1:5000"


def test_real_aws_reproducers_carry_no_keys_and_no_endpoint(results: Results) -> None:
    meta = RunMeta(target_name="aws", region="eu-west-1")
    example = results.rule("R-COUNT-3").counterexample
    assert example is not None
    snippet = boto3_snippet(example, meta)
    command = cli_command(example, meta)
    assert command is not None
    assert "aws_access_key_id" not in snippet and "ENDPOINT_URL = None" in snippet
    assert "--endpoint-url" not in command and "AWS_ACCESS_KEY_ID" not in command
    assert shlex.split(command)[-2:] == ["--region", "eu-west-1"]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained(html: str) -> None:
    parser = _Collector()
    parser.feed(html)
    names = [tag for tag, _ in parser.tags]
    assert names.count("script") == 1 and "link" not in names and "img" not in names  # the inline filter
    assert all(not (attrs.get("src") or "") for _, attrs in parser.tags)
    links = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a"]
    external = [link for link in links if not link.startswith("#")]
    assert external == [r for r in external if r and r.startswith("https://docs.example.invalid/")]
    assert "<svg" in html and 'id="family-chart"' in html
    assert "@import" not in html and "url(" not in html


def test_html_matrix_and_legend(results: Results, html: str) -> None:
    matrix = html.split('id="rule-matrix"', 1)[1].split("</table>", 1)[0]
    for rule in results.rules:
        family = matrix.split(f'<tbody data-family="{rule.family}">', 1)[1].split("</tbody>", 1)[0]
        assert f'<tr data-status="{rule.status.value}"><td>{rule.id}</td>' in family
    assert matrix.count("<tr data-status=") == len(results.rules)
    assert 'class="legend"' in html
    for status in ("conforms", "diverges", "target crash", "undetermined", "not exercised"):
        assert f"<strong>{status}</strong>" in html
    assert '<div class="big">42.9%</div>' in html
    assert html.index('id="triage"') < html.index('id="matrix"') < html.index('id="coverage"')


def test_html_coverage_lists_the_44_members(results: Results, html: str) -> None:
    coverage = html.split('id="coverage-table"', 1)[1].split("</div><details>", 1)[0]
    for member in top_level_members():
        count = results.coverage.members[member]
        assert f"<tr><td>{member}</td><td>{count}</td>" in coverage


def test_numeric_columns_are_said_once_per_table_and_each_has_a_css_rule(html: str) -> None:
    """Right alignment moved from a class per cell to the table's class: each named column has its CSS rule."""
    assert 'class="num-4 code-1"' in html.split('id="rule-matrix"', 1)[1][:40]
    assert '<td class="num">' not in html.split('id="matrix"', 1)[1]
    for column in NUMERIC_COLUMNS:
        assert f"table.num-{column} td:nth-child({column})" in html
    with pytest.raises(ValueError, match="num-5"):
        table(["<th>a</th>"], [], numeric=(5,))
