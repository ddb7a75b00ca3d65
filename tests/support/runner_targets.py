"""In-process fake targets for judging examples through a Runner (the runner, probe, verdict and example tests):
one that refuses instance-store mappings as moto does, one whose answers an earlier example's address decided."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from conformance.baseline import Baseline
from conformance.outcome import Fault, Outcome, OutcomeKind
from conformance.rules.core import Launch
from conformance.runner import Runner
from conformance.targets.addresses import AddressLedger
from conformance.targets.base import Target
from strategies.case import Case
from strategies.world import example_world

WORLD = example_world()
VALID: dict[str, Any] = {
    "ImageId": WORLD.images[0].image_id, "MinCount": 1, "MaxCount": 1,
    "InstanceType": "t3.micro", "SubnetId": WORLD.subnets[0].subnet_id,
}
EPHEMERAL = {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}
EBS = {"DeviceName": "/dev/sdc", "Ebs": {"VolumeSize": 8, "VolumeType": "gp2"}}


def error(code: str, status: int = 400) -> Outcome:
    return Outcome(OutcomeKind.ERROR, status=status, code=code, message="m", request_id="r")


def launched(case: Case) -> Outcome:
    instance = {"InstanceId": "i-0123456789abcdef0", "ImageId": case.params.get("ImageId"),
                "State": {"Code": 0, "Name": "pending"}, "AmiLaunchIndex": 0}
    return Outcome(OutcomeKind.SUCCESS, status=200,
                   reservation={"ReservationId": "r-0123456789abcdef0", "OwnerId": "1", "Instances": [instance]})


class FakeTarget:
    """Refuses any request with an instance-store mapping (as moto does); launches everything else."""

    name = "fake"
    launches = True

    def __init__(self) -> None:
        self.sent: list[Case] = []

    def prepare(self, case: Case) -> Case:
        return case

    def reset(self) -> None:
        pass

    def send(self, case: Case) -> Outcome:
        self.sent.append(case)
        mappings = case.params.get("BlockDeviceMappings", [])
        if any("VirtualName" in m for m in mappings):
            return error("MissingParameter")
        if case.params.get("MetadataOptions", {}).get("HttpPutResponseHopLimit", 1) > 64:
            return error("InvalidParameterValue")
        if case.dry_run:
            return error("DryRunOperation", 412)
        return launched(case)

    def probe(self, case: Case) -> Outcome:
        return self.send(case)

    def describe_instances(self, ids: list[str]) -> list[dict[str, Any]]:
        return []

    def read_back(self, reservation: Mapping[str, Any]) -> Launch:
        return Launch(reservation)


def runner(baseline: Baseline | None = None, **options: Any) -> Runner:
    return Runner(cast(Target, FakeTarget()), WORLD, baseline or Baseline("fake"), **options)


class HeldAddressTarget(FakeTarget):
    """LocalStack after an earlier example: HTTP 500 "IP already in use" at 10.0.0.10, with the held-address
    mark conformance.targets.http_target adds to such an answer (its ledger's `left_behind`)."""

    def send(self, case: Case) -> Outcome:
        if case.params.get("PrivateIpAddress") == "10.0.0.10":
            return Outcome(OutcomeKind.CRASH, status=500, code="InternalError", message="IP already in use",
                           fault=Fault.SERVER_ERROR, left_behind=AddressLedger([]).left_behind(case, ["10.0.0.10"]))
        return super().send(case)
