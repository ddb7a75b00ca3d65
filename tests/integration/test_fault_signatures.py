"""A faulty emulator fails the run against the committed moto baseline, and the run names the new signature.

Each fault (tests/support/emulator_faults.py) makes moto in-process behave like a buggy emulator in one way, one or
more per divergence kind, three of them seen only by reading the launch back (UserData, shutdown behaviour, volume
size); six break rules the moto baseline already lists (R-LT-3 twice, R-NET-13, R-DRY-3, R-IDEM-2, R-RB-6), which
a ratchet keyed by rule and kind alone could not see. Without a fault the same tests pass.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import REPO
from tests.support.emulator_faults import FIRST_FAILURE_PROFILE
from tests.support.shared_run import once

VALID = "test_valid_requests_launch"
NET_2 = "subnet-id-with-network-interfaces"
DRY_INVALID = f"test_mutation_is_refused_under_dry_run and {NET_2}"
STATEFUL = "test_idempotency_and_lifecycle"

# fault -> (the tests that meet it, the new signature the run must name)
CASES = {
    "accepts-subnet-beside-interfaces": (NET_2, "R-NET-2 | accepted invalid request | SubnetId"),
    "rewrites-combination-code": (NET_2, "R-NET-2 | wrong code | SubnetId | InvalidParameterValue"),
    "answers-403": (NET_2, "R-NET-2 | wrong status | SubnetId | 403"),
    "drops-request-id": (NET_2, "R-PROTO-5 | malformed error envelope | RequestID"),
    # the smallest request that carries a key name: unshrunk, a random valid request often also carries a member
    # moto refuses (a NoDevice mapping), and then no single removal gets it accepted, so no member is named
    "refuses-key-names": ("read_back and KeyName",
                          "R-KEY-1 | refused valid request | KeyName | InvalidKeyPair.NotFound"),
    "launches-under-dry-run": ("test_valid_requests_under_dry_run", "R-DRY-1 | launched under DryRun"),
    "ignores-key-name": (VALID, "R-LT-3 | post-condition | KeyName"),  # R-LT-3 is in the moto baseline
    "ignores-instance-type": (VALID, "R-LT-3 | post-condition | InstanceType"),
    "drops-owner-id": (VALID, "R-PROTO-8 | post-condition | OwnerId"),
    "crashes-on-unknown-group-id": (
        "security-group-id-unknown", "R-NET-13 | target crash | SecurityGroupIds | HTTP 500"),  # R-NET-13 too
    "throttles-key-names": (VALID, "R-PROTO-6 | target throttled | - | HTTP 503"),
    "terminated-still-running": (STATEFUL, "R-PROTO-9 | lifecycle | State.Name"),
    "forgets-terminated": (STATEFUL, "R-PROTO-9 | lifecycle | Reservations[].Instances[] (terminated)"),
    "describe-disagrees": (VALID, "R-PROTO-8 | post-condition | RunInstances/DescribeInstances Hypervisor"),
    # the moto baseline lists R-DRY-3 (for R-BDM-6) and R-IDEM-2 (other instances): a new cause is still new
    "dry-run-skips-validation": (DRY_INVALID, "R-DRY-3 | DryRun skipped validation | R-"),
    "refuses-retries": (STATEFUL, "R-IDEM-2 | refused valid request | - | IdempotentParameterMismatch"),
    "ignores-user-data": (VALID, "R-RB-1 | post-condition | UserData"),
    "ignores-shutdown-behavior": (VALID, "R-RB-2 | post-condition | InstanceInitiatedShutdownBehavior"),
    # the moto baseline lists R-RB-6 for Iops, Throughput and DeleteOnTermination: VolumeSize is new
    # the read-back test of VolumeSize: every example carries it (a launch test's 40 drew it 3 times)
    "default-volume-size": ("read_back and VolumeSize",
                            "R-RB-6 | post-condition | BlockDeviceMappings[].Ebs.VolumeSize"),
    # getmoto/moto#6902: the unknown profile refused, the instance launched all the same (Name or Arn)
    "launches-on-refusal": ("iam-instance-profile-unknown", "R-IAM-1 | side effect | IamInstanceProfile."),
    "tags-volumes-like-the-instance": (VALID, "R-TAG-14 | post-condition | TagSpecifications[].Tags[] (volume, "),
}


def run(selection: str, fault: str | None, tmp: Path, *more: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "EC2_CONFORMANCE_FAULT"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    if fault is not None:
        env["EC2_CONFORMANCE_FAULT"] = fault
        more = (f"--hypothesis-profile={FIRST_FAILURE_PROFILE}", *more)  # named at its first example, not shrunk
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.support.emulator_faults",
               "conformance", "-q", "-x", "-k", selection, "--conformance-report", str(tmp / "report"),
               "-p", "no:randomly", *more]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)


def _failure_lines(output: str) -> str:
    """The error lines of a failed run (its `E` lines), or its end."""
    lines = [line for line in output.splitlines() if line.startswith("E ")]
    return "\n".join(lines[:40]) or output[-3000:]


@dataclass(frozen=True)
class PlainRun:
    """The run of every fault's tests on moto without a fault (its report under `root / "report"`)."""

    returncode: int
    stdout: str
    root: Path


def _run_without_a_fault(root: Path) -> None:
    selection = " or ".join(sorted({f"{tests}" for tests, _ in CASES.values()}))
    result = run(selection, None, root)
    (root / "stdout.txt").write_text(result.stdout, encoding="utf-8")
    (root / "returncode").write_text(str(result.returncode), encoding="utf-8")


