"""conformance.targets.addresses: the AddressLedger counts what this run's launches took in each world subnet and
which private addresses they held; exhausted_subnets reads what the target reports."""

from __future__ import annotations

from typing import Any

from conformance.targets.addresses import AddressLedger, exhausted_subnets
from strategies.case import Before, Call, Case
from strategies.world import Subnet


def test_a_target_that_never_frees_addresses_is_exhausted_by_what_the_run_launched() -> None:
    """LocalStack's subnets report every address free while its launches fail: the run's own count decides."""
    subnet = Subnet("subnet-1", "vpc-1", "us-east-1a", "10.0.0.0/28")  # 16 addresses, 11 usable
    ledger = AddressLedger([subnet, Subnet("subnet-2", "vpc-1", "us-east-1a", "10.0.1.0/24")])
    one = {"Instances": [{"SubnetId": "subnet-1", "NetworkInterfaces": [{"SubnetId": "subnet-1"}]}]}
    for _ in range(10):
        ledger.record(one)
    assert ledger.worn() == []
    ledger.record({"Instances": [{"SubnetId": "subnet-1"}]})  # no interfaces listed: the instance's subnet
    assert ledger.worn() == ["subnet-1 (11 of 11 addresses taken by this run's launches)"]
    prefixed = {"Instances": [{"NetworkInterfaces": [{"SubnetId": "subnet-2", "Ipv4Prefixes": [{}] * 15}]}]}
    ledger.record(prefixed)
    assert ledger.taken["subnet-2"] == 1 + 15 * 16 and ledger.worn() == [ledger.worn()[0]]



def test_the_ledger_knows_which_named_addresses_earlier_launches_held() -> None:
    ledger = AddressLedger([Subnet("subnet-1", "vpc-1", "us-east-1a", "10.0.0.0/24")])
    ledger.record({"Instances": [{"SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.4", "NetworkInterfaces": [
        {"SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.4",
         "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.4"}, {"PrivateIpAddress": "10.0.0.9"}]}]}]})
    assert ledger.held_before({"PrivateIpAddress": "10.0.0.4"}) == ["10.0.0.4"]
    assert ledger.held_before({"NetworkInterfaces": [{"PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.9"}]},
                                                     {"PrivateIpAddress": "10.0.0.5"}]}) == ["10.0.0.9"]
    assert ledger.held_before({"PrivateIpAddress": "10.0.0.5"}) == []



def test_an_address_no_real_subnet_could_assign_is_never_an_earlier_launchs() -> None:
    """LocalStack gives out 10.0.1.3; EC2 refuses the reserved head and tail for the range (R-NET-9), whatever holds
    them: such an answer stays judged, and no reproducer launches a holder there. Outside the world: held."""
    ledger = AddressLedger([Subnet("subnet-1", "vpc-1", "us-east-1a", "10.0.1.0/24")])
    ledger.record({"Instances": [{"SubnetId": "subnet-1", "PrivateIpAddress": address}
                                 for address in ("10.0.1.3", "10.0.1.4", "10.0.1.255", "192.168.0.9")]})
    assert ledger.held_before({"PrivateIpAddress": "10.0.1.3"}) == []
    assert ledger.held_before({"PrivateIpAddress": "10.0.1.255"}) == []
    assert ledger.held_before({"PrivateIpAddress": "10.0.1.4"}) == ["10.0.1.4"]
    assert ledger.held_before({"PrivateIpAddress": "192.168.0.9"}) == ["192.168.0.9"]


def test_capacity_is_the_block_less_the_five_addresses_ec2_keeps() -> None:
    ledger = AddressLedger([Subnet("subnet-a", "vpc-1", "us-east-1a", "10.0.0.0/24"),
                            Subnet("subnet-b", "vpc-1", "us-east-1a", "10.0.1.0/30"),
                            Subnet("subnet-c", "vpc-1", "us-east-1a", "not a block")])
    assert ledger.capacity["subnet-a"] == 256 - 5
    assert ledger.capacity["subnet-b"] == 1  # never below one
    assert ledger.capacity["subnet-c"] == 1 << 32  # unreadable: never counted as used up


