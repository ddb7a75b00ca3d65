"""Whether a world subnet is out of addresses: as the target reports it, or as this run's launches used it.

LocalStack 4.14 never gives a terminated instance's address back: its subnets still report every address free
(`AvailableIpAddressCount` stays at 250 of a /24) while, after about 250 launches, every launch into the subnet
answers an empty HTTP 500. So the count the target reports cannot tell that leftovers decided an answer; what
this run itself launched into a subnet can. A failed launch into a subnet whose addresses the run has taken is
undetermined (the target is exhausted), never a crash charged to a rule. So is a failed launch that names a
private address an earlier launch of this run held: LocalStack answers HTTP 500 "IP already in use" for it
after the instance was terminated, whatever rule the example was about. Whether a target refuses an address a
running instance holds is R-NET-20's, decided by the state machine.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from conformance.outcome import LeftBehind
from conformance.rules._network_checks import in_range, usable_in
from strategies.case import Before, Call, Case
from strategies.world import Subnet

ADDRESSES_PER_PREFIX = 16  # an Ipv4Prefixes entry is a /28 delegated to the interface
AWS_RESERVED = 5  # EC2 keeps five addresses of every subnet


class AddressLedger:
    """How many addresses this run's launches took in each world subnet, against what the subnet holds."""

    def __init__(self, subnets: Iterable[Subnet]) -> None:
        self.subnets = tuple(subnets)
        self.capacity = {s.subnet_id: _usable(s.cidr_block) for s in self.subnets}
        self.taken: Counter[str] = Counter()
        self.held: set[str] = set()  # the private addresses this run's launches were given

    def record(self, reservation: Mapping[str, Any] | None) -> None:
        """Count the addresses of a successful launch's interfaces (the instance's own subnet without any)."""
        for instance in (reservation or {}).get("Instances", []):
            interfaces = instance.get("NetworkInterfaces") or [{"SubnetId": instance.get("SubnetId")}]
            for interface in interfaces:
                subnet = interface.get("SubnetId")
                if subnet in self.capacity:
                    self.taken[subnet] += _addresses_of(interface)
            self.held.update(_private_addresses(instance))

    def held_before(self, params: Mapping[str, Any]) -> list[str]:
        """The private addresses the request names that an earlier launch of this run held, where a real subnet
        could assign them: EC2 refuses an address in a subnet's reserved head or tail (R-NET-9) whatever holds
        it, so no earlier launch decided that answer, and no reproducer could recreate the holder."""
        named = self.held.intersection(_private_addresses(params))
        return sorted(address for address in named if self._assignable(address))

    def _assignable(self, address: str) -> bool:
        inside = [s for s in self.subnets if in_range(address, s)]
        return not inside or any(usable_in(address, s) for s in inside)

    def left_behind(self, case: Case, held: Iterable[str]) -> LeftBehind:
        """The addresses an earlier example's instance held, with the calls that recreate them on a fresh target:
        for each, a launch at it and that launch's termination (after the case's own `before` calls)."""
        addresses = tuple(held)
        params = case.params
        nic = (params.get("NetworkInterfaces") or [{}])[0]
        subnet = params.get("SubnetId") or (nic.get("SubnetId") if isinstance(nic, dict) else None)
        base = {key: params[key] for key in ("ImageId", "InstanceType") if key in params}
        base |= {"MinCount": 1, "MaxCount": 1, **({"SubnetId": subnet} if subnet else {})}
        calls: list[Before] = []
        for address in addresses:
            launch = len(case.before) + len(calls)
            calls += [Before(Call.RUN, {**base, "PrivateIpAddress": address}), Before(Call.TERMINATE, {"of": launch})]
        return LeftBehind(held_addresses=addresses, before=tuple(calls))

    def worn(self) -> list[str]:
        """`subnet-1 (250 of 251 addresses taken by this run's launches)` for each subnet the run has used up."""
        return [f"{subnet} ({self.taken[subnet]} of {capacity} addresses taken by this run's launches)"
                for subnet, capacity in self.capacity.items() if self.taken[subnet] >= capacity]


def exhausted_subnets(client: Any, subnet_ids: list[str]) -> list[str]:
    """`subnet-1 (0 free addresses)` for each of these subnets that has no free address left."""
    subnets = client.describe_subnets(SubnetIds=subnet_ids).get("Subnets", [])
    return [f"{s['SubnetId']} (0 free addresses)" for s in subnets if int(s.get("AvailableIpAddressCount", 1)) <= 0]


def _private_addresses(shape: Mapping[str, Any]) -> set[str]:
    """The private IPv4 addresses of an instance, or named by a request: its own and its interfaces'."""
    found = {shape.get("PrivateIpAddress")}
    for interface in shape.get("NetworkInterfaces") or []:
        if isinstance(interface, Mapping):
            found.add(interface.get("PrivateIpAddress"))
            found.update(a.get("PrivateIpAddress") for a in interface.get("PrivateIpAddresses") or []
                         if isinstance(a, Mapping))
    return {a for a in found if isinstance(a, str)}


def _addresses_of(interface: Mapping[str, Any]) -> int:
    private = len(interface.get("PrivateIpAddresses") or []) or 1
    return private + ADDRESSES_PER_PREFIX * len(interface.get("Ipv4Prefixes") or [])


def _usable(cidr: str) -> int:
    try:
        return max(ipaddress.ip_network(cidr, strict=False).num_addresses - AWS_RESERVED, 1)
    except ValueError:
        return 1 << 32  # an unreadable block never counts as used up
