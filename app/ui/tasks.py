"""The one way results cross into the Qt thread.

Store reads and writes (app.orchestration.workspace) and phone commands
(app.orchestration.phone) return
``concurrent.futures.Future``s completed on other threads. ``Tasks`` brings each result back to
the UI thread as a queued call, drops it when the widget that asked is gone, and counts what is
still running so the status bar can show progress.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from concurrent.futures import Future

    from app.orchestration.workspace import Workspace

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class MainThread(QObject):
    """Runs callables on the thread this object lives in (the UI thread)."""

    _call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Safe from any thread."""
        self._call.emit(fn)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:
            log.exception("UI callback failed")


class Tasks(QObject):
    """Futures in, callbacks on the UI thread out."""

    busy_changed = Signal(int)  # how many reads/writes/commands are still running

    def __init__(self, workspace: Workspace | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.main = MainThread(self)
        self._running = 0
        self._next = 0
        self._pending: dict[int, tuple[Future[Any], QObject, Callable[[Any], None] | None,
                                       Callable[[BaseException], None] | None]] = {}

    def agent_id(self) -> uuid.UUID | None:
        """The signed-in agent's id, for the author of what the window writes (None: unknown)."""
        return self.workspace.agent_id() if self.workspace is not None else None

    def watch(self, future: Future[T], context: QObject,
              on_result: Callable[[T], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> Future[T]:
        """Call ``on_result``/``on_error`` on the UI thread, unless ``context`` was deleted.

        The widget and its callbacks stay here, on the UI thread; the worker's done-callback
        only carries a token. (A closure holding the widget, freed on a worker thread, could
        make shiboken delete the widget a second time.)
        """
        self._next += 1
        token = self._next
        self._pending[token] = (future, context, on_result, on_error)
        self._running += 1
        self.busy_changed.emit(self._running)
        future.add_done_callback(lambda _f: self.main.post(partial(self._settle, token)))
        return future

    def _settle(self, token: int) -> None:
        future, context, on_result, on_error = self._pending.pop(token)
        self._running -= 1
        self.busy_changed.emit(self._running)
        if not shiboken6.isValid(context):
            return  # the widget that asked is gone
        error = future.exception()
        if error is not None and getattr(error, "code", "") == "closed":
            return  # asked while the window was closing: nobody waits for the answer
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("background task failed: %s", error, exc_info=error)
        elif on_result is not None:
            on_result(future.result())

    def read(self, fn: Callable[Concatenate[Any, P], T], /,
             *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Start a store read: ``tasks.watch(tasks.read(fn, ...), self, on_result)``."""
        if self.workspace is None:
            raise RuntimeError("no case store")
        return self.workspace.read(fn, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[Any, P], T], /,
              *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Start a store write (committed in order on the writer thread)."""
        if self.workspace is None:
            raise RuntimeError("no case store")
        return self.workspace.write(fn, *args, **kwargs)
