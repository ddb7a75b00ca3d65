"""Render one run's Results as ONE self-contained HTML page (inline CSS, SVG and a few lines of script).

The first screen answers "what should I fix first" (reports.triage); the rule matrix, coverage and each
problem's example and reproducers sit in plain `<details>`. A filter by status and family is a few lines of
inline script (`#status=crash&family=counts` in the URL sets it); with scripts off the page reads the same,
without the filter.
"""

from __future__ import annotations

from html import escape

from conformance.findings import BaselineStatus, stamp_text
from reports.markdown import FIRST_SCREEN, compact_request, detailed
from reports.page import code_block, grouped_table, legend, page, table
from reports.redact import Redactor
from reports.reproducers import reproducers
from reports.results import Results, RuleResult
from reports.score import NUMBERS
from reports.svg import family_chart
from reports.triage import Problem, fixed, problems
from reports.view import (
    NOT_ALONE_ADVICE,
    OBSERVED_INTRO,
    OBSERVED_TITLE,
    changed,
    columns,
    coverage_rows,
    css_class,
    drift_text,
    expected_text,
    family_rows,
    finding_text,
    headline,
    mutation_text,
    not_shown_alone,
    number,
    observed_matches,
    observed_text,
    partial_text,
    plural,
    problem_status_text,
    shard_text,
    upgrade_mark,
    verdict_text,
    wire_edit_lines,
)

FILTER_SCRIPT = """
(function () {
  var form = document.getElementById("filters"); form.hidden = false;
  function apply() {
    var status = form.status.value, family = form.family.value;
    function inFamily(node) { return !family || node.dataset.family.split("|").indexOf(family) >= 0; }
    document.querySelectorAll("tbody[data-family]").forEach(function (body) { body.hidden = !inFamily(body); });
    document.querySelectorAll("[data-status]").forEach(function (row) {
      var ok = (!status || row.dataset.status.split(" ").indexOf(status) >= 0) &&
               inFamily(row.closest("[data-family]"));
      row.hidden = !ok;
    });
    history.replaceState(null, "", "#status=" + encodeURIComponent(status) + "&family=" + encodeURIComponent(family));
  }
  var wanted = new URLSearchParams(location.hash.slice(1));
  if (wanted.has("status")) form.status.value = wanted.get("status");
  if (wanted.has("family")) form.family.value = wanted.get("family");
  form.addEventListener("change", apply); apply();
})();
"""


def render_html(results: Results) -> str:
    body = [_header(results), _filters(results), _triage(results), _fixed(results), _changed(results),
            _not_alone(results), _chart(results),
            _problems(results), _observed(results), _matrix(results), _coverage(results),
            f"<script>{FILTER_SCRIPT}</script>"]
    return Redactor().text(page(f"RunInstances conformance: {results.meta.label}", body))


def _header(results: Results) -> str:
    meta = results.meta
    score = results.score()
    cards = [f'<div class="card"><div class="big">{escape(score.percent_text)}</div>'
             '<div class="label">score (conforming / exercised)</div></div>']
    for key, label, meaning in NUMBERS:
        value = number(score, key)
        bad = key in ("new", "fixed", "changed", "crashes") and value
        cards.append(f'<div class="card{" bad" if bad else ""}" title="{escape(meaning)}" id="n-{key}">'
                     f'<div class="big">{value}</div><div class="label">{escape(label)}</div></div>')
    versions = ", ".join(f"{name} {version}" for name, version in meta.versions.items()) or "-"
    facts = [("Target", meta.label), ("Endpoint", meta.endpoint_url or "-"), ("Region", meta.region or "-"),
             ("Profile / seed", f"{meta.profile or '-'} / {meta.seed or '-'}"), ("Tests", shard_text(meta)),
             ("Started / finished", f"{meta.started or '-'} / {meta.finished or '-'}"),
             ("Duration", f"{meta.duration_s:.1f} s"), ("Versions", versions),
             ("Measured with", stamp_text(meta.recorded_with)),
             ("Baseline recorded with", stamp_text(meta.baseline_recorded_with))]
    facts += [(label, meaning) for _, label, meaning in NUMBERS]
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in facts)
    banner = partial_text(results)
    verdict_css = "bad" if score.fails else "good"
    return (f"<h1>RunInstances conformance: {escape(meta.label)}</h1>"
            + (f'<p class="banner partial" id="drift">{escape(drift_text(results))}.</p>' if drift_text(results)
               else "")
            + (f'<p class="banner partial" id="partial">⚠️ {escape(banner)}.</p>' if banner else "")
            + f'<p class="banner {verdict_css}" id="verdict">{escape(verdict_text(results))}.</p>'
            f'<p class="sub" id="headline">{escape(headline(results))}.</p>'
            f'<div class="cards">{"".join(cards)}</div>'
            f'<details><summary>Run details and what each number means</summary><table class="meta">{rows}'
            "</table></details>")


