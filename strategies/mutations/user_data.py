"""Wire mutations that break the UserData rules (R-UD-1, R-UD-2): boto3 would base64-encode the value."""

from __future__ import annotations

import base64

from hypothesis import strategies as st

from strategies.case import Case, WireEdit
from strategies.limits import USER_DATA_MAX_BYTES
from strategies.mutations import MutationSpec
from strategies.mutations._edit import Params, case
from strategies.world import World

MEMBER = "UserData"
# Text that is not base64: a raw script (the usual mistake), stray characters, broken padding.
NOT_BASE64 = ("#!/bin/bash\necho hello", "hello world!", "aGk", "aGk=aGk=", "%%%%")


def not_base64(draw: st.DrawFn, params: Params, world: World) -> Case:
    params.pop(MEMBER, None)
    edit = WireEdit(MEMBER, draw(st.sampled_from(NOT_BASE64)))
    return case(params, "R-UD-1", MEMBER, "user-data-not-base64", (edit,))


def too_large(draw: st.DrawFn, params: Params, world: World) -> Case:
    params.pop(MEMBER, None)
    size = USER_DATA_MAX_BYTES + draw(st.integers(1, 64))
    raw = draw(st.sampled_from([b"#", b"x", b"\x00"])) * size
    edit = WireEdit(MEMBER, base64.b64encode(raw).decode("ascii"))
    return case(params, "R-UD-2", MEMBER, "user-data-too-large", (edit,))


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("user-data-not-base64", "R-UD-1", MEMBER, not_base64, wire=True),
    MutationSpec("user-data-too-large", "R-UD-2", MEMBER, too_large, wire=True),
)
