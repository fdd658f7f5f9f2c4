"""Hostile and broken SIP: the engine answers with an error or ignores it, and stays up.

Each case is sent by SIPp; afterwards a normal call must still succeed on the same engine.
"""

from __future__ import annotations

import contextlib
import csv
import re
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from app.telephony.events import CallEvent, CallState, EndReason, RejectedCallEvent
from tests.support import Driver, finish_sipp, free_port, running_engine, start_sipp

if TYPE_CHECKING:
    from pathlib import Path

SDP = (
    "v=0\r\no=- 1 1 IN IP4 [local_ip]\r\ns=-\r\nc=IN IP4 [media_ip]\r\nt=0 0\r\n"
    "m=audio [media_port] RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
)


CALLER = b"<sip:0312345678@[local_ip]:[local_port]>"


def _invite(from_header: bytes = b'"Caller" ' + CALLER,
            contact: bytes = b"<sip:caller@[local_ip]:[local_port]>",
            via_transport: bytes = b"[transport]", body: bytes = SDP.encode(),
            extra: bytes = b"", call_id: bytes = b"Call-ID: [call_id]\r\n") -> bytes:
    return (
        b"INVITE sip:agent@[remote_ip]:[remote_port] SIP/2.0\r\n"
        b"Via: SIP/2.0/" + via_transport + b" [local_ip]:[local_port];branch=[branch]\r\n"
        b"From: " + from_header + b";tag=[pid]bad[call_number]\r\n"
        b"To: <sip:agent@[remote_ip]:[remote_port]>\r\n" + call_id
        + b"CSeq: 1 INVITE\r\nContact: " + contact + b"\r\nMax-Forwards: 70\r\n" + extra
        + b"Content-Type: application/sdp\r\nContent-Length: [len]\r\n\r\n" + body
    )


def _scenario(path: Path, message: bytes, wait_response: bool) -> Path:
    """A one-message SIPp scenario; bytes are written as they are (SIPp sends them raw)."""
    # Silence is an allowed answer to garbage: give up waiting after 2 s and end normally.
    recv = (b'  <recv response="100" optional="true" timeout="2000" ontimeout="end"/>\n'
            b'  <recv response="180" optional="true"/>\n'
            + b"".join(b'  <recv response="%d" optional="true" next="nack"/>\n' % code
                       for code in (400, 403, 415, 420, 481, 486, 488, 500, 501, 503, 603))
            + b'  <recv response="200" next="ack"/>\n'
            b'  <label id="nack"/>\n'
            b'  <send><![CDATA[\nACK sip:agent@[remote_ip]:[remote_port] SIP/2.0\n'
            b'[last_Via:]\n[last_From:]\n[last_To:]\n[last_Call-ID:]\nCSeq: 1 ACK\n'
            b'Content-Length: 0\n\n]]></send>\n'
            b'  <pause milliseconds="100" next="end"/>\n'
            b'  <label id="ack"/>\n'
            b'  <send><![CDATA[\nACK sip:agent@[remote_ip]:[remote_port] SIP/2.0\n'
            b'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n'
            b'[last_From:]\n[last_To:]\n[last_Call-ID:]\nCSeq: 1 ACK\n'
            b'Content-Length: 0\n\n]]></send>\n'
            b'  <send><![CDATA[\nBYE sip:agent@[remote_ip]:[remote_port] SIP/2.0\n'
            b'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n'
            b'[last_From:]\n[last_To:]\n[last_Call-ID:]\nCSeq: 2 BYE\n'
            b'Content-Length: 0\n\n]]></send>\n'
            b'  <recv response="200"/>\n'
            b'  <label id="end"/>\n') if wait_response else b'  <pause milliseconds="300"/>\n'
    text = (b'<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="bad input">\n'
            b"  <send><![CDATA[\n" + message.replace(b"\r\n", b"\n") + b"\n]]></send>\n"
            + recv + b"</scenario>\n")
    path.write_bytes(text)
    return path


