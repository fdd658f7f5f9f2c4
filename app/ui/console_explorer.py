"""The team console's call explorer: the team's calls filtered, sorted and keyset-paged, and
the selected call opened with its SR, notes, translations and recording.

``CallPageModel`` asks the console service for one page at a time as the view scrolls to the
end (``canFetchMore``/``fetchMore``), in the order of the header the leader clicked (the sorts
app.console.explorer supports; other columns do not sort). A new filter or sort bumps a
generation counter: a page of the previous list that lands late is dropped (app.ui.paged).
"""

from __future__ import annotations

import html
import logging
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.cases import choices
from app.cases.models import Direction, Language, Outcome
from app.common.quality import POOR_MOS
from app.console.explorer import CallFilter, Sort
from app.console.search import MAX_TERM
from app.ui import labels
from app.ui.console_common import (
    ExportRun,
    ZonePicker,
    choose_export,
    console_error,
    kpi_text,
    pydate,
    qdate,
    zoned_datetime,
)
from app.ui.icons import icon
from app.ui.paged import PagedTableModel

if TYPE_CHECKING:
    from collections.abc import Sequence
    from concurrent.futures import Future
    from pathlib import Path

    from app.cases.choices import Choice
    from app.console.explorer import CallRow, NoteInfo, Page
    from app.console.report import Format
    from app.console.service import CallView, ConsoleService, Team
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 100
TYPING_PAUSE_MS = 300  # a typed filter applies once typing pauses this long
DEFAULT_DAYS = 7  # the period shown first: the last week, today included


def export_label(column: str, code: str) -> str:
    """A code of an exported call by the name the UI gives it (any thread: translate is
    thread-safe)."""
    if column == "direction":
        return labels.direction_label(code)
    if column == "outcome":
        return labels.outcome_label(code)
    if column == "caller_language":
        return labels.language_label(code)
    return code


class CallPageModel(PagedTableModel["CallRow", str]):
    """The team's calls under one filter and sort, a page at a time."""

    WHAT = "the team console's calls"
    (COL_TIME, COL_AGENT, COL_DIRECTION, COL_CALLER, COL_CASE, COL_QUEUE, COL_LANGUAGE,
     COL_OUTCOME, COL_DISPOSITION, COL_RING, COL_TALK, COL_HOLD) = range(12)
    COLUMNS = 12
    SORTS: ClassVar[dict[int, Sort]] = {
        COL_TIME: Sort.STARTED_AT, COL_AGENT: Sort.AGENT, COL_OUTCOME: Sort.OUTCOME,
        COL_DISPOSITION: Sort.DISPOSITION, COL_RING: Sort.RING_SECONDS,
        COL_TALK: Sort.TALK_SECONDS, COL_HOLD: Sort.HOLD_SECONDS}
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the CallRow itself

    def __init__(self, service: ConsoleService, tasks: Tasks, parent: QObject | None = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(tasks, parent, page_size)
        self.service = service
        self.filter: CallFilter | None = None
        self.sort_key = Sort.STARTED_AT
        self.descending = True
        self.dispositions: dict[str, Choice] = {}

    # -- loading -----------------------------------------------------------------------------

    def set_filter(self, new: CallFilter) -> None:
        self.filter = new
        self.reload()

    def _request(self, after: str | None) -> Future[Page] | None:
        if self.filter is None:
            return None
        return self.service.page(self.filter, sort=self.sort_key, descending=self.descending,
                                 after=after, page_size=self.page_size)

    def _split(self, page: Page) -> tuple[Sequence[CallRow], str | None]:
        return page.rows, page.after

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORTS.get(column)
        if key is None:
            return  # the explorer pages by these keys only; the view puts the indicator back
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def sort_column(self) -> int:
        return next(c for c, k in self.SORTS.items() if k is self.sort_key)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.COLUMNS - 1))

    # -- the table -----------------------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section not in self.SORTS:
            return self.tr("The calls cannot be sorted by this column.")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        names = {
            self.COL_TIME: self.tr("Started"),
            self.COL_AGENT: self.tr("Agent"),
            self.COL_DIRECTION: self.tr("Direction"),
            self.COL_CALLER: self.tr("Caller"),
            self.COL_CASE: self.tr("SR"),
            self.COL_QUEUE: self.tr("Queue"),
            self.COL_LANGUAGE: self.tr("Language"),
            self.COL_OUTCOME: self.tr("Outcome"),
            self.COL_DISPOSITION: self.tr("Disposition"),
            self.COL_RING: self.tr("Ring"),
            self.COL_TALK: self.tr("Talk"),
            self.COL_HOLD: self.tr("Hold"),
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
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CASE and row.case_title:
            return row.case_title
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                self.COL_RING, self.COL_TALK, self.COL_HOLD):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: CallRow, column: int) -> str:
        tz = self.filter.time_zone if self.filter is not None else "UTC"
        if column == self.COL_TIME:
            return zoned_datetime(row.started_at, tz)
        if column == self.COL_AGENT:
            return row.agent_name
        if column == self.COL_DIRECTION:
            return labels.direction_label(row.direction)
        if column == self.COL_CALLER:
            number = labels.phone(row.number_raw, row.number_e164)
            return " / ".join(p for p in (row.display_name, number) if p)
        if column == self.COL_CASE:
            return labels.case_number_label(row.case_number or "")
        if column == self.COL_QUEUE:
            return row.queue or ""
        if column == self.COL_LANGUAGE:
            return labels.language_label(row.caller_language)
        if column == self.COL_OUTCOME:
            return labels.outcome_label(row.outcome)
        if column == self.COL_DISPOSITION:
            code = row.disposition_code or ""
            found = self.dispositions.get(code)
            return found.label(QLocale().name()) if found is not None else code
        seconds = {self.COL_RING: row.ring_seconds, self.COL_TALK: row.talk_seconds,
                   self.COL_HOLD: row.hold_seconds}
        return labels.talk_time(seconds.get(column, 0.0))


