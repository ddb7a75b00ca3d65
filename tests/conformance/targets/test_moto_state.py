"""conformance.targets.moto_state: moto's in-process state saved once and restored by deep copy. A restore forgets
what was made since (in the saved regions, and every region and account made later), repeats moto's random ids,
and shares the default AMIs between copies instead of copying them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.ec2.models import ec2_backends

from conformance.targets.moto_state import MotoSnapshot, default_ec2_objects, drop_all_backends, seed


@pytest.fixture
def ec2() -> Iterator[Any]:
    with mock_aws():
        drop_all_backends()
        seed()
        yield boto3.client("ec2", region_name="us-east-1", aws_access_key_id="testing",
                           aws_secret_access_key="testing")
        drop_all_backends()


def _vpcs(client: Any) -> set[str]:
    return {v["CidrBlock"] for v in client.describe_vpcs()["Vpcs"]}


def test_a_restore_forgets_what_was_made_since_and_repeats_the_ids(ec2: Any) -> None:
    ec2.create_vpc(CidrBlock="10.1.0.0/16")
    snapshot = MotoSnapshot(default_ec2_objects(ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]))
    snapshot.restore()
    first = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    assert {"10.1.0.0/16", "10.2.0.0/16"} <= _vpcs(ec2)
    snapshot.restore()
    again = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    assert again == first  # seeded: the same calls after a restore make the same ids
    snapshot.restore()
    assert "10.1.0.0/16" in _vpcs(ec2) and "10.2.0.0/16" not in _vpcs(ec2)


def test_regions_made_after_the_snapshot_are_forgotten(ec2: Any) -> None:
    ec2.describe_vpcs()
    snapshot = MotoSnapshot([])
    other = boto3.client("ec2", region_name="eu-west-1", aws_access_key_id="testing",
                         aws_secret_access_key="testing")
    other.create_vpc(CidrBlock="10.9.0.0/16")
    assert sorted(ec2_backends[DEFAULT_ACCOUNT_ID]) == ["eu-west-1", "us-east-1"]  # (`in` says: a valid region)
    snapshot.restore()
    assert list(ec2_backends[DEFAULT_ACCOUNT_ID].keys()) == ["us-east-1"]
    assert "10.9.0.0/16" not in _vpcs(other)  # made anew, empty of what was made before


def test_default_amis_are_shared_and_restored_copies_are_new(ec2: Any) -> None:
    ec2.describe_availability_zones()
    backend = ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
    shared = default_ec2_objects(backend)
    assert len(backend.amis) > 0 and len(shared) >= len(backend.amis)
    an_ami = next(iter(backend.amis.values()))
    snapshot = MotoSnapshot(shared)
    snapshot.restore()
    restored = ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
    assert restored is not backend
    assert restored.amis[an_ami.id] is an_ami  # shared, never copied
    snapshot.restore()
    assert ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"] is not restored  # a fresh copy each time


def test_drop_all_backends_forgets_every_backend(ec2: Any) -> None:
    ec2.create_vpc(CidrBlock="10.3.0.0/16")
    assert ec2_backends[DEFAULT_ACCOUNT_ID]
    drop_all_backends()
    assert "10.3.0.0/16" not in _vpcs(ec2)
