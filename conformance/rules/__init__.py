"""The registry of documented RunInstances rules (see `core.Rule`).

Each family module defines `RULES: tuple[Rule, ...]`; this module gathers them into `RULES`, keyed by
catalogue id. `python -m conformance.rules` prints the table.
"""

from __future__ import annotations

import importlib
import pkgutil

from conformance.rules.core import (
    Citation,
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Rule,
    RuleClass,
)
from strategies.limits import unsettled_members

CATALOGUE_SIZE = 174  # rules in ../shared/reference/runinstances-rules.md
_NOT_FAMILIES = frozenset({"core", "limits", "helpers", "__main__"})


def _collect() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _NOT_FAMILIES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for rule in getattr(module, "RULES", ()):
            if rule.id in found:
                raise ValueError(f"rule {rule.id} defined twice ({info.name})")
            found[rule.id] = rule
    return found


RULES: dict[str, Rule] = _collect()


def rule(rule_id: str) -> Rule:
    """The rule with this catalogue id; a clear KeyError names unknown ids."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule id {rule_id!r} (not in conformance.rules)") from None




__all__ = [
    "CATALOGUE_SIZE",
    "RULES",
    "Citation",
    "Confidence",
    "DryRun",
    "ErrorOutcome",
    "Kind",
    "Rule",
    "RuleClass",
    "rule",
    "unsettled_members",
]
