"""Push the outbox to the central database, pull what changed there, and keep at it.

Push: outbox entries are read in order up to a sequence number, each row's current state is sent
once, and only the entries read are deleted, after the central commit. Every central statement
is idempotent (upsert by the client's UUID, notes ``ON CONFLICT DO NOTHING``, an SR update only
``WHERE version = expected``), so a batch whose commit was lost with the connection or with this
process is simply sent again: nothing twice, nothing lost. A batch goes as a few multi-row
statements; if the centre refuses any row, the batch is sent again row by row in savepoints, and
only the refused rows are parked (``sync_parked``) with the reason. No lock is taken: pushers
never wait for each other. The local bookkeeping after the central commit changes only what
the push read: an SR value typed meanwhile stays (and goes next), and an SR already at the
centre keeps the centre's number (a renumbering lost to a crash is found again).

Pull: one REPEATABLE READ snapshot per round, the rows written since the previous pull's
snapshot and what came into reach with them (app.sync.reach), applied locally in one
transaction with the new position, with the outbox triggers paused. A row the store cannot
take (its parent out of reach, a refusal) is parked in ``sync_pulled_parked`` and tried again
with every pull; the others go in. SRs go through a three-way merge against the version this
PC last agreed with (``sync_case_base``): a field changed on one side only takes that side's
value; a field changed on both sides to different values is a conflict the agent settles
(app.sync.conflicts). A round pulls even when its push failed on something the centre refused.

No wall clock decides anything here: a client clock off by hours changes nothing.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)

from app.cases import models as local
from app.cases.service import add_number_block, block_number, is_provisional, numbers_left
from app.central import models as central
from app.central.db import CentralError
from app.sync.reach import PARENTS, Reach, Snapshot, window
from app.sync.status import FieldConflict
from app.sync.values import as_text, case_texts, merge

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine

    from app.cases.store import Store

log = logging.getLogger(__name__)

BATCH = 5000  # outbox entries per push transaction
NUMBER_BLOCK = 50  # SR numbers a PC takes at a time (central migration 0006: at most 50)
NUMBERS_LOW = 10  # fewer left than this: the next push takes another block
PULL_BATCH = 2000

# Local table -> (local table, central table), parents first: the push order.
PUSHED: dict[str, tuple[Table, Table]] = {
    m.__tablename__: (m.__table__, c.__table__)  # type: ignore[misc]
    for m, c in (
        (local.Customer, central.Customer), (local.Contact, central.Contact),
        (local.PhoneNumber, central.PhoneNumber), (local.Case, central.Case),
        (local.CallLog, central.CallLog), (local.Note, central.Note),
        (local.TranslationRequest, central.TranslationRequest),
        (local.AgentStateChange, central.AgentStateChange),
        (local.Callback, central.Callback))}
# What an agent pulls: the team's SRs and what hangs on them. Call logs, agent states and
# callbacks are private to each agent (and their leader, who reads them centrally).
PULLED = ("customers", "contacts", "phone_numbers", "cases", "notes", "translation_requests")
_CENTRAL_ONLY = frozenset({"owner_role", "creator_role", "written_by", "change_no"})
# Columns a pushed row carries: those both sides have. The central SR version is the
# database's own; the local one counts local edits.
_COLUMNS = {name: [c.name for c in loc.columns
                   if c.name in cen.columns and c.name not in _CENTRAL_ONLY
                   and not (name == "cases" and c.name == "version")]
            for name, (loc, cen) in PUSHED.items()}
# Rows that never change once written: a row sent again is left as it is.
_INSERT_ONLY = frozenset({"notes", "agent_state_changes", "translation_requests"})
# What an upsert conflicts on: the centre's key. Call logs are partitioned by start (central
# 0008): their key holds it, and a start never changes.
_KEYS = {"call_logs": ("id", "started_at")}
# The raw read of a pushed table (every one but cases): the columns in _COLUMNS order.
_RAW_SELECT = {name: f"SELECT {', '.join(cols)} FROM {name} WHERE id IN ({{marks}})"  # noqa: S608
               for name, cols in _COLUMNS.items()}
assert all(cols[0] == "id" for cols in _COLUMNS.values())  # raw rows: the id comes first
# Local columns pointing at agents: agents are per PC, so a colleague's id gets a local stand-in.
_AGENT_REFS = {"cases": "owner_id", "notes": "author_id", "translation_requests": "requested_by"}
_LOCAL_MODELS = {m.__tablename__: m for m in (local.Customer, local.Contact, local.PhoneNumber,
                                              local.Case, local.Note, local.TranslationRequest)}


# What the centre answers when it refuses one row (not the connection): the row is parked.
# psycopg's own classes too: the COPY path talks to psycopg directly.
_ROW_ERRORS = (IntegrityError, ProgrammingError, DataError, psycopg.IntegrityError,
               psycopg.ProgrammingError, psycopg.DataError)


class PushError(RuntimeError):
    pass


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    parked: int = 0
    conflicts: int = 0
    renumbered: list[tuple[str, str]] = field(default_factory=list)
    # Provisional SR numbers the centre's blocks replaced: (provisional, final).
    confirmed: list[tuple[str, str]] = field(default_factory=list)


# --- errors

def classify(exc: BaseException) -> tuple[str, str]:
    """A failure talking to the centre as (SyncStatus.last_error code, detail)."""
    if isinstance(exc, CentralError):
        return exc.code, exc.detail
    orig = getattr(exc, "orig", exc)
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None) or ""
    lowered = detail.lower()
    if sqlstate == "28P01" or "password authentication failed" in lowered \
            or sqlstate.startswith("28"):
        return "auth_failed", detail
    if "ssl" in lowered or "certificate" in lowered:
        return "tls_failed", detail
    if (isinstance(exc, OperationalError | psycopg.OperationalError) and not sqlstate) \
            or sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03"):
        return "connect_failed", detail
    return "failed", detail


def _row_problem(exc: BaseException) -> tuple[str, str]:
    """Why the centre refused one row, as a sync_parked code."""
    orig = getattr(exc, "orig", exc)
    sqlstate = getattr(orig, "sqlstate", "") or ""
    detail = str(orig).strip().splitlines()[0]
    if sqlstate == "23503":
        return "refers_to_unsynced", detail
    if sqlstate == "23505" and "uq_customers_code" in str(orig):
        return "customer_code_taken", detail
    if sqlstate in ("42501", "23001"):
        return "refused", detail
    return "invalid", detail


def _is_connection_problem(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    if getattr(exc, "connection_invalidated", False) \
            or isinstance(exc, OperationalError | psycopg.OperationalError):
        sqlstate = getattr(orig, "sqlstate", "") or ""
        # Deadlocks and serialization failures are OperationalErrors too: retried, not fatal.
        return sqlstate not in ("40P01", "40001")
    return False


class Syncer:
    """One PC's sync with the centre. Not thread-safe: one worker (or one command) drives it."""

    def __init__(self, store: Store, central_engine: Engine, *, batch: int = BATCH) -> None:
        self.store = store
        self.central = central_engine
        self.batch = batch
        self._agents: dict[str, tuple[str, str]] | None = None  # db_role -> (name, sip)

    # ---------------------------------------------------------------- push

    def push(self) -> int:
        """Send every queued change; returns how many rows went. Raises on a connection
        problem (what was committed centrally stays committed, the rest stays queued)."""
        return self.push_report().pushed

    def push_report(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        self._number_cases(report)
        held: set[uuid.UUID] = set()  # SRs that kept changing centrally: next round
        while True:
            entries, blocked = self._read_outbox(held)
            if not entries:
                self._push_lost_values()
                return report
            last_seq = entries[-1][0]
            # Each row once, however often it changed (dicts keep the first-seen order).
            seen: dict[str, dict[uuid.UUID, None]] = {}
            for _, table_name, row_id in entries:
                seen.setdefault(table_name, {})[row_id] = None
            wanted = {name: list(ids) for name, ids in seen.items()}
            rows, bases = self._read_rows(wanted)
            outcome = self._send(rows, bases)
            self._after_push(last_seq, outcome, blocked, wanted)
            held |= outcome.kept
            report.pushed += outcome.sent
            report.parked += len(outcome.parked)
            report.conflicts += len(outcome.conflicts)
            report.renumbered += outcome.renumbered

    def _number_cases(self, report: SyncReport) -> None:
        """Before anything is pushed: numbers from the centre's blocks for this PC's
        provisional SRs (a provisional number never leaves the PC), and a block in reserve
        for the SRs to come, so that a PC that goes offline still gives final numbers."""
        with self.store.sessions() as session:
            left = numbers_left(session, local.utcnow().year)
            waiting = [(r.id, r.number) for r in session.execute(
                select(local.Case.id, local.Case.number)
                .where(local.Case.number.like("SR-%-P%"))) if is_provisional(r.number)]
        # Bounded: a centre whose year is not this PC's still gives blocks, of its own year.
        for _ in range((len(waiting) + NUMBERS_LOW) // NUMBER_BLOCK + 2):
            if left >= len(waiting) + NUMBERS_LOW:
                break
            left += self._take_block()
        for case_id, old in waiting:
            with self.store.session() as session:
                case = session.get(local.Case, case_id)
                if case is None or case.number != old:
                    continue
                new = block_number(session, int(old.split("-")[1])) or block_number(session)
                if new is None:
                    return  # stays provisional; the centre would refuse it: it is held
                case.number = new
            report.confirmed.append((old, new))
            log.info("sync: provisional SR %s is now %s", old, new)

    def _take_block(self) -> int:
        """A block of SR numbers from the centre, kept here; how many numbers it holds. The
        block is the centre's once committed: lost here to a crash, its numbers are a gap."""
        with self.central.begin() as conn:
            year, first, last = conn.execute(text(
                "SELECT block_year, block_first, block_last "
                "FROM caseline.take_case_numbers(:size)"), {"size": NUMBER_BLOCK}).one()
        with self.store.session() as session:
            add_number_block(session, year, first, last)
        return int(last - first + 1)

    def _from_block(self, number: str) -> bool:
        """Whether ``number`` is one of this PC's blocks' (final: never renumbered)."""
        try:
            _, year, serial = number.split("-")
            year_no, serial_no = int(year), int(serial)
        except ValueError:
            return False
        with self.store.sessions() as session:
            block = local.CaseNumberBlock
            return session.scalar(select(func.count()).select_from(block).where(
                block.year == year_no, block.first <= serial_no,
                block.last >= serial_no)) != 0

    def _read_outbox(self, held: set[uuid.UUID] | None = None
                     ) -> tuple[list[tuple[int, str, uuid.UUID]], set[uuid.UUID]]:
        """The next batch of entries, and the SRs waiting for the agent's choice (or ``held``
        for now): those stay queued, out of the way (their entries are neither read nor
        deleted)."""
        entry = local.OutboxEntry
        with self.store.sessions() as session:
            blocked = set(session.scalars(select(local.SyncConflict.case_id).where(
                local.SyncConflict.resolved_at.is_(None)))) | (held or set())
            result = session.execute(
                select(entry.seq, entry.table_name, entry.row_id)
                .where(~((entry.table_name == "cases") & entry.row_id.in_(blocked)))
                .order_by(entry.seq).limit(self.batch)).all()
            return [(r[0], r[1], r[2]) for r in result], blocked

    def _read_rows(self, wanted: dict[str, list[uuid.UUID]]
                   ) -> tuple[dict[str, list[Any]], dict[uuid.UUID, Any]]:
        """SRs as typed dicts (they are merged); every other table as raw SQLite tuples,
        which COPY sends as they are: hex UUIDs, UTC times as text, enums as their values
        (a batch of 5,000 rows spends less time here than in SQLAlchemy's type processing)."""
        rows: dict[str, list[Any]] = {}
        with self.store.sessions() as session:
            for name, ids in wanted.items():
                if name not in PUSHED:
                    continue
                if name == "cases":
                    rows[name] = self._typed(session, name, ids)
                    continue
                found: list[Any] = []
                query = _RAW_SELECT[name]
                for chunk in _chunks([i.hex for i in ids], 900):
                    found += session.connection().exec_driver_sql(
                        query.format(marks=", ".join("?" * len(chunk))), tuple(chunk)).fetchall()
                rows[name] = found
            bases = {}
            if rows.get("cases"):
                for base in session.scalars(select(local.SyncCaseBase).where(
                        local.SyncCaseBase.case_id.in_([r["id"] for r in rows["cases"]]))):
                    bases[base.case_id] = (base.version, json.loads(base.fields))
        return rows, bases

    def _typed(self, session: Any, name: str, ids: Sequence[uuid.UUID]
               ) -> list[dict[str, Any]]:
        table = PUSHED[name][0]
        cols = [table.c[c] for c in _COLUMNS[name]]
        found: list[dict[str, Any]] = []
        for chunk in _chunks(ids, 900):
            result = session.execute(select(*cols).where(table.c.id.in_(chunk)))
            keys = list(result.keys())
            found += [dict(zip(keys, row, strict=True)) for row in result]
        return found

    def _send(self, rows: dict[str, list[Any]], bases: dict[uuid.UUID, Any]) -> _Outcome:
        for attempt in range(5):
            try:
                with self.central.begin() as conn:
                    self._prepare(conn)
                    try:
                        with conn.begin_nested():
                            outcome = _Outcome()
                            for name in PUSHED:  # parents first, for the foreign keys
                                if rows.get(name):
                                    self._send_fast(conn, name, rows[name], bases, outcome)
                            return outcome
                    except _ROW_ERRORS as exc:
                        log.info("sync: batch refused (%s); sending row by row",
                                 _row_problem(exc)[0])
                    # Row by row, each in a savepoint: the good rows go, the bad are parked.
                    outcome = _Outcome()
                    with self.store.sessions() as session:
                        typed = {name: batch if name == "cases" else self._typed(
                                     session, name, [uuid.UUID(r[0]) for r in batch])
                                 for name, batch in rows.items()}
                    for name in PUSHED:
                        if typed.get(name):
                            self._send_rows(conn, name, typed[name], bases, outcome)
                    return outcome
            except (DBAPIError, psycopg.Error) as exc:
                if _is_connection_problem(exc) or attempt == 4:
                    raise
                log.info("sync: retrying a push (%s)", classify(exc)[1])
        raise AssertionError("unreachable")

    def _prepare(self, conn: Connection) -> None:
        # No lock here: change numbers need none since central migration 0004. Raw rows carry
        # SQLite's UTC times without an offset: read them as UTC.
        conn.execute(text("SET LOCAL TIME ZONE 'UTC'"))

    def _send_fast(self, conn: Connection, name: str, rows: list[Any],
                   bases: dict[uuid.UUID, Any], outcome: _Outcome) -> None:
        """One table's part of a batch: SRs one by one (merged), the rest in one go."""
        if name == "cases":
            for row in rows:
                self._send_case(conn, row, bases.get(row["id"]), outcome)
            return
        self._send_staged(conn, name, rows)
        if name == "translation_requests":
            cols = _COLUMNS[name]
            at = {c: cols.index(c) for c in ("id", "translation_id", "done_at")}
            for row in rows:
                if row[at["done_at"]] is not None and row[at["translation_id"]] is not None:
                    conn.execute(text(
                        "SELECT caseline.complete_translation(CAST(:r AS uuid), "
                        "CAST(:t AS uuid), CAST(:d AS timestamptz))"),
                        {"r": row[at["id"]], "t": row[at["translation_id"]],
                         "d": row[at["done_at"]]})
        outcome.sent += len(rows)

    def _send_rows(self, conn: Connection, name: str, rows: list[dict[str, Any]],
                   bases: dict[uuid.UUID, Any], outcome: _Outcome) -> None:
        """One table's rows each in its own savepoint: what the centre refuses is parked."""
        table = PUSHED[name][1]
        if name == "cases":
            for row in rows:
                self._send_case(conn, row, bases.get(row["id"]), outcome)
            return
        if name in _INSERT_ONLY:
            statement: Any = pg_insert(table).on_conflict_do_nothing(index_elements=["id"])
        else:
            key = _KEYS.get(name, ("id",))
            stmt = pg_insert(table)
            statement = stmt.on_conflict_do_update(
                index_elements=list(key),
                set_={c: stmt.excluded[c] for c in _COLUMNS[name] if c not in key})
        for row in rows:
            try:
                with conn.begin_nested():
                    conn.execute(statement, [row])
                    if name == "translation_requests" and row["done_at"] is not None:
                        self._complete_translation(conn, row)
                outcome.sent += 1
            except _ROW_ERRORS as exc:
                code, detail = _row_problem(exc)
                if code == "customer_code_taken" and name == "customers":
                    central_id = conn.execute(
                        text("SELECT caseline.customer_id_for_code(:code)"),
                        {"code": row["code"]}).scalar()
                    if central_id is not None:
                        outcome.adopt_customers.append((row["id"], central_id))
                        continue
                outcome.parked.append((name, row["id"], code, detail))

    def _send_staged(self, conn: Connection, name: str, rows: list[Any]) -> None:
        """Many rows in three round trips: COPY into a temporary table of this session, then
        one INSERT ... SELECT with the same conflict rule as the row-wise statement. (Agents
        cannot COPY into the table itself: PostgreSQL refuses COPY FROM under row-level
        security; the INSERT goes through the policies and triggers like any other.)"""
        cols = _COLUMNS[name]
        stage = sql.Identifier(f"caseline_stage_{name}")
        target = sql.Identifier(central.SCHEMA, name)
        names = sql.SQL(", ").join(map(sql.Identifier, cols))
        key = _KEYS.get(name, ("id",))
        conflict: sql.Composable = sql.SQL("ON CONFLICT ({}) ").format(
            sql.SQL(", ").join(map(sql.Identifier, key)))
        if name in _INSERT_ONLY:
            conflict += sql.SQL("DO NOTHING")
        else:
            conflict += sql.SQL("DO UPDATE SET ") + sql.SQL(", ").join(
                sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in cols
                if c not in key)
        raw = cast("psycopg.Connection[Any]", conn.connection.driver_connection)
        with raw.cursor() as cur:
            # Once per session: it stays, empty, from one commit to the next.
            cur.execute(sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} ON COMMIT DELETE ROWS AS "
                                "SELECT {} FROM {} WITH NO DATA").format(stage, names, target))
            with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)) as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ")
                        .format(target, names, names, stage) + conflict)
            cur.execute(sql.SQL("DELETE FROM {}").format(stage))

    def _complete_translation(self, conn: Connection, row: dict[str, Any]) -> None:
        if row.get("translation_id") is None:
            return
        conn.execute(text("SELECT caseline.complete_translation(:r, :t, :d)"),
                     {"r": row["id"], "t": row["translation_id"], "d": row["done_at"]})

    def _send_case(self, conn: Connection, row: dict[str, Any], base: Any,
                   outcome: _Outcome) -> None:
        table = _t(central.Case)
        values = dict(row)
        outcome.read[row["id"]] = case_texts(row)  # what the merge starts from (_after_push)
        # A number stepped aside locally for a central one (see _free_local_number) is sent
        # as it was: the centre's uniqueness check gives it a free one.
        values["number"] = values["number"].split("~")[0]
        known = values["number"]  # the number as the agent knows it
        try:
            if base is None:
                got = None
                for _ in range(5):
                    try:
                        with conn.begin_nested():
                            got = conn.execute(
                                pg_insert(table).values(values)
                                .on_conflict_do_nothing(index_elements=["id"])
                                .returning(table.c.version, table.c.number)).first()
                        break
                    except (IntegrityError, ProgrammingError) as exc:
                        # The last resort, for a number this PC counted itself before the
                        # blocks: taken centrally, or past where the blocks began. A number of
                        # a block is never renumbered (refused: parked, and a bug).
                        if ("uq_cases_number" not in str(exc.orig)
                                and "in no number block" not in str(exc.orig)) \
                                or self._from_block(values["number"]):
                            raise
                        prefix = values["number"].rsplit("-", 1)[0] + "-"
                        values["number"] = conn.execute(
                            text("SELECT caseline.free_case_number(:p)"),
                            {"p": prefix}).scalar_one()
                else:
                    raise PushError("no free SR number")
                if got is not None:
                    outcome.sent += 1
                    _agreed(outcome, row["id"], got[0], case_texts(values), got[1], known)
                    return
                # There already: an earlier push whose local bookkeeping was lost (a crash
                # after the central commit). Its number is the centre's (renumbered then,
                # perhaps); same values: agree; different: a conflict with no known base.
                self._case_against_central(conn, values, {}, outcome, known)
                return
            version, base_texts = base
            with conn.begin_nested():
                # Never the number: the centre gave it once and for all.
                got = conn.execute(
                    update(table).where(table.c.id == values["id"], table.c.version == version)
                    .values({k: v for k, v in values.items() if k not in ("id", "number")})
                    .returning(table.c.version, table.c.number)).first()
            if got is not None:
                outcome.sent += 1
                _agreed(outcome, row["id"], got[0], case_texts(values), got[1], known)
                return
            self._case_against_central(conn, values, base_texts, outcome, known)
        except _ROW_ERRORS as exc:
            code, detail = _row_problem(exc)
            current = self._central_case(conn, values["id"])
            if code == "refused" and current is not None \
                    and as_text(current["queue"]) != as_text(values["queue"]):
                # Moving the SR out of the team's reach: the centre keeps its queue.
                texts = case_texts(current)
                outcome.conflicts.append(_Conflict(
                    values["id"], current["version"], texts, self._name(current["written_by"]),
                    [FieldConflict("queue", as_text(values["queue"]), texts["queue"],
                                   refused=True)]))
                return
            outcome.parked.append(("cases", values["id"], code, detail))

    def _central_case(self, conn: Connection, case_id: uuid.UUID) -> dict[str, Any] | None:
        table = _t(central.Case)
        got = conn.execute(select(table).where(table.c.id == case_id)).first()
        return dict(got._mapping) if got is not None else None

    def _case_against_central(self, conn: Connection, values: dict[str, Any],
                              base_texts: dict[str, str | None], outcome: _Outcome,
                              known: str) -> None:
        """The central SR moved on since ``base``: merge field by field, or report a conflict."""
        table = _t(central.Case)
        for _ in range(3):
            current = self._central_case(conn, values["id"])
            if current is None:
                outcome.parked.append(("cases", values["id"], "refused",
                                       "the SR is no longer visible to this agent"))
                return
            mine, theirs = case_texts(values), case_texts(current)
            if not base_texts:
                base_texts = theirs if mine == theirs else {}
            chosen, clashes = merge(base_texts, mine, theirs)
            if clashes:
                outcome.conflicts.append(_Conflict(
                    values["id"], current["version"], theirs, self._name(current["written_by"]),
                    [FieldConflict(f, mine[f], theirs[f]) for f in clashes]))
                return
            merged = dict(values)
            for name, side in chosen.items():
                if side == "theirs":
                    merged[name] = current[name]
            with conn.begin_nested():
                got = conn.execute(
                    update(table).where(table.c.id == values["id"],
                                        table.c.version == current["version"])
                    .values({k: v for k, v in merged.items() if k not in ("id", "number")})
                    .returning(table.c.version)).first()
            if got is not None:
                outcome.sent += 1
                _agreed(outcome, values["id"], got[0], case_texts(merged), current["number"],
                        known)
                outcome.merged[values["id"]] = {
                    n: current[n] for n, side in chosen.items()
                    if side == "theirs" and mine[n] != theirs[n]}
                return
        # Someone keeps writing it: it stays queued for the next round; the rest goes.
        log.info("sync: SR %s kept changing centrally; next round", values["id"])
        outcome.kept.add(values["id"])

    def _after_push(self, last_seq: int, outcome: _Outcome, blocked: set[uuid.UUID],
                    wanted: dict[str, list[uuid.UUID]]) -> None:
        """Locally, after the central commit: drop what was sent, keep bases and conflicts.
        Idempotent with the push before it: lost to a crash, it is redone by the next push."""
        with self.store.session() as session:
            session.add(local.SyncPause(id=1))
            session.flush()  # the store's write lock from here on: no edit slips in between
            keep = set(blocked) | {c.case_id for c in outcome.conflicts} | outcome.kept
            gone = delete(local.OutboxEntry).where(local.OutboxEntry.seq <= last_seq)
            if keep:
                gone = gone.where(~((local.OutboxEntry.table_name == "cases")
                                    & local.OutboxEntry.row_id.in_(keep)))
            session.execute(gone)
            # What was read here is parked again below if the centre refused it, else no more.
            for name, ids in wanted.items():
                for chunk in _chunks(ids, 500):
                    session.execute(delete(local.SyncParked).where(
                        local.SyncParked.table_name == name, local.SyncParked.row_id.in_(chunk)))
            for case_id, (version, texts, number) in outcome.bases.items():
                _set_base(session, case_id, version, texts)
                case = session.get(local.Case, case_id)
                if case is None:
                    continue
                read = outcome.read.get(case_id, {})
                for name, value in outcome.merged.get(case_id, {}).items():
                    # A value typed here since the push read the SR is newer than the merge:
                    # it stays, queued (its entry is past last_seq), and goes next round.
                    if as_text(getattr(case, name)) == read.get(name):
                        setattr(case, name, value)
                if case.number != number:
                    _free_local_number(session, number, case_id)
                    case.number = number
            for _old, new in outcome.renumbered:
                _raise_counter(session, new)
            for conflict in outcome.conflicts:
                _record_conflict(session, conflict)
            for name, row_id, code, detail in outcome.parked:
                session.merge(local.SyncParked(table_name=name, row_id=row_id, code=code,
                                               detail=detail[:2000], at=local.utcnow()))
            for mine, theirs in outcome.adopt_customers:
                _adopt_customer(session, mine, theirs)
            session.flush()
            session.execute(delete(local.SyncPause))
        for name, row_id, code, detail in outcome.parked:
            log.warning("sync: %s %s parked: %s (%s)", name, row_id, code, detail)

    def _push_lost_values(self) -> None:
        """Values the agent gave up in a conflict go to the central SR history. One the centre
        refuses (the SR left the agent's reach since) is parked, not tried every round: it
        must stop neither the push nor the pull after it."""
        with self.store.sessions() as session:
            parked = set(session.scalars(select(local.SyncParked.row_id).where(
                local.SyncParked.table_name == "case_history")))
            lost = [item for item in session.scalars(select(local.SyncConflict).where(
                local.SyncConflict.choice == "theirs",
                local.SyncConflict.history_pushed.is_(False))) if item.id not in parked]
            if not lost:
                return
            history = _t(central.CaseHistory)
            refused: dict[uuid.UUID, tuple[str, str]] = {}
            with self.central.begin() as conn:
                self._prepare(conn)
                for item in lost:
                    try:
                        with conn.begin_nested():
                            conn.execute(pg_insert(history).values(
                                id=item.id, case_id=item.case_id, field=item.field,
                                value=item.mine, kind="lost")
                                .on_conflict_do_nothing(index_elements=["id"]))
                    except _ROW_ERRORS as exc:
                        refused[item.id] = _row_problem(exc)
            for item in lost:
                if item.id in refused:
                    code, detail = refused[item.id]
                    session.merge(local.SyncParked(table_name="case_history", row_id=item.id,
                                                   code=code, detail=detail[:2000],
                                                   at=local.utcnow()))
                    log.warning("sync: lost value %s of SR %s parked: %s (%s)", item.field,
                                item.case_id, code, detail)
                else:
                    item.history_pushed = True
            session.commit()

    # ---------------------------------------------------------------- pull

    def pull(self) -> int:
        """Bring in what changed centrally since the last pull; returns rows applied."""
        total = 0
        while True:
            got, more = self._pull_round()
            total += got
            if not more:
                return total

    def _pull_round(self) -> tuple[int, bool]:
        with self.store.sessions() as session:
            position = _Position.read(session)
            waiting: dict[str, set[uuid.UUID]] = {}
            for item in session.scalars(select(local.SyncPulledParked)):
                waiting.setdefault(item.table_name, set()).add(item.row_id)
        tables = {name: PUSHED[name][1] for name in PULLED}
        fetched: dict[str, dict[uuid.UUID, dict[str, Any]]] = {name: {} for name in PULLED}
        more = False
        # One snapshot for all tables: a note and its SR committed together arrive together.
        with self.central.connect().execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True) as conn, \
                conn.begin():
            now = Snapshot.parse(conn.execute(
                text("SELECT pg_current_snapshot()::text")).scalar_one())
            agents = self._load_agents(conn)
            team = conn.execute(text("SELECT team_id FROM caseline.agents "
                                     "WHERE db_role = current_user")).scalar()
            if (position.team_id is not None and team != position.team_id) or (
                    position.done is not None and now.xmax < position.done.xmax):
                # Moved to another team: all it sees now was written out of its reach. Or the
                # centre's transaction counter went back (restored from a backup): this PC's
                # snapshots mean nothing there. Either way, everything again.
                position = _Position()
            position.team_id = team
            target = position.target or now
            for name in PULLED:
                rows = [dict(r._mapping) for r in conn.execute(window(
                    tables[name], position.done, target, position.after.get(name, (0, 0)),
                    PULL_BATCH))]
                more = more or len(rows) == PULL_BATCH
                if rows:
                    position.after[name] = (rows[-1]["change_xid"], rows[-1]["change_no"])
                fetched[name].update((r["id"], r) for r in rows)
            reach = Reach(conn, tables, self.store, position.done)
            gone: list[tuple[str, uuid.UUID]] = []
            for name, ids in waiting.items():  # parked before: as the centre has them now
                found = {r["id"]: r for r in reach.read(name, "id", ids)} \
                    if name in tables else {}
                gone += [(name, i) for i in ids if i not in found]  # out of reach: not waiting
                for row_id, row in found.items():
                    fetched[name].setdefault(row_id, row)
            reach.grow(fetched)
        if more:
            position.target = target
        else:
            position.done, position.target, position.after = target, None, {}
        return self._apply(fetched, agents, position, gone), more

    def _load_agents(self, conn: Connection) -> dict[str, tuple[str, str]]:
        table = _t(central.Agent)
        self._agents = {r.db_role: (r.name, r.sip_identity or "")
                        for r in conn.execute(select(table.c.db_role, table.c.name,
                                                     table.c.sip_identity))}
        return self._agents

    def _name(self, role: str) -> str:
        return (self._agents or {}).get(role, (role, ""))[0]

    def own_name(self) -> str:
        """The name the central agents table gives this PC's role ("" before a pull): it
        signs the agent's notes, whatever was typed locally."""
        role = self.central.url.username or ""
        return (self._agents or {}).get(role, ("", ""))[0]

    def _apply(self, fetched: dict[str, dict[uuid.UUID, dict[str, Any]]],
               agents: dict[str, tuple[str, str]], position: _Position,
               gone: list[tuple[str, uuid.UUID]]) -> int:
        """Apply a round's rows and its new position in one local transaction. A row that
        cannot be applied is parked with its reason; the others go in."""
        applied = 0
        parked: list[tuple[str, uuid.UUID, str, str]] = []
        with self.store.session() as session:
            session.add(local.SyncPause(id=1))
            session.flush()
            pending = {(t, i) for t, i in session.execute(
                select(local.OutboxEntry.table_name, local.OutboxEntry.row_id)
                .where(local.OutboxEntry.table_name.in_(PULLED)))}
            failed: set[uuid.UUID] = set()
            for name in PULLED:
                rows, waiting = _ready(session, name, list(fetched[name].values()), failed)
                if rows:
                    _ensure_agents(session, name, rows, agents)
                    refused = self._apply_table(session, name, rows, pending)
                    applied += len(rows) - len(refused)
                    waiting += refused
                parked += waiting
                failed |= {row_id for _, row_id, _, _ in waiting}
            # What applied here, or left the agent's reach, waits no more.
            done_with = {(n, i) for n in PULLED for i in fetched[n]} | set(gone)
            by_table: dict[str, list[uuid.UUID]] = {}
            for table_name, row_id in done_with:
                by_table.setdefault(table_name, []).append(row_id)
            for table_name, ids in by_table.items():
                for chunk in _chunks(ids, 500):
                    session.execute(delete(local.SyncPulledParked).where(
                        local.SyncPulledParked.table_name == table_name,
                        local.SyncPulledParked.row_id.in_(chunk)))
            for name, row_id, code, detail in parked:
                session.add(local.SyncPulledParked(table_name=name, row_id=row_id, code=code,
                                                   detail=detail[:2000], at=local.utcnow()))
            position.write(session)
            session.flush()
            session.execute(delete(local.SyncPause))
        for name, row_id, code, detail in parked:
            log.warning("sync: central %s %s not applied here: %s (%s)", name, row_id, code,
                        detail)
        return applied

    def _apply_table(self, session: Any, name: str, rows: list[dict[str, Any]],
                     pending: set[tuple[str, uuid.UUID]]
                     ) -> list[tuple[str, uuid.UUID, str, str]]:
        """One table's rows in a savepoint; if the store refuses any, each in its own: what it
        refuses is parked, the rest goes in."""
        try:
            with session.begin_nested():
                self._apply_some(session, name, rows, pending)
            return []
        except IntegrityError:
            log.info("sync: pulled %s refused here; applying row by row", name)
        refused = []
        for row in rows:
            try:
                with session.begin_nested():
                    self._apply_some(session, name, [row], pending)
            except IntegrityError as exc:
                detail = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else ""
                refused.append((name, row["id"], "local_refused", detail))
        return refused

    def _apply_some(self, session: Any, name: str, rows: list[dict[str, Any]],
                    pending: set[tuple[str, uuid.UUID]]) -> None:
        if name == "cases":
            _apply_cases(session, rows, pending, self._name)
        else:
            _apply_rows(session, name, rows, pending)
        session.flush()

    # ---------------------------------------------------------------- both

    def once(self) -> SyncReport:
        """Push, pull, and push what the pull's merges left queued."""
        return self.sync_round()

    def sync_round(self, *, pull: bool = True) -> SyncReport:
        """Push; pull (when asked) and push what its merges left queued. A push that fails
        for another reason than the connection (the centre refused something the push did
        not expect) does not keep the pull from running: the failure of the last push is
        raised after it (it retried whatever the first one left)."""
        report = SyncReport()
        failure = self._push_guarded(report)
        if pull:
            report.pulled = self.pull()
            failure = self._push_guarded(report)
        if failure is not None:
            raise failure
        self.record_success()
        return report

    def _push_guarded(self, report: SyncReport) -> Exception | None:
        try:
            self.push_report(report)
        except Exception as exc:
            if classify(exc)[0] != "failed":  # the connection: nothing else would work
                raise
            log.warning("sync: push failed (%s); pulling all the same", classify(exc)[1])
            return exc
        return None

    def record_success(self) -> None:
        with self.store.session() as session:
            state = _state(session)
            state.last_success = local.utcnow()
            state.last_error = ""
            state.last_error_detail = ""

    def record_error(self, code: str, detail: str) -> None:
        with self.store.session() as session:
            state = _state(session)
            state.last_error = code
            state.last_error_detail = detail[:2000]
            state.last_error_at = local.utcnow()

    def retry_parked(self) -> int:
        """Queue every parked row again (the agent pressed "sync now")."""
        with self.store.session() as session:
            parked = session.scalars(select(local.SyncParked)).all()
            for item in parked:
                if item.table_name in PUSHED:  # a lost value (case_history) needs no entry
                    session.add(local.OutboxEntry(table_name=item.table_name,
                                                  row_id=item.row_id))
                session.delete(item)
            return len(parked)


