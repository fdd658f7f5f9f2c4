"""Find an SR: by its number, the caller's phone number in any format, customer code, contact or
company name. Searches after a short pause in typing, on a store reader thread."""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cases import casework
from app.ui import labels
from app.ui.labels import error_text, local_datetime, priority_label, status_label

if TYPE_CHECKING:
    from app.cases.casework import CaseHit
    from app.ui.tasks import Tasks


class CaseSearch(QWidget):
    open_case = Signal(object)  # uuid.UUID of the SR to open

    debounce_ms = 300
    limit = 50

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseSearch")
        self.tasks = tasks
        self.hits: list[CaseHit] = []
        self._seq = 0
        self._searched = ""  # the text the shown results are for
        self._open_when_ready = False  # Enter came before the results

        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.field = QLineEdit()
        self.field.setObjectName("caseSearchField")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._typed)
        self.field.installEventFilter(self)
        self.title.setBuddy(self.field)
        self.results = QTreeWidget()
        self.results.setObjectName("caseSearchResults")
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setColumnCount(7)
        self.results.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.results.header().setStretchLastSection(False)
        self.results.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results.itemActivated.connect(self._activated)  # Enter and double-click
        self.state = QLabel()
        self.state.setObjectName("caseSearchState")
        self.purpose = QLabel()
        self.purpose.setObjectName("caseSearchPurpose")
        self.purpose.setWordWrap(True)
        self.purpose.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.purpose)
        layout.addWidget(self.field)
        layout.addWidget(self.state)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.field)
        QWidget.setTabOrder(self.field, self.results)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.debounce_ms)
        self._timer.timeout.connect(self.search)
        self.retranslate()

    def set_purpose(self, text: str) -> None:
        """What picking a result will do (attach a call to it), or "" to just open it."""
        self.purpose.setText(text)
        self.purpose.setVisible(bool(text))

    def retranslate(self) -> None:
        self.title.setText(self.tr("&Find an SR"))
        self.field.setAccessibleName(self.tr("Search SRs"))
        self.field.setPlaceholderText(self.tr(
            "SR number, phone number, customer code, contact or company name"))
        self.results.setAccessibleName(self.tr("SRs found"))
        self.results.setHeaderLabels([self.tr("SR"), self.tr("Title"), self.tr("Status"),
                                      self.tr("Priority"), self.tr("Company"),
                                      self.tr("Contact"), self.tr("Updated")])
        self._show(self.hits)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.field and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
            if event.key() == Qt.Key.Key_Down and self.results.topLevelItemCount():
                self.results.setFocus(Qt.FocusReason.TabFocusReason)
                first = self.results.topLevelItem(0)
                if self.results.currentItem() is None and first is not None:
                    self.results.setCurrentItem(first)
                return True
        return super().eventFilter(watched, event)

    def _typed(self, _text: str) -> None:
        self._open_when_ready = False
        self._timer.start(self.debounce_ms)

    def search(self) -> None:
        """Search for the field's text now (the pause in typing does this by itself)."""
        self._timer.stop()
        text = self.field.text().strip()
        self._seq += 1
        if not text:
            self._searched = ""
            self._show([])
            self.state.clear()
            return
        self.state.setText(self.tr("Searching…"))
        self.tasks.watch(self.tasks.read(casework.search_cases, text, self.limit,
                                         region=labels.region()),
                         self, partial(self._found, self._seq, text),
                         partial(self._failed, self._seq))

    def open_selected(self) -> None:
        """Enter: open the highlighted SR (the first one), once the results are in."""
        if self._timer.isActive() or self._searched != self.field.text().strip():
            self._open_when_ready = True
            self.search()
            return
        item = self.results.currentItem() or self.results.topLevelItem(0)
        if item is not None:
            self._activated(item)

    def _found(self, seq: int, text: str, hits: list[CaseHit]) -> None:
        if seq != self._seq:
            return  # the agent typed on; a newer search is coming
        self._searched = text
        self._show(hits)
        if self._open_when_ready and hits:
            self._open_when_ready = False
            self.open_case.emit(hits[0].id)

    def _failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._seq:
            self._open_when_ready = False
            self.state.setText(error_text(exc))

    def _show(self, hits: list[CaseHit]) -> None:
        self.hits = list(hits)
        self.results.clear()
        for hit in self.hits:
            item = QTreeWidgetItem([hit.number, hit.title, status_label(hit.status),
                                    priority_label(hit.priority), hit.company, hit.contact,
                                    local_datetime(hit.updated_at)])
            item.setData(0, Qt.ItemDataRole.UserRole, hit.id)
            self.results.addTopLevelItem(item)
        first = self.results.topLevelItem(0)
        if first is not None:
            self.results.setCurrentItem(first)
        if not self._searched:
            self.state.clear()
        elif not self.hits:
            self.state.setText(self.tr("No SR found for “{text}”.").format(text=self._searched))
        elif len(self.hits) >= self.limit:
            self.state.setText(self.tr("The first %n SRs; type more to narrow it down.", "",
                                       len(self.hits)))
        else:
            self.state.setText(self.tr("%n SR(s) found.", "", len(self.hits)))

    def _activated(self, item: QTreeWidgetItem) -> None:
        case_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(case_id, uuid.UUID):
            self.open_case.emit(case_id)
