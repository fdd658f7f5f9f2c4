"""The team leader's live board (docs/board.md): every agent of the team with their state, the
time in it, the current call, its SR and caller's language, registration and call quality;
the counts on top.

``BoardSource`` owns the watcher (app.console.board, its own thread and connection) and
re-emits each board as a signal: the one thread hop into Qt is that signal's queued delivery.
``BoardView.show_board`` takes them; between two boards the times tick here every second,
counted from the board's own (the database's) times.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.console.board import Board, BoardRow, BoardWatcher, Counts
from app.console.monitor import MonitoringGrant, MonitoringRefusedError, start_monitoring
from app.ui import labels

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable, Mapping

    from app.cases.choices import Choice
    from app.console.service import ConsoleService
    from app.orchestration.phone import Phone
    from app.ui.tasks import Tasks

Index = QModelIndex | QPersistentModelIndex
TICK_MS = 1000
POOR_COLOUR = "#c5221f"  # poor call quality: the theme's error red


def registration_label(code: str) -> str:
    names = {"ok": QCoreApplication.translate("BoardView", "OK"),
             "failing": QCoreApplication.translate("BoardView", "Failing"),
             "unknown": QCoreApplication.translate("BoardView", "Unknown")}
    return names.get(code, code)


def state_label(row: BoardRow, reasons: Mapping[str, Choice] | None = None) -> str:
    """The state in words; a break's reason by its label in the UI language (``reasons``:
    this PC's break reasons by code), else its code."""
    state = labels.agent_state(row.state)
    if row.state == "break" and row.reason:
        choice = (reasons or {}).get(row.reason)
        reason = choice.label(QLocale().name()) if choice is not None else row.reason
        state = QCoreApplication.translate("BoardView", "{state} ({reason})").format(
            state=state, reason=reason)
    if row.stale and row.stale_since is not None:
        return QCoreApplication.translate("BoardView", "{state}, stale since {time}").format(
            state=state, time=labels.local_time(row.stale_since))
    return state


class BoardModel(QAbstractTableModel):
    """A board's rows; ``elapsed()`` seconds since it arrived are added to its times."""

    (COL_AGENT, COL_STATE, COL_IN_STATE, COL_CALL, COL_CASE, COL_LANGUAGE, COL_REGISTRATION,
     COL_QUALITY) = range(8)
    COLUMNS = 8
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the BoardRow itself

    def __init__(self, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._rows: tuple[BoardRow, ...] = ()
        self._arrived = clock()
        self.reasons: dict[str, Choice] = {}  # break reasons by code (the team's choice list)

    def set_board(self, board: Board) -> None:
        self.beginResetModel()
        self._rows = board.rows
        self._arrived = self._clock()
        self.endResetModel()

    def elapsed(self) -> float:
        return max(0.0, self._clock() - self._arrived)

    def tick(self) -> None:
        """The times moved on: the two time columns again."""
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_IN_STATE),
                                  self.index(len(self._rows) - 1, self.COL_CALL),
                                  [Qt.ItemDataRole.DisplayRole])

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.COLUMNS - 1))

    def row_at(self, row: int) -> BoardRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = {
            self.COL_AGENT: QCoreApplication.translate("BoardView", "Agent"),
            self.COL_STATE: QCoreApplication.translate("BoardView", "State"),
            self.COL_IN_STATE: QCoreApplication.translate("BoardView", "Time in state"),
            self.COL_CALL: QCoreApplication.translate("BoardView", "Call"),
            self.COL_CASE: QCoreApplication.translate("BoardView", "SR"),
            self.COL_LANGUAGE: QCoreApplication.translate("BoardView", "Caller's language"),
            self.COL_REGISTRATION: QCoreApplication.translate("BoardView", "Registration"),
            self.COL_QUALITY: QCoreApplication.translate("BoardView", "Call quality"),
        }
        return names.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.stale:  # greyed: what it says is how it was when last heard of
                return QPalette().color(QPalette.ColorGroup.Disabled,
                                        QPalette.ColorRole.Text)
            if column == self.COL_QUALITY and row.poor_quality:
                return QColor(POOR_COLOUR)
            if column == self.COL_REGISTRATION and row.registration == "failing":
                return QColor(POOR_COLOUR)
        if role == self.ROW_ROLE:
            return row
        return None

    def _text(self, row: BoardRow, column: int) -> str:
        moving = 0.0 if row.stale else self.elapsed()  # a quiet PC's times stand still
        if column == self.COL_AGENT:
            return row.name
        if column == self.COL_STATE:
            return state_label(row, self.reasons)
        if column == self.COL_IN_STATE:
            return "" if row.state_seconds is None else labels.talk_time(
                row.state_seconds + moving)
        if column == self.COL_CALL:
            return "" if row.call_seconds is None else labels.talk_time(
                row.call_seconds + moving)
        if column == self.COL_CASE:
            return labels.case_number_label(row.case_number)
        if column == self.COL_LANGUAGE:
            return labels.language_label(row.caller_language) if row.caller_language else ""
        if column == self.COL_REGISTRATION:
            return registration_label(row.registration) if row.agent_id else ""
        if column == self.COL_QUALITY and row.mos is not None:
            mos = f"{row.mos:.1f}"
            if row.poor_quality:
                return QCoreApplication.translate("BoardView", "Poor (MOS {mos})").format(
                    mos=mos)
            return QCoreApplication.translate("BoardView", "MOS {mos}").format(mos=mos)
        return ""

    def _tip(self, row: BoardRow, column: int) -> str | None:
        if column == self.COL_REGISTRATION and row.registration_detail:
            return row.registration_detail
        if column == self.COL_CALL and row.call_direction:
            return labels.direction_label(row.call_direction)
        if column == self.COL_QUALITY and row.mos is not None:
            def shown(value: float | None, unit: str) -> str:
                return "–" if value is None else f"{value:.1f} {unit}"

            return QCoreApplication.translate(
                "BoardView", "Loss {loss}, jitter {jitter}, round trip {rtt}").format(
                loss=shown(row.loss_pct, "%"), jitter=shown(row.jitter_ms, "ms"),
                rtt=shown(row.rtt_ms, "ms"))
        return None