def _filters(results: Results) -> str:
    statuses = sorted({r.status.value for r in results.rules} | {"new", "known", "changed", "crash"})
    families = sorted(results.families())
    status_options = "".join(f'<option value="{escape(s)}">{escape(s)}</option>' for s in statuses)
    family_options = "".join(f'<option value="{escape(f)}">{escape(f)}</option>' for f in families)
    return ('<form id="filters" class="panel filters" hidden>Filter the problems and the matrix: '
            f'<label>status <select name="status"><option value="">any</option>{status_options}</select></label> '
            f'<label>family <select name="family"><option value="">any</option>{family_options}</select></label>'
            "</form>")


def _problem_families(results: Results, problem: Problem) -> str:
    families = set()
    for rule_id in problem.rules:
        try:
            families.add(results.rule(rule_id).family)
        except KeyError:
            families.add("unregistered")
    return "|".join(sorted(families))


def _problem_statuses(problem: Problem) -> str:
    return " ".join([problem.status.value] + (["crash"] if problem.is_crash else []))


def _triage(results: Results) -> str:
    found = problems(results)
    head = ["<th>#</th>", "<th>Status</th>", "<th>Problem</th>", "<th>Severity</th>", "<th>Rules</th>",
            '<th class="num">Examples</th>']
    rows = [_triage_row(results, index, problem) for index, problem in enumerate(found, 1)]
    intro = ('<p class="sub">New divergence signatures first, then crashes (baselined or not), accepted '
             "invalid requests, wrong codes, the rest; by severity. One problem is one observed answer.</p>")
    parts = [f'<h2 id="triage">What to fix first ({plural(len(found), "problem")})</h2>', intro]
    if not found:
        return "".join([*parts, "<p>None: every exercised rule conforms.</p>"])
    parts.append(table(head, rows[:FIRST_SCREEN], table_id="problems", numeric=(1, 6)))
    if len(rows) > FIRST_SCREEN:
        parts.append(f"<details><summary>{len(rows) - FIRST_SCREEN} more problems (each with its signatures and "
                     "smallest request)</summary>"
                     + table(head, rows[FIRST_SCREEN:], table_id="more-problems", numeric=(1, 6)) + "</details>")
    return "".join(parts)


def _triage_row(results: Results, index: int, problem: Problem) -> str:
    status_text = problem_status_text(results, problem.status)
    known = problem.status is BaselineStatus.KNOWN
    status = status_text if known else f'<span class="chip st-diverges">{escape(status_text)}</span>'
    rules = ", ".join(problem.rules[:6]) + (f" +{len(problem.rules) - 6}" if len(problem.rules) > 6 else "")
    answer = ("💥 " if problem.is_crash else "") + escape(problem.answer)
    if detailed(index, problem):
        name = f'<a href="#{problem.anchor}">{answer}</a>'
    else:
        signatures = "<br>".join(f"<code>{escape(str(s.signature))}</code>" for s in problem.signatures)
        example = problem.example.counterexample
        code = "" if example is None else f"<pre><code>{escape(compact_request(example), quote=False)}</code></pre>"
        name = f"<details><summary>{answer}</summary>{signatures}{code}</details>"
    return (f'<tr data-status="{escape(_problem_statuses(problem))}" '
            f'data-family="{escape(_problem_families(results, problem))}"><td>{index}</td>'
            f"<td>{status}</td><td>{name}</td><td>{problem.severity.value}</td><td>{escape(rules)}</td>"
            f"<td>{problem.examples}</td></tr>")


