"""The console's reads bounded by team and time (central 0015, bench/monitoring.py): a note
search reads the team's postings of the GIN index and the notes written from the period on,
the talk-time sort reads its keyset order from an index, the KPIs' wrap-up step reads the
team's states; and row security still decides what a leader sees through those paths. Every
call here is in June 2012, a period no other test writes in."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from app.console import explorer
from app.console.explorer import CallFilter, Sort
from tests.integration.central.helpers import call_row, case_row, insert, note_row, state_row

if TYPE_CHECKING:
    import uuid

    from sqlalchemy import Engine

    from tests.integration.central.helpers import Central

# Plans on a few rows are not the plans at 10M call logs (bench/monitoring.py measures those):
# these tests assert what bounds the reads (the team in the notes' index condition, the team in
# the states step), not which index a planner picks for a handful of rows.

JUNE = CallFilter(from_day=date(2012, 6, 1), to_day=date(2012, 6, 30))
SECRET = "固件签名错误"  # in south's notes only, one of them naming a north call


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2012, 6, day, hour, tzinfo=UTC)


@dataclass
class World:
    calls: dict[str, uuid.UUID]
    agents: dict[str, uuid.UUID]
    teams: dict[str, uuid.UUID]


@pytest.fixture(scope="module")
def world(central: Central) -> World:
    calls: dict[str, uuid.UUID] = {}
    with central.as_() as conn:
        agents = dict(conn.execute("SELECT db_role, id FROM caseline.agents").fetchall())
        teams = dict(conn.execute("SELECT name, id FROM caseline.teams").fetchall())
    cases: dict[str, uuid.UUID] = {}
    for role, queue in (("alice", "hardware"), ("carol", "network")):
        with central.as_(role) as conn:
            row = case_row(queue)
            insert(conn, "cases", row)
            cases[role] = row["id"]
    talk = {"n1": 30.0, "n2": 300.0, "n3": 120.0, "n4": 120.0, "s1": 600.0}
    for name, role, day in (("n1", "alice", 3), ("n2", "alice", 4), ("n3", "bob", 5),
                            ("n4", "alice", 6), ("s1", "carol", 4)):
        with central.as_(role) as conn:
            calls[name] = insert(conn, "call_logs", call_row(
                agent_id=agents[role], started_at=_at(day), talk_seconds=talk[name],
                outcome="answered", case_id=cases[role] if role != "bob" else None),
                returning="id")
            insert(conn, "agent_state_changes", state_row(
                agent_id=agents[role], state="wrap-up", previous="on-call",
                call_log_id=calls[name], at=_at(day) + timedelta(seconds=talk[name])))
            insert(conn, "agent_state_changes", state_row(
                agent_id=agents[role], state="available", previous="wrap-up",
                at=_at(day) + timedelta(seconds=talk[name] + 20)))
    with central.as_("alice") as conn:
        insert(conn, "notes", note_row(cases["alice"], "プリンターの紙詰まり", language="ja",
                                       call_log_id=calls["n1"], created_at=_at(3, 10)))
    with central.as_("carol") as conn:
        # South's notes: one on its own call, one naming north's call n2 (the reference
        # check sees every call log, as a foreign key would).
        insert(conn, "notes", note_row(cases["carol"], f"{SECRET} 紙詰まり", language="zh",
                                       call_log_id=calls["s1"], created_at=_at(4, 10)))
        insert(conn, "notes", note_row(cases["carol"], f"{SECRET} north", language="zh",
                                       call_log_id=calls["n2"], created_at=_at(4, 11)))
    with central.as_() as conn:
        conn.execute("ANALYZE caseline.notes")
        conn.execute("ANALYZE caseline.agent_state_changes")
    return World(calls, agents, teams)



def _found(world: World, eng: Engine, f: CallFilter, *, index_only: bool = False) -> set[str]:
    by_id = {v: k for k, v in world.calls.items()}
    with eng.connect() as conn:
        if index_only:  # the plan through the indexes, as at 10M call logs
            conn.exec_driver_sql("SET enable_seqscan = off")
        page = explorer.calls(conn, f, page_size=500)
        conn.rollback()
    return {by_id.get(r.id, f"foreign {r.id}") for r in page.rows}


def _with(**changes: Any) -> CallFilter:
    fields = {name: getattr(JUNE, name) for name in JUNE.__dataclass_fields__}
    fields.update(changes)
    return CallFilter(**fields)


def _plan(eng: Engine, f: CallFilter, sort: Sort = Sort.STARTED_AT) -> str:
    with eng.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        got = explorer.plan(conn, f, sort=sort, page_size=100)
        conn.rollback()
    return got


def test_a_leaders_search_reads_the_teams_notes_only(
        world: World, engines: dict[str, Engine]) -> None:
    plan = _plan(engines["lena"], _with(text="紙詰まり"))
    lines = plan.splitlines()
    # Every read of the notes is bounded in its index condition: by the leader's team (the GIN
    # on team and tokens, or the team's notes by date) or, on a plan that starts from the
    # team's calls, by those calls. Never a centre-wide read filtered afterwards. (An index
    # scan "... on notes n" has its condition on the next line; a bitmap heap scan has it on
    # its bitmap index scan, a few lines below.)
    reads = [i for i, line in enumerate(lines)
             if "on notes n " in line or line.rstrip().endswith("on notes n")]
    assert reads, plan
    for at in reads:
        conds = [line for line in lines[at + 1:at + 5] if "Index Cond" in line]
        assert conds and any(key in conds[0] for key in ("team_id", "call_log_id", "case_id")), \
            plan


@pytest.mark.parametrize("index_only", [False, True])
def test_a_leader_finds_no_note_of_another_team_through_the_bounded_search(
        world: World, engines: dict[str, Engine], index_only: bool) -> None:
    lena, sam = engines["lena"], engines["sam"]
    # South's note names north's call n2: north's leader reads no south note, so not n2.
    assert _found(world, lena, _with(text=SECRET), index_only=index_only) == set()
    assert _found(world, lena, _with(text="紙詰まり"), index_only=index_only) == {"n1"}
    # South's leader reads both notes, but sees no north call: s1 only.
    assert _found(world, sam, _with(text=SECRET), index_only=index_only) == {"s1"}
    assert _found(world, sam, _with(text="紙詰まり"), index_only=index_only) == {"s1"}


def test_a_note_written_after_the_period_still_finds_its_call(
        world: World, central: Central, engines: dict[str, Engine]) -> None:
    with central.as_() as conn:
        case_id = conn.execute("SELECT case_id FROM caseline.call_logs WHERE id = %s",
                               (world.calls["n4"],)).fetchone()[0]  # type: ignore[index]
    with central.as_("alice") as conn:
        insert(conn, "notes", note_row(case_id, "トナー交換 later", language="ja",
                                       call_log_id=world.calls["n4"],
                                       created_at=_at(29) + timedelta(days=200)))
    assert _found(world, engines["lena"], _with(text="トナー交換")) == {"n4"}
    assert _found(world, engines["lena"], _with(text="トナー交換"), index_only=True) == {"n4"}


def test_talk_time_pages_read_the_keyset_order_from_the_index(
        world: World, engines: dict[str, Engine]) -> None:
    plan = _plan(engines["lena"], JUNE, Sort.TALK_SECONDS)
    assert "ix_call_logs_team_talk" in plan or "team_id_talk_seconds_id" in plan, plan
    assert " Sort " not in plan and "Sort Key" not in plan, plan
    seen: list[explorer.CallRow] = []
    after = None
    with engines["lena"].connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        while True:
            page = explorer.calls(conn, JUNE, sort=Sort.TALK_SECONDS, page_size=1,
                                  after=after)
            seen += page.rows
            if page.after is None:
                break
            after = page.after
    names = {v: k for k, v in world.calls.items()}
    assert [names[r.id] for r in seen] == ["n2", *sorted(
        ("n3", "n4"), key=lambda n: world.calls[n], reverse=True), "n1"]


def _kpi_plans(central: Central, role: str, team: uuid.UUID) -> list[str]:
    """call_kpis as ``role`` with auto_explain's plans of its inner statements as notices
    (loaded by the superuser, who then becomes the role: row security applies to it)."""
    notices: list[str] = []
    with central.as_() as conn:
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        for setting in ("LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0",
                        "SET auto_explain.log_nested_statements = on",
                        "SET auto_explain.log_level = notice"):
            conn.execute(setting)
        conn.execute(f"SET SESSION AUTHORIZATION {role}")
        conn.execute("SET enable_seqscan = off")
        conn.execute("SELECT * FROM caseline.call_kpis(%s, %s, 'UTC', 'day', 'agent', 7, 20, "
                     "%s)", (_at(1, 0), _at(30, 0) + timedelta(days=1), team))
    return notices


# The states the wrap-ups come from: their spans since central 0020, the changes before.
_STATE_SCAN = re.compile(r"(?:Seq Scan on agent_state_(?:changes|spans)|(?:Index|Index Only|"
                         r"Bitmap Index) Scan(?: Backward)? (?:using|on) "
                         r"\w*agent_state_(?:changes|spans)\w*)"
                         r".*\n\s*(?:Index Cond|Filter): (.*)")


def test_the_kpis_wrap_up_step_reads_the_teams_states_only(
        world: World, central: Central) -> None:
    team = world.teams["north"]
    plans = _kpi_plans(central, "lena", team)
    conditions = [m.group(1) for text in plans for m in _STATE_SCAN.finditer(text)]
    assert conditions, plans
    # Before 0015 the states step read every team's states of the period (row security only).
    assert all(f"team_id = '{team}'" in c for c in conditions), conditions


def test_a_search_read_in_stretches_pages_as_one_read_would(
        world: World, central: Central, engines: dict[str, Engine]) -> None:
    """A date-ordered search reads its period a stretch at a time from the page's end
    (explorer.FIRST_STRETCH_DAYS, growing): pages, cursors and both orders as over the whole
    period. August 2012: calls on the 2nd, 12th (two), 25th and 31st with the word, one
    without it; the stretches from the 31st are 25-31, 11-24 and 1-10 (from the 1st: 1-7,
    8-21, 22-31)."""
    assert world.calls
    aug = CallFilter(from_day=date(2012, 8, 1), to_day=date(2012, 8, 31), time_zone="UTC",
                     text="残量警告")
    made: dict[uuid.UUID, str] = {}
    with central.as_("alice") as alice:
        case = case_row("hardware")
        insert(alice, "cases", case)
        for name, day, hour, body in (("d2", 2, 9, "トナー残量警告"), ("d12a", 12, 9, "残量警告 A"),
                                      ("d12b", 12, 9, "残量警告 B"), ("d25", 25, 23, "残量警告"),
                                      ("d31", 31, 0, "残量警告"), ("d20", 20, 9, "no match")):
            at = datetime(2012, 8, day, hour, tzinfo=UTC)
            call_id = insert(alice, "call_logs", call_row(
                agent_id=world.agents["alice"], started_at=at, outcome="answered",
                case_id=case["id"]), returning="id")
            insert(alice, "notes", note_row(case["id"], body, language="ja",
                                           call_log_id=call_id, created_at=at))
            made[call_id] = name
    assert (explorer.FIRST_STRETCH_DAYS, explorer.STRETCH_GROWTH) == (7, 2)  # as named above

    def pages(descending: bool, size: int) -> list[list[str]]:
        out, after = [], None
        with engines["lena"].connect() as conn:
            while True:
                page = explorer.calls(conn, aug, descending=descending, page_size=size,
                                      after=after)
                out.append([made[r.id] for r in page.rows])
                if page.after is None:
                    return out
                after = page.after

    # The two calls at the same instant come in id order (the keyset's tie-break).
    d12 = sorted((k for k, v in made.items() if v.startswith("d12")))
    tie = [made[i] for i in d12]
    assert pages(True, 1) == [["d31"], ["d25"], [tie[1]], [tie[0]], ["d2"]]
    assert pages(False, 2) == [["d2", tie[0]], [tie[1], "d25"], ["d31"]]
    assert pages(True, 10) == [["d31", "d25", tie[1], tie[0], "d2"]]
    with engines["lena"].connect() as conn:  # periods of one stretch: one read
        week = explorer.calls(conn, replace(aug, from_day=date(2012, 8, 25)), page_size=10)
        short = explorer.calls(conn, replace(aug, from_day=date(2012, 8, 30)), page_size=10)
    assert [made[r.id] for r in week.rows] == ["d31", "d25"]
    assert [made[r.id] for r in short.rows] == ["d31"]
