"""A 300-agent centre on one PostgreSQL (issue 17, item 7): one connection per PC, pulls woken by
LISTEN/NOTIFY (a hint only: a forged flood costs little), a server-side received_at."""

from __future__ import annotations

import contextlib
import threading
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from psycopg import sql

from app.cases import models as m
from app.sync.connect import sync_engine
from app.sync.engine import Syncer
from app.sync.worker import CHANNEL, SyncWorker
from tests.integration.central.helpers import WAIT, call_row, insert, note_row
from tests.integration.central.teams import add_agent, tag

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from app.sync.status import SyncStatus
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

HUGE = 1e6  # s: a poll interval or hint gap no test outlives
SYNCED = ("customers", "contacts", "phone_numbers", "cases", "call_logs", "notes",
          "translation_requests", "agent_state_changes")


class Pc:
    """An agent's PC as the desktop runs it: the sync engine of app.sync.connect (a pool of
    one) and a SyncWorker on its own thread."""

    def __init__(self, central: Central, agent: Agent, **worker: Any) -> None:
        self.agent = agent
        agent.engine.dispose()
        agent.engine = sync_engine(central.url(agent.role))
        agent.syncer = Syncer(agent.store, agent.engine, batch=200)
        self.statuses: list[SyncStatus] = []
        self.changed = threading.Condition()
        worker.setdefault("push_interval", 0.05)
        worker.setdefault("pull_interval", HUGE)
        self.worker = SyncWorker(agent.syncer, on_status=self._seen, **worker)

    def _seen(self, status: SyncStatus) -> None:
        with self.changed:
            self.statuses.append(status)
            self.changed.notify_all()

    def wait_for(self, test: Callable[[SyncStatus], bool], since: int | None = None
                 ) -> SyncStatus:
        """The first status reported from now on (or from the ``since``-th) that passes
        ``test``."""
        with self.changed:
            start = len(self.statuses) if since is None else since
            assert self.changed.wait_for(
                lambda: any(test(s) for s in self.statuses[start:]), timeout=WAIT)
            return next(s for s in self.statuses[start:] if test(s))

    def mark(self) -> int:
        """Where the statuses reported from now on start (for ``wait_for``)."""
        with self.changed:
            return len(self.statuses)

    def wait_worker(self, test: Callable[[SyncWorker], bool]) -> None:
        with self.worker.activity:
            assert self.worker.activity.wait_for(lambda: test(self.worker), timeout=WAIT)

    def start(self) -> None:
        """Started, its first round (a pull) done."""
        self.worker.start()
        self.wait_worker(lambda w: w.pull_rounds >= 1)
        self.wait_for(lambda s: not s.running and s.last_success is not None, since=0)

    def stop(self) -> None:
        self.worker.stop()


@pytest.fixture
def running(central: Central, pcs: dict[str, Agent]) -> Iterator[Callable[..., Pc]]:
    made: list[Pc] = []

    def start(role: str, **worker: Any) -> Pc:
        pc = Pc(central, pcs[role], **worker)
        made.append(pc)
        pc.start()
        return pc

    yield start
    for pc in made:
        pc.stop()


def _team_id(central: Central, team: str) -> str:
    with central.as_() as conn:
        row = conn.execute("SELECT id::text FROM caseline.teams WHERE name = %s",
                           (team,)).fetchone()
    assert row is not None
    return str(row[0])


def _sync_connections(central: Central, *roles: str) -> dict[str, int]:
    with central.as_() as conn:
        rows = conn.execute(
            "SELECT usename::text, count(*) FROM pg_stat_activity "
            "WHERE usename = ANY(%s) GROUP BY usename", (list(roles),)).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def test_three_pcs_at_rest_hold_one_connection_each(central: Central,
                                                    running: Callable[..., Pc]) -> None:
    alice, bob, carol = running("alice"), running("bob"), running("carol")
    # Work that used to open a second and third connection: pushes, a pull, and the worker
    # listening in between.
    marks = {pc: pc.mark() for pc in (alice, bob, carol)}
    for pc in (alice, bob, carol):
        pc.agent.add_call(pc.agent.new_case(f"At rest {tag()}",
                                            queue="network" if pc is carol else "hardware"))
        pc.worker.kick()
    for pc in (alice, bob, carol):
        pc.wait_for(lambda s: s.queued == 0 and not s.running and s.last_error == "",
                    since=marks[pc])
    assert _sync_connections(central, "alice", "bob", "carol") == {
        "alice": 1, "bob": 1, "carol": 1}
    pool = alice.agent.engine.pool
    # However busy it gets: a second user waits for the one connection, none is added.
    assert (pool.size(), pool._max_overflow) == (1, 0)  # type: ignore[attr-defined]


