"""Hostile SIP peers (issue 21, 3): each scenario plays one attack on the agent's engine and
returns what it got back, in a few words ("501", "200/491", "closed").

Used by tests/integration/test_hostile_sip.py (which asserts each reply and that the engine
survived) and by bench/torture.py (which prints them as a table). Raw sockets where the bytes
or the timing must be ours (races, slow-loris, oversized input); SIPp where a scenario file
says it best (tests/sipp/uac_reinvite_storm.xml, uac_refer_abuse.xml) and for the floods.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tests.support import finish_sipp, free_port, start_sipp
from tests.support_torture import (
    RawPeer,
    Response,
    collect,
    establish,
    final_for,
    sdp,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


CONNECT_TIMEOUT = 1.0  # s: a connection the agent holds off (door closed) counts as refused
REFUSALS_ENOUGH = 3


@dataclass(frozen=True)
class Target:
    port: int  # UDP and TCP
    tls_port: int
    log_dir: Path


@dataclass(frozen=True)
class Scenario:
    name: str
    what: str  # the attack, in words
    expect: frozenset[str]  # replies a correct UA may give
    play: Callable[[Target], str]
    rfc: str = ""  # what the RFC says, when it says something
    observed: str = ""  # where the reply is not one a correct UA gives: that reply, pinned
    finding: str = ""  # and why


def _finish(peer: RawPeer, responses: list[Response], method: str = "INVITE") -> str:
    """The first final code, ending a call it started (ACK; BYE for a 2xx)."""
    finals = [r for r in responses if r.code >= 200 and r.cseq[1] == method]
    if not finals:
        return "drop"
    final = finals[0]
    if method == "INVITE":
        number = final.cseq[0]
        # Unique across plays (RFC 3261 8.1.1.7). It was id(final), which CPython hands out
        # again: pjsip matches a server transaction by branch and method only, so a BYE
        # reusing the branch of an earlier play's BYE, still lingering (32 s), was taken as
        # its retransmission and never reached this call, which stayed up (issue 21).
        via_branch = f"z9hG4bK-end-{number}-{uuid.uuid4().hex}"
        common = (f"From: {final.header('From', 'f')}\r\nTo: {final.header('To', 't')}\r\n"
                  f"Call-ID: {final.call_id}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
        if final.code >= 300:
            peer.send((f"ACK sip:agent@{peer.agent} SIP/2.0\r\n"
                       f"Via: {final.header('Via', 'v')}\r\nCSeq: {number} ACK\r\n"
                       + common).encode())
        else:
            import re  # noqa: PLC0415 - only here

            contact = re.search(r"<([^>]+)>", final.header("Contact", "m"))
            target = contact.group(1) if contact else f"sip:agent@{peer.agent}"
            for verb, cseq in (("ACK", number), ("BYE", number + 1)):
                peer.send((f"{verb} {target} SIP/2.0\r\nVia: SIP/2.0/{peer.transport} "
                           f"{peer.local};branch={via_branch}-{verb};rport\r\n"
                           f"CSeq: {cseq} {verb}\r\n" + common).encode())
            collect(peer, lambda rs: final_for(rs, number + 1, "BYE") is not None)
    return str(final.code)


def _probe_reply(peer: RawPeer, message: bytes, method: str = "INVITE") -> str:
    """Send ``message``; what it got once the probe after it is answered (or "closed")."""
    seen: list[Response] = []
    peer.send(message)
    if not peer.probe(seen):
        return "closed" if peer.transport != "UDP" else "silent"
    if peer.transport == "UDP" and not any(r.cseq[1] == method for r in seen):
        # Nothing at all for it by the time the probe sent after it is answered: a datagram
        # can be lost (a loaded machine's loopback too), and a UA sends the request again
        # (RFC 3261 17.1.1.2, Timer A). An engine that discards it discards it again.
        peer.send(message)
        if not peer.probe(seen):
            return "silent"
    if method == "INVITE" and seen and all(r.code < 200 for r in seen):
        seen += collect(peer, lambda rs: any(r.code >= 200 for r in rs))
    return _finish(peer, seen, method)


# -- oversized and malformed input --------------------------------------------------------------

def _invite_with(peer: RawPeer, name: str, *, extra: str = "", body: bytes | None = None) -> bytes:
    return peer.request("INVITE", f"sip:agent@{peer.agent}", f"{name}-{time.monotonic_ns()}@raw",
                        1, from_tag=f"tag-{name}",
                        extra=extra + "Content-Type: application/sdp\r\n",
                        body=sdp() if body is None else body)


def oversized_header_tcp(target: Target) -> str:
    with RawPeer("TCP", target.port) as peer:
        return _probe_reply(peer, _invite_with(peer, "big", extra=f"X-Big: {'a' * 70_000}\r\n"))


def many_headers_tcp(target: Target) -> str:
    headers = "".join(f"X-H-{i}: value-{i}\r\n" for i in range(3000))
    with RawPeer("TCP", target.port) as peer:
        return _probe_reply(peer, _invite_with(peer, "many", extra=headers))


def oversized_datagram_udp(target: Target) -> str:
    with RawPeer("UDP", target.port) as peer:
        return _probe_reply(peer, _invite_with(peer, "dgram", extra=f"X-Big: {'b' * 60_000}\r\n"))


def _bad_sdp(body: str, transport: str = "UDP") -> Callable[[Target], str]:
    def play(target: Target) -> str:
        with RawPeer(transport, target.port) as peer:
            return _probe_reply(peer, _invite_with(peer, "sdp", body=body.encode()))
    return play


_SDP_HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"


def unknown_method(target: Target) -> str:
    with RawPeer("UDP", target.port) as peer:
        message = peer.request("FROBNICATE", f"sip:agent@{peer.agent}",
                               f"frob-{time.monotonic_ns()}@raw", 1)
        return _probe_reply(peer, message, "FROBNICATE")


# -- dialogs under stress ---------------------------------------------------------------------

def reinvite_storm(target: Target) -> str:
    """20 re-INVITEs back to back in one call (SIPp): every one answered, the call intact."""
    sipp = start_sipp("uac_reinvite_storm", f"127.0.0.1:{target.port}", free_port(),
                      target.log_dir / "storm")
    code = finish_sipp(None, sipp)
    return "completed" if code == 0 else f"sipp exit {code}: {sipp.output()[-600:]}"


def reinvite_overlap(target: Target) -> str:
    """A second re-INVITE before the first is answered (RFC 3261 14.2: 500 or 491)."""
    with RawPeer("UDP", target.port) as peer:
        call = establish(peer, "overlap")
        first, second = call.in_dialog("INVITE", extra="Content-Type: application/sdp\r\n",
                                       body=sdp(40002)), None
        peer.send(first)
        first_cseq = call.cseq
        second = call.in_dialog("INVITE", extra="Content-Type: application/sdp\r\n",
                                body=sdp(40004))
        peer.send(second)
        got = collect(peer, lambda rs: final_for(rs, first_cseq, "INVITE") is not None
                      and final_for(rs, first_cseq + 1, "INVITE") is not None)
        codes = [final_for(got, first_cseq, "INVITE"), final_for(got, first_cseq + 1, "INVITE")]
        for cseq, code in zip((first_cseq, first_cseq + 1), codes, strict=True):
            if code is not None:
                call.ack(cseq)
        peer.send(call.in_dialog("BYE"))
        bye = collect(peer, lambda rs: final_for(rs, call.cseq, "BYE") is not None)
        return f"{codes[0]}/{codes[1]} bye {final_for(bye, call.cseq, 'BYE')}"


def cancel_bye_race(target: Target) -> str:
    """CANCEL right behind the INVITE: the agent's 200 crosses it; the caller ACKs and BYEs."""
    with RawPeer("UDP", target.port) as peer:
        name = f"race-{time.monotonic_ns()}"
        branch = f"z9hG4bK-{name}"
        invite = peer.request("INVITE", f"sip:agent@{peer.agent}", f"{name}@raw", 1,
                              from_tag="tag-race", branch=branch,
                              extra="Content-Type: application/sdp\r\n", body=sdp())
        cancel = peer.request("CANCEL", f"sip:agent@{peer.agent}", f"{name}@raw", 1,
                              from_tag="tag-race", branch=branch)
        peer.send(invite)
        peer.send(cancel)
        got = collect(peer, lambda rs: final_for(rs, 1, "INVITE") is not None
                      and final_for(rs, 1, "CANCEL") is not None)
        cancel_code = final_for(got, 1, "CANCEL")
        invite_code = _finish(peer, got)
        return f"invite {invite_code} cancel {cancel_code}"


