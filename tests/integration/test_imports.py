"""Imports go one way: each part of the project imports only the parts ARCHITECTURE.md's table allows.

Every import statement of every module counts, those inside functions too (a lazy import is still an arrow).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import REPO

PACKAGES = ("strategies", "conformance", "reports")

# part -> the module prefixes it is made of (the longest matching prefix decides a module's part)
PARTS: dict[str, tuple[str, ...]] = {
    "strategies": ("strategies",),
    "vocabulary": ("conformance.findings", "conformance.outcome", "conformance.example"),
    "rules": ("conformance.rules", "conformance.evidence"),
    "judging": ("conformance.oracle", "conformance.verdict", "conformance.probes", "conformance.baseline",
                "conformance.recorded", "conformance.calibrate", "conformance.holdout"),
    "targets": ("conformance.targets",),
    "reports": ("reports",),
    "run": (
        "conformance", "conformance.runner", "conformance.session", "conformance.plugin", "conformance.recording",
        "conformance.logsafety", "conformance.profiles", "conformance.suite", "conformance.cli",
        "conformance.readback_table", "conformance.activation", "conformance.options", "conformance.progress",
    ),
}
# part -> the parts it may import (its own included); the table of ARCHITECTURE.md
ALLOWED: dict[str, frozenset[str]] = {
    "strategies": frozenset({"strategies"}),
    "vocabulary": frozenset({"strategies", "vocabulary"}),
    "rules": frozenset({"strategies", "vocabulary", "rules"}),
    "targets": frozenset({"strategies", "vocabulary", "rules", "targets"}),
    "judging": frozenset({"strategies", "vocabulary", "rules", "targets", "judging"}),
    "reports": frozenset({"strategies", "vocabulary", "rules", "reports"}),
    "run": frozenset(PARTS),
}


def part_of(module: str) -> str | None:
    """The part a project module belongs to (None for a module outside the three packages)."""
    if module.split(".")[0] not in PACKAGES:
        return None
    matches = [(len(prefix), part) for part, prefixes in PARTS.items() for prefix in prefixes
               if module == prefix or module.startswith(prefix + ".")]
    if not matches:
        raise AssertionError(f"{module} belongs to no part: add it to PARTS here and to ARCHITECTURE.md")
    return max(matches)[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every project module a file imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def project_modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def breaches(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        module = module_name(path)
        own = part_of(module)
        assert own is not None
        for target in sorted(imported(path)):
            other = part_of(target)
            if other is not None and other not in ALLOWED[own]:
                found.append(f"{module} ({own}) imports {target} ({other})")
    return found


def test_imports_run_one_way() -> None:
    assert not breaches(project_modules())


def test_a_breaking_import_is_caught(tmp_path: Path) -> None:
    """The check itself can fail: a strategies module importing the rules is a breach."""
    fake = REPO / "strategies" / "_breach_probe.py"
    fake.write_text("from conformance.rules import RULES\n", encoding="utf-8")
    try:
        assert breaches([fake]) == ["strategies._breach_probe (strategies) imports conformance.rules (rules)"]
    finally:
        fake.unlink()


@pytest.mark.parametrize("part", sorted(PARTS))
def test_architecture_lists_every_part(part: str) -> None:
    table = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert f"| {part} |" in table, f"ARCHITECTURE.md's import table has no row for {part}"


def test_the_architecture_table_matches_the_allowed_imports() -> None:
    table = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for part, allowed in ALLOWED.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| {part} |"))
        listed = {word.strip(" `,") for word in row.split("|")[3].split(",")}
        expected = {"everything"} if part == "run" else allowed - {part}
        assert listed == (expected or {"nothing"}), f"{part}: table says {sorted(listed)}"
