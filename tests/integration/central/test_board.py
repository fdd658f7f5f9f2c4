"""The team leader's live board: presence rows under row security, their announcements, the
stale rule, the PC's worker that pushes them, the leader's watcher, and a real agent PC
answering a SIPp call while the leader's watcher looks on (real PostgreSQL, real pjsua2).

north: alice, bob (agents), lena (leader); south: carol (agent), sam (leader).
"""

from __future__ import annotations

import queue
import time
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from psycopg import errors

from app.cases import models as m
from app.cases.numbers import normalize
from app.central import admin
from app.central.db import engine as central_engine
from app.console.board import Board, BoardRow, BoardWatcher, ConsoleRefusedError, snapshot
from app.orchestration.desk import Desk
from app.orchestration.phone import Phone
from app.sync.presence import CHANNEL, Presence, Quality, publish
from app.sync.worker import SyncWorker
from app.telephony.engine import PjsuaEngine
from app.telephony.events import CallEvent, CallState
from tests.integration.central.helpers import RLS_VIOLATION, WAIT
from tests.integration.central.test_sync import unique
from tests.support import (
    Listener,
    engine_config,
    finish_sipp,
    free_port,
    start_sipp,
    wait_until,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

_PRESENCE = "SELECT * FROM caseline.agent_presence WHERE agent_id = %s"


def _push(agent: Agent, **fields: Any) -> Presence:
    """The agent's PC writes its presence, as its sync worker does."""
    fields.setdefault("state", "available")
    fields.setdefault("since", time.time())
    presence = Presence(agent_id=agent.id, **fields)
    with agent.engine.begin() as conn:
        publish(conn, presence)
    return presence


def _row(central: Central, agent_id: uuid.UUID) -> dict[str, Any]:
    with central.as_() as conn:
        cur = conn.execute(_PRESENCE, (agent_id,))
        names = [d.name for d in cur.description or ()]
        found = cur.fetchone()
        assert found is not None
        return dict(zip(names, found, strict=True))


def _team(central: Central, name: str) -> str:
    with central.as_() as conn:
        row = conn.execute("SELECT id::text FROM caseline.teams WHERE name = %s",
                           (name,)).fetchone()
        assert row is not None
        return str(row[0])


def _board(central: Central, role: str, **kw: Any) -> Board:
    eng = central_engine(central.url(role))
    try:
        with eng.connect() as conn:
            return snapshot(conn, **kw)
    finally:
        eng.dispose()


def _mine(board: Board, role: str) -> BoardRow:
    (row,) = [r for r in board.rows if r.role == role]
    return row


# -- row security ------------------------------------------------------------------------------


def test_an_agent_reads_and_writes_only_their_own_presence(central: Central,
                                                           pcs: dict[str, Agent]) -> None:
    alice, bob = pcs["alice"], pcs["bob"]
    _push(alice)
    _push(bob, state="break", reason="lunch")
    with central.as_("alice") as conn:
        seen = dict(conn.execute("SELECT agent_id, owner_role FROM caseline.agent_presence")
                    .fetchall())
        # Her own rows only (her PCs of earlier tests had ids of their own).
        assert alice.id in seen and set(seen.values()) == {"alice"}
        # Someone else's row: invisible, so an UPDATE finds nothing to change...
        cur = conn.execute("UPDATE caseline.agent_presence SET state = 'offline' "
                           "WHERE agent_id = %s", (bob.id,))
        assert cur.rowcount == 0
        # ... and an upsert in their id is refused by the database.
        with pytest.raises(errors.InsufficientPrivilege, match="another agent's id"):
            conn.execute("INSERT INTO caseline.agent_presence (agent_id, state, since) "
                         "VALUES (%s, 'offline', now()) ON CONFLICT (agent_id) DO UPDATE "
                         "SET state = EXCLUDED.state", (bob.id,))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("DELETE FROM caseline.agent_presence WHERE agent_id = %s", (alice.id,))
    assert _row(central, bob.id)["state"] == "break"


def test_the_writer_the_team_and_the_heartbeat_are_the_databases(central: Central,
                                                                 pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    with central.as_("alice") as conn:
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            conn.execute("INSERT INTO caseline.agent_presence (agent_id, state, since, "
                         "owner_role) VALUES (%s, 'available', now(), 'bob')", (alice.id,))
        conn.execute("INSERT INTO caseline.agent_presence (agent_id, state, since, "
                     "heartbeat_at) VALUES (%s, 'available', now(), now() + interval '1 day')",
                     (alice.id,))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("UPDATE caseline.agent_presence SET team_id = NULL "
                         "WHERE agent_id = %s", (alice.id,))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("UPDATE caseline.agent_presence SET owner_role = 'bob' "
                         "WHERE agent_id = %s", (alice.id,))
        conn.execute("UPDATE caseline.agent_presence SET heartbeat_at = '2000-01-01' "
                     "WHERE agent_id = %s", (alice.id,))
        db_now = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
    row = _row(central, alice.id)
    assert row["owner_role"] == "alice"
    assert str(row["team_id"]) == _team(central, "north")
    # Neither tomorrow nor the year 2000: the centre's clock at the last write.
    assert abs((row["heartbeat_at"] - db_now).total_seconds()) < 3600


def test_a_leader_sees_their_team_only_and_an_agent_no_board(central: Central,
                                                             pcs: dict[str, Agent]) -> None:
    alice, carol = pcs["alice"], pcs["carol"]
    _push(alice)
    _push(carol)
    north = _board(central, "lena")
    assert "alice" in {r.role for r in north.rows}
    assert {"carol", "sam"}.isdisjoint(r.role for r in north.rows)
    assert str(north.team_id) == _team(central, "north")
    south = _board(central, "sam")
    assert "carol" in {r.role for r in south.rows}
    assert {"alice", "bob", "lena"}.isdisjoint(r.role for r in south.rows)
    with central.as_("sam") as conn:
        assert conn.execute(_PRESENCE, (alice.id,)).fetchall() == []
    for agent in ("alice", "carol"):
        with pytest.raises(ConsoleRefusedError) as refused:
            _board(central, agent)
        assert isinstance(refused.value.__cause__.orig,  # type: ignore[union-attr]
                          errors.InsufficientPrivilege)


def test_an_agent_never_heard_of_is_listed_offline_and_a_leader_only_when_heard_of(
        central: Central) -> None:
    role = f"dora_{uuid.uuid4().hex[:8]}"
    admin.add_agent(central.admin_url, role, "dora-secret", "Dora Doi", "south")
    board = _board(central, "sam")
    dora = _mine(board, role)
    assert (dora.name, dora.state, dora.agent_id) == ("Dora Doi", "offline", None)
    assert dora.state_seconds is None and not dora.stale
    assert "sam" not in {r.role for r in board.rows}  # a leader with no presence
    assert "lena" not in {r.role for r in _board(central, "lena").rows}


# -- what the board reads ----------------------------------------------------------------------


def test_times_are_the_centres_whatever_the_pcs_clock(central: Central,
                                                      pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    pc_clock = time.time() + 3 * 3600  # this PC's clock is three hours ahead
    presence = Presence(agent_id=alice.id, state="on-call", since=pc_clock - 90,
                        call_started=pc_clock - 60, call_direction="inbound",
                        case_number="SR-2026-000123", caller_language="en")
    with alice.engine.begin() as conn:
        publish(conn, presence, now=pc_clock)
    row = _mine(_board(central, "lena"), "alice")
    assert row.state_seconds is not None and 90 <= row.state_seconds < 90 + 600
    assert row.call_seconds is not None and 60 <= row.call_seconds < 60 + 600
    assert row.case_number == "SR-2026-000123" and row.caller_language == "en"


def test_the_counts_and_the_longest_call(central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob = pcs["alice"], pcs["bob"]
    now = time.time()
    _push(alice, state="on-call", since=now - 200, call_started=now - 200,
          call_direction="outbound")
    _push(bob, state="break", reason="lunch")
    board = _board(central, "lena")
    assert (_mine(board, "alice").state, _mine(board, "bob").state) == ("on-call", "break")
    assert board.counts.on_call == 1 and board.counts.on_break == 1
    assert board.counts.available == 0 and board.counts.wrap_up == 0
    assert board.counts.longest_call_seconds is not None
    assert board.counts.longest_call_seconds >= 200
    _push(alice, state="wrap-up")
    board = _board(central, "lena")
    assert board.counts.wrap_up == 1 and board.counts.on_call == 0
    assert board.counts.longest_call_seconds is None


def test_poor_quality_is_carried_and_flagged(central: Central, pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    now = time.time()
    _push(alice, state="on-call", call_started=now, call_direction="inbound",
          quality=Quality(mos=2.9, loss_pct=7.5, jitter_ms=41.0, rtt_ms=320.0))
    row = _mine(_board(central, "lena"), "alice")
    assert row.poor_quality
    assert (row.mos, row.loss_pct, row.jitter_ms, row.rtt_ms) == pytest.approx(
        (2.9, 7.5, 41.0, 320.0))
    _push(alice, state="on-call", call_started=now, quality=Quality(mos=4.2))
    assert not _mine(_board(central, "lena"), "alice").poor_quality


def test_a_pc_quiet_for_the_stale_time_is_stale_since_it_was_last_heard(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    _push(alice)
    heard = _row(central, alice.id)["heartbeat_at"]
    # Measured at times of the database's clock the test chooses: no waiting 45 s.
    fresh = _mine(_board(central, "lena", at=heard + timedelta(seconds=44)), "alice")
    assert not fresh.stale and fresh.stale_since is None
    later = _board(central, "lena", at=heard + timedelta(seconds=46))
    quiet = _mine(later, "alice")
    assert quiet.stale and quiet.stale_since == heard
    assert quiet.state == "available"  # as last heard of
    assert later.counts.available == 0 and later.counts.stale >= 1
    # A threshold of its own for whoever wants one.
    assert _mine(_board(central, "lena", at=heard + timedelta(seconds=11),
                        stale_after=10), "alice").stale
    # A PC that said "offline" owes no heartbeat.
    _push(alice, state="offline")
    heard = _row(central, alice.id)["heartbeat_at"]
    assert not _mine(_board(central, "lena", at=heard + timedelta(hours=1)), "alice").stale


def test_a_change_is_announced_to_the_team_and_a_heartbeat_alone_is_not(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    north = _team(central, "north")
    _push(alice)
    with central.as_("lena") as lena:
        lena.execute(f"LISTEN {CHANNEL}")
        _push(alice, state="break", reason="training")
        note = next(lena.notifies(timeout=WAIT, stop_after=1))
        assert note.payload == north
        with alice.engine.begin() as conn:  # the heartbeat, as the worker sends it
            conn.exec_driver_sql("UPDATE caseline.agent_presence SET heartbeat_at = now() "
                                 "WHERE agent_id = %(id)s", {"id": alice.id})
        with central.as_() as admin:  # delivered in commit order: after the heartbeat's
            admin.execute(f"NOTIFY {CHANNEL}, 'marker'")
        note = next(lena.notifies(timeout=WAIT, stop_after=1))
        assert note.payload == "marker"


# -- the PC's worker ---------------------------------------------------------------------------


@pytest.fixture
def worker(pcs: dict[str, Agent]) -> Iterator[Callable[..., SyncWorker]]:
    started: list[SyncWorker] = []

    def start(role: str, **kw: Any) -> SyncWorker:
        made = SyncWorker(pcs[role].syncer, idle_interval=5.0, **kw)
        made.start()
        started.append(made)
        return made

    yield start
    for made in started:
        made.stop()


def _writes(worker: SyncWorker, at_least: int) -> None:
    with worker.activity:
        assert worker.activity.wait_for(lambda: worker.presence_writes >= at_least, WAIT), \
            f"{worker.presence_writes} presence writes"


def test_the_worker_writes_presence_at_once_and_heartbeats_in_between(
        central: Central, pcs: dict[str, Agent], worker: Callable[..., SyncWorker]) -> None:
    alice = pcs["alice"]
    # A heartbeat interval no test waits out: only the urgent write can bring the first row.
    running = worker("alice", presence_heartbeat=3600.0)
    running.publish_presence(Presence(agent_id=alice.id, state="available",
                                      since=time.time()))
    _writes(running, 1)
    assert _row(central, alice.id)["state"] == "available"
    running.publish_presence(Presence(agent_id=alice.id, state="break", since=time.time(),
                                      reason="lunch"))
    _writes(running, 2)
    row = _row(central, alice.id)
    assert (row["state"], row["reason"]) == ("break", "lunch")


def test_heartbeats_touch_only_heartbeat_at(central: Central, pcs: dict[str, Agent],
                                            worker: Callable[..., SyncWorker]) -> None:
    alice = pcs["alice"]
    running = worker("alice", presence_heartbeat=0.05)
    running.publish_presence(Presence(agent_id=alice.id, state="available",
                                      since=time.time() - 30))
    _writes(running, 1)
    first = _row(central, alice.id)
    _writes(running, 4)
    again = _row(central, alice.id)
    assert again["heartbeat_at"] > first["heartbeat_at"]
    assert again["since"] == first["since"]  # the row was not written again


def test_a_refused_presence_never_stops_the_sync(central: Central, pcs: dict[str, Agent],
                                                 worker: Callable[..., SyncWorker]) -> None:
    alice, bob = pcs["alice"], pcs["bob"]
    _push(bob)
    running = worker("alice", presence_heartbeat=3600.0)
    # In bob's id: the centre refuses it, every time.
    running.publish_presence(Presence(agent_id=bob.id, state="offline", since=time.time()))
    title = unique("Pushed while the presence is refused")
    case_id = alice.new_case(title)
    wait_until(lambda: alice.queued() == 0, "the SR pushed")
    with central.as_() as conn:
        assert conn.execute("SELECT title FROM caseline.cases WHERE id = %s",
                            (case_id,)).fetchone() == (title,)
    assert running.presence_writes == 0
    assert _row(central, bob.id)["state"] == "available"


# -- the leader's watcher ----------------------------------------------------------------------


class Boards:
    """The watcher's callbacks, waited on from the test thread."""

    def __init__(self) -> None:
        self.inbox: queue.Queue[Board] = queue.Queue()
        self.troubles: queue.Queue[tuple[str, str]] = queue.Queue()

    def wait(self, match: Callable[[Board], bool], what: str) -> Board:
        deadline = time.monotonic() + WAIT
        last: Board | None = None
        while True:
            try:
                board = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                rows = last.rows if last is not None else ()
                raise AssertionError(f"the board never showed {what}; last: {rows}") from None
            if match(board):
                return board
            last = board


def _alice_is(state: str, **fields: Any) -> Callable[[Board], bool]:
    def match(board: Board) -> bool:
        rows = [r for r in board.rows if r.role == "alice"]
        return bool(rows) and rows[0].state == state and all(
            check(getattr(rows[0], name)) for name, check in fields.items())

    return match


@pytest.fixture
def watch(central: Central) -> Iterator[Callable[[str], tuple[BoardWatcher, Boards]]]:
    started: list[BoardWatcher] = []

    def start(role: str) -> tuple[BoardWatcher, Boards]:
        boards = Boards()
        watcher = BoardWatcher.for_url(central.url(role), None, boards.inbox.put,
                                       on_trouble=lambda *t: boards.troubles.put(t))
        watcher.start()
        started.append(watcher)
        return watcher, boards

    yield start
    for watcher in started:
        watcher.stop()


def test_the_watcher_sees_a_change_and_reconnects_after_losing_the_centre(
        central: Central, pcs: dict[str, Agent],
        watch: Callable[[str], tuple[BoardWatcher, Boards]]) -> None:
    bob = pcs["bob"]
    _push(bob, state="available")
    _watcher, boards = watch("lena")
    boards.wait(lambda b: any(r.role == "bob" for r in b.rows), "its first read")
    _push(bob, state="break", reason="meeting")
    boards.wait(lambda b: any(r.role == "bob" and r.reason == "meeting" for r in b.rows),
                "bob's break")
    with central.as_() as admin:  # the centre drops the leader's connection
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE application_name = 'caseline-board' AND usename = 'lena'")
    code, _detail = boards.troubles.get(timeout=WAIT)
    assert code == "down"
    _push(bob, state="available")
    boards.wait(lambda b: any(r.role == "bob" and r.state == "available" for r in b.rows),
                "bob back, after the reconnection")


def test_the_watcher_refuses_an_agent(watch: Callable[[str], tuple[BoardWatcher, Boards]]
                                      ) -> None:
    watcher, boards = watch("alice")
    assert boards.troubles.get(timeout=WAIT)[0] == "refused"
    watcher.stop()
    assert boards.inbox.empty()


def test_the_watcher_reads_again_when_a_row_goes_stale(
        central: Central, pcs: dict[str, Agent]) -> None:
    carol = pcs["carol"]
    _push(carol)
    boards = Boards()
    # A stale time of a second: the watcher's own timer, not a change, brings the stale row.
    watcher = BoardWatcher.for_url(central.url("sam"), None, boards.inbox.put, stale_after=1.0,
                                   refresh=3600.0)
    watcher.start()
    try:
        boards.wait(lambda b: any(r.role == "carol" and r.stale for r in b.rows),
                    "carol gone quiet")
    finally:
        watcher.stop()


# -- end to end: a real agent PC answers SIPp, the leader's watcher sees it ----------------------


def _seeded(agent: Agent) -> uuid.UUID:
    """An SR of the caller's, with the caller's number and language, in the PC's store (its
    number may change when the sync meets the centre's: the board is checked by its id)."""
    case_id = agent.new_case(unique("Scanner offline"))
    with agent.store.session() as s:
        contact = m.Contact(name="Jane Smith", language=m.Language.EN)
        s.add(contact)
        s.flush()
        number = normalize("03-1234-5678")
        s.add(m.PhoneNumber(contact_id=contact.id, raw="03-1234-5678", e164=number.e164,
                            match_key=number.match_key))
        case = s.get(m.Case, case_id)
        assert case is not None
        case.contact_id = contact.id
    return case_id


def test_the_board_follows_a_real_agent_pc_through_a_sipp_call(
        central: Central, pcs: dict[str, Agent],
        watch: Callable[[str], tuple[BoardWatcher, Boards]], tmp_path: Path) -> None:
    alice = pcs["alice"]
    case_id = _seeded(alice)
    port = free_port()
    desk = Desk(alice.store, agent_identity="alice@pbx.example", wrap_up_seconds=600)
    sync = SyncWorker(alice.syncer, idle_interval=5.0)
    desk.presence.publish_to(sync.publish_presence)
    phone = Phone(PjsuaEngine(engine_config(port)), desk)
    calls = Listener(phone)
    sync.start()
    phone.start()
    try:
        assert phone.wait_started(WAIT)
        _watcher, boards = watch("lena")
        boards.wait(_alice_is("available", registration=lambda r: r == "unknown"),
                    "alice available")
        sipp = start_sipp("uac_caller", f"127.0.0.1:{port}", free_port(), tmp_path / "sipp",
                          "-key", "caller", "0312345678", "-key", "extra", "X-Test: none",
                          "-d", "1500")
        boards.wait(_alice_is("ringing", case_id=lambda c: c == case_id,
                              case_number=bool, caller_language=lambda lang: lang == "en"),
                    "alice ringing, with the caller's SR")
        ringing = calls.wait(CallEvent, lambda e: e.state is CallState.INCOMING)
        phone.call(lambda engine: engine.answer(ringing.call_id)).result(WAIT)
        board = boards.wait(_alice_is("on-call", case_id=lambda c: c == case_id,
                                      call_seconds=lambda s: s is not None,
                                      call_direction=lambda d: d == "inbound"),
                            "alice on the call")
        assert board.counts.on_call >= 1 and board.counts.longest_call_seconds is not None
        board = boards.wait(_alice_is("wrap-up", call_seconds=lambda s: s is None),
                            "alice in wrap-up after the caller's BYE")
        assert _mine(board, "alice").case_id == case_id  # the SR she wraps up
        assert board.counts.wrap_up >= 1
        assert finish_sipp(None, sipp) == 0, sipp.output()
    finally:
        phone.stop()
        sync.stop()
    # The desk's last word: offline, written before the worker stopped.
    assert _row(central, desk.presence.agent_id)["state"] == "offline"  # type: ignore[arg-type]


def test_a_live_call_on_the_board_is_one_its_leader_can_monitor(
        central: Central, pcs: dict[str, Agent]) -> None:
    """The board names the call's log row, and that is the row a grant is made for."""
    from app.console.monitor import start_monitoring  # noqa: PLC0415
    from tests.integration.central.helpers import call_row, insert, now  # noqa: PLC0415

    alice = pcs["alice"]
    with central.as_("alice") as conn:
        call_id = insert(conn, "call_logs", call_row(answered_at=now()), returning="id")
    _push(alice, state="on-call", call_started=time.time() - 30, call_direction="inbound",
          call_log_id=call_id)
    row = _mine(_board(central, "lena"), "alice")
    assert row.call_log_id == call_id and row.monitorable
    eng = central_engine(central.url("lena"))
    try:
        with eng.connect() as conn:
            grant = start_monitoring(conn, row.call_log_id, "whisper")
    finally:
        eng.dispose()
    assert grant.call_log_id == call_id and grant.sip_identity == "alice@pbx.example"
    _push(alice, state="wrap-up")  # the call is over: nothing to listen to
    assert not _mine(_board(central, "lena"), "alice").monitorable
