"""Keep credentials and user data out of everything the suite writes.

Three layers: exact known secrets (the run's own credentials, when the caller passes them), patterns for
AWS-shaped credentials (access key ids, secret keys, session tokens, SigV4 Authorization headers and
presigned-URL parameters), and key names (a value under `SecretAccessKey`, `Authorization`, ... is dropped
whatever it looks like). UserData is replaced by its size and SHA-256 unless the user asks to see it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

REDACTED = "[REDACTED]"

_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|ABIA|ACCA)"
                            r"[A-Z0-9]{12,}")
# A secret access key is 40 characters of base64; require mixed case and a digit or / or + to spare words.
_SECRET_KEY = re.compile(r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])"
                         r"(?=[A-Za-z0-9/+]*[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
# STS session tokens start with one of a few base64 prefixes and run on for hundreds of characters.
_SESSION_TOKEN = re.compile(r"(?:FQoG|FwoG|IQoJ|IgoJ|AQoD|AgoJ|IQoD)[A-Za-z0-9/+=]{16,}")
_LONG_BASE64 = re.compile(r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])"
                          r"[A-Za-z0-9/+]{100,}={0,2}")
_QUOTE = r"(?:[\"']|&quot;|&#x27;)?+"  # a quote, also as HTML escapes it
_AUTH_HEADER = re.compile(rf"(?i)(authorization{_QUOTE}\s*+[:=]\s*+{_QUOTE})(?!\[REDACTED\])"
                          r"[^\"'\r\n|<>&]*[^\"'\r\n|<>&\s]")
_SIGV4_PARTS = re.compile(r"(?i)(AWS4-HMAC-SHA256|Credential=|Signature=|SignedHeaders=)[^\s\"',&]*")
_QUERY_SECRETS = re.compile(r"(?i)(X-Amz-(?:Security-Token|Credential|Signature)=)[^&\s\"']+")
_URL_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/@\s\"']+@")
_SECRET_ASSIGNMENT = re.compile(
    r"(?i)((?:aws_)?(?:secret_access_key|secret_key|session_token|security_token|secretaccesskey|sessiontoken)"
    rf"{_QUOTE}\s*+[:=]\s*+{_QUOTE})(?!testing\b)(?!\[REDACTED\])[^\s\"',}}&]+"
)
# `testing` is the dummy key the reproducers give emulators (moto's documented convention): not a secret.
_SENSITIVE_KEY = re.compile(
    r"(?i)(secret|session_?token|security_?token|authorization|password|passwd|credential|access_?key_?id|"
    r"x-amz-signature)"
)
USER_DATA_KEY = "UserData"


class Redactor:
    """Scrubs strings and JSON-like values; `known` are exact secrets to remove wherever they appear."""

    _MEMO_LIMIT = 20_000  # scrubbed short strings remembered (member names, types and ids recur)
    _MEMO_LENGTH = 200

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.known = tuple(sorted({k for k in known if k and len(k) >= 8}, key=len, reverse=True))
        self._memo: dict[str, str] = {}

    def text(self, value: str) -> str:
        """The string with every credential-looking part replaced by [REDACTED]."""
        if len(value) > self._MEMO_LENGTH:
            return self._scrub(value)
        scrubbed = self._memo.get(value)
        if scrubbed is None:
            if len(self._memo) >= self._MEMO_LIMIT:
                self._memo.clear()
            scrubbed = self._memo[value] = self._scrub(value)
        return scrubbed

    def _scrub(self, value: str) -> str:
        for secret in self.known:
            value = value.replace(secret, REDACTED)
        value = _AUTH_HEADER.sub(lambda m: m.group(1) + REDACTED, value)
        value = _SECRET_ASSIGNMENT.sub(lambda m: m.group(1) + REDACTED, value)
        value = _QUERY_SECRETS.sub(lambda m: m.group(1) + REDACTED, value)
        value = _SIGV4_PARTS.sub(REDACTED, value)
        value = _URL_USERINFO.sub(lambda m: m.group(1) + REDACTED + "@", value)
        for pattern in (_ACCESS_KEY_ID, _SESSION_TOKEN, _LONG_BASE64, _SECRET_KEY):
            value = pattern.sub(REDACTED, value)
        return value

    def value(self, value: Any) -> Any:
        """A deep copy of a JSON-like value with every string scrubbed and sensitive keys dropped."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {self.text(str(k)): self._member(str(k), v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def _member(self, key: str, value: Any) -> Any:
        if _SENSITIVE_KEY.search(key) and isinstance(value, str | bytes):
            return REDACTED
        return self.value(value)


def digest_user_data(value: Any) -> dict[str, Any]:
    """`{"size": bytes, "sha256": hex}` for a UserData value (str is measured as UTF-8)."""
    raw = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return {"size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}


def hide_user_data(params: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of request params with UserData replaced by its digest."""
    result = dict(params)
    value = result.get(USER_DATA_KEY)
    if value is not None and not is_user_data_digest(value):
        result[USER_DATA_KEY] = digest_user_data(value)
    return result


def is_user_data_digest(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"size", "sha256"}


def is_user_data_wire_key(key: str) -> bool:
    """True for the Query key that carries UserData (`UserData`)."""
    return key == USER_DATA_KEY


CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


def env_secrets() -> list[str]:
    """Credentials in the environment: never written anywhere."""
    import os

    return [os.environ[n] for n in CREDENTIAL_VARIABLES if os.environ.get(n)]


@dataclass(frozen=True)
class Disclosure:
    """The one policy for what any output may show of a request: credentials never (a Redactor of the run's
    secrets), UserData as its size and SHA-256 unless the user asked to see it."""

    show_user_data: bool = False
    redactor: Redactor = field(default_factory=lambda: Redactor(env_secrets()))

    def params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """JSON params as an output may show them (secrets not yet scrubbed: see `redactor`)."""
        shown = dict(params) if self.show_user_data else hide_user_data(params)
        if self.show_user_data and isinstance(shown.get(USER_DATA_KEY), bytes):
            shown[USER_DATA_KEY] = shown[USER_DATA_KEY].decode("utf-8", "backslashreplace")
        return shown

    def wire_edits(self, edits: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
        """(key, value) wire edits, a UserData value as its size and hash unless asked for."""
        return tuple((key, self._wire_value(key, value)) for key, value in edits)

    def _wire_value(self, key: str, value: str | None) -> str | None:
        if value is None or self.show_user_data or not is_user_data_wire_key(key) or _is_digest_text(value):
            return value
        return json.dumps(digest_user_data(value), sort_keys=True)


def _is_digest_text(value: str) -> bool:
    """A wire value that is already a UserData digest (hiding twice must change nothing)."""
    if not value.startswith("{"):
        return False
    try:
        return is_user_data_digest(json.loads(value))
    except ValueError:
        return False
