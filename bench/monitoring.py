"""The leader's console on a year of a 300-agent centre: explorer pages, note search, a month's
KPIs and the live board, with and without the indexes they read (issue 18).

Everything real: a throw-away PostgreSQL 15 cluster (tests/support_pg.py) with settings for a
bulk load, ``central init``, 30 teams of 10 agents with a leader each (login roles, row
security), call-log months for the year; then 10,000,000 call logs and 5,000,000 notes
(Japanese, Chinese, English) generated into it with COPY (bench/monitoring_data.py), SRs and
customers as the calls need them, and the agents' states for the KPI month. Every query runs
as a team leader's own login role (the explorer and the KPI functions are SECURITY INVOKER
under row security), ``--repeats`` times with varying teams, days, agents and terms; the plan
of each is printed once (EXPLAIN (ANALYZE, BUFFERS); the KPI functions' inner statements
through auto_explain) with the index it was expected to read. The board: an agent's PC
publishes its presence, the leader's BoardWatcher has it, with every other agent's PC
heartbeating on its own connection.

Baseline, in the same run: the same queries, as the same leaders, with the indexes they read
hidden from the planner (``pg_index.indisvalid = false``, the state of an index still being
built by CREATE INDEX CONCURRENTLY: kept up to date, never read), restored afterwards; the
month partitions stay (they prune the same). The KPIs are computed from the raw rows, with or
without indexes; the one table the database keeps for them, the agents' state spans (central
0020: each change with its end), stays in the baseline with its indexes hidden.

    .venv/bin/python -m bench.monitoring --quick              # 1,000,000 calls, 500,000 notes
    .venv/bin/python -m bench.monitoring                      # 10,000,000 / 5,000,000
    .venv/bin/python -m bench.monitoring --keep /tmp/mon-db   # keep the loaded cluster; reuse
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _path in (REPO, BENCH):  # the app, and bench/monitoring_data.py beside this
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import monitoring_data as data  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from app.cases.models import Direction, Outcome  # noqa: E402 - needs the path above
from app.central import admin  # noqa: E402
from app.central.db import engine as central_engine  # noqa: E402
from app.central.db import plan_each_run  # noqa: E402
from app.console import explorer, service  # noqa: E402
from app.console.board import BoardWatcher  # noqa: E402
from app.console.explorer import CallFilter, Sort  # noqa: E402
from app.sync import presence  # noqa: E402
from tests.support_pg import PgCluster, cluster  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy import Connection, Engine

    from app.console.board import Board

# The state spans of changes loaded with triggers off, as central 0020's upgrade makes them.
SPANS_BACKFILL: str = import_module("app.central.migrations.versions.0020_state_spans").BACKFILL
TZ = "Asia/Tokyo"
TEAM_SIZE = 10
PAGE = 100
DEEP = 10  # the deep page: the 11th, reached by its cursor
AGAIN = 11  # reads of one page before the one timed: past psycopg's 5 and the server's 5
TARGET_PAGE_MS = 200.0
TARGET_KPI_MS = 500.0
TARGET_BOARD_MS = 1000.0
PROGRESS = 1_000_000
# For the load and the box (2 CPUs, 23 GB): printed with the figures.
LOAD_SETTINGS = {
    "shared_buffers": "1GB", "maintenance_work_mem": "1GB", "work_mem": "32MB",
    "max_wal_size": "8GB", "checkpoint_timeout": "30min", "max_connections": "400",
    "synchronous_commit": "off",  # during the load only: reset before measuring
}
# What the baseline hides: every index a measured query reads, and those the planner would
# take instead (the period alone, the team alone). Keys, SR and change-number indexes stay.
BASELINE_HIDDEN = (
    "ix_call_logs_team_started", "ix_call_logs_owner_started", "ix_call_logs_number_started",
    "ix_call_logs_agent_started", "ix_call_logs_started_at", "ix_call_logs_team_id",
    "ix_call_logs_agent_id", "ix_notes_search_tokens", "ix_agent_state_changes_at",
    "ix_agent_state_changes_team_id", "ix_agent_state_changes_agent_id",
    # central 0015: the team- and time-bounded reads
    "ix_call_logs_team_talk", "ix_notes_team_created", "ix_agent_state_changes_team_at",
    # central 0019: one disposition in date order
    "ix_call_logs_team_disposition",
    # central 0020: the state spans (the table stays: the baseline reads it without its index)
    "ix_agent_state_spans_team_at", "ix_agent_state_spans_agent_at",
    # central 0022: the calls' wrap-ups alone
    "ix_agent_state_spans_wrap_ups")


# -- the cluster ---------------------------------------------------------------------------------


def _as_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(path, user.pw_uid, user.pw_gid)


def open_cluster(keep: Path | None) -> tuple[PgCluster, dict[str, Any] | None]:
    """A fresh cluster (in ``keep`` when given), or the one kept there with its centre."""
    if keep is None:
        return cluster(), None
    state = keep / "centre.json"
    pg = PgCluster(name="caseline-monitoring")
    shutil.rmtree(pg.root, ignore_errors=True)
    pg.root, pg.data = keep, keep / "data"
    pg.socket_dir, pg.log = keep / "sock", keep / "server.log"
    if state.exists() and pg.data.exists():
        centre = json.loads(state.read_text())
        pg.password = centre["superuser_password"]
        pg.start()
        return pg, centre
    keep.mkdir(parents=True, exist_ok=True)
    pg.socket_dir.mkdir(exist_ok=True)
    keep.chmod(0o755)
    for path in (keep, pg.socket_dir):
        _as_postgres(path)
    pg.init()
    pg.start()
    pg.create_database()
    return pg, None


def _su(pg: PgCluster, **kw: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(pg.url(), **kw)


def configure(pg: PgCluster, settings: dict[str, str]) -> None:
    with _su(pg, autocommit=True) as conn:
        for name, value in settings.items():
            conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
    pg.stop()
    pg.start()


def show_settings(pg: PgCluster) -> str:
    names = [*LOAD_SETTINGS, "fsync", "effective_cache_size", "random_page_cost",
             "max_parallel_workers_per_gather", "jit"]
    with _su(pg) as conn:
        got = [f"{n}={conn.execute(f'SHOW {n}').fetchone()[0]}" for n in names]  # type: ignore[index]
    return ", ".join(got)


# -- the centre ----------------------------------------------------------------------------------


def make_centre(pg: PgCluster, agents: int) -> dict[str, Any]:
    """Teams, agents and leaders (login roles), call-log months back a year."""
    url = pg.url()
    admin.init(url)
    password = "m-" + secrets.token_urlsafe(12)
    teams = []
    for t in range(agents // TEAM_SIZE):
        name = f"team-{t + 1:02d}"
        queues = [f"t{t + 1:02d}-hardware", f"t{t + 1:02d}-network"]
        admin.add_team(url, name, queues)
        for i in range(TEAM_SIZE):
            admin.add_agent(url, f"a{t + 1:02d}-{i:02d}", password, f"Agent {t + 1}-{i}", name,
                            sip_identity=f"a{t + 1:02d}-{i:02d}@bench.example")
        admin.add_agent(url, f"leader{t + 1:02d}", password, f"Leader {t + 1}", name,
                        leader=True)
        teams.append({"name": name, "queues": queues, "leader": f"leader{t + 1:02d}"})
    with _su(pg, autocommit=True) as conn:
        # admin.add_call_log_months makes months from now on; the year behind needs ``since``.
        conn.execute("SELECT caseline.add_call_log_months(12, now() - interval '13 months')")
        made = conn.execute("SELECT count(*) FROM pg_partition_tree('caseline.call_logs') "
                            "WHERE isleaf").fetchone()
        ids = {r[0]: str(r[1]) for r in conn.execute("SELECT name, id FROM caseline.teams")}
        rows = conn.execute("SELECT a.id, a.db_role, t.name FROM caseline.agents a "
                            "JOIN caseline.teams t ON t.id = a.team_id "
                            "WHERE a.role = 'agent' ORDER BY a.db_role").fetchall()
        leader_ids = {r[0]: str(r[1]) for r in conn.execute(
            "SELECT db_role, id FROM caseline.agents WHERE role <> 'agent'")}
    for team in teams:
        team["id"] = ids[team["name"]]
        team["leader_id"] = leader_ids[team["leader"]]
    names = [t["name"] for t in teams]
    print(f"centre: {len(teams)} teams, {len(rows)} agents + {len(teams)} leaders "
          f"(login roles), {made[0] if made else 0} call-log partitions (months back a year "
          "and more, a year ahead, the catch-all)")
    return {"superuser_password": pg.password, "password": password, "teams": teams,
            "agents": [{"id": str(r[0]), "role": r[1], "team": names.index(r[2])}
                       for r in rows]}


def world_of(centre: dict[str, Any]) -> data.World:
    teams = centre["teams"]
    return data.World([t["id"] for t in teams], [tuple(t["queues"]) for t in teams],
                      [data.Agent(a["id"], a["role"], a["team"], teams[a["team"]]["id"])
                       for a in centre["agents"]])


# -- the load ------------------------------------------------------------------------------------


@dataclass
class Load:
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    generate_s: float = 0.0


def _begin_copy(conn: psycopg.Connection[Any], table: str,
                columns: tuple[str, ...]) -> tuple[str, Any, Any]:
    conn.execute("SET session_replication_role = replica")  # no per-row trigger fires
    xid = str(conn.execute("SELECT pg_current_xact_id()").fetchone()[0])  # type: ignore[index]
    cur = conn.cursor()
    copy = cur.copy(f"COPY caseline.{table} ({', '.join(columns)}) FROM STDIN")
    return xid, cur, copy


def _copy_rows(pg: PgCluster, table: str, columns: tuple[str, ...],
               rows: Iterator[str] | list[str]) -> int:
    count = 0
    with _su(pg) as conn:
        xid, cur, copy = _begin_copy(conn, table, columns)
        with cur, copy as c:
            block: list[str] = []
            for row in rows:
                block.append(row)
                if len(block) >= 20_000:
                    c.write("".join(block).replace(data.XID, xid).encode())
                    count += len(block)
                    block = []
            if block:
                c.write("".join(block).replace(data.XID, xid).encode())
                count += len(block)
        conn.commit()
    return count


def load(pg: PgCluster, world: data.World, *, calls: int, notes: int, customers: int,
         tmp: Path) -> Load:
    out = Load()
    rng = random.Random(18)
    now = time.time()
    today = datetime.now(UTC).date()  # the data ends yesterday (UTC = JST day for 9-18 JST)
    first = today - timedelta(days=365)
    kpi_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    t0 = time.perf_counter()
    data.make_customers(world, customers, rng, now)
    out.generate_s += time.perf_counter() - t0
    t0 = time.perf_counter()
    out.rows["customers"] = _copy_rows(pg, "customers", data.CUSTOMER_COLUMNS,
                                       data.customer_rows(world, data.XID, rng, now, 0))
    out.seconds["customers"] = time.perf_counter() - t0
    year = data.Year(world, calls=calls, notes=notes, first_day=first, days=365,
                     states_from=kpi_month - timedelta(days=1), change_no=len(world.customers))
    note_files = [tmp / "notes-0.tsv", tmp / "notes-1.tsv"]
    print(f"generating a year {first} .. {today - timedelta(days=1)}: ~{calls:,} call logs "
          f"(COPY as they are made), ~{notes:,} notes (to {tmp}), states from "
          f"{kpi_month - timedelta(days=1)}", flush=True)
    t0 = time.perf_counter()
    with _su(pg) as calls_conn, _su(pg) as states_conn, \
            open(note_files[0], "w") as n0, open(note_files[1], "w") as n1:
        calls_xid, ccur, ccopy = _begin_copy(calls_conn, "call_logs", data.CALL_COLUMNS)
        states_xid, scur, scopy = _begin_copy(states_conn, "agent_state_changes",
                                              data.STATE_COLUMNS)
        with ccur, scur, ccopy as cc, scopy as sc:
            next_report = PROGRESS
            for d in range(365):
                g0 = time.perf_counter()
                day_calls, day_notes, day_states = year.day_rows(d)
                out.generate_s += time.perf_counter() - g0
                cc.write("".join(day_calls).replace(data.XID, calls_xid).encode())
                if day_states:
                    sc.write("".join(day_states).replace(data.XID, states_xid).encode())
                half = len(day_notes) // 2
                n0.write("".join(day_notes[:half]))
                n1.write("".join(day_notes[half:]))
                if year.counts.calls >= next_report:
                    took = time.perf_counter() - t0
                    print(f"  {year.counts.calls:>11,} call logs, {year.counts.notes:,} notes "
                          f"written, {took:.0f} s ({year.counts.calls / took:,.0f} calls/s)",
                          flush=True)
                    next_report += PROGRESS
        calls_conn.commit()
        states_conn.commit()
    out.seconds["call_logs"] = time.perf_counter() - t0
    out.rows["call_logs"] = year.counts.calls
    out.rows["agent_state_changes"] = year.counts.states
    t0 = time.perf_counter()
    out.rows["cases"] = _copy_rows(pg, "cases", data.CASE_COLUMNS, year.case_rows)
    out.seconds["cases"] = time.perf_counter() - t0
    print(f"  SRs: {out.rows['cases']:,} in {out.seconds['cases']:.1f} s; notes COPY from "
          f"{len(note_files)} files on {len(note_files)} connections ...", flush=True)
    # The GIN index is built after the notes are in (one sort instead of ~40 posting-list
    # insertions per note: 3,700 notes/s with it in place, on this box), as a bulk load does.
    with _su(pg, autocommit=True) as conn:
        conn.execute("DROP INDEX caseline.ix_notes_search_tokens")
    t0 = time.perf_counter()
    counted: list[int] = []

    def notes_from(path: Path) -> None:
        with open(path) as f:
            counted.append(_copy_rows(pg, "notes", data.NOTE_COLUMNS, f))

    threads = [threading.Thread(target=notes_from, args=(p,)) for p in note_files]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    out.seconds["notes"] = time.perf_counter() - t0
    out.rows["notes"] = sum(counted)
    t0 = time.perf_counter()
    with _su(pg, autocommit=True) as conn:
        conn.execute("CREATE INDEX ix_notes_search_tokens ON caseline.notes "
                     "USING gin (team_id, search_tokens caseline.search_tokens_ops)")  # 0015
    out.seconds["gin_index"] = time.perf_counter() - t0
    for p in note_files:
        p.unlink()
    with _su(pg, autocommit=True) as conn:
        conn.execute("SELECT setval('caseline.change_seq', %s)", (year.change_no + 1,))
        # The states went in with triggers off: their spans as central 0020 makes them.
        t0 = time.perf_counter()
        conn.execute(SPANS_BACKFILL)
        out.seconds["state_spans"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for table in ("customers", "cases", "call_logs", "notes", "agent_state_changes",
                      "agent_state_spans"):
            conn.execute(f"VACUUM (ANALYZE) caseline.{table}")
        out.seconds["vacuum_analyze"] = time.perf_counter() - t0
        conn.execute("ALTER SYSTEM RESET synchronous_commit")
        conn.execute("SELECT pg_reload_conf()")
    c = year.counts
    print(f"  calls: {c.answered:,} answered inbound, {c.missed:,} missed, {c.outbound:,} "
          f"outbound; {c.bound:,} on an SR; {c.with_mos:,} with a MOS; {c.states:,} states")
    return out


def sizes(pg: PgCluster) -> str:
    with _su(pg) as conn:
        db = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))"
                          ).fetchone()
        calls = conn.execute(
            "SELECT pg_size_pretty(sum(pg_total_relation_size(relid))), "
            "pg_size_pretty(sum(pg_indexes_size(relid))) "
            "FROM pg_partition_tree('caseline.call_logs')").fetchone()
        notes = conn.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('caseline.notes')), "
            "pg_size_pretty(pg_relation_size('caseline.ix_notes_search_tokens'))").fetchone()
    assert db and calls and notes
    return (f"database {db[0]}; call_logs {calls[0]} (indexes {calls[1]}); notes {notes[0]} "
            f"(GIN ix_notes_search_tokens {notes[1]})")


# -- plans ---------------------------------------------------------------------------------------


class Plans:
    """Index names as the leader's statements name them: a month's index is its parent's."""

    def __init__(self, pg: PgCluster) -> None:
        with _su(pg) as conn:
            self.parent: dict[str, str] = {r[0]: r[1] for r in conn.execute(
                "SELECT c.relname, p.relname FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                "WHERE c.relkind = 'i'")}

    def name(self, index: str) -> str:
        return self.parent.get(index, index)

    def nodes_json(self, plan: dict[str, Any]) -> list[tuple[str, str, str, int]]:
        """(node, index or "", relation, actual rows) of every scan node."""
        found: list[tuple[str, str, str, int]] = []

        def walk(node: dict[str, Any]) -> None:
            kind = node.get("Node Type", "")
            if "Scan" in kind and kind not in ("Subquery Scan", "Function Scan", "CTE Scan",
                                               "Values Scan", "Result"):
                rows = int(node.get("Actual Rows", 0)) * int(node.get("Actual Loops", 1))
                if node.get("Scan Direction") == "Backward":
                    kind += " Backward"
                found.append((kind, self.name(node.get("Index Name", "")),
                              node.get("Relation Name", ""), rows))
            for child in node.get("Plans", ()):
                walk(child)

        walk(plan)
        return found

    _TEXT = re.compile(r"(Parallel )?(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)"
                       r"( Backward)?(?: using (\S+))?(?: on (\S+))?")

    def nodes_text(self, text: str) -> list[tuple[str, str, str, int]]:
        found = []
        for m in self._TEXT.finditer(text):
            kind = (m.group(2) + (m.group(3) or "")).strip()
            if m.group(2) == "Bitmap Index Scan":
                found.append((kind, self.name(m.group(5) or ""), "", 0))
            elif m.group(2) == "Seq Scan":
                found.append((kind, "", m.group(5) or "", 0))
            else:
                found.append((kind, self.name(m.group(4) or ""), m.group(5) or "", 0))
        return found

    @staticmethod
    def summary(nodes: list[tuple[str, str, str, int]]) -> str:
        grouped: dict[tuple[str, str], list[str]] = {}
        for kind, index, relation, _rows in nodes:
            if relation in ("agents", "teams", "queues") or index.startswith(
                    ("pk_agents", "pk_teams")) or "agents_db_role" in index or "queues" in index:
                continue  # row security's look-ups of the directory
            table = re.sub(r"_\d{4}_\d{2}$", "_<month>", relation)
            grouped.setdefault((kind, index or table), []).append(relation)
        return "; ".join(f"{kind} {'using ' + key if 'Index' in kind else 'on ' + key}"
                         + (f" x{len(v)}" if len(v) > 1 else "")
                         for (kind, key), v in grouped.items()) or "(no scans)"


# -- measuring -----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    target_ms: float
    expect: tuple[str, ...]
    times: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)
    base_timeout: float | None = None
    plan: str = ""
    used: bool | None = None
    base_plan: str = ""
    detail: str = ""


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


@dataclass
class Leaders:
    """One held connection per leader, as the console holds its own; the statements each
    sends, recorded (for EXPLAIN)."""

    pg: PgCluster
    centre: dict[str, Any]
    count: int
    engines: list[Engine] = field(default_factory=list)
    conns: list[Connection] = field(default_factory=list)
    last: list[tuple[str, Any]] = field(default_factory=list)

    def open(self, statement_timeout: str | None = None) -> None:
        for team in self.centre["teams"][:self.count]:
            eng = plan_each_run(central_engine(  # as the console's (ConsoleService)
                self.pg.url(team["leader"], self.centre["password"]), pool_size=1, max_overflow=0))
            event.listen(eng, "before_cursor_execute", self._record)
            conn = eng.connect()
            if statement_timeout:
                conn.exec_driver_sql(f"SET statement_timeout = '{statement_timeout}'")
                conn.commit()
            self.engines.append(eng)
            self.conns.append(conn)

    def _record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any,
                _context: Any, _many: bool) -> None:
        if not statement.startswith("EXPLAIN"):
            self.last.append((statement, parameters))
            del self.last[:-1]

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        for eng in self.engines:
            eng.dispose()
        self.engines, self.conns = [], []


