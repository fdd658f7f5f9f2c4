"""The sync on its own thread: pushes soon after local changes, pulls when the centre announces
a change for the agent's team (LISTEN/NOTIFY, central migration 0007) and on a slow rhythm as a
fallback, backs off after failures; and the status it reports.

One connection per PC: the worker LISTENs on the connection its Syncer's pool keeps (pool of one,
app.sync.connect.sync_engine) and waits on that connection's socket between rounds."""

from __future__ import annotations

import contextlib
import logging
import random
import select as selectors
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, func, select

from app.cases import models as local
from app.sync.engine import SyncReport, classify
from app.sync.status import SyncStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from app.cases.store import Store
    from app.sync.engine import Syncer

log = logging.getLogger(__name__)

# What central migration 0007 announces: the payload is the id of a team whose SRs, notes or
# requests changed. Anyone may NOTIFY any channel: a notification is a hint to pull, no more.
CHANNEL = "caseline_changes"


def read_status(store: Store, *, enabled: bool = True, running: bool = False,
                renumbered: Iterable[tuple[str, str]] = (), pulled: int = 0,
                own_name: str = "", confirmed: Iterable[tuple[str, str]] = ()) -> SyncStatus:
    with store.sessions() as session:
        # Rows, not entries: an SR edited three times is one change waiting.
        queued = session.scalar(select(func.count()).select_from(
            select(local.OutboxEntry.table_name).group_by(
                local.OutboxEntry.table_name, local.OutboxEntry.row_id).subquery())) or 0
        conflicts = session.scalar(
            select(func.count(func.distinct(local.SyncConflict.case_id)))
            .where(local.SyncConflict.resolved_at.is_(None))) or 0
        pushed = session.scalar(select(func.count()).select_from(local.SyncParked)) or 0
        parked_pulled = session.scalar(
            select(func.count()).select_from(local.SyncPulledParked)) or 0
        state = session.get(local.SyncState, 1)
    return SyncStatus(
        enabled=enabled, running=running, queued=queued,
        last_success=state.last_success if state else None,
        last_error=state.last_error if state else "",
        last_error_detail=state.last_error_detail if state else "",
        last_error_at=state.last_error_at if state else None,
        conflicts=conflicts, parked=pushed + parked_pulled, parked_pulled=parked_pulled,
        renumbered=tuple(renumbered), pulled=pulled, own_name=own_name,
        confirmed=tuple(confirmed))