def _normal_call_works(driver: Driver, tmp_path: Path) -> None:
    sipp = start_sipp("uac_headers", f"127.0.0.1:{driver.engine.local_port}", free_port(),
                      tmp_path / "after")
    ringing = driver.wait_call(CallState.INCOMING, after=len(driver.events) - 1)
    driver.wait_call(CallState.ACTIVE, ringing.call_id)
    ended = driver.wait_call(CallState.ENDED, ringing.call_id)
    assert ended.end_reason is EndReason.REMOTE_HANGUP
    assert finish_sipp(driver, sipp) == 0, sipp.output()


@dataclass(frozen=True)
class Case:
    message: bytes
    waits: bool  # SIPp waits for an answer (and ACKs it), or sends and goes
    responses: tuple[int, ...]  # what SIPp receives, in order (() = silence)
    rings: bool  # the engine reports an incoming call


# What the wheel really does with each, observed and pinned: pjsip drops what it cannot parse
# without a word to the sender (no 400 for a broken header), answers a broken SDP with 400.
# pjsip reads at most 4,000 bytes of a UDP datagram (PJSIP_MAX_PKT_LEN): a longer INVITE is cut
# there, fails to parse ("Dropping 4000 bytes packet") and is dropped; the caller hears nothing.
CASES: dict[str, Case] = {
    "garbage": Case(b"this is not SIP at all \x01\xff\r\n\r\n", False, (), False),
    "no call-id": Case(_invite(call_id=b""), False, (), False),
    "bad start line": Case(
        b"INVITE  SIP/9.9\r\nVia: SIP/2.0/UDP [local_ip]:[local_port]\r\n\r\n", False, (), False),
    "broken sdp": Case(_invite(body=b"v=banana\r\nm=audio x\r\n"), True, (400,), False),
    "contact without host": Case(_invite(contact=b"<sip:@>"), True, (), False),
    "unknown transport": Case(_invite(via_transport=b"FOO"), True, (100, 200, 200), True),
    "display name over the UDP limit": Case(
        _invite(from_header=b'"' + b"A" * 10_240 + b'" ' + CALLER), True, (), False),
    "long display name within the limit": Case(
        _invite(from_header=b'"' + b"A" * 3_000 + b'" ' + CALLER), True, (100, 200, 200), True),
    "non-utf8 from": Case(_invite(from_header=b'"\xe9\xff\xfe caller" ' + CALLER), True,
                          (100, 200, 200), True),
    "non-utf8 uri": Case(_invite(from_header=b'<sip:\xc3\x28\xff@[local_ip]:[local_port]>'), True,
                         (), False),
    "control characters": Case(_invite(extra=b"X-Case-Number: SR-1\x07\x1b(31m\r\n"), True,
                               (100, 200, 200), True),
}


def _responses(trace: Path) -> tuple[int, ...]:
    """The status codes SIPp received, in order, from its message trace."""
    if not trace.exists():
        return ()
    text = trace.read_text(errors="replace")
    return tuple(int(code) for code in re.findall(r"^SIP/2\.0 (\d{3})", text, re.M))


@pytest.mark.parametrize("name", list(CASES))
def test_bad_invite_gets_what_the_stack_does_and_leaves_engine_up(name: str,
                                                                  tmp_path: Path) -> None:
    case = CASES[name]
    with running_engine(auto_answer_ms=0) as driver:
        scenario = _scenario(tmp_path / "bad.xml", case.message, case.waits)
        trace = tmp_path / "messages.log"
        sipp = start_sipp(str(scenario), f"127.0.0.1:{driver.engine.local_port}", free_port(),
                          tmp_path / "bad", "-timeout", "8s", "-trace_msg",
                          "-message_file", str(trace))
        code = finish_sipp(driver, sipp)
        # 1 only where the engine stays silent and SIPp's wait for an answer times out.
        assert code == (1 if case.waits and not case.responses else 0), sipp.output()
        assert _responses(trace) == case.responses
        incoming = [e for e in driver.events
                    if isinstance(e, CallEvent) and e.state is CallState.INCOMING]
        assert bool(incoming) == case.rings
        rejected = [e for e in driver.events if isinstance(e, RejectedCallEvent)]
        assert [e.status_code for e in rejected] == [c for c in case.responses if c >= 300]
        for event in incoming:  # what got through is clean text, bounded
            assert len(event.remote.display_name) <= 256
            assert all(ch.isprintable() for ch in event.remote.display_name)
            assert all(ch.isprintable() for _, v in event.headers.items_ for ch in v)
        if name == "non-utf8 from":
            assert "\ufffd" in incoming[0].remote.display_name
        if name == "long display name within the limit":
            assert incoming[0].remote.display_name == "A" * 255 + "…"  # clipped, and says so
        _normal_call_works(driver, tmp_path)


