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
    with pytest.raises(AgentStateError):
        m.go_offline()
    m.call_ended("c1")
    assert m.go_offline().state is S.OFFLINE  # type: ignore[union-attr]
    assert m.go_offline() is None  # no change, nothing to record
    change = m.go_available()
    assert change is not None and change.previous is S.OFFLINE and change.at == 1000.0