@dataclass
class _Conflict:
    case_id: uuid.UUID
    central_version: int
    central_texts: dict[str, str | None]
    theirs_by: str
    fields: list[FieldConflict]


@dataclass
class _Outcome:
    sent: int = 0
    parked: list[tuple[str, uuid.UUID, str, str]] = field(default_factory=list)
    conflicts: list[_Conflict] = field(default_factory=list)
    bases: dict[uuid.UUID, tuple[int, dict[str, str | None], str]] = field(default_factory=dict)
    merged: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    read: dict[uuid.UUID, dict[str, str | None]] = field(default_factory=dict)  # as sent
    kept: set[uuid.UUID] = field(default_factory=set)  # SRs left queued for the next round
    renumbered: list[tuple[str, str]] = field(default_factory=list)
    adopt_customers: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)


@dataclass
class _Position:
    """What this PC has pulled (local SyncWindow and SyncCursor rows, app.sync.reach)."""

    done: Snapshot | None = None  # every row this snapshot saw is here
    target: Snapshot | None = None  # the snapshot of a window read in more than one round
    team_id: uuid.UUID | None = None  # the agent's central team at the last pull
    after: dict[str, tuple[int, int]] = field(default_factory=dict)  # in target's window

    @classmethod
    def read(cls, session: Any) -> _Position:
        row = session.get(local.SyncWindow, 1)
        if row is None:
            return cls()
        after = {c.table_name: (c.change_xid, c.change_no)
                 for c in session.scalars(select(local.SyncCursor))} if row.target else {}
        return cls(Snapshot.parse(row.done) if row.done else None,
                   Snapshot.parse(row.target) if row.target else None, row.team_id, after)

    def write(self, session: Any) -> None:
        session.merge(local.SyncWindow(
            id=1, done=str(self.done) if self.done else None,
            target=str(self.target) if self.target else None, team_id=self.team_id))
        session.execute(delete(local.SyncCursor))
        for name, (xid, no) in self.after.items():
            session.add(local.SyncCursor(table_name=name, change_xid=xid, change_no=no))


