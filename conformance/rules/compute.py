"""CPU options, CPU credits and hibernation rules: R-CPU-1..3, R-CREDIT-1..4, R-HIB-1..5 (section 11)."""

from __future__ import annotations

from functools import partial

from conformance.findings import FailedCheck
from conformance.rules._readers import (
    codes,
    family_rule,
    get,
    has,
    image,
    instance_type,
    int_value,
    is_true,
    mappings,
)
from conformance.rules.core import Confidence, DryRun, Kind, Launch, Rule, RuleClass
from strategies.case import Case
from strategies.defaults import DEFAULTS
from strategies.limits import (
    CPU_CREDITS,
    SPOT_INTERRUPTION_WITH_HIBERNATION,
    THREADS_PER_CORE,
)
from strategies.world import World

FAMILY = "compute"
UNDOCUMENTED = "code undocumented: the plausible set is accepted"
COMBINATION = ("InvalidParameterCombination", "InvalidParameterValue")
CREDITS = "CreditSpecification.CpuCredits"
CREDITS_WIRE = "CreditSpecification.CpuCredits"  # the Query name is the member path here


def _cpu_options_invalid(case: Case, world: World) -> bool:
    cores, threads = get(case.params, "CpuOptions.CoreCount"), get(case.params, "CpuOptions.ThreadsPerCore")
    if (cores is None) != (threads is None):
        return True
    if threads is not None and threads not in THREADS_PER_CORE:
        return True
    return cores is not None and (not isinstance(cores, int) or cores < 1)


def _only_companion_missing(case: Case, world: World) -> bool:
    """R-CPU-1's open part: one of CoreCount / ThreadsPerCore alone, each value otherwise valid (the 2023
    'specify both' sentence may have been relaxed since)."""
    cores, threads = get(case.params, "CpuOptions.CoreCount"), get(case.params, "CpuOptions.ThreadsPerCore")
    if (cores is None) == (threads is None):
        return False
    if threads is not None:
        return threads in THREADS_PER_CORE
    return isinstance(cores, int) and cores >= 1


def _cpu_options_off_type(case: Case, world: World) -> bool:
    """R-CPU-4: a well-formed pair (R-CPU-1 holds) outside the type's ValidCores / ValidThreadsPerCore."""
    options = case.params.get("CpuOptions")
    facts = world.type_facts(case.params.get("InstanceType"))
    if not isinstance(options, dict) or facts is None or _cpu_options_invalid(case, world):
        return False
    cores, threads = int_value(options, "CoreCount"), int_value(options, "ThreadsPerCore")
    return cores is not None and threads is not None and facts.cpu_options_valid(cores, threads) is False


def _hibernation_on_unsupported_type(case: Case, world: World) -> bool:
    """R-HIB-6: hibernation with a type DescribeInstanceTypes says does not support it."""
    return _hibernates(case) and world.hibernation_unsupported(case.params.get("InstanceType"))


def _hibernating(case: Case) -> bool:
    return is_true(get(case.params, "HibernationOptions.Configured"))


def _enclave(case: Case) -> bool:
    return is_true(get(case.params, "EnclaveOptions.Enabled"))


def _sev_snp_misused(case: Case, world: World) -> bool:
    """R-CPU-2: enabled on a type the World says lacks it (DescribeInstanceTypes, else the documented families),
    or with hibernation or an enclave."""
    if get(case.params, "CpuOptions.AmdSevSnp") != "enabled":
        return False
    return world.sev_snp_unsupported(instance_type(case)) or _hibernating(case) or _enclave(case)


def _nested_virtualization_misused(case: Case, world: World) -> bool:
    """R-CPU-3: enabled on a type the World says lacks it (DescribeInstanceTypes, else the documented families)."""
    return (get(case.params, "CpuOptions.NestedVirtualization") == "enabled"
            and world.nested_virtualization_unsupported(instance_type(case)))


