"""Listen in, whisper, barge (issue 18, item 6), measured at each party.

Three real pjsua2 endpoints (tests.support_monitoring): the customer speaks CUSTOMER_TONE, the
agent's microphone AGENT_TONE, the leader LEADER_TONE; what each one hears is checked by FFT,
a second at a time. The grant check is the in-memory OneTimeGrants (see its docstring for
why); the real centre's end-to-end call is in tests/integration/central/test_monitoring_grants.py.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from app.cases.models import CallLog
from app.cases.store import open_sqlite
from app.orchestration.desk import CallLogged, Desk, ScreenPop
from app.orchestration.monitoring import Monitoring, MonitoringChanged
from app.orchestration.phone import Phone
from app.telephony.engine import DIRECT, PjsuaEngine
from app.telephony.engine import monitoring as engine_monitoring
from app.telephony.events import (
    CallEvent,
    CallState,
    EndReason,
    MonitorEvent,
    MonitorRequestEvent,
)
from app.telephony.isolated import IsolatedEngine
from tests.support import WAIT, Listener, engine_config, free_port
from tests.support_audio import FarEnd
from tests.support_monitoring import (
    ABSENT,
    AGENT_TONE,
    CUSTOMER_TONE,
    LEADER_TONE,
    PRESENT,
    OneTimeGrants,
    Parties,
    level,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from app.cases.store import Store
    from app.sync.monitoring import ClaimedGrant
    from app.telephony.api import Engine

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def customer() -> Iterator[FarEnd]:
    with FarEnd(tone=CUSTOMER_TONE) as end:
        yield end


@pytest.fixture
def grants() -> OneTimeGrants:
    return OneTimeGrants()


@pytest.mark.parametrize(("mode", "agent_hears_leader", "customer_hears_leader"), [
    ("listen", False, False), ("whisper", True, False), ("barge", True, True)])
def test_each_mode_carries_the_leader_exactly_where_it_says(
        customer: FarEnd, grants: OneTimeGrants, mode: str, agent_hears_leader: bool,
        customer_hears_leader: bool) -> None:
    with Parties(grants, customer) as parties:
        call_id, log_id = parties.call_customer()
        leader_call = parties.leader_dials(grants.give(log_id, mode))
        up = parties.monitoring_up(leader_call)
        assert (up.target, up.mode.value) == (call_id, mode)
        parties.until_heard(lambda: parties.leader.heard, CUSTOMER_TONE,
                            "the leader to hear the customer")

        at_leader = parties.leader_hears()
        assert level(at_leader, CUSTOMER_TONE) > PRESENT, "the leader does not hear the customer"
        assert level(at_leader, AGENT_TONE) > PRESENT, "the leader does not hear the agent"
        at_customer = parties.customer_hears()
        assert level(at_customer, AGENT_TONE) > PRESENT  # the call itself goes on
        assert (level(at_customer, LEADER_TONE) > PRESENT) is customer_hears_leader
        if not customer_hears_leader:
            assert level(at_customer, LEADER_TONE) < ABSENT, "the customer hears the leader"
        at_agent = parties.agent_hears()
        assert level(at_agent, CUSTOMER_TONE) > PRESENT
        assert (level(at_agent, LEADER_TONE) > PRESENT) is agent_hears_leader
        if not agent_hears_leader:
            assert level(at_agent, LEADER_TONE) < ABSENT, "the agent hears a listening leader"

        # The agent is told, and the monitoring call was never one of the agent's calls.
        assert [(t.call_id, t.leader, t.mode, t.active) for t in parties.told] == [
            (call_id, "Lena Lee", mode, True)]
        assert parties.agent_calls() == {call_id}
        assert [c.call_id for c in parties.engine.calls()] == [call_id]

        # The customer's call ends: the leader's goes with it, and so does the session.
        parties.engine.hangup(call_id)
        ended = parties.until(lambda: parties.leader_ended(leader_call),
                              "the leader's call to end with the customer's")
        assert ended.end_reason is EndReason.REMOTE_HANGUP
        parties.until(lambda: len(grants.ended) == 1, "the session's end")
        assert parties.told[-1] == MonitoringChanged(call_id, up.call_id, "Lena Lee", mode,
                                                     False, at=parties.told[-1].at)


def test_a_forged_or_replayed_monitoring_invite_never_rings_nor_disturbs_the_call(
        customer: FarEnd, grants: OneTimeGrants) -> None:
    with Parties(grants, customer) as parties:
        call_id, log_id = parties.call_customer()
        token = grants.give(log_id, "listen")
        first = parties.leader_dials(token)
        parties.monitoring_up(first)
        parties.leader.engine.hangup(first)  # the leader is done: the grant is spent
        parties.until(lambda: len(grants.ended) == 1, "the first session's end")

        for forged in (token, "not-a-grant-" + "x" * 40, "' OR 1=1 --"):
            attempt = parties.leader_dials(forged)
            refused = parties.until(lambda: parties.leader_ended(attempt),  # noqa: B023
                                    f"the leader's call with {forged!r} to be refused")
            assert refused.status_code == 403
            assert not any(e.state in (CallState.RINGING, CallState.ACTIVE)
                           for e in parties.leader_call(attempt))  # no 180, no answer

        # Nothing rang at the agent's, nothing was told, the call went on as it was.
        assert parties.agent_calls() == {call_id}
        assert [t.active for t in parties.told] == [True, False]  # the first session only
        assert sum(1 for e in parties.driver.events
                   if isinstance(e, MonitorEvent) and e.active) == 1
        assert parties.driver.calls(call_id)[-1].state is CallState.ACTIVE
        at_customer = parties.customer_hears()
        assert level(at_customer, AGENT_TONE) > PRESENT
        assert level(at_customer, LEADER_TONE) < ABSENT
        assert level(parties.agent_hears(), CUSTOMER_TONE) > PRESENT
        parties.engine.hangup(call_id)
        parties.driver.wait_call(CallState.ENDED, call_id)


def test_a_monitoring_invite_with_no_call_to_monitor_is_refused_without_asking(
        customer: FarEnd, grants: OneTimeGrants) -> None:
    with Parties(grants, customer) as parties:
        attempt = parties.leader_dials(grants.give(uuid.uuid4(), "listen"))
        refused = parties.until(lambda: parties.leader_ended(attempt), "the refusal")
        assert refused.status_code == 481
        assert grants.claimed == []  # the centre was never asked
        assert parties.agent_calls() == set()
        assert parties.told == []


def test_a_held_call_gives_a_listening_leader_nothing_of_the_agent(
        customer: FarEnd, grants: OneTimeGrants) -> None:
    with Parties(grants, customer) as parties:
        call_id, log_id = parties.call_customer()
        leader_call = parties.leader_dials(grants.give(log_id, "barge"))
        parties.monitoring_up(leader_call)
        parties.until_heard(lambda: parties.leader.heard, AGENT_TONE,
                            "the leader to hear the agent")
        parties.engine.hold(call_id)
        parties.until(lambda: parties.driver.calls(call_id)[-1].held, "held")
        at_leader = parties.leader_hears()
        assert level(at_leader, AGENT_TONE) < ABSENT, "the leader hears the agent off the call"
        at_customer = parties.customer_hears()
        assert level(at_customer, LEADER_TONE) < ABSENT, "the held customer hears the leader"
        parties.engine.resume(call_id)
        parties.until(lambda: not parties.driver.calls(call_id)[-1].held, "resumed")
        # A re-INVITE gives the call a new port: the leader is wired to it again.
        assert level(parties.leader_hears(), AGENT_TONE) > PRESENT
        assert level(parties.customer_hears(), LEADER_TONE) > PRESENT
        parties.engine.hangup(call_id)
        parties.until(lambda: parties.leader_ended(leader_call), "the leader's call to end")


@contextlib.contextmanager
def desktop_phone(path: Path, engine: Engine, monitoring: Callable[[Desk], Monitoring | None]
                  ) -> Iterator[tuple[Phone, Desk, Listener, Store]]:
    """A Phone with its Desk on a store of its own, as the desktop runs them."""
    store = open_sqlite(path)
    desk = Desk(store, wrap_up_seconds=0)
    phone = Phone(engine, desk, monitoring=monitoring(desk))
    listener = Listener(phone)
    phone.start()
    try:
        assert phone.wait_started(WAIT)
        yield phone, desk, listener, store
    finally:
        phone.stop()  # the desk's last writes too
        while not listener.inbox.empty():  # the phone thread is gone: all it said is there
            listener.seen.append(listener.inbox.get_nowait())
        store.close()


def logged(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(CallLog.engine_call_id)))


def test_the_phones_monitor_a_call_by_themselves_and_neither_logs_the_monitoring_call(
        customer: FarEnd, grants: OneTimeGrants, tmp_path: Path) -> None:
    # The agent's engine in its own process, as the desktop's; the leader's in this one.
    agent_engine = IsolatedEngine(engine_config(free_port()))
    with contextlib.ExitStack() as stack:
        # As the desktop wires it (app.ui.desktop._monitoring): the desk's call log ids.
        agent, agent_desk, agent_sees, agent_store = stack.enter_context(desktop_phone(
            tmp_path / "agent.db", agent_engine, lambda d: Monitoring(grants, d.log_id)))
        leader, _, leader_sees, leader_store = stack.enter_context(desktop_phone(
            tmp_path / "leader.db", PjsuaEngine(engine_config(free_port())), lambda _: None))
        call_id = agent.dial(customer.uri, account=DIRECT).result(WAIT)
        agent_sees.wait(CallEvent, lambda e: e.call_id == call_id
                         and e.state is CallState.ACTIVE)
        log_id = agent.submit(lambda: agent_desk.log_id(call_id)).result(WAIT)
        assert log_id is not None

        token = grants.give(log_id, "whisper")
        leader_call = leader.monitor(f"agent@127.0.0.1:{agent_engine.local_port}", token,
                                     account=DIRECT).result(WAIT)
        leader_sees.wait(CallEvent, lambda e: e.call_id == leader_call
                          and e.state is CallState.ACTIVE)
        told = agent_sees.wait(MonitoringChanged, lambda e: e.active)
        assert (told.call_id, told.leader, told.mode) == (call_id, "Lena Lee", "whisper")
        agent.call(lambda e: e.hangup(call_id)).result(WAIT)
        leader_sees.wait(CallEvent, lambda e: e.call_id == leader_call
                          and e.state is CallState.ENDED)
        agent_sees.wait(MonitoringChanged, lambda e: not e.active)
        agent_sees.wait(CallLogged, lambda e: e.call_id == call_id and e.outcome != "")
        stack.close()  # both phones stopped, their stores written
        assert len(grants.ended) == 1
        # The agent's window saw one call only: nothing rang, nothing popped; the desk logged
        # the customer's call and nothing else. The leader's desk logged nothing at all.
        assert {e.call_id for e in agent_sees.seen
                if isinstance(e, CallEvent | ScreenPop)} == {call_id}
        assert logged(agent_store) == [call_id]
        assert logged(leader_store) == []


class SlowGrants(OneTimeGrants):
    """A centre that answers only when the test lets it (a slow or hung server)."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def claim(self, token: str) -> ClaimedGrant:
        self.answer.wait(WAIT)
        return super().claim(token)


