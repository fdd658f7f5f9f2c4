"""Inbound TCP and TLS connections kept within pjlib's socket table (issue 21, 3).

Every connection pjsip accepts takes one of the select() ioqueue's 64 slots, and the wheel's
assertion-enabled build aborts the process when one more is accepted with none free
(``pj_ioqueue_register_sock2: Assertion `!pj_list_empty(&ioqueue->free_list)'``): a slow-loris
peer holding 50 half-sent connections, or a TCP INVITE flood with a connection per call, killed
the engine (isolation restarted it; the attack went on). pjsip has no limit of its own, and it
accepts whatever the listen backlog holds in one go.

So this guard counts the connections to our listening ports and, when they would leave too
little room for calls, closes the door: a socket filter that drops everything is attached to the
listening sockets, so the kernel discards new SYNs (callers' TCP retries them later) and the
table never fills. With room again it is removed. Connections already accepted are untouched; a
caller of ours over TCP or TLS is not affected (its connection is not to a listening port).

It counts our own file descriptors, before every pump: pjsip polls its sockets once per
libHandleEvents and never closes a connection in the poll that accepted it, so each one is seen.
(Sampling the kernel's /proc/net/tcp every 20 ms missed connections a flood opened and closed
between two looks, each still holding its slot for pjlib's 500 ms linger: the engine aborted.)
Linux only (SO_ATTACH_FILTER, /proc/self/fd).
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import socket
import stat
import struct
import sys
import time
from collections import deque
from typing import TYPE_CHECKING

from app.telephony.config import Transport
from app.telephony.guard import KEY_FREE_DELAY

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

log = logging.getLogger(__name__)

SO_ATTACH_FILTER = 26
SO_DETACH_FILTER = 27
# PJSIP_TCP_TRANSPORT_BACKLOG and ..._TLS_...; the kernel queues one more than the backlog, and
# pjsip accepts the whole queue in one poll.
BACKLOG = 5
HYSTERESIS = 4


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


# One classic-BPF instruction: "ret #0", keep nothing of any packet.
_DROP_ALL = (_SockFilter * 1)(_SockFilter(0x06, 0, 0, 0))
_DROP_PROG = struct.pack("HxxxxxxQ", 1, ctypes.addressof(_DROP_ALL))


class InboundSockets:
    """The inode of each connection accepted on one of ``ports``, from /proc/self/fd.

    A socket's inode is its identity for its whole life (numbers are not reused), so each one
    is looked at once; later scans cost one fstat per descriptor.
    """

    def __init__(self, ports: set[int]) -> None:
        self.ports = ports
        self._known: dict[int, bool] = {}  # inode -> accepted on one of our ports

    def __call__(self) -> set[int]:
        found: set[int] = set()
        seen: dict[int, bool] = {}
        for fd, inode in _socket_fds():
            inbound = self._known.get(inode)
            if inbound is None:
                inbound = self._classify(fd, inode)
                if inbound is None:
                    continue
            seen[inode] = inbound
            if inbound:
                found.add(inode)
        self._known = seen
        return found

    def _classify(self, fd: int, inode: int) -> bool | None:
        try:
            sock = socket.socket(fileno=os.dup(fd))
        except OSError:
            return None
        try:
            if os.fstat(sock.fileno()).st_ino != inode:
                return None  # the descriptor was reused in between: next scan
            return (sock.family in (socket.AF_INET, socket.AF_INET6)
                    and sock.type == socket.SOCK_STREAM
                    and not sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
                    and sock.getsockname()[1] in self.ports)
        except OSError:
            return False  # not an IP socket, or not bound: never one of ours
        finally:
            sock.close()


def _socket_fds() -> Iterator[tuple[int, int]]:
    """(descriptor, inode) of each socket this process holds now (one fstat each)."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return
    for name in names:
        try:
            st = os.fstat(int(name))  # a syscall on the number: cheaper than readlink
        except OSError:
            continue  # closed meanwhile (or listdir's own descriptor)
        if stat.S_ISSOCK(st.st_mode):
            yield int(name), st.st_ino


def _listeners(ports: set[int]) -> list[socket.socket]:
    """Our listening TCP sockets, as duplicates (close them after use)."""
    found = []
    for fd, _ in _socket_fds():
        try:
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
    those closed less than a slot's linger ago, and one full accept queue per listener would
    not fit.
    """

    def __init__(self, ports: Iterable[int], *, clock: Callable[[], float] = time.monotonic,
                 sockets: Callable[[], set[int]] | None = None,
                 linger: float = KEY_FREE_DELAY + 0.02) -> None:
        self.ports = set(ports)
        self.closed = False
        self.closings = 0  # how often the door closed, for the log and the tests
        self._clock = clock
        self._sockets = sockets if sockets is not None else InboundSockets(self.ports)
        self._linger = linger
        self._present: set[int] = set()
        self._gone: deque[tuple[float, int]] = deque()  # (when, how many) went away
        self.enabled = bool(self.ports) and sys.platform.startswith("linux")

    @property
    def connections(self) -> int:
        return len(self._present)

    def held(self) -> int:
        """Connections, and slots of closed ones pjlib does not reuse yet (KEY_FREE_DELAY)."""
        cutoff = self._clock() - self._linger
        while self._gone and self._gone[0][0] < cutoff:
            self._gone.popleft()
        return len(self._present) + sum(n for _, n in self._gone)

    def check(self, room: int) -> int:
        """Count, open or close the door; the slots held."""
        if not self.enabled:
            return 0
        present = self._sockets()
        gone = len(self._present - present)
        if gone:
            self._gone.append((self._clock(), gone))
        self._present = present
        held = self.held()
        burst = (BACKLOG + 1) * len(self.ports)
        if not self.closed and held + burst + HYSTERESIS >= room:
            self._set_door(closed=True)
            log.warning("%d inbound TCP/TLS connections (%d slots): refusing new ones",
                        self.connections, held)
        elif self.closed and held + burst + 2 * HYSTERESIS < room:
            self._set_door(closed=False)
            log.warning("%d inbound TCP/TLS connections: accepting again", self.connections)
        return held

    def shut(self) -> None:
        """No new connections from now on (the engine is stopping and pumps unguarded)."""
        if self.enabled and not self.closed:
            self._set_door(closed=True)

    def _set_door(self, *, closed: bool) -> None:
        for sock in _listeners(self.ports):
            try:
                if closed:
                    sock.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, _DROP_PROG)
                else:
                    sock.setsockopt(socket.SOL_SOCKET, SO_DETACH_FILTER, 0)
            except OSError as exc:
                if closed or exc.errno != errno.ENOENT:  # ENOENT: no filter there, open already
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