def _credits_sent_empty(case: Case, world: World) -> bool:
    """Query cannot carry an empty structure: a missing CpuCredits reaches EC2 only as an empty value."""
    return case.query.get(CREDITS_WIRE) == ""


def _credits_invalid(case: Case, world: World) -> bool:
    sent = case.query.get(CREDITS_WIRE)
    return sent is not None and sent != "" and sent not in CPU_CREDITS


def _credits_on_non_burstable(case: Case, world: World) -> bool:
    itype = instance_type(case)
    return has(case.params, CREDITS) and itype is not None and not world.burstable(itype)


def _hibernation_and_enclave(case: Case, world: World) -> bool:
    return _hibernating(case) and _enclave(case)


def _hibernation_with_other_interruption(case: Case, world: World) -> bool:
    behaviour = get(case.params, "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior")
    return _hibernating(case) and behaviour is not None and behaviour != SPOT_INTERRUPTION_WITH_HIBERNATION


def _hibernates(case: Case) -> bool:
    """Hibernation configured, or a Spot request that hibernates when interrupted (both need its
    prerequisites: ri-hib-spot-hibernate-interruption-unencrypted-root)."""
    behaviour = get(case.params, "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior")
    return _hibernating(case) or behaviour == SPOT_INTERRUPTION_WITH_HIBERNATION


def _root_unencrypted(case: Case, world: World) -> bool:
    """The World decides the root volume is unencrypted: no encryption by default, and the root mapping
    says Encrypted=false, or says nothing over an unencrypted root snapshot."""
    found = image(case, world)
    if world.ebs_encryption_by_default is not False or found is None:
        return False
    root = [m for m in mappings(case) if m.get("DeviceName") == found.root_device_name]
    encrypted = get(root[0], "Ebs.Encrypted") if root else None
    return encrypted is False or (encrypted is None and found.root_encrypted is False)


def _hibernation_unencrypted_root(case: Case, world: World) -> bool:
    return _hibernates(case) and _root_unencrypted(case, world)


