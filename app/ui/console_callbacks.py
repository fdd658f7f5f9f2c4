"""The team console's overdue callbacks: what the team promised to call back and has not, the
longest waiting first (app.console.callbacks, read as the leader: row security decides whose).

The centre's clock decides what is overdue; how long each has waited is counted from this PC's
clock at the moment the list arrived (injected: the tests fix it). The list is read again when
the tab is shown, on Refresh, and every minute while the console window is open; a failed read
says why and keeps the rows it had, marked with the time they were read.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.console.service import OVERDUE_LIMIT
from app.ui import labels
from app.ui.console_common import console_error, zone, zoned_datetime

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from app.console.callbacks import OverdueCallback
    from app.console.service import ConsoleService
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
REFRESH_MS = 60_000  # read again every minute while the window is open
WARN_AFTER = timedelta(hours=1)  # longer overdue than this: the warning colour and word
# The theme's warning amber (app.ui.theme) on a light base; a lighter amber that reads on a
# dark one.
WARNING_LIGHT, WARNING_DARK = "#b06000", "#fdd663"
MAX_TEXT_COLUMN_CHARS = 40  # a long SR title or reason is cut (full text in the tooltip)
PAGE_TABLE, PAGE_EMPTY = range(2)


def utc_now() -> datetime:
    return datetime.now(UTC)


def overdue_text(late: timedelta) -> str:
    """How long a callback has waited: "2 h 15 min", "3 d 4 h", "45 min"."""
    minutes = max(0, int(late.total_seconds())) // 60
    if minutes < 1:
        return QCoreApplication.translate("OverdueCallbacks", "less than 1 min")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return QCoreApplication.translate("OverdueCallbacks", "{days} d {hours} h").format(
            days=days, hours=hours)
    if hours:
        return QCoreApplication.translate("OverdueCallbacks", "{hours} h {minutes} min")\
            .format(hours=hours, minutes=minutes)
    return QCoreApplication.translate("OverdueCallbacks", "{minutes} min").format(
        minutes=minutes)


def warning_colour(palette: QPalette) -> QColor:
    """The warning colour that reads on this palette's base (light or dark theme)."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor(WARNING_DARK if dark else WARNING_LIGHT)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class OverdueCallbackModel(QAbstractTableModel):
    """The overdue callbacks in the centre's order (the longest waiting first)."""

    (COL_DUE, COL_LATE, COL_AGENT, COL_NUMBER, COL_CASE, COL_TITLE, COL_REASON, COL_LANGUAGE,
     COL_PRIORITY) = range(9)
    COLUMNS = 9
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the OverdueCallback itself
    LATE_ROLE = Qt.ItemDataRole.UserRole + 2  # its timedelta overdue

    def __init__(self, time_zone: str, clock: Callable[[], datetime] = utc_now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.time_zone = time_zone
        self.clock = clock
        self.rows: Sequence[OverdueCallback] = ()
        self.at = clock()  # when the rows arrived: how long they waited is counted to it

    def set_rows(self, rows: Sequence[OverdueCallback]) -> None:
        self.beginResetModel()
        self.rows, self.at = rows, self.clock()
        self.endResetModel()

    def row_at(self, row: int) -> OverdueCallback | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def late(self, callback: OverdueCallback) -> timedelta:
        return max(timedelta(0), self.at - callback.due_at)

    def warned(self, callback: OverdueCallback) -> bool:
        return self.late(callback) > WARN_AFTER

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, self.COLUMNS - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = {
            self.COL_DUE: self.tr("Due"),
            self.COL_LATE: self.tr("Overdue by"),
            self.COL_AGENT: self.tr("Agent"),
            self.COL_NUMBER: self.tr("Number"),
            self.COL_CASE: self.tr("SR"),
            self.COL_TITLE: self.tr("SR title"),
            self.COL_REASON: self.tr("Reason"),
            self.COL_LANGUAGE: self.tr("Language"),
            self.COL_PRIORITY: self.tr("Priority"),
        }
        return names.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == self.ROW_ROLE:
            return row
        if role == self.LATE_ROLE:
            return self.late(row)
        warned = self.warned(row)
        if role == Qt.ItemDataRole.ForegroundRole and warned:
            # Read at paint time: a theme switched while the console is open is followed.
            return warning_colour(QGuiApplication.palette())
        if role == Qt.ItemDataRole.FontRole and warned and column == self.COL_LATE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column, warned)
        return None

    def _text(self, row: OverdueCallback, column: int) -> str:
        if column == self.COL_DUE:
            return zoned_datetime(row.due_at, self.time_zone)
        if column == self.COL_LATE:
            waited = overdue_text(self.late(row))
            if self.warned(row):  # the word too, not the colour alone
                return self.tr("{duration} (over an hour)").format(duration=waited)
            return waited
        if column == self.COL_AGENT:
            return row.agent_name
        if column == self.COL_NUMBER:
            return labels.phone(row.number)
        if column == self.COL_CASE:
            return labels.case_number_label(row.case_number)
        if column == self.COL_TITLE:
            return _one_line(row.case_title)
        if column == self.COL_REASON:
            return _one_line(row.reason)
        if column == self.COL_LANGUAGE:
            return labels.language_label(row.language)
        if column == self.COL_PRIORITY:
            return labels.priority_label(row.priority) if row.priority else ""
        return ""

    def _tip(self, row: OverdueCallback, column: int, warned: bool) -> str | None:
        if column == self.COL_TITLE and row.case_title:
            return row.case_title
        if column == self.COL_REASON and row.reason:
            return row.reason
        if warned:
            return self.tr("Overdue by more than an hour")
        return None


