"""The loopback DNS server the resolver tests use: answers, NXDOMAIN, delays, silence, TCP."""

from __future__ import annotations

import socket
import struct
import time
from typing import TYPE_CHECKING

import pytest

from tests.support_dns import (
    NXDOMAIN,
    SERVFAIL,
    DnsServer,
    build_query,
    free_loopback_53,
    parse_response,
)

if TYPE_CHECKING:
    from tests.support_dns import Records

RECORDS: Records = {
    "example.test": {"NAPTR": [(10, 20, "S", "SIP+D2U", "", "_sip._udp.example.test")]},
    "_sip._udp.example.test": {"SRV": [(10, 5, 5070, "sip.example.test")]},
    "sip.example.test": {"A": ["127.0.0.1"], "AAAA": ["::1"]},
}


def ask(port: int, name: str, qtype: str, *, timeout: float = 2.0, ident: int = 7) -> bytes:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(build_query(name, qtype, ident), ("127.0.0.1", port))
        return sock.recv(4096)


def test_answers_a_srv_naptr_and_records_the_queries() -> None:
    with DnsServer(RECORDS) as dns:
        a = parse_response(ask(dns.port, "SIP.example.test.", "A"))
        assert (a.ident, a.rcode) == (7, 0)
        assert a.answers == [("sip.example.test", "A", bytes([127, 0, 0, 1]))]

        srv = parse_response(ask(dns.port, "_sip._udp.example.test", "SRV"))
        (_, rtype, data), = srv.answers
        assert rtype == "SRV"
        assert struct.unpack_from("!HHH", data) == (10, 5, 5070)
        assert data[6:] == b"\x03sip\x07example\x04test\x00"

        naptr = parse_response(ask(dns.port, "example.test", "NAPTR"))
        (_, rtype, data), = naptr.answers
        assert rtype == "NAPTR"
        assert struct.unpack_from("!HH", data) == (10, 20)
        assert data[4:] == b"\x01S\x07SIP+D2U\x00\x04_sip\x04_udp\x07example\x04test\x00"

        assert [(q.name, q.qtype, q.transport) for q in dns.queries] == [
            ("sip.example.test", "A", "udp"),
            ("_sip._udp.example.test", "SRV", "udp"),
            ("example.test", "NAPTR", "udp"),
        ]


def test_nxdomain_nodata_rcode_and_additional_records() -> None:
    with DnsServer(RECORDS, rcodes={"broken.test": SERVFAIL}, additional=True) as dns:
        assert parse_response(ask(dns.port, "nobody.test", "A")).rcode == NXDOMAIN
        nodata = parse_response(ask(dns.port, "example.test", "A"))
        assert (nodata.rcode, nodata.answers) == (0, [])
        assert parse_response(ask(dns.port, "broken.test", "A")).rcode == SERVFAIL
        srv = parse_response(ask(dns.port, "_sip._udp.example.test", "SRV"))
        assert [(n, t) for n, t, _ in srv.additional] == [
            ("sip.example.test", "A"), ("sip.example.test", "AAAA")]


def test_silent_names_are_recorded_but_never_answered() -> None:
    with DnsServer(RECORDS, silent_names={("sip.example.test", "AAAA")}) as dns:
        with pytest.raises(TimeoutError):
            ask(dns.port, "sip.example.test", "AAAA", timeout=0.1)
        assert dns.wait_for("sip.example.test", "AAAA").transport == "udp"
        assert parse_response(ask(dns.port, "sip.example.test", "A")).answers  # same name, A
        dns.set_silent(True)  # now everything
        with pytest.raises(TimeoutError):
            ask(dns.port, "sip.example.test", "A", timeout=0.1)
        dns.set_silent(False)
        assert parse_response(ask(dns.port, "sip.example.test", "A")).rcode == 0


def test_delay_holds_the_answer_back() -> None:
    with DnsServer(RECORDS, delays={"sip.example.test": 0.3}) as dns:
        began = time.monotonic()
        assert parse_response(ask(dns.port, "_sip._udp.example.test", "SRV")).answers
        assert time.monotonic() - began < 0.25  # other names: at once
        began = time.monotonic()
        assert parse_response(ask(dns.port, "sip.example.test", "A")).answers
        assert time.monotonic() - began >= 0.3


def test_tcp() -> None:
    with DnsServer(RECORDS) as dns, socket.create_connection(("127.0.0.1", dns.port), 2) as s:
        query = build_query("sip.example.test", "A", 99)
        s.sendall(len(query).to_bytes(2, "big") + query)
        length = int.from_bytes(s.recv(2), "big")
        data = b""
        while len(data) < length:
            data += s.recv(length - len(data))
        reply = parse_response(data)
        assert (reply.ident, len(reply.answers)) == (99, 1)
        assert dns.wait_for("sip.example.test", "A").transport == "tcp"


def test_port_53_on_a_spare_loopback_address() -> None:
    try:
        host = free_loopback_53()
    except PermissionError:
        pytest.skip("binding port 53 needs root or CAP_NET_BIND_SERVICE")
    with DnsServer(RECORDS, host=host, port=53) as dns:
        assert dns.address == f"{host}:53"
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(2.0)
            sock.sendto(build_query("sip.example.test", "A"), (host, 53))
            assert parse_response(sock.recv(4096)).answers
