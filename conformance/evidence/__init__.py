"""Real EC2 answers as package data, and the `Evidence` a rule cites from them (a leaf: stdlib only).

The three recordings (see PROVENANCE.md) are read once; `observation(id)` gives one entry in a common shape
whatever file holds it, and `observed(id)` turns it into an `Evidence` for a rule's `evidence` tuple.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any

MESSAGES_FILE = "observed_aws_messages.json"
RUNINSTANCES_FILE = "real_runinstances_observations.json"
MINED_FILE = "mined_runinstances_observations.json"  # the same schema, mined from public sources (2026-12-07)
RUNINSTANCES_FILES = (RUNINSTANCES_FILE, MINED_FILE)
_PREFIXES = ("Client.", "Server.")


class Standing(Enum):
    """Where an observed code stands for a rule."""

    ACCEPTED = "accepted"  # RunInstances answered it for this mistake: an acceptable code
    ELSEWHERE = "elsewhere"  # another operation or a retired period: not acceptable, a minor divergence


@dataclass(frozen=True)
class Observation:
    """One recorded answer of real EC2, from any of the files."""

    id: str
    file: str
    operation: str
    code: str | None  # as EC2 names it, without `Client.` and without commentary
    status: int | None
    date: str
    source: str
    rule: str | None  # the reference rule book's id, where the file names one
    success: bool
    entry: dict[str, Any]  # the whole recorded entry


@dataclass(frozen=True)
class Evidence:
    """A code real EC2 answered for a rule's mistake: when, where, and whether it is accepted."""

    code: str
    date: str
    source: str
    observation: str = ""  # the id in conformance/evidence, where the answer is recorded there
    standing: Standing = Standing.ACCEPTED
    note: str = ""

    def describe(self) -> str:
        """The observation behind the code: "observed (id, date, source)", or "elsewhere (...)"."""
        where = f"{self.observation}, " if self.observation else ""
        extra = f": {self.note}" if self.note else ""
        label = "observed" if self.standing is Standing.ACCEPTED else "elsewhere, minor"
        return f"{label} ({where}{self.date}, {self.source}){extra}"


def normalized(code: object) -> str | None:
    """The code as EC2 names it: `Client.` dropped, commentary such as "(SCP deny)" dropped."""
    if code is None:
        return None
    word = str(code).split(" ")[0]
    for prefix in _PREFIXES:
        word = word.removeprefix(prefix)
    return word or None


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    loaded = json.loads(text)
    assert isinstance(loaded, dict)
    return loaded


@cache
def message_entries() -> tuple[dict[str, Any], ...]:
    """The entries of observed_aws_messages.json, as recorded."""
    return tuple(_load(MESSAGES_FILE)["entries"])


@cache
def runinstances_entries(name: str = RUNINSTANCES_FILE) -> tuple[dict[str, Any], ...]:
    """The observations of one RunInstances recording (real_runinstances_observations.json unless named), as
    recorded."""
    if name not in RUNINSTANCES_FILES:
        raise ValueError(f"{name!r} is not a RunInstances recording of conformance/evidence")
    return tuple(_load(name)["observations"])


def _from_message(entry: dict[str, Any]) -> Observation:
    return Observation(
        entry["id"], MESSAGES_FILE, str(entry.get("operation", "")), normalized(entry.get("code")),
        entry.get("http_status"), str(entry.get("observed", "")), str(entry["source"]), None, False, entry,
    )


def _from_runinstances(entry: dict[str, Any], name: str = RUNINSTANCES_FILE) -> Observation:
    """One RunInstances entry (either schema-sharing file) in the common shape."""
    outcome = entry["outcome"]
    return Observation(
        entry["id"], name, "RunInstances", normalized(outcome.get("error_code")),
        outcome.get("http_status"), str(entry["date"]), str(entry["source"]), entry.get("rule"),
        bool(outcome.get("success")), entry,
    )


@cache
def observations() -> dict[str, Observation]:
    """Every recorded observation by id (the ids of the three files never collide)."""
    found = [_from_message(e) for e in message_entries()]
    found += [_from_runinstances(e, name) for name in RUNINSTANCES_FILES for e in runinstances_entries(name)]
    by_id = {o.id: o for o in found}
    assert len(by_id) == len(found), "an observation id is recorded twice"
    return by_id


def observation(obs_id: str) -> Observation:
    try:
        return observations()[obs_id]
    except KeyError:
        raise KeyError(f"unknown observation {obs_id!r} (not in conformance/evidence)") from None


def observed(obs_id: str, *, code: str = "", standing: Standing = Standing.ACCEPTED, note: str = "") -> Evidence:
    """The evidence of a recorded answer; `code` only where the recording names none (or names variants)."""
    seen = observation(obs_id)
    answer = code or seen.code
    if not answer:
        raise ValueError(f"{obs_id}: the recording names no code; say which code it shows")
    return Evidence(answer, seen.date, seen.source, obs_id, standing, note)


__all__ = [
    "MINED_FILE",
    "RUNINSTANCES_FILES",
    "Evidence",
    "Observation",
    "Standing",
    "message_entries",
    "normalized",
    "observation",
    "observations",
    "observed",
    "runinstances_entries",
]
