"""The installed botocore model and the families agree: every member path is built by exactly one family."""

from __future__ import annotations

import pytest

from strategies.families import FAMILIES, family_of, handled_paths
from strategies.model import leaf_paths, top_level_members


@pytest.mark.parametrize("path", leaf_paths())
def test_every_model_member_path_has_a_builder(path: str) -> None:
    assert family_of(path) is not None, (
        f"{path} is in the installed botocore model but no strategies/families module builds it: "
        "add it to that family's PATHS and build it"
    )


def test_families_know_no_path_the_model_lacks() -> None:
    stale = handled_paths() - set(leaf_paths())
    assert not stale, f"families build paths the installed model does not have: {sorted(stale)}"


def test_no_path_belongs_to_two_families() -> None:
    seen: dict[str, str] = {}
    for family in FAMILIES:
        for path in family.PATHS:
            assert path not in seen, f"{path} is in both {seen[path]} and {family.__name__}"
            seen[path] = family.__name__


def test_every_top_level_member_is_reached() -> None:
    reached = {path.split(".")[0].split("[")[0] for path in handled_paths()}
    assert set(top_level_members()) <= reached, sorted(set(top_level_members()) - reached)


def test_family_of_names_the_module_or_none() -> None:
    assert family_of("ImageId") == "core"
    assert family_of("TagSpecifications[].Tags[].Key") == "tags"
    assert family_of("NoSuchMember") is None
    assert handled_paths() == frozenset().union(*(family.PATHS for family in FAMILIES))
