"""The team list in the consult and transfer pickers (issue 20, item 6): colleagues with lamps
from the engine's ColleagueStates, a click choosing whom to call; a plain list where the
registrar serves no presence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from app.telephony.config import AccountSpec
from app.telephony.events import ColleagueState, Lamp
from app.ui.callcenter import CallCenter
from app.ui.callwidgets import ConsultDialog, TransferDialog
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks

BOB = "sip:bob@caseline.test"
CAROL = "sip:carol@caseline.test"
DANA = "sip:2003@caseline.test"


def _center(tasks: Tasks) -> CallCenter:
    center = CallCenter(NoPhone(), tasks)
    spec = AccountSpec(name="work", server="127.0.0.1:5060", user="alice",
                       domain="caseline.test", presence=True,
                       colleagues=("bob", f'"Carol Chen" <{CAROL}>', "2003"))
    center.team.set_accounts([spec])
    return center


def _state(uri: str, lamp: Lamp, code: int = 0) -> ColleagueState:
    return ColleagueState("work", uri, lamp, status_code=code)


def test_the_consult_picker_shows_who_is_free_and_follows_their_lamps(
        tasks: Tasks, qtbot: QtBot) -> None:
    center = _center(tasks)
    for uri, lamp in ((BOB, Lamp.FREE), (CAROL, Lamp.BUSY), (DANA, Lamp.OFFLINE)):
        center._on_event(_state(uri, lamp))
    dialog = ConsultDialog(None, center.team)
    qtbot.addWidget(dialog)
    assert dialog.team is not None
    assert dialog.team.lamps() == {"bob": "free", "Carol Chen": "busy", "2003": "offline"}
    assert dialog.team.item(1).text() == "Carol Chen — On a call"

    # Bob's phone starts ringing while the picker is open: the lamp follows.
    center._on_event(_state(BOB, Lamp.RINGING))
    assert dialog.team.lamps()["bob"] == "ringing"
    assert dialog.team.item(0).text() == "bob — Ringing"

    # A click on a colleague fills in whom to call.
    dialog.team.setCurrentRow(1)
    assert dialog.value() == CAROL
    assert dialog.ok_button.isEnabled()


def test_without_presence_the_picker_is_a_plain_list(tasks: Tasks, qtbot: QtBot) -> None:
    center = _center(tasks)
    for uri in (BOB, CAROL, DANA):
        center._on_event(_state(uri, Lamp.NO_PRESENCE, 489))
    dialog = TransferDialog(None, center.team)
    qtbot.addWidget(dialog)
    assert dialog.team is not None
    assert dialog.team.lamps() == {"bob": "", "Carol Chen": "", "2003": ""}
    assert [dialog.team.item(i).text() for i in range(3)] == ["bob", "Carol Chen", "2003"]
    assert dialog.team.item(0).icon().isNull()
    assert not center.team.has_presence()
    dialog.team.setCurrentRow(2)
    assert dialog.value() == DANA


def test_no_colleagues_leaves_the_picker_as_it_was(tasks: Tasks, qtbot: QtBot) -> None:
    center = CallCenter(NoPhone(), tasks)
    dialog = ConsultDialog(None, center.team)
    qtbot.addWidget(dialog)
    assert dialog.team is None


def test_a_double_click_consults_at_once(tasks: Tasks, qtbot: QtBot) -> None:
    center = _center(tasks)
    center._on_event(_state(BOB, Lamp.FREE))
    dialog = ConsultDialog(None, center.team)
    qtbot.addWidget(dialog)
    assert dialog.team is not None
    with qtbot.waitSignal(dialog.accepted):
        dialog.team.itemActivated.emit(dialog.team.item(0))
    assert dialog.value() == BOB
    assert dialog.team.item(0).data(Qt.ItemDataRole.UserRole) == BOB
