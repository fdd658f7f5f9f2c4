"""A call that replaced another (an attended transfer to us): the desk follows it with its SR,
and it never rings."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from app.telephony.events import CallEvent, CallState, Direction, EndReason, RemoteParty
from app.ui.callcenter import CallCenter
from app.ui.ringer import Sound, wanted_sound
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks


def _call(call_id: str, state: CallState, **kw: Any) -> CallEvent:
    return CallEvent(call_id, state, Direction.INBOUND, "work",
                     RemoteParty("sip:0451112222@pbx", "", "0451112222"), **kw)


def test_the_replacing_call_takes_over_without_ringing(tasks: Tasks, qtbot: QtBot) -> None:
    center = CallCenter(NoPhone(), tasks)
    center._on_event(_call("old", CallState.INCOMING))
    center._on_event(_call("old", CallState.ACTIVE))
    sr = uuid.uuid4()
    center.calls["old"] = replace(center.calls["old"], case_id=sr, case_label="SR-1 · x")
    assert center.focused == "old"
    center._on_event(_call("new", CallState.INCOMING, replaces="old"))
    new = center.calls["new"]
    assert not new.ringing and center.ringing_calls() == []
    assert wanted_sound(center.calls.values()) is Sound.NONE
    assert (new.case_id, new.case_label) == (sr, "SR-1 · x")
    center._on_event(_call("new", CallState.CONNECTING, replaces="old"))
    center._on_event(_call("new", CallState.ACTIVE, replaces="old"))
    with qtbot.waitSignal(center.focus_changed) as focus:
        center._on_event(_call("old", CallState.ENDED, end_reason=EndReason.TRANSFERRED))
    assert focus.args == ["new"] and center.current_call() is center.calls["new"]
