"""How often each member path appears in valid examples, and which rules' mutations touched it.

    python -m strategies.coverage --examples 1000

Valid examples use `settled_only=False` (every member may appear) on `example_world()`; each example
also draws one mutation from `strategies.mutations.MUTATIONS`. The last line reads
`member paths covered: X/Y`, with Y the installed model's leaf paths.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from hypothesis import strategies as st

from strategies.model import leaf_paths, paths_in
from strategies.mutations import MutationSpec, select
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import World, example_world

_SUMMARY = "How often each member path appears in valid examples, and which rules' mutations touched it."
_INDEX = re.compile(r"\[\d+\]")


def normalise(path: str) -> str:
    """`A[0].B[12].C` -> `A[].B[].C` (mutations may name concrete indexes)."""
    return _INDEX.sub("[]", path)


@dataclass
class Coverage:
    examples: int = 0
    appearances: Counter[str] = field(default_factory=Counter)
    mutated_by: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mutation_errors: Counter[str] = field(default_factory=Counter)

    def covered(self) -> set[str]:
        leaves = set(leaf_paths())
        return {p for p in leaves if self.appearances[p] or self.mutated_by.get(p)}


def measure(world: World, examples: int) -> Coverage:
    coverage = Coverage()
    valid = valid_requests(world, settled_only=False, dry_run=None)
    specs = select(world)

    def body(data: st.DataObject) -> None:
        case = data.draw(valid)
        coverage.examples += 1
        coverage.appearances.update(set(paths_in(dict(case.params))))
        if specs:
            _mutate(data, specs, dict(case.api_params()), world, coverage)

    run_draws(examples, body)
    return coverage


def _mutate(
    data: st.DataObject,
    specs: Sequence[MutationSpec],
    params: dict[str, Any],
    world: World,
    into: Coverage,
) -> None:
    spec = data.draw(st.sampled_from(specs))
    try:
        mutated = spec.build(cast(st.DrawFn, data.draw), params, world)
    except Exception as error:  # another family's bug must not hide the coverage figures
        into.mutation_errors[f"{spec.name}: {type(error).__name__}"] += 1
        return
    path = normalise(mutated.mutation.path if mutated.mutation is not None else spec.path)
    for leaf in leaves_under(path):
        into.mutated_by[leaf].add(spec.rule_id)


def leaves_under(path: str) -> tuple[str, ...]:
    """The leaf paths a mutation at `path` touches (itself if a leaf, else every leaf beneath it)."""
    leaves = leaf_paths()
    if path in leaves:
        return (path,)
    inside = tuple(leaf for leaf in leaves if leaf.startswith((f"{path}.", f"{path}[")))
    return inside or (path,)


def report(coverage: Coverage) -> list[str]:
    leaves = leaf_paths()
    width = max(len(p) for p in leaves)
    lines = [f"{'member path':<{width}}  {'valid':>6}  mutated by rules"]
    for path in leaves:
        rules = ", ".join(sorted(coverage.mutated_by.get(path, ()))) or "-"
        lines.append(f"{path:<{width}}  {coverage.appearances[path]:>6}  {rules}")
    outside = sorted(set(coverage.mutated_by) - set(leaves))
    if outside:
        lines.append(f"mutation paths outside the model's leaves: {', '.join(outside)}")
    for name, count in sorted(coverage.mutation_errors.items()):
        lines.append(f"mutation build error ({count}x): {name}")
    lines.append(f"member paths covered: {len(coverage.covered())}/{len(leaves)}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m strategies.coverage", description=_SUMMARY)
    parser.add_argument("--examples", type=int, default=1000, help="valid examples to draw (default 1000)")
    args = parser.parse_args(argv)
    if args.examples < 1:
        parser.error("--examples must be at least 1")
    print("\n".join(report(measure(example_world(), args.examples))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
