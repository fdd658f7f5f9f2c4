"""Agent state spans (central 0020): each state change with the time the agent's next change
began, kept by the database whatever order the changes arrive in. Three PCs of one agent
pushing through the real sync, two pushes at once, a change deleted or moved, a push of many
agents, and who may read or write the spans. Every expectation is the chain computed here from
the centre's own changes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from app.cases import models as m
from app.cases.models import new_id
from app.central import admin
from app.central.db import engine
from tests.integration.central.agents import Agent
from tests.integration.central.helpers import WAIT, insert, state_row
from tests.support import wait_until

if TYPE_CHECKING:
    import uuid
    from pathlib import Path

    from tests.integration.central.helpers import Central

DAY = datetime(2014, 3, 3, tzinfo=UTC)  # a day no other test writes in


def _at(hour: int, minute: int = 0) -> datetime:
    return DAY + timedelta(hours=hour, minutes=minute)


def _chain(central: Central, agent: uuid.UUID) -> list[tuple[uuid.UUID, datetime | None]]:
    """(change id, the next change's time) in (at, change_no) order, from the changes."""
    with central.as_() as su:
        rows = su.execute("SELECT id, at FROM caseline.agent_state_changes WHERE agent_id = %s "
                          "ORDER BY at, change_no", (agent,)).fetchall()
    return [(rows[i][0], rows[i + 1][1] if i + 1 < len(rows) else None)
            for i in range(len(rows))]


def _spans(central: Central, agent: uuid.UUID, role: str | None = None
           ) -> list[tuple[uuid.UUID, datetime | None]]:
    with central.as_(role) as conn:
        return [(r[0], r[1]) for r in conn.execute(
            "SELECT change_id, until FROM caseline.agent_state_spans WHERE agent_id = %s "
            "ORDER BY at, change_no", (agent,))]


def _pc(central: Central, role: str, path: Path, agent_id: uuid.UUID | None = None) -> Agent:
    """A PC of ``role``; ``agent_id``: the same agent as on another PC (one person, two PCs)."""
    pc = Agent(central, role, path)
    if agent_id is not None:
        with pc.store.session() as s:
            s.add(m.Agent(id=agent_id, name=role.title(), sip_identity=f"{role}-2@pbx.example"))
        pc.id = agent_id
    return pc


def _record(pc: Agent, *hours: tuple[int, int, str]) -> None:
    with pc.store.session() as s:
        for hour, minute, state in hours:
            s.add(m.AgentStateChange(agent_id=pc.id, state=m.AgentStatus(state),
                                     at=_at(hour, minute)))


def test_three_pcs_of_one_agent_pushing_out_of_order_keep_one_chain(central: Central,
                                                                    tmp_path: Path) -> None:
    first = _pc(central, "alice", tmp_path / "1")
    pcs = [first, _pc(central, "alice", tmp_path / "2", first.id),
           _pc(central, "alice", tmp_path / "3", first.id)]
    try:
        _record(pcs[0], (9, 0, "available"), (12, 0, "on-call"), (15, 0, "break"))
        _record(pcs[1], (10, 0, "on-call"), (13, 0, "wrap-up"))
        _record(pcs[2], (11, 0, "wrap-up"), (14, 0, "available"), (16, 0, "offline"))
        # The third PC first (the latest change arrives first), then the first, which was
        # offline and returns with changes before and between it, then the second.
        for pc in (pcs[2], pcs[0], pcs[1]):
            pc.syncer.once()
            assert _spans(central, first.id) == _chain(central, first.id)
        chain = _chain(central, first.id)
        assert [until for _id, until in chain] == [
            _at(10), _at(11), _at(12), _at(13), _at(14), _at(15), _at(16), None]
        # The leader reads the same spans under row security.
        assert _spans(central, first.id, "lena") == chain
        # A late change with the same time as one already there sorts after it.
        _record(pcs[1], (12, 0, "break"))
        pcs[1].syncer.once()
        chain = _chain(central, first.id)
        assert _spans(central, first.id) == chain
        # 11:00 wrap-up until 12:00, the 12:00 call until the 12:00 break, which lasts to 13:00.
        assert [until for _id, until in chain][2:6] == [_at(12), _at(12), _at(13), _at(14)]
    finally:
        for pc in pcs:
            pc.close()


def test_two_pushes_of_one_agent_at_once_link_through_each_other(central: Central) -> None:
    agent = new_id()
    with central.as_("bob") as bob:
        insert(bob, "agent_state_changes", state_row(agent_id=agent, at=_at(9)))
    first = central.connect("bob", autocommit=False)
    second = central.connect("bob", autocommit=False)
    failed: list[BaseException] = []
    try:
        insert(first, "agent_state_changes", state_row(agent_id=agent, state="on-call",
                                                       at=_at(10)))
        pid = second.info.backend_pid

        def push() -> None:
            try:
                insert(second, "agent_state_changes", state_row(agent_id=agent,
                                                                state="wrap-up", at=_at(11)))
                second.commit()
            except psycopg.Error as exc:
                failed.append(exc)

        racer = threading.Thread(target=push)
        racer.start()
        with central.as_() as su:  # until the second push waits for the first
            wait_until(lambda: su.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                (pid,)).fetchone() == ("Lock",), "the second push to wait for the first")
        first.commit()
        racer.join(WAIT)
        assert not racer.is_alive() and failed == []
    finally:
        first.close()
        second.close()
    chain = _chain(central, agent)
    assert [until for _id, until in chain] == [_at(10), _at(11), None]
    assert _spans(central, agent) == chain


