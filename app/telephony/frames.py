"""Speech frames between the conference bridge and a sound path outside pjsua2.

Where the pjsua2 build has no sound device (the Linux wheel has no ALSA), the engine plugs a
media port into its conference bridge and moves each 20 ms frame through a datagram socket; the
desktop's Qt Multimedia bridge holds the other end and plays and captures on real devices. The
engine may live in another process: a socket crosses the process boundary, survives a restart of
the engine's process and needs no lock (only pjmedia's clock thread touches this end).

One datagram is one frame: 16 kHz, mono, signed 16-bit little-endian, 20 ms = 640 bytes.
"""

from __future__ import annotations

import contextlib
import socket
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

RATE = 16_000
FRAME_MS = 20
SAMPLES = RATE * FRAME_MS // 1000
FRAME_BYTES = SAMPLES * 2
SILENCE = bytes(FRAME_BYTES)

# Microphone frames arrive in bursts (the capture device delivers 10-40 ms at a time). Playing
# starts once two frames wait, and more than six waiting means the two clocks drifted apart:
# the oldest go, so the delay never grows past 120 ms.
START_FRAMES = 2
MAX_FRAMES = 6


def waiting_frames(sock: socket.socket) -> Iterator[bytes]:
    """The whole frames waiting on a non-blocking frame socket, until it is empty or closed;
    a datagram of another size is not a frame and is skipped."""
    while True:
        try:
            frame = sock.recv(FRAME_BYTES * 2)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            return  # the other end went away: nothing more will come
        if not frame:
            return
        if len(frame) == FRAME_BYTES:
            yield frame


def frame_pair() -> tuple[socket.socket, socket.socket]:
    """Two connected ends: one for the engine, one for the sound path."""
    kind = getattr(socket, "SOCK_SEQPACKET", socket.SOCK_DGRAM)
    try:
        return socket.socketpair(socket.AF_UNIX, kind)
    except OSError:  # a platform without SEQPACKET for AF_UNIX
        return socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)


@dataclass(slots=True)
class FrameStats:
    sent: int = 0
    dropped_out: int = 0  # the other side did not keep up: its queue was full
    received: int = 0
    underruns: int = 0  # a frame was due and none had arrived: silence went out instead
    overruns: int = 0  # frames thrown away because too many waited


class SocketFrames:
    """The engine's end: ``send`` what the call says, ``next_frame`` what the agent says."""

    def __init__(self, sock: socket.socket) -> None:
        sock.setblocking(False)
        self._sock = sock
        self._waiting: deque[bytes] = deque()
        self._started = False
        self.stats = FrameStats()

    def fileno(self) -> int:
        return self._sock.fileno()

    def send(self, frame: bytes) -> None:
        try:
            self._sock.send(frame)
            self.stats.sent += 1
        except (BlockingIOError, InterruptedError):
            self.stats.dropped_out += 1  # nobody reads (no call up on the other side): drop
        except OSError:
            self.stats.dropped_out += 1  # the other end is closed; the call still goes on

    def next_frame(self) -> bytes:
        self._drain()
        waiting = self._waiting
        if not self._started:
            if len(waiting) < START_FRAMES:
                return SILENCE
            self._started = True
        if not waiting:
            self.stats.underruns += 1
            self._started = False  # build the cushion up again before playing on
            return SILENCE
        return waiting.popleft()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()

    def _drain(self) -> None:
        for frame in waiting_frames(self._sock):
            self.stats.received += 1
            self._waiting.append(frame)
        while len(self._waiting) > MAX_FRAMES:
            self._waiting.popleft()
            self.stats.overruns += 1
