"""The coverage command: which member paths valid examples carry, which rules' mutations touched them, and the
summary line it ends with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import strategies as st

from strategies import coverage
from strategies.case import Case, Mutation
from strategies.coverage import Coverage, leaves_under, measure, normalise, report
from strategies.model import leaf_paths
from strategies.mutations import MutationSpec
from strategies.world import World, example_world

WORLD = example_world()


def test_normalise_writes_concrete_indexes_as_lists() -> None:
    assert normalise("NetworkInterfaces[0].Groups[12]") == "NetworkInterfaces[].Groups[]"
    assert normalise("ImageId") == "ImageId"


def test_leaves_under_a_leaf_a_structure_and_an_unknown_path() -> None:
    assert leaves_under("ImageId") == ("ImageId",)
    placement = leaves_under("Placement")
    assert "Placement.Tenancy" in placement and all(p.startswith("Placement.") for p in placement)
    assert set(leaves_under("NetworkInterfaces")) == {p for p in leaf_paths() if p.startswith("NetworkInterfaces[")}
    assert leaves_under("NoSuchMember") == ("NoSuchMember",)


def test_covered_counts_paths_seen_valid_or_mutated_and_only_model_leaves() -> None:
    found = Coverage()
    found.appearances.update(["ImageId", "NotALeaf"])
    found.mutated_by["Placement.Tenancy"].add("R-PLC-1")
    found.mutated_by["Outside"].add("R-X-1")
    assert found.covered() == {"ImageId", "Placement.Tenancy"}


def test_measure_counts_each_path_once_per_example_and_records_mutated_rules() -> None:
    result = measure(WORLD, 10)
    assert result.examples == 10
    assert result.appearances["ImageId"] + result.appearances["LaunchTemplate.LaunchTemplateId"] + \
        result.appearances["LaunchTemplate.LaunchTemplateName"] >= 10
    assert result.appearances["MinCount"] == result.appearances["MaxCount"] == 10
    assert all(count <= 10 for count in result.appearances.values())
    assert result.mutated_by and not result.mutation_errors
    assert all(rule.startswith("R-") for rules in result.mutated_by.values() for rule in rules)


def _spec(build: Callable[[st.DrawFn, dict[str, Any], World], Case], path: str) -> MutationSpec:
    return MutationSpec("test-spec", "R-TEST-1", path, build)


def test_a_mutation_that_raises_is_counted_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(draw: st.DrawFn, params: dict[str, Any], world: World) -> Case:
        raise KeyError("boom")

    monkeypatch.setattr(coverage, "select", lambda world: (_spec(broken, "ImageId"),))
    result = measure(WORLD, 3)
    assert result.mutation_errors == {"test-spec: KeyError": 3}
    assert not result.mutated_by and result.examples == 3


def test_a_mutation_is_recorded_at_the_path_it_names_else_at_its_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    def named(draw: st.DrawFn, params: dict[str, Any], world: World) -> Case:
        return Case(params, mutation=Mutation("R-TEST-1", "NetworkInterfaces[1].Groups[0]", "test-spec"))

    def unnamed(draw: st.DrawFn, params: dict[str, Any], world: World) -> Case:
        return Case(params)

    monkeypatch.setattr(coverage, "select", lambda world: (_spec(named, "ImageId"),))
    assert dict(measure(WORLD, 2).mutated_by) == {"NetworkInterfaces[].Groups[]": {"R-TEST-1"}}
    monkeypatch.setattr(coverage, "select", lambda world: (_spec(unnamed, "Placement"),))
    assert set(measure(WORLD, 2).mutated_by) == set(leaves_under("Placement"))


def test_the_report_has_a_row_per_leaf_and_ends_with_the_summary() -> None:
    found = Coverage(examples=2)
    found.appearances.update(["ImageId", "ImageId", "MinCount"])
    found.mutated_by["ImageId"].update({"R-AMI-2", "R-AMI-1"})
    found.mutated_by["Elsewhere"].add("R-X-1")
    found.mutation_errors["spec: KeyError"] = 4
    lines = report(found)
    leaves = leaf_paths()
    assert lines[0].startswith("member path") and lines[0].endswith("mutated by rules")
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in lines[1:len(leaves) + 1]}
    assert set(rows) == set(leaves)
    assert rows["ImageId"] == ["2", "R-AMI-1, R-AMI-2"]
    assert rows["MinCount"] == ["1", "-"]
    assert rows["DryRun"] == ["0", "-"]
    assert lines[-3:] == [
        "mutation paths outside the model's leaves: Elsewhere",
        "mutation build error (4x): spec: KeyError",
        f"member paths covered: 2/{len(leaves)}",
    ]


def test_main_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert coverage.main(["--examples", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("member paths covered: ") and out[-1].endswith(f"/{len(leaf_paths())}")


def test_main_refuses_fewer_than_one_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        coverage.main(["--examples", "0"])
    assert exited.value.code == 2
    assert "--examples must be at least 1" in capsys.readouterr().err


def test_paths_in_the_valid_examples_are_model_leaves() -> None:
    found = measure(WORLD, 5)
    assert set(found.appearances) <= set(leaf_paths())
