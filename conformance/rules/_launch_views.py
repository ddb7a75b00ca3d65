"""Shared readers of a Launch for the read-back post-conditions (rules/request_echo.py, rules/request_echo_devices.py);
no rule lives here.

The names of the read-back calls are defined here (conformance.targets.launch_reader imports them), so the
rules and the target agree on what `Launch.unreadable` keys mean.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from conformance.findings import FailedCheck
from conformance.rules._readers import get as get
from conformance.rules.core import Launch
from strategies.case import Case

# DescribeInstanceAttribute name -> the member of its answer that holds {"Value": ...}.
ATTRIBUTES: Final = {
    "userData": "UserData",
    "instanceInitiatedShutdownBehavior": "InstanceInitiatedShutdownBehavior",
    "disableApiTermination": "DisableApiTermination",
    "disableApiStop": "DisableApiStop",
}
VOLUMES: Final = "DescribeVolumes"
INTERFACES: Final = "DescribeNetworkInterfaces"
NOT_READABLE: Final = " (not readable)"
DEFAULT: Final = " (default)"


def attribute_call(attribute: str) -> str:
    """The key under which Launch.unreadable records a refused DescribeInstanceAttribute."""
    return f"DescribeInstanceAttribute {attribute}"


def unreadable(launch: Launch, call: str, check: str) -> list[FailedCheck]:
    """`<check> (not readable)` when the target refused the read-back this check needs."""
    error = launch.unreadable.get(call)
    return [] if error is None else [FailedCheck(check + NOT_READABLE, f"{call}: {error}")]


def from_template(case: Case) -> bool:
    """A launch template may set what the request omits: documented defaults are not checked then."""
    return "LaunchTemplate" in case.params


def launched_ids(launch: Launch) -> list[str]:
    found = launch.reservation.get("Instances", []) or []
    return [str(i["InstanceId"]) for i in found if isinstance(i, Mapping) and i.get("InstanceId")]


def dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def tag_pairs(value: Any) -> set[tuple[Any, Any]]:
    return {(t.get("Key"), t.get("Value")) for t in dicts(value)}


def requested_tags(case: Case, resource_type: str) -> set[tuple[Any, Any]]:
    """The tags the request gives resources of this type (TagSpecifications)."""
    wanted: set[tuple[Any, Any]] = set()
    for spec in dicts(case.params.get("TagSpecifications")):
        if spec.get("ResourceType") == resource_type:
            wanted |= tag_pairs(spec.get("Tags"))
    return wanted


def volumes_of(launch: Launch, instance_id: str) -> Iterator[tuple[str, Mapping[str, Any], Mapping[str, Any]]]:
    """(device, attachment, volume) for every volume DescribeVolumes shows attached to the instance."""
    for volume in launch.volumes:
        for attachment in dicts(volume.get("Attachments")):
            if attachment.get("InstanceId") == instance_id:
                yield str(attachment.get("Device")), attachment, volume


def interface_at(launch: Launch, instance_id: str, device_index: Any) -> Mapping[str, Any] | None:
    """The network interface DescribeNetworkInterfaces shows attached to the instance at this index."""
    for interface in launch.interfaces:
        attachment = interface.get("Attachment")
        if isinstance(attachment, Mapping) and attachment.get("InstanceId") == instance_id and (
            attachment.get("DeviceIndex") == device_index
        ):
            return interface
    return None


def differs(check: str, where: str, shown: Any, wanted: Any) -> list[FailedCheck]:
    return [] if shown == wanted else [FailedCheck(check, f"{where}: {shown!r}, requested {wanted!r}")]
