"""The Query encoding of a request, with botocore's own EC2 serializer and UserData handler."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from botocore.handlers import base64_encode_user_data
from botocore.serialize import create_serializer

from strategies.case import WireEdit
from strategies.model import API_VERSION, OPERATION, operation_model

_SERIALIZER = create_serializer("ec2", include_validation=False)


def to_query(params: Mapping[str, Any], operation: str = OPERATION) -> dict[str, str]:
    """Serialize API-shaped params to the flat Query dict boto3 would send (UserData base64-encoded)."""
    prepared = dict(params)  # the serializer only reads; the UserData handler replaces one top-level key
    if operation == OPERATION:
        base64_encode_user_data(prepared)
    request = _SERIALIZER.serialize_to_request(prepared, operation_model(operation))
    body = request["body"]
    assert isinstance(body, dict)
    return {str(k): str(v) for k, v in body.items()}


def apply_edits(query: Mapping[str, str], edits: Iterable[WireEdit]) -> dict[str, str]:
    result = dict(query)
    for edit in edits:
        if edit.value is None:
            result.pop(edit.key, None)
        else:
            result[edit.key] = edit.value
    return result


def encode_form(query: Mapping[str, str]) -> str:
    """The urlencoded POST body for a Query dict, as botocore would write it."""
    from urllib.parse import quote

    return "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in query.items())


__all__ = ["API_VERSION", "apply_edits", "encode_form", "to_query"]
