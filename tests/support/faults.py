"""A loopback proxy in front of a moto server that can die, hang or throttle on cue, for the fault tests."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from tests.support.targets import close, loopback

REPO = Path(__file__).resolve().parents[2]
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}

# A fault decides, for the n-th RunInstances (1-based), whether to answer it itself: (status, body) or None.
Fault = Callable[[int], tuple[int, str] | None]


@dataclass
class Proxy:
    upstream: str  # host:port of the moto server
    fault: Fault
    die_after: int | None = None  # stop listening once this many RunInstances were answered
    plain: bool = False  # hide moto's reset API: the target resets by terminating instances (shareable)
    run_instances: int = 0
    url: str = ""
    died: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, body: bytes) -> int:
        """The 1-based number of this request among RunInstances calls, 0 for any other call."""
        if parse_qs(body.decode("utf-8", "replace")).get("Action") != ["RunInstances"]:
            return 0
        with self._lock:
            self.run_instances += 1
            return self.run_instances


def _forward(proxy: Proxy, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, list[
        tuple[str, str]], bytes]:
    host, port = proxy.upstream.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def _handler(proxy: Proxy, server: list[ThreadingHTTPServer]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: a dead proxy refuses the next one

        def _serve(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if proxy.plain and self.path.startswith("/moto-api"):
                self._reply(404, [], b"")
                return
            number = proxy.count(body)
            own = proxy.fault(number) if number else None
            if own is not None:
                self._reply(own[0], [("Content-Type", "text/xml")], own[1].encode())
            else:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                self._reply(*_forward(proxy, self.command, self.path, headers, body))
            if proxy.die_after is not None and number >= proxy.die_after and not proxy.died.is_set():
                proxy.died.set()
                threading.Thread(target=close, args=(server[0],), daemon=True).start()

        def _reply(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP and name.lower() not in ("server", "date"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _serve

        def log_message(self, *args: object) -> None:
            return None

    return Handler


@contextmanager
def proxy_to(upstream: str, fault: Fault = lambda _n: None, die_after: int | None = None,
             plain: bool = False) -> Iterator[Proxy]:
    """A proxy on 127.0.0.1 and a free port forwarding to `upstream` (host:port), stopped on exit."""
    proxy = Proxy(upstream, fault, die_after, plain)
    holder: list[ThreadingHTTPServer] = []
    server, proxy.url = loopback(_handler(proxy, holder))
    holder.append(server)
    try:
        yield proxy
    finally:
        if not proxy.died.is_set():
            close(server)


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto server on 127.0.0.1 and a free port (host:port), stopped on exit."""
    from moto.server import ThreadedMotoServer

    from conformance.targets.net import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop()


def hang_for(seconds: float) -> tuple[int, str] | None:
    """Stall this request past the client's read timeout, then forward nothing useful."""
    time.sleep(seconds)
    return 500, ""


QUICK = ("-p", "tests.support.quick_profile", "--hypothesis-profile=quick")


def run_conformance(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[
        str]:
    """`pytest conformance` in a subprocess from the repository root (tests/ importable, for `QUICK`)."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False, env=env,
    )
