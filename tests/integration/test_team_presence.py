"""Colleagues' lamps through a real Kamailio presence server (issue 20, item 6).

Three headless agents (CaseLine engines: alice in this process, bob and carol each in a child
process, as the desktop runs them) registered at Kamailio with presence + presence_xml
(tests/kamailio/kamailio.cfg). Each publishes its own state; alice watches bob and carol.
What alice sees comes from Kamailio's NOTIFYs, built from the PUBLISHes of the others.
"""

from __future__ import annotations

import contextlib
import socket
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest

from app.telephony.config import AccountSpec
from app.telephony.events import CallState, ColleagueState, Lamp, RegistrationEvent, RegState
from tests.integration.kamailio import DOMAIN, Kamailio, password, running_kamailio
from tests.integration.wire import Capture
from tests.support import WAIT, Driver, running_engine

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

BOB = f"sip:bob@{DOMAIN}"
CAROL = f"sip:carol@{DOMAIN}"


def account(kam: Kamailio, user: str, colleagues: tuple[str, ...] = ()) -> AccountSpec:
    return AccountSpec(name=user, server=kam.server, user=user, domain=DOMAIN,
                       display_name=user.title(), probe_interval=0, presence=True,
                       colleagues=colleagues)


def pump_all(agents: tuple[Driver, ...], done: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while True:
        for agent in agents:
            agent.engine.pump(5)
        result = done()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: "
                                 f"{[a.events[-4:] for a in agents]}")


def lamp(agent: Driver, uri: str) -> Lamp | None:
    states = [e for e in agent.events if isinstance(e, ColleagueState) and e.uri == uri]
    return states[-1].lamp if states else None


def registered(agent: Driver, user: str) -> bool:
    return any(isinstance(e, RegistrationEvent) and e.account == user
               and e.state is RegState.REGISTERED for e in agent.events)


@contextlib.contextmanager
def agents(kam: Kamailio, *, with_carol: bool = True) -> Iterator[tuple[Driver, ...]]:
    with running_engine() as alice, running_engine(isolated=True) as bob, \
            running_engine(isolated=True) as carol:
        everyone = (alice, bob, carol) if with_carol else (alice, bob)
        bob.engine.add_account(account(kam, "bob"), password("bob"))
        if with_carol:
            carol.engine.add_account(account(kam, "carol"), password("carol"))
        pump_all(everyone, lambda: registered(bob, "bob")
                 and (not with_carol or registered(carol, "carol")), "bob and carol registered")
        alice.engine.add_account(account(kam, "alice", ("bob", f"Carol <{CAROL}>")),
                                 password("alice"))
        yield alice, bob, carol


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam


def test_a_colleague_on_a_call_lights_busy_and_free_again(kamailio: Kamailio) -> None:
    with agents(kamailio) as (alice, bob, carol):
        everyone = (alice, bob, carol)
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.FREE
                 and lamp(alice, BOB) is Lamp.FREE, "bob and carol free at alice")

        call_id = bob.engine.make_call("carol", account="bob")
        ringing = pump_all(everyone, lambda: next(
            (e for e in carol.events if getattr(e, "state", None) is CallState.INCOMING),
            None), "carol's phone rings")
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.RINGING, "carol ringing")
        carol.engine.answer(ringing.call_id)
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.BUSY
                 and lamp(alice, BOB) is Lamp.BUSY, "carol and bob busy at alice")

        bob.engine.hangup(call_id)
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.FREE
                 and lamp(alice, BOB) is Lamp.FREE, "carol and bob free again")

        # Carol takes a break: away; back: free.
        carol.engine.set_away(True)
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.AWAY, "carol away")
        carol.engine.set_away(False)
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.FREE, "carol back")
    # The lamps came from Kamailio: its log has the PUBLISHes and alice's SUBSCRIBEs.
    log = kamailio.tail(100000)
    assert "PUBLISH carol event presence" in log
    assert len([s for s in kamailio.subscribes() if "SUBSCRIBE carol " in s]) >= 1


def test_a_colleague_not_logged_in_shows_offline(kamailio: Kamailio) -> None:
    with agents(kamailio, with_carol=False) as (alice, bob, _carol):
        pump_all((alice, bob), lambda: lamp(alice, CAROL) is Lamp.OFFLINE
                 and lamp(alice, BOB) is Lamp.FREE, "carol offline, bob free")


