"""Valid requests per member path: the smallest of a fixed sequence of valid draws that carry it, at another
value than its documented default where one does (a member read back at its default proves nothing).

The `ci` profile draws 40 valid requests, too few for every member a launch reads back (a prefix list on a
created interface, a partition number, ...). `carriers(world, paths)` draws `CARRIER_DRAWS` valid requests on
`world` (the same sequence every run) and keeps, for each wanted path, `keep` requests that carry it: the one with
the fewest member paths, then each time the smallest that lacks a member all those kept so far share (the first
of equals), so a target that refuses one for another member's sake (a mapping it cannot take) may launch the
next. A path no draw carried is absent (its resource is missing from the
world, or the draws were too few).
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

from strategies.case import Case
from strategies.defaults import defaulted_only
from strategies.model import leaves_of
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import World

# measured: 1,000 draws carried every path on example_world(), but on moto's world only two carried a NIC's
# PrivateIpAddresses (both refused for another member); 2,000 carry three or more (about 2.7 s a worker each 1,000)
CARRIER_DRAWS = 2000
CARRIERS_KEPT = 3
POOL = 40  # the smallest distinct carriers of a path among which the kept ones are chosen


def carriers(world: World, paths: Iterable[str], *, draws: int = CARRIER_DRAWS,
             keep: int = CARRIERS_KEPT) -> dict[str, list[Case]]:
    """For each of `paths` some valid draw carried: up to `keep` such requests, smallest first."""
    wanted = frozenset(paths)
    ranked: dict[str, list[tuple[bool, int, int, frozenset[str], Case]]] = {}
    drawn = 0

    def body(data: st.DataObject) -> None:
        nonlocal drawn
        case = data.draw(requests)
        drawn += 1
        carried = leaves_of(dict(case.params))
        defaulted = defaulted_only(case.params)
        for path in carried & wanted:
            best = ranked.setdefault(path, [])
            if any(kept[3] == carried for kept in best):
                continue  # another request with the same members is refused for the same reasons
            best.append((path in defaulted, len(carried), drawn, carried, case))
            best.sort(key=lambda entry: entry[:3])
            del best[POOL:]

    requests = valid_requests(world, dry_run=False)
    run_draws(draws, body)
    return {path: _varied([(carried, case) for *_, carried, case in best], keep) for path, best in ranked.items()}


def _varied(pool: list[tuple[frozenset[str], Case]], keep: int) -> list[Case]:
    """Up to `keep` of the pool (smallest first): each next one lacks a member every one before it carries."""
    chosen = [pool[0]]
    shared = pool[0][0]
    while len(chosen) < keep:
        other = next((entry for entry in pool if entry not in chosen and shared - entry[0]), None)
        if other is None:
            other = next((entry for entry in pool if entry not in chosen), None)
        if other is None:
            break
        chosen.append(other)
        shared &= other[0]
    return [case for _, case in chosen]
