"""`ec2-conformance drift`: what the newest versions pyproject allows would change, before anyone upgrades.

In a virtual environment of its own (temporary unless `--venv`) it installs the newest versions of the suite's
dependencies that its ranges allow (or the versions `--pin` names), runs this suite's own code there, and reports:
- the RunInstances member paths of that botocore model without a builder, a rule or a read-back;
- per target, the divergence signatures that appear (new), disappear (fixed) or change (the same rule, kind and
  check with another code or crash class) against the committed baseline, run with the `ci` profile;
- per target, whether what it ran (the target's version, the botocore model) is what the baseline was recorded with.
It changes nothing in the project: the lock, the baselines and the reports stay as they are.

Exit codes: 0 nothing drifted; 1 drift: a member path without a builder, rule or read-back, or a signature that
appears, disappears or changes; 2 the versions could not be installed, or a target's run did not finish;
3 usage error.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from conformance.findings import stamp_text

NO_DRIFT, DRIFT, CANNOT_RUN, USAGE = 0, 1, 2, 3
DISTRIBUTION = "ec2-conformance"
SUITE_PACKAGES = ("conformance", "strategies", "reports")
DEFAULT_TARGETS = ("moto", "moto-server", "ministack", "localstack")
# The emulators that live in a venv of their own: the newest is installed there (conformance.targets.venv_server).
NEWEST_EMULATORS = ("ministack", "localstack")
CHANGES = {"new": "appears", "fixed": "disappears", "changed": "changes"}


class DriftError(Exception):
    """Drift could not be measured (an install or a run failed): one line naming what and why."""


# Leaf paths the catalogue leaves without a rule of their own, with the reason (a path added to the model later
# is not here, so drift names it until it gets a rule or a reason).
NO_RULE: Mapping[str, str] = {
    "Ipv6Addresses[].IsPrimaryIpv6": "documented with no constraint of its own; which address is primary is read "
    "back with EnablePrimaryIpv6 (R-RB-7)",
    "NetworkInterfaces[].Ipv6Addresses[].IsPrimaryIpv6": "as Ipv6Addresses[].IsPrimaryIpv6",
    "NetworkInterfaces[].PrimaryIpv6": "as Ipv6Addresses[].IsPrimaryIpv6",
    "NetworkInterfaces[].EnaQueueCount": "documented with no constraint ('The number of ENA queues to be created "
    "with the instance'); valid requests stay within strategies.limits.ENA_QUEUE_COUNT_VALID",
}


@dataclass(frozen=True)
class MemberGap:
    """A member path of the model that the suite does not cover in every way."""

    path: str
    missing: tuple[str, ...]  # of "builder", "rule", "read-back"


def member_gaps() -> list[MemberGap]:
    """The installed model's leaf paths without a builder, a rule naming them, or a read-back decision."""
    from conformance.readback_table import NOT_OBSERVABLE, readers
    from conformance.rules import RULES
    from strategies.families import family_of
    from strategies.model import leaf_paths

    named = {member for rule in RULES.values() for member in rule.members if member}
    gaps = []
    for path in leaf_paths():
        missing = (("builder",) if family_of(path) is None else ()) + (
            ("rule",) if path not in NO_RULE and not any(_covers(member, path) for member in named) else ()) + (
            ("read-back",) if path not in NOT_OBSERVABLE and not readers(path) else ())
        if missing:
            gaps.append(MemberGap(path, missing))
    return gaps


def _covers(member: str, path: str) -> bool:
    """A rule member names this leaf path itself, or a path under it; a rule naming only an ancestor (all of
    `BlockDeviceMappings[]`) says nothing about a leaf added to it later."""
    return member in (path, path.removesuffix("[]")) or member.startswith((f"{path}.", f"{path}["))


def members_document() -> dict[str, Any]:
    """What `python -m conformance.drift members` prints (run inside the drift environment)."""
    from strategies.model import leaf_paths

    return {"botocore": metadata.version("botocore"), "paths": len(leaf_paths()),
            "gaps": [{"path": g.path, "missing": list(g.missing)} for g in member_gaps()]}