# --- local bookkeeping (sessions with the outbox triggers paused)


def _ready(session: Any, name: str, rows: list[dict[str, Any]], failed: set[uuid.UUID]
           ) -> tuple[list[dict[str, Any]], list[tuple[str, uuid.UUID, str, str]]]:
    """The rows whose parents are here, and those that wait (parked, with the reason). A note
    or a request on an SR this PC cannot see is left out: it comes with the SR, if the SR ever
    comes into reach (app.sync.reach); one pointing at a note missing here loses the pointer,
    as before (_apply_rows)."""
    refs = PARENTS.get(name, {})
    present: dict[str, set[uuid.UUID]] = {}
    for column, parent in refs.items():
        wanted = {r[column] for r in rows if r.get(column) is not None}
        model = _LOCAL_MODELS[parent]
        present.setdefault(parent, set())
        for chunk in _chunks(sorted(wanted), 500):
            present[parent] |= set(session.scalars(select(model.id).where(model.id.in_(chunk))))
    batch = {r["id"] for r in rows}
    ready, waiting = [], []
    for row in rows:
        problem: tuple[str, str] | None = None
        skip = False
        for column, parent in refs.items():
            value = row.get(column)
            if value is None or value in present[parent] or (parent == name and value in batch):
                continue
            if name in ("notes", "translation_requests") and value not in failed:
                skip = skip or column == "case_id"
                continue
            problem = ("refers_to_parked" if value in failed else "parent_not_visible",
                       f"{parent} {value}")
            break
        if problem is not None:
            waiting.append((name, row["id"], *problem))
        elif not skip:
            ready.append(row)
    return ready, waiting