@pytest.fixture
def plain(tmp_path_factory: pytest.TempPathFactory) -> PlainRun:
    """One run without a fault, shared by the tests that compare with it (made once per test run)."""
    root = once(tmp_path_factory, "fault-tests-without-a-fault", _run_without_a_fault)
    return PlainRun(int((root / "returncode").read_text(encoding="utf-8")),
                    (root / "stdout.txt").read_text(encoding="utf-8"), root)


@pytest.mark.slow
def test_without_a_fault_the_selected_tests_pass(plain: PlainRun) -> None:
    assert plain.returncode == 0, plain.stdout[-3000:]
    assert "0 new" in plain.stdout and "0 fixed" in plain.stdout, plain.stdout[-1500:]


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(CASES))
def test_a_fault_fails_the_run_and_names_its_signature(fault: str, tmp_path: Path) -> None:
    selection, signature = CASES[fault]
    result = run(selection, fault, tmp_path)
    assert result.returncode == 1, result.stdout[-3000:]
    new = [line for line in result.stdout.splitlines() if line.startswith("ec2-conformance: NEW ")]
    assert any(signature in line for line in new), "\n".join(new) or _failure_lines(result.stdout)


@pytest.mark.slow
def test_instances_the_example_did_not_launch_are_judged_once_by_r_proto_8(tmp_path: Path) -> None:
    """A target whose DescribeInstances ignores the instance-id filter and lists another example's instance:
    R-PROTO-8 names it, and no other rule judges that instance against this example's request."""
    result = run(VALID, "describe-ignores-filter", tmp_path)
    assert result.returncode == 1, result.stdout[-3000:]
    new = [line.removeprefix("ec2-conformance: NEW ") for line in result.stdout.splitlines()
           if line.startswith("ec2-conformance: NEW ")]
    assert new == ["R-PROTO-8 | post-condition | DescribeInstances"], "\n".join(new) or _failure_lines(result.stdout)


@pytest.mark.slow
def test_a_divergence_earlier_examples_caused_is_told_apart_by_its_replay_alone(tmp_path: Path,
                                                                              plain: PlainRun) -> None:
    """An emulator whose DescribeInstances shows the previous launch's instance type: R-LT-3 diverges after a launch
    of another type, and the same request sent alone to the freshly reset target does not show it. The run says
    so (console, report, results), and `python -m reports alone` fails on it; without the fault every
    post-condition divergence of the run showed again alone."""
    result = run(VALID, "describes-the-previous-type", tmp_path)
    doc = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    doubtful = [s["signature"] for s in doc["signatures"] if s["shown_alone"] is False]
    assert doubtful == ["R-LT-3 | post-condition | InstanceType",  # the type asked for, and the launch's answer
                        "R-PROTO-8 | post-condition | RunInstances/DescribeInstances InstanceType"], doubtful
    assert "NOT SHOWN ALONE R-LT-3 | post-condition | InstanceType" in result.stdout
    assert "NOT SHOWN ALONE (2)" in (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    check = [sys.executable, "-m", "reports", "alone", str(tmp_path / "report" / "results.json")]
    assert subprocess.run(check, cwd=REPO, capture_output=True, check=False).returncode == 1
    assert plain.returncode == 0, plain.stdout[-3000:]  # its selection holds VALID
    clean = [*check[:-1], str(plain.root / "report" / "results.json")]
    assert subprocess.run(clean, cwd=REPO, capture_output=True, check=False).returncode == 0


def _judged(result: subprocess.CompletedProcess[str] | PlainRun, tmp: Path, rule_id: str) -> int:
    assert result.returncode in (0, 1), result.stdout[-3000:]
    doc = json.loads((tmp / "report" / "results.json").read_text(encoding="utf-8"))
    return int(next(r["examples"] for r in doc["rules"] if r["id"] == rule_id))


@pytest.mark.slow
def test_an_address_in_use_is_asked_only_where_a_subnet_could_assign_it(tmp_path: Path, plain: PlainRun) -> None:
    """R-NET-20 (an address a running instance holds) is asked at addresses R-NET-9 allows; a target that gave an
    instance a reserved address is never asked to launch at it (EC2 would refuse the reserved range instead)."""
    reserved = run("stateful", "assigns-reserved-address", tmp_path / "reserved")
    assert _judged(plain, plain.root, "R-NET-20") > 0  # its selection holds the state machine
    assert _judged(reserved, tmp_path / "reserved", "R-NET-20") == 0


@pytest.mark.slow
def test_a_launch_divergence_shrinks_under_the_dev_profile(tmp_path: Path) -> None:
    """Under `dev` (random, shrinking, a database) a divergence of the valid-launch test is reported with its shrunk
    request. Hypothesis prints a failing example's arguments; the runner's fields printed whole were 292 kB, a
    HypothesisWarning (an error here) that left FlakyStrategyDefinition in place of the failure."""
    env_db = str(tmp_path / "hypothesis")
    result = run(VALID, "refuses-key-names", tmp_path, "--hypothesis-profile=dev", "--example-db", env_db)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "Flaky" not in result.stdout, _failure_lines(result.stdout)
    assert "new signature: R-KEY-1 | refused valid request | KeyName" in result.stdout, _failure_lines(result.stdout)
    request = result.stdout.split("request:", 1)[1].split("}", 1)[0]
    keys = re.findall(r'^E\s+"(\w+)":', request, flags=re.MULTILINE)
    assert "KeyName" in keys and len(keys) <= 6, request  # shrunk: the key name and what a launch needs
