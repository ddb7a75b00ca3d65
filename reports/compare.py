"""Several runs side by side: one rule x target matrix, rows where the targets disagree highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from conformance.findings import RuleStatus
from reports.markdown import cell
from reports.page import legend, page, table
from reports.redact import Redactor
from reports.results import Results, natural_key
from reports.view import SYMBOL, columns, css_class

# Decided statuses that mean the same thing whatever the baseline says.
_SAME = {RuleStatus.FIXED: RuleStatus.CONFORMS, RuleStatus.KNOWN_DIVERGENCE: RuleStatus.DIVERGES}


@dataclass(frozen=True)
class CompareRow:
    rule_id: str
    family: str
    summary: str
    statuses: tuple[RuleStatus | None, ...]  # one per run; None when the run does not list the rule

    @property
    def disagree(self) -> bool:
        """A behaviour difference: targets that reached a verdict on the rule reached different ones (a
        baselined divergence behaves as a divergence, a fixed rule as a conforming one)."""
        decided = {behaviour(s) for s in self.statuses if s is not None and s.is_decided}
        return len(decided) > 1

    @property
    def relabelled(self) -> bool:
        """A labelling difference only: the same behaviour, labelled differently by the targets' baselines."""
        decided = [s for s in self.statuses if s is not None and s.is_decided]
        return not self.disagree and len(set(decided)) > 1


def behaviour(status: RuleStatus) -> RuleStatus:
    """What the target did, whatever its baseline says: known divergence -> diverges, fixed -> conforms."""
    return _SAME.get(status, status)


def labels(runs: list[Results]) -> list[str]:
    """Each run's target label, made unique with the profile or a number when two runs share one; a run
    that did not finish is labelled PARTIAL."""
    return [name if run.meta.complete else f"{name} (PARTIAL)" for name, run in zip(_labels(runs), runs,
                                                                                        strict=True)]


def _labels(runs: list[Results]) -> list[str]:
    names = [r.meta.label for r in runs]
    unique = []
    for index, (name, run) in enumerate(zip(names, runs, strict=True)):
        if names.count(name) > 1:
            extra = run.meta.profile if run.meta.profile else str(index + 1)
            name = f"{name} ({extra})"
            if name in unique:
                name = f"{name} #{index + 1}"
        unique.append(name)
    return unique


def compare_rows(runs: list[Results]) -> list[CompareRow]:
    described: dict[str, tuple[str, str]] = {}
    for run in runs:
        for rule in run.rules:
            described.setdefault(rule.id, (rule.family, rule.summary))
    by_run = [{rule.id: rule.status for rule in run.rules} for run in runs]
    order = sorted(described, key=lambda rid: (described[rid][0], natural_key(rid)))
    return [CompareRow(rid, *described[rid], tuple(statuses.get(rid) for statuses in by_run))
            for rid in order]


def _partial_lines(runs: list[Results], names: list[str]) -> list[str]:
    return [f"PARTIAL input: {name} did not finish ({run.meta.stopped}); its numbers are partial"
            for name, run in zip(names, runs, strict=True) if not run.meta.complete]


def _difference_text(rows: list[CompareRow]) -> tuple[str, str]:
    disagreeing = [r.rule_id for r in rows if r.disagree]
    relabelled = [r.rule_id for r in rows if r.relabelled]
    behaviour_text = (f"{len(disagreeing)} rule(s) where the targets behave differently"
                      + (": " + ", ".join(disagreeing) if disagreeing else ""))
    label_text = (f"{len(relabelled)} rule(s) where they behave alike but their baselines label it differently"
                  + (": " + ", ".join(relabelled) if relabelled else ""))
    return behaviour_text, label_text


