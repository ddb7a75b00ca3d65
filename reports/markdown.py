"""Render one run's Results as Markdown (readable on a code host)."""

from __future__ import annotations

from reports.redact import Redactor
from reports.reproducers import reproducers
from reports.results import Results, RuleResult
from reports.view import (
    MEANING,
    SYMBOL,
    columns,
    coverage_rows,
    expected_text,
    family_rows,
    finding_text,
    headline,
    mutation_text,
    observed_text,
    plural,
    request_json,
    text_bar,
    verdict_counts,
    wire_edit_lines,
)


def cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def fence(code: str, language: str = "") -> str:
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return f"{ticks}{language}\n{code.rstrip()}\n{ticks}"


def anchor(rule_id: str) -> str:
    return rule_id.lower()


def render_markdown(results: Results) -> str:
    sections = [_header(results), _legend(results), _chart(results), _matrix(results), _coverage(results),
                _divergences(results)]
    return Redactor().text("\n\n".join(sections) + "\n")


def _header(results: Results) -> str:
    meta = results.meta
    score = results.score()
    versions = ", ".join(f"{name} {version}" for name, version in meta.versions.items())
    lines = [
        f"# RunInstances conformance: {meta.label}",
        "",
        f"**{headline(results)}.**",
        "",
        "| | |",
        "|---|---|",
        f"| Conformance score | **{score.percent_text}** ({score.conforming}/{score.decided}) |",
        f"| Divergences | {score.divergences} |",
        f"| Rules exercised | {score.exercised} of {score.total} |",
        f"| Examples run | {meta.examples} |",
        f"| Profile / seed | {cell(meta.profile or '-')} / {cell(meta.seed or '-')} |",
        f"| Started / finished | {cell(meta.started or '-')} / {cell(meta.finished or '-')} |",
        f"| Duration | {meta.duration_s:.1f} s |",
        f"| Endpoint / region | {cell(meta.endpoint_url or '-')} / {cell(meta.region or '-')} |",
        f"| Versions | {cell(versions or '-')} |",
    ]
    return "\n".join(lines)


def _legend(results: Results) -> str:
    lines = ["Score = conforming rules / exercised decidable rules with a verdict (undetermined excluded).",
             "", "Legend:"]
    lines += [f"- {SYMBOL[s]} **{s.value}**: {MEANING[s]}" for s in columns([results])]
    return "\n".join(lines)


def _chart(results: Results) -> str:
    rows = family_rows(results)
    width = max((len(r.family) for r in rows), default=6)
    lines = ["## Conformance by family"]
    body = [f"{row.family.ljust(width)}  {text_bar(row.score.ratio)}  {row.score.percent_text:>6}  "
            f"({row.score.conforming}/{row.score.decided}, {row.score.divergences} diverging, "
            f"{row.score.total - row.score.exercised} not exercised)" for row in rows]
    return "\n".join(lines) + "\n\n" + fence("\n".join(body) or "(no rules)", "text")


def _matrix(results: Results) -> str:
    statuses = columns([results])
    out = ["## Rule x status matrix"]
    for row in family_rows(results):
        out.append(f"### {row.family} ({row.score.percent_text}, {plural(len(row.rules), 'rule')})")
        header = "| Rule | Summary | " + " | ".join(s.value for s in statuses) + " | Examples |"
        lines = [header, "|" + "---|" * (len(statuses) + 3)]
        for rule in row.rules:
            marks = " | ".join(SYMBOL[s] if rule.status is s else "" for s in statuses)
            rule_id = f"[{rule.id}](#{anchor(rule.id)})" if rule.status.is_divergence else rule.id
            lines.append(f"| {rule_id} | {cell(rule.summary)} | {marks} | {rule.examples} |")
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _coverage(results: Results) -> str:
    rows = coverage_rows(results)
    used = sum(1 for r in rows if r.examples)
    lines = [f"## Member coverage ({used} of {len(rows)} top-level members used)", "",
             "| Member | Examples | Nested leaves used |", "|---|---:|---|"]
    for row in rows:
        nested = f"{row.leaves_used}/{row.leaves_total}" if row.leaves_total else "-"
        lines.append(f"| {row.member} | {row.examples} | {nested} |")
    nested_lines = ["", "<details><summary>Nested leaf counts</summary>", "", "| Leaf path | Examples |",
                    "|---|---:|"]
    for row in rows:
        nested_lines += [f"| {path} | {n} |" for path, n in row.nested]
    nested_lines += ["", "</details>"]
    return "\n".join(lines + nested_lines)


def _divergences(results: Results) -> str:
    divergences = results.divergences()
    out = [f"## Divergences ({len(divergences)})"]
    if not divergences:
        out.append("None: every exercised rule conforms.")
    out += [_divergence(results, rule) for rule in divergences]
    return "\n\n".join(out)


def _divergence(results: Results, rule: RuleResult) -> str:
    lines = [f'<a id="{anchor(rule.id)}"></a>', f"### {rule.id}: {rule.summary}", "",
             f"Status: **{SYMBOL[rule.status]} {rule.status.value}** · family `{rule.family}` · "
             f"examples: {verdict_counts(rule)}", "", "Citation:"]
    lines += [f"> {cell(source)} \"{cell(quote)}\"" for source, quote in rule.citations] or ["> (none)"]
    if rule.doc_url:
        lines += ["", f"Documentation: <{rule.doc_url}>"]
    example = rule.counterexample
    if example is None:
        lines += ["", "No counterexample was kept."]
        return "\n".join(lines)
    lines += ["", "Minimal request:", "", fence(request_json(example), "json")]
    if example.wire_edits:
        lines += ["", "Wire edits (applied to the Query form):", ""]
        lines += [f"- `{edit}`" for edit in wire_edit_lines(example)]
    lines += ["", f"Mutation: {mutation_text(example)}", "", f"Finding: {finding_text(example)}", "",
              "| | Expected | Observed |", "|---|---|---|",
              f"| Outcome | {cell(expected_text(example))} | {cell(observed_text(example))} |",
              f"| Message | | {cell(example.observed.message or '-')} |"]
    if example.node_id:
        lines += ["", f"Test: `{example.node_id}`"]
    for reproducer in reproducers(example, results.meta):
        lines += ["", f"Reproduce ({reproducer.title}):", "", fence(reproducer.code, reproducer.language)]
    return "\n".join(lines)

