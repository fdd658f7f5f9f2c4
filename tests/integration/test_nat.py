"""Home networks, the media side: STUN, TURN and ICE through a real coturn on loopback.

The TURN server is coturn (tests/integration/coturn.py) with long-term credentials; the peers
are real pjsua2 engines (the agent's in this process, the far end in a child process) or SIPp.
What is asserted is what the far end and the wire hold: the candidates in the SDP, the
allocations coturn made, and a tone that crosses the relay and is heard at the other end.

Limits of a loopback test, and what covers them:
- pjnath leaves loopback addresses out of ICE's host candidates, so on 127.0.0.1 an ICE call
  has relayed candidates only (and server-reflexive ones with STUN): the media provably goes
  through coturn, but a host-to-host ICE pair is not exercised here.
- There is no NAT between the peers: coturn's server-reflexive answer is the same loopback
  address. The container could make one (``ip netns`` and nftables masquerading work here as
  root), but these tests stay on loopback so they run beside other tests without touching the
  host's network; the srflx candidate is checked at a SIPp far end instead.
"""

from __future__ import annotations

import contextlib
import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.telephony import nat
from app.telephony.config import AccountSpec, ConfigError, Transport
from app.telephony.events import CallState
from tests.integration.coturn import PASSWORD, USER, Coturn, running_coturn
from tests.integration.tlscerts import make_certs
from tests.integration.wire import Capture
from tests.support import engine_config, finish_sipp, free_port, running_engine, start_sipp
from tests.support_audio import FarEnd, Talker, hears

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.timeout(180)

AGENT_TONE = 700.0
FAR_TONE = 1300.0
CANDIDATE = re.compile(
    r"a=candidate:\S+ (?P<comp>\d) (?P<proto>UDP|TCP) \d+ (?P<ip>[\d.]+) (?P<port>\d+) "
    r"typ (?P<type>\w+)")


@pytest.fixture
def coturn(tmp_path: Path) -> Iterator[Coturn]:
    with running_coturn(tmp_path / "turn") as turn:
        yield turn


def turn_account(name: str, peer_port: int, turn: Coturn, **overrides: object) -> AccountSpec:
    fields: dict[str, object] = {
        "name": name, "server": f"127.0.0.1:{peer_port}", "user": name, "register": False,
        "probe_interval": 0, "ice": True, "turn_server": turn.server, "turn_user": USER,
    }
    fields.update(overrides)
    return AccountSpec(**fields)  # type: ignore[arg-type]


def sip_on_wire(wire: Capture, start: str, cseq: str = "INVITE") -> str:
    """The SDP of the first SIP message on the wire that starts so (a request line or a status
    line) and belongs to a ``cseq`` transaction."""
    for packet in wire.seen():
        text = packet.payload.decode("utf-8", "replace")
        head, _, body = text.partition("\r\n\r\n")
        if text.startswith(start) and re.search(rf"^CSeq: \d+ {cseq}\r?$", head, re.M):
            return body
    raise AssertionError(f"no {start!r} on the wire")


def candidates(sdp: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in CANDIDATE.finditer(sdp)]


# TURN over TCP and TLS crash pjnath up to 2.17 at a call's end (app.telephony.nat): their calls
# run here once the wheel can take them; until then the engine refuses them (below).
STREAMS = (Transport.TCP, Transport.TLS)
USABLE = [t for t in STREAMS if t in nat.turn_transports()]
REFUSED = [t for t in STREAMS if t not in nat.turn_transports()]


@pytest.mark.parametrize("transport", [Transport.UDP, *USABLE])
def test_a_call_through_turn_carries_speech_both_ways(
        tmp_path: Path, transport: Transport, caplog: pytest.LogCaptureFixture) -> None:
    certs = make_certs(tmp_path / "certs") if transport is Transport.TLS else None
    port = free_port()
    with contextlib.ExitStack() as stack:
        coturn = stack.enter_context(running_coturn(tmp_path / "turn", certs))
        server = coturn.server if certs is None else f"127.0.0.1:{coturn.tls_port}"
        # Both ends in engine processes: pjnath 2.15 can crash at a TURN call's end (README).
        agent = stack.enter_context(Talker(engine_config(port), AGENT_TONE, isolated=True))
        far = stack.enter_context(FarEnd(tone=FAR_TONE, turn_password=PASSWORD, account=(
            turn_account("far", port, coturn, turn_transport=transport, turn_server=server))))
        wire = stack.enter_context(Capture({port, far.port}))  # the SIP between them
        agent.engine.add_account(turn_account("agent", far.port, coturn, turn_server=server,
                                              turn_transport=transport), None, PASSWORD)
        call_id = agent.engine.make_call(f"sip:far@127.0.0.1:{far.port}", account="agent")
        agent.until(lambda: any(e.state is CallState.ACTIVE
                                for e in agent.driver.calls(call_id)), "the call is up")
        # Speech both ways, through the relays: each end hears the other's tone.
        agent.until(lambda: far.wait_for(lambda heard: hears(heard, AGENT_TONE), 0.01),
                    "the far end hears the agent")
        agent.until(lambda: hears(agent.heard, FAR_TONE), "the agent hears the far end")
        agent.engine.hangup(call_id)
        agent.driver.wait_call(CallState.ENDED, call_id)

    offer = candidates(sip_on_wire(wire, "INVITE sip:far@"))
    answer = candidates(sip_on_wire(wire, "SIP/2.0 200"))
    # Loopback has no host candidates (pjnath skips 127/8): relayed ones alone, for RTP and RTCP.
    for sdp in (offer, answer):
        assert {c["type"] for c in sdp} == {"relay"}, sdp
        assert {c["comp"] for c in sdp} == {"1", "2"}, sdp
    # The relayed addresses are coturn's own allocations.
    allocated = set(coturn.allocations())
    for c in offer + answer:
        assert f"{c['ip']}:{c['port']}" in allocated, (c, allocated)
    assert PASSWORD not in "\n".join(r.getMessage() for r in caplog.records)


