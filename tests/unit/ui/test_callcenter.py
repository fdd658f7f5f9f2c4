"""CallCenter's picture of the phone, fed with the engine's and the desk's own event types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.orchestration.desk import AgentStateChanged, StoreProblem
from app.orchestration.phone import PhoneStartFailed, RecordingProblem
from app.telephony.events import (
    CallEvent,
    CallState,
    Direction,
    EngineEvent,
    EngineState,
    RegistrationEvent,
    RegState,
    RemoteParty,
)
from app.ui.callcenter import CallCenter, Health
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks




def _center(tasks: Tasks) -> CallCenter:
    return CallCenter(NoPhone(), tasks)


def _level(center: CallCenter) -> Health:
    return center.health.level  # read anew each time: mypy must not narrow it


def _call(state: CallState, call_id: str = "c1", **kw: Any) -> CallEvent:
    return CallEvent(call_id, state, Direction.INBOUND, "work",
                     RemoteParty("sip:0312345678@pbx", "", "0312345678"), **kw)


def test_a_lost_registrar_is_an_alarm_before_a_call_is_missed(tasks: Tasks,
                                                             qtbot: QtBot) -> None:
    center = _center(tasks)
    center._on_event(AgentStateChanged("available", "offline", ""))
    center._on_event(RegistrationEvent("work", RegState.REGISTERED))
    assert _level(center) is Health.OK
    assert "work" in center.health.summary
    with qtbot.waitSignal(center.health_changed) as changed:
        center._on_event(RegistrationEvent("work", RegState.UNREACHABLE))
    assert changed.args[0].level is Health.DOWN
    assert "work" in changed.args[0].summary
    center._on_event(RegistrationEvent("work", RegState.REGISTERED))
    assert _level(center) is Health.OK


def test_break_store_trouble_and_start_failure(tasks: Tasks) -> None:
    center = _center(tasks)
    center._on_event(AgentStateChanged("break", "available", "lunch"))
    assert _level(center) is Health.WARNING
    center._on_event(AgentStateChanged("available", "break", ""))
    center._on_event(StoreProblem("locked", "/x/cases.db", "database is locked"))
    assert _level(center) is Health.WARNING
    center._on_event(StoreProblem("locked", "/x/cases.db", "", resolved=True))
    assert _level(center) is Health.OK
    center._on_event(PhoneStartFailed("start_failed", "port 5060 in use"))
    assert _level(center) is Health.DOWN
    assert "5060" in center.health.summary
    center.set_audio_ok(False)
    assert any("microphone" in line for line in center.health.details)


def test_engine_crash_is_down_until_restarted(tasks: Tasks) -> None:
    center = _center(tasks)
    center._on_event(AgentStateChanged("available", "offline", ""))
    center._on_event(EngineEvent(EngineState.CRASHED, "SIGABRT"))
    assert _level(center) is Health.DOWN
    center._on_event(EngineEvent(EngineState.RESTARTED))
    assert _level(center) is Health.OK


def test_calls_come_and_go_and_a_second_one_waits(tasks: Tasks, qtbot: QtBot) -> None:
    center = _center(tasks)
    with qtbot.waitSignal(center.call_added):
        center._on_event(_call(CallState.INCOMING))
    assert [c.call_id for c in center.ringing_calls()] == ["c1"]
    center._on_event(_call(CallState.ACTIVE))
    current = center.current_call()
    assert current is not None and current.answered_at is not None
    center._on_event(_call(CallState.INCOMING, "c2"))
    assert center.calls["c2"].waiting
    with qtbot.waitSignal(center.call_removed):
        center._on_event(_call(CallState.ENDED, "c1"))
    assert "c1" not in center.calls and center.info("c1") is not None


def test_a_failed_command_is_a_translated_error(tasks: Tasks, qtbot: QtBot) -> None:
    center = _center(tasks)
    center._on_event(_call(CallState.INCOMING))
    with qtbot.waitSignal(center.error) as error:
        center.answer("c1")
    assert "answer" in error.args[0]


def test_the_health_line_says_when_calls_are_refused(tasks: Tasks) -> None:
    from app.ui import labels  # noqa: PLC0415

    center = _center(tasks)
    center._on_event(AgentStateChanged("break", "available", "lunch"))
    on_break = labels.agent_state("break")
    assert center.health.summary == f"Not taking calls: {on_break}."
    center._on_event(AgentStateChanged("available", "break", ""))
    center._on_event(AgentStateChanged("on-call", "ringing", "", "c1", after="available"))
    assert _level(center) is Health.OK
    # Break chosen during the call: no new call rings from now on, and the agent is told.
    center._on_event(AgentStateChanged("on-call", "on-call", "", after="break"))
    assert _level(center) is Health.WARNING
    assert center.health.summary == f"Not taking new calls: {on_break} after this call."
    center._on_event(AgentStateChanged("break", "wrap-up", "lunch"))
    assert center.health.summary == f"Not taking calls: {on_break}."


def _dialled(state: CallState, **kw: Any) -> CallEvent:
    return CallEvent("d1", state, Direction.OUTBOUND, "direct",
                     RemoteParty("sip:bob@no-such-host.invalid", "", "bob"), **kw)


def test_a_dial_that_cannot_reach_its_address_is_a_translated_error(
        tasks: Tasks, qtbot: QtBot) -> None:
    from app.telephony.events import EndReason  # noqa: PLC0415

    center = _center(tasks)
    center._on_event(_dialled(CallState.CALLING))
    with qtbot.waitSignal(center.error) as error:
        center._on_event(_dialled(CallState.ENDED, status_code=502,
                                  end_reason=EndReason.UNREACHABLE))
    assert "sip:bob@no-such-host.invalid" in error.args[0]
    assert "502" in error.args[0]
    # A call the agent cancels, or the far end refuses as busy, is no error.
    errors: list[str] = []
    center.error.connect(errors.append)
    for reason in (EndReason.CANCELLED, EndReason.BUSY, EndReason.LOCAL_HANGUP):
        center._on_event(_dialled(CallState.CALLING))
        center._on_event(_dialled(CallState.ENDED, status_code=487, end_reason=reason))
    assert errors == []


def test_a_call_the_always_policy_cannot_record_is_a_warning_until_it_records(
        tasks: Tasks, qtbot: QtBot) -> None:
    center = _center(tasks)
    center._on_event(AgentStateChanged("on-call", "available", "", "c1"))
    center._on_event(_call(CallState.ACTIVE))
    assert _level(center) is Health.OK
    with qtbot.waitSignal(center.error) as said:
        center._on_event(RecordingProblem("c1", "record_failed", "/rec: Not a directory", 1.0))
    assert "not being recorded" in said.args[0]
    assert _level(center) is Health.WARNING
    assert center.health.summary.endswith("Trying again in 1 s.")
    with qtbot.assertNotEmitted(center.error):  # told once; the health line follows the tries
        center._on_event(RecordingProblem("c1", "record_failed", "/rec", 2.0))
    assert center.health.summary.endswith("Trying again in 2 s.")
    with qtbot.waitSignal(center.error) as said:
        center._on_event(RecordingProblem("c1", recovered=True))
    assert said.args[0] == "The call is being recorded now."
    assert _level(center) is Health.OK
    # A call that ends unrecorded takes its warning with it.
    center._on_event(RecordingProblem("c1", "record_failed", "/rec", 1.0))
    assert _level(center) is Health.WARNING
    center._on_event(_call(CallState.ENDED))
    assert _level(center) is Health.OK
    # A late report for a call already gone is no warning.
    center._on_event(RecordingProblem("c1", "record_failed", "/rec", 4.0))
    assert _level(center) is Health.OK
