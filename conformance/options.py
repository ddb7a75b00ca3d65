"""A conformance run's options, read and checked once at configure time: each bad one is one UsageError line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from conformance import profiles
from conformance.activation import DEFAULT_REPORT_DIR, DEFAULT_TARGET
from conformance.baseline import Baseline, BaselineError, load, packaged, packaged_path
from conformance.example_db import ExampleDbError, beside
from conformance.session import ConformanceSession
from conformance.shard import Shard, ShardError
from conformance.targets import TargetError, TargetSpec, spec_of


class OptionError(Exception):
    """A bad option: one line naming the problem and the fix."""


def _flag(config: pytest.Config, name: str) -> bool:
    return bool(config.getoption(name, default=False))


def _baseline(config: pytest.Config, target: str) -> Baseline:
    """The baseline to hold the run against; with --update-baseline an unreadable one is simply rewritten."""
    path = config.getoption("--baseline")
    try:
        baseline = packaged(target) if path is None else load(Path(path))
    except BaselineError:
        if _flag(config, "--update-baseline"):
            return Baseline(target, path=Path(path) if path else None)
        raise
    if baseline.target != target and not _flag(config, "--update-baseline"):
        raise BaselineError(f"baseline {path} is the baseline of target {baseline.target!r}, not {target!r}: "
                            f"pass this target's baseline, or create one with --update-baseline")
    return baseline


def _profile(config: pytest.Config) -> str:
    """Register the suite's profiles; load the default one unless --hypothesis-profile names a known one."""
    profiles.register()
    name = config.getoption("--hypothesis-profile", default=None)
    if name is None:
        profiles.load(profiles.DEFAULT_PROFILE)
        return profiles.DEFAULT_PROFILE
    if not profiles.known(name):
        raise OptionError(f"--hypothesis-profile={name}: unknown Hypothesis profile; choose one of "
                          f"{', '.join(profiles.PROFILES)} (or register your own in a conftest.py)")
    return str(name)


def _example_db(config: pytest.Config, profile: str) -> None:
    """--example-db SPEC: the profile's database gets a shared one beside it (conformance.example_db)."""
    spec = config.getoption("--example-db", default=None)
    if spec is None:
        return
    current = settings.get_profile(profile)
    if current.database is None:
        raise OptionError(f"--example-db={spec}: the {profile} profile keeps no example database (it draws the same "
                          "examples on every run); use --hypothesis-profile=thorough or dev")
    try:
        database = beside(current.database, str(spec))
    except ExampleDbError as exc:
        raise OptionError(f"--example-db={spec}: {exc}") from None
    settings.register_profile(profile, parent=current, database=database)  # what Hypothesis loads by that name
    profiles.load(profile)


def _workers(config: pytest.Config) -> int:
    value = config.getoption("numprocesses", default=None)
    if value in ("auto", "logical"):
        return os.cpu_count() or 1
    return int(value or 0)


def _sharing(config: pytest.Config, spec: TargetSpec) -> tuple[bool, str]:
    """(this xdist controller resets the server its workers will share, the owner of this worker's world).

    Workers of a target with one server for all (`shares_server`) each build their own world on it, named
    by the worker id, and never reset it: the controller resets it once before any worker starts."""
    if not spec.shares_server:
        return False, ""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return _workers(config) > 1, ""
    return False, str(workerinput["workerid"]) if int(workerinput.get("workercount", 1)) > 1 else ""


def configure_run(config: pytest.Config) -> ConformanceSession:
    """The session of this conformance run; raises pytest.UsageError with one line on any bad option."""
    try:
        return _configure(config)
    except (OptionError, BaselineError, TargetError, ShardError) as exc:
        raise pytest.UsageError(str(exc)) from None


def _configure(config: pytest.Config) -> ConformanceSession:
    profile = _profile(config)
    _example_db(config, profile)
    target = config.getoption("--target") or DEFAULT_TARGET
    try:
        spec = spec_of(target)
    except TargetError as exc:
        raise OptionError(f"--target={target}: {exc}") from None
    prepares_shared, owner = _sharing(config, spec)
    options = spec.options(region=config.getoption("--region"), endpoint_url=config.getoption("--endpoint-url"))
    shard = _shard(config)
    baseline = _baseline(config, target)
    return ConformanceSession(
        config=config,
        target_name=target,
        target_options=options,
        region=str(options["region"]),
        endpoint_url=options.get("endpoint_url"),
        baseline=baseline,
        baseline_path=Path(config.getoption("--baseline") or packaged_path(target)),
        strict=_flag(config, "--strict-conformance"),
        update_baseline=_flag(config, "--update-baseline"),
        report_dir=Path(config.getoption("--conformance-report") or DEFAULT_REPORT_DIR),
        show_user_data=_flag(config, "--show-user-data"),
        profile=profile,
        seed=_seed(config),
        progress_mode=config.getoption("--conformance-progress") or "auto",
        owner=owner,
        prepares_shared=prepares_shared,
        shard=shard,
        record_answers=_record_answers(config),
    )


def _shard(config: pytest.Config) -> Shard | None:
    """--shard i/n, checked; a shard never rewrites the baseline (it sees only its share of the signatures)."""
    text = config.getoption("--shard", default=None)
    if text is None:
        return None
    shard = Shard.parse(str(text))
    if _flag(config, "--update-baseline"):
        raise OptionError(f"--shard={text} with --update-baseline: a shard sees only its share of the signatures; "
                          "record the baseline from an unsharded run")
    return shard


def _record_answers(config: pytest.Config) -> Path | None:
    """--record-answers FILE: a file this run can append to (its folder exists; nothing in it is overwritten)."""
    text = config.getoption("--record-answers", default=None)
    if text is None:
        return None
    path = Path(str(text))
    if path.is_dir() or not path.parent.is_dir() or not os.access(path.parent, os.W_OK) or (
            path.exists() and not os.access(path, os.W_OK)):
        raise OptionError(f"--record-answers={text}: not a file this run can append to (its folder must exist and "
                          "be writable)")
    return path


def _seed(config: pytest.Config) -> str | None:
    seed = config.getoption("--hypothesis-seed", default=None)
    return None if seed is None else str(seed)
