"""The team leader's console: the live board, the call explorer, the KPIs and the team's
overdue callbacks, in a window of its own beside the agent's main window.

A window of its own (not a page of the main window) because a leader takes calls too: the
console can sit on a second screen, or be closed, without taking the call panel's room or
hiding an incoming call; it has its own status line for its long reads and exports.

Only a leader gets it: ``ConsoleLauncher`` asks the centre once the sync has connected
(``caseline.console_team()``, the leaders' alone) and shows the "Team console" action only
then. The centre is the gate, not this window: opened by anyone else, the window asks, is
refused by the database, and says so.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.console.explorer import ConsoleRefusedError
from app.ui.console_callbacks import OverdueCallbacksTab
from app.ui.console_common import console_error
from app.ui.console_explorer import ExplorerView
from app.ui.console_kpi import KpiTab

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.console.service import ConsoleService, Team
    from app.sync.status import SyncStatus
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

PAGE_TABS, PAGE_PROBLEM = range(2)
TAB_BOARD, TAB_EXPLORER, TAB_KPIS, TAB_CALLBACKS = range(4)


class ConsoleWindow(QMainWindow):
    """Tabs Board, Explorer, KPIs and Overdue callbacks over the leader's team; a refusal
    page for anyone else."""

    ready = Signal(object)  # the Team, once the centre has named it
    refused = Signal()

    def __init__(self, service: ConsoleService, tasks: Tasks, *, board: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consoleWindow")
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window)  # its own window, closed with the parent
        self.service = service
        self.tasks = tasks
        self.team: Team | None = None
        # The live board (app.ui.board) when the caller has one; until then a placeholder.
        self.placeholder: QLabel | None = None
        if board is None:
            placeholder = QLabel()
            placeholder.setObjectName("consoleBoardPlaceholder")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            placeholder.setWordWrap(True)
            self.placeholder = board = placeholder
        self.board: QWidget = board
        self.explorer = ExplorerView(service, tasks)
        self.kpis = KpiTab(service, tasks)
        self.callbacks = OverdueCallbacksTab(service, tasks)
        self.callbacks.counted.connect(self._callbacks_title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("consoleTabs")
        self.tabs.addTab(self.board, "")
        self.tabs.addTab(self.explorer, "")
        self.tabs.addTab(self.kpis, "")
        self.tabs.addTab(self.callbacks, "")
        self.tabs.setCurrentWidget(self.explorer)

        self.problem = QLabel()
        self.problem.setObjectName("consoleProblem")
        self.problem.setWordWrap(True)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.retry = QPushButton()
        self.retry.setObjectName("consoleRetry")
        self.retry.clicked.connect(self.load)
        problem = QWidget()
        column = QVBoxLayout(problem)
        column.addStretch(1)
        column.addWidget(self.problem)
        column.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(problem)
        self.setCentralWidget(self.pages)
        self.resize(1280, 800)
        self.retranslate()
        self.load()

    def load(self) -> None:
        """Ask the centre for the team (the gate), then fill the tabs."""
        self.statusBar().showMessage(self.tr("Asking the central database…"))
        self.tasks.watch(self.service.team(), self, self._team, self._failed)

    def _team(self, team: Team) -> None:
        self.team = team
        self.statusBar().clearMessage()
        self.pages.setCurrentIndex(PAGE_TABS)
        self.explorer.set_team(team)
        self.explorer.apply_filter()
        self.kpis.refresh()
        self.callbacks.start()  # the count in its tab title, before the leader looks
        self.ready.emit(team)

    def _failed(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        refused = isinstance(exc, ConsoleRefusedError)
        if not refused:
            log.warning("team console: %s", exc)
        self.problem.setText(console_error(exc))
        self.retry.setVisible(not refused)  # a refusal stays one: nothing to try again
        self.pages.setCurrentIndex(PAGE_PROBLEM)
        if refused:
            self.refused.emit()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Team console — CaseLine"))
        self.tabs.setTabText(TAB_BOARD, self.tr("&Board"))
        self.tabs.setTabText(TAB_EXPLORER, self.tr("&Explorer"))
        self.tabs.setTabText(TAB_KPIS, self.tr("&KPIs"))
        self._callbacks_title()
        self.retry.setText(self.tr("Try again"))
        if self.placeholder is not None:
            self.placeholder.setText(self.tr("The live board is not available in this "
                                             "version."))

    def _callbacks_title(self) -> None:
        self.tabs.setTabText(TAB_CALLBACKS, self.callbacks.title())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # Opened again after a close (not merely restored): the overdue list reads again.
        if self.team is not None and not self.callbacks.timer.isActive():
            self.callbacks.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # An export nobody watches any more stops and leaves no file (the window only hides).
        for run in (self.explorer.export, self.kpis.export):
            if run is not None:
                run.stop()
        self.callbacks.stop()  # a hidden window asks the centre nothing
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ConsoleLauncher(QObject):
    """The main window's "Team console" action: hidden until the centre says this user leads
    a team; opens (and raises) the one console window."""

    leader_known = Signal(bool)

    def __init__(self, service: ConsoleService, tasks: Tasks, window: QWidget, *,
                 board: Callable[[], QWidget] | None = None) -> None:
        super().__init__(window)
        self.service = service
        self.tasks = tasks
        self.main = window
        self.board = board  # makes the Board tab's view (app.ui.board), when there is one
        self.leader: bool | None = None  # None: not asked yet, or the centre did not answer
        self._asking = False
        self.console: ConsoleWindow | None = None
        self.action = QAction(window)
        self.action.setObjectName("teamConsole")
        self.action.setVisible(False)
        self.action.triggered.connect(self.open)
        window.installEventFilter(self)  # its LanguageChange renames the action
        self.retranslate()

    def sync_status(self, status: SyncStatus) -> None:
        """Ask once the sync has reached the centre (the same credentials sign in)."""
        if status.last_success is not None:
            self.check()

    def check(self) -> None:
        if self.leader is not None or self._asking:
            return
        self._asking = True
        self.tasks.watch(self.service.leader(), self, self._answered, self._unanswered)

    def _answered(self, leader: bool) -> None:
        self._asking = False
        self.leader = leader
        self.action.setVisible(leader)
        self.leader_known.emit(leader)

    def _unanswered(self, exc: BaseException) -> None:
        self._asking = False  # asked again at the next sync that reaches the centre
        log.info("team console: the centre did not say who leads: %s", exc)

    def open(self) -> ConsoleWindow:
        if self.console is None:
            self.console = ConsoleWindow(self.service, self.tasks,
                                         board=self.board() if self.board else None,
                                         parent=self.main)
        self.console.show()
        self.console.raise_()
        self.console.activateWindow()
        return self.console

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Team console…"))
        self.action.setToolTip(self.tr("Your team's calls, KPIs and live board"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.main and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False
