"""What a target did with a case, classified: every fact a target reports is a typed field (no side channel)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from strategies.case import Before


class OutcomeKind(Enum):
    SUCCESS = "success"  # a reservation came back (HTTP 200)
    ERROR = "error"  # an AWS-shaped error: code, message, status, request id
    CRASH = "crash"  # the target broke: Python exception in-process, 5xx or a non-XML body over HTTP
    REJECTED = "rejected"  # the client refused to send it (never reached the target)


class Fault(StrEnum):
    """How a crash or a refusal to send came about (what the transport saw, never the target's words)."""

    SERVER_ERROR = "5xx"  # HTTP 5xx (with or without an error code)
    EXCEPTION = "exception"  # a Python exception inside the in-process target
    UNREACHABLE = "unreachable"  # connection refused
    TIMEOUT = "timeout"
    RESET = "reset"  # the connection closed mid-answer
    NON_XML = "non-xml"  # a body that is not XML
    NO_ERROR_CODE = "no-error-code"  # an error document without <Error><Code>
    UNEXPECTED_DOCUMENT = "unexpected-document"  # HTTP 2xx with another document than RunInstancesResponse
    UNPARSEABLE = "unparseable"  # botocore could not parse the reservation
    CLIENT_VALIDATION = "client-validation"  # botocore's parameter validation refused to send it
    CLIENT = "client"  # building or signing the request failed on the client side
    DRY_RUN_GUARD = "dry-run-guard"  # the aws target's guard refused a request without DryRun


class Envelope(StrEnum):
    """The shape of an error document: EC2's `<Response><Errors><Error>` or another."""

    EC2 = "ec2"
    OTHER = "other"


@dataclass(frozen=True)
class LeftBehind:
    """What earlier examples left on a target without a reset API that decided this answer instead of a rule,
    with the calls that recreate it on a fresh target (a reproducer makes them first)."""

    exhausted: str = ""  # why a subnet was out of addresses ("" when none was)
    held_addresses: tuple[str, ...] = ()  # addresses an earlier example's (terminated) instance still held
    before: tuple[Before, ...] = ()  # for each held address: a launch at it and that launch's termination

    def __bool__(self) -> bool:
        return bool(self.exhausted or self.held_addresses)


class Resource(Enum):
    """What a request can leave on a target, in the order a side effect is named by (an instance first: its
    interfaces and volumes come with it). Addresses are counted only as leftovers: RunInstances allocates none."""

    INSTANCE = "instance"
    NETWORK_INTERFACE = "network interface"
    VOLUME = "volume"
    ADDRESS = "address"  # an Elastic IP allocation


SIDE_EFFECT_KINDS = (Resource.INSTANCE, Resource.NETWORK_INTERFACE, Resource.VOLUME)


@dataclass(frozen=True)
class Appeared:
    """What a refused or crashed request left on the target that was not there before it: (kind, id) pairs,
    sorted. Only what carries the example's own marks is counted (conformance.targets.inventory.SideEffects)."""

    resources: tuple[tuple[Resource, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.resources)

    @classmethod
    def of(cls, ids: Mapping[Resource, Iterable[str]]) -> Appeared:
        order = list(Resource)
        return cls(tuple(sorted(((kind, i) for kind, found in ids.items() for i in found),
                                key=lambda pair: (order.index(pair[0]), pair[1]))))

    @property
    def kinds(self) -> tuple[Resource, ...]:
        return tuple(dict.fromkeys(kind for kind, _ in self.resources))

    def ids(self, kind: Resource) -> tuple[str, ...]:
        return tuple(i for k, i in self.resources if k is kind)

    @property
    def main(self) -> Resource | None:
        """The kind a side effect is named by: an instance, else a network interface, else a volume."""
        return self.kinds[0] if self.resources else None

    def describe(self) -> str:
        """`instance i-1, network interface eni-2`."""
        return ", ".join(f"{kind.value} {i}" for kind, i in self.resources)


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
    fault: Fault | None = None  # how a crash or a client-side refusal came about
    throttled: bool = False  # a throttling code (judged as the target's throttling, whatever the request)
    envelope: Envelope | None = None  # the error document's shape (an error answer)
    namespace: str = ""  # the error document's XML namespace, if any
    transport: str = ""  # how the case was sent: "boto3" or "query"
    client_validation: str = ""  # botocore's validation report of a request sent without client validation
    left_behind: LeftBehind = LeftBehind()
    appeared: Appeared = Appeared()  # what a refusal or crash created anyway (emulator targets count it)

    @property
    def normalized_code(self) -> str | None:
        """The error code without an optional `Client.`/`Server.` prefix."""
        if self.code is None:
            return None
        for prefix in ("Client.", "Server."):
            if self.code.startswith(prefix):
                return self.code[len(prefix) :]
        return self.code

    @property
    def crash_class(self) -> str:
        """`HTTP 500`, `IndexError`, `timeout`: what tells one crash from another, without its text."""
        if self.status is not None and (self.fault is Fault.SERVER_ERROR or self.status >= 500):
            return f"HTTP {self.status}"
        if self.fault is Fault.EXCEPTION:
            return (self.detail or "exception").split(":", 1)[0]
        return self.fault.value if self.fault is not None else "crash"

    @property
    def unreachable(self) -> bool:
        return self.kind is OutcomeKind.CRASH and self.fault is Fault.UNREACHABLE

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
