"""Mutations of ImageId, KernelId, RamdiskId, LaunchTemplate and InstanceType: what each one sends in place of
the valid member, and what it removes so that only its rule breaks."""

from __future__ import annotations

from strategies.case import Case
from strategies.limits import ID_PATTERNS, known_instance_types, type_architecture
from strategies.mutations import image
from strategies.mutations._edit import zones_named
from strategies.world import MISSING_NAME_PREFIX, World
from tests.support.mutation_draws import on_its_variant
from tests.support.world_variants import (
    ARM_IMAGE,
    WITH_ARM_IMAGE,
    WITH_LIMITED_TYPES,
    WITH_NON_ENA_IMAGE,
    WORLD,
)

SPECS = {spec.name: spec for spec in image.MUTATIONS}


def _cases(name: str, examples: int = 25) -> tuple[World, list[Case]]:
    world, found = on_its_variant(SPECS[name], examples)
    return world, found


def test_the_image_is_missing_on_the_wire_or_omitted_without_a_template() -> None:
    _, wire = _cases("image-id-missing-on-wire")
    for case in wire:
        assert case.params["ImageId"] in WORLD.image_ids and "ImageId" not in case.query
        assert "LaunchTemplate" not in case.params
    _, omitted = _cases("image-id-omitted")
    assert all(not {"ImageId", "LaunchTemplate"} & set(case.params) for case in omitted)


def test_malformed_and_unknown_images_drop_the_template_and_the_mappings() -> None:
    _, malformed = _cases("image-id-malformed")
    _, unknown = _cases("image-id-unknown")
    for case in (*malformed, *unknown):
        assert not {"LaunchTemplate", "BlockDeviceMappings"} & set(case.params)
    for case in malformed:
        assert case.params["ImageId"] in image.MALFORMED_AMI and not ID_PATTERNS["ami"].fullmatch(
            case.params["ImageId"])
    for case in unknown:
        assert ID_PATTERNS["ami"].fullmatch(case.params["ImageId"])
        assert case.params["ImageId"] not in WORLD.image_ids


def test_kernel_and_ramdisk_ids() -> None:
    for case in _cases("kernel-id-malformed")[1]:
        assert case.params["KernelId"] in image.MALFORMED_AKI and not ID_PATTERNS["aki"].fullmatch(
            case.params["KernelId"])
    for case in _cases("kernel-id-unknown")[1]:
        assert ID_PATTERNS["aki"].fullmatch(case.params["KernelId"])
        assert case.params["KernelId"] not in WORLD.kernel_ids
    for case in _cases("ramdisk-id-malformed")[1]:
        assert case.params["RamdiskId"] in image.MALFORMED_ARI


def test_the_architecture_mismatch_pairs_an_image_with_a_type_of_the_other_architecture() -> None:
    world, cases = _cases("instance-type-architecture-mismatch")
    for case in cases:
        chosen = world.image(case.params["ImageId"])
        assert chosen is not None
        assert type_architecture(case.params["InstanceType"]) not in (None, chosen.architecture)
        assert not {"CpuOptions", "HibernationOptions", "EnclaveOptions", "EbsOptimized"} & set(case.params)


def test_launch_template_references() -> None:
    template = WORLD.launch_templates[0]
    for case in _cases("launch-template-id-and-name")[1]:
        assert case.params["LaunchTemplate"] == {"LaunchTemplateId": template.template_id,
                                                 "LaunchTemplateName": template.template_name}
        assert case.params["ImageId"] in WORLD.image_ids  # the request names its image
    for case in _cases("launch-template-neither-id-nor-name")[1]:
        assert case.params["LaunchTemplate"] == {"Version": "$Default"}
    for case in _cases("launch-template-version-unknown")[1]:
        assert int(case.params["LaunchTemplate"]["Version"]) > max(int(v) for v in template.versions)
    for case in _cases("launch-template-name-unknown")[1]:
        assert case.params["LaunchTemplate"]["LaunchTemplateName"].startswith(MISSING_NAME_PREFIX)
    for case in _cases("launch-template-version-malformed")[1]:
        assert case.params["LaunchTemplate"]["Version"] in image.MALFORMED_VERSION


def test_an_unknown_type_is_not_in_the_models_enum() -> None:
    for case in _cases("instance-type-unknown")[1]:
        assert case.params["InstanceType"] in image.UNKNOWN_TYPES
        assert case.params["InstanceType"] not in known_instance_types()


def test_a_type_not_offered_in_the_zone_the_request_names() -> None:
    world, cases = _cases("instance-type-not-offered-in-zone")
    assert world is WITH_LIMITED_TYPES
    for case in cases:
        zones = zones_named(dict(case.params), world)
        assert zones and any(not world.offers(case.params["InstanceType"], zone) for zone in zones)


def test_an_image_without_ena_goes_with_a_type_that_requires_it() -> None:
    world, cases = _cases("image-without-ena-on-ena-type")
    assert world is WITH_NON_ENA_IMAGE
    for case in cases:
        chosen = world.image(case.params["ImageId"])
        assert chosen is not None and chosen.ena_support is False
        assert case.params["InstanceType"] in image.ENA_REQUIRED_TYPES[chosen.architecture]
        assert not {"LaunchTemplate", "BlockDeviceMappings", "CpuOptions"} & set(case.params)


def test_the_fitting_image_suits_the_type() -> None:
    assert image._fitting_image({"InstanceType": "m6g.large"}, WITH_ARM_IMAGE) == ARM_IMAGE
    assert image._fitting_image({"InstanceType": "m5.large"}, WITH_ARM_IMAGE).architecture == "x86_64"
    assert image._fitting_image({}, WITH_ARM_IMAGE) == WITH_ARM_IMAGE.images[0]
    assert image._fitting_image({"InstanceType": "m6g.large"}, WORLD) == WORLD.images[0]  # none fits: the first
