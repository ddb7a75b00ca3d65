"""conformance.targets.errors: a target that could not start is one line and an exit code (3: configured wrongly,
2: it did not answer or refused the set-up calls); anything else is a bug (None)."""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    ProfileNotFound,
)

from conformance.targets.errors import DryRunGuardError, TargetError, start_failure


def test_a_target_error_is_its_first_line_and_exit_3() -> None:
    assert start_failure(TargetError("no region: pass --region\n(details)")) == ("no region: pass --region", 3)
    assert start_failure(DryRunGuardError("refused")) == ("refused", 3)
    assert start_failure(TargetError("")) == ("TargetError", 3)


def test_a_missing_profile_names_the_fix_and_exit_3() -> None:
    line, code = start_failure(ProfileNotFound(profile="ci")) or ("", 0)
    assert code == 3 and line == ("The config profile (ci) could not be found: unset AWS_PROFILE or create that "
                                  "profile (aws configure --profile NAME)")


@pytest.mark.parametrize("exc", [EndpointConnectionError(endpoint_url="http://127.0.0.1:1"),
                                 ConnectionRefusedError("refused")])
def test_no_answer_is_exit_2_saying_what_to_check(exc: Exception) -> None:
    line, code = start_failure(exc) or ("", 0)
    assert code == 2 and line.startswith("the target did not answer while starting (")
    assert line.endswith("): start it, or check --endpoint-url and the network") and "\n" not in line


@pytest.mark.parametrize("exc", [
    ClientError({"Error": {"Code": "AuthFailure", "Message": "no"}}, "DescribeVpcs"),
    NoCredentialsError(),
])
def test_a_refused_set_up_is_exit_2_naming_credentials(exc: Exception) -> None:
    line, code = start_failure(exc) or ("", 0)
    assert code == 2 and line.startswith("the target refused the suite's set-up calls (")
    assert "check its credentials and that it implements EC2" in line


def test_anything_else_is_a_bug_not_a_start_failure() -> None:
    assert start_failure(KeyError("x")) is None
    assert start_failure(ValueError("bad")) is None

