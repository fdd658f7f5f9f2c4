"""The team console's services for the window: the leader's own connection to the centre, and
every console query and export run off the caller's thread.

``ConsoleService`` holds a small engine signed in with the PC's central URL and the keyring's
password (the sync's credentials; its own connections, so a long export never holds up the
sync) and two worker threads: one for what the leader browses (pages, a call, the KPIs), one
for exports (which may take minutes, and are cancelled between pages and rows). Each method
returns a ``concurrent.futures.Future``; app.ui.tasks brings the result to the UI thread.

Failures arrive as the future's exception: ``ConsoleRefusedError`` for a role that is no
leader (the database refuses ``caseline.console_team()``), ``CentralError`` with the sync's
codes (connect_failed, auth_failed, ...) when the centre cannot be reached,
``ExportCancelled`` for an export the leader stopped.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar

import psycopg
from sqlalchemy import exc, text

from app.central.db import CentralError, engine, plan_each_run, require_tls, shown
from app.config import secrets
from app.console import callbacks, charts, explorer, kpi, report
from app.console.board import Board, BoardWatcher
from app.console.explorer import CallFilter, ConsoleRefusedError, Sort
from app.sync import connect
from app.sync.engine import classify

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from concurrent.futures import Future
    from datetime import date

    from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

POOL = 2  # connections kept: the query thread's and the export's
# The KPI tab's parts beside the query thread's, on a connection opened for the tab and closed
# after it (the pool's overflow): docs/central.md's budget counts it. One, not more: on the
# benchmark's 2 cores two side by side already took the tab's p50 from 3.0 to 2.4 s.
KPI_PARTS = 1
OVERDUE_LIMIT = 500  # overdue callbacks listed at most (the longest waiting)


class ExportCancelled(Exception):  # noqa: N818 - what happened, not an error
    """The leader stopped the export; nothing was written."""


def local_zone() -> str:
    """This PC's IANA zone name ($TZ, else /etc/localtime's target), else UTC: the console's
    days are the leader's local days unless they choose another zone."""
    named = os.environ.get("TZ", "").lstrip(":")
    if named:
        return named
    target = os.path.realpath("/etc/localtime")
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def is_leader(conn: Connection) -> bool:
    """Whether the centre gives this role the console: ``caseline.console_team()`` is the
    leaders' alone (an agent gets insufficient_privilege), and names their team."""
    try:
        return conn.execute(text("SELECT caseline.console_team()")).scalar() is not None
    except exc.DBAPIError as e:
        if isinstance(e.orig, psycopg.errors.InsufficientPrivilege):
            return False
        raise


def console_team(conn: Connection) -> uuid.UUID:
    """The leader's team; ConsoleRefusedError for anyone else."""
    try:
        team = conn.execute(text("SELECT caseline.console_team()")).scalar()
    except exc.DBAPIError as e:
        if isinstance(e.orig, psycopg.errors.InsufficientPrivilege):
            raise ConsoleRefusedError("the team console is for team leaders") from e
        raise
    if team is None:
        raise ConsoleRefusedError("this role belongs to no team")
    return team  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class TeamMember:
    id: uuid.UUID  # caseline.agents.id: CallFilter.agent_ids
    name: str


@dataclass(frozen=True, slots=True)
class Team:
    """What the explorer's filters offer: the team's agents and queues."""

    agents: tuple[TeamMember, ...]
    queues: tuple[str, ...]


def team(conn: Connection) -> Team:
    team_id = console_team(conn)
    agents = conn.execute(text("SELECT id, name FROM caseline.agents WHERE team_id = :t "
                               "ORDER BY name, id"), {"t": team_id})
    queues = conn.execute(text("SELECT name FROM caseline.queues WHERE team_id = :t "
                               "ORDER BY name"), {"t": team_id})
    return Team(tuple(TeamMember(r.id, r.name) for r in agents),
                tuple(r.name for r in queues))


@dataclass(frozen=True, slots=True)
class CallView:
    """One call opened: its detail, and whether its recording can be played on this PC."""

    detail: explorer.CallDetail
    recording_reachable: bool


