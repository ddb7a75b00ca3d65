"""The DryRun guard for the `aws` target: nothing but read-only Describe calls and DryRun RunInstances.

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
    if action.startswith(READ_ONLY_PREFIXES):
        return
    if not launches_or_nothing(action):
        raise DryRunGuardError(f"aws target: refused {action}: only Describe* and DryRun RunInstances go out")
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


def install_boto3_guard(client: Any) -> Any:
    """Register the guard on a boto3 EC2 client (before-send sees the final signed bytes)."""
    client.meta.events.register_first(
        "before-send.ec2", _before_send, unique_id="ec2-conformance-dry-run-guard"
    )
    return client
