"""TagSpecifications.N (R-TAG-*): taggable types once each, unique keys, lengths, no reserved prefix."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from strategies.families.context import Draft, flags, integers, some
from strategies.limits import (
    IMDS_TAG_KEY_RESERVED,
    TAG_KEY_MAX_BC,
    TAG_RESERVED_PREFIX,
    TAG_VALUE_MAX,
    TAGGABLE_ON_LAUNCH,
    TAGS_PER_RESOURCE_MAX,
)

PATHS = frozenset(
    {"TagSpecifications[].ResourceType", "TagSpecifications[].Tags[].Key", "TagSpecifications[].Tags[].Value"}
)
# R-TAG-11: EC2 accepts any character; the guide's portable set plus a few non-ASCII letters.
_ANY_TEXT = string.ascii_letters + string.digits + " +-=._:/@" + "éüßø日本"
# R-TAG-10: instance tag keys when tags are in instance metadata.
_IMDS_KEY_TEXT = string.ascii_letters + string.digits + "-_+=,.@:"
_ORDER = ("instance", "volume", "network-interface", "spot-instances-request")
assert frozenset(_ORDER) == TAGGABLE_ON_LAUNCH


def _usable_key(key: str) -> str:
    """R-TAG-6, R-TAG-10: move a key off the reserved prefix and reserved names (a map, not a filter)."""
    if key.lower().startswith(TAG_RESERVED_PREFIX) or key in IMDS_TAG_KEY_RESERVED:
        return ("k" + key)[:TAG_KEY_MAX_BC]
    return key


# R-TAG-9 allows 50 tags per resource; every tag costs Hypothesis two strings, so a random request carries a few
# and the boundary examples (strategies.boundaries) carry exactly 50 (and 51).
TAGS_DRAWN_MAX = 5
assert TAGS_DRAWN_MAX <= TAGS_PER_RESOURCE_MAX
_KEYS = {
    alphabet: st.text(alphabet, min_size=1, max_size=TAG_KEY_MAX_BC).map(_usable_key)
    for alphabet in (_ANY_TEXT, _IMDS_KEY_TEXT)
}
_VALUE = st.text(_ANY_TEXT, max_size=TAG_VALUE_MAX)


def _tags(draw: st.DrawFn, key_alphabet: str) -> list[dict[str, str]]:
    """R-TAG-4/5/8/9: 1..5 tags, keys of 1..127 characters (the smaller documented limit), unique.

    A count and plain draws rather than st.lists(unique_by=...): the list machinery cost Hypothesis as much as
    the strings themselves (benchmarks/throughput.py); a repeated key is dropped.
    """
    tags: dict[str, str] = {}
    for _ in range(draw(integers(1, TAGS_DRAWN_MAX))):
        tags.setdefault(draw(_KEYS[key_alphabet]), draw(_VALUE))
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def build(draw: st.DrawFn, draft: Draft) -> None:
    """R-TAG-1/3: only the types RunInstances creates here, each in one specification."""
    include, = flags(draw, 1)
    if not include:
        return
    present = {"network-interface": draft.creates_interface, "spot-instances-request": draft.spot}
    types = [t for t in _ORDER if present.get(t, True)]
    specs: list[dict[str, Any]] = []
    for resource_type in some(draw, tuple(types)):
        imds = resource_type == "instance" and draft.metadata_tags
        specs.append({"ResourceType": resource_type, "Tags": _tags(draw, _IMDS_KEY_TEXT if imds else _ANY_TEXT)})
    draft.params["TagSpecifications"] = specs
