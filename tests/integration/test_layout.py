"""The tests mirror the code: every module of strategies/, conformance/ and reports/ has its test file where the
layout says (tests/<package path>/test_<module>.py; a private module without its underscore; a package's own
code in test_package.py), and every test file outside tests/integration and tests/support is such a file."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support import REPO

PACKAGES = ("strategies", "conformance", "reports")
NEEDS_NONE = ("conformance/suite/",)  # the conformance tests users run are tests themselves


def has_code(path: Path) -> bool:
    """A module with more than a docstring and imports (an `__init__.py` that only documents needs no test)."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return any(not isinstance(node, ast.Import | ast.ImportFrom | ast.Expr) for node in body)


def layout_file_of(module: Path) -> Path:
    """Where the layout puts a module's tests."""
    relative = module.relative_to(REPO)
    name = "package" if module.name == "__init__.py" else module.stem.lstrip("_")
    return REPO / "tests" / relative.parent / f"test_{name}.py"


def modules() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            if path.name == "__main__.py" or relative.startswith(NEEDS_NONE) or not has_code(path):
                continue
            found.append(path)
    return found


def without_tests() -> set[str]:
    return {m.relative_to(REPO).as_posix() for m in modules() if not layout_file_of(m).is_file()}


def test_every_module_has_its_test_file() -> None:
    missing = without_tests()
    assert not missing, "modules without their test file: " + ", ".join(sorted(missing))


def test_the_layout_maps_private_modules_and_packages(tmp_path: Path) -> None:
    assert layout_file_of(REPO / "conformance" / "rules" / "_network_checks.py") == (
        REPO / "tests" / "conformance" / "rules" / "test_network_checks.py")
    assert layout_file_of(REPO / "conformance" / "rules" / "__init__.py").name == "test_package.py"
    documented = tmp_path / "only_docs.py"
    documented.write_text('"""Only a docstring."""\n\nfrom pathlib import Path\n', encoding="utf-8")
    coded = tmp_path / "code.py"
    coded.write_text("VALUE = 1\n", encoding="utf-8")
    assert (has_code(documented), has_code(coded)) == (False, True)


def test_no_test_file_lies_outside_the_layout() -> None:
    """A test file is the file of a module, or an integration test."""
    expected = {layout_file_of(m) for m in modules()}
    stray = [p.relative_to(REPO).as_posix() for p in (REPO / "tests").rglob("test_*.py")
             if p not in expected and "integration" not in p.parts and "support" not in p.parts]
    assert not stray, "test files that mirror no module: " + ", ".join(sorted(stray))
