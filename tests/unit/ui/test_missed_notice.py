"""The tray's missed-call notice on real widgets and a real store: a missed call while the
window is away says "Missed call from <name>", several collapse into one notice with their
count, and clicking the message (or the tray menu's "Call back <name>") calls back through the
history's own call back: a known customer's missed call dials bound to its SR and becomes a
callback that closes the missed call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QMenu, QSystemTrayIcon
from sqlalchemy import select

from app.cases.models import Callback, CallbackSource, Direction, Outcome
from app.cases.numbers import normalize
from app.orchestration.desk import CallLogged
from app.ui.callbacks import CallbacksView
from app.ui.callcenter import CallCenter
from app.ui.history import CallHistoryView
from app.ui.main_window import MainWindow
from app.ui.missed_notice import MissedCallNotice
from tests.unit.ui.test_callbacks_dock import NUMBER, Clock, RecordingPhone, _call, _case

if TYPE_CHECKING:
    import uuid
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from app.cases.store import Store
    from app.i18n import Translators
    from app.ui.tasks import Tasks

NOW = datetime.now(UTC)


class Desk:
    """The window's parts the notice works with: a main window (minimised: the agent is
    away), its tray with the menu MainWindow builds, the history and the callbacks, wired
    as MainWindow wires them."""

    def __init__(self, qtbot: QtBot, store: Store, tasks: Tasks) -> None:
        self.store = store
        self.phone = RecordingPhone()
        self.center = CallCenter(self.phone, tasks)
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.history = CallHistoryView(tasks)
        self.window.setCentralWidget(self.history)
        self.callbacks = CallbacksView(tasks, self.center, clock=Clock(NOW))
        qtbot.addWidget(self.callbacks)
        self.history.callbacks_enabled = True
        self.history.call_back_missed.connect(self.callbacks.call_back_missed)
        self.history.call_back.connect(
            lambda number, sr: self.center.dial(number, case_number=sr))
        # The offscreen platform has no notification area: the icon is real, its bubble is
        # not drawn, and a click on it is its messageClicked signal.
        self.tray = QSystemTrayIcon(self.window)
        menu = QMenu(self.window)
        menu.addAction("Show CaseLine")
        menu.addSeparator()
        menu.addAction("Quit")
        self.tray.setContextMenu(menu)
        self.notice = MissedCallNotice(self.tray, self.window, tasks)
        self.notice.call_back.connect(self.history.call_back_row)
        self.tray.messageClicked.connect(self.notice.clicked)
        self.window.showMinimized()

    def missed(self, qtbot: QtBot, case_id: uuid.UUID | None, minutes_ago: int) -> uuid.UUID:
        log_id = _call(self.store, Outcome.MISSED, NOW - timedelta(minutes=minutes_ago),
                       case_id, Direction.INBOUND)
        shown = len(self.notice.pending)
        self.notice.call_logged(CallLogged(f"c-{log_id.hex[:6]}", log_id, "missed"))
        qtbot.waitUntil(lambda: len(self.notice.pending) == shown + 1)
        return log_id


@pytest.fixture
def desk(qtbot: QtBot, store: Store, tasks: Tasks) -> Desk:
    return Desk(qtbot, store, tasks)


def test_clicking_the_notice_calls_the_customer_back_bound_to_the_sr(
        qtbot: QtBot, desk: Desk, store: Store) -> None:
    case_id = _case(store)
    missed = desk.missed(qtbot, case_id, 1)

    assert desk.notice.title == "Missed call from 山田 太郎"
    assert "SR-2026-000042" in desk.notice.text
    assert "Click here to call back 山田 太郎." in desk.notice.text
    assert desk.notice.action.isVisible()
    assert desk.notice.action.text() == "Call back 山田 太郎"
    assert desk.tray.contextMenu().actions()[1] is desk.notice.action  # under "Show"

    desk.tray.messageClicked.emit()
    qtbot.waitUntil(lambda: bool(desk.phone.dials))
    assert desk.phone.dials == [(normalize(NUMBER).e164, "SR-2026-000042")]
    with store.sessions() as s:
        made = s.scalars(select(Callback)).one()
    assert (made.source, made.missed_call_id, made.case_id) == (
        CallbackSource.MISSED_CALL, missed, case_id)
    assert not desk.notice.pending and not desk.notice.action.isVisible()


def test_several_missed_calls_are_one_notice_with_their_count(
        qtbot: QtBot, desk: Desk, store: Store) -> None:
    case_id = _case(store)
    desk.missed(qtbot, None, 3)
    desk.missed(qtbot, None, 2)
    desk.missed(qtbot, case_id, 1)

    assert desk.notice.title == "3 missed calls"
    assert desk.notice.text.startswith("Latest: 山田 太郎")
    desk.notice.action.trigger()  # the tray menu's "Call back 山田 太郎"
    qtbot.waitUntil(lambda: bool(desk.phone.dials))
    assert desk.phone.dials == [(normalize(NUMBER).e164, "SR-2026-000042")]


def test_an_unknown_callers_missed_call_is_dialled_by_its_number(
        qtbot: QtBot, desk: Desk) -> None:
    desk.missed(qtbot, None, 1)
    number = normalize(NUMBER).e164
    assert desk.notice.title.startswith("Missed call from ")
    desk.tray.messageClicked.emit()
    qtbot.waitUntil(lambda: bool(desk.phone.dials))
    assert desk.phone.dials == [(number, "")]


def test_another_message_clicked_is_not_a_call_back(qtbot: QtBot, desk: Desk,
                                                    store: Store) -> None:
    desk.missed(qtbot, _case(store), 1)
    desk.notice.superseded()  # the window showed "Incoming call" in the bubble meanwhile
    desk.tray.messageClicked.emit()
    assert desk.phone.dials == []
    assert desk.notice.action.isVisible()  # the menu still offers the call back


def test_nothing_while_the_window_is_in_front(qtbot: QtBot, desk: Desk, store: Store) -> None:
    desk.window.showNormal()
    desk.window.activateWindow()
    qtbot.waitUntil(desk.notice.in_front)
    log_id = _call(store, Outcome.MISSED, NOW, None, Direction.INBOUND)
    desk.notice.call_logged(CallLogged("c-1", log_id, "missed"))
    assert desk.notice.pending == [] and desk.notice.title == ""


def test_the_window_wires_its_tray_to_the_notice(
        qtbot: QtBot, store: Store, tasks: Tasks, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The real MainWindow: its tray gets the notice and its menu entry; a click on the
    notice places the call through the window's history."""
    # Offscreen has no notification area, so the window would build no tray at all.
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    case_id = _case(store)
    phone = RecordingPhone()
    center = CallCenter(phone, tasks)
    window = MainWindow(center, tasks, state=QSettings(str(tmp_path / "window.ini"),
                                                       QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.showMinimized()
    notice = window.missed_notice
    assert notice is not None and window.tray is not None
    log_id = _call(store, Outcome.MISSED, NOW, case_id, Direction.INBOUND)
    center.call_logged.emit(CallLogged("c-1", log_id, "missed"))
    qtbot.waitUntil(lambda: bool(notice.pending))
    menu = window.tray.contextMenu()
    assert menu is not None and notice.action in menu.actions()

    window.tray.messageClicked.emit()
    qtbot.waitUntil(lambda: bool(phone.dials))
    assert phone.dials == [(normalize(NUMBER).e164, "SR-2026-000042")]


def test_the_notice_speaks_the_agents_language(qtbot: QtBot, desk: Desk, store: Store,
                                               translators: Translators) -> None:
    translators.install("ja")
    case_id = _case(store)
    desk.missed(qtbot, case_id, 2)
    assert desk.notice.title == "山田 太郎 からの不在着信"
    assert desk.notice.text.endswith("ここをクリックすると 山田 太郎 に折り返し電話します。")
    assert desk.notice.action.text() == "山田 太郎 に折り返し電話"
    translators.install("zh_CN")
    desk.missed(qtbot, case_id, 1)
    assert desk.notice.title == "2 个未接来电"
    assert desk.notice.action.text() == "回拨 山田 太郎"
