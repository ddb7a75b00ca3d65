"""ClientToken mutations (R-IDEM-1): a token over 64 characters, or one with a non-ASCII character."""

from __future__ import annotations

from typing import cast

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import CLIENT_TOKEN_MAX
from strategies.mutations import MutationSpec, idempotency
from strategies.sampling import run_draws
from strategies.world import example_world

WORLD = example_world()
SPECS = {spec.name: spec for spec in idempotency.MUTATIONS}


def _cases(spec: MutationSpec) -> list[Case]:
    found: list[Case] = []
    run_draws(30, lambda data: found.append(spec.build(cast(st.DrawFn, data.draw), {"ClientToken": "ok"}, WORLD)))
    return found


def test_a_too_long_token_is_ascii_and_over_the_limit() -> None:
    lengths = set()
    for case in _cases(SPECS["client-token-too-long"]):
        token = case.params["ClientToken"]
        assert len(token) > CLIENT_TOKEN_MAX and token.isascii()
        lengths.add(len(token))
    assert len(lengths) > 1


def test_a_non_ascii_token_is_within_the_limit() -> None:
    for case in _cases(SPECS["client-token-not-ascii"]):
        token = case.params["ClientToken"]
        assert not token.isascii() and len(token) <= CLIENT_TOKEN_MAX
        assert token[-1] in "".join(idempotency.NON_ASCII) and token[0].isascii()
        assert case.mutation is not None and case.mutation.path == "ClientToken"