def _t(model: Any) -> Table:
    return cast("Table", model.__table__)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _state(session: Any) -> local.SyncState:
    state: local.SyncState | None = session.get(local.SyncState, 1)
    if state is None:
        state = local.SyncState(id=1, last_error="", last_error_detail="")
        session.add(state)
    return state


def _agreed(outcome: _Outcome, case_id: uuid.UUID, version: int,
            texts: dict[str, str | None], number: str, known: str) -> None:
    """The centre has the SR as sent, at ``version``, numbered ``number``."""
    outcome.bases[case_id] = (version, texts, number)
    if number != known:
        outcome.renumbered.append((known, number))


def _set_base(session: Any, case_id: uuid.UUID, version: int,
              texts: dict[str, str | None]) -> None:
    session.merge(local.SyncCaseBase(case_id=case_id, version=version,
                                     fields=json.dumps(texts, sort_keys=True)))


def _raise_counter(session: Any, number: str) -> None:
    """Past a number the centre gave out, so this PC does not offer it again."""
    try:
        _, year, serial = number.split("-")
        year_no, serial_no = int(year), int(serial)
    except ValueError:
        return
    counter = session.get(local.CaseCounter, year_no)
    if counter is None:
        session.add(local.CaseCounter(year=year_no, last=serial_no))
    elif counter.last < serial_no:
        counter.last = serial_no


