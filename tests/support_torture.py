"""Raw SIP peers for the torture tests: send bytes as they are, read what comes back.

SIPp rewrites and validates what it sends; the RFC 4475 messages must reach the agent byte for
byte (NULs, bare LFs, folded headers, two requests in a datagram), so these peers use plain
sockets. What counts as "no answer" is decided by a probe, not a clock: after the message, the
peer sends an OPTIONS of its own on the same socket and waits for its 200. pjsip handles what
arrives on a socket in order, so once the probe is answered every immediate answer to the
message (a 400, a 100 Trying, a stateless 486) has been sent too.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import select
import socket
import ssl
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.support import WAIT

if TYPE_CHECKING:
    from collections.abc import Callable

TORTURE_DIR = Path(__file__).parent / "sip_torture"
RETRANSMIT = 0.5  # s: RFC 3261 T1, for the probe over UDP (a restarting engine misses some)

_ids = itertools.count(1)


@dataclass(frozen=True)
class TortureMessage:
    name: str
    section: str
    title: str
    kind: str
    rfc: str
    allow: tuple[str, ...]
    data: bytes
    observed: str = ""  # where the wheel's answer differs from the RFC's: that answer, pinned
    finding: str = ""  # and why, in words (the lead's note quotes it)

    @property
    def transport(self) -> str:
        """UDP, or TCP when the top Via names a stream transport (the answer needs it)."""
        match = _TOP_VIA.search(self.data)
        proto = match.group("transport").upper() if match else b"UDP"
        return "UDP" if proto == b"UDP" else "TCP"

    @property
    def is_response(self) -> bool:
        return self.data.startswith(b"SIP/")


def load_messages() -> dict[str, TortureMessage]:
    manifest = tomllib.loads((TORTURE_DIR / "messages.toml").read_text(encoding="utf-8"))
    return {
        name: TortureMessage(name=name, section=entry["section"], title=entry["title"],
                             kind=entry["kind"], rfc=entry["rfc"], allow=tuple(entry["allow"]),
                             data=(TORTURE_DIR / f"{name}.dat").read_bytes(),
                             observed=entry.get("observed", ""),
                             finding=entry.get("finding", ""))
        for name, entry in manifest.items()
    }


_LWS = rb"(?:[ \t]|\r?\n[ \t])*"
_TOP_VIA = re.compile(
    rb"^(?:via|v)[ \t]*:" + _LWS + rb"SIP" + _LWS + rb"/" + _LWS + rb"\d+\.\d+" + _LWS + rb"/"
    + _LWS + rb"(?P<transport>[A-Za-z]+)(?P<gap>(?:[ \t]|\r?\n[ \t])+)(?P<host>[^;,\s]+)",
    re.IGNORECASE | re.MULTILINE,
)
_RURI_HOST = re.compile(
    rb"^(?P<head>[^ ]+ +<?sips?:(?:[^@\s>]*@)?)(?P<host>[A-Za-z0-9.\-]+(?::\d+)?)")


_BRANCH = re.compile(rb"(;[ \t]*branch[ \t]*=[ \t]*)([^;,\s]+)", re.IGNORECASE)


def aim(data: bytes, local: str, agent: str, tag: str = "") -> bytes:
    """The message with its top Via's sent-by set to ``local`` and, for a request, the
    Request-URI's host to ``agent`` (both host:port); every other byte stays as it is, but for
    ``tag`` appended to the top Via's branch (see ``send_torture``)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    via = _TOP_VIA.search(head)
    if via is not None:
        rest = head[via.end("host"):]
        if tag:  # within the top Via header only (up to a line that is not folded)
            end = re.search(rb"\r?\n(?![ \t])", rest)
            cut = end.start() if end else len(rest)
            rest = _BRANCH.sub(lambda m: m.group(0) if m.group(2) == b"z9hG4bK"
                               else m.group(1) + m.group(2) + b"-" + tag.encode(),
                               rest[:cut], count=1) + rest[cut:]
        head = head[: via.start("host")] + local.encode() + rest
    if not head.startswith(b"SIP/"):
        first, nl, rest = head.partition(b"\n")
        first = _RURI_HOST.sub(lambda m: m.group("head") + agent.encode(), first, count=1)
        head = first + nl + rest
    return head + sep + body


