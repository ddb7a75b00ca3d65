"""conformance.logsafety and the redaction behind it. End to end: a real conformance run with fake credentials in
the environment writes no credential, signature or UserData.

The suite runs in a subprocess (moto in-process and moto server) with DEBUG logs into a log file, JUnit XML
(logs included), Allure results and the conformance reports; `--strict-conformance` makes divergences fail,
so failure messages and Hypothesis' falsifying examples are written too. Every file is then scanned. Then the
pieces directly: the failure message, a Case's repr, and the log filter on log records and real signed requests.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

from conformance.baseline import Baseline
from conformance.findings import Divergence, ExampleVerdict, Expect, Finding
from conformance.logsafety import USER_DATA_WITHHELD, RedactingFilter, install
from conformance.oracle import Expectation
from conformance.outcome import Outcome, OutcomeKind
from conformance.runner import ConformanceFailure, Runner
from conformance.targets.base import Target
from conformance.verdict import Verdict
from reports.redact import Disclosure
from strategies.case import Case, WireEdit
from strategies.limits import USER_DATA_MAX_BYTES
from strategies.world import example_world
from tests.support.faults import QUICK, run_conformance
from tests.support.targets import NS, serve

ACCESS_KEY_ID = "AKIAQZFAKEKEYID12345"  # AKIA + 16
SECRET_KEY = "q7Fz9XbW2kLmN4pR8sTvY1uA3cE5gH6jK0oPfake"  # 40
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEFAKE" + "Zm9yLXRlc3RzLW9ubHk" * 12 + "END=="
CREDENTIALS = {"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
               "AWS_SESSION_TOKEN": SESSION_TOKEN}
# UserData the generators plant (strategies.families.core._SCRIPTS, strategies.mutations.user_data.NOT_BASE64).
PLANTED_USER_DATA = ("#!/bin/bash\necho conformance\n", "#cloud-config\nruncmd: [true]\n", "# café ✓ naïve\n",
                     "#!/bin/bash\necho hello", "hello world!")
SIGNATURE_MARKS = ("AWS4-HMAC-SHA256", "Signature=", "Credential=", "SignedHeaders=", "X-Amz-Security-Token=")
AUTHORIZATION_VALUE = re.compile(r"""(?i)authorization['"]?\s*[:=]\s*b?['"]?(?!\[REDACTED\])[A-Za-z0-9]""")
SELECTION = "user-data or valid_requests_launch"


@dataclass
class Run:
    directory: Path
    output: str
    returncode: int

    def files(self) -> list[Path]:
        return sorted(p for p in self.directory.rglob("*") if p.is_file())

    def texts(self) -> Iterator[tuple[Path, str]]:
        for path in self.files():
            yield path, path.read_bytes().decode("utf-8", "replace")

    def results(self) -> dict[str, object]:
        doc = json.loads((self.directory / "report" / "results.json").read_text(encoding="utf-8"))
        assert isinstance(doc, dict)
        return doc


def user_data_forms(value: str) -> list[str]:
    """How a UserData value could show up in a file: raw, escaped (JSON, repr, XML) or base64."""
    encoded = base64.b64encode(value.encode()).decode()
    escaped = json.dumps(value)[1:-1]
    return [value, escaped, repr(value)[1:-1], value.replace("\n", "&#10;"), encoded, encoded.rstrip("=")]


def user_data_digests(rule: dict[str, Any]) -> list[dict[str, Any]]:
    """The UserData digests of a rule's counterexample, in its params and its wire edits."""
    example = rule["counterexample"] or {"params": {}, "wire_edits": []}
    found = [example["params"].get("UserData")]
    found += [json.loads(e["value"]) for e in example["wire_edits"] if e["key"] == "UserData" and e["value"]]
    return [d for d in found if isinstance(d, dict)]


def conformance_run(tmp: Path, target: str, *extra: str) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(CREDENTIALS, AWS_CONFIG_FILE=str(tmp / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp / "none"))
    result = run_conformance(
        *QUICK, f"--target={target}", "-k", SELECTION, "--strict-conformance",
        f"--conformance-report={tmp / 'report'}", f"--alluredir={tmp / 'allure'}",
        f"--junitxml={tmp / 'junit.xml'}", "-o", "junit_logging=all",
        f"--log-file={tmp / 'run.log'}", "--log-file-level=DEBUG", *extra, env=env,
    )
    return Run(tmp, result.stdout + result.stderr, result.returncode)


@pytest.fixture(scope="module", params=["moto", "moto-server"])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    target = str(request.param)
    return conformance_run(tmp_path_factory.mktemp(f"secrets-{target}"), target)


