"""The team leader's live board: each agent of the team now, and the counts on top
(docs/board.md).

``snapshot`` reads it once, on the leader's own connection: row security decides which rows
exist, ``caseline.console_team()`` (migration 0010) refuses a role that is no leader
(``ConsoleRefusedError``). Every duration is measured against the database's clock (``now()``,
or a time the caller gives), never this machine's. ``BoardWatcher`` keeps a board up to date
on a thread and a connection of its own: it LISTENs on ``caseline_board`` (migration 0011),
reads again on each announcement for its team, when a row is about to go stale, and every
``refresh`` seconds; it reconnects with backoff when the centre goes away.
"""

from __future__ import annotations

import contextlib
import logging
import random
import select
import socket
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import psycopg
from sqlalchemy import exc, text

from app.cases.models import AgentStatus
from app.central.db import engine as central_engine
from app.central.db import plan_each_run
from app.console.explorer import ConsoleRefusedError
from app.sync.engine import classify
from app.sync.presence import CHANNEL, STALE_SECONDS

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from datetime import datetime

    from sqlalchemy import URL, Connection, Engine

log = logging.getLogger(__name__)

POOR_MOS = 3.5  # below this a call's quality is flagged (ITU-T G.107: "many users dissatisfied")
REFRESH_SECONDS = 5.0  # a board read again at least this often (a stale PC coming back)

