"""Call logs partitioned by month (central migration 0008), against a real PostgreSQL 15: where a
row lands, what a leader's month reads, what no agent may reach, what an upgrade keeps."""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from alembic import command
from psycopg import errors

from app.central import admin
from app.central.db import engine
from app.cli import central as cli_central
from tests.integration.central.helpers import call_row, case_row, insert, note_row, now, state_row

if TYPE_CHECKING:
    from tests.integration.central.helpers import Central


def _month(at: datetime) -> str:
    return f"caseline_months.call_logs_{at.astimezone(UTC):%Y_%m}"


def _month_after(months: int) -> datetime:
    at = now().replace(day=15, hour=12)
    year, month = divmod(at.month - 1 + months, 12)
    return at.replace(year=at.year + year, month=month + 1)


def _where(central: Central, call_id: uuid.UUID) -> list[tuple[Any, ...]]:
    with central.as_() as admin_conn:
        return admin_conn.execute(
            "SELECT tableoid::regclass::text, change_no, change_xid, team_id, received_at "
            "FROM caseline.call_logs WHERE id = %s", (call_id,)).fetchall()


def test_a_call_lands_in_its_month_and_a_leaders_month_reads_only_that_month(
        central: Central) -> None:
    last_month = _month_after(-1)
    this, earlier = call_row(), call_row(started_at=last_month)
    with central.as_("alice") as alice:
        insert(alice, "call_logs", this)
        insert(alice, "call_logs", earlier)
    assert _where(central, this["id"])[0][0] == _month(this["started_at"])
    assert _where(central, earlier["id"])[0][0] == _month(last_month)
    with central.as_("lena") as lena:
        start = this["started_at"].replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        month = (start, start + timedelta(days=32))
        seen = {r[0] for r in lena.execute(
            "SELECT id FROM caseline.call_logs WHERE started_at >= %s AND started_at < %s",
            month).fetchall()}
        assert this["id"] in seen
        assert earlier["id"] not in seen
        plan = "\n".join(r[0] for r in lena.execute(
            "EXPLAIN SELECT id FROM caseline.call_logs WHERE team_id IS NOT NULL "
            "AND started_at >= %s AND started_at < %s", (start, start + timedelta(days=27))
        ).fetchall())
    # The planner reads this month's partition and nothing else (not the catch-all).
    assert _month(start).split(".")[1] in plan
    assert _month(last_month).split(".")[1] not in plan
    assert "call_logs_other" not in plan


def test_no_agent_or_leader_reaches_a_month_directly(central: Central) -> None:
    row = call_row()
    with central.as_("carol") as carol:
        insert(carol, "call_logs", row)
    for role in ("alice", "lena", "carol"):
        with central.as_(role) as conn, pytest.raises(errors.InsufficientPrivilege):
            # Row security is checked on the table a query names: a month named directly
            # would skip the policies, so nobody but the owner may name one.
            conn.execute(f"SELECT * FROM {_month(row['started_at'])}")  # noqa: S608


def test_a_second_call_log_with_a_known_id_and_another_start_is_refused(
        central: Central) -> None:
    row = call_row()
    with central.as_("alice") as alice:
        insert(alice, "call_logs", row)
    for role, start in (("alice", row["started_at"] - timedelta(days=40)),
                        ("bob", row["started_at"] + timedelta(seconds=1))):
        with central.as_(role) as conn, pytest.raises(errors.UniqueViolation):
            insert(conn, "call_logs", {**row, "started_at": start})
    assert len(_where(central, row["id"])) == 1


def test_notes_and_states_name_only_call_logs_that_exist(central: Central) -> None:
    call, case = call_row(), case_row()
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
        insert(alice, "call_logs", call)
        me = alice.execute(
            "SELECT id FROM caseline.agents WHERE db_role = current_user").fetchone()
        assert me is not None
        insert(alice, "notes", note_row(case["id"], call_log_id=call["id"]))
        insert(alice, "agent_state_changes", state_row(agent_id=me[0], call_log_id=call["id"]))
        with pytest.raises(errors.ForeignKeyViolation):
            insert(alice, "notes", note_row(case["id"], call_log_id=uuid.uuid4()))
        with pytest.raises(errors.ForeignKeyViolation):
            insert(alice, "agent_state_changes",
                   state_row(agent_id=me[0], call_log_id=uuid.uuid4()))