def _stats(path: Path) -> dict[str, str]:
    with path.open() as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    return dict(zip(rows[0], rows[-1], strict=False))


def test_burst_of_500_invites_in_two_seconds(tmp_path: Path) -> None:
    with running_engine(auto_answer_ms=0) as driver:
        target = f"127.0.0.1:{driver.engine.local_port}"
        sipp = start_sipp("uac", target, free_port(), tmp_path / "burst", "-d", "0",
                          "-trace_stat", "-stf", str(tmp_path / "stats.csv"),
                          calls=500, rate=250)
        finish_sipp(driver, sipp, timeout=60)
        stats = _stats(tmp_path / "stats.csv")
        answered = int(stats["SuccessfulCall(C)"])
        # Every INVITE got a final answer: 200, or 486 while the engine was full. None timed out.
        assert int(stats["FailedMaxUDPRetrans(C)"]) == 0
        assert int(stats["FailedCallRejected(C)"]) + int(stats["FailedUnexpectedMessage(C)"]) \
            + answered == 500
        rejected = [e for e in driver.events if isinstance(e, RejectedCallEvent)]
        assert answered > 0
        assert len(rejected) == 500 - answered
        assert all(e.status_code == 486 for e in rejected)
        _normal_call_works(driver, tmp_path)


def test_an_invite_refused_twice_is_one_refused_caller(tmp_path: Path) -> None:
    """Every line taken, pjsua refuses an INVITE statelessly, so its retransmission (a 486
    lost, or late under a burst) is refused again: one caller, one RejectedCallEvent (the desk
    logs each as a missed call: the burst above once counted 506 for 490 callers)."""
    with running_engine(auto_answer_ms=0, max_calls=1) as driver, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        target = f"127.0.0.1:{driver.engine.local_port}"
        ringing = start_sipp("uac_wait_bye", target, free_port(), tmp_path / "ringing",
                             "-key", "caller", "0311110000", "-key", "extra", "X-Test: one")
        driver.wait_call(CallState.INCOMING)  # the one line, taken
        peer.bind(("127.0.0.1", 0))
        peer.setblocking(False)
        port = peer.getsockname()[1]
        invite = (
            f"INVITE sip:agent@{target} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-twice-{port};rport\r\n"
            f"From: <sip:0611112222@127.0.0.1:{port}>;tag=twice{port}\r\n"
            f"To: <sip:agent@{target}>\r\nCall-ID: twice-{port}@127.0.0.1\r\n"
            f"CSeq: 1 INVITE\r\nContact: <sip:0611112222@127.0.0.1:{port}>\r\n"
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n").encode()
        host, _, sip_port = target.partition(":")
        finals: list[bytes] = []

        def heard_486() -> bool:
            with contextlib.suppress(BlockingIOError):
                while True:
                    data = peer.recv(65535)
                    if data.startswith(b"SIP/2.0 486"):
                        finals.append(data)
            return len(finals) >= len(sent)

        sent = [peer.sendto(invite, (host, int(sip_port)))]
        driver.pump_until(heard_486, what="the 486")
        sent.append(peer.sendto(invite, (host, int(sip_port))))  # the retransmission
        driver.pump_until(heard_486, what="the 486 again")
        rejected = [e for e in driver.events if isinstance(e, RejectedCallEvent)]
        assert len(rejected) == 1, rejected
        assert rejected[0].status_code == 486
        assert rejected[0].sip_call_id == f"twice-{port}@127.0.0.1"
        ringing.stop()
