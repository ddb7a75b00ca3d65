"""Save and restore moto's in-process state: every backend in use, copied once and restored by deep copy.

moto's own reset re-creates the EC2 backend, which loads ~1,300 default AMIs (~70 ms). A restore
copies the saved backends instead; the default AMIs (and the snapshots and volumes moto made for
them) are shared between copies, never copied: RunInstances only reads them.
"""

from __future__ import annotations

import copy
from typing import Any

from moto.core.base_backend import BackendDict, backend_lock
from moto.core.model_instances import model_data, reset_model_data
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
    """Forget every backend (moto re-creates them lazily): a reset without moto's eager re-init.

    Also forgets moto's references to the model objects (`forget_model_objects`).
    """
    with backend_lock:
        for backend_dict in _backend_dicts():
            backend_dict.clear()
        _backend_dicts().clear()
        forget_model_objects()


def forget_model_objects() -> None:
    """Drop moto's references to model objects of earlier copies: the per-model `instances_tracked` lists
    (moto's own reset empties them too) and methods cached per object (`functools.cache` on a model class,
    such as a subnet's address iterator). Otherwise every restore would keep the previous copy alive."""
    reset_model_data()
    for models in model_data.values():
        for model in models.values():
            for attribute in vars(model).values():
                clear = getattr(attribute, "cache_clear", None)
                if callable(clear):
                    clear()


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
        self._wanted: dict[int, dict[str, set[str]]] = {}  # id(BackendDict) -> account -> regions saved
        for (backend_dict, account_id, region), _ in self._saved:
            self._wanted.setdefault(id(backend_dict), {}).setdefault(account_id, set()).add(region)

    def _copy(self, backend: Any) -> Any:
        return copy.deepcopy(backend, dict(self._shared_memo))

    def restore(self) -> None:
        """Put copies of the saved backends back, in the same per-account dicts (moto caches those by
        identity: new ones each time would pile up in its cache) and forget every backend made since."""
        with backend_lock:
            forget_model_objects()
            for backend_dict in list(_backend_dicts()):
                accounts = self._wanted.get(id(backend_dict), {})
                for account_id in [a for a in backend_dict if a not in accounts]:
                    del backend_dict[account_id]
                for account_id, per_account in backend_dict.items():
                    for region in [r for r in per_account if r not in accounts[account_id]]:
                        del per_account[region]
        for (backend_dict, account_id, region), saved in self._saved:
            backend_dict[account_id][region] = self._copy(saved)  # re-registers the BackendDict as in use
        seed()
