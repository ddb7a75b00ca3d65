"""moto in-process (`moto`, the default) and moto's threaded server on loopback (`moto-server`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Self, TypeVar

from botocore.awsrequest import AWSPreparedRequest

from conformance.outcome import Outcome
from conformance.targets.emulator import EmulatorTarget, MotoApiReset
from conformance.targets.errors import TargetError
from conformance.targets.net import free_port
from conformance.targets.transport import HttpReply
from strategies.case import Case

T = TypeVar("T")

STRICT_SETTINGS = ("ENABLE_AMI_VALIDATION", "EC2_ENABLE_INSTANCE_TYPE_VALIDATION")
DEFAULT_ACCOUNT = "123456789012"


def _moto_version() -> str:
    import moto

    return str(moto.__version__)


def served_by_moto(client: Any) -> bool:
    """True when moto's in-process `before-send` hook is registered on the client."""
    from moto.core.models import botocore_stubber

    handlers = client.meta.events._emitter._handlers.prefix_search("before-send.ec2.RunInstances")
    return any(handler is botocore_stubber for handler in handlers)


class _Quiet:
    """Silence a logger (the threaded server logs every request and every moto traceback)."""

    def __init__(self, name: str) -> None:
        self.logger = logging.getLogger(name)
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def restore(self) -> None:
        self.logger.setLevel(self.level)


class _MotoBase(EmulatorTarget):
    """Strict mode: moto reads `MOTO_ENABLE_AMI_VALIDATION` and `MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION`
    into `moto.settings` when imported, and looks them up there on every request: the target sets
    those attributes while it runs (in this process), so strict mode needs no restart."""

    def __init__(self, *, strict: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self.strict = strict
        self._saved_settings: dict[str, Any] = {}
        self._snapshot: Any = None

    @property
    def version(self) -> str:
        return _moto_version() + (" (strict)" if self.strict else "")

    def _apply_strict(self) -> None:
        from moto import settings

        if self.strict:
            for name in STRICT_SETTINGS:
                self._saved_settings[name] = getattr(settings, name)
                setattr(settings, name, True)

    def _restore_settings(self) -> None:
        from moto import settings

        for name, value in self._saved_settings.items():
            setattr(settings, name, value)
        self._saved_settings.clear()

    def _make_world_and_snapshot(self) -> None:
        """Fresh backends, seeded ids, the world created, then everything saved for restores."""
        from moto.ec2.models import ec2_backends

        from conformance.targets.moto_state import MotoSnapshot, default_ec2_objects, drop_all_backends, seed

        drop_all_backends()
        seed()
        self._client.describe_availability_zones()  # instantiates the EC2 backend and its default AMIs
        shared = default_ec2_objects(ec2_backends[DEFAULT_ACCOUNT][self.region])
        self._world = self._build_world()
        self._snapshot = MotoSnapshot(shared)
        self._snapshot.restore()
        self._effects.remember_clean()

    def reset(self) -> None:
        self._require_started()
        self._snapshot.restore()
        self._effects.restored()


class _ShallowStack:
    """One thread that makes moto's calls, so their frames always start at the same shallow depth.

    CPython 3.11 keeps frames in 16 KiB chunks and unmaps a chunk as soon as the stack shrinks out of it.
    When a hot call inside moto (its filter loops call fnmatch hundreds of thousands of times in a ci run)
    sits on a chunk boundary, every call maps and unmaps one; where the boundaries fall depends on how deep
    pytest, xdist, Hypothesis and the state machine have nested the caller. Measured: the state machine's
    test took 18 s in an xdist worker instead of 8 s in-process, 10 s of it in mmap/munmap.
    """

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="moto")

    def run(self, call: Callable[..., T], *args: Any) -> T:
        return self._thread.submit(call, *args).result()

    def close(self) -> None:
        self._thread.shutdown()


class MotoTarget(_MotoBase):
    """moto in-process with `mock_aws()`; raw Query requests go through moto's own botocore hook.

    Requests, describes, terminations and resets run on one thread of their own (`_ShallowStack`)."""

    name = "moto"
    _stack: _ShallowStack | None = None

    def _on_stack(self, call: Callable[..., T], *args: Any) -> T:
        if self._stack is None:
            return call(*args)
        return self._stack.run(call, *args)

    def send(self, case: Case) -> Outcome:
        return self._on_stack(super().send, case)

    def describe_instances(self, ids: list[str]) -> list[dict[str, Any]]:
        return self._on_stack(super().describe_instances, ids)

    def terminate_instances(self, ids: list[str]) -> None:
        self._on_stack(super().terminate_instances, ids)

    def reset(self) -> None:
        self._on_stack(super().reset)

    def start(self) -> Self:
        if self.started:
            return self
        from moto import mock_aws

        self._mock = mock_aws()
        self._mock.start()
        self._apply_strict()
        self._open_transports(sender=self._moto_sender)
        assert self._boto3 is not None
        for client in (self._client, self._boto3.client):
            if not served_by_moto(client):
                self.stop()
                raise TargetError("moto in-process: a client without moto's hook would reach the network")
        self._make_world_and_snapshot()
        self._stack = _ShallowStack()
        return self

    @staticmethod
    def _moto_sender(request: AWSPreparedRequest) -> HttpReply:
        from moto.core.models import botocore_stubber

        response = botocore_stubber("before-send.ec2.RunInstances", request)
        if response is None:
            raise RuntimeError(f"moto in-process did not handle {request.url}")
        return response.status_code, dict(response.headers), response.content

    def stop(self) -> None:
        if not self.started:
            return
        if self._stack is not None:
            self._stack.close()
            self._stack = None
        self._close_transports()
        self._restore_settings()
        self._mock.stop()


class MotoServerTarget(_MotoBase):
    """moto's ThreadedMotoServer on 127.0.0.1 and a free port, spoken to over HTTP.

    The server runs in this process, so `reset="restore"` (the default) restores the saved backends
    directly; `reset="api"` uses `POST /moto-api/reset`, a seed, and re-creates the world (slower).
    """

    name = "moto-server"

    def __init__(self, *, reset: str = "restore", port: int | None = None, **options: Any) -> None:
        super().__init__(**options)
        if reset not in ("restore", "api"):
            raise TargetError(f"moto-server: unknown reset mode {reset!r}: use restore or api")
        self.reset_mode = reset
        self.port = port
        self._server: Any = None

    def start(self) -> Self:
        if self.started:
            return self
        from moto.server import ThreadedMotoServer

        port = self.port or free_port()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self._quiet_werkzeug = _Quiet("werkzeug")
        self._server.start()
        self.endpoint_url = f"http://127.0.0.1:{port}"
        self._apply_strict()
        self._open_transports()
        if self.reset_mode == "api":
            self._api_reset = MotoApiReset(self.endpoint_url, self._build_world)
            self._world = self._api_reset.first()
        else:
            self._make_world_and_snapshot()
        return self

    def reset(self) -> None:
        self._require_started()
        if self.reset_mode == "api":
            assert self._world is not None
            self._api_reset(self._world)
            self._effects.forget()  # the world built again: listed again before the next request
        else:
            super().reset()

    def stop(self) -> None:
        if self._server is None:
            return
        self._close_transports()
        self._restore_settings()
        self._server.stop()
        self._server = None
        self._quiet_werkzeug.restore()
        from conformance.targets.moto_state import drop_all_backends

        drop_all_backends()
