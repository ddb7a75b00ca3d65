"""Deterministic shards of a conformance run (`--shard i/n`), balanced by the measured durations of its tests.

Assignment: greedy longest-processing-time. The items, longest first (ties by node id), each go to the shard whose
load is the smallest so far (ties: the lowest shard); an item without a measured duration counts the median. Every
item lands in exactly one shard, and the same items give the same shards on every machine.

The durations (`conformance/suite/durations.json`: suite node id -> seconds) are measured on moto with the ci
profile; under another profile each item's duration is scaled by the examples it makes there against under ci
(`conformance.profiles.examples_of`: thorough's mutations make 7.5 times as many, its state machine 24 times, split
into chains of at most `CHAIN_STEPS` steps so that no item outweighs a shard).
Regenerate them from one or more junit files of full runs (each test's shortest time is kept: a busy
machine only adds to it):

    python -m pytest conformance -q -p no:cacheprovider --target=moto --hypothesis-profile=ci \\
        --junitxml=run.xml -o junit_duration_report=call
    python -m conformance.shard run.xml [more.xml ...] --write    # or: make durations
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from hypothesis import settings

from conformance.profiles import DEFAULT_PROFILE, PROFILES, examples_of
from conformance.session import suite_nodeid as suite_id

DURATIONS_PATH = Path(__file__).resolve().parent / "suite" / "durations.json"
UNMEASURED_S = 1.0  # what an item counts when no duration at all is known


class ShardError(ValueError):
    """A `--shard` value that is not `i/n`; the message is one line."""


@dataclass(frozen=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`2/3` -> Shard(2, 3); anything else raises ShardError with the fix."""
        index, slash, count = text.strip().partition("/")
        if not (slash and index.isdigit() and count.isdigit()) or not 1 <= int(index) <= int(count):
            raise ShardError(f"--shard={text}: expected i/n with 1 <= i <= n (e.g. --shard 2/3)")
        return cls(int(index), int(count))


def load_durations() -> dict[str, float]:
    """The committed durations (suite node id -> seconds); empty when the file is missing."""
    resource = resources.files("conformance") / "suite" / "durations.json"
    if not resource.is_file():
        return {}
    return {str(k): float(v) for k, v in json.loads(resource.read_text(encoding="utf-8")).items()}


def measured(nodeid: str, durations: Mapping[str, float], default: float) -> float:
    """An item's measured seconds under ci; an item not measured counts its test function's (thorough's chains of
    the stateful test), else `default`."""
    key = suite_id(nodeid)
    return durations.get(key, durations.get(key.split("[", 1)[0], default))


def weights(nodeids: Iterable[str], durations: Mapping[str, float],
            profile: settings | None = None) -> dict[str, float]:
    """Each node id -> its measured seconds (or the median of all measured ones), scaled from the ci profile the
    durations were measured with to `profile` by the examples each item makes under both (default: ci)."""
    default = statistics.median(durations.values()) if durations else UNMEASURED_S
    ci = PROFILES[DEFAULT_PROFILE]
    chosen = profile or ci
    return {nodeid: measured(nodeid, durations, default) * examples_of(nodeid, chosen) / examples_of(nodeid, ci)
            for nodeid in nodeids}


def assign(nodeids: Iterable[str], count: int, durations: Mapping[str, float],
           profile: settings | None = None) -> dict[str, int]:
    """Each node id -> its shard (1-based), by greedy longest-processing-time on `durations`."""
    weight = weights(set(nodeids), durations, profile)
    loads = [0.0] * count
    chosen: dict[str, int] = {}
    for nodeid in sorted(weight, key=lambda n: (-weight[n], suite_id(n), n)):
        lightest = min(range(count), key=lambda shard: (loads[shard], shard))
        loads[lightest] += weight[nodeid]
        chosen[nodeid] = lightest + 1
    return chosen


def loads(nodeids: Iterable[str], count: int, durations: Mapping[str, float],
          profile: settings | None = None) -> list[float]:
    """The expected seconds of each shard (index 0 is shard 1) under `profile` (default: ci)."""
    weight = weights(set(nodeids), durations, profile)
    totals = [0.0] * count
    for nodeid, shard in assign(weight, count, durations, profile).items():
        totals[shard - 1] += weight[nodeid]
    return totals


def select(nodeids: Sequence[str], shard: Shard, durations: Mapping[str, float],
           profile: settings | None = None) -> set[str]:
    """The node ids of `nodeids` that shard `shard` runs under `profile` (default: ci)."""
    chosen = assign(nodeids, shard.count, durations, profile)
    return {nodeid for nodeid in nodeids if chosen[nodeid] == shard.index}


def from_junit(paths: Iterable[Path]) -> dict[str, float]:
    """Suite node id -> the shortest time any of these junit files gives it (rounded to milliseconds)."""
    found: dict[str, float] = {}
    for path in paths:
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            module, name = case.get("classname", ""), case.get("name", "")
            nodeid = suite_id(module.replace(".", "/") + ".py::" + name)
            seconds = round(float(case.get("time", "0") or 0), 3)
            found[nodeid] = min(seconds, found.get(nodeid, seconds))
    return dict(sorted(found.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.shard", description=__doc__.split("\n\n")[0])
    parser.add_argument("junit", nargs="+", type=Path, help="junit files of full ci runs on moto")
    parser.add_argument("--write", action="store_true", help=f"write {DURATIONS_PATH} (default: print)")
    args = parser.parse_args(argv)
    try:
        durations = from_junit(args.junit)
    except (OSError, ElementTree.ParseError) as exc:
        print(f"conformance.shard: cannot read {exc}", file=sys.stderr)
        return 2
    text = json.dumps(durations, indent=1) + "\n"
    if args.write:
        DURATIONS_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {len(durations)} durations ({sum(durations.values()):.1f} s) to {DURATIONS_PATH}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
