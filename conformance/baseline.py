"""Per-target baselines: the known divergences (rule id -> divergence kinds), and the ratchet.

A run passes when every divergence it sees is in the baseline. A baseline entry whose rule was exercised
in the run without showing that divergence is reported as fixed, and fails the run until the baseline
is updated (the baseline can only shrink). `--update-baseline` rewrites the file from the run.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

FORMAT = 1
FIXED_AFTER = 3  # judged examples without a divergence before a baseline entry counts as fixed


class BaselineError(Exception):
    """A baseline file that cannot be used; the message is one line naming the problem and the fix."""


@dataclass
class Baseline:
    target: str
    known: dict[str, dict[str, str]] = field(default_factory=dict)  # rule id -> {kind: example observed}
    path: Path | None = None

    def is_known(self, rule_id: str, kind: str) -> bool:
        return kind in self.known.get(rule_id, {})

    def entries(self) -> Iterable[tuple[str, str]]:
        for rule_id, kinds in sorted(self.known.items()):
            for kind in sorted(kinds):
                yield rule_id, kind

    def fixed(self, judged: Mapping[str, int], seen: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Baseline entries of rules judged at least FIXED_AFTER times in this run without any divergence.

        A rule that still diverges in another way, or was barely exercised, is not called fixed: a smaller
        run than the one that wrote the baseline must not report false fixes.
        """
        diverging = {rule_id for rule_id, _ in seen}
        return [
            (r, k) for r, k in self.entries() if judged.get(r, 0) >= FIXED_AFTER and r not in diverging
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "target": self.target,
            "divergences": {
                rule_id: [{"kind": kind, "observed": observed} for kind, observed in sorted(kinds.items())]
                for rule_id, kinds in sorted(self.known.items())
            },
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2, sort_keys=False) + "\n", encoding="utf-8")


def from_findings(target: str, findings: Iterable[tuple[str, str, str]]) -> Baseline:
    """A baseline holding exactly these (rule id, kind, observed) divergences."""
    known: dict[str, dict[str, str]] = defaultdict(dict)
    for rule_id, kind, observed in findings:
        known[rule_id].setdefault(kind, observed)
    return Baseline(target, dict(known))


def parse(document: Any, origin: str) -> Baseline:
    if not isinstance(document, Mapping):
        raise BaselineError(f"{origin}: expected a JSON object with 'target' and 'divergences'")
    target, divergences = document.get("target"), document.get("divergences")
    if not isinstance(target, str) or not isinstance(divergences, Mapping):
        raise BaselineError(f"{origin}: needs a string 'target' and an object 'divergences'")
    known: dict[str, dict[str, str]] = {}
    for rule_id, entries in divergences.items():
        if not isinstance(entries, list) or not all(
            isinstance(e, Mapping) and isinstance(e.get("kind"), str) for e in entries
        ):
            raise BaselineError(f"{origin}: divergences[{rule_id!r}] must be a list of {{'kind': ..}} objects")
        known[str(rule_id)] = {str(e["kind"]): str(e.get("observed", "")) for e in entries}
    return Baseline(target, known)


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
