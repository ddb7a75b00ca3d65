"""reports.svg: the family chart has one stacked bar per family, its segments in status order and as long as
their rule counts (the longest family takes the full width), each with a tooltip, and the family's score."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conformance.findings import RuleStatus
from reports.results import Results
from reports.svg import BAR_WIDTH, LABEL_WIDTH, ROW_HEIGHT, STACK_ORDER, family_chart
from reports.view import COLOUR, FamilyRow, family_rows
from tests.support import reports as support

SVG = "{http://www.w3.org/2000/svg}"


def _chart(results: Results) -> tuple[list[FamilyRow], ET.Element]:
    rows = family_rows(results)
    return rows, ET.fromstring(family_chart(rows))


def test_the_chart_is_well_formed_svg_sized_by_its_rows() -> None:
    rows, svg = _chart(support.build())
    assert svg.tag == f"{SVG}svg" and svg.get("id") == "family-chart" and svg.get("role") == "img"
    assert svg.get("viewBox") == f"0 0 960 {ROW_HEIGHT * len(rows) + 30}"


def test_each_family_has_its_label_segments_and_score() -> None:
    results = support.build()
    rows, svg = _chart(results)
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    most = max(len(row.rules) for row in rows)
    assert texts[-1].endswith(f"(longest: {most}); colours: rule status")
    rects = list(svg.iter(f"{SVG}rect"))
    assert len(rects) == sum(len({r.status for r in row.rules}) for row in rows)  # one per status present
    for row in rows:
        assert row.family in texts
        assert f"{row.score.percent_text} ({row.score.conforming}/{row.score.exercised})" in texts
        mine = [r for r in rects if (r.findtext(f"{SVG}title") or "").startswith(f"{row.family}: ")]
        total = sum(float(r.get("width", "0")) for r in mine)
        assert abs(total - BAR_WIDTH * len(row.rules) / most) < 0.5
        starts = [float(r.get("x", "0")) for r in mine]
        assert starts[0] == LABEL_WIDTH and starts == sorted(starts)


def test_segments_follow_the_stack_order_with_their_colour_and_count() -> None:
    results = support.build(statuses=support.known("R-COUNT-3"))
    _, svg = _chart(results)
    counts = next(row for row in family_rows(results) if row.family == "counts")
    segments = [r for r in svg.iter(f"{SVG}rect") if (r.findtext(f"{SVG}title") or "").startswith("counts: ")]
    order = [re.sub(r"^counts: \d+ ", "", r.findtext(f"{SVG}title") or "") for r in segments]
    present = [s for s in STACK_ORDER if any(r.status is s for r in counts.rules)]
    assert order == [s.value for s in present]
    for rect, status in zip(segments, present, strict=True):
        assert rect.get("fill") == COLOUR[status]
        n = sum(1 for r in counts.rules if r.status is status)
        assert rect.findtext(f"{SVG}title") == f"counts: {n} {status.value}"
    assert RuleStatus.KNOWN_DIVERGENCE in present


def test_family_names_are_escaped_and_an_empty_chart_is_still_drawn() -> None:
    rows = family_rows(support.build())
    odd = [FamilyRow("a<b&c", rows[0].rules, rows[0].score)]
    text = family_chart(odd)
    assert "a&lt;b&amp;c" in text and "a<b" not in text
    ET.fromstring(text)
    empty = ET.fromstring(family_chart([]))
    assert list(empty.iter(f"{SVG}rect")) == [] and "(longest: 1)" in (list(empty.iter(f"{SVG}text"))[-1].text or "")
