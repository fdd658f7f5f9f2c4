"""The call history: a lazily paged table of calls, newest first, with filters and search.

``CallHistoryModel`` asks the store (``app.cases.history.page``, on a reader thread through
Tasks) for one page at a time, when the view scrolls near the end (``canFetchMore`` /
``fetchMore``; app.ui.paged). One page load runs at a time; a filter change or a refresh bumps
a generation counter so a page of the previous list that lands late is dropped, and the rows on
screen stay until the new first page replaces them (no flash of an empty table).

``CallHistoryView`` puts the filter bar (all / missed / inbound / outbound, today, disposition,
search typed with a 250 ms pause) over the table and turns rows into intents: ``open_case``,
``call_back``. It counts unseen missed calls for the window's badge.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cases import choices, history, wrapup
from app.cases.history import HistoryFilter, HistoryKey, HistoryPage, HistoryRow
from app.cases.models import Direction, Outcome
from app.ui import labels, today
from app.ui.icons import icon
from app.ui.paged import PagedTableModel

if TYPE_CHECKING:
    from collections.abc import Sequence
    from concurrent.futures import Future

    from PySide6.QtGui import QIcon

    from app.cases.choices import Choice
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

SEARCH_PAUSE_MS = 250  # a search runs once typing pauses this long
MISSED_COLOUR = "#c5221f"  # the badge red (theme.py uses it for repeat callers too)

Index = QModelIndex | QPersistentModelIndex


def duration_text(row: HistoryRow) -> str:
    if row.outcome is None:
        return ""
    if row.talk_seconds > 0:
        return labels.talk_time(row.talk_seconds)
    if row.ring_seconds > 0:
        return QCoreApplication.translate("CallHistory", "rang {duration}").format(
            duration=labels.talk_time(row.ring_seconds))
    return ""


def caller_name(row: HistoryRow) -> str:
    return row.contact_name or row.display_name


def caller_text(row: HistoryRow) -> str:
    """Name, company and number, as far as they are known (a list, not a sentence)."""
    # The logged E.164 when there is one: the raw text was read in the agent's region.
    number = (labels.phone(row.dial_number or row.number) if row.number
              else QCoreApplication.translate("CallHistory", "Withheld number"))
    parts = [p for p in (caller_name(row), row.company) if p and p not in (row.number, number)]
    return " / ".join([*parts, number])


def error_text(exc: BaseException) -> str:
    """A failed history read or write as one translated sentence (never a traceback)."""
    if getattr(exc, "code", "") in ("locked", "damaged", "unwritable", "missing"):
        return labels.error_text(exc)
    return QCoreApplication.translate("CallHistory", "The call history could not be loaded.")


class CallHistoryModel(PagedTableModel[HistoryRow, HistoryKey]):
    """Calls newest first, fetched a page at a time as the view scrolls."""

    WHAT = "the call history"
    COL_TIME, COL_DIRECTION, COL_CALLER, COL_CASE, COL_OUTCOME, COL_DISPOSITION, \
        COL_DURATION = range(7)
    COLUMNS = 7
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the HistoryRow itself

    def __init__(self, tasks: Tasks, parent: QObject | None = None,
                 page_size: int = history.PAGE_SIZE) -> None:
        super().__init__(tasks, parent, page_size)
        self._filter = HistoryFilter()
        self._times: dict[int, str] = {}  # row -> formatted time, filled as rows are painted
        self._bold = QFont()
        self._bold.setBold(True)
        self._missed = QColor(MISSED_COLOUR)
        self._badge_text = QColor("white")

    # -- loading ---------------------------------------------------------------------------

    def filter(self) -> HistoryFilter:
        return self._filter

    def set_filter(self, new: HistoryFilter) -> None:
        self._filter = new
        self.refresh()

    def refresh(self) -> None:
        """Reload from the newest call under the current filter; late pages are dropped."""
        self.reload()

    def _request(self, after: HistoryKey | None) -> Future[HistoryPage] | None:
        if self.tasks.workspace is None:
            return None  # no case store: an empty history
        return self.tasks.read(history.page, self._filter, after, self.page_size)

    def _split(self, page: HistoryPage) -> tuple[Sequence[HistoryRow], HistoryKey | None]:
        return page.rows, page.next_key

    def _replacing(self) -> None:
        self._times.clear()

    def mark_seen(self, up_to: datetime) -> None:
        """Rows of missed calls up to ``up_to`` lose their bold, as the store now says."""
        changed = [n for n, r in enumerate(self._rows)
                   if r.missed_unseen and r.started_at <= up_to]
        for n in changed:
            self._rows[n] = dataclasses.replace(self._rows[n], missed_unseen=False)
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0),
                                  self.index(changed[-1], self.COLUMNS - 1))

    def retranslate(self) -> None:
        self._times.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.COLUMNS - 1))

    # -- the table -------------------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = {
            self.COL_TIME: self.tr("Time"),
            self.COL_DIRECTION: self.tr("Direction"),
            self.COL_CALLER: self.tr("Caller"),
            self.COL_CASE: self.tr("SR"),
            self.COL_OUTCOME: self.tr("Outcome"),
            self.COL_DISPOSITION: self.tr("Disposition"),
            self.COL_DURATION: self.tr("Duration"),
        }
        return names.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), row, column)
        if role == self.ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.FontRole and row.missed_unseen:
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_DIRECTION:
            return self._direction_icon(row)
        if column == self.COL_OUTCOME and row.outcome is Outcome.MISSED:
            # A badge while unseen, red text once seen.
            if role == Qt.ItemDataRole.BackgroundRole and row.missed_unseen:
                return self._missed
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._badge_text if row.missed_unseen else self._missed
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, number: int, row: HistoryRow, column: int) -> str:
        if column == self.COL_TIME:
            text = self._times.get(number)
            if text is None:
                text = self._times[number] = labels.local_datetime(row.started_at)
            return text
        if column == self.COL_DIRECTION:
            return labels.direction_label(row.direction)
        if column == self.COL_CALLER:
            return caller_text(row)
        if column == self.COL_CASE:
            if not row.case_number and row.note:
                return self.tr("✎ note, no SR")
            return labels.case_number_label(row.case_number)
        if column == self.COL_OUTCOME:
            refused = labels.refusal_label(row.end_reason)
            if refused:
                return self.tr("{outcome} ({reason})").format(
                    outcome=labels.outcome_label(row.outcome), reason=refused)
            return labels.outcome_label(row.outcome)
        if column == self.COL_DISPOSITION:
            return row.disposition_label(QLocale().name())
        if column == self.COL_DURATION:
            return duration_text(row)
        return ""

    def _direction_icon(self, row: HistoryRow) -> QIcon:
        if row.outcome in (Outcome.MISSED, Outcome.REJECTED, Outcome.FAILED,
                           Outcome.CANCELLED):
            return icon("hangup")
        return icon("answer" if row.direction is Direction.INBOUND else "dial")

    def _tooltip(self, row: HistoryRow, column: int) -> str | None:
        if column == self.COL_CASE and row.case_number:
            return self.tr("{number}: {title}").format(
                number=labels.case_number_label(row.case_number), title=row.case_title)
        if column == self.COL_CASE and row.note:
            return self.tr("Kept with the call until it is attached to an SR "
                           "(right-click: Attach to an SR…):\n{note}").format(note=row.note[:800])
        if column == self.COL_OUTCOME and row.missed_unseen:
            return self.tr("Missed, not yet seen")
        if column == self.COL_CALLER:
            return caller_text(row)
        return None


class CallHistoryView(QWidget):
    """The filter bar over the history table; rows become intents for the main window."""

    open_case = Signal(object)  # uuid.UUID of the SR
    call_back = Signal(str, str)  # number to dial, SR number or ""
    attach_requested = Signal(object)  # the HistoryRow of an ended call with no SR
    unseen_missed_changed = Signal(int)
    # With callbacks (app.ui.callbacks): "Call back" on a missed call from a known customer
    # becomes a callback closed by the call's outcome; any call can get one scheduled.
    call_back_missed = Signal(object)  # the HistoryRow
    schedule_requested = Signal(object)  # the HistoryRow

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.unseen_missed = -1  # unknown until counted
        self._choices: tuple[Choice, ...] = ()
        self.model = CallHistoryModel(tasks, self)

        # -- filter bar
        self.show_all = self._kind_button("showAll")
        self.show_missed = self._kind_button("showMissed")
        self.show_inbound = self._kind_button("showInbound")
        self.show_outbound = self._kind_button("showOutbound")
        self.kinds = QButtonGroup(self)
        for button in (self.show_all, self.show_missed, self.show_inbound, self.show_outbound):
            self.kinds.addButton(button)
        self.show_all.setChecked(True)
        self.today = QCheckBox()
        self.today.setObjectName("historyToday")
        self.disposition = QComboBox()
        self.disposition.setObjectName("historyDisposition")
        self.disposition.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.disposition.addItem("", None)
        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(history.MAX_SEARCH)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_label.setBuddy(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.apply_filter)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (self.show_all, self.show_missed, self.show_inbound, self.show_outbound):
            bar.addWidget(button)
        bar.addSpacing(8)
        bar.addWidget(self.today)
        bar.addWidget(self.disposition)
        bar.addSpacing(8)
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 1)

        # -- status line: loading, nothing found, errors (with a way to try again)
        self.loading = QLabel()
        self.loading.setObjectName("historyLoading")
        self.loading.hide()
        self.status = QLabel()
        self.status.setObjectName("historyStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        self.retry = QToolButton()
        self.retry.setObjectName("historyRetry")
        self.retry.hide()
        status = QHBoxLayout()
        status.setContentsMargins(0, 0, 0, 0)
        status.addWidget(self.loading)
        status.addWidget(self.status, 1)
        status.addWidget(self.retry)

        # -- the table
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setSortingEnabled(False)  # always newest first: that is what pages by
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CallHistoryModel.COL_CALLER, QHeaderView.ResizeMode.Stretch)
        self._size_columns()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addLayout(status)
        layout.addWidget(self.table, 1)

        # -- actions on the current row (also the context menu), keys scoped to the table
        self.open_action = self._action("historyOpen", [QKeySequence(Qt.Key.Key_Return),
                                                        QKeySequence(Qt.Key.Key_Enter)])
        self.call_back_action = self._action("historyCallBack",
                                             [QKeySequence("Ctrl+Return")])
        self.copy_action = self._action("historyCopyNumber",
                                        [QKeySequence(QKeySequence.StandardKey.Copy)])
        self.attach_action = self._action("historyAttach", [])
        self.schedule_action = self._action("historyScheduleCallback", [])
        self.callbacks_enabled = False  # the window has a callbacks list (set by it)
        self.refresh_action = QAction(self)
        self.refresh_action.setObjectName("historyRefresh")
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.refresh_action)
        self.menu: QMenu | None = None

        # -- wiring
        self.kinds.buttonToggled.connect(self._kind_toggled)
        self.today.toggled.connect(self.apply_filter)
        self.disposition.currentIndexChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filter)
        self.retry.clicked.connect(self.refresh)
        self.refresh_action.triggered.connect(self.refresh)
        self.open_action.triggered.connect(self.open_current)
        self.call_back_action.triggered.connect(self.call_back_current)
        self.copy_action.triggered.connect(self.copy_current_number)
        self.attach_action.triggered.connect(self.attach_current)
        self.schedule_action.triggered.connect(self.schedule_current)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.customContextMenuRequested.connect(self.show_menu)
        self.table.installEventFilter(self)
        self.model.loading_changed.connect(self._loading_changed)
        self.model.rows_loaded.connect(self._rows_loaded)
        self.model.load_failed.connect(self._failed)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)
        self._selected: object = None

        QWidget.setTabOrder(self.show_all, self.show_missed)
        QWidget.setTabOrder(self.show_missed, self.show_inbound)
        QWidget.setTabOrder(self.show_inbound, self.show_outbound)
        QWidget.setTabOrder(self.show_outbound, self.today)
        QWidget.setTabOrder(self.today, self.disposition)
        QWidget.setTabOrder(self.disposition, self.search)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.retry)
        self.setFocusProxy(self.table)

        self.retranslate()
        self._update_actions()
        if tasks.workspace is not None:
            self._load_dispositions()
            self.apply_filter()
            self.refresh_badge()

    def _kind_button(self, name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _action(self, name: str, keys: list[QKeySequence]) -> QAction:
        action = QAction(self.table)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(action)
        return action

    # -- filters -------------------------------------------------------------------------------

    def current_filter(self) -> HistoryFilter:
        checked = self.kinds.checkedButton()
        direction = None
        if checked is self.show_inbound:
            direction = Direction.INBOUND
        elif checked is self.show_outbound:
            direction = Direction.OUTBOUND
        code = self.disposition.currentData()
        return HistoryFilter(
            missed_only=checked is self.show_missed,
            direction=direction,
            since=today.local_day_start() if self.today.isChecked() else None,
            disposition=code if isinstance(code, str) else None,
            search=self.search.text().strip(),
            region=labels.region(),
        )

    def apply_filter(self) -> None:
        """Reload with what the filter bar says now (the day start is taken afresh)."""
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Reload from the top, keeping the filter; recount unseen missed calls."""
        self.apply_filter()
        self.refresh_badge()

    def _kind_toggled(self, _button: object, checked: bool) -> None:
        if checked:  # the group also reports the button that went off
            self.apply_filter()

    # -- unseen missed calls ----------------------------------------------------------------

    def refresh_badge(self) -> None:
        if self.tasks.workspace is None:
            return
        self.tasks.watch(self.tasks.read(history.unseen_missed), self, self._counted,
                         self._quiet_failure)

    def _counted(self, count: int) -> None:
        changed = count != self.unseen_missed
        self.unseen_missed = count
        self._missed_text()
        if changed:
            self.unseen_missed_changed.emit(count)

    def _quiet_failure(self, exc: BaseException) -> None:
        # The badge and the disposition list are extras: the next refresh tries again.
        log.warning("call history: %s", exc)

    def mark_missed_seen(self) -> None:
        """The agent has looked at the list: what was missed before it loaded is seen."""
        up_to = self.model.loaded_at
        if up_to is None or self.tasks.workspace is None:
            return

        def done(_count: int) -> None:
            self.model.mark_seen(up_to)
            self.refresh_badge()

        self.tasks.watch(self.tasks.write(history.mark_missed_seen, up_to), self, done,
                         self._show_error)

    # -- dispositions --------------------------------------------------------------------------

    def _load_dispositions(self) -> None:
        self.tasks.watch(self.tasks.read(choices.dispositions), self, self._dispositions,
                         self._quiet_failure)

    def _dispositions(self, loaded: tuple[Choice, ...]) -> None:
        self._choices = loaded
        current = self.disposition.currentData()
        self.disposition.blockSignals(True)  # the filter does not change: no reload
        try:
            while self.disposition.count() > 1:
                self.disposition.removeItem(1)
            language = QLocale().name()
            for choice in loaded:
                self.disposition.addItem(choice.label(language), choice.code)
            found = self.disposition.findData(current) if current is not None else 0
            self.disposition.setCurrentIndex(max(0, found))
        finally:
            self.disposition.blockSignals(False)
        if current is not None and self.disposition.currentData() != current:
            self.apply_filter()  # the chosen disposition is no longer offered

    # -- rows ----------------------------------------------------------------------------------

    def current_row(self) -> HistoryRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None and row.case_id is not None:
            self.open_case.emit(row.case_id)

    def call_back_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.call_back_row(row)

    def call_back_row(self, row: HistoryRow) -> None:
        """Call back ``row``'s caller: a known customer's missed call through the callbacks
        (bound to its SR, closing the missed call), any other call by its number. The tray's
        missed-call notice calls back through here too."""
        if not row.dial_number:
            return
        if self.callbacks_enabled and row.outcome is Outcome.MISSED and (
                row.case_id is not None or row.contact_name or row.company):
            self.call_back_missed.emit(row)
        else:
            self.call_back.emit(row.dial_number, row.case_number)

    def schedule_current(self) -> None:
        row = self.current_row()
        if row is not None and row.dial_number and self.callbacks_enabled:
            self.schedule_requested.emit(row)

    def attach_current(self) -> None:
        row = self.current_row()
        if row is not None and row.case_id is None and row.outcome is not None:
            self.attach_requested.emit(row)

    def copy_current_number(self) -> None:
        row = self.current_row()
        if row is not None and row.number:
            QGuiApplication.clipboard().setText(row.dial_number or row.number)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)
        self.open_current()

    def _update_actions(self, *_: object) -> None:
        row = self.current_row()
        self.open_action.setEnabled(row is not None and row.case_id is not None)
        self.call_back_action.setEnabled(row is not None and bool(row.dial_number))
        self.attach_action.setEnabled(row is not None and row.case_id is None
                                      and row.outcome is not None)
        self.copy_action.setEnabled(row is not None and bool(row.number))
        self.schedule_action.setEnabled(row is not None and bool(row.dial_number))
        self.schedule_action.setVisible(self.callbacks_enabled)

    def show_menu(self, pos: QPoint) -> None:
        """The row's context menu at ``pos`` (viewport coordinates); does not block."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        self._update_actions()
        if self.menu is None:
            self.menu = QMenu(self)
            self.menu.setObjectName("historyMenu")
            self.menu.addAction(self.open_action)
            self.menu.addAction(self.call_back_action)
            self.menu.addAction(self.copy_action)
            self.menu.addAction(self.attach_action)
            self.menu.addAction(self.schedule_action)
            self.disposition_menu = self.menu.addMenu("")
            self.disposition_menu.setObjectName("historyDisposition")
            self.menu.addSeparator()
            self.menu.addAction(self.refresh_action)
        self._fill_disposition_menu()
        self.menu.popup(self.table.viewport().mapToGlobal(pos))

    def _fill_disposition_menu(self) -> None:
        """A call that had no wrap-up of its own (it ended while another was live) gets its
        disposition here, or a wrong one is corrected."""
        menu = self.disposition_menu
        menu.setTitle(self.tr("Set &disposition"))
        menu.clear()
        row = self.current_row()
        menu.setEnabled(row is not None and row.outcome is not None)
        language = QLocale().name()
        for choice in self._choices:
            action = menu.addAction(choice.label(language))
            action.setCheckable(True)
            action.setChecked(row is not None and row.disposition_code == choice.code)
            action.triggered.connect(partial(self.set_disposition, choice.code))

    def set_disposition(self, code: str, *_: object) -> None:
        row = self.current_row()
        if row is None or row.outcome is None:
            return
        self.tasks.watch(self.tasks.write(wrapup.set_log_disposition, row.id, code), self,
                         lambda _done: self.refresh(), self._show_error)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter opens the SR even where the window is not active for shortcuts (a floating
        # dock, a test); the action's shortcut handles it first when it can.
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            self.open_current()
            return True
        return super().eventFilter(watched, event)

    def _remember_selection(self) -> None:
        row = self.current_row()
        self._selected = row.id if row is not None else None

    def _restore_selection(self) -> None:
        if self._selected is None:
            return
        for n in range(self.model.rowCount()):
            row = self.model.row_at(n)
            if row is not None and row.id == self._selected:
                self.table.setCurrentIndex(self.model.index(n, 0))
                break
        self._update_actions()

    # -- status --------------------------------------------------------------------------------

    def _loading_changed(self, loading: bool) -> None:
        self.loading.setVisible(loading)
        if loading:
            self.status.hide()
            self.retry.hide()

    def _rows_loaded(self, _count: int) -> None:
        if self.model.rowCount() == 0:
            self.status.setText(self.tr("No calls match these filters.")
                                if self.model.filter() != HistoryFilter(region=labels.region())
                                else self.tr("No calls yet."))
            self.status.show()
        else:
            self.status.hide()
        self.retry.hide()
        self._update_actions()

    def _failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self.retry.show()

    def _show_error(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.status.show()

    # -- language ------------------------------------------------------------------------------

    def _missed_text(self) -> None:
        count = max(0, self.unseen_missed)
        if count:
            self.show_missed.setText(self.tr("&Missed (%n)", "", count))
            self.show_missed.setAccessibleName(
                self.tr("Show missed calls only, %n not yet seen", "", count))
        else:
            self.show_missed.setText(self.tr("&Missed"))
            self.show_missed.setAccessibleName(self.tr("Show missed calls only"))

    def retranslate(self) -> None:
        self.show_all.setText(self.tr("&All"))
        self.show_all.setAccessibleName(self.tr("Show all calls"))
        self._missed_text()
        self.show_inbound.setText(self.tr("&Inbound"))
        self.show_inbound.setAccessibleName(self.tr("Show inbound calls only"))
        self.show_outbound.setText(self.tr("O&utbound"))
        self.show_outbound.setAccessibleName(self.tr("Show outbound calls only"))
        self.today.setText(self.tr("&Today"))
        self.today.setAccessibleName(self.tr("Only calls from today"))
        self.disposition.setItemText(0, self.tr("All dispositions"))
        self.disposition.setAccessibleName(self.tr("Disposition filter"))
        language = QLocale().name()
        for n, choice in enumerate(self._choices, 1):
            self.disposition.setItemText(n, choice.label(language))
        self.search_label.setText(self.tr("&Search:"))
        self.search.setPlaceholderText(self.tr("Number, name, company or SR"))
        self.search.setAccessibleName(self.tr("Search the call history"))
        self.loading.setText(self.tr("Loading…"))
        self.retry.setText(self.tr("Try again"))
        self.retry.setAccessibleName(self.tr("Load the call history again"))
        self.table.setAccessibleName(self.tr("Call history"))
        self.open_action.setText(self.tr("&Open SR"))
        self.call_back_action.setText(self.tr("&Call back"))
        self.schedule_action.setText(self.tr("&Schedule callback…"))
        self.copy_action.setText(self.tr("Copy &number"))
        self.attach_action.setText(self.tr("&Attach to an SR…"))
        self.refresh_action.setText(self.tr("&Reload"))
        self.model.retranslate()
        self._size_columns()

    def _size_columns(self) -> None:
        """Widths from the longest text each column can hold in this language (not from the
        rows: measuring a lazily loaded list would read it all)."""
        metrics = self.table.fontMetrics()
        pad = metrics.horizontalAdvance("MM") + 24  # cell margins and the direction icon
        sample = datetime(2026, 12, 28, 23, 58, tzinfo=UTC)
        texts = {
            CallHistoryModel.COL_TIME: [labels.local_datetime(sample)],
            CallHistoryModel.COL_DIRECTION: [labels.direction_label(d) for d in Direction],
            CallHistoryModel.COL_CASE: ["SR-2026-000000"],
            CallHistoryModel.COL_OUTCOME: [labels.outcome_label(o) for o in (*Outcome, None)],
            CallHistoryModel.COL_DURATION: ["10:00:00"],
        }
        for column, candidates in texts.items():
            widest = max(metrics.horizontalAdvance(text) for text in candidates)
            self.table.setColumnWidth(column, widest + pad)
        self.table.setColumnWidth(CallHistoryModel.COL_DISPOSITION,
                                  metrics.horizontalAdvance("M") * 12)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