def _fixed(results: Results) -> str:
    found = fixed(results)
    if not found:
        return ""
    items = "".join(f"<li>FIXED <code>{escape(str(s.signature))}</code>{escape(upgrade_mark(results, s))}</li>"
                    for s in found)
    return (f'<h2 id="fixed">FIXED ({len(found)}): remove from the baseline (--update-baseline)</h2>'
            f"<ul>{items}</ul>")


def _changed(results: Results) -> str:
    found = changed(results)
    if not found:
        return ""
    items = "".join(f"<li>CHANGED <code>{escape(str(s.signature))}</code> -&gt; now <code>{escape(str(s.now))}"
                    f"</code>{escape(upgrade_mark(results, s))}</li>" for s in found)
    return (f'<h2 id="changed">CHANGED ({len(found)}): the same divergence with another code or crash class; '
            f"update the baseline (--update-baseline)</h2><ul>{items}</ul>")


def _not_alone(results: Results) -> str:
    found = not_shown_alone(results)
    if not found:
        return ""
    items = "".join(f"<li><code>{escape(str(s.signature))}</code></li>" for s in found)
    return (f'<h2 id="not-alone">NOT SHOWN ALONE ({len(found)}): possible false alarms</h2>'
            f"<p>{escape(NOT_ALONE_ADVICE[0].upper() + NOT_ALONE_ADVICE[1:])}.</p><ul>{items}</ul>")


def _observed(results: Results) -> str:
    found = observed_matches(results)
    if not found:
        return ""
    head = [f"<th>{h}</th>" for h in ("Rule", "Code", "Observed", "Source", "Examples")]
    rows = [f"<tr><td>{escape(m.rule_id)}</td><td><code>{escape(m.evidence.code)}</code></td>"
            f"<td>{escape(m.when)}</td><td>{escape(m.evidence.source)}</td><td>{m.examples}</td></tr>"
            for m in found]
    return (f'<h2 id="observed">{escape(OBSERVED_TITLE)}</h2><p>{escape(OBSERVED_INTRO)}</p>'
            + table(head, rows, table_id="observed-codes"))


def _chart(results: Results) -> str:
    return ('<h2 id="by-family">Conformance by family</h2>'
            f'<div class="panel">{legend(columns([results]))}{family_chart(family_rows(results))}</div>')


def _problems(results: Results) -> str:
    found = problems(results)
    if not found:
        return ""
    return ('<h2 id="details">Problems in detail</h2>'
            + "".join(_problem(results, index, problem) for index, problem in enumerate(found, 1)
                      if detailed(index, problem)))


