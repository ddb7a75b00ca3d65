"""Ready-to-paste reproducers of a counterexample: a boto3 snippet, a raw signed Query snippet, a CLI line.

Reproducers never carry credentials: against an emulator they use the dummy keys `testing`; against real
EC2 they use the caller's own configuration. A withheld UserData becomes a placeholder string and a comment.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reports.redact import is_user_data_digest, is_user_data_wire_key
from reports.results import Counterexample, RunMeta
from reports.world_setup import Setup, Step, setup_for
from strategies.case import Call

DEFAULT_ENDPOINT = "http://127.0.0.1:5000"
DEFAULT_REGION = "us-east-1"
REAL_AWS_TARGETS = frozenset({"aws"})


@dataclass(frozen=True)
class Reproducer:
    title: str
    language: str  # "python" or "shell"
    code: str


def reproducers(example: Counterexample, meta: RunMeta) -> list[Reproducer]:
    """The boto3 script (or raw signed Query in Python and curl for wire-level cases), then the AWS CLI
    (or why there is none). Each creates the world resources the request names first (reports.world_setup)."""
    if example.wire_edits:
        return [Reproducer("Python (raw signed Query request: boto3 cannot send this)", "python",
                           query_snippet(example, meta)),
                Reproducer("curl with SigV4", "shell", curl_command(example, meta)),
                Reproducer("AWS CLI", "shell", "# not expressible with the AWS CLI: the request needs wire-level "
                           "edits (see the curl command)")]
    command = cli_command(example, meta)
    assert command is not None
    return [Reproducer("boto3", "python", boto3_snippet(example, meta)), Reproducer("AWS CLI", "shell", command)]


def world_setup(example: Counterexample, meta: RunMeta) -> Setup:
    """Setup steps for the world resources the example names (none against real EC2: it uses its own)."""
    mutation = example.mutation["path"] if example.mutation else None
    if _is_real_aws(meta):
        return Setup(params=dict(example.params), real=True)
    return setup_for(example.params, mutation, _region(meta))


_TOKEN = re.compile(r"'\$\{(\w+)\}'")
_RESULT = {"vpc": '["Vpc"]["VpcId"]', "subnet": '["Subnet"]["SubnetId"]', "security_group": '["GroupId"]',
           "launch_template": '["LaunchTemplate"]["LaunchTemplateId"]', "volume": '["VolumeId"]',
           "snapshot": '["SnapshotId"]', "network_interface": '["NetworkInterface"]["NetworkInterfaceId"]'}
_IAM = frozenset({"instance_profile"})
_CLI_QUERY = {"vpc": "Vpc.VpcId", "subnet": "Subnet.SubnetId", "security_group": "GroupId",
              "launch_template": "LaunchTemplate.LaunchTemplateId", "volume": "VolumeId", "snapshot": "SnapshotId",
              "network_interface": "NetworkInterface.NetworkInterfaceId"}


def _code(literal: str) -> str:
    """A Python literal with `'${VAR}'` strings turned into the setup's variables."""
    return _TOKEN.sub(r"\1", literal)


def _python_args(step: Step) -> dict[str, Any]:
    args: dict[str, Any] = dict(step.args)
    if step.kind == "launch_template":
        image = args.pop("ImageId") or "${IMAGE}"
        args["LaunchTemplateData"] = {"ImageId": image, "InstanceType": args.pop("InstanceType")}
    for number in ("PartitionCount", "Size"):
        if number in args:
            args[number] = int(args[number])
    return args


def _python_setup(setup: Setup) -> list[str]:
    if not setup.steps:
        return []
    lines = ["# Setup: the world resources the request names, created fresh"]
    if any(s.kind == "launch_template" and not s.args.get("ImageId") for s in setup.steps):
        lines.append('IMAGE = client.describe_images()["Images"][0]["ImageId"]')
    if any(s.kind in _IAM for s in setup.steps):
        lines.append('iam = boto3.client("iam", endpoint_url=ENDPOINT_URL, region_name=client.meta.region_name'
                     + (', aws_access_key_id="testing", aws_secret_access_key="testing")' if not setup.real else ")"))
    for step in setup.steps:
        service = "iam" if step.kind in _IAM else "client"
        call = f"{service}.create_{step.kind}(" + ", ".join(
            f"{k}={_code(repr(v))}" for k, v in _python_args(step).items()) + ")"
        lines.append(f"{step.variable} = {call}{_RESULT[step.kind]}" if step.kind in _RESULT else call)
    return lines


def _failing_call(*before: list[str]) -> list[str]:
    """The marker of the failing call, after setup or earlier calls."""
    return ["# The failing call"] if any(before) else []