def test_stun_and_turn_candidates_reach_a_peer_without_ice(coturn: Coturn,
                                                           tmp_path: Path) -> None:
    sipp_port = free_port()
    sipp = start_sipp("uas_ice_offer", None, sipp_port, tmp_path / "sipp")
    with Talker(engine_config(free_port()), AGENT_TONE, isolated=True) as agent:
        agent.engine.add_account(
            turn_account("agent", sipp_port, coturn, stun_server=coturn.server), None, PASSWORD)
        call_id = agent.engine.make_call(f"sip:peer@127.0.0.1:{sipp_port}", account="agent")
        agent.until(lambda: any(e.state in (CallState.ACTIVE, CallState.ENDED)
                                for e in agent.driver.calls(call_id)), "an answer")
        assert agent.driver.calls(call_id)[-1].state is CallState.ACTIVE, \
            agent.driver.calls(call_id)[-1]
        agent.engine.hangup(call_id)
        agent.driver.wait_call(CallState.ENDED, call_id)
        code = finish_sipp(agent.driver, sipp)
    # SIPp checked the offer: a srflx and a relay candidate (check_it fails it otherwise).
    assert code == 0, sipp.output()
    assert re.search(r"offer .*typ srflx.*typ relay", sipp.output()), sipp.output()


def test_a_wrong_turn_password_is_a_clear_failure(
        coturn: Coturn, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-turn-password"
    port = free_port()
    with Talker(engine_config(port, sip_trace=True), AGENT_TONE) as agent, \
            FarEnd(tone=FAR_TONE) as far, Capture({far.port}) as wire:
        agent.engine.add_account(turn_account("agent", far.port, coturn), None, wrong)
        call_id = agent.engine.make_call(f"sip:far@127.0.0.1:{far.port}", account="agent")
        ended = agent.driver.wait_call(CallState.ENDED, call_id)
    assert ended.media_problem == nat.TURN_AUTH_FAILED, ended
    assert not any(e.state is CallState.ACTIVE for e in agent.driver.calls(call_id))
    # Nothing was offered to anyone (no relay candidate): no INVITE reached the far end.
    assert not any(p.payload.startswith(b"INVITE") for p in wire.seen())
    # coturn refused the user's credentials and allocated nothing.
    assert re.search(rf"user <{USER}>: .*error 401", coturn.text()), coturn.tail()
    assert coturn.allocations() == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert nat.TURN_AUTH_FAILED in logged
    assert wrong not in logged  # the whole SIP trace and pjnath's log included


def test_an_unreachable_turn_server_is_told_apart(tmp_path: Path) -> None:
    silent = free_port()  # nothing answers there: the Allocate goes unanswered
    port = free_port()
    with Talker(engine_config(port), AGENT_TONE) as agent, FarEnd(tone=FAR_TONE) as far:
        spec = AccountSpec(name="agent", server=f"127.0.0.1:{far.port}", user="agent",
                           register=False, probe_interval=0, turn_server=f"127.0.0.1:{silent}",
                           turn_user=USER)
        agent.engine.add_account(spec, None, PASSWORD)
        call_id = agent.engine.make_call(f"sip:far@127.0.0.1:{far.port}", account="agent")
        # pjnath gives up after its STUN retransmissions (about 8 s): the ceiling is above that.
        ended = agent.driver.wait_call(CallState.ENDED, call_id, timeout=40)
    assert ended.media_problem == nat.TURN_UNREACHABLE, ended


@pytest.mark.parametrize("transport", REFUSED)
def test_turn_over_a_stream_is_refused_while_pjnath_crashes_on_it(
        coturn: Coturn, transport: Transport) -> None:
    with running_engine() as agent:
        with pytest.raises(ConfigError) as refused:
            agent.engine.add_account(turn_account("agent", free_port(), coturn,
                                                  turn_transport=transport), None, PASSWORD)
        assert refused.value.code == nat.TURN_TRANSPORT_UNSUPPORTED
        assert agent.engine.accounts() == []


def test_ice_calls_hung_up_mid_tick_leave_the_sip_process_alive(tmp_path: Path) -> None:
    """pjsua closed a call's ICE transport while a clock tick still had the call's frame to
    send: SIGSEGV (app.telephony.engine.mediagate). The child makes the race as likely as it
    gets (a slow port in each call) and hangs up five calls: the engine without the gate died
    at the first. (The far end's BYE, which the gate does not cover, is the child's "far"
    mode, run by hand: it is not a test of something fixed.)"""
    calls = 5
    child = subprocess.run(
        [sys.executable, "-m", "tests.integration.ice_hangup_race", str(tmp_path), str(calls)],
        capture_output=True, text=True, timeout=150, check=False,
        cwd=Path(__file__).resolve().parents[2])
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.strip().endswith(f"ended {calls}"), child.stdout[-500:]
