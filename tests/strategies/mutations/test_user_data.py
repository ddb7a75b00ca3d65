"""UserData wire mutations: a value that is not base64, or base64 of more than 16 KiB (R-UD-1, R-UD-2), sent in
place of the request's own UserData."""

from __future__ import annotations

import base64
import binascii
from typing import cast

import pytest
from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import USER_DATA_MAX_BYTES
from strategies.mutations import Build, user_data
from strategies.sampling import run_draws
from strategies.world import example_world

WORLD = example_world()


def _cases(build: Build) -> list[Case]:
    found: list[Case] = []

    def body(data: st.DataObject) -> None:
        params = {"ImageId": WORLD.image_ids[0], "MinCount": 1, "MaxCount": 1, "UserData": "#!/bin/sh\n"}
        found.append(build(cast(st.DrawFn, data.draw), params, WORLD))

    run_draws(20, body)
    return found


def test_not_base64_replaces_the_user_data_on_the_wire() -> None:
    for case in _cases(user_data.not_base64):
        assert "UserData" not in case.params
        value = case.query["UserData"]
        assert value in user_data.NOT_BASE64
        with pytest.raises(binascii.Error):
            base64.b64decode(value, validate=True)


def test_too_large_is_valid_base64_just_over_the_limit() -> None:
    for case in _cases(user_data.too_large):
        assert "UserData" not in case.params and case.transport == "query"
        raw = base64.b64decode(case.query["UserData"], validate=True)
        assert USER_DATA_MAX_BYTES < len(raw) <= USER_DATA_MAX_BYTES + 64
        assert case.mutation is not None and case.mutation.rule_id == "R-UD-2"
