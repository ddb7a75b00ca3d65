"""PLACEHOLDER (to be replaced by the full by-construction generator): minimal valid requests."""

from __future__ import annotations

from hypothesis import strategies as st

from strategies.case import Case
from strategies.world import World


def valid_requests(
    world: World, *, max_count: int = 3, dry_run: bool | None = False, settled_only: bool = True
) -> st.SearchStrategy[Case]:
    @st.composite
    def build(draw: st.DrawFn) -> Case:
        low = draw(st.integers(1, max_count))
        high = draw(st.integers(low, max_count))
        params = {
            "ImageId": draw(st.sampled_from(world.image_ids)),
            "MinCount": low,
            "MaxCount": high,
            "InstanceType": draw(st.sampled_from(world.instance_types)),
            "SubnetId": draw(st.sampled_from([s.subnet_id for s in world.subnets])),
        }
        if dry_run or (dry_run is None and draw(st.booleans())):
            params["DryRun"] = True
        return Case(params=params)

    return build()


from_operation = valid_requests