def test_launches_into_subnets_outside_the_world_are_not_counted_but_their_addresses_are_held() -> None:
    ledger = AddressLedger([Subnet("subnet-1", "vpc-1", "us-east-1a", "10.0.0.0/28")])
    ledger.record({"Instances": [{"SubnetId": "subnet-9", "PrivateIpAddress": "10.9.0.4"}]})
    ledger.record(None)
    assert not ledger.taken and ledger.worn() == []
    assert ledger.held_before({"PrivateIpAddress": "10.9.0.4"}) == ["10.9.0.4"]


def test_secondary_addresses_of_an_interface_are_each_counted() -> None:
    ledger = AddressLedger([Subnet("subnet-1", "vpc-1", "us-east-1a", "10.0.0.0/24")])
    ledger.record({"Instances": [{"NetworkInterfaces": [
        {"SubnetId": "subnet-1", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.4"},
                                                        {"PrivateIpAddress": "10.0.0.5"},
                                                        {"PrivateIpAddress": "10.0.0.6"}]},
        {"SubnetId": "subnet-1"}]}]})
    assert ledger.taken["subnet-1"] == 3 + 1
    assert ledger.held_before({"NetworkInterfaces": [{"PrivateIpAddresses": [
        {"PrivateIpAddress": "10.0.0.6"}, {"PrivateIpAddress": "10.0.0.5"}, "not a mapping"]}]}) == [
        "10.0.0.5", "10.0.0.6"]  # sorted


def test_left_behind_recreates_each_held_address_after_the_cases_own_calls() -> None:
    ledger = AddressLedger([])
    case = Case({"ImageId": "ami-1", "InstanceType": "t3.micro", "MinCount": 2, "MaxCount": 2,
                 "SubnetId": "subnet-1", "UserData": "not copied"},
                before=(Before(Call.RUN, {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1}),))
    left = ledger.left_behind(case, ["10.0.0.4", "10.0.0.9"])
    assert left.held_addresses == ("10.0.0.4", "10.0.0.9")
    base = {"ImageId": "ami-1", "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": "subnet-1"}
    assert left.before == (
        Before(Call.RUN, {**base, "PrivateIpAddress": "10.0.0.4"}), Before(Call.TERMINATE, {"of": 1}),
        Before(Call.RUN, {**base, "PrivateIpAddress": "10.0.0.9"}), Before(Call.TERMINATE, {"of": 3}),
    )


def test_left_behind_takes_the_subnet_of_the_first_interface_when_the_request_names_none() -> None:
    case = Case({"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1,
                 "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": "subnet-7"}]})
    (run, terminate) = AddressLedger([]).left_behind(case, ["10.0.0.4"]).before
    assert run.params == {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1, "SubnetId": "subnet-7",
                          "PrivateIpAddress": "10.0.0.4"}
    assert terminate == Before(Call.TERMINATE, {"of": 0})
    bare = AddressLedger([]).left_behind(Case({"MinCount": 1, "MaxCount": 1}), ["10.0.0.4"]).before[0]
    assert "SubnetId" not in bare.params


class _Subnets:
    """A client whose DescribeSubnets answers the given free counts."""

    def __init__(self, free: dict[str, Any]) -> None:
        self.free = free
        self.asked: list[list[str]] = []

    def describe_subnets(self, SubnetIds: list[str]) -> dict[str, Any]:
        self.asked.append(SubnetIds)
        return {"Subnets": [{"SubnetId": s, **({} if self.free[s] is None else
                                               {"AvailableIpAddressCount": self.free[s]})} for s in SubnetIds]}


def test_exhausted_subnets_are_those_the_target_reports_without_a_free_address() -> None:
    client = _Subnets({"subnet-1": 0, "subnet-2": 3, "subnet-3": None, "subnet-4": "0"})
    assert exhausted_subnets(client, ["subnet-1", "subnet-2", "subnet-3", "subnet-4"]) == [
        "subnet-1 (0 free addresses)", "subnet-4 (0 free addresses)"]
    assert client.asked == [["subnet-1", "subnet-2", "subnet-3", "subnet-4"]]
