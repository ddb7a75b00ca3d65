"""The documented limits: the name rules they decide by, and agreement with the installed model, the rule
catalogue and the example world they are used with."""

from __future__ import annotations

import pytest

from conformance.rules import RULES
from strategies import limits
from strategies.model import enum_values, leaf_paths
from strategies.world import example_world

WORLD = example_world()


@pytest.mark.parametrize(
    ("instance_type", "family", "burstable"),
    [("t3.micro", "t3", True), ("t3a.nano", "t3a", True), ("t4g.small", "t4g", True), ("m5.large", "m5", False),
     ("mac1.metal", "mac1", False), ("trn1.2xlarge", "trn1", False), ("c8i-flex.large", "c8i-flex", False)],
)
def test_the_family_and_burstability_are_read_from_the_name(instance_type: str, family: str,
                                                            burstable: bool) -> None:
    assert limits.instance_family(instance_type) == family
    assert limits.is_burstable(instance_type) is burstable


@pytest.mark.parametrize(
    ("instance_type", "architecture"),
    [("m6g.large", "arm64"), ("c7gn.large", "arm64"), ("a1.large", "arm64"), ("t4g.micro", "arm64"),
     ("t3.micro", "x86_64"), ("m5.large", "x86_64"), ("mac1.metal", None), ("zz9.large", None)],
)
def test_the_architecture_is_told_only_for_known_non_mac_types(instance_type: str, architecture: str | None) -> None:
    assert limits.type_architecture(instance_type) == architecture


def test_known_instance_types_are_the_model_enum() -> None:
    known = limits.known_instance_types()
    assert known == frozenset(enum_values("InstanceType"))
    assert set(WORLD.instance_types) <= known


def test_unsettled_members_are_model_leaves_of_rules_tagged_unsettled() -> None:
    members = limits.unsettled_members()
    assert members == {m for group in limits.UNSETTLED_MEMBERS.values() for m in group}
    assert members <= set(leaf_paths())
    for rule_id in limits.UNSETTLED_MEMBERS:
        assert "unsettled" in RULES[rule_id].tags, rule_id


def test_the_vocabularies_are_within_the_model_enums() -> None:
    assert set(limits.VOLUME_TYPES) <= set(enum_values("BlockDeviceMappings[].Ebs.VolumeType"))
    assert limits.IOPS_REQUIRED | limits.IOPS_FORBIDDEN | set(limits.IOPS_RANGE) == set(limits.VOLUME_TYPES)
    assert not limits.IOPS_REQUIRED & limits.IOPS_FORBIDDEN
    assert set(limits.IOPS_PER_GIB_MAX) <= set(limits.IOPS_RANGE)
    assert set(limits.VOLUME_TYPES) >= limits.THROUGHPUT_VOLUME_TYPES | limits.NON_BOOT_VOLUME_TYPES
    assert set(enum_values("TagSpecifications[].ResourceType")) >= limits.TAGGABLE_ON_LAUNCH
    behaviours = set(enum_values("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"))
    assert limits.PERSISTENT_SPOT_BEHAVIOURS | {limits.SPOT_INTERRUPTION_DEFAULT} <= behaviours
    assert set(limits.METADATA_DEFAULTS.values()) <= set(enum_values("MetadataOptions.HttpEndpoint"))


def test_ranges_are_ordered() -> None:
    ranges = [*limits.VOLUME_SIZE_GIB.values(), *limits.IOPS_RANGE.values(), limits.THROUGHPUT_MIBS,
              limits.VOLUME_INIT_RATE_MIBS, limits.HOP_LIMIT, limits.TCP_ESTABLISHED_TIMEOUT,
              limits.UDP_STREAM_TIMEOUT, limits.UDP_TIMEOUT, limits.SPOT_MAX_PRICE_MILLIS_VALID,
              limits.VALID_UNTIL_YEARS]
    assert all(low < high for low, high in ranges), ranges
    assert limits.TAG_KEY_MAX_BC < limits.TAG_KEY_MAX  # valid keys stay under the smaller count


@pytest.mark.parametrize(("name", "valid"), [("ephemeral0", True), ("ephemeral23", True), ("ephemeral24", False),
                                             ("ephemeral", False), ("Ephemeral1", False)])
def test_virtual_names(name: str, valid: bool) -> None:
    assert (limits.VIRTUAL_NAME_PATTERN.fullmatch(name) is not None) is valid


@pytest.mark.parametrize(("name", "valid"), [("/dev/sdb", True), ("/dev/xvdz", True), ("/dev/xvdba", True),
                                             ("/dev/sda1", True), ("/dev/xvdda", False), ("/dev/sdb1", False),
                                             ("/dev/hda", False)])
def test_device_names(name: str, valid: bool) -> None:
    assert (limits.DEVICE_NAME_PATTERN.fullmatch(name) is not None) is valid


def test_id_patterns_take_the_short_and_the_long_form_only() -> None:
    pattern = limits.ID_PATTERNS["ami"]
    assert pattern.fullmatch("ami-0123abcd") and pattern.fullmatch("ami-0123456789abcdef0")
    assert not pattern.fullmatch("ami-0123456789") and not pattern.fullmatch("ami-0123ABCD")
    for image_id in WORLD.image_ids:
        assert pattern.fullmatch(image_id)
    for subnet in WORLD.subnets:
        assert limits.ID_PATTERNS["subnet"].fullmatch(subnet.subnet_id)
    for group in WORLD.security_groups:
        assert limits.ID_PATTERNS["sg"].fullmatch(group.group_id)
    assert limits.RESPONSE_ID_PATTERNS["InstanceId"].fullmatch("i-0123456789abcdef0")


def test_imds_tag_keys_and_launch_template_names() -> None:
    assert limits.IMDS_TAG_KEY_PATTERN.fullmatch("Name-1_x+=,.@:")
    assert not limits.IMDS_TAG_KEY_PATTERN.fullmatch("with space") and not limits.IMDS_TAG_KEY_PATTERN.fullmatch("")
    assert limits.LAUNCH_TEMPLATE_NAME_PATTERN.fullmatch(WORLD.launch_templates[0].template_name)
    assert not limits.LAUNCH_TEMPLATE_NAME_PATTERN.fullmatch("ab")


def test_the_ena_families_agree_with_the_example_worlds_facts() -> None:
    for facts in WORLD.instance_type_facts:
        named = limits.instance_family(facts.name) in limits.ENA_REQUIRED_FAMILIES
        assert named is facts.ena_required, facts.name
        unsupported = limits.instance_family(facts.name) in limits.EBS_OPTIMIZED_UNSUPPORTED_FAMILIES
        assert unsupported is (facts.ebs_optimized == "unsupported"), facts.name
