"""reports.page: the self-contained page shell, its status colours, chips and legend, and tables whose classes say
once which columns are numeric (each such class has its CSS rule)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conformance.findings import RuleStatus
from reports.page import NUMERIC_COLUMNS, chip, code_block, grouped_table, legend, page, status_css, table
from reports.view import COLOUR, MEANING


def test_numeric_columns_are_said_once_per_table_and_each_has_a_css_rule(html: str) -> None:
    """Right alignment moved from a class per cell to the table's class: each named column has its CSS rule."""
    assert 'class="num-4 code-1"' in html.split('id="rule-matrix"', 1)[1][:40]
    assert '<td class="num">' not in html.split('id="matrix"', 1)[1]
    for column in NUMERIC_COLUMNS:
        assert f"table.num-{column} td:nth-child({column})" in html
    with pytest.raises(ValueError, match="num-5"):
        table(["<th>a</th>"], [], numeric=(5,))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []
        self.closed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.opened.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.closed.append(tag)


def test_the_page_escapes_its_title_and_keeps_the_body_in_order() -> None:
    text = page("moto <5> & co", ["<p>first</p>", "<p>second</p>"])
    assert text.startswith("<!DOCTYPE html>\n") and text.endswith("</html>\n")
    assert "<title>moto &lt;5&gt; &amp; co</title>" in text
    assert text.index("<p>first</p>") < text.index("<p>second</p>") < text.index("</main>")
    tags = _Tags()
    tags.feed(text)
    assert tags.opened.count("style") == 1 and "link" not in tags.opened and "script" not in tags.opened
    assert [t for t in tags.opened if t in ("html", "head", "body", "main")] == ["html", "head", "body", "main"]


def test_every_status_has_its_colour_rule_in_the_page() -> None:
    css = status_css()
    text = page("t", [])
    for status in RuleStatus:
        name = "st-" + status.value.replace(" ", "-")
        assert f".{name} {{ background:{COLOUR[status]}; }}" in css
        assert f"td.{name} {{" in css
    assert css in text


def test_a_chip_is_the_status_or_the_given_text_escaped() -> None:
    assert chip(RuleStatus.DIVERGES) == '<span class="chip st-diverges">diverges</span>'
    assert chip(RuleStatus.NOT_EXERCISED, "<none>") == '<span class="chip st-not-exercised">&lt;none&gt;</span>'


def test_the_legend_names_each_status_given_with_its_meaning_in_order() -> None:
    text = legend([RuleStatus.CRASH, RuleStatus.CONFORMS])
    assert text.startswith('<div class="legend" id="legend">')
    assert re.findall(r"<strong>([^<]*)</strong>", text) == ["target crash", "conforms"]
    assert MEANING[RuleStatus.CRASH] in text and MEANING[RuleStatus.CONFORMS] in text
    assert MEANING[RuleStatus.DIVERGES] not in text


def test_table_classes_say_the_numeric_columns_and_the_code_column_once() -> None:
    text = table(["<th>a</th>", "<th>b</th>"], ["<tr><td>x</td><td>1</td></tr>"], table_id="t", css="wide",
                 numeric=(2,), code_first=True)
    assert text == ('<table id="t" class="wide num-2 code-1"><thead><tr><th>a</th><th>b</th></tr></thead>'
                    "<tbody><tr><td>x</td><td>1</td></tr></tbody></table>")
    assert table([], []) == "<table><thead><tr></tr></thead><tbody></tbody></table>"


def test_every_numeric_column_is_accepted_and_has_its_css_rule() -> None:
    text = page("t", [])
    for column in NUMERIC_COLUMNS:
        assert f'class="num-{column}"' in table([], [], numeric=(column,))
        assert f"table.num-{column} td:nth-child({column})" in text


def test_a_grouped_table_has_one_body_per_family_with_its_name_escaped() -> None:
    text = grouped_table(["<th>rule</th>"], [("counts", ["<tr><td>R-COUNT-1</td></tr>"]),
                                             ('a"b', ["<tr><td>R-X</td></tr>", "<tr><td>R-Y</td></tr>"])])
    assert re.findall(r"<tbody[^>]*>", text) == ['<tbody data-family="counts">', '<tbody data-family="a&quot;b">']
    assert text.count("</tbody>") == 2
    assert text.index("R-COUNT-1") < text.index("R-X") < text.index("R-Y")


def test_a_code_block_escapes_the_code_but_not_quotes() -> None:
    assert code_block('print("<b>") & x', "python") == (
        '<pre><code class="language-python">print("&lt;b&gt;") &amp; x</code></pre>')
