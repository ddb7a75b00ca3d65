"""conformance.progress: the progress line of a run."""

from __future__ import annotations


def test_progress_says_what_runs_how_fast_and_how_long_is_left() -> None:
    from conformance.progress import PLAIN_EVERY_S, Progress

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
