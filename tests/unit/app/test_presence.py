"""What the Desk's presence tracker hands to the sync worker for the leaders' live board: when,
how urgently, and which call it shows."""

from __future__ import annotations

import uuid

import pytest

from app.cases.agentstate import StateChange
from app.cases.models import AgentStatus
from app.orchestration.presence import PresenceTracker
from app.sync.presence import Presence, Quality
from app.telephony.events import EngineEvent, EngineState, RegistrationEvent, RegState

S = AgentStatus
AGENT = uuid.uuid4()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sent() -> list[tuple[Presence, bool]]:
    return []


@pytest.fixture
def tracker(clock: Clock, sent: list[tuple[Presence, bool]]) -> PresenceTracker:
    made = PresenceTracker(S.AVAILABLE, clock=clock)
    made.publish_to(lambda presence, urgent: sent.append((presence, urgent)))
    made.agent_known(AGENT)
    return made


def _change(state: AgentStatus, previous: AgentStatus, at: float, call: str = "",
            reason: str = "") -> StateChange:
    return StateChange(state, previous, reason, at, call)


def test_nothing_is_published_before_the_agent_id_is_known(clock: Clock) -> None:
    sent: list[tuple[Presence, bool]] = []
    tracker = PresenceTracker(S.AVAILABLE, clock=clock)
    tracker.publish_to(lambda presence, urgent: sent.append((presence, urgent)))
    tracker.call_began("c1", "inbound", clock.now)
    assert sent == []
    tracker.agent_known(AGENT)
    assert [(p.agent_id, p.call_direction) for p, _ in sent] == [(AGENT, "inbound")]


def test_a_call_is_published_urgently_through_ringing_talk_and_wrap_up(
        tracker: PresenceTracker, clock: Clock, sent: list[tuple[Presence, bool]]) -> None:
    start = clock.now
    tracker.call_began("c1", "inbound", start)
    tracker.state_changed(_change(S.RINGING, S.AVAILABLE, start, "c1"))
    case = uuid.uuid4()
    tracker.case_found("c1", case, "SR-2026-000123", "en")
    ringing = sent[-1][0]
    assert (ringing.state, ringing.case_number, ringing.caller_language) == (
        "ringing", "SR-2026-000123", "en")
    assert ringing.call_started == start
    tracker.call_answered("c1", start + 4)
    tracker.state_changed(_change(S.ON_CALL, S.RINGING, start + 4, "c1"))
    talking = sent[-1][0]
    assert (talking.state, talking.since, talking.call_started) == ("on-call", start + 4,
                                                                   start + 4)
    tracker.call_ended("c1")
    tracker.state_changed(_change(S.WRAP_UP, S.ON_CALL, start + 60, "c1"))
    wrapping = sent[-1][0]
    assert wrapping.state == "wrap-up" and wrapping.call_started is None
    assert (wrapping.case_id, wrapping.case_number) == (case, "SR-2026-000123")
    tracker.state_changed(_change(S.AVAILABLE, S.WRAP_UP, start + 90))
    assert sent[-1][0].case_number == "" and sent[-1][0].case_id is None
    assert all(urgent for _, urgent in sent)


def test_quality_alone_is_not_urgent_and_a_held_call_is_not_the_current_one(
        tracker: PresenceTracker, clock: Clock, sent: list[tuple[Presence, bool]]) -> None:
    tracker.call_began("c1", "inbound", clock.now)
    tracker.call_answered("c1", clock.now)
    tracker.quality("c1", mos=2.8, loss_pct=9.0, jitter_ms=50.0, rtt_ms=None)
    presence, urgent = sent[-1]
    assert presence.quality == Quality(mos=2.8, loss_pct=9.0, jitter_ms=50.0)
    assert not urgent
    before = len(sent)
    tracker.quality("c1", mos=2.8, loss_pct=9.0, jitter_ms=50.0, rtt_ms=None)
    assert len(sent) == before  # nothing changed, nothing sent
    tracker.call_held("c1", True)
    tracker.call_began("c2", "outbound", clock.now + 10)
    tracker.call_answered("c2", clock.now + 12)
    current = sent[-1][0]
    assert current.call_direction == "outbound" and current.call_started == clock.now + 12
    assert current.quality == Quality()  # c2's, not measured yet


def test_registration_health(tracker: PresenceTracker, sent: list[tuple[Presence, bool]]
                             ) -> None:
    assert sent[-1][0].registration == "unknown"  # no account yet
    tracker.engine_event(RegistrationEvent("pbx", RegState.REGISTERED, 200))
    tracker.engine_event(RegistrationEvent("backup", RegState.REGISTERING))
    assert sent[-1][0].registration == "unknown"
    tracker.engine_event(RegistrationEvent("backup", RegState.REGISTERED, 200))
    assert (sent[-1][0].registration, sent[-1][0].registration_detail) == ("ok", "")
    tracker.engine_event(RegistrationEvent("pbx", RegState.FAILED, 403, "Forbidden"))
    assert (sent[-1][0].registration, sent[-1][0].registration_detail) == (
        "failing", "pbx: 403 Forbidden")
    tracker.engine_event(EngineEvent(EngineState.CRASHED, "segfault"))
    assert (sent[-1][0].registration, sent[-1][0].registration_detail) == (
        "failing", "segfault")
    tracker.engine_event(EngineEvent(EngineState.RESTARTED))
    assert sent[-1][0].registration == "unknown"  # registering again


def test_closing_says_offline(tracker: PresenceTracker, clock: Clock,
                              sent: list[tuple[Presence, bool]]) -> None:
    tracker.call_began("c1", "inbound", clock.now)
    clock.now += 30
    tracker.closing()
    last, urgent = sent[-1]
    assert (last.state, last.since, last.call_started, urgent) == ("offline", clock.now, None,
                                                                   True)


def test_a_publisher_that_fails_stops_nothing(clock: Clock) -> None:
    def broken(_presence: Presence, _urgent: bool) -> None:
        raise RuntimeError("the worker is gone")

    tracker = PresenceTracker(S.AVAILABLE, clock=clock)
    tracker.publish_to(broken)
    tracker.agent_known(AGENT)  # logged, not raised
    tracker.state_changed(_change(S.BREAK, S.AVAILABLE, clock.now, reason="lunch"))
    current = tracker.current()
    assert current is not None and (current.state, current.reason) == ("break", "lunch")
