from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest

from app.telephony import probe as probe_mod
from app.telephony.config import Transport
from app.telephony.probe import RegistrarProbe

if TYPE_CHECKING:
    from collections.abc import Iterator


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def responder() -> Iterator[int]:
    """A UDP peer on loopback that answers one SIP OPTIONS with 200."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)

    def answer() -> None:
        try:
            data, addr = sock.recvfrom(4096)
        except OSError:
            return
        if data.startswith(b"OPTIONS"):
            sock.sendto(b"SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", addr)

    thread = threading.Thread(target=answer)
    thread.start()
    yield int(sock.getsockname()[1])
    thread.join()
    sock.close()


def _poll_until_result(probe: RegistrarProbe, clock: Clock) -> bool:
    for _ in range(2000):
        result = probe.poll()
        if result is not None:
            return result
        clock.now += 0.001  # the probe's own deadline bounds this loop
    raise AssertionError("probe never concluded")


def _poll_real_time(probe: RegistrarProbe) -> bool:
    """Poll with the fake clock standing still, while the resolver thread does real work."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        result = probe.poll()
        if result is not None:
            return result
        time.sleep(0.001)  # yield to the resolver thread; the loop ends on the result
    raise AssertionError("probe never concluded")


def test_answering_registrar_is_alive(responder: int) -> None:
    clock = Clock()
    probe = RegistrarProbe("127.0.0.1", responder, Transport.UDP, 1.0, clock=clock)
    assert probe.poll() is None  # not due yet
    clock.now = 1.0
    # The fake clock stands still while the responder thread answers: on a loaded CI box it
    # may take longer to be scheduled than a thousand fake milliseconds take to pass.
    assert _poll_real_time(probe) is True
    probe.close()


def test_closed_port_is_unreachable() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    clock = Clock()
    for transport in (Transport.UDP, Transport.TCP):
        probe = RegistrarProbe("127.0.0.1", port, transport, 1.0, clock=clock)
        clock.now += 1.0
        assert _poll_until_result(probe, clock) is False
        probe.close()


def test_a_host_name_is_looked_up_off_the_calling_thread(
        responder: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # A resolver held until the test lets it answer: a lookup on the polling thread would
    # hang this test (pytest-timeout), one in the resolver thread leaves poll() free.
    release = threading.Event()
    real = probe_mod._getaddr

    def slow(host: str, port: int) -> Any:
        release.wait(30)
        return real(host, port)

    monkeypatch.setattr(probe_mod, "_getaddr", slow)
    clock = Clock()
    probe = RegistrarProbe("localhost", responder, Transport.UDP, 1.0, clock=clock)
    probe.soon()
    assert probe.poll() is None  # the lookup is under way, the caller goes on
    assert probe.poll() is None
    assert probe.due_in() > 0
    release.set()
    assert _poll_real_time(probe) is True
    assert probe.last is True
    probe.close()


def test_an_unknown_host_is_a_failed_probe() -> None:
    clock = Clock()
    probe = RegistrarProbe("no-such-host.invalid", 5060, Transport.UDP, 1.0, clock=clock)
    probe.soon()
    assert _poll_real_time(probe) is False
    assert probe.last is False


def test_one_failed_probe_is_not_down_three_in_a_row_are() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    clock = Clock()
    probe = RegistrarProbe("127.0.0.1", port, Transport.UDP, 5.0, failures_needed=3,
                           clock=clock)
    probe.soon()
    assert _poll_until_result(probe, clock) is False
    assert probe.failures == 1 and not probe.down
    # A failure is confirmed soon, not a whole interval later.
    assert probe.due_in() <= 1.0
    for expected in (2, 3):
        clock.now += probe.due_in()
        assert _poll_until_result(probe, clock) is False
        assert probe.failures == expected
    assert probe.down
    assert probe.due_in() == 5.0  # down: back to the normal interval
    probe.close()


def test_an_answer_resets_the_failures(responder: int) -> None:
    clock = Clock()
    probe = RegistrarProbe("127.0.0.1", responder, Transport.UDP, 1.0, failures_needed=3,
                           clock=clock)
    probe.failures = 2  # two lost before
    probe.soon()
    assert _poll_real_time(probe) is True
    assert probe.failures == 0 and not probe.down
    probe.close()
