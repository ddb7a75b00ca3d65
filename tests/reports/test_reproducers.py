"""Published reproducers run on a FRESH moto server (not the suite's world) and reproduce the observed answer:
every boto3 one of a run, and a sample of each other form: `aws ec2` CLI (non-wire cases), `curl --aws-sigv4`
and the raw signed Query in Python (wire-level cases). And the forms themselves, on a built report: boto3 code
that compiles, a signed Query snippet for wire edits, a well-formed CLI command, no keys or endpoint for real AWS."""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from conformance.outcome import OutcomeKind
from reports.reproducers import (
    DEFAULT_ENDPOINT,
    boto3_snippet,
    cli_command,
    curl_command,
    query_snippet,
    reproducers,
)
from reports.results import Counterexample, Results, RunMeta, SignatureResult
from strategies.model import paths_in
from tests.support import REPO
from tests.support.reproducers import (
    aws_cli,
    cli_answer,
    cli_model_paths,
    curl_answer,
    curl_with_sigv4,
    fresh_moto_server,
    reset,
    run_script,
)
from tests.support.shared_run import once

SHELL_SAMPLE = 6  # per shell form: each AWS CLI call costs about a second (measured: all 54 of one run reproduce)


def _conformance_run(out: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "conformance", "-q", "-n", "0",
         "-k", "(test_mutation_is_refused and (net or nic or tag or lt or key or count or group)) "
               "or test_wire_level_mistake_is_refused or test_idempotency_and_lifecycle",
         f"--conformance-report={out}", f"--baseline={out / 'none.json'}", "--update-baseline"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Results:
    """A small conformance run against moto in-process, whose world the fresh server never saw: one per test run,
    shared by the xdist workers this module's tests land on (tests/support/shared_run.py)."""
    out = once(tmp_path_factory, "reproducer-run", _conformance_run)
    return Results.from_json(json.loads((out / "results.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with fresh_moto_server() as url:
        yield url


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
    observed = example.observed
    return observed.code or "error" if observed.kind is OutcomeKind.ERROR else observed.kind.value


def _examples(run: Results, wire: bool) -> list[SignatureResult]:
    return [s for s in run.signatures if s.counterexample is not None and bool(s.counterexample.wire_edits) == wire]


def _sample(entries: list[SignatureResult], size: int, also: list[SignatureResult]) -> list[SignatureResult]:
    """Every n-th entry, plus `also` (those that need a world setup), without repeats."""
    step = max(1, len(entries) // size)
    picked = entries[::step][:size] + also
    return list({str(e.signature): e for e in picked}.values())


def _replay(sample: list[SignatureResult], server: str, answer: Callable[[Counterexample], str]) -> dict[str, tuple[
        str, str]]:
    """(observed, reproduced) per signature, each reproducer on a freshly reset server; prints the tally."""
    results = {}
    for entry in sample:
        assert entry.counterexample is not None
        reset(server)
        results[str(entry.signature)] = (_observed(entry.counterexample), answer(entry.counterexample))
    print(f"reproduced {len(results) - len(_missed(results))} of {len(results)}; missed: {_missed(results)}")
    return results


def _missed(results: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    return {sig: got for sig, got in results.items() if got[0] != got[1]}


def test_every_boto3_reproducer_reproduces_on_a_fresh_moto_server(run: Results, server: str) -> None:
    examples = _examples(run, wire=False)
    named_world = [s for s in examples if "subnet-" in json.dumps(s.counterexample.params)  # type: ignore[union-attr]
                   or "sg-" in json.dumps(s.counterexample.params)]  # type: ignore[union-attr]
    assert named_world, "the sample must include requests that name the suite's world"
    # every boto3 reproducer of the run (fast: in this process), not a sample: one that misses fails the test
    results = _replay(examples, server, lambda example: _answer(boto3_snippet(example, run.meta), server))
    assert not _missed(results)
    assert all("subnet-" not in boto3_snippet(s.counterexample, run.meta).split("# The failing call")[-1]  # type: ignore[arg-type]
               for s in named_world  # the member a mutation broke is left as sent (an unknown subnet stays unknown)
               if "SubnetId" not in str((s.counterexample.mutation or {}).get("path", "")))  # type: ignore[union-attr]


def test_sampled_cli_reproducers_reproduce_on_a_fresh_moto_server(run: Results, server: str) -> None:
    """A sample of the requests the CLI can carry: its botocore may predate members the suite's knows (awscli
    1.46.3 refuses MultiAvailabilityZoneConfiguration client-side, as a user's older CLI would)."""
    tools = aws_cli()
    known = cli_model_paths()
    examples = [s for s in _examples(run, wire=False)
                if set(paths_in(dict(s.counterexample.params))) <= known]  # type: ignore[union-attr]
    assert len(examples) >= SHELL_SAMPLE, f"only {len(examples)} examples the CLI can carry"
    with_setup = [s for s in examples if "create-" in (cli_command(s.counterexample, run.meta) or "")]  # type: ignore[arg-type]
    assert with_setup, "the sample must include reproducers that create the world they name"
    sample = _sample(examples, SHELL_SAMPLE - 3, with_setup[:3])

    def answer(example: Counterexample) -> str:
        command = cli_command(example, run.meta)
        assert command is not None
        return cli_answer(run_script(command, server, tools))

    assert not _missed(_replay(sample, server, answer))


def test_sampled_curl_reproducers_reproduce_on_a_fresh_moto_server(run: Results, server: str) -> None:
    curl_with_sigv4()
    tools = aws_cli()  # the world setup before the curl call uses the AWS CLI
    examples = _examples(run, wire=True)
    assert {_observed(e.counterexample) for e in examples} >= {"success", "crash"}  # type: ignore[arg-type]
    with_setup = [s for s in examples if "create-" in curl_command(s.counterexample, run.meta)]  # type: ignore[arg-type]
    assert with_setup, "the sample must include reproducers that create the world they name"
    sample = _sample(examples, SHELL_SAMPLE - 2, with_setup[:2])
    results = _replay(sample, server, lambda example: curl_answer(run_script(curl_command(example, run.meta),
                                                                              server, tools)))
    assert not _missed(results)


def test_sampled_python_query_reproducers_reproduce_on_a_fresh_moto_server(run: Results, server: str) -> None:
    """The raw signed Query form in Python (for users without curl 7.75+) creates its world as the curl form does."""
    examples = _examples(run, wire=True)
    with_setup = [s for s in examples if "client.create_" in query_snippet(s.counterexample, run.meta)]  # type: ignore[arg-type]
    assert with_setup, "the sample must include reproducers that create the world they name"

    def answer(example: Counterexample) -> str:
        script = query_snippet(example, run.meta).replace(DEFAULT_ENDPOINT, server)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                              check=False, env={"PATH": os.environ.get("PATH", ""), "AWS_CONFIG_FILE": os.devnull,
                                                "AWS_SHARED_CREDENTIALS_FILE": os.devnull})
        return curl_answer(done)

    assert not _missed(_replay(_sample(examples, SHELL_SAMPLE - 2, with_setup[:2]), server, answer))


def test_a_stateful_reproducer_makes_the_calls_its_answer_depends_on_first(run: Results, server: str) -> None:
    """R-NET-20 (an address a running instance holds) crashes moto only after the launch that holds it."""
    held = next(s for s in run.signatures if str(s.signature).startswith("R-NET-20 |"))
    assert held.counterexample is not None and held.counterexample.before
    python = boto3_snippet(held.counterexample, run.meta)
    assert python.index("BEFORE_1 = client.run_instances(") < python.index("# The failing call")
    alone = dataclasses.replace(held.counterexample, before=())
    reset(server)
    assert (_answer(python, server), _answer(boto3_snippet(alone, run.meta), server)) == ("crash", "success")


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


# the forms, on the built example report ------------------------------------------------------------------


def test_boto3_reproducers_are_valid_python(results: Results) -> None:
    for rule in results.divergences():
        assert rule.counterexample is not None
        for reproducer in reproducers(rule.counterexample, results.meta):
            if reproducer.language == "python":
                compile(reproducer.code, rule.id, "exec")
    example = results.rule("R-COUNT-3").counterexample
    assert example is not None
    snippet = boto3_snippet(example, results.meta)
    assert 'boto3.client(\n    "ec2", endpoint_url=ENDPOINT_URL' in snippet
    assert "client.run_instances(**{'ImageId': 'ami-12345678', 'InstanceType': 't2.micro', " in snippet


def test_wire_edited_cases_get_a_signed_query_snippet(results: Results) -> None:
    example = results.rule("R-COUNT-10").counterexample
    assert example is not None
    snippet = query_snippet(example, results.meta)
    compile(snippet, "query", "exec")
    assert "wire_edits = [('MaxCount', 'one'), ('MinCount', None)]" in snippet
    assert "SigV4Auth(" in snippet
    assert cli_command(example, results.meta) is None


def test_cli_command_is_well_formed(results: Results) -> None:
    example = results.rule("R-TAG-6").counterexample
    assert example is not None
    command = cli_command(example, results.meta)
    assert command is not None
    words = shlex.split(command.splitlines()[-1])
    assert words[2:5] == ["aws", "ec2", "run-instances"]
    payload = json.loads(words[words.index("--cli-input-json") + 1])
    assert payload["TagSpecifications"][0]["Tags"][0]["Key"] == "aws:owner"
    assert payload["UserData"] == "<withheld UserData>"
    assert words[words.index("--endpoint-url") + 1] == "http://127.0.0.1:5000"


def test_real_aws_reproducers_carry_no_keys_and_no_endpoint(results: Results) -> None:
    meta = RunMeta(target_name="aws", region="eu-west-1")
    example = results.rule("R-COUNT-3").counterexample
    assert example is not None
    snippet = boto3_snippet(example, meta)
    command = cli_command(example, meta)
    assert command is not None
    assert "aws_access_key_id" not in snippet and "ENDPOINT_URL = None" in snippet
    assert "--endpoint-url" not in command and "AWS_ACCESS_KEY_ID" not in command
    assert shlex.split(command)[-2:] == ["--region", "eu-west-1"]

