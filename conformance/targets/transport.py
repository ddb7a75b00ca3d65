"""The two ways a case travels: the boto3 client, and a raw SigV4-signed Query POST.

Cases with wire edits can only go raw (boto3 would refuse or rewrite them); the others go through
boto3 unless the target forces raw. Both return a classified Outcome and never raise for what the
target did; they raise only DryRunGuardError (the run must stop).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Protocol

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSPreparedRequest, AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError, ParamValidationError
from botocore.httpsession import URLLib3Session
from botocore.validate import ParamValidator

from conformance.outcome import Outcome, OutcomeKind
from conformance.targets.classify import is_throttling, outcome_from_exception, outcome_from_http
from conformance.targets.errors import DryRunGuardError
from strategies.case import Case
from strategies.model import input_shape
from strategies.wire import encode_form

DUMMY_CREDENTIALS = Credentials("testing", "testing")
DEFAULT_TIMEOUT = 10.0
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"

HttpReply = tuple[int, Mapping[str, str], bytes]
Sender = Callable[[AWSPreparedRequest], HttpReply]
WireCheck = Callable[[str, bytes | str | None], None]


class Transport(Protocol):
    name: str

    def send(self, case: Case) -> Outcome: ...


@dataclass(frozen=True)
class Connection:
    """Where and as whom requests go."""

    region: str
    endpoint_url: str | None = None  # None: the region's AWS endpoint (intercepted by moto in-process)
    credentials: Credentials | None = DUMMY_CREDENTIALS  # None: the standard credential chain
    connect_timeout: float = DEFAULT_TIMEOUT
    read_timeout: float = DEFAULT_TIMEOUT

    @property
    def url(self) -> str:
        return self.endpoint_url or f"https://ec2.{self.region}.amazonaws.com"


def make_client(connection: Connection, *, validate: bool = True, fresh_session: bool = False,
                service: str = "ec2") -> Any:
    """A boto3 client (EC2 unless `service` says otherwise) with botocore retries off (one attempt) and the
    connection's timeouts.

    `fresh_session=True` for moto in-process: a session made after moto's import carries moto's
    `before-send` hook; the shared session may predate it, and its clients would reach the network.
    """
    emulator = connection.credentials == DUMMY_CREDENTIALS
    config = Config(
        retries={"total_max_attempts": 1},
        connect_timeout=connection.connect_timeout,
        read_timeout=connection.read_timeout,
        parameter_validation=validate,
        ignore_configured_endpoint_urls=emulator,  # $AWS_ENDPOINT_URL* never redirects an emulator's client
    )
    creds = connection.credentials
    if emulator:
        session = emulator_session() if fresh_session else _shared_emulator_session()
    else:
        session = boto3.session.Session() if fresh_session else _shared_session()
    return session.client(
        service,
        region_name=connection.region,
        endpoint_url=connection.endpoint_url,
        config=config,
        aws_access_key_id=creds.access_key if creds else None,
        aws_secret_access_key=creds.secret_key if creds else None,
        aws_session_token=creds.token if creds else None,
    )


@cache
def _shared_session() -> Any:
    """One boto3 session (its loaded models are reused); credentials are passed per client."""
    return boto3.session.Session()


def emulator_session(**options: Any) -> Any:
    """A boto3 session that reads no AWS profile: an emulator needs none, and `AWS_PROFILE` naming a profile
    that does not exist must not stop a run against one."""
    import botocore.session

    core = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    return boto3.session.Session(botocore_session=core, **options)


@cache
def _shared_emulator_session() -> Any:
    return emulator_session()


def _elapsed(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def _with(outcome: Outcome, start: float, transport: str, client_validation: str = "") -> Outcome:
    return replace(outcome, elapsed_ms=_elapsed(start), transport=transport, client_validation=client_validation)


class Boto3Transport:
    """Send `case.api_params()` with `client.run_instances`; the client must have validation off."""

    name = "boto3"

    def __init__(self, client: Any, *, client_validation: bool = False) -> None:
        self.client = client
        self.client_validation = client_validation
        self._reply: HttpReply | None = None
        self._sending = False
        client.meta.events.register_first("before-send", self._mark_sending)
        client.meta.events.register("before-parse.ec2.RunInstances", self._capture)

    def _mark_sending(self, **_: Any) -> None:
        self._sending = True

    def _capture(self, response_dict: Mapping[str, Any], **_: Any) -> None:
        self._reply = (
            int(response_dict["status_code"]),
            dict(response_dict["headers"]),
            response_dict["body"],
        )

    def _validation_report(self, params: Mapping[str, Any]) -> str | None:
        report = ParamValidator().validate(params, input_shape())
        return report.generate_report() if report.has_errors() else None

    def send(self, case: Case) -> Outcome:
        params = case.api_params()
        report = self._validation_report(params)
        start = time.perf_counter()
        if report and self.client_validation:
            return _with(
                outcome_from_exception(ParamValidationError(report=report), sending=False), start, self.name
            )
        checked = report or ""
        self._reply, self._sending = None, False
        try:
            self.client.run_instances(**params)
        except DryRunGuardError:
            raise
        except ClientError as exc:
            return _with(self._error(exc), start, self.name, checked)
        except Exception as exc:
            if self._reply is None:
                return _with(outcome_from_exception(exc, sending=self._sending), start, self.name, checked)
        if self._reply is None:  # a before-send hook answered without HTTP: nothing to classify
            return _with(
                outcome_from_exception(RuntimeError("no HTTP response captured"), sending=True),
                start,
                self.name,
                checked,
            )
        return _with(outcome_from_http(*self._reply), start, self.name, checked)

    def _error(self, exc: ClientError) -> Outcome:
        if self._reply is not None:
            return outcome_from_http(*self._reply)
        error, metadata = exc.response.get("Error", {}), exc.response.get("ResponseMetadata", {})
        code, status = error.get("Code"), metadata.get("HTTPStatusCode")
        kind = (
            OutcomeKind.CRASH if status and status >= 500 and not is_throttling(code) else OutcomeKind.ERROR
        )
        return Outcome(
            kind, status=status, code=code, message=error.get("Message"), request_id=metadata.get("RequestId")
        )


def http_sender(connection: Connection) -> Sender:
    """Send a prepared request over HTTP with the connection's timeouts."""
    session = URLLib3Session(timeout=(connection.connect_timeout, connection.read_timeout))

    def send(request: AWSPreparedRequest) -> HttpReply:
        response = session.send(request)
        return response.status_code, dict(response.headers), response.content

    return send


