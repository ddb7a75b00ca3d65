"""Editing helpers for mutations: set and remove nested members, pick free names, record the mutation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strategies.case import Case, Mutation, WireEdit
from strategies.limits import (
    AMD_SEV_SNP_FEATURE,
    HOST_TENANCY,
    NESTED_VIRTUALIZATION_FEATURE,
    NON_ROOT_DEVICE_LETTERS,
    SPOT_INTERRUPTION_DEFAULT,
    SPOT_PERSISTENT,
)
from strategies.world import World

Params = dict[str, Any]


def case(params: Params, rule_id: str, path: str, name: str, wire: tuple[WireEdit, ...] = ()) -> Case:
    return Case(params=params, mutation=Mutation(rule_id, path, name), wire_edits=wire)


def put(params: Params, dotted: str, value: Any) -> None:
    """Set `A.B.C`, creating the dicts on the way."""
    *parents, last = dotted.split(".")
    node = params
    for key in parents:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[last] = value


def drop(params: Params, *dotted: str) -> None:
    """Remove members (`A.B.C`), and any dict left empty on the way up."""
    for path in dotted:
        _drop_one(params, path.split("."))


def _drop_one(node: Params, keys: list[str]) -> None:
    head, rest = keys[0], keys[1:]
    if not rest:
        node.pop(head, None)
        return
    child = node.get(head)
    if isinstance(child, dict):
        _drop_one(child, rest)
        if not child:
            node.pop(head, None)


# --- block devices ---


def root_device(params: Params, world: World) -> str:
    image = world.image(str(params.get("ImageId")))
    return image.root_device_name if image is not None else world.images[0].root_device_name


def free_device(params: Params, world: World, offset: int = 0) -> str:
    """A non-root device name that no mapping of the request uses (same scheme as the others)."""
    used = {m.get("DeviceName") for m in params.get("BlockDeviceMappings", []) if isinstance(m, dict)}
    used.add(root_device(params, world))
    prefix = "/dev/xvd" if any(str(u).startswith("/dev/xvd") for u in used) else "/dev/sd"
    free = [f"{prefix}{c}" for c in NON_ROOT_DEVICE_LETTERS[4:] if f"{prefix}{c}" not in used]
    return free[offset % len(free)]


def add_mapping(params: Params, mapping: dict[str, Any]) -> int:
    """Append a mapping; its index in BlockDeviceMappings."""
    mappings = params.setdefault("BlockDeviceMappings", [])
    mappings.append(mapping)
    return len(mappings) - 1


def replace_root(params: Params, world: World, ebs: dict[str, Any]) -> None:
    """Make the AMI's root device mapping exactly `ebs` (other mappings of that device removed).

    The request names its AMI (overriding a launch template's, R-LT-3) so that the root device is known.
    """
    if world.image(str(params.get("ImageId"))) is None:
        params["ImageId"] = world.images[0].image_id
    root = root_device(params, world)
    kept = [m for m in params.get("BlockDeviceMappings", []) if m.get("DeviceName") != root]
    params["BlockDeviceMappings"] = [*kept, {"DeviceName": root, "Ebs": ebs}]


def zones_named(params: Params, world: World) -> set[str]:
    """The zones the request places instances in: Placement's zone, the subnet's, the interfaces' subnets'."""
    placement = params.get("Placement", {})
    named = [placement.get("AvailabilityZone"), placement.get("AvailabilityZoneId")]
    zones = {z.name for ident in named if isinstance(ident, str) and (z := world.zone(ident)) is not None}
    subnet_ids = [params.get("SubnetId"), *(n.get("SubnetId") for n in params.get("NetworkInterfaces", []))]
    return zones | {s.availability_zone for i in subnet_ids if isinstance(i, str) and (s := world.subnet(i))}


def drop_standby_zones(params: Params) -> None:
    """Remove the volumes' multi-AZ configurations: their standby zones were chosen against the zone the
    instance is leaving (R-BDM-28)."""
    for mapping in params.get("BlockDeviceMappings") or []:
        if isinstance(mapping, dict) and isinstance(mapping.get("Ebs"), dict):
            mapping["Ebs"].pop("MultiAvailabilityZoneConfiguration", None)


# --- instance type and what depends on it ---


def pick_type(world: World, wanted: Callable[[str], bool]) -> str | None:
    return next((t for t in world.instance_types if wanted(t)), None)


def has_type(wanted: Callable[[str], bool]) -> Callable[[World], bool]:
    return lambda world: pick_type(world, wanted) is not None


PREFIX_MEMBERS = ("Ipv4PrefixCount", "Ipv4Prefixes", "Ipv6PrefixCount", "Ipv6Prefixes")


def retype(params: Params, instance_type: str, world: World) -> None:
    """Use `instance_type`, removing members that the type would make invalid (credits, SEV-SNP, CPU counts,
    hibernation, ...) and those the World does not know the type allows (as a valid request draws them)."""
    params["InstanceType"] = instance_type
    if not world.burstable(instance_type):
        drop(params, "CreditSpecification")
    elif params.get("Placement", {}).get("Tenancy") == HOST_TENANCY:
        drop(params, "Placement.Tenancy", "Placement.HostId", "Placement.Affinity")
    if not world.has_feature(instance_type, AMD_SEV_SNP_FEATURE):
        drop(params, "CpuOptions.AmdSevSnp")
    if not world.has_feature(instance_type, NESTED_VIRTUALIZATION_FEATURE):
        drop(params, "CpuOptions.NestedVirtualization")
    _network_features(params, instance_type, world)
    if world.ebs_optimization_unsupported(instance_type):
        drop(params, "EbsOptimized")
    facts = world.type_facts(instance_type)
    cpu = params.get("CpuOptions", {})
    cores, threads = cpu.get("CoreCount"), cpu.get("ThreadsPerCore")
    if facts is not None and isinstance(cores, int) and isinstance(threads, int) and (
            facts.cpu_options_valid(cores, threads) is False):
        drop(params, "CpuOptions.CoreCount", "CpuOptions.ThreadsPerCore")
    if world.hibernation_unsupported(instance_type):
        no_hibernation(params)
        spot = params.get("InstanceMarketOptions", {}).get("SpotOptions")
        if isinstance(spot, dict) and spot.get("InstanceInterruptionBehavior") == "hibernate":
            spot["InstanceInterruptionBehavior"] = "stop"


def _network_features(params: Params, instance_type: str, world: World) -> None:
    """R-NPO-1: a bandwidth weighting the type lists; R-NIC-10: delegated prefixes only on a type that delegates."""
    weighting = params.get("NetworkPerformanceOptions", {}).get("BandwidthWeighting")
    if weighting is not None and weighting not in world.bandwidth_weightings(instance_type):
        drop(params, "NetworkPerformanceOptions.BandwidthWeighting")
    if not world.prefix_delegation(instance_type):
        for nic in params.get("NetworkInterfaces") or []:
            for member in PREFIX_MEMBERS if isinstance(nic, dict) else ():
                nic.pop(member, None)


def no_hibernation(params: Params) -> None:
    """Hibernation off, keeping a persistent Spot request valid (its default behaviour becomes terminate)."""
    drop(params, "HibernationOptions")
    spot = params.get("InstanceMarketOptions", {}).get("SpotOptions")
    if (
        isinstance(spot, dict)
        and spot.get("SpotInstanceType") == SPOT_PERSISTENT
        and spot.get("InstanceInterruptionBehavior") in (None, SPOT_INTERRUPTION_DEFAULT)
    ):
        spot["InstanceInterruptionBehavior"] = "stop"


def no_spot(params: Params) -> None:
    drop(params, "InstanceMarketOptions")


# --- tags ---


def spec_for(params: Params, resource_type: str) -> dict[str, Any]:
    """The TagSpecification of `resource_type`, created (with no tags) when absent."""
    specs = params.setdefault("TagSpecifications", [])
    for spec in specs:
        if spec.get("ResourceType") == resource_type:
            spec.setdefault("Tags", [])
            found: dict[str, Any] = spec
            return found
    created: dict[str, Any] = {"ResourceType": resource_type, "Tags": []}
    specs.append(created)
    return created


def spec_index(params: Params, spec: dict[str, Any]) -> int:
    return next(i for i, s in enumerate(params["TagSpecifications"]) if s is spec)
