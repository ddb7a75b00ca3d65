"""Is this pytest run a conformance run? The plugin acts only then (see conformance.plugin)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SUITE_PACKAGE = "conformance.suite"
DEFAULT_TARGET = "moto"
DEFAULT_REPORT_DIR = "reports/output"
SUITE_DIR = Path(__file__).resolve().parent / "suite"
CONFORMANCE_OPTIONS = ("--target", "--endpoint-url", "--region", "--baseline", "--update-baseline",
                       "--strict-conformance", "--conformance-report", "--show-user-data", "--conformance-progress",
                       "--shard")


INSTALLED_DIRS = frozenset({"site-packages", "dist-packages"})


def names_the_suite(path: Path) -> bool:
    """True when `path` is the suite, inside it, or a folder that holds it (a checkout; not a project folder
    that merely holds the virtual environment the suite is installed in: pytest does not collect those)."""
    resolved = path.resolve()
    if resolved.is_relative_to(SUITE_DIR):
        return True
    return SUITE_DIR.is_relative_to(resolved) and not INSTALLED_DIRS & set(SUITE_DIR.relative_to(resolved).parts)


def _path_of(arg: str, config: pytest.Config) -> Path | None:
    name = arg.split("::", 1)[0]
    if config.getoption("pyargs", default=False) and name and not name.endswith(".py") and "/" not in name:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            origin = Path(spec.origin)
            return origin.parent if origin.name == "__init__.py" else origin
    return Path(config.invocation_params.dir, name) if name else None


def given_options(config: pytest.Config) -> list[str]:
    """The conformance options given on the command line."""
    return [option for option in CONFORMANCE_OPTIONS if config.getoption(option, default=None) is not None]


def is_conformance_run(config: pytest.Config) -> bool:
    """A conformance option is given, or an argument names the suite (a path, or a package with --pyargs)."""
    if given_options(config):
        return True
    args = [arg for arg in config.args if not arg.startswith("-")]
    return any((path := _path_of(arg, config)) is not None and names_the_suite(path) for arg in args)
