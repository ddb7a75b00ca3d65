"""`python -m reports render|compare|validate|alone`: user errors are one line on stderr and exit code 2; `alone`
exits 1 when a run holds a post-condition divergence its replay alone did not show (a possible false alarm)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reports.files import (
    DEFAULT_OUTPUT,
    ReportError,
    load_results,
    output_paths,
    write_comparison,
    write_report,
)
from reports.view import not_shown_alone

USER_ERROR = 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m reports", description="Render conformance results.")
    commands = main.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="results.json -> DIR/report.md and DIR/report.html")
    render.add_argument("results", type=Path)
    render.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="output directory")
    compare = commands.add_parser("compare", help="several results files -> DIR/compare.md and compare.html")
    compare.add_argument("results", type=Path, nargs="+")
    compare.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="output directory")
    check = commands.add_parser("validate", help="check results files against the schema")
    check.add_argument("results", type=Path, nargs="+")
    alone = commands.add_parser("alone", help="exit 1 if a post-condition divergence did not show when its request "
                                "was sent alone (a possible false alarm)")
    alone.add_argument("results", type=Path, nargs="+")
    return main


class NotShownAlone(Exception):
    """Post-condition divergences a replay alone did not show."""


def run(args: argparse.Namespace) -> str:
    """Do the command; return what to print."""
    paths = args.results if isinstance(args.results, list) else [args.results]
    runs = [load_results(path) for path in paths]
    if args.command == "render":
        return f"wrote {output_paths(write_report(runs[0], args.output))}"
    if args.command == "compare":
        return f"wrote {output_paths(write_comparison(runs, args.output))}"
    if args.command == "alone":
        doubtful = [f"{path}: {s.signature}" for path, run in zip(paths, runs, strict=True)
                    for s in not_shown_alone(run)]
        if doubtful:
            raise NotShownAlone("not shown when sent alone:\n" + "\n".join(doubtful))
        shown = sum(1 for run in runs for s in run.signatures if s.shown_alone)
        return f"every post-condition divergence showed again alone ({shown}): {output_paths(paths)}"
    return f"valid: {output_paths(paths)}"


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        message = run(args)
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return USER_ERROR
    except NotShownAlone as doubtful:
        print(doubtful, file=sys.stderr)
        return 1
    print(message)
    return 0