def test_a_call_with_no_month_yet_lands_and_moves_in_when_its_month_is_made(
        central: Central) -> None:
    # A PC whose clock runs 14 months ahead: no month is ready (init makes 12).
    ahead = _month_after(14)
    row = call_row(started_at=ahead)
    case = case_row()
    with central.as_("bob") as bob:
        insert(bob, "cases", case)
        insert(bob, "call_logs", row)
        insert(bob, "notes", note_row(case["id"], call_log_id=row["id"]))
    before = _where(central, row["id"])
    assert before[0][0] == "caseline_months.call_logs_other"

    assert admin.add_call_log_months(central.admin_url, 14) >= 1
    after = _where(central, row["id"])
    assert after[0][0] == _month(ahead)
    # Moved as it was: the same change number, transaction, team and time of receipt.
    assert after[0][1:] == before[0][1:]
    assert admin.add_call_log_months(central.admin_url, 14) == 0
    with central.as_("lena") as lena:  # bob's leader still reads it, once
        assert lena.execute("SELECT count(*) FROM caseline.call_logs WHERE id = %s",
                            (row["id"],)).fetchone() == (1,)
    with central.as_("bob") as bob:  # and bob's PC can still end the call
        bob.execute("UPDATE caseline.call_logs SET talk_seconds = 42 WHERE id = %s",
                    (row["id"],))
        assert bob.execute("SELECT talk_seconds FROM caseline.call_logs WHERE id = %s",
                           (row["id"],)).fetchone() == (42.0,)


def test_the_upgrade_to_months_keeps_every_call_log_as_it_was(central: Central) -> None:
    """A centre at 0007 with call logs, notes and agent states naming them, upgraded."""
    pg = central.pg
    pg.create_database("upgrade07")
    url = pg.url(database="upgrade07")
    cfg = admin._alembic_config()  # the migrations as init runs them
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS caseline")
    eng = engine(url)
    try:
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0007")
        with psycopg.connect(url, autocommit=True) as conn:
            case = case_row()
            insert(conn, "cases", {**case, "reach_xid": 0})
            old = [call_row(started_at=now() - timedelta(days=d), case_id=case["id"])
                   for d in (0, 45, 400, 2000)]
            for row in old:
                insert(conn, "call_logs", row)
            insert(conn, "notes", note_row(case["id"], call_log_id=old[1]["id"]))
            query = ("SELECT id, started_at, change_no, change_xid, received_at, case_id "
                     "FROM caseline.call_logs ORDER BY id")
            before = conn.execute(query).fetchall()
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with psycopg.connect(url, autocommit=True) as conn:
            assert conn.execute(query).fetchall() == before
            where: dict[uuid.UUID, str] = dict(conn.execute(
                "SELECT id, tableoid::regclass::text FROM caseline.call_logs").fetchall())
            assert where[old[0]["id"]] == _month(old[0]["started_at"])
            assert where[old[2]["id"]] == _month(old[2]["started_at"])
            # Older than three years: kept, in the catch-all.
            assert where[old[3]["id"]] == "caseline_months.call_logs_other"
            assert conn.execute("SELECT count(*) FROM caseline.notes WHERE call_log_id = %s",
                                (old[1]["id"],)).fetchone() == (1,)
    finally:
        eng.dispose()


def test_the_months_command_makes_the_months_ahead(central: Central,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="caseline")
    cli_central.register(parser.add_subparsers(dest="command"))
    far = _month(_month_after(16))
    args = parser.parse_args(["central", "months", "--url", central.admin_url, "--ahead", "16"])
    assert cli_central.run(args, lambda key, **p: f"{key} {p['ahead']} {p['made']}") == 0
    key, ahead, made = capsys.readouterr().out.split()
    assert (key, ahead) == ("central_months", "16")
    assert int(made) >= 1
    with central.as_() as conn:
        assert conn.execute("SELECT to_regclass(%s) IS NOT NULL", (far,)).fetchone() == (True,)
