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

from app.cases.store import StoreError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from sqlalchemy.orm import Session

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
