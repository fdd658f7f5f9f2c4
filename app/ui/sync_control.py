"""The sync as the window sees it: status signals on the UI thread, "sync now", conflicts.

The SyncWorker (app.sync.engine) runs on its own thread and reports there; this object turns
its reports into a Qt signal (queued to the UI thread) and runs conflict reads and choices
through the store's reader pool and writer thread, like every other store job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.sync.conflicts import case_conflicts, resolve
from app.sync.status import SyncStatus

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from app.sync.status import CaseConflict
    from app.sync.worker import SyncWorker
    from app.ui.tasks import Tasks


class SyncControl(QObject):
    status_changed = Signal(object)  # SyncStatus, on the UI thread

    def __init__(self, worker: SyncWorker | None, tasks: Tasks,
                 status: SyncStatus | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.tasks = tasks
        self.status = status or SyncStatus(enabled=worker is not None)
        self.status_changed.connect(self._remember)
        if worker is not None:
            # Called on the sync thread: a signal emitted there is delivered on ours.
            worker.on_status = self.status_changed.emit

    def _remember(self, status: SyncStatus) -> None:
        self.status = status

    def start(self) -> None:
        if self.worker is not None:
            self.worker.start()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker.syncer.central.dispose()

    def sync_now(self) -> None:
        """The agent's "sync now": at once, and with the refused rows tried again."""
        if self.worker is not None:
            self.worker.kick(retry_parked=True)

    def conflicts(self, context: QObject,
                  on_result: Callable[[list[CaseConflict]], None]) -> None:
        self.tasks.watch(self.tasks.read(case_conflicts), context, on_result)

    def resolve(self, context: QObject, case_id: uuid.UUID, choices: dict[str, str],
                on_done: Callable[[object], None],
                on_error: Callable[[BaseException], None]) -> None:
        def done(result: object) -> None:
            self.sync_now()
            on_done(result)

        self.tasks.watch(self.tasks.write(resolve, case_id, choices), context, done, on_error)