def _record_conflict(session: Any, conflict: _Conflict) -> None:
    session.execute(delete(local.SyncConflict).where(
        local.SyncConflict.case_id == conflict.case_id,
        local.SyncConflict.resolved_at.is_(None)))
    for item in conflict.fields:
        session.add(local.SyncConflict(
            case_id=conflict.case_id, field=item.field, mine=item.mine, theirs=item.theirs,
            refused=item.refused, central_version=conflict.central_version,
            central_fields=json.dumps(conflict.central_texts, sort_keys=True),
            theirs_by=conflict.theirs_by[:255], history_pushed=False))


def _ensure_agents(session: Any, name: str, rows: list[dict[str, Any]],
                   agents: dict[str, tuple[str, str]]) -> None:
    """A colleague's agent id, as their PC made it, gets a local row naming them."""
    column = _AGENT_REFS.get(name)
    if column is None:
        return
    refs = {r[column]: r.get("owner_role") or r.get("written_by") or ""
            for r in rows if r.get(column) is not None}
    if not refs:
        return
    known = set(session.scalars(select(local.Agent.id).where(local.Agent.id.in_(list(refs)))))
    for agent_id, role in refs.items():
        if agent_id in known:
            continue
        display, _ = agents.get(role, ("", ""))
        session.add(local.Agent(id=agent_id, name=display or role or "?",
                                sip_identity=f"{agent_id.hex}@central.invalid",
                                team="", role=local.Role.AGENT))
    session.flush()


