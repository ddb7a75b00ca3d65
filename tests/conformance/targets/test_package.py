"""The target registry (conformance.targets): names, options from the command line and the environment, and one
clear TargetError each."""

from __future__ import annotations

import pytest

from conformance.targets import TARGET_NAMES, TargetError, get_target


def test_unknown_target_names_the_valid_ones() -> None:
    with pytest.raises(TargetError) as info:
        get_target("localstack-pro")
    message = str(info.value)
    assert "\n" not in message
    assert all(name in message for name in TARGET_NAMES)


def test_endpoint_url_from_the_standard_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:4566/")
    target = get_target("endpoint")
    assert getattr(target, "endpoint_url", None) == "http://127.0.0.1:4566"


def test_endpoint_without_url_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL_EC2", raising=False)
    with pytest.raises(TargetError, match="AWS_ENDPOINT_URL_EC2"):
        get_target("endpoint")


def test_aws_needs_a_region(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(TargetError, match="region"):
        get_target("aws")


def test_an_unstarted_target_says_so() -> None:
    with pytest.raises(TargetError, match="not started"):
        get_target("moto").world()
