"""Is the registrar still there? A cheap, non-blocking liveness check.

UDP registrations give no sign when the registrar goes away: the client stays 'registered' until
its next refresh, possibly many minutes later, and a restarted registrar has forgotten it. The
engine sends an OPTIONS every few seconds (UDP) or opens a connection (TCP/TLS); when the probe
fails it says so, and when the registrar answers again it registers at once.
"""

from __future__ import annotations

import contextlib
import errno
import secrets
import select
import socket
import time
from typing import TYPE_CHECKING

from app.telephony.config import Transport

if TYPE_CHECKING:
    from collections.abc import Callable


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


class RegistrarProbe:
    def __init__(
        self,
        host: str,
        port: int,
        transport: Transport,
        interval: float,
        *,
        timeout: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
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

    def soon(self) -> None:
        """Probe at the next poll instead of waiting a whole interval."""
        if self._sock is None:
            self._next = self._clock()

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def due_in(self) -> float:
        if self._sock is not None:
            return max(0.0, self._deadline - self._clock())
        return max(0.0, self._next - self._clock())

    def poll(self) -> bool | None:
        """True: the registrar answered a probe. False: a probe failed. None: nothing new."""
        if self.interval <= 0:
            return None
        now = self._clock()
        if self._sock is None:
            if now < self._next:
                return None
            return self._send(now)
        result = self._check()
        if result is None and now >= self._deadline:
            result = False
        if result is not None:
            self.close()
            self._next = now + self.interval
            self.last = result
        return result

    def _send(self, now: float) -> bool | None:
        self._deadline = now + self.timeout
        try:
            infos = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM)
        except OSError:
            self._next = now + self.interval
            self.last = False
            return False
        family, _, _, _, addr = infos[0]
        try:
            if self.transport is Transport.UDP:
                sock = socket.socket(family, socket.SOCK_DGRAM)
                sock.setblocking(False)
                sock.connect(addr)
                sock.send(_options(self.host, self.port, sock.getsockname()[:2]))
            else:
                sock = socket.socket(family, socket.SOCK_STREAM)
                sock.setblocking(False)
                code = sock.connect_ex(addr)
                if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
                    sock.close()
                    self._next = now + self.interval
                    self.last = False
                    return False
        except OSError:
            self._next = now + self.interval
            self.last = False
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
