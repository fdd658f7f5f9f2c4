"""Sync throughput: a backlog of queued call logs and notes pushed to PostgreSQL, and how soon a
call that just ended is visible centrally.

Everything real: a throw-away PostgreSQL 15 cluster (tests/support_pg.py; one fresh database
per phase, schema by ``caseline central init``, an agent login role under forced row-level
security), and a local SQLite store (app.cases.store.open_sqlite) whose triggers fill the
outbox. Prints, side by side, for the same ``--rows`` call logs with one note each on 1,000 SRs:

* the sync push (``Syncer.push()`` as the agent role) of the whole backlog;
* the floor: PostgreSQL COPY of the same rows. COPY FROM is refused under row-level security
  ("COPY FROM not supported with row-level security"), so the floor is COPY as the superuser
  (RLS bypassed, ``owner_role`` given explicitly), and next to it the fastest path an agent role
  has: COPY into a temporary table, then one ``INSERT ... SELECT`` (policies checked per row);
* the baseline: a per-row ORM insert loop as the agent role (``session.add(row);
  session.commit()``), on a sample (``--baseline-rows``) extrapolated to the full size;
* steady state: a ``SyncWorker`` running while a writer thread ends calls (a call log and its
  note in one local transaction, ``--rate`` per second for ``--steady-seconds``) and a watcher
  (the team leader's role) polls the centre for each: call end -> visible, p50/p95/max.

    .venv/bin/python bench/sync_throughput.py --rows 10000      # a quick check, ~1.5 minutes
    .venv/bin/python bench/sync_throughput.py                   # 100,000 calls + notes, ~4 minutes
    .venv/bin/python bench/sync_throughput.py --rows 10000 --profile   # cProfile of push()

Targets (issue 8): push within 3x of COPY, a backlog of 100,000 in under 30 s, call end ->
visible centrally p95 under 2 s. The cluster runs with fsync off (it is thrown away; the output
shows its settings): every figure, the per-row baseline most of all, is kinder than on a real
server.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import math
import os
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.cases import models as local  # noqa: E402 - needs the path above
from app.cases.models import new_id  # noqa: E402
from app.cases.store import open_sqlite  # noqa: E402
from app.central import admin  # noqa: E402
from app.central import models as central  # noqa: E402
from app.central.db import engine as central_engine  # noqa: E402
from tests.support_pg import cluster  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy.engine import Engine

    from app.cases.store import Store

TEAM = "bench"
QUEUE = "bench-hardware"
AGENT = "bench_agent"
LEADER = "bench_leader"
PASSWORDS = {AGENT: "agent-" + uuid.uuid4().hex, LEADER: "leader-" + uuid.uuid4().hex}
CASES = 1_000
BACKLOG = 100_000  # the size the targets speak of

TARGET_COPY_RATIO = 3.0
TARGET_BACKLOG_S = 30.0
TARGET_VISIBLE_P95_S = 2.0
WATCH_EVERY = 0.01  # s between the watcher's polls: the resolution of the latencies
SETTLE = 30.0  # s: after the writer stops, how long the watcher waits for stragglers

DISPOSITIONS = ["resolved-on-call", "info-provided", "follow-up", "callback-scheduled",
                "escalated", "parts-dispatched", "status-update", "translation"]
NOTE_EN = ["Customer reports paper jam on tray 2; walked through clearing it, printed a test "
           "page.", "Asked for the firmware update steps; sent the link and confirmed the "
           "version after reboot.", "Toner low warning persists after replacement; "
           "escalated for a part dispatch."]
NOTE_JA = ["トレイ2で紙詰まり。取り除き方を案内し、テスト印刷を確認済み。",
           "ファームウェア更新手順の問い合わせ。リンクを送付し、再起動後のバージョンを確認。",
           "トナー交換後も残量警告が消えない。部品手配のためエスカレーション。"]


def progress(text: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


# -- the rows --------------------------------------------------------------------------------


@dataclass
class Workload:
    """The same rows for every phase, as column -> value dicts valid for both schemas."""

    customer: dict[str, Any]
    cases: list[dict[str, Any]]
    calls: list[dict[str, Any]]
    notes: list[dict[str, Any]]

    @property
    def rows(self) -> int:
        return len(self.calls) + len(self.notes)


def make_workload(calls: int, seed: int = 8) -> Workload:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    customer = {"id": new_id(), "code": "C-BENCH-0001", "company": "株式会社ベンチ商事",
                "language": "ja", "created_at": now, "updated_at": now}
    cases = [{"id": new_id(), "number": f"SR-BENCH-{n:06d}", "title": f"複合機の不具合 {n}",
              "description": "", "status": "open", "priority": "P3",
              "priority_confirmed": False, "language": "ja", "queue": QUEUE,
              "customer_id": customer["id"], "created_at": now, "updated_at": now,
              "version": 1} for n in range(CASES)]
    call_rows: list[dict[str, Any]] = []
    note_rows: list[dict[str, Any]] = []
    span = timedelta(days=90)
    for n in range(calls):
        started = now - span + span * (n / max(1, calls))
        ring = round(rng.uniform(2, 25), 1)
        talk = round(min(rng.lognormvariate(5.4, 0.7), 1800.0), 1)
        answered = started + timedelta(seconds=ring)
        ended = answered + timedelta(seconds=talk)
        raw = f"03{rng.randrange(10**8):08d}"
        e164 = "+81" + raw[1:]
        case = cases[n % CASES]
        call_id = new_id()
        call_rows.append({
            "id": call_id, "direction": "inbound" if rng.random() < 0.7 else "outbound",
            "engine_call_id": f"b-{n}", "sip_call_id": f"{rng.getrandbits(64):016x}@bench",
            "account": "agent@pbx.bench", "remote_uri": f"sip:{e164}@pbx.bench",
            "display_name": "", "number_raw": raw, "number_e164": e164, "number_key": e164,
            "started_at": started, "answered_at": answered, "ended_at": ended,
            "last_alive_at": ended, "seen_at": None, "ring_seconds": ring,
            "talk_seconds": talk, "hold_seconds": 0.0, "held_since": None,
            "outcome": "answered", "end_reason": "local-hangup", "sip_status": 200,
            "transferred_to": "", "disposition_code": rng.choice(DISPOSITIONS),
            "agent_id": None, "case_id": case["id"], "contact_id": None,
            "customer_id": customer["id"], "matched_by": "number", "match_detail": raw})
        japanese = rng.random() < 0.7
        note_rows.append({
            "id": new_id(), "case_id": case["id"], "call_log_id": call_id,
            "body": rng.choice(NOTE_JA if japanese else NOTE_EN),
            "language": "ja" if japanese else "en", "author_id": None,
            "created_at": ended, "translation_of": None})
    return Workload(customer, cases, call_rows, note_rows)


def one_call(workload: Workload, n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A call that ends now (and its note), for the steady state."""
    call = dict(workload.calls[n % len(workload.calls)])
    note = dict(workload.notes[n % len(workload.notes)])
    ended = datetime.now(UTC)
    call.update(id=new_id(), engine_call_id=f"s-{n}", ended_at=ended, last_alive_at=ended,
                answered_at=ended - timedelta(seconds=call["talk_seconds"]),
                started_at=ended - timedelta(seconds=call["talk_seconds"]
                                             + call["ring_seconds"]))
    note.update(id=new_id(), call_log_id=call["id"], created_at=ended)
    return call, note


