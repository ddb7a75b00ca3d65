"""RunInstances and DescribeInstances agree (R-PROTO-8): every member both answers carry for an instance has the
same value in both, apart from what the instance's documented progression changes (its state, attachments and
monitoring move on between the two answers). Both answers are the API's one `Instance` shape for the same
instance; moto shipped fixes where they differed (getmoto/moto PR 6906).

List items are matched by their identity (a network interface by its id, a mapping by its device name, a tag by
its key), so an order that differs is no disagreement; a member one answer leaves out or leaves empty is not
judged here (the answers' required members are R-PROTO-8's shape check).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from conformance.findings import FailedCheck

# Leaves a documented progression changes between the launch answer and a later Describe ([BC] InstanceState,
# InstanceNetworkInterface.Status, InstanceNetworkInterfaceAttachment.Status, EbsInstanceBlockDevice.Status,
# Monitoring.State: pending -> enabled/disabled).
PROGRESSING = frozenset({
    "State", "StateReason", "StateTransitionReason", "Monitoring.State",
    "NetworkInterfaces[].Status", "NetworkInterfaces[].Attachment.Status",
    "BlockDeviceMappings[].Ebs.Status",
})
# The member that identifies an item of each list the Instance shape holds.
ITEM_KEYS: Mapping[str, str] = {
    "NetworkInterfaces": "NetworkInterfaceId",
    "BlockDeviceMappings": "DeviceName",
    "Tags": "Key",
    "SecurityGroups": "GroupId",
    "Groups": "GroupId",
    "PrivateIpAddresses": "PrivateIpAddress",
    "Ipv6Addresses": "Ipv6Address",
    "Ipv4Prefixes": "Ipv4Prefix",
    "Ipv6Prefixes": "Ipv6Prefix",
    "ProductCodes": "ProductCodeId",
    "ElasticGpuAssociations": "ElasticGpuId",
    "ElasticInferenceAcceleratorAssociations": "ElasticInferenceAcceleratorArn",
    "Licenses": "LicenseConfigurationArn",
}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _items(key: str, values: list[Any]) -> dict[str, Any]:
    """A list's items by their identity (items without it by position)."""
    return {str(item.get(key, f"#{index}")) if isinstance(item, Mapping) else f"#{index}": item
            for index, item in enumerate(values)}


def _differences(launched: Any, described: Any, path: str) -> Iterator[str]:
    """The member paths (list items as `[]`) whose values differ where both answers carry them."""
    if path in PROGRESSING or _empty(launched) or _empty(described):
        return
    if isinstance(launched, Mapping) and isinstance(described, Mapping):
        for member in sorted(set(launched) & set(described)):
            yield from _differences(launched[member], described[member], f"{path}.{member}" if path else member)
    elif isinstance(launched, list) and isinstance(described, list):
        if all(not isinstance(item, (Mapping, list)) for item in [*launched, *described]):
            if sorted(map(str, launched)) != sorted(map(str, described)):
                yield path
            return
        key = ITEM_KEYS.get(path.rsplit(".", 1)[-1].removesuffix("[]"), "")
        ran, shown = _items(key, launched), _items(key, described)
        for identity in sorted(set(ran) & set(shown)):
            yield from _differences(ran[identity], shown[identity], f"{path}[]")
    elif launched != described:
        yield path


def disagreements(launched: list[Mapping[str, Any]], described: list[Mapping[str, Any]]) -> list[FailedCheck]:
    """One failed check per member path on which an instance's launch answer and its Describe differ."""
    shown = {d.get("InstanceId"): d for d in described}
    problems: list[FailedCheck] = []
    for instance in launched:
        other = shown.get(instance.get("InstanceId"))
        if other is None:
            continue
        for path in dict.fromkeys(_differences(instance, other, "")):
            problems.append(FailedCheck(
                f"RunInstances/DescribeInstances {path}",
                f"{instance.get('InstanceId')}: {path} differs between the RunInstances answer and DescribeInstances"))
    return problems