def render_compare_markdown(runs: list[Results]) -> str:
    names = labels(runs)
    rows = compare_rows(runs)
    lines = [f"# RunInstances conformance: {len(runs)} targets compared", ""]
    lines += [f"> **⚠️ {cell(text)}.**" for text in _partial_lines(runs, names)]
    lines += ["", "| Target | Score | Exercised | Conforming | Diverging | Crashing | Signatures new/known/fixed "
              "| Examples |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, run in zip(names, runs, strict=True):
        s = run.score()
        lines.append(f"| {cell(name)} | {s.percent_text} | {s.exercised}/{s.decidable} | {s.conforming} | "
                     f"{s.diverging} | {s.crashes} | {s.new_signatures}/{s.known_signatures}/"
                     f"{s.fixed_signatures} | {s.examples} |")
    behaviour_text, label_text = _difference_text(rows)
    lines += ["", f"**{behaviour_text}.** {label_text}.", "",
              "Legend: " + ", ".join(f"{SYMBOL[s]} {s.value}" for s in columns(runs))
              + "; ⚡ marks a behaviour difference, 🏷 a labelling difference only.", ""]
    family = None
    for row in rows:
        if row.family != family:
            family = row.family
            header = "| | Rule | Summary | " + " | ".join(cell(n) for n in names) + " |"
            lines += ["", f"### {family}", "", header, "|---|---|---|" + "---|" * len(names)]
        marks = " | ".join(f"{SYMBOL[s]} {s.value}" if s else "-" for s in row.statuses)
        flag = "⚡" if row.disagree else "🏷" if row.relabelled else ""
        rule_id = f"**{row.rule_id}**" if row.disagree else row.rule_id
        lines.append(f"| {flag} | {rule_id} | {cell(row.summary)} | {marks} |")
    return Redactor().text("\n".join(lines) + "\n")


def render_compare_html(runs: list[Results]) -> str:
    names = labels(runs)
    rows = compare_rows(runs)
    score_rows = []
    for name, run in zip(names, runs, strict=True):
        s = run.score()
        cells = [s.percent_text, f"{s.exercised}/{s.decidable}", s.conforming, s.diverging, s.crashes,
                 f"{s.new_signatures}/{s.known_signatures}/{s.fixed_signatures}", s.examples]
        score_rows.append(f"<tr><td>{escape(name)}</td>"
                          + "".join(f'<td class="num">{escape(str(c))}</td>' for c in cells) + "</tr>")
    score_head = ["<th>Target</th>"] + [f'<th class="num">{h}</th>' for h in (
        "Score", "Exercised", "Conforming", "Diverging", "Crashing", "Signatures new/known/fixed", "Examples")]
    head = ["<th>Rule</th>", "<th>Summary</th>"] + [f"<th>{escape(n)}</th>" for n in names]
    matrix: list[str] = []
    family = None
    for row in rows:
        if row.family != family:
            family = row.family
            matrix.append(f'<tr class="family"><th colspan="{len(names) + 2}">{escape(family)}</th></tr>')
        matrix.append(_html_row(row))
    behaviour_text, label_text = _difference_text(rows)
    banners = "".join(f'<p class="banner partial">{escape(t)}.</p>' for t in _partial_lines(runs, names))
    summary = (f'<p class="sub" id="disagreements"><strong>{escape(behaviour_text)}</strong> (marked in red). '
               f"{escape(label_text)}.</p>")
    body = [f"<h1>RunInstances conformance: {len(runs)} targets compared</h1>", banners,
            table(score_head, score_rows, table_id="scores"), '<h2 id="matrix">Rule x target matrix</h2>',
            summary, legend(columns(runs)), table(head, matrix, table_id="compare-matrix")]
    return Redactor().text(page(f"RunInstances conformance: {len(runs)} targets compared", body))


def _html_row(row: CompareRow) -> str:
    cells = "".join(f'<td class="{css_class(s)}">{escape(s.value)}</td>' if s else "<td>-</td>"
                    for s in row.statuses)
    css = ' class="disagree"' if row.disagree else ' class="relabelled"' if row.relabelled else ""
    return f"<tr{css}><td><code>{escape(row.rule_id)}</code></td><td>{escape(row.summary)}</td>{cells}</tr>"
