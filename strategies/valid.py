"""Valid RunInstances requests, by construction, naming only resources of a world.

    >>> valid_requests(example_world(), max_count=2)
    valid_requests(World(region='us-east-1', ...), max_count=2)

Read from botocore's installed model (`strategies.model`) with the documented constraints overlaid
(`strategies.limits`); see `strategies/families/` for one module per member family.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from strategies.case import Case
from strategies.families import request
from strategies.limits import MIN_INSTANCE_COUNT
from strategies.model import OPERATION, service_model
from strategies.world import World


def valid_requests(
    world: World, *, max_count: int = 3, dry_run: bool | None = False, settled_only: bool = True
) -> st.SearchStrategy[Case]:
    """Requests that break no documented rule.

    `max_count` bounds MaxCount (the default run never launches thousands); `dry_run=None` draws both;
    `settled_only` leaves out the members whose response the docs leave undecided.
    """
    _check_world(world)
    if isinstance(max_count, bool) or not isinstance(max_count, int) or max_count < MIN_INSTANCE_COUNT:
        raise InvalidArgument(f"max_count={max_count!r} must be an integer >= {MIN_INSTANCE_COUNT}")
    if dry_run not in (True, False, None):
        raise InvalidArgument(f"dry_run={dry_run!r} must be True, False or None (both)")
    if not isinstance(settled_only, bool):
        raise InvalidArgument(f"settled_only={settled_only!r} must be True or False")
    return request.valid_requests(world, max_count=max_count, dry_run=dry_run, settled_only=settled_only)


def from_operation(world: World, *, operation: str = OPERATION, **options: Any) -> st.SearchStrategy[Case]:
    """`valid_requests` for a named operation of the EC2 model (only RunInstances has strategies)."""
    if operation != OPERATION:
        known = operation in service_model().operation_names
        reason = "has no strategies here" if known else "is not an EC2 operation"
        raise InvalidArgument(f"operation={operation!r} {reason}; supported: {OPERATION!r}")
    return valid_requests(world, **options)


def _check_world(world: object) -> None:
    if not isinstance(world, World):
        raise InvalidArgument(f"world={world!r} must be a strategies.world.World")
    if not (world.images or any(t.supplies_image for t in world.launch_templates)):
        raise InvalidArgument("the world has no image and no launch template that supplies one (R-AMI-1)")
    if not world.instance_types:
        raise InvalidArgument("the world has no instance type")
    if not world.subnets and not (world.has_default_vpc and world.default_vpc_id):
        raise InvalidArgument("the world has no subnet and no default VPC (R-NET-1)")