def test_the_run_wrote_every_kind_of_output(run: Run) -> None:
    assert run.returncode == 1, run.output[-3000:]  # strict: divergences fail, so failure text is written
    names = {p.name for p in run.files()}
    assert {"results.json", "report.md", "report.html", "junit.xml", "run.log"} <= names, names
    assert any(n.endswith("-result.json") for n in names) and any("-attachment" in n for n in names), names
    log = (run.directory / "run.log").read_text(encoding="utf-8")
    assert "RunInstances" in log and "Authorization" in log  # DEBUG logs of signed requests were written
    junit = (run.directory / "junit.xml").read_text(encoding="utf-8")
    assert "Divergence from EC2" in junit and "Draw 1 (request): Case(" in junit


def test_no_credential_or_signature_in_any_file(run: Run) -> None:
    for path, text in run.texts():
        for secret in (ACCESS_KEY_ID, SECRET_KEY, SESSION_TOKEN, SESSION_TOKEN[:40]):
            assert secret not in text, (path, secret[:8])
        for mark in SIGNATURE_MARKS:
            assert mark not in text, (path, mark)
        assert not AUTHORIZATION_VALUE.search(text), (path, AUTHORIZATION_VALUE.search(text))


def test_user_data_is_withheld_everywhere(run: Run) -> None:
    for path, text in run.texts():
        for value in PLANTED_USER_DATA:
            for form in user_data_forms(value):
                assert form not in text, (path, form)


def too_large_user_data() -> list[str]:
    """The wire values strategies.mutations.user_data.too_large can send (base64 of a repeated byte)."""
    return [base64.b64encode(byte * (USER_DATA_MAX_BYTES + extra)).decode("ascii")
            for byte in (b"#", b"x", b"\x00") for extra in range(1, 65)]


def test_user_data_sent_in_the_run_shows_as_size_and_hash(run: Run) -> None:
    sent = (*PLANTED_USER_DATA, *too_large_user_data())
    digests = {hashlib.sha256(v.encode()).hexdigest(): len(v.encode()) for v in sent}
    found = [digest for rule in run.results()["rules"] for digest in user_data_digests(rule)]  # type: ignore[attr-defined]
    assert found, "no counterexample carried UserData: the scans above prove nothing"
    for digest in found:
        assert set(digest) == {"size", "sha256"} and digests.get(digest["sha256"]) == digest["size"], digest
    junit = (run.directory / "junit.xml").read_text(encoding="utf-8")
    assert "UserData withheld:" in junit and any(d["sha256"] in junit for d in found)


def test_show_user_data_writes_the_content(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, "moto", "--show-user-data")
    results = (tmp_path / "report" / "results.json").read_text(encoding="utf-8")
    assert json.loads(results)["show_user_data"] is True
    assert any(json.dumps(v)[1:-1] in results for v in PLANTED_USER_DATA), run.output[-2000:]


# the pieces, directly -------------------------------------------------------------------------------------

def test_failure_message_withholds_user_data_and_redacts_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    case = Case({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1, "UserData": "top-secret-script"},
                wire_edits=(WireEdit("UserData", "bm90LXNob3du"),))
    outcome = Outcome(OutcomeKind.ERROR, status=400, code="X", message=f"echoed {SECRET_KEY} and {ACCESS_KEY_ID}")
    finding = Finding("R-UD-1", ExampleVerdict.DIVERGES, Divergence.WRONG_CODE, ("problem",), observed="X")

    def message(show_user_data: bool) -> str:
        run = Runner(cast(Target, FakeMoto()), example_world(), Baseline("moto"),
                     disclosure=Disclosure(show_user_data))
        verdict = Verdict(Expectation(Expect.SUCCESS, ()), outcome, (finding,))
        with pytest.raises(ConformanceFailure) as failure:
            run.conclude(case, verdict)
        return str(failure.value)

    hidden = message(False)
    for secret in ("top-secret-script", "bm90LXNob3du", SECRET_KEY, ACCESS_KEY_ID):
        assert secret not in hidden
    assert '"size": 17' in hidden and hashlib.sha256(b"top-secret-script").hexdigest() in hidden
    assert "new signature: R-UD-1 | wrong code | - | X" in hidden
    shown = message(True)
    assert "top-secret-script" in shown and "bm90LXNob3du" in shown and SECRET_KEY not in shown


class FakeMoto:
    name = "moto"


