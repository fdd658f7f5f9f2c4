"""The pure parts of the torture fixes (issue 21, 3): the connection door, the answer for an
unhandled request, the Accept check, the socket budget's spare room."""

from __future__ import annotations

import socket

import pytest

from app.telephony import connguard
from app.telephony.config import Transport
from app.telephony.engine.unhandled import method_of, status_for
from app.telephony.guard import SocketBudget
from app.telephony.sipmsg import accepts_sdp

HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"


def _row(local_port: int, state: str, remote_port: int = 40000) -> str:
    return (f"   0: 0100007F:{local_port:04X} 0100007F:{remote_port:04X} {state} "
            "00000000:00000000 00:00000000 00000000     0\n")


def test_inbound_connections_are_counted_from_the_kernel_table() -> None:
    table = HEADER + _row(5060, "0A") + _row(5060, "01") + _row(5061, "01") \
        + _row(5060, "08") + _row(5060, "06") + _row(6000, "01")
    # LISTEN and TIME_WAIT hold no slot; another port is not ours.
    assert connguard.count_inbound(table, {5060, 5061}) == 3


class _Table:
    def __init__(self) -> None:
        self.connections = 0

    def __call__(self) -> str:
        return HEADER + "".join(_row(5060, "01", 40000 + i) for i in range(self.connections))


@pytest.fixture
def door(monkeypatch: pytest.MonkeyPatch) -> tuple[connguard.ConnectionGuard, _Table, list[float],
                                                   list[bool]]:
    table, now, doors = _Table(), [100.0], list[bool]()

    def set_door(self: connguard.ConnectionGuard, closed: bool) -> None:
        doors.append(closed)
        self.closed = closed

    monkeypatch.setattr(connguard.ConnectionGuard, "_set_door", set_door)
    guard = connguard.ConnectionGuard({5060}, clock=lambda: now[0], table=table)
    guard.enabled = True
    return guard, table, now, doors


def test_the_door_closes_before_a_backlog_burst_could_fill_the_table(door: tuple) -> None:
    guard, table, now, doors = door
    room = 40
    table.connections = room - connguard.BACKLOG - connguard.HYSTERESIS - 1
    assert guard.check(room) == table.connections and doors == []
    now[0] += 1
    table.connections += 1
    guard.check(room)
    assert doors == [True]


def test_closed_connections_keep_their_slot_for_the_linger_time(door: tuple) -> None:
    guard, table, now, doors = door
    table.connections = 30
    guard.check(35)
    assert doors == [True]
    now[0] += 0.1
    table.connections = 5  # 25 closed: pjlib reuses their slots only 500 ms later
    assert guard.check(35) == 30 and doors == [True]
    now[0] += 1.0
    assert guard.check(35) == 5 and doors == [True, False]


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
