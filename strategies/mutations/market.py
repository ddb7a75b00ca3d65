"""Mutations that break the market options and capacity reservation rules (R-MKT-*, R-CR-*)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import (
    CAPACITY_PREFERENCES_ALWAYS_LAUNCH,
    ONE_TIME_SPOT_FORBIDDEN_BEHAVIOURS,
    SPOT_INTERRUPTION_DEFAULT,
    SPOT_PERSISTENT,
    SPOT_TYPE_DEFAULT,
)
from strategies.mutations import MutationSpec
from strategies.mutations._edit import Params, case, drop, no_hibernation, no_spot, put
from strategies.world import World

MO = "InstanceMarketOptions"
SPOT = f"{MO}.SpotOptions"
CRS = "CapacityReservationSpecification"
CR_ID = f"{CRS}.CapacityReservationTarget.CapacityReservationId"


def _spot(params: Params) -> None:
    put(params, f"{MO}.MarketType", "spot")


def _target(params: Params, ident: str) -> None:
    params["CapacityReservationSpecification"] = {
        "CapacityReservationTarget": {"CapacityReservationId": ident}
    }


def market_type_unknown(draw: st.DrawFn, params: Params, world: World) -> Case:
    put(params, f"{MO}.MarketType", draw(st.sampled_from(["reserved", "Spot", "dedicated", "ondemand"])))
    return case(params, "R-MKT-1", f"{MO}.MarketType", "market-type-unknown")


def persistent_terminates(draw: st.DrawFn, params: Params, world: World) -> Case:
    _spot(params)
    no_hibernation(params)
    put(params, f"{SPOT}.SpotInstanceType", SPOT_PERSISTENT)
    drop(params, f"{SPOT}.InstanceInterruptionBehavior")
    if draw(st.booleans()):
        put(params, f"{SPOT}.InstanceInterruptionBehavior", SPOT_INTERRUPTION_DEFAULT)
    return case(params, "R-MKT-2", f"{SPOT}.InstanceInterruptionBehavior", "spot-persistent-terminate")


def valid_until_one_time(draw: st.DrawFn, params: Params, world: World) -> Case:
    _spot(params)
    drop(params, f"{SPOT}.SpotInstanceType")
    if draw(st.booleans()):
        put(params, f"{SPOT}.SpotInstanceType", SPOT_TYPE_DEFAULT)
    if get_behaviour(params) in ONE_TIME_SPOT_FORBIDDEN_BEHAVIOURS:  # a one-time request may not stop (R-MKT-8)
        drop(params, f"{SPOT}.InstanceInterruptionBehavior")
    no_hibernation_one_time(params)
    put(params, f"{SPOT}.ValidUntil", dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    return case(params, "R-MKT-3", f"{SPOT}.ValidUntil", "spot-valid-until-one-time")


def get_behaviour(params: Params) -> object:
    spot = params.get("InstanceMarketOptions", {}).get("SpotOptions", {})
    return spot.get("InstanceInterruptionBehavior") if isinstance(spot, dict) else None


def no_hibernation_one_time(params: Params) -> None:
    """A one-time request cannot hibernate: hibernation off (its default behaviour would be hibernate)."""
    drop(params, "HibernationOptions")


def one_time_stops(draw: st.DrawFn, params: Params, world: World) -> Case:
    _spot(params)
    no_hibernation_one_time(params)
    drop(params, f"{SPOT}.SpotInstanceType", f"{SPOT}.ValidUntil")
    if draw(st.booleans()):
        put(params, f"{SPOT}.SpotInstanceType", SPOT_TYPE_DEFAULT)
    put(params, f"{SPOT}.InstanceInterruptionBehavior", draw(st.sampled_from(["stop", "hibernate"])))
    return case(params, "R-MKT-8", f"{SPOT}.InstanceInterruptionBehavior", "spot-one-time-stop-or-hibernate")


def max_price_too_low(draw: st.DrawFn, params: Params, world: World) -> Case:
    _spot(params)
    put(params, f"{SPOT}.MaxPrice", draw(st.sampled_from(["0.001", "0.0005", "0", "-1", "cheap"])))
    return case(params, "R-MKT-4", f"{SPOT}.MaxPrice", "spot-max-price-too-low")


def reservation_malformed(draw: st.DrawFn, params: Params, world: World) -> Case:
    ident = draw(st.sampled_from(["cr-xyz", "cr-", "reservation-1", "lt-0a1b2c3d4e5f60718"]))
    _target(params, ident)
    return case(params, "R-CR-2", CR_ID, "capacity-reservation-id-malformed")


def reservation_unknown(draw: st.DrawFn, params: Params, world: World) -> Case:
    candidates = ["cr-0ffffffffffffffff", "cr-00000000", "cr-0123456789abcdef0"]
    ident = draw(st.sampled_from([c for c in candidates if c not in world.capacity_reservation_ids]))
    _target(params, ident)
    return case(params, "R-CR-2", CR_ID, "capacity-reservation-id-unknown")


def _targets(world: World) -> list[tuple[str, str]]:
    return [("CapacityReservationId", i) for i in world.capacity_reservation_ids] + [
        ("CapacityReservationResourceGroupArn", a) for a in world.capacity_reservation_group_arns]


def preference_beside_target(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-CR-3 (mined-packer-12912-cr-id-and-preference): a known target beside the preference open or none."""
    no_spot(params)  # a Spot request carries no reservation (as a valid request draws it)
    key, target = draw(st.sampled_from(_targets(world)))
    params[CRS] = {"CapacityReservationPreference": draw(st.sampled_from(CAPACITY_PREFERENCES_ALWAYS_LAUNCH)),
                   "CapacityReservationTarget": {key: target}}
    return case(params, "R-CR-3", f"{CRS}.CapacityReservationPreference", "capacity-reservation-target-with-preference")


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("market-type-unknown", "R-MKT-1", f"{MO}.MarketType", market_type_unknown),
    MutationSpec("spot-persistent-terminate", "R-MKT-2", f"{SPOT}.InstanceInterruptionBehavior",
                 persistent_terminates),
    MutationSpec("spot-valid-until-one-time", "R-MKT-3", f"{SPOT}.ValidUntil", valid_until_one_time),
    MutationSpec("spot-one-time-stop-or-hibernate", "R-MKT-8", f"{SPOT}.InstanceInterruptionBehavior",
                 one_time_stops),
    MutationSpec("spot-max-price-too-low", "R-MKT-4", f"{SPOT}.MaxPrice", max_price_too_low),
    MutationSpec("capacity-reservation-id-malformed", "R-CR-2", CR_ID, reservation_malformed),
    MutationSpec("capacity-reservation-id-unknown", "R-CR-2", CR_ID, reservation_unknown),
    MutationSpec("capacity-reservation-target-with-preference", "R-CR-3", f"{CRS}.CapacityReservationPreference",
                 preference_beside_target, applicable=lambda w: bool(_targets(w))),
)
