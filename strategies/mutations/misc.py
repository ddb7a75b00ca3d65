"""Mutations that break the single-member rules of section 11 and R-ENUM-1 (out-of-enum values)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import FOREIGN_ACCOUNT_ID
from strategies.mutations import MutationSpec
from strategies.mutations._edit import Params, case, drop, no_hibernation, put, retype
from strategies.world import MISSING_NAME_PREFIX, World

BOGUS = ("conformance-bogus", "ENABLED")
UNKNOWN_PROFILE_NAMES = ("GithubActionRunner", "conformance-no-such-profile", "conformance-role")
MALFORMED_PROFILE_ARNS = (
    "arn:aws:iam::123456789012:role/conformance",
    "conformance-profile",
    "arn:aws:iam:::instance-profile/x",
)


def _bad_value(rule_id: str, path: str, name: str, values: tuple[str, ...]) -> MutationSpec:
    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        put(params, path, draw(st.sampled_from(values)))
        return case(params, rule_id, path, name)

    return MutationSpec(name, rule_id, path, build)


def _no_ebs_optimization(world: World) -> list[str]:
    return [t for t in world.instance_types if world.ebs_optimization_unsupported(t)]


def ebs_optimized_unsupported(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, draw(st.sampled_from(_no_ebs_optimization(world))), world)
    params["EbsOptimized"] = True
    return case(params, "R-EBSO-1", "EbsOptimized", "ebs-optimized-unsupported-type")


def profile_arn_malformed(draw: st.DrawFn, params: Params, world: World) -> Case:
    arn = draw(st.sampled_from(MALFORMED_PROFILE_ARNS))
    params["IamInstanceProfile"] = {"Arn": arn}
    return case(params, "R-IAM-1", "IamInstanceProfile.Arn", "iam-instance-profile-arn-malformed")


def profile_unknown(draw: st.DrawFn, params: Params, world: World) -> Case:
    """ri-iam-profile-name-is-a-role: a name (or a well-formed ARN) the account has no profile for."""
    name = draw(st.sampled_from([n for n in UNKNOWN_PROFILE_NAMES if n not in world.instance_profile_names]))
    if draw(st.booleans()):
        params["IamInstanceProfile"] = {"Name": name}
        return case(params, "R-IAM-1", "IamInstanceProfile.Name", "iam-instance-profile-unknown")
    params["IamInstanceProfile"] = {"Arn": f"arn:aws:iam::{FOREIGN_ACCOUNT_ID}:instance-profile/{name}"}
    return case(params, "R-IAM-1", "IamInstanceProfile.Arn", "iam-instance-profile-unknown")


def profile_name_and_arn(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-IAM-2 (mined-sdk-java-647-profile-name-and-arn): one known profile named by both its Name and its Arn."""
    arn = draw(st.sampled_from(world.instance_profile_arns))
    params["IamInstanceProfile"] = {"Name": arn.rsplit("/", 1)[-1], "Arn": arn}
    return case(params, "R-IAM-2", "IamInstanceProfile.Name", "iam-instance-profile-name-and-arn")


def license_not_owned(draw: st.DrawFn, params: Params, world: World) -> Case:
    """ri-license-config-not-shared: a license configuration of another account."""
    arn = f"arn:aws:license-manager:{world.region}:{FOREIGN_ACCOUNT_ID}:license-configuration:lic-" + draw(
        st.text("0123456789abcdef", min_size=32, max_size=32))
    params.setdefault("LicenseSpecifications", []).append({"LicenseConfigurationArn": arn})
    path = f"LicenseSpecifications[{len(params['LicenseSpecifications']) - 1}].LicenseConfigurationArn"
    return case(params, "R-LIC-2", path, "license-configuration-not-owned")


def key_pair_unknown(draw: st.DrawFn, params: Params, world: World) -> Case:
    names = [n for n in (MISSING_NAME_PREFIX + "key", "no-such-key", "KEY") if n not in world.key_names]
    params["KeyName"] = draw(st.sampled_from(names))
    return case(params, "R-KEY-1", "KeyName", "key-pair-unknown")


