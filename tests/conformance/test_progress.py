"""conformance.progress: the progress line of a run (one updating line on a terminal, plain lines in CI logs)."""

from __future__ import annotations

import io

import pytest

from conformance.progress import LINE_EVERY_S, PLAIN_EVERY_S, Progress, resolve, to_stream


def test_progress_says_what_runs_how_fast_and_how_long_is_left() -> None:
    written: list[str] = []
    progress = Progress("plain", expected=100, write=written.append)
    progress.begin("conformance/suite/test_requests.py::test_mutation_is_refused[tag-key-aws-prefix]")
    progress.example()
    progress._last -= PLAIN_EVERY_S  # as if the interval had passed
    progress._started -= 2.0
    progress.example()
    assert len(written) == 1 and written[0].endswith("\n"), written
    line = written[0]
    assert "test_mutation_is_refused[tag-key-aws-prefix]" in line and "2 examples" in line
    assert "/s" in line and "left" in line


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("mode", "tty", "ci", "resolved"), [
    ("auto", True, None, "line"),
    ("auto", True, "true", "plain"),
    ("auto", False, None, "plain"),
    ("off", True, None, "off"),
    ("line", False, "true", "line"),
])
def test_auto_is_one_line_on_a_terminal_and_plain_lines_elsewhere(
        monkeypatch: pytest.MonkeyPatch, mode: str, tty: bool, ci: str | None, resolved: str) -> None:
    monkeypatch.delenv("CI", raising=False)
    if ci is not None:
        monkeypatch.setenv("CI", ci)
    assert resolve(mode, Stream(tty)) == resolved


def test_the_first_example_starts_the_clock_and_writes_nothing() -> None:
    written: list[str] = []
    progress = Progress("plain", write=written.append)
    progress._last -= 10 * PLAIN_EVERY_S
    progress.example()
    assert progress.examples == 1 and written == []


def test_a_line_is_written_once_per_interval() -> None:
    written: list[str] = []
    progress = Progress("plain", write=written.append)
    progress.example()
    progress.example()  # within the interval: nothing
    assert written == []
    progress._last -= PLAIN_EVERY_S
    progress.example()
    progress.example()
    assert len(written) == 1 and "3 examples" in written[0]  # the fourth falls within the next interval


def test_off_writes_nothing() -> None:
    written: list[str] = []
    progress = Progress("off", write=written.append)
    for _ in range(3):
        progress._last -= PLAIN_EVERY_S
        progress.example()
    progress.done()
    assert written == []


def test_a_terminal_line_is_rewritten_in_place_and_cleared_when_done() -> None:
    written: list[str] = []
    progress = Progress("line", write=written.append)
    progress.begin("conformance/suite/test_requests.py::test_valid_requests_launch")
    progress.example()
    progress._last -= LINE_EVERY_S
    progress.example()
    assert len(written) == 1 and written[0].startswith("\r\x1b[K") and not written[0].endswith("\n")
    assert "test_valid_requests_launch" in written[0] and "conformance/suite" not in written[0]
    progress.done()
    progress.done()  # a second done has no line to clear
    assert written[1:] == ["\r\x1b[K"]


def test_the_estimate_of_time_left_follows_the_rate() -> None:
    progress = Progress("plain", expected=400, write=lambda _text: None)
    progress.examples = 100
    progress._started = 0.0
    assert progress.text(now=50.0).endswith(": 100 examples, 2.0/s, ~2 min 30 s left")
    progress.examples = 390
    assert progress.text(now=195.0).endswith("2.0/s, ~5 s left")
    progress.examples = 400
    assert progress.text(now=200.0).endswith("400 examples, 2.0/s")  # nothing left to estimate


def test_a_stream_writer_flushes_each_line() -> None:
    stream = Stream(tty=False)
    flushed: list[str] = []
    stream.flush = lambda: flushed.append(stream.getvalue())  # type: ignore[method-assign]
    to_stream(stream)("ec2-conformance: x\n")
    assert flushed == ["ec2-conformance: x\n"]