# Every team member who is an agent, and whoever of the team has a presence (a leader taking
# calls). An agent id per PC: a role on two PCs shows its freshest. :at, the time to measure
# against: NULL is the database's now().
_SNAPSHOT = """
    WITH me AS MATERIALIZED (SELECT caseline.console_team() AS team_id),
    p AS (
        SELECT DISTINCT ON (x.owner_role) x.*
        FROM caseline.agent_presence x
        WHERE x.team_id = (SELECT me.team_id FROM me)
        ORDER BY x.owner_role, x.heartbeat_at DESC
    ),
    d AS (
        SELECT a.db_role, a.name FROM caseline.agents a
        WHERE a.team_id = (SELECT me.team_id FROM me) AND a.role = 'agent'
    )
    SELECT coalesce(d.db_role, p.owner_role) AS role,
           coalesce(d.name, n.name, p.owner_role) AS name,
           p.agent_id, p.state, p.reason, p.since, p.call_started_at, p.call_direction,
           p.call_log_id,
           p.case_id, p.case_number, p.caller_language, p.registration,
           p.registration_detail, p.mos, p.loss_pct, p.jitter_ms, p.rtt_ms, p.heartbeat_at,
           (SELECT me.team_id FROM me) AS team_id,
           coalesce(CAST(:at AS timestamptz), now()) AS db_now
    FROM d FULL JOIN p ON p.owner_role = d.db_role
    LEFT JOIN caseline.agents n ON n.db_role = p.owner_role
    ORDER BY 2, 1"""


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One agent. An agent the centre has no presence of is offline with no times."""

    role: str  # the agent's database role
    name: str
    agent_id: uuid.UUID | None  # the PC's agent id (None: never heard of)
    state: str  # an AgentStatus value
    reason: str  # a break's reason code
    since: datetime | None
    state_seconds: float | None  # time in the state, at the board's time
    call_started_at: datetime | None
    call_seconds: float | None  # the current call's duration (talk; ring while it rings)
    call_direction: str | None
    call_log_id: uuid.UUID | None  # the current call's log row (a monitoring grant names it)
    case_id: uuid.UUID | None
    case_number: str
    caller_language: str | None
    registration: str  # "ok", "failing", "unknown" (app.sync.presence)
    registration_detail: str
    mos: float | None
    loss_pct: float | None
    jitter_ms: float | None
    rtt_ms: float | None
    heartbeat_at: datetime | None
    stale: bool  # the PC has gone quiet (no heartbeat for the stale time) and never said offline
    stale_since: datetime | None  # when it was last heard of, for a stale row

    @property
    def monitorable(self) -> bool:
        """On a live call a leader may listen in on (its log row named, the PC not quiet)."""
        return (self.state == AgentStatus.ON_CALL.value and self.call_log_id is not None
                and self.call_seconds is not None and not self.stale)

    @property
    def poor_quality(self) -> bool:
        return self.mos is not None and self.mos < POOR_MOS


@dataclass(frozen=True, slots=True)
class Counts:
    """Agents by state, stale ones left out (what they do now is unknown)."""

    available: int
    on_call: int
    wrap_up: int
    on_break: int
    stale: int
    longest_call_seconds: float | None  # the longest current call; None: nobody on a call


@dataclass(frozen=True, slots=True)
class Board:
    rows: tuple[BoardRow, ...]
    counts: Counts
    at: datetime  # the database's time the durations are measured at
    team_id: uuid.UUID | None


def snapshot(conn: Connection, *, stale_after: float = STALE_SECONDS,
             at: datetime | None = None) -> Board:
    """The leader's team now (or at ``at``, a time of the database's clock). Raises
    ConsoleRefusedError for a role that is no leader."""
    try:
        found = list(conn.execute(text(_SNAPSHOT), {"at": at}))
        if not found:  # no agent at all: the time and the team still come from the centre
            team, now = conn.execute(text(
                "SELECT caseline.console_team(), coalesce(CAST(:at AS timestamptz), now())"),
                {"at": at}).one()
        else:
            team, now = found[0].team_id, found[0].db_now
    except exc.DBAPIError as e:
        if isinstance(e.orig, psycopg.errors.InsufficientPrivilege):
            raise ConsoleRefusedError("the live board is for team leaders") from e
        raise
    rows = tuple(_row(r, now, stale_after) for r in found)
    return Board(rows, _counts(rows), now, team)


def _seconds(now: datetime, then: datetime | None) -> float | None:
    return None if then is None else max(0.0, (now - then).total_seconds())


def _row(r: Any, now: datetime, stale_after: float) -> BoardRow:
    state = r.state or AgentStatus.OFFLINE.value
    heard = _seconds(now, r.heartbeat_at)
    stale = (heard is not None and heard > stale_after and state != AgentStatus.OFFLINE.value)
    return BoardRow(
        role=r.role, name=r.name, agent_id=r.agent_id, state=state, reason=r.reason or "",
        since=r.since, state_seconds=_seconds(now, r.since),
        call_started_at=r.call_started_at, call_seconds=_seconds(now, r.call_started_at),
        call_direction=r.call_direction, call_log_id=r.call_log_id, case_id=r.case_id,
        case_number=r.case_number or "",
        caller_language=r.caller_language, registration=r.registration or "unknown",
        registration_detail=r.registration_detail or "", mos=r.mos, loss_pct=r.loss_pct,
        jitter_ms=r.jitter_ms, rtt_ms=r.rtt_ms, heartbeat_at=r.heartbeat_at, stale=stale,
        stale_since=r.heartbeat_at if stale else None)


def _counts(rows: tuple[BoardRow, ...]) -> Counts:
    live = [r for r in rows if not r.stale]

    def count(state: AgentStatus) -> int:
        return sum(1 for r in live if r.state == state.value)

    calls = [r.call_seconds for r in live
             if r.call_seconds is not None and r.state == AgentStatus.ON_CALL.value]
    return Counts(available=count(AgentStatus.AVAILABLE), on_call=count(AgentStatus.ON_CALL),
                  wrap_up=count(AgentStatus.WRAP_UP), on_break=count(AgentStatus.BREAK),
                  stale=len(rows) - len(live),
                  longest_call_seconds=max(calls) if calls else None)


def next_stale_in(board: Board, stale_after: float = STALE_SECONDS) -> float | None:
    """Seconds until the first row not stale yet would be, if its PC stays quiet."""
    waits = [stale_after - (board.at - r.heartbeat_at).total_seconds() for r in board.rows
             if r.heartbeat_at is not None and not r.stale
             and r.state != AgentStatus.OFFLINE.value]
    return max(0.0, min(waits)) if waits else None


class BoardWatcher:
    """Keeps a leader's board: ``on_board(Board)`` after the first read and every change, on
    the watcher's thread; ``on_trouble(code, detail)`` when it cannot: ``refused`` (no leader:
    the watcher ends), ``down`` (the centre is away: it reconnects with backoff and jitter).
    One connection of its own, LISTENing, closed at ``stop``."""

    def __init__(self, central: Engine, on_board: Callable[[Board], None], *,
                 on_trouble: Callable[[str, str], None] | None = None,
                 stale_after: float = STALE_SECONDS, refresh: float = REFRESH_SECONDS,
                 gap: float = 0.05, max_backoff: float = 30.0,
                 owns_engine: bool = False) -> None:
        self.central = central
        self.on_board = on_board
        self.on_trouble = on_trouble
        self.stale_after = stale_after
        self.refresh = refresh
        self.gap = gap  # reads at least this far apart: a flood of NOTIFYs costs little
        self.max_backoff = max_backoff
        self._owns_engine = owns_engine
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pipe_r, self._pipe_w = socket.socketpair()
        self._pipe_r.setblocking(False)
        self._pipe_w.setblocking(False)
        self._random = random.Random()  # noqa: S311 - jitter, not secrets
        self._failures = 0
        self.team: str | None = None
        self.reads = 0  # boards read (tests, bench)

    @classmethod
    def for_url(cls, url: str | URL, password: str | None, on_board: Callable[[Board], None],
                **kw: Any) -> BoardWatcher:
        """A watcher on an engine of its own (one connection), disposed of at ``stop``."""
        made = plan_each_run(central_engine(url, password, pool_size=1, max_overflow=0,
                                            connect_args={"connect_timeout": 5,
                                                          "application_name": "caseline-board"}))
        return cls(made, on_board, owns_engine=True, **kw)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="caseline-board", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._pipe_w.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout)
        for end in (self._pipe_r, self._pipe_w):
            end.close()
        if self._owns_engine:
            self.central.dispose()

    # ------------------------------------------------------------ the thread

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._watch()
                return  # stopped
            except ConsoleRefusedError as e:
                log.warning("board: %s", e)
                self._trouble("refused", str(e))
                return
            except Exception as e:
                self._failures += 1
                code, detail = classify(e)
                log.warning("board: centre unavailable (%s): %s", code, detail)
                self._trouble("down", detail)
                ceiling = min(self.max_backoff, 0.5 * 2 ** min(self._failures, 10))
                self._pause(ceiling * self._random.uniform(0.5, 1.0))

    def _watch(self) -> None:
        conn = self.central.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            # LISTEN before the first read: no change committed after it goes unseen.
            conn.exec_driver_sql(f"LISTEN {CHANNEL}")
            raw: Any = conn.connection.driver_connection
            board = self._read(conn)
            last = time.monotonic()
            while not self._stop.is_set():
                wait = self.refresh
                if (stale_in := next_stale_in(board, self.stale_after)) is not None:
                    wait = min(wait, stale_in + 0.05)
                woken = self._wait(raw, wait)
                if self._stop.is_set():
                    return
                if woken:  # an announcement: folded with those that follow within the gap
                    self._pause(max(0.0, last + self.gap - time.monotonic()))
                    self._announced(raw)
                board = self._read(conn)
                last = time.monotonic()
        finally:
            # Closed for good, not back into a pool still LISTENing.
            with contextlib.suppress(Exception):
                conn.invalidate()
            conn.close()

    def _read(self, conn: Connection) -> Board:
        board = snapshot(conn, stale_after=self.stale_after)
        self.team = str(board.team_id) if board.team_id is not None else None
        self._failures = 0
        self.reads += 1
        try:
            self.on_board(board)
        except Exception:  # the receiver's bug must not end the watch
            log.exception("board: on_board failed")
        return board

    def _wait(self, raw: Any, timeout: float) -> bool:
        """Until stopped, an announcement for this team (True), or ``timeout`` (False)."""
        deadline = time.monotonic() + timeout
        # First what came during the last read: psycopg keeps those in its backlog, and the
        # socket select waits on shows nothing of them (up to the next refresh, otherwise).
        if self._announced(raw):
            return True
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self._pipe_r, raw.fileno()], [], [], left)
            if self._pipe_r in ready or self._stop.is_set():
                return False
            if self._announced(raw):
                return True

    def _announced(self, raw: Any) -> bool:
        """Read the announcements that came; whether one was for this team. Anyone may
        NOTIFY: an announcement only makes the watcher read again."""
        mine = False
        for note in raw.notifies(timeout=0):
            mine = mine or self.team is None or note.payload == self.team
        return mine

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(OSError, ValueError):
                select.select([self._pipe_r], [], [], seconds)

    def _trouble(self, code: str, detail: str) -> None:
        if self.on_trouble is not None:
            try:
                self.on_trouble(code, detail)
            except Exception:
                log.exception("board: on_trouble failed")
