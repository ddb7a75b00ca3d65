"""reports.redact: no credential reaches any file the reports write; UserData is size + hash unless asked for."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conformance.example import ExampleResult, Observed
from conformance.findings import ExampleVerdict
from conformance.outcome import OutcomeKind
from reports.builder import ResultsBuilder
from reports.files import load_results, write_comparison, write_report, write_results
from reports.redact import REDACTED, Redactor
from reports.results import RunMeta
from tests.support import reports as support


def _write_everything(tmp_path: Path, show_user_data: bool = False) -> list[Path]:
    meta = RunMeta(target_name="endpoint", target_version="1.0",
                   endpoint_url=f"http://{support.FAKE_ACCESS_KEY_ID}:{support.FAKE_SECRET}@127.0.0.1:4566/",
                   profile=f"ci {support.FAKE_TOKEN}", seed=support.FAKE_SECRET)
    builder = ResultsBuilder(meta, rules=support.RULES, show_user_data=show_user_data)
    for record in support.records():
        builder.record(record)
    results = builder.build()
    paths = [write_results(results, tmp_path / "results.json")]
    paths += write_report(load_results(tmp_path / "results.json"), tmp_path)
    paths += write_comparison([results, support.build()], tmp_path)
    return paths


def test_no_planted_credential_reaches_any_output_file(tmp_path: Path) -> None:
    paths = _write_everything(tmp_path)
    names = {"results.json", "report.md", "report.html", "compare.md", "compare.html"}
    assert {p.name for p in paths} == names
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        for secret in support.PLANTED:
            assert secret not in text, (path.name, secret)
        assert "AKIA" not in text and "ASIA" not in text, path.name
    assert REDACTED in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_user_data_is_size_and_hash_by_default(tmp_path: Path) -> None:
    _write_everything(tmp_path)
    digest = hashlib.sha256(support.USER_DATA.encode()).hexdigest()
    doc = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    tags = next(r for r in doc["rules"] if r["id"] == "R-TAG-6")
    assert tags["counterexample"]["params"]["UserData"] == {"size": len(support.USER_DATA), "sha256": digest}
    for path in tmp_path.iterdir():
        assert "planted-user-data-secret" not in path.read_text(encoding="utf-8"), path.name
    assert digest in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_user_data_is_shown_when_asked(tmp_path: Path) -> None:
    _write_everything(tmp_path, show_user_data=True)
    doc = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert doc["show_user_data"] is True
    tags = next(r for r in doc["rules"] if r["id"] == "R-TAG-6")
    assert tags["counterexample"]["params"]["UserData"] == support.USER_DATA
    assert "planted-user-data-secret" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_user_data_wire_edits_are_hashed_too() -> None:
    record = ExampleResult.uniform(["R-UD-2"], ExampleVerdict.DIVERGES, params=support.BASE,
                                   wire_edits=(("UserData", "c2VjcmV0LXNjcmlwdA=="),),
                                   expected=support.ERROR, observed=support.LAUNCHED)
    builder = ResultsBuilder(support.META, rules=support.RULES)
    builder.record(record)
    example = builder.build().rule("R-UD-2").counterexample
    assert example is not None
    value = example.wire_edits[0][1]
    assert value is not None and json.loads(value)["size"] == len("c2VjcmV0LXNjcmlwdA==")


def test_worker_state_is_already_redacted() -> None:
    builder = ResultsBuilder(support.META, rules=support.RULES)
    for record in support.records():
        builder.record(record)
    state = json.dumps(builder.state())
    for secret in support.PLANTED:
        assert secret not in state


def test_known_secrets_are_removed_whatever_they_look_like() -> None:
    builder = ResultsBuilder(support.META, rules=support.RULES, secrets=["plain-looking-password"])
    builder.record(ExampleResult.uniform(
        ["R-COUNT-3"], ExampleVerdict.DIVERGES, params=support.BASE, expected=support.ERROR,
        observed=Observed(OutcomeKind.ERROR, code="X", message="the password is plain-looking-password", status=400)))
    example = builder.build().rule("R-COUNT-3").counterexample
    assert example is not None and example.observed.message == f"the password is {REDACTED}"


@pytest.mark.parametrize("text", [
    "key AKIAIOSFODNN7EXAMPLE in a message",
    "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here",
    "aws_secret_access_key = abc123notbase64looking",
    "Authorization: AWS4-HMAC-SHA256 Credential=X/2026/us-east-1/ec2/aws4_request, Signature=abcdef",
    "https://h/?X-Amz-Security-Token=FwoGZXIvYXdzEBcaDPLANTED&X-Amz-Signature=deadbeef",
    "token FwoGZXIvYXdzEBcaDHnLPLANTEDsessiontokenvalue",
])
def test_redactor_patterns(text: str) -> None:
    redacted = Redactor().text(text)
    assert REDACTED in redacted
    for fragment in ("AKIAIOSFODNN7EXAMPLE", "EXAMPLEKEY", "abc123notbase64looking", "Signature=abcdef",
                     "PLANTED", "deadbeef"):
        assert fragment not in redacted


def test_redactor_leaves_ordinary_request_values_alone() -> None:
    params = {"ImageId": "ami-0123456789abcdef0", "ClientToken": "token-1", "KeyName": "my-key",
              "SecurityGroupIds": ["sg-0123456789abcdef0"], "InstanceType": "t3.micro"}
    assert Redactor().value(params) == params


def test_sensitive_keys_are_dropped_whatever_their_value() -> None:
    value = {"Authorization": "anything", "SecretAccessKey": "short", "nested": [{"SessionToken": "t"}]}
    assert Redactor().value(value) == {"Authorization": REDACTED, "SecretAccessKey": REDACTED,
                                       "nested": [{"SessionToken": REDACTED}]}


def test_remembered_scrubs_stay_exact_and_bounded() -> None:
    redactor = Redactor(["known-secret-value"])
    text = "key AKIAIOSFODNN7EXAMPLE and known-secret-value"
    assert redactor.text(text) == redactor.text(text) == "key [REDACTED] and [REDACTED]"
    for number in range(Redactor._MEMO_LIMIT + 10):
        redactor.text(f"value-{number}")
    assert len(redactor._memo) <= Redactor._MEMO_LIMIT
    assert redactor.text(text) == "key [REDACTED] and [REDACTED]"
    long_text = "x" * (Redactor._MEMO_LENGTH + 1) + " AKIAIOSFODNN7EXAMPLE"
    assert redactor.text(long_text).endswith("[REDACTED]") and long_text not in redactor._memo
