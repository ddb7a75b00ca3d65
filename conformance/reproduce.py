"""TEMPORARY: replaced by the reports package's reproducers once they land."""

from __future__ import annotations

import json

from strategies.case import Case


def boto3_snippet(case: Case) -> str:
    return "boto3.client('ec2').run_instances(**" + json.dumps(dict(case.params), default=str) + ")"
