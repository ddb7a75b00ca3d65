"""Launch template reference rules R-LT-1, R-LT-2, R-LT-4 (collected through `image.RULES`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from conformance.rules._readers import family_rule
from conformance.rules._request import launch_template, malformed, well_formed
from conformance.rules.core import Confidence, DryRun, ErrorOutcome, Rule, RuleClass
from strategies.case import Case
from strategies.limits import LAUNCH_TEMPLATE_NAME_PATTERN
from strategies.world import LaunchTemplate, World

FAMILY = "image"
# R-LT-2: "The launch template version number, $Latest, or $Default".
VERSION_PATTERN = re.compile(r"[0-9]+|\$Latest|\$Default")
_NUMBER = re.compile(r"[0-9]+")
_ID, _NAME, _VERSION = "LaunchTemplateId", "LaunchTemplateName", "Version"


def _reference(case: Case) -> Mapping[str, Any] | None:
    """The LaunchTemplate sent, when it names exactly one of id and name (else R-LT-1 decides)."""
    template = launch_template(case)
    if not template or (_ID in template) == (_NAME in template):
        return None
    return template


def _one_of_id_or_name(case: Case, world: World) -> bool:
    template = launch_template(case)
    return template is not None and (_ID in template) == (_NAME in template)


def _version_malformed(case: Case, world: World) -> bool:
    template = launch_template(case)
    version = template.get(_VERSION) if template else None
    return isinstance(version, str) and VERSION_PATTERN.fullmatch(version) is None


def _named(world: World, template: Mapping[str, Any]) -> LaunchTemplate | None:
    if _ID in template:
        return next((t for t in world.launch_templates if t.template_id == template[_ID]), None)
    return next((t for t in world.launch_templates if t.template_name == template[_NAME]), None)


def _reference_bad(case: Case, world: World) -> bool:
    """Malformed or unknown id/name, or a version number the template does not have."""
    template = _reference(case)
    if template is None:
        return False
    if _ID in template and malformed("lt", template[_ID]):
        return True
    name = template.get(_NAME)
    if isinstance(name, str) and LAUNCH_TEMPLATE_NAME_PATTERN.fullmatch(name) is None:
        return True
    if not (well_formed("lt", template.get(_ID)) or isinstance(name, str)):
        return False  # a non-string id or name: botocore's validator refuses it
    known = _named(world, template)
    if known is None:
        return True
    version = template.get(_VERSION)
    numbered = isinstance(version, str) and _NUMBER.fullmatch(version) is not None
    return numbered and version not in known.versions


_rule = partial(family_rule, FAMILY)


LT_RULES: tuple[Rule, ...] = (
    _rule(
        "R-LT-1", ("LaunchTemplate.LaunchTemplateId", "LaunchTemplate.LaunchTemplateName"),
        "LaunchTemplate with both or neither of LaunchTemplateId and LaunchTemplateName -> client "
        "error (code undocumented)",
        (("[BC]", "You must specify either the launch template ID or the launch template "
                  "name, but not both."),),
        outcome=ErrorOutcome(
            frozenset({"InvalidParameterValue", "InvalidParameterCombination", "MissingParameter"})
        ),
        violated=_one_of_id_or_name,
        reason="code undocumented",
    ),
    _rule(
        "R-LT-2", ("LaunchTemplate.Version",),
        "LaunchTemplate.Version not a number, $Latest or $Default -> client error (code "
        "undocumented); omitted -> the template's default version",
        (("[BC]", "The launch template version number, $Latest, or $Default… Default: The default "
                  "version of the launch template."),),
        outcome=ErrorOutcome(
            frozenset({"InvalidLaunchTemplateId.VersionNotFound", "InvalidParameterValue"})
        ),
        dry_run=DryRun.NOT_APPLICABLE,
        violated=_version_malformed,
        reason="code undocumented; a well-formed version the template lacks is R-LT-4's",
    ),
    _rule(
        "R-LT-4", (
            "LaunchTemplate.LaunchTemplateId",
            "LaunchTemplate.LaunchTemplateName",
            "LaunchTemplate.Version",
        ),
        "launch template id malformed or unknown, name malformed or unknown, or version not found "
        "-> InvalidLaunchTemplateId.* / InvalidLaunchTemplateName.*",
        (("[ERR]", "InvalidLaunchTemplateId.Malformed … form lt-xxxxxxxxxxxxxxxxx"),
         ("[ERR]", "InvalidLaunchTemplateName.NotFoundException … Launch template names are "
                   "case-sensitive"),
         ("[ERR]", "InvalidLaunchTemplateName.MalformedException … between 3 and 128 characters")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(
            frozenset({
                "InvalidLaunchTemplateId.Malformed",
                "InvalidLaunchTemplateId.NotFound",
                "InvalidLaunchTemplateId.VersionNotFound",
                "InvalidLaunchTemplateName.NotFoundException",
                "InvalidLaunchTemplateName.MalformedException",
            })
        ),
        violated=_reference_bad,
        reason="one rule for id, name and version: any of the five codes is accepted for any of them",
    ),
)
