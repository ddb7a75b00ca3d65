"""One valid request per member path: the first of a fixed sequence of valid draws that carries it.

The `ci` profile draws 40 valid requests, too few for every member a launch reads back (a prefix list on a
created interface, a partition number, ...). `carriers(world, paths)` draws `CARRIER_DRAWS` valid requests on
`world` (the same sequence every run) and keeps, for each wanted path, the first request that carries it; a
path no draw carried is absent (its resource is missing from the world, or the draws were too few).
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

from strategies.case import Case
from strategies.model import leaves_of
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import World

CARRIER_DRAWS = 1000  # measured: 1,000 draws on example_world() carry every path it can carry (500 miss Affinity)


def carriers(world: World, paths: Iterable[str], *, draws: int = CARRIER_DRAWS) -> dict[str, Case]:
    """For each of `paths` some valid draw carried: the first such request (MaxCount as drawn)."""
    wanted, found = frozenset(paths), dict[str, Case]()
    requests = valid_requests(world, dry_run=False)

    def body(data: st.DataObject) -> None:
        case = data.draw(requests)
        for path in leaves_of(dict(case.params)) & wanted:
            found.setdefault(path, case)

    run_draws(draws, body)
    return found
