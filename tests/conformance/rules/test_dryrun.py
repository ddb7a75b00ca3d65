"""The DryRun family (conformance/rules/dryrun.py, R-DRY-1..6): a valid request with DryRun=true breaks no rule."""

from __future__ import annotations

from typing import Any

import pytest

from strategies.case import Case
from strategies.world import World
from tests.support.rule_requests import WORLD, broken, request

# --- predicates: hand-written valid requests break nothing ---

VALID: list[tuple[str, dict[str, Any], World]] = [
    ("dry-run", request(DryRun=True, EbsOptimized=False), WORLD),
]


@pytest.mark.parametrize(("name", "params", "world"), VALID, ids=[v[0] for v in VALID])
def test_valid_request_breaks_nothing(name: str, params: dict[str, Any], world: World) -> None:
    assert broken(Case({k: v for k, v in params.items()}), world) == set()

