"""What of a case may be shown in failure messages and logs: credentials never, UserData only when asked."""

from __future__ import annotations

import json
import os
from typing import Any

from reports.redact import Redactor, digest_user_data, hide_user_data, is_user_data_wire_key
from strategies.case import Case

CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


def env_secrets() -> list[str]:
    """Credentials in the environment: never written anywhere."""
    return [os.environ[n] for n in CREDENTIAL_VARIABLES if os.environ.get(n)]


def redactor() -> Redactor:
    return Redactor(env_secrets())


def shown_params(case: Case, show_user_data: bool) -> dict[str, Any]:
    """The request as JSON values, UserData replaced by its size and hash unless the user asked to see it."""
    params = case.json_params()
    return params if show_user_data else hide_user_data(params)


def shown_wire_edits(case: Case, show_user_data: bool) -> tuple[tuple[str, str | None], ...]:
    """(key, value) wire edits, a UserData value replaced by its size and hash unless asked for."""
    return tuple(
        (e.key, e.value if e.value is None or show_user_data or not is_user_data_wire_key(e.key)
         else json.dumps(digest_user_data(e.value), sort_keys=True))
        for e in case.wire_edits
    )
