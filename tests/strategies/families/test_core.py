"""Counts, image or launch template, instance type and the standalone core members, valid by construction."""

from __future__ import annotations

import dataclasses
from typing import cast

from hypothesis import strategies as st

from strategies.families import core
from strategies.families.context import Draft, Plan
from strategies.limits import CLIENT_TOKEN_MAX, USER_DATA_MAX_BYTES
from strategies.sampling import run_draws
from strategies.world import Image, LaunchTemplate, World, example_world
from tests.support.world_variants import NON_ENA_IMAGE

WORLD = example_world()
EXAMPLES = 120


def _draft(world: World = WORLD, excluded: frozenset[str] = frozenset()) -> Draft:
    return Draft(Plan(world, excluded))


def test_counts_stay_within_one_and_the_bound_and_are_often_one() -> None:
    singles: list[bool] = []

    def body(data: st.DataObject) -> None:
        draft = _draft()
        core.build_counts(cast(st.DrawFn, data.draw), draft, 4)
        assert 1 <= draft.min_count <= draft.max_count <= 4
        assert (draft.params["MinCount"], draft.params["MaxCount"]) == (draft.min_count, draft.max_count)
        singles.append(draft.single)

    run_draws(EXAMPLES, body)
    assert True in singles and False in singles


def test_an_image_a_template_by_id_or_name_never_both_forms() -> None:
    forms: set[str] = set()

    def body(data: st.DataObject) -> None:
        draft = _draft()
        core.build_image(cast(st.DrawFn, data.draw), draft)
        params = draft.params
        template = params.get("LaunchTemplate")
        assert "ImageId" in params or template is not None
        if "ImageId" in params:
            assert draft.image is not None and params["ImageId"] == draft.image.image_id
            assert params["ImageId"] in WORLD.image_ids
            forms.add("image")
        if template is not None:
            assert len({"LaunchTemplateId", "LaunchTemplateName"} & set(template)) == 1
            assert draft.template is not None and draft.template in WORLD.launch_templates
            forms.update(set(template) - {"Version"})
            if "Version" in template:
                assert template["Version"] in (*draft.template.versions, "$Latest", "$Default")

    run_draws(EXAMPLES, body)
    assert forms == {"image", "LaunchTemplateId", "LaunchTemplateName"}


def test_a_template_that_supplies_no_image_always_comes_with_one() -> None:
    world = dataclasses.replace(WORLD, launch_templates=(LaunchTemplate("lt-0a1b2c3d", "bare", supplies_image=False),))

    def body(data: st.DataObject) -> None:
        draft = _draft(world)
        core.build_image(cast(st.DrawFn, data.draw), draft)
        assert "ImageId" in draft.params

    run_draws(EXAMPLES, body)


def test_no_template_when_templates_are_left_out() -> None:
    def body(data: st.DataObject) -> None:
        draft = _draft(excluded=frozenset({"LaunchTemplate.LaunchTemplateId"}))
        core.build_image(cast(st.DrawFn, data.draw), draft)
        assert "LaunchTemplate" not in draft.params and "ImageId" in draft.params

    run_draws(30, body)


def test_instance_members_name_the_world_and_keep_their_limits() -> None:
    dry_runs: set[object] = set()

    def body(data: st.DataObject) -> None:
        draft = _draft()
        core.build_instance(cast(st.DrawFn, data.draw), draft, None)
        params = draft.params
        assert params["InstanceType"] == draft.instance_type and draft.instance_type in WORLD.instance_types
        assert params.get("KernelId", WORLD.kernel_ids[0]) in WORLD.kernel_ids
        assert params.get("RamdiskId", WORLD.ramdisk_ids[0]) in WORLD.ramdisk_ids
        assert params.get("KeyName", WORLD.key_names[0]) in WORLD.key_names
        assert len(params.get("UserData", "").encode()) <= USER_DATA_MAX_BYTES
        token = params.get("ClientToken", "t")
        assert 1 <= len(token) <= CLIENT_TOKEN_MAX and token.isascii()
        dry_runs.add(params.get("DryRun"))

    run_draws(EXAMPLES, body)
    assert dry_runs == {True, False, None}


def test_dry_run_follows_the_option() -> None:
    def body(data: st.DataObject) -> None:
        on, off = _draft(), _draft()
        core.build_instance(cast(st.DrawFn, data.draw), on, True)
        core.build_instance(cast(st.DrawFn, data.draw), off, False)
        assert on.params["DryRun"] is True
        assert off.params.get("DryRun", False) is False

    run_draws(30, body)


def test_an_image_without_ena_goes_only_with_a_type_that_does_not_require_it() -> None:
    def body(data: st.DataObject) -> None:
        draft = _draft()
        draft.image = NON_ENA_IMAGE
        draft.params["ImageId"] = NON_ENA_IMAGE.image_id
        core.build_instance(cast(st.DrawFn, data.draw), draft, False)
        assert not WORLD.ena_required(draft.instance_type)
        assert draft.params["ImageId"] == NON_ENA_IMAGE.image_id

    run_draws(30, body)


def test_an_image_without_ena_is_replaced_where_every_type_requires_it() -> None:
    ena = Image("ami-0aaaaaaaaaaaaaaaa", ena_support=True)
    world = dataclasses.replace(WORLD, images=(NON_ENA_IMAGE, ena), instance_types=("m5.large", "c5.large"),
                                instance_type_facts=tuple(t for t in WORLD.instance_type_facts
                                                          if t.name in ("m5.large", "c5.large")))

    def body(data: st.DataObject) -> None:
        draft = _draft(world)
        draft.image = NON_ENA_IMAGE
        draft.params["ImageId"] = NON_ENA_IMAGE.image_id
        core.build_instance(cast(st.DrawFn, data.draw), draft, False)
        assert draft.image == ena and draft.params["ImageId"] == ena.image_id

    run_draws(20, body)


def test_types_come_from_zones_that_offer_them() -> None:
    zone = WORLD.subnets[0].availability_zone
    facts = tuple(dataclasses.replace(t, zones=(zone,) if t.name == "m5.large" else ("elsewhere-1z",))
                  for t in WORLD.instance_type_facts)
    world = dataclasses.replace(WORLD, instance_type_facts=facts)

    def body(data: st.DataObject) -> None:
        draft = _draft(world)
        core.build_instance(cast(st.DrawFn, data.draw), draft, False)
        assert draft.instance_type == "m5.large"

    run_draws(20, body)