# -- parsing what comes back -------------------------------------------------------------------

@dataclass(frozen=True)
class Response:
    code: int
    raw: bytes

    def header(self, name: str, compact: str = "") -> str:
        names = {name.lower(), compact.lower()} - {""}
        for line in self.raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
            key, sep, value = line.partition(b":")
            if sep and key.strip().lower().decode(errors="replace") in names:
                return value.strip().decode(errors="replace")
        return ""

    @property
    def call_id(self) -> str:
        return self.header("Call-ID", "i")

    @property
    def cseq(self) -> tuple[int, str]:
        number, _, method = self.header("CSeq").partition(" ")
        return int(number or 0), method.strip()


def _parse_status(message: bytes) -> Response | None:
    match = re.match(rb"SIP/2\.0 (\d{3}) ", message)
    return Response(int(match.group(1)), message) if match else None


class _StreamFramer:
    """SIP messages out of a byte stream (RFC 3261 18.3: Content-Length frames the body)."""

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, data: bytes) -> list[bytes]:
        self.buffer += data
        out: list[bytes] = []
        while True:
            self.buffer = self.buffer.lstrip(b"\r\n")  # keep-alive CRLFs between messages
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return out
            match = re.search(rb"(?im)^(?:content-length|l)[ \t]*:[ \t]*(\d+)",
                              self.buffer[:end])
            total = end + 4 + (int(match.group(1)) if match else 0)
            if len(self.buffer) < total:
                return out
            out.append(self.buffer[:total])
            self.buffer = self.buffer[total:]


# -- the peer ----------------------------------------------------------------------------------

@dataclass
class Exchange:
    """What one message got: every distinct response, in order, and the final one's code."""

    responses: list[Response] = field(default_factory=list)
    probe_answered: bool = False

    @property
    def codes(self) -> list[int]:
        return [r.code for r in self.responses]

    @property
    def outcome(self) -> str:
        """The final status code, or "drop" when nothing came back (1xx alone: "1xx")."""
        finals = [r.code for r in self.responses if r.code >= 200]
        if finals:
            return str(finals[0])
        return "1xx" if self.responses else "drop"


def allowed(outcome: str, allow: tuple[str, ...]) -> bool:
    return any(outcome == a or (a.endswith("xx") and outcome[:1] == a[:1] and outcome != "drop")
               for a in allow)


