"""Counts, image, launch template, instance type, kernel, RAM disk, key pair, user data, token, DryRun."""

from __future__ import annotations

from hypothesis import strategies as st

from strategies.families.context import Draft, flags, integers, pick
from strategies.families.generic import ASCII_TOKEN
from strategies.limits import (
    CLIENT_TOKEN_MAX,
    MIN_INSTANCE_COUNT,
    USER_DATA_MAX_BYTES,
)

PATHS = frozenset(
    {
        "MinCount",
        "MaxCount",
        "ImageId",
        "InstanceType",
        "LaunchTemplate.LaunchTemplateId",
        "LaunchTemplate.LaunchTemplateName",
        "LaunchTemplate.Version",
        "KernelId",
        "RamdiskId",
        "KeyName",
        "UserData",
        "ClientToken",
        "DryRun",
    }
)

_TOKEN = st.text(st.sampled_from(ASCII_TOKEN), min_size=1, max_size=CLIENT_TOKEN_MAX)  # R-IDEM-1
_SCRIPTS = ("#!/bin/bash\necho conformance\n", "#cloud-config\nruncmd: [true]\n", "# café ✓ naïve\n")
_TEMPLATE_VERSIONS = ("$Latest", "$Default")  # R-LT-2


def build_counts(draw: st.DrawFn, draft: Draft, max_count: int) -> None:
    """R-COUNT-2/3: 1 <= MinCount <= MaxCount <= the profile's bound (one instance half the time)."""
    several, = flags(draw, 1)
    top = max_count if several else MIN_INSTANCE_COUNT
    draft.min_count = draw(integers(MIN_INSTANCE_COUNT, top))
    draft.max_count = draw(integers(draft.min_count, top))
    draft.params["MinCount"] = draft.min_count
    draft.params["MaxCount"] = draft.max_count


def build_image(draw: st.DrawFn, draft: Draft) -> None:
    """R-AMI-1 and R-LT-1: an image, a launch template (by id or by name, never both), or both."""
    world = draft.world
    use_template, by_name, omit_image, versioned = flags(draw, 4)
    if use_template and world.launch_templates and draft.allows("LaunchTemplate.LaunchTemplateId"):
        template = pick(draw, world.launch_templates)
        draft.template = template
        spec = {"LaunchTemplateName": template.template_name} if by_name else {
            "LaunchTemplateId": template.template_id
        }
        if versioned:
            spec["Version"] = pick(draw, (*template.versions, *_TEMPLATE_VERSIONS))
        draft.params["LaunchTemplate"] = spec
        if omit_image and template.supplies_image:
            return
    draft.image = pick(draw, world.images)
    draft.params["ImageId"] = draft.image.image_id


def build_instance(draw: st.DrawFn, draft: Draft, dry_run: bool | None) -> None:
    """Instance type, kernel, RAM disk, key pair, user data, client token and DryRun."""
    world, params = draft.world, draft.params
    draft.instance_type = pick(draw, _types_for(draft))
    params["InstanceType"] = draft.instance_type
    kernel, ramdisk, key, user_data, token, dry, explicit = flags(draw, 7)
    if kernel and world.kernel_ids:
        params["KernelId"] = pick(draw, world.kernel_ids)
    if ramdisk and world.ramdisk_ids:
        params["RamdiskId"] = pick(draw, world.ramdisk_ids)
    if key and world.key_names:
        params["KeyName"] = pick(draw, world.key_names)
    if user_data:
        params["UserData"] = _user_data(draw)
    if token:
        params["ClientToken"] = draw(_TOKEN)
    if dry_run or (dry_run is None and dry):
        params["DryRun"] = True
    elif explicit:
        params["DryRun"] = False  # the default, said out loud


def _types_for(draft: Draft) -> tuple[str, ...]:
    """R-ITYPE-2: a type some subnet's zone offers; R-AMI-8: an image registered without ENA only with a type
    that does not require it (else an image with ENA takes its place)."""
    world = draft.world
    types = tuple(t for t in world.instance_types
                  if any(world.offers(t, s.availability_zone) for s in world.subnets)) or world.instance_types
    if draft.image is None or draft.image.ena_support is not False:
        return types
    fitting = tuple(t for t in types if not world.ena_required(t))
    if fitting:
        return fitting
    replacement = next((i for i in draft.world.images if i.ena_support is not False), None)
    if replacement is not None:
        draft.image = replacement
        draft.params["ImageId"] = replacement.image_id
    return types


def _user_data(draw: st.DrawFn) -> str:
    """R-UD-2: raw user data of at most 16,384 bytes (UTF-8), sometimes padded up to the limit."""
    script = pick(draw, _SCRIPTS)
    padded, = flags(draw, 1)
    if not padded:
        return script
    room = USER_DATA_MAX_BYTES - len(script.encode())
    return script + "#" * draw(integers(0, room))