# R-ENUM-1: enum members that no more specific rule owns, with what to clear so only R-ENUM-1 breaks.
_ENUM_TARGETS: dict[str, Callable[[Params], None]] = {
    "Placement.Tenancy": lambda p: drop(p, "Placement.HostResourceGroupArn", "Placement.Affinity"),  # R-PLC-4/10
    "InstanceMarketOptions.SpotOptions.SpotInstanceType": lambda p: drop(p, "HibernationOptions"),
    "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior": no_hibernation,
    "CpuOptions.AmdSevSnp": lambda p: None,
    "CpuOptions.NestedVirtualization": lambda p: None,
    "CapacityReservationSpecification.CapacityReservationPreference": lambda p: drop(
        p, "CapacityReservationSpecification.CapacityReservationTarget"
    ),
    "MetadataOptions.HttpTokens": lambda p: None,
    "MetadataOptions.HttpEndpoint": lambda p: None,
    "MetadataOptions.HttpProtocolIpv6": lambda p: None,
    "MetadataOptions.InstanceMetadataTags": lambda p: None,
}


def _enum_mutation(path: str) -> MutationSpec:
    name = "enum-unknown-" + path.split(".")[-1].lower()

    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        _ENUM_TARGETS[path](params)
        put(params, path, draw(st.sampled_from(BOGUS)))
        return case(params, "R-ENUM-1", path, name)

    return MutationSpec(name, "R-ENUM-1", path, build)


def categories_without_detailed_monitoring(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-MON-2: metric categories with detailed monitoring off."""
    params["Monitoring"] = {"Enabled": False,
                            "MetricCategoryIds": [draw(st.sampled_from(world.metric_category_ids))]}
    return case(params, "R-MON-2", "Monitoring.MetricCategoryIds[]", "metric-categories-without-detailed-monitoring")


def resource_type_unknown(draw: st.DrawFn, params: Params, world: World) -> Case:
    spec = {"ResourceType": draw(st.sampled_from(["instances", "Instance", "vm"])),
            "Tags": [{"Key": "conformance", "Value": "x"}]}
    params.setdefault("TagSpecifications", []).append(spec)
    path = f"TagSpecifications[{len(params['TagSpecifications']) - 1}].ResourceType"
    return case(params, "R-ENUM-1", path, "enum-tag-resource-type-unknown")


MUTATIONS: tuple[MutationSpec, ...] = (
    _bad_value("R-SHUT-1", "InstanceInitiatedShutdownBehavior", "shutdown-behavior-unknown",
               ("hibernate", "Stop", "reboot")),
    MutationSpec("ebs-optimized-unsupported-type", "R-EBSO-1", "EbsOptimized", ebs_optimized_unsupported,
                 applicable=lambda w: bool(_no_ebs_optimization(w))),
    MutationSpec("iam-instance-profile-arn-malformed", "R-IAM-1", "IamInstanceProfile.Arn",
                 profile_arn_malformed),
    MutationSpec("iam-instance-profile-unknown", "R-IAM-1", "IamInstanceProfile.Name", profile_unknown),
    MutationSpec("iam-instance-profile-name-and-arn", "R-IAM-2", "IamInstanceProfile.Name", profile_name_and_arn,
                 applicable=lambda w: bool(w.instance_profile_arns)),
    MutationSpec("license-configuration-not-owned", "R-LIC-2", "LicenseSpecifications[].LicenseConfigurationArn",
                 license_not_owned),
    MutationSpec("key-pair-unknown", "R-KEY-1", "KeyName", key_pair_unknown),
    MutationSpec("metric-categories-without-detailed-monitoring", "R-MON-2", "Monitoring.MetricCategoryIds[]",
                 categories_without_detailed_monitoring, applicable=lambda w: bool(w.metric_category_ids)),
    _bad_value("R-NPO-1", "NetworkPerformanceOptions.BandwidthWeighting", "bandwidth-weighting-unknown",
               ("vpc-2", "Default", "network-1")),
    _bad_value("R-MAINT-1", "MaintenanceOptions.AutoRecovery", "auto-recovery-unknown",
               ("enabled", "Default", "on")),
    *(_enum_mutation(path) for path in sorted(_ENUM_TARGETS)),
    MutationSpec("enum-tag-resource-type-unknown", "R-ENUM-1", "TagSpecifications[].ResourceType",
                 resource_type_unknown),
)