class SyncWorker:
    """Keeps one Syncer going on its own thread: pushes soon after local changes, pulls when
    notified of a change for its team (``listen``), every ``pull_interval`` (a fallback) and
    right after (re)connecting; after a failure waits with exponential backoff and jitter (so
    a hundred PCs do not all knock at once when the server comes back).

    Notifications are coalesced: any number that arrive before a pull make one pull, and pulls
    they cause are at least ``hint_gap`` apart, so a forged flood costs a few pulls a second.

    A commit of the store's sessions on another thread (the desk ending a call, a note saved)
    wakes the worker at once when an ``idle_interval`` is given: the outbox is looked at then,
    and every ``idle_interval`` for writes that bypass the sessions. Without one the outbox is
    polled every ``push_interval``, which is also the backoff's base after a failure."""

    def __init__(self, syncer: Syncer, *, push_interval: float = 0.5,
                 pull_interval: float = 60.0, max_backoff: float = 60.0,
                 listen: bool = True, hint_gap: float = 0.2, idle_interval: float | None = None,
                 on_status: Callable[[SyncStatus], None] | None = None) -> None:
        self.syncer = syncer
        self.push_interval = push_interval
        self.idle_interval = push_interval if idle_interval is None else idle_interval
        # Woken by commits only with a longer idle poll (the desktop's): a worker polling fast
        # keeps the rhythm tests of the conflict dialog rely on.
        self.wakes_on_commit = idle_interval is not None
        self.pull_interval = pull_interval
        self.max_backoff = max_backoff
        self.listen = listen
        self.hint_gap = hint_gap
        self.on_status = on_status
        self._stop = threading.Event()
        self._now = False
        self._retry_parked = False
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._random = random.Random()  # noqa: S311 - jitter, not secrets
        # kick() and stop() write here; the thread waits on it and the connection's socket.
        self._pipe_r: socket.socket | None = None
        self._pipe_w: socket.socket | None = None
        self._listener: Any = None  # the psycopg connection LISTENing, idle in the pool
        self._connected = False  # a new connection: pull (what was missed while away)
        self._hinted = False
        self.team: str | None = None  # the team this PC's role is in, as the centre says
        self.hints = 0  # notifications for this PC's team received (tests, bench)
        self.pull_rounds = 0  # rounds that pulled
        self.activity = threading.Condition()  # notified when either count changes

    def start(self) -> None:
        self._pipe_r, self._pipe_w = socket.socketpair()
        self._pipe_r.setblocking(False)
        self._pipe_w.setblocking(False)
        if self.listen:
            event.listen(self.syncer.central, "connect", self._on_connect)
            event.listen(self.syncer.central, "close", self._on_close)
            # A connection made before (a push without the worker) does not listen: the
            # next round makes one that does.
            self.syncer.central.dispose()
        if self.wakes_on_commit:
            event.listen(self.syncer.store.sessions, "after_commit", self._on_local_commit)
        self._thread = threading.Thread(target=self._run, name="caseline-sync", daemon=True)
        self._thread.start()

    def _on_local_commit(self, _session: Any) -> None:
        # After the commit: the worker's own session sees what was written. Its own rounds'
        # commits (pulled rows) wake nothing.
        if threading.current_thread() is not self._thread:
            self._poke()

    def kick(self, *, retry_parked: bool = False) -> None:
        """Sync now (the agent's action): no backoff wait, parked rows tried again if asked."""
        self._now = True
        self._retry_parked = retry_parked
        self._poke()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._poke()
        if self._thread is not None:
            self._thread.join(timeout)
        if self.listen and event.contains(self.syncer.central, "connect", self._on_connect):
            event.remove(self.syncer.central, "connect", self._on_connect)
            event.remove(self.syncer.central, "close", self._on_close)
        if event.contains(self.syncer.store.sessions, "after_commit", self._on_local_commit):
            event.remove(self.syncer.store.sessions, "after_commit", self._on_local_commit)
        for end in (self._pipe_r, self._pipe_w):
            if end is not None:
                end.close()

    def _poke(self) -> None:
        if self._pipe_w is not None:
            with contextlib.suppress(OSError):  # full (a wake is pending anyway) or closed
                self._pipe_w.send(b"x")

    def backoff(self) -> float:
        if not self._failures:
            return self.idle_interval
        ceiling = min(self.max_backoff, self.push_interval * 2 ** min(self._failures, 16))
        return float(ceiling * self._random.uniform(0.5, 1.0))

    # ------------------------------------------------------------ the connection

    def _on_connect(self, dbapi_conn: Any, _record: Any) -> None:
        # On the pool's (only) connection, when it is made: LISTEN before anything else runs
        # on it, so no change committed from now on goes unannounced; then learn the team.
        with dbapi_conn.cursor() as cur:
            cur.execute(f"LISTEN {CHANNEL}")
            cur.execute("SELECT team_id::text FROM caseline.agents WHERE db_role = current_user")
            row = cur.fetchone()
        dbapi_conn.commit()
        self.team = row[0] if row else None
        self._listener = dbapi_conn
        self._connected = True

    def _on_close(self, dbapi_conn: Any, _record: Any) -> None:
        if self._listener is dbapi_conn:
            self._listener = None

    def _wait(self, timeout: float) -> None:
        """Until poked, notified, or ``timeout``; reads the notifications that came."""
        listener = self._listener
        assert self._pipe_r is not None  # started
        fds: list[Any] = [self._pipe_r]
        if listener is not None and not listener.closed:
            fds.append(listener.fileno())
        try:
            ready, _, _ = selectors.select(fds, [], [], max(0.0, timeout))
        except (OSError, ValueError):  # the connection's socket went away under us
            ready = []
        if self._pipe_r in ready:
            with contextlib.suppress(OSError):
                self._pipe_r.recv(4096)
        if listener is not None:
            self._drain(listener)

    def _drain(self, listener: Any) -> None:
        # The connection is idle in the pool and only this thread uses the pool: reading it
        # here races nobody. Notifications that came during a round wait in psycopg's backlog.
        try:
            for note in listener.notifies(timeout=0):
                if note.channel == CHANNEL and (self.team is None or note.payload == self.team):
                    with self.activity:
                        self.hints += 1
                        self._hinted = True
                        self.activity.notify_all()
        except Exception:  # a broken connection: the next round reconnects (and pulls)
            log.debug("sync: notifications unavailable", exc_info=True)
            self._listener = None

    def _refresh_team(self) -> None:
        # An agent moved to another team is announced to both: the old team's announcement
        # brought this pull, the new team's are the ones to follow from now on.
        listener = self._listener
        if listener is None:
            return
        try:
            row = listener.execute("SELECT team_id::text FROM caseline.agents "
                                   "WHERE db_role = current_user").fetchone()
            listener.commit()
        except Exception:  # the next connection learns it
            log.debug("sync: team unknown", exc_info=True)
            return
        self.team = row[0] if row else None

    # ------------------------------------------------------------ the rounds

    def _report(self, running: bool, report: SyncReport | None = None) -> None:
        if self.on_status is None:
            return
        try:
            self.on_status(read_status(
                self.syncer.store, running=running,
                renumbered=report.renumbered if report else (),
                confirmed=report.confirmed if report else (),
                pulled=report.pulled if report else 0, own_name=self.syncer.own_name()))
        except Exception:  # the store may be closing; the next round reports again
            log.debug("sync status unavailable", exc_info=True)

    def _timeout(self, last_pull: float) -> float:
        wait = self.backoff()
        if self._hinted and not self._failures:  # a coalesced hint waits for its gap only
            wait = min(wait, max(0.0, last_pull + self.hint_gap - time.monotonic()))
        return wait

    def _run(self) -> None:
        last_pull = float("-inf")
        first = True
        self._report(False)
        while not self._stop.is_set():
            if not first:
                self._wait(self._timeout(last_pull))
            first = False
            if self._stop.is_set():
                break
            forced, self._now = self._now, False
            try:
                if forced and self._retry_parked:
                    self.syncer.retry_parked()
                now = time.monotonic()
                hinted = self._hinted and now - last_pull >= self.hint_gap
                # No connection to listen on (lost, or never made): a round makes one, and
                # pulls what went unannounced meanwhile.
                lost = self.listen and self._listener is None
                due_pull = (forced or hinted or lost or self._connected
                            or now - last_pull >= self.pull_interval)
                queued = self._queued()
                if not queued and not due_pull and not self._failures:
                    continue
                self._report(True)
                if due_pull:
                    last_pull = now
                    # Cleared before the round: what is announced during it makes one more.
                    self._hinted = self._connected = False
                # A push that fails on a row does not keep the pull from running (sync_round).
                report = self.syncer.sync_round(pull=due_pull)
                # A round that connected afresh has pulled already (due_pull or not).
                self._connected = self._connected and not due_pull
                if due_pull:
                    self._refresh_team()
                    with self.activity:
                        self.pull_rounds += 1
                        self.activity.notify_all()
                self._failures = 0
                self._report(False, report)
            except Exception as exc:
                self._failures += 1
                code, detail = classify(exc)
                log.warning("sync failed (%s): %s", code, detail)
                with contextlib.suppress(Exception):
                    self.syncer.record_error(code, detail)
                self._report(False)

    def _queued(self) -> int:
        with self.syncer.store.sessions() as session:
            return session.scalar(select(func.count()).select_from(
                select(local.OutboxEntry.seq).limit(1).subquery())) or 0
