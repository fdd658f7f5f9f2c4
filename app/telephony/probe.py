"""Is the registrar still there? A cheap, non-blocking liveness check.

UDP registrations give no sign when the registrar goes away: the client stays 'registered' until
its next refresh, possibly many minutes later, and a restarted registrar has forgotten it. The
engine sends an OPTIONS every few seconds (UDP) or opens a connection (TCP/TLS); when the probe
fails it says so, and when the registrar answers again it registers at once.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import secrets
import select
import socket
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from app.telephony.config import Transport

if TYPE_CHECKING:
    from collections.abc import Callable


CONFIRM_GAP = 1.0  # s: after a failed probe, the next one comes this soon, to confirm it


def _options(host: str, port: int, local: tuple[str, int]) -> bytes:
    branch = "z9hG4bK-cl" + secrets.token_hex(8)
    tag = secrets.token_hex(6)
    call_id = secrets.token_hex(12)
    lhost, lport = local
    return (
        f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {lhost}:{lport};branch={branch};rport\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:probe@{lhost}>;tag={tag}\r\n"
        f"To: <sip:{host}:{port}>\r\n"
        f"Call-ID: {call_id}@caseline\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "Accept: application/sdp\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


# Name lookups can block for the resolver's whole timeout; the thread that pumps SIP must not.
_RESOLVER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="caseline-dns")


def _getaddr(host: str, port: int) -> tuple[int, Any]:
    family, _, _, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    return family, addr


def _resolve(host: str, port: int) -> Future[tuple[int, Any]]:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _RESOLVER.submit(_getaddr, host, port)
    done: Future[tuple[int, Any]] = Future()  # an address literal: no lookup, no thread
    try:
        done.set_result(_getaddr(host, port))
    except OSError as exc:
        done.set_exception(exc)
    return done


class RegistrarProbe:
    def __init__(
        self,
        host: str,
        port: int,
        transport: Transport,
        interval: float,
        *,
        timeout: float = 2.0,
        failures_needed: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``failures_needed``: probes that must fail in a row before ``down`` (one lost
        datagram is not an outage); after a failure the next probe comes within a second."""
        self.host = host
        self.port = port
        self.transport = transport
        self.interval = interval
        self.timeout = min(timeout, interval) if interval > 0 else timeout
        self._clock = clock
        self._sock: socket.socket | None = None
        self._deadline = 0.0
        self._next = clock() + interval
        self.last: bool | None = None  # the last conclusion, None before the first
        self.failures = 0  # probes failed in a row since the last answer
        self.failures_needed = max(1, failures_needed)
        self._lookup: Future[tuple[int, Any]] | None = None

    @property
    def down(self) -> bool:
        """Enough probes failed in a row to call the registrar gone."""
        return self.failures >= self.failures_needed

    def soon(self) -> None:
        """Probe at the next poll instead of waiting a whole interval."""
        if self._sock is None and self._lookup is None:
            self._next = self._clock()

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    @property
    def in_flight(self) -> bool:
        """A probe was sent (or its name is being looked up) and has no answer yet."""
        return self._sock is not None or self._lookup is not None

    def due_in(self) -> float:
        if self._sock is not None or self._lookup is not None:
            return max(0.0, self._deadline - self._clock())
        return max(0.0, self._next - self._clock())

    def poll(self) -> bool | None:
        """True: the registrar answered a probe. False: a probe failed. None: nothing new."""
        if self.interval <= 0:
            return None
        now = self._clock()
        if self._sock is None and self._lookup is None:
            if now < self._next:
                return None
            self._deadline = now + self.timeout
            self._lookup = _resolve(self.host, self.port)
        result: bool | None = None
        if self._sock is None:
            assert self._lookup is not None
            if self._lookup.done():
                lookup, self._lookup = self._lookup, None
                try:
                    result = self._send(lookup.result())
                except OSError:
                    result = False
        if self._sock is not None:
            result = self._check()
        if result is None and now >= self._deadline:
            result = False
        if result is not None:
            self._conclude(now, result)
        return result

    def _conclude(self, now: float, result: bool) -> None:
        self.close()
        if self._lookup is not None:
            self._lookup.cancel()  # a stuck DNS lookup: the next round asks again
            self._lookup = None
        self.last = result
        self.failures = 0 if result else self.failures + 1
        confirming = not result and self.failures < self.failures_needed
        self._next = now + (min(self.interval, CONFIRM_GAP) if confirming else self.interval)

    def _send(self, addr: tuple[int, Any]) -> bool | None:
        family, target = addr
        if self.transport is Transport.UDP:
            sock = socket.socket(family, socket.SOCK_DGRAM)
            sock.setblocking(False)
            try:
                sock.connect(target)
                sock.send(_options(self.host, self.port, sock.getsockname()[:2]))
            except OSError:
                sock.close()
                return False
        else:
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setblocking(False)
            code = sock.connect_ex(target)
            if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
                sock.close()
                return False
        self._sock = sock
        return None

    def _check(self) -> bool | None:
        sock = self._sock
        assert sock is not None
        if self.transport is Transport.UDP:
            try:
                data = sock.recv(4096)
            except BlockingIOError:
                return None
            except OSError:  # ICMP port unreachable surfaces here as ECONNREFUSED
                return False
            return data.startswith(b"SIP/2.0")
        with contextlib.suppress(OSError):
            _, writable, _ = select.select([], [sock], [], 0)
            if not writable:
                return None
            return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
        return False