# -- the centre ------------------------------------------------------------------------------


class Centre:
    """The cluster, with one freshly initialised database per phase."""

    def __init__(self) -> None:
        self.pg = cluster()

    def fresh(self, name: str) -> str:
        """Create database ``name`` (central schema, team, agent and leader); its admin URL."""
        self.pg.create_database(name)
        url = self.pg.url(database=name)
        admin.init(url)
        admin.add_team(url, TEAM, [QUEUE])
        admin.add_agent(url, AGENT, PASSWORDS[AGENT], "Bench Agent", TEAM,
                        sip_identity="agent@pbx.bench")
        admin.add_agent(url, LEADER, PASSWORDS[LEADER], "Bench Leader", TEAM, leader=True,
                        sip_identity="leader@pbx.bench")
        return url

    def url(self, role: str, database: str) -> str:
        return self.pg.url(role, PASSWORDS[role], database=database)

    def connect(self, database: str, role: str | None = None) -> psycopg.Connection[Any]:
        if role is None:
            return psycopg.connect(self.pg.url(database=database))
        return psycopg.connect(self.url(role, database))

    def counts(self, database: str) -> tuple[int, int]:
        with self.connect(database) as conn:
            calls = conn.execute("SELECT count(*) FROM caseline.call_logs").fetchone()
            notes = conn.execute("SELECT count(*) FROM caseline.notes").fetchone()
            assert calls is not None and notes is not None
            return int(calls[0]), int(notes[0])

    def version(self) -> str:
        """The server's version and the settings that bear on write speed, as it reports them."""
        with self.connect("postgres") as conn:
            shown = []
            for name in ("server_version", "fsync", "synchronous_commit", "shared_buffers"):
                row = conn.execute(f"SHOW {name}").fetchone()
                shown.append(f"{name}={row[0] if row else '?'}")
            return ", ".join(shown)

    def remove(self) -> None:
        self.pg.remove()