class BoardView(QWidget):
    """The board: counts on top, a row per agent; ``show_board`` takes each new board."""

    def __init__(self, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.model = BoardModel(self, clock)
        self._board: Board | None = None
        self._trouble: tuple[str, str] | None = None
        self.available = QLabel(self)
        self.on_call = QLabel(self)
        self.wrap_up = QLabel(self)
        self.on_break = QLabel(self)
        self.stale = QLabel(self)
        self.longest = QLabel(self)
        self.status = QLabel(self)  # why the board may be out of date
        self.status.setObjectName("boardStatus")
        self.status.hide()
        counts = QHBoxLayout()
        for label in (self.available, self.on_call, self.wrap_up, self.on_break, self.stale,
                      self.longest):
            counts.addWidget(label)
        counts.addStretch(1)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Listen in, whisper, join: on the selected agent's live call (app.console.monitor).
        self.listen = QPushButton(self)
        self.listen.setObjectName("boardListen")
        self.whisper = QPushButton(self)
        self.whisper.setObjectName("boardWhisper")
        self.barge = QPushButton(self)
        self.barge.setObjectName("boardBarge")
        self.monitor_note = QLabel(self)  # what came of the last request
        self.monitor_note.setObjectName("boardMonitorNote")
        actions = QHBoxLayout()
        for mode, button in (("listen", self.listen), ("whisper", self.whisper),
                             ("barge", self.barge)):
            button.clicked.connect(lambda _=False, m=mode: self._monitor(m))
            actions.addWidget(button)
        actions.addWidget(self.monitor_note, 1)
        self.monitoring_available = True  # False: the deployment or this PC cannot monitor
        layout = QVBoxLayout(self)
        layout.addLayout(counts)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self._show_counts()
        self._retranslate_actions()
        self._selection_changed()

    monitor_requested = Signal(object, str)  # (call_log_id, mode): the leader asked for it

    def set_break_reasons(self, loaded: tuple[Choice, ...]) -> None:
        """The break reasons' labels (app.cases.choices), for "Break (Lunch)"."""
        self.model.reasons = {c.code: c for c in loaded}
        self.model.retranslate()

    def selected_row(self) -> BoardRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _monitorable(self, row: BoardRow | None) -> bool:
        return self.monitoring_available and row is not None and row.monitorable

    def _selection_changed(self, *_args: object) -> None:
        # The rows come again with each snapshot: the selection is kept by row number only,
        # so check the row under it each time.
        able = self._monitorable(self.selected_row())
        for button in (self.listen, self.whisper, self.barge):
            button.setEnabled(able)

    def _monitor(self, mode: str) -> None:
        row = self.selected_row()
        if not self._monitorable(row):
            return
        assert row is not None and row.call_log_id is not None
        self.monitor_note.setText(self.tr("Calling {name}…").format(name=row.name))
        self.monitor_requested.emit(row.call_log_id, mode)

    @Slot(str)
    def show_monitor_result(self, text: str) -> None:
        """What came of the last request (translated by the caller)."""
        self.monitor_note.setText(text)

    def _retranslate_actions(self) -> None:
        self.listen.setText(self.tr("Listen in"))
        self.listen.setToolTip(self.tr("Hear the call; neither the agent nor the caller hears "
                                       "you. The agent sees that you listen."))
        self.whisper.setText(self.tr("Whisper"))
        self.whisper.setToolTip(self.tr("Speak to the agent only; the caller does not hear "
                                        "you."))
        self.barge.setText(self.tr("Join call"))
        self.barge.setToolTip(self.tr("Join the call: the agent and the caller both hear you."))

    @Slot(object)
    def show_board(self, board: Board) -> None:
        self._board = board
        self._trouble = None
        self.status.hide()
        self.model.set_board(board)
        self._show_counts()
        self._selection_changed()

    @Slot(str, str)
    def show_trouble(self, code: str, detail: str) -> None:
        """The board cannot be kept up to date: ``refused`` (no leader), ``down``."""
        self._trouble = (code, detail)
        self._show_trouble()

    def _show_trouble(self) -> None:
        if self._trouble is None:
            return
        code, detail = self._trouble
        if code == "refused":
            text = self.tr("Only a team leader may see the live board.")
        else:
            text = self.tr("The central database cannot be reached; the board shows what it "
                           "last knew and reconnects by itself.")
        self.status.setText(text)
        self.status.setToolTip(detail)
        self.status.show()

    def _tick(self) -> None:
        self.model.tick()
        self._show_longest()

    def _show_counts(self) -> None:
        counts = self._board.counts if self._board is not None else Counts(0, 0, 0, 0, 0, None)
        self.available.setText(self.tr("Available: {n}").format(n=counts.available))
        self.on_call.setText(self.tr("On a call: {n}").format(n=counts.on_call))
        self.wrap_up.setText(self.tr("Wrap-up: {n}").format(n=counts.wrap_up))
        self.on_break.setText(self.tr("Break: {n}").format(n=counts.on_break))
        self.stale.setText(self.tr("Stale: {n}").format(n=counts.stale))
        self.stale.setVisible(counts.stale > 0)
        self._show_longest()

    def _show_longest(self) -> None:
        counts = self._board.counts if self._board is not None else None
        if counts is None or counts.longest_call_seconds is None:
            self.longest.setText(self.tr("Longest call: –"))
            return
        seconds = counts.longest_call_seconds + self.model.elapsed()
        self.longest.setText(self.tr("Longest call: {time}").format(
            time=labels.talk_time(seconds)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.model.retranslate()
            self._show_counts()
            self._show_trouble()
            self._retranslate_actions()
        super().changeEvent(event)


class BoardSource(QObject):
    """The leader's board from the centre at ``url`` (the leader's own role): ``board``
    carries each new one, ``trouble`` (code, detail) what keeps it from coming. The signals
    are emitted on the watcher's thread; a receiver on the UI thread gets them queued."""

    board = Signal(object)
    trouble = Signal(str, str)

    def __init__(self, url: str, password: str | None = None,
                 parent: QObject | None = None, *,
                 watcher: Callable[..., BoardWatcher] | None = None) -> None:
        """``watcher(on_board, on_trouble=...)``: how to make the watcher (the console's
        ConsoleService.board_watcher, with its credentials); else one on ``url``."""
        super().__init__(parent)
        if watcher is not None:
            self.watcher = watcher(self.board.emit, on_trouble=self.trouble.emit)
        else:
            self.watcher = BoardWatcher.for_url(url, password, self.board.emit,
                                                on_trouble=self.trouble.emit)

    def attach(self, view: BoardView) -> None:
        self.board.connect(view.show_board, Qt.ConnectionType.QueuedConnection)
        self.trouble.connect(view.show_trouble, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()


class BoardMonitoring(QObject):
    """The board's Listen in / Whisper / Join call: a grant at the centre on the console's
    connection (app.console.monitor), then a call to the agent's CaseLine with its token,
    which answers by itself (the agent sees who listens)."""

    def __init__(self, view: BoardView, service: ConsoleService, phone: Phone,
                 tasks: Tasks) -> None:
        super().__init__(view)
        self.view = view
        self.service = service
        self.phone = phone
        self.tasks = tasks
        view.monitor_requested.connect(self.start)

    def start(self, call_log_id: uuid.UUID, mode: str) -> None:
        self.tasks.watch(self.service.read(start_monitoring, call_log_id, mode), self,
                         self._granted, self._refused)

    def _granted(self, grant: MonitoringGrant) -> None:
        if not grant.sip_identity:
            self.view.show_monitor_result(self.tr(
                "{name} has no SIP address in the team directory: ask the administrator to "
                "add one.").format(name=grant.agent_name))
            return
        done = {"listen": self.tr("Listening to {name}'s call."),
                "whisper": self.tr("Whispering to {name}; the caller does not hear you."),
                "barge": self.tr("You have joined {name}'s call.")}[grant.mode]
        self.tasks.watch(self.phone.monitor(grant.sip_identity, grant.token), self,
                         lambda _call: self.view.show_monitor_result(
                             done.format(name=grant.agent_name)),
                         self._refused)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, MonitoringRefusedError) and exc.code == "switched_off":
            text = self.tr("Listening in is switched off for this deployment.")
        elif isinstance(exc, MonitoringRefusedError):
            text = self.tr("The centre refused: the call has ended or is not your team's.")
        else:
            text = self.tr("The call to the agent could not be placed: {detail}").format(
                detail=str(exc))
        self.view.show_monitor_result(text)
