"""The pure parts of the torture fixes (issue 21, 3): the connection door, the answer for an
unhandled request, the Accept check, the socket budget's spare room."""

from __future__ import annotations

import os
import socket

import pytest

from app.telephony import connguard
from app.telephony.config import Transport
from app.telephony.engine.unhandled import method_of, status_for
from app.telephony.guard import SocketBudget
from app.telephony.sipmsg import accepts_sdp


class _Sockets:
    """Stands in for the descriptor scan: the inodes of the connections open right now."""

    def __init__(self) -> None:
        self.open: set[int] = set()
        self._next = 1000

    def add(self, count: int) -> set[int]:
        new = set(range(self._next, self._next + count))
        self._next += count
        self.open |= new
        return new

    def __call__(self) -> set[int]:
        return set(self.open)


@pytest.fixture
def door(monkeypatch: pytest.MonkeyPatch) -> tuple[connguard.ConnectionGuard, _Sockets,
                                                   list[float], list[bool]]:
    sockets, now, doors = _Sockets(), [100.0], list[bool]()

    def set_door(self: connguard.ConnectionGuard, closed: bool) -> None:
        doors.append(closed)
        self.closed = closed

    monkeypatch.setattr(connguard.ConnectionGuard, "_set_door", set_door)
    guard = connguard.ConnectionGuard({5060}, clock=lambda: now[0], sockets=sockets)
    guard.enabled = True
    return guard, sockets, now, doors


def test_the_door_closes_before_a_full_accept_queue_could_fill_the_table(door: tuple) -> None:
    guard, sockets, now, doors = door
    room = 40
    # pjsip accepts backlog + 1 connections in one poll: that much room must stay free.
    sockets.add(room - (connguard.BACKLOG + 1) - connguard.HYSTERESIS - 1)
    assert guard.check(room) == len(sockets.open) and doors == []
    now[0] += 1
    sockets.add(1)
    guard.check(room)
    assert doors == [True]


def test_closed_connections_keep_their_slot_for_the_linger_time(door: tuple) -> None:
    guard, sockets, now, doors = door
    first = sockets.add(30)
    guard.check(35)
    assert doors == [True]
    now[0] += 0.1
    sockets.open -= set(sorted(first)[:25])  # pjlib reuses their slots only 500 ms later
    assert guard.check(35) == 30 and doors == [True]
    now[0] += 1.0
    assert guard.check(35) == 5 and doors == [True, False]


def test_connections_replaced_between_two_looks_are_all_counted(door: tuple) -> None:
    # A TCP flood: between two pumps a few ms apart, connections close and others open, so
    # their number stays the same; every closed one still holds its slot for the linger.
    guard, sockets, now, doors = door
    live = sockets.add(6)
    for _ in range(8):
        guard.check(60)
        now[0] += 0.005
        sockets.open -= live
        live = sockets.add(6)
    assert guard.check(60) == 6 * 9 and doors == [True]


def test_accepted_connections_are_found_among_the_descriptors() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        scan = connguard.InboundSockets({port})
        assert scan() == set()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as caller, \
                socket.create_connection(("127.0.0.1", port), timeout=5) as other:
            accepted = [listener.accept()[0] for _ in range(2)]
            # The listener and our own end of each connection are not inbound connections.
            found = scan()
            assert found == {os.fstat(s.fileno()).st_ino for s in accepted}
            assert os.fstat(caller.fileno()).st_ino not in found
            accepted[0].close()
            assert len(scan()) == 1 and other.fileno() >= 0
            accepted[1].close()
        assert scan() == set()


def test_the_filter_really_drops_new_connections() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        guard = connguard.ConnectionGuard({port})
        guard._set_door(closed=True)
        with socket.socket() as caller:
            caller.settimeout(0.3)
            with pytest.raises(TimeoutError):
                caller.connect(("127.0.0.1", port))  # its SYN is dropped: no answer at all
        guard._set_door(closed=False)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass


def test_only_stream_transports_are_guarded() -> None:
    assert connguard.for_engine((Transport.UDP,), 5060).ports == set()
    assert connguard.for_engine((Transport.UDP, Transport.TCP, Transport.TLS),
                                5060).ports == {5060, 5061}


@pytest.mark.parametrize(("method", "status"), [
    ("ACK", None), ("INVITE", None), ("BYE", 481), ("CANCEL", 481), ("NOTIFY", 481),
    ("REGISTER", 405), ("REFER", 405), ("FROBNICATE", 501), ("RE%47IST%45R", 501),
])
def test_an_unhandled_request_gets_the_rfc_3261_answer(method: str, status: int | None) -> None:
    assert status_for(method) == status


def test_the_method_is_read_from_pjsips_message_info() -> None:
    assert method_of("Request msg REGISTER/cseq=8 (rdata0x55cb)") == "REGISTER"
    assert method_of("Request msg !odd-Method_*+`.%'~/cseq=1 (rdata0x1)") == "!odd-Method_*+`.%'~"
    assert method_of("Response msg 200/INVITE/cseq=1 (rdata0x1)") == ""


@pytest.mark.parametrize(("accept", "ok"), [
    ([], True), ([""], True), (["application/sdp"], True), (["text/plain, application/*"], True),
    (["*/*;q=0.1"], True), (["text/nobodyKnowsThis"], False),
    (["text/plain", "multipart/mixed"], False),
])
def test_an_answer_with_sdp_needs_an_accept_that_takes_it(accept: list[str], ok: bool) -> None:
    assert accepts_sdp(accept) is ok


def test_spare_room_assumes_every_call_slot_taken() -> None:
    now = [0.0]
    budget = SocketBudget(fixed=3, max_calls=4, clock=lambda: now[0])
    assert budget.spare(3) == 64 - 3 - 1 - 8
    budget.call_started()
    budget.call_ended()  # its pair lingers
    assert budget.spare(3) == 64 - 3 - 1 - 10
    now[0] += 1.0
    assert budget.spare(3) == 64 - 3 - 1 - 8
