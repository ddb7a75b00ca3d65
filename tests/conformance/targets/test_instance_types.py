"""conformance.targets.instance_types: the World's instance-type facts from DescribeInstanceTypes and
DescribeInstanceTypeOfferings. What an answer does not carry stays unknown; a target that answers neither call
leaves the World without facts; one that answers only the first leaves the zones unknown."""

from __future__ import annotations

from typing import Any

from conformance.targets.instance_types import describe_instance_types, facts_of
from strategies.world import InstanceType

T3_MICRO: dict[str, Any] = {
    "InstanceType": "t3.micro",
    "ProcessorInfo": {"SupportedArchitectures": ["x86_64"]},
    "BurstablePerformanceSupported": True,
    "EbsInfo": {"EbsOptimizedSupport": "default", "EncryptionSupport": "supported"},
    "NetworkInfo": {"EnaSupport": "required"},
    "HibernationSupported": True,
    "Hypervisor": "nitro",
    "VCpuInfo": {"DefaultVCpus": 2, "DefaultCores": 1, "DefaultThreadsPerCore": 2, "ValidCores": [1],
                 "ValidThreadsPerCore": [1, 2]},
}


def test_every_fact_of_a_full_answer() -> None:
    facts = facts_of(T3_MICRO, ("us-east-1a", "us-east-1b"))
    assert facts == InstanceType(
        "t3.micro", architectures=("x86_64",), burstable=True, ebs_optimized="default", ena="required",
        hibernation=True, nitro=True, vcpus=2, default_cores=1, default_threads=2, valid_cores=(1,),
        valid_threads=(1, 2), zones=("us-east-1a", "us-east-1b"), ebs_encryption="supported")
    assert facts.ebs_optimized_by_default is True and facts.ena_required is True


def test_what_an_answer_lacks_or_gives_in_another_type_stays_unknown() -> None:
    facts = facts_of({"InstanceType": "m1.small", "BurstablePerformanceSupported": "yes", "Hypervisor": "",
                      "EbsInfo": {"EbsOptimizedSupport": ""}, "VCpuInfo": {"DefaultVCpus": "2"}}, None)
    assert facts == InstanceType("m1.small")
    assert (facts.burstable, facts.nitro, facts.ebs_optimized, facts.vcpus, facts.valid_cores) == (
        None, None, None, None, None)
    xen = facts_of({"InstanceType": "m4.large", "Hypervisor": "xen", "VCpuInfo": {"DefaultVCpus": 2}}, ())
    assert xen.nitro is False and xen.zones == ()
    assert (xen.vcpus, xen.valid_cores, xen.valid_threads) == (2, (), ())  # no CPU options offered


def test_processor_maker_features_and_bandwidth_weightings() -> None:
    """R-CPU-2/3, R-NPO-1: read where the answer lists them; a list the answer lacks is unknown, never empty."""
    m8i = {"InstanceType": "m8i.large",
           "ProcessorInfo": {"Manufacturer": "Intel", "SupportedFeatures": ["nested-virtualization", 7]},
           "NetworkInfo": {"BandwidthWeightings": ["default", "ebs-1", "vpc-1"]}}
    facts = facts_of(m8i, None)
    assert (facts.manufacturer, facts.supported_features, facts.bandwidth_weightings) == (
        "Intel", ("nested-virtualization",), ("default", "ebs-1", "vpc-1"))
    silent = facts_of({**T3_MICRO, "ProcessorInfo": {"Manufacturer": ""}}, None)
    assert (silent.manufacturer, silent.supported_features, silent.bandwidth_weightings) == (None, None, None)
    listed_none = facts_of({"InstanceType": "c5.large", "ProcessorInfo": {"SupportedFeatures": []},
                            "NetworkInfo": {"BandwidthWeightings": []}}, None)
    assert listed_none.supported_features == () and listed_none.bandwidth_weightings == ()


class _Ec2:
    """Answers DescribeInstanceTypes and DescribeInstanceTypeOfferings from given data, or raises."""

    def __init__(self, types: list[dict[str, Any]] | Exception, offerings: list[dict[str, Any]] | Exception) -> None:
        self.types, self.offerings = types, offerings
        self.asked: list[tuple[str, Any]] = []

    def describe_instance_types(self, **kwargs: Any) -> dict[str, Any]:
        self.asked.append(("types", kwargs))
        if isinstance(self.types, Exception):
            raise self.types
        return {"InstanceTypes": self.types}

    def describe_instance_type_offerings(self, **kwargs: Any) -> dict[str, Any]:
        self.asked.append(("offerings", kwargs))
        if isinstance(self.offerings, Exception):
            raise self.offerings
        return {"InstanceTypeOfferings": self.offerings}


def test_facts_come_in_the_order_asked_with_the_zones_offering_each() -> None:
    m5 = {"InstanceType": "m5.large", "Hypervisor": "nitro"}
    ec2 = _Ec2([m5, T3_MICRO, {"Hypervisor": "nitro"}], [
        {"InstanceType": "t3.micro", "Location": "us-east-1b"}, {"InstanceType": "t3.micro", "Location": "us-east-1a"},
        {"InstanceType": "c5.large", "Location": "us-east-1a"}])
    facts = describe_instance_types(ec2, ("t3.micro", "unknown.type", "m5.large"))
    assert [f.name for f in facts] == ["t3.micro", "m5.large"]  # an undescribed type is left out
    assert facts[0].zones == ("us-east-1a", "us-east-1b") and facts[1].zones == ()  # offered nowhere
    assert ec2.asked == [
        ("types", {"InstanceTypes": ["t3.micro", "unknown.type", "m5.large"]}),
        ("offerings", {"LocationType": "availability-zone",
                       "Filters": [{"Name": "instance-type", "Values": ["t3.micro", "unknown.type", "m5.large"]}]}),
    ]


def test_a_target_without_offerings_leaves_the_zones_unknown() -> None:
    facts = describe_instance_types(_Ec2([T3_MICRO], NotImplementedError("offerings")), ("t3.micro",))
    assert len(facts) == 1 and facts[0].zones is None and facts[0].vcpus == 2


def test_a_target_that_describes_no_type_gives_no_facts() -> None:
    ec2 = _Ec2(RuntimeError("InvalidAction"), [])
    assert describe_instance_types(ec2, ("t3.micro",)) == ()
    assert [call for call, _ in ec2.asked] == ["types"]  # the offerings are not asked for then