class RawPeer:
    """A socket (UDP, TCP or TLS) that talks to the agent's listening port."""

    def __init__(self, transport: str, port: int, *, tls_port: int | None = None,
                 connect_timeout: float = WAIT) -> None:
        self.transport = transport
        self.agent = f"127.0.0.1:{port}"
        self._framer = _StreamFramer()
        self._pending: list[bytes] = []
        self.sock: socket.socket | ssl.SSLSocket
        if transport == "UDP":
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind(("127.0.0.1", 0))
            self.sock.connect(("127.0.0.1", port))
        else:
            raw = socket.create_connection(("127.0.0.1", tls_port or port),
                                           timeout=connect_timeout)
            if transport == "TLS":
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE  # a hostile peer checks nothing
                raw = context.wrap_socket(raw)
            self.sock = raw
        self.local = f"127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()

    def __enter__(self) -> RawPeer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def send(self, data: bytes) -> None:
        if self.transport == "UDP":
            self.sock.send(data)
        else:
            self.sock.sendall(data)

    def receive(self, timeout: float) -> Response | None:
        """The next response within ``timeout`` s (requests the agent sends are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            while self._pending:
                response = _parse_status(self._pending.pop(0))
                if response is not None:
                    return response
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if not (isinstance(self.sock, ssl.SSLSocket) and self.sock.pending()):
                ready, _, _ = select.select([self.sock], [], [], left)
                if not ready:
                    return None
            try:
                data = self.sock.recv(65536)
            except (ConnectionError, OSError):
                return None
            if self.transport == "UDP":
                self._pending.append(data)
            elif not data:
                return None
            else:
                self._pending.extend(self._framer.feed(data))

    # -- requests of our own -------------------------------------------------------------------

    def request(self, method: str, uri: str, call_id: str, cseq: int, *, from_tag: str = "t1",
                to: str = "", extra: str = "", body: bytes = b"",
                branch: str | None = None) -> bytes:
        branch = branch or f"z9hG4bK-raw-{next(_ids)}"
        head = (f"{method} {uri} SIP/2.0\r\n"
                f"Via: SIP/2.0/{self.transport} {self.local};branch={branch};rport\r\n"
                f"From: <sip:raw@{self.local}>;tag={from_tag}\r\n"
                f"To: {to or f'<sip:agent@{self.agent}>'}\r\n"
                f"Call-ID: {call_id}\r\nCSeq: {cseq} {method}\r\n"
                f"Contact: <sip:raw@{self.local};transport={self.transport.lower()}>\r\n"
                f"Max-Forwards: 70\r\n{extra}Content-Length: {len(body)}\r\n\r\n")
        return head.encode() + body

    def probe(self, responses: list[Response], timeout: float = WAIT) -> bool:
        """Send an OPTIONS and wait for its answer; other responses go to ``responses``."""
        call_id = f"probe-{next(_ids)}@raw"
        message = self.request("OPTIONS", f"sip:probe@{self.agent}", call_id, 1)
        deadline = time.monotonic() + timeout
        resend = 0.0
        while time.monotonic() < deadline:
            if time.monotonic() >= resend:
                try:
                    self.send(message)
                except OSError:
                    return False
                # Over UDP the probe is resent like any request (the engine may be restarting);
                # a stream carries it once.
                resend = time.monotonic() + RETRANSMIT if self.transport == "UDP" else deadline
            response = self.receive(min(RETRANSMIT, max(0.0, deadline - time.monotonic())))
            if response is None:
                continue
            if response.call_id == call_id:
                if response.code >= 200:
                    return True
                continue
            responses.append(response)
        return False

    def exchange(self, message: bytes, *, invite: bool = False) -> Exchange:
        """Send ``message``, gather what it gets until the probe is answered (an INVITE: until
        its final response), then end what it started (ACK, and BYE for a 2xx)."""
        seen: list[Response] = []
        self.send(message)
        result = Exchange(probe_answered=self.probe(seen))
        if invite and seen and all(r.code < 200 for r in seen):
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline:
                response = self.receive(deadline - time.monotonic())
                if response is None:
                    break
                seen.append(response)
                if response.code >= 200:
                    break
        for response in seen:  # retransmissions count once
            if all((r.code, r.cseq, r.call_id) != (response.code, response.cseq,
                                                   response.call_id)
                   for r in result.responses):
                result.responses.append(response)
        if invite:
            self._end_invite(message, result)
        return result

    def _end_invite(self, invite: bytes, result: Exchange) -> None:
        finals = [r for r in result.responses if r.code >= 200]
        if not finals:
            return
        final = finals[0]
        number, _ = final.cseq
        common = (f"From: {final.header('From', 'f')}\r\nTo: {final.header('To', 't')}\r\n"
                  f"Call-ID: {final.call_id}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
        if final.code >= 300:
            # Hop-by-hop ACK: the INVITE's Request-URI and top Via (echoed in the response).
            uri = invite.split(b" ", 2)[1].decode(errors="replace")
            via = final.header("Via", "v")
            self.send((f"ACK {uri} SIP/2.0\r\nVia: {via}\r\nCSeq: {number} ACK\r\n"
                       + common).encode())
            return
        contact = re.search(r"<([^>]+)>", final.header("Contact", "m"))
        target = contact.group(1) if contact else f"sip:agent@{self.agent}"
        for method, cseq in (("ACK", number), ("BYE", number + 1)):
            via = f"SIP/2.0/{self.transport} {self.local};branch=z9hG4bK-raw-{next(_ids)};rport"
            self.send((f"{method} {target} SIP/2.0\r\nVia: {via}\r\nCSeq: {cseq} {method}\r\n"
                       + common).encode())
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:  # the BYE's answer: the call is over at the agent
            response = self.receive(deadline - time.monotonic())
            if response is None or response.cseq == (number + 1, "BYE"):
                return


def send_torture(message: TortureMessage, port: int) -> Exchange:
    """One RFC 4475 message to the agent listening on ``port``, aimed and answered."""
    with RawPeer(message.transport, port) as peer:
        # Most RFC messages share one branch (z9hG4bKkdjuw); pjsip matches a server
        # transaction by branch and method, not by sent-by (RFC 3261 17.2.3 wants all three),
        # so without its name appended a message would be absorbed as a "retransmission" of
        # an earlier one still in its transaction's linger time. badbranch's bare magic cookie
        # is what it tests: it stays.
        data = aim(message.data, peer.local, peer.agent, message.name)
        is_invite = not message.is_response and re.match(rb"INVITE\s", data) is not None
        return peer.exchange(data, invite=is_invite)


# -- hostile scenarios: calls of our own --------------------------------------------------------

SDP_OFFER = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
             "m=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def sdp(port: int = 40000, *, extra: str = "") -> bytes:
    return (SDP_OFFER.format(port=port) + extra).encode()


@dataclass
class RawCall:
    """One dialog a RawPeer started: what in-dialog requests need."""

    peer: RawPeer
    call_id: str
    from_tag: str
    to: str = ""  # the To header with the agent's tag, once answered
    target: str = ""  # the agent's Contact URI
    cseq: int = 1

    def invite(self, body: bytes | None = None, extra: str = "") -> bytes:
        return self.peer.request("INVITE", f"sip:agent@{self.peer.agent}", self.call_id,
                                 self.cseq, from_tag=self.from_tag, extra=extra
                                 + "Content-Type: application/sdp\r\n",
                                 body=sdp() if body is None else body)

    def answered(self, response: Response) -> None:
        self.to = response.header("To", "t")
        contact = re.search(r"<([^>]+)>", response.header("Contact", "m"))
        self.target = contact.group(1) if contact else f"sip:agent@{self.peer.agent}"

    def in_dialog(self, method: str, *, extra: str = "", body: bytes = b"",
                  cseq: int | None = None) -> bytes:
        if cseq is None:
            self.cseq += 1
        return self.peer.request(method, self.target, self.call_id,
                                 self.cseq if cseq is None else cseq, from_tag=self.from_tag,
                                 to=self.to, extra=extra, body=body)

    def ack(self, cseq: int) -> None:
        self.peer.send(self.in_dialog("ACK", cseq=cseq))


def collect(peer: RawPeer, want: Callable[[list[Response]], bool],
            timeout: float = WAIT) -> list[Response]:
    """Responses until ``want`` says enough (or ``timeout``), retransmissions once."""
    got: list[Response] = []
    deadline = time.monotonic() + timeout
    while not want(got):
        response = peer.receive(deadline - time.monotonic())
        if response is None:
            break
        if all((r.code, r.cseq) != (response.code, response.cseq) for r in got):
            got.append(response)
    return got


def final_for(responses: list[Response], cseq: int, method: str) -> int | None:
    return next((r.code for r in responses if r.cseq == (cseq, method) and r.code >= 200), None)


def establish(peer: RawPeer, name: str) -> RawCall:
    """An answered call from ``peer`` (the agent auto-answers), ACKed."""
    call = RawCall(peer, f"{name}-{next(_ids)}@raw", f"tag-{name}")
    peer.send(call.invite())
    got = collect(peer, lambda rs: final_for(rs, 1, "INVITE") is not None)
    ok = next((r for r in got if r.cseq == (1, "INVITE") and r.code == 200), None)
    assert ok is not None, f"{name}: no 200 to the INVITE: {[r.code for r in got]}"
    call.answered(ok)
    call.ack(1)
    return call
