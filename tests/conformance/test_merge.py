"""conformance.merge: shards of one run merged into one, FIXED decided on the summed chances, mismatched shards
refused with one line, and `ec2-conformance merge` writing valid documents and run's exit code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance.baseline import Baseline
from conformance.findings import BaselineStatus, Signature
from conformance.merge import MergeError, merge
from reports.builder import STATE_VERSION, ResultsBuilder
from reports.files import load_results, write_results
from reports.results import Results, RunMeta

SIG = Signature.parse("R-AMI-2 | accepted invalid request | ImageId")
T1 = "test_requests.py::test_mutation_is_refused[image-id-malformed]"
T2 = "test_requests.py::test_valid_requests_launch"
BASELINE = Baseline("moto", {SIG: "success"}, tests={SIG: (T1, T2)})


def shard(part: str, *, seen: int = 0, chances: int = 0, tests: tuple[str, ...] = (T1,),
          baseline: Baseline = BASELINE, **meta: Any) -> Results:
    """A shard's results as its run writes them: `seen` examples of SIG, `chances` judged examples of its rule."""
    builder = ResultsBuilder(RunMeta("moto", "moto 5.2.6", profile="ci", seed="7"))
    verdicts = {"diverges": seen} if seen else {}
    verdicts.update({"conforms": chances - seen} if chances > seen else {})
    builder.merge({
        "state_version": STATE_VERSION, "examples": max(chances, seen), "duration_us": 0,
        "rules": {"R-AMI-2": {"examples": max(chances, seen), "verdicts": verdicts, "smallest": {}, "matched": {}}}
        if verdicts else {},
        "signatures": {str(SIG): {"examples": seen, "severity": "major", "example": None, "tests": [T1],
                                  "alone": None}} if seen else {},
        "chances": {"R-AMI-2|": chances, "R-AMI-2|ImageId": chances} if chances else {}, "tests": list(tests),
        "members": {"ImageId": max(chances, seen)}, "leaves": {}, "read_back": {},
    })
    ratchet = baseline.ratchet(builder.seen(), builder.chances(), tests_run=builder.tests_run())
    results = builder.build(statuses=ratchet.statuses(), replacements=dict(ratchet.changed))
    return replace(results, meta=replace(results.meta, shard=part, baseline_digest=baseline.digest,
                                         tests_run=tuple(sorted(tests)), chances=builder.chances(), **meta))


def statuses(results: Results) -> Mapping[str, BaselineStatus]:
    return {str(s.signature): s.status for s in results.signatures}


def merged(*shards: Results, baseline_path: Path | None = None) -> tuple[Results, int]:
    done = merge([(Path(f"shard{n}/results.json"), r) for n, r in enumerate(shards, 1)], baseline_path)
    return done.results, done.exit_code


@pytest.fixture
def baseline_file(tmp_path: Path) -> Path:
    path = tmp_path / "baseline.json"
    BASELINE.write(path)
    return path


def test_a_signature_seen_in_one_shard_is_not_fixed_because_another_shard_missed_it(baseline_file: Path) -> None:
    first = shard("1/2", chances=5, tests=(T1,))
    second = shard("2/2", seen=2, chances=2, tests=(T2,))
    assert statuses(first) == {str(SIG): BaselineStatus.FIXED}  # shard 1 alone would call it fixed
    results, code = merged(first, second, baseline_path=baseline_file)
    assert statuses(results) == {str(SIG): BaselineStatus.KNOWN} and code == 0
    assert results.meta.merged == ("1/2", "2/2") and results.meta.examples == 7
    assert results.meta.chances["R-AMI-2|ImageId"] == 7 and results.coverage.members["ImageId"] == 7


def test_fixed_is_decided_on_the_summed_chances(baseline_file: Path) -> None:
    first, second = shard("1/2", chances=2, tests=(T1,)), shard("2/2", chances=2, tests=(T2,))
    assert statuses(first) == statuses(second) == {}  # each shard alone: too few chances to judge it
    results, code = merged(first, second, baseline_path=baseline_file)
    assert statuses(results) == {str(SIG): BaselineStatus.FIXED} and code == 1


def test_a_signature_with_its_chances_in_one_shard_only_is_judged_there(baseline_file: Path) -> None:
    results, code = merged(shard("1/2", tests=("test_requests.py::test_boundaries",)),
                           shard("2/2", chances=4, tests=(T2,)), baseline_path=baseline_file)
    assert statuses(results) == {str(SIG): BaselineStatus.FIXED} and code == 1


def test_merged_signature_examples_are_summed_and_new_ones_fail(tmp_path: Path) -> None:
    empty = Baseline("moto")
    path = tmp_path / "empty.json"
    empty.write(path)
    results, code = merged(shard("1/2", seen=2, chances=3, baseline=empty),
                           shard("2/2", seen=3, chances=3, baseline=empty), baseline_path=path)
    assert [(s.status, s.examples) for s in results.signatures] == [(BaselineStatus.NEW, 5)] and code == 1


def test_a_stopped_shard_makes_the_merge_exit_as_a_stopped_run(baseline_file: Path) -> None:
    results, code = merged(shard("1/2", seen=1, chances=3), shard("2/2", stopped="moto crashed"),
                           baseline_path=baseline_file)
    assert code == 2 and results.meta.stopped == "shard 2/2: moto crashed"


@pytest.mark.parametrize(("change", "needle"), [
    ({"target_name": "moto-server"}, "has target 'moto-server'"),
    ({"target_version": "moto 5.2.5"}, "has target version"),
    ({"profile": "thorough"}, "has profile 'thorough'"),
    ({"seed": "8"}, "has seed '8'"),
    ({"baseline_digest": "0" * 64}, "has baseline"),
    ({"strict": True}, "has strict True"),
    ({"shard": "2/3"}, "has shard count 3"),
    ({"shard": "1/2"}, "shard 1/2 given twice"),
])
def test_shards_of_different_runs_are_refused_with_one_line(change: dict[str, Any], needle: str,
                                                            baseline_file: Path) -> None:
    first, second = shard("1/2"), shard("2/2")
    with pytest.raises(MergeError) as raised:
        merged(first, replace(second, meta=replace(second.meta, **change)), baseline_path=baseline_file)
    assert needle in str(raised.value) and len(str(raised.value).splitlines()) == 1


def test_a_missing_shard_or_another_baseline_is_refused(baseline_file: Path, tmp_path: Path) -> None:
    with pytest.raises(MergeError, match=r"shard 2/3 missing"):
        merged(shard("1/3"), shard("3/3"), baseline_path=baseline_file)
    other = tmp_path / "other.json"
    Baseline("moto").write(other)
    with pytest.raises(MergeError, match="another baseline than"):
        merged(shard("1/2"), shard("2/2"), baseline_path=other)


def test_the_console_merge_writes_valid_documents_and_exits_as_run(tmp_path: Path, baseline_file: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import main

    paths = [write_results(r, tmp_path / f"s{n}" / "results.json")
             for n, r in enumerate((shard("1/2", chances=2), shard("2/2", chances=2, tests=(T2,))), 1)]
    out = tmp_path / "merged"
    assert main(["merge", *map(str, paths), "-o", str(out), "--baseline", str(baseline_file)]) == 1
    assert "FIXED R-AMI-2" in capsys.readouterr().out
    assert statuses(load_results(out / "results.json")) == {str(SIG): BaselineStatus.FIXED}  # validated on load
    assert (out / "report.md").read_text(encoding="utf-8") and (out / "report.html").is_file()
    assert main(["merge", str(paths[0]), str(paths[0]), "-o", str(out), "--baseline", str(baseline_file)]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "given twice" in err, err
