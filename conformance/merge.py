"""`ec2-conformance merge`: the shards of one run (`--shard i/n`) as one results.json, report and exit code.

Each shard's results.json keeps what its ratchet read (`run.ratchet`: the tests that ran, the chances per rule and
member); the merge adds the shards as the results builder adds xdist workers, then holds the merged signatures
against the baseline once (conformance.baseline.Ratchet): a baseline signature is fixed only on the summed
chances, never because one shard did not see it. Shards of other targets, profiles, seeds, baselines or shard
counts, a shard given twice or a missing one are refused with one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from conformance.baseline import Baseline, BaselineError, Ratchet, load, packaged
from conformance.shard import Shard, ShardError
from reports.builder import ResultsBuilder, state_of
from reports.files import ReportError, load_results, write_report, write_results
from reports.results import Results

CONFORMS, DIVERGES, STOPPED, USAGE = 0, 1, 2, 3  # the exit codes of `ec2-conformance run`


class MergeError(Exception):
    """Shards that cannot be merged; the message is one line naming the problem and the fix."""


@dataclass(frozen=True)
class Merged:
    """The merged run and the ratchet's one decision on it."""

    results: Results
    ratchet: Ratchet

    @property
    def exit_code(self) -> int:
        """As `run` would exit: 2 when a shard stopped early, 1 on new, fixed or changed signatures, else 0."""
        if self.results.meta.stopped:
            return STOPPED
        return DIVERGES if self.ratchet.fails else CONFORMS


def _same(shards: Sequence[tuple[Path, Results]], what: str, value: object, values: Sequence[object]) -> None:
    """Refuse shards that differ in `what`."""
    for (path, _), other in zip(shards, values, strict=True):
        if other != value:
            raise MergeError(f"{path} has {what} {other!r}, {shards[0][0]} {value!r}: merge only the shards of "
                             "one run")


def check(shards: Sequence[tuple[Path, Results]]) -> tuple[str, ...]:
    """The shards' parts (`i/n`), in order; raises MergeError when they are not the shards of one run."""
    if not shards:
        raise MergeError("no results.json given: name every shard's results.json")
    metas = [results.meta for _, results in shards]
    first = metas[0]
    compared: dict[str, list[object]] = {
        "target": [m.target_name for m in metas], "target version": [m.target_version for m in metas],
        "profile": [m.profile for m in metas], "seed": [m.seed for m in metas],
        "baseline": [m.baseline_digest for m in metas], "strict": [m.strict for m in metas]}
    for what, values in compared.items():
        _same(shards, what, values[0], values)
    if not first.baseline_digest:
        raise MergeError(f"{shards[0][0]} does not say which baseline it was held against (run.baseline.digest): "
                         "it was written before shards could be merged; run the shards again")
    try:
        parts = [Shard.parse(m.shard) if m.shard else Shard(1, 1) for m in metas]
    except ShardError as exc:
        raise MergeError(f"a results.json says {exc}") from None
    _same(shards, "shard count", parts[0].count, [p.count for p in parts])
    indexes = [p.index for p in parts]
    twice = sorted({i for i in indexes if indexes.count(i) > 1})
    missing = sorted(set(range(1, parts[0].count + 1)) - set(indexes))
    if twice or missing:
        problem = f"shard {twice[0]}/{parts[0].count} given twice" if twice else \
            f"shard{'s' if len(missing) > 1 else ''} {', '.join(f'{i}/{parts[0].count}' for i in missing)} missing"
        raise MergeError(f"{problem}: merge each shard's results.json once")
    return tuple(str(p) for p in sorted(parts, key=lambda p: p.index))


def _baseline(first: Results, path: Path | None) -> Baseline:
    """The baseline the shards were held against: `path`, or the suite's packaged one for their target."""
    try:
        baseline = packaged(first.meta.target_name) if path is None else load(path)
    except BaselineError as exc:
        raise MergeError(str(exc)) from None
    if baseline.digest != first.meta.baseline_digest:
        where = path or f"the packaged baseline of {first.meta.target_name}"
        raise MergeError(f"the shards were held against another baseline than {where}: pass the one they ran with "
                         "(--baseline)")
    return baseline


def merge(shards: Sequence[tuple[Path, Results]], baseline_path: Path | None = None) -> Merged:
    """One run from its shards: summed examples, chances and coverage, and one ratchet on the merged signatures."""
    parts = check(shards)
    first = shards[0][1]
    baseline = _baseline(first, baseline_path)
    metas = [results.meta for _, results in shards]
    builder = ResultsBuilder(first.meta, show_user_data=any(r.show_user_data for _, r in shards))
    for _, results in shards:
        builder.merge(state_of(results))
    ratchet = baseline.ratchet(builder.seen(), builder.chances(), strict=first.meta.strict,
                               tests_run=builder.tests_run())
    results = builder.build(statuses=ratchet.statuses(), replacements=dict(ratchet.changed))
    stopped = "; ".join(f"shard {m.shard or '1/1'}: {m.stopped}" for m in metas if m.stopped)
    meta = replace(results.meta, started=min(m.started for m in metas), finished=max(m.finished for m in metas),
                   duration_s=max(m.duration_s for m in metas), stopped=stopped,
                   tests_run=tuple(sorted(builder.tests_run())), chances=dict(sorted(builder.chances().items())),
                   shard="", merged=parts if len(parts) > 1 or metas[0].shard else ())
    return Merged(replace(results, meta=meta), ratchet)


def run(paths: Sequence[Path], output: Path, baseline_path: Path | None = None) -> int:
    """Merge, write DIR/results.json, report.md and report.html, print what was written; the run's exit code."""
    import sys

    try:
        shards = [(path, load_results(path)) for path in paths]
        merged = merge(shards, baseline_path)
        written = [write_results(merged.results, output / "results.json"), *write_report(merged.results, output)]
    except (MergeError, ReportError) as exc:
        print(f"ec2-conformance merge: {exc}", file=sys.stderr)
        return USAGE
    from reports.view import console_lines

    for line in console_lines(merged.results):
        print(f"ec2-conformance: {line}")
    for signature in merged.ratchet.fixed:
        print(f"ec2-conformance: FIXED {signature} no longer shows: remove it from the baseline (run with "
              "--update-baseline)")
    for path in written:
        print(f"ec2-conformance: wrote {path}")
    return merged.exit_code