def test_a_change_wakes_the_teams_pcs_and_not_the_others(central: Central,
                                                        running: Callable[..., Pc]) -> None:
    alice, bob, carol = running("alice"), running("bob"), running("carol")
    assert bob.worker.team == _team_id(central, "north")
    pulls_before = bob.worker.pull_rounds
    title = f"Announced {tag()}"
    mark = alice.mark()
    case_id = alice.agent.new_case(title)
    alice.worker.kick()
    alice.wait_for(lambda s: s.queued == 0 and not s.running, since=mark)
    # Bob's poll is a million seconds away: only the notification brings it.
    bob.wait_worker(lambda w: w.pull_rounds > pulls_before and w.hints >= 1)
    got = bob.agent.case(case_id)
    assert got is not None and got.title == title
    # Carol (south) is not woken: notifications come in commit order, so once a later one
    # for south has reached her, the north one has passed her by.
    with central.as_() as conn:
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, _team_id(central, "south")))
    carol.wait_worker(lambda w: w.hints >= 1 and w.pull_rounds >= 2)
    assert carol.worker.hints == 1
    assert carol.agent.case(case_id) is None


def test_a_forged_flood_of_notifications_costs_one_pull(central: Central,
                                                        running: Callable[..., Pc]) -> None:
    bob = running("bob", hint_gap=HUGE)
    north = _team_id(central, "north")
    pulls_before = bob.worker.pull_rounds
    # Anyone may NOTIFY: carol (south) floods north's channel, one transaction each (in one
    # transaction PostgreSQL would fold them into one).
    with central.as_("carol") as carol:
        for _ in range(200):
            carol.execute("SELECT pg_notify(%s, %s)", (CHANNEL, north))
    bob.wait_worker(lambda w: w.hints >= 200)
    assert bob.worker.pull_rounds == pulls_before  # coalesced, waiting for its gap
    bob.worker.kick()
    bob.wait_worker(lambda w: w.pull_rounds > pulls_before)
    assert bob.worker.pull_rounds == pulls_before + 1
    assert not bob.worker._hinted  # the flood was that one pull


def test_a_pc_reconnecting_listens_again_and_pulls(central: Central,
                                                   running: Callable[..., Pc]) -> None:
    alice, bob = running("alice"), running("bob")
    with central.as_() as conn:  # the server drops bob's connection (a restart, a proxy)
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE usename = 'bob'")
    marks = alice.mark(), bob.mark()
    case_id = alice.agent.new_case(f"While away {tag()}")
    alice.worker.kick()
    alice.wait_for(lambda s: s.queued == 0 and not s.running, since=marks[0])
    bob.wait_for(lambda s: not s.running and s.last_error == "" and s.queued == 0
                 and bob.agent.case(case_id) is not None, since=marks[1])
    pulls = bob.worker.pull_rounds
    alice.agent.edit_case(case_id, title="Edited after the reconnect")
    alice.worker.kick()
    bob.wait_worker(lambda w: w.pull_rounds > pulls)
    got = bob.agent.case(case_id)
    assert got is not None and got.title == "Edited after the reconnect"


def test_a_call_the_desk_commits_is_pushed_without_waiting_for_a_poll(
        central: Central, running: Callable[..., Pc]) -> None:
    # No poll in the test's lifetime and no kick: only the store's commit wakes the worker.
    alice = running("alice", push_interval=HUGE, idle_interval=HUGE)
    rounds = alice.mark()
    call_id = alice.agent.add_call(None)
    alice.wait_for(lambda s: s.queued == 0 and not s.running and s.last_error == "",
                   since=rounds)
    with central.as_() as conn:
        assert conn.execute("SELECT count(*) FROM caseline.call_logs WHERE id = %s",
                            (call_id,)).fetchone() == (1,)


def _listen(central: Central) -> psycopg.Connection:
    conn = central.connect()
    conn.execute(f"LISTEN {CHANNEL}")
    return conn


def _payloads(conn: psycopg.Connection, wanted: set[str]) -> set[str]:
    seen: set[str] = set()
    for note in conn.notifies(timeout=WAIT):
        seen.add(note.payload)
        if wanted <= seen:
            break
    return seen


def test_an_sr_moving_team_announces_both_teams(central: Central,
                                                pcs: dict[str, Agent]) -> None:
    north, south = _team_id(central, "north"), _team_id(central, "south")
    alice = pcs["alice"]
    case_id = alice.new_case(f"Moving {tag()}")
    alice.syncer.push()
    with contextlib.closing(_listen(central)) as listener:
        with central.as_() as conn:
            conn.execute("UPDATE caseline.cases SET queue = 'network' WHERE id = %s",
                         (case_id,))
        assert _payloads(listener, {north, south}) == {north, south}


