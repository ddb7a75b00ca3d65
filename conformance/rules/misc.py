"""The remaining single-member rules of catalogue section 11, and R-ENUM-1 for every enum-typed member."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, partial
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._readers import codes, family_rule, get, instance_label, is_true, launched
from conformance.rules.core import Confidence, DryRun, Kind, Launch, Rule, RuleClass
from strategies.case import Case
from strategies.limits import (
    IAM_INSTANCE_PROFILE_ARN_PATTERN,
    MONITORING_STATES_DISABLED,
    MONITORING_STATES_ENABLED,
)
from strategies.model import enum_values, leaf_values, leaves
from strategies.world import World

FAMILY = "misc"
SHUTDOWN = "InstanceInitiatedShutdownBehavior"
BANDWIDTH = "NetworkPerformanceOptions.BandwidthWeighting"
AUTO_RECOVERY = "MaintenanceOptions.AutoRecovery"
RESOURCE_TYPE = "TagSpecifications[].ResourceType"
ENUM_OWNER_TAG = "enum-owner"  # a rule that owns the out-of-enum values of the enum leaves it lists
# Enum leaves whose out-of-model values another family's rule decides (R-ITYPE-1: unknown instance type).
OWNED_ELSEWHERE = frozenset({"InstanceType"})


# --- R-ENUM-1 ---


@cache
def _model_enums() -> dict[str, frozenset[str]]:
    return {leaf.path: frozenset(leaf.enum) for leaf in leaves() if leaf.enum}


@cache
def owned_enum_leaves() -> frozenset[str]:
    """Enum leaves whose out-of-enum values a more specific rule decides (R-ENUM-1 skips them)."""
    from conformance.rules import RULES  # the registry is complete once a predicate runs

    owned = {m for r in RULES.values() if ENUM_OWNER_TAG in r.tags for m in r.members}
    return frozenset(owned | OWNED_ELSEWHERE)


@cache
def _judged_enums() -> dict[str, frozenset[str]]:
    """The enum leaves R-ENUM-1 judges (the model's, less those another rule owns), with their values."""
    owned = owned_enum_leaves()
    return {path: values for path, values in _model_enums().items() if path not in owned}


@cache
def _members_with_enums() -> frozenset[str]:
    return frozenset(path.split(".")[0].split("[")[0] for path in _judged_enums())


def _out_of_enum(path: str, value: Any) -> bool:
    allowed = _judged_enums().get(path)
    if allowed is None:
        return False
    if path == RESOURCE_TYPE and value == "":
        return False  # a missing resource type is R-TAG-2's
    return value not in allowed


def _any_out_of_enum(case: Case, world: World) -> bool:
    """Walks only the members that have enum leaves."""
    members = _members_with_enums().intersection(case.params)
    return any(_out_of_enum(path, value) for m in members for path, value in leaf_values(case.params[m], m))


# --- the single-member rules ---


def _outside(path: str) -> Any:
    def violated(case: Case, world: World) -> bool:
        value = get(case.params, path)
        return value is not None and value not in enum_values(path)

    violated.__name__ = f"_outside_{path.replace('.', '_')}"
    return violated


def _ebs_optimized_unsupported(case: Case, world: World) -> bool:
    itype = case.params.get("InstanceType")
    return is_true(case.params.get("EbsOptimized")) and isinstance(itype, str) and world.ebs_optimization_unsupported(
        itype)


def _bad_profile(case: Case, world: World) -> bool:
    """R-IAM-1: a malformed ARN, or a profile (by ARN or by name) the World's account does not have."""
    arn, name = get(case.params, "IamInstanceProfile.Arn"), get(case.params, "IamInstanceProfile.Name")
    if arn is not None and (
        IAM_INSTANCE_PROFILE_ARN_PATTERN.fullmatch(str(arn)) is None or arn not in world.instance_profile_arns
    ):
        return True
    return name is not None and name not in world.instance_profile_names


def _profile_name_and_arn(case: Case, world: World) -> bool:
    """R-IAM-2: IamInstanceProfile names the profile twice, by Name and by Arn."""
    return get(case.params, "IamInstanceProfile.Arn") is not None and \
        get(case.params, "IamInstanceProfile.Name") is not None


def _license_not_owned(case: Case, world: World) -> bool:
    """R-LIC-2: a license configuration the caller neither owns nor has been shared (not in the World)."""
    specs = case.params.get("LicenseSpecifications")
    arns = [s.get("LicenseConfigurationArn") for s in specs if isinstance(s, Mapping)] if isinstance(
        specs, list) else []
    return any(arn is not None and arn not in world.license_configuration_arns for arn in arns)


def _unknown_key_pair(case: Case, world: World) -> bool:
    key = case.params.get("KeyName")
    return key is not None and key not in world.key_names


def _categories_without_detailed_monitoring(case: Case, world: World) -> bool:
    monitoring = case.params.get("Monitoring")
    return isinstance(monitoring, Mapping) and bool(monitoring.get("MetricCategoryIds")) and \
        not is_true(monitoring.get("Enabled"))


def _monitoring_state(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    enabled = is_true(get(case.params, "Monitoring.Enabled"))
    allowed = MONITORING_STATES_ENABLED if enabled else MONITORING_STATES_DISABLED
    return [
        FailedCheck("Monitoring.Enabled" if enabled else "Monitoring (default)",
                f"{instance_label(source, instance)}: Monitoring.State={get(instance, 'Monitoring.State')!r}, "
                f"expected one of {sorted(allowed)}")
        for source, instance in launched(launch.reservation, launch.described)
        if get(instance, "Monitoring.State") not in allowed
    ]


_rule = partial(family_rule, FAMILY)


_GENERIC = "code from the generic InvalidParameterValue definition; this rule owns the leaf's enum"
_RESERVED: dict[str, Any] = {
    "kind": Kind.UNDECIDABLE, "rule_class": RuleClass.RESERVED, "confidence": Confidence.DOCUMENTED,
    "dry_run": DryRun.NOT_APPLICABLE, "tags": frozenset({"unsettled"}),
}
_OWNER = frozenset({ENUM_OWNER_TAG})

RULES: tuple[Rule, ...] = (
    _rule(
        "R-MON-1", ("Monitoring.Enabled",),
        "Monitoring.State is enabled/pending after Enabled=true, disabled otherwise",
        (("[BC]", "Indicates whether detailed monitoring is enabled. Otherwise, basic monitoring is "
          "enabled."),),
        kind=Kind.POSTCONDITION, confidence=Confidence.DOCUMENTED, dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_monitoring_state,
        reason="Monitoring without Enabled is refused by boto3 client-side; on the wire it is only "
        "expressible beside MetricCategoryIds (R-MON-2's)",
    ),
    _rule(
        "R-MON-2", ("Monitoring.MetricCategoryIds[]",),
        "MetricCategoryIds with detailed monitoring off -> client error (code undocumented)",
        (("[BC]", "To specify metric categories, you must also enable detailed monitoring."),),
        outcome=codes("InvalidParameterCombination", "InvalidParameterValue"),
        violated=_categories_without_detailed_monitoring, reason="code undocumented",
    ),
    _rule(
        "R-SHUT-1", (SHUTDOWN,), "InstanceInitiatedShutdownBehavior outside {stop, terminate} -> "
        "InvalidParameterValue (default stop)",
        (("[BC]", "stop | terminate. Default: stop"),),
        outcome=codes("InvalidParameterValue"), violated=_outside(SHUTDOWN), tags=_OWNER,
        reason=_GENERIC + "; the default is not shown by DescribeInstances",
    ),
    _rule(
        "R-TERM-1", ("DisableApiTermination", "DisableApiStop"),
        "DisableApiTermination defaults to false; DisableApiStop turns on stop protection",
        (("[BC]", "The default is false…"),),
        kind=Kind.UNDECIDABLE, confidence=Confidence.DOCUMENTED, dry_run=DryRun.NOT_APPLICABLE,
        reason="both attributes are shown only by DescribeInstanceAttribute",
    ),
    _rule(
        "R-EBSO-1", ("EbsOptimized", "InstanceType"),
        "EbsOptimized=true on a type without EBS optimization (t1, t2) -> an error",
        (("[BC]", "This optimization isn't available with all instance types."),),
        outcome=codes("InvalidParameterCombination", "InvalidParameterValue", "Unsupported"),
        violated=_ebs_optimized_unsupported,
        reason="code undocumented; the type's EbsOptimizedSupport from the World (DescribeInstanceTypes), else "
        "the t1/t2 families; the default (false) is not checked because EBS-optimized-by-default types show true",
    ),
    _rule(
        "R-IAM-1", ("IamInstanceProfile.Arn", "IamInstanceProfile.Name"),
        "a malformed instance profile ARN -> InvalidIamInstanceProfileArn.Malformed; a profile (ARN or name) "
        "the account does not have -> InvalidParameterValue",
        (("[ERR]", "InvalidIamInstanceProfileArn.Malformed: The specified IAM instance profile ARN is not "
          "valid."),
         ("ri-iam-profile-name-is-a-role", "Value (GithubActionRunner) for parameter iamInstanceProfile.name "
          "is invalid. Invalid IAM Instance Profile name")),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("InvalidIamInstanceProfileArn.Malformed"),
        violated=_bad_profile,
        reason="names and ARNs are checked against the World's instance profiles (a role's name is not a "
        "profile's); EC2 answers InvalidParameterValue (observed 2023), never IAM's NoSuchEntity",
    ),
    _rule(
        "R-IAM-2", ("IamInstanceProfile.Arn", "IamInstanceProfile.Name"),
        "IamInstanceProfile with both Name and Arn -> InvalidParameterCombination",
        (("[BC]", "IamInstanceProfile: The name or Amazon Resource Name (ARN) of an IAM instance profile."),
         ("mined-sdk-java-647-profile-name-and-arn", "The parameter 'iamInstanceProfile.name' may not be used "
          "in combination with 'iamInstanceProfile.arn'")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterCombination"),
        violated=_profile_name_and_arn,
        reason="observed 2016 with the name and the ARN of one and the same profile: the pair is refused "
        "whatever it names (an unknown profile besides is R-IAM-1's too)",
    ),
    _rule(
        "R-KEY-1", ("KeyName",), "a key pair name the world does not have -> InvalidKeyPair.NotFound",
        (("[ERR]", "The specified key pair name does not exist."),),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("InvalidKeyPair.NotFound"), violated=_unknown_key_pair,
    ),
    _rule(
        "R-EGPU-1", ("ElasticGpuSpecification[].Type",),
        "Elastic Graphics reached end of life: response to ElasticGpuSpecification undocumented",
        (("[BC]", "Amazon Elastic Graphics reached end of life on January 8, 2024."),),
        kind=Kind.UNDECIDABLE, confidence=Confidence.DOCUMENTED, dry_run=DryRun.UNKNOWN,
        tags=frozenset({"unsettled"}), reason="response undocumented (an error is expected, no code named)",
    ),
    _rule(
        "R-EIA-1", ("ElasticInferenceAccelerators[].Type", "ElasticInferenceAccelerators[].Count"),
        "Elastic Inference is no longer available: response undocumented",
        (("[BC]", "Amazon Elastic Inference is no longer available."),),
        kind=Kind.UNDECIDABLE, confidence=Confidence.DOCUMENTED, dry_run=DryRun.UNKNOWN,
        tags=frozenset({"unsettled"}), reason="response undocumented",
    ),
    _rule(
        "R-LIC-1", ("LicenseSpecifications[].LicenseConfigurationArn",),
        "the ARN of a license configuration; no constraint documented",
        (("[BC]", "The Amazon Resource Name (ARN) of the license configuration."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, reason="no constraint and no error code documented",
    ),
    _rule(
        "R-LIC-2", ("LicenseSpecifications[].LicenseConfigurationArn",),
        "a license configuration the caller does not own and was not shared -> an error (code not recorded)",
        (("ri-license-config-not-shared", "An instance is associated with one or more unshared license "
          "configurations."),),
        rule_class=RuleClass.RESOURCE, outcome=codes("InvalidParameterValue", "InvalidParameterCombination"),
        violated=_license_not_owned,
        reason="observed (asserted since 2023-10-30) by its message only: the code is not recorded, so the "
        "generic invalid-parameter codes are accepted",
    ),
    _rule(
        "R-NPO-1", (BANDWIDTH,),
        "BandwidthWeighting outside {default, vpc-1, ebs-1} -> InvalidParameterValue",
        (("[BC]", "default | vpc-1 | ebs-1"),),
        outcome=codes("InvalidParameterValue"), violated=_outside(BANDWIDTH), tags=_OWNER, reason=_GENERIC,
    ),
    _rule(
        "R-MAINT-1", (AUTO_RECOVERY,), "AutoRecovery outside {disabled, default} -> InvalidParameterValue",
        (("[BC]", "disabled | default"),),
        outcome=codes("InvalidParameterValue"), violated=_outside(AUTO_RECOVERY), tags=_OWNER,
        reason=_GENERIC,
    ),
    _rule(
        "R-OPR-1", ("Operator.Principal",), "Operator.Principal is reserved for internal use",
        (("[BC]", "Reserved for internal use."),), reason="reserved member: no documented behaviour",
        **_RESERVED,
    ),
    _rule(
        "R-ADD-1", ("AdditionalInfo",), "AdditionalInfo is reserved",
        (("[BC]", "Reserved."),), reason="reserved member: no documented behaviour", **_RESERVED,
    ),
    _rule(
        "R-ENUM-1", tuple(sorted(_model_enums())),
        "a value outside the model enum of an enum-typed member -> InvalidParameterValue (members owned by "
        "a more specific rule are skipped)",
        (("[ERR]", "InvalidParameterValue: A value specified in a parameter is not valid, is unsupported, or "
          "cannot be used."),),
        outcome=codes("InvalidParameterValue"), violated=_any_out_of_enum,
        reason="botocore does not check enums client-side; the code is the generic definition",
    ),
)
