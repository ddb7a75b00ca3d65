"""conformance.options: a run's options read and checked once at configure time (each bad one is one UsageError
line), the baseline it is held against, and who resets the server xdist workers share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import settings

from conformance import profiles
from conformance.baseline import packaged, packaged_path
from conformance.options import configure_run
from conformance.session import ConformanceSession


class Options:
    """The part of a pytest.Config the options read: `getoption`, and `workerinput` on an xdist worker."""

    def __init__(self, workerinput: dict[str, Any] | None = None, **given: Any) -> None:
        self.given = {name if name in ("numprocesses",) else "--" + name.replace("_", "-"): value
                      for name, value in given.items()}
        if workerinput is not None:
            self.workerinput = workerinput
        self.invocation_params = SimpleNamespace(dir=Path.cwd())

    def getoption(self, name: str, default: Any = None) -> Any:
        return self.given.get(name, default)


@pytest.fixture(autouse=True)
def _unit_profile_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """configure_run loads a Hypothesis profile: the suite's own tests go on with theirs."""
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_EC2"):
        monkeypatch.delenv(variable, raising=False)
    yield
    settings.load_profile("unit")


def configured(options: Options) -> ConformanceSession:
    return configure_run(cast(pytest.Config, options))


def test_the_defaults_are_moto_its_packaged_baseline_and_the_ci_profile() -> None:
    session = configured(Options())
    assert (session.target_name, session.region, session.endpoint_url) == ("moto", "us-east-1", None)
    assert session.baseline == packaged("moto") and session.baseline_path == packaged_path("moto")
    assert session.profile == profiles.DEFAULT_PROFILE
    assert settings.default is not None and settings.default.derandomize  # the ci profile is loaded
    assert session.report_dir == Path("reports/output") and session.progress_mode == "auto"
    assert not session.strict and not session.update_baseline and not session.show_user_data
    assert session.seed is None and not session.prepares_shared and session.owner == ""


def test_the_options_given_reach_the_session(tmp_path: Path) -> None:
    before = settings.default
    session = configured(Options(target="endpoint", endpoint_url="http://127.0.0.1:4566", region="eu-west-1",
                                 baseline=str(tmp_path / "new.json"), update_baseline=True, strict_conformance=True,
                                 conformance_report=str(tmp_path), show_user_data=True, hypothesis_profile="dev",
                                 hypothesis_seed=7, conformance_progress="plain"))
    assert (session.target_name, session.region, session.endpoint_url) == (
        "endpoint", "eu-west-1", "http://127.0.0.1:4566")
    assert session.baseline.target == "endpoint" and not session.baseline.known  # rewritten from this run
    assert session.baseline_path == tmp_path / "new.json" and session.update_baseline and session.strict
    assert session.report_dir == tmp_path and session.show_user_data and session.progress_mode == "plain"
    assert (session.profile, session.seed) == ("dev", "7")
    assert settings.default is before  # a named profile is checked here, loaded by Hypothesis's own plugin


@pytest.mark.parametrize(("given", "needle"), [
    ({"target": "nimbus"}, "--target=nimbus: unknown target"),
    ({"target": "endpoint"}, "needs --endpoint-url"),
    ({"target": "aws"}, "needs a region"),
    ({"hypothesis_profile": "fast"}, "--hypothesis-profile=fast: unknown Hypothesis profile; choose one of ci, dev"),
])
def test_a_bad_option_is_one_usage_error_line(given: dict[str, Any], needle: str) -> None:
    with pytest.raises(pytest.UsageError, match=needle) as raised:
        configured(Options(**given))
    assert len(str(raised.value).splitlines()) == 1


def test_another_targets_baseline_is_refused_unless_it_is_rewritten(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": 2, "target": "moto-server", "signatures": []}), encoding="utf-8")
    with pytest.raises(pytest.UsageError, match="target 'moto-server', not 'moto'"):
        configured(Options(baseline=str(other)))
    assert configured(Options(baseline=str(other), update_baseline=True)).baseline.target == "moto-server"


def test_an_unreadable_baseline_is_refused_unless_it_is_rewritten(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(pytest.UsageError, match="not valid JSON"):
        configured(Options(baseline=str(broken)))
    rewritten = configured(Options(baseline=str(broken), update_baseline=True)).baseline
    assert rewritten.target == "moto" and not rewritten.known and rewritten.path == broken


def test_a_profile_a_conftest_registered_is_accepted() -> None:
    assert configured(Options(hypothesis_profile="unit")).profile == "unit"


def test_the_controller_of_workers_sharing_a_server_resets_it_and_each_worker_owns_a_world() -> None:
    endpoint: dict[str, Any] = {"target": "endpoint", "endpoint_url": "http://127.0.0.1:4566"}
    controller = configured(Options(numprocesses=2, **endpoint))
    assert controller.prepares_shared and controller.owner == ""
    assert not configured(Options(numprocesses=0, **endpoint)).prepares_shared
    worker = configured(Options(workerinput={"workerid": "gw1", "workercount": 2}, **endpoint))
    assert not worker.prepares_shared and worker.owner == "gw1"
    alone = configured(Options(workerinput={"workerid": "gw0", "workercount": 1}, **endpoint))
    assert alone.owner == ""  # one worker alone resets as a plain run does
    moto = configured(Options(numprocesses=2))
    assert not moto.prepares_shared and moto.owner == ""  # in-process: each worker has its own target