def _local_values(name: str, row: dict[str, Any]) -> dict[str, Any]:
    return {c: row[c] for c in _COLUMNS[name] if c in row}


def _apply_rows(session: Any, name: str, rows: list[dict[str, Any]],
                pending: set[tuple[str, uuid.UUID]]) -> None:
    table = PUSHED[name][0]
    rows = [r for r in rows if (name, r["id"]) not in pending]  # a local edit goes out first
    if not rows:
        return
    if name in ("notes", "translation_requests"):
        cases = set(session.scalars(select(local.Case.id).where(
            local.Case.id.in_({r["case_id"] for r in rows}))))
        rows = [r for r in rows if r["case_id"] in cases]
        notes = {r["id"] for r in rows} if name == "notes" else set()
        refs = {r.get(c) for r in rows for c in ("translation_of", "note_id", "translation_id")
                if r.get(c) is not None}
        notes |= set(session.scalars(select(local.Note.id).where(local.Note.id.in_(refs))))
        calls = set(session.scalars(select(local.CallLog.id).where(local.CallLog.id.in_(
            {r["call_log_id"] for r in rows if r.get("call_log_id") is not None}))))
        for r in rows:
            # A colleague's call log stays private to them: the note keeps its SR, not the call.
            if r.get("call_log_id") not in calls:
                r["call_log_id"] = None
            for column in ("translation_of", "note_id", "translation_id"):
                if column in r and r[column] is not None and r[column] not in notes:
                    r[column] = None
    if name == "customers":
        _make_room_for_codes(session, rows)
    values = [_local_values(name, r) for r in rows]
    for chunk in _chunks(values, 200):
        statement = sqlite_insert(table).values(list(chunk))
        if name == "notes":
            statement = statement.on_conflict_do_nothing(index_elements=["id"])
        else:
            statement = statement.on_conflict_do_update(
                index_elements=["id"],
                set_={c: statement.excluded[c] for c in _COLUMNS[name] if c != "id"})
        session.execute(statement)


