"""A DNS server on loopback for tests: A, AAAA, SRV and NAPTR from a dict, slow or silent on demand.

pjsip's resolver takes nameserver addresses without a port ("127.0.0.1:5353" fails libInit with
PJLIB_UTIL_EDNSINNSADDR) and always asks port 53: for pjsip run the server on port 53 of a spare
loopback address (``free_loopback_53``); other clients may use any port (the default: a free one).

It answers over UDP and TCP, NXDOMAIN for names it does not know and an empty NOERROR answer for a
known name without records of the asked type. Every query is
recorded, answered or not, so a test can assert what was asked and wait for it without sleeping::

    records: Records = {
        "example.test": {"NAPTR": [(10, 10, "S", "SIP+D2U", "", "_sip._udp.example.test")]},
        "_sip._udp.example.test": {"SRV": [(10, 10, 5070, "sip.example.test")]},
        "sip.example.test": {"A": ["127.0.0.1"]},
    }
    with DnsServer(records, silent_names={"slow.test"}, host=free_loopback_53(), port=53) as dns:
        ...  # pjsip: EpConfig.uaConfig.nameserver = [dns.host] (port 53 only, see below)
        dns.wait_for("_sip._udp.example.test", "SRV")

Modes, global or per name (a key is a name, or a ``(name, type)`` pair for one record type): answer
at once (the default), answer after ``delay`` seconds, never answer (``silent``), or answer with a
given response code (``rcodes``, e.g. 2 for SERVFAIL). The per-name setting wins over the global
one; all of them can be changed while the server runs.
"""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import itertools
import selectors
import socket
import struct
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from types import TracebackType

Srv: TypeAlias = tuple[int, int, int, str]  # priority, weight, port, target
Naptr: TypeAlias = tuple[int, int, str, str, str, str]  # order, pref, flags, service, regexp, repl
RecordData: TypeAlias = str | Srv | Naptr  # str: an address for A and AAAA
Records: TypeAlias = "Mapping[str, Mapping[str, Sequence[RecordData]]]"
Key: TypeAlias = str | tuple[str, str]  # a name, or (name, type) for one type of that name

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28,
         "SRV": 33, "NAPTR": 35, "OPT": 41, "ANY": 255}
TYPE_NAMES = {code: name for name, code in TYPES.items()}
NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED = 0, 1, 2, 3, 4, 5
_CLASS_IN = 1
_MAX_UDP = 512  # no EDNS: a longer answer is truncated and the client should retry over TCP


def free_loopback_53() -> str:
    """A 127.x address whose port 53 is free for UDP and TCP, for ``DnsServer(host=..., port=53)``.

    pjsip's ``nameserver`` list takes addresses only, never a port: its resolver always asks port
    53. Binding it needs root or CAP_NET_BIND_SERVICE (or a low
    net.ipv4.ip_unprivileged_port_start); PermissionError says so, and a test can skip on it.
    """
    for third, fourth in itertools.product(range(53, 60), range(1, 255)):
        host = f"127.0.{third}.{fourth}"
        try:
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                with socket.socket(socket.AF_INET, kind) as probe:
                    probe.bind((host, 53))
        except PermissionError:
            raise
        except OSError:
            continue
        return host
    raise OSError("no free loopback address with port 53")


@dataclass(frozen=True)
class Query:
    name: str  # lower case, without the trailing dot
    qtype: str  # "A", "SRV", "NAPTR", ... or "TYPE<n>" for one without a name here
    transport: str  # "udp" or "tcp"
    at: float  # time.monotonic() when it arrived


def _norm(name: str) -> str:
    return name.rstrip(".").lower()


def _norm_key(key: Key) -> tuple[str, str]:
    if isinstance(key, tuple):
        return _norm(key[0]), key[1].upper()
    return _norm(key), ""


def encode_name(name: str) -> bytes:
    out = bytearray()
    for label in _norm(name).split(".") if _norm(name) else []:
        raw = label.encode("idna") if not label.isascii() else label.encode()
        if not 0 < len(raw) < 64:
            raise ValueError(f"bad DNS label in {name!r}")
        out += bytes([len(raw)]) + raw
    return bytes(out + b"\0")


