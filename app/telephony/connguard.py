"""Inbound TCP and TLS connections kept within pjlib's socket table (issue 21, 3).

Every connection pjsip accepts takes one of the select() ioqueue's 64 slots, and the wheel's
assertion-enabled build aborts the process when one more is accepted with none free
(``pj_ioqueue_register_sock2: Assertion `!pj_list_empty(&ioqueue->free_list)'``): a slow-loris
peer holding 50 half-sent connections, or a TCP INVITE flood with a connection per call, killed
the engine (isolation restarted it; the attack went on). pjsip has no limit of its own, and it
accepts whatever the listen backlog holds in one go.

So this guard counts the connections to our listening ports (the kernel's table, no pjsip
state) and, when they would leave too little room for calls, closes the door: a socket filter
that drops everything is attached to the listening sockets, so the kernel discards new SYNs
(callers' TCP retries them later) and the table never fills. With room again it is removed.
Connections already accepted are untouched; a caller of ours over TCP or TLS is not affected
(its connection is not to a listening port). Linux only (SO_ATTACH_FILTER, /proc/net/tcp).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import socket
import struct
import sys
import time
from collections import deque
from typing import TYPE_CHECKING

from app.telephony.config import Transport
from app.telephony.guard import KEY_FREE_DELAY

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

SO_ATTACH_FILTER = 26
SO_DETACH_FILTER = 27
BACKLOG = 5  # PJSIP_TCP_TRANSPORT_BACKLOG and ..._TLS_...: accepted at once per listener
HYSTERESIS = 4
CHECK_EVERY = 0.02  # s between looks at the kernel's table while connections exist
_HOLDING_FD = {"01", "08"}  # ESTABLISHED, CLOSE_WAIT: sockets that have (or will get) an fd
_LISTEN = "0A"


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


# One classic-BPF instruction: "ret #0", keep nothing of any packet.
_DROP_ALL = (_SockFilter * 1)(_SockFilter(0x06, 0, 0, 0))
_DROP_PROG = struct.pack("HxxxxxxQ", 1, ctypes.addressof(_DROP_ALL))


def read_table(paths: Iterable[str] = ("/proc/self/net/tcp", "/proc/self/net/tcp6")) -> str:
    parts = []
    for path in paths:
        with contextlib.suppress(OSError), open(path, encoding="ascii") as table:
            parts.append(table.read())
    return "".join(parts)


def count_inbound(table: str, ports: set[int]) -> int:
    """Connections to one of ``ports`` (as the server side) in /proc/net/tcp text."""
    count = 0
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 4 or ":" not in fields[1]:
            continue
        try:
            port = int(fields[1].rsplit(":", 1)[1], 16)
        except ValueError:
            continue
        if port in ports and fields[3] in _HOLDING_FD:
            count += 1
    return count


def _listeners(ports: set[int]) -> list[socket.socket]:
    """Our listening TCP sockets, as duplicates (close them after use)."""
    found = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            if not os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                continue
            sock = socket.socket(fileno=os.dup(fd))
        except OSError:
            continue
        try:
            if (sock.type == socket.SOCK_STREAM
                    and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
                    and sock.getsockname()[1] in ports):
                found.append(sock)
                continue
        except OSError:
            pass
        sock.close()
    return found


class ConnectionGuard:
    """Call ``check(room)`` before each pump: ``room`` is the slots that calls, transports and
    their lingering sockets leave (SocketBudget.spare). The door closes while the connections,
    those closed less than a slot's linger ago, and one full backlog per listener would not fit.
    """

    def __init__(self, ports: Iterable[int], *, clock: Callable[[], float] = time.monotonic,
                 table: Callable[[], str] = read_table, linger: float = KEY_FREE_DELAY + 0.02,
                 ) -> None:
        self.ports = set(ports)
        self.closed = False
        self.closings = 0  # how often the door closed, for the log and the tests
        self.connections = 0
        self._clock = clock
        self._table = table
        self._linger = linger
        self._closed_at: deque[tuple[float, int]] = deque()  # (when, how many) went away
        self._next = 0.0
        self.enabled = bool(self.ports) and sys.platform.startswith("linux")

    def held(self) -> int:
        """Connections, and slots of closed ones pjlib does not reuse yet (KEY_FREE_DELAY)."""
        cutoff = self._clock() - self._linger
        while self._closed_at and self._closed_at[0][0] < cutoff:
            self._closed_at.popleft()
        return self.connections + sum(n for _, n in self._closed_at)

    def check(self, room: int) -> int:
        """Look (at most every CHECK_EVERY s), open or close the door; the slots held."""
        if not self.enabled:
            return 0
        now = self._clock()
        if now >= self._next:
            self._next = now + CHECK_EVERY
            count = count_inbound(self._table(), self.ports)
            if count < self.connections:
                self._closed_at.append((now, self.connections - count))
            self.connections = count
        held = self.held()
        burst = BACKLOG * len(self.ports)
        if not self.closed and held + burst + HYSTERESIS >= room:
            self._set_door(closed=True)
            log.warning("%d inbound TCP/TLS connections (%d slots): refusing new ones",
                        self.connections, held)
        elif self.closed and held + burst + 2 * HYSTERESIS < room:
            self._set_door(closed=False)
            log.warning("%d inbound TCP/TLS connections: accepting again", self.connections)
        return held

    def _set_door(self, *, closed: bool) -> None:
        for sock in _listeners(self.ports):
            try:
                if closed:
                    sock.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, _DROP_PROG)
                else:
                    sock.setsockopt(socket.SOL_SOCKET, SO_DETACH_FILTER, 0)
            except OSError as exc:
                log.warning("listening socket filter: %s", exc)
            finally:
                sock.close()
        self.closed = closed
        self.closings += closed


def for_engine(transports: Iterable[Transport], port: int) -> ConnectionGuard:
    """The guard of an engine listening on ``port`` (TCP) and ``port + 1`` (TLS)."""
    listening = set(transports)
    return ConnectionGuard(
        p for p, t in ((port, Transport.TCP), (port + 1, Transport.TLS)) if t in listening)
