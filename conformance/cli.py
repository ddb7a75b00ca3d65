"""`ec2-conformance`: the conformance suite without learning its pytest options.

Commands: run (the packaged suite through pytest), report (results.json -> report.md/html), compare (several
results side by side), rules (the rule catalogue), coverage (member coverage of valid examples), drift (what the
newest allowed versions would change, against the committed baselines), calibrate (the oracle judged against
recorded real EC2 answers; exit 2 on a recording it cannot read), merge (the shards of one run, `run --shard i/n`,
as one results.json and report, exiting as the whole run would).

Exit codes of `run`: 0 the target conforms to its baseline; 1 a new divergence, or a baseline entry that no
longer shows (fixed) or shows with another code or crash class (changed): rewrite the baseline with
--update-baseline; 2 the target stopped answering or could not start; 3 a usage error (bad option, unknown target
or profile, unreadable baseline, a target configured wrongly).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from conformance.activation import DEFAULT_REPORT_DIR, DEFAULT_TARGET, SUITE_PACKAGE
from conformance.targets import TARGETS

CONFORMS, DIVERGES, TARGET_STOPPED, USAGE = 0, 1, 2, 3
# pytest's exit codes -> ours: 1 tests failed, 2 interrupted (the target stopped), 3 the plugin's own exit for
# a target that cannot be used as configured, 4 usage error, 5 no tests collected (a -k that matched nothing).
_FROM_PYTEST = {0: CONFORMS, 1: DIVERGES, 2: TARGET_STOPPED, 3: USAGE, 4: USAGE, 5: USAGE}
EPILOG = ("exit codes: 0 conforms to the baseline, 1 new divergence or fixed or changed baseline entry, "
          "2 target stopped or could not start, 3 usage error")
DRIFT_EPILOG = ("exit codes: 0 nothing drifted, 1 drift (a member path without a builder, rule or read-back, or a "
                "signature that appears, disappears or changes), 2 could not install or a run did not finish, "
                "3 usage error")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the problem and where help is (exit 3)."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(USAGE)


def _targets_help() -> str:
    return "; ".join(f"{spec.name}: {spec.summary}" for spec in TARGETS.values())


def _run_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    run = commands.add_parser("run", help="run the conformance suite against a target", epilog=EPILOG,
                              description="Run the packaged suite (pytest --pyargs conformance.suite).")
    run.add_argument("--target", default=DEFAULT_TARGET, choices=list(TARGETS), metavar="NAME",
                     help=f"the target ({_targets_help()}); default {DEFAULT_TARGET}")
    run.add_argument("--endpoint-url", help="EC2 endpoint for --target=endpoint (default $AWS_ENDPOINT_URL_EC2)")
    run.add_argument("--region", help="region (default $AWS_REGION, $AWS_DEFAULT_REGION or the target's own)")
    run.add_argument("--baseline", help="baseline file of known divergences (default: the packaged one)")
    run.add_argument("--update-baseline", action="store_true", help="rewrite the baseline from this run")
    run.add_argument("--profile", default="ci", help="Hypothesis profile: ci (default), dev, thorough")
    run.add_argument("--seed", help="Hypothesis seed")
    run.add_argument("--report-dir", default=DEFAULT_REPORT_DIR, help=f"output directory ({DEFAULT_REPORT_DIR})")
    run.add_argument("-n", "--workers", default="0",
                     help="xdist workers: each starts its own target, except with --target=endpoint, where they "
                     "share the one server")
    run.add_argument("--progress", default="auto", choices=("auto", "line", "plain", "off"),
                     help="progress: one updating line on a terminal, plain lines in CI logs")
    run.add_argument("-k", dest="select", help="only tests matching this pytest -k expression")
    run.add_argument("--example-db", metavar="SPEC", help="share Hypothesis's example database: a directory, "
                     "github:OWNER/REPO[@ARTIFACT] (read only) or redis://HOST:PORT (with --profile thorough or dev)")
    run.add_argument("--record-answers", metavar="FILE", help="append every answer as one JSON line in the "
                     "evidence's schema (no credentials, account ids or UserData content): "
                     "`ec2-conformance calibrate FILE` reads it")
    run.add_argument("--shard", type=_shard, metavar="I/N", help="run shard I of N: a deterministic share of the "
                     "tests, balanced by their measured durations; then `ec2-conformance merge` the shards")
    run.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")


def _shard(text: str) -> str:
    """An `i/n` shard, checked here so a bad one is one line before pytest starts."""
    from conformance.shard import Shard, ShardError

    try:
        return str(Shard.parse(text))
    except ShardError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--shard=")) from None


def _merge_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    merge = commands.add_parser(
        "merge", help="the shards of one run (run --shard i/n) -> one results.json, report.md and report.html",
        description="Merge every shard's results.json into one run, held against the baseline once: a baseline "
        "signature is fixed only on the shards' summed chances.",
        epilog="exit codes: as run: 0 conforms to the baseline, 1 new divergence or fixed or changed baseline entry, "
        "2 a shard stopped early, 3 usage error (unreadable results, shards of different runs, a missing shard)")
    merge.add_argument("results", nargs="+", metavar="RESULTS", help="every shard's results.json")
    merge.add_argument("-o", "--output", default=DEFAULT_REPORT_DIR, help=f"output directory ({DEFAULT_REPORT_DIR})")
    merge.add_argument("--baseline", help="the baseline file the shards ran with (default: the packaged one)")


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="ec2-conformance", description=__doc__.split("\n\n")[0], epilog=EPILOG)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    _run_parser(commands)
    report = commands.add_parser("report", help="results.json -> report.md and report.html")
    report.add_argument("results")
    report.add_argument("-o", "--output", default=DEFAULT_REPORT_DIR, help="output directory")
    compare = commands.add_parser("compare", help="several results.json side by side -> compare.md/html")
    compare.add_argument("results", nargs="+")
    compare.add_argument("-o", "--output", default="reports/output", help="output directory")
    rules = commands.add_parser("rules", help="the rule catalogue")
    rules.add_argument("--family", help="only the rules of this member family")
    coverage = commands.add_parser("coverage", help="how often each member appears in valid examples, and which "
                                   "mutations touch it")
    coverage.add_argument("--examples", type=int, default=1000, help="valid examples to draw (default 1000)")
    _drift_parser(commands)
    _merge_parser(commands)
    calibrate = commands.add_parser(
        "calibrate", help="judge the oracle against recorded real EC2 RunInstances answers",
        description="One line per recorded answer: agree, disagree (with the change that would fix the rule), "
        "undetermined, or cannot express (with the fact the World lacks); then the counts.",
        epilog="exit codes: 0 judged, 2 a recording that cannot be read, 3 usage error")
    calibrate.add_argument("files", nargs="*", metavar="FILE", help="recordings in the schema of "
                           "conformance/evidence (default: the project's own RunInstances observations)")
    calibrate.add_argument("-v", "--verbose", action="store_true", help="show each request's id mapping onto the "
                           "World and the oracle's expectation")
    calibrate.add_argument("--json", metavar="PATH", help="also write the results as JSON lines to PATH ('-': "
                           "stdout, instead of the text)")
    calibrate.add_argument("--held-out", action="store_true", help="judge only the held-out fifth of the project's "
                           "evidence (conformance/evidence/held_out.json): answers no rule was written from")
    return top


def _drift_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    from conformance.drift import DEFAULT_TARGETS
    from conformance.drift import __doc__ as about

    drift = commands.add_parser(
        "drift", help="what the newest allowed versions would change (member gaps, signatures against the baselines)",
        description=about.split("\n\nExit codes")[0], epilog=DRIFT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    drift.add_argument("--targets", default=",".join(DEFAULT_TARGETS),
                       help=f"comma-separated targets to run there (default {','.join(DEFAULT_TARGETS)})")
    drift.add_argument("--pin", action="append", default=[], metavar="REQUIREMENT",
                       help="install this version instead of the newest (e.g. moto==5.2.5); repeatable")
    drift.add_argument("--venv", help="keep the drift environment in this directory (default: a temporary one)")
    drift.add_argument("--report-dir", default="reports/output/drift", help="where drift.json, drift.txt and each "
                       "target's results go (default reports/output/drift)")
    drift.add_argument("--profile", default="ci", help="Hypothesis profile of the runs (default ci)")
    drift.add_argument("-k", dest="select", help="only tests matching this pytest -k expression")


def pytest_arguments(args: argparse.Namespace) -> list[str]:
    """The pytest command line of `run`."""
    words = ["--pyargs", SUITE_PACKAGE, "-q", "-p", "no:cacheprovider", f"--target={args.target}",
             f"--hypothesis-profile={args.profile}", f"--conformance-report={args.report_dir}",
             f"--conformance-progress={args.progress}"]
    for option, value in (("--endpoint-url", args.endpoint_url), ("--region", args.region),
                          ("--baseline", args.baseline), ("--hypothesis-seed", args.seed), ("--shard", args.shard),
                          ("--record-answers", args.record_answers), ("--example-db", args.example_db),
                          ("-k", args.select)):
        if value:
            words.append(f"{option}={value}" if option.startswith("--") else option)
            if not option.startswith("--"):
                words.append(value)
    if args.update_baseline:
        words.append("--update-baseline")
    if args.workers not in ("0", ""):
        words += ["-n", str(args.workers)]
    return words + list(args.pytest_args)


def pytest_command(args: argparse.Namespace) -> list[str]:
    """`python -P -m pytest ...`: -P keeps the working directory off sys.path, so a user's own `reports/`,
    `strategies/` or `conformance/` package there never shadows the suite's (the plugin binds the suite's
    packages before any conftest.py of the user's puts its folder first)."""
    return [sys.executable, "-P", "-m", "pytest", *pytest_arguments(args)]