def test_case_repr_withholds_user_data() -> None:
    case = Case({"ImageId": "ami-1", "UserData": "top-secret-script"}, wire_edits=(WireEdit("UserData", "x2y3"),))
    text = repr(case)
    assert "top-secret-script" not in text and "x2y3" not in text
    assert f"sha256 {hashlib.sha256(b'top-secret-script').hexdigest()}" in text and "'ami-1'" in text


def test_log_filter_on_real_signed_requests(caplog: pytest.LogCaptureFixture) -> None:
    """botocore logs the Authorization header and the body at DEBUG; the filter keeps neither."""
    import boto3
    from botocore.config import Config

    reply = (200, f"<RunInstancesResponse {NS}><requestId>r</requestId></RunInstancesResponse>")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.DEBUG), serve(lambda _record: reply) as server:
        client = boto3.session.Session(ACCESS_KEY_ID, SECRET_KEY, SESSION_TOKEN, region_name="us-east-1").client(
            "ec2", endpoint_url=server.url, config=Config(retries={"total_max_attempts": 1}))
        client.run_instances(ImageId="ami-1", MinCount=1, MaxCount=1, UserData="top-secret-script")
    sent = server.requests[0].headers
    assert ACCESS_KEY_ID in sent["Authorization"] and sent["X-Amz-Security-Token"] == SESSION_TOKEN
    text = caplog.text
    assert "Authorization" in text and "RunInstances" in text and USER_DATA_WITHHELD in text
    encoded = base64.b64encode(b"top-secret-script").decode()
    for secret in (ACCESS_KEY_ID, SECRET_KEY, SESSION_TOKEN, encoded, *SIGNATURE_MARKS):
        assert secret not in text, secret


def _record(message: str, *args: object, name: str = "botocore.endpoint") -> logging.LogRecord:
    return logging.LogRecord(name, logging.DEBUG, __file__, 1, message, args or None, None)


def test_the_signing_loggers_say_nothing_but_that_they_were_redacted() -> None:
    record = _record("StringToSign: %s", "AWS4-HMAC-SHA256 whatever", name="botocore.auth")
    assert RedactingFilter().filter(record)  # kept, rewritten
    assert record.getMessage() == "[REDACTED] (request signing details)" and record.args is None


@pytest.mark.parametrize("message", [
    "Making request with params {'UserData': 'dG9wLXNlY3JldA==', 'MinCount': 1}",
    "body: Action=RunInstances&UserData=dG9wLXNlY3JldA%3D%3D&MinCount=1",
    'params {"userdata": "dG9wLXNlY3JldA=="}',
    "UserData: b'dG9wLXNlY3JldA=='",
])
def test_user_data_values_are_withheld_in_any_spelling(message: str) -> None:
    cleaned = RedactingFilter().clean(_record(message))
    assert "dG9wLXNlY3JldA" not in cleaned and USER_DATA_WITHHELD in cleaned
    assert ("MinCount" in message and "MinCount" in cleaned) or "MinCount" not in message


def test_shown_user_data_stays_but_credentials_still_go() -> None:
    message = f"UserData=dG9wLXNlY3JldA== with {ACCESS_KEY_ID}"
    cleaned = RedactingFilter(show_user_data=True).clean(_record(message))
    assert "UserData=dG9wLXNlY3JldA==" in cleaned and ACCESS_KEY_ID not in cleaned


def test_a_clean_record_is_left_as_it_was() -> None:
    record = _record("sent %d requests to %s", 3, "http://127.0.0.1:5000")
    assert RedactingFilter().filter(record)
    assert (record.msg, record.args) == ("sent %d requests to %s", (3, "http://127.0.0.1:5000"))
    dirty = _record("key %s", ACCESS_KEY_ID)
    RedactingFilter().filter(dirty)
    assert dirty.args is None and ACCESS_KEY_ID not in str(dirty.msg)


class _Plugin:
    def __init__(self) -> None:
        self.log_file_handler = logging.NullHandler()
        self.caplog_handler = logging.NullHandler()
        self.log_cli_handler = None  # not a handler (no live logging): passed over


class _PluginManager:
    def __init__(self, plugin: _Plugin) -> None:
        self.plugin = plugin

    def get_plugin(self, name: str) -> _Plugin | None:
        return self.plugin if name == "logging-plugin" else None


class _Config:
    def __init__(self, plugin: _Plugin) -> None:
        self.pluginmanager = _PluginManager(plugin)


def test_install_puts_one_filter_on_every_handler_of_the_logging_plugin() -> None:
    plugin = _Plugin()
    installed = install(cast(pytest.Config, _Config(plugin)), show_user_data=True)
    assert installed.show_user_data
    assert plugin.log_file_handler.filters == [installed] and plugin.caplog_handler.filters == [installed]