def test_a_centre_too_slow_to_answer_gets_the_request_refused_and_the_call_goes_on(
        customer: FarEnd, monkeypatch: pytest.MonkeyPatch) -> None:
    # Shorter than the engine's 10 s, so the test need not wait that long for the refusal.
    monkeypatch.setattr(engine_monitoring, "DECIDE_SECONDS", 3.0)
    grants = SlowGrants()
    with Parties(grants, customer) as parties:
        call_id, log_id = parties.call_customer()
        token = grants.give(log_id, "barge")
        attempt = parties.leader_dials(token)
        parties.until(lambda: any(isinstance(e, MonitorRequestEvent)
                                  for e in parties.driver.events), "the request to be held")
        # Another request meanwhile (a flood of them) is refused at once, unasked.
        second = parties.leader_dials(grants.give(log_id, "listen"))
        busy = parties.until(lambda: parties.leader_ended(second), "the second's refusal")
        assert busy.status_code == 486
        assert parties.leader_ended(attempt) is None  # the first one still waits
        refused = parties.until(lambda: parties.leader_ended(attempt),
                                "the engine to refuse the undecided request")
        assert refused.status_code == 408
        grants.answer.set()  # the centre answers at last: the grant is used, for nothing
        parties.until(lambda: len(grants.ended) == 1, "the unused session's end")
        assert grants.claimed == [token]  # the second request never reached the centre
        assert parties.told == []
        assert parties.agent_calls() == {call_id}
        at_customer = parties.customer_hears()
        assert level(at_customer, AGENT_TONE) > PRESENT
        assert level(at_customer, LEADER_TONE) < ABSENT
