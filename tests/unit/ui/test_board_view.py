"""The leader's live board widget: counts, stale rows, poor call quality, times that tick
between boards, in English, Japanese and Chinese; boards arriving from another thread."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.console.board import Board, BoardRow, Counts
from app.ui import labels
from app.ui.board import POOR_COLOUR, BoardModel, BoardSource, BoardView

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.i18n import Translators

NOW = datetime(2026, 12, 2, 5, 30, tzinfo=UTC)


class Clock:
    """The view's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _row(name: str, state: str = "available", **extra: Any) -> BoardRow:
    values: dict[str, Any] = {
        "role": name.lower(), "name": name, "agent_id": uuid.uuid4(), "state": state,
        "reason": "", "since": NOW - timedelta(seconds=10), "state_seconds": 10.0,
        "call_started_at": None, "call_seconds": None, "call_direction": None,
        "call_log_id": None,
        "case_id": None, "case_number": "", "caller_language": None, "registration": "ok",
        "registration_detail": "", "mos": None, "loss_pct": None, "jitter_ms": None,
        "rtt_ms": None, "heartbeat_at": NOW, "stale": False, "stale_since": None}
    values.update(extra)
    return BoardRow(**values)


QUIET_SINCE = NOW - timedelta(minutes=3)
ROWS = (
    _row("Alice", "on-call", call_seconds=75.0, call_started_at=NOW - timedelta(seconds=75),
         call_direction="inbound", case_number="SR-2026-000123", caller_language="en",
         mos=2.9, loss_pct=6.0, jitter_ms=40.0, rtt_ms=300.0),
    _row("Bob", "break", reason="lunch", registration="failing",
         registration_detail="pbx: 403 Forbidden"),
    _row("Carol"),
    _row("Dora", "wrap-up", case_number="SR-2026-000124", caller_language="ja"),
    _row("Erik", "on-call", call_seconds=20.0, mos=4.3, call_log_id=uuid.UUID(int=7)),
    _row("Fumi", stale=True, stale_since=QUIET_SINCE, heartbeat_at=QUIET_SINCE),
)
BOARD = Board(ROWS, Counts(available=1, on_call=2, wrap_up=1, on_break=1, stale=1,
                           longest_call_seconds=75.0), NOW, uuid.uuid4())


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def view(qtbot: QtBot, clock: Clock) -> BoardView:
    shown = BoardView(clock=clock)
    qtbot.addWidget(shown)
    shown.show_board(BOARD)
    return shown


