"""The agent always sees who is listening in (issue 18, item 6): the call panel's banner, from
the phone's MonitoringChanged events, with real Qt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from app.orchestration.monitoring import MonitoringChanged
from app.telephony.events import CallEvent, CallState, Direction, EndReason, RemoteParty
from app.ui.actions import CallActions
from app.ui.callcenter import CallCenter
from app.ui.callwidgets import CallPanel
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks

REMOTE = RemoteParty("sip:0312345678@pbx", "", "0312345678")


def test_the_call_panel_says_who_listens_whispers_or_joined_until_they_leave(
        tasks: Tasks, qtbot: QtBot) -> None:
    phone = NoPhone()
    center = CallCenter(phone, tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = CallPanel(center, CallActions(center, window))
    window.setCentralWidget(panel)
    window.show()
    phone.listener(CallEvent("c1", CallState.ACTIVE, Direction.INBOUND, "direct", REMOTE))
    qtbot.waitUntil(lambda: "c1" in center.calls)
    assert panel.isVisible() and not panel.monitored.isVisible()

    phone.listener(MonitoringChanged("c1", "m1", "Lena Lee", "listen", True))
    qtbot.waitUntil(panel.monitored.isVisible)
    listening = panel.monitoring_line("Lena Lee", "listen")
    assert "Lena Lee" in listening
    assert panel.monitored.text() == listening

    phone.listener(MonitoringChanged("c1", "m2", "Sam Sato", "whisper", True))
    whispering = panel.monitoring_line("Sam Sato", "whisper")
    qtbot.waitUntil(lambda: panel.monitored.text() == f"{listening}\n{whispering}")
    assert len({listening.replace("Lena Lee", ""), whispering.replace("Sam Sato", ""),
                panel.monitoring_line("", "barge")}) == 3  # each mode says what it is

    phone.listener(MonitoringChanged("c1", "m1", "Lena Lee", "listen", False))
    qtbot.waitUntil(lambda: panel.monitored.text() == whispering)
    phone.listener(MonitoringChanged("c1", "m2", "Sam Sato", "whisper", False))
    qtbot.waitUntil(lambda: not panel.monitored.isVisible())
    assert center.monitors() == []


def test_a_call_that_ends_takes_its_listeners_off_the_panel(tasks: Tasks, qtbot: QtBot) -> None:
    phone = NoPhone()
    center = CallCenter(phone, tasks)
    phone.listener(CallEvent("c1", CallState.ACTIVE, Direction.INBOUND, "direct", REMOTE))
    phone.listener(MonitoringChanged("c1", "m1", "Lena Lee", "barge", True))
    qtbot.waitUntil(lambda: len(center.monitors("c1")) == 1)
    phone.listener(CallEvent("c1", CallState.ENDED, Direction.INBOUND, "direct", REMOTE,
                             end_reason=EndReason.REMOTE_HANGUP))
    qtbot.waitUntil(lambda: "c1" not in center.calls)
    assert center.monitors() == []
