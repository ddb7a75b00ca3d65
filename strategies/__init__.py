"""Hypothesis strategies for RunInstances requests, built from botocore's EC2 model and the documented rules.

Public entry points (imported lazily so that `conformance.rules` can import the leaf modules
`strategies.case`, `strategies.model`, `strategies.world`, `strategies.wire` without a cycle):

- `from_operation(world, *, operation="RunInstances", ...)`: valid requests for an operation.
- `valid_requests(world, ...)`: valid RunInstances cases, by construction.
- `mutations(world, ...)`: invalid cases, each breaking exactly one named rule.
- `wire_mutations(world, ...)`: invalid cases that only a raw Query request can carry.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "from_operation": "strategies.valid",
    "valid_requests": "strategies.valid",
    "mutations": "strategies.mutations",
    "wire_mutations": "strategies.mutations",
    "boundary_examples": "strategies.boundaries",
    "Case": "strategies.case",
    "Mutation": "strategies.case",
    "WireEdit": "strategies.case",
    "World": "strategies.world",
    "example_world": "strategies.world",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'strategies' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = sorted(_LAZY)