def call_view(conn: Connection, call_id: uuid.UUID) -> CallView | None:
    detail = explorer.call_detail(conn, call_id)
    if detail is None:
        return None
    # Asked here, off the UI thread: a recording on an unmounted share may take seconds.
    reachable = detail.recording is not None and Path(detail.recording).is_file()
    return CallView(detail, reachable)


def team_overdue_callbacks(conn: Connection, limit: int = OVERDUE_LIMIT
                           ) -> list[callbacks.OverdueCallback]:
    """The team's overdue callbacks, for a leader only: an agent's own rows would pass row
    security, so the console's gate is asked first, as for every other console read."""
    console_team(conn)
    return callbacks.overdue_callbacks(conn, limit=limit)


@dataclass(frozen=True, slots=True)
class KpiQuery:
    first: date
    last: date
    time_zone: str
    bucket: kpi.Bucket
    by: kpi.By
    day: date  # the day of the state timeline
    fcr_days: int = kpi.FCR_DAYS
    answer_target_s: int = kpi.ANSWER_TARGET_S
    service_level_target: float = charts.SERVICE_LEVEL_TARGET  # the chart's target line


@dataclass(frozen=True, slots=True)
class KpiView:
    """Everything the KPI tab shows for one query."""

    query: KpiQuery
    calls: list[kpi.CallKpi]  # by query.bucket and query.by
    states: list[kpi.StateKpi]  # by agent unless query.by is "team"
    occupancy: list[kpi.OccupancyKpi]
    days: list[kpi.CallKpi]  # the team per day: the AHT, FCR and service level trends
    hours: list[charts.HourCount]
    timeline: list[charts.StateSpan]
    quality: list[kpi.QualityKpi]  # by agent unless query.by is "team": whose line is poor


def kpi_parts(q: KpiQuery, team_id: uuid.UUID
              ) -> dict[str, Callable[[Connection], dict[str, Any]]]:
    """The KPI tab's statements, each giving one or more KpiView fields by name: independent
    reads, so the console runs them side by side (ConsoleService.kpis); kpi_view runs them one
    after the other."""
    people: Literal["agent", "team"] = "team" if q.by == "team" else "agent"
    common: dict[str, Any] = {"tz": q.time_zone, "team_id": team_id}
    rates: dict[str, Any] = {"fcr_days": q.fcr_days, "answer_target_s": q.answer_target_s}

    def calls(conn: Connection) -> dict[str, Any]:
        rows, days = kpi.call_kpis_with_days(conn, q.first, q.last, bucket=q.bucket, by=q.by,
                                             **common, **rates)
        return {"calls": rows, "days": days}

    def states(conn: Connection) -> dict[str, Any]:
        spent, occupancy = kpi.state_kpis_with_occupancy(conn, q.first, q.last,
                                                         bucket=q.bucket, by=people, **common)
        return {"states": spent, "occupancy": occupancy}

    # The dearest first: on fewer threads than parts they start soonest.
    return {
        "calls": calls,
        "states": states,
        "hours": lambda conn: {"hours": charts.calls_by_hour(conn, q.first, q.last,
                                                             tz=q.time_zone)},
        "quality": lambda conn: {"quality": kpi.quality_kpis(conn, q.first, q.last,
                                                             bucket=q.bucket, by=people,
                                                             **common)},
        "timeline": lambda conn: {"timeline": charts.state_timeline(conn, q.day,
                                                                    tz=q.time_zone)},
    }


def kpi_view(conn: Connection, q: KpiQuery) -> KpiView:
    parts = kpi_parts(q, console_team(conn))
    fields: dict[str, Any] = {}
    for read in parts.values():
        fields.update(read(conn))
    return KpiView(query=q, **fields)


