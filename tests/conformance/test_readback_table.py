"""The read-back table (conformance/readback_table.py): every observable member path is read back by a rule, a
run's coverage is checked against the paths a run can draw; with it, the checks that feed it (the minimal root
mapping valid requests send, the AWS target reading nothing back, the example world carrying every observable
path, the results counting read-back launches)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from conformance.example import ExampleResult
from conformance.findings import ExampleVerdict
from conformance.readback_table import NOT_DRAWN, NOT_OBSERVABLE, drawn_paths, main, observable_paths, readers
from reports.builder import ResultsBuilder
from strategies.carriers import carriers
from strategies.case import Case
from strategies.model import leaf_paths, leaves_of
from strategies.valid import valid_requests
from tests.support import reports as support
from tests.support.world_variants import WORLD


def test_every_observable_member_path_is_read_back(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    observable = [p for p in leaf_paths() if p not in NOT_OBSERVABLE]
    assert last == f"read-back: {len(observable)}/{len(observable)} observable member paths"
    assert set(NOT_OBSERVABLE) <= set(leaf_paths()), set(NOT_OBSERVABLE) - set(leaf_paths())


def test_read_back_rows_name_their_rules() -> None:
    assert [r.id for r in readers("UserData")] == ["R-RB-1"]
    assert "R-RB-6" in [r.id for r in readers("BlockDeviceMappings[].Ebs.VolumeType")]


def test_valid_requests_send_a_root_mapping_without_volume_size() -> None:
    roots = {image.image_id: image.root_device_name for image in WORLD.images}
    found: list[dict[str, Any]] = []

    @settings(max_examples=1500, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=valid_requests(WORLD))
    def collect(case: Case) -> None:
        root = roots.get(str(case.params.get("ImageId")))
        for mapping in case.params.get("BlockDeviceMappings", []):
            ebs = mapping.get("Ebs", {})
            if mapping.get("DeviceName") == root and "VolumeSize" not in ebs and "SnapshotId" not in ebs:
                found.append(mapping)

    collect()
    assert found and all("DeleteOnTermination" in m["Ebs"] for m in found), found[:3]


def test_the_aws_target_reads_nothing_back() -> None:
    """DryRun only: no Describe call follows a launch (there is none), whatever the answer says."""
    from conformance.targets.aws import AwsTarget

    launch = AwsTarget(region="us-east-1").read_back({"Instances": [{"InstanceId": "i-0123456789abcdef0"}]})
    assert (launch.described, launch.attributes, launch.volumes, launch.interfaces) == ([], {}, [], [])


def _results_with(read_back: dict[str, int], tmp_path: Path) -> Path:
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"coverage": {"members": {}, "leaves": {}, "read_back": read_back}}),
                    encoding="utf-8")
    return path


def test_check_fails_when_a_run_leaves_a_drawable_path_unread(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = dict.fromkeys(drawn_paths(), 1)
    assert main(["--results", str(_results_with(everything, tmp_path)), "--check"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-2].startswith(f"exercised: {len(drawn_paths())}/{len(drawn_paths())} ")
    missing = dict(everything, UserData=0)
    assert main(["--results", str(_results_with(missing, tmp_path)), "--check"]) == 1
    assert "never read back" in capsys.readouterr().err.splitlines()[-1].split(": UserData")[0]


def test_not_drawn_paths_are_observable_and_say_why() -> None:
    assert set(NOT_DRAWN) <= set(observable_paths()), set(NOT_DRAWN) - set(observable_paths())
    assert all(reason.strip() for reason in NOT_DRAWN.values())


def test_the_example_world_carries_every_observable_path_but_the_reserved_one() -> None:
    """carriers() finds a valid request for each member a world has the resources for (all but Operator)."""
    found = carriers(WORLD, observable_paths())
    assert sorted(set(observable_paths()) - set(found)) == ["Operator.Principal"]
    assert all(0 < len(cases) <= 3 and all(path in leaves_of(dict(c.params)) for c in cases)
               for path, cases in found.items())
    sizes = [len(leaves_of(dict(c.params))) for c in found["UserData"]]
    assert sizes == sorted(sizes), sizes


def test_read_back_counts_only_launches_and_a_hidden_user_data_counts_as_user_data() -> None:
    builder = ResultsBuilder(support.META)
    digest = {"size": 5, "sha256": "0" * 64}
    builder.record(ExampleResult.uniform(["R-RB-1"], ExampleVerdict.CONFORMS, params=dict(support.BASE,
                                                                                          UserData=digest),
                                         expected=support.SUCCESS, observed=support.LAUNCHED))
    builder.record(ExampleResult.uniform(["R-COUNT-2"], ExampleVerdict.CONFORMS, params=dict(support.BASE,
                                                                                             UserData=digest),
                                         expected=support.ERROR, observed=support.LAUNCHED))
    coverage = builder.build().coverage
    assert (coverage.leaves["UserData"], coverage.read_back["UserData"]) == (2, 1)
