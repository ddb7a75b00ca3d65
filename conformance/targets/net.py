"""Small HTTP helpers for emulator control calls: free ports, URL checks, waiting for a server."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

from conformance.targets.errors import TargetError

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def check_endpoint_url(url: str) -> str:
    """The URL without a trailing slash, or a one-line TargetError saying what is wrong with it."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or port == -1
        or parts.query
        or parts.fragment
    ):
        raise TargetError(
            f"malformed endpoint URL {url!r}: expected http(s)://HOST[:PORT][/PATH], e.g. http://127.0.0.1:5000"
        )
    return url.rstrip("/")


def request(method: str, url: str, *, timeout: float = 5.0, data: bytes | None = None) -> tuple[int, bytes]:
    """(status, body) of one HTTP call; HTTP errors are answers. Raises OSError if unreachable."""
    req = urllib.request.Request(url, method=method, data=data)
    try:
        with _OPENER.open(req, timeout=timeout) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


def answers(url: str, timeout: float = 2.0) -> bool:
    try:
        request("GET", url, timeout=timeout)
    except OSError:
        return False
    return True


def wait_until(
    ready: Callable[[], bool], *, timeout: float, what: str, still_running: Callable[[], bool]
) -> None:
    """Poll `ready` until it holds; TargetError after `timeout` s or when the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if not still_running():
            raise TargetError(f"{what} exited before it answered: see its log")
        time.sleep(0.05)
    raise TargetError(f"{what} did not answer within {timeout:.0f} s")


def ensure_reachable(url: str, timeout: float) -> None:
    """One clear TargetError when nothing listens at `url`."""
    try:
        request("GET", url, timeout=timeout)
    except OSError as exc:
        reason = getattr(exc, "reason", exc)
        raise TargetError(
            f"endpoint {url} is unreachable ({reason}): start the emulator or fix --endpoint-url"
        ) from None