def _run(args: argparse.Namespace) -> int:
    """pytest in a process of its own: the suite's modules must be first imported by pytest (its assertion
    rewriting), never by this command."""
    import subprocess

    done = subprocess.run(pytest_command(args), check=False)
    return _FROM_PYTEST.get(done.returncode, USAGE)


def _report(args: argparse.Namespace) -> int:
    from reports.cli import main

    return main(["render", args.results, "-o", args.output])


def _compare(args: argparse.Namespace) -> int:
    from reports.cli import main

    return main(["compare", *args.results, "-o", args.output])


def _rules(args: argparse.Namespace) -> int:
    from conformance.rules.__main__ import main

    return main(["--family", args.family] if args.family else [])


def _coverage(args: argparse.Namespace) -> int:
    from strategies.coverage import main

    return main(["--examples", str(args.examples)])


def _drift(args: argparse.Namespace) -> int:
    from pathlib import Path

    from conformance.drift import run

    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in targets if t not in TARGETS or t in ("endpoint", "aws")]
    if not targets or unknown:
        print(f"ec2-conformance drift: unknown or unsuitable target(s) {', '.join(unknown) or '(none)'}: use "
              "moto, moto-strict, moto-server, ministack or localstack", file=sys.stderr)
        return USAGE
    invalid = [p for p in args.pin if not _is_requirement(p)]
    if invalid:
        print(f"ec2-conformance drift: --pin {invalid[0]!r} is not a requirement such as moto==5.2.5", file=sys.stderr)
        return USAGE
    return run(targets, args.pin, Path(args.report_dir), venv=Path(args.venv) if args.venv else None,
               profile=args.profile, select=args.select)


def _merge(args: argparse.Namespace) -> int:
    from pathlib import Path

    from conformance.merge import run

    return run([Path(p) for p in args.results], Path(args.output), Path(args.baseline) if args.baseline else None)


def _calibrate(args: argparse.Namespace) -> int:
    from conformance.calibrate import run
    from conformance.recorded import BadInput

    try:
        run(args.files, verbose=args.verbose, json_path=args.json, held_out=args.held_out)
    except (BadInput, OSError) as exc:  # a recording that cannot be read, a --json path that cannot be written
        print(f"ec2-conformance calibrate: {exc}", file=sys.stderr)
        return TARGET_STOPPED  # 2: bad input
    return CONFORMS


def _is_requirement(text: str) -> bool:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return bool(Requirement(text).specifier)
    except InvalidRequirement:
        return False


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": _run, "report": _report, "compare": _compare, "rules": _rules, "coverage": _coverage, "drift": _drift,
    "calibrate": _calibrate, "merge": _merge,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help exits 0, a usage error 2 (ours is 3)
        return CONFORMS if exc.code in (0, None) else USAGE
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