def _problem(results: Results, index: int, problem: Problem) -> str:
    status = "NEW" if problem.is_new else "known (in the baseline)"
    signatures = "".join(
        f"<li>{'<strong>NEW</strong> ' if s.status is BaselineStatus.NEW else ''}"
        f"<code>{escape(str(s.signature))}</code> "
        f"({s.examples})</li>" for s in problem.signatures)
    parts = [f'<section class="divergence" id="{problem.anchor}" data-status="{escape(_problem_statuses(problem))}"'
             f' data-family="{escape(_problem_families(results, problem))}">',
             f"<h3>{index}. {escape(problem.answer)}</h3>",
             f"<p><strong>{status}</strong> · {problem.severity.value} · {plural(len(problem.rules), 'rule')} · "
             f"{plural(problem.examples, 'example')}</p><ul>{signatures}</ul>"]
    example = problem.example.counterexample
    if example is None:
        return "".join([*parts, "<p>No counterexample was kept.</p></section>"])
    parts.append("<details><summary>Smallest example and reproducers</summary>")
    parts.append(f"<p>Signature <code>{escape(str(problem.example.signature))}</code><br>"
                 f"Mutation: {escape(mutation_text(example))}<br>Finding: {escape(finding_text(example))}<br>"
                 f"Expected: {escape(expected_text(example))} · Observed: {escape(observed_text(example))}"
                 + (f" · Message: {escape(example.observed.message)}" if example.observed.message else "")
                 + "</p>")
    rule = _rule(results, problem.example.signature.rule_id)
    if rule is not None:
        parts += [f"<blockquote>{escape(source)} “{escape(quote)}”</blockquote>" for source, quote in rule.citations]
    if example.wire_edits:
        parts.append("<p>Wire edits (applied to the Query form): "
                     + ", ".join(f"<code>{escape(e)}</code>" for e in wire_edit_lines(example)) + "</p>")
    if example.node_id:
        parts.append(f"<p>Test: <code>{escape(example.node_id)}</code></p>")
    for reproducer in reproducers(example, results.meta):
        parts += [f"<h4>Reproduce ({escape(reproducer.title)})</h4>", code_block(reproducer.code, reproducer.language)]
    parts.append("</details></section>")
    return "".join(parts)


def _rule(results: Results, rule_id: str) -> RuleResult | None:
    try:
        return results.rule(rule_id)
    except KeyError:
        return None


def _matrix(results: Results) -> str:
    head = ["<th>Rule</th>", "<th>Summary</th>", "<th>Status</th>", '<th class="num">Examples</th>']
    groups = []
    for row in family_rows(results):
        title = (f'<tr class="family"><th colspan="4">{escape(row.family)} '
                 f"· {escape(row.score.percent_text)} · {plural(len(row.rules), 'rule')}</th></tr>")
        groups.append((row.family, [title, *(_matrix_row(rule) for rule in row.rules)]))
    return ('<h2 id="matrix">Rule matrix</h2><details><summary>Every rule with its status, by family</summary>'
            + legend(columns([results]))
            + grouped_table(head, groups, table_id="rule-matrix", numeric=(4,), code_first=True) + "</details>")


def _matrix_row(rule: RuleResult) -> str:
    return (f'<tr data-status="{escape(rule.status.value)}">'
            f"<td>{escape(rule.id)}</td><td>{escape(rule.summary)}</td>"
            f'<td class="st {css_class(rule.status)}">{escape(rule.status.value)}</td>'
            f"<td>{rule.examples}</td></tr>")


def _coverage(results: Results) -> str:
    rows_data = coverage_rows(results)
    rows = []
    for row in rows_data:
        nested = f"{row.leaves_used}/{row.leaves_total}" if row.leaves_total else "-"
        rows.append(f"<tr><td>{escape(row.member)}</td><td>{row.examples}</td><td>{nested}</td></tr>")
    leaf_rows = [f"<tr><td>{escape(path)}</td><td>{n}</td></tr>" for row in rows_data for path, n in row.nested]
    used = sum(1 for r in rows_data if r.examples)
    head = ["<th>Member</th>", '<th class="num">Examples</th>', '<th class="num">Nested leaves used</th>']
    return (f'<h2 id="coverage">Member coverage ({used} of {len(rows_data)} top-level members used)</h2>'
            '<details><summary>Examples per top-level member</summary><div id="coverage-table">'
            + table(head, rows, numeric=(2, 3), code_first=True) + "</div></details>"
            + "<details><summary>Nested leaf counts</summary>"
            + table(["<th>Leaf path</th>", '<th class="num">Examples</th>'], leaf_rows, numeric=(2,), code_first=True)
            + "</details>")
