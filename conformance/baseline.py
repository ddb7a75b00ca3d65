"""Per-target baselines: the known divergences by signature, and the ratchet.

A run passes when every divergence signature it sees is in the baseline; a new signature fails the run even
under a rule the baseline already lists. A listed signature that had its chance in the run (its rule, and
its member where the signature names one, judged FIXED_AFTER times) without showing is FIXED, and fails the
run until the baseline is updated (the baseline can only shrink). A listed signature that no longer shows
while a signature of the same rule, kind and check does (only the observed code or crash class moved) is
CHANGED, never fixed, and fails the run too. `--update-baseline` rewrites the file, stamped with the target's
version and the botocore model it was recorded with (`recorded_with`); a run on other versions says so.
`Ratchet` is the one place that decides new, known, fixed and changed: the exit code and every report read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from conformance.findings import BaselineStatus, Signature, chance_key, same_divergence, stamp_text
from conformance.rules import RULES

FORMAT = 2
FIXED_AFTER = 3  # judged chances without the divergence before a baseline signature counts as fixed


class BaselineError(Exception):
    """A baseline file that cannot be used; the message is one line naming the problem and the fix."""


def chances_of(signature: Signature, chances: Mapping[str, int]) -> int:
    """How often this run could have shown the signature: judged examples of its member where it names one
    of its rule's members, else of its rule."""
    rule = RULES.get(signature.rule_id)
    if signature.check and rule is not None and signature.check in rule.members:
        return chances.get(chance_key(signature.rule_id, signature.check), 0)
    return chances.get(chance_key(signature.rule_id), 0)


@dataclass(frozen=True)
class Ratchet:
    """A run's signatures held against the baseline: new (fail), known (pass), fixed (fail until removed),
    changed (a baseline signature now seen as another of its rule, kind and check: fail until updated)."""

    new: tuple[Signature, ...] = ()
    known: tuple[Signature, ...] = ()
    fixed: tuple[Signature, ...] = ()
    changed: tuple[tuple[Signature, Signature], ...] = ()  # (the baseline's signature, the one seen instead)

    @property
    def fails(self) -> bool:
        """The run fails: a new signature (its test failed when it showed), or a stale baseline entry."""
        return bool(self.new) or self.stale

    @property
    def stale(self) -> bool:
        """Baseline entries that no longer hold (fixed or changed): the run fails at its end until it is updated."""
        return bool(self.fixed or self.changed)

    def status_of(self, signature: Signature) -> BaselineStatus:
        if signature in self.new:
            return BaselineStatus.NEW
        if signature in self.fixed:
            return BaselineStatus.FIXED
        if any(signature == listed for listed, _ in self.changed):
            return BaselineStatus.CHANGED
        return BaselineStatus.KNOWN

    def statuses(self) -> dict[Signature, BaselineStatus]:
        """Every signature the reports list (seen, fixed or changed) with its status."""
        listed = (*self.new, *self.known, *self.fixed, *(old for old, _ in self.changed))
        return {signature: self.status_of(signature) for signature in listed}

    def replacement(self, signature: Signature) -> Signature | None:
        """The signature seen instead of a changed baseline signature."""
        return next((now for listed, now in self.changed if listed == signature), None)


@dataclass
class Baseline:
    target: str
    known: dict[Signature, str] = field(default_factory=dict)  # signature -> an example of what was observed
    path: Path | None = None
    tests: dict[Signature, tuple[str, ...]] = field(default_factory=dict)  # the tests that showed each one
    # what it was recorded with: {"target": the target's version, "botocore": the model's version}
    recorded_with: dict[str, str] = field(default_factory=dict)
    # a post-condition signature: whether its request, replayed alone, showed it (conformance.alone)
    alone: dict[Signature, bool] = field(default_factory=dict)

    def lists(self, signature: Signature, *, strict: bool = False) -> bool:
        """The baseline lists this signature as it is (under `strict` it lists none): the one word on whether a
        divergence is known, for the example that shows it (conformance.runner) and for the run (`ratchet`)."""
        return not strict and signature in self.known

    def signatures(self) -> list[Signature]:
        return sorted(self.known)

    @property
    def digest(self) -> str:
        """sha256 of what the ratchet reads (the signatures and the tests that showed them): runs held against
        baselines with the same digest decide new, known, fixed and changed alike (`ec2-conformance merge`)."""
        import hashlib

        read = {str(s): sorted(self.tests.get(s, ())) for s in self.signatures()}
        return hashlib.sha256(json.dumps(read, sort_keys=True).encode("utf-8")).hexdigest()

    def ratchet(self, seen: Iterable[Signature], chances: Mapping[str, int], *, strict: bool = False,
                tests_run: frozenset[str] | None = None) -> Ratchet:
        """New, known and fixed signatures of a run (`strict`: every divergence counts as new).

        A signature is fixed only where the run gave it its chances; changed, where a sibling of it showed (so its
        rule and check had theirs); either, when the baseline knows which tests showed it and `tests_run` says
        which ran, only when one of those tests ran (a run of a few tests never fixes nor changes what another
        test found).
        """
        seen = sorted(set(seen))
        gone = [s for s in self.signatures() if s not in seen and self._ran(s, tests_run)]
        changed = () if strict else _changed(gone, seen)  # a sibling seen: its rule and check had their chance
        replacements = {now for _, now in changed}
        new = tuple(s for s in seen if not self.lists(s, strict=strict) and s not in replacements)
        known = tuple(s for s in seen if self.lists(s, strict=strict))
        was_changed = {listed for listed, _ in changed}
        fixed = tuple(s for s in gone if s not in was_changed and chances_of(s, chances) >= FIXED_AFTER)
        return Ratchet(new, known, fixed, changed)

    def _ran(self, signature: Signature, tests_run: frozenset[str] | None) -> bool:
        showed = self.tests.get(signature, ())
        return tests_run is None or not showed or bool(tests_run.intersection(showed))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "target": self.target,
            **({"recorded_with": dict(sorted(self.recorded_with.items()))} if self.recorded_with else {}),
            "signatures": [{"signature": str(s), "example": self.known[s], "tests": list(self.tests.get(s, ())),
                            **({"shown_alone": self.alone[s]} if s in self.alone else {})}
                           for s in self.signatures()],
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")


