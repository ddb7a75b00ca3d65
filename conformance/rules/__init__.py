"""The registry of documented RunInstances rules (see `core.Rule`).

Each family module defines `RULES: tuple[Rule, ...]`; this module gathers them into `RULES`, keyed by
catalogue id. `python -m conformance.rules` prints the table.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

from conformance.rules._evidence import EVIDENCE
from conformance.rules.core import (
    Citation,
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Role,
    Rule,
    RuleClass,
)
from strategies.limits import unsettled_members

# The reference rule book's 174 rules plus those the recorded observations showed missing (R-AMI-8,
# R-HIB-5, R-LIC-2, R-MKT-8, R-PLC-10). The catalogue a reader needs is docs/rules.md, generated from RULES.
REFERENCE_CATALOGUE_SIZE = 174
FROM_EVIDENCE = frozenset({"R-AMI-8", "R-HIB-5", "R-LIC-2", "R-MKT-8", "R-PLC-10"})
# and the documentation's rules about instance-type facts the World now holds (DescribeInstanceTypes): the
# counts a type offers, its hibernation support, io2 IOPS beyond Nitro
FROM_TYPE_FACTS = frozenset({"R-CPU-4", "R-HIB-6", "R-BDM-23"})
# and a rule of the book split in two where a sequence of requests decides one half: R-NET-9's "in use"
FROM_SEQUENCES = frozenset({"R-NET-20"})
# and the documentation of members botocore 1.44 added after the book: Multi-AZ volumes' configuration and
# standby zone, secondary interfaces' IPv6 addresses, ENA queues and VLAN mode
FROM_NEW_MEMBERS = frozenset({*(f"R-BDM-{n}" for n in range(24, 29)), *(f"R-SEC-{n}" for n in range(2, 10))})
CATALOGUE_SIZE = (REFERENCE_CATALOGUE_SIZE + len(FROM_EVIDENCE) + len(FROM_TYPE_FACTS) + len(FROM_SEQUENCES)
                  + len(FROM_NEW_MEMBERS))
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
            found[rule.id] = dataclasses.replace(rule, evidence=rule.evidence + EVIDENCE.get(rule.id, ()))
    unknown = sorted(set(EVIDENCE) - set(found))
    if unknown:
        raise ValueError(f"evidence for rules that do not exist: {unknown}")
    return found


RULES: dict[str, Rule] = _collect()
_ROLES: dict[Role, Rule] = {r.role: r for r in RULES.values() if r.role is not None}
assert set(_ROLES) == set(Role), f"roles without a rule: {sorted(r.value for r in set(Role) - set(_ROLES))}"
assert len(_ROLES) == sum(r.role is not None for r in RULES.values()), "a role is played by two rules"


def by_role(role: Role) -> Rule:
    """The one rule that plays this part in judging (see core.Role)."""
    return _ROLES[role]


def answer_checks() -> tuple[Rule, ...]:
    """The rules that check every error answer (the envelope)."""
    return tuple(r for r in RULES.values() if r.answer_check is not None)


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
    "Role",
    "Rule",
    "RuleClass",
    "answer_checks",
    "by_role",
    "rule",
    "unsettled_members",
]
