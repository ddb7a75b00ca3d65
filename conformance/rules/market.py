"""Market options and capacity reservation rules: R-MKT-1..8, R-CR-1..3 (catalogue section 11)."""

from __future__ import annotations

from functools import partial
from typing import Any

from conformance.findings import UNDETERMINED, FailedCheck
from conformance.rules._readers import codes, family_rule, get, is_true
from conformance.rules.core import Confidence, DryRun, Kind, Launch, Rule, RuleClass
from strategies.case import Case
from strategies.defaults import DEFAULTS
from strategies.limits import (
    CAPACITY_PREFERENCE_WITH_TARGET,
    ID_PATTERNS,
    ONE_TIME_SPOT_FORBIDDEN_BEHAVIOURS,
    PERSISTENT_SPOT_BEHAVIOURS,
    SPOT_INTERRUPTION_DEFAULT,
    SPOT_INTERRUPTION_WITH_HIBERNATION,
    SPOT_MAX_PRICE_FLOOR,
    SPOT_PERSISTENT,
    SPOT_TYPE_DEFAULT,
)
from strategies.model import enum_values
from strategies.world import World

FAMILY = "market"
MO = "InstanceMarketOptions"
SPOT = f"{MO}.SpotOptions"
MARKET_TYPE = f"{MO}.MarketType"
CRS = "CapacityReservationSpecification"
CR_TARGET = f"{CRS}.CapacityReservationTarget"
CR_PREFERENCE = f"{CRS}.CapacityReservationPreference"
CR_ID = f"{CR_TARGET}.CapacityReservationId"
UNDOCUMENTED = "code undocumented: the plausible set is accepted"


def _market_type_unknown(case: Case, world: World) -> bool:
    market = get(case.params, MARKET_TYPE)
    return market is not None and market not in enum_values(MARKET_TYPE)


def effective_interruption(case: Case) -> Any:
    """InstanceInterruptionBehavior as EC2 applies it (R-MKT-6, R-HIB-3 defaults)."""
    given = get(case.params, f"{SPOT}.InstanceInterruptionBehavior")
    if given is not None:
        return given
    if is_true(get(case.params, "HibernationOptions.Configured")):
        return SPOT_INTERRUPTION_WITH_HIBERNATION
    return SPOT_INTERRUPTION_DEFAULT


def _persistent_terminates(case: Case, world: World) -> bool:
    return (
        get(case.params, f"{SPOT}.SpotInstanceType") == SPOT_PERSISTENT
        and effective_interruption(case) not in PERSISTENT_SPOT_BEHAVIOURS
        and effective_interruption(case) in enum_values(f"{SPOT}.InstanceInterruptionBehavior")
    )


def _one_time_stops(case: Case, world: World) -> bool:
    """R-MKT-8: a one-time request (given or by default) that asks to stop or hibernate when interrupted."""
    spot_type = get(case.params, f"{SPOT}.SpotInstanceType") or SPOT_TYPE_DEFAULT
    behaviour = get(case.params, f"{SPOT}.InstanceInterruptionBehavior")
    return spot_type == SPOT_TYPE_DEFAULT and behaviour in ONE_TIME_SPOT_FORBIDDEN_BEHAVIOURS


def _valid_until_one_time(case: Case, world: World) -> bool:
    spot_type = get(case.params, f"{SPOT}.SpotInstanceType") or SPOT_TYPE_DEFAULT
    return get(case.params, f"{SPOT}.ValidUntil") is not None and spot_type == SPOT_TYPE_DEFAULT


def _max_price_too_low(case: Case, world: World) -> bool:
    price = get(case.params, f"{SPOT}.MaxPrice")
    if price is None:
        return False
    try:
        return float(price) <= SPOT_MAX_PRICE_FLOOR
    except (TypeError, ValueError):
        return True


