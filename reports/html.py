"""Render one run's Results as ONE self-contained HTML page (inline CSS and SVG, no script, no asset)."""

from __future__ import annotations

from html import escape

from reports.markdown import anchor
from reports.page import chip, code_block, legend, page, table
from reports.redact import Redactor
from reports.reproducers import reproducers
from reports.results import Results, RuleResult
from reports.svg import family_chart
from reports.view import (
    columns,
    coverage_rows,
    css_class,
    expected_text,
    family_rows,
    finding_text,
    headline,
    mutation_text,
    observed_text,
    plural,
    request_json,
    verdict_counts,
    wire_edit_lines,
)


def render_html(results: Results) -> str:
    body = [_header(results), _chart(results), _matrix(results), _coverage(results), _divergences(results)]
    return Redactor().text(page(f"RunInstances conformance: {results.meta.label}", body))


def _card(value: str, label: str, card_id: str = "", css: str = "") -> str:
    attrs = (f' id="{card_id}"' if card_id else "") + f' class="card {css}"'.rstrip()
    return (f'<div{attrs}><div class="big">{escape(value)}</div>'
            f'<div class="label">{escape(label)}</div></div>')


def _grade(ratio: float | None) -> str:
    if ratio is None:
        return ""
    return "good" if ratio >= 0.9 else "fair" if ratio >= 0.6 else "bad"


def _header(results: Results) -> str:
    meta = results.meta
    score = results.score()
    cards = [
        _card(score.percent_text, f"conformance score ({score.conforming}/{score.decided} rules)", "score",
              _grade(score.ratio)),
        _card(str(score.divergences), "divergences" + (f" ({score.known} known)" if score.known else ""),
              css="bad" if score.divergences else "good"),
        _card(f"{score.exercised}/{score.total}", "rules exercised"),
        _card(str(meta.examples), "examples run"),
        _card(f"{meta.duration_s:.1f} s", "duration"),
    ]
    versions = ", ".join(f"{name} {version}" for name, version in meta.versions.items()) or "-"
    facts = [("Target", meta.label), ("Endpoint", meta.endpoint_url or "-"), ("Region", meta.region or "-"),
             ("Profile / seed", f"{meta.profile or '-'} / {meta.seed or '-'}"),
             ("Started / finished", f"{meta.started or '-'} / {meta.finished or '-'}"),
             ("Versions", versions)]
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in facts)
    return (f"<h1>RunInstances conformance: {escape(meta.label)}</h1>"
            f'<p class="sub" id="headline">{escape(headline(results))}.</p>'
            f'<div class="cards">{"".join(cards)}</div>'
            f'<details><summary>Run details</summary><table class="meta">{rows}</table></details>')


def _chart(results: Results) -> str:
    return ('<h2 id="by-family">Conformance by family</h2>'
            f'<div class="panel">{legend(columns([results]))}{family_chart(family_rows(results))}</div>'
            '<p class="sub">Score = conforming rules / exercised decidable rules with a verdict '
            "(undetermined excluded).</p>")


def _matrix(results: Results) -> str:
    statuses = columns([results])
    head = ["<th>Rule</th>", "<th>Summary</th>"]
    head += [f'<th class="mark">{escape(s.value)}</th>' for s in statuses] + ['<th class="num">Examples</th>']
    rows = []
    for row in family_rows(results):
        rows.append(f'<tr class="family"><th colspan="{len(statuses) + 3}">{escape(row.family)} '
                    f"· {escape(row.score.percent_text)} · {plural(len(row.rules), 'rule')}</th></tr>")
        rows += [_matrix_row(rule, statuses) for rule in row.rules]
    return ('<h2 id="matrix">Rule x status matrix</h2>' + legend(statuses)
            + table(head, rows, table_id="rule-matrix"))


def _matrix_row(rule: RuleResult, statuses: tuple[object, ...]) -> str:
    rule_id = escape(rule.id)
    if rule.status.is_divergence:
        rule_id = f'<a href="#{anchor(rule.id)}">{rule_id}</a>'
    marks = "".join(
        f'<td class="mark {css_class(rule.status)}">●</td>' if rule.status is s else '<td class="mark"></td>'
        for s in statuses)
    return (f'<tr data-status="{escape(rule.status.value)}"><td><code>{rule_id}</code></td>'
            f"<td>{escape(rule.summary)}</td>{marks}<td class=\"num\">{rule.examples}</td></tr>")


