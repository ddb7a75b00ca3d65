"""The HTML report in a real browser: headless Chromium renders it without console errors, with the matrix.

Needs the Debian packages `chromium` (and `chromium-driver`, unused here); skipped when no Chromium is found.
The rendered page and its screenshot stay in reports/output/browser/ (git-ignored) as test artifacts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from reports.files import write_comparison, write_report
from tests.support import reports as support

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "reports" / "output" / "browser"
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


def test_the_console_check_catches_errors(tmp_path: Path) -> None:
    """Negative control: a page that logs an error is caught by the same check."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); missing();</script>",
                      encoding="utf-8")
    done = _run(broken, "--dump-dom")
    assert any("boom" in line for line in _console_lines(done.stderr))
    assert any("missing is not defined" in line for line in _console_lines(done.stderr))


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


def test_report_screenshot_is_kept(pages: dict[str, Path]) -> None:
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    done = _run(pages["report.html"], "--window-size=1280,2000", "--hide-scrollbars", f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_lines(done.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    # the real moto page, kept beside it when `make conformance` has written one
    moto = ROOT / "reports" / "output" / "report.html"
    if moto.exists():
        moto_shot = ARTIFACTS / "moto-report.png"
        done = _run(moto, "--window-size=1280,2000", "--hide-scrollbars", f"--screenshot={moto_shot}")
        assert done.returncode == 0 and _console_lines(done.stderr) == [], done.stderr[-2000:]


def test_compare_page_renders_without_console_errors(pages: dict[str, Path]) -> None:
    done = _run(pages["compare.html"], "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_lines(done.stderr) == []
    assert 'id="compare-matrix"' in done.stdout
    assert '<tr class="disagree"><td><code>R-COUNT-3</code>' in done.stdout
    shot = ARTIFACTS / "compare.png"
    _run(pages["compare.html"], "--window-size=1280,1200", "--hide-scrollbars", f"--screenshot={shot}")
    assert shot.exists()
