"""conformance.cli: the `ec2-conformance` console command's help, usage errors and the pytest run it starts."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("command", [[], ["run"], ["report"], ["compare"], ["rules"], ["coverage"]])
def test_every_console_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import main

    assert main([*command, "--help"]) == 0
    assert "usage: ec2-conformance" in capsys.readouterr().out


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