def bye_reinvite_race(target: Target) -> str:
    """A re-INVITE and a BYE back to back: the BYE ends the call, the re-INVITE gets an answer
    (200 if it came first, 481/487 if the dialog was gone), the agent logs one end."""
    with RawPeer("UDP", target.port) as peer:
        call = establish(peer, "byereinv")
        reinvite = call.in_dialog("INVITE", extra="Content-Type: application/sdp\r\n",
                                  body=sdp(40006))
        reinvite_cseq = call.cseq
        bye = call.in_dialog("BYE")
        peer.send(reinvite)
        peer.send(bye)
        got = collect(peer, lambda rs: final_for(rs, reinvite_cseq, "INVITE") is not None
                      and final_for(rs, call.cseq, "BYE") is not None)
        code = final_for(got, reinvite_cseq, "INVITE")
        if code is not None:
            call.ack(reinvite_cseq)
        return f"re-invite {code} bye {final_for(got, call.cseq, 'BYE')}"


# -- REFER and Replaces abuse -----------------------------------------------------------------

def refer_out_of_dialog(target: Target) -> str:
    with RawPeer("UDP", target.port) as peer:
        message = peer.request("REFER", f"sip:agent@{peer.agent}",
                               f"refer-{time.monotonic_ns()}@raw", 1,
                               extra="Refer-To: <sip:premium@198.51.100.7>\r\n")
        return _probe_reply(peer, message, "REFER")