def _cell(view: BoardView, name: str, column: int,
          role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    model = view.model
    for row in range(model.rowCount()):
        if model.index(row, BoardModel.COL_AGENT).data() == name:
            return model.index(row, column).data(role)
    raise AssertionError(f"no row for {name}")


def test_the_counts_are_on_top(view: BoardView) -> None:
    assert view.available.text() == "Available: 1"
    assert view.on_call.text() == "On a call: 2"
    assert view.wrap_up.text() == "Wrap-up: 1"
    assert view.on_break.text() == "Break: 1"
    assert view.stale.text() == "Stale: 1" and not view.stale.isHidden()
    assert view.longest.text() == "Longest call: 1:15"


def test_every_agent_has_a_row_with_state_call_sr_and_language(view: BoardView) -> None:
    assert view.model.rowCount() == len(ROWS)
    assert _cell(view, "Alice", BoardModel.COL_STATE) == "On a call"
    assert _cell(view, "Alice", BoardModel.COL_CALL) == "1:15"
    assert _cell(view, "Alice", BoardModel.COL_CASE) == "SR-2026-000123"
    assert _cell(view, "Alice", BoardModel.COL_LANGUAGE) == labels.language_label("en")
    assert _cell(view, "Bob", BoardModel.COL_STATE) == "Break (lunch)"
    assert _cell(view, "Bob", BoardModel.COL_REGISTRATION) == "Failing"
    assert _cell(view, "Bob", BoardModel.COL_REGISTRATION,
                 Qt.ItemDataRole.ToolTipRole) == "pbx: 403 Forbidden"
    assert _cell(view, "Carol", BoardModel.COL_CALL) == ""  # no call
    assert _cell(view, "Dora", BoardModel.COL_CASE) == "SR-2026-000124"  # wrapping it up


def test_a_stale_row_is_greyed_and_says_since_when(view: BoardView) -> None:
    text = _cell(view, "Fumi", BoardModel.COL_STATE)
    assert text == f"Available, stale since {labels.local_time(QUIET_SINCE)}"
    grey = QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    for column in range(BoardModel.COLUMNS):
        assert _cell(view, "Fumi", column, Qt.ItemDataRole.ForegroundRole) == grey
    assert _cell(view, "Carol", BoardModel.COL_STATE, Qt.ItemDataRole.ForegroundRole) is None


def test_poor_call_quality_is_flagged(view: BoardView) -> None:
    assert _cell(view, "Alice", BoardModel.COL_QUALITY) == "Poor (MOS 2.9)"
    assert _cell(view, "Alice", BoardModel.COL_QUALITY,
                 Qt.ItemDataRole.ForegroundRole) == QColor(POOR_COLOUR)
    assert _cell(view, "Alice", BoardModel.COL_QUALITY, Qt.ItemDataRole.ToolTipRole) == (
        "Loss 6.0 %, jitter 40.0 ms, round trip 300.0 ms")
    assert _cell(view, "Erik", BoardModel.COL_QUALITY) == "MOS 4.3"
    assert _cell(view, "Erik", BoardModel.COL_QUALITY, Qt.ItemDataRole.ForegroundRole) is None
    assert _cell(view, "Carol", BoardModel.COL_QUALITY) == ""  # no call, nothing measured


def test_times_tick_every_second_between_boards(view: BoardView, clock: Clock,
                                                qtbot: QtBot) -> None:
    assert _cell(view, "Carol", BoardModel.COL_IN_STATE) == "0:10"
    clock.now += 5
    with qtbot.waitSignal(view.model.dataChanged, timeout=3000):  # the view's own timer
        pass
    assert _cell(view, "Carol", BoardModel.COL_IN_STATE) == "0:15"
    assert _cell(view, "Alice", BoardModel.COL_CALL) == "1:20"
    assert view.longest.text() == "Longest call: 1:20"
    # A quiet PC's times stand still: nobody knows they moved on.
    assert _cell(view, "Fumi", BoardModel.COL_IN_STATE) == "0:10"
    view.show_board(BOARD)  # a new board: its own times, counted from its arrival
    assert _cell(view, "Carol", BoardModel.COL_IN_STATE) == "0:10"


@pytest.mark.parametrize(("language", "words"), [
    ("en", ("Agent", "Available: 1", "On a call", "Break (lunch)", "Poor (MOS 2.9)",
            "Failing")),
    ("ja", ("エージェント", "受付可: 1", "通話中", "休憩（lunch）", "不良（MOS 2.9）", "失敗中")),
    ("zh_CN", ("坐席", "空闲：1", "通话中", "休息（lunch）", "较差（MOS 2.9）", "失败")),
])
def test_in_each_language(view: BoardView, translators: Translators, language: str,
                          words: tuple[str, ...]) -> None:
    translators.install(language)
    QApplication.processEvents()  # LanguageChange reaches the open widget
    header, available, state, on_break, quality, registration = words
    model = view.model
    assert model.headerData(BoardModel.COL_AGENT, Qt.Orientation.Horizontal) == header
    assert view.available.text() == available
    assert _cell(view, "Alice", BoardModel.COL_STATE) == state
    assert _cell(view, "Bob", BoardModel.COL_STATE) == on_break
    assert _cell(view, "Alice", BoardModel.COL_QUALITY) == quality
    assert _cell(view, "Bob", BoardModel.COL_REGISTRATION) == registration
    for column in range(BoardModel.COLUMNS):
        assert model.headerData(column, Qt.Orientation.Horizontal)


def test_trouble_is_said_and_cleared_by_the_next_board(view: BoardView) -> None:
    view.show_trouble("down", "connection refused")
    assert not view.status.isHidden()
    assert "cannot be reached" in view.status.text()
    assert view.status.toolTip() == "connection refused"
    view.show_board(BOARD)
    assert view.status.isHidden()
    view.show_trouble("refused", "permission denied for function console_team")
    assert view.status.text() == "Only a team leader may see the live board."


class _Recording(BoardView):
    """Says on which thread each board arrived."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock=clock)
        self.threads: list[bool] = []

    @Slot(object)
    def show_board(self, board: Board) -> None:
        self.threads.append(threading.current_thread() is threading.main_thread())
        super().show_board(board)


def test_a_board_from_the_watchers_thread_reaches_the_view_on_the_ui_thread(
        qtbot: QtBot, clock: Clock) -> None:
    view = _Recording(clock)
    qtbot.addWidget(view)
    # Nothing connects until the watcher starts; it is never started here.
    source = BoardSource("postgresql://lena@127.0.0.1:9/caseline")
    source.attach(view)
    sender = threading.Thread(target=lambda: source.board.emit(BOARD))
    sender.start()
    sender.join()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(ROWS))
    assert view.threads == [True]
    source.stop()


def _select(view: BoardView, name: str) -> None:
    for row in range(view.model.rowCount()):
        if view.model.index(row, BoardModel.COL_AGENT).data() == name:
            view.table.selectRow(row)
            return
    raise AssertionError(f"no row for {name}")


def test_a_live_call_can_be_listened_to_whispered_to_and_joined(view: BoardView,
                                                                 qtbot: QtBot) -> None:
    buttons = (view.listen, view.whisper, view.barge)
    assert not any(b.isEnabled() for b in buttons)  # nothing selected
    _select(view, "Dora")  # wrap-up: no call to join
    assert not any(b.isEnabled() for b in buttons)
    _select(view, "Alice")  # on a call the centre has no log row of yet
    assert not any(b.isEnabled() for b in buttons)
    _select(view, "Erik")
    assert all(b.isEnabled() for b in buttons)
    with qtbot.waitSignal(view.monitor_requested) as asked:
        view.whisper.click()
    assert asked.args == [uuid.UUID(int=7), "whisper"]
    assert view.monitor_note.text() == "Calling Erik…"
    view.monitoring_available = False
    view.show_board(BOARD)  # the next board keeps the row selected
    assert not any(b.isEnabled() for b in buttons)


def test_a_break_reason_reads_as_its_label_in_the_ui_language(view: BoardView) -> None:
    from app.cases.choices import Choice  # noqa: PLC0415

    assert _cell(view, "Bob", BoardModel.COL_STATE) == "Break (lunch)"  # no list: the code
    view.set_break_reasons((Choice("lunch", "Lunch", "昼休憩", "午餐"),))
    assert _cell(view, "Bob", BoardModel.COL_STATE) == "Break (Lunch)"