def _make_room_for_codes(session: Any, rows: list[dict[str, Any]]) -> None:
    """A central customer whose code a local one (not yet at the centre) also has: the same
    customer; the local rows move over to the central id."""
    codes = {r["code"]: r["id"] for r in rows}
    for mine in session.scalars(select(local.Customer).where(
            local.Customer.code.in_(list(codes)))).all():
        theirs = codes[mine.code]
        if mine.id != theirs:
            _adopt_customer(session, mine.id, theirs)


def _adopt_customer(session: Any, mine: uuid.UUID, theirs: uuid.UUID) -> None:
    """Replace local customer ``mine`` by the central ``theirs`` everywhere, and queue the rows
    that pointed at it (they go to the centre with the central id)."""
    old = session.get(local.Customer, mine)
    if old is None:
        return
    code = old.code
    old.code = f"{code}#{mine.hex[:8]}"  # out of the unique code's way until it is gone
    session.flush()
    if session.get(local.Customer, theirs) is None:
        # The central row (the pull upserts it next, with its own values); the children need
        # their parent in place before they move.
        session.add(local.Customer(id=theirs, code=code, company=old.company,
                                   language=old.language, created_at=old.created_at,
                                   updated_at=old.updated_at))
        session.flush()
    for model in (local.Contact, local.PhoneNumber, local.Case, local.CallLog):
        table = _t(model)
        moved = session.scalars(select(table.c.id).where(table.c.customer_id == mine)).all()
        if moved:
            session.execute(update(table).where(table.c.customer_id == mine)
                            .values(customer_id=theirs))
            session.execute(insert(_t(local.OutboxEntry)), [
                {"table_name": table.name, "row_id": i} for i in moved])
            session.execute(delete(local.SyncParked).where(local.SyncParked.row_id.in_(moved)))
    session.execute(delete(local.SyncParked).where(local.SyncParked.row_id == mine))
    session.execute(delete(local.OutboxEntry).where(local.OutboxEntry.row_id == mine))
    session.execute(delete(_t(local.Customer)).where(local.Customer.id == mine))
    session.expire_all()


