"""ministack, installed on first use into its own virtual environment and started on loopback.

Runs in CI (the first run installs ministack from PyPI, ~10 s); skipped with the reason only when the
install itself is impossible here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.outcome import OutcomeKind
from conformance.targets import Target, TargetError, get_target
from strategies.case import Case


@pytest.fixture(scope="module")
def ministack() -> Iterator[Target]:
    target = get_target("ministack")
    try:
        target.process.install()  # type: ignore[attr-defined]
    except TargetError as exc:
        pytest.skip(f"ministack cannot be installed here: {exc}")
    with target:
        yield target


def test_ministack_sends_and_classifies(ministack: Target) -> None:
    world = ministack.world()
    assert ministack.version.startswith("ministack ")
    params = {
        "ImageId": world.images[0].image_id,
        "MinCount": 1,
        "MaxCount": 1,
        "InstanceType": world.instance_types[0],
        "SubnetId": world.subnets[0].subnet_id,
    }
    ok = ministack.send(Case(params))
    assert ok.kind is OutcomeKind.SUCCESS and len(ok.instance_ids) == 1
    assert [i["InstanceId"] for i in ministack.describe_instances(ok.instance_ids)] == ok.instance_ids
    bad = ministack.send(Case({**params, "MinCount": 3, "MaxCount": 2}))
    assert bad.kind in (OutcomeKind.ERROR, OutcomeKind.SUCCESS)  # classified either way, never raised


def test_ministack_ignores_dry_run(ministack: Target) -> None:
    world = ministack.world()
    outcome = ministack.send(
        Case({"ImageId": world.images[0].image_id, "MinCount": 1, "MaxCount": 1, "DryRun": True})
    )
    assert outcome.kind is OutcomeKind.SUCCESS  # the divergence this suite exists to show (EC2: 412)


def test_ministack_reset_keeps_the_world_and_ends_instances(ministack: Target) -> None:
    world = ministack.world()
    ids = ministack.send(
        Case({"ImageId": world.images[0].image_id, "MinCount": 1, "MaxCount": 1})
    ).instance_ids
    ministack.reset()
    assert ministack.world() == world
    states = {i["State"]["Name"] for i in ministack.describe_instances(ids)}
    assert states <= {"shutting-down", "terminated"}
    subnets = ministack.client.describe_subnets(SubnetIds=[s.subnet_id for s in world.subnets])["Subnets"]
    assert len(subnets) == len(world.subnets)
