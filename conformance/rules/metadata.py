"""Instance metadata options rules: R-MD-1..5 (catalogue section 11)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._readers import codes, family_rule, get, instance_label, launched
from conformance.rules.core import Confidence, DryRun, Kind, Launch, Rule, RuleClass
from strategies.case import Case
from strategies.limits import HOP_LIMIT, METADATA_DEFAULTS, METADATA_OPTIONS_STATES
from strategies.world import World

FAMILY = "metadata"
MD = "MetadataOptions"


def _hop_limit_out_of_range(case: Case, world: World) -> bool:
    limit = get(case.params, f"{MD}.HttpPutResponseHopLimit")
    return limit is not None and not (isinstance(limit, int) and HOP_LIMIT[0] <= limit <= HOP_LIMIT[1])


def _shown(instance: Mapping[str, Any], key: str) -> Any:
    return get(instance, f"{MD}.{key}")


def _tokens_as_requested(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    wanted = get(case.params, f"{MD}.HttpTokens")
    if wanted is None:
        return []  # the default depends on the AMI and the account
    return [
        FailedCheck(f"{MD}.HttpTokens",
                f"{instance.get('InstanceId')}: MetadataOptions.HttpTokens={_shown(instance, 'HttpTokens')!r}, "
                f"requested {wanted!r}")
        for instance in launch.described
        if _shown(instance, "HttpTokens") != wanted
    ]


def _options_or_defaults(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    problems: list[FailedCheck] = []
    for key, default in METADATA_DEFAULTS.items():
        requested = get(case.params, f"{MD}.{key}")
        wanted = requested or default
        check = f"{MD}.{key}" + ("" if requested else " (default)")
        for instance in launch.described:
            shown = _shown(instance, key)
            if shown != wanted:
                problems.append(FailedCheck(check, f"{instance.get('InstanceId')}: {MD}.{key}={shown!r}, "
                                               f"expected {wanted!r}"))
    return problems


def _state_known(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    return [
        FailedCheck(f"{MD}.State", f"{instance_label(source, instance)}: {MD}.State={_shown(instance, 'State')!r}, "
                               f"expected one of {sorted(METADATA_OPTIONS_STATES)}")
        for source, instance in launched(launch.reservation, launch.described)
        if _shown(instance, "State") not in METADATA_OPTIONS_STATES
    ]


_rule = partial(family_rule, FAMILY)


def _post(rule_id: str, members: tuple[str, ...], summary: str, quote: str, check: Any, **f: Any) -> Rule:
    return _rule(
        rule_id, members, summary, (("[BC]", quote),), kind=Kind.POSTCONDITION,
        rule_class=f.pop("rule_class", RuleClass.STATIC), confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, postcondition=check, **f,
    )


RULES: tuple[Rule, ...] = (
    _post(
        "R-MD-1", (f"{MD}.HttpTokens",),
        "a requested HttpTokens (optional|required) is what DescribeInstances shows",
        "If the value of ImdsSupport for the AMI … is v2.0 and the account level default is set to "
        "no-preference, the default is required…",
        _tokens_as_requested, rule_class=RuleClass.RESOURCE,
        reason="the default depends on the AMI and the account and is not checked; values outside the enum "
        "are R-ENUM-1's",
    ),
    _rule(
        "R-MD-2", (f"{MD}.HttpPutResponseHopLimit",),
        "HttpPutResponseHopLimit outside 1-64 -> an error",
        (("[BC]", "Possible values: Integers from 1 to 64"),),
        outcome=codes("InvalidParameterValue"),
        violated=_hop_limit_out_of_range,
        reason="code undocumented: InvalidParameterValue expected",
    ),
    _post(
        "R-MD-3", (f"{MD}.HttpEndpoint", f"{MD}.HttpProtocolIpv6", f"{MD}.InstanceMetadataTags"),
        "DescribeInstances shows HttpEndpoint/HttpProtocolIpv6/InstanceMetadataTags as requested, else "
        "enabled/disabled/disabled",
        "HttpEndpoint default enabled; HttpProtocolIpv6 default disabled; InstanceMetadataTags default "
        "disabled",
        _options_or_defaults, reason="values outside the enum are R-ENUM-1's",
    ),
    _post(
        "R-MD-4", (MD,), "the response's MetadataOptions.State is pending or applied",
        "MetadataOptions.State: pending | applied", _state_known,
        reason="checked in the RunInstances answer and in DescribeInstances",
    ),
    _rule(
        "R-MD-5", (MD,),
        "IAM/SCP conditions on ec2:MetadataHttpTokens or the hop limit -> UnauthorizedOperation",
        (("[UG ExamplePolicies_EC2]",
          "you can't call the RunInstances API unless you also specify a hop limit, and the hop limit can't be "
          "more than 3. If you fail to do that, you get an UnauthorizedOperation error"),
         ("OBS-DRYRUN-CONDKEYS", "IAM condition keys (ec2:MetadataHttpTokens) are evaluated from "
                                 "request-level MetadataOptions")),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        outcome=codes("UnauthorizedOperation", status=403),
        reason="the caller's IAM and SCP policies are not part of the world",
    ),
)
