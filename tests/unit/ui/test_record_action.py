"""The Record action with real Qt: the policy decides whether it is usable, events its state.

The phone here is a stand-in that takes commands and answers with failed futures (no phone
thread, as in test_callcenter.py); recording through the real engine and SIPp is covered in
tests/integration/test_recording.py and test_recording_policy.py.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.telephony.engine import TelephonyError
from app.telephony.events import CallEvent, CallState, Direction, RemoteParty
from app.telephony.recording import RecordingPolicy
from app.ui.actions import CallActions
from app.ui.callcenter import CallCenter, message_for

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks


class CommandLog:
    """Remembers each command; every one fails the way the phone refuses it."""

    def __init__(self, recording_policy: RecordingPolicy) -> None:
        self.recording_policy = recording_policy
        self.commands: list[tuple[str, tuple[object, ...]]] = []

    def subscribe(self, listener: Any) -> None:
        self.listener = listener

    def __getattr__(self, name: str) -> Any:
        def command(*args: object, **_k: object) -> Future[None]:
            self.commands.append((name, args))
            done: Future[None] = Future()
            done.set_exception(TelephonyError("recording_disabled"))
            return done

        return command


def _setup(tasks: Tasks, qtbot: QtBot,
           policy: RecordingPolicy) -> tuple[CommandLog, CallCenter, CallActions]:
    phone = CommandLog(policy)
    center = CallCenter(phone, tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    return phone, center, CallActions(center, window)


def _call(state: CallState, **kw: Any) -> CallEvent:
    return CallEvent("c1", state, Direction.OUTBOUND, "direct",
                     RemoteParty("sip:0312345678@pbx", "", "0312345678"), **kw)


def test_shortcut_and_policy_from_the_phone(tasks: Tasks, qtbot: QtBot) -> None:
    _, center, actions = _setup(tasks, qtbot, RecordingPolicy.NEVER)
    assert center.recording_policy is RecordingPolicy.NEVER
    assert QKeySequence("Ctrl+Shift+R") in actions.record.shortcuts()
    assert actions.record.isCheckable()


@pytest.mark.parametrize(("policy", "enabled"), [
    (RecordingPolicy.ON_DEMAND, True),
    (RecordingPolicy.ALWAYS, False),  # runs by itself; the button only shows it
    (RecordingPolicy.NEVER, False),
])
def test_enabled_only_on_a_connected_call_under_on_demand(
        tasks: Tasks, qtbot: QtBot, policy: RecordingPolicy, enabled: bool) -> None:
    _, center, actions = _setup(tasks, qtbot, policy)
    assert not actions.record.isEnabled()  # no call
    center._on_event(_call(CallState.CALLING))
    assert not actions.record.isEnabled()  # not connected yet
    center._on_event(_call(CallState.ACTIVE))
    assert actions.record.isEnabled() is enabled


def test_checked_follows_the_events_not_the_click(tasks: Tasks, qtbot: QtBot) -> None:
    phone, center, actions = _setup(tasks, qtbot, RecordingPolicy.ON_DEMAND)
    center._on_event(_call(CallState.CALLING))
    center._on_event(_call(CallState.ACTIVE))
    errors: list[str] = []
    center.error.connect(errors.append)
    actions.record.trigger()
    assert phone.commands == [("start_recording", ("c1",))]
    assert not actions.record.isChecked()  # nothing says it records yet
    # The refusal comes back as a translated sentence, not a traceback.
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == [message_for("recording_disabled")]
    center._on_event(_call(CallState.ACTIVE, recording=True, recording_path="/r/a.wav"))
    assert actions.record.isChecked()
    actions.record.trigger()
    assert phone.commands[-1] == ("stop_recording", ("c1",))
    assert actions.record.isChecked()  # still recording until the engine says otherwise
    center._on_event(_call(CallState.ACTIVE, recording_path="/r/a.wav"))
    assert not actions.record.isChecked()


def test_always_shows_the_recording_it_cannot_stop(tasks: Tasks, qtbot: QtBot) -> None:
    _, center, actions = _setup(tasks, qtbot, RecordingPolicy.ALWAYS)
    active = _call(CallState.ACTIVE)
    center._on_event(_call(CallState.CALLING))
    center._on_event(replace(active, recording=True, recording_path="/r/b.wav"))
    assert actions.record.isChecked() and not actions.record.isEnabled()
    center._on_event(replace(active, state=CallState.ENDED))
    assert not actions.record.isChecked()
