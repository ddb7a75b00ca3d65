"""The carriers of a member path vary: each next one lacks a member all the earlier ones carry, so one member a
target refuses cannot make every carrier of a path fail."""

from __future__ import annotations

from strategies.carriers import _varied, carriers
from strategies.case import Case
from strategies.model import leaves_of
from strategies.world import example_world


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


def test_carriers_are_valid_draws_that_carry_the_path_smallest_first() -> None:
    world = example_world()
    wanted = ("ImageId", "Placement.PartitionNumber", "NoSuchMember")
    found = carriers(world, wanted, draws=120, keep=2)
    assert set(found) == {"ImageId", "Placement.PartitionNumber"}  # a path no draw carries is absent
    for path, cases in found.items():
        assert 1 <= len(cases) <= 2
        sizes = [len(leaves_of(dict(case.params))) for case in cases]
        assert all(path in leaves_of(dict(case.params)) for case in cases)
        assert sizes[0] == min(sizes)
        assert all(case.params.get("DryRun", False) is False for case in cases)
    assert carriers(world, wanted, draws=120, keep=2) == found  # the same draws every run
