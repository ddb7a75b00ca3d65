"""Any EC2-compatible URL (`endpoint`), and the emulators the suite installs and starts (`ministack`, `localstack`)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from typing import Any, ClassVar, Self

from conformance.outcome import LeftBehind, Outcome, OutcomeKind, Resource
from conformance.targets.addresses import AddressLedger, exhausted_subnets
from conformance.targets.emulator import EmulatorTarget, Leftovers, MotoApiReset
from conformance.targets.errors import TargetError
from conformance.targets.inventory import SideEffects
from conformance.targets.net import check_endpoint_url, ensure_reachable, request
from conformance.targets.venv_server import LOCALSTACK, MINISTACK, ServerRecipe, VenvServer
from strategies.case import Case

log = logging.getLogger(__name__)

ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EC2"
RESET_KINDS = ("auto", "moto", "ministack", "localstack", "none")
# A moto server's own reset costs ~0.8 s and keeps ~4 MB every time (measured: 197 MB -> 588 MB after 100
# resets), and after a run of examples it can bring the world back with other ids (seen with a full reset every
# 50 examples). So it is reset once at start (0: never again); between examples only what they created is deleted.
FULL_RESET_EVERY = 0
VERSION_PATHS = {"localstack": "/_localstack/info", "ministack": "/_ministack/health"}


def _ok(status: int) -> bool:
    return 200 <= status < 300


def detect_kind(base_url: str) -> str:
    """Which reset call the server at `base_url` has: moto, ministack, or none."""
    try:
        if _ok(request("GET", f"{base_url}/_ministack/health", timeout=2.0)[0]):
            return "ministack"
        if _ok(request("GET", f"{base_url}/_localstack/health", timeout=2.0)[0]):
            return "localstack"
        if _ok(request("GET", f"{base_url}/moto-api/config", timeout=2.0)[0]):
            return "moto"
    except OSError:
        pass
    return "none"


class EndpointTarget(EmulatorTarget):
    """An emulator already running at `endpoint_url` (or `$AWS_ENDPOINT_URL_EC2`).

    Reset: moto server -> `POST /moto-api/reset` + seed + the world re-created with the same ids at start (and
    every `full_reset_every` examples when that is > 0), and what the examples created deleted in between;
    ministack -> `POST /_ministack/reset` once at start (its ids are random and cannot be seeded); LocalStack and
    unknown servers -> the world is created once. Between examples, the instances launched are terminated and
    the network interfaces, volumes and addresses that the world did not have are deleted (`Leftovers`).

    `owner` (an xdist worker id): several workers share the server. Each builds its own world (names carrying
    the owner, its VPC, subnets and groups tagged with it), never resets the server (`prepare_shared` did that
    once, before any worker started) and deletes only what its own examples made.
    """

    name = "endpoint"

    def __init__(self, *, endpoint_url: str | None = None, reset: str = "auto",
                 full_reset_every: int = FULL_RESET_EVERY, owner: str = "", **options: Any) -> None:
        super().__init__(**options)
        self.owner = owner
        url = endpoint_url or os.environ.get(ENDPOINT_VARIABLE)
        if not url:
            raise TargetError(f"endpoint target needs a URL: pass --endpoint-url or set {ENDPOINT_VARIABLE}")
        if reset not in RESET_KINDS:
            raise TargetError(f"endpoint: unknown reset kind {reset!r}: use one of {', '.join(RESET_KINDS)}")
        self.endpoint_url = check_endpoint_url(url)
        self.reset_kind = reset
        self.full_reset_every = 0 if owner else full_reset_every  # a shared server is never reset mid-run
        self._since_full_reset = 0
        self._moto_reset: MotoApiReset | None = None
        self._leftovers: Leftovers | None = None
        self._ledger = AddressLedger(())
        self._version = ""

    @property
    def version(self) -> str:
        return self._version or f"{self.reset_kind} at {self.endpoint_url}"

    @property
    def forgets_between_examples(self) -> bool:
        return self._moto_reset is not None and self.full_reset_every == 1

    def _server_version(self) -> str:
        """The server's own version where it tells one (LocalStack's info, ministack's health)."""
        path = VERSION_PATHS.get(self.reset_kind)
        if path is None:
            return ""
        try:
            status, body = request("GET", f"{self.base_url}{path}", timeout=self.read_timeout)
            version = json.loads(body).get("version", "") if _ok(status) else ""
        except (OSError, ValueError, AttributeError):
            return ""
        return f"{self.reset_kind} {version} at {self.endpoint_url}" if version else ""

    @property
    def base_url(self) -> str:
        assert self.endpoint_url is not None
        return self.endpoint_url

    @classmethod
    def prepare_shared(cls, **options: Any) -> None:
        """Reset the server once, before xdist workers build their worlds on it (each with its own owner)."""
        target = cls(**options)
        ensure_reachable(target.base_url, timeout=target.connect_timeout)
        kind = detect_kind(target.base_url) if target.reset_kind == "auto" else target.reset_kind
        if kind == "moto":
            MotoApiReset(target.base_url, lambda: None).reset_and_seed()
        elif kind == "ministack":
            target._ministack_reset()

    def start(self) -> Self:
        if self.started:
            return self
        ensure_reachable(self.base_url, timeout=self.connect_timeout)
        if self.reset_kind == "auto":
            self.reset_kind = detect_kind(self.base_url)
        self._open_transports()
        if self.owner:
            self._world = self._build_world()
        elif self.reset_kind == "moto":
            self._moto_reset = MotoApiReset(self.base_url, self._build_world)
            self._world = self._moto_reset.first()
        else:
            if self.reset_kind == "ministack":
                self._ministack_reset()
            self._world = self._build_world()
        self._leftovers = self._new_leftovers()
        self._version = self._server_version()
        return self

    def _exhausted(self, outcome: Outcome) -> list[str]:
        """The world subnets the target reports without a free address, asked only when that could explain it."""
        if not _may_be_exhaustion(outcome):
            return []
        try:
            return exhausted_subnets(self._client, [s.subnet_id for s in self.world().subnets])
        except Exception as exc:  # the check is best effort: what the run took still counts
            log.debug("exhaustion check failed: %s", exc)
            return []

    @property
    def keeps_addresses(self) -> bool:
        return self.reset_kind not in ("moto", "ministack")  # no reset API: LocalStack, an unknown server

    def _new_leftovers(self) -> Leftovers:
        """What examples leave behind, and what a refusal creates, from now on: on a shared server, only in this
        world's subnets (conformance.targets.inventory)."""
        assert self._world is not None
        self._ledger = AddressLedger(self._world.subnets)
        subnets = [s.subnet_id for s in self._world.subnets] if self.owner else None
        leftovers = Leftovers(self._client, subnets)
        self._effects = SideEffects(self._client, subnets or ())
        self._effects.settle(leftovers.kept)
        return leftovers

    def _ministack_reset(self) -> None:
        status, _ = request("POST", f"{self.base_url}/_ministack/reset", timeout=self.read_timeout)
        if status != 200:
            raise TargetError(f"ministack at {self.base_url}: reset answered HTTP {status}")

    def reset(self) -> None:
        self._require_started()
        assert self._leftovers is not None and self._world is not None
        self._since_full_reset += 1
        if self._moto_reset is not None and 0 < self.full_reset_every <= self._since_full_reset:
            self._since_full_reset = 0
            self._moto_reset(self._world)
            self._leftovers = self._new_leftovers()
        else:
            self._leftovers.clean(self._effects.before)
            self._effects.settle(self._leftovers.now)

    def send(self, case: Case) -> Outcome:
        """On a target without a reset API, a refused launch while a world subnet is out of addresses was
        decided by leftovers, not by a rule: the outcome says so (the verdict makes it undetermined); so does
        an "in use" answer at an address an earlier example held (the verdict weighs it)."""
        outcome = super().send(case)
        if self._leftovers is not None:  # a refusal's launches are cleaned up too
            self._leftovers.launched.update(outcome.appeared.ids(Resource.INSTANCE))
        if self._leftovers is not None and outcome.kind is OutcomeKind.SUCCESS:
            self._leftovers.launched.update(outcome.instance_ids)
            self._ledger.record(outcome.reservation)
        settled = outcome.kind in (OutcomeKind.SUCCESS, OutcomeKind.REJECTED)
        if self._leftovers is None or outcome.unreachable or settled:
            return outcome
        full = self._exhausted(outcome) or self._ledger.worn()
        held = self._ledger.held_before(case.params) if self.keeps_addresses and _says_in_use(outcome) else []
        if full:
            reason = f"target exhausted: subnet {', '.join(full)} after earlier examples' leftovers"
            return replace(outcome, left_behind=LeftBehind(exhausted=reason))
        if held:  # the verdict tells whether the address decided it (conformance.verdict)
            return replace(outcome, left_behind=self._ledger.left_behind(case, held))
        return outcome

    def stop(self) -> None:
        self._close_transports()


