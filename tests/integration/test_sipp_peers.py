"""The SIPp callees the suite plays against take a caller's retransmissions for what they are.

A PC under load resends a request whose answer it has not read within 500 ms (RFC 3261
17.1.1.2, 17.1.2.2). SIPp knows a copy only while it has sent one message since the original;
after two (a 200 and a 487, a 180 and a 200) it aborts the call on an "unexpected" request, and
the test that used it fails for nothing the product did (CI, December 2026: a CANCEL). Here a
caller written out by hand sends the copies after the answers, where SIPp's check misses them.
"""

from __future__ import annotations

import contextlib
import re
import socket
import uuid
from typing import TYPE_CHECKING

from tests.support import WAIT, finish_sipp, free_port, start_sipp, udp_queued, wait_until

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
       "a=rtpmap:101 telephone-event/8000\r\n")


class Caller:
    """One dialog's requests over UDP, each message as a phone writes it."""

    def __init__(self, callee_port: int) -> None:
        wait_until(lambda: udp_queued(callee_port) is not None, "SIPp on its port")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(WAIT)
        self.port = self.sock.getsockname()[1]
        self.callee = ("127.0.0.1", callee_port)
        self.call_id = uuid.uuid4().hex
        self.branch = "z9hG4bK" + uuid.uuid4().hex
        self.to_tag = ""

    def send(self, method: str, cseq: int, *, branch: str | None = None, body: str = "") -> None:
        to = f"<sip:service@127.0.0.1:{self.callee[1]}>"
        if self.to_tag:
            to += f";tag={self.to_tag}"
        lines = [
            f"{method} sip:service@127.0.0.1:{self.callee[1]} SIP/2.0",
            f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};rport;branch={branch or self.branch}",
            "Max-Forwards: 70",
            f"From: <sip:agent@127.0.0.1:{self.port}>;tag=caller1",
            f"To: {to}",
            f"Call-ID: {self.call_id}",
            f"CSeq: {cseq} {method}",
            f"Contact: <sip:agent@127.0.0.1:{self.port}>",
        ]
        if body:
            lines.append("Content-Type: application/sdp")
        lines.append(f"Content-Length: {len(body.encode())}")
        self.sock.sendto(("\r\n".join(lines) + "\r\n\r\n" + body).encode(), self.callee)

    def expect(self, status: int, method: str) -> str:
        """The next message must be this response; the callee's tag is kept for the dialog."""
        message = self.sock.recv(65535).decode()
        assert message.startswith(f"SIP/2.0 {status} "), message
        assert re.search(rf"^CSeq: *\d+ {method}\r$", message, re.MULTILINE), message
        tag = re.search(r"^To:.*;tag=([^;>\s]+)", message, re.MULTILINE)
        if tag:
            self.to_tag = tag.group(1)
        return message

    def close(self) -> None:
        self.sock.close()


@contextlib.contextmanager
def calling(scenario: str, tmp_path: Path) -> Iterator[Caller]:
    """A Caller of SIPp playing ``scenario``, which must then end well."""
    port = free_port()
    sipp = start_sipp(scenario, None, port, tmp_path / "sipp")
    caller = Caller(port)
    try:
        yield caller
        assert finish_sipp(None, sipp) == 0, sipp.output()
    finally:
        caller.close()


def test_the_ringing_callee_takes_a_cancel_resent_after_its_487(tmp_path: Path) -> None:
    with calling("uas_ring_forever", tmp_path) as caller:
        caller.send("INVITE", 1, body=SDP)
        caller.expect(180, "INVITE")
        caller.send("CANCEL", 1)
        caller.expect(200, "CANCEL")
        caller.expect(487, "INVITE")
        caller.send("CANCEL", 1)  # the copy: its timer fired before it read the answers
        caller.send("ACK", 1)


def test_the_answering_callee_takes_an_invite_resent_after_its_200(tmp_path: Path) -> None:
    with calling("uas_basic", tmp_path) as caller:
        caller.send("INVITE", 1, body=SDP)
        caller.expect(180, "INVITE")
        caller.expect(200, "INVITE")
        caller.send("INVITE", 1, body=SDP)  # the copy
        caller.send("ACK", 1, branch="z9hG4bK" + uuid.uuid4().hex)  # a 2xx's ACK: its own
        caller.send("BYE", 2, branch="z9hG4bK" + uuid.uuid4().hex)
        caller.expect(200, "BYE")
