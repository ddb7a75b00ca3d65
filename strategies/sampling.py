"""Drive many draws fast and deterministically: one `@given(st.data())` run, no database, no shrinking."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st


def run_draws(examples: int, body: Callable[[st.DataObject], None]) -> None:
    """Call `body` with a fresh `DataObject` `examples` times (the same sequence on every run)."""

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def drive(data: st.DataObject) -> None:
        body(data)

    drive()
