"""`--record-answers FILE`: every answer a run got, one JSON line each, in the schema of the project's evidence.

Each line is an observation as `conformance/evidence/real_runinstances_observations.json` holds them (`id`, `rule`,
`request` as boto3 kwargs, `dry_run`, `world` in prose, `outcome`, `source`, `date`, `confidence`), plus where it
was measured (`target`, `target_version`, `region`, `botocore`) and the request's wire edits. `ec2-conformance
calibrate FILE` reads it back: on `--target=aws` this is how a user with an account contributes evidence.

Never written: credentials (the run's Redactor), account ids (any 12-digit number), request signatures (the
request is kept as kwargs, never as sent), UserData content (its size and SHA-256 only). A request the client
refused to send got no answer and is not written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conformance.example import ExampleResult
from conformance.outcome import OutcomeKind
from reports.redact import Redactor, hide_user_data
from strategies.model import leaf_values
from strategies.world import World

ACCOUNT_ID = re.compile(r"(?<!\d)\d{12}(?!\d)")
ACCOUNT_MARK = "<account>"


def without_accounts(value: Any) -> Any:
    """The value with every 12-digit number (an account id, alone or in an ARN) replaced."""
    if isinstance(value, str):
        return ACCOUNT_ID.sub(ACCOUNT_MARK, value)
    if isinstance(value, Mapping):
        return {key: without_accounts(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_accounts(item) for item in value]
    return value


def world_facts(params: Mapping[str, Any], world: World) -> str:
    """The facts of the World the request's ids name, in the prose calibrate reads ("none" when it names none)."""
    facts: list[str] = []
    for value in dict.fromkeys(v for _, v in leaf_values(params) if isinstance(v, str)):
        image = world.image(value)
        if image is not None:
            facts.append(f"ImageId {value} is an {image.architecture} AMI with root device "
                         f"{image.root_device_name} (root snapshot {image.root_snapshot_size} GiB"
                         + ("" if image.ena_support is not False else ", without ENA")
                         + (", root unencrypted" if image.root_encrypted is False else "") + ")")
        subnet = world.subnet(value)
        if subnet is not None:
            facts.append(f"subnet {value} exists in {subnet.vpc_id}, zone {subnet.availability_zone}, "
                         f"IPv4 {subnet.cidr_block or 'none'}, IPv6 {subnet.ipv6_cidr_block or 'none'}")
    return "; ".join(facts) or "none named"


def _outcome(example: ExampleResult, redactor: Redactor) -> dict[str, Any] | None:
    observed = example.observed
    message = without_accounts(redactor.text(observed.message)) if observed.message else None
    if observed.kind is OutcomeKind.SUCCESS:
        return {"success": True}
    if observed.kind is OutcomeKind.ERROR:
        return {"error_code": observed.code, "http_status": observed.status, "message": message}
    if observed.kind is OutcomeKind.CRASH:
        return {"error_code": None, "http_status": observed.status, "message": message, "crash": True}
    return None  # never sent: no answer


@dataclass
class AnswerLog:
    """Appends one observation per answered example to `path` (a line per write: xdist workers share the file)."""

    path: Path
    target: str
    target_version: str
    region: str
    botocore: str
    world: World
    redactor: Redactor = field(default_factory=Redactor)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    worker: str = field(default_factory=lambda: os.environ.get("PYTEST_XDIST_WORKER", "main"))
    written: int = 0

    def __call__(self, example: ExampleResult) -> None:
        entry = self.entry(example)
        if entry is not None:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(entry, sort_keys=True, default=str) + "\n")
            self.written += 1

    def entry(self, example: ExampleResult) -> dict[str, Any] | None:
        """The example's answer as an observation, or None for a request that was never sent."""
        outcome = _outcome(example, self.redactor)
        if outcome is None:
            return None
        request = without_accounts(self.redactor.value(hide_user_data(example.params)))
        dry_run = request.pop("DryRun", False) is True
        where = f"{self.target} {self.target_version}".strip()
        return {
            "id": f"rec-{self.target}-{self.started:%Y%m%dT%H%M%S}-{self.worker}-{self.written + 1:05d}",
            "rule": (example.mutation or {}).get("rule_id", ""),
            "request": request, "dry_run": dry_run,
            "wire_edits": [list(edit) for edit in example.wire_edits],
            "world": world_facts(request, self.world), "outcome": outcome,
            "source": f"ec2-conformance --record-answers ({where}, {self.region}, botocore {self.botocore}; "
                      f"{example.node_id or 'a probe'})",
            "date": f"{self.started:%Y-%m-%d}",
            "confidence": "recorded by the suite: the request as sent, the answer as parsed",
            "target": self.target, "target_version": self.target_version, "region": self.region,
            "botocore": self.botocore,
        }