def _refer_in_dialog(refer_to: str | None) -> Callable[[Target], str]:
    def play(target: Target) -> str:
        with RawPeer("UDP", target.port) as peer:
            call = establish(peer, "refer")
            extra = "" if refer_to is None else f"Refer-To: {refer_to}\r\n"
            peer.send(call.in_dialog("REFER", extra=extra))
            refer_cseq = call.cseq
            got = collect(peer, lambda rs: final_for(rs, refer_cseq, "REFER") is not None)
            code = final_for(got, refer_cseq, "REFER")
            peer.send(call.in_dialog("BYE"))
            collect(peer, lambda rs: final_for(rs, call.cseq, "BYE") is not None)
            return str(code)
    return play


def refer_storm_sipp(target: Target) -> str:
    """SIPp: one call, then REFERs to itself, to a tel: URI and with a Replaces inside."""
    sipp = start_sipp("uac_refer_abuse", f"127.0.0.1:{target.port}", free_port(),
                      target.log_dir / "refer")
    code = finish_sipp(None, sipp)
    return "completed" if code == 0 else f"sipp exit {code}: {sipp.output()[-600:]}"


def replaces_garbage(target: Target) -> str:
    with RawPeer("UDP", target.port) as peer:
        return _probe_reply(peer, _invite_with(peer, "repl", extra="Replaces: ;;;to-tag=\r\n"
                                               "Require: replaces\r\n"))


# -- floods -----------------------------------------------------------------------------------

def _flood_sipp(transport: str, calls: int, rate: int) -> Callable[[Target], str]:
    def play(target: Target) -> str:
        log_dir = target.log_dir / f"flood-{transport}"
        stats = log_dir / "stats.csv"
        sipp = start_sipp("uac", f"127.0.0.1:{target.port}", free_port(), log_dir,
                          "-t", transport, "-d", "0", "-trace_stat", "-stf", str(stats),
                          "-max_socket", str(calls + 10), "-timeout", "10s",
                          calls=calls, rate=rate)
        finish_sipp(None, sipp, timeout=90)
        rows = [line.split(";") for line in stats.read_text().splitlines() if line]
        values = dict(zip(rows[0], rows[-1], strict=False))
        ok = int(values["SuccessfulCall(C)"])
        # A 486 arrives where SIPp waits for a 100 (the engine full): "unexpected" to SIPp.
        refused = int(values["FailedCallRejected(C)"]) + int(values["FailedUnexpectedMessage(C)"])
        other = int(values["FailedCall(C)"]) - refused
        return f"{ok} answered, {refused} refused (486), {other} not connected or timed out"
    return play


