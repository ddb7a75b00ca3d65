"""What one drawing of a valid request knows: the leaves a plan leaves out, the draw helpers (pick, some, flags),
the addresses and prefixes it takes from a subnet without reuse, and the draft's derived decisions."""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import cast

from hypothesis import strategies as st

from strategies.families.context import (
    Draft,
    Plan,
    excluded_leaves,
    flags,
    pick,
    some,
    take_hosts,
    take_prefix,
)
from strategies.limits import IPV4_PREFIX_LENGTH, SUBNET_RESERVED_LEADING, SUBNET_RESERVED_TRAILING
from strategies.model import leaf_paths
from strategies.sampling import run_draws
from strategies.world import example_world

WORLD = example_world()
EXAMPLES = 60


def _draft(**changes: object) -> Draft:
    return dataclasses.replace(Draft(Plan(WORLD, frozenset())), **changes)  # type: ignore[arg-type]


def test_excluded_leaves_are_the_leaves_at_or_under_a_member() -> None:
    excluded = excluded_leaves(["Placement", "ImageId", "NetworkInterfaces[].Groups"])
    placement = {p for p in leaf_paths() if p.startswith("Placement.")}
    assert excluded == placement | {"ImageId", "NetworkInterfaces[].Groups[]"}
    assert "ImageIdentity" not in excluded_leaves(["Image"])  # a prefix of a name is not a parent
    assert excluded_leaves([]) == frozenset()
    plan = Plan(WORLD, excluded)
    assert not plan.allows("Placement.Tenancy") and plan.allows("MinCount")


def test_pick_some_and_flags_stay_within_their_options() -> None:
    options = ("a", "b", "c", "d")
    seen_picks: set[str] = set()
    sizes: set[int] = set()

    def body(data: st.DataObject) -> None:
        draw = cast(st.DrawFn, data.draw)
        seen_picks.add(pick(draw, options))
        assert pick(draw, ("only",)) == "only"
        chosen = some(draw, options, low=2, high=3)
        assert 2 <= len(chosen) <= 3 and len(set(chosen)) == len(chosen)
        assert set(chosen) <= set(options)
        sizes.add(len(chosen))
        assert some(draw, ("x",)) == ["x"]
        assert len(flags(draw, 5)) == 5

    run_draws(EXAMPLES, body)
    assert seen_picks == set(options)
    assert sizes == {2, 3}


def test_some_keeps_the_order_of_its_options() -> None:
    def body(data: st.DataObject) -> None:
        chosen = some(cast(st.DrawFn, data.draw), (1, 2, 3, 4, 5), low=0)
        assert chosen == sorted(chosen)

    run_draws(EXAMPLES, body)


def test_hosts_are_usable_addresses_of_the_first_block_never_taken_twice() -> None:
    cidr = "10.0.0.0/24"
    network = ipaddress.ip_network(cidr)
    room = min(1 << (32 - IPV4_PREFIX_LENGTH), network.num_addresses - SUBNET_RESERVED_TRAILING)

    def body(data: st.DataObject) -> None:
        draft = _draft()
        hosts = take_hosts(cast(st.DrawFn, data.draw), draft, cidr, count=3)
        more = take_hosts(cast(st.DrawFn, data.draw), draft, cidr, count=2)
        assert len(hosts) == 3 and len(more) == 2
        assert len(set(hosts + more)) == 5
        for host in hosts + more:
            offset = int(ipaddress.ip_address(host)) - int(network.network_address)
            assert SUBNET_RESERVED_LEADING <= offset < room
        assert set(hosts + more) <= draft.used_addresses

    run_draws(EXAMPLES, body)


def test_a_full_subnet_gives_fewer_hosts_than_asked() -> None:
    def body(data: st.DataObject) -> None:
        draft = _draft()
        hosts = take_hosts(cast(st.DrawFn, data.draw), draft, "10.1.0.0/28", count=50)
        assert len(hosts) == len(set(hosts)) < 16 - SUBNET_RESERVED_LEADING

    run_draws(10, body)


def test_prefixes_lie_past_the_first_block_and_run_out() -> None:
    def body(data: st.DataObject) -> None:
        draw = cast(st.DrawFn, data.draw)
        draft = _draft()
        prefixes = [take_prefix(draw, draft, "10.0.0.0/26") for _ in range(4)]
        assert prefixes[-1] is None  # a /26 holds four /28 blocks, the first kept for hosts
        taken = [ipaddress.IPv4Network(p) for p in prefixes if p is not None]
        assert len(set(taken)) == 3
        assert all(p.prefixlen == IPV4_PREFIX_LENGTH and p.subnet_of(ipaddress.IPv4Network("10.0.0.0/26"))
                   for p in taken)
        assert ipaddress.IPv4Network(f"10.0.0.0/{IPV4_PREFIX_LENGTH}") not in taken
        assert take_prefix(draw, _draft(), f"10.0.0.0/{IPV4_PREFIX_LENGTH}") is None

    run_draws(20, body)


def test_the_draft_knows_whether_the_request_names_its_zone() -> None:
    assert not _draft().names_zone
    assert _draft(params={"SubnetId": "subnet-1"}).names_zone
    assert _draft(params={"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": "subnet-1"}]}).names_zone
    assert _draft(params={"NetworkInterfaces": [{"DeviceIndex": 0, "NetworkInterfaceId": "eni-1"}]}).names_zone \
        is False
    assert _draft(params={"Placement": {"AvailabilityZoneId": "use1-az1"}}).names_zone
    assert not _draft(params={"Placement": {"Tenancy": "default"}}).names_zone


def test_the_draft_offers_only_subnets_whose_zone_offers_the_type() -> None:
    facts = tuple(dataclasses.replace(t, zones=(WORLD.subnets[1].availability_zone,))
                  for t in WORLD.instance_type_facts)
    world = dataclasses.replace(WORLD, instance_type_facts=facts)
    draft = dataclasses.replace(Draft(Plan(world, frozenset())), instance_type="m5.large")
    assert draft.offering(world.subnets) == (world.subnets[1],)
    assert draft.offering((world.subnets[0],)) == (world.subnets[0],)  # none fits: all of them


def test_hibernation_and_the_encrypted_root_it_needs() -> None:
    assert not _draft().hibernates
    assert _draft(hibernation=True).hibernates
    spot = {"InstanceMarketOptions": {"SpotOptions": {"InstanceInterruptionBehavior": "hibernate"}}}
    assert _draft(params=spot).hibernates
    unencrypted = dataclasses.replace(WORLD, ebs_encryption_by_default=False)
    draft = dataclasses.replace(Draft(Plan(unencrypted, frozenset())), hibernation=True, image=WORLD.images[0])
    assert draft.root_must_be_encrypted
    assert not dataclasses.replace(draft, image=None).root_must_be_encrypted
    assert not _draft(hibernation=True, image=WORLD.images[0]).root_must_be_encrypted  # encryption not known
    assert _draft(instance_type="m5.large").can_hibernate
    assert _draft(max_count=1).single and not _draft(max_count=2).single
