"""Engine code never names a rule: judging finds rules by their Role, so a rule id lives only in rule data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support import REPO

ENGINE = ("oracle", "verdict", "probes", "runner", "session", "baseline", "plugin", "options")
RULE_ID = re.compile(r"^R-[A-Z]+-[0-9]+$")


def rule_ids_named(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and RULE_ID.match(node.value)]


def test_engine_modules_name_no_rule_id() -> None:
    named = {name: rule_ids_named(REPO / "conformance" / f"{name}.py") for name in ENGINE}
    assert not {name: ids for name, ids in named.items() if ids}


def test_the_suite_names_no_rule_id() -> None:
    """The conformance tests (the state machine too) find the rules they exercise by role or from the data."""
    named = {path.name: rule_ids_named(path) for path in sorted((REPO / "conformance" / "suite").glob("*.py"))}
    assert named and not {name: ids for name, ids in named.items() if ids}


def test_the_check_sees_a_named_rule(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('dry_run = RULES["R-DRY-1"]\n', encoding="utf-8")
    assert rule_ids_named(probe) == ["R-DRY-1"]
