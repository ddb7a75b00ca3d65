"""conformance.calibrate: the oracle judged against the project's recorded real EC2 answers and planted ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance.calibrate import Calibration, environmental, judge, run, summary
from conformance.evidence import MINED_FILE, RUNINSTANCES_FILES, observations
from conformance.recorded import Recorded, read

# Measured 2026-12-07 (README "Calibrating the oracle"): 100 of the 181 agree, 76 of the 151 mined (R-NET-22,
# R-BDM-29, R-IAM-2, R-CR-3 and R-TAG-15 settled six disagreements). Lower bounds that fail when a change to the
# rules or the mapping loses agreement.
MIN_AGREE = 100
MIN_AGREE_MINED = 76
MAX_DISAGREE = 4  # the four PROVENANCE.md explains; a new disagreement fails until it is settled or explained


def recorded(request: dict[str, Any], code: str | None = None, success: bool = False, rule: str = "",
             prose: str = "", obs_id: str = "planted") -> Recorded:
    return Recorded(obs_id, "2026-12-07", request, False, prose, success, code, rule)


def base(**members: Any) -> dict[str, Any]:
    return {"MinCount": 1, "MaxCount": 1, "ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", **members}


@pytest.fixture(scope="module")
def project() -> list[Any]:
    return run([], out=lambda line: None)


def test_every_recorded_runinstances_answer_gets_exactly_one_verdict(project: list[Any]) -> None:
    ids = [j.recorded.id for j in project]
    recorded_ids = {i for i, o in observations().items() if o.file in RUNINSTANCES_FILES}
    assert len(ids) == len(set(ids)) == len(recorded_ids) == 181 and set(ids) == recorded_ids
    assert all(isinstance(j.verdict, Calibration) for j in project)


def test_the_project_evidence_agrees_at_least_as_measured(project: list[Any]) -> None:
    agree = [j for j in project if j.verdict is Calibration.AGREE]
    mined = [j for j in agree if observations()[j.recorded.id].file == MINED_FILE]
    assert len(agree) >= MIN_AGREE and len(mined) >= MIN_AGREE_MINED, summary(project)
    assert len([j for j in project if j.verdict is Calibration.DISAGREE]) <= MAX_DISAGREE, summary(project)
    assert all(j.detail for j in project if j.verdict in (Calibration.DISAGREE, Calibration.CANNOT)), \
        "a verdict without its reason"


def test_an_observation_whose_code_is_among_its_rules_codes_agrees() -> None:
    verdict = judge(recorded(base(KeyName="learn-vault-key"), "InvalidKeyPair.NotFound", rule="R-KEY-1"))
    assert (verdict.verdict, verdict.detail) == (Calibration.AGREE, "InvalidKeyPair.NotFound by R-KEY-1")


def test_a_code_the_rule_lacks_is_a_disagreement_that_names_the_code_and_the_rule() -> None:
    verdict = judge(recorded(base(KeyName="learn-vault-key"), "InvalidKeyName.Unknown", rule="R-KEY-1",
                             prose="No key pair named 'learn-vault-key' in the region.", obs_id="planted-key"))
    assert verdict.verdict is Calibration.DISAGREE
    assert verdict.detail == "add code InvalidKeyName.Unknown to R-KEY-1 (evidence: planted-key, 2026-12-07)"


def test_a_refused_request_the_oracle_expects_to_launch_refutes_a_success_expectation() -> None:
    verdict = judge(recorded(base(DisableApiStop=True), "InvalidParameterCombination"))
    assert verdict.verdict is Calibration.DISAGREE
    assert verdict.detail.startswith("success expectation refuted: candidate rule for DisableApiStop")


def test_a_launch_the_oracle_expects_refused_is_a_disagreement_naming_the_rule() -> None:
    verdict = judge(recorded(base(InstanceType="t2.micro", EbsOptimized=True), success=True))
    assert verdict.verdict is Calibration.DISAGREE
    assert verdict.detail == "expected refusal by R-EBSO-1 but EC2 launched"


def test_a_launch_an_emulator_recorded_names_that_emulator_not_ec2(tmp_path: Path) -> None:
    line = {"id": "rec-moto-1", "date": "2026-12-07", "request": base(InstanceType="t2.micro", EbsOptimized=True),
            "dry_run": False, "outcome": {"success": True}, "target": "moto", "target_version": "5.2.6"}
    (tmp_path / "answers.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    [answer] = read([str(tmp_path / "answers.jsonl")])
    assert judge(answer).detail == "expected refusal by R-EBSO-1 but moto 5.2.6 launched"
    aws = {**line, "target": "aws", "target_version": ""}
    (tmp_path / "aws.jsonl").write_text(json.dumps(aws) + "\n", encoding="utf-8")
    assert judge(read([str(tmp_path / "aws.jsonl")])[0]).detail.endswith("but EC2 launched")


def test_a_launch_of_a_valid_request_agrees_and_a_refusal_without_code_agrees_with_an_expected_error() -> None:
    assert judge(recorded(base(), success=True)).verdict is Calibration.AGREE
    without_code = judge(recorded(base(ImageId="ami-12"), rule="R-AMI-2"))
    assert (without_code.verdict, without_code.detail) == (
        Calibration.AGREE, "a refusal (code not recorded) by R-AMI-2")


@pytest.mark.parametrize(("code", "fact"), [
    ("InsufficientInstanceCapacity", "R-COUNT-5"), ("VcpuLimitExceeded", "R-COUNT-6"),
    ("PendingVerification", "verification"), ("UnauthorizedOperation", "IAM permissions"),
])
def test_an_environmental_code_cannot_be_expressed_and_names_its_fact(code: str, fact: str) -> None:
    verdict = judge(recorded(base(), code))
    assert verdict.verdict is Calibration.CANNOT and fact in verdict.detail
    assert environmental("InvalidParameterValue") == environmental(None) == ""


def test_a_world_fact_the_world_does_not_model_cannot_be_expressed() -> None:
    verdict = judge(recorded(base(InstanceType="t2.micro"), "InvalidParameterCombination",
                             prose="A paravirtual AMI and t2.micro."))
    assert (verdict.verdict, verdict.detail) == (
        Calibration.CANNOT, "the image's virtualization type (paravirtual)")


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "answers.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("text", ["{not json", '{"observations": {}}', '{"observations": [{"id": "x"}]}',
                                  '{"observations": [{"id": "x", "request": {}, "outcome": {}}, '
                                  '{"id": "x", "request": {}, "outcome": {}}]}'])
def test_a_malformed_file_exits_2_with_one_line(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import main

    assert main(["calibrate", write(tmp_path, text)]) == 2
    captured = capsys.readouterr()
    assert len(captured.err.strip().splitlines()) == 1 and "answers.json" in captured.err and not captured.out
    assert "Traceback" not in captured.err


def test_a_missing_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import main

    assert main(["calibrate", "/nonexistent/answers.json"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "/nonexistent/answers.json" in err


def test_the_command_prints_a_line_per_answer_the_mapping_and_the_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import main

    entry = {"id": "planted", "date": "2026-12-07", "rule": "R-KEY-1", "world": "", "dry_run": False,
             "request": base(KeyName="learn-vault-key", SubnetId="subnet-0123456789abcdef0"),
             "outcome": {"error_code": "InvalidKeyPair.NotFound"}}
    path = write(tmp_path, json.dumps({"observations": [entry]}))
    out_json = tmp_path / "out.jsonl"
    assert main(["calibrate", "--verbose", "--json", str(out_json), path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "planted: agree: InvalidKeyPair.NotFound by R-KEY-1"
    assert "    SubnetId: subnet-0123456789abcdef0 -> subnet-0a1b2c3d4e5f60718" in lines
    assert "    KeyName: 'learn-vault-key' kept (the answer names this key malformed or unknown)" in lines
    assert lines[-1] == ("calibrate: 1 observations: 1 agree, 0 disagree, 0 undetermined, 0 cannot express; "
                         "agreement 100.0 % of 1 judged")
    (row,) = [json.loads(line) for line in out_json.read_text(encoding="utf-8").splitlines()]
    assert (row["id"], Calibration(row["verdict"]), row["observed"]) == (
        "planted", Calibration.AGREE, "InvalidKeyPair.NotFound")


def test_the_summary_counts_each_verdict_and_the_agreement_of_the_judged() -> None:
    judged = [judge(recorded(base(), success=True)), judge(recorded(base(), "VcpuLimitExceeded")),
              judge(recorded(base(InstanceType="t2.micro", EbsOptimized=True), success=True))]
    assert summary(judged) == ("calibrate: 3 observations: 1 agree, 1 disagree, 0 undetermined, 1 cannot express; "
                               "agreement 50.0 % of 2 judged")


def test_reading_the_project_evidence_reads_all_three_files_runinstances_answers() -> None:
    assert len(read([])) == 181
