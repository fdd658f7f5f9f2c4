"""The window an agent works in all day.

Top: state, phone health, dial field. Left: the calls (pop-ups for ringing ones, the call
panel, wrap-up). Centre: the SR of the call (or the chooser, or the new-SR form, or search).
Bottom: the call history. Everything reacts to CallCenter signals; nothing here waits.
"""

from __future__ import annotations

import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QSystemTrayIcon,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cases import wrapup
from app.cases.choices import ChoiceLists, choice_lists
from app.cases.history import HistoryRow
from app.cases.models import utcnow
from app.cases.resolver import Pop
from app.cases.stats import FCR_DAYS
from app.config import secrets
from app.config.settings import (
    HEADSET_PROFILE,
    SPEAKER_PROFILE,
    AudioSettings,
    QueueWatchSettings,
    save,
)
from app.i18n import choose
from app.orchestration.bootstrap import agent_name
from app.telephony.dialplan import link_text
from app.telephony.events import AudioPath
from app.ui import labels
from app.ui.actions import CallActions
from app.ui.callbacks import CallbacksView
from app.ui.callcenter import Health, error_message, message_for
from app.ui.callwidgets import CallPanel, IncomingPopup, WrapUpPanel, caller_lines
from app.ui.case_forms import CandidateChooser, LeftDraftsDialog, NewCaseForm
from app.ui.case_search import CaseSearch
from app.ui.case_view import CaseView
from app.ui.history import CallHistoryView
from app.ui.icons import dot, icon
from app.ui.missed_notice import MissedCallNotice
from app.ui.monitors import Monitors
from app.ui.queuewatch import QueueWatchView, exception_label, watch_rules
from app.ui.ringer import Ringer
from app.ui.settings_dialog import SettingsDialog
from app.ui.status_updates import StatusUpdatesView
from app.ui.sync import ConflictDialog, SyncIndicator
from app.ui.today import TodayPanel
from app.ui.toolbar import DialBar, HealthIndicator, StatePicker
from app.ui.translations import TranslationQueueView
from app.ui.widgets import FormScroll

if TYPE_CHECKING:
    from app.cases.callbacks import CallbackInfo
    from app.cases.casework import CaseDetail
    from app.cases.queuewatch import WatchedCase, WatchException
    from app.cases.wrapup import Settled
    from app.config.settings import Settings
    from app.i18n import Translators
    from app.orchestration.desk import CallLogged, CallSettled, DraftsLeft, StoreProblem
    from app.sync.status import CaseConflict, SyncStatus
    from app.telephony.config import AccountSpec
    from app.ui.callcenter import CallCenter, HealthReport
    from app.ui.console import ConsoleLauncher
    from app.ui.speech import SpeechPath
    from app.ui.sync_control import SyncControl
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

PAGE_IDLE, PAGE_CASE, PAGE_CHOOSER, PAGE_NEW, PAGE_SEARCH = range(5)


class IdlePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("idleTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("idleHint")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("No call right now"))
        self.hint.setText(self.tr("The caller's SR opens here when you answer. "
                                  "Ctrl+L to dial, Ctrl+F to find an SR, F1 for all keys."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class LeftPane(QWidget):
    """The calls column: 300 px at least, and as wide as its content needs in the current
    language. (An explicit minimum width would replace the layout's own minimum, and the
    splitter would then cut the call controls off.)"""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(max(300, hint.width()), hint.height())


class ShortcutHelp(QDialog):
    """F1: every action and its keys, generated from the actions themselves."""

    def __init__(self, actions: CallActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        table = QTableWidget(0, 2)
        table.setObjectName("shortcutTable")
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for action in actions.all():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in action.shortcuts() if not k.isEmpty())
            if not keys:
                continue
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QTableWidgetItem(labels.plain(action.text())))
            table.setItem(row, 1, QTableWidgetItem(keys))
        extra = [(self.tr("Choose a disposition in wrap-up"), "1 … 9"),
                 (self.tr("Finish wrap-up / add note"), "Ctrl+Return"),
                 (self.tr("Save the SR"), "Ctrl+S"),
                 (self.tr("Call the first due callback"), "Ctrl+Shift+B")]
        for text, keys in extra:
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QTableWidgetItem(text))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(520, 560)


class MainWindow(QMainWindow):
    def __init__(self, center: CallCenter, tasks: Tasks, *, listen_address: str = "",
                 state: QSettings | None = None, config_path: Path | None = None,
                 settings: Settings | None = None,
                 translators: Translators | None = None,
                 speech: SpeechPath | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.center = center
        self.speech = speech
        self.tasks = tasks
        self.listen_address = listen_address
        self.state = state or QSettings()
        self.config_path = config_path
        self.dial_confirm: QMessageBox | None = None  # a link's "Call …?", while it is asked
        self.settings = settings
        self.translators = translators
        # Before any view: numbers are read and shown as in the agent's country.
        labels.set_region(settings.cases.region if settings is not None else "")
        if settings is not None:
            center.team.set_accounts(settings.accounts)  # the pickers' team list (app.ui.team)
        self.sync: SyncControl | None = None
        self.console: ConsoleLauncher | None = None  # the team console, for a leader
        self.choices = ChoiceLists((), ())
        self.popups: dict[str, IncomingPopup] = {}
        self._missed = 0  # unseen missed calls, for the history's title
        self._io = ThreadPoolExecutor(1, thread_name_prefix="caseline-io")  # keyring calls
        self.call_actions = CallActions(center, self)
        self.setWindowIcon(icon("app"))

        # -- top strip
        self.state_picker = StatePicker(center)
        self.health = HealthIndicator(center)
        self.dial_bar = DialBar(self.call_actions.keypad)
        self.dial_bar.dial.connect(self._dial)
        toolbar = QToolBar()
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addWidget(self.state_picker)
        toolbar.addSeparator()
        toolbar.addWidget(self.health)
        toolbar.addSeparator()
        toolbar.addWidget(self.dial_bar)
        toolbar.addAction(self.call_actions.search)
        toolbar.addAction(self.call_actions.settings)
        toolbar.addAction(self.call_actions.help)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

        # -- left: calls
        self.call_list = QListWidget()
        self.call_list.setObjectName("activeCalls")
        self.call_list.setMaximumHeight(90)
        self.calls_title = QLabel()
        self.calls_title.setObjectName("sectionTitle")
        self.call_panel = CallPanel(center, self.call_actions)
        self.wrap_up = WrapUpPanel()
        self.wrap_up.finished.connect(self._wrap_up_done)
        self.wrap_up.changed.connect(center.wrap_up_changed)
        left = LeftPane()
        left.setObjectName("leftPane")
        left_layout = QVBoxLayout(left)
        # Little margin above and below: at 1280x800 the wrap-up's nine dispositions, its note
        # and Done button need every pixel of the column's height in Chinese and Japanese.
        side = left_layout.contentsMargins()
        left_layout.setContentsMargins(side.left(), 2, side.right(), 2)
        left_layout.addWidget(self.calls_title)
        left_layout.addWidget(self.call_list)
        left_layout.addWidget(self.call_panel)
        left_layout.addWidget(self.wrap_up)
        self.today = TodayPanel(tasks, fcr_days=settings.console.fcr_days
                                if settings is not None else FCR_DAYS)
        self.today.key_pressed.connect(self.dial_bar.type_key)
        left_layout.addWidget(self.today)
        left_layout.addStretch(1)

        # -- centre: the SR
        self.pages = QStackedWidget()
        self.idle = IdlePage()
        self.case_view = CaseView(tasks)
        self.chooser = CandidateChooser()
        self.new_case = NewCaseForm(tasks)
        self.search = CaseSearch(tasks)
        for page in (self.idle, self.case_view, self.chooser, self.new_case, self.search):
            self.pages.addWidget(page)
        self.case_view.dial.connect(self._dial_from_case)
        self.case_view.note_draft_changed.connect(center.save_note_draft)
        self.case_view.error.connect(self.show_error)
        self.case_view.loaded.connect(self._case_loaded)
        self.chooser.chosen.connect(self._case_chosen)
        self.chooser.new_case.connect(self._new_case)
        self.new_case.created.connect(self._case_chosen)
        self.search.open_case.connect(self._search_chose)
        self._attaching: HistoryRow | None = None  # a past call waiting for its SR
        self._search_for_call = ""  # a live call whose SR the agent looks for

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        # Scrolls rather than making the window taller than the screen (a call with the
        # keypad open needs more height than 1280x800 leaves); never narrower than its content.
        left_scroll = FormScroll()
        left_scroll.setObjectName("leftScroll")
        left_scroll.setWidget(left)
        self.splitter.addWidget(left_scroll)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        # -- bottom: history
        self.history = CallHistoryView(tasks)
        self.history.open_case.connect(self.open_case)
        self.history.call_back.connect(self._dial_from_case)
        self.history.attach_requested.connect(self.attach_call)
        self.history.unseen_missed_changed.connect(self._missed_badge)
        self.history_dock = QDockWidget()
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(self.history)
        self.history_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                      | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                                      | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.history_dock.visibilityChanged.connect(self._history_visible)
        # -- bottom, beside the history: what waits for a translation
        self.translation_queue = TranslationQueueView(tasks)
        self.translation_queue.open_request.connect(self._open_translation)
        self.translation_queue.count_changed.connect(self._translations_waiting)
        self.case_view.translations_changed.connect(self.translation_queue.refresh)
        self._translations = 0
        self.translation_dock = QDockWidget()
        self.translation_dock.setObjectName("translationDock")
        self.translation_dock.setWidget(self.translation_queue)
        self.translation_dock.setFeatures(self.history_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.translation_dock)
        self.tabifyDockWidget(self.history_dock, self.translation_dock)
        # -- bottom, beside them: the callbacks promised, with their reminders
        self.callbacks = CallbacksView(tasks, center)
        self.callbacks.reminder.connect(self._callback_due)
        self.callbacks.due_changed.connect(self._callbacks_due)
        self.callbacks.changed.connect(self._history_refresh_soon)
        self.callbacks.error.connect(self.show_error)
        self.history.callbacks_enabled = True
        self.history.call_back_missed.connect(self.callbacks.call_back_missed)
        self.history.schedule_requested.connect(self.callbacks.schedule_for_missed)
        self.case_view.schedule_callback.connect(self.callbacks.schedule_for_case)
        self._callbacks_waiting = 0
        self.callbacks_dock = QDockWidget()
        self.callbacks_dock.setObjectName("callbacksDock")
        self.callbacks_dock.setWidget(self.callbacks)
        self.callbacks_dock.setFeatures(self.history_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.callbacks_dock)
        self.tabifyDockWidget(self.translation_dock, self.callbacks_dock)
        self.call_first_callback = QAction(self)
        self.call_first_callback.setObjectName("callFirstCallback")
        self.call_first_callback.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.call_first_callback.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.call_first_callback.triggered.connect(self.callbacks.call_first_due)
        self.addAction(self.call_first_callback)
        # -- and the status-update run: pending-customer SRs called one by one
        self.status_updates = StatusUpdatesView(tasks, center)
        self.status_updates.error.connect(self.show_error)
        self.status_dock = QDockWidget()
        self.status_dock.setObjectName("statusUpdatesDock")
        self.status_dock.setWidget(self.status_updates)
        self.status_dock.setFeatures(self.history_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.status_dock)
        self.tabifyDockWidget(self.callbacks_dock, self.status_dock)
        # -- bottom, beside them: the queue watch (docs/queue-watch.md)
        watch = settings.queue_watch if settings is not None else QueueWatchSettings()
        self.queue_watch = QueueWatchView(tasks, watch_rules(watch), utcnow,
                                          refresh_ms=watch.refresh_seconds * 1000)
        self.queue_watch.open_case.connect(self.open_case)
        self.queue_watch.new_exceptions.connect(self._queue_watch_notice)
        self.queue_watch.action_done.connect(lambda text: self.statusBar().showMessage(
            text, 5000))
        self.queue_dock = QDockWidget()
        self.queue_dock.setObjectName("queueWatchDock")
        self.queue_dock.setWidget(self.queue_watch)
        self.queue_dock.setFeatures(self.history_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.queue_dock)
        self.tabifyDockWidget(self.translation_dock, self.queue_dock)
        self.history_dock.raise_()

        # -- status bar
        self.busy = QProgressBar()
        self.busy.setObjectName("busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.hide()
        self.address = QLabel()
        self.address.setObjectName("listenAddress")
        # The audio profile, one click away during a call: headset or hands-free speaker.
        self.profile_button = QToolButton()
        self.profile_button.setObjectName("profileButton")
        self.profile_button.setCheckable(True)
        self.profile_button.setAutoRaise(True)
        self.profile_button.setChecked(
            settings is not None and settings.audio.profile == SPEAKER_PROFILE)
        self.profile_button.toggled.connect(self._profile_toggled)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.profile_button)
        self.statusBar().addPermanentWidget(self.address)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(150)  # a flash of progress for every 2 ms read is noise
        self._busy_timer.timeout.connect(self.busy.show)
        tasks.busy_changed.connect(self._busy)

        # -- menus, tray
        self._build_menu()
        self.tray = self._build_tray()
        self.missed_notice = MissedCallNotice(self.tray, self, tasks) \
            if self.tray is not None else None
        if self.missed_notice is not None:
            center.call_logged.connect(self.missed_notice.call_logged)
            self.missed_notice.call_back.connect(self._tray_call_back)

        # -- wiring
        acts = self.call_actions
        acts.focus_dial.triggered.connect(self._focus_dial)
        acts.search.triggered.connect(self._show_search)
        acts.history.triggered.connect(self._show_history)
        acts.help.triggered.connect(self.show_shortcuts)
        acts.go_break.triggered.connect(self._go_break)
        acts.settings.triggered.connect(self.show_settings)
        acts.quit.triggered.connect(self.close)
        acts.keypad.toggled.connect(self._keypad_toggled)
        center.call_added.connect(self._call_added)
        center.call_changed.connect(self._call_changed)
        center.call_removed.connect(self._call_removed)
        center.screen_pop.connect(self._screen_pop)
        center.wrap_up.connect(self._wrap_up_started)
        center.agent_state_changed.connect(self._agent_state)
        center.health_changed.connect(self._health)
        center.call_logged.connect(self._call_logged)
        center.store_problem.connect(self._store_problem)
        center.error.connect(self.show_error)
        center.draft_saved.connect(self._draft_saved)
        center.call_settled.connect(self._call_settled)
        center.drafts_left.connect(self._drafts_left)
        center.focus_changed.connect(self._focus_changed)
        self._history_refresh = QTimer(self)
        self._history_refresh.setSingleShot(True)
        self._history_refresh.setInterval(400)  # a burst of call logs reloads the list once
        self._history_refresh.timeout.connect(self.history.refresh)
        self._history_refresh.timeout.connect(self.today.refresh)

        self.resize(1280, 800)
        self._restore()
        self.retranslate()
        self._load_choices()
        self.today.refresh()
        self.translation_queue.refresh()
        self.queue_watch.refresh()
        self.monitors = Monitors(center)
        self.ringer = Ringer(center, settings.audio if settings else AudioSettings(), self)
        self.ringer.problem.connect(self.show_error)
        if speech is not None:
            speech.notice.connect(self._sound_notice)
            speech.level.connect(self.call_panel.set_level)
            center.audio_path_changed.connect(self._audio_path_changed)
            self._audio_path_changed()
        self.call_panel.keypad.pressed.connect(self.ringer.play_dtmf)  # local key feedback

    def _audio_path_changed(self, *_: object) -> None:
        self.call_panel.show_level(self.center.audio_path is AudioPath.BRIDGE)

    # -- layout memory -----------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.state.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        layout = self.state.value("window/state")
        if isinstance(layout, QByteArray):
            self.restoreState(layout)
        splitter = self.state.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self.state.setValue("window/geometry", self.saveGeometry())
        self.state.setValue("window/state", self.saveState())
        self.state.setValue("window/splitter", self.splitter.saveState())
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        live = [c for c in self.center.calls.values() if c.live]
        if live:
            answer = QMessageBox.question(
                self, self.tr("Quit CaseLine"),
                self.tr("You are on a call. Quitting hangs it up. Quit anyway?"))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.wrap_up.isVisible():
            self._wrap_up_ended_by_itself()  # before the phone stops: the Desk settles it
        self.case_view.flush_draft()  # the last second typed, before the phone stops
        self.save_layout()
        self._io.shutdown(wait=False)
        for popup in list(self.popups.values()):
            popup.close()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    # -- building ------------------------------------------------------------------------------

    def _build_menu(self) -> None:
        acts = self.call_actions
        bar = self.menuBar()
        self.menu_phone = bar.addMenu("")
        for action in (acts.answer, acts.decline, acts.hangup, None, acts.hold, acts.mute,
                       acts.keypad, acts.transfer, acts.record, None, acts.focus_dial, None,
                       acts.settings, None, acts.quit):
            if action is None:
                self.menu_phone.addSeparator()
            else:
                self.menu_phone.addAction(action)
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(acts.search)
        self.menu_view.addAction(acts.history)
        self.menu_view.addAction(self.translation_dock.toggleViewAction())
        self.menu_view.addAction(self.queue_dock.toggleViewAction())
        self.menu_view.addAction(self.callbacks_dock.toggleViewAction())
        self.menu_view.addAction(self.status_dock.toggleViewAction())
        self.menu_view.addAction(self.call_first_callback)
        self.menu_state = bar.addMenu("")
        for action in (acts.go_available, acts.go_break, acts.go_offline):
            self.menu_state.addAction(action)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(acts.help)
        self.save_diagnostics = QAction(self)
        self.save_diagnostics.setObjectName("saveDiagnostics")
        self.save_diagnostics.triggered.connect(self._save_diagnostics)
        self.menu_help.addAction(self.save_diagnostics)

    def _build_tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(dot("offline"), self)
        menu = QMenu(self)
        self.tray_show = menu.addAction("")
        self.tray_show.triggered.connect(self.bring_to_front)
        menu.addSeparator()
        for action in (self.call_actions.answer, self.call_actions.decline,
                       self.call_actions.hangup, None, self.call_actions.go_available,
                       self.call_actions.go_break, self.call_actions.go_offline, None,
                       self.call_actions.quit):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        tray.setContextMenu(menu)
        tray.activated.connect(lambda reason: self.bring_to_front()
                               if reason == QSystemTrayIcon.ActivationReason.Trigger else None)
        tray.messageClicked.connect(self._tray_message_clicked)
        tray.show()
        return tray

    def _tray_message(self, title: str, text: str, icon: QSystemTrayIcon.MessageIcon,
                      shown_ms: int) -> None:
        """Every tray message but the missed-call notice's: a click on it only brings the
        window up."""
        if self.tray is None:
            return
        if self.missed_notice is not None:
            self.missed_notice.superseded()
        self.tray.showMessage(title, text, icon, shown_ms)

    def _tray_message_clicked(self) -> None:
        if self.missed_notice is None or not self.missed_notice.clicked():
            self.bring_to_front()

    def _tray_call_back(self, row: HistoryRow) -> None:
        """The tray's "Call back": the window comes up with the call, placed as the history's
        call back places it (bound to the customer's SR)."""
        self.bring_to_front()
        self.history.call_back_row(row)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("CaseLine"))
        self._profile_text()
        self.calls_title.setText(self.tr("Calls"))
        self.call_list.setAccessibleName(self.tr("Active calls"))
        self.history_dock.setWindowTitle(self._history_title())
        self.translation_dock.setWindowTitle(self._translation_title())
        self.queue_dock.setWindowTitle(self.tr("Queue watch"))
        self.callbacks_dock.setWindowTitle(self._callbacks_title())
        self.status_dock.setWindowTitle(self.tr("Status updates"))
        self.call_first_callback.setText(self.tr("Call the first due &callback"))
        self.menu_phone.setTitle(self.tr("&Phone"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_state.setTitle(self.tr("&State"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.save_diagnostics.setText(self.tr("Save &diagnostics…"))
        self.save_diagnostics.setToolTip(self.tr(
            "A zip for your support desk: versions, settings, the recent log and the "
            "connection test, with every password removed"))
        self.call_actions.retranslate()
        if self.tray is not None:
            self.tray_show.setText(self.tr("Show CaseLine"))
            self._tray_tooltip()
        if self.listen_address:
            self.address.setText(self.tr("Direct calls: {address}").format(
                address=self.listen_address))
        self._refresh_calls()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._language_changed()
        super().changeEvent(event)

    def _language_changed(self) -> None:
        # The docks' float and close buttons are named (in Qt's own translation) only at a
        # style change.
        for dock in (self.history_dock, self.translation_dock, self.callbacks_dock,
                     self.status_dock, self.queue_dock):
            QApplication.sendEvent(dock, QEvent(QEvent.Type.StyleChange))
        # A passing message was said in the old language: it goes, the next one comes in the
        # new; a phone that cannot take calls is said again.
        self.statusBar().clearMessage()
        self.center.retranslate()
        if self.center.health.level is Health.DOWN:
            self.statusBar().showMessage(self.center.health.summary)

    def _translation_title(self) -> str:
        if self._translations:
            return self.tr("Translation queue (%n)", "", self._translations)
        return self.tr("Translation queue")

    def _queue_watch_notice(self, found: list[tuple[WatchedCase, WatchException]]) -> None:
        """A new exception in the team's queues: the tray says so (the status bar without
        one)."""
        if len(found) == 1:
            case, kind = found[0]
            text = self.tr("{number}: {exception}").format(number=case.number,
                                                          exception=exception_label(kind))
        else:
            text = self.tr("%n new exception(s) in the team's queues", "", len(found))
        if self.tray is not None:
            self._tray_message(self.tr("Queue watch"), text,
                                  QSystemTrayIcon.MessageIcon.Warning, 10000)
        else:
            self.statusBar().showMessage(text, 10000)

    def _translations_waiting(self, count: int) -> None:
        self._translations = count
        self.translation_dock.setWindowTitle(self._translation_title())

    def _callbacks_title(self) -> str:
        if self._callbacks_waiting:
            return self.tr("Callbacks (%n due)", "", self._callbacks_waiting)
        return self.tr("Callbacks")

    def _callbacks_due(self, count: int) -> None:
        self._callbacks_waiting = count
        self.callbacks_dock.setWindowTitle(self._callbacks_title())

    def _callback_due(self, callback: CallbackInfo) -> None:
        """A callback's time has come: the list comes forward with its "Call now", and the
        tray says it when the window is not in front."""
        self.callbacks_dock.show()
        self.callbacks_dock.raise_()
        QApplication.alert(self)
        text = self.tr("{who}, {number}").format(who=callback.who,
                                                 number=labels.phone(callback.number))
        if callback.case_number:
            text += f" · {callback.case_number}"
        self.statusBar().showMessage(self.tr("Callback due: {text}").format(text=text), 15000)
        if self.tray is not None and (self.isMinimized() or not self.isVisible()
                                      or not self.isActiveWindow()):
            self._tray_message(self.tr("Callback due (Ctrl+Shift+B calls)"), text,
                                  QSystemTrayIcon.MessageIcon.Information, 30000)

    def _history_refresh_soon(self) -> None:
        self._history_refresh.start()  # a callback closed missed calls: the badge follows

    def _open_translation(self, case_id: object, request_id: object) -> None:
        if isinstance(case_id, uuid.UUID) and isinstance(request_id, uuid.UUID):
            self.case_view.open_translation(request_id)
            self.open_case(case_id)

    def _history_title(self) -> str:
        if self._missed:
            return self.tr("Call history (%n missed)", "", self._missed)
        return self.tr("Call history")

    def _load_choices(self) -> None:
        if self.tasks.workspace is None:
            return

        def loaded(choices: ChoiceLists) -> None:
            self.choices = choices
            self.wrap_up.set_choices(choices.dispositions)
            self.state_picker.set_break_reasons(choices.break_reasons)

        self.tasks.watch(self.tasks.read(choice_lists), self, loaded, self._store_failed)

    # -- calls -----------------------------------------------------------------------------

    def _call_added(self, call_id: str) -> None:
        call = self.center.info(call_id)
        self._refresh_calls()
        if call is None or not call.ringing:
            return
        popup = IncomingPopup(self.center, self.call_actions, call_id)
        self.popups[call_id] = popup
        popup.refresh()
        popup.place(len(self.popups) - 1)
        popup.show()
        QApplication.alert(self)  # taskbar flash: the window may be behind others
        if self.tray is not None and (self.isMinimized() or not self.isVisible()
                                      or not self.isActiveWindow()):
            who, company, number = caller_lines(call)
            self._tray_message(self.tr("Incoming call"),
                                  " · ".join(x for x in (who, company, number) if x),
                                  QSystemTrayIcon.MessageIcon.Information, 15000)

    def _call_changed(self, call_id: str) -> None:
        call = self.center.info(call_id)
        if call is not None and not call.ringing:
            self._close_popup(call_id)
        self._refresh_calls()

    def _call_removed(self, call_id: str) -> None:
        self._close_popup(call_id)
        call = self.center.info(call_id)
        if call is not None and call.answered_at is None and call.inbound:
            self.statusBar().showMessage(self.tr("Missed call from {who}").format(
                who=caller_lines(call)[0]), 10000)
        self.case_view.call_ended(call_id)  # its notes still belong to it until wrap-up ends
        if self._search_for_call == call_id:
            self._search_for_call = ""
        self._refresh_calls()

    def _close_popup(self, call_id: str) -> None:
        popup = self.popups.pop(call_id, None)
        if popup is not None:
            popup.close()
            for index, other in enumerate(self.popups.values()):
                other.place(index)

    def _refresh_calls(self) -> None:
        self.call_list.clear()
        for call in self.center.calls.values():
            who, _company, _number = caller_lines(call)
            state = labels.call_state(call.event.state.value)
            if call.event.held:
                state = self.tr("On hold")
            elif call.waiting and call.ringing:
                state = self.tr("Waiting")
            item = QListWidgetItem(dot("on-call" if call.live else "ringing"),
                                   f"{who} — {state}")
            item.setData(Qt.ItemDataRole.UserRole, call.call_id)
            self.call_list.addItem(item)
        self.call_list.setVisible(self.call_list.count() > 0)
        self.calls_title.setVisible(self.call_list.count() > 0)
        self._left_idle()

    def _left_idle(self) -> None:
        busy = bool(self.center.calls) or self.wrap_up.isVisibleTo(self)
        self.today.setVisible(not busy)

    def _screen_pop(self, call_id: str, stage: str) -> None:
        self._refresh_calls()  # the caller has a name now
        call = self.center.info(call_id)
        if call is None or call_id != self.center.focused:
            return  # a ringing call's pop-up shows it; the desk follows the call it is on
        if stage == "answer" or self.case_view.call_id != call_id or not self._on_call_page(
                call_id):
            self._open_for_call(call_id)

    def _focus_changed(self, call_id: str) -> None:
        """The agent is on another call now (answered, dialled, switched): its SR opens. With
        no call left, the SR of the last one stays for its wrap-up."""
        if call_id:
            self._open_for_call(call_id)

    def _on_call_page(self, call_id: str) -> bool:
        page = self.pages.currentIndex()
        return ((page == PAGE_CASE and self.case_view.call_id == call_id)
                or (page == PAGE_CHOOSER and self.chooser.call_id == call_id)
                or (page == PAGE_NEW and self.new_case.call_id == call_id))

    def _open_for_call(self, call_id: str) -> None:
        """Answering (or dialling, or switching to a call) opens its SR, or the chooser, or the
        prefilled new-SR form."""
        call = self.center.info(call_id)
        if call is None:
            return
        if call.case_id is not None:
            # (show_case hands what was typed to the call it was typed for first.)
            self.case_view.show_case(call.case_id, call_id=call_id, live=call.live,
                                     caller=caller_lines(call)[0])
            self.pages.setCurrentIndex(PAGE_CASE)
            return
        resolution = call.resolution
        if resolution is None:
            return  # the store has not answered yet; the pop follows
        if resolution.pop is Pop.CANDIDATES:
            self.chooser.set_candidates(call_id, resolution.candidates, resolution.draft)
            self.pages.setCurrentIndex(PAGE_CHOOSER)
        else:
            self.new_case.set_draft(call_id, resolution.draft)
            self.pages.setCurrentIndex(PAGE_NEW)

    def _case_chosen(self, call_id: str, case_id: object) -> None:
        if not isinstance(case_id, uuid.UUID):
            return
        if call_id:
            self.center.bind_case(call_id, case_id)
        call = self.center.info(call_id) if call_id else None
        if call is None or not self._notes_belong_to(call_id):
            self.case_view.show_case(case_id)  # the call's paperwork is done: the SR's own
        else:
            self.case_view.show_case(case_id, call_id=call_id, live=call.live,
                                     caller=caller_lines(call)[0])
        self.pages.setCurrentIndex(PAGE_CASE)

    def _notes_belong_to(self, call_id: str) -> bool:
        """Notes typed now are the call's while it is live or its wrap-up runs; after that
        they are the SR's own."""
        call = self.center.calls.get(call_id)
        return (call is not None and call.live) or (
            self.wrap_up.isVisible() and self.wrap_up.call_id == call_id)

    def _case_loaded(self, detail: CaseDetail) -> None:
        """The call panel names the SR the notes go to."""
        call_id = self.case_view.call_id
        if call_id:
            self.center.set_case_label(call_id, detail.id,
                                       self.tr("{number} · {title}").format(
                                           number=detail.number, title=detail.title))

    def _new_case(self, call_id: str) -> None:
        call = self.center.info(call_id)
        if call is not None and call.resolution is not None:
            self.new_case.set_draft(call_id, call.resolution.draft)
            self.pages.setCurrentIndex(PAGE_NEW)

    def open_case(self, case_id: object) -> None:
        """An SR from the search or the history: in the call the agent is on when it is that
        call's SR, else on its own (notes typed then are the SR's, not the call's)."""
        if isinstance(case_id, uuid.UUID):
            current = self.center.current_call()
            if current is not None and current.case_id == case_id:
                self.case_view.show_case(case_id, call_id=current.call_id, live=True,
                                         caller=caller_lines(current)[0])
            else:
                self.case_view.show_case(case_id)
            self.pages.setCurrentIndex(PAGE_CASE)

    def _search_chose(self, case_id: object) -> None:
        """A search result picked: for the past call being attached, for the live call that
        has no SR yet, or just to look at it."""
        if not isinstance(case_id, uuid.UUID):
            return
        attaching, self._attaching = self._attaching, None
        for_call, self._search_for_call = self._search_for_call, ""
        self.search.set_purpose("")
        if attaching is not None:
            self.tasks.watch(self.tasks.write(wrapup.attach_call, attaching.id, case_id),
                             self, self._attached, self._store_failed)
            self.open_case(case_id)
        elif for_call and for_call in self.center.calls:
            self._case_chosen(for_call, case_id)
        else:
            self.open_case(case_id)

    def attach_call(self, row: object) -> None:
        """The history's "Attach to an SR…": find the SR, and the call and its note go there."""
        if not isinstance(row, HistoryRow):
            return
        self._attaching = row
        self._search_for_call = ""
        who = row.contact_name or row.display_name or labels.phone(row.dial_number or row.number)
        self.search.set_purpose(self.tr(
            "Choose the SR for the call of {time} with {who}; its note goes there.").format(
            time=labels.local_datetime(row.started_at), who=who))
        self.pages.setCurrentIndex(PAGE_SEARCH)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _attached(self, settled: Settled) -> None:
        self.statusBar().showMessage(self.tr("The call is now on {number}.").format(
            number=settled.case_number), 8000)
        self._history_refresh.start()
        if settled.case_id is not None and settled.case_id == self.case_view.case_id:
            self.case_view.reload()

    def _dial(self, text: str) -> None:
        self.center.dial(text)
        self.dial_bar.edit.clear()

    def _dial_from_case(self, number: str, case_number: str) -> None:
        self.center.dial(number, case_number=case_number)

    def _keypad_toggled(self, on: bool) -> None:
        if on:
            self.call_panel.keypad.setFocus()

    def _draft_saved(self, _call_id: str, chars: int) -> None:
        self.statusBar().showMessage(self.tr("Note draft saved (%n character(s))", "", chars),
                                     3000)

    # -- wrap-up and state ---------------------------------------------------------------------

    def _wrap_up_started(self, call_id: str, deadline: float) -> None:
        if self.wrap_up.isVisible() and self.wrap_up.call_id != call_id:
            self._wrap_up_ended_by_itself()
        self.wrap_up.set_choices(self.choices.dispositions)
        detail = self.case_view.detail
        self.wrap_up.case_language = (detail.language if detail is not None
                                      and self.case_view.call_id == call_id else None)
        self.wrap_up.start(call_id, deadline)
        template = self.status_updates.template_for(call_id)
        if template is not None and not self.wrap_up.note.toPlainText():
            # A status-update call: its note starts from the run's text, in the SR's language.
            self.wrap_up.note.setPlainText(template[0])
            self.wrap_up.language.set_language(template[1])
        self._left_idle()

    def _wrap_up_done(self, call_id: str, code: str, note: str, language: str) -> None:
        """Done: the disposition, the last note and the note typed in the SR during the call
        all go to the Desk at once; it makes them notes (or keeps them on the call log)."""
        taken = self.case_view.take_call_note(call_id)
        self.center.finish_wrap_up(call_id, code=code, note=note, language=language,
                                   call_note=taken[0] if taken else None,
                                   call_language=taken[1] if taken else "")

    def _wrap_up_ended_by_itself(self) -> None:
        """The timer ran out (or a call came): what the panel holds is kept all the same."""
        call_id = self.wrap_up.call_id
        if not call_id:
            return
        code, note, language = self.wrap_up.values()
        self.wrap_up.stop()
        self._wrap_up_done(call_id, code, note, language)

    def _call_settled(self, event: CallSettled) -> None:
        settled = event.settled
        self.case_view.call_settled(event.call_id, settled.case_id, settled.text("call"))
        self._history_refresh.start()
        if settled.kept_on_log:
            self.statusBar().showMessage(self.tr(
                "This call has no SR: its note is kept with the call in the history. Attach "
                "it to an SR there (right-click the call)."), 15000)
        elif settled.notes:
            self.statusBar().showMessage(self.tr("%n note(s) saved to {number}.", "",
                                                 len(settled.notes)).format(
                number=settled.case_number), 8000)

    def _drafts_left(self, event: DraftsLeft) -> None:
        """Notes a crash (or a power cut) left: shown once the window is up, never dropped."""
        dialog = LeftDraftsDialog(event.drafts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keys = [d.key for d in event.drafts]
        dialog.save_requested.connect(lambda: self.center.settle_left_drafts(keys, True))
        dialog.discard_requested.connect(lambda: self.center.settle_left_drafts(keys, False))
        self.left_drafts_dialog = dialog
        dialog.open()  # window-modal, no nested event loop

    def _agent_state(self, state: str, _reason: str) -> None:
        if state != "wrap-up" and self.wrap_up.isVisible():
            self._wrap_up_ended_by_itself()
        self._left_idle()
        if self.tray is not None:
            self.tray.setIcon(dot(state))
            self._tray_tooltip()

    def _go_break(self) -> None:
        reasons = self.choices.break_reasons
        self.center.set_agent_state("break", reasons[0].code if reasons else "")

    def _tray_tooltip(self) -> None:
        if self.tray is not None:
            self.tray.setToolTip(self.tr("CaseLine — {state}").format(
                state=labels.agent_state(self.center.state)))

    def _health(self, report: HealthReport) -> None:
        if report.level is Health.DOWN:
            # Before a call is missed: say it loudly, in the window and outside it.
            self.statusBar().showMessage(report.summary)
            QApplication.alert(self)
            if self.tray is not None:
                self._tray_message(self.tr("Calls cannot reach you"), report.summary,
                                      QSystemTrayIcon.MessageIcon.Warning, 30000)

    # -- history, store ---------------------------------------------------------------------

    def _call_logged(self, _logged: CallLogged) -> None:
        self._history_refresh.start()

    def _missed_badge(self, count: int) -> None:
        self._missed = count
        self.history_dock.setWindowTitle(self._history_title())
        if self.history_dock.isVisible() and self.isActiveWindow() and count:
            QTimer.singleShot(2000, self._mark_missed_seen)

    def _history_visible(self, visible: bool) -> None:
        if visible and self._missed:
            QTimer.singleShot(2000, self._mark_missed_seen)

    def _mark_missed_seen(self) -> None:
        if self.history_dock.isVisible() and self.isActiveWindow():
            self.history.mark_missed_seen()

    def _store_problem(self, problem: StoreProblem) -> None:
        if problem.resolved:
            self.statusBar().showMessage(self.tr("The case database is working again."), 5000)
        else:
            self.statusBar().showMessage(message_for(problem.code))

    def _store_failed(self, exc: BaseException) -> None:
        self.show_error(error_message(exc))

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    # --- sync with the central database

    def attach_sync(self, control: SyncControl) -> None:
        """Show the sync in the status bar, and settle SR conflicts when the agent asks."""
        self.sync = control
        self._central_name = ""
        self.sync_indicator = SyncIndicator()
        self.statusBar().insertPermanentWidget(0, self.sync_indicator)
        control.status_changed.connect(self._sync_status)
        self.sync_indicator.sync_now_requested.connect(control.sync_now)
        self.sync_indicator.conflicts_requested.connect(self.resolve_conflicts)
        self.sync_indicator.notice.connect(self.show_error)
        self.sync_indicator.show_status(control.status)

    def attach_console(self, launcher: ConsoleLauncher) -> None:
        """The "Team console" action in the View menu; the launcher shows it once the centre
        says this user leads a team (asked when the sync has reached the centre)."""
        self.console = launcher
        self.menu_view.addAction(launcher.action)
        if self.sync is not None:
            self.sync.status_changed.connect(launcher.sync_status)
            launcher.sync_status(self.sync.status)
        else:
            launcher.check()

    def _sync_status(self, status: SyncStatus) -> None:
        self.sync_indicator.show_status(status)
        if status.own_name and status.own_name != self._central_name:
            self._central_name = status.own_name  # the centre names this agent
            self.center.set_agent_name(status.own_name)
        if status.pulled:
            # Colleagues' notes and SR changes arrived: views showing SRs read them again,
            # except an SR form the agent is editing (its save runs the version check).
            self.translation_queue.refresh()
            self.queue_watch.refresh()
            if not self.case_view.is_dirty():
                self.case_view.reload()

    def resolve_conflicts(self) -> None:
        """One dialog per SR in conflict, oldest first."""
        if self.sync is not None:
            self.sync.conflicts(self, self._next_conflict)

    def _next_conflict(self, conflicts: list[CaseConflict]) -> None:
        if not conflicts or self.sync is None:
            return
        conflict = conflicts[0]
        dialog = ConflictDialog(conflict, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.sync.resolve(self, conflict.case_id, dialog.choices(),
                          lambda _case: self._conflict_settled(conflict.case_id),
                          lambda exc: self.show_error(error_message(exc)))

    def _conflict_settled(self, case_id: uuid.UUID) -> None:
        if self.case_view.case_id == case_id and not self.case_view.is_dirty():
            self.case_view.reload()
        self.resolve_conflicts()  # the next one, if any

    def _profile_text(self) -> None:
        speaker = self.profile_button.isChecked()
        self.profile_button.setText(self.tr("Speaker") if speaker else self.tr("Headset"))
        if speaker:
            tip = self.tr("Talking on the speaker (hands-free). Click to switch to the headset.")
        else:
            tip = self.tr("Talking on the headset. Click to switch to the speaker (hands-free).")
        self.profile_button.setToolTip(tip)

    def _profile_toggled(self, speaker: bool) -> None:
        """Switch the audio profile at once (a call moves with it) and remember it."""
        self._profile_text()
        if self.settings is None:
            return
        profile = SPEAKER_PROFILE if speaker else HEADSET_PROFILE
        if self.settings.audio.profile == profile:
            return
        new = replace(self.settings, audio=replace(self.settings.audio, profile=profile))
        self.settings = new
        if self.speech is not None:
            self.speech.set_devices(*new.audio.talk_devices)
        if self.config_path is not None:
            self.tasks.watch(self._io.submit(save, self.config_path, new), self,
                             lambda _done: None, self._store_failed)

    def _save_diagnostics(self, target: str | None = None) -> None:
        """Help > Save diagnostics: `caseline doctor --bundle`'s zip, made off the UI thread
        (the connection tests wait on the network). ``target``: no file dialog (tests)."""
        if self.config_path is None or self.settings is None:
            return
        if target is None:
            suggested = Path.home() / f"caseline-diagnostics-{datetime.now():%Y%m%d-%H%M}.zip"
            target, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save diagnostics"), str(suggested),
                self.tr("Zip archives (*.zip)"))
            if not target:
                return
        from app.cli.doctor import save_diagnostics  # noqa: PLC0415 - only when asked
        from app.cli.main import say  # noqa: PLC0415

        self.statusBar().showMessage(self.tr("Collecting diagnostics…"))
        self.tasks.watch(
            self._io.submit(save_diagnostics, Path(target), self.config_path, self.settings,
                            say), self,
            lambda written: self.statusBar().showMessage(self.tr(
                "Diagnostics saved to {path}; passwords were removed.").format(path=written),
                15000),
            lambda exc: self.show_error(self.tr(
                "The diagnostics could not be saved: {detail}").format(detail=exc)))

    def _sound_notice(self, message: str) -> None:
        """A headset gone mid-call: said where the agent looks, the tray too when minimised."""
        self.show_error(message)
        if self.tray is not None and (self.isMinimized() or not self.isActiveWindow()):
            self._tray_message(self.tr("Sound device"), message,
                                  QSystemTrayIcon.MessageIcon.Warning, 8000)

    def _busy(self, running: int) -> None:
        if running:
            if not self.busy.isVisible() and not self._busy_timer.isActive():
                self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.hide()

    # -- navigation ----------------------------------------------------------------------------

    def _focus_dial(self) -> None:
        self.bring_to_front()
        self.dial_bar.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.dial_bar.edit.selectAll()

    def _show_search(self) -> None:
        current = self.center.current_call()
        self._attaching = None
        if current is not None and current.case_id is None:
            # The caller's SR was not found by itself: the one picked here becomes the call's.
            self._search_for_call = current.call_id
            self.search.set_purpose(self.tr("Choose the SR for the call with {who}.").format(
                who=caller_lines(current)[0]))
        else:
            self._search_for_call = ""
            self.search.set_purpose("")
        self.pages.setCurrentIndex(PAGE_SEARCH)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_history(self) -> None:
        self.history_dock.show()
        self.history_dock.raise_()
        self.history.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_settings(self) -> None:
        if self.settings is None or self.config_path is None:
            return
        dialog = SettingsDialog(self.settings, self.config_path, self.tasks, self)
        dialog.settings_saved.connect(self._settings_saved)
        dialog.accounts_changed.connect(self._accounts_changed)
        dialog.exec()

    def _settings_saved(self, new: Settings) -> None:
        old_language = self.settings.ui.language if self.settings else ""
        old_name = agent_name(self.settings) if self.settings else ""
        self.settings = new
        self.center.team.set_accounts(new.accounts)
        if agent_name(new) != old_name and not (self.sync and self.sync.status.own_name):
            self.center.set_agent_name(agent_name(new))  # the centre's name wins over it
        self.ringer.set_audio(new.audio)
        if new.console.fcr_days != self.today.fcr_days:
            self.today.set_fcr_days(new.console.fcr_days)
        self.profile_button.setChecked(new.audio.profile == SPEAKER_PROFILE)
        if self.speech is not None:
            self.speech.set_devices(*new.audio.talk_devices)
        language = new.ui.language
        if self.translators is not None and language != old_language:
            # Every open widget gets a LanguageChange event and retranslates itself.
            self.translators.install(choose(language))

    def _accounts_changed(self, names: list[str]) -> None:
        if self.settings is None:
            return
        for name in names:
            spec = self.settings.account(name)
            if spec is None:
                self.center.remove_account(name)
                continue

            def fetch(name: str = name, turn: bool = bool(spec.turn_server),
                      ) -> tuple[str | None, str | None]:
                return (secrets.get_password(name),
                        secrets.get_turn_password(name) if turn else None)

            self.tasks.watch(self._io.submit(fetch), self,
                             partial(self._add_account, spec), self._store_failed)

    def _add_account(self, spec: AccountSpec, found: tuple[str | None, str | None]) -> None:
        password, turn_password = found
        self.center.set_account(spec, password, turn_password)

    def show_shortcuts(self) -> None:
        ShortcutHelp(self.call_actions, self).exec()

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def handle_request(self, request: dict[str, str]) -> None:
        """What a later launch handed over (app.ui.instance): come to the front, and offer to
        dial its link."""
        self.bring_to_front()
        if request.get("dial"):
            self.offer_dial(request["dial"])

    def offer_dial(self, link: str) -> None:
        """A tel:/sip:/sips:/callto: link: the dial field filled in, and the call placed once
        the agent confirms (a link in a web page must not call a customer by itself)."""
        text = link_text(link)
        if text is None:
            self.show_error(self.tr("CaseLine cannot dial this link: {link}").format(
                link=link[:200]))
            return
        self.dial_bar.edit.setText(text)
        if self.dial_confirm is not None:
            self.dial_confirm.close()
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Call?"),
                          self.tr("Call {number}?").format(number=text),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("dialLinkConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Call"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda result, t=text: self._dial_confirmed(result, t))
        self.dial_confirm = box
        box.open()  # window-modal, not a nested event loop: calls and sync go on meanwhile

    def _dial_confirmed(self, result: int, text: str) -> None:
        self.dial_confirm = None
        if result == QMessageBox.StandardButton.Yes and self.dial_bar.edit.text() == text:
            self._dial(text)
