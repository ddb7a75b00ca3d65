"""The world resources a counterexample names, recovered from its params, as setup steps for a fresh emulator.

The suite's world (strategies.world) exists only on the target it ran against: a reproducer that names
`subnet-eecceab12717a8e90` fails anywhere else with `InvalidSubnetID.NotFound`. Each id or name of a world
resource in the request (a subnet, security groups, a key pair, a launch template, a placement group) becomes a
setup step that creates it (in a VPC of its own where it needs one) and a variable the request uses instead.
The member the mutation broke is left as sent: its value is the point of the reproducer. Images stay as sent:
an emulator's default AMIs (moto's) exist on every fresh instance of it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from conformance.findings import member_pattern
from strategies.world import MISSING_NAME_PREFIX

_WELL_FORMED = {
    "subnet": re.compile(r"^subnet-[0-9a-f]{8,17}$"),
    "sg": re.compile(r"^sg-[0-9a-f]{8,17}$"),
    "lt": re.compile(r"^lt-[0-9a-f]{8,17}$"),
    "snap": re.compile(r"^snap-[0-9a-f]{8,17}$"),
    "eni": re.compile(r"^eni-[0-9a-f]{8,17}$"),
}
VPC_CIDR = ipaddress.ip_network("10.0.0.0/16")
SUBNET_CIDRS = ("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24")


@dataclass(frozen=True)
class Step:
    """One resource to create: `kind` (vpc, subnet, security_group, key_pair, launch_template, placement_group,
    volume and snapshot: a snapshot is made of a volume of its own; network_interface, in a subnet of the
    request's),
    the variable it is captured in, and its arguments (values naming other steps' variables are `$VAR`)."""

    kind: str
    variable: str
    args: Mapping[str, str]


@dataclass
class Setup:
    """Setup steps, and the request with world ids replaced by `${VAR}` tokens."""

    steps: list[Step] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    real: bool = False  # real EC2: no setup, its own resources
    _ids: dict[str, str] = field(default_factory=dict)  # world id or name -> variable

    def variable(self, value: str) -> str | None:
        return self._ids.get(value)

    def add(self, value: str, step: Step) -> str:
        self._ids[value] = step.variable
        self.steps.append(step)
        return step.variable

    def tokens(self, value: Any) -> Any:
        """`value` (an earlier call's request) with the world ids the setup creates as `${VAR}` tokens."""
        if isinstance(value, Mapping):
            return {k: self.tokens(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.tokens(v) for v in value]
        variable = self._ids.get(value) if isinstance(value, str) else None
        return token(variable) if variable else value


def token(variable: str) -> str:
    return "${" + variable + "}"


def setup_for(params: Mapping[str, Any], mutation_path: str | None, region: str) -> Setup:
    """The steps that make `params` valid on a fresh emulator (except for the member the mutation broke)."""
    setup = Setup()
    broken = member_pattern(mutation_path) if mutation_path else None
    zone = str((params.get("Placement") or {}).get("AvailabilityZone") or f"{region}a")
    request = _copy(params)

    def keep(path: str) -> bool:
        return broken is not None and (path == broken or path.startswith(broken + ".") or
                                       broken.startswith(path + "[]") or broken == path + "[]")

    def vpc() -> str:
        existing = setup.variable("<vpc>")
        return existing or setup.add("<vpc>", Step("vpc", "VPC", {"CidrBlock": str(VPC_CIDR)}))

    def subnet(value: str, path: str, address: Any = None) -> str:
        if keep(path) or not _WELL_FORMED["subnet"].match(value):
            return value
        known = setup.variable(value)
        if known is None:
            index = sum(1 for s in setup.steps if s.kind == "subnet")
            known = setup.add(value, Step("subnet", f"SUBNET_{index + 1}", {
                "VpcId": token(vpc()), "CidrBlock": _cidr_for(address, SUBNET_CIDRS[index % len(SUBNET_CIDRS)]),
                "AvailabilityZone": zone}))
        return token(known)

    def group(value: str, path: str, in_vpc: bool) -> str:
        if not _WELL_FORMED["sg"].match(value):
            return value
        if keep(path):  # the broken member names a group: one of another VPC (the default one)
            in_vpc = False
        known = setup.variable(value)
        if known is None:
            index = sum(1 for s in setup.steps if s.kind == "security_group")
            args = {"GroupName": f"reproducer-{index + 1}", "Description": "reproducer"}
            if not in_vpc:
                args["GroupName"] += "-default-vpc"
            if in_vpc:
                args["VpcId"] = token(vpc())
            known = setup.add(value, Step("security_group", f"SG_{index + 1}", args))
        return token(known)

    uses_subnet = bool(request.get("SubnetId")) or any(
        isinstance(n, Mapping) and n.get("SubnetId") for n in request.get("NetworkInterfaces") or [])
    if isinstance(request.get("SubnetId"), str):
        request["SubnetId"] = subnet(request["SubnetId"], "SubnetId", request.get("PrivateIpAddress"))
    for nic in request.get("NetworkInterfaces") or []:
        if isinstance(nic, dict):
            if isinstance(nic.get("SubnetId"), str):
                nic["SubnetId"] = subnet(nic["SubnetId"], "NetworkInterfaces[].SubnetId", nic.get("PrivateIpAddress"))
            if isinstance(nic.get("Groups"), list):
                nic["Groups"] = [group(g, "NetworkInterfaces[].Groups[]", True) if isinstance(g, str) else g
                                 for g in nic["Groups"]]
    for nic in request.get("NetworkInterfaces") or []:
        eni = nic.get("NetworkInterfaceId") if isinstance(nic, dict) else None
        if isinstance(eni, str) and _WELL_FORMED["eni"].match(eni) and not keep(_ENI_PATH):
            known = setup.variable(eni) or setup.add(eni, Step(
                "network_interface", f"ENI_{sum(1 for s in setup.steps if s.kind == 'network_interface') + 1}",
                {"SubnetId": _any_subnet(setup) or subnet(_ENI_SUBNET, "", None)}))
            nic["NetworkInterfaceId"] = token(known)
    if isinstance(request.get("SecurityGroupIds"), list):
        request["SecurityGroupIds"] = [group(g, "SecurityGroupIds", uses_subnet) if isinstance(g, str) else g
                                       for g in request["SecurityGroupIds"]]
    for name in request.get("SecurityGroups") or []:
        if _world_name(name):
            args = {"GroupName": name, "Description": "reproducer"}
            if uses_subnet and not keep("SecurityGroups"):  # a broken member names a group of the default VPC
                args["VpcId"] = token(vpc())
            setup.add(name, Step("security_group", f"SG_NAME_{len(setup.steps) + 1}", args))
    key = request.get("KeyName")
    if _world_name(key) and not keep("KeyName"):
        setup.add(key, Step("key_pair", "KEY", {"KeyName": key}))
    _snapshots(request, setup, keep, zone)
    _launch_template(request, setup, keep)
    profile = request.get("IamInstanceProfile") or {}
    profile_name = (profile.get("Name") or _profile_name(profile.get("Arn"))) if isinstance(profile, Mapping) else None
    if _world_name(profile_name) and not keep("IamInstanceProfile"):
        setup.add(profile_name, Step("instance_profile", "INSTANCE_PROFILE", {"InstanceProfileName": profile_name}))
    placement = request.get("Placement") or {}
    name = placement.get("GroupName") if isinstance(placement, Mapping) else None
    if _world_name(name) and not keep("Placement.GroupName"):
        setup.add(name, Step("placement_group", "PLACEMENT_GROUP",
                             {"GroupName": name, "Strategy": "partition", "PartitionCount": "2"}))
    setup.params = request
    return setup


_ENI_SUBNET = "subnet-00000000000000000"  # a subnet of its own for an interface when the request names none
_ENI_PATH = "NetworkInterfaces[].NetworkInterfaceId"


def _any_subnet(setup: Setup) -> str | None:
    """A token of a subnet the setup already creates (an existing interface joins the request's zone)."""
    return next((token(s.variable) for s in setup.steps if s.kind == "subnet"), None)


def _snapshots(request: dict[str, Any], setup: Setup, keep: Any, zone: str) -> None:
    """Each world snapshot a block device mapping names: a volume of its own, then its snapshot."""
    if keep("BlockDeviceMappings[].Ebs.SnapshotId"):
        return
    for mapping in request.get("BlockDeviceMappings") or []:
        ebs = mapping.get("Ebs") if isinstance(mapping, dict) else None
        if not isinstance(ebs, dict):
            continue
        snapshot = ebs.get("SnapshotId")
        if not (isinstance(snapshot, str) and _WELL_FORMED["snap"].match(snapshot)):
            continue
        known = setup.variable(snapshot)
        if known is None:
            index = sum(1 for s in setup.steps if s.kind == "snapshot") + 1
            volume = setup.add(f"<volume of {snapshot}>", Step("volume", f"VOLUME_{index}",
                                                               {"AvailabilityZone": zone, "Size": "8"}))
            known = setup.add(snapshot, Step("snapshot", f"SNAPSHOT_{index}", {"VolumeId": token(volume)}))
        ebs["SnapshotId"] = token(known)


def _launch_template(request: dict[str, Any], setup: Setup, keep: Any) -> None:
    template = request.get("LaunchTemplate")
    if not isinstance(template, dict) or keep("LaunchTemplate"):
        return
    ident = template.get("LaunchTemplateId")
    name = template.get("LaunchTemplateName")
    if isinstance(ident, str) and _WELL_FORMED["lt"].match(ident) and not keep("LaunchTemplate.LaunchTemplateId"):
        variable = setup.add(ident, Step("launch_template", "LAUNCH_TEMPLATE", _template_args(request, "reproducer")))
        template["LaunchTemplateId"] = token(variable)
    elif _world_name(name) and not keep("LaunchTemplate.LaunchTemplateName"):
        setup.add(name, Step("launch_template", "LAUNCH_TEMPLATE", _template_args(request, name)))


def _world_name(value: object) -> TypeGuard[str]:
    """A name of the suite's world (`conformance-...`), not one a mutation drew because no world has it."""
    return isinstance(value, str) and value.startswith("conformance") and not value.startswith(MISSING_NAME_PREFIX)


def _template_args(request: Mapping[str, Any], name: str) -> dict[str, str]:
    return {"LaunchTemplateName": name, "ImageId": str(request.get("ImageId") or ""),
            "InstanceType": str(request.get("InstanceType") or "t3.micro")}


def _profile_name(arn: Any) -> str | None:
    """The name in an instance profile ARN (`arn:aws:iam::<account>:instance-profile/<name>`)."""
    if isinstance(arn, str) and ":instance-profile/" in arn:
        return arn.rsplit("/", 1)[-1]
    return None


def _cidr_for(address: Any, default: str) -> str:
    """The /24 of the VPC's 10.0.0.0/16 holding the private address a request names, else `default`."""
    try:
        network = ipaddress.ip_network(f"{address}/24", strict=False)
    except ValueError:
        return default
    return str(network) if network.subnet_of(VPC_CIDR) else default  # type: ignore[arg-type]


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
