"""The sync on its own thread: pushes soon after local changes, pulls on a rhythm, backs off
after failures; and the status it reports."""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.cases import models as local
from app.sync.engine import SyncReport, classify
from app.sync.status import SyncStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from app.cases.store import Store
    from app.sync.engine import Syncer

log = logging.getLogger(__name__)


def read_status(store: Store, *, enabled: bool = True, running: bool = False,
                renumbered: Iterable[tuple[str, str]] = (), pulled: int = 0,
                own_name: str = "") -> SyncStatus:
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
        renumbered=tuple(renumbered), pulled=pulled, own_name=own_name)


class SyncWorker:
    """Keeps one Syncer going on its own thread: pushes soon after local changes, pulls every
    ``pull_interval``, and after a failure waits with exponential backoff and jitter (so a
    hundred PCs do not all knock at once when the server comes back)."""

    def __init__(self, syncer: Syncer, *, push_interval: float = 0.5,
                 pull_interval: float = 5.0, max_backoff: float = 60.0,
                 on_status: Callable[[SyncStatus], None] | None = None) -> None:
        self.syncer = syncer
        self.push_interval = push_interval
        self.pull_interval = pull_interval
        self.max_backoff = max_backoff
        self.on_status = on_status
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._now = False
        self._retry_parked = False
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._random = random.Random()  # noqa: S311 - jitter, not secrets

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="caseline-sync", daemon=True)
        self._thread.start()

    def kick(self, *, retry_parked: bool = False) -> None:
        """Sync now (the agent's action): no backoff wait, parked rows tried again if asked."""
        self._now = True
        self._retry_parked = retry_parked
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def backoff(self) -> float:
        if not self._failures:
            return self.push_interval
        ceiling = min(self.max_backoff, self.push_interval * 2 ** min(self._failures, 16))
        return float(ceiling * self._random.uniform(0.5, 1.0))

    def _report(self, running: bool, report: SyncReport | None = None) -> None:
        if self.on_status is None:
            return
        try:
            self.on_status(read_status(
                self.syncer.store, running=running,
                renumbered=report.renumbered if report else (),
                pulled=report.pulled if report else 0, own_name=self.syncer.own_name()))
        except Exception:  # the store may be closing; the next round reports again
            log.debug("sync status unavailable", exc_info=True)

    def _run(self) -> None:
        last_pull = float("-inf")
        self._report(False)
        while not self._stop.is_set():
            self._wake.wait(self.backoff())
            self._wake.clear()
            if self._stop.is_set():
                break
            forced, self._now = self._now, False
            try:
                if forced and self._retry_parked:
                    self.syncer.retry_parked()
                due_pull = forced or time.monotonic() - last_pull >= self.pull_interval
                queued = self._queued()
                if not queued and not due_pull and not self._failures:
                    continue
                self._report(True)
                if due_pull:
                    last_pull = time.monotonic()
                # A push that fails on a row does not keep the pull from running (sync_round).
                report = self.syncer.sync_round(pull=due_pull)
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


