"""Published reproducers run on a FRESH moto server (not the suite's world) and reproduce the observed answer."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from faults_support import moto_server

from reports.reproducers import DEFAULT_ENDPOINT, boto3_snippet, cli_command, curl_command
from reports.results import Counterexample, Results

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = 16
MUST_REPRODUCE = 0.9  # measured: see the report; the misses are resource kinds the setup does not create yet


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Results:
    """A small conformance run against moto in-process, whose world the fresh server never saw."""
    out = tmp_path_factory.mktemp("run")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "conformance", "-q", "-n", "0",
         "-k", "test_mutation_is_refused and (net or nic or tag or lt or key or count)",
         f"--conformance-report={out}", f"--baseline={out / 'none.json'}", "--update-baseline"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return Results.from_json(json.loads((out / "results.json").read_text(encoding="utf-8")))


def _answer(code: str, endpoint: str) -> str:
    """Run a boto3 reproducer: the error code it got, `success`, or `crash`."""
    try:
        exec(compile(code.replace(DEFAULT_ENDPOINT, endpoint), "reproducer", "exec"), {})
    except ClientError as error:
        if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500:
            return "crash"
        return str(error.response["Error"]["Code"])
    except Exception:  # a crash surfaces as a botocore parse error or a raw exception
        return "crash"
    return "success"


def _observed(example: Counterexample) -> str:
    return example.observed.code or "error" if example.observed.kind == "error" else example.observed.kind


def test_sampled_reproducers_reproduce_on_a_fresh_moto_server(run: Results) -> None:
    examples = [s for s in run.signatures if s.counterexample is not None and not s.counterexample.wire_edits]
    named_world = [s for s in examples if "subnet-" in json.dumps(s.counterexample.params)  # type: ignore[union-attr]
                   or "sg-" in json.dumps(s.counterexample.params)]  # type: ignore[union-attr]
    assert named_world, "the sample must include requests that name the suite's world"
    step = max(1, len(examples) // SAMPLE)
    sample = examples[::step][:SAMPLE] + named_world[:4]
    results = {}
    with moto_server() as hostport:
        endpoint = f"http://{hostport}"
        for signature in sample:
            example = signature.counterexample
            assert example is not None
            urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
            results[str(signature.signature)] = (_observed(example), _answer(boto3_snippet(example, run.meta),
                                                                              endpoint))
    missed = {sig: got for sig, got in results.items() if got[0] != got[1]}
    reproduced = len(results) - len(missed)
    print(f"reproduced {reproduced} of {len(results)}; missed: {missed}")
    assert reproduced >= MUST_REPRODUCE * len(results), missed
    assert all("subnet-" not in boto3_snippet(s.counterexample, run.meta).split("# The failing call")[-1]  # type: ignore[arg-type]
               for s in named_world  # the member a mutation broke is left as sent (an unknown subnet stays unknown)
               if "SubnetId" not in str((s.counterexample.mutation or {}).get("path", "")))  # type: ignore[union-attr]


def test_every_form_creates_the_world_it_names(run: Results) -> None:
    example = next(s.counterexample for s in run.signatures if s.counterexample is not None
                   and "SubnetId" in s.counterexample.params and not s.counterexample.wire_edits
                   and "create_subnet(VpcId=VPC" in boto3_snippet(s.counterexample, run.meta))
    assert example is not None
    python = boto3_snippet(example, run.meta)
    assert "client.create_subnet(VpcId=VPC" in python and "'SubnetId': SUBNET_1" in python
    compile(python, "boto3", "exec")
    cli = cli_command(example, run.meta)
    assert cli is not None and 'SUBNET_1=$($EC2 create-subnet' in cli and '\\"SubnetId\\":\\"${SUBNET_1}\\"' in cli
    curl = curl_command(example, run.meta)
    assert '--aws-sigv4 "aws:amz:' in curl and 'SubnetId=${SUBNET_1}"' in curl
