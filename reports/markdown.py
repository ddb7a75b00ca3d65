"""Render one run's Results as Markdown (readable on a code host)."""

from __future__ import annotations

import json

from conformance.findings import BaselineStatus, stamp_text
from reports.redact import Redactor
from reports.reproducers import reproducers
from reports.results import Counterexample, Results, RuleResult
from reports.score import NUMBERS
from reports.triage import Problem, fixed, problems
from reports.view import (
    MEANING,
    NOT_ALONE_ADVICE,
    OBSERVED_INTRO,
    OBSERVED_TITLE,
    SYMBOL,
    changed,
    columns,
    coverage_rows,
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
    text_bar,
    upgrade_mark,
    verdict_text,
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


FIRST_SCREEN = 15  # problems listed before the fold


def render_markdown(results: Results) -> str:
    sections = [_header(results), _triage(results), _fixed(results), _changed(results), _not_alone(results),
                _chart(results),
                _problems(results), _observed(results), _matrix(results), _coverage(results), _legend(results)]
    return Redactor().text("\n\n".join(s for s in sections if s) + "\n")


def _header(results: Results) -> str:
    meta = results.meta
    score = results.score()
    versions = ", ".join(f"{name} {version}" for name, version in meta.versions.items())
    lines = [f"# RunInstances conformance: {meta.label}", ""]
    if drift_text(results):
        lines += [f"> **{cell(drift_text(results))}.**", ""]
    if partial_text(results):
        lines += [f"> **⚠️ {cell(partial_text(results))}.**", ""]
    lines += [f"**{verdict_text(results)}.**", "", f"{headline(results)}.", "",
              "| " + " | ".join(label for _, label, _ in NUMBERS) + " | score |",
              "|" + "---:|" * (len(NUMBERS) + 1),
              "| " + " | ".join(str(number(score, key)) for key, _, _ in NUMBERS) + f" | {score.percent_text} |",
              "", "<details><summary>Run details and what each number means</summary>", "",
              "| | |", "|---|---|",
              f"| Profile / seed | {cell(meta.profile or '-')} / {cell(meta.seed or '-')} |",
              f"| Tests | {cell(shard_text(meta))} |",
              f"| Started / finished | {cell(meta.started or '-')} / {cell(meta.finished or '-')} |",
              f"| Duration | {meta.duration_s:.1f} s |",
              f"| Endpoint / region | {cell(meta.endpoint_url or '-')} / {cell(meta.region or '-')} |",
              f"| Versions | {cell(versions or '-')} |",
              f"| Measured with / baseline recorded with | {cell(stamp_text(meta.recorded_with))} / "
              f"{cell(stamp_text(meta.baseline_recorded_with))} |"]
    lines += [f"| {label} | {cell(meaning)} |" for _, label, meaning in NUMBERS]
    lines += ["| score | conforming / exercised |", "", "</details>"]
    return "\n".join(lines)


def _triage(results: Results) -> str:
    found = problems(results)
    lines = [f"## What to fix first ({plural(len(found), 'problem')})", "",
             "New divergence signatures first, then crashes (baselined or not), accepted invalid requests, wrong "
             "codes, the rest; by severity. One problem is one observed answer, whatever rules it was charged to.",
             ""]
    if not found:
        return "\n".join([*lines, "None: every exercised rule conforms."])
    head = ["| # | Status | Problem | Severity | Rules | Examples |", "|---:|---|---|---|---|---:|"]
    rows = [_triage_row(results, index, problem) for index, problem in enumerate(found, 1)]
    lines += head + rows[:FIRST_SCREEN]
    if len(rows) > FIRST_SCREEN:
        lines += ["", f"<details><summary>{len(rows) - FIRST_SCREEN} more problems</summary>", "", *head,
                  *rows[FIRST_SCREEN:], "", "</details>"]
    return "\n".join(lines)


def _triage_row(results: Results, index: int, problem: Problem) -> str:
    status = problem_status_text(results, problem.status)
    status = status if problem.status is BaselineStatus.KNOWN else f"**{status}**"
    mark = "💥 " if problem.is_crash else ""
    rules = ", ".join(problem.rules[:6]) + (f" +{len(problem.rules) - 6}" if len(problem.rules) > 6 else "")
    if detailed(index, problem):
        name = f"[{mark}{cell(problem.answer)}](#{problem.anchor})"
    else:
        example = problem.example.counterexample
        code = f"<br>`{cell(compact_request(example))}`" if example is not None else ""
        signatures = ", ".join(f"`{cell(str(s.signature))}`" for s in problem.signatures)
        name = f"{mark}{cell(problem.answer)}: {signatures}{code}"
    return (f"| {index} | {status} | {name} | {problem.severity.value} | {cell(rules)} | {problem.examples} |")


def _fixed(results: Results) -> str:
    found = fixed(results)
    if not found:
        return ""
    lines = [f"## FIXED ({len(found)}): remove from the baseline (`--update-baseline`)", ""]
    lines += [f"- FIXED `{s.signature}`{upgrade_mark(results, s)}" for s in found]
    return "\n".join(lines)


def _changed(results: Results) -> str:
    found = changed(results)
    if not found:
        return ""
    lines = [f"## CHANGED ({len(found)}): the same divergence with another code or crash class; update the "
             "baseline (`--update-baseline`)", ""]
    lines += [f"- CHANGED `{s.signature}` -> now `{s.now}`{upgrade_mark(results, s)}" for s in found]
    return "\n".join(lines)


def _not_alone(results: Results) -> str:
    found = not_shown_alone(results)
    if not found:
        return ""
    lines = [f"## NOT SHOWN ALONE ({len(found)}): possible false alarms", "", NOT_ALONE_ADVICE[0].upper() +
             NOT_ALONE_ADVICE[1:] + ".", ""]
    lines += [f"- `{s.signature}`" for s in found]
    return "\n".join(lines)


def _legend(results: Results) -> str:
    lines = ["## Legend", ""]
    lines += [f"- {SYMBOL[s]} **{s.value}**: {MEANING[s]}" for s in columns([results])]
    return "\n".join(lines)


def _chart(results: Results) -> str:
    rows = family_rows(results)
    width = max((len(r.family) for r in rows), default=6)
    lines = ["## Conformance by family"]
    body = [f"{row.family.ljust(width)}  {text_bar(row.score.ratio)}  {row.score.percent_text:>6}  "
            f"({row.score.conforming}/{row.score.exercised}, {row.score.diverging} diverging, "
            f"{row.score.decidable - row.score.exercised} decidable not exercised)" for row in rows]
    return "\n".join(lines) + "\n\n" + fence("\n".join(body) or "(no rules)", "text")


def _observed(results: Results) -> str:
    found = observed_matches(results)
    if not found:
        return ""
    lines = [f"## {OBSERVED_TITLE}", "", OBSERVED_INTRO, "",
             "| Rule | Code | Observed | Source | Examples |", "|---|---|---|---|---:|"]
    lines += [f"| {m.rule_id} | `{cell(m.evidence.code)}` | {cell(m.when)} | {cell(m.evidence.source)} | "
              f"{m.examples} |" for m in found]
    return "\n".join(lines)


def _matrix(results: Results) -> str:
    out = ["## Rule matrix", "", "<details><summary>Every rule with its status, by family</summary>"]
    for row in family_rows(results):
        out.append(f"### {row.family} ({row.score.percent_text}, {plural(len(row.rules), 'rule')})")
        lines = ["| Rule | Summary | Status | Examples |", "|---|---|---|---:|"]
        for rule in row.rules:
            lines.append(f"| {rule.id} | {cell(rule.summary)} | {SYMBOL[rule.status]} {rule.status.value} | "
                         f"{rule.examples} |")
        out.append("\n".join(lines))
    out.append("</details>")
    return "\n\n".join(out)


def _coverage(results: Results) -> str:
    rows = coverage_rows(results)
    used = sum(1 for r in rows if r.examples)
    lines = [f"## Member coverage ({used} of {len(rows)} top-level members used)", "",
             "<details><summary>Examples per top-level member</summary>", "",
             "| Member | Examples | Nested leaves used |", "|---|---:|---|"]
    for row in rows:
        nested = f"{row.leaves_used}/{row.leaves_total}" if row.leaves_total else "-"
        lines.append(f"| {row.member} | {row.examples} | {nested} |")
    nested_lines = ["", "</details>", "", "<details><summary>Nested leaf counts</summary>", "",
                    "| Leaf path | Examples |",
                    "|---|---:|"]
    for row in rows:
        nested_lines += [f"| {path} | {n} |" for path, n in row.nested]
    nested_lines += ["", "</details>"]
    return "\n".join(lines + nested_lines)


def _problems(results: Results) -> str:
    found = problems(results)
    if not found:
        return ""
    out = ["## Problems in detail"]
    out += [_problem(results, index, problem) for index, problem in enumerate(found, 1) if detailed(index, problem)]
    return "\n\n".join(out)


def _problem(results: Results, index: int, problem: Problem) -> str:
    status = "NEW" if problem.is_new else "known (in the baseline)"
    lines = [f'<a id="{problem.anchor}"></a>', f"### {index}. {cell(problem.answer)}", "",
             f"**{status}** · {problem.severity.value} · {plural(len(problem.rules), 'rule')} · "
             f"{plural(problem.examples, 'example')}", ""]
    lines += [f"- {'**NEW** ' if s.status is BaselineStatus.NEW else ''}`{cell(str(s.signature))}` ({s.examples}): "
              f"{cell(_summary(results, s.signature.rule_id))}" for s in problem.signatures]
    example = problem.example.counterexample
    if example is None:
        return "\n".join([*lines, "", "No counterexample was kept."])
    lines += ["", "<details><summary>Smallest example and reproducers</summary>", "",
              f"Signature: `{cell(str(problem.example.signature))}`", "",
              f"Mutation: {mutation_text(example)} · Finding: {cell(finding_text(example))}", "",
              f"Expected: {cell(expected_text(example))} · Observed: {cell(observed_text(example))}"
              + (f" · Message: {cell(example.observed.message)}" if example.observed.message else "")]
    rule = _rule(results, problem.example.signature.rule_id)
    if rule is not None and rule.citations:
        lines += ["", *(f"> {cell(source)} \"{cell(quote)}\"" for source, quote in rule.citations)]
    if example.wire_edits:
        lines += ["", "Wire edits (applied to the Query form): "
                  + ", ".join(f"`{edit}`" for edit in wire_edit_lines(example))]
    if example.node_id:
        lines += ["", f"Test: `{example.node_id}`"]
    for reproducer in reproducers(example, results.meta):
        lines += ["", f"Reproduce ({reproducer.title}):", "", fence(reproducer.code, reproducer.language)]
    lines += ["", "</details>"]
    return "\n".join(lines)


def detailed(index: int, problem: Problem) -> bool:
    """Problems of the first screen and every new one get a section with their example and every reproducer
    form; the rest carry their signatures and the shortest reproducer in the triage table (the report stays
    small enough to render on a code host)."""
    return index <= FIRST_SCREEN or problem.is_new


def compact_request(example: Counterexample) -> str:
    """The request on one line (with its wire edits), for a problem without a section of its own."""
    text = json.dumps(dict(example.params), separators=(",", ":"), ensure_ascii=False)
    edits = "; ".join(wire_edit_lines(example))
    return text + (f"  # wire edits: {edits}" if edits else "")


def _rule(results: Results, rule_id: str) -> RuleResult | None:
    try:
        return results.rule(rule_id)
    except KeyError:
        return None


def _summary(results: Results, rule_id: str) -> str:
    rule = _rule(results, rule_id)
    return rule.summary if rule is not None else ""
