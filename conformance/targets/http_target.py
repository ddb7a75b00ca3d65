"""Any EC2-compatible URL (`endpoint`), and the ministack emulator started by the suite (`ministack`)."""

from __future__ import annotations

import os
from typing import Any, Self

from conformance.targets.emulator import EmulatorTarget, MotoApiReset, terminate_live_instances
from conformance.targets.errors import TargetError
from conformance.targets.net import check_endpoint_url, ensure_reachable, request

ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EC2"
RESET_KINDS = ("auto", "moto", "ministack", "none")


def _ok(status: int) -> bool:
    return 200 <= status < 300


def detect_kind(base_url: str) -> str:
    """Which reset call the server at `base_url` has: moto, ministack, or none."""
    try:
        if _ok(request("GET", f"{base_url}/_ministack/health", timeout=2.0)[0]):
            return "ministack"
        if _ok(request("GET", f"{base_url}/moto-api/config", timeout=2.0)[0]):
            return "moto"
    except OSError:
        pass
    return "none"


class EndpointTarget(EmulatorTarget):
    """An emulator already running at `endpoint_url` (or `$AWS_ENDPOINT_URL_EC2`).

    Reset: moto server -> `POST /moto-api/reset` + seed + the world re-created with the same ids;
    ministack -> `POST /_ministack/reset` once at start (its ids are random and cannot be seeded), then
    live instances are terminated between examples; unknown servers -> the world is created once and
    instances are terminated between examples.
    """

    name = "endpoint"

    def __init__(self, *, endpoint_url: str | None = None, reset: str = "auto", **options: Any) -> None:
        super().__init__(**options)
        url = endpoint_url or os.environ.get(ENDPOINT_VARIABLE)
        if not url:
            raise TargetError(f"endpoint target needs a URL: pass --endpoint-url or set {ENDPOINT_VARIABLE}")
        if reset not in RESET_KINDS:
            raise TargetError(f"endpoint: unknown reset kind {reset!r}: use one of {', '.join(RESET_KINDS)}")
        self.endpoint_url = check_endpoint_url(url)
        self.reset_kind = reset
        self._moto_reset: MotoApiReset | None = None

    @property
    def version(self) -> str:
        return f"{self.reset_kind} at {self.endpoint_url}"

    @property
    def base_url(self) -> str:
        assert self.endpoint_url is not None
        return self.endpoint_url

    def start(self) -> Self:
        if self.started:
            return self
        ensure_reachable(self.base_url, timeout=self.connect_timeout)
        if self.reset_kind == "auto":
            self.reset_kind = detect_kind(self.base_url)
        self._open_transports()
        if self.reset_kind == "moto":
            self._moto_reset = MotoApiReset(self.base_url, self._build_world)
            self._world = self._moto_reset.first()
        else:
            if self.reset_kind == "ministack":
                self._ministack_reset()
            self._world = self._build_world()
        return self

    def _ministack_reset(self) -> None:
        status, _ = request("POST", f"{self.base_url}/_ministack/reset", timeout=self.read_timeout)
        if status != 200:
            raise TargetError(f"ministack at {self.base_url}: reset answered HTTP {status}")

    def reset(self) -> None:
        self._require_started()
        if self._moto_reset is not None:
            assert self._world is not None
            self._moto_reset(self._world)
        else:
            terminate_live_instances(self._client)

    def stop(self) -> None:
        self._close_transports()


class MinistackTarget(EndpointTarget):
    """ministack (PyPI `ministack`) in its own virtual environment, on 127.0.0.1 and a free port."""

    name = "ministack"

    def __init__(self, *, requirement: str | None = None, venv: str | None = None, **options: Any) -> None:
        from conformance.targets.ministack import MinistackProcess

        options.pop("endpoint_url", None)
        super().__init__(endpoint_url="http://127.0.0.1:1", reset="ministack", **options)
        self.process = MinistackProcess(requirement=requirement, venv=venv)

    @property
    def version(self) -> str:
        return f"ministack {self.process.version()}"

    def start(self) -> Self:
        if self.started:
            return self
        self.endpoint_url = self.process.start()
        try:
            return super().start()
        except BaseException:
            self.process.stop()
            raise

    def stop(self) -> None:
        super().stop()
        self.process.stop()
