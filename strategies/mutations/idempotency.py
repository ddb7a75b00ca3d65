"""ClientToken mutations (R-IDEM-1): too long, not ASCII."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import CLIENT_TOKEN_MAX
from strategies.mutations import MutationSpec
from strategies.mutations._reshape import record
from strategies.world import World

Params = dict[str, Any]
TOKEN_ALPHABET = string.ascii_letters + string.digits + "-_"
NON_ASCII = ("é", "ü", "☃", "日本", "ñ")


def _too_long(draw: st.DrawFn, params: Params, world: World) -> Case:
    length = draw(st.integers(CLIENT_TOKEN_MAX + 1, CLIENT_TOKEN_MAX + 40))
    params["ClientToken"] = draw(st.text(TOKEN_ALPHABET, min_size=length, max_size=length))
    return record(params, "R-IDEM-1", "ClientToken", "client-token-too-long")


def _not_ascii(draw: st.DrawFn, params: Params, world: World) -> Case:
    head = draw(st.text(TOKEN_ALPHABET, min_size=1, max_size=20))
    params["ClientToken"] = head + draw(st.sampled_from(NON_ASCII))
    return record(params, "R-IDEM-1", "ClientToken", "client-token-not-ascii")


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("client-token-too-long", "R-IDEM-1", "ClientToken", _too_long),
    MutationSpec("client-token-not-ascii", "R-IDEM-1", "ClientToken", _not_ascii),
)
