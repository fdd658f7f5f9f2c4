"""The agent's state machine, driven by calls and by the agent, on a fake clock."""

from __future__ import annotations

import pytest

from app.cases.agentstate import AgentStateError, AgentStateMachine
from app.cases.models import AgentStatus as S


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def machine(clock: Clock, wrap_up: float = 30.0) -> AgentStateMachine:
    return AgentStateMachine(wrap_up_seconds=wrap_up, clock=clock,
                             break_reasons=("lunch", "meeting"), initial=S.AVAILABLE)


def test_answered_call_goes_through_wrap_up_back_to_available() -> None:
    clock = Clock()
    m = machine(clock)
    assert m.call_ringing("c1").state is S.RINGING  # type: ignore[union-attr]
    assert m.call_active("c1").state is S.ON_CALL  # type: ignore[union-attr]
    change = m.call_ended("c1")
    assert change is not None and change.state is S.WRAP_UP and change.previous is S.ON_CALL
    clock.now += 29
    assert m.tick() is None and m.wrap_up_left() == pytest.approx(1.0)
    clock.now += 1
    done = m.tick()
    assert done is not None and done.state is S.AVAILABLE and done.reason == "wrap-up timer"


def test_a_disposition_ends_wrap_up_early() -> None:
    clock = Clock()
    m = machine(clock)
    m.call_ringing("c1")
    m.call_active("c1")
    m.call_ended("c1")
    change = m.disposition_chosen()
    assert change is not None and change.state is S.AVAILABLE and change.reason == "disposition"
    assert m.disposition_chosen() is None


def test_missed_call_returns_to_what_the_agent_was_doing() -> None:
    m = machine(Clock())
    m.go_break("lunch")
    m.call_ringing("c1")
    back = m.call_ended("c1")
    assert back is not None and back.state is S.BREAK


def test_call_waiting_keeps_the_agent_on_the_call() -> None:
    m = machine(Clock())
    m.call_ringing("c1")
    m.call_active("c1")
    assert m.call_ringing("c2") is None  # second call rings while on the first
    assert m.call_active("c2") is None
    assert m.call_ended("c1") is None  # still on c2
    assert m.call_ended("c2").state is S.WRAP_UP  # type: ignore[union-attr]


def test_agent_choices_are_checked() -> None:
    m = machine(Clock())
    with pytest.raises(AgentStateError) as err:
        m.go_break("nap")
    assert err.value.code == "unknown_break_reason"
    m.call_ringing("c1")
    m.call_active("c1")
    assert m.go_offline() is None  # during the call: where the agent goes after it
    m.call_ended("c1")
    assert m.go_available().state is S.AVAILABLE  # type: ignore[union-attr]
    assert m.go_offline().state is S.OFFLINE  # type: ignore[union-attr]
    assert m.go_offline() is None  # no change, nothing to record
    change = m.go_available()
    assert change is not None and change.previous is S.OFFLINE and change.at == 1000.0


def test_wrap_up_returns_to_the_break_the_agent_was_on() -> None:
    clock = Clock()
    m = machine(clock)
    m.go_break("lunch")
    m.call_active("o1")  # an outbound call placed while on break
    assert m.call_ended("o1").state is S.WRAP_UP  # type: ignore[union-attr]
    clock.now += 30
    back = m.tick()
    assert back is not None and (back.state, back.reason) == (S.BREAK, "lunch")
    m.call_active("o2")
    m.call_ended("o2")
    done = m.disposition_chosen()
    assert done is not None and (done.state, done.reason) == (S.BREAK, "lunch")


def test_a_break_chosen_during_a_call_follows_its_wrap_up() -> None:
    m = machine(Clock())
    m.call_ringing("c1")
    m.call_active("c1")
    assert m.go_break("meeting") is None and m.state is S.ON_CALL
    assert m.returns_to() == (S.BREAK, "meeting")
    assert m.refusing() is S.BREAK  # no new call rings meanwhile
    assert m.call_ended("c1").state is S.WRAP_UP  # type: ignore[union-attr]
    done = m.disposition_chosen()
    assert done is not None and (done.state, done.reason) == (S.BREAK, "meeting")
    with pytest.raises(AgentStateError):
        m.go_break("nap")  # the reason is checked during a call too


def test_a_call_missed_during_wrap_up_does_not_end_it() -> None:
    clock = Clock()
    m = machine(clock)
    m.call_ringing("c1")
    m.call_active("c1")
    m.call_ended("c1")
    clock.now += 10
    assert m.call_ringing("c2") is None and m.state is S.WRAP_UP
    assert m.call_ended("c2") is None  # the caller gave up
    assert m.state is S.WRAP_UP and m.wrap_up_left() == pytest.approx(20.0)
    m.call_ringing("c3")
    answered = m.call_active("c3")  # an answered call does end it
    assert answered is not None and answered.previous is S.WRAP_UP
    assert answered.state is S.ON_CALL


def test_the_wrap_up_timer_with_a_call_ringing_goes_to_ringing() -> None:
    clock = Clock()
    m = machine(clock)
    m.call_active("c1")
    m.call_ended("c1")
    m.call_ringing("c2")
    clock.now += 30
    change = m.tick()
    assert change is not None and (change.state, change.call) == (S.RINGING, "c2")
    assert m.call_ended("c2").state is S.AVAILABLE  # type: ignore[union-attr]


def test_who_takes_calls() -> None:
    m = machine(Clock())
    assert m.refusing() is None
    m.go_break("lunch")
    assert m.refusing() is S.BREAK
    m.go_offline()
    assert m.refusing() is S.OFFLINE
    m.go_available()
    m.call_active("o1")
    assert m.refusing() is None  # call waiting rings while available
