"""Which devices the speech bridge keeps open for which calls."""

from __future__ import annotations

import pytest

from app.audio.bridge import CLOSED, SPEAKER, SPEECH
from app.telephony.events import AudioPath, CallEvent, CallState, Direction, RemoteParty
from app.ui.callcenter import CallInfo
from app.ui.speech import wanted_mode


def _call(state: CallState, call_id: str = "c1", *, held: bool = False) -> CallInfo:
    event = CallEvent(call_id, state, Direction.INBOUND, "work",
                      RemoteParty("sip:0312345678@pbx", "", "0312345678"), held=held)
    return CallInfo(call_id, event)


@pytest.mark.parametrize(("states", "mode"), [
    ([], CLOSED),
    ([CallState.INCOMING], SPEAKER),  # ringing: warm the speaker up, microphone still shut
    ([CallState.CALLING], SPEAKER),
    ([CallState.RINGING], SPEAKER),
    ([CallState.CONNECTING], SPEAKER),
    ([CallState.ACTIVE], SPEECH),
    ([CallState.INCOMING, CallState.ACTIVE], SPEECH),  # call waiting during a call
])
def test_modes_follow_the_calls(states: list[CallState], mode: int) -> None:
    calls = [_call(state, f"c{i}") for i, state in enumerate(states)]
    assert wanted_mode(calls, AudioPath.BRIDGE) == mode


def test_a_held_call_closes_the_microphone_but_keeps_the_speaker() -> None:
    assert wanted_mode([_call(CallState.ACTIVE, held=True)], AudioPath.BRIDGE) == SPEAKER


@pytest.mark.parametrize("path", [AudioPath.NATIVE, AudioPath.NULL, None])
def test_nothing_opens_when_the_engine_has_its_own_sound_or_none(
        path: AudioPath | None) -> None:
    assert wanted_mode([_call(CallState.ACTIVE)], path) == CLOSED