def _may_be_exhaustion(outcome: Outcome) -> bool:
    """An answer a subnet out of addresses could give: a crash (LocalStack's empty HTTP 500), or a code or message
    about addresses or capacity. Any other refusal names a part of the request, whatever the subnet holds."""
    text = f"{outcome.code or ''} {outcome.message or ''}".lower()
    return outcome.kind is OutcomeKind.CRASH or "address" in text or "capacity" in text


def _says_in_use(outcome: Outcome) -> bool:
    """The answer is about an address in use (LocalStack's HTTP 500 "IP already in use", EC2's code), not
    about another part of the request (a DryRunOperation, a MissingParameter stay judged)."""
    text = f"{outcome.code or ''} {outcome.message or ''} {outcome.detail or ''}".lower()
    return outcome.normalized_code == "InvalidIPAddress.InUse" or "in use" in text


class ManagedEmulatorTarget(EndpointTarget):
    """An emulator the suite installs into its own virtual environment and runs on 127.0.0.1 and a free port."""

    recipe: ClassVar[ServerRecipe]
    reset_of: ClassVar[str]

    def __init__(self, *, requirement: str | None = None, venv: str | None = None, **options: Any) -> None:
        options.pop("endpoint_url", None)
        super().__init__(endpoint_url="http://127.0.0.1:1", reset=self.reset_of, **options)
        self.process = VenvServer(self.recipe, requirements=(requirement,) if requirement else None, venv=venv)

    @property
    def version(self) -> str:
        return f"{self.recipe.name} {self.process.version()}"

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


class MinistackTarget(ManagedEmulatorTarget):
    """ministack (PyPI `ministack`): reset once at start, live instances terminated between examples."""

    name = "ministack"
    recipe = MINISTACK
    reset_of = "ministack"


class LocalstackTarget(ManagedEmulatorTarget):
    """LocalStack core (PyPI `localstack-core`), without Docker: no reset API, so what each example created is
    deleted after it."""

    name = "localstack"
    recipe = LOCALSTACK
    reset_of = "none"
