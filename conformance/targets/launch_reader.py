"""What a launch left behind, read back in batches after RunInstances answered (Target.read_back).

One DescribeInstances, one DescribeVolumes and one DescribeNetworkInterfaces per launch (filtered by
`attachment.instance-id`), and one DescribeInstanceAttribute per instance and attribute in `ATTRIBUTES`
(the attributes DescribeInstances does not show; each has a documented default, so each is read on every
launch). A read-back the target answers with an error is recorded in `Launch.unreadable` (the call and the
error) instead of failing the run: the post-conditions that need it report `<member> (not readable)`, a
signature of its own that the target's baseline carries. Only answers count: an unreachable target still
raises (the runner stops the run).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from botocore.exceptions import ClientError

from conformance.rules._launch_views import ATTRIBUTES, INTERFACES, VOLUMES, attribute_call
from conformance.rules.core import Launch, launch_as_described


def instance_ids(reservation: Mapping[str, Any]) -> list[str]:
    found = reservation.get("Instances", []) or []
    return [str(i.get("InstanceId")) for i in found if isinstance(i, Mapping) and i.get("InstanceId")]


def _error_text(error: ClientError) -> str:
    detail = error.response.get("Error", {})
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return f"{detail.get('Code', '?')} (HTTP {status}): {detail.get('Message', '')}"


def _attachment_filter(ids: list[str]) -> list[dict[str, Any]]:
    return [{"Name": "attachment.instance-id", "Values": list(ids)}]


class _Reader:
    """Collects answers and the calls that were refused."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.unreadable: dict[str, str] = {}

    def ask(self, call: str, send: Callable[[], Mapping[str, Any]]) -> Mapping[str, Any] | None:
        try:
            return send()
        except ClientError as error:
            self.unreadable[call] = _error_text(error)
            return None

    def attributes(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for instance_id in ids:
            answers = found.setdefault(instance_id, {})
            for attribute, member in ATTRIBUTES.items():
                answer = self.ask(attribute_call(attribute), partial(
                    self.client.describe_instance_attribute, InstanceId=instance_id, Attribute=attribute))
                if answer is not None:
                    answers[member] = answer.get(member)
        return found

    def listed(self, call: str, key: str, ids: list[str]) -> list[Mapping[str, Any]]:
        method = self.client.describe_volumes if call == VOLUMES else self.client.describe_network_interfaces
        answer = self.ask(call, partial(method, Filters=_attachment_filter(ids)))
        found = [] if answer is None else answer.get(key) or []
        return [entry for entry in found if isinstance(entry, Mapping)]


def read_launch(client: Any, reservation: Mapping[str, Any], described: list[Mapping[str, Any]]) -> Launch:
    """The launch as the target shows it: the launched instances as described (any other instance the answer
    held is kept apart, by id: `Launch.unasked`), and their attributes, volumes and interfaces."""
    ids = instance_ids(reservation)
    shown = launch_as_described(reservation, described)
    if not ids:
        return shown
    reader = _Reader(client)
    attributes = reader.attributes(ids)
    volumes = reader.listed(VOLUMES, "Volumes", ids)
    interfaces = reader.listed(INTERFACES, "NetworkInterfaces", ids)
    return replace(shown, attributes=attributes, volumes=volumes, interfaces=interfaces,
                   unreadable=dict(reader.unreadable))
