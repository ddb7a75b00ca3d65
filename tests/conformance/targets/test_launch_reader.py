"""What a launch is read back with (conformance.targets.launch_reader) reaches the rules. Emulator faults injected
with botocore event hooks on moto's clients: each must make a run against the
committed moto baseline fail, naming the new signature; without the fault the same requests pass.

The hooks change the answer as an emulator that dropped or changed the member would have answered:
read-backs (`target.client`) in `after-call` on the parsed answer; RunInstances (the transport's client,
judged on the HTTP body) in `before-parse` on the XML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from conformance.baseline import load
from conformance.runner import ConformanceFailure, Runner
from conformance.targets import Target, get_target
from strategies.case import Case
from tests.support import REPO

BASELINE = REPO / "conformance" / "baselines" / "moto.json"
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    with get_target("moto") as started:
        yield started


def _request(target: Target, **members: Any) -> Case:
    world = target.world()
    return Case({"ImageId": world.image_ids[0], "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
                 **members})


def _drop_user_data(parsed: dict[str, Any]) -> None:
    parsed.pop("UserData", None)


def _ignore_shutdown(parsed: dict[str, Any]) -> None:
    if "InstanceInitiatedShutdownBehavior" in parsed:
        parsed["InstanceInitiatedShutdownBehavior"] = {"Value": "stop"}


def _drop_volume_tags(parsed: dict[str, Any]) -> None:
    for volume in parsed.get("Volumes", []):
        volume["Tags"] = []


def _volume_type_gp2(parsed: dict[str, Any]) -> None:
    for volume in parsed.get("Volumes", []):
        volume["VolumeType"] = "gp2"


def _xml_edit(pattern: str, replacement: str) -> Edit:
    """RunInstances is judged on the HTTP body: edit the XML before botocore (and the transport) parse it."""
    def edit(response: dict[str, Any]) -> None:
        response["body"] = re.sub(pattern.encode(), replacement.encode(), response["body"], flags=re.S)

    return edit


_drop_architecture = _xml_edit(r"<architecture>.*?</architecture>", "")
_running_at_launch = _xml_edit(r"<instanceState>.*?</instanceState>",
                               "<instanceState><code>16</code><name>running</name></instanceState>")
_no_state_reason = _xml_edit(r"<stateReason>.*?</stateReason>", "")


_VOLUME = {"BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 10, "VolumeType": "gp3"}}],
           "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "team", "Value": "db"}]}]}

# name -> (operation, edit, request members, the signature that must appear)
FAULTS: Mapping[str, tuple[str, Edit, Mapping[str, Any], str]] = {
    "user data dropped": ("DescribeInstanceAttribute", _drop_user_data, {"UserData": "#!/bin/sh\necho hi\n"},
                          "R-RB-1 | post-condition | UserData"),
    "shutdown behaviour ignored": ("DescribeInstanceAttribute", _ignore_shutdown,
                                   {"InstanceInitiatedShutdownBehavior": "terminate"},
                                   "R-RB-2 | post-condition | InstanceInitiatedShutdownBehavior"),
    "volume tags dropped": ("DescribeVolumes", _drop_volume_tags, _VOLUME,
                            "R-RB-6 | post-condition | TagSpecifications[].Tags[] (volume)"),
    "volume type ignored": ("DescribeVolumes", _volume_type_gp2, _VOLUME,
                            "R-RB-6 | post-condition | BlockDeviceMappings[].Ebs.VolumeType"),
    "response member removed": ("RunInstances", _drop_architecture, {},
                                "R-PROTO-8 | post-condition | RunInstances Instances[].Architecture (missing)"),
    "running at launch": ("RunInstances", _running_at_launch, {},
                          "R-PROTO-9 | post-condition | RunInstances State.Name"),
    "StateReason removed": ("RunInstances", _no_state_reason, {},
                            "R-PROTO-8 | post-condition | RunInstances Instances[].StateReason (missing)"),
}


def _client_for(target: Target, operation: str) -> Any:
    transport = target._boto3  # the RunInstances client
    return transport.client if operation == "RunInstances" and transport is not None else target.client


def _run(target: Target, case: Case) -> None:
    Runner(target, target.world(), load(BASELINE)).run(case)


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_fails_the_run_naming_its_signature(target: Target, name: str) -> None:
    operation, edit, members, signature = FAULTS[name]
    case = _request(target, **members)
    _run(target, case)  # without the fault: conforms, or only known divergences
    raw = operation == "RunInstances"
    event = f"{'before-parse' if raw else 'after-call'}.ec2.{operation}"

    def inject(**kwargs: Any) -> None:
        edit(kwargs["response_dict" if raw else "parsed"])

    client = _client_for(target, operation)
    client.meta.events.register_first(event, inject)
    try:
        with pytest.raises(ConformanceFailure) as failure:
            _run(target, case)
    finally:
        client.meta.events.unregister(event, inject)
    assert signature in str(failure.value), str(failure.value)


def test_a_refused_read_back_is_its_own_signature_not_a_crash(target: Target) -> None:
    """A target that does not implement DescribeInstanceAttribute disableApiStop: `(not readable)`."""
    from botocore.exceptions import ClientError

    def refuse(params: dict[str, Any], **_: Any) -> None:
        if params.get("Attribute") == "disableApiStop":
            raise ClientError({"Error": {"Code": "InvalidParameterValue", "Message": "not supported"},
                               "ResponseMetadata": {"HTTPStatusCode": 400}}, "DescribeInstanceAttribute")

    event = "before-parameter-build.ec2.DescribeInstanceAttribute"
    target.client.meta.events.register(event, refuse)
    try:
        with pytest.raises(ConformanceFailure) as failure:
            _run(target, _request(target))
    finally:
        target.client.meta.events.unregister(event, refuse)
    assert "R-RB-4 | post-condition | DisableApiStop (not readable)" in str(failure.value)
