"""Deterministic boundary examples for every ranged member: min-1, min, max, max+1.

Each Case records in `labels` the rule and edge it probes (`boundary:R-MD-2:max+1`); the out-of-range
ones also carry `Case.mutation` naming that rule. Every number comes from `strategies.limits`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from strategies.case import Case, Mutation
from strategies.limits import (
    CLIENT_TOKEN_MAX,
    DEVICE_NAME_PREFIXES,
    HOP_LIMIT,
    IOPS_PER_GIB_MAX,
    IOPS_RANGE,
    IOPS_REQUIRED,
    MIN_INSTANCE_COUNT,
    SPOT_MAX_PRICE_FLOOR,
    TAG_KEY_MAX,
    TAG_KEY_MAX_BC,
    TAG_VALUE_MAX,
    TAGS_PER_RESOURCE_MAX,
    TCP_ESTABLISHED_TIMEOUT,
    THROUGHPUT_MIBS,
    THROUGHPUT_PER_IOPS_MAX,
    UDP_STREAM_TIMEOUT,
    UDP_TIMEOUT,
    USER_DATA_MAX_BYTES,
    VOLUME_INIT_RATE_MIBS,
    VOLUME_SIZE_GIB,
)
from strategies.world import World

Params = dict[str, Any]
Place = Callable[[Params, int], None]  # puts the probed value into a copy of the base request

EDGES = ("min-1", "min", "max", "max+1")
LABEL_PREFIX = "boundary"


@dataclass(frozen=True)
class Ranged:
    """A member with a documented range; `low`/`high` None where the docs give no bound on that side."""

    rule_id: str
    path: str
    low: int | None
    high: int | None
    place: Place
    detail: str = ""  # which variant of the member, e.g. the volume type
    below_rule: str | None = None  # the rule min-1 breaks, when it is another rule's (empty tag key)
    above: int | None = None  # the first invalid value above, when it is not high+1 (tag keys)

    def edges(self) -> Iterator[tuple[str, int, bool]]:
        """(edge name, value, in range) for each edge that exists."""
        if self.low is not None:
            if self.low - 1 >= 0:
                yield "min-1", self.low - 1, False
            yield "min", self.low, True
        if self.high is not None:
            yield "max", self.high, True
            yield "max+1", self.above if self.above is not None else self.high + 1, False


def base_request(world: World) -> Params:
    """The smallest valid request the world allows: one instance of its first image and type."""
    return {
        "ImageId": world.images[0].image_id,
        "InstanceType": world.instance_types[0],
        "MinCount": MIN_INSTANCE_COUNT,
        "MaxCount": MIN_INSTANCE_COUNT,
        "SubnetId": world.subnets[0].subnet_id,
    }


def _device_name(world: World) -> str:
    root = world.images[0].root_device_name
    prefix = DEVICE_NAME_PREFIXES[1] if root.startswith(DEVICE_NAME_PREFIXES[1]) else DEVICE_NAME_PREFIXES[0]
    return f"{prefix}b"


def _set(path: str) -> Place:
    """Put the value at a dotted path of structures (`MetadataOptions.HttpPutResponseHopLimit`)."""
    *parents, leaf = path.split(".")

    def place(params: Params, value: int) -> None:
        node = params
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value

    return place


def _size_places(world: World) -> Iterator[Ranged]:
    """R-BDM-3: VolumeSize per type (io1/io2 carry the smallest IOPS the size allows)."""
    for volume_type, (low, high) in VOLUME_SIZE_GIB.items():
        ebs: dict[str, Any] = {"VolumeType": volume_type}

        def place(params: Params, value: int, ebs: dict[str, Any] = ebs) -> None:
            volume = ebs | {"VolumeSize": value}
            if volume["VolumeType"] in IOPS_REQUIRED:
                volume["Iops"] = IOPS_RANGE[volume["VolumeType"]][0]
            params["BlockDeviceMappings"] = [{"DeviceName": _device_name(world), "Ebs": volume}]

        yield Ranged("R-BDM-3", "BlockDeviceMappings[].Ebs.VolumeSize", low, high, place, volume_type)


def _iops_places(world: World) -> Iterator[Ranged]:
    """R-BDM-5: Iops per type, on a volume large enough for max+1 under the IOPS-per-GiB ratio."""
    for volume_type, (low, high) in IOPS_RANGE.items():
        size = max(VOLUME_SIZE_GIB[volume_type][0], math.ceil((high + 1) / IOPS_PER_GIB_MAX[volume_type]))

        def place(params: Params, value: int, volume_type: str = volume_type, size: int = size) -> None:
            volume = {"VolumeType": volume_type, "VolumeSize": size, "Iops": value}
            params["BlockDeviceMappings"] = [{"DeviceName": _device_name(world), "Ebs": volume}]

        yield Ranged("R-BDM-5", "BlockDeviceMappings[].Ebs.Iops", low, high, place, volume_type)


def _throughput(world: World) -> Ranged:
    """R-BDM-8: gp3 throughput, with enough IOPS (and size) for max+1 at 0.25 MiB/s per IOPS."""
    iops = math.ceil((THROUGHPUT_MIBS[1] + 1) / THROUGHPUT_PER_IOPS_MAX)
    size = math.ceil(iops / IOPS_PER_GIB_MAX["gp3"])

    def place(params: Params, value: int) -> None:
        volume = {"VolumeType": "gp3", "VolumeSize": size, "Iops": iops, "Throughput": value}
        params["BlockDeviceMappings"] = [{"DeviceName": _device_name(world), "Ebs": volume}]

    return Ranged("R-BDM-8", "BlockDeviceMappings[].Ebs.Throughput", *THROUGHPUT_MIBS, place, "gp3")


def _initialization_rate(world: World) -> Iterator[Ranged]:
    """R-BDM-15: only for volumes created from snapshots, so only when the world has one."""
    if not world.snapshot_ids:
        return

    def place(params: Params, value: int) -> None:
        volume = {"SnapshotId": world.snapshot_ids[0], "VolumeInitializationRate": value}
        params["BlockDeviceMappings"] = [{"DeviceName": _device_name(world), "Ebs": volume}]

    path = "BlockDeviceMappings[].Ebs.VolumeInitializationRate"
    yield Ranged("R-BDM-15", path, *VOLUME_INIT_RATE_MIBS, place)


def _tracking(world: World, rule_id: str, member: str, bounds: tuple[int, int]) -> Ranged:
    """R-NIC-14..16: a timeout on the primary (new) interface, which replaces the instance-level subnet."""

    def place(params: Params, value: int) -> None:
        subnet = params.pop("SubnetId")
        spec = {"DeviceIndex": 0, "SubnetId": subnet, "ConnectionTrackingSpecification": {member: value}}
        params["NetworkInterfaces"] = [spec]

    return Ranged(rule_id, f"NetworkInterfaces[].ConnectionTrackingSpecification.{member}", *bounds, place)


def _tags(place_tags: Callable[[int], list[dict[str, str]]]) -> Place:
    def place(params: Params, value: int) -> None:
        params["TagSpecifications"] = [{"ResourceType": "instance", "Tags": place_tags(value)}]

    return place


def _counts() -> Iterator[Ranged]:
    """R-COUNT-2: counts start at 1 (no documented maximum: the quota); R-COUNT-3: MinCount <= MaxCount."""

    def both(params: Params, value: int) -> None:
        params["MinCount"] = params["MaxCount"] = value

    def minimum_over(params: Params, value: int) -> None:
        params["MaxCount"], params["MinCount"] = MIN_INSTANCE_COUNT + 1, value

    yield Ranged("R-COUNT-2", "MinCount", MIN_INSTANCE_COUNT, None, _set("MinCount"))
    yield Ranged("R-COUNT-2", "MaxCount", MIN_INSTANCE_COUNT, None, both)
    yield Ranged("R-COUNT-3", "MinCount", None, MIN_INSTANCE_COUNT + 1, minimum_over)


def ranged_members(world: World) -> tuple[Ranged, ...]:
    """Every ranged member this world can carry, with where its value goes."""
    return (
        *_counts(),
        Ranged("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", *HOP_LIMIT, _set(
            "MetadataOptions.HttpPutResponseHopLimit"
        )),
        *_size_places(world),
        *_iops_places(world),
        _throughput(world),
        *_initialization_rate(world),
        _tracking(world, "R-NIC-14", "TcpEstablishedTimeout", TCP_ESTABLISHED_TIMEOUT),
        _tracking(world, "R-NIC-15", "UdpStreamTimeout", UDP_STREAM_TIMEOUT),
        _tracking(world, "R-NIC-16", "UdpTimeout", UDP_TIMEOUT),
        # R-TAG-4: 1..127 is valid ([BC]); 129 is over the larger documented 128; 128 itself is undecided.
        Ranged("R-TAG-4", "TagSpecifications[].Tags[].Key", 1, TAG_KEY_MAX_BC,
               _tags(lambda n: [{"Key": "k" * n, "Value": "v"}]),
               below_rule="R-TAG-7", above=TAG_KEY_MAX + 1),
        Ranged("R-TAG-5", "TagSpecifications[].Tags[].Value", 0, TAG_VALUE_MAX,
               _tags(lambda n: [{"Key": "k", "Value": "v" * n}])),
        Ranged("R-TAG-9", "TagSpecifications[].Tags[]", None, TAGS_PER_RESOURCE_MAX,
               _tags(lambda n: [{"Key": f"k{i}", "Value": "v"} for i in range(n)])),
        # R-IDEM-1: "Maximum 64 ASCII characters" (no documented minimum).
        Ranged("R-IDEM-1", "ClientToken", None, CLIENT_TOKEN_MAX, lambda p, n: p.update(ClientToken="t" * n)),
        Ranged("R-UD-2", "UserData", None, USER_DATA_MAX_BYTES, lambda p, n: p.update(UserData="#" * n)),
        Ranged("R-MKT-4", "InstanceMarketOptions.SpotOptions.MaxPrice", _millis(SPOT_MAX_PRICE_FLOOR) + 1,
               None, _spot_price),
    )


def _millis(price: float) -> int:
    return round(price * 1000)


def _spot_price(params: Params, millis: int) -> None:
    """R-MKT-4: a price in thousandths of a USD; the floor itself (0.001) is not 'more than' the floor."""
    price = f"{millis // 1000}.{millis % 1000:03d}"
    params["InstanceMarketOptions"] = {"MarketType": "spot", "SpotOptions": {"MaxPrice": price}}


def boundary_examples(world: World) -> list[Case]:
    """min-1, min, max and max+1 of every ranged member, as deterministic cases."""
    cases: list[Case] = []
    for ranged in ranged_members(world):
        for edge, value, in_range in ranged.edges():
            params = base_request(world)
            ranged.place(params, value)
            rule_id = ranged.rule_id if in_range or edge != "min-1" else (ranged.below_rule or ranged.rule_id)
            name = "-".join(filter(None, ("boundary", rule_id, ranged.detail, edge)))
            mutation = None if in_range else Mutation(rule_id, ranged.path, name)
            labels = (f"{LABEL_PREFIX}:{rule_id}:{edge}", f"path:{ranged.path}", f"value:{value}")
            variant = (f"variant:{ranged.detail}",) if ranged.detail else ()
            cases.append(Case(params=params, mutation=mutation, labels=labels + variant))
    return cases
