"""Attended transfer in the call panel: consult (the caller shown on hold), complete or go
back; a transfer that fails said in words; what a colleague's transfer brought in the pop-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from app.cases.handoff import Handoff
from app.cases.models import Language, MatchedBy
from app.cases.numbers import normalize
from app.cases.resolver import Draft, Pop, RepeatSummary, Resolution
from app.telephony.events import (
    CallEvent,
    CallState,
    ConsultEvent,
    ConsultOutcome,
    Direction,
    RemoteParty,
)
from app.ui.actions import CallActions
from app.ui.callcenter import CallCenter, CallInfo
from app.ui.callwidgets import CallPanel, ConsultDialog, IncomingPopup
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks

ENGINEER = "sip:bob@caseline.test"


def _caller(state: CallState = CallState.ACTIVE, held: bool = False) -> CallEvent:
    return CallEvent("c1", state, Direction.INBOUND, "work",
                     RemoteParty("sip:0312345678@pbx", "Yamada", "0312345678"), held=held)


def _consult_call(state: CallState) -> CallEvent:
    return CallEvent("c2", state, Direction.OUTBOUND, "work",
                     RemoteParty(ENGINEER, "", "bob"), consult_for="c1")


def _consult(outcome: ConsultOutcome, reason: str = "", code: int = 0) -> ConsultEvent:
    return ConsultEvent("c1", "c2", ENGINEER, outcome, reason, code)


def _panel(tasks: Tasks, qtbot: QtBot) -> tuple[CallCenter, CallActions, CallPanel]:
    center = CallCenter(NoPhone(), tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = CallActions(center, window)
    panel = CallPanel(center, actions)
    qtbot.addWidget(panel)
    return center, actions, panel


def test_consulting_shows_the_caller_on_hold_and_offers_complete_or_back(
        tasks: Tasks, qtbot: QtBot) -> None:
    center, actions, panel = _panel(tasks, qtbot)
    center._on_event(_caller())
    assert actions.consult.isEnabled() and not actions.complete_transfer.isEnabled()

    center._on_event(_consult(ConsultOutcome.CONSULTING))
    center._on_event(_caller(held=True))
    center._on_event(_consult_call(CallState.CALLING))
    assert not actions.consult.isEnabled() and not actions.transfer.isEnabled()
    assert actions.back_to_caller.isEnabled()
    assert not actions.complete_transfer.isEnabled()  # nobody to hand over to yet
    assert "Yamada waits on hold" in panel.state.text()

    center._on_event(_consult_call(CallState.ACTIVE))
    assert actions.complete_transfer.isEnabled()
    center._on_event(_consult(ConsultOutcome.TRANSFERRING))
    assert not actions.complete_transfer.isEnabled() and not actions.back_to_caller.isEnabled()
    assert "Transferring Yamada to " + ENGINEER in panel.state.text()


def test_a_failed_transfer_is_said_in_words_and_the_controls_come_back(
        tasks: Tasks, qtbot: QtBot) -> None:
    center, actions, panel = _panel(tasks, qtbot)
    center._on_event(_caller())
    center._on_event(_consult(ConsultOutcome.CONSULTING))
    center._on_event(_consult_call(CallState.ACTIVE))
    center._on_event(_consult(ConsultOutcome.TRANSFERRING))
    with qtbot.waitSignal(center.error) as said:
        center._on_event(_consult(ConsultOutcome.RETURNED, "transfer_failed", 603))
    assert said.args == [f"The caller's phone did not take the transfer to {ENGINEER} (603). "
                         "You are back with the caller."]
    assert center.consult is None
    assert actions.consult.isEnabled() and not actions.complete_transfer.isEnabled()
    assert "waits on hold" not in panel.state.text()


def test_going_back_to_the_caller_is_no_error(tasks: Tasks, qtbot: QtBot) -> None:
    center = _panel(tasks, qtbot)[0]
    center._on_event(_caller())
    center._on_event(_consult(ConsultOutcome.CONSULTING))
    errors: list[str] = []
    center.error.connect(errors.append)
    center._on_event(_consult(ConsultOutcome.RETURNED, "cancelled"))
    assert errors == [] and center.consult is None


def test_the_consult_dialog_needs_a_target_and_keeps_the_reason(qtbot: QtBot) -> None:
    dialog = ConsultDialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.target.setText(" 03-1234-5678 ")
    dialog.reason_code.setCurrentIndex(dialog.reason_code.findData("billing"))
    assert dialog.ok_button.isEnabled()
    assert dialog.value() == "0312345678"
    assert dialog.reason_code.currentData() == "billing"
    assert dialog.summary.maxLength() == 100


def test_the_popup_shows_what_a_transfer_brought_for_an_sr_unknown_here(
        tasks: Tasks, qtbot: QtBot) -> None:
    center = CallCenter(NoPhone(), tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = CallActions(center, window)
    draft = Draft("alice", None, None, "", None, "", Language.JA)
    resolution = Resolution(Pop.DRAFT, MatchedBy.NONE, normalize("alice"), None, (), draft,
                            RepeatSummary(0))
    event = CallEvent("c9", CallState.INCOMING, Direction.INBOUND, "work",
                      RemoteParty("sip:alice@caseline.test", "Alice", "alice"))
    center.calls["c9"] = CallInfo("c9", event, resolution,
                                  handoff=Handoff("SR-2026-000999", "P1", "Disk array down"))
    popup = IncomingPopup(center, actions, "c9")
    qtbot.addWidget(popup)
    popup.refresh()
    assert "SR-2026-000999" in popup.case.text()
    assert "Disk array down" in popup.case.text()