def _coverage(results: Results) -> str:
    rows_data = coverage_rows(results)
    most = max((r.examples for r in rows_data), default=0) or 1
    rows = []
    for row in rows_data:
        nested = f"{row.leaves_used}/{row.leaves_total}" if row.leaves_total else "-"
        bar = f'<div class="bar"><div style="width:{100 * row.examples / most:.1f}%"></div></div>'
        rows.append(f"<tr><td><code>{escape(row.member)}</code></td><td class=\"num\">{row.examples}</td>"
                    f"<td>{bar}</td><td class=\"num\">{nested}</td></tr>")
    half = (len(rows) + 1) // 2
    leaf_rows = [f'<tr><td><code>{escape(path)}</code></td><td class="num">{n}</td></tr>'
                 for row in rows_data for path, n in row.nested]
    used = sum(1 for r in rows_data if r.examples)
    head = ["<th>Member</th>", '<th class="num">Examples</th>', "<th></th>",
            '<th class="num">Nested leaves used</th>']
    return (f'<h2 id="coverage">Member coverage ({used} of {len(rows_data)} top-level members used)</h2>'
            '<div class="split" id="coverage-table">' + table(head, rows[:half]) + table(head, rows[half:])
            + "</div>"
            + "<details><summary>Nested leaf counts</summary>"
            + table(["<th>Leaf path</th>", '<th class="num">Examples</th>'], leaf_rows) + "</details>")


def _divergences(results: Results) -> str:
    divergences = results.divergences()
    parts = [f'<h2 id="divergences">Divergences ({len(divergences)})</h2>']
    if not divergences:
        parts.append("<p>None: every exercised rule conforms.</p>")
    parts += [_divergence(results, rule) for rule in divergences]
    return "".join(parts)


def _divergence(results: Results, rule: RuleResult) -> str:
    parts = [f'<section class="divergence" id="{anchor(rule.id)}">',
             f"<h3><code>{escape(rule.id)}</code> {escape(rule.summary)}</h3>",
             f"<p>{chip(rule.status)} family <code>{escape(rule.family)}</code> · examples: "
             f"{escape(verdict_counts(rule))}</p>"]
    parts += [f"<blockquote>{escape(source)} “{escape(quote)}”</blockquote>"
              for source, quote in rule.citations]
    if rule.doc_url:
        parts.append(f'<p>Documentation: <a href="{escape(rule.doc_url)}">{escape(rule.doc_url)}</a></p>')
    example = rule.counterexample
    if example is None:
        parts.append("<p>No counterexample was kept.</p></section>")
        return "".join(parts)
    parts += ["<h4>Minimal request</h4>", code_block(request_json(example), "json")]
    if example.wire_edits:
        edits = "".join(f"<li><code>{escape(e)}</code></li>" for e in wire_edit_lines(example))
        parts.append(f"<p>Wire edits (applied to the Query form):</p><ul>{edits}</ul>")
    parts.append(f"<p>Mutation: {escape(mutation_text(example))}<br>"
                 f"Finding: {escape(finding_text(example))}</p>")
    outcome_rows = [f"<tr><th>Outcome</th><td>{escape(expected_text(example))}</td>"
                    f"<td>{escape(observed_text(example))}</td></tr>",
                    f"<tr><th>Message</th><td></td><td>{escape(example.observed.message or '-')}</td></tr>"]
    parts.append(table(["<th></th>", "<th>Expected</th>", "<th>Observed</th>"], outcome_rows, css="outcome"))
    if example.node_id:
        parts.append(f"<p>Test: <code>{escape(example.node_id)}</code></p>")
    for reproducer in reproducers(example, results.meta):
        parts += [f"<h4>Reproduce ({escape(reproducer.title)})</h4>",
                  code_block(reproducer.code, reproducer.language)]
    parts.append("</section>")
    return "".join(parts)