def test_a_deleted_or_moved_change_relinks_its_neighbours(central: Central) -> None:
    agent, other = new_id(), new_id()
    with central.as_("bob") as bob:
        for hour in (9, 10, 11, 12):
            insert(bob, "agent_state_changes", state_row(agent_id=agent, at=_at(hour)))
        for hour in (9, 14):
            insert(bob, "agent_state_changes", state_row(agent_id=other, at=_at(hour)))
    with central.as_() as su:  # only the administrator may change or delete a change
        su.execute("DELETE FROM caseline.agent_state_changes WHERE agent_id = %s AND at = %s",
                   (agent, _at(10)))
        assert [u for _i, u in _spans(central, agent)] == [_at(11), _at(12), None]
        su.execute("DELETE FROM caseline.agent_state_changes WHERE agent_id = %s AND at = %s",
                   (other, _at(14)))  # the latest: the one before is open again
        assert [u for _i, u in _spans(central, other)] == [None]
        insert(su, "agent_state_changes", state_row(agent_id=other, at=_at(14),
                                                    owner_role="bob"))
        su.execute("UPDATE caseline.agent_state_changes SET at = %s "
                   "WHERE agent_id = %s AND at = %s", (_at(13), agent, _at(11)))
        assert [u for _i, u in _spans(central, agent)] == [_at(12), _at(13), None]
        # One statement moving changes of two agents, past their neighbours.
        su.execute("UPDATE caseline.agent_state_changes SET at = at + interval '330 minutes' "
                   "WHERE (agent_id = %s AND at = %s) OR (agent_id = %s AND at = %s)",
                   (agent, _at(9), other, _at(9)))
    for who in (agent, other):
        assert _spans(central, who) == _chain(central, who)


def test_one_statement_of_many_agents_links_each_and_holds_no_advisory_lock(
        central: Central) -> None:
    agents = [new_id() for _ in range(3000)]
    with central.connect(autocommit=False) as su:
        su.execute("""
            INSERT INTO caseline.agent_state_changes (id, agent_id, state, reason, at,
                                                      owner_role)
            SELECT gen_random_uuid(), a.id, 'available', '', %s + g * interval '1 minute',
                   'bob'
            FROM unnest(%s::uuid[]) a(id) CROSS JOIN generate_series(1, 2) g""",
                   (_at(20), agents))
        held = su.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                          "AND pid = pg_backend_pid()").fetchone()
        wrong = su.execute("""
            SELECT count(*) FROM (
                SELECT c.id, lead(c.at) OVER (PARTITION BY c.agent_id ORDER BY c.at,
                                                           c.change_no) AS next_at
                FROM caseline.agent_state_changes c WHERE c.agent_id = ANY(%s)) x
            JOIN caseline.agent_state_spans s ON s.change_id = x.id
            WHERE s.until IS DISTINCT FROM x.next_at""", (agents,)).fetchone()
        # Only these agents': other tests of the same centre leave changes of their own.
        spans = su.execute("SELECT count(*) FROM caseline.agent_state_spans "
                           "WHERE agent_id = ANY(%s)", (agents,)).fetchone()
        su.rollback()
    assert held == (0,)  # row locks on the agents' heads, none in the lock table
    assert wrong == (0,) and spans == (6000,)


