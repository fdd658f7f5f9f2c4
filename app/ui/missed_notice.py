"""The tray's missed-call notice: "Missed call from Yamada", and one click calls back.

A tray message has no buttons (QSystemTrayIcon), so the call back is offered twice: clicking
the message itself, and a "Call back <name>" entry at the top of the tray's menu, which stays
there after the message has faded. Both call back the latest missed caller through the
history's own call back (``CallHistoryView.call_back_row``): a known customer's missed call
becomes a callback bound to its SR that closes the missed call, exactly as the window's
"Call back" does; an unknown number is dialled as it is.

Only while the window is not in front (minimised, hidden or behind another window): in front,
the status bar and the history's badge already say it. Several missed calls before the agent
comes back collapse into one notice with their count, naming the latest caller; bringing the
window to the front clears it (the history's badge counts them from there on).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSystemTrayIcon

from app.cases import history
from app.cases.models import Outcome
from app.ui import labels
from app.ui.history import caller_name, caller_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QWidget

    from app.cases.history import HistoryRow
    from app.orchestration.desk import CallLogged
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

SHOWN_MS = 60000  # a missed call matters for longer than an incoming one's 15 s


class MissedCallNotice(QObject):
    call_back = Signal(object)  # the HistoryRow to call back, when the agent asked for it

    def __init__(self, tray: QSystemTrayIcon, window: QWidget, tasks: Tasks) -> None:
        super().__init__(window)
        self.tray = tray
        self.window = window
        self.tasks = tasks
        self.pending: list[HistoryRow] = []  # missed while away, oldest first
        self.shown = False  # the tray's latest message is this notice
        self.title = ""  # what the tray was last asked to show (tests read it too)
        self.text = ""
        menu = tray.contextMenu()
        self.action = QAction(window)
        self.action.setObjectName("trayCallBack")
        self.action.setVisible(False)
        self.action.triggered.connect(self.call_back_latest)
        if menu is not None:
            self._add_to(menu)
        window.installEventFilter(self)

    def _add_to(self, menu: QMenu) -> None:
        actions = menu.actions()
        if len(actions) > 1:
            menu.insertAction(actions[1], self.action)  # under "Show CaseLine"
        else:
            menu.addAction(self.action)

    def in_front(self) -> bool:
        window = self.window
        return window.isVisible() and not window.isMinimized() and window.isActiveWindow()

    # -- what happens ----------------------------------------------------------------------

    def call_logged(self, logged: CallLogged) -> None:
        """The Desk logged a call's end: a missed one, while the agent is away, is told."""
        if logged.outcome != Outcome.MISSED.value or self.in_front() \
                or self.tasks.workspace is None:
            return
        self.tasks.watch(self.tasks.read(history.one, logged.log_id), self, self._missed,
                         self._failed)

    def _missed(self, row: HistoryRow | None) -> None:
        if row is None or row.outcome is not Outcome.MISSED or self.in_front():
            return
        self.pending = [r for r in self.pending if r.id != row.id] + [row]
        self._show()

    def _failed(self, exc: BaseException) -> None:
        log.warning("missed-call notice: %s", exc)  # the history's badge still counts it

    def clicked(self) -> bool:
        """The tray's message was clicked: True when it was this notice (and the call back is
        on its way), False when it was another message."""
        if not self.shown:
            return False
        self.call_back_latest()
        return True

    def call_back_latest(self) -> None:
        if not self.pending:
            return
        row = self.pending[-1]
        self.clear()
        if row.dial_number:
            self.call_back.emit(row)

    def superseded(self) -> None:
        """Another message took the tray's bubble: a click on it is not a call back."""
        self.shown = False

    def clear(self) -> None:
        self.pending = []
        self.shown = False
        self.action.setVisible(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window:
            if event.type() == QEvent.Type.ActivationChange and self.in_front():
                self.clear()  # the agent is back: the history's badge counts them now
            elif event.type() == QEvent.Type.LanguageChange and self.pending:
                self._name_action()
        return False

    # -- texts -------------------------------------------------------------------------------

    def _who(self, row: HistoryRow) -> str:
        if caller_name(row):
            return caller_name(row)
        if row.number:
            return labels.phone(row.dial_number or row.number)
        return self.tr("a withheld number")

    def _show(self) -> None:
        latest = self.pending[-1]
        who = self._who(latest)
        details = caller_text(latest)
        if latest.case_number:
            details += f" · {latest.case_number}"
        if len(self.pending) == 1:
            self.title = self.tr("Missed call from {who}").format(who=who)
        else:
            self.title = self.tr("%n missed calls", "", len(self.pending))
            details = self.tr("Latest: {caller}").format(caller=details)
        if latest.dial_number:
            self.text = self.tr("{details}\nClick here to call back {who}.").format(
                details=details, who=who)
        else:
            self.text = details  # a withheld number cannot be called back
        self.tray.showMessage(self.title, self.text, QSystemTrayIcon.MessageIcon.Information,
                              SHOWN_MS)
        self.shown = True
        self._name_action()

    def _name_action(self) -> None:
        latest = self.pending[-1]
        self.action.setText(self.tr("Call back {who}").format(who=self._who(latest)))
        self.action.setVisible(bool(latest.dial_number))