def _hibernation_shown(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    wanted = get(case.params, "HibernationOptions.Configured")
    expected = DEFAULTS["HibernationOptions.Configured"] if wanted is None else bool(wanted)  # R-HIB-4
    check = "HibernationOptions.Configured" if wanted is not None else "HibernationOptions (default)"
    problems: list[FailedCheck] = []
    for instance in launch.described:
        shown = get(instance, "HibernationOptions.Configured")
        if shown is not None and shown is not expected:
            problems.append(FailedCheck(check, f"{instance.get('InstanceId')}: HibernationOptions.Configured={shown}, "
                                           f"expected {expected}"))
    return problems


_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-CPU-1", ("CpuOptions.CoreCount", "CpuOptions.ThreadsPerCore"),
        "CoreCount without ThreadsPerCore (or the reverse), ThreadsPerCore not 1 or 2, CoreCount < 1",
        (("[UG-CPU]", "When you launch an instance, you must specify both the number of CPU cores and "
          "threads per core in the request."),
         ("[BC]", "To disable multithreading … specify a value of 1. Otherwise, specify the default value "
          "of 2.")),
        outcome=codes(*COMBINATION, "MissingParameter"), violated=_cpu_options_invalid,
        open_when=_only_companion_missing,
        reason=UNDOCUMENTED + "; MissingParameter is EC2's answer for a missing companion value (R-BDM-1); "
        "ThreadsPerCore other than 1 or 2 and CoreCount < 1 are decided, the pair alone stays open: the 2023 "
        "'both required' rule may have been relaxed since (ambiguous); the counts a type offers are R-CPU-4's",
    ),
    _rule(
        "R-CPU-2", ("CpuOptions.AmdSevSnp", "InstanceType", "HibernationOptions.Configured",
                    "EnclaveOptions.Enabled"),
        "AMD SEV-SNP enabled on a type without it (DescribeInstanceTypes SupportedFeatures amd-sev-snp; where "
        "the World does not know: other than M6a/R6a/C6a), or with hibernation or Nitro Enclaves",
        (("[BC]", "AMD SEV-SNP is supported with M6a, R6a, and C6a instance types only."),
         ("[UG snp-considerations]", "Hibernation and Nitro Enclaves are not supported when AMD SEV-SNP is "
          "turned on.")),
        outcome=codes(*COMBINATION, "UnsupportedOperation"), violated=_sev_snp_misused, reason=UNDOCUMENTED,
    ),
    _rule(
        "R-CPU-3", ("CpuOptions.NestedVirtualization", "InstanceType"),
        "nested virtualization enabled on a type without it (DescribeInstanceTypes SupportedFeatures "
        "nested-virtualization; where the World does not know: other than c8i/m8i/r8i and flex)",
        (("[BC]", "Nested virtualization is supported only on 8th generation Intel-based instance types "
          "(c8i, m8i, r8i, and their flex variants)."),),
        outcome=codes(*COMBINATION, "UnsupportedOperation"), violated=_nested_virtualization_misused,
        reason=UNDOCUMENTED,
    ),
    _rule(
        "R-CPU-4", ("CpuOptions.CoreCount", "CpuOptions.ThreadsPerCore", "InstanceType"),
        "CoreCount or ThreadsPerCore outside the instance type's valid options (DescribeInstanceTypes "
        "ValidCores / ValidThreadsPerCore; none for a type without CPU options) -> an error",
        (("[UG-CPU]", "You cannot exceed the default number of vCPUs for the instance."),),
        rule_class=RuleClass.RESOURCE, outcome=codes(*COMBINATION), violated=_cpu_options_off_type,
        reason=UNDOCUMENTED + "; decided only where the World knows the type's valid core and thread counts "
        "(DescribeInstanceTypes VCpuInfo); a pair R-CPU-1 refuses is R-CPU-1's alone",
    ),
    _rule(
        "R-CREDIT-1", (CREDITS,),
        "CreditSpecification sent without a CpuCredits value -> MissingParameter",
        (("[BC]", "CpuCredits REQUIRED"),),
        confidence=Confidence.DOCUMENTED,
        outcome=codes("MissingParameter", "InvalidParameterValue", "InvalidCpuCredits",
                      "InvalidCpuCredits.Malformed"),
        violated=_credits_sent_empty,
        reason="Query cannot carry an empty structure (boto3 refuses one client-side), so the only missing "
        "form on the wire is an empty value, which EC2 may read as missing or as an invalid value",
    ),
    _rule(
        "R-CREDIT-2", (CREDITS,), "CpuCredits other than standard/unlimited -> InvalidCpuCredits",
        (("[BC]", "Valid values: standard | unlimited"),
         ("[ERR]", "The specified CpuCredit value is invalid. Valid values are standard and unlimited.")),
        confidence=Confidence.DOCUMENTED, outcome=codes("InvalidCpuCredits", "InvalidCpuCredits.Malformed"),
        violated=_credits_invalid, reason="an empty value is R-CREDIT-1's",
    ),
    _rule(
        "R-CREDIT-3", ("CreditSpecification", "InstanceType"),
        "a CreditSpecification for a non-burstable (non-T) instance type -> "
        "InstanceCreditSpecification.NotSupported",
        (("[ERR]", "The specified instance does not use CPU credits for CPU usage; only T2 instances use CPU "
          "credits"),
         ("OBS-CREDIT-NONT", "The m5.large instance type does not support T2 Unlimited.")),
        confidence=Confidence.OBSERVED, outcome=codes("InstanceCreditSpecification.NotSupported"),
        violated=_credits_on_non_burstable,
        reason="refused in 2018 and 2019 (observed); no later observation says otherwise",
    ),
    _rule(
        "R-CREDIT-4", ("CreditSpecification",),
        "default credits: standard (T2), unlimited (T3/T3a/T4g); T3 on host tenancy: standard only",
        (("[BC]", "For T3 instances with host tenancy, only standard is supported."),),
        kind=Kind.UNDECIDABLE, confidence=Confidence.DOCUMENTED, dry_run=DryRun.NOT_APPLICABLE,
        reason="the credit option is shown only by DescribeInstanceCreditSpecifications; the host-tenancy "
        "restriction is encoded once, as R-PLC-3",
    ),
    _rule(
        "R-HIB-1", ("HibernationOptions.Configured", "EnclaveOptions.Enabled"),
        "hibernation and Nitro Enclaves both enabled -> an error",
        (("[BC]", "You can't enable hibernation and Amazon Web Services Nitro Enclaves on the same "
          "instance."),),
        outcome=codes(*COMBINATION, "UnsupportedHibernationConfiguration"),
        violated=_hibernation_and_enclave, reason=UNDOCUMENTED,
    ),
    _rule(
        "R-HIB-2", ("HibernationOptions.Configured",),
        "hibernation prerequisites not met (root volume, type, RAM, boot mode) -> "
        "UnsupportedHibernationConfiguration",
        (("[ERR]", "The instance could not be launched because one or more parameter values do not meet the "
          "prerequisites for enabling hibernation."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("UnsupportedHibernationConfiguration"),
        reason="the RAM and boot-mode prerequisites are not in the World; the root's encryption is R-HIB-5's and "
        "the type's support R-HIB-6's",
    ),
    _rule(
        "R-HIB-3", ("HibernationOptions.Configured",
                    "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"),
        "hibernation with a Spot interruption behaviour other than hibernate -> an error",
        (("[BC]", "If you set InstanceInterruptionBehavior to a value other than hibernate, you'll get an "
          "error."),),
        outcome=codes(*COMBINATION, "UnsupportedHibernationConfiguration"),
        violated=_hibernation_with_other_interruption, reason=UNDOCUMENTED,
    ),
    _rule(
        "R-HIB-4", ("HibernationOptions.Configured",),
        "DescribeInstances shows HibernationOptions.Configured as requested (false by default)",
        (("[BC]", "Default: false"),),
        kind=Kind.POSTCONDITION, confidence=Confidence.DOCUMENTED, dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_hibernation_shown, reason="checked where DescribeInstances shows the field",
    ),
    _rule(
        "R-HIB-5", ("HibernationOptions.Configured",
                    "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior",
                    "BlockDeviceMappings[].Ebs.Encrypted", "ImageId"),
        "hibernation (or a hibernate Spot interruption) with an unencrypted root volume -> "
        "UnsupportedHibernationConfiguration",
        (("[UG-HIB]", "the root volume must be encrypted … Encryption of the root volume is enforced at "
          "instance launch."),
         ("ri-hib-spot-hibernate-interruption-unencrypted-root", "For hibernation, the root device volume "
          "must be encrypted.")),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.OBSERVED,
        outcome=codes("UnsupportedHibernationConfiguration"), violated=_hibernation_unencrypted_root,
        reason="decided only where the World knows the account's EBS encryption by default is off and the "
        "root's encryption (the mapping's Encrypted, else the AMI's root snapshot); the other prerequisites "
        "stay R-HIB-2's",
    ),
    _rule(
        "R-HIB-6", ("HibernationOptions.Configured", "InstanceType",
                    "InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"),
        "hibernation (or a hibernate Spot interruption) with an instance type that does not support it "
        "(DescribeInstanceTypes HibernationSupported=false) -> UnsupportedHibernationConfiguration",
        (("[ERR]", "The instance could not be launched because one or more parameter values do not meet the "
          "prerequisites for enabling hibernation."),),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("UnsupportedHibernationConfiguration"), violated=_hibernation_on_unsupported_type,
        reason="decided only where the World knows the type's HibernationSupported",
    ),
)
