"""Valid requests per member path: the smallest of a fixed sequence of valid draws that carry it.

The `ci` profile draws 40 valid requests, too few for every member a launch reads back (a prefix list on a
created interface, a partition number, ...). `carriers(world, paths)` draws `CARRIER_DRAWS` valid requests on
`world` (the same sequence every run) and keeps, for each wanted path, the `keep` requests with the fewest member
paths that carry it, each with a different set of members (the first of equals): a target that refuses one for
another member's sake may launch the next. A path no draw carried is absent (its resource is missing from the
world, or the draws were too few).
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

from strategies.case import Case
from strategies.model import leaves_of
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import World

CARRIER_DRAWS = 1000  # measured: 1,000 draws on example_world() carry every path it can (500 miss Affinity)
CARRIERS_KEPT = 3


def carriers(world: World, paths: Iterable[str], *, draws: int = CARRIER_DRAWS,
             keep: int = CARRIERS_KEPT) -> dict[str, list[Case]]:
    """For each of `paths` some valid draw carried: up to `keep` such requests, smallest first."""
    wanted = frozenset(paths)
    ranked: dict[str, list[tuple[int, int, frozenset[str], Case]]] = {}
    drawn = 0

    def body(data: st.DataObject) -> None:
        nonlocal drawn
        case = data.draw(requests)
        drawn += 1
        carried = leaves_of(dict(case.params))
        for path in carried & wanted:
            best = ranked.setdefault(path, [])
            if any(kept[2] == carried for kept in best):
                continue  # another request with the same members is refused for the same reasons
            best.append((len(carried), drawn, carried, case))
            best.sort(key=lambda entry: entry[:2])
            del best[keep:]

    requests = valid_requests(world, dry_run=False)
    run_draws(draws, body)
    return {path: [case for *_, case in best] for path, best in ranked.items()}
