"""Market and capacity reservation mutations: a Spot request made to break one market rule (without the
hibernation that would break another), and a reservation target that is malformed or unknown."""

from __future__ import annotations

from typing import Any

from strategies.case import Case
from strategies.limits import ID_PATTERNS, SPOT_MAX_PRICE_FLOOR
from strategies.model import enum_values
from strategies.mutations import Build, market
from strategies.world import example_world
from tests.support.mutation_draws import built

WORLD = example_world()


def _cases(build: Build, examples: int = 30) -> list[Case]:
    return built(build, WORLD, examples)


def _spot(case: Case) -> dict[str, Any]:
    options = case.params["InstanceMarketOptions"]
    assert options["MarketType"] == "spot"
    spot: dict[str, Any] = options.get("SpotOptions", {})
    return spot


def test_an_unknown_market_type_is_not_in_the_model() -> None:
    for case in _cases(market.market_type_unknown, 10):
        assert case.params["InstanceMarketOptions"]["MarketType"] not in enum_values("InstanceMarketOptions.MarketType")


def test_a_persistent_request_that_terminates() -> None:
    for case in _cases(market.persistent_terminates):
        spot = _spot(case)
        assert spot["SpotInstanceType"] == "persistent"
        assert spot.get("InstanceInterruptionBehavior", "terminate") == "terminate"
        assert "HibernationOptions" not in case.params


def test_one_time_requests_with_valid_until_or_stopping() -> None:
    for case in _cases(market.valid_until_one_time):
        spot = _spot(case)
        assert spot.get("SpotInstanceType", "one-time") == "one-time" and "ValidUntil" in spot
        assert spot.get("InstanceInterruptionBehavior") not in ("stop", "hibernate")
        assert "HibernationOptions" not in case.params
    behaviours = set()
    for case in _cases(market.one_time_stops):
        spot = _spot(case)
        assert spot.get("SpotInstanceType", "one-time") == "one-time" and "ValidUntil" not in spot
        behaviours.add(spot["InstanceInterruptionBehavior"])
        assert "HibernationOptions" not in case.params
    assert behaviours == {"stop", "hibernate"}


def test_a_max_price_at_or_under_the_floor() -> None:
    for case in _cases(market.max_price_too_low):
        price = _spot(case)["MaxPrice"]
        try:
            assert float(price) <= SPOT_MAX_PRICE_FLOOR
        except ValueError:
            assert price == "cheap"


def test_reservation_ids_malformed_or_unknown() -> None:
    for case in _cases(market.reservation_malformed, 15):
        ident = case.params["CapacityReservationSpecification"]["CapacityReservationTarget"]["CapacityReservationId"]
        assert not ID_PATTERNS["cr"].fullmatch(ident)
        assert len(case.params["CapacityReservationSpecification"]) == 1
    for case in _cases(market.reservation_unknown, 15):
        ident = case.params["CapacityReservationSpecification"]["CapacityReservationTarget"]["CapacityReservationId"]
        assert ID_PATTERNS["cr"].fullmatch(ident) and ident not in WORLD.capacity_reservation_ids
