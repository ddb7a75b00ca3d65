"""Mutations of ImageId, KernelId, RamdiskId, LaunchTemplate and InstanceType (catalogue section 3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case, WireEdit
from strategies.limits import type_architecture
from strategies.mutations import MutationSpec
from strategies.mutations._edit import retype, zones_named
from strategies.mutations._reshape import record, unknown_id
from strategies.world import MISSING_NAME_PREFIX, Image, World

Params = dict[str, Any]
Build = Callable[[st.DrawFn, Params, World], Case]
MALFORMED_AMI = ("ami-xyz", "ami-123", "image-0123456789abcdef0", "ami_0123abcd", "0123456789abcdef0")
MALFORMED_AKI = ("aki-zz", "kernel-1", "ari-0a1b2c3d", "aki-0123")
MALFORMED_ARI = ("ari-zz", "ramdisk-1", "aki-0a1b2c3d", "ari-0123")
MALFORMED_LT_ID = ("lt-xyz", "lt-123", "template-0a1b2c3d4e5f60718")
MALFORMED_LT_NAME = ("a", "ab", "bad name!", "name#with#hash")
MALFORMED_VERSION = ("latest", "v1", "$Newest", "1.0")
UNKNOWN_TYPES = ("q9.galactic", "m5.huge-ish", "z0.none")
# R-AMI-7: a type of the other architecture for each image architecture.
OTHER_ARCHITECTURE_TYPE = {"x86_64": "m6g.large", "arm64": "m5.large"}
# R-AMI-8: types of ENA_REQUIRED_FAMILIES per architecture (g4dn.xlarge is the observation's).
ENA_REQUIRED_TYPES = {"x86_64": ("g4dn.xlarge", "c5.large", "m5.large"), "arm64": ("m6g.large", "c6g.large")}


def _fitting_image(params: Params, world: World) -> Image:
    """An image of the world whose architecture suits the request's instance type."""
    wanted = type_architecture(str(params.get("InstanceType", "")))
    return next((i for i in world.images if wanted in (None, i.architecture)), world.images[0])


def with_image(params: Params, world: World) -> None:
    """Name an image of the world explicitly (dropping mappings tied to the template's image)."""
    if world.image(str(params.get("ImageId"))) is None:
        params["ImageId"] = _fitting_image(params, world).image_id
        params.pop("BlockDeviceMappings", None)


def without_template(params: Params, world: World) -> None:
    params.pop("LaunchTemplate", None)
    with_image(params, world)


def _image_missing_on_wire(draw: st.DrawFn, params: Params, world: World) -> Case:
    without_template(params, world)
    return record(params, "R-AMI-1", "ImageId", "image-id-missing-on-wire", (WireEdit("ImageId", None),))


def _image_omitted(draw: st.DrawFn, params: Params, world: World) -> Case:
    without_template(params, world)
    params.pop("ImageId")
    return record(params, "R-AMI-1", "ImageId", "image-id-omitted")


def _set(
    rule_id: str, path: str, name: str, key: str, value: Callable[[st.DrawFn, World], str]
) -> MutationSpec:
    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        params[key] = value(draw, world)
        return record(params, rule_id, path, name)

    return MutationSpec(name, rule_id, path, build)


def _image(rule_id: str, name: str, value: Callable[[st.DrawFn, World], str]) -> MutationSpec:
    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        params.pop("LaunchTemplate", None)
        params.pop("BlockDeviceMappings", None)  # mappings may depend on the image's root device
        params["ImageId"] = value(draw, world)
        return record(params, rule_id, "ImageId", name)

    return MutationSpec(name, rule_id, "ImageId", build)


def _architecture_mismatch(draw: st.DrawFn, params: Params, world: World) -> Case:
    with_image(params, world)
    image = world.image(str(params["ImageId"]))
    assert image is not None
    retype(params, OTHER_ARCHITECTURE_TYPE[image.architecture], world)
    for key in ("CpuOptions", "HibernationOptions", "EnclaveOptions", "EbsOptimized"):
        params.pop(key, None)
    return record(params, "R-AMI-7", "InstanceType", "instance-type-architecture-mismatch")


def _without_ena(world: World) -> list[Image]:
    return [i for i in world.images if i.ena_support is False and i.architecture in ENA_REQUIRED_TYPES]


def _ena_required(draw: st.DrawFn, params: Params, world: World) -> Case:
    """ri-ami-ena-required: a Nitro type of the image's architecture with an image registered without ENA."""
    params.pop("LaunchTemplate", None)
    params.pop("BlockDeviceMappings", None)
    image = draw(st.sampled_from(_without_ena(world)))
    params["ImageId"] = image.image_id
    retype(params, draw(st.sampled_from(ENA_REQUIRED_TYPES[image.architecture])), world)
    for key in ("CpuOptions", "HibernationOptions", "EnclaveOptions"):
        params.pop(key, None)
    return record(params, "R-AMI-8", "ImageId", "image-without-ena-on-ena-type")


def _not_offered_pairs(world: World) -> list[tuple[str, str]]:
    """(type, zone) pairs of the World where DescribeInstanceTypeOfferings does not list the type (R-ITYPE-2)."""
    return [(t, z.name) for t in world.instance_types for z in world.availability_zones if not world.offers(t, z.name)]