def _bad_reservation_id(case: Case, world: World) -> bool:
    ident = get(case.params, CR_ID)
    if ident is None:
        return False
    return ID_PATTERNS["cr"].fullmatch(str(ident)) is None or ident not in world.capacity_reservation_ids


def _preference_beside_target(case: Case, world: World) -> bool:
    """R-CR-3: a target beside a preference of the enum other than capacity-reservations-only (values outside
    the enum are R-ENUM-1's)."""
    target, preference = get(case.params, CR_TARGET), get(case.params, CR_PREFERENCE)
    return bool(target) and preference in enum_values(CR_PREFERENCE) and \
        preference != CAPACITY_PREFERENCE_WITH_TARGET


def _preference_shown(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    if get(case.params, f"{CRS}.CapacityReservationTarget") is not None:
        return []  # a targeted launch shows the target, not a preference
    described = launch.described
    preference = f"{CRS}.CapacityReservationPreference"
    wanted = get(case.params, preference) or DEFAULTS[preference]
    problems: list[FailedCheck] = []
    for instance in described:
        shown = get(instance, f"{CRS}.CapacityReservationPreference")
        if shown is not None and shown != wanted:
            problems.append(FailedCheck(f"{CRS}.CapacityReservationPreference",
                                    f"{instance.get('InstanceId')}: CapacityReservationPreference={shown!r}, "
                                    f"expected {wanted!r}"))
    return problems


_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-MKT-1", (MARKET_TYPE,),
        "MarketType outside the model enum -> InvalidParameterValue (this rule owns the leaf)",
        (("[BC]", "enum spot | capacity-block | interruptible-capacity-reservation (today's model adds "
          "on-demand)"),),
        outcome=codes("InvalidParameterValue"), violated=_market_type_unknown, tags=frozenset({"enum-owner"}),
        reason="code from the generic InvalidParameterValue definition; the installed model's enum is used",
    ),
    _rule(
        "R-MKT-2", (f"{SPOT}.SpotInstanceType", f"{SPOT}.InstanceInterruptionBehavior"),
        "a persistent Spot request whose interruption behaviour is (or defaults to) terminate -> an error",
        (("[BC]", "For RunInstances, persistent Spot Instance requests are only supported when the instance "
          "interruption behavior is either hibernate or stop."),
         ("[UG-SPOT]", "If you keep the default and try to launch a persistent Spot Instance request, you'll "
          "get an error.")),
        outcome=codes("InvalidParameterCombination", "InvalidParameterValue"),
        violated=_persistent_terminates,
        reason=UNDOCUMENTED + "; the default is hibernate when hibernation is configured (R-HIB-3)",
    ),
    _rule(
        "R-MKT-3", (f"{SPOT}.ValidUntil", f"{SPOT}.SpotInstanceType"),
        "ValidUntil with a one-time Spot request (the default type) -> not supported",
        (("[BC]", "Supported only for persistent requests… For a one-time request, ValidUntil is not "
          "supported."),),
        outcome=codes("InvalidParameterCombination", "InvalidParameterValue"),
        violated=_valid_until_one_time, tags=frozenset({UNDETERMINED}),
        reason="undocumented whether EC2 refuses or ignores it: the oracle should not assert an error",
    ),
    _rule(
        "R-MKT-4", (f"{SPOT}.MaxPrice",), "a MaxPrice at or below USD 0.001 -> InvalidParameterValue",
        (("[BC]", "If you specify a maximum price, it must be more than USD $0.001. Specifying a value "
          "below USD $0.001 will result in an InvalidParameterValue error message."),),
        confidence=Confidence.DOCUMENTED, outcome=codes("InvalidParameterValue"),
        violated=_max_price_too_low, reason="a price that is not a number is refused the same way",
    ),
    _rule(
        "R-MKT-5", (f"{SPOT}.MaxPrice",), "MaxPrice below the current Spot price -> SpotMaxPriceTooLow",
        (("[ERR]", "SpotMaxPriceTooLow"),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.ENVIRONMENTAL, confidence=Confidence.DOCUMENTED,
        outcome=codes("SpotMaxPriceTooLow"), dry_run=DryRun.UNKNOWN,
        reason="environmental: the Spot price moves",
    ),
    _rule(
        "R-MKT-6", (f"{SPOT}.InstanceInterruptionBehavior",),
        "InstanceInterruptionBehavior defaults to terminate when hibernation is not configured",
        (("[BC]", "If Configured … is set to false or null, the InstanceInterruptionBehavior parameter is "
          "automatically set to terminate."),),
        kind=Kind.UNDECIDABLE, confidence=Confidence.DOCUMENTED, dry_run=DryRun.NOT_APPLICABLE,
        reason="the Spot request's behaviour is not shown by DescribeInstances; the default feeds "
        "R-MKT-2's predicate (market.effective_interruption)",
    ),
    _rule(
        "R-MKT-7", (f"{SPOT}.BlockDurationMinutes",), "BlockDurationMinutes is deprecated",
        (("[BC]", "Deprecated."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESERVED, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, tags=frozenset({"unsettled"}),
        reason="deprecated member: response undocumented",
    ),
    _rule(
        "R-MKT-8", (f"{SPOT}.SpotInstanceType", f"{SPOT}.InstanceInterruptionBehavior"),
        "a one-time Spot request (the default type) with a stop or hibernate interruption behaviour -> "
        "InvalidParameterCombination",
        (("[BC]", "For RunInstances, persistent Spot Instance requests are only supported when the instance "
          "interruption behavior is either hibernate or stop."),
         ("ri-spot-one-time-with-stop", "The request with type 'one-time' is not supported when "
          "instanceInterruptionBehavior is set to 'STOP'.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterCombination"),
        violated=_one_time_stops,
        reason="observed 2023-01-13 with stop; hibernate is refused the same way by the same check (the "
        "mirror of R-MKT-2); only an explicit behaviour is judged",
    ),
    _rule(
        "R-CR-1", (f"{CRS}.CapacityReservationPreference",),
        "DescribeInstances shows the requested CapacityReservationPreference (open by default)",
        (("[BC]", "capacity-reservations-only | open | none; default open"),),
        kind=Kind.POSTCONDITION, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, postcondition=_preference_shown,
        reason="values outside the enum are R-ENUM-1's; a capacity-reservations-only launch without "
        "capacity is environmental; checked where the field is shown",
    ),
    _rule(
        "R-CR-2", (CR_ID,), "a malformed or unknown CapacityReservationId",
        (("[ERR]", "InvalidCapacityReservationId.Malformed: form cr-xxxxxxxxxxxxxxxxx / "
          "InvalidCapacityReservationId.NotFound"),),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("InvalidCapacityReservationId.Malformed", "InvalidCapacityReservationId.NotFound"),
        violated=_bad_reservation_id,
        reason="a known but full reservation (ReservationCapacityExceeded) is environmental",
    ),
    _rule(
        "R-CR-3", (CR_PREFERENCE, CR_TARGET),
        "a CapacityReservationTarget beside a CapacityReservationPreference other than "
        "capacity-reservations-only (open, none) -> InvalidParameterCombination",
        (("[BC]", "CapacityReservationSpecification: You can only specify CapacityReservationPreference and "
          "CapacityReservationTarget if the CapacityReservationPreference is capacity-reservations-only."),
         ("mined-packer-12912-cr-id-and-preference", "The request can include either a CapacityReservationId "
          "or a CapacityReservationPreference but not both.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterCombination"),
        violated=_preference_beside_target,
        reason="observed 2024-04-09 (a reservation id beside the preference Packer sent; its value is "
        "inferred); the answer's message says 'not both', today's botocore text allows capacity-reservations-only "
        "beside a target, so only open and none are judged",
    ),
)
