"""Keeping a home router's NAT binding open: SIP Outbound (RFC 5626) and keep-alives, against
a real Kamailio registrar (tests/kamailio/), seen in its log and on the wire.

Kamailio here has no outbound module (Debian ships it apart), so it answers without
``Require: outbound`` and pjsua drops reg-id from later REGISTERs: what is checked is what the
first REGISTER asks for. pjsua offers Outbound over TCP and TLS only. TCP/TLS keep-alives are
pjsip's built-in CRLF every 90 s (PJSIP_TCP_KEEP_ALIVE_INTERVAL, not settable from pjsua2): too
slow to wait for in a test; the UDP keep-alive interval is the account's and is checked here.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

import pytest

from app.telephony.config import AccountSpec, Transport
from app.telephony.events import RegistrationEvent, RegState
from tests.integration.kamailio import DOMAIN, Kamailio, password, running_kamailio
from tests.integration.wire import Capture
from tests.support import running_engine

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam


def account(kam: Kamailio, user: str, **overrides: object) -> AccountSpec:
    fields: dict[str, object] = {"name": user, "server": kam.server, "user": user,
                                 "domain": DOMAIN, "probe_interval": 0}
    fields.update(overrides)
    return AccountSpec(**fields)  # type: ignore[arg-type]


def test_register_over_tcp_names_this_installation(kamailio: Kamailio) -> None:
    instance = str(uuid.uuid4())
    with running_engine(instance_id=instance) as alice:
        alice.engine.add_account(account(kamailio, "alice", transport=Transport.TCP),
                                 password("alice"))
        alice.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED)
    contacts = re.findall(r"REGISTER alice over tcp from \S+ contact: (.*)", kamailio.tail(200))
    assert contacts, kamailio.tail()
    first = contacts[0]
    assert ";reg-id=1" in first, first
    assert f'+sip.instance="<urn:uuid:{instance}>"' in first, first


def test_udp_keepalives_reach_the_registrar(kamailio: Kamailio) -> None:
    with Capture({kamailio.port}) as wire, running_engine() as alice:
        alice.engine.add_account(account(kamailio, "alice", keepalive_interval=1),
                                 password("alice"))
        alice.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED)
        port = alice.engine.local_port

        def keepalives() -> int:
            return sum(1 for p in wire.seen() if p.proto == "udp" and p.src[1] == port
                       and p.dst[1] == kamailio.port and p.payload == b"\r\n")

        # Two in a row: a keep-alive that repeats, not a one-off.
        alice.pump_until(lambda: keepalives() >= 2, what="two CRLF keep-alives")