def _apply_cases(session: Any, rows: list[dict[str, Any]],
                 pending: set[tuple[str, uuid.UUID]], name_of: Callable[[str], str]) -> None:
    table = _t(local.Case)
    ids = [r["id"] for r in rows]
    bases = {b.case_id: b for b in session.scalars(
        select(local.SyncCaseBase).where(local.SyncCaseBase.case_id.in_(ids)))}
    existing = {r.id: r for r in session.execute(select(table).where(table.c.id.in_(ids)))}
    for row in rows:
        theirs = case_texts(row)
        values = _local_values("cases", row)
        mine_row = existing.get(row["id"])
        if mine_row is None:
            values["version"] = 1
            _free_local_number(session, values["number"], row["id"])
            _raise_counter(session, values["number"])  # never given out here again
            session.execute(insert(table).values(values))
            _set_base(session, row["id"], row["version"], theirs)
            continue
        base = bases.get(row["id"])
        if base is not None and base.version == row["version"]:
            continue  # what this PC sent or already has
        if ("cases", row["id"]) not in pending:
            if mine_row.number != values["number"]:
                _free_local_number(session, values["number"], row["id"])
                _raise_counter(session, values["number"])
            session.execute(update(table).where(table.c.id == row["id"])
                            .values({**values, "version": table.c.version + 1}))
            _set_base(session, row["id"], row["version"], theirs)
            continue
        # Edited here and centrally: merge, or keep both sides for the agent to choose.
        mine = case_texts(mine_row)
        base_texts = json.loads(base.fields) if base is not None else {}
        chosen, clashes = merge(base_texts, mine, theirs)
        if clashes:
            _record_conflict(session, _Conflict(
                row["id"], row["version"], theirs, name_of(row["written_by"]),
                [FieldConflict(f, mine[f], theirs[f]) for f in clashes]))
            continue
        changes = {n: row[n] for n, side in chosen.items()
                   if side == "theirs" and mine[n] != theirs[n]}
        if changes:
            session.execute(update(table).where(table.c.id == row["id"])
                            .values({**changes, "version": table.c.version + 1}))
        _set_base(session, row["id"], row["version"], theirs)


def _free_local_number(session: Any, number: str, case_id: uuid.UUID) -> None:
    """A central SR number a local SR (not yet at the centre) also has: the local one will be
    renumbered by the centre when it is pushed; until then it steps aside here."""
    table = _t(local.Case)
    clash = session.execute(select(table.c.id).where(table.c.number == number,
                                                     table.c.id != case_id)).first()
    if clash is not None:
        session.execute(update(table).where(table.c.id == clash.id)
                        .values(number=f"{number}~{clash.id.hex[:6]}"))
        _raise_counter(session, number)