class OverdueCallbacksTab(QWidget):
    """The overdue list, a Refresh button, the time it was read; an empty state; errors."""

    loaded = Signal(object)  # the list of OverdueCallback now shown
    failed = Signal(str)  # the translated sentence shown
    counted = Signal()  # the tab's title (its count) changed

    def __init__(self, service: ConsoleService, tasks: Tasks, *,
                 clock: Callable[[], datetime] = utc_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdueCallbacks")
        self.service = service
        self.tasks = tasks
        self.rows: Sequence[OverdueCallback] | None = None  # None: not read yet
        self._generation = 0
        self.model = OverdueCallbackModel(service.time_zone, clock, self)

        self.summary = QLabel()
        self.summary.setObjectName("overdueSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("overdueRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.refresh_button)
        self.status = QLabel()
        self.status.setObjectName("overdueStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()

        self.table = QTableView()
        self.table.setObjectName("overdueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(OverdueCallbackModel.COL_REASON,
                                    QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel()
        self.empty.setObjectName("overdueEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)

        self.timer = QTimer(self)
        self.timer.setObjectName("overdueRefreshTimer")
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate()

    # -- reading -------------------------------------------------------------------------------

    def start(self) -> None:
        """The window is open: read now (unless showing this tab just did) and every minute."""
        self.timer.start()
        if not self.isVisible():
            self.refresh()

    def stop(self) -> None:
        """The window closed: no more reads until it opens again."""
        self.timer.stop()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        self.summary.setText(self.tr("Loading…"))
        self.tasks.watch(self.service.overdue_callbacks(), self,
                         lambda rows: self._arrived(generation, rows),
                         lambda exc: self._failed(generation, exc))

    def _arrived(self, generation: int, rows: list[OverdueCallback]) -> None:
        if generation != self._generation:
            return  # a later read was asked for: its answer is the one to show
        self.rows = rows
        self.model.set_rows(rows)
        self.status.hide()
        self.pages.setCurrentIndex(PAGE_TABLE if rows else PAGE_EMPTY)
        self._size_columns()
        self._summarise()
        self.counted.emit()
        self.loaded.emit(rows)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("team console: overdue callbacks failed: %s", exc)
        text = console_error(exc)
        if self.rows is not None:  # the rows stay, saying how old they are
            text = self.tr("{error} The list below is from {time}.").format(
                error=text, time=self._read_at())
        self.status.setText(text)
        self.status.show()
        self._summarise()
        self.failed.emit(text)

    def _read_at(self) -> str:
        moment = QDateTime.fromMSecsSinceEpoch(int(self.model.at.timestamp() * 1000),
                                               zone(self.service.time_zone))
        return QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)

    def _summarise(self) -> None:
        if self.rows is None:
            self.summary.clear()
            return
        text = self.tr("Longest waiting first. Updated at {time}.").format(
            time=self._read_at())
        if len(self.rows) >= OVERDUE_LIMIT:
            text += " " + self.tr("Only the %n longest waiting are shown.", "", len(self.rows))
        self.summary.setText(text)

    def _size_columns(self) -> None:
        """Fit the columns to their text, a long title cut (its tooltip has it all)."""
        widest = self.table.fontMetrics().averageCharWidth() * MAX_TEXT_COLUMN_CHARS
        for column in range(OverdueCallbackModel.COLUMNS):
            if column != OverdueCallbackModel.COL_REASON:
                self.table.resizeColumnToContents(column)
                self.table.setColumnWidth(column, min(widest, self.table.columnWidth(column)))

    def title(self) -> str:
        """The console's tab title, with the count once it is known."""
        if self.rows is None:
            return self.tr("Overdue &callbacks")
        return self.tr("Overdue &callbacks (%n)", "", len(self.rows))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()  # the leader looks: the list as it is now

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the overdue callbacks again (they are "
                                               "read every minute while this window is open)"))
        self.empty.setText(self.tr("No overdue callbacks"))
        self.table.setAccessibleName(self.tr("Your team's overdue callbacks"))
        self.model.retranslate()
        self._summarise()
        if self.rows:
            self._size_columns()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
