"""conformance.activation: whether a pytest run is a conformance run (a conformance option, or an argument naming
the suite: a path in it or holding it, or its package with --pyargs), never for a folder merely holding its venv."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from conformance.activation import SUITE_DIR, given_options, is_conformance_run, names_the_suite
from tests.support import REPO


class Invocation:
    """The part of a pytest.Config activation reads: the arguments, the options and where pytest was started."""

    def __init__(self, *args: str, where: Path = REPO, **given: Any) -> None:
        self.args = list(args)
        self.given = {name if name == "pyargs" else "--" + name.replace("_", "-"): value
                      for name, value in given.items()}
        self.invocation_params = SimpleNamespace(dir=where)

    def getoption(self, name: str, default: Any = None) -> Any:
        return self.given.get(name, default)


def conformance_run(invocation: Invocation) -> bool:
    return is_conformance_run(cast(pytest.Config, invocation))


def test_the_suite_a_file_in_it_and_the_checkout_holding_it_name_the_suite() -> None:
    assert names_the_suite(SUITE_DIR)
    assert names_the_suite(SUITE_DIR / "test_requests.py")
    assert names_the_suite(SUITE_DIR.parent.parent)  # a checkout: pytest collects the suite from it


def test_other_folders_and_a_project_holding_the_installed_suite_do_not(tmp_path: Path) -> None:
    assert not names_the_suite(REPO / "tests")
    assert not names_the_suite(SUITE_DIR.parent / "rules")
    assert not names_the_suite(tmp_path)
    if {"site-packages", "dist-packages"} & set(SUITE_DIR.parts):  # an installed suite: its project folder
        project = next(p for p in SUITE_DIR.parents if p.name in ("site-packages", "dist-packages")).parents[2]
        assert not names_the_suite(project)


def test_any_conformance_option_makes_it_a_conformance_run(tmp_path: Path) -> None:
    assert given_options(cast(pytest.Config, Invocation(target="moto", update_baseline=True))) == [
        "--target", "--update-baseline"]
    assert conformance_run(Invocation("tests", where=tmp_path, conformance_report="out"))
    assert not conformance_run(Invocation("tests", where=REPO, hypothesis_profile="ci"))  # not one of ours


def test_a_path_argument_names_the_suite_relative_to_where_pytest_started() -> None:
    assert conformance_run(Invocation("conformance"))
    assert conformance_run(Invocation("conformance/suite/test_requests.py::test_valid_requests_launch"))
    assert conformance_run(Invocation("tests", "conformance/suite"))
    assert not conformance_run(Invocation("tests/conformance"))  # the suite's own tests of the package
    assert not conformance_run(Invocation())
    assert not conformance_run(Invocation("suite", where=REPO))  # no such folder from the checkout's root


def test_with_pyargs_a_package_names_the_suite() -> None:
    assert conformance_run(Invocation("conformance.suite", pyargs=True, where=Path("/")))
    assert conformance_run(Invocation("conformance.suite.test_requests", pyargs=True, where=Path("/")))
    assert not conformance_run(Invocation("conformance.suite", where=Path("/")))  # without --pyargs: a path
    assert not conformance_run(Invocation("tests.support", pyargs=True, where=Path("/")))
    assert not conformance_run(Invocation("no_such_package_here", pyargs=True, where=Path("/")))
