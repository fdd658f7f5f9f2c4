"""The three-way conference in the call panel (issue 20, item 4): Conference once the
consulted party answers, the three parties shown, Leave and the party's own hang-up while
joined; where the hand-over was refused, the panel says this PC bridges the two; the end of a
conference said in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from app.telephony.events import (
    CallEvent,
    CallState,
    ConferenceEvent,
    ConferenceState,
    ConsultEvent,
    ConsultOutcome,
    Direction,
    RemoteParty,
)
from app.ui.actions import CallActions
from app.ui.callcenter import CallCenter
from app.ui.callwidgets import CallPanel, ConsultDialog
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks

TRANSLATOR = "sip:bob@caseline.test"
CALLER = "sip:0312345678@pbx"


def _caller(held: bool = False, conference: str = "") -> CallEvent:
    return CallEvent("c1", CallState.ACTIVE, Direction.INBOUND, "work",
                     RemoteParty(CALLER, "Wang", "0312345678"), held=held,
                     conference_with=conference)


def _translator(conference: str = "") -> CallEvent:
    return CallEvent("c2", CallState.ACTIVE, Direction.OUTBOUND, "work",
                     RemoteParty(TRANSLATOR, "Bob", "bob"), consult_for="c1",
                     conference_with=conference)


def _conference(state: ConferenceState, reason: str = "", code: int = 0) -> ConferenceEvent:
    return ConferenceEvent("c1", "c2", CALLER, TRANSLATOR, state, reason, code)


def _consulting(tasks: Tasks, qtbot: QtBot) -> tuple[CallCenter, CallActions, CallPanel]:
    center = CallCenter(NoPhone(), tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = CallActions(center, window)
    panel = CallPanel(center, actions)
    qtbot.addWidget(panel)
    center._on_event(_caller())
    center._on_event(ConsultEvent("c1", "c2", TRANSLATOR, ConsultOutcome.CONSULTING))
    center._on_event(_caller(held=True))
    return center, actions, panel


def test_conference_is_offered_once_the_translator_answers_and_shows_three_parties(
        tasks: Tasks, qtbot: QtBot) -> None:
    center, actions, panel = _consulting(tasks, qtbot)
    center._on_event(CallEvent("c2", CallState.CALLING, Direction.OUTBOUND, "work",
                               RemoteParty(TRANSLATOR, "Bob", "bob"), consult_for="c1"))
    assert not actions.conference.isEnabled()  # nobody to join yet
    center._on_event(_translator())
    assert actions.conference.isEnabled() and not actions.leave_conference.isEnabled()

    center._on_event(_caller(conference="c2"))
    center._on_event(_translator(conference="c1"))
    center._on_event(_conference(ConferenceState.JOINED))
    assert actions.leave_conference.isEnabled() and actions.drop_party.isEnabled()
    assert not actions.conference.isEnabled() and not actions.complete_transfer.isEnabled()
    assert not actions.back_to_caller.isEnabled()
    lines = panel.parties.text().splitlines()
    assert lines == ["Conference, three parties:", "• Wang (caller)", "• Bob (consulted)",
                     "• You"]
    assert not panel.parties.isHidden()
    # The translator's leg is part of the conference, not "another call on hold".
    assert "other call" not in panel.case.text()

    center._on_event(_conference(ConferenceState.LEAVING))
    assert not actions.leave_conference.isEnabled()
    assert panel.parties.text().splitlines()[-1] == "• You (left)"


def test_a_refused_hand_over_says_this_pc_bridges_the_two(
        tasks: Tasks, qtbot: QtBot) -> None:
    center, actions, panel = _consulting(tasks, qtbot)
    center._on_event(_translator())
    center._on_event(_conference(ConferenceState.JOINED))
    center._on_event(_conference(ConferenceState.LEAVING))
    errors: list[str] = []
    center.error.connect(errors.append)
    # The consult's end as a transfer is the bridge's: no "back with the caller" said.
    center._on_event(ConsultEvent("c1", "c2", TRANSLATOR, ConsultOutcome.RETURNED, "bridged",
                                  603))
    center._on_event(_conference(ConferenceState.BRIDGED, code=603))
    assert errors == [f"The caller's phone did not take the hand-over to {TRANSLATOR} (603). "
                      "This PC keeps them connected; your microphone and speaker are off. "
                      "Hang up to end their call."]
    assert "your microphone and speaker are off" in panel.parties.text()
    assert not actions.leave_conference.isEnabled() and not actions.consult.isEnabled()


def test_the_translator_leaving_is_said_and_ends_the_conference(
        tasks: Tasks, qtbot: QtBot) -> None:
    center, actions, panel = _consulting(tasks, qtbot)
    center._on_event(_translator())
    center._on_event(_conference(ConferenceState.JOINED))
    errors: list[str] = []
    center.error.connect(errors.append)
    center._on_event(ConsultEvent("c1", "c2", TRANSLATOR, ConsultOutcome.RETURNED,
                                  "consult_ended"))
    center._on_event(_conference(ConferenceState.ENDED, "party_left"))
    assert errors == [f"{TRANSLATOR} left the conference. You are on a call with the caller "
                      "again."]
    assert center.conference is None and panel.parties.isHidden()
    assert not actions.leave_conference.isEnabled() and actions.consult.isEnabled()


def test_the_consult_dialog_offers_translation(qtbot: QtBot) -> None:
    dialog = ConsultDialog()
    qtbot.addWidget(dialog)
    assert dialog.reason_code.findData("translation") >= 0
