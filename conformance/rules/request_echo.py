"""Read-back post-conditions, instance side: R-RB-1..5. What DescribeInstanceAttribute and DescribeInstances
show of a launch is what the request asked for, or the documented default when it asked nothing.

Each check is named by the request's member path (`UserData`, `CpuOptions.CoreCount`), `<path> (default)`
when the documented default is checked, `<path> (not readable)` when the target refused the read-back:
each is a signature of its own. Volumes and network interfaces are rules/request_echo_devices.py's.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Final

from conformance.findings import FailedCheck, Severity
from conformance.rules._launch_views import (
    ATTRIBUTES,
    DEFAULT,
    attribute_call,
    dicts,
    differs,
    from_template,
    get,
    unreadable,
)
from conformance.rules._readers import family_rule
from conformance.rules.core import Confidence, DryRun, Kind, Launch, PostCheck, Rule, RuleClass
from conformance.rules.user_data import decoded_user_data
from strategies.case import Case
from strategies.defaults import DEFAULTS
from strategies.world import World

FAMILY = "readback"
_NAMES: Final = {member: attribute for attribute, member in ATTRIBUTES.items()}


def _attribute_value(answers: Mapping[str, Any], member: str) -> Any:
    return get(answers, f"{member}.Value")


def _attribute_check(member: str, default: Any) -> PostCheck:
    """The DescribeInstanceAttribute of `member` shows the requested value, else `default`."""
    call = attribute_call(_NAMES[member])

    def check(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
        requested = case.params.get(member)
        if requested is None and from_template(case):
            return []
        label = member if requested is not None else member + DEFAULT
        wanted = requested if requested is not None else default
        problems = unreadable(launch, call, member)
        for instance_id, answers in launch.attributes.items():
            if call not in launch.unreadable:
                problems += differs(label, f"{instance_id}: {call}", _attribute_value(answers, member), wanted)
        return problems

    return check


def _decoded(value: Any) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return binascii.a2b_base64(value.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        return None


def _user_data(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """The bytes sent are the bytes stored (sizes only in the text: UserData is never shown)."""
    sent = decoded_user_data(case)
    if sent is None and from_template(case):
        return []
    call = attribute_call("userData")
    label = "UserData" if sent is not None else "UserData" + DEFAULT
    problems = unreadable(launch, call, "UserData")
    if call in launch.unreadable:
        return problems
    for instance_id, answers in launch.attributes.items():
        stored = _decoded(_attribute_value(answers, "UserData"))
        if (stored or b"") != (sent or b""):
            problems.append(FailedCheck(label, f"{instance_id}: {call} holds "
                                           f"{'no value' if stored is None else f'{len(stored)} bytes'}, "
                                           f"{'none' if sent is None else f'{len(sent)} bytes'} were sent"))
    return problems


# request member path -> where DescribeInstances shows it (the same path unless named here).
ECHOED: Final[Mapping[str, str]] = {
    "KernelId": "KernelId",
    "RamdiskId": "RamdiskId",
    "CpuOptions.CoreCount": "CpuOptions.CoreCount",
    "CpuOptions.ThreadsPerCore": "CpuOptions.ThreadsPerCore",
    "CpuOptions.AmdSevSnp": "CpuOptions.AmdSevSnp",
    "CpuOptions.NestedVirtualization": "CpuOptions.NestedVirtualization",
    "EnclaveOptions.Enabled": "EnclaveOptions.Enabled",
    "MaintenanceOptions.AutoRecovery": "MaintenanceOptions.AutoRecovery",
    "PrivateDnsNameOptions.HostnameType": "PrivateDnsNameOptions.HostnameType",
    "PrivateDnsNameOptions.EnableResourceNameDnsARecord": "PrivateDnsNameOptions.EnableResourceNameDnsARecord",
    "PrivateDnsNameOptions.EnableResourceNameDnsAAAARecord":
        "PrivateDnsNameOptions.EnableResourceNameDnsAAAARecord",
    "NetworkPerformanceOptions.BandwidthWeighting": "NetworkPerformanceOptions.BandwidthWeighting",
    "Operator.Principal": "Operator.Principal",
    "Placement.Affinity": "Placement.Affinity",
    "Placement.PartitionNumber": "Placement.PartitionNumber",
    "Placement.HostId": "Placement.HostId",
    "Placement.GroupId": "Placement.GroupId",
    "Placement.HostResourceGroupArn": "Placement.HostResourceGroupArn",
    "IamInstanceProfile.Arn": "IamInstanceProfile.Arn",
    "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId": "CapacityReservationId",
    "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationResourceGroupArn":
        "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationResourceGroupArn",
}
# documented defaults (strategies.defaults) DescribeInstances shows when the request omits the member: each at
# that value in every running instance of the recorded 2026 answer (conformance/evidence/responses); the capacity
# reservation preference's is R-CR-1's
ECHO_DEFAULTS: Final[Mapping[str, Any]] = {
    path: DEFAULTS[path] for path in ("EnclaveOptions.Enabled", "MaintenanceOptions.AutoRecovery")}


def _echoed(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    problems: list[FailedCheck] = []
    for member, shown_at in ECHOED.items():
        requested = get(case.params, member)
        if requested is None and (member not in ECHO_DEFAULTS or from_template(case)):
            continue
        label = member if requested is not None else member + DEFAULT
        wanted = requested if requested is not None else ECHO_DEFAULTS[member]
        for instance in launch.described:
            problems += differs(label, f"{instance.get('InstanceId')}: DescribeInstances {shown_at}",
                                get(instance, shown_at), wanted)
    return problems


def _special(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """Members DescribeInstances shows in another form: a profile name in the ARN, spot as the lifecycle,
    licences as a list."""
    problems: list[FailedCheck] = []
    name = get(case.params, "IamInstanceProfile.Name")
    market = get(case.params, "InstanceMarketOptions.MarketType")
    licences = {s.get("LicenseConfigurationArn") for s in dicts(case.params.get("LicenseSpecifications"))}
    for instance in launch.described:
        where = f"{instance.get('InstanceId')}: DescribeInstances"
        arn = get(instance, "IamInstanceProfile.Arn")
        if name is not None and not (isinstance(arn, str) and arn.endswith(f"/{name}")):
            problems.append(FailedCheck("IamInstanceProfile.Name", f"{where} IamInstanceProfile.Arn {arn!r}, "
                                                               f"requested the profile named {name!r}"))
        if market == "spot":
            problems += differs("InstanceMarketOptions.MarketType", f"{where} InstanceLifecycle",
                                instance.get("InstanceLifecycle"), "spot")
        shown = {entry.get("LicenseConfigurationArn") for entry in dicts(instance.get("Licenses"))}
        if licences - shown:
            problems.append(FailedCheck("LicenseSpecifications[].LicenseConfigurationArn", f"{where} Licenses "
                                    f"{sorted(map(str, shown))}, requested {sorted(map(str, licences))}"))
    return problems


def _largest_possible(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """An emulator has no capacity limit: it launches MaxCount when MinCount < MaxCount."""
    low, high = case.params.get("MinCount"), case.params.get("MaxCount")
    count = len(dicts(launch.reservation.get("Instances")))
    if isinstance(low, int) and isinstance(high, int) and low < high and 0 < count < high:
        return [FailedCheck("MaxCount", f"{count} instance(s) launched, MinCount {low}, MaxCount {high}: the largest "
                                    "possible number is MaxCount when capacity is not short")]
    return []


_rule = partial(family_rule, FAMILY)


def _post(rule_id: str, members: tuple[str, ...], summary: str, quotes: tuple[tuple[str, str], ...],
          check: Callable[[Case, World, Launch], list[FailedCheck]], **fields: Any) -> Rule:
    settings: dict[str, Any] = {"confidence": Confidence.DOCUMENTED, "rule_class": RuleClass.STATIC}
    settings.update(fields)
    return _rule(rule_id, members, summary, quotes, kind=Kind.POSTCONDITION, dry_run=DryRun.NOT_APPLICABLE,
                 postcondition=check, **settings)


RULES: tuple[Rule, ...] = (
    _post(
        "R-RB-1", ("UserData",),
        "DescribeInstanceAttribute userData holds the bytes sent (none when none were sent)",
        (("[BC]", "The user data to make available to the instance."),
         ("[UG-UD]", "When you launch an instance, you can pass user data to the instance")),
        _user_data, tags=frozenset({"read-back:DescribeInstanceAttribute"}),
        reason="compared as decoded bytes; only sizes are shown (UserData may hold secrets)",
    ),
    _post(
        "R-RB-2", ("InstanceInitiatedShutdownBehavior",),
        "DescribeInstanceAttribute instanceInitiatedShutdownBehavior is the requested value, else stop",
        (("[BC]", "Indicates whether an instance stops or terminates when you initiate shutdown from the "
                  "instance (using the operating system command for system shutdown). Default: stop"),),
        _attribute_check("InstanceInitiatedShutdownBehavior", "stop"),
        tags=frozenset({"read-back:DescribeInstanceAttribute"}),
    ),
    _post(
        "R-RB-3", ("DisableApiTermination",),
        "DescribeInstanceAttribute disableApiTermination is the requested value, else false",
        (("[BC]", "Indicates whether termination protection is enabled for the instance. The default is "
                  "false, which means that you can terminate the instance"),),
        _attribute_check("DisableApiTermination", False),
        tags=frozenset({"read-back:DescribeInstanceAttribute"}),
    ),
    _post(
        "R-RB-4", ("DisableApiStop",),
        "DescribeInstanceAttribute disableApiStop is the requested value, else false",
        (("[BC]", "Indicates whether an instance is enabled for stop protection."),
         ("[UG ec2-stop-protection]", "Stop protection is disabled by default")),
        _attribute_check("DisableApiStop", False), confidence=Confidence.INFERRED,
        tags=frozenset({"read-back:DescribeInstanceAttribute"}),
        reason="the API reference states no default; the user guide's stop-protection page says disabled",
    ),
    _post(
        "R-RB-5", (*ECHOED, "IamInstanceProfile.Name", "InstanceMarketOptions.MarketType",
                   "LicenseSpecifications[].LicenseConfigurationArn"),
        "DescribeInstances shows the requested kernel, ramdisk, CPU, enclave, maintenance, hostname, "
        "bandwidth, operator, placement, profile, market, licences and capacity reservation (else the "
        "documented defaults: enclaves off, auto-recovery default)",
        (("[BC]", "To enable the instance for Amazon Web Services Nitro Enclaves, set this parameter to true."),
         ("[BC]", "AutoRecovery: Disables the automatic recovery behavior of your instance or sets it to "
                  "default."),
         ("[OP]", "Launches the specified number of instances using an AMI for which you have permissions.")),
        lambda case, world, launch: _echoed(case, world, launch) + _special(case, world, launch),
        rule_class=RuleClass.RESOURCE, tags=frozenset({"read-back:DescribeInstances"}),
    ),
    _post(
        "R-RB-9", ("MaxCount", "MinCount"),
        "MinCount < MaxCount and no capacity limit -> MaxCount instances launched",
        (("[BC]", "MaxCount: The maximum number of instances to launch. If you specify a value that is more "
                  "capacity than Amazon EC2 can provide in the target Availability Zone, Amazon EC2 launches the "
                  "largest possible number of instances above the specified minimum count."),),
        _largest_possible, severity=Severity.MINOR,
        tags=frozenset({"read-back:RunInstances"}),
        reason="minor: on real EC2 capacity decides how many above MinCount launch, so fewer than MaxCount "
        "is conforming there; only a target without capacity limits (an emulator) must launch MaxCount, and "
        "a user who asked for a range accepted fewer",
    ),
)