@dataclass(frozen=True)
class TargetDrift:
    """One target's run in the drift environment, held against its committed baseline."""

    target: str
    ran_with: Mapping[str, str]
    baseline_with: Mapping[str, str]
    changes: tuple[tuple[str, str, str], ...]  # (appears | disappears | changes, signature, now)
    stopped: str = ""

    @property
    def versions(self) -> str:
        """`newer than its baseline: moto 5.2.7 (botocore 1.45.0), baseline: moto 5.2.6 (botocore 1.44.18)`
        (`older`, or `other versions` where they do not compare), or "" when they are the baseline's."""
        if dict(self.ran_with) == dict(self.baseline_with):
            return ""
        return (f"{_direction(self.ran_with, self.baseline_with)}: {stamp_text(self.ran_with)}, "
                f"baseline: {stamp_text(self.baseline_with)}")


def _direction(ran: Mapping[str, str], recorded: Mapping[str, str]) -> str:
    """`newer than its baseline`, `older than its baseline`, or `other versions than its baseline`."""
    from packaging.version import InvalidVersion, Version

    try:
        pairs = [(Version(ran[key].split()[-1]), Version(recorded[key].split()[-1])) for key in ("target", "botocore")]
    except (KeyError, IndexError, InvalidVersion):
        return "other versions than its baseline"
    if all(now >= then for now, then in pairs):
        return "newer than its baseline"
    if all(now <= then for now, then in pairs):
        return "older than its baseline"
    return "other versions than its baseline"


def target_drift(target: str, results: Mapping[str, Any]) -> TargetDrift:
    """The appearing, disappearing and changing signatures of one results document."""
    run = results["run"]
    changes = tuple(
        (CHANGES[s["status"]], s["signature"], s.get("now", "")) for s in results["signatures"]
        if s["status"] in CHANGES
    )
    return TargetDrift(target, dict(run.get("recorded_with", {})),
                       dict(run.get("baseline", {}).get("recorded_with", {})), changes, run.get("stopped", ""))


@dataclass
class DriftReport:
    """Everything `drift` found; `exit_code` says what it means."""

    installed: Mapping[str, str]
    members: Mapping[str, Any]
    targets: list[TargetDrift] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if any(t.stopped for t in self.targets):
            return CANNOT_RUN
        drifted = self.members["gaps"] or any(t.changes for t in self.targets)
        return DRIFT if drifted else NO_DRIFT

    def lines(self) -> list[str]:
        versions = ", ".join(f"{name} {version}" for name, version in sorted(self.installed.items()))
        lines = [f"drift: installed {versions}",
                 f"drift: botocore {self.members['botocore']}: {self.members['paths']} RunInstances member paths, "
                 f"{len(self.members['gaps'])} without a builder, rule or read-back"]
        lines += [f"drift:   {g['path']}: no {', no '.join(g['missing'])}" for g in self.members["gaps"]]
        for target in self.targets:
            newer = f"; {target.versions}" if target.versions else "; the baseline's versions"
            stopped = f"; DID NOT FINISH: {target.stopped}" if target.stopped else ""
            lines.append(f"drift: {target.target}: {len(target.changes)} signature(s) drift{newer}{stopped}")
            lines += [f"drift:   {what} {signature}" + (f" -> now {now}" if now else "")
                      for what, signature, now in target.changes]
        verdict = {NO_DRIFT: "nothing drifted", DRIFT: "drift found: an upgrade is a decision (see README, "
                   "Versions and upgrades)", CANNOT_RUN: "a run did not finish"}[self.exit_code]
        return [*lines, f"drift: {verdict} (exit {self.exit_code})"]

    def to_json(self) -> dict[str, Any]:
        return {"installed": dict(self.installed), "members": dict(self.members), "exit_code": self.exit_code,
                "targets": [{"target": t.target, "ran_with": dict(t.ran_with), "baseline_with": dict(t.baseline_with),
                             "versions": t.versions, "stopped": t.stopped,
                             "changes": [{"change": w, "signature": s, "now": n} for w, s, n in t.changes]}
                            for t in self.targets]}


