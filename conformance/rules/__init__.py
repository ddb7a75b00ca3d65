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


def unsettled_members() -> frozenset[str]:
    """Member paths of rules tagged "unsettled": their response is undocumented (reserved, end of life).

    The valid generator leaves them out by default; the oracle calls requests that use them undetermined.
    """
    return frozenset(m for r in RULES.values() if "unsettled" in r.tags for m in r.members)


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
