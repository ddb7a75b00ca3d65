"""Save and restore moto's in-process state: every backend in use, copied once and restored by deep copy.

moto's own reset re-creates the EC2 backend, which loads ~1,300 default AMIs (~70 ms). A restore
copies the saved backends instead; the default AMIs (and the snapshots and volumes moto made for
them) are shared between copies, never copied: RunInstances only reads them.
"""

from __future__ import annotations

import copy
from typing import Any

from moto.core.base_backend import BackendDict, backend_lock
from moto.moto_api._internal import mock_random

SEED = 20240101

Slot = tuple[Any, str, str]


def _backend_dicts() -> list[Any]:
    """moto's list of BackendDicts in use."""
    instances: list[Any] = BackendDict._instances  # type: ignore[misc]
    return instances  # (BackendDict, account id, region)


def _backends_in_use() -> list[tuple[Slot, Any]]:
    found = []
    for backend_dict in list(_backend_dicts()):
        for account_id, per_account in list(backend_dict.items()):
            for region, backend in list(per_account.items()):
                found.append(((backend_dict, account_id, region), backend))
    return found


def drop_all_backends() -> None:
    """Forget every backend (moto re-creates them lazily): a reset without moto's eager re-init."""
    with backend_lock:
        for backend_dict in _backend_dicts():
            backend_dict.clear()
        _backend_dicts().clear()


def seed() -> None:
    """Make moto's random ids repeat (the same world, the same instance ids, every example)."""
    mock_random.seed(SEED)


def default_ec2_objects(ec2_backend: Any) -> list[Any]:
    """Objects a fresh EC2 backend creates for its default AMIs: shared, never copied."""
    objects: list[Any] = list(ec2_backend.amis.values())
    for attribute in ("snapshots", "volumes"):
        objects.extend(getattr(ec2_backend, attribute, {}).values())
    return objects


class MotoSnapshot:
    """The state of all moto backends at one moment, restorable any number of times."""

    def __init__(self, shared: list[Any]) -> None:
        self._shared_memo: dict[int, Any] = {id(obj): obj for obj in shared}
        self._saved = [(slot, self._copy(backend)) for slot, backend in _backends_in_use()]

    def _copy(self, backend: Any) -> Any:
        return copy.deepcopy(backend, dict(self._shared_memo))

    def restore(self) -> None:
        drop_all_backends()
        for (backend_dict, account_id, region), saved in self._saved:
            per_account = backend_dict[account_id]  # re-registers the BackendDict as in use
            per_account[region] = self._copy(saved)
        seed()
