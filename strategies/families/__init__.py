"""Valid RunInstances requests, built by construction one member family at a time.

Each family module declares `PATHS`, the leaf member paths it knows how to build; together they must
equal the installed model's leaf paths (`tests/strategies/families/test_package.py`).
"""

from __future__ import annotations

from types import ModuleType

from strategies.families import (
    block_devices,
    core,
    extras,
    interfaces,
    network,
    options,
    placement,
    tags,
)

FAMILIES: tuple[ModuleType, ...] = (
    core, network, interfaces, placement, options, block_devices, tags, extras,
)


def handled_paths() -> frozenset[str]:
    """Every leaf member path some family builds."""
    return frozenset().union(*(family.PATHS for family in FAMILIES))


def family_of(path: str) -> str | None:
    """The family module that builds `path` (None if no family knows it)."""
    return next((f.__name__.rsplit(".", 1)[-1] for f in FAMILIES if path in f.PATHS), None)
