"""The SR translation workflow in the window: ask for one, see the queue, translate.

``TranslationsPanel`` is the SR view's "Translations" tab: each source beside its translation.
``TranslateDialog`` shows the source on the left and takes the translation on the right.
``TranslationQueueView`` lists what waits, oldest first, for the translation queue dock. All
reading and writing goes through ``Tasks`` to app.cases.translations.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cases import translations
from app.cases.models import Language
from app.cases.service import MAX_BODY
from app.ui.labels import error_text, language_label, local_datetime, priority_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.cases.translations import QueueItem, TranslationInfo
    from app.ui.tasks import Tasks

LANGUAGES = (Language.JA, Language.EN, Language.ZH)
REFRESH_MS = 60_000  # colleagues' requests arrive through the store: look again this often
ID_ROLE = Qt.ItemDataRole.UserRole


def request_menu(parent: QWidget, source: Language,
                 on_pick: Callable[[Language], None]) -> QMenu:
    """"Needs translation into …" for each language the text is not in."""
    menu = QMenu(parent)
    for target in LANGUAGES:
        if target != source:
            action = menu.addAction(QCoreApplication.translate(
                "Translations", "Needs translation into {language}").format(
                    language=language_label(target)))
            action.triggered.connect(partial(on_pick, target))
    return menu


def direction_text(source: Language, target: Language) -> str:
    return QCoreApplication.translate("Translations", "{source} → {target}").format(
        source=language_label(source), target=language_label(target))


class TranslationsPanel(QWidget):
    """An SR's translations: the source beside its translation, the waiting ones marked."""

    translate_requested = Signal(object)  # request id
    description_requested = Signal(object)  # target Language

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[TranslationInfo, ...] = ()
        self._case_language = Language.JA
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("caseTranslations")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self.table.resizeRowsToContents())  # re-wrap at the new width
        self.table.itemActivated.connect(self._activated)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.translate_button = QPushButton()
        self.translate_button.setObjectName("translateButton")
        self.translate_button.clicked.connect(self._translate_selected)
        self.describe_button = QToolButton()
        self.describe_button.setObjectName("describeTranslation")
        self.describe_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.describe_button)
        buttons.addStretch(1)
        buttons.addWidget(self.translate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self.set_rows((), Language.JA)

    def set_rows(self, rows: tuple[TranslationInfo, ...], case_language: Language) -> None:
        selected = self.selected_id()
        self.rows = rows
        if case_language != self._case_language or self.describe_button.menu() is None:
            self._case_language = case_language
            self._describe_menu()
        self.table.setRowCount(len(rows))
        for row, info in enumerate(rows):
            for column, text in enumerate((self._source_text(info),
                                           self._translation_text(info))):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, info.id)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if column == 1 and info.translation is None:
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if info.id == selected:
                self.table.selectRow(row)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not rows)
        self._update_buttons()

    def waiting(self) -> int:
        return sum(1 for r in self.rows if r.translation is None)

    def selected_id(self) -> uuid.UUID | None:
        items = self.table.selectedItems()
        value = items[0].data(ID_ROLE) if items else None
        return value if isinstance(value, uuid.UUID) else None

    def _source_text(self, info: TranslationInfo) -> str:
        what = (self.tr("Note") if info.note_id is not None else self.tr("SR description"))
        header = self.tr("{what} · {language}").format(
            what=what, language=language_label(info.source_language))
        return f"{header}\n{info.source_text}"

    def _translation_text(self, info: TranslationInfo) -> str:
        if info.translation is None:
            if info.requested_by:
                return self.tr("Waiting for a translation into {language} since {time} "
                               "(asked by {name})").format(
                    language=language_label(info.target_language),
                    time=local_datetime(info.requested_at), name=info.requested_by)
            return self.tr("Waiting for a translation into {language} since {time}").format(
                language=language_label(info.target_language),
                time=local_datetime(info.requested_at))
        when = local_datetime(info.translated_at) if info.translated_at else ""
        if info.translated_by:
            header = self.tr("{language} · {author} · {time}").format(
                language=language_label(info.target_language), author=info.translated_by,
                time=when)
        else:
            header = self.tr("{language} · {time}").format(
                language=language_label(info.target_language), time=when)
        return f"{header}\n{info.translation}"

    def _activated(self, item: QTableWidgetItem) -> None:
        value = item.data(ID_ROLE)
        if isinstance(value, uuid.UUID) and self._is_waiting(value):
            self.translate_requested.emit(value)

    def _translate_selected(self) -> None:
        selected = self.selected_id()
        if selected is not None and self._is_waiting(selected):
            self.translate_requested.emit(selected)

    def _is_waiting(self, request_id: uuid.UUID) -> bool:
        return any(r.id == request_id and r.translation is None for r in self.rows)

    def _update_buttons(self) -> None:
        selected = self.selected_id()
        self.translate_button.setEnabled(selected is not None and self._is_waiting(selected))

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Original"), self.tr("Translation")])
        self.table.setAccessibleName(self.tr("Translations: each original beside its "
                                             "translation"))
        self.translate_button.setText(self.tr("&Translate…"))
        self.translate_button.setAccessibleName(self.tr("Translate the selected text"))
        self.describe_button.setText(self.tr("Description needs translation"))
        self.describe_button.setToolTip(self.tr(
            "Puts the SR's description in the translation queue. To ask for a note, "
            "right-click it in Notes."))
        self.empty.setText(self.tr(
            "Nothing to translate yet. Right-click a note in Notes to ask for a translation."))
        self._describe_menu()
        if self.rows:
            self.set_rows(self.rows, self._case_language)

    def _describe_menu(self) -> None:
        """The languages the description can be asked in: not the SR's own."""
        old = self.describe_button.menu()
        self.describe_button.setMenu(request_menu(self, self._case_language,
                                                  self.description_requested.emit))
        if old is not None:
            old.deleteLater()  # one menu per button, not one more per reload

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TranslateDialog(QDialog):
    """The original on the left, read-only; the translation typed on the right."""

    def __init__(self, heading: str, info: TranslationInfo, parent: QWidget | None = None,
                 *, text: str = "", problem: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("translateDialog")
        self.info = info
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.source_label = QLabel()
        self.source = QPlainTextEdit(info.source_text)
        self.source.setObjectName("translationSource")
        self.source.setReadOnly(True)
        self.target_label = QLabel()
        self.target = QPlainTextEdit(text)
        self.target.setObjectName("translationTarget")
        self.target.setTabChangesFocus(True)
        self.target_label.setBuddy(self.target)
        self.problem = QLabel(problem)
        self.problem.setObjectName("translationProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c5221f;")
        self.problem.setVisible(bool(problem))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(self.source_label, 0, 0)
        grid.addWidget(self.target_label, 0, 1)
        grid.addWidget(self.source, 1, 0)
        grid.addWidget(self.target, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        self.retranslate()
        self.target.setFocus()

    def text(self) -> str:
        return self.target.toPlainText()

    def _save(self) -> None:
        text = self.text()
        if not text.strip():
            self.problem.setText(self.tr("Type the translation first."))
            self.problem.show()
            return
        if len(text) > MAX_BODY:
            self.problem.setText(self.tr("The translation is too long."))
            self.problem.show()
            return
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Translate: {direction}").format(
            direction=direction_text(self.info.source_language, self.info.target_language)))
        self.source_label.setText(self.tr("Original ({language})").format(
            language=language_label(self.info.source_language)))
        self.source.setAccessibleName(self.tr("Original text"))
        self.target_label.setText(self.tr("&Translation ({language})").format(
            language=language_label(self.info.target_language)))
        self.target.setAccessibleName(self.tr("Translation"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TranslationQueueView(QWidget):
    """What waits for a translation, oldest first, with its SR and priority."""

    open_request = Signal(object, object)  # case id, request id
    count_changed = Signal(int)  # how many wait in all

    COLUMNS = 6

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.items: tuple[QueueItem, ...] = ()
        self.total = 0
        self._seq = 0
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("translationQueue")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemActivated.connect(self._activated)
        self.status = QLabel()
        self.status.setObjectName("translationQueueStatus")
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_selected)
        self.table.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(bool(self.table.selectedItems())))
        self.open_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.retranslate()

    def refresh(self) -> None:
        if self.tasks.workspace is None:
            return  # no store (the window without a case database)
        self._seq += 1
        self.tasks.watch(self.tasks.read(translations.queue_with_count), self,
                         partial(self._loaded, self._seq), self._failed)

    def _loaded(self, seq: int, result: tuple[tuple[QueueItem, ...], int]) -> None:
        if seq != self._seq:
            return
        self.items, self.total = result
        self._show()
        self.count_changed.emit(self.total)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The translation queue could not be read: {reason}")
                            .format(reason=error_text(exc)))

    def _show(self) -> None:
        selected = self._selected()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (local_datetime(item.requested_at), item.case_number,
                     priority_label(item.priority),
                     direction_text(item.source_language, item.target_language),
                     item.requested_by, item.excerpt)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, item.id)
                if column == 1:
                    cell.setToolTip(item.case_title)
                self.table.setItem(row, column, cell)
            if selected is not None and item.id == selected.id:
                self.table.selectRow(row)
        self._show_status()

    def _show_status(self) -> None:
        if not self.total:
            self.status.setText(self.tr("Nothing waits for a translation."))
        else:
            self.status.setText(self.tr("%n text(s) waiting for a translation, oldest first.",
                                        "", self.total))

    def _selected(self) -> QueueItem | None:
        items = self.table.selectedItems()
        wanted = items[0].data(ID_ROLE) if items else None
        return next((i for i in self.items if i.id == wanted), None)

    def _activated(self, _cell: QTableWidgetItem) -> None:
        self._open_selected()

    def _open_selected(self) -> None:
        item = self._selected()
        if item is not None:
            self.open_request.emit(item.case_id, item.id)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Waiting since"), self.tr("SR"), self.tr("Priority"), self.tr("Languages"),
            self.tr("Asked by"), self.tr("Text")])
        self.table.setAccessibleName(self.tr("Translation queue, oldest first"))
        self.open_button.setText(self.tr("&Open and translate"))
        if self.items:
            self._show()
        else:
            self._show_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