def insert_rows(conn: psycopg.Connection[Any], table: str, rows: Sequence[dict[str, Any]]
                ) -> None:
    """Plain INSERTs (executemany, pipelined): the parents the timed phases refer to."""
    columns = list(rows[0])
    statement = sql.SQL("INSERT INTO caseline.{} ({}) VALUES ({})").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(", ").join(sql.Placeholder() * len(columns)))
    with conn.cursor() as cur:
        cur.executemany(statement, [[r[c] for c in columns] for r in rows])


def seed_parents(centre: Centre, database: str, workload: Workload) -> None:
    """The customer and the SRs, as the agent (untimed: every phase starts with them there)."""
    with centre.connect(database, AGENT) as conn:
        insert_rows(conn, "customers", [workload.customer])
        insert_rows(conn, "cases", workload.cases)


def check_counts(centre: Centre, database: str, calls: int, notes: int, what: str) -> None:
    got = centre.counts(database)
    if got != (calls, notes):
        raise SystemExit(f"{what}: the centre holds {got[0]} call logs and {got[1]} notes, "
                         f"expected {calls} and {notes}")


# -- floor: COPY -----------------------------------------------------------------------------


def copy_superuser(centre: Centre, workload: Workload, database: str) -> float:
    """COPY of the call logs and notes as the superuser (RLS bypassed), one transaction."""
    centre.fresh(database)
    seed_parents(centre, database, workload)
    call_columns = [*workload.calls[0], "owner_role"]
    note_columns = [*workload.notes[0], "owner_role"]
    with centre.connect(database) as conn:
        began = time.perf_counter()
        with conn.cursor() as cur:
            for table, columns, rows in (("call_logs", call_columns, workload.calls),
                                         ("notes", note_columns, workload.notes)):
                statement = sql.SQL("COPY caseline.{} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
                with cur.copy(statement) as copy:
                    for row in rows:
                        copy.write_row([*row.values(), AGENT])
        conn.commit()
        seconds = time.perf_counter() - began
    check_counts(centre, database, len(workload.calls), len(workload.notes), "COPY")
    return seconds


def copy_agent(centre: Centre, workload: Workload) -> float:
    """The agent's fastest path: COPY into temporary tables, then INSERT ... SELECT (RLS
    checked per row), one transaction."""
    database = "floor_agent"
    centre.fresh(database)
    seed_parents(centre, database, workload)
    with centre.connect(database, AGENT) as conn:
        began = time.perf_counter()
        with conn.cursor() as cur:
            for table, rows in (("call_logs", workload.calls), ("notes", workload.notes)):
                columns = sql.SQL(", ").join(map(sql.Identifier, rows[0]))
                staging = sql.Identifier(f"staged_{table}")
                cur.execute(sql.SQL("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} "
                                    "FROM caseline.{} WITH NO DATA").format(
                    staging, columns, sql.Identifier(table)))
                with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(staging, columns)
                              ) as copy:
                    for row in rows:
                        copy.write_row(list(row.values()))
                cur.execute(sql.SQL("INSERT INTO caseline.{} ({}) SELECT {} FROM {}").format(
                    sql.Identifier(table), columns, columns, staging))
        conn.commit()
        seconds = time.perf_counter() - began
    check_counts(centre, database, len(workload.calls), len(workload.notes), "agent COPY")
    return seconds