class QueryTransport:
    """POST `case.query` form-encoded and SigV4-signed; parse the XML that comes back."""

    name = "query"

    def __init__(
        self,
        connection: Connection,
        sender: Sender,
        *,
        wire_check: WireCheck | None = None,
        credentials: Credentials | None = None,
    ) -> None:
        self.connection = connection
        self.sender = sender
        self.wire_check = wire_check
        self.credentials = credentials or connection.credentials or DUMMY_CREDENTIALS

    def prepare(self, case: Case) -> AWSPreparedRequest:
        """The signed request for a case (the wire check runs on the body before and after signing)."""
        body = encode_form(case.query)
        url = self.connection.url.rstrip("/") + "/"
        if self.wire_check:
            self.wire_check(url, body)
        request = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": FORM_CONTENT_TYPE})
        SigV4Auth(self.credentials, "ec2", self.connection.region).add_auth(request)
        prepared = request.prepare()
        if self.wire_check:
            self.wire_check(prepared.url, prepared.body)
        return prepared

    def send(self, case: Case) -> Outcome:
        start = time.perf_counter()
        try:
            prepared = self.prepare(case)
        except DryRunGuardError:
            raise
        except Exception as exc:
            return _with(outcome_from_exception(exc, sending=False), start, self.name)
        try:
            status, headers, body = self.sender(prepared)
        except DryRunGuardError:
            raise
        except Exception as exc:
            return _with(outcome_from_exception(exc, sending=True), start, self.name)
        return _with(outcome_from_http(status, headers, body), start, self.name)