def _char_string(text: str) -> bytes:
    raw = text.encode()
    if len(raw) > 255:
        raise ValueError("character-string longer than 255 bytes")
    return bytes([len(raw)]) + raw


def decode_name(data: bytes, offset: int) -> tuple[str, int]:
    """The name at ``offset`` (following compression pointers) and the offset just after it."""
    labels: list[str] = []
    end = -1
    for _ in range(128):  # a bound on pointer loops
        if offset >= len(data):
            raise ValueError("name runs past the message")
        length = data[offset]
        if length & 0xC0 == 0xC0:
            if offset + 1 >= len(data):
                raise ValueError("truncated pointer")
            if end < 0:
                end = offset + 2
            offset = ((length & 0x3F) << 8) | data[offset + 1]
            continue
        if length == 0:
            return ".".join(labels), end if end >= 0 else offset + 1
        labels.append(data[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    raise ValueError("compression loop")


def rdata(qtype: str, value: RecordData) -> bytes:
    """The wire form of one record's data."""
    if qtype == "A" and isinstance(value, str):
        return ipaddress.IPv4Address(value).packed
    if qtype == "AAAA" and isinstance(value, str):
        return ipaddress.IPv6Address(value).packed
    if qtype == "CNAME" and isinstance(value, str):
        return encode_name(value)
    if qtype == "SRV" and isinstance(value, tuple) and len(value) == 4:
        priority, weight, port, target = value
        return struct.pack("!HHH", priority, weight, port) + encode_name(target)
    if qtype == "NAPTR" and isinstance(value, tuple) and len(value) == 6:
        order, pref, flags, service, regexp, replacement = value
        return (struct.pack("!HH", order, pref) + _char_string(flags) + _char_string(service)
                + _char_string(regexp) + encode_name(replacement))
    raise ValueError(f"cannot encode {value!r} as {qtype}")


def build_query(name: str, qtype: str, ident: int = 0x1234) -> bytes:
    """A recursive query for one name, as a stub resolver sends it (for tests of the server)."""
    header = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    return header + encode_name(name) + struct.pack("!HH", TYPES[qtype.upper()], _CLASS_IN)


@dataclass(frozen=True)
class Answer:
    """A decoded response, enough for tests to check what the server said."""

    ident: int
    rcode: int
    truncated: bool
    answers: list[tuple[str, str, bytes]]  # (name, type, raw rdata)
    additional: list[tuple[str, str, bytes]]


def parse_response(data: bytes) -> Answer:
    ident, flags, qdcount, ancount, nscount, arcount = struct.unpack_from("!HHHHHH", data)
    offset = 12
    for _ in range(qdcount):
        _, offset = decode_name(data, offset)
        offset += 4
    sections: list[list[tuple[str, str, bytes]]] = [[], [], []]
    for section, count in zip(sections, (ancount, nscount, arcount), strict=True):
        for _ in range(count):
            name, offset = decode_name(data, offset)
            rtype, _, _, length = struct.unpack_from("!HHIH", data, offset)
            offset += 10
            section.append((name, TYPE_NAMES.get(rtype, f"TYPE{rtype}"),
                            data[offset:offset + length]))
            offset += length
    return Answer(ident, flags & 0xF, bool(flags & 0x0200), sections[0], sections[2])


class DnsServer:
    """An authoritative-looking DNS server on ``host`` (UDP, and TCP unless ``tcp=False``)."""

    def __init__(
        self,
        records: Records | None = None,
        *,
        delay: float = 0.0,
        delays: Mapping[Key, float] | None = None,
        silent: bool = False,
        silent_names: Iterable[Key] = (),
        rcodes: Mapping[Key, int] | None = None,
        additional: bool = False,
        tcp: bool = True,
        ttl: int = 60,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """``additional``: put the A/AAAA records of SRV targets in the additional section."""
        self._lock = threading.Condition()
        self._records: dict[str, dict[str, list[RecordData]]] = {}
        self.set_records(records or {})
        self._delay = delay
        self._delays = {_norm_key(k): v for k, v in (delays or {}).items()}
        self._silent = silent
        self._silent_names = {_norm_key(k) for k in silent_names}
        self._rcodes = {_norm_key(k): v for k, v in (rcodes or {}).items()}
        self.additional = additional
        self.ttl = ttl
        self.host = host
        self._want_port = port
        self._want_tcp = tcp
        self._queries: list[Query] = []
        self._udp: socket.socket | None = None
        self._tcp: socket.socket | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._pending: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._buffers: dict[socket.socket, bytearray] = {}
        self.port = 0

    # -- configuration, also while running ----------------------------------------------------

    @property
    def address(self) -> str:
        """``host:port``, the form pjsip's ``nameserver`` list takes."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def set_records(self, records: Records) -> None:
        table = {
            _norm(name): {qtype.upper(): list(values) for qtype, values in by_type.items()}
            for name, by_type in records.items()
        }
        for by_type in table.values():
            for qtype, values in by_type.items():
                for value in values:
                    rdata(qtype, value)  # fail in the test, not in the server thread
        with self._lock:
            self._records = table

    def set_delay(self, seconds: float, key: Key | None = None) -> None:
        with self._lock:
            if key is None:
                self._delay = seconds
            else:
                self._delays[_norm_key(key)] = seconds

    def set_silent(self, silent: bool, key: Key | None = None) -> None:
        with self._lock:
            if key is None:
                self._silent = silent
            elif silent:
                self._silent_names.add(_norm_key(key))
            else:
                self._silent_names.discard(_norm_key(key))

    def set_rcode(self, rcode: int | None, key: Key) -> None:
        with self._lock:
            if rcode is None:
                self._rcodes.pop(_norm_key(key), None)
            else:
                self._rcodes[_norm_key(key)] = rcode

    # -- what was asked -----------------------------------------------------------------------

    @property
    def queries(self) -> list[Query]:
        with self._lock:
            return list(self._queries)

    def asked(self, name: str, qtype: str | None = None) -> list[Query]:
        name, qtype = _norm(name), qtype.upper() if qtype else None
        return [q for q in self.queries if q.name == name and qtype in (None, q.qtype)]

    def wait_for(self, name: str, qtype: str | None = None, timeout: float = 5.0,
                 count: int = 1) -> Query:
        """The ``count``-th query for ``name`` (of ``qtype``), waiting up to ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = self.asked(name, qtype)
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no query {name} {qtype or ''} (got {self._queries})")
                self._lock.wait(left)

    def clear(self) -> None:
        with self._lock:
            self._queries.clear()

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> DnsServer:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self._udp = socket.socket(family, socket.SOCK_DGRAM)
        self._udp.bind((self.host, self._want_port))
        self.port = int(self._udp.getsockname()[1])
        if self._want_tcp:
            self._tcp = socket.socket(family, socket.SOCK_STREAM)
            self._tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._tcp.bind((self.host, self.port))
            self._tcp.listen(16)
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, name="test-dns", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is None:
            return
        self._stopping = True
        assert self._wake_w is not None
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        self._thread.join(5.0)
        self._thread = None
        for sock in [self._udp, self._tcp, self._wake_r, self._wake_w, *self._buffers]:
            if sock is not None:
                sock.close()
        self._buffers.clear()
        self._pending.clear()

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the server thread --------------------------------------------------------------------

    def _serve(self) -> None:
        assert self._udp is not None and self._wake_r is not None
        sel = selectors.DefaultSelector()
        sel.register(self._udp, selectors.EVENT_READ, "udp")
        sel.register(self._wake_r, selectors.EVENT_READ, "wake")
        if self._tcp is not None:
            sel.register(self._tcp, selectors.EVENT_READ, "listen")
        try:
            while not self._stopping:
                timeout = None
                if self._pending:
                    timeout = max(0.0, self._pending[0][0] - time.monotonic())
                for key, _ in sel.select(timeout):
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    if key.data == "udp":
                        self._on_udp(sock)
                    elif key.data == "listen":
                        with contextlib.suppress(OSError):
                            conn, _ = sock.accept()
                            self._buffers[conn] = bytearray()
                            sel.register(conn, selectors.EVENT_READ, "tcp")
                    elif key.data == "tcp":
                        self._on_tcp(sel, sock)
                now = time.monotonic()
                while self._pending and self._pending[0][0] <= now:
                    _, _, send = heapq.heappop(self._pending)
                    with contextlib.suppress(OSError):
                        send()
        finally:
            sel.close()

    def _on_udp(self, sock: socket.socket) -> None:
        try:
            data, peer = sock.recvfrom(4096)
        except OSError:
            return
        self._handle(data, "udp", lambda reply: sock.sendto(reply, peer))

    def _on_tcp(self, sel: selectors.BaseSelector, conn: socket.socket) -> None:
        try:
            chunk = conn.recv(4096)
        except OSError:
            chunk = b""
        if not chunk:
            sel.unregister(conn)
            self._buffers.pop(conn, None)
            conn.close()
            return
        buf = self._buffers[conn]
        buf += chunk
        while len(buf) >= 2 and len(buf) >= 2 + int.from_bytes(buf[:2], "big"):
            length = int.from_bytes(buf[:2], "big")
            message = bytes(buf[2:2 + length])
            del buf[:2 + length]

            def send(reply: bytes, conn: socket.socket = conn) -> None:
                if conn in self._buffers:  # not closed by the client meanwhile
                    conn.sendall(len(reply).to_bytes(2, "big") + reply)

            self._handle(message, "tcp", send)

    def _handle(self, data: bytes, transport: str, send: Callable[[bytes], object]) -> None:
        try:
            ident, flags, qdcount = struct.unpack_from("!HHH", data)
            name, offset = decode_name(data, 12)
            qcode, _ = struct.unpack_from("!HH", data, offset)
        except (struct.error, ValueError):
            return  # not a query we can read: a real server would say FORMERR; tests never ask
        if flags & 0x8000 or qdcount != 1:
            return
        question = data[12:offset + 4]
        qtype = TYPE_NAMES.get(qcode, f"TYPE{qcode}")
        query = Query(_norm(name), qtype, transport, time.monotonic())
        with self._lock:
            self._queries.append(query)
            self._lock.notify_all()
            keys = [(query.name, qtype), (query.name, "")]
            if self._silent or any(k in self._silent_names for k in keys):
                return
            delay = next((self._delays[k] for k in keys if k in self._delays), self._delay)
            rcode = next((self._rcodes[k] for k in keys if k in self._rcodes), None)
            reply = self._reply(ident, flags, question, query.name, qtype, rcode, transport)

        def later() -> None:
            send(reply)

        if delay <= 0:
            with contextlib.suppress(OSError):
                later()
        else:
            heapq.heappush(self._pending, (time.monotonic() + delay, next(self._seq), later))

    def _reply(self, ident: int, flags: int, question: bytes, name: str, qtype: str,
               rcode: int | None, transport: str) -> bytes:
        by_type = self._records.get(name)
        answers: list[bytes] = []
        extra: list[bytes] = []
        if rcode is None:
            rcode = NXDOMAIN if by_type is None else NOERROR
        if rcode == NOERROR and by_type is not None:
            wanted = list(by_type) if qtype == "ANY" else [qtype]
            for rtype in wanted:
                for value in by_type.get(rtype, []):
                    answers.append(self._rr(b"\xc0\x0c", rtype, value))  # name: the question's
                    if self.additional and rtype == "SRV" and isinstance(value, tuple):
                        target = _norm(str(value[3]))
                        for atype in ("A", "AAAA"):
                            for addr in self._records.get(target, {}).get(atype, []):
                                extra.append(self._rr(encode_name(target), atype, addr))
        out_flags = 0x8000 | (flags & 0x7800) | 0x0400 | (flags & 0x0100) | 0x0080 | rcode
        body = b"".join(answers) + b"".join(extra)
        if transport == "udp" and 12 + len(question) + len(body) > _MAX_UDP:
            out_flags |= 0x0200  # TC: ask again over TCP
            answers, extra, body = [], [], b""
        header = struct.pack("!HHHHHH", ident, out_flags, 1, len(answers), 0, len(extra))
        return header + question + body

    def _rr(self, owner: bytes, rtype: str, value: RecordData) -> bytes:
        data = rdata(rtype, value)
        return owner + struct.pack("!HHIH", TYPES[rtype], _CLASS_IN, self.ttl, len(data)) + data
