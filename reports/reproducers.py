"""Ready-to-paste reproducers of a counterexample: a boto3 snippet, a raw signed Query snippet, a CLI line.

Reproducers never carry credentials: against an emulator they use the dummy keys `testing`; against real
EC2 they use the caller's own configuration. A withheld UserData becomes a placeholder string and a comment.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reports.redact import is_user_data_digest
from reports.results import Counterexample, RunMeta

DEFAULT_ENDPOINT = "http://127.0.0.1:5000"
DEFAULT_REGION = "us-east-1"
REAL_AWS_TARGETS = frozenset({"aws"})


@dataclass(frozen=True)
class Reproducer:
    title: str
    language: str  # "python" or "shell"
    code: str


def reproducers(example: Counterexample, meta: RunMeta) -> list[Reproducer]:
    """The boto3 (or raw Query) snippet, then the AWS CLI command (or why there is none)."""
    if example.wire_edits:
        python = Reproducer("Python (raw signed Query request: boto3 cannot send this)", "python",
                            query_snippet(example, meta))
    else:
        python = Reproducer("boto3", "python", boto3_snippet(example, meta))
    command = cli_command(example, meta)
    if command is None:
        cli = Reproducer("AWS CLI", "shell",
                         "# not expressible with the AWS CLI: the request needs wire-level edits "
                         "(see the Python snippet)")
    else:
        cli = Reproducer("AWS CLI", "shell", command)
    return [python, cli]


def _is_real_aws(meta: RunMeta) -> bool:
    return meta.target_name in REAL_AWS_TARGETS and not meta.endpoint_url


def _endpoint_line(meta: RunMeta) -> str:
    if _is_real_aws(meta):
        return "ENDPOINT_URL = None  # real EC2: keep DryRun=True in the request"
    if meta.endpoint_url:
        return f"ENDPOINT_URL = {meta.endpoint_url!r}"
    return f"ENDPOINT_URL = {DEFAULT_ENDPOINT!r}  # e.g. `moto_server -H 127.0.0.1 -p 5000`, or your emulator"


def _dummy_keys(meta: RunMeta) -> str:
    if _is_real_aws(meta):
        return ""
    return 'aws_access_key_id="testing", aws_secret_access_key="testing"'


def _placeholder_params(params: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Params with a withheld UserData replaced by a placeholder string, and comment lines explaining it."""
    result = dict(params)
    user_data = result.get("UserData")
    if not is_user_data_digest(user_data):
        return result, []
    assert isinstance(user_data, Mapping)
    result["UserData"] = "<withheld UserData>"
    return result, [f"# UserData withheld from the report: {user_data['size']} bytes,",
                    f"# sha256 {user_data['sha256']} (run with --show-user-data to include it)"]


def _literal(value: Any, indent: int = 0) -> str:
    """A Python literal for JSON-like data, one member per line when it does not fit on one."""
    flat = repr(value)
    if len(flat) + indent <= 90 or not isinstance(value, dict | list | tuple) or not value:
        return flat
    inner = " " * (indent + 4)
    if isinstance(value, dict):
        items = [f"{inner}{key!r}: {_literal(item, indent + 4)}," for key, item in value.items()]
        return "{\n" + "\n".join(items) + "\n" + " " * indent + "}"
    items = [f"{inner}{_literal(item, indent + 4)}," for item in value]
    brackets = "[]" if isinstance(value, list) else "()"
    return brackets[0] + "\n" + "\n".join(items) + "\n" + " " * indent + brackets[1]


def _region(meta: RunMeta) -> str:
    return meta.region or DEFAULT_REGION


def boto3_snippet(example: Counterexample, meta: RunMeta) -> str:
    params, notes = _placeholder_params(example.params)
    lines = [
        "import boto3",
        "from botocore.config import Config",
        "",
        _endpoint_line(meta),
        *notes,
        "client = boto3.client(",
        f"    \"ec2\", endpoint_url=ENDPOINT_URL, region_name={_region(meta)!r},",
        *([f"    {_dummy_keys(meta)},  # any keys work against an emulator"] if _dummy_keys(meta) else []),
        "    config=Config(retries={\"max_attempts\": 1}),",
        ")",
        f"client.run_instances(**{_literal(params)})",
    ]
    return "\n".join(lines) + "\n"


def query_snippet(example: Counterexample, meta: RunMeta) -> str:
    """Serialize with botocore, apply the wire edits, sign with SigV4 and POST the form."""
    params, notes = _placeholder_params(example.params)
    session_args = ", ".join(a for a in (_dummy_keys(meta), "region_name=REGION") if a)
    endpoint = "ENDPOINT_URL or f\"https://ec2.{REGION}.amazonaws.com/\""
    lines = [
        "import urllib.error",
        "import urllib.request",
        "",
        "import boto3",
        "from botocore.auth import SigV4Auth",
        "from botocore.awsrequest import AWSRequest",
        "from botocore.handlers import base64_encode_user_data",
        "from botocore.serialize import create_serializer",
        "",
        _endpoint_line(meta),
        f"REGION = {_region(meta)!r}",
        "FORM = \"application/x-www-form-urlencoded; charset=utf-8\"",
        *notes,
        f"params = {_literal(params)}",
        f"wire_edits = {_literal(list(example.wire_edits))}  # (Query key, value); None deletes the key",
        "",
        f"session = boto3.Session({session_args})",
        "operation = session.client(\"ec2\").meta.service_model.operation_model(\"RunInstances\")",
        "base64_encode_user_data(params)",
        "serializer = create_serializer(\"ec2\", include_validation=False)",
        "form = serializer.serialize_to_request(params, operation)[\"body\"]",
        "for key, value in wire_edits:",
        "    if value is None:",
        "        form.pop(key, None)",
        "    else:",
        "        form[key] = value",
        f"request = AWSRequest(method=\"POST\", url={endpoint}, data=form,",
        "                     headers={\"Content-Type\": FORM})",
        "SigV4Auth(session.get_credentials(), \"ec2\", REGION).add_auth(request)",
        "prepared = request.prepare()",
        "body = prepared.body if isinstance(prepared.body, bytes) else prepared.body.encode()",
        "raw = urllib.request.Request(prepared.url, body, dict(prepared.headers), method=\"POST\")",
        "try:",
        "    response = urllib.request.urlopen(raw, timeout=30)",
        "except urllib.error.HTTPError as error:",
        "    response = error",
        "print(response.getcode(), response.read().decode())",
    ]
    return "\n".join(lines) + "\n"


def cli_command(example: Counterexample, meta: RunMeta) -> str | None:
    """`aws ec2 run-instances --cli-input-json '...'`, or None when the case needs wire edits."""
    if example.wire_edits:
        return None
    params, notes = _placeholder_params(example.params)
    words = ["aws", "ec2", "run-instances", "--cli-input-json", json.dumps(params, separators=(",", ":"))]
    words += ["--region", _region(meta)]
    prefix = ""
    if not _is_real_aws(meta):
        words += ["--endpoint-url", meta.endpoint_url or DEFAULT_ENDPOINT]
        prefix = "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing "
    command = prefix + " ".join(shlex.quote(word) for word in words)
    return "\n".join([*notes, command])
