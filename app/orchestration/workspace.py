"""What the desktop may ask of the case store, without SQL and without waiting for it.

Reads run on a small pool of their own sessions (SQLite in WAL mode lets them run beside the
writer). Writes go through the Desk's single writer thread, in order with the call log's own
jobs, so an SR edited during a call can never race the call's row. Both hand back a
``concurrent.futures.Future``; the UI turns it into a signal on its own thread (app.ui.tasks).

The functions passed in are the case services (``app.cases.*``): each takes the session first.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError

from app.cases import callbacks, status_updates
from app.cases.store import StoreError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from datetime import datetime

    from sqlalchemy.orm import Session

    from app.cases.callbacks import CallbackInfo
    from app.cases.models import CallbackOutcome, Language
    from app.cases.status_updates import StatusUpdate
    from app.cases.store import Store
    from app.orchestration.desk import StoreWorker

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class Workspace:
    def __init__(self, store: Store, writer: StoreWorker, readers: int = 2, *,
                 agent: Callable[[], uuid.UUID | None] | None = None) -> None:
        self.store = store
        self._writer = writer
        # Who is signed in (the Desk knows once its first job ran): notes and translations
        # written from the window carry it as their author.
        self._agent = agent
        self._pool = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="caseline-read")
        self._closed = False

    def agent_id(self) -> uuid.UUID | None:
        return self._agent() if self._agent is not None else None

    def read(self, fn: Callable[Concatenate[Session, P], T], /,
             *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run ``fn(session, ...)`` on a reader thread; nothing it does is committed."""
        if self._closed:
            return self._refused()

        def run() -> T:
            with self.store.sessions() as session:
                try:
                    return fn(session, *args, **kwargs)
                except Exception as exc:
                    raise _store_error(self.store, exc) from exc
                finally:
                    session.rollback()

        return self._pool.submit(run)

    def write(self, fn: Callable[Concatenate[Session, P], T], /,
              *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run ``fn(session, ...)`` on the writer thread and commit it.

        A locked store is retried by the writer until it goes through (the future stays
        pending meanwhile); any other error rolls the job back and lands in the future.
        """
        if self._closed:
            return self._refused()
        future: Future[T] = Future()
        future.set_running_or_notify_cancel()
        outcome: list[T] = []

        def job(session: Session) -> None:
            outcome.clear()
            try:
                result = fn(session, *args, **kwargs)
                session.flush()
            except StoreError:
                raise  # the writer retries locks and reports the problem
            except Exception as exc:
                session.rollback()
                if not future.done():
                    future.set_exception(_store_error(self.store, exc))
                return
            outcome.append(result)

        def committed() -> None:
            if outcome and not future.done():
                future.set_result(outcome[0])  # only now: the change is on disk

        self._writer.submit(job, committed)
        return future

    # -- callbacks (app.cases.callbacks): the window's due list, reminders and outcomes

    def schedule_callback(self, *, due_at: datetime, number: str = "",
                          case_id: uuid.UUID | None = None,
                          missed_call_id: uuid.UUID | None = None, reason: str = "",
                          language: Language | None = None,
                          region: str = "") -> Future[CallbackInfo]:
        """A callback for the signed-in agent (who calls: the one who scheduled it)."""
        return self.write(callbacks.schedule, due_at=due_at, number=number, case_id=case_id,
                          missed_call_id=missed_call_id, agent_id=self.agent_id(),
                          reason=reason, language=language, region=region)

    def due_callbacks(self, now: datetime) -> Future[tuple[CallbackInfo, ...]]:
        return self.read(callbacks.due_list, now)

    def record_callback(self, callback_id: uuid.UUID, outcome: CallbackOutcome, *,
                        now: datetime, call_log_id: uuid.UUID | None = None,
                        reschedule_to: datetime | None = None
                        ) -> Future[CallbackInfo | None]:
        return self.write(callbacks.record_outcome, callback_id, outcome, now=now,
                          call_log_id=call_log_id, reschedule_to=reschedule_to)

    def cases_needing_update(self, now: datetime, days: int
                             ) -> Future[tuple[StatusUpdate, ...]]:
        """A status-update run's list (app.cases.status_updates)."""
        return self.read(status_updates.needing_update, now, days=days)

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _refused(self) -> Future[T]:
        # A timer firing while the window closes: an answer, not an exception in Qt's loop.
        future: Future[T] = Future()
        where = str(self.store.path or "")
        future.set_exception(StoreError("closed", where, "the case store is closed"))
        return future


def _store_error(store: Store, exc: Exception) -> Exception:
    """Database failures become StoreError (translatable codes); domain errors pass through."""
    if isinstance(exc, OperationalError):
        return store.classify(exc)
    return exc
