"""The status-update run: the SRs waiting on the customer for too long, called one by one.

The list is app.cases.status_updates' (pending-customer, untouched for the days chosen here).
"Next call" dials the next SR of the run not yet called, bound to that SR; its wrap-up note
starts from the SR language's template (``template_for``, asked by the window when the
wrap-up starts). An SR called in this run is not offered again until the run starts over.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cases import status_updates
from app.ui import labels

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from app.cases.models import Language
    from app.cases.status_updates import StatusUpdate
    from app.orchestration.desk import CallLogged
    from app.ui.callcenter import CallCenter
    from app.ui.tasks import Tasks


def utc_now() -> datetime:
    return datetime.now(UTC)


class StatusUpdatesView(QWidget):
    """The run's list and its "Next call". ``clock``: aware UTC now (tests inject it)."""

    error = Signal(str)
    loaded = Signal()

    def __init__(self, tasks: Tasks, center: CallCenter, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = utc_now,
                 days: int = status_updates.DEFAULT_DAYS) -> None:
        super().__init__(parent)
        self.setObjectName("statusUpdatesView")
        self.tasks = tasks
        self.center = center
        self.clock = clock
        self.rows: tuple[StatusUpdate, ...] = ()
        self.called: set[uuid.UUID] = set()  # SRs called in this run
        self._calls: dict[str, StatusUpdate] = {}  # engine call id -> the SR it is about

        self.days_label = QLabel()
        self.days = QSpinBox()
        self.days.setObjectName("statusUpdateDays")
        self.days.setRange(1, 365)
        self.days.setValue(days)
        self.days_label.setBuddy(self.days)
        self.days.valueChanged.connect(lambda _days: self.refresh())
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("statusUpdatesTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.progress = QLabel()
        self.progress.setObjectName("statusUpdateProgress")
        self.restart = QPushButton()
        self.restart.setObjectName("statusUpdateRestart")
        self.restart.clicked.connect(self.start_over)
        self.next_button = QPushButton()
        self.next_button.setObjectName("statusUpdateNext")
        self.next_button.clicked.connect(self.call_next)
        # One row under the table: the bottom docks share a height, and this one must not
        # take the calls column's.
        bottom = QHBoxLayout()
        bottom.addWidget(self.days_label)
        bottom.addWidget(self.days)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.restart)
        bottom.addWidget(self.next_button)
        self.days.setMaximumHeight(self.next_button.sizeHint().height())  # the row's height
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        center.call_logged.connect(self._call_logged)
        self.retranslate()
        if tasks.workspace is not None:
            self.refresh()

    def refresh(self) -> None:
        if self.tasks.workspace is None:
            return
        self.tasks.watch(self.tasks.workspace.cases_needing_update(self.clock(),
                                                                   self.days.value()),
                         self, self._loaded, lambda exc: self.error.emit(labels.error_text(exc)))

    def _loaded(self, rows: tuple[StatusUpdate, ...]) -> None:
        self.rows = rows
        self._fill()
        self.loaded.emit()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for n, row in enumerate(self.rows):
            done = row.case_id in self.called
            texts = (labels.case_number_label(row.case_number), row.who, row.title,
                     labels.language_label(row.language), labels.local_datetime(row.touched_at))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if done:
                    font = item.font()
                    font.setStrikeOut(True)  # called in this run
                    item.setFont(font)
                self.table.setItem(n, column, item)
        left = len(self.waiting())
        self.progress.setText(self.tr("%n SR(s) left to call", "", left))
        self.next_button.setEnabled(left > 0)

    def waiting(self) -> list[StatusUpdate]:
        return [r for r in self.rows if r.case_id not in self.called and r.number]

    def call_next(self) -> None:
        """Dial the next SR of the run, the call bound to it."""
        waiting = self.waiting()
        if not waiting:
            return
        row = waiting[0]
        self.called.add(row.case_id)
        placed = self.center.dial(row.number, case_number=row.case_number)
        self.tasks.watch(placed, self, partial(self._dialled, row), lambda _exc: None)
        self._fill()

    def _dialled(self, row: StatusUpdate, call_id: str) -> None:
        self._calls[call_id] = row

    def template_for(self, call_id: str) -> tuple[str, Language] | None:
        """The wrap-up note a call of this run starts from, in its SR's language."""
        row = self._calls.get(call_id)
        if row is None:
            return None
        return status_updates.note_template(row.language, row.case_number), row.language

    def _call_logged(self, logged: CallLogged) -> None:
        if logged.outcome and logged.call_id in self._calls:
            self.refresh()  # the SR was touched by the call: it leaves the list

    def start_over(self) -> None:
        self.called.clear()
        self.refresh()

    def retranslate(self) -> None:
        self.days_label.setText(self.tr("Waiting on the customer, untouched for &days:"))
        self.days.setAccessibleName(self.tr("Days without a change, note or call"))
        self.table.setAccessibleName(self.tr("SRs needing a status update, oldest first"))
        self.table.setHorizontalHeaderLabels([
            self.tr("SR"), self.tr("Customer"), self.tr("Title"), self.tr("Language"),
            self.tr("Last touched")])
        self.restart.setText(self.tr("Start &over"))
        self.next_button.setText(self.tr("&Next call"))
        self.next_button.setAccessibleName(self.tr("Call the next SR of the run"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
