"""Reading a request as sent: counts and scalars from the Query encoding, structure from the API params.

Owned by the part-A rule families (protocol, counts, image, network, nic, idempotency).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from strategies.case import Case
from strategies.limits import ID_PATTERNS, MIN_INSTANCE_COUNT
from strategies.world import Subnet, World

_DECIMAL = re.compile(r"[0-9]+")


def sent(case: Case, key: str) -> str | None:
    """The value of a Query parameter as the target receives it (wire edits applied), or None."""
    return case.query.get(key)


def valid_count(case: Case, key: str) -> int | None:
    """MinCount/MaxCount as an integer >= 1, or None when absent, not decimal or below 1 (R-COUNT-2)."""
    value = sent(case, key)
    if value is None or not _DECIMAL.fullmatch(value):
        return None
    number = int(value)
    return number if number >= MIN_INSTANCE_COUNT else None


def launches_several(case: Case) -> bool:
    """The request may launch more than one instance (either valid count above 1)."""
    counts = [c for c in (valid_count(case, "MinCount"), valid_count(case, "MaxCount")) if c is not None]
    return bool(counts) and max(counts) > 1


def given(params: Mapping[str, Any], key: str) -> bool:
    """The member is present (an empty list counts as absent: botocore sends nothing for it)."""
    value = params.get(key)
    if value is None:
        return False
    return not (isinstance(value, list | dict) and not value)


def is_true(params: Mapping[str, Any], key: str) -> bool:
    return params.get(key) is True


def positive(params: Mapping[str, Any], key: str) -> bool:
    value = params.get(key)
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def dicts(value: Any) -> list[Mapping[str, Any]]:
    """The mappings of a list member (anything else ignored)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def nics(case: Case) -> list[Mapping[str, Any]]:
    return dicts(case.params.get("NetworkInterfaces"))


def strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


def malformed(kind: str, value: Any) -> bool:
    """A present id that is not of the documented form (`ami-` + 8 or 17 hex digits, ...)."""
    return isinstance(value, str) and ID_PATTERNS[kind].fullmatch(value) is None


def well_formed(kind: str, value: Any) -> bool:
    return isinstance(value, str) and ID_PATTERNS[kind].fullmatch(value) is not None


def launch_template(case: Case) -> Mapping[str, Any] | None:
    """The LaunchTemplate member when something of it goes on the wire."""
    value = case.params.get("LaunchTemplate")
    return value if isinstance(value, Mapping) and value else None


def subnet_of(world: World, subnet_id: Any) -> Subnet | None:
    return world.subnet(subnet_id) if isinstance(subnet_id, str) else None


def is_ipv4(address: Any) -> bool:
    if not isinstance(address, str):
        return False
    try:
        ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return True