def _changed(gone: Iterable[Signature], seen: Iterable[Signature]) -> tuple[tuple[Signature, Signature], ...]:
    """Each baseline signature that no longer shows, paired with a seen one of the same rule, kind and check
    (a new one first: the baseline already lists a known one)."""
    seen = tuple(seen)
    pairs = []
    for listed in gone:
        siblings = [s for s in seen if same_divergence(s, listed)]
        if siblings:
            pairs.append((listed, siblings[0]))
    return tuple(pairs)


def recorded_with(target_version: str, botocore_version: str) -> dict[str, str]:
    """The version stamp of a baseline or a run: the target's own version and the botocore model's."""
    return {"target": target_version or "unknown", "botocore": botocore_version or "unknown"}


def version_drift(baseline_stamp: Mapping[str, str], run_stamp: Mapping[str, str]) -> str:
    """`baseline recorded with moto 5.2.5 (botocore 1.44.8), this run: moto 5.2.6 (botocore 1.44.18)`, or ""
    when the versions agree or the baseline does not say what it was recorded with."""
    if not baseline_stamp or dict(baseline_stamp) == dict(run_stamp):
        return ""
    return f"baseline recorded with {stamp_text(baseline_stamp)}, this run: {stamp_text(run_stamp)}"


def from_findings(target: str, found: Iterable[tuple[Signature, str]],
                  tests: Mapping[Signature, tuple[str, ...]] | None = None,
                  stamp: Mapping[str, str] | None = None, alone: Mapping[Signature, bool | None] | None = None,
                  ) -> Baseline:
    """A baseline holding exactly these (signature, observed example) divergences, the tests that showed them,
    what it was recorded with, and whether each replayed one showed again alone."""
    known: dict[Signature, str] = {}
    for signature, observed in found:
        known.setdefault(signature, observed)
    return Baseline(target, known, tests={s: tuple(t) for s, t in (tests or {}).items() if s in known},
                    recorded_with=dict(stamp or {}),
                    alone={s: shown for s, shown in (alone or {}).items() if s in known and shown is not None})


def parse(document: Any, origin: str) -> Baseline:
    if not isinstance(document, Mapping):
        raise BaselineError(f"{origin}: expected a JSON object with 'format', 'target' and 'signatures'")
    if document.get("format", 1) == 1 and "divergences" in document:
        raise BaselineError(
            f"{origin} is a format-1 baseline (divergences by rule and kind only); baselines are now keyed by "
            "divergence signature: rewrite it with --update-baseline"
        )
    target, entries = document.get("target"), document.get("signatures")
    if document.get("format") != FORMAT or not isinstance(target, str) or not isinstance(entries, list):
        raise BaselineError(f"{origin}: needs 'format': {FORMAT}, a string 'target' and a list 'signatures'")
    known: dict[Signature, str] = {}
    tests: dict[Signature, tuple[str, ...]] = {}
    alone: dict[Signature, bool] = {}
    for number, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("signature"), str):
            raise BaselineError(f"{origin}: signatures[{number}] must be an object with a string 'signature'")
        try:
            signature = Signature.parse(entry["signature"])
        except ValueError as exc:
            raise BaselineError(f"{origin}: signatures[{number}]: {exc}") from None
        known[signature] = str(entry.get("example", ""))
        shown_by = entry.get("tests", [])
        if not isinstance(shown_by, list) or not all(isinstance(t, str) for t in shown_by):
            raise BaselineError(f"{origin}: signatures[{number}].tests must be a list of test ids")
        tests[signature] = tuple(shown_by)
        if "shown_alone" in entry:
            if not isinstance(entry["shown_alone"], bool):
                raise BaselineError(f"{origin}: signatures[{number}].shown_alone must be true or false")
            alone[signature] = entry["shown_alone"]
    return Baseline(target, known, tests=tests, recorded_with=_stamp(document.get("recorded_with", {}), origin),
                    alone=alone)


def _stamp(value: Any, origin: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise BaselineError(f"{origin}: 'recorded_with' must be an object of strings "
                            "(e.g. {\"target\": \"moto 5.2.6\", \"botocore\": \"1.44.18\"})")
    return {str(k): v for k, v in value.items()}


def load(path: Path) -> Baseline:
    """Read a baseline file; every problem becomes one BaselineError line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"baseline file {path} does not exist (create it with --update-baseline)"
        ) from None
    except OSError as exc:
        raise BaselineError(f"cannot read baseline file {path}: {exc.strerror}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline file {path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    baseline = parse(document, str(path))
    baseline.path = path
    return baseline


def packaged(target: str) -> Baseline:
    """The baseline shipped with the suite for a target (empty when there is none)."""
    resource = resources.files("conformance") / "baselines" / f"{target}.json"
    if not resource.is_file():
        return Baseline(target)
    return parse(json.loads(resource.read_text(encoding="utf-8")), f"packaged baseline {target}.json")


def packaged_path(target: str) -> Path:
    return Path(str(resources.files("conformance") / "baselines" / f"{target}.json"))
