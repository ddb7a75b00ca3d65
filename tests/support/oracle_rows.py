"""The rule rows of the oracle table (tests/conformance/test_oracle.py): request -> expectation, each citing its
rule.

A row is a request (API params on a test world, optional wire edits, DryRun as a member) and what the
oracle must say: the kind, the codes that must be acceptable (all of them, or exactly these), the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.findings import Expect
from strategies.case import Mutation, WireEdit
from strategies.world import World
from tests.support.world_variants import (
    ARM_IMAGE,
    FOREIGN_SG,
    FOREIGN_SUBNET,
    IPV4_ONLY,
    IPV6_ONLY,
    NO_DEFAULT_VPC,
    TWO_VPCS,
    V4_ONLY,
    V6_ONLY,
    WITH_ARM_IMAGE,
    WORLD,
)

Params = dict[str, Any]
IMAGE, BIG_IMAGE = WORLD.images  # root snapshots of 8 and 30 GiB
SUBNET, SUBNET_B = WORLD.subnets
SG = WORLD.security_groups[0]
LT = WORLD.launch_templates[0]
ENI = WORLD.network_interface_ids[0]
ROOT = IMAGE.root_device_name
SUCCESS, ERROR, UNDETERMINED = Expect.SUCCESS, Expect.ERROR, Expect.UNDETERMINED
COMBINATION = "InvalidParameterCombination"
UNDOCUMENTED = "InvalidParameterCombination|InvalidParameterValue"  # a documented constraint, code unnamed


@dataclass(frozen=True)
class Row:
    name: str
    rule: str  # the catalogue id this row is about
    params: Params
    kind: Expect
    codes: frozenset[str] = frozenset()  # acceptable codes the expectation must include
    exact: bool = False  # the acceptable codes (and status) are exactly these
    status: int | None = None
    wire: tuple[WireEdit, ...] = ()
    world: World = WORLD
    posts: frozenset[str] = frozenset()  # post-condition rules a SUCCESS must carry
    absent: frozenset[str] = frozenset()  # codes that must NOT be acceptable
    broken: frozenset[str] = frozenset()  # further rule ids the expectation must name
    member: str = ""  # UNDETERMINED by an unsettled member: the path the reason names
    mutation: Mutation | None = None  # a generator label (the oracle must ignore it)
    obs: str = ""  # the observation this row reproduces
    observed: str | None = None  # the code real AWS returned, as recorded (None: not captured)
    observed_status: int | None = None
    disagreement: str = ""  # why the oracle does not accept the observed answer
    observed_success: bool = False  # real EC2 launched (the observation is a success)


def codes(spec: str) -> frozenset[str]:
    return frozenset(spec.split("|")) if spec else frozenset()


def ok(name: str, rule: str, params: Params, posts: str = "", **kw: Any) -> Row:
    return Row(name, rule, params, SUCCESS, posts=codes(posts), **kw)


def err(name: str, rule: str, params: Params, acceptable: str, status: int = 400, **kw: Any) -> Row:
    return Row(name, rule, params, ERROR, codes=codes(acceptable), status=status, **kw)


def exact(name: str, rule: str, params: Params, acceptable: str, status: int = 400, **kw: Any) -> Row:
    return err(name, rule, params, acceptable, status, exact=True, **kw)


def und(name: str, rule: str, params: Params, **kw: Any) -> Row:
    return Row(name, rule, params, UNDETERMINED, **kw)


def req(**members: Any) -> Params:
    """A valid request in subnet A of example_world(); a member set to None is left out."""
    params: Params = {"ImageId": IMAGE.image_id, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
                      "SubnetId": SUBNET.subnet_id}
    params.update(members)
    return {k: v for k, v in params.items() if v is not None}


def dry(**members: Any) -> Params:
    return req(DryRun=True, **members)


def nics(*interfaces: Params, **members: Any) -> Params:
    return req(**{"SubnetId": None, **members}, NetworkInterfaces=list(interfaces))


def eth0(**fields: Any) -> Params:
    return {"DeviceIndex": 0, "SubnetId": SUBNET.subnet_id, **fields}


def vol(device: str = "/dev/sdf", **ebs: Any) -> Params:
    return {"DeviceName": device, "Ebs": ebs}


def disks(*mappings: Params, **members: Any) -> Params:
    return req(BlockDeviceMappings=list(mappings), **members)


def tagged(*pairs: tuple[str, str], resource_type: str | None = "instance") -> Params:
    spec: Params = {"Tags": [{"Key": k, "Value": v} for k, v in pairs]}
    if resource_type is not None:
        spec["ResourceType"] = resource_type
    return spec


def tags(*specs: Params, **members: Any) -> Params:
    return req(TagSpecifications=list(specs), **members)


def wire(*edits: tuple[str, str | None]) -> tuple[WireEdit, ...]:
    return tuple(WireEdit(k, v) for k, v in edits)


V6 = [{"Ipv6Address": "2600:1f18::100"}]
POSTS = "R-COUNT-4|R-NET-19|R-TAG-11|R-MON-1|R-IDEM-8"

VALID_ROWS: tuple[Row, ...] = (
    ok("plain-request", "R-COUNT-4", req(), POSTS),
    ok("default-subnet-of-default-vpc", "R-NET-1", req(SubnetId=None), "R-NET-14|R-NET-19"),
    ok("several-instances", "R-COUNT-4", req(MinCount=2, MaxCount=3), "R-COUNT-4"),
    ok("large-max-count-is-not-judged", "R-COUNT-7", req(MaxCount=500), "R-COUNT-4"),
    ok("tags-on-instance-and-volume", "R-TAG-11",
       tags(tagged(("Name", "web")), tagged(("team", "a"), resource_type="volume")), "R-TAG-11|R-TAG-12"),
    ok("tag-key-of-127-characters", "R-TAG-4", tags(tagged(("k" * 127, "v")))),
    ok("monitoring-enabled", "R-MON-1", req(Monitoring={"Enabled": True}), "R-MON-1"),
    ok("metadata-tokens-required", "R-MD-1", req(MetadataOptions={"HttpTokens": "required"}), "R-MD-1|R-MD-3"),
    ok("client-token", "R-IDEM-8", req(ClientToken="token-1"), "R-IDEM-8"),
    ok("client-token-of-64-characters", "R-IDEM-1", req(ClientToken="t" * 64)),
    ok("image-from-launch-template", "R-LT-3", req(ImageId=None, LaunchTemplate={"LaunchTemplateId": LT.template_id}),
       "R-LT-3"),
    ok("group-names-in-default-vpc", "R-NET-11", req(SubnetId=None, SecurityGroups=[SG.group_name]), "R-NET-14"),
    ok("public-ip-on-single-new-interface", "R-NIC-4", nics(eth0(AssociatePublicIpAddress=True)), "R-NIC-4"),
    ok("root-volume-as-large-as-snapshot", "R-BDM-2", disks(vol(ROOT, VolumeSize=IMAGE.root_snapshot_size)),
       "R-BDM-17|R-BDM-20"),
    ok("io1-with-iops", "R-BDM-4", disks(vol(VolumeType="io1", VolumeSize=10, Iops=100))),
    ok("credit-specification-on-t-type", "R-CREDIT-3", req(CreditSpecification={"CpuCredits": "unlimited"})),
    ok("network-interface-tags", "R-TAG-1", tags(tagged(("a", "b"), resource_type="network-interface"))),
    ok("dry-run-false", "R-DRY-1", req(DryRun=False), POSTS),
    ok("label-is-not-the-truth", "R-TAG-6", req(), POSTS,
       mutation=Mutation("R-TAG-6", "TagSpecifications[].Tags[].Key", "tag-key-aws-prefix")),
    ok("ipv6-count-in-dual-stack-subnet", "R-NET-17", req(Ipv6AddressCount=1), world=IPV4_ONLY),
    ok("group-names-and-subnet-of-default-vpc", "R-NET-11", req(SecurityGroups=[SG.group_name]), world=TWO_VPCS),
    ok("arm64-image-on-graviton", "R-AMI-7", req(ImageId=ARM_IMAGE.image_id, InstanceType="m6g.large"),
       world=WITH_ARM_IMAGE),
)

DRY_RUN_ROWS: tuple[Row, ...] = (
    exact("valid-dry-run", "R-DRY-1", dry(), "DryRunOperation", 412),
    exact("valid-dry-run-with-interfaces", "R-DRY-1", nics(eth0(), DryRun=True), "DryRunOperation", 412),
    exact("dry-run-set-on-the-wire", "R-DRY-1", req(), "DryRunOperation", 412, wire=wire(("DryRun", "true"))),
    err("dry-run-malformed-image", "R-DRY-3", dry(ImageId="ami-xyz"), "InvalidAMIID.Malformed",
        absent=codes("DryRunOperation"), broken=codes("R-AMI-2")),
    err("dry-run-duplicate-tag-key", "R-DRY-3", dry(TagSpecifications=[tagged(("k", "1"), ("k", "2"))]),
        "InvalidParameterValue", absent=codes("DryRunOperation"), broken=codes("R-TAG-8")),
    exact("dry-run-missing-min-count", "R-COUNT-1", dry(), "MissingParameter", wire=wire(("MinCount", None))),
    und("dry-run-ipv6-in-ipv4-only-subnet", "R-NET-17",
        dry(SubnetId=V4_ONLY.subnet_id, Ipv6AddressCount=1), world=IPV4_ONLY),
    err("dry-run-unknown-and-validating-rules", "R-NET-17",
        dry(SubnetId=V4_ONLY.subnet_id, Ipv6AddressCount=1, KeyName="missing-key"),
        "InvalidKeyPair.NotFound|InvalidParameterValue|InvalidParameterCombination", world=IPV4_ONLY,
        absent=codes("DryRunOperation"), broken=codes("R-KEY-1")),
    und("dry-run-undetermined-rule", "R-CPU-1", dry(CpuOptions={"CoreCount": 1})),
    und("dry-run-unsettled-member", "R-EGPU-1", dry(ElasticGpuSpecification=[{"Type": "eg1.medium"}]),
        member="ElasticGpuSpecification[].Type"),
)

UNDETERMINED_ROWS: tuple[Row, ...] = (
    und("elastic-gpu", "R-EGPU-1", req(ElasticGpuSpecification=[{"Type": "eg1.medium"}]),
        member="ElasticGpuSpecification[].Type"),
    und("elastic-inference", "R-EIA-1", req(ElasticInferenceAccelerators=[{"Type": "eia1.medium", "Count": 1}]),
        member="ElasticInferenceAccelerators[].Type"),
    und("spread-domain", "R-PLC-9", req(Placement={"SpreadDomain": "x"}), member="Placement.SpreadDomain"),
    und("additional-info", "R-ADD-1", req(AdditionalInfo="x"), member="AdditionalInfo"),
    und("spot-block-duration", "R-MKT-7",
        req(InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"BlockDurationMinutes": 60}}),
        member="InstanceMarketOptions.SpotOptions.BlockDurationMinutes"),
    und("ebs-availability-zone", "R-BDM-14",
        disks(vol(VolumeSize=8, AvailabilityZone="us-east-1a")), member="BlockDeviceMappings[].Ebs.AvailabilityZone"),
    und("core-count-without-threads", "R-CPU-1", req(CpuOptions={"CoreCount": 1})),
    und("valid-until-on-one-time-spot", "R-MKT-3",
        req(InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"ValidUntil": "2031-01-01T00:00:00Z"}})),
    und("creation-fields-beside-existing-interface", "R-NIC-6",
        nics({"DeviceIndex": 0, "NetworkInterfaceId": ENI, "Description": "x"})),
    und("ena-srd-udp-without-srd", "R-NIC-17",
        nics(eth0(EnaSrdSpecification={"EnaSrdUdpSpecification": {"EnaSrdUdpEnabled": True}}))),
    err("undetermined-beside-a-decided-rule", "R-KEY-1", req(CpuOptions={"CoreCount": 1}, KeyName="missing-key"),
        "InvalidKeyPair.NotFound|InvalidParameterValue|InvalidParameterCombination", broken=codes("R-CPU-1")),
)

WIRE_ROWS: tuple[Row, ...] = (
    exact("min-count-missing", "R-COUNT-1", req(), "MissingParameter", wire=wire(("MinCount", None))),
    exact("max-count-missing", "R-COUNT-1", req(), "MissingParameter", wire=wire(("MaxCount", None))),
    err("min-count-negative", "R-COUNT-2", req(), "InvalidParameterValue", wire=wire(("MinCount", "-1"))),
    err("max-count-not-integer", "R-COUNT-2", req(), "InvalidParameterValue", wire=wire(("MaxCount", "1.5"))),
    exact("image-id-missing-on-wire", "R-AMI-1", req(), "MissingParameter", wire=wire(("ImageId", None))),
    exact("unknown-parameter", "R-PROTO-3", req(), "UnknownParameter", wire=wire(("InstanceTypo", "t3.micro"))),
    err("wrong-version", "R-PROTO-1", req(), "NoSuchVersion|InvalidAction", wire=wire(("Version", "2099-01-01"))),
    err("action-missing", "R-PROTO-2", req(), "MissingAction", wire=wire(("Action", None))),
    err("action-misspelt", "R-PROTO-2", req(), "InvalidAction", wire=wire(("Action", "RunInstance"))),
    err("boolean-not-true-or-false", "R-PROTO-4", req(EbsOptimized=True), "InvalidParameterValue",
        wire=wire(("EbsOptimized", "yes"))),
    err("user-data-not-base64", "R-UD-1", req(UserData="echo hi"), "InvalidParameterValue",
        wire=wire(("UserData", "not base64 at all!"))),
    exact("wire-breaks-two-rules", "R-COUNT-1", req(ImageId="ami-xyz"), "MissingParameter|InvalidAMIID.Malformed",
          wire=wire(("MinCount", None)), broken=codes("R-AMI-2")),
)

# One or more documented errors per family, and requests that break several rules.
ERROR_ROWS: tuple[Row, ...] = (
    exact("min-above-max", "R-COUNT-3", req(MinCount=3, MaxCount=2), UNDOCUMENTED),
    exact("image-id-absent", "R-AMI-1", req(ImageId=None), "MissingParameter"),
    exact("image-id-malformed", "R-AMI-2", req(ImageId="ami-xyz"), "InvalidAMIID.Malformed"),
    exact("arm-type-on-x86-image", "R-AMI-7", req(InstanceType="m6g.large"),
          "InvalidParameterValue|InvalidParameterCombination|UnsupportedOperation"),
    err("kernel-id-malformed", "R-KERNEL-1", req(KernelId="kernel-1"), "InvalidKernelId.Malformed"),
    exact("ramdisk-id-malformed", "R-RAMDISK-1", req(RamdiskId="ari-zz"), "InvalidRamDiskId.Malformed"),
    err("template-id-and-name", "R-LT-1",
        req(LaunchTemplate={"LaunchTemplateId": LT.template_id, "LaunchTemplateName": LT.template_name}),
        "InvalidParameterCombination"),
    err("template-id-malformed", "R-LT-4", req(LaunchTemplate={"LaunchTemplateId": "lt-xyz"}),
        "InvalidLaunchTemplateId.Malformed"),
    exact("instance-type-unknown", "R-ITYPE-1", req(InstanceType="q9.galactic"), "InvalidParameterValue"),
    exact("no-subnet-no-default-vpc", "R-NET-1", req(SubnetId=None), "VPCIdNotSpecified|DefaultVpcDoesNotExist",
          world=NO_DEFAULT_VPC),
    exact("ipv6-count-beside-interfaces", "R-NET-5", nics(eth0(), Ipv6AddressCount=1), UNDOCUMENTED),
    exact("ipv6-count-and-list", "R-NET-6", req(Ipv6AddressCount=1, Ipv6Addresses=V6), UNDOCUMENTED),
    exact("ipv6-list-several-instances", "R-NET-7", req(Ipv6Addresses=V6, MaxCount=2), UNDOCUMENTED),
    exact("private-ip-several-instances", "R-NET-8", req(PrivateIpAddress="10.0.0.10", MaxCount=2), UNDOCUMENTED),
    err("private-ip-outside-subnet", "R-NET-9", req(PrivateIpAddress="10.0.1.10"), "InvalidParameterValue"),
    err("private-ip-reserved", "R-NET-9", req(PrivateIpAddress="10.0.0.1"), "InvalidParameterValue"),
    err("group-from-other-vpc", "R-NET-12", req(SecurityGroupIds=[FOREIGN_SG.group_id]), "InvalidParameter",
        world=TWO_VPCS),
    err("group-id-malformed", "R-NET-13", req(SecurityGroupIds=["sg-xyz"]), "InvalidGroupId.Malformed"),
    err("group-name-unknown", "R-NET-13", req(SubnetId=None, SecurityGroups=["no-such-group"]),
        "InvalidGroup.NotFound"),
    err("subnet-malformed", "R-NET-15", req(SubnetId="subnet-xyz"), "InvalidSubnetID.Malformed"),
    err("subnet-unknown", "R-NET-15", req(SubnetId="subnet-0aaaaaaaaaaaaaaaa"),
        "InvalidSubnetID.NotFound|InvalidSubnetId.NotFound"),
    exact("ipv6-in-ipv4-only-subnet", "R-NET-17", req(SubnetId=V4_ONLY.subnet_id, Ipv6AddressCount=1),
          UNDOCUMENTED, world=IPV4_ONLY),
    err("interface-without-device-index", "R-NIC-1", nics({"SubnetId": SUBNET.subnet_id}), "MissingParameter"),
    exact("public-ip-on-existing-interface", "R-NIC-3",
          nics({"DeviceIndex": 0, "NetworkInterfaceId": ENI, "AssociatePublicIpAddress": False}), UNDOCUMENTED),
    exact("two-primary-addresses", "R-NIC-8", nics(eth0(PrivateIpAddresses=[
        {"PrivateIpAddress": "10.0.0.10", "Primary": True}, {"PrivateIpAddress": "10.0.0.11", "Primary": True}])),
        UNDOCUMENTED),
    exact("interface-type-unknown", "R-NIC-12", nics(eth0(InterfaceType="ethernet")), UNDOCUMENTED),
    err("interface-id-malformed", "R-NIC-20", nics({"DeviceIndex": 0, "NetworkInterfaceId": "eni-xyz"}),
        "InvalidNetworkInterfaceId.Malformed"),
    exact("ip-name-in-ipv6-only-subnet", "R-NIC-21",
          req(SubnetId=V6_ONLY.subnet_id, PrivateDnsNameOptions={"HostnameType": "ip-name"}), UNDOCUMENTED,
          world=IPV6_ONLY),
    exact("volume-too-large", "R-BDM-3", disks(vol(VolumeType="gp2", VolumeSize=16_385)),
          "InvalidBlockDeviceMapping|InvalidParameterValue"),
    err("iops-above-type-maximum", "R-BDM-5", disks(vol(VolumeType="gp3", VolumeSize=200, Iops=80_001)),
        "InvalidParameterValue"),
    err("iops-per-gib-exceeded", "R-BDM-7", disks(vol(VolumeType="io1", VolumeSize=10, Iops=501)),
        "InvalidParameterValue"),
    exact("volume-type-unknown", "R-BDM-9", disks(vol(VolumeType="gp4", VolumeSize=10)),
          "InvalidParameterValue|UnknownVolumeType"),
    err("virtual-name-out-of-range", "R-BDM-16", disks({"DeviceName": "/dev/sdf", "VirtualName": "ephemeral24"}),
        "InvalidBlockDeviceMapping"),
    err("device-name-partition", "R-BDM-19", disks(vol("/dev/sdf1", VolumeSize=1)), "InvalidBlockDeviceMapping"),
    exact("tag-value-too-long", "R-TAG-5", tags(tagged(("k", "v" * 257))), "InvalidParameterValue"),
    err("tag-key-empty", "R-TAG-7", tags(tagged(("", "v"))), "InvalidTagKey.Malformed"),
    err("too-many-tags", "R-TAG-9", tags(tagged(*((f"k{i}", "v") for i in range(51)))), "TagLimitExceeded"),
    exact("zone-and-zone-id", "R-PLC-1", req(Placement={"AvailabilityZone": "us-east-1a",
                                                        "AvailabilityZoneId": "use1-az1"}), UNDOCUMENTED),
    exact("group-name-and-group-id", "R-PLC-2", req(Placement={"GroupName": "conformance-pg",
                                                               "GroupId": "pg-0a1b2c3d4e5f60718"}), UNDOCUMENTED),
    err("host-tenancy-unlimited-credits", "R-PLC-3",
        req(Placement={"Tenancy": "host"}, CreditSpecification={"CpuCredits": "unlimited"}), "InvalidTenancy"),
    err("partition-number-without-group", "R-PLC-5", req(Placement={"PartitionNumber": 1}), UNDOCUMENTED),
    err("zone-unknown", "R-PLC-6", req(Placement={"AvailabilityZone": "us-east-1q"}), "InvalidZone.NotFound"),
    err("placement-group-unknown", "R-PLC-7", req(Placement={"GroupName": "missing"}), "InvalidPlacementGroup.Unknown"),
    err("host-id-malformed", "R-PLC-8", req(Placement={"HostId": "h-xyz"}), "InvalidHostID.Malformed"),
    err("sev-snp-on-t3", "R-CPU-2", req(CpuOptions={"AmdSevSnp": "enabled"}), "UnsupportedOperation"),
    err("credits-unknown-value", "R-CREDIT-2", req(CreditSpecification={"CpuCredits": "burst"}),
        "InvalidCpuCredits"),
    err("hibernation-with-enclave", "R-HIB-1",
        req(HibernationOptions={"Configured": True}, EnclaveOptions={"Enabled": True}),
        "UnsupportedHibernationConfiguration"),
    exact("hop-limit-above-64", "R-MD-2", req(MetadataOptions={"HttpPutResponseHopLimit": 65}),
          "InvalidParameterValue"),
    exact("market-type-unknown", "R-MKT-1", req(InstanceMarketOptions={"MarketType": "reserved"}),
          "InvalidParameterValue"),
    exact("spot-price-below-minimum", "R-MKT-4",
          req(InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"MaxPrice": "0.001"}}),
          "InvalidParameterValue"),
    exact("shutdown-behaviour-unknown", "R-SHUT-1", req(InstanceInitiatedShutdownBehavior="hibernate"),
          "InvalidParameterValue"),
    err("ebs-optimized-on-t2", "R-EBSO-1", req(InstanceType="t2.micro", EbsOptimized=True), "Unsupported"),
    exact("instance-profile-arn-malformed", "R-IAM-1",
          req(IamInstanceProfile={"Arn": "arn:aws:iam::123456789012:role/x"}),
          "InvalidIamInstanceProfileArn.Malformed|InvalidParameterValue", absent=codes("NoSuchEntity")),
    exact("instance-profile-name-unknown", "R-IAM-1", req(IamInstanceProfile={"Name": "no-such-profile"}),
          "InvalidIamInstanceProfileArn.Malformed|InvalidParameterValue", absent=codes("NoSuchEntity")),
    exact("instance-profile-arn-unknown", "R-IAM-1",
          req(IamInstanceProfile={"Arn": "arn:aws:iam::123456789012:instance-profile/other"}),
          "InvalidIamInstanceProfileArn.Malformed|InvalidParameterValue"),
    ok("instance-profile-by-name", "R-IAM-1", req(IamInstanceProfile={"Name": "conformance"})),
    exact("cpu-threads-per-core-three-is-decided", "R-CPU-1",
          req(CpuOptions={"CoreCount": 1, "ThreadsPerCore": 3}),
          "InvalidParameterCombination|InvalidParameterValue|MissingParameter"),
    und("cpu-cores-without-threads-stays-open", "R-CPU-1", req(CpuOptions={"CoreCount": 1})),
    exact("bdm-size-or-snapshot-missing", "R-BDM-1", disks(vol(VolumeType="gp3")),
          "InvalidBlockDeviceMapping|MissingParameter"),
    exact("key-pair-unknown", "R-KEY-1", req(KeyName="missing-key"), "InvalidKeyPair.NotFound"),
    exact("bandwidth-weighting-unknown", "R-NPO-1",
          req(NetworkPerformanceOptions={"BandwidthWeighting": "vpc-2"}), "InvalidParameterValue"),
    exact("enum-value-case", "R-ENUM-1", req(MetadataOptions={"HttpTokens": "Required"}), "InvalidParameterValue"),
    exact("client-token-too-long", "R-IDEM-1", req(ClientToken="t" * 65), "InvalidClientToken|InvalidParameterValue"),
    # several broken rules: any of their codes
    exact("malformed-image-and-reserved-tag", "R-AMI-2", tags(tagged(("aws:x", "v")), ImageId="ami-xyz"),
          "InvalidAMIID.Malformed|InvalidParameterValue|InvalidTagKey.Malformed", broken=codes("R-TAG-6")),
    exact("subnet-and-private-ip-beside-interfaces", "R-NET-2",
          nics(eth0(), SubnetId=SUBNET.subnet_id, PrivateIpAddress="10.0.0.10"), COMBINATION,
          broken=codes("R-NET-4")),
    exact("min-above-max-and-unknown-key", "R-COUNT-3", req(MinCount=3, MaxCount=2, KeyName="missing-key"),
          UNDOCUMENTED + "|InvalidKeyPair.NotFound", broken=codes("R-KEY-1")),
    err("interface-groups-from-other-vpc", "R-NET-12", nics(eth0(Groups=[FOREIGN_SG.group_id])),
        "InvalidGroup.NotFound", world=TWO_VPCS),
    exact("group-names-with-foreign-subnet", "R-NET-11",
          req(SubnetId=FOREIGN_SUBNET.subnet_id, SecurityGroups=[SG.group_name]), COMBINATION, world=TWO_VPCS),
)

RULE_ROWS: tuple[Row, ...] = (*VALID_ROWS, *DRY_RUN_ROWS, *UNDETERMINED_ROWS, *WIRE_ROWS, *ERROR_ROWS)