def _shell_json(value: Any) -> str:
    """JSON in a double-quoted shell word, where `${VAR}` tokens expand to the setup's ids."""
    return _shell_word(json.dumps(value, separators=(",", ":")))


def _shell_word(text: str) -> str:
    """A double-quoted shell word where `${VAR}` tokens expand."""
    for char in ("\\", '"', "`", "$"):
        text = text.replace(char, "\\" + char)
    return '"' + re.sub(r"\\\$\{(\w+)\}", r"${\1}", text) + '"'


def _cli_setup(setup: Setup) -> list[str]:
    lines = []
    if any(s.kind == "launch_template" and not s.args.get("ImageId") for s in setup.steps):
        lines.append('IMAGE=$($EC2 describe-images --query "Images[0].ImageId" --output text)')
    for step in setup.steps:
        args = _python_args(step)
        service = "$IAM" if step.kind in _IAM else "$EC2"
        call = f"{service} create-{step.kind.replace('_', '-')}"
        call += f" --cli-input-json {_shell_json(args)}"
        if step.kind in _CLI_QUERY:
            lines.append(f"{step.variable}=$({call} --query {_CLI_QUERY[step.kind]} --output text)")
        else:
            lines.append(f"{call} > /dev/null")
    return lines


def _shell_prelude(meta: RunMeta) -> list[str]:
    if _is_real_aws(meta):
        return [f'EC2="aws ec2 --region {_region(meta)}"', 'IAM="aws iam"']
    return ["export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing",
            f"ENDPOINT_URL={shlex.quote(meta.endpoint_url or DEFAULT_ENDPOINT)}",
            f'EC2="aws ec2 --region {_region(meta)} --endpoint-url $ENDPOINT_URL"',
            f'IAM="aws iam --region {_region(meta)} --endpoint-url $ENDPOINT_URL"']


def curl_command(example: Counterexample, meta: RunMeta) -> str:
    """The raw Query POST with curl's own SigV4 signing (`--aws-sigv4`), after the setup steps."""
    from strategies.wire import to_query

    setup = world_setup(example, meta)
    params, notes = _placeholder_params(setup.params)
    form = to_query(params)
    edits, withheld = _wire_edits(example, "${" + USER_DATA_FILLER + "}")
    for key, value in _edits_in_setup(edits, setup):
        if value is None:
            form.pop(key, None)
        else:
            form[key] = value
    if withheld:
        notes = [*notes, *withheld,
                 f"{USER_DATA_FILLER}=$(head -c {_withheld_wire_size(example)} /dev/zero | tr '\\0' A)"]
    words = [f"--data-urlencode {_shell_word(f'{k}={v}')}" for k, v in form.items()]
    user = '--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"'
    curl = [f'curl -s -w "\\nHTTP %{{http_code}}\\n" --aws-sigv4 "aws:amz:{_region(meta)}:ec2" {user} '
            '"${ENDPOINT_URL}/" \\', *(f"  {w} \\" for w in words)]
    curl[-1] = curl[-1].removesuffix(" \\")
    prelude = _shell_prelude(meta)
    if _is_real_aws(meta):
        prelude += [f"ENDPOINT_URL=https://ec2.{_region(meta)}.amazonaws.com"]
    return "\n".join([*notes, *prelude, *_cli_setup(setup), *curl]) + "\n"


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


USER_DATA_FILLER = "USER_DATA"  # the variable holding a withheld wire UserData's stand-in


def _withheld_wire_size(example: Counterexample) -> int | None:
    """The size of a UserData wire edit the report withheld (its value is a digest), else None."""
    for key, value in example.wire_edits:
        if value is not None and is_user_data_wire_key(key):
            try:
                digest = json.loads(value)
            except ValueError:
                return None
            return int(digest["size"]) if is_user_data_digest(digest) else None
    return None


