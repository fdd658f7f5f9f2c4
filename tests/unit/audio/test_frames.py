"""The engine's end of the speech socket: cushion, underruns, overruns, dead peers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.telephony.frames import (
    FRAME_BYTES,
    MAX_FRAMES,
    SILENCE,
    START_FRAMES,
    SocketFrames,
    frame_pair,
)

if TYPE_CHECKING:
    import socket
    from collections.abc import Iterator


@pytest.fixture
def pair() -> Iterator[Pair]:
    ours, theirs = frame_pair()
    frames = SocketFrames(ours)
    yield frames, theirs
    frames.close()
    theirs.close()


Pair = tuple[SocketFrames, "socket.socket"]


def _frame(n: int) -> bytes:
    return bytes([n % 255 + 1]) * FRAME_BYTES  # never silence


def test_frames_cross_the_socket_whole_and_in_order(pair: Pair) -> None:
    frames, theirs = pair
    frames.send(_frame(1))
    frames.send(_frame(2))
    assert theirs.recv(4096) == _frame(1)
    assert theirs.recv(4096) == _frame(2)
    assert frames.stats.sent == 2


def test_playing_waits_for_a_cushion_then_plays_in_order(pair: Pair) -> None:
    frames, theirs = pair
    theirs.send(_frame(1))
    assert frames.next_frame() == SILENCE  # one frame is not yet a cushion
    for n in range(2, START_FRAMES + 2):
        theirs.send(_frame(n))
    assert frames.next_frame() == _frame(1)
    assert frames.next_frame() == _frame(2)
    assert frames.stats.underruns == 0


def test_running_dry_is_an_underrun_and_builds_the_cushion_again(pair: Pair) -> None:
    frames, theirs = pair
    for n in range(START_FRAMES):
        theirs.send(_frame(n))
    for _ in range(START_FRAMES):
        assert frames.next_frame() != SILENCE
    assert frames.next_frame() == SILENCE
    assert frames.stats.underruns == 1
    theirs.send(_frame(9))
    assert frames.next_frame() == SILENCE  # waiting for the cushion, not another underrun
    assert frames.stats.underruns == 1


def test_too_many_waiting_frames_drop_the_oldest(pair: Pair) -> None:
    frames, theirs = pair
    for n in range(MAX_FRAMES + 3):
        theirs.send(_frame(n))
    assert frames.next_frame() == _frame(3)  # 0, 1, 2 went: the delay stays bounded
    assert frames.stats.overruns == 3


def test_odd_sized_datagrams_are_ignored(pair: Pair) -> None:
    frames, theirs = pair
    theirs.send(b"\x01" * 17)
    for n in range(START_FRAMES):
        theirs.send(_frame(n))
    assert frames.next_frame() == _frame(0)
    assert frames.stats.received == START_FRAMES


def test_a_closed_peer_costs_frames_not_the_call(pair: Pair) -> None:
    frames, theirs = pair
    theirs.close()
    frames.send(_frame(1))  # must not raise on the pjmedia clock thread
    assert frames.next_frame() == SILENCE
    assert frames.stats.dropped_out == 1


def test_a_full_peer_drops_instead_of_blocking(pair: Pair) -> None:
    frames, _theirs = pair
    for n in range(10_000):  # nobody reads: the socket buffer fills
        frames.send(_frame(n))
    assert frames.stats.dropped_out > 0
    assert frames.stats.sent + frames.stats.dropped_out == 10_000
