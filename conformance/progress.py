"""Progress of a long conformance run: the test (rule or mutation) being run, examples so far, examples per
second and an estimate of the time left; one updating line on a terminal, a plain line every few seconds in
CI logs (written to stderr, so pytest's own output is left alone)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

PLAIN_EVERY_S = 15.0
LINE_EVERY_S = 0.25
MODES = ("auto", "line", "plain", "off")


def resolve(mode: str, stream: TextIO) -> str:
    """`auto`: one updating line on a terminal, plain lines elsewhere (CI sets $CI)."""
    if mode != "auto":
        return mode
    return "line" if stream.isatty() and not os.environ.get("CI") else "plain"


def to_stream(stream: TextIO) -> Callable[[str], None]:
    def write(text: str) -> None:
        stream.write(text)
        stream.flush()

    return write


@dataclass
class Progress:
    mode: str = "auto"
    expected: int = 0  # examples the run is expected to make (an estimate from the collected tests)
    stream: TextIO = field(default_factory=lambda: sys.__stderr__ or sys.stderr)  # decides `auto`
    write: Callable[[str], None] | None = None  # default: to `stream`
    examples: int = 0
    current: str = ""
    _started: float = field(default_factory=time.monotonic)
    _last: float = 0.0
    _line_open: bool = False

    def __post_init__(self) -> None:
        self.mode = resolve(self.mode, self.stream)
        self._out = self.write or to_stream(self.stream)

    def begin(self, nodeid: str) -> None:
        self.current = nodeid.rsplit("::", 1)[-1]

    def example(self) -> None:
        self.examples += 1
        now = time.monotonic()
        if self.examples == 1:  # the clock starts at the first example (after the target started)
            self._started = self._last = now
            return
        every = LINE_EVERY_S if self.mode == "line" else PLAIN_EVERY_S
        if self.mode != "off" and now - self._last >= every:
            self._last = now
            self._write(self.text(now))

    def text(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self._started, 1e-6)
        rate = self.examples / elapsed
        left = ""
        if self.expected > self.examples and rate > 0:
            left = f", ~{_duration((self.expected - self.examples) / rate)} left"
        return f"ec2-conformance: {self.current}: {self.examples} examples, {rate:.1f}/s{left}"

    def _write(self, text: str) -> None:
        if self.mode == "line":
            self._out("\r\x1b[K" + text[:200])
            self._line_open = True
        else:
            self._out(text + "\n")

    def done(self) -> None:
        if self._line_open:
            self._out("\r\x1b[K")
            self._line_open = False


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
