"""Target names, options and start-up failures: one clear TargetError each."""

from __future__ import annotations

import pytest

from conformance.targets import TARGET_NAMES, TargetError, get_target
from conformance.targets.net import free_port


def test_unknown_target_names_the_valid_ones() -> None:
    with pytest.raises(TargetError) as info:
        get_target("localstack-pro")
    message = str(info.value)
    assert "\n" not in message
    assert all(name in message for name in TARGET_NAMES)


@pytest.mark.parametrize(
    "url",
    ["127.0.0.1:5000", "ftp://127.0.0.1", "http://", "http://host:notaport", "http://127.0.0.1:5000/?a=1"],
)
def test_malformed_endpoint_url_is_refused(url: str) -> None:
    with pytest.raises(TargetError, match="malformed endpoint URL"):
        get_target("endpoint", endpoint_url=url)


def test_endpoint_url_from_the_standard_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:4566/")
    target = get_target("endpoint")
    assert getattr(target, "endpoint_url", None) == "http://127.0.0.1:4566"


def test_endpoint_without_url_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL_EC2", raising=False)
    with pytest.raises(TargetError, match="AWS_ENDPOINT_URL_EC2"):
        get_target("endpoint")


def test_unreachable_endpoint_fails_once_at_start() -> None:
    target = get_target("endpoint", endpoint_url=f"http://127.0.0.1:{free_port()}", connect_timeout=1.0)
    with pytest.raises(TargetError, match="unreachable") as info:
        target.start()
    assert "\n" not in str(info.value)


def test_aws_needs_a_region(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(TargetError, match="region"):
        get_target("aws")


def test_aws_without_credentials_names_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", f"{tmp_path}/none")
    monkeypatch.setenv("AWS_CONFIG_FILE", f"{tmp_path}/none")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never ask an instance metadata service
    target = get_target("aws", region="us-east-1", endpoint_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(TargetError, match="credentials") as info:
        target.start()
    assert "AWS_PROFILE" in str(info.value) and "\n" not in str(info.value)


def test_an_unstarted_target_says_so() -> None:
    with pytest.raises(TargetError, match="not started"):
        get_target("moto").world()