def test_a_registrar_without_presence_gives_a_plain_list_and_no_retries(
        tmp_path: Path) -> None:
    with running_kamailio(tmp_path / "kamailio", presence=False) as kam, \
            Capture({kam.port}) as wire, agents(kam) as (alice, bob, carol):
        everyone = (alice, bob, carol)
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.NO_PRESENCE
                 and lamp(alice, BOB) is Lamp.NO_PRESENCE, "no presence")
        refused = [e for e in alice.events if isinstance(e, ColleagueState)
                   and e.lamp is Lamp.NO_PRESENCE]
        assert {e.status_code for e in refused} == {489}
        # A call still works, and changes no lamp: nothing is asked again.
        call_id = bob.engine.make_call("carol", account="bob")
        ringing = pump_all(everyone, lambda: next(
            (e for e in carol.events if getattr(e, "state", None) is CallState.INCOMING),
            None), "carol's phone rings")
        carol.engine.answer(ringing.call_id)
        pump_all(everyone, lambda: any(e.state is CallState.ACTIVE for e in bob.calls(call_id)),
                 "the call is up")
        bob.engine.hangup(call_id)
        pump_all(everyone, lambda: any(getattr(e, "state", None) is CallState.ENDED
                                       for e in carol.events), "the call ended")
        # A new network and a new registration ask nothing again either.
        alice.engine.network_changed("test")
        alice.engine.register("alice")
        pump_all(everyone, lambda: len([e for e in alice.events
                                        if isinstance(e, RegistrationEvent)
                                        and e.state is RegState.REGISTERED]) >= 2,
                 "alice registered again")
        subscribes = [p for p in wire.seen() if p.payload.startswith(b"SUBSCRIBE ")]
    # One SUBSCRIBE per colleague, refused before any challenge, and never sent again.
    assert len(subscribes) == 2, [p.payload[:80] for p in subscribes]
    assert lamp(alice, CAROL) is Lamp.NO_PRESENCE
    assert len(kam.subscribes()) == 2


def test_a_colleague_who_logs_out_turns_offline(kamailio: Kamailio) -> None:
    with agents(kamailio) as (alice, bob, carol):
        everyone = (alice, bob, carol)
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.FREE, "carol free at alice")
        carol.engine.remove_account("carol")
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.OFFLINE, "carol offline")
        assert lamp(alice, BOB) is Lamp.FREE


def test_the_phone_itself_tells_no_stranger_its_state(kamailio: Kamailio) -> None:
    """Presence is the registrar's to serve: a SUBSCRIBE sent straight to the PC (direct IP,
    no authentication) is refused, so nobody learns from it when the agent is on a call."""
    with running_engine() as alice:
        alice.engine.add_account(account(kamailio, "alice"), password("alice"))
        alice.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED)
        port = alice.engine.local_port
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            sock.settimeout(0.05)
            here = sock.getsockname()[1]
            request = (
                f"SUBSCRIBE sip:alice@127.0.0.1:{port} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP 127.0.0.1:{here};branch=z9hG4bKpeek{here}\r\n"
                "Max-Forwards: 70\r\n"
                f"From: <sip:stranger@127.0.0.1:{here}>;tag=peek\r\n"
                f"To: <sip:alice@127.0.0.1:{port}>\r\n"
                f"Call-ID: peek{here}@127.0.0.1\r\n"
                "CSeq: 1 SUBSCRIBE\r\n"
                f"Contact: <sip:stranger@127.0.0.1:{here}>\r\n"
                "Event: presence\r\nAccept: application/pidf+xml\r\nExpires: 600\r\n"
                "Content-Length: 0\r\n\r\n").encode()
            sock.sendto(request, ("127.0.0.1", port))
            replies: list[bytes] = []

            def final() -> bool:
                with contextlib.suppress(TimeoutError):
                    replies.append(sock.recv(4096))
                return any(not r.startswith(b"SIP/2.0 1") for r in replies)

            alice.pump_until(final, what="the answer to the SUBSCRIBE")
        answer = next(r for r in replies if not r.startswith(b"SIP/2.0 1"))
        assert answer.startswith(b"SIP/2.0 403"), answer[:60]
        assert not any(r.startswith(b"NOTIFY") for r in replies)


def test_lamps_come_back_after_the_registrar_restarts(kamailio: Kamailio) -> None:
    """Kamailio keeps subscriptions in memory: a restarted one knows none. While it is away
    the lamps say unknown (not a stale "free"); registered again, the phones subscribe and
    publish afresh instead of waiting for their refreshes."""
    with running_engine() as alice, running_engine(isolated=True) as carol:
        everyone = (alice, carol)
        # Probing the registrar every second: its loss shows at once.
        carol.engine.add_account(replace(account(kamailio, "carol"), probe_interval=1.0),
                                 password("carol"))
        alice.engine.add_account(replace(account(kamailio, "alice", ("carol",)),
                                         probe_interval=1.0), password("alice"))
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.FREE, "carol free")
        kamailio.kill()
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.UNKNOWN, "carol unknown")
        kamailio.start()
        pump_all(everyone, lambda: lamp(alice, CAROL) is Lamp.FREE, "carol free again")