# -- baseline: the per-row ORM loop ----------------------------------------------------------


def orm_per_row(centre: Centre, workload: Workload, sample_rows: int) -> tuple[int, float]:
    """Rows inserted and seconds: each call log, then its note, one ORM commit per row."""
    database = "baseline_orm"
    centre.fresh(database)
    seed_parents(centre, database, workload)
    pairs = max(1, min(sample_rows // 2, len(workload.calls)))
    eng = central_engine(centre.url(AGENT, database))
    try:
        with Session(eng) as session:
            session.connection()  # connect before the clock starts
            began = time.perf_counter()
            for call, note in zip(workload.calls[:pairs], workload.notes[:pairs], strict=True):
                session.add(central.CallLog(**call))
                session.commit()
                session.add(central.Note(**note))
                session.commit()
            seconds = time.perf_counter() - began
    finally:
        eng.dispose()
    check_counts(centre, database, pairs, pairs, "ORM baseline")
    return 2 * pairs, seconds


# -- the sync --------------------------------------------------------------------------------


def local_store(work: Path, name: str) -> Store:
    return open_sqlite(work / f"{name}.db")


def local_insert(store: Store, table: Any, rows: Sequence[dict[str, Any]],
                 chunk: int = 10_000) -> None:
    """Core bulk inserts into the local store: its triggers queue every row in the outbox."""
    for start in range(0, len(rows), chunk):
        with store.session() as session:
            session.execute(insert(table), list(rows[start:start + chunk]))


def queued(store: Store) -> int:
    with store.session() as session:
        return int(session.query(local.OutboxEntry).count())


@dataclass
class PushResult:
    local_seconds: float  # writing the rows locally (the triggers fill the outbox)
    queued: int
    seconds: float
    pushed: int
    left: int  # outbox entries after the push (should be 0)


def make_syncer(store: Store, eng: Engine, batch: int | None) -> Any:
    from app.sync.engine import Syncer  # noqa: PLC0415

    if batch is None:
        return Syncer(store, eng)
    return Syncer(store, eng, batch=batch)


def sync_push(centre: Centre, workload: Workload, work: Path, batch: int | None,
              profile: bool) -> PushResult:
    database = "sync_push"
    centre.fresh(database)
    store = local_store(work, database)
    eng = central_engine(centre.url(AGENT, database))
    try:
        syncer = make_syncer(store, eng, batch)
        local_insert(store, local.Customer, [workload.customer])
        local_insert(store, local.Case, workload.cases)
        syncer.push()  # the parents, untimed (the other phases start with them there too)
        began = time.perf_counter()
        local_insert(store, local.CallLog, workload.calls)
        local_insert(store, local.Note, workload.notes)
        local_seconds = time.perf_counter() - began
        backlog = queued(store)
        progress(f"  {backlog:,} queued locally in {local_seconds:.1f} s; pushing")
        profiler = cProfile.Profile() if profile else None
        began = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        pushed = int(syncer.push())
        if profiler is not None:
            profiler.disable()
        seconds = time.perf_counter() - began
        left = queued(store)
        if profiler is not None:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
            print(f"cProfile of Syncer.push(), {backlog:,} queued rows, top 15 by cumulative "
                  "time:")
            print(out.getvalue())
    finally:
        eng.dispose()
        store.close()
    check_counts(centre, database, len(workload.calls), len(workload.notes), "sync push")
    return PushResult(local_seconds, backlog, seconds, pushed, left)


@dataclass
class Steady:
    calls: int = 0
    visible: list[float] = field(default_factory=list)  # call end -> call log visible
    with_note: list[float] = field(default_factory=list)  # call end -> call log and note
    missing: int = 0
    pull_interval: float = 0.0


def steady_state(centre: Centre, workload: Workload, work: Path, seconds: float, rate: float,
                 push_interval: float, batch: int | None) -> Steady:
    from app.sync.worker import SyncWorker  # noqa: PLC0415

    database = "steady"
    centre.fresh(database)
    store = local_store(work, database)
    eng = central_engine(centre.url(AGENT, database))
    ended: dict[uuid.UUID, tuple[float, uuid.UUID]] = {}  # call id -> (end time, note id)
    lock = threading.Lock()
    stop = threading.Event()
    total = max(1, round(seconds * rate))

    failed: list[BaseException] = []

    def writer() -> None:
        try:
            write_calls()
        except BaseException as exc:
            failed.append(exc)

    def write_calls() -> None:
        start = time.monotonic()
        for n in range(total):
            # Paced on a fixed schedule: a slow write does not shift the ones after it.
            if stop.wait(max(0.0, start + n / rate - time.monotonic())):
                return
            call, note = one_call(workload, n)
            at = time.monotonic()  # the call ends: its rows are written now
            with store.session() as session:
                session.execute(insert(local.CallLog), [call])
                session.execute(insert(local.Note), [note])
            with lock:
                ended[call["id"]] = (at, note["id"])

    thread = threading.Thread(target=writer, name="bench-writer", daemon=True)
    seen_call: dict[uuid.UUID, float] = {}
    seen_note: dict[uuid.UUID, float] = {}
    worker = None
    try:
        syncer = make_syncer(store, eng, batch)
        local_insert(store, local.Customer, [workload.customer])
        local_insert(store, local.Case, workload.cases)
        syncer.push()  # the parents, before the clock matters
        worker = SyncWorker(syncer, push_interval=push_interval)
        result = Steady(pull_interval=worker.pull_interval)
        with centre.connect(database, LEADER) as watch:
            watch.autocommit = True
            worker.start()
            thread.start()
            deadline = time.monotonic() + seconds + SETTLE
            while time.monotonic() < deadline:
                with lock:
                    waiting = [(cid, nid) for cid, (_at, nid) in ended.items()
                               if cid not in seen_call or nid not in seen_note]
                if waiting:
                    calls = [c for c, _n in waiting if c not in seen_call]
                    notes = [n for c, n in waiting if n not in seen_note]
                    found_calls = watch.execute(
                        "SELECT id FROM caseline.call_logs WHERE id = ANY(%s)",
                        (calls,)).fetchall() if calls else []
                    found_notes = watch.execute(
                        "SELECT id FROM caseline.notes WHERE id = ANY(%s)",
                        (notes,)).fetchall() if notes else []
                    now = time.monotonic()
                    for (cid,) in found_calls:
                        seen_call[cid] = now
                    for (nid,) in found_notes:
                        seen_note[nid] = now
                elif not thread.is_alive():
                    break
                time.sleep(WATCH_EVERY)  # the watcher's cadence: a remote table has no event
    finally:
        stop.set()
        if thread.ident is not None:
            thread.join()
        if worker is not None:
            worker.stop()
        eng.dispose()
        store.close()
    if failed:
        raise SystemExit(f"steady state: the writer failed: {failed[0]!r}")
    for cid, (at, nid) in ended.items():
        if cid in seen_call:
            result.visible.append(seen_call[cid] - at)
        if cid in seen_call and nid in seen_note:
            result.with_note.append(max(seen_call[cid], seen_note[nid]) - at)
        else:
            result.missing += 1
    result.calls = len(ended)
    return result


# -- report ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def line(label: str, rows: int, seconds: float, floor: float | None, note: str = "") -> str:
    per_second = rows / seconds if seconds > 0 else float("inf")
    ratio = f"{seconds / floor:7.1f}x" if floor else f"{'-':>8}"
    return f"  {label:<46} {rows:>9,} {seconds:>9.2f} {per_second:>10,.0f} {ratio}  {note}"


@contextlib.contextmanager
def step(text: str) -> Iterator[None]:
    progress(text)
    began = time.monotonic()
    yield
    progress(f"  done in {time.monotonic() - began:.1f} s")


def default_batch() -> str:
    from app.sync.engine import BATCH  # noqa: PLC0415

    return f"{BATCH} outbox entries (the Syncer's default)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=BACKLOG,
                        help="queued call logs, each with one note (default 100,000)")
    parser.add_argument("--baseline-rows", type=int, default=5_000,
                        help="rows the per-row ORM baseline inserts (extrapolated)")
    parser.add_argument("--steady-seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=5.0, help="call ends per second")
    parser.add_argument("--push-interval", type=float, default=0.5,
                        help="the SyncWorker's push_interval in the steady state (0.5: the app's)")
    parser.add_argument("--batch", type=int, default=None,
                        help="rows per push batch (default: the Syncer's own)")
    parser.add_argument("--profile", action="store_true",
                        help="only the sync push, under cProfile (top 15 by cumulative time)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["copy", "agent-copy", "baseline", "push", "steady"])
    args = parser.parse_args(argv)
    skip = set(args.skip)
    if args.profile:
        skip |= {"copy", "agent-copy", "baseline", "steady"}

    with step(f"{args.rows:,} call logs + {args.rows:,} notes on {CASES:,} SRs"):
        workload = make_workload(args.rows)
    centre = Centre()
    copies: list[float] = []
    agent_copy_s = None
    baseline: tuple[int, float] | None = None
    push: PushResult | None = None
    steady: Steady | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="caseline-sync-bench-") as tmp:
            work = Path(tmp)
            if "copy" not in skip:
                with step("floor: COPY as the superuser"):
                    copies.append(copy_superuser(centre, workload, "floor_copy"))
            if "agent-copy" not in skip:
                with step("floor: COPY to a temp table + INSERT ... SELECT as the agent"):
                    agent_copy_s = copy_agent(centre, workload)
            if "baseline" not in skip:
                with step(f"baseline: per-row ORM inserts, {args.baseline_rows:,} rows"):
                    baseline = orm_per_row(centre, workload, args.baseline_rows)
            if "push" not in skip:
                with step("sync: Syncer.push() of the backlog"):
                    push = sync_push(centre, workload, work, args.batch, args.profile)
                if "copy" not in skip:
                    # Again right after the push: the machine's load drifts over minutes.
                    with step("floor: COPY as the superuser, again"):
                        copies.append(copy_superuser(centre, workload, "floor_copy_2"))
            if "steady" not in skip:
                with step(f"steady state: {args.rate:g} call ends/s for "
                          f"{args.steady_seconds:g} s"):
                    steady = steady_state(centre, workload, work, args.steady_seconds,
                                          args.rate, args.push_interval, args.batch)
        pg_version = centre.version()
    finally:
        centre.remove()

    rows = workload.rows
    copy_s = statistics.mean(copies) if copies else None
    print(f"Sync throughput (bench/sync_throughput.py), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"PostgreSQL throw-away cluster on 127.0.0.1 ({pg_version}); {os.cpu_count()} CPUs; "
          "one run of each phase (COPY: two)")
    print(f"workload: {len(workload.calls):,} call logs + {len(workload.notes):,} notes (one per "
          f"call) on {CASES:,} SRs of one customer = {rows:,} rows; each phase in a fresh "
          "database that already holds the customer and the SRs")
    print(f"agent role '{AGENT}' under forced row-level security unless said otherwise; "
          "push batch: " + (f"{args.batch} outbox entries" if args.batch else default_batch()))
    print()
    print(f"  {'':<46} {'rows':>9} {'seconds':>9} {'rows/s':>10} {'x COPY':>8}")
    if copy_s is not None:
        runs = ", ".join(f"{c:.2f} s" for c in copies)
        print(line("floor: COPY (superuser, RLS bypassed)", rows, copy_s, copy_s,
                   f"mean of the runs before and after the push: {runs}"
                   if len(copies) > 1 else ""))
    if agent_copy_s is not None:
        print(line("floor: COPY->temp + INSERT..SELECT (agent)", rows, agent_copy_s, copy_s))
    if push is not None:
        print(line("sync: Syncer.push() (agent)", rows, push.seconds, copy_s,
                   f"push() returned {push.pushed:,}; outbox left {push.left:,}"))
    else:
        print(f"  {'sync: Syncer.push() (agent)':<46} not measured: "
              + "skipped")
    if baseline is not None:
        sample, sample_s = baseline
        extrapolated = sample_s / sample * rows
        print(line("baseline: ORM add+commit per row (agent)", rows, extrapolated, copy_s,
                   f"extrapolated from {sample:,} rows in {sample_s:.2f} s"))
    if push is not None:
        print(f"  (writing the {rows:,} rows locally, which queued {push.queued:,} outbox "
              f"entries: {push.local_seconds:.2f} s, not counted above)")
    print()
    if steady is not None:
        print(f"steady state: {steady.calls} calls ended at {args.rate:g}/s over "
              f"{args.steady_seconds:g} s (call log + note in one local transaction); "
              f"SyncWorker push_interval {args.push_interval:g} s (pulls every "
              f"{steady.pull_interval:g} s); watcher: the leader role "
              f"polling every {WATCH_EVERY * 1000:.0f} ms")
        for label, values in (("call end -> call log visible centrally", steady.visible),
                              ("call end -> call log and its note visible", steady.with_note)):
            if values:
                print(f"  {label:<44} p50 {percentile(values, 50) * 1000:7.0f} ms   "
                      f"p95 {percentile(values, 95) * 1000:7.0f} ms   "
                      f"max {max(values) * 1000:7.0f} ms   (n={len(values)})")
        if steady.missing:
            print(f"  {steady.missing} calls not visible {SETTLE:.0f} s after the last one")
        print()
    print("targets (issue 8):")
    if push is not None and copy_s is not None:
        ratio = push.seconds / copy_s
        agent_note = (f"; {push.seconds / agent_copy_s:.1f}x the agent's COPY path"
                      if agent_copy_s else "")
        print(f"  push within {TARGET_COPY_RATIO:g}x of COPY: {ratio:.1f}x -> "
              f"{met(ratio <= TARGET_COPY_RATIO)}{agent_note}")
    else:
        print(f"  push within {TARGET_COPY_RATIO:g}x of COPY: not measured")
    if push is not None:
        scaled = push.seconds * BACKLOG * 2 / rows
        how = "" if len(workload.calls) == BACKLOG else f" (scaled from {rows:,} rows)"
        print(f"  backlog of {BACKLOG:,} calls + notes in < {TARGET_BACKLOG_S:g} s: "
              f"{scaled:.1f} s{how} -> {met(scaled < TARGET_BACKLOG_S)}")
    else:
        print(f"  backlog of {BACKLOG:,} calls + notes in < {TARGET_BACKLOG_S:g} s: "
              "not measured")
    if steady is not None and steady.with_note and not steady.missing:
        p95 = percentile(steady.with_note, 95)
        print(f"  call end -> visible p95 < {TARGET_VISIBLE_P95_S:g} s: {p95:.2f} s -> "
              f"{met(p95 < TARGET_VISIBLE_P95_S)}")
    else:
        print(f"  call end -> visible p95 < {TARGET_VISIBLE_P95_S:g} s: "
              + ("NOT met (calls missing)" if steady is not None else "not measured"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
