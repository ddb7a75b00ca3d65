"""run_draws: the body runs the asked number of times, with the same draws on every run."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from strategies.sampling import run_draws


def _draws(examples: int) -> list[int]:
    seen: list[int] = []
    run_draws(examples, lambda data: seen.append(data.draw(st.integers(0, 10**9))))
    return seen


def test_the_body_runs_once_per_example_with_the_same_draws_each_time() -> None:
    first = _draws(25)
    assert len(first) == 25
    assert len(set(first)) > 1  # the draws vary within a run
    assert _draws(25) == first


def test_a_failing_body_fails_the_run_with_its_first_failure_unshrunk() -> None:
    seen: list[int] = []

    def body(data: st.DataObject) -> None:
        value = data.draw(st.integers(0, 10**6))
        seen.append(value)
        if value > 1000:
            raise ValueError(f"failed on {value}")

    with pytest.raises(ValueError, match="failed on") as raised:
        run_draws(50, body)
    first = next(v for v in seen if v > 1000)
    assert str(raised.value) == f"failed on {first}"  # not shrunk towards 1001
    assert first != 1001