def _type_not_offered(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-ITYPE-2: a type the request's zone does not offer (the zone named in Placement where none is)."""
    zones = zones_named(params, world)
    pairs = [(t, z) for t, z in _not_offered_pairs(world) if not zones or z in zones]
    instance_type, zone = draw(st.sampled_from(pairs)) if pairs else draw(st.sampled_from(_not_offered_pairs(world)))
    if not zones:
        params.setdefault("Placement", {})["AvailabilityZone"] = zone
    retype(params, instance_type, world)
    return record(params, "R-ITYPE-2", "InstanceType", "instance-type-not-offered-in-zone")


def _unknown_type(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, draw(st.sampled_from(UNKNOWN_TYPES)), world)
    return record(params, "R-ITYPE-1", "InstanceType", "instance-type-unknown")


def _template(name: str, rule_id: str, path: str, reference: Callable[[st.DrawFn, World], dict[str, Any]],
              needs_template: bool = False) -> MutationSpec:
    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        with_image(params, world)
        params["LaunchTemplate"] = reference(draw, world)
        return record(params, rule_id, path, name)

    applicable = (lambda w: bool(w.launch_templates)) if needs_template else (lambda w: True)
    return MutationSpec(name, rule_id, path, build, applicable=applicable)


def _first_template(world: World) -> dict[str, Any]:
    return {"LaunchTemplateId": world.launch_templates[0].template_id}


def _unknown_template_name(draw: st.DrawFn, world: World) -> str:
    taken = {t.template_name for t in world.launch_templates}
    name = MISSING_NAME_PREFIX + draw(st.text("abcdef0123456789", min_size=6, max_size=6))
    return name if name not in taken else name + "-x"


def _unknown_version(draw: st.DrawFn, world: World) -> dict[str, Any]:
    versions = {int(v) for v in world.launch_templates[0].versions if v.isdigit()}
    return {**_first_template(world), "Version": str(max(versions, default=0) + draw(st.integers(1, 50)))}


_LT = "LaunchTemplate."
MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("image-id-missing-on-wire", "R-AMI-1", "ImageId", _image_missing_on_wire, wire=True),
    MutationSpec("image-id-omitted", "R-AMI-1", "ImageId", _image_omitted),
    _image("R-AMI-2", "image-id-malformed", lambda d, w: d(st.sampled_from(MALFORMED_AMI))),
    _image("R-AMI-3", "image-id-unknown", lambda d, w: unknown_id(d, "ami", w.image_ids)),
    MutationSpec("instance-type-architecture-mismatch", "R-AMI-7", "InstanceType", _architecture_mismatch,
                 applicable=lambda w: any(i.architecture in OTHER_ARCHITECTURE_TYPE for i in w.images)),
    _set("R-KERNEL-1", "KernelId", "kernel-id-malformed", "KernelId",
         lambda d, w: d(st.sampled_from(MALFORMED_AKI))),
    _set("R-KERNEL-1", "KernelId", "kernel-id-unknown", "KernelId",
         lambda d, w: unknown_id(d, "aki", w.kernel_ids, digits=8)),
    _set("R-RAMDISK-1", "RamdiskId", "ramdisk-id-malformed", "RamdiskId",
         lambda d, w: d(st.sampled_from(MALFORMED_ARI))),
    _template("launch-template-id-and-name", "R-LT-1", _LT + "LaunchTemplateName",
              lambda d, w: {**_first_template(w), "LaunchTemplateName": w.launch_templates[0].template_name},
              needs_template=True),
    _template("launch-template-neither-id-nor-name", "R-LT-1", _LT + "LaunchTemplateId",
              lambda d, w: {"Version": "$Default"}),
    _template("launch-template-version-malformed", "R-LT-2", _LT + "Version",
              lambda d, w: {**_first_template(w), "Version": d(st.sampled_from(MALFORMED_VERSION))},
              needs_template=True),
    _template("launch-template-id-malformed", "R-LT-4", _LT + "LaunchTemplateId",
              lambda d, w: {"LaunchTemplateId": d(st.sampled_from(MALFORMED_LT_ID))}),
    _template("launch-template-id-unknown", "R-LT-4", _LT + "LaunchTemplateId",
              lambda d, w: {"LaunchTemplateId": unknown_id(
                  d, "lt", tuple(t.template_id for t in w.launch_templates))}),
    _template("launch-template-name-malformed", "R-LT-4", _LT + "LaunchTemplateName",
              lambda d, w: {"LaunchTemplateName": d(st.sampled_from(MALFORMED_LT_NAME))}),
    _template("launch-template-name-unknown", "R-LT-4", _LT + "LaunchTemplateName",
              lambda d, w: {"LaunchTemplateName": _unknown_template_name(d, w)}),
    _template("launch-template-version-unknown", "R-LT-4", _LT + "Version", _unknown_version,
              needs_template=True),
    MutationSpec("instance-type-unknown", "R-ITYPE-1", "InstanceType", _unknown_type),
    MutationSpec("instance-type-not-offered-in-zone", "R-ITYPE-2", "InstanceType", _type_not_offered,
                 applicable=lambda w: bool(_not_offered_pairs(w))),
    MutationSpec("image-without-ena-on-ena-type", "R-AMI-8", "ImageId", _ena_required,
                 applicable=lambda w: bool(_without_ena(w))),
)
