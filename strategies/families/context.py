"""What one drawing of a valid request knows: the world's plan (built once) and the draft (per draw)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from hypothesis import strategies as st

from strategies.limits import (
    IPV4_PREFIX_LENGTH,
    IPV6_PREFIX_LENGTH,
    SUBNET_RESERVED_LEADING,
    SUBNET_RESERVED_TRAILING,
)
from strategies.model import leaf_paths
from strategies.world import AvailabilityZone, Image, LaunchTemplate, Subnet, World

T = TypeVar("T")


def excluded_leaves(unsettled: Iterable[str]) -> frozenset[str]:
    """The leaf paths at or under any of `unsettled` (member paths, top-level or nested)."""
    prefixes = tuple(unsettled)
    return frozenset(
        leaf
        for leaf in leaf_paths()
        for prefix in prefixes
        if leaf == prefix or leaf.startswith((f"{prefix}.", f"{prefix}[", f"{prefix}{{"))
    )


@dataclass(frozen=True)
class Plan:
    """Per (world, settled_only): which leaf paths a request may carry."""

    world: World
    excluded: frozenset[str]

    def allows(self, path: str) -> bool:
        return path not in self.excluded


@cache
def mask(bits: int) -> st.SearchStrategy[int]:
    """One draw that decides `bits` independent yes/no choices (shrinks to all no)."""
    return st.integers(0, (1 << bits) - 1)


def flags(draw: st.DrawFn, count: int) -> tuple[bool, ...]:
    value = draw(mask(count))
    return tuple(bool(value >> i & 1) for i in range(count))


@cache
def integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


def pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of `options` (non-empty), by index: cheaper than sampled_from and shrinks to the first."""
    if len(options) == 1:
        return options[0]
    return options[draw(integers(0, len(options) - 1))]


def some(draw: st.DrawFn, options: Sequence[T], low: int = 1, high: int | None = None) -> list[T]:
    """Between low and high distinct members of `options`, in their order."""
    top = len(options) if high is None else min(high, len(options))
    chosen = draw(mask(len(options))) if len(options) > 1 else 1
    picked = [o for i, o in enumerate(options) if chosen >> i & 1][:top]
    for option in options:  # top up to `low` deterministically
        if len(picked) >= low:
            break
        if option not in picked:
            picked.append(option)
    return picked


@cache
def _network(cidr: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(cidr)


def _block_size(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> int:
    """Addresses in one delegated prefix of this family (R-NIC-10)."""
    length = IPV4_PREFIX_LENGTH if network.version == 4 else IPV6_PREFIX_LENGTH
    return 1 << (network.max_prefixlen - length)


def take_hosts(draw: st.DrawFn, draft: Draft, cidr: str, count: int = 1) -> list[str]:
    """`count` usable host addresses of `cidr` that the request does not use yet.

    Explicit addresses come from the subnet's first prefix-sized block (past the reserved head), and
    delegated prefixes from the other blocks, so the two never overlap.
    """
    network = _network(cidr)
    room = min(network.num_addresses - SUBNET_RESERVED_TRAILING, _block_size(network), 1 << 16)
    start = draw(integers(SUBNET_RESERVED_LEADING, max(SUBNET_RESERVED_LEADING, room - 1)))
    taken: list[str] = []
    for offset in range(room - SUBNET_RESERVED_LEADING):
        candidate = SUBNET_RESERVED_LEADING + (start - SUBNET_RESERVED_LEADING + offset) % (
            room - SUBNET_RESERVED_LEADING
        )
        address = str(network.network_address + candidate)
        if address not in draft.used_addresses:
            draft.used_addresses.add(address)
            taken.append(address)
            if len(taken) == count:
                break
    return taken


def take_prefix(draw: st.DrawFn, draft: Draft, cidr: str) -> str | None:
    """A delegated prefix inside `cidr`, past the first block, not used yet (None if none is free)."""
    network = _network(cidr)
    size = _block_size(network)
    blocks = min(network.num_addresses // size, 1 << 16)
    if blocks < 2:
        return None
    start = draw(integers(1, blocks - 1))
    length = network.max_prefixlen - size.bit_length() + 1
    for offset in range(blocks - 1):
        prefix = f"{network.network_address + (1 + (start - 1 + offset) % (blocks - 1)) * size}/{length}"
        if prefix not in draft.used_addresses:
            draft.used_addresses.add(prefix)
            return prefix
    return None


@dataclass
class Draft:
    """The request being built and the decisions later families depend on."""

    plan: Plan
    params: dict[str, Any] = field(default_factory=dict)
    min_count: int = 1
    max_count: int = 1
    instance_type: str = ""
    image: Image | None = None
    template: LaunchTemplate | None = None
    subnet: Subnet | None = None  # the primary interface's subnet, when the request names one
    vpc_id: str | None = None
    zone: AvailabilityZone | None = None
    uses_nics: bool = False
    primary_is_existing_eni: bool = False
    used_addresses: set[str] = field(default_factory=set)
    creates_interface: bool = True  # False when every interface is an existing ENI
    spot: bool = False
    hibernation: bool = False
    enclave: bool = False
    amd_sev_snp: bool = False
    metadata_tags: bool = False
    host_tenancy: bool = False

    @property
    def world(self) -> World:
        return self.plan.world

    @property
    def single(self) -> bool:
        """The request launches exactly one instance."""
        return self.max_count == 1

    def allows(self, path: str) -> bool:
        return self.plan.allows(path)

    @property
    def names_zone(self) -> bool:
        """The request itself names its instances' zone (a subnet, Placement's zone); not left to EC2 or to an
        existing interface."""
        placement = self.params.get("Placement", {})
        subnets = [self.params.get("SubnetId"), *(n.get("SubnetId") for n in self.params.get("NetworkInterfaces", ()))]
        return any(subnets) or bool(placement.get("AvailabilityZone") or placement.get("AvailabilityZoneId"))

    def offering(self, subnets: tuple[Subnet, ...]) -> tuple[Subnet, ...]:
        """R-ITYPE-2: the subnets whose zone offers the chosen type (all of them when none does)."""
        fitting = tuple(s for s in subnets if self.world.offers(self.instance_type, s.availability_zone))
        return fitting or subnets

    @property
    def can_hibernate(self) -> bool:
        """R-HIB-6: the World does not know the chosen type cannot hibernate."""
        return not self.world.hibernation_unsupported(self.instance_type)

    @property
    def hibernates(self) -> bool:
        """Hibernation configured, or a Spot request that hibernates when interrupted (R-HIB-5)."""
        spot = self.params.get("InstanceMarketOptions", {}).get("SpotOptions", {})
        return self.hibernation or spot.get("InstanceInterruptionBehavior") == "hibernate"

    @property
    def root_must_be_encrypted(self) -> bool:
        """R-HIB-5: a hibernating instance whose root the World knows would be unencrypted maps it encrypted."""
        return self.hibernates and self.image is not None and self.world.ebs_encryption_by_default is False