@dataclass(frozen=True)
class Query:
    name: str
    target_ms: float
    expect: tuple[str, ...]
    # (leader's connection, team, repetition) -> seconds the console waited
    run: Callable[[Connection, int, int], float]
    explain: str = "json"  # json: the last statement with EXPLAIN; log: auto_explain
    baseline: bool = True  # False: its connections are not the leaders' (no statement timeout)


class Bench:
    def __init__(self, pg: PgCluster, centre: dict[str, Any], world: data.World,
                 repeats: int, leaders: int) -> None:
        self.pg, self.centre, self.world = pg, centre, world
        self.repeats, self.leaders = repeats, leaders
        self.yesterday = datetime.now(UTC).date() - timedelta(days=1)
        self.first = self.yesterday - timedelta(days=364)
        month_end = datetime.now(UTC).date().replace(day=1) - timedelta(days=1)
        self.kpi_month = (month_end.replace(day=1), month_end)
        self.plans = Plans(pg)
        self._consoles: dict[int, service.ConsoleService] = {}
        self.agent_ids = [[a.id for a in world.agents if a.team == t]
                          for t in range(len(world.team_ids))]
        with _su(pg) as conn:
            self.numbers = [[r[0] for r in conn.execute(
                "SELECT c.number_raw FROM caseline.call_logs c WHERE c.team_id = %s "
                "AND c.number_e164 IS NOT NULL AND c.started_at > now() - interval '40 days' "
                "AND c.customer_id IS NOT NULL LIMIT 40", (tid,))]
                for tid in world.team_ids[:leaders]]

    def day(self, i: int) -> date:
        return self.yesterday - timedelta(days=(i * 5) % 120)

    def queries(self) -> list[Query]:
        def page(make: Callable[[int, int], CallFilter], sort: Sort = Sort.STARTED_AT,
                 deep: bool = False, again: bool = False) -> Callable[[Connection, int, int], Any]:
            def run(conn: Connection, team: int, i: int) -> float:
                f = make(team, i)
                after = None
                for _ in range(AGAIN if again else 0):
                    explorer.calls(conn, f, sort=sort, page_size=PAGE)
                if deep:
                    for _ in range(DEEP):
                        after = explorer.calls(conn, f, sort=sort, page_size=PAGE,
                                               after=after).after
                    conn.rollback()
                t0 = time.perf_counter()
                explorer.calls(conn, f, sort=sort, page_size=PAGE, after=after)
                return time.perf_counter() - t0
            return run

        def period(i: int, days: int) -> dict[str, Any]:
            end = self.day(i)
            return {"from_day": end - timedelta(days=days - 1), "to_day": end, "time_zone": TZ}

        def year() -> dict[str, Any]:
            return {"from_day": self.first, "to_day": self.yesterday, "time_zone": TZ}

        def number(team: int, i: int) -> str:
            spelled = data.spellings(self.numbers[team][i % len(self.numbers[team])])
            return spelled[(i // len(self.numbers[team]) + i) % len(spelled)]

        team_idx = ("ix_call_logs_team_started",)
        talk_idx = ("ix_call_logs_team_talk",)  # central 0015: a talk-time page's keyset order
        q: list[Query] = [
            Query("page: team, 7 days", TARGET_PAGE_MS, team_idx,
                  page(lambda t, i: CallFilter(**period(i, 7)))),
            Query("page 11: team, 7 days (cursor)", TARGET_PAGE_MS, team_idx,
                  page(lambda t, i: CallFilter(**period(i, 7)), deep=True)),
            Query("page: one agent, 30 days", TARGET_PAGE_MS, ("ix_call_logs_owner_started",),
                  page(lambda t, i: CallFilter(
                      **period(i, 30), agent_ids=(uuid.UUID(self.agent_ids[t][i % 10]),)))),
            Query("page: missed calls, one day", TARGET_PAGE_MS, team_idx,
                  page(lambda t, i: CallFilter(**period(i, 1), directions=(Direction.INBOUND,),
                                               outcomes=(Outcome.MISSED,)))),
            Query("page: a number (any spelling), year", TARGET_PAGE_MS,
                  ("ix_call_logs_number_started",),
                  page(lambda t, i: CallFilter(**year(), number=number(t, i)))),
            Query("page: a disposition, 90 days", TARGET_PAGE_MS,
                  ("ix_call_logs_team_disposition",),
                  page(lambda t, i: CallFilter(**period(i, 90), dispositions=(
                      ("escalated", "complaint", "sales")[i % 3],)))),
            Query("page: poor quality, 30 days", TARGET_PAGE_MS, team_idx,
                  page(lambda t, i: CallFilter(**period(i, 30), poor_only=True))),
            Query("page: by talk time, 30 days", TARGET_PAGE_MS, talk_idx,
                  page(lambda t, i: CallFilter(**period(i, 30)), sort=Sort.TALK_SECONDS)),
            Query("page 11: by talk time, 30 days (cursor)", TARGET_PAGE_MS, talk_idx,
                  page(lambda t, i: CallFilter(**period(i, 30)), sort=Sort.TALK_SECONDS,
                       deep=True)),
            Query("page: by talk time, year", TARGET_PAGE_MS, talk_idx,
                  page(lambda t, i: CallFilter(**year()), sort=Sort.TALK_SECONDS)),
            # The same page again and again on one connection, as a refresh or an export pages:
            # a statement the server had prepared went generic from its 11th read (3 -> 270
            # ms at 10M calls) until the central engine stopped preparing (app.central.db).
            Query(f"page: by talk time, year, its {AGAIN + 1}th read", TARGET_PAGE_MS, talk_idx,
                  page(lambda t, i: CallFilter(**year()), sort=Sort.TALK_SECONDS, again=True),
                  baseline=False),
        ]
        searches = (
            ("search ja 2 chars", ("印刷", "接続", "交換", "異音", "請求")),
            ("search ja word", ("紙詰まり", "プリンター", "再起動", "ログイン")),
            ("search ja 1 char (の)", ("の",)),
            ("search zh 2 chars", ("网络", "打印", "连接", "卡纸")),
            ("search en word", ("printer", "toner", "invoice", "vpn", "router")),
            ("search phrase", ('"paper jam"', '"cannot connect"', '"toner cartridge"')),
            ("search rare term", ("ファームウェア署名エラー", "固件签名错误", "firmware")),
        )
        # The index path reads the GIN; a short CJK term's walk (app.console.explorer, _WALK)
        # reads the team's calls by start and their notes by call. The plan shown is the page's
        # last statement: the walk's, or the index path's when it took over.
        gin = ("ix_notes_search_tokens", "ix_notes_call_log_id")
        for label, words in searches:
            for span, days in (("year", 0), ("30 days", 30)):
                def make(t: int, i: int, words: tuple[str, ...] = words,
                         days: int = days) -> CallFilter:
                    when = year() if days == 0 else period(i, days)
                    return CallFilter(**when, text=words[i % len(words)])
                first = f"{label} ({words[0]}{'...' if len(words) > 1 else ''})" \
                    if "(" not in label else label
                q.append(Query(f"{first}, {span}", TARGET_PAGE_MS, gin, page(make)))
        q.append(Query("KPI tab, one month (with quality)", TARGET_KPI_MS,
                       ("ix_call_logs_team_started", "ix_call_logs_started_at"),
                       self._kpi, explain="log"))
        q.append(Query("KPI tab, one month, as the console reads it", TARGET_KPI_MS,
                       ("ix_call_logs_team_started", "ix_call_logs_started_at"),
                       self._kpi_console, explain="log", baseline=False))
        return q

    def _kpi_console(self, conn: Connection, team: int, i: int) -> float:
        """The same through ConsoleService.kpis: the tab's statements side by side, on the
        console's own connections of that leader (the kept ones opened at its first run; the
        tab's extra one each time, as in the console)."""
        console = self._consoles.get(team)
        if console is None:
            leader = self.centre["teams"][team]["leader"]
            console = service.ConsoleService(central_engine(
                self.pg.url(leader, self.centre["password"]), pool_size=service.POOL,
                max_overflow=service.KPI_PARTS), time_zone=TZ)
            self._consoles[team] = console
        first, last = self.kpi_month
        shown = first + timedelta(days=i % 28)
        t0 = time.perf_counter()
        console.kpis(service.KpiQuery(first, last, TZ, "day", "agent", shown)).result()
        return time.perf_counter() - t0

    def close_consoles(self) -> None:
        for console in self._consoles.values():
            console.close()
        self._consoles.clear()

    def _kpi(self, conn: Connection, team: int, i: int) -> float:
        """What the KPI tab reads for a month (app.console.service.kpi_view: calls by agent
        and by day, states, occupancy, call quality, the charts), one statement after the
        other on one connection."""
        first, last = self.kpi_month
        shown = first + timedelta(days=i % 28)
        t0 = time.perf_counter()
        service.kpi_view(conn, service.KpiQuery(first, last, TZ, "day", "agent", shown))
        return time.perf_counter() - t0

    # -- one round --

    def measure(self, query: Query, leaders: Leaders, repeats: int, result: Result, *,
                baseline: bool, timeout_s: float | None = None, budget_s: float = 60.0
                ) -> None:
        """``repeats`` runs, fewer when they take long: stop once ``budget_s`` is spent (at
        least 5 runs measured, 1 for the baseline)."""
        spent = 0.0
        for i in range(repeats):
            if spent > budget_s and i >= (1 if baseline else 5):
                break
            team = i % self.leaders
            conn = leaders.conns[team]
            try:
                took = query.run(conn, team, i)
            except Exception as e:
                conn.rollback()
                if baseline and "statement timeout" in str(e):
                    result.base_timeout = timeout_s
                    return
                raise
            conn.rollback()
            spent += took
            (result.base if baseline else result.times).append(took * 1000)

    def explain(self, query: Query, leaders: Leaders, *,
                analyze: bool = True) -> tuple[str, bool]:
        """The plan's scans, once (rep 0, the first leader); whether it read the index."""
        if query.explain == "log":
            return self._explain_log(query)
        conn = leaders.conns[0]
        query.run(conn, 0, 0)
        conn.rollback()
        statement, params = leaders.last[-1]
        options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
        row = conn.exec_driver_sql(f"EXPLAIN ({options}) " + statement, params).fetchone()
        conn.rollback()
        assert row is not None
        top = row[0][0]
        nodes = self.plans.nodes_json(top["Plan"])
        used = any(index in query.expect for _k, index, _r, _n in nodes)
        if not analyze:
            return Plans.summary(nodes), used
        plan = top["Plan"]
        hit, read = plan.get("Shared Hit Blocks", 0), plan.get("Shared Read Blocks", 0)
        return (f"{Plans.summary(nodes)} | {top['Execution Time']:.1f} ms, buffers hit {hit} "
                f"read {read}"), used

    def _explain_log(self, query: Query) -> tuple[str, bool]:
        """The KPI functions' own statements, planned inside them: auto_explain, for this one
        connection of the leader's (settings on the role, as only a superuser may)."""
        role = self.centre["teams"][0]["leader"]
        options = {"session_preload_libraries": "auto_explain",
                   "auto_explain.log_min_duration": "0", "auto_explain.log_analyze": "on",
                   "auto_explain.log_buffers": "on", "auto_explain.log_nested_statements": "on",
                   "auto_explain.log_timing": "off"}
        with _su(self.pg, autocommit=True) as su:
            for name, value in options.items():
                su.execute(f'ALTER ROLE "{role}" SET {name} = \'{value}\'')
        start = self.pg.log.stat().st_size
        try:
            eng = central_engine(self.pg.url(role, self.centre["password"]), poolclass=NullPool)
            with eng.connect() as conn:
                query.run(conn, 0, 0)
            eng.dispose()
            time.sleep(0.5)
            with open(self.pg.log, errors="replace") as f:
                f.seek(start)
                text = f.read()
        finally:
            with _su(self.pg, autocommit=True) as su:
                for name in options:
                    su.execute(f'ALTER ROLE "{role}" RESET {name}')
        nodes = self.plans.nodes_text(text)
        used = any(index in query.expect for _k, index, _r, _n in nodes)
        return Plans.summary(nodes), used


# -- the board -----------------------------------------------------------------------------------


def board_latency(pg: PgCluster, centre: dict[str, Any], world: data.World, changes: int,
                  background: int) -> Result:
    """An agent's PC publishes its presence (app.sync.presence, as the agent's role), the
    leader's BoardWatcher has it; every other agent's PC heartbeats on its own connection
    (every 15 s) and changes state now and then (about once a minute)."""
    result = Result("board: PC publish -> leader's callback", TARGET_BOARD_MS, ())
    team = centre["teams"][0]
    me = next(a for a in world.agents if a.team == 0)
    others = [a for a in world.agents if a is not me][:background]
    password = centre["password"]
    stop = threading.Event()
    engines: list[Engine] = []

    def pc(agent: data.Agent) -> tuple[Connection, presence.Presence]:
        eng = central_engine(pg.url(agent.role, password), pool_size=1, max_overflow=0)
        engines.append(eng)
        conn = eng.connect()
        p = presence.Presence(uuid.UUID(agent.id), "available", time.time(),
                              registration=presence.REGISTRATION_OK)
        presence.publish(conn, p)
        conn.commit()
        return conn, p

    pcs = [pc(a) for a in others]

    def chatter() -> None:
        rng = random.Random(7)
        period = presence.HEARTBEAT_SECONDS / max(1, len(pcs))
        k = 0
        while not stop.wait(period):
            conn, p = pcs[k % len(pcs)]
            k += 1
            if rng.random() < 0.25:  # a state change: a full upsert, announced
                p = presence.Presence(p.agent_id, rng.choice(("available", "on-call",
                                                               "wrap-up")), time.time(),
                                      registration=presence.REGISTRATION_OK)
                pcs[(k - 1) % len(pcs)] = (conn, p)
                presence.publish(conn, p)
            else:
                presence.heartbeat(conn, p)
            conn.commit()

    seen = threading.Condition()
    shown: list[tuple[str, float]] = [("", 0.0)]  # the agent's state on the latest board, when

    def on_board(board: Board) -> None:
        rows = [r for r in board.rows if r.role == me.role]
        with seen:
            shown[0] = (rows[0].state if rows else "", time.perf_counter())
            seen.notify_all()

    watcher = BoardWatcher.for_url(pg.url(team["leader"], password), None, on_board)
    my_conn, _p = pc(me)
    noise = threading.Thread(target=chatter, daemon=True)
    watcher.start()
    noise.start()
    try:
        with seen:
            seen.wait_for(lambda: shown[0][0] == "available", 15)
        for i in range(changes):
            new = ("break", "available")[i % 2]
            t0 = time.perf_counter()
            presence.publish(my_conn, presence.Presence(uuid.UUID(me.id), new, time.time(),
                                                        reason="rest" if new == "break" else "",
                                                        registration=presence.REGISTRATION_OK))
            my_conn.commit()
            with seen:
                if not seen.wait_for(lambda: shown[0][0] == new, 15):  # noqa: B023
                    raise SystemExit(f"the board never showed {new!r}")
                result.times.append((shown[0][1] - t0) * 1000)
            time.sleep(0.2 + random.random() * 0.3)  # spacing the changes
    finally:
        stop.set()
        watcher.stop()
        noise.join(5)
        my_conn.close()
        for conn, _ in pcs:
            conn.close()
        for eng in engines:
            eng.dispose()
    result.detail = (f"{len(pcs)} other PCs heartbeating every {presence.HEARTBEAT_SECONDS:.0f}"
                     " s, a quarter of their beats a state change; watcher reads "
                     f"{watcher.reads}")
    result.plan = "agent_presence (one row per agent): no index involved"
    return result


# -- the baseline --------------------------------------------------------------------------------


@contextlib.contextmanager
def hidden_indexes(pg: PgCluster) -> Iterator[int]:
    """The baseline's indexes (and their months') invisible to the planner, then back."""
    select = ("SELECT c.oid FROM pg_class c WHERE c.relkind IN ('i', 'I') AND "
              "(c.relname = ANY(%(names)s) OR c.oid IN (SELECT i.inhrelid FROM pg_inherits i "
              "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ANY(%(names)s)))")
    with _su(pg, autocommit=True) as conn:
        oids = [r[0] for r in conn.execute(select, {"names": list(BASELINE_HIDDEN)})]
        conn.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = ANY(%s)",
                     (oids,))
    try:
        yield len(oids)
    finally:
        with _su(pg, autocommit=True) as conn:
            conn.execute("UPDATE pg_index SET indisvalid = true WHERE indexrelid = ANY(%s)",
                         (oids,))


# -- the report ----------------------------------------------------------------------------------


def ms(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def table(results: list[Result], base_timeout: float) -> str:
    head = ("query", "n", "p50", "p95", "max", "base p50", "base p95", "x p95", "target",
            "met", "index")
    rows = [head]
    for r in results:
        p50, p95 = statistics.median(r.times), pct(r.times, 0.95)
        if r.base:
            b50, b95 = ms(statistics.median(r.base)), ms(pct(r.base, 0.95))
            ratio = f"{pct(r.base, 0.95) / p95:,.1f}"
            if r.base_timeout:
                b95, ratio = f"> {r.base_timeout:.0f} s", f"> {r.base_timeout * 1000 / p95:,.0f}"
        elif r.base_timeout:
            b50 = b95 = f"> {r.base_timeout:.0f} s"
            ratio = f"> {r.base_timeout * 1000 / p95:,.0f}"
        else:
            b50 = b95 = ratio = "-"
        used = "-" if r.used is None else ("yes" if r.used else "NO")
        rows.append((r.name, str(len(r.times)), ms(p50), ms(p95), ms(max(r.times)), b50, b95,
                     ratio, f"< {r.target_ms:.0f}", "yes" if p95 < r.target_ms else "NO", used))
    widths = [max(len(row[c]) for row in rows) for c in range(len(head))]
    lines = []
    for k, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [v.rjust(w) for v, w in zip(row[1:], widths[1:],
                                                                         strict=True)]
        lines.append("  ".join(cells))
        if k == 0:
            lines.append("-" * len(lines[0]))
    lines.append(f"(ms; base: the same queries, same leaders, with {len(BASELINE_HIDDEN)} "
                 f"indexes hidden from the planner; statement_timeout {base_timeout:.0f} s)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000_000)
    parser.add_argument("--notes", type=int, default=5_000_000)
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="1,000,000 calls, 500,000 notes")
    parser.add_argument("--keep", type=Path, help="keep the loaded cluster here (reused when "
                        "it holds one; the postgres user must reach it, e.g. under /tmp)")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--leaders", type=int, default=3, help="leaders (teams) the repeats "
                        "go round; each leader's connection runs each query repeats/leaders "
                        "times (the console's connections prepare no statement on the server, "
                        "so a repeat is planned for its values, as the first)")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds a query's repeats "
                        "may take in all before they stop (5 at least)")
    parser.add_argument("--baseline-repeats", type=int, default=3)
    parser.add_argument("--baseline-timeout", type=float, default=15.0, help="seconds; also "
                        "the time a baseline query may take in all before its repeats stop")
    parser.add_argument("--board-changes", type=int, default=40)
    parser.add_argument("--board-pcs", type=int, default=299, help="background PCs")
    parser.add_argument("--only", default="", help="run only queries whose name has this")
    args = parser.parse_args()
    if args.quick:
        args.calls, args.notes, args.customers = 1_000_000, 500_000, 50_000
    pg, centre = open_cluster(args.keep)
    try:
        if centre is None:
            configure(pg, LOAD_SETTINGS)
            print("settings:", show_settings(pg))
            centre = make_centre(pg, args.agents)
            world = world_of(centre)
            with tempfile.TemporaryDirectory(prefix="caseline-monitoring-") as tmp:
                done = load(pg, world, calls=args.calls, notes=args.notes,
                            customers=args.customers, tmp=Path(tmp))
            for name, rows in done.rows.items():
                took = done.seconds.get(name)
                if took:
                    print(f"  load {name}: {rows:,} rows in {took:.1f} s = {rows / took:,.0f} "
                          "rows/s")
            print(f"  (call logs and states: COPY while this process generates them, "
                  f"{done.generate_s:.0f} s of generation in all; notes: COPY of pre-made "
                  f"text, search_tokens computed by PostgreSQL, then CREATE INDEX "
                  f"ix_notes_search_tokens {done.seconds['gin_index']:.0f} s; state spans "
                  f"{done.seconds['state_spans']:.0f} s; VACUUM ANALYZE "
                  f"{done.seconds['vacuum_analyze']:.0f} s)")
            if args.keep:
                (args.keep / "centre.json").write_text(json.dumps(centre))
        else:
            print("reusing the centre kept in", args.keep)
            world = world_of(centre)
        print("settings:", show_settings(pg))
        print("size:", sizes(pg))
        run(pg, centre, world, args)
    finally:
        if args.keep:
            pg.stop()
            print("kept:", args.keep)
        else:
            pg.remove()


