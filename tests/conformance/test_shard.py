"""conformance.shard: `i/n` values, the longest-processing-time assignment, its balance on the committed durations,
and the durations read back from junit files."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.profiles import PROFILES, state_machine_chains
from conformance.shard import Shard, ShardError, assign, from_junit, load_durations, loads, select, weights

SUITE = "conformance/suite/test_requests.py::"


@pytest.mark.parametrize("text", ["0/3", "4/3", "x/y", "3", "1/0", "", "-1/3", "1/3/5", "2 /3x"])
def test_a_bad_shard_is_one_line_naming_the_form(text: str) -> None:
    with pytest.raises(ShardError) as raised:
        Shard.parse(text)
    message = str(raised.value)
    assert len(message.splitlines()) == 1 and "i/n" in message and f"--shard={text}" in message


@pytest.mark.parametrize(("text", "shard"), [("1/1", Shard(1, 1)), ("2/3", Shard(2, 3)), ("10/12", Shard(10, 12))])
def test_a_good_shard_reads_back_as_written(text: str, shard: Shard) -> None:
    assert Shard.parse(text) == shard and str(shard) == text


def test_every_item_lands_in_exactly_one_shard() -> None:
    ids = [f"{SUITE}test_{n}" for n in range(50)]
    durations = {nodeid: float(n % 7) for n, nodeid in enumerate(ids[:40])}  # the last 10 unmeasured
    shards = [select(ids, Shard(k, 4), durations) for k in range(1, 5)]
    assert sum(len(s) for s in shards) == len(ids) and set().union(*shards) == set(ids)


def test_the_longest_items_go_to_the_lightest_shard() -> None:
    durations = {f"{SUITE}a": 10.0, f"{SUITE}b": 6.0, f"{SUITE}c": 5.0, f"{SUITE}d": 1.0}
    # 10 -> 1; 6 -> 2; 5 -> 2 (6 < 10); 1 -> 1 (10 < 11): a count-balanced split would pair a with b
    assert assign(durations, 2, durations) == {f"{SUITE}a": 1, f"{SUITE}b": 2, f"{SUITE}c": 2, f"{SUITE}d": 1}


def test_an_unmeasured_item_counts_the_median() -> None:
    durations = {f"{SUITE}a": 1.0, f"{SUITE}b": 3.0, f"{SUITE}c": 100.0}
    assert loads([*durations, f"{SUITE}new"], 1, durations) == [107.0]


def test_the_assignment_depends_on_neither_order_nor_install_path() -> None:
    durations = load_durations()
    ids = sorted(durations)
    site = [f"/venv/lib/python3.11/site-packages/{nodeid}" for nodeid in ids]
    checkout = assign(ids, 3, durations)
    assert assign(list(reversed(ids)), 3, durations) == checkout
    assert {nodeid.split("site-packages/")[1]: shard for nodeid, shard in assign(site, 3, durations).items()} \
        == checkout


def test_ties_are_broken_by_node_id() -> None:
    durations = {f"{SUITE}{name}": 1.0 for name in "dcba"}
    assert assign(durations, 2, durations) == {f"{SUITE}a": 1, f"{SUITE}b": 2, f"{SUITE}c": 1, f"{SUITE}d": 2}


@pytest.mark.parametrize("count", [2, 3, 4])
def test_the_committed_durations_give_shards_within_1_3_of_the_mean(count: int) -> None:
    durations = load_durations()
    assert len(durations) > 400 and max(durations.values()) > 10 * min(durations.values())  # measured, not counted
    shares = loads(durations, count, durations)
    mean = sum(shares) / count
    assert max(shares) <= 1.3 * mean, (shares, mean)


@pytest.mark.parametrize("count", [5, 6, 8])
def test_beyond_that_the_slowest_shard_is_the_longest_item_alone(count: int) -> None:
    """The state machine is about a quarter of a ci run: no split of more shards can beat it."""
    durations = load_durations()
    shares = loads(durations, count, durations)
    assert max(shares) <= max(1.3 * sum(shares) / count, max(durations.values())), shares


def test_durations_come_from_junit_files_keeping_each_tests_shortest_time(tmp_path: Path) -> None:
    def junit(name: str, seconds: str) -> Path:
        path = tmp_path / name
        path.write_text('<testsuites><testsuite><testcase classname="conformance.suite.test_requests" '
                        f'name="test_x[a-b]" time="{seconds}"/><testcase classname="conformance.suite.test_stateful" '
                        'name="test_y" time="2.5"/></testsuite></testsuites>', encoding="utf-8")
        return path

    assert from_junit([junit("one.xml", "4.0"), junit("two.xml", "1.25")]) == {
        f"{SUITE}test_x[a-b]": 1.25, "conformance/suite/test_stateful.py::test_y": 2.5}


STATEFUL = "conformance/suite/test_stateful.py::test_idempotency_and_lifecycle"


def _thorough_items(durations: dict[str, float]) -> list[str]:
    """The suite's items under thorough: the measured ones, with the state machine as its chains."""
    chains = state_machine_chains(PROFILES["thorough"])
    return [n for n in durations if n != STATEFUL] + [f"{STATEFUL}[chain{k}]" for k in range(1, chains + 1)]


def test_under_thorough_an_item_weighs_its_ci_duration_times_its_examples_there() -> None:
    durations = {f"{SUITE}test_mutation_is_refused[a]": 2.0, f"{SUITE}test_valid_requests_launch": 4.0,
                 f"{SUITE}test_member_is_read_back[KeyName]": 1.0, STATEFUL: 24.0}
    items = [*list(durations)[:3], f"{STATEFUL}[chain1]"]
    weight = weights(items, durations, PROFILES["thorough"])
    assert weight[items[0]] == pytest.approx(2.0 * 30 / 4)  # a mutation: 30 examples against ci's 4
    assert weight[items[1]] == pytest.approx(4.0 * 300 / 40)
    assert weight[items[2]] == 1.0  # one request per member under every profile
    # a chain: its test function's ci duration, times its runs and steps against ci's 40 runs of 16 steps
    assert weight[items[3]] == pytest.approx(24.0 * 38 * 51 / (40 * 16))
    assert weights(items[:3], durations) == {n: durations[n] for n in items[:3]}  # ci: as measured


@pytest.mark.parametrize("count", [3, 4, 6])
def test_thorough_shards_are_within_1_3_of_the_mean(count: int) -> None:
    """The state machine as one item would be a quarter of a thorough run: as chains it balances like the rest."""
    durations = load_durations()
    items = _thorough_items(durations)
    shares = loads(items, count, durations, PROFILES["thorough"])
    assert max(shares) <= 1.3 * sum(shares) / count, shares
    thorough, ci = PROFILES["thorough"], PROFILES["ci"]
    unsplit = durations[STATEFUL] * (thorough.max_examples * (thorough.stateful_step_count + 1)
                                     / (ci.max_examples * (ci.stateful_step_count + 1)))
    assert unsplit > 1.3 * sum(shares) / count  # as one item, the state machine alone would outweigh a shard
