"""The sync on its own thread: pushes soon after local changes, pulls when the centre announces
a change for the agent's team (LISTEN/NOTIFY, central migration 0007) and on a slow rhythm as a
fallback, backs off after failures; and the status it reports.

One connection per PC: the worker LISTENs on the connection its Syncer's pool keeps (pool of one,
app.sync.connect.sync_engine) and waits on that connection's socket between rounds. The same
connection carries the agent's presence for the leaders' live board (app.sync.presence): upserted
as soon as it is handed over, a heartbeat in between."""

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
from app.sync.presence import HEARTBEAT_SECONDS, heartbeat, publish
from app.sync.status import SyncStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from app.cases.store import Store
    from app.sync.engine import Syncer
    from app.sync.presence import Presence

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
    The fallback pull comes at most ``pull_interval`` after the last pull, at a point drawn
    afresh each time in its second half (``pull_gap``): PCs that pulled together (a centre
    back from a restart, a floor of PCs started at once) drift apart rather than pull in step
    for ever, each pull of 300 holding up the pushes behind it.

    A commit of the store's sessions on another thread (the desk ending a call, a note saved)
    wakes the worker at once when an ``idle_interval`` is given: the outbox is looked at then,
    and every ``idle_interval`` for writes that bypass the sessions. Without one the outbox is
    polled every ``push_interval``, which is also the backoff's base after a failure.

    Presence (``publish_presence``, any thread): the latest value wins; an urgent one is
    upserted at the next turn of the loop, before any sync round, the others with the next
    heartbeat (every ``presence_heartbeat`` s, which otherwise only touches ``heartbeat_at``).
    A presence write that fails is logged and tried again with the next heartbeat; it never
    counts as a failed round. While the rounds fail, presence waits for their backoff too."""

    def __init__(self, syncer: Syncer, *, push_interval: float = 0.5,
                 pull_interval: float = 60.0, max_backoff: float = 60.0,
                 listen: bool = True, hint_gap: float = 0.2, idle_interval: float | None = None,
                 on_status: Callable[[SyncStatus], None] | None = None,
                 presence_heartbeat: float = HEARTBEAT_SECONDS) -> None:
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
        self._pull_gap = self.pull_gap()  # from the last pull to the fallback one
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
        self.presence_heartbeat = presence_heartbeat
        self._presence_lock = threading.Lock()
        self._presence: Presence | None = None  # the latest handed over
        self._presence_urgent = False  # to be written at the next turn, not the next heartbeat
        self._presence_sent: Presence | None = None  # as the centre has it (None: unsure)
        self._presence_failing = False
        self._presence_unreachable = False  # failed for want of the centre, not refused
        self._next_heartbeat = 0.0  # monotonic
        self.presence_writes = 0  # upserts and heartbeats that went through (tests, bench)

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

    def publish_presence(self, presence: Presence, urgent: bool = True) -> None:
        """Any thread: this is the agent now. Never waits for the centre."""
        with self._presence_lock:
            self._presence = presence
            self._presence_urgent = self._presence_urgent or urgent
        if urgent:
            self._poke()

    def _poke(self) -> None:
        if self._pipe_w is not None:
            with contextlib.suppress(OSError):  # full (a wake is pending anyway) or closed
                self._pipe_w.send(b"x")

    def pull_gap(self) -> float:
        """How long after a pull the next fallback pull is due: within ``pull_interval``,
        no sooner than half of it (the jitter keeps PCs from pulling in step)."""
        return float(self.pull_interval * self._random.uniform(0.5, 1.0))

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
        self._presence_sent = None  # after a gap, perhaps: the whole row again, announced

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
        if self._presence is not None and not self._failures:
            wait = min(wait, max(0.0, self._next_heartbeat - time.monotonic()))
        return wait

    def _presence_turn(self, *, force: bool = False) -> None:
        """On the worker's thread: write the presence if it is urgent (or ``force``), or the
        heartbeat if it is due. A failure waits for the next heartbeat."""
        with self._presence_lock:
            presence, urgent = self._presence, self._presence_urgent
        if presence is None:
            return
        now = time.monotonic()
        due = now >= self._next_heartbeat
        if not (force or due or (urgent and not self._presence_failing)):
            return
        with self._presence_lock:
            if self._presence is presence:
                self._presence_urgent = False
        self._next_heartbeat = now + self.presence_heartbeat
        try:
            with self.syncer.central.begin() as conn:
                if presence != self._presence_sent or not heartbeat(conn, presence):
                    publish(conn, presence)
        except Exception as exc:
            code, detail = classify(exc)
            # Once per spell of failures: an older centre (no migration 0011) would say so
            # every heartbeat.
            level = logging.DEBUG if self._presence_failing else logging.WARNING
            log.log(level, "sync: presence not written (%s): %s", code, detail)
            self._presence_sent = None
            self._presence_failing = True
            self._presence_unreachable = code == "connect_failed"
            return
        self._presence_sent = presence
        self._presence_failing = self._presence_unreachable = False
        with self.activity:
            self.presence_writes += 1
            self.activity.notify_all()

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
            # First: the board's deadline (a second) is tighter than the sync's.
            self._presence_turn()
            try:
                if forced and self._retry_parked:
                    self.syncer.retry_parked()
                now = time.monotonic()
                hinted = self._hinted and now - last_pull >= self.hint_gap
                # No connection to listen on (lost, or never made): a round makes one, and
                # pulls what went unannounced meanwhile.
                lost = self.listen and self._listener is None
                due_pull = (forced or hinted or lost or self._connected
                            or now - last_pull >= self._pull_gap)
                queued = self._queued()
                if not queued and not due_pull and not self._failures:
                    continue
                self._report(True)
                if due_pull:
                    last_pull = now
                    self._pull_gap = self.pull_gap()
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
                if self._presence_unreachable:  # the centre is back: the board need not wait
                    self._presence_turn(force=True)
                self._report(False, report)
            except Exception as exc:
                self._failures += 1
                code, detail = classify(exc)
                log.warning("sync failed (%s): %s", code, detail)
                with contextlib.suppress(Exception):
                    self.syncer.record_error(code, detail)
                self._report(False)
        # A last word handed over at shutdown ("offline"), when the centre is there to take it.
        if self._presence_urgent and not self._failures and not self._presence_failing:
            self._presence_turn(force=True)

    def _queued(self) -> int:
        with self.syncer.store.sessions() as session:
            return session.scalar(select(func.count()).select_from(
                select(local.OutboxEntry.seq).limit(1).subquery())) or 0