def test_private_rows_are_announced_to_leaders_not_to_pcs(central: Central) -> None:
    north = _team_id(central, "north")
    with contextlib.closing(central.connect()) as leader:
        leader.execute("LISTEN caseline_activity")
        leader.execute(f"LISTEN {CHANNEL}")
        with central.as_("alice") as alice:
            insert(alice, "call_logs", call_row())
        got = next(iter(leader.notifies(timeout=WAIT)))
        assert (got.channel, got.payload) == ("caseline_activity", north)


def test_received_at_is_the_centres_and_no_agent_writes_it(central: Central,
                                                           pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    case_id = alice.new_case(f"Received {tag()}")
    call_id = alice.add_call(case_id)
    note_id = alice.add_note(case_id, "received", call_id)
    with central.as_() as conn:
        before = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
    alice.syncer.push()
    with central.as_() as conn:
        for table, row_id in (("cases", case_id), ("call_logs", call_id), ("notes", note_id)):
            got = conn.execute(sql.SQL("SELECT received_at FROM caseline.{} WHERE id = %s")
                               .format(sql.Identifier(table)), (row_id,)).fetchone()
            assert got is not None and got[0] >= before, table
        granted = conn.execute(
            "SELECT t FROM unnest(%s::text[]) t WHERE has_column_privilege("
            "'caseline_agent', 'caseline.' || t, 'received_at', 'UPDATE')",
            (list(SYNCED),)).fetchall()
        assert granted == []
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    with central.as_("alice") as conn:
        row = call_row(received_at=long_ago)
        insert(conn, "call_logs", row)
        stored = conn.execute("SELECT received_at FROM caseline.call_logs WHERE id = %s",
                              (row["id"],)).fetchone()
        assert stored is not None and stored[0] >= before
        note = note_row(case_id, received_at=long_ago)
        insert(conn, "notes", note)
        for table, row_id in (("call_logs", row["id"]), ("cases", case_id)):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql.SQL("UPDATE caseline.{} SET received_at = %s WHERE id = %s")
                             .format(sql.Identifier(table)), (long_ago, row_id))
    with central.as_() as conn:
        kept = conn.execute("SELECT received_at FROM caseline.notes WHERE id = %s",
                            (note["id"],)).fetchone()
        assert kept is not None and kept[0] >= before
        # Not even the administrator moves it: it is when the row came.
        conn.execute("UPDATE caseline.call_logs SET received_at = %s WHERE id = %s",
                     (long_ago, row["id"]))
        again = conn.execute("SELECT received_at FROM caseline.call_logs WHERE id = %s",
                             (row["id"],)).fetchone()
        assert again == stored
    # The centre's alone: no PC has it, so none ever sends it.
    assert "received_at" not in m.CallLog.__table__.columns


def test_a_moved_agent_is_announced_to_both_teams(central: Central) -> None:
    north, south = _team_id(central, "north"), _team_id(central, "south")
    role = f"mover_{uuid.uuid4().hex[:6]}"
    add_agent(central, role, "north")
    with contextlib.closing(_listen(central)) as listener:
        add_agent(central, role, "south")
        assert _payloads(listener, {north, south}) == {north, south}


def test_a_leaders_call_queries_have_their_indexes(central: Central) -> None:
    with central.as_() as conn:
        rows = conn.execute(
            "SELECT array_agg(a.attname::text ORDER BY k.n) FROM pg_index i "
            "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
            "WHERE i.indrelid = 'caseline.call_logs'::regclass GROUP BY i.indexrelid"
        ).fetchall()
    keys = {tuple(r[0]) for r in rows}
    # The team's calls by time, an agent's by time, an SR's calls.
    assert {("team_id", "started_at"), ("agent_id", "started_at"), ("case_id",)} <= keys


def test_a_pc_moved_to_another_team_follows_the_new_teams_announcements(
        central: Central, running: Callable[..., Pc]) -> None:
    role = add_agent(central, f"mover_{uuid.uuid4().hex[:6]}", "north")
    north, south = _team_id(central, "north"), _team_id(central, "south")
    pc = running(role)
    assert pc.worker.team == north
    add_agent(central, role, "south")  # announced to north (heard) and south
    pc.wait_worker(lambda w: w.team == south)
    pulls = pc.worker.pull_rounds
    carol = running("carol")
    case_id = carol.agent.new_case(f"For the newcomer {tag()}", queue="network")
    carol.worker.kick()
    pc.wait_worker(lambda w: w.pull_rounds > pulls and pc.agent.case(case_id) is not None)