def run(pg: PgCluster, centre: dict[str, Any], world: data.World,
        args: argparse.Namespace) -> None:
    bench = Bench(pg, centre, world, args.repeats, args.leaders)
    queries = [q for q in bench.queries() if args.only in q.name]
    results = [Result(q.name, q.target_ms, q.expect) for q in queries]
    leaders = Leaders(pg, centre, args.leaders)
    leaders.open()
    try:
        for q, r in zip(queries, results, strict=True):
            r.plan, r.used = bench.explain(q, leaders)
            bench.close_consoles()  # their sessions had auto_explain's settings
            bench.measure(q, leaders, args.repeats, r, baseline=False, budget_s=args.budget)
            print(f"{q.name}: p50 {ms(statistics.median(r.times))} p95 "
                  f"{ms(pct(r.times, 0.95))} ms; expected {'/'.join(q.expect)}: "
                  f"{'used' if r.used else 'NOT USED'}\n    plan: {r.plan}", flush=True)
    finally:
        leaders.close()
        bench.close_consoles()
    if not args.only or "board" in args.only:
        board = board_latency(pg, centre, world, args.board_changes, args.board_pcs)
        print(f"{board.name}: p50 {ms(statistics.median(board.times))} p95 "
              f"{ms(pct(board.times, 0.95))} ms ({board.detail})", flush=True)
    else:
        board = None
    with hidden_indexes(pg) as hidden:
        print(f"baseline: {hidden} indexes (parents and months) hidden from the planner",
              flush=True)
        base = Leaders(pg, centre, args.leaders)
        base.open(statement_timeout=f"{args.baseline_timeout:.0f}s")
        try:
            for q, r in zip(queries, results, strict=True):
                if not q.baseline:
                    continue
                if q.explain == "json":
                    with contextlib.suppress(Exception):
                        r.base_plan, _used = bench.explain(q, base, analyze=False)
                    base.conns[0].rollback()
                bench.measure(q, base, args.baseline_repeats, r, baseline=True,
                              timeout_s=args.baseline_timeout, budget_s=args.baseline_timeout)
                shown = (f"> {r.base_timeout:.0f} s" if r.base_timeout and not r.base else
                         f"p50 {ms(statistics.median(r.base))} ms" if r.base else "-")
                print(f"  baseline {q.name}: {shown}"
                      + (f"\n    plan: {r.base_plan}" if r.base_plan else ""), flush=True)
        finally:
            base.close()
    print()
    print(table([*results, *([board] if board else [])], args.baseline_timeout))


if __name__ == "__main__":
    main()
