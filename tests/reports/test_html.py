"""The HTML report (reports.html): self-contained, with its matrix, legend and coverage; and in a real browser
(marked `browser`): headless Chromium renders it and the comparison page without console errors, with the matrix.

Needs the Debian packages `chromium` (and `chromium-driver`, unused here); skipped when no Chromium is found.
The rendered page and its screenshot stay in reports/output/browser/ (git-ignored) as test artifacts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports.files import write_comparison, write_report
from reports.results import Results
from strategies.model import top_level_members
from tests.support import REPO
from tests.support import reports as support

ARTIFACTS = REPO / "reports" / "output" / "browser"
INSTALL = "apt-get install -y chromium chromium-driver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")
CONSOLE_LINE = re.compile(r":CONSOLE[:(]\d+\)?\]")


def _chromium() -> str:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) if name else None
        if found:
            return found
    if os.environ.get("EC2_CONFORMANCE_REQUIRE_BROWSER"):  # set by .ci/run, which installs Chromium
        pytest.fail(f"headless Chromium not found (install it: {INSTALL})")
    pytest.skip(f"headless Chromium not found (install it: {INSTALL})")


def _run(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Load a file:// URL in a fresh headless profile with console logging on stderr."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [_chromium(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                   *extra, page.resolve().as_uri()]
        return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


def _console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE_LINE.search(line)]


@pytest.fixture(scope="module")
def pages() -> dict[str, Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = write_report(support.build(), ARTIFACTS)
    compare = write_comparison([support.build(), support.other_target()], ARTIFACTS)
    return {path.name: path for path in report + compare}


@pytest.mark.browser
def test_the_console_check_catches_errors(tmp_path: Path) -> None:
    """Negative control: a page that logs an error is caught by the same check."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); missing();</script>",
                      encoding="utf-8")
    done = _run(broken, "--dump-dom")
    assert any("boom" in line for line in _console_lines(done.stderr))
    assert any("missing is not defined" in line for line in _console_lines(done.stderr))


@pytest.mark.browser
def test_report_renders_without_console_errors_and_shows_the_matrix(pages: dict[str, Path]) -> None:
    done = _run(pages["report.html"], "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_lines(done.stderr) == []
    dom = done.stdout
    matrix = dom.split('id="rule-matrix"', 1)[1].split("</table>", 1)[0]
    assert matrix.count("<tr data-status=") == len(support.RULES)
    counts = matrix.split('<tbody data-family="counts">', 1)[1].split("</tbody>", 1)[0]
    assert '<tr data-status="diverges"><td>R-COUNT-3</td>' in counts
    assert 'id="family-chart"' in dom and "42.9%" in dom
    assert '<form id="filters" class="panel filters">' in dom  # the script ran: the filter is shown


@pytest.mark.browser
def test_the_filter_hides_rows_of_other_statuses_and_families(pages: dict[str, Path]) -> None:
    """`#status=...&family=...` sets the filter on load (the same code the selects run on change)."""
    url_page = pages["report.html"]
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [_chromium(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                   "--dump-dom", url_page.resolve().as_uri() + "#status=diverges&family=counts"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_lines(done.stderr) == []
    matrix = done.stdout.split('id="rule-matrix"', 1)[1].split("</table>", 1)[0]
    bodies = re.findall(r'<tbody data-family="([^"]*)"( hidden="")?>(.*?)</tbody>', matrix)
    rows = [(family, body_hidden, status, hidden) for family, body_hidden, body in bodies
            for status, hidden in re.findall(r'<tr data-status="([^"]*)"( hidden="")?>', body)]
    shown = [(status, family) for family, body_hidden, status, hidden in rows if not (body_hidden or hidden)]
    assert shown == [("diverges", "counts"), ("diverges", "counts")], shown  # R-COUNT-3, R-COUNT-10
    assert [family for family, body_hidden, _ in bodies if not body_hidden] == ["counts"]
    assert len(rows) == len(support.RULES)


@pytest.mark.browser
def test_report_screenshot_is_kept(pages: dict[str, Path]) -> None:
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    done = _run(pages["report.html"], "--window-size=1280,2000", "--hide-scrollbars", f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_lines(done.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    # the real moto page, kept beside it when `make conformance` has written one
    moto = REPO / "reports" / "output" / "report.html"
    if moto.exists():
        moto_shot = ARTIFACTS / "moto-report.png"
        done = _run(moto, "--window-size=1280,2000", "--hide-scrollbars", f"--screenshot={moto_shot}")
        assert done.returncode == 0 and _console_lines(done.stderr) == [], done.stderr[-2000:]


@pytest.mark.browser
def test_compare_page_renders_without_console_errors(pages: dict[str, Path]) -> None:
    done = _run(pages["compare.html"], "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_lines(done.stderr) == []
    assert 'id="compare-matrix"' in done.stdout
    assert '<tr class="disagree"><td><code>R-COUNT-3</code>' in done.stdout
    shot = ARTIFACTS / "compare.png"
    _run(pages["compare.html"], "--window-size=1280,1200", "--hide-scrollbars", f"--screenshot={shot}")
    assert shot.exists()


# the page itself -----------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained(html: str) -> None:
    parser = _Collector()
    parser.feed(html)
    names = [tag for tag, _ in parser.tags]
    assert names.count("script") == 1 and "link" not in names and "img" not in names  # the inline filter
    assert all(not (attrs.get("src") or "") for _, attrs in parser.tags)
    links = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a"]
    external = [link for link in links if not link.startswith("#")]
    assert external == [r for r in external if r and r.startswith("https://docs.example.invalid/")]
    assert "<svg" in html and 'id="family-chart"' in html
    assert "@import" not in html and "url(" not in html


def test_html_matrix_and_legend(results: Results, html: str) -> None:
    matrix = html.split('id="rule-matrix"', 1)[1].split("</table>", 1)[0]
    for rule in results.rules:
        family = matrix.split(f'<tbody data-family="{rule.family}">', 1)[1].split("</tbody>", 1)[0]
        assert f'<tr data-status="{rule.status.value}"><td>{rule.id}</td>' in family
    assert matrix.count("<tr data-status=") == len(results.rules)
    assert 'class="legend"' in html
    for status in ("conforms", "diverges", "target crash", "undetermined", "not exercised"):
        assert f"<strong>{status}</strong>" in html
    assert '<div class="big">42.9%</div>' in html
    assert html.index('id="triage"') < html.index('id="matrix"') < html.index('id="coverage"')


def test_html_coverage_lists_the_44_members(results: Results, html: str) -> None:
    coverage = html.split('id="coverage-table"', 1)[1].split("</div><details>", 1)[0]
    for member in top_level_members():
        count = results.coverage.members[member]
        assert f"<tr><td>{member}</td><td>{count}</td>" in coverage

