"""The callbacks dock: what the agent promised to call back, reminders at the due time, one
key to call the first due one, and the outcome asked for when that call ends.

The list comes from the store (app.cases.callbacks through the Workspace), due ones first. A
single-shot timer is set to the next due time (at most a minute ahead, so a clock change or a
suspended PC is caught): when a callback becomes due, ``reminder`` is emitted (the window shows
it in the tray) and the notice above the list offers "Call now". A call placed from here is
bound to the callback's SR (``CallCenter.dial(..., case_number=...)``); when it is logged as
ended, the outcome is asked for (reached when it was answered, no answer otherwise, as the
default) and stored with the call's log. The clock is injected: tests never wait for a time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cases import callbacks
from app.cases.models import CallbackOutcome, Language, Outcome
from app.ui import labels

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from app.cases.callbacks import CallbackInfo
    from app.cases.casework import CaseDetail
    from app.cases.history import HistoryRow
    from app.orchestration.desk import CallLogged
    from app.ui.callcenter import CallCenter
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

MAX_WAIT_MS = 60_000  # the reminder timer looks again at least this often
OVERDUE_COLOUR = "#c5221f"  # the history's missed-call red
DEFAULT_DELAY = timedelta(hours=1)  # a new callback's time, from now, until the agent picks


def utc_now() -> datetime:
    return datetime.now(UTC)


def outcome_label(outcome: CallbackOutcome) -> str:
    names = {
        CallbackOutcome.REACHED: QCoreApplication.translate("Callbacks", "Reached"),
        CallbackOutcome.VOICEMAIL: QCoreApplication.translate("Callbacks", "Voicemail"),
        CallbackOutcome.NO_ANSWER: QCoreApplication.translate("Callbacks", "No answer"),
        CallbackOutcome.RESCHEDULED: QCoreApplication.translate("Callbacks", "Rescheduled"),
    }
    return names[outcome]


def error_text(exc: BaseException) -> str:
    code = str(getattr(exc, "code", ""))
    messages = {
        "no_number": QCoreApplication.translate(
            "Callbacks", "A callback needs a number to call."),
        "reason_too_long": QCoreApplication.translate(
            "Callbacks", "The reason is too long: at most 1000 characters."),
        "callback_done": QCoreApplication.translate(
            "Callbacks", "This callback was already done."),
        "no_such_callback": QCoreApplication.translate(
            "Callbacks", "This callback no longer exists."),
        "reschedule_needs_time": QCoreApplication.translate(
            "Callbacks", "Choose when to call again."),
    }
    return messages.get(code) or labels.error_text(exc)


def _to_qt(when: datetime) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000)).toLocalTime()


def _from_qt(when: QDateTime) -> datetime:
    return datetime.fromtimestamp(when.toMSecsSinceEpoch() / 1000, UTC)


class ScheduleDialog(QDialog):
    """When, which number, why, in which language: a new callback."""

    def __init__(self, *, number: str, due_at: datetime, heading: str,
                 language: Language | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleCallback")
        self.setWindowTitle(self.tr("Schedule a callback"))
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.when = QDateTimeEdit(_to_qt(due_at))
        self.when.setObjectName("callbackWhen")
        self.when.setCalendarPopup(True)
        self.number = QLineEdit(number)
        self.number.setObjectName("callbackNumber")
        self.reason = QLineEdit()
        self.reason.setObjectName("callbackReason")
        self.reason.setMaxLength(callbacks.MAX_REASON)
        self.language = QComboBox()
        self.language.setObjectName("callbackLanguage")
        for choice in Language:  # values, not enum members: QVariant compares them
            self.language.addItem(labels.language_label(choice), choice.value)
        self.language.setCurrentIndex(
            max(0, self.language.findData((language or labels.ui_language()).value)))
        form = QFormLayout()
        form.addRow(self.tr("&When"), self.when)
        form.addRow(self.tr("&Number"), self.number)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("&Language"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Schedule"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def due_at(self) -> datetime:
        return _from_qt(self.when.dateTime())

    def chosen_language(self) -> Language | None:
        data = self.language.currentData()
        return Language(data) if data else None


class OutcomeDialog(QDialog):
    """How the callback went; a time to call again when it is rescheduled."""

    def __init__(self, callback: CallbackInfo, default: CallbackOutcome, again: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callbackOutcome")
        self.setWindowTitle(self.tr("How did the callback go?"))
        who = QLabel(self.tr("Callback to {who} ({number})").format(
            who=callback.who, number=labels.phone(callback.number)))
        who.setWordWrap(True)
        self.outcome = QComboBox()
        self.outcome.setObjectName("callbackOutcomeChoice")
        for choice in CallbackOutcome:
            self.outcome.addItem(outcome_label(choice), choice.value)
        self.outcome.setCurrentIndex(self.outcome.findData(default.value))
        self.again = QDateTimeEdit(_to_qt(again))
        self.again.setObjectName("callbackAgain")
        self.again.setCalendarPopup(True)
        self.outcome.currentIndexChanged.connect(self._chosen)
        form = QFormLayout()
        form.addRow(self.tr("&Outcome"), self.outcome)
        form.addRow(self.tr("Call &again at"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._chosen()

    def _chosen(self, *_: object) -> None:
        self.again.setEnabled(self.chosen() is CallbackOutcome.RESCHEDULED)

    def chosen(self) -> CallbackOutcome:
        return CallbackOutcome(self.outcome.currentData())

    def again_at(self) -> datetime | None:
        if self.chosen() is not CallbackOutcome.RESCHEDULED:
            return None
        return _from_qt(self.again.dateTime())


class CallbacksView(QWidget):
    """The due list with its reminder and its calls. ``clock``: aware UTC now (tests inject)."""

    reminder = Signal(object)  # CallbackInfo that just became due
    due_changed = Signal(int)  # how many are due now, for the dock's title
    changed = Signal()  # a callback was closed: missed calls may be seen now (the badge)
    error = Signal(str)  # translated, for the status bar
    loaded = Signal()  # the list was read again

    COLUMNS = 6

    def __init__(self, tasks: Tasks, center: CallCenter, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent)
        self.setObjectName("callbacksView")
        self.tasks = tasks
        self.center = center
        self.clock = clock
        self.rows: tuple[CallbackInfo, ...] = ()
        self.due = 0
        self._reminded: set[uuid.UUID] = set()  # rung once each
        self._calling: dict[str, CallbackInfo] = {}  # engine call id -> its callback
        self.outcome_dialog: OutcomeDialog | None = None
        self.schedule_dialog: ScheduleDialog | None = None

        # -- the notice: the callback that is due, and "Call now"
        self.notice = QFrame()
        self.notice.setObjectName("callbackNotice")
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setStyleSheet("QFrame#callbackNotice { background: #fff4ce; color: #3d2e00;"
                                  " border: 1px solid #d9a400; border-radius: 4px; }")
        self.notice_text = QLabel()
        self.notice_text.setObjectName("callbackNoticeText")
        self.notice_text.setWordWrap(True)
        self.notice_call = QPushButton()
        self.notice_call.setObjectName("callbackCallNow")
        self.notice_call.clicked.connect(self.call_first_due)
        notice = QHBoxLayout(self.notice)
        notice.addWidget(self.notice_text, 1)
        notice.addWidget(self.notice_call)
        self.notice.hide()

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("callbacksTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.call_selected())
        self.call_button = QPushButton()
        self.call_button.setObjectName("callbackCall")
        self.call_button.clicked.connect(self.call_selected)
        self.outcome_button = QPushButton()
        self.outcome_button.setObjectName("callbackRecord")
        self.outcome_button.clicked.connect(self.record_selected)
        self.empty = QLabel()
        self.empty.setObjectName("callbacksEmpty")
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty, 1)
        buttons.addWidget(self.outcome_button)
        buttons.addWidget(self.call_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setObjectName("callbackReminder")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        center.call_logged.connect(self._call_logged)
        self.retranslate()
        if tasks.workspace is not None:
            self.refresh()

    # -- the list and the reminder ------------------------------------------------------------

    def refresh(self) -> None:
        if self.tasks.workspace is None:
            return
        self.tasks.watch(self.tasks.workspace.due_callbacks(self.clock()), self, self._loaded,
                         self._failed)

    def _loaded(self, rows: tuple[CallbackInfo, ...]) -> None:
        now = self.clock()
        self.rows = rows
        self._fill(now)
        due = [c for c in rows if c.is_due(now)]
        if len(due) != self.due:
            self.due = len(due)
            self.due_changed.emit(self.due)
        self._show_notice(due)
        for callback in due:
            if callback.id not in self._reminded:
                self._reminded.add(callback.id)
                self.reminder.emit(callback)
        self._arm(now)
        self.loaded.emit()

    def _arm(self, now: datetime) -> None:
        coming = callbacks.next_due_at(self.rows, now)
        if coming is None:
            self.timer.start(MAX_WAIT_MS)
            return
        wait = int((coming - now).total_seconds() * 1000) + 1
        self.timer.start(max(0, min(MAX_WAIT_MS, wait)))

    def _fill(self, now: datetime) -> None:
        selected = self.selected()
        self.table.setRowCount(len(self.rows))
        red = QColor(OVERDUE_COLOUR)
        for n, callback in enumerate(self.rows):
            texts = (labels.local_datetime(callback.due_at),
                     callback.case_number and labels.case_number_label(callback.case_number),
                     callback.who, callback.reason, labels.language_label(callback.language),
                     labels.priority_label(callback.priority) if callback.priority else "")
            for column, value in enumerate(texts):
                item = QTableWidgetItem(value)
                if callback.is_overdue(now):
                    item.setForeground(red)
                    item.setToolTip(self.tr("Overdue since {time}").format(
                        time=labels.local_datetime(callback.due_at)))
                self.table.setItem(n, column, item)
            if selected is not None and selected.id == callback.id:
                self.table.selectRow(n)
        self.empty.setText("" if self.rows else self.tr("No callbacks to make."))
        self.call_button.setEnabled(bool(self.rows))
        self.outcome_button.setEnabled(bool(self.rows))

    def _show_notice(self, due: list[CallbackInfo]) -> None:
        if not due:
            self.notice.hide()
            return
        first = due[0]
        text = self.tr("Callback due: {who}, {number}").format(
            who=first.who, number=labels.phone(first.number))
        if first.reason:
            text += " — " + first.reason
        if len(due) > 1:
            text += " " + self.tr("(and %n more)", "", len(due) - 1)
        self.notice_text.setText(text)
        self.notice.show()

    def first_due(self) -> CallbackInfo | None:
        now = self.clock()
        return next((c for c in self.rows if c.is_due(now)), None)

    def selected(self) -> CallbackInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    # -- calling --------------------------------------------------------------------------------

    def call_first_due(self) -> None:
        """The notice's "Call now", and the window's key: the most urgent due callback."""
        callback = self.first_due()
        if callback is not None:
            self.call(callback)

    def call_selected(self) -> None:
        callback = self.selected() or (self.rows[0] if self.rows else None)
        if callback is not None:
            self.call(callback)

    def call(self, callback: CallbackInfo) -> None:
        """Dial the callback's number, the call bound to its SR; its end asks the outcome."""
        placed = self.center.dial(callback.number, case_number=callback.case_number)
        # A failed dial is the call centre's to say (its error signal); nothing to follow.
        self.tasks.watch(placed, self, partial(self._dialled, callback), lambda _exc: None)

    def _dialled(self, callback: CallbackInfo, call_id: str) -> None:
        self._calling[call_id] = callback

    def _call_logged(self, logged: CallLogged) -> None:
        if not logged.outcome or logged.call_id not in self._calling:
            return
        callback = self._calling.pop(logged.call_id)
        answered = logged.outcome == Outcome.ANSWERED.value
        self.ask_outcome(callback, CallbackOutcome.REACHED if answered
                         else CallbackOutcome.NO_ANSWER, logged.log_id)

    def record_selected(self) -> None:
        """An outcome without a call from here (the customer called in, say)."""
        callback = self.selected() or (self.rows[0] if self.rows else None)
        if callback is not None:
            self.ask_outcome(callback, CallbackOutcome.REACHED, None)

    def ask_outcome(self, callback: CallbackInfo, default: CallbackOutcome,
                    call_log_id: uuid.UUID | None) -> None:
        if self.outcome_dialog is not None:
            self.outcome_dialog.close()
        dialog = OutcomeDialog(callback, default, self.clock() + DEFAULT_DELAY, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._outcome_chosen, dialog, callback, call_log_id))
        dialog.destroyed.connect(partial(self._outcome_gone, dialog))
        self.outcome_dialog = dialog
        dialog.open()  # window-modal, no nested event loop: calls go on meanwhile

    def _outcome_gone(self, dialog: OutcomeDialog, *_: object) -> None:
        if self.outcome_dialog is dialog:
            self.outcome_dialog = None

    def _outcome_chosen(self, dialog: OutcomeDialog, callback: CallbackInfo,
                        call_log_id: uuid.UUID | None) -> None:
        if self.tasks.workspace is None:
            return
        self.tasks.watch(self.tasks.workspace.record_callback(
            callback.id, dialog.chosen(), now=self.clock(), call_log_id=call_log_id,
            reschedule_to=dialog.again_at()), self, self._recorded, self._failed)

    def _recorded(self, _later: CallbackInfo | None) -> None:
        self.changed.emit()
        self.refresh()

    # -- scheduling -----------------------------------------------------------------------------

    def schedule_for_case(self, detail: CaseDetail) -> None:
        """"Schedule callback…" in an SR: its contact's number first."""
        number = detail.numbers[0].dial_string if detail.numbers else ""
        heading = self.tr("{number} · {title}").format(number=detail.number, title=detail.title)
        self._ask_schedule(heading, number, detail.language, case_id=detail.id)

    def schedule_for_missed(self, row: HistoryRow) -> None:
        """"Schedule callback…" on a call of the history (a missed one, mostly)."""
        who = row.contact_name or row.company or row.display_name or labels.phone(row.number)
        heading = self.tr("The call of {time} from {who}").format(
            time=labels.local_datetime(row.started_at), who=who)
        self._ask_schedule(heading, row.dial_number, None, missed_call_id=row.id,
                           case_id=row.case_id)

    def _ask_schedule(self, heading: str, number: str, language: Language | None, *,
                      case_id: uuid.UUID | None = None,
                      missed_call_id: uuid.UUID | None = None) -> None:
        if self.schedule_dialog is not None:
            self.schedule_dialog.close()
        dialog = ScheduleDialog(number=number, due_at=self.clock() + DEFAULT_DELAY,
                                heading=heading, language=language, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._schedule_chosen, dialog, case_id,
                                        missed_call_id))
        dialog.destroyed.connect(partial(self._schedule_gone, dialog))
        self.schedule_dialog = dialog
        dialog.open()

    def _schedule_gone(self, dialog: ScheduleDialog, *_: object) -> None:
        if self.schedule_dialog is dialog:
            self.schedule_dialog = None

    def _schedule_chosen(self, dialog: ScheduleDialog, case_id: uuid.UUID | None,
                         missed_call_id: uuid.UUID | None) -> None:
        if self.tasks.workspace is None:
            return
        self.tasks.watch(self.tasks.workspace.schedule_callback(
            due_at=dialog.due_at(), number=dialog.number.text(), case_id=case_id,
            missed_call_id=missed_call_id, reason=dialog.reason.text(),
            language=dialog.chosen_language(), region=labels.region()),
            self, lambda _info: self.refresh(), self._failed)

    def call_back_missed(self, row: HistoryRow) -> None:
        """One click on a missed call from a known customer: a callback due now, for that
        call, dialled at once bound to its SR; the call's outcome closes it."""
        if self.tasks.workspace is None or not row.dial_number:
            return
        self.tasks.watch(self.tasks.workspace.schedule_callback(
            due_at=self.clock(), number=row.dial_number, case_id=row.case_id,
            missed_call_id=row.id, region=labels.region()),
            self, self._call_new, self._failed)

    def _call_new(self, callback: CallbackInfo) -> None:
        self._reminded.add(callback.id)  # being called: no reminder for it
        self.call(callback)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        log.warning("callbacks: %s", exc)
        self.error.emit(error_text(exc))

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.notice_call.setText(self.tr("Call &now (Ctrl+Shift+B)"))
        self.notice_call.setAccessibleName(self.tr("Call the due callback now"))
        self.call_button.setText(self.tr("&Call"))
        self.call_button.setAccessibleName(self.tr("Call the chosen callback"))
        self.outcome_button.setText(self.tr("Record &outcome…"))
        self.table.setAccessibleName(self.tr("Callbacks, due first"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Due"), self.tr("SR"), self.tr("Customer"), self.tr("Reason"),
            self.tr("Language"), self.tr("Priority")])
        self._fill(self.clock())
        self._show_notice([c for c in self.rows if c.is_due(self.clock())])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
