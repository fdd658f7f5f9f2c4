"""A call whose media could not start (a TURN server refusing us) says why, in words."""

from __future__ import annotations

import pytest

from app.telephony import nat
from app.telephony.events import CallEvent, CallState, Direction, EndReason, RemoteParty
from app.ui.callcenter import dial_failure, media_problem_text


@pytest.mark.parametrize("code", nat.CODES)
def test_every_media_problem_has_its_sentence(code: str) -> None:
    event = CallEvent(call_id="c1", state=CallState.ENDED, direction=Direction.OUTBOUND,
                      account="home", remote=RemoteParty("sip:2001@pbx.example.com"),
                      status_code=480, end_reason=EndReason.UNREACHABLE, media_problem=code)
    text = dial_failure(event)
    assert text == media_problem_text(code)
    assert code not in text and "480" not in text  # words, not a code
    if code.startswith("turn_"):
        assert "TURN" in text
