"""The carriers of a member path vary: each next one lacks a member all the earlier ones carry, so one member a
target refuses cannot make every carrier of a path fail."""

from __future__ import annotations

from strategies.carriers import _varied
from strategies.case import Case


def _entry(*members: str) -> tuple[frozenset[str], Case]:
    return frozenset(members), Case({member: True for member in members})


def test_the_next_carrier_lacks_a_member_the_earlier_ones_share() -> None:
    pool = [_entry("A", "P", "M"), _entry("A", "P", "M", "X"), _entry("A", "P", "M", "Y"), _entry("A", "P", "Z")]
    chosen = [set(case.params) for case in _varied(pool, 3)]
    assert chosen[0] == {"A", "P", "M"}
    assert chosen[1] == {"A", "P", "Z"}  # the smallest without M, not the smaller ones that still carry M


def test_a_pool_without_variety_still_gives_the_smallest_ones() -> None:
    pool = [_entry("A", "P"), _entry("A", "P", "X"), _entry("A", "P", "X", "Y")]
    assert [set(case.params) for case in _varied(pool, 2)] == [{"A", "P"}, {"A", "P", "X"}]
