"""A table that fetches its rows a keyset page at a time as the view scrolls near the end.

Qt asks ``canFetchMore``/``fetchMore``; one page load runs at a time, off the GUI thread
(app.ui.tasks). A new filter, sort or refresh bumps a generation counter, so a page of the list
that was replaced and lands late is dropped rather than mixed in. After a failure the model stops
fetching (no retry loop against a database that is down) until the next refresh.

Subclasses say how to ask for a page (``_request``) and how to read one (``_split``); the
call history (app.ui.history) and the leader's call explorer (app.ui.console_explorer) are two.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Signal

if TYPE_CHECKING:
    from collections.abc import Sequence
    from concurrent.futures import Future

    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
Key = TypeVar("Key")


class PagedTableModel(QAbstractTableModel, Generic[Row, Key]):
    """Rows of one list, a page at a time; see the module's text."""

    rows_loaded = Signal(int)  # rows the page that just landed brought (0: nothing more)
    loading_changed = Signal(bool)
    load_failed = Signal(object)  # the exception; the list keeps what it had

    WHAT = "rows"  # for the log: what a failed page was a page of

    def __init__(self, tasks: Tasks, parent: QObject | None, page_size: int) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.page_size = page_size
        self._rows: list[Row] = []
        self._after: Key | None = None
        self._more = False  # nothing to fetch until the first page says so
        self._loading = False
        self._failed = False
        self._generation = 0
        self.loaded_at: datetime | None = None  # when the list on screen was asked for

    # -- what a subclass says --------------------------------------------------------------

    def _request(self, after: Key | None) -> Future[Any] | None:
        """The page after ``after`` (None: the first), or None when there is nothing to ask."""
        raise NotImplementedError

    def _split(self, page: Any) -> tuple[Sequence[Row], Key | None]:
        """A page's rows and the key of the next one (None: the last page)."""
        raise NotImplementedError

    def _replacing(self) -> None:
        """Inside the reset when a first page replaces the list: drop what hangs on rows."""

    # -- loading ---------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        """The list again from its first page; pages of the old list that land late are dropped."""
        self._generation += 1
        self._failed = False
        self._load(replace=True)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return (not parent.isValid() and self._more and not self._loading
                and not self._failed)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._load(replace=False)

    def _load(self, *, replace: bool) -> None:
        generation = self._generation
        asked = datetime.now(UTC)
        future = self._request(None if replace else self._after)
        if future is None:
            return
        self._set_loading(True)
        self.tasks.watch(future, self,
                         lambda page: self._arrived(generation, replace, asked, page),
                         lambda exc: self._load_failed(generation, exc))

    def _arrived(self, generation: int, replace: bool, asked: datetime, page: Any) -> None:
        if generation != self._generation:
            return  # a page of a list that has since been replaced
        rows, after = self._split(page)
        if replace:
            self.beginResetModel()
            self._rows = list(rows)
            self._replacing()
            self.endResetModel()
            self.loaded_at = asked
        elif rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._after = after
        self._more = after is not None
        self._set_loading(False)
        self.rows_loaded.emit(len(rows))

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("a page of %s failed: %s", self.WHAT, exc)
        self._failed = True
        self._set_loading(False)
        self.load_failed.emit(exc)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # -- rows ------------------------------------------------------------------------------

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)