def requirements(pins: Sequence[str] = ()) -> list[str]:
    """The suite's runtime requirements as its metadata declares them, each replaced by a `--pin` of the same
    name (`moto==5.2.5` keeps moto's `[server]` extra)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pinned = {canonicalize_name(Requirement(p).name): Requirement(p) for p in pins}
    found = []
    for text in metadata.requires(DISTRIBUTION) or []:
        requirement = Requirement(text)
        if requirement.marker is not None and "extra" in str(requirement.marker):
            continue
        pin = pinned.pop(canonicalize_name(requirement.name), None)
        if pin is not None:
            extras = f"[{','.join(sorted(requirement.extras | pin.extras))}]" if requirement.extras | pin.extras else ""
            requirement = Requirement(f"{pin.name}{extras}{pin.specifier}")
        found.append(str(requirement))
    return found + [str(p) for p in pinned.values()]


def committed_baseline(target: str) -> Path:
    """The suite's committed baseline of a target (what the drift is measured against)."""
    from conformance.baseline import packaged_path

    return packaged_path(target)


def measure(root: Path, report_dir: Path, targets: Sequence[str], pins: Sequence[str], *, profile: str = "ci",
            select: str | None = None) -> DriftReport:
    """Install the newest allowed versions under `root`, then read the model and run each target there."""
    from conformance.drift_env import DriftEnvironment

    environment = DriftEnvironment(root)
    installed = environment.install(requirements(pins))
    report = DriftReport(installed, environment.members())
    for target in targets:
        results = environment.conformance(target, report_dir / target, committed_baseline(target),
                                          profile=profile, select=select)
        report.targets.append(target_drift(target, results))
    return report


def write(report: DriftReport, report_dir: Path) -> list[Path]:
    """drift.json and drift.txt (the lines the console printed) in the report directory."""
    report_dir.mkdir(parents=True, exist_ok=True)
    written = [report_dir / "drift.json", report_dir / "drift.txt"]
    written[0].write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    written[1].write_text("\n".join(report.lines()) + "\n", encoding="utf-8")
    return written


def run(targets: Sequence[str], pins: Sequence[str], report_dir: Path, *, venv: Path | None = None,
        profile: str = "ci", select: str | None = None) -> int:
    """`ec2-conformance drift`: measure, print, write; the exit code (module docstring)."""
    root = venv if venv is not None else Path(tempfile.mkdtemp(prefix="ec2-conformance-drift-"))
    try:
        report = measure(root, report_dir, targets, pins, profile=profile, select=select)
    except DriftError as exc:
        print(f"ec2-conformance drift: {exc}", file=sys.stderr)
        return CANNOT_RUN
    finally:
        if venv is None:
            shutil.rmtree(root, ignore_errors=True)
    for line in report.lines():
        print(line)
    for path in write(report, report_dir):
        print(f"drift: wrote {path}")
    return report.exit_code


REPORTED = ("botocore", "boto3", "moto", "hypothesis", "pytest")


def installed_versions() -> dict[str, str]:
    """The installed versions of what decides a run's answers (the model, the emulator in-process, the engine)."""
    found = {}
    for name in REPORTED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m conformance.drift members|versions`, run inside the drift environment: JSON on stdout."""
    args = list(sys.argv[1:] if argv is None else argv)
    commands = {"members": members_document, "versions": installed_versions}
    if len(args) != 1 or args[0] not in commands:
        print("usage: python -m conformance.drift members|versions", file=sys.stderr)
        return USAGE
    print(json.dumps(commands[args[0]]()))
    return NO_DRIFT


if __name__ == "__main__":
    sys.exit(main())