class ConsoleService:
    """The console's way to the centre, as the signed-in leader."""

    def __init__(self, central: Engine, *, time_zone: str | None = None,
                 fcr_days: int = kpi.FCR_DAYS, answer_target_s: int = kpi.ANSWER_TARGET_S,
                 service_level_target: float = charts.SERVICE_LEVEL_TARGET) -> None:
        # Each read planned for its own values, however often a tab or an export repeats it.
        self.central = plan_each_run(central)
        self.time_zone = time_zone or local_zone()
        # The deployment's KPI definitions ([console] in the settings): every query and
        # export of this console uses them.
        self.fcr_days = fcr_days
        self.answer_target_s = answer_target_s
        self.service_level_target = service_level_target
        self._queries = ThreadPoolExecutor(1, thread_name_prefix="caseline-console")
        self._kpi_parts = ThreadPoolExecutor(KPI_PARTS, thread_name_prefix="caseline-kpi")
        # Exports on their own thread: browsing goes on while one runs.
        self.exports = ThreadPoolExecutor(1, thread_name_prefix="caseline-export")
        self._closing = threading.Event()  # a running export stops at its next page or rows

    @classmethod
    def open(cls, url_text: str, *, allow_insecure: bool = False,
             **definitions: Any) -> ConsoleService | None:
        """For the configured centre (None: none configured). Raises CentralError
        (bad_url, insecure_url, no_password) or secrets.SecretStoreError, as the sync does."""
        url = connect.central_url(url_text)
        if url is None:
            return None
        require_tls(url, allow_insecure=allow_insecure)  # before the password goes anywhere
        password = secrets.get_central_password(connect.password_key(url))
        if password is None:
            raise CentralError("no_password", shown(url))
        return cls(engine(url, password, pool_size=POOL, max_overflow=KPI_PARTS, connect_args={
            "connect_timeout": connect.CONNECT_TIMEOUT_S,
            "application_name": "caseline-console"}), **definitions)

    def close(self) -> None:
        """Stop both workers (what waits is dropped, an export stops) and close the
        connections."""
        self._closing.set()
        self._queries.shutdown(wait=True, cancel_futures=True)
        self._kpi_parts.shutdown(wait=True, cancel_futures=True)
        self.exports.shutdown(wait=True, cancel_futures=True)
        self.central.dispose()

    # -- running -------------------------------------------------------------------------

    def _run(self, fn: Callable[Concatenate[Connection, P], T], /,
             *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            with self.central.connect() as conn:
                return fn(conn, *args, **kwargs)
        except exc.DBAPIError as e:
            if isinstance(e.orig, psycopg.errors.InsufficientPrivilege):
                raise ConsoleRefusedError("the team console is for team leaders") from e
            code, detail = classify(e)
            log.warning("team console: %s: %s", code, detail)
            raise CentralError(code, shown(self.central.url), detail) from e

    def read(self, fn: Callable[Concatenate[Connection, P], T], /,
             *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """``fn(conn, ...)`` on the query thread, on a connection of the leader's."""
        return self._queries.submit(self._run, fn, *args, **kwargs)

    # -- what the window asks for ----------------------------------------------------------

    def board_watcher(self, on_board: Callable[[Board], None], **kw: Any) -> BoardWatcher:
        """A live board on a connection of its own (it LISTENs; this pool is for queries),
        signed in as this console is."""
        url = self.central.url
        return BoardWatcher.for_url(url, url.password, on_board, **kw)

    def leader(self) -> Future[bool]:
        """Whether this sign-in leads a team. An agent's PC then closes the connection: the
        centre carries one per PC for the sync, not two."""
        def ask() -> bool:
            found = self._run(is_leader)
            if not found:
                self.central.dispose()  # opened again only if the console is forced open
            return found

        return self._queries.submit(ask)

    def team(self) -> Future[Team]:
        return self.read(team)

    def page(self, filters: CallFilter, *, sort: Sort = Sort.STARTED_AT,
             descending: bool = True, after: str | None = None,
             page_size: int = 100) -> Future[explorer.Page]:
        return self.read(explorer.calls, filters, sort=sort, descending=descending,
                         after=after, page_size=page_size)

    def call(self, call_id: uuid.UUID) -> Future[CallView | None]:
        return self.read(call_view, call_id)

    def kpis(self, query: KpiQuery) -> Future[KpiView]:
        """The KPI tab: its statements on KPI_PARTS connections besides the query thread's
        (each part in its own transaction, as each statement had its own snapshot anyway)."""
        def gather() -> KpiView:
            # Dearest first, taken by whichever thread is free: the query thread and the
            # tab's threads draw from one queue, so the dearest part runs beside the next
            # ones instead of before them on the same thread.
            todo = iter(kpi_parts(query, self._run(console_team)).values())
            taking = threading.Lock()
            failed = threading.Event()  # the tab fails as a whole: no more reads

            def take() -> dict[str, Any]:
                fields: dict[str, Any] = {}
                while not failed.is_set():
                    with taking:
                        read = next(todo, None)
                    if read is None:
                        break
                    try:
                        fields.update(self._run(read))
                    except BaseException:
                        failed.set()
                        raise
                return fields

            helpers = [self._kpi_parts.submit(take) for _ in range(KPI_PARTS)]
            try:
                fields = take()
            finally:
                wait(helpers)  # a part still reading when the tab fails must not outlive it
            for helper in helpers:
                fields.update(helper.result())  # a helper's failure is the tab's
            return KpiView(query=query, **fields)

        return self._queries.submit(gather)

    def overdue_callbacks(self, *, limit: int = OVERDUE_LIMIT
                          ) -> Future[list[callbacks.OverdueCallback]]:
        """The team's open callbacks past due by the centre's clock, the longest waiting
        first."""
        return self.read(team_overdue_callbacks, limit)

    # -- exports -----------------------------------------------------------------------------

    def export_calls(self, output: Path, fmt: report.Format, filters: CallFilter, *,
                     sort: Sort, descending: bool, translate: Callable[[str], str],
                     progress: Callable[[str, int], None], cancel: threading.Event,
                     label: Callable[[str, str], str] | None = None,
                     page_size: int = explorer.MAX_PAGE) -> Future[list[Path]]:
        """Every call of ``filters`` (all pages) to ``output``. ``progress`` is told the rows
        read ("read", n), then the rows written ("write", n); ``cancel`` set stops it between
        pages and rows. ``label(column, code)`` names the codes (report.call_table)."""
        def job(conn: Connection) -> list[Path]:
            rows: list[explorer.CallRow] = []
            after: str | None = None
            while True:
                _check(cancel, self._closing)
                page = explorer.calls(conn, filters, sort=sort, descending=descending,
                                      after=after, page_size=page_size)
                rows.extend(page.rows)
                progress("read", len(rows))
                if page.after is None:
                    break
                after = page.after
            table = (report.call_table(rows, filters.time_zone, label) if label is not None
                     else report.call_table(rows, filters.time_zone))
            return _write(output, fmt, [table], translate, progress, cancel, self._closing)

        return self.exports.submit(self._run, job)

    def export_kpis(self, output: Path, fmt: report.Format, first: date, last: date, *,
                    time_zone: str, translate: Callable[[str], str],
                    progress: Callable[[str, int], None], cancel: threading.Event,
                    fcr_days: int = kpi.FCR_DAYS,
                    answer_target_s: int = kpi.ANSWER_TARGET_S) -> Future[list[Path]]:
        """Every KPI table of the report (app.console.report.tables) for the days given."""
        def job(conn: Connection) -> list[Path]:
            _check(cancel, self._closing)
            tables = report.tables(conn, first, last, tz=time_zone, team_id=console_team(conn),
                                   fcr_days=fcr_days, answer_target_s=answer_target_s)
            return _write(output, fmt, tables, translate, progress, cancel, self._closing)

        return self.exports.submit(self._run, job)


def _check(*stops: threading.Event) -> None:
    if any(stop.is_set() for stop in stops):
        raise ExportCancelled


def _write(output: Path, fmt: report.Format, tables: list[report.Table],
           translate: Callable[[str], str], progress: Callable[[str, int], None],
           *stops: threading.Event) -> list[Path]:
    def written(rows: int) -> None:
        progress("write", rows)
        _check(*stops)  # raised inside the writer: its half-written files are removed

    return report.write(output, fmt, tables, translate, written)

