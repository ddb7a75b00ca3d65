"""UserData rules: R-UD-1..3 (catalogue section 7). They read the Query value actually sent."""

from __future__ import annotations

import binascii
from functools import partial

from conformance.rules._readers import codes, family_rule
from conformance.rules.core import Confidence, DryRun, Kind, Rule
from strategies.case import Case
from strategies.limits import USER_DATA_MAX_BYTES
from strategies.world import World

FAMILY = "user_data"
MEMBER = "UserData"


def decoded_user_data(case: Case) -> bytes | None:
    """The raw bytes of the UserData sent on the wire; None when absent or not valid base64."""
    sent = case.query.get(MEMBER)
    if sent is None:
        return None
    try:
        return binascii.a2b_base64(sent.encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError):
        return None


def _not_base64(case: Case, world: World) -> bool:
    return MEMBER in case.query and decoded_user_data(case) is None


def _too_large(case: Case, world: World) -> bool:
    raw = decoded_user_data(case)
    return raw is not None and len(raw) > USER_DATA_MAX_BYTES


_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-UD-1", (MEMBER,),
        "UserData on the wire is not valid base64 -> InvalidParameterValue (400)",
        (("[BC]", "User data must be base64-encoded."),
         ("OBS-USERDATA-B64", "Invalid BASE64 encoding of user data")),
        confidence=Confidence.OBSERVED,
        outcome=codes("InvalidParameterValue"),
        violated=_not_base64,
        reason="CreateLaunchTemplate answers InvalidUserData.Malformed (OBS-USERDATA-B64-LT); RunInstances "
        "was observed with InvalidParameterValue",
    ),
    _rule(
        "R-UD-2", (MEMBER,),
        "UserData larger than 16,384 raw (decoded) bytes -> InvalidParameterValue (400)",
        (("[UG-UD]", "User data is limited to 16 KB, in raw form, before it is base64-encoded."),
         ("ri-userdata-over-16k", "User data is limited to 16384 bytes")),
        confidence=Confidence.OBSERVED,
        outcome=codes("InvalidParameterValue"),
        violated=_too_large,
        reason="RunInstances answers InvalidParameterValue (2018-2024 threads, solana 19913 in 2021); "
        "InvalidUserData.Malformed is the launch-template API's code (a minor divergence); one third-party "
        "note counts the limit after base64",
    ),
    _rule(
        "R-UD-3", (MEMBER,),
        "boto3 base64-encodes UserData for RunInstances: R-UD-1/R-UD-2 must be tested on the wire",
        (("botocore/handlers.py", "before-parameter-build.ec2.RunInstances -> base64_encode_user_data"),),
        kind=Kind.UNDECIDABLE,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        reason="a property of the SDK, not of EC2: strategies.wire applies botocore's handler and the "
        "R-UD-1/R-UD-2 mutations are wire edits (tests/conformance/rules/test_user_data.py checks both)",
    ),
)
