"""Oracle rows for conformance/evidence/real_runinstances_observations.json: one per observation a request can
reproduce on a test world, and the environmental ones no request decides (skips naming the fact).

Each request is the recorded boto3 kwargs moved onto the test world (its ids replaced by the world's)."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.support.oracle_rows import LT, ROOT, SG, SUBNET, Row, disks, eth0, exact, nics, ok, req, vol, wire
from tests.support.oracle_rows import err as error_row
from tests.support.world_variants import (
    ARM_IMAGE,
    FOREIGN_SG,
    NON_ENA_IMAGE,
    TWO_VPCS,
    UNENCRYPTED,
    WITH_ARM_IMAGE,
    WITH_NON_ENA_IMAGE,
)

COMBINATION = "InvalidParameterCombination"
# ri-hib-spot-hibernate-interruption-unencrypted-root: an arm64 AMI with an unencrypted root, no encryption by
# default.
ARM_UNENCRYPTED = dataclasses.replace(ARM_IMAGE, root_encrypted=False)
UNENCRYPTED_ARM = dataclasses.replace(UNENCRYPTED, images=(*UNENCRYPTED.images, ARM_UNENCRYPTED))
OTHER_ACCOUNT = "123456789012"  # the observation's ARNs: an account that shares nothing with the caller


def seen(obs: str, code: str | None = None, status: int | None = None, disagreement: str = "") -> dict[str, Any]:
    return {"obs": obs, "observed": code, "observed_status": status, "disagreement": disagreement}


def launched(obs: str) -> dict[str, Any]:
    """The observation is a successful launch."""
    return {"obs": obs, "observed_success": True}


def _license_arn() -> str:
    return f"arn:aws:license-manager:us-east-1:{OTHER_ACCOUNT}:license-configuration:lic-0123456789"


REAL_ROWS: tuple[Row, ...] = (
    exact("ri-arch-arm64-type-x86-ami", "R-AMI-7", req(InstanceType="m6g.large"),
          "InvalidParameterValue|InvalidParameterCombination|UnsupportedOperation",
          **seen("ri-ami-arch-arm64-type-x86-ami", "InvalidParameterValue")),
    exact("ri-arch-x86-type-arm64-ami", "R-AMI-7", req(ImageId=ARM_IMAGE.image_id, InstanceType="m5.large"),
          "InvalidParameterValue|InvalidParameterCombination|UnsupportedOperation", world=WITH_ARM_IMAGE,
          **seen("ri-ami-arch-x86-type-arm64-ami-newmsg", "InvalidParameterValue")),
    exact("ri-arch-multiarch-type-arm64-ami", "R-AMI-7", req(ImageId=ARM_IMAGE.image_id, InstanceType="c3.2xlarge"),
          "InvalidParameterValue|InvalidParameterCombination|UnsupportedOperation", world=WITH_ARM_IMAGE,
          **seen("ri-ami-arch-multiarch-type-arm64-ami", "InvalidParameterValue", 400)),
    exact("ri-ena-required", "R-AMI-8", req(ImageId=NON_ENA_IMAGE.image_id, InstanceType="g4dn.xlarge"),
          COMBINATION, world=WITH_NON_ENA_IMAGE, **seen("ri-ami-ena-required", COMBINATION)),
    exact("ri-ami-malformed-template-literal", "R-AMI-2", req(ImageId="{var.ami_id}", InstanceType="t2.micro"),
          "InvalidAMIID.Malformed", **seen("ri-ami-malformed-literal-template", "InvalidAMIID.Malformed", 400)),
    exact("ri-ami-malformed-16-hex", "R-AMI-2", req(ImageId="ami-0ebf472962bc6715", InstanceType="t2.micro"),
          "InvalidAMIID.Malformed", **seen("ri-ami-malformed-16-hex", "InvalidAMIID.Malformed")),
    error_row("ri-sg-of-other-vpc-default-subnet", "R-NET-12",
              req(SubnetId=None, InstanceType="t2.micro", SecurityGroupIds=[FOREIGN_SG.group_id]),
              "InvalidParameter", world=TWO_VPCS,
              **seen("ri-net-sg-vpc-differs-from-default-subnet", "InvalidParameter")),
    error_row("ri-sg-short-id-not-found", "R-NET-13", req(SubnetId=None, SecurityGroupIds=["sg-bbfe0e"]),
              "InvalidGroup.NotFound", **seen("ri-net-sg-id-not-found-short-id", "InvalidGroup.NotFound")),
    error_row("ri-ipv6-addresses-and-count", "R-NIC-11",
              nics(eth0(DeleteOnTermination=True, Ipv6Addresses=[{"Ipv6Address": "2600:1f18::10"}],
                        Ipv6AddressCount=1), InstanceType="t2.small"),
              COMBINATION, **seen("ri-nic-ipv6-addresses-and-count", COMBINATION)),
    exact("ri-affinity-without-host-tenancy", "R-PLC-10",
          req(SecurityGroupIds=[SG.group_id], InstanceType="m6i.xlarge", Placement={"Affinity": "default"}),
          COMBINATION, **seen("ri-plc-affinity-without-host-tenancy", COMBINATION)),
    ok("ri-dedicated-tenancy-t3", "R-PLC-3",
       nics(eth0(DeleteOnTermination=True, Groups=[SG.group_id]), Placement={"Tenancy": "dedicated"}),
       **launched("ri-plc-dedicated-tenancy-t3-success")),
    exact("ri-profile-name-is-a-role", "R-IAM-1",
          req(SecurityGroupIds=[SG.group_id], IamInstanceProfile={"Name": "GithubActionRunner"}),
          "InvalidIamInstanceProfileArn.Malformed|InvalidParameterValue",
          **seen("ri-iam-profile-name-is-a-role", "InvalidParameterValue")),
    exact("ri-key-pair-not-found", "R-KEY-1", req(InstanceType="t2.micro", KeyName="learn-vault-key"),
          "InvalidKeyPair.NotFound", **seen("ri-key-pair-not-found", "InvalidKeyPair.NotFound", 400)),
    error_row("ri-device-name-windows-path", "R-BDM-19",
              disks(vol("C:/Program Files/Git/dev/sda1", VolumeSize=30), InstanceType="t2.micro"),
              "InvalidBlockDeviceMapping", **seen("ri-bdm-invalid-device-name-path", "InvalidBlockDeviceMapping")),
    error_row("ri-device-name-trailing-digit", "R-BDM-19", disks(vol("/dev/sde1", VolumeSize=1)),
              "InvalidBlockDeviceMapping",
              **seen("ri-bdm-trailing-digit-device-name", "InvalidBlockDeviceMapping")),
    ok("ri-root-size-with-unusable-default-key", "R-BDM-13", disks(vol(ROOT, VolumeSize=64)),
       **launched("ri-bdm-default-kms-key-unusable")),
    ok("ri-cpu-one-core-one-thread", "R-CPU-1",
       nics(eth0(DeleteOnTermination=True), InstanceType="t3.nano", CpuOptions={"CoreCount": 1, "ThreadsPerCore": 1}),
       **launched("ri-cpu-options-1-core-1-thread-success")),
    exact("ri-credit-spec-on-m5", "R-CREDIT-3",
          req(InstanceType="m5.large", SecurityGroupIds=[SG.group_id], PrivateIpAddress="10.0.0.140",
              CreditSpecification={"CpuCredits": "standard"}),
          "InstanceCreditSpecification.NotSupported",
          **seen("ri-credit-spec-on-m5-2019", "InstanceCreditSpecification.NotSupported")),
    exact("ri-spot-hibernate-unencrypted-root", "R-HIB-5",
          nics(eth0(Groups=[SG.group_id], AssociatePublicIpAddress=True), ImageId=ARM_UNENCRYPTED.image_id,
               InstanceType="c6gd.medium", Placement={"AvailabilityZone": SUBNET.availability_zone},
               UserData="#!/bin/bash\necho conformance\n",
               InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {
                   "SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "hibernate"}}),
          "UnsupportedHibernationConfiguration", world=UNENCRYPTED_ARM,
          **seen("ri-hib-spot-hibernate-interruption-unencrypted-root", "UnsupportedHibernationConfiguration", 400)),
    ok("ri-hibernation-encrypted-root", "R-HIB-5",
       nics(eth0(DeleteOnTermination=True, Groups=[SG.group_id]), HibernationOptions={"Configured": True},
            BlockDeviceMappings=[vol(ROOT, DeleteOnTermination=True, Encrypted=True)]),
       world=UNENCRYPTED, **launched("ri-hib-encrypted-root-success")),
    exact("ri-spot-one-time-stop", "R-MKT-8",
          req(InstanceType="t3.medium",
              InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"InstanceInterruptionBehavior": "stop"}}),
          COMBINATION, **seen("ri-spot-one-time-with-stop", COMBINATION, 400)),
    ok("ri-template-latest-version", "R-LT-2",
       {"MinCount": 1, "MaxCount": 1, "LaunchTemplate": {"LaunchTemplateId": LT.template_id, "Version": "$Latest"}},
       **launched("ri-lt-version-latest-over-default")),
    ok("ri-new-interface-kept-after-termination", "R-NIC-5",
       nics(eth0(DeleteOnTermination=False), InstanceType="t3a.small"),
       **launched("ri-nic-delete-on-termination-false")),
    error_row("ri-license-configuration-not-shared", "R-LIC-2",
              nics(eth0(DeleteOnTermination=True), InstanceType="t3a.micro",
                   LicenseSpecifications=[{"LicenseConfigurationArn": _license_arn()}]),
              "InvalidParameterValue", **seen("ri-license-config-not-shared")),
    exact("ri-user-data-over-16k", "R-UD-2",
          req(InstanceType="m5.4xlarge", Placement={"AvailabilityZone": SUBNET.availability_zone},
              TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "name", "Value": "validator"}]}],
              BlockDeviceMappings=[vol(ROOT, VolumeSize=500)], UserData="#" * 16_385),
          "InvalidParameterValue", **seen("ri-userdata-over-16k", "InvalidParameterValue")),
    exact("ri-lower-case-list-prefix", "R-PROTO-3", req(SubnetId=None),
          "UnknownParameter",
          wire=wire(("networkInterface.1.DeviceIndex", "0"), ("networkInterface.1.SubnetId", SUBNET.subnet_id),
                    ("networkInterface.1.SecurityGroupId.1", SG.group_id)),
          **seen("ri-proto-lowercase-list-prefix-unknownparameter", "UnknownParameter")),
)

# Observations no request decides: the environmental fact behind each answer.
REAL_SKIPPED: dict[str, str] = {
    "ri-insufficient-capacity-az": "capacity: EC2 had no m7a.large On-Demand capacity in the zone (R-COUNT-5)",
    "ri-vcpu-limit-exceeded": "quota: the account's vCPU limit for the instance family (R-COUNT-6)",
    "ri-instance-limit-per-type-2017": "quota: a 2017 per-type instance limit of 0 (R-COUNT-6)",
    "ri-pending-verification": "account state: the account's verification for the region was pending",
}
