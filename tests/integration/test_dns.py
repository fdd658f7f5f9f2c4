"""The SIP thread never waits on DNS (issue 16, 3), against a DNS server on loopback.

pjsip's resolver asks port 53 only, of IPv4 addresses: the fixture runs on port 53 of a spare
127.x address (root here; skipped where binding it is not allowed).
"""

from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING

import pytest

from app.telephony import netwatch
from app.telephony.config import AccountSpec
from app.telephony.engine import DIRECT
from app.telephony.events import CallState, EndReason, RegistrationEvent, RegState
from tests.integration.registrar import Registrar
from tests.support import finish_sipp, free_port, running_engine, start_sipp
from tests.support_dns import DnsServer, build_query, free_loopback_53, parse_response

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.support import Driver


@pytest.fixture
def dns() -> Iterator[DnsServer]:
    try:
        host = free_loopback_53()
    except PermissionError:
        pytest.skip("port 53 on loopback needs root or CAP_NET_BIND_SERVICE")
    with DnsServer({}, host=host, port=53) as server:
        yield server


def _answer_a_call_in(driver: Driver, tmp_path: Path) -> None:
    """A caller dials the engine directly; it rings, is answered and hangs up: the pump served."""
    sipp = start_sipp("uac_headers", f"127.0.0.1:{driver.engine.local_port}", free_port(),
                      tmp_path / "caller")
    ringing = driver.wait_call(CallState.INCOMING)
    driver.engine.answer(ringing.call_id)
    assert driver.wait_call(CallState.ENDED, ringing.call_id).end_reason is \
        EndReason.REMOTE_HANGUP
    assert finish_sipp(driver, sipp) == 0, sipp.output()


def test_a_call_follows_the_srv_record(dns: DnsServer, tmp_path: Path) -> None:
    uas_port = free_port()
    dns.set_records({
        "_sip._udp.example.test": {"SRV": [(10, 10, uas_port, "sip.example.test")]},
        "sip.example.test": {"A": ["127.0.0.1"]},
    })
    uas = start_sipp("uas_basic", None, uas_port, tmp_path / "uas")
    with running_engine(nameservers=(dns.host,)) as driver:
        call_id = driver.engine.make_call("sip:bob@example.test", account=DIRECT)
        driver.wait_call(CallState.ACTIVE, call_id)  # only the SRV names that port
        driver.engine.hangup(call_id)
        driver.wait_call(CallState.ENDED, call_id)
        assert finish_sipp(driver, uas) == 0, uas.output()
    assert dns.asked("_sip._udp.example.test", "SRV")
    assert dns.asked("sip.example.test", "A")
    # pjsip 2.15 does not do NAPTR (RFC 3263 4.1): a known gap, written down in the README.
    assert not dns.asked("example.test", "NAPTR")


def test_a_silent_dns_never_holds_the_pump(dns: DnsServer, tmp_path: Path) -> None:
    dns.set_silent(True)
    with running_engine(nameservers=(dns.host,)) as driver:
        dialled = driver.engine.make_call("sip:bob@example.test", account=DIRECT)  # at once
        dns.wait_for("_sip._udp.example.test", "SRV")
        _answer_a_call_in(driver, tmp_path)  # served while the dial's lookup goes unanswered
        # pjsip gives up after its retransmissions (about 14 s): WAIT is a ceiling, not a bound.
        ended = driver.wait_call(CallState.ENDED, dialled, timeout=40)
        assert ended.end_reason is EndReason.UNREACHABLE
        assert ended.reason


def test_registration_through_a_slow_dns(dns: DnsServer) -> None:
    dns.set_records({"pbx.example.test": {"A": ["127.0.0.1"]}})
    dns.set_delay(2.0)
    with Registrar() as registrar, running_engine(nameservers=(dns.host,)) as driver:
        # The probe resolves with the OS (not this fixture): off here, it is not what is tested.
        driver.engine.add_account(AccountSpec(
            name="desk", server=f"pbx.example.test:{registrar.port}", user="desk",
            probe_interval=0), None)
        driver.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED)
    # An explicit port: A only, no SRV (RFC 3263 4.2).
    assert dns.asked("pbx.example.test", "A")
    assert not dns.asked("_sip._udp.pbx.example.test", "SRV")


def test_the_network_watch_looks_up_off_the_pump(
        dns: DnsServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watch resolves the registrars' names with the OS's resolver; here that lookup goes to
    the silent fixture (the system's resolv.conf cannot be pointed at it without root changes),
    with a blocking DNS query like getaddrinfo's."""
    dns.set_silent(True)
    asking, done = threading.Event(), threading.Event()

    def route_via_fixture(host: str, port: int) -> str:
        asking.set()
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.settimeout(0.2)
                sock.sendto(build_query(host, "A"), (dns.host, 53))
                deadline = time.monotonic() + 30  # a ceiling: the test lets it go at its end
                while not done.is_set() and time.monotonic() < deadline:
                    try:
                        answer = parse_response(sock.recv(4096))
                    except TimeoutError:
                        continue
                    if answer.answers:
                        return netwatch.route_address(
                            socket.inet_ntoa(answer.answers[0][2]), port)
            return ""
        finally:
            done.set()

    monkeypatch.setattr(netwatch, "route_address", route_via_fixture)
    with Registrar() as registrar, running_engine(
            nameservers=(dns.host,), network_watch_interval=0.2) as driver:
        try:
            driver.engine.add_account(AccountSpec(
                name="desk", server=f"pbx.example.test:{registrar.port}", user="desk",
                probe_interval=0), None)
            driver.pump_until(asking.is_set, what="the watch's lookup")
            _answer_a_call_in(driver, tmp_path)
            assert not done.is_set()  # the lookup was still waiting on the silent DNS
        finally:
            done.set()
