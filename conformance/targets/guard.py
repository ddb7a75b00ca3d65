"""The DryRun guard for the `aws` target: nothing but read-only calls and DryRun RunInstances.

EC2: Describe* calls, GetEbsEncryptionByDefault, and RunInstances with DryRun=true. Other services (the World's
instance profiles and license configurations): only the List calls of READ_ONLY_CALLS.

Enforced three times: `force_dry_run` where the request is built (the target rewrites every case),
`check_wire` on the exact bytes just before they are signed and sent (raw transport), and
`install_boto3_guard` as a botocore `before-send` hook on every boto3 client the target owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conformance.targets.errors import DryRunGuardError
from strategies.case import Case, WireEdit

RUN_INSTANCES = "RunInstances"
READ_ONLY_PREFIXES = ("Describe",)
READ_ONLY_EC2_ACTIONS = frozenset({"GetEbsEncryptionByDefault"})  # R-HIB-5's account fact
# service -> the only operations the aws target may call there (discovering the World, read-only)
READ_ONLY_CALLS: dict[str, frozenset[str]] = {
    "iam": frozenset({"ListInstanceProfiles"}),
    "license-manager": frozenset({"ListLicenseConfigurations"}),
}
JSON_TARGET_HEADER = "X-Amz-Target"


def read_only_ec2(action: str) -> bool:
    """A Describe call or one of READ_ONLY_EC2_ACTIONS: never changes anything."""
    return action.startswith(READ_ONLY_PREFIXES) or action in READ_ONLY_EC2_ACTIONS


def force_dry_run(case: Case) -> Case:
    """The same case with DryRun=true in its params and, as the last wire edit, in its query."""
    params = dict(case.params)
    params["DryRun"] = True
    edits = tuple(e for e in case.wire_edits if e.key != "DryRun")
    if case.wire_edits:
        edits += (WireEdit("DryRun", "true"),)
    return Case(params=params, mutation=case.mutation, wire_edits=edits, labels=case.labels)


def _values(form: Mapping[str, list[str]], key: str) -> list[str]:
    return list(form.get(key, []))


def check_form(form: Mapping[str, list[str]]) -> None:
    """Refuse all but Describe calls and RunInstances (or no Action at all) with exactly DryRun=true."""
    actions = _values(form, "Action")
    if len(actions) > 1:
        raise DryRunGuardError(f"aws target: refused a request with Action={actions!r}")
    action = actions[0] if actions else ""
    if read_only_ec2(action):
        return
    if not launches_or_nothing(action):
        raise DryRunGuardError(
            f"aws target: refused {action}: only read-only calls and DryRun RunInstances go out")
    dry_run = _values(form, "DryRun")
    if dry_run != ["true"]:
        raise DryRunGuardError(
            f"aws target: refused {action or 'a request without Action'} with DryRun={dry_run!r}"
        )


def launches_or_nothing(action: str) -> bool:
    """RunInstances (any spelling EC2 might accept) or no Action at all: sendable with DryRun=true."""
    return action == "" or action.lower() == RUN_INSTANCES.lower()


def check_query(query: Mapping[str, str]) -> None:
    check_form({key: [value] for key, value in query.items()})


def check_wire(url: str, body: bytes | str | None) -> None:
    """Check the request as it will travel: the URL's query string and the urlencoded body together."""
    form: dict[str, list[str]] = {}
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    for source in (urlsplit(url).query, text):
        for key, values in parse_qs(source, keep_blank_values=True).items():
            form.setdefault(key, []).extend(values)
    check_form(form)


def _before_send(request: Any, **_: Any) -> None:
    body = request.body
    if hasattr(body, "read"):  # a stream: botocore never streams Query bodies, refuse to guess
        raise DryRunGuardError("aws target: refused a streamed request body")
    check_wire(str(request.url), body)


def operation_of(url: str, headers: Mapping[str, Any], body: bytes | str | None) -> str:
    """The operation a request calls: the JSON protocol's X-Amz-Target (`Service.Operation`), else the Query
    protocol's Action (in the URL or the urlencoded body)."""
    target = headers.get(JSON_TARGET_HEADER)
    if target:
        text = target.decode() if isinstance(target, bytes) else str(target)
        return text.rsplit(".", 1)[-1]
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    actions = [a for source in (urlsplit(url).query, text) for a in parse_qs(source).get("Action", [])]
    return actions[0] if len(actions) == 1 else ""


def check_read_only_call(service: str, operation: str) -> None:
    if operation not in READ_ONLY_CALLS.get(service, frozenset()):
        raise DryRunGuardError(f"aws target: refused {service} {operation or 'request'}: only "
                               f"{sorted(READ_ONLY_CALLS.get(service, ()))} go out to {service}")


def install_read_only_guard(client: Any, service: str) -> Any:
    """Register on a boto3 client of another service a before-send hook that lets out only READ_ONLY_CALLS."""
    def before_send(request: Any, **_: Any) -> None:
        if hasattr(request.body, "read"):
            raise DryRunGuardError("aws target: refused a streamed request body")
        check_read_only_call(service, operation_of(str(request.url), request.headers, request.body))

    client.meta.events.register_first("before-send", before_send, unique_id=f"ec2-conformance-read-only-{service}")
    return client


def install_boto3_guard(client: Any) -> Any:
    """Register the guard on a boto3 EC2 client (before-send sees the final signed bytes)."""
    client.meta.events.register_first(
        "before-send.ec2", _before_send, unique_id="ec2-conformance-dry-run-guard"
    )
    return client
