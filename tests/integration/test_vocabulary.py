"""One vocabulary past the verdict: enums, never their strings compared, and no judging outside the verdict."""

from __future__ import annotations

import ast
from enum import Enum
from pathlib import Path

import pytest

from conformance.calibrate import Calibration
from conformance.findings import BaselineStatus, Divergence, ExampleVerdict, Expect, RuleStatus, Undetermined
from conformance.outcome import Fault, OutcomeKind
from tests.support import REPO

ENUMS: tuple[type[Enum], ...] = (BaselineStatus, ExampleVerdict, RuleStatus, OutcomeKind, Expect, Divergence,
                                 Undetermined, Fault, Calibration)
WORDS = frozenset(str(member.value) for enum in ENUMS for member in enum)
EDGES = frozenset({"to_json", "from_json", "parse", "state", "merge"})  # (de)serialisation: strings belong there
JUDGING = frozenset({"Finding", "Verdict", "Expectation", "ExampleVerdict", "Divergence"})


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Every node of a module with the name of the function it is in ("" at module level)."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else name
            owner[child] = inner
            visit(child, inner)

    visit(tree, "")
    return owner


def string_comparisons(path: Path) -> list[str]:
    """`x == "new"`, `"crash" in (...)`: a comparison with the value of a vocabulary enum, outside the edges."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    owner = _functions(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare) or owner.get(node, "") in EDGES:
            continue
        operands = [node.left, *node.comparators]
        words = [o.value for o in operands if isinstance(o, ast.Constant) and isinstance(o.value, str)]
        if any(word in WORDS for word in words):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)}")
    return found


def project_modules() -> list[Path]:
    return sorted(p for package in ("conformance", "reports", "strategies") for p in (REPO / package).rglob("*.py"))


def test_no_vocabulary_word_is_compared_as_a_string() -> None:
    found = [hit for path in project_modules() for hit in string_comparisons(path)]
    assert not found, "compare the enum, not its value:\n" + "\n".join(found)


def test_the_check_sees_a_string_comparison(tmp_path: Path) -> None:
    probe = REPO / "conformance" / "_probe_vocabulary.py"
    try:
        probe.write_text('def f(s):\n    return s.status == "new"\n\n\ndef to_json(s):\n    return s == "new"\n',
                         encoding="utf-8")
        assert [hit.rsplit(": ", 1)[-1] for hit in string_comparisons(probe)] == ["s.status == 'new'"]
    finally:
        probe.unlink()


def judging_in(path: Path) -> list[str]:
    """Names of the verdict's own types a module builds or imports: the suite only acts and observes."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    return sorted(names & JUDGING)


@pytest.mark.parametrize("path", sorted((REPO / "conformance" / "suite").glob("*.py")), ids=lambda p: p.name)
def test_the_suite_judges_nothing(path: Path) -> None:
    assert not judging_in(path), f"{path.name} judges on its own: hand observations to conformance.verdict"
