"""conformance.cli: the `ec2-conformance` console command's help, usage errors and the pytest run it starts."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = ("run", "report", "compare", "rules", "coverage", "drift", "calibrate", "merge")


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_every_console_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import main

    assert main([*command, "--help"]) == 0
    assert "usage: ec2-conformance" in capsys.readouterr().out


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import main

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(command in out for command in COMMANDS), out


def test_a_console_usage_error_is_one_line_and_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import USAGE, main

    assert main(["run", "--target", "nimbus"]) == USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nimbus" in err and "--help" in err, err


def test_console_run_passes_its_options_to_the_packaged_suite() -> None:
    from conformance.cli import parser, pytest_arguments

    args = parser().parse_args(["run", "--target", "endpoint", "--endpoint-url", "http://127.0.0.1:4566",
                                "--profile", "dev", "-n", "2", "-k", "valid"])
    words = pytest_arguments(args)
    assert words[:2] == ["--pyargs", "conformance.suite"]
    assert {"--target=endpoint", "--endpoint-url=http://127.0.0.1:4566", "--hypothesis-profile=dev"} <= set(words)
    assert words[words.index("-n") + 1] == "2" and words[words.index("-k") + 1] == "valid"


def test_console_run_passes_its_shard_and_refuses_a_bad_one_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import USAGE, main, parser, pytest_arguments

    assert "--shard=2/3" in pytest_arguments(parser().parse_args(["run", "--shard", "2/3"]))
    for bad in ("0/3", "4/3", "x/y"):
        assert main(["run", "--shard", bad]) == USAGE
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and bad in err and "i/n" in err, err


def test_console_run_passes_only_the_options_given() -> None:
    from conformance.cli import parser, pytest_arguments, pytest_command

    args = parser().parse_args(["run", "--seed", "7", "--update-baseline", "--baseline", "b.json", "--", "-x"])
    words = pytest_arguments(args)
    assert "--target=moto" in words and "--hypothesis-profile=ci" in words and "--conformance-progress=auto" in words
    assert {"--hypothesis-seed=7", "--update-baseline", "--baseline=b.json"} <= set(words)
    assert words[-1] == "-x"  # what follows -- goes to pytest as it is
    assert not any(w.startswith(("--endpoint-url", "--region")) for w in words) and "-n" not in words
    assert "-k" not in words and not any(w.startswith("--shard") for w in words)
    assert pytest_command(args)[:4] == [sys.executable, "-P", "-m", "pytest"]  # the working directory off sys.path


@pytest.mark.parametrize(("pytest_exit", "ours"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 3), (137, 3)])
def test_console_run_exit_codes_follow_pytests(monkeypatch: pytest.MonkeyPatch, pytest_exit: int, ours: int) -> None:
    from conformance.cli import main

    ran: list[list[str]] = []

    def run(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        ran.append(command)
        return subprocess.CompletedProcess(command, pytest_exit)

    monkeypatch.setattr(subprocess, "run", run)
    assert main(["run", "-k", "valid"]) == ours
    assert len(ran) == 1 and ran[0][ran[0].index("-k") + 1] == "valid"


@pytest.mark.parametrize(("args", "needle"), [
    (["--targets", "endpoint"], "unsuitable target(s) endpoint"),
    (["--targets", "moto,nonsense"], "unsuitable target(s) nonsense"),
    (["--targets", " , "], "(none)"),
    (["--pin", "moto"], "--pin 'moto' is not a requirement"),
    (["--pin", "moto=="], "--pin 'moto==' is not a requirement"),
])
def test_a_bad_drift_target_or_pin_is_one_line_and_exit_3(
        capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> None:
    from conformance.cli import USAGE, main

    assert main(["drift", *args]) == USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err, err
