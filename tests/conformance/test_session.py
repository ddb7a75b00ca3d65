"""conformance.session: the run's state, and the test names its reports use."""

from __future__ import annotations

from conformance.session import suite_nodeid


def test_reports_name_a_test_the_same_from_a_checkout_and_from_an_installed_package() -> None:
    test = "test_requests.py::test_mutation_is_refused[unknown-action]"
    assert suite_nodeid(f"venv/lib/python3.11/site-packages/conformance/suite/{test}") == f"conformance/suite/{test}"
    assert suite_nodeid(f"conformance/suite/{test}") == f"conformance/suite/{test}"
    assert suite_nodeid("tests/test_other.py::test_x") == "tests/test_other.py::test_x"