def tls_flood(target: Target, connections: int = 80) -> str:
    """Quick TLS connections, each with an INVITE, all left open, then all closed."""
    opened: list[RawPeer] = []
    answered = refused = 0
    try:
        for _ in range(connections):
            try:
                # A refused connection is one the agent's door held off (its SYN dropped):
                # 1 s says so without waiting out TCP's retries.
                peer = RawPeer("TLS", target.port, tls_port=target.tls_port,
                               connect_timeout=CONNECT_TIMEOUT)
            except (OSError, ssl.SSLError):
                refused += 1
                if refused >= REFUSALS_ENOUGH:
                    break  # the door is shut: more attempts would each wait CONNECT_TIMEOUT
                continue
            opened.append(peer)
            with contextlib.suppress(OSError):
                peer.send(_invite_with(peer, "tlsflood"))
        for peer in opened:  # then each caller hangs up what got answered (ACK, BYE)
            got = collect(peer, lambda rs: any(r.code >= 200 for r in rs), timeout=2.0)
            answered += any(r.code >= 200 for r in got)
            with contextlib.suppress(OSError):
                _finish(peer, got)
    finally:
        for peer in opened:
            peer.close()
    return (f"{len(opened)} connected and answered {answered}, then {refused} refused"
            if refused else f"all {len(opened)} connected, {answered} answered")


# -- slow-loris -------------------------------------------------------------------------------

def _loris(tls: bool, connections: int) -> Callable[[Target], str]:
    def play(target: Target) -> str:
        socks: list[socket.socket | ssl.SSLSocket] = []
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        port = target.tls_port if tls else target.port
        message = (f"INVITE sip:agent@127.0.0.1:{target.port} SIP/2.0\r\n"
                   "Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-loris\r\n").encode()
        try:
            # The door may still be shut from the scenario before (its connections' slots
            # linger half a second): the first connection waits until the agent takes it.
            first_by = time.monotonic() + 10 * CONNECT_TIMEOUT
            for _ in range(connections):
                try:
                    raw = _connect(port, until=first_by if not socks else 0.0)
                    socks.append(context.wrap_socket(raw) if tls else raw)
                except (OSError, ssl.SSLError):
                    break
                # Paced like a patient attacker: back to back, the agent's engine process
                # accepts slower than they come (its accept queue holds 6) and the later ones
                # time out at SYN, so the connections would never be held at all.
                select.select([], [], [], 0.02)
            # A byte at a time on every connection, a round at a time, while a normal call
            # must still get through (SIPp over UDP, started meanwhile).
            sipp = start_sipp("uac_headers", f"127.0.0.1:{target.port}", free_port(),
                              target.log_dir / f"loris-{'tls' if tls else 'tcp'}")
            sent = 0
            for index in range(len(message)):
                for sock in socks:
                    with contextlib.suppress(OSError):
                        sock.send(message[index:index + 1])
                sent += 1
                if not sipp.running():
                    break
                select.select([], [], [], 0.01)  # pacing of the trickle, not a wait for state
            code = finish_sipp(None, sipp)
            alive = sum(1 for s in socks if _open(s))
            call = "call completed" if code == 0 else f"call failed (sipp {code})"
            return f"{len(socks)} connections, {sent} bytes each, {alive} still open, {call}"
        finally:
            for sock in socks:
                with contextlib.suppress(OSError):
                    sock.close()
    return play


def _connect(port: int, *, until: float) -> socket.socket:
    """A connection to the agent; refused ones are tried again until ``until``."""
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=CONNECT_TIMEOUT)
        except OSError:
            if time.monotonic() >= until:
                raise


def _open(sock: socket.socket | ssl.SSLSocket) -> bool:
    ready, _, _ = select.select([sock], [], [], 0)
    if not ready:
        return True
    try:
        return bool(sock.recv(1, socket.MSG_PEEK) if not isinstance(sock, ssl.SSLSocket)
                    else sock.recv(1))
    except (OSError, ssl.SSLError):
        return False