def test_an_agent_holding_a_push_open_never_stops_a_colleagues(central: Central) -> None:
    """Alice writes changes for 2,000 ids of her own and keeps her transaction open; Bob's
    push goes through at once (were the locks on hashed keys, hers would cover his)."""
    agent = new_id()
    with central.connect("alice", autocommit=False) as alice, \
            central.connect("bob", autocommit=False) as bob:
        alice.execute("""
            INSERT INTO caseline.agent_state_changes (id, agent_id, state, reason, at)
            SELECT gen_random_uuid(), gen_random_uuid(), 'available', '', %s
            FROM generate_series(1, 2000)""", (_at(21),))
        bob.execute("SET lock_timeout = '10s'")  # a wait here fails the test, not hangs it
        insert(bob, "agent_state_changes", state_row(agent_id=agent, at=_at(21)))
        bob.commit()
        alice.rollback()
    assert len(_spans(central, agent)) == 1


def test_a_repeatable_read_writer_is_refused_and_a_truncate_empties_the_spans(
        central: Central) -> None:
    with central.connect("bob", autocommit=False) as bob:
        bob.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with pytest.raises(psycopg.errors.InvalidTransactionState):
            insert(bob, "agent_state_changes", state_row(at=_at(22)))
        bob.rollback()
    with central.connect(autocommit=False) as su:  # rolled back: the other tests' rows stay
        su.execute("TRUNCATE caseline.agent_state_changes")
        assert su.execute("SELECT count(*) FROM caseline.agent_state_spans").fetchone() == (0,)
        su.rollback()


@pytest.mark.parametrize("statement", [
    "INSERT INTO caseline.agent_state_spans (change_id, agent_id, state, reason, at, "
    "change_no) VALUES (gen_random_uuid(), gen_random_uuid(), 'available', '', now(), 1)",
    "UPDATE caseline.agent_state_spans SET until = now()",
    "DELETE FROM caseline.agent_state_spans",
])
@pytest.mark.parametrize("role", ["alice", "lena"])
def test_nobody_but_the_database_writes_spans(central: Central, role: str,
                                              statement: str) -> None:
    with central.as_(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def test_an_agent_reads_no_spans_and_a_leader_only_their_teams(central: Central) -> None:
    agents: dict[str, Any] = {}
    for role in ("bob", "carol"):
        agents[role] = new_id()
        with central.as_(role) as conn:
            insert(conn, "agent_state_changes", state_row(agent_id=agents[role], at=_at(8)))
    with central.as_("alice") as alice, pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("SELECT 1 FROM caseline.agent_state_spans")
    assert len(_spans(central, agents["bob"], "lena")) == 1
    assert _spans(central, agents["carol"], "lena") == []
    assert len(_spans(central, agents["carol"], "sam")) == 1
    assert _spans(central, agents["bob"], "sam") == []


def test_the_upgrade_gives_the_changes_already_there_their_spans(central: Central) -> None:
    agent = new_id()
    with central.as_("bob") as bob:
        for hour in (12, 9, 11, 10):  # arrived out of order
            insert(bob, "agent_state_changes", state_row(agent_id=agent, at=_at(hour)))
    eng = engine(central.admin_url, poolclass=NullPool)
    try:  # the session's centre: brought back to HEAD whatever happens here
        with eng.begin() as conn:
            cfg = admin._alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0019")
            assert conn.execute(text(
                "SELECT to_regclass('caseline.agent_state_spans')")).scalar() is None
            # A change arriving while there are no spans (the administrator writes it here).
            conn.execute(text("INSERT INTO caseline.agent_state_changes "
                              "(id, agent_id, state, reason, at, owner_role) "
                              "VALUES (:id, :agent, 'break', 'lunch', :at, 'bob')"),
                         {"id": new_id(), "agent": agent, "at": _at(13)})
    finally:
        eng.dispose()
        assert admin.init(central.admin_url) == admin.HEAD
    chain = _chain(central, agent)
    assert [until for _id, until in chain] == [_at(10), _at(11), _at(12), _at(13), None]
    assert _spans(central, agent) == chain
    with central.as_("bob") as bob:  # and the triggers are back
        insert(bob, "agent_state_changes", state_row(agent_id=agent, at=_at(14)))
    assert _spans(central, agent) == _chain(central, agent)
