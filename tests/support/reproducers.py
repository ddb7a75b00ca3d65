"""The tools the shell reproducers need, and their answers read back: the AWS CLI (installed on first use into a
virtual environment of its own, the way ministack and LocalStack are: awscli pins a botocore of its own, older
than the suite's) and a curl with `--aws-sigv4` (7.75+). A missing tool skips the tests that need it, or fails
them where CI sets `EC2_CONFORMANCE_REQUIRE_REPRODUCER_TOOLS=1`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conformance.targets.errors import TargetError
from conformance.targets.net import answers, free_port, request, wait_until
from conformance.targets.venv_server import ToolVenv, bin_path
from reports.reproducers import DEFAULT_ENDPOINT

REQUIRED = "EC2_CONFORMANCE_REQUIRE_REPRODUCER_TOOLS"
AWS_CLI = ToolVenv("awscli", ("awscli==1.46.3",))
CLI_ERROR = re.compile(r"An error occurred \(([^)]*)\) when calling the (\w+) operation")
XML_CODE = re.compile(r"<Code>([^<]+)</Code>")
HTTP_STATUS = re.compile(r"^HTTP (\d{3})$", re.MULTILINE)


@contextmanager
def fresh_moto_server() -> Iterator[str]:
    """`python -m moto.server` on 127.0.0.1 and a free port, as a program of its own (its URL); stopped by pid."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="moto-server-") as scratch:
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until(lambda: answers(f"{url}/moto-api/", timeout=1.0), timeout=30, what=f"moto server on {port}",
                       still_running=lambda: process.poll() is None)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)


def reset(url: str) -> None:
    """A fresh moto between reproducers: `/moto-api/reset` forgets every resource."""
    status, _ = request("POST", f"{url}/moto-api/reset", timeout=60)
    assert status == 200, status


def unavailable(reason: str) -> None:
    if os.environ.get(REQUIRED):
        pytest.fail(f"{reason} ({REQUIRED} is set)")
    pytest.skip(f"{reason} (CI sets {REQUIRED})")


def aws_cli() -> Path:
    """The directory holding `aws`, installed on first use (a skip when it cannot be)."""
    try:
        AWS_CLI.install()
    except TargetError as exc:
        unavailable(f"the AWS CLI could not be installed: {exc}")
    return bin_path(AWS_CLI.venv, "aws").parent


_MODEL_PATHS = """
import json
try:  # awscli 1.46 carries a botocore of its own
    from awscli.botocore import loaders, model as models
except ImportError:
    from botocore import loaders, model as models
model = models.ServiceModel(loaders.create_loader().load_service_model("ec2", "service-2"))
def walk(shape, path, seen):
    if shape.type_name == "structure":
        if shape.name in seen:
            return
        for name, member in shape.members.items():
            yield from walk(member, f"{path}.{name}" if path else name, seen | {shape.name})
    elif shape.type_name == "list":
        yield from walk(shape.member, path + "[]", seen)
    else:
        yield path
print(json.dumps(sorted(walk(model.operation_model("RunInstances").input_shape, "", frozenset()))))
"""


def cli_model_paths() -> frozenset[str]:
    """The RunInstances member paths the AWS CLI's own botocore knows (it refuses any other client-side)."""
    done = subprocess.run([str(AWS_CLI.python), "-c", _MODEL_PATHS], capture_output=True, text=True, check=True)
    return frozenset(json.loads(done.stdout))


def curl_with_sigv4() -> None:
    """Skip (or fail) unless this machine's curl signs requests with `--aws-sigv4`."""
    curl = shutil.which("curl")
    if curl is None:
        unavailable("curl not found")
        return
    help_text = subprocess.run([curl, "--help", "all"], capture_output=True, text=True, check=False).stdout
    if "--aws-sigv4" not in help_text:
        unavailable(f"{curl} has no --aws-sigv4 (curl 7.75 or later has)")


def run_script(script: str, endpoint: str, tools: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a shell reproducer as a user would paste it, against `endpoint`, stopping at the first failed step.
    No retries (one request, one answer) and no configuration of the user's (nothing real is reachable)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(PATH=os.pathsep.join([str(tools), env.get("PATH", "")]), AWS_MAX_ATTEMPTS="1",
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true")
    return subprocess.run(["bash", "-e", "-c", script.replace(DEFAULT_ENDPOINT, endpoint)], env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def cli_answer(done: subprocess.CompletedProcess[str]) -> str:
    """What an `aws ec2` reproducer got: `success`, the error code, `crash` (HTTP 5xx), `rejected` (the CLI's
    own parameter validation), or `setup failed: ...` when a step before RunInstances failed."""
    if done.returncode == 0:
        return "success"
    error = CLI_ERROR.search(done.stderr)
    if error is None:
        if "invalid XML received" in done.stderr:  # a 5xx with a non-XML body: botocore cannot parse it
            return "crash"
        return "rejected" if "Parameter validation failed" in done.stderr else f"no answer: {done.stderr[-300:]}"
    code, operation = error.groups()
    if operation != "RunInstances":
        return f"setup failed: {operation} {code}"
    return "crash" if code.isdigit() and int(code) >= 500 else code


def curl_answer(done: subprocess.CompletedProcess[str]) -> str:
    """What a curl reproducer got: `success` (HTTP 200), `crash` (5xx), or the error code of its XML body."""
    if done.returncode != 0:
        return f"setup failed: {done.stderr[-300:]}"
    statuses = HTTP_STATUS.findall(done.stdout)
    if not statuses:
        return f"no answer: {done.stdout[-300:]}"
    status = int(statuses[-1])
    if status >= 500:
        return "crash"
    if status == 200:
        return "success"
    code = XML_CODE.search(done.stdout)
    return code.group(1) if code else "crash"  # a non-XML error body is a crash, as the suite judges it