SCENARIOS: list[Scenario] = [
    Scenario("oversized header (TCP)", "INVITE with a 70 kB header over TCP",
             frozenset({"closed", "drop", "400", "413", "513"}), oversized_header_tcp,
             "RFC 3261 21.4.11: 513 Message Too Large (or refuse the connection's data)"),
    Scenario("3000 headers (TCP)", "INVITE with 3,000 extension headers over TCP",
             frozenset({"closed", "drop", "400", "413", "513", "200"}), many_headers_tcp),
    Scenario("60 kB datagram (UDP)", "INVITE in one 60 kB UDP datagram",
             frozenset({"drop", "400", "513"}), oversized_datagram_udp,
             "RFC 3261 18.1.1/18.3: a message larger than the datagram buffer is discarded",
             observed="200",
             finding="pjsip keeps the first 4,000 bytes (PJSIP_MAX_PKT_LEN) and parses the cut "
             "head as a whole INVITE without a body: the call is answered"),
    Scenario("SDP without media", "INVITE whose SDP has no m= line",
             frozenset({"400", "488"}), _bad_sdp(_SDP_HEAD),
             "RFC 3264 5/6: no usable stream: 488 Not Acceptable Here"),
    Scenario("SDP port 99999", "INVITE offering audio on port 99999",
             frozenset({"400", "488"}), _bad_sdp(_SDP_HEAD + "m=audio 99999 RTP/AVP 0\r\n")),
    Scenario("SDP video only", "INVITE offering only video",
             frozenset({"488", "200"}), _bad_sdp(_SDP_HEAD + "m=video 4000 RTP/AVP 31\r\n"),
             "RFC 3264 6: streams may be refused (port 0); no audio at all: 488"),
    Scenario("SDP unknown codec", "INVITE offering only an unknown codec",
             frozenset({"488"}), _bad_sdp(_SDP_HEAD + "m=audio 4000 RTP/AVP 98\r\n"
                                          "a=rtpmap:98 NOPE/8000\r\n")),
    Scenario("SDP 40 m-lines (TCP)", "INVITE offering 40 audio streams",
             frozenset({"400", "488", "200", "500"}),
             _bad_sdp(_SDP_HEAD + "".join(f"m=audio {4000 + 2 * i} RTP/AVP 0\r\n"
                                          for i in range(40)), "TCP")),
    Scenario("unknown method", "FROBNICATE outside any dialog", frozenset({"501", "405"}),
             unknown_method, "RFC 3261 8.2.1, 21.5.2: 501 Not Implemented (405 with Allow)"),
    Scenario("re-INVITE storm", "20 re-INVITEs back to back in one call (SIPp)",
             frozenset({"completed"}), reinvite_storm),
    Scenario("overlapping re-INVITEs", "second re-INVITE before the first is answered",
             frozenset({"200/500 bye 200", "200/491 bye 200", "200/200 bye 200"}),
             reinvite_overlap, "RFC 3261 14.2: 500 (Retry-After) to the second"),
    Scenario("CANCEL/BYE race", "CANCEL right behind the INVITE; the 200 crosses it",
             frozenset({"invite 200 cancel 200", "invite 200 cancel 481",
                        "invite 487 cancel 200"}), cancel_bye_race,
             "RFC 3261 9.2: CANCEL after the final answer has no effect (200 or 481)"),
    Scenario("BYE/re-INVITE race", "re-INVITE and BYE back to back",
             frozenset({"re-invite 200 bye 200", "re-invite 481 bye 200",
                        "re-invite 487 bye 200"}), bye_reinvite_race,
             "RFC 3261 15.1.2: pending requests get 487 once the BYE is taken"),
    Scenario("REFER out of dialog", "REFER to a premium number, no dialog",
             frozenset({"405", "403", "481", "501", "603"}), refer_out_of_dialog),
    Scenario("REFER to itself", "in-dialog REFER back to the agent's own address",
             frozenset({"603", "403"}),
             _refer_in_dialog("<sip:agent@127.0.0.1>")),
    Scenario("REFER to garbage", "in-dialog REFER with an unparseable Refer-To",
             frozenset({"400", "603"}), _refer_in_dialog("<\x01\x02 nonsense")),
    Scenario("REFER without Refer-To", "in-dialog REFER missing its Refer-To",
             frozenset({"400"}), _refer_in_dialog(None),
             "RFC 3515 2.4.1: exactly one Refer-To, else 400"),
    Scenario("REFER abuse (SIPp)", "REFERs to a tel: URI and with embedded Replaces (SIPp)",
             frozenset({"completed"}), refer_storm_sipp),
    Scenario("Replaces garbage", "INVITE with a malformed Replaces",
             frozenset({"400", "481", "drop"}), replaces_garbage,
             "RFC 3891 3: 400 for a malformed Replaces, 481 for no such dialog"),
    Scenario("INVITE flood (UDP)", "300 INVITEs at 300/s over UDP", frozenset(),
             _flood_sipp("u1", 300, 300)),
    Scenario("INVITE flood (TCP)", "120 INVITEs at 120/s, one TCP connection each",
             frozenset(), _flood_sipp("tn", 120, 120)),
    Scenario("INVITE flood (TLS)", "80 quick TLS connections, an INVITE on each",
             frozenset(), tls_flood),
    Scenario("slow-loris (TCP)", "50 TCP connections fed an INVITE a byte at a time",
             frozenset(), _loris(False, 50)),
    Scenario("slow-loris (TLS)", "30 TLS connections fed an INVITE a byte at a time",
             frozenset(), _loris(True, 30)),
]
