"""Several runs side by side: one rule x target matrix, rows where the targets disagree highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from conformance.findings import Status
from reports.markdown import cell
from reports.page import legend, page, table
from reports.redact import Redactor
from reports.results import Results, natural_key
from reports.view import SYMBOL, columns, css_class

# Decided statuses that mean the same thing whatever the baseline says.
_SAME = {Status.FIXED: Status.CONFORMS, Status.KNOWN_DIVERGENCE: Status.DIVERGES}


@dataclass(frozen=True)
class CompareRow:
    rule_id: str
    family: str
    summary: str
    statuses: tuple[Status | None, ...]  # one per run; None when the run does not list the rule

    @property
    def disagree(self) -> bool:
        """Targets that reached a verdict on the rule reached different ones."""
        decided = {_SAME.get(s, s) for s in self.statuses if s is not None and s.is_decided}
        return len(decided) > 1


def labels(runs: list[Results]) -> list[str]:
    """Each run's target label, made unique with the profile or a number when two runs share one."""
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


def render_compare_markdown(runs: list[Results]) -> str:
    names = labels(runs)
    rows = compare_rows(runs)
    disagreeing = [r for r in rows if r.disagree]
    lines = [f"# RunInstances conformance: {len(runs)} targets compared", "",
             "| Target | Score | Divergences | Rules exercised | Examples |", "|---|---:|---:|---:|---:|"]
    for name, run in zip(names, runs, strict=True):
        s = run.score()
        lines.append(f"| {cell(name)} | {s.percent_text} ({s.conforming}/{s.decided}) | {s.divergences} | "
                     f"{s.exercised}/{s.total} | {run.meta.examples} |")
    plural = "s" if len(disagreeing) != 1 else ""
    lines += ["", f"**{len(disagreeing)} rule{plural} where the targets disagree**"
              + (": " + ", ".join(r.rule_id for r in disagreeing) if disagreeing else "."), "",
              "Legend: " + ", ".join(f"{SYMBOL[s]} {s.value}" for s in columns(runs))
              + "; ⚡ marks rows where targets that reached a verdict disagree.", ""]
    family = None
    for row in rows:
        if row.family != family:
            family = row.family
            header = "| | Rule | Summary | " + " | ".join(cell(n) for n in names) + " |"
            lines += ["", f"### {family}", "", header, "|---|---|---|" + "---|" * len(names)]
        marks = " | ".join(f"{SYMBOL[s]} {s.value}" if s else "-" for s in row.statuses)
        flag = "⚡" if row.disagree else ""
        rule_id = f"**{row.rule_id}**" if row.disagree else row.rule_id
        lines.append(f"| {flag} | {rule_id} | {cell(row.summary)} | {marks} |")
    return Redactor().text("\n".join(lines) + "\n")


def render_compare_html(runs: list[Results]) -> str:
    names = labels(runs)
    rows = compare_rows(runs)
    disagreeing = [r for r in rows if r.disagree]
    score_rows = []
    for name, run in zip(names, runs, strict=True):
        s = run.score()
        score_rows.append(f"<tr><td>{escape(name)}</td><td class=\"num\">{escape(s.percent_text)} "
                          f"({s.conforming}/{s.decided})</td><td class=\"num\">{s.divergences}</td>"
                          f"<td class=\"num\">{s.exercised}/{s.total}</td>"
                          f"<td class=\"num\">{run.meta.examples}</td></tr>")
    score_head = ["<th>Target</th>", '<th class="num">Score</th>', '<th class="num">Divergences</th>',
                  '<th class="num">Rules exercised</th>', '<th class="num">Examples</th>']
    head = ["<th>Rule</th>", "<th>Summary</th>"] + [f"<th>{escape(n)}</th>" for n in names]
    matrix: list[str] = []
    family = None
    for row in rows:
        if row.family != family:
            family = row.family
            matrix.append(f'<tr class="family"><th colspan="{len(names) + 2}">{escape(family)}</th></tr>')
        matrix.append(_html_row(row))
    listed = ": " + ", ".join(escape(r.rule_id) for r in disagreeing) if disagreeing else ""
    summary = (f'<p class="sub" id="disagreements"><strong>{len(disagreeing)}</strong> rule(s) where the '
               f"targets disagree{listed}. Disagreeing rows are marked in red.</p>")
    body = [f"<h1>RunInstances conformance: {len(runs)} targets compared</h1>",
            table(score_head, score_rows, table_id="scores"), '<h2 id="matrix">Rule x target matrix</h2>',
            summary, legend(columns(runs)), table(head, matrix, table_id="compare-matrix")]
    return Redactor().text(page(f"RunInstances conformance: {len(runs)} targets compared", body))


def _html_row(row: CompareRow) -> str:
    cells = "".join(f'<td class="{css_class(s)}">{escape(s.value)}</td>' if s else "<td>-</td>"
                    for s in row.statuses)
    css = ' class="disagree"' if row.disagree else ""
    return f"<tr{css}><td><code>{escape(row.rule_id)}</code></td><td>{escape(row.summary)}</td>{cells}</tr>"
