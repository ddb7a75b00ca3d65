"""The self-contained HTML page shell (inline CSS, no external asset) and small HTML helpers."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from conformance.findings import RuleStatus
from reports.view import COLOUR, MEANING, css_class

CSS = """
:root { --fg:#1d2330; --muted:#5b6475; --line:#dde2ea; --bg:#f6f8fb; --card:#fff; --accent:#1f5fbf; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
       color:var(--fg); background:var(--bg); }
main { max-width:1180px; margin:0 auto; padding:28px 24px 60px; }
h1 { font-size:26px; margin:0 0 4px; }
h2 { font-size:20px; margin:36px 0 12px; padding-bottom:6px; border-bottom:2px solid var(--line); }
h3 { font-size:16px; margin:20px 0 8px; }
a { color:var(--accent); }
.sub { color:var(--muted); margin:0 0 18px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin:18px 0; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:12px 18px;
        min-width:150px; }
.card .big { font-size:28px; font-weight:700; }
.card .label { color:var(--muted); font-size:13px; }
.card.good { border-left:5px solid #2e7d32; } .card.fair { border-left:5px solid #b28704; }
.card.bad { border-left:5px solid #c62828; }
.split { display:flex; gap:16px; align-items:flex-start; } .split > table { flex:1; }
pre code.language-shell { white-space:pre-wrap; word-break:break-all; }
.panel { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px 18px; }
table { border-collapse:collapse; width:100%; background:var(--card); }
th, td { border:1px solid var(--line); padding:5px 8px; text-align:left; vertical-align:top; }
th { background:#eef2f8; font-weight:600; font-size:13px; }
td.num, th.num, table.num-1 td:nth-child(1), table.num-2 td:nth-child(2), table.num-3 td:nth-child(3),
table.num-4 td:nth-child(4), table.num-6 td:nth-child(6) { text-align:right; font-variant-numeric:tabular-nums; }
table.code-1 td:first-child { font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
td.mark { text-align:center; width:86px; }
tr.family th { background:#e3e9f3; font-size:14px; }
tr.disagree td:first-child { box-shadow: inset 4px 0 0 #c62828; }
tr.disagree { background:#fff6f5; }
.chip { display:inline-block; padding:1px 8px; border-radius:10px; color:#fff; font-size:12px;
        font-weight:600; white-space:nowrap; }
.legend { display:flex; flex-wrap:wrap; gap:8px 18px; margin:10px 0 14px; font-size:13px; }
.legend span.text { color:var(--muted); }
.dot { display:inline-block; width:12px; height:12px; border-radius:3px; vertical-align:-1px;
       margin-right:4px; }
.meta td:first-child { color:var(--muted); width:190px; }
.bar { background:#e9edf3; border-radius:4px; height:10px; min-width:120px; }
.bar > div { background:var(--accent); border-radius:4px; height:10px; }
.divergence { background:var(--card); border:1px solid var(--line); border-left:5px solid #c62828;
              border-radius:10px; padding:6px 18px 14px; margin:16px 0; }
blockquote { margin:8px 0; padding:6px 12px; border-left:4px solid var(--line); color:#38404f;
             background:#fafbfd; }
pre { background:#0f1722; color:#e6edf3; padding:12px 14px; border-radius:8px; overflow-x:auto;
      font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
code { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:13px; }
.banner { padding:10px 14px; border-radius:8px; font-weight:600; margin:10px 0; }
.banner.partial { background:#fff4e5; border:2px solid #e65100; color:#7a2e00; }
.banner.bad { background:#fdecea; border:1px solid #c62828; }
.banner.good { background:#edf7ee; border:1px solid #2e7d32; }
.filters { margin:12px 0; } .filters label { margin-right:16px; }
tr.relabelled { background:#fffbe6; }
td.st { color:#fff; font-size:12px; font-weight:600; white-space:nowrap; }
details > summary { cursor:pointer; color:var(--accent); margin:8px 0; }
svg text { font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif; }
"""


def status_css() -> str:
    rules = [f".{css_class(s)} {{ background:{COLOUR[s]}; }}" for s in RuleStatus]
    rules += [f"td.{css_class(s)} {{ color:#fff; font-weight:600; }}" for s in RuleStatus]
    return "\n".join(rules)


def page(title: str, body: Iterable[str]) -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}\n{status_css()}</style>",
        "</head>",
        "<body><main>",
        *body,
        "</main></body>",
        "</html>",
    ]) + "\n"


def chip(status: RuleStatus, text: str | None = None) -> str:
    return f'<span class="chip {css_class(status)}">{escape(text or status.value)}</span>'


def legend(statuses: Iterable[RuleStatus]) -> str:
    items = [f'<span><span class="dot {css_class(s)}"></span><strong>{escape(s.value)}</strong> '
             f'<span class="text">{escape(MEANING[s])}</span></span>' for s in statuses]
    return '<div class="legend" id="legend">' + "".join(items) + "</div>"


NUMERIC_COLUMNS = (1, 2, 3, 4, 6)  # the columns CSS right-aligns by a table class (num-N), not a class per cell


def table(head: Iterable[str], rows: Iterable[str], *, table_id: str = "", css: str = "",
          numeric: Iterable[int] = (), code_first: bool = False) -> str:
    """A table from header cells (already HTML) and row markup.

    `numeric` names the 1-based columns shown right-aligned, `code_first` a first column in monospace: the
    table's classes say it once instead of a class or a `<code>` in every cell (the page stays small).
    """
    return grouped_table(head, [("", rows)], table_id=table_id, css=css, numeric=numeric, code_first=code_first)


def grouped_table(head: Iterable[str], groups: Iterable[tuple[str, Iterable[str]]], *, table_id: str = "",
                  css: str = "", numeric: Iterable[int] = (), code_first: bool = False) -> str:
    """A table with one `<tbody data-family=...>` per group (the filter hides a family's body at once)."""
    classes = [css] if css else []
    for column in numeric:
        if column not in NUMERIC_COLUMNS:
            raise ValueError(f"column {column} has no num-{column} rule in the page's CSS")
        classes.append(f"num-{column}")
    classes += ["code-1"] if code_first else []
    attrs = (f' id="{table_id}"' if table_id else "") + (f' class="{" ".join(classes)}"' if classes else "")
    bodies = "".join((f'<tbody data-family="{escape(family)}">' if family else "<tbody>") + "".join(rows)
                     + "</tbody>" for family, rows in groups)
    return f"<table{attrs}><thead><tr>{''.join(head)}</tr></thead>{bodies}</table>"


def code_block(code: str, language: str) -> str:
    return f'<pre><code class="language-{escape(language)}">{escape(code, quote=False)}</code></pre>'