class CallDetailPane(QWidget):
    """The selected call: its SR, the notes with their translations, the recording."""

    shown = Signal(object)  # the CallView now shown (None: the call is gone)

    def __init__(self, service: ConsoleService, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self.view: CallView | None = None
        self.time_zone = service.time_zone
        self._asked: uuid.UUID | None = None
        self.heading = QLabel()
        self.heading.setObjectName("consoleCallHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.case_label = QLabel()
        self.case_label.setObjectName("consoleCallCase")
        self.case_label.setWordWrap(True)
        self.case_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_title = QLabel()
        self.notes_title.setObjectName("sectionTitle")
        self.notes = QTextBrowser()
        self.notes.setObjectName("consoleCallNotes")
        self.notes.setOpenLinks(False)
        self.play = QPushButton()
        self.play.setObjectName("consolePlayRecording")
        self.play.setIcon(icon("record"))
        self.play.clicked.connect(self.play_recording)
        self.recording_reason = QLabel()
        self.recording_reason.setObjectName("consoleRecordingReason")
        self.recording_reason.setWordWrap(True)
        recording = QHBoxLayout()
        recording.addWidget(self.play)
        recording.addWidget(self.recording_reason, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.case_label)
        layout.addLayout(recording)
        layout.addWidget(self.notes_title)
        layout.addWidget(self.notes, 1)
        self.show_call(None)

    def open_call(self, call_id: uuid.UUID | None, time_zone: str) -> None:
        self.time_zone = time_zone
        self._asked = call_id
        if call_id is None:
            self.show_call(None)
            return
        self.heading.setText(self.tr("Loading…"))
        self.tasks.watch(self.service.call(call_id), self,
                         lambda view: self._arrived(call_id, view),
                         lambda exc: self._failed(call_id, exc))

    def _arrived(self, call_id: uuid.UUID, view: CallView | None) -> None:
        if call_id == self._asked:
            self.show_call(view)
            if view is None:
                self.heading.setText(self.tr("This call is no longer in your team's calls."))
            self.shown.emit(view)

    def _failed(self, call_id: uuid.UUID, exc: BaseException) -> None:
        if call_id == self._asked:
            self.show_call(None)
            self.heading.setText(console_error(exc))

    def show_call(self, view: CallView | None) -> None:
        self.view = view
        self.retranslate()

    def play_recording(self) -> None:
        if self.view is not None and self.view.recording_reachable and \
                self.view.detail.recording is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.view.detail.recording))

    def retranslate(self) -> None:
        self.notes_title.setText(self.tr("Notes and translations"))
        self.play.setText(self.tr("&Play recording"))
        view = self.view
        if view is None:
            self.heading.setText(self.tr("Select a call to see its SR, notes and recording."))
            self.case_label.clear()
            self.notes.clear()
            self.play.setEnabled(False)
            self.recording_reason.clear()
            return
        call = view.detail.call
        self.heading.setText(self.tr("{time} · {agent} · {direction} · {outcome}").format(
            time=zoned_datetime(call.started_at, self.time_zone), agent=call.agent_name,
            direction=labels.direction_label(call.direction),
            outcome=labels.outcome_label(call.outcome)))
        case = view.detail.case
        if case is not None:
            self.case_label.setText(self.tr("{number}: {title} ({status}, {queue})").format(
                number=labels.case_number_label(case.number), title=case.title,
                status=labels.status_label(case.status), queue=case.queue))
        elif call.case_id is not None:
            self.case_label.setText(self.tr("On an SR outside your team's queues."))
        else:
            self.case_label.setText(self.tr("No SR."))
        self.notes.setHtml(self._notes_html(view))
        self.play.setEnabled(view.recording_reachable)
        if view.recording_reachable:
            self.recording_reason.clear()
        elif view.detail.recording is None:
            self.recording_reason.setText(self.tr(
                "No recording to play: recordings stay on the agent's PC, the central "
                "database has none."))
        else:
            self.recording_reason.setText(self.tr(
                "The recording cannot be reached from this PC: {path}").format(
                    path=view.detail.recording))

    def _note_html(self, note: NoteInfo, css: str) -> str:
        meta = self.tr("{author} · {time} · {language}").format(
            author=note.author, time=zoned_datetime(note.created_at, self.time_zone),
            language=labels.language_label(note.language))
        if note.on_this_call:
            meta = self.tr("{meta} · on this call").format(meta=meta)
        body = html.escape(note.body).replace("\n", "<br>")
        return (f'<div class="{css}"><p><small>{html.escape(meta)}</small><br>{body}</p>'
                "</div>")

    def _notes_html(self, view: CallView) -> str:
        parts = []
        if view.detail.call_note:
            parts.append(f"<p><b>{html.escape(self.tr('Note on the call'))}</b><br>"
                         f"{html.escape(view.detail.call_note)}</p>")
        for note in view.detail.notes:
            parts.append(self._note_html(note, "note"))
            for translation in note.translations:
                label = self.tr("Translation ({language})").format(
                    language=labels.language_label(translation.language))
                parts.append(f'<blockquote><p><b>{html.escape(label)}</b></p>'
                             f'{self._note_html(translation, "translation")}</blockquote>')
        if not parts:
            parts.append(f"<p><i>{html.escape(self.tr('No notes.'))}</i></p>")
        return "".join(parts)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ExplorerView(QWidget):
    """Filters over the calls table, the selected call beside it, and the export."""

    export_finished = Signal(object)  # list[Path], or None (cancelled, failed)

    def __init__(self, service: ConsoleService, tasks: Tasks,
                 parent: QWidget | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self.time_zone = service.time_zone
        self.team: Team | None = None
        self.export: ExportRun | None = None
        self.model = CallPageModel(service, tasks, self, page_size)

        today = date.today()
        self.from_day = QDateEdit(qdate(today - timedelta(days=DEFAULT_DAYS - 1)))
        self.from_day.setObjectName("consoleFrom")
        self.to_day = QDateEdit(qdate(today))
        self.to_day.setObjectName("consoleTo")
        for edit in (self.from_day, self.to_day):
            edit.setCalendarPopup(True)
        self.agent = self._combo("consoleAgent")
        self.direction = self._combo("consoleDirection")
        self.outcome = self._combo("consoleOutcome")
        self.disposition = self._combo("consoleDisposition")
        self.language = self._combo("consoleLanguage")
        self.queue = self._combo("consoleQueue")
        self.case = self._line("consoleCase", 64)
        self.number = self._line("consoleNumber", 64)
        self.zone = ZonePicker(service.time_zone)
        self.zone.setObjectName("consoleTimeZone")
        self.text = self._line("consoleNoteSearch", MAX_TERM)
        self.text.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        # Calls whose estimated MOS fell below the poor mark (app.common.quality): whose home
        # line needs attention.
        self.poor_only = QCheckBox()
        self.poor_only.setObjectName("consolePoorQuality")
        self.export_button = QPushButton()
        self.export_button.setObjectName("consoleExportCalls")
        self.export_button.clicked.connect(self.ask_export)
        self.captions: dict[QWidget, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        fields: list[list[QWidget]] = [
            [self.from_day, self.to_day, self.zone, self.agent, self.direction, self.outcome],
            [self.disposition, self.language, self.queue, self.case, self.number]]
        for y, row in enumerate(fields):
            for x, widget in enumerate(row):
                caption = QLabel()
                caption.setBuddy(widget)
                self.captions[widget] = caption
                grid.addWidget(caption, y, 2 * x, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(widget, y, 2 * x + 1)
        search = QHBoxLayout()
        self.text_caption = QLabel()
        self.text_caption.setBuddy(self.text)
        search.addWidget(self.text_caption)
        search.addWidget(self.text, 1)
        search.addWidget(self.poor_only)
        search.addWidget(self.export_button)
        self.status = QLabel()
        self.status.setObjectName("consoleExplorerStatus")
        self.status.setWordWrap(True)
        self.status.hide()

        self.table = QTableView()
        self.table.setObjectName("consoleCalls")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CallPageModel.COL_CALLER, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(CallPageModel.COL_TIME, Qt.SortOrder.DescendingOrder)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        self.detail = CallDetailPane(service, tasks)
        self.splitter = QSplitter()
        self.splitter.setObjectName("consoleExplorerSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(search)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.apply_filter)
        for edit in (self.from_day, self.to_day):
            edit.dateChanged.connect(self.apply_filter)
        for combo in (self.agent, self.direction, self.outcome, self.disposition,
                      self.language, self.queue):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.poor_only.toggled.connect(self.apply_filter)
        for line in (self.case, self.number, self.text):
            line.textChanged.connect(self._typing.start)
            line.returnPressed.connect(self.apply_filter)
        self.zone.currentTextChanged.connect(self._typing.start)
        self.model.rows_loaded.connect(self._rows_loaded)
        self.model.load_failed.connect(self._failed)
        self.model.modelReset.connect(lambda: self.detail.open_call(None, self.time_zone))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._fill_fixed_choices()
        self.retranslate()
        if tasks.workspace is not None:  # this PC's dispositions name the codes
            tasks.watch(tasks.read(choices.dispositions), self, self._dispositions,
                        lambda exc: log.warning("team console: dispositions: %s", exc))

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem("", None)  # "any", named in retranslate
        return combo

    def _line(self, name: str, length: int) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setClearButtonEnabled(True)
        line.setMaxLength(length)
        return line

    # -- choices -----------------------------------------------------------------------------

    def _fill_fixed_choices(self) -> None:
        for combo, values in ((self.direction, list(Direction)), (self.outcome, list(Outcome)),
                              (self.language, list(Language))):
            for value in values:
                combo.addItem("", str(value))

    def set_team(self, team: Team) -> None:
        """The team's agents and queues, for their filters."""
        self.team = team
        # Ids as text: a combo finds its data by value only for Qt's own types.
        for combo, items in ((self.agent, [(m.name, str(m.id)) for m in team.agents]),
                             (self.queue, [(q, q) for q in team.queues])):
            blocked = combo.blockSignals(True)
            try:
                while combo.count() > 1:
                    combo.removeItem(1)
                for text, value in items:
                    combo.addItem(text, value)
            finally:
                combo.blockSignals(blocked)

    def _dispositions(self, loaded: tuple[Choice, ...]) -> None:
        self.model.dispositions = {c.code: c for c in loaded}
        blocked = self.disposition.blockSignals(True)
        try:
            for choice in loaded:
                self.disposition.addItem(choice.label(QLocale().name()), choice.code)
        finally:
            self.disposition.blockSignals(blocked)
        self.model.retranslate()

    # -- the filter ----------------------------------------------------------------------------

    def current_filter(self) -> CallFilter | None:
        """What the filter bar says; None (and a sentence saying why) when it cannot be."""
        first, last = pydate(self.from_day.date()), pydate(self.to_day.date())
        if last < first:
            self._say(self.tr("The first day is after the last day: choose a period that "
                              "starts before it ends."))
            return None
        zone = self.zone.zone()
        if zone is None:
            self._say(self.zone.problem())
            return None
        self.time_zone = zone
        agent = self.agent.currentData()
        return CallFilter(
            from_day=first, to_day=last, time_zone=self.time_zone,
            agent_ids=(uuid.UUID(agent),) if agent is not None else (),
            directions=self._picked(self.direction, Direction),
            outcomes=self._picked(self.outcome, Outcome),
            dispositions=self._picked(self.disposition, str),
            caller_languages=self._picked(self.language, Language),
            queues=self._picked(self.queue, str),
            case=self.case.text().strip(), number=self.number.text().strip(),
            region=labels.region(), text=self.text.text().strip(),
            poor_only=self.poor_only.isChecked())

    @staticmethod
    def _picked(combo: QComboBox, kind: Any) -> tuple[Any, ...]:
        value = combo.currentData()
        return (kind(value),) if value is not None else ()

    def set_period(self, first: date, last: date) -> None:
        """Show the calls of ``first``..``last`` (one reload, whatever else is set)."""
        for edit, day in ((self.from_day, first), (self.to_day, last)):
            blocked = edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(blocked)
        self.apply_filter()

    def apply_filter(self) -> None:
        self._typing.stop()
        found = self.current_filter()
        if found is not None:
            self.status.hide()
            self.model.set_filter(found)

    def _sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        if column not in CallPageModel.SORTS:
            # Put the indicator back on the column the calls are sorted by.
            header = self.table.horizontalHeader()
            blocked = header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(),
                                    Qt.SortOrder.DescendingOrder if self.model.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(blocked)
            return
        self.model.sort(column, order)

    # -- rows and the detail -------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        self.detail.open_call(row.id if row is not None else None, self.time_zone)

    def _rows_loaded(self, _count: int) -> None:
        if self.model.rowCount() == 0:
            self._say(self.tr("No calls of your team match these filters."))
        else:
            self.status.hide()

    def _failed(self, exc: BaseException) -> None:
        self._say(console_error(exc))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    # -- export --------------------------------------------------------------------------------

    def ask_export(self) -> None:
        chosen = choose_export(self, self.tr("Export the calls"), self.tr("calls"))
        if chosen is not None:
            self.export_to(*chosen)

    def export_to(self, output: Path, fmt: Format) -> ExportRun | None:
        """Every call of the current filter (all pages, not only those loaded) to ``output``,
        with a progress dialog; returns the run (None: the filter is not valid)."""
        found = self.current_filter()
        if found is None or self.export is not None:
            return None
        run = ExportRun(self.tasks, self, self.tr("Exporting calls"))
        self.export = run
        self.export_button.setEnabled(False)
        run.finished.connect(self._exported)
        run.failed.connect(self._say)
        sort, descending = self.model.sort_key, self.model.descending
        run.start(lambda progress, cancel: self.service.export_calls(
            output, fmt, found, sort=sort, descending=descending, translate=kpi_text,
            progress=progress, cancel=cancel, label=export_label))
        return run

    def _exported(self, paths: list[Path] | None) -> None:
        self.export = None
        self.export_button.setEnabled(True)
        if paths:
            self._say(self.tr("Exported to {paths}").format(
                paths=", ".join(str(p) for p in paths)))
        self.export_finished.emit(paths)

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        captions = {
            self.from_day: self.tr("&From:"), self.to_day: self.tr("&To:"),
            self.zone: self.tr("Time &zone:"), self.agent: self.tr("A&gent:"),
            self.direction: self.tr("&Direction:"),
            self.outcome: self.tr("&Outcome:"), self.disposition: self.tr("D&isposition:"),
            self.language: self.tr("&Language:"), self.queue: self.tr("&Queue:"),
            self.case: self.tr("&SR:"), self.number: self.tr("&Number:"),
        }
        for widget, text in captions.items():
            self.captions[widget].setText(text)
            widget.setAccessibleName(labels.plain(text).rstrip(":："))
        self.text_caption.setText(self.tr("Note searc&h:"))
        self.poor_only.setText(self.tr("&Poor call quality only"))
        self.poor_only.setToolTip(self.tr(
            "Calls whose estimated MOS fell below {mos}: loss, jitter or delay on the line")
            .format(mos=POOR_MOS))
        self.text.setPlaceholderText(self.tr("Words in any note of the call or its SR "
                                             "(Japanese, Chinese, English)"))
        self.text.setAccessibleName(self.tr("Search the notes"))
        self.case.setPlaceholderText(self.tr("SR number"))
        self.number.setPlaceholderText(self.tr("Any spelling"))
        self.export_button.setText(self.tr("E&xport…"))
        self.export_button.setToolTip(self.tr("Every call of these filters to Excel or CSV"))
        self.table.setAccessibleName(self.tr("Your team's calls"))
        self._size_columns()
        self.agent.setItemText(0, self.tr("Anyone"))
        for combo in (self.direction, self.outcome, self.disposition, self.language,
                      self.queue):
            combo.setItemText(0, self.tr("Any"))
        for n in range(1, self.direction.count()):
            self.direction.setItemText(n, labels.direction_label(self.direction.itemData(n)))
        for n in range(1, self.outcome.count()):
            self.outcome.setItemText(n, labels.outcome_label(self.outcome.itemData(n)))
        for n in range(1, self.language.count()):
            self.language.setItemText(n, labels.language_label(self.language.itemData(n)))
        language = QLocale().name()
        for n in range(1, self.disposition.count()):
            found = self.model.dispositions.get(self.disposition.itemData(n))
            if found is not None:
                self.disposition.setItemText(n, found.label(language))
        self.model.retranslate()

    def _size_columns(self) -> None:
        """Widths from the longest text a column holds in this language (not from the rows:
        measuring a paged list would read it all)."""
        metrics = self.table.fontMetrics()
        pad = metrics.horizontalAdvance("MM")
        sample = datetime(2026, 12, 28, 23, 58, tzinfo=UTC)
        texts = {
            CallPageModel.COL_TIME: [zoned_datetime(sample, "UTC")],
            CallPageModel.COL_AGENT: ["Emma Smith", "鈴木 美咲"],
            CallPageModel.COL_DIRECTION: [labels.direction_label(d) for d in Direction],
            CallPageModel.COL_CASE: ["SR-2026-000000"],
            CallPageModel.COL_QUEUE: ["hardware"],
            CallPageModel.COL_LANGUAGE: [labels.language_label(x) for x in Language],
            CallPageModel.COL_OUTCOME: [labels.outcome_label(o) for o in Outcome],
            CallPageModel.COL_DISPOSITION: ["M" * 10],
        }
        for column, candidates in texts.items():
            self.table.setColumnWidth(
                column, max(metrics.horizontalAdvance(t) for t in candidates) + pad)
        for column in (CallPageModel.COL_RING, CallPageModel.COL_TALK, CallPageModel.COL_HOLD):
            self.table.setColumnWidth(column, metrics.horizontalAdvance("00:00:00") + pad)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

