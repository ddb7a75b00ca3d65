"""The launch-template reference rules (conformance/rules/_launch_templates.py, R-LT-1, R-LT-2, R-LT-4, collected
through image.RULES): one of id and name, a version of the documented forms, a reference the World knows."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.rules import rule
from conformance.rules._launch_templates import LT_RULES, VERSION_PATTERN
from conformance.rules.image import RULES as IMAGE_RULES
from strategies.case import Case
from tests.support.rule_requests import LT, WORLD, request

ID, NAME = LT.template_id, LT.template_name


def _breaks(rule_id: str, template: Any) -> bool:
    check = rule(rule_id).violated
    assert check is not None
    return check(Case(request(ImageId=None, LaunchTemplate=template)), WORLD)


def test_the_rules_are_the_image_familys() -> None:
    assert {r.id for r in LT_RULES} == {"R-LT-1", "R-LT-2", "R-LT-4"}
    assert set(LT_RULES) <= set(IMAGE_RULES)
    assert all(r.family == "image" for r in LT_RULES)


@pytest.mark.parametrize(("template", "broken"), [
    ({"LaunchTemplateId": ID}, False),
    ({"LaunchTemplateName": NAME}, False),
    ({"LaunchTemplateId": ID, "LaunchTemplateName": NAME}, True),
    ({"Version": "1"}, True),
    ({}, False),  # nothing of it goes on the wire
], ids=["id", "name", "both", "neither", "empty"])
def test_r_lt_1_wants_exactly_one_of_id_and_name(template: dict[str, str], broken: bool) -> None:
    assert _breaks("R-LT-1", template) is broken


@pytest.mark.parametrize(("version", "valid"), [
    ("1", True), ("42", True), ("$Latest", True), ("$Default", True),
    ("latest", False), ("$latest", False), ("-1", False), ("1.0", False), ("", False), ("$Latest ", False),
])
def test_r_lt_2_accepts_a_number_latest_or_default(version: str, valid: bool) -> None:
    assert (VERSION_PATTERN.fullmatch(version) is not None) is valid
    assert _breaks("R-LT-2", {"LaunchTemplateId": ID, "Version": version}) is not valid


@pytest.mark.parametrize(("template", "broken"), [
    ({"LaunchTemplateId": ID, "Version": "1"}, False),
    ({"LaunchTemplateName": NAME, "Version": "$Latest"}, False),
    ({"LaunchTemplateId": ID, "Version": "2"}, True),  # a version the template does not have
    ({"LaunchTemplateId": ID, "Version": "latest"}, False),  # malformed: R-LT-2's, not R-LT-4's
    ({"LaunchTemplateId": "lt-0aaaaaaaaaaaaaaaa"}, True),  # well formed, unknown
    ({"LaunchTemplateId": "lt-xyz"}, True),  # malformed id
    ({"LaunchTemplateName": "ab"}, True),  # a name shorter than 3 characters
    ({"LaunchTemplateName": "bad name!"}, True),  # characters a name cannot hold
    ({"LaunchTemplateName": NAME.upper()}, True),  # names are case-sensitive
    ({"LaunchTemplateId": 7}, False),  # not a string: botocore's validator refuses it
    ({"LaunchTemplateId": ID, "LaunchTemplateName": "unknown"}, False),  # both: R-LT-1 decides
], ids=["id-version", "name-latest", "missing-version", "malformed-version", "unknown-id", "malformed-id",
        "short-name", "bad-characters", "case", "non-string", "both"])
def test_r_lt_4_wants_a_reference_the_world_knows(template: dict[str, Any], broken: bool) -> None:
    assert _breaks("R-LT-4", template) is broken
