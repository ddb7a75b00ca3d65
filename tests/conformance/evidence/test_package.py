"""Real EC2 answers as package data (conformance/evidence/__init__.py): the three recordings read into one shape,
codes as EC2 names them, and the `Evidence` a rule cites built from a recorded answer."""

from __future__ import annotations

import json

import pytest

from conformance.evidence import (
    MESSAGES_FILE,
    MINED_FILE,
    RUNINSTANCES_FILE,
    Evidence,
    Standing,
    message_entries,
    normalized,
    observation,
    observations,
    observed,
    runinstances_entries,
)
from tests.support import REPO

EVIDENCE_DIR = REPO / "conformance" / "evidence"


@pytest.mark.parametrize(("code", "name"), [
    ("InvalidParameterValue", "InvalidParameterValue"),
    ("Client.InvalidTagKey.Malformed", "InvalidTagKey.Malformed"),
    ("Server.InternalError", "InternalError"),
    ("UnauthorizedOperation (SCP deny)", "UnauthorizedOperation"),
    ("Client.", None),
    ("", None),
    (None, None),
])
def test_a_code_is_named_as_ec2_names_it(code: str | None, name: str | None) -> None:
    assert normalized(code) == name


def test_every_entry_of_the_three_recordings_is_an_observation_once() -> None:
    messages = json.loads((EVIDENCE_DIR / MESSAGES_FILE).read_text(encoding="utf-8"))["entries"]
    runs = json.loads((EVIDENCE_DIR / RUNINSTANCES_FILE).read_text(encoding="utf-8"))["observations"]
    mined = json.loads((EVIDENCE_DIR / MINED_FILE).read_text(encoding="utf-8"))["observations"]
    assert list(message_entries()) == messages and list(runinstances_entries()) == runs
    assert list(runinstances_entries(MINED_FILE)) == mined and len(mined) == 151
    found = observations()
    assert len(found) == len(messages) + len(runs) + len(mined)  # no id recorded twice
    assert set(found) == {e["id"] for e in messages} | {e["id"] for e in runs} | {e["id"] for e in mined}
    assert {o.file for o in found.values()} == {MESSAGES_FILE, RUNINSTANCES_FILE, MINED_FILE}
    assert {found[e["id"]].file for e in mined} == {MINED_FILE}


def test_only_a_runinstances_recording_is_read_as_one() -> None:
    with pytest.raises(ValueError, match="not a RunInstances recording"):
        runinstances_entries(MESSAGES_FILE)


def test_the_mined_recording_is_package_data() -> None:
    import tomllib

    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    patterns = data["conformance"]
    assert any((EVIDENCE_DIR / MINED_FILE).match(f"conformance/{p}") for p in patterns), patterns


def test_an_observation_of_either_file_has_the_common_shape() -> None:
    message = observation("OBS-TAG-AWS")
    assert (message.file, message.code, message.date, message.success, message.rule) == (
        MESSAGES_FILE, "InvalidParameterValue", "2022-06-28", False, None)
    assert message.operation.startswith("RunInstances")
    run = observation("ri-userdata-over-16k")
    assert (run.file, run.operation, run.code, run.success) == (
        RUNINSTANCES_FILE, "RunInstances", "InvalidParameterValue", False)
    assert run.date == run.entry["date"] and run.source == run.entry["source"]
    success = next(o for o in observations().values() if o.success)
    assert success.file == RUNINSTANCES_FILE and success.code is None


def test_an_unknown_observation_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match="unknown observation 'OBS-NOPE'"):
        observation("OBS-NOPE")


def test_observed_builds_the_evidence_of_a_recorded_answer() -> None:
    evidence = observed("OBS-TAG-AWS")
    assert evidence == Evidence("InvalidParameterValue", "2022-06-28",
                                "https://github.com/jcjorel/ec2-spot-converter/issues/13", "OBS-TAG-AWS")
    assert evidence.describe() == ("observed (OBS-TAG-AWS, 2022-06-28, "
                                   "https://github.com/jcjorel/ec2-spot-converter/issues/13)")
    minor = observed("OBS-TAG-AWS", code="InvalidTagKey.Malformed", standing=Standing.ELSEWHERE, note="CloudFormation")
    assert minor.code == "InvalidTagKey.Malformed"
    assert minor.describe().startswith("elsewhere, minor (OBS-TAG-AWS, 2022-06-28, ")
    assert minor.describe().endswith("): CloudFormation")


def test_observed_needs_a_code_where_the_recording_names_none() -> None:
    without = next(o.id for o in observations().values() if o.code is None)
    with pytest.raises(ValueError, match="names no code"):
        observed(without)
    assert observed(without, code="InvalidParameterCombination").code == "InvalidParameterCombination"


def test_evidence_not_recorded_here_describes_its_own_date_and_source() -> None:
    assert Evidence("MissingParameter", "2020", "moto#2949").describe() == "observed (2020, moto#2949)"
