"""What a target did with a case, classified."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class OutcomeKind(Enum):
    SUCCESS = "success"  # a reservation came back (HTTP 200)
    ERROR = "error"  # an AWS-shaped error: code, message, status, request id
    CRASH = "crash"  # the target broke: Python exception in-process, 5xx or a non-XML body over HTTP
    REJECTED = "rejected"  # the client refused to send it (never reached the target)


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    status: int | None = None
    code: str | None = None  # error code as sent; compare with `normalized_code`
    message: str | None = None
    request_id: str | None = None
    reservation: dict[str, Any] | None = None  # botocore-parsed RunInstances output on success
    raw_body: str | None = None  # the raw HTTP body where the transport has one
    detail: str | None = None  # crash / rejection description (exception type and text)
    elapsed_ms: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def normalized_code(self) -> str | None:
        """The error code without an optional `Client.`/`Server.` prefix."""
        if self.code is None:
            return None
        for prefix in ("Client.", "Server."):
            if self.code.startswith(prefix):
                return self.code[len(prefix) :]
        return self.code

    def describe(self) -> str:
        """One line: the code and message, the launch, or the crash."""
        if self.kind is OutcomeKind.ERROR:
            return f"{self.code} (HTTP {self.status}): {self.message}"
        if self.kind is OutcomeKind.SUCCESS:
            return f"success, {len(self.instance_ids)} instance(s) launched"
        return f"{self.kind.value}: {self.detail}"

    @property
    def instance_ids(self) -> list[str]:
        if not self.reservation:
            return []
        return [str(i.get("InstanceId")) for i in self.reservation.get("Instances", [])]
