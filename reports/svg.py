"""An inline SVG chart of conformance by family: one stacked bar of rule statuses per family."""

from __future__ import annotations

from html import escape

from conformance.findings import RuleStatus
from reports.view import COLOUR, FamilyRow

STACK_ORDER = (RuleStatus.CONFORMS, RuleStatus.FIXED, RuleStatus.DIVERGES, RuleStatus.KNOWN_DIVERGENCE,
               RuleStatus.CRASH, RuleStatus.UNDETERMINED, RuleStatus.NOT_EXERCISED)
LABEL_WIDTH = 190
BAR_WIDTH = 600
SCORE_WIDTH = 170
ROW_HEIGHT = 26
BAR_HEIGHT = 16


def family_chart(rows: list[FamilyRow]) -> str:
    """Bars are as long as the family's rule count allows (longest family = full width)."""
    most = max((len(row.rules) for row in rows), default=1) or 1
    height = ROW_HEIGHT * len(rows) + 30
    width = LABEL_WIDTH + BAR_WIDTH + SCORE_WIDTH
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="family-chart" role="img" width="100%" '
             f'viewBox="0 0 {width} {height}" aria-label="Conformance by family">']
    for index, row in enumerate(rows):
        parts.append(_row(row, index * ROW_HEIGHT + 8, most))
    axis_y = ROW_HEIGHT * len(rows) + 22
    parts.append(f'<text x="{LABEL_WIDTH}" y="{axis_y}" font-size="11" fill="#5b6475">bar length: number of '
                 f'rules in the family (longest: {most}); colours: rule status</text>')
    parts.append("</svg>")
    return "".join(parts)


def _row(row: FamilyRow, y: int, most: int) -> str:
    counts = {status: sum(1 for r in row.rules if r.status is status) for status in STACK_ORDER}
    parts = [f'<text x="{LABEL_WIDTH - 10}" y="{y + BAR_HEIGHT - 3}" font-size="13" text-anchor="end" '
             f'fill="#1d2330">{escape(row.family)}</text>']
    x = float(LABEL_WIDTH)
    for status, count in counts.items():
        if not count:
            continue
        width = BAR_WIDTH * count / most
        tooltip = f"<title>{escape(row.family)}: {count} {status.value}</title>"
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                     f'fill="{COLOUR[status]}">{tooltip}</rect>')
        x += width
    score = row.score
    text = f"{score.percent_text} ({score.conforming}/{score.exercised})"
    parts.append(f'<text x="{x + 8:.1f}" y="{y + BAR_HEIGHT - 3}" font-size="12" fill="#1d2330">'
                 f"{escape(text)}</text>")
    return "".join(parts)
