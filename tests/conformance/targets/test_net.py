"""conformance.targets.net: endpoint URLs checked with one-line errors, loopback HTTP calls where an HTTP error is
an answer, and waiting for a server that may die or never answer."""

from __future__ import annotations

import socket

import pytest

from conformance.targets import TargetError, get_target
from conformance.targets.net import answers, check_endpoint_url, ensure_reachable, free_port, request, wait_until
from tests.support.targets import Recorded, Reply, serve


@pytest.mark.parametrize(
    "url",
    ["127.0.0.1:5000", "ftp://127.0.0.1", "http://", "http://host:notaport", "http://127.0.0.1:5000/?a=1"],
)
def test_malformed_endpoint_url_is_refused(url: str) -> None:
    with pytest.raises(TargetError, match="malformed endpoint URL"):
        get_target("endpoint", endpoint_url=url)



def test_unreachable_endpoint_fails_once_at_start() -> None:
    target = get_target("endpoint", endpoint_url=f"http://127.0.0.1:{free_port()}", connect_timeout=1.0)
    with pytest.raises(TargetError, match="unreachable") as info:
        target.start()
    assert "\n" not in str(info.value)



@pytest.mark.parametrize(("url", "checked"), [
    ("http://127.0.0.1:5000/", "http://127.0.0.1:5000"),
    ("https://ec2.eu-west-1.amazonaws.com", "https://ec2.eu-west-1.amazonaws.com"),
    ("http://localhost:4566/path//", "http://localhost:4566/path"),
])
def test_a_good_url_comes_back_without_its_trailing_slash(url: str, checked: str) -> None:
    assert check_endpoint_url(url) == checked


@pytest.mark.parametrize("url", ["http://127.0.0.1:5000/#top", "http://127.0.0.1:99999", "mailto:someone@host"])
def test_check_endpoint_url_refuses_in_one_line(url: str) -> None:
    with pytest.raises(TargetError) as raised:
        check_endpoint_url(url)
    assert str(raised.value).startswith(f"malformed endpoint URL {url!r}") and "\n" not in str(raised.value)


def test_a_free_port_can_be_bound() -> None:
    port = free_port()
    assert 0 < port < 65536
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))


def test_an_http_error_is_an_answer_with_its_status_and_body() -> None:
    def answer(record: Recorded) -> Reply:
        return (404, "no such thing") if record.path.endswith("/missing") else (200, "here")

    with serve(answer) as server:
        assert request("GET", f"{server.url}/missing") == (404, b"no such thing")
        assert request("POST", f"{server.url}/present", data=b"x=1") == (200, b"here")
        assert answers(f"{server.url}/missing")
        ensure_reachable(server.url, timeout=2.0)  # an answer of any status is reachable
        assert [(r.path, r.form) for r in server.requests] == [
            ("/missing", {}), ("/present", {"x": ["1"]}), ("/missing", {}), ("/", {})]


def test_nothing_listening_is_an_oserror_and_no_answer() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(OSError):
        request("GET", url, timeout=1.0)
    assert not answers(url, timeout=1.0)
    with pytest.raises(TargetError, match=r"^endpoint .* is unreachable \(.*\): start the emulator"):
        ensure_reachable(url, timeout=1.0)


def test_wait_until_returns_once_ready() -> None:
    polls = iter([False, False, True])
    wait_until(lambda: next(polls), timeout=5.0, what="server", still_running=lambda: True)
    assert next(polls, None) is None  # polled exactly until it held


def test_wait_until_stops_when_the_process_died() -> None:
    with pytest.raises(TargetError, match=r"^fakestack exited before it answered: see its log$"):
        wait_until(lambda: False, timeout=5.0, what="fakestack", still_running=lambda: False)


def test_wait_until_gives_up_after_the_timeout() -> None:
    with pytest.raises(TargetError, match=r"^fakestack did not answer within 0 s$"):
        wait_until(lambda: False, timeout=0.1, what="fakestack", still_running=lambda: True)