def _wire_edits(example: Counterexample, filler: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """The wire edits with a withheld UserData replaced by `filler` (an expression of the same size in 'A's:
    valid base64, so size rules reproduce, content ones cannot), and comment lines saying so."""
    size = _withheld_wire_size(example)
    if size is None:
        return list(example.wire_edits), []
    edits = [(k, filler if is_user_data_wire_key(k) else v) for k, v in example.wire_edits]
    return edits, [f"# UserData withheld from the report: sent on the wire as {size} characters; here {size} 'A's",
                   "# stand in for them (run with --show-user-data to include it)"]


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


def _python_before(example: Counterexample, setup: Setup) -> list[str]:
    """The earlier calls of a stateful example (BEFORE_1 = the first launch, ...), made before the failing one."""
    lines = []
    for index, step in enumerate(example.before, 1):
        if step.call is Call.RUN:
            params, _ = _placeholder_params(setup.tokens(step.params))
            lines.append(f"BEFORE_{index} = client.run_instances(**{_code(_literal(params))})")
        else:
            launched = f"BEFORE_{int(step.params['of']) + 1}"
            lines.append(f'client.terminate_instances(InstanceIds=[i["InstanceId"] for i in {launched}["Instances"]])')
    return ["# The calls before it, on which its answer depends", *lines] if lines else []


def _cli_before(example: Counterexample, setup: Setup) -> list[str]:
    lines = []
    for index, step in enumerate(example.before, 1):
        if step.call is Call.RUN:
            params, _ = _placeholder_params(setup.tokens(step.params))
            lines.append(f"BEFORE_{index}=$($EC2 run-instances --cli-input-json {_shell_json(params)} "
                         '--query "Instances[].InstanceId" --output text)')
        else:
            launched = f"${{BEFORE_{int(step.params['of']) + 1}}}"
            lines.append(f"$EC2 terminate-instances --instance-ids {launched} > /dev/null")
    return lines


def boto3_snippet(example: Counterexample, meta: RunMeta) -> str:
    setup = world_setup(example, meta)
    params, notes = _placeholder_params(setup.params)
    setup_lines, before_lines = _python_setup(setup), _python_before(example, setup)
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
        *setup_lines,
        *before_lines,
        *_failing_call(setup_lines, before_lines),
        f"client.run_instances(**{_code(_literal(params))})",
    ]
    return "\n".join(lines) + "\n"


def query_snippet(example: Counterexample, meta: RunMeta) -> str:
    """Create the world the request names, serialize with botocore, apply the wire edits, sign with SigV4 and
    POST the form; prints the body, then `HTTP <status>` (as the curl form does)."""
    setup = world_setup(example, meta)
    params, notes = _placeholder_params(setup.params)
    setup_lines = _python_setup(setup)
    edits, withheld = _wire_edits(example, "${" + USER_DATA_FILLER + "}")
    size = _withheld_wire_size(example)
    session_args = ", ".join(a for a in (_dummy_keys(meta), "region_name=REGION") if a)
    endpoint = "ENDPOINT_URL or f\"https://ec2.{REGION}.amazonaws.com/\""
    lines = [
        "import urllib.error",
        "import urllib.request",
        "",
        "import boto3",
        "from botocore.auth import SigV4Auth",
        "from botocore.awsrequest import AWSRequest",
        "from botocore.config import Config",
        "from botocore.handlers import base64_encode_user_data",
        "from botocore.serialize import create_serializer",
        "",
        _endpoint_line(meta),
        f"REGION = {_region(meta)!r}",
        "FORM = \"application/x-www-form-urlencoded; charset=utf-8\"",
        *notes,
        f"session = boto3.Session({session_args})",
        "client = session.client(\"ec2\", endpoint_url=ENDPOINT_URL, config=Config(retries={\"max_attempts\": 1}))",
        *setup_lines,
        *_failing_call(setup_lines),
        f"params = {_code(_literal(params))}",
        *withheld,
        *([f"{USER_DATA_FILLER} = \"A\" * {size}"] if size is not None else []),
        f"wire_edits = {_code(_literal(_edits_in_setup(edits, setup)))}  # (Query key, value); None deletes the key",
        "",
        "operation = client.meta.service_model.operation_model(\"RunInstances\")",
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
        "print(response.read().decode())",
        "print(\"HTTP\", response.getcode())",
    ]
    return "\n".join(lines) + "\n"


def _edits_in_setup(edits: list[tuple[str, str | None]], setup: Setup) -> list[tuple[str, str | None]]:
    """Wire edits whose value is a world id (a subnet, a group) name the setup's variable instead."""
    return [(key, setup.tokens(value)) for key, value in edits]


def cli_command(example: Counterexample, meta: RunMeta) -> str | None:
    """`aws ec2 run-instances --cli-input-json '...'` (after the setup steps), or None for wire edits."""
    if example.wire_edits:
        return None
    setup = world_setup(example, meta)
    params, notes = _placeholder_params(setup.params)
    if setup.steps or example.before:
        lines = [*notes, *_shell_prelude(meta), *_cli_setup(setup), *_cli_before(example, setup),
                 f"$EC2 run-instances --cli-input-json {_shell_json(params)}"]
        return "\n".join(lines)
    words = ["aws", "ec2", "run-instances", "--cli-input-json", json.dumps(params, separators=(",", ":"))]
    words += ["--region", _region(meta)]
    prefix = ""
    if not _is_real_aws(meta):
        words += ["--endpoint-url", meta.endpoint_url or DEFAULT_ENDPOINT]
        prefix = "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing "
    command = prefix + " ".join(shlex.quote(word) for word in words)
    return "\n".join([*notes, command])
