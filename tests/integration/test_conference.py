"""Three-way conference for translation (issue 20, item 4), through a real Kamailio.

The phones of tests/support_transfer.py: the agent (alice, a CaseLine engine in this process
with its Desk), the translator (bob, a CaseLine engine in its own process, its own Desk and
store) and the customer (carol, a bare pjsua2 phone that follows REFERs and reports the tone it
hears). Each says its own tone: 500 Hz the agent, 700 Hz the translator, 1000 Hz the customer.

The agent consults the translator about the customer's SR (the INVITE says it is translation
work), merges the two into a conference where everyone hears everyone, and leaves: the customer
is handed to the translator (REFER with Replaces) and the two go on hearing each other without
the agent. Where the customer's phone refuses the REFER, the agent's PC bridges the two with
the agent's microphone and speaker off. The translator hanging up during the conference leaves
the agent and the customer on a plain call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.cases import handoff
from app.cases.casework import case_detail
from app.cases.models import CallLog, Case, CaseEscalation, CaseStatus, Outcome
from app.orchestration.phone import start_consult
from app.telephony.engine import TelephonyError
from app.telephony.events import (
    CallState,
    ConferenceEvent,
    ConferenceState,
    ConsultOutcome,
    EndReason,
)
from tests.integration.kamailio import DOMAIN, Kamailio, running_kamailio
from tests.support_audio import hears, tone_share
from tests.support_transfer import (
    AGENT_TONE,
    CUSTOMER_TONE,
    ENGINEER_TONE,
    SR_ID,
    Customer,
    Side,
    customer_on_the_line,
    pump,
    three_phones,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from app.telephony.events import CallEvent

TRANSLATOR_TONE = ENGINEER_TONE


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam


@pytest.fixture
def phones(kamailio: Kamailio, tmp_path: Path) -> Iterator[tuple[Side, Side, Customer]]:
    with three_phones(kamailio, tmp_path, ear=True) as sides:
        yield sides


@pytest.fixture(params=[False, True], ids=["in_process", "isolated"])
def any_phones(request: pytest.FixtureRequest, kamailio: Kamailio,
               tmp_path: Path) -> Iterator[tuple[Side, Side, Customer]]:
    """The agent's engine in this process, or in its own as the desktop runs it."""
    with three_phones(kamailio, tmp_path, ear=True, agent_isolated=request.param) as sides:
        yield sides


def share(frames: list[bytes], freq: float, window: int = 50) -> float:
    """How much of the last ``window`` frames' (1 s) energy is within 20 Hz of ``freq``: a
    mix of two tones gives each a share, a tone not heard none. 0 for silence."""
    if len(frames) < window:
        return 0.0
    return tone_share(b"".join(frames[-window:]), freq)


def hears_both(frames: list[bytes], first: float, second: float) -> bool:
    return share(frames, first) > 0.15 and share(frames, second) > 0.15


def customer_hears(customer: Customer) -> int:
    """The tone the customer's phone last reported hearing (0: silence, -1: nothing yet)."""
    customer.seen(lambda e: False)  # take in what it said
    heard = [e["freq"] for e in customer.events if e["event"] == "hears"]
    return heard[-1] if heard else -1


def conference_event(side: Side, state: ConferenceState) -> ConferenceEvent | None:
    return next((e for e in side.events
                 if isinstance(e, ConferenceEvent) and e.state is state), None)


def in_conference(agent: Side, translator: Side,
                  customer: Customer) -> tuple[str, str, CallEvent]:
    """The customer on the line, the translator consulted for translation, answered, and
    the three merged: (caller's call, consult call, the translator's ringing event)."""
    both = (agent, translator)
    call_id = customer_on_the_line(agent, translator, customer)
    consult_id = start_consult(agent.engine, agent.desk, call_id, "bob",
                               reason_code="translation", reason="caller speaks Chinese",
                               summary="打印机固件 2.1 启动时崩溃")
    ringing = pump(both, lambda: translator.call_event(
        lambda e: e.state is CallState.INCOMING), "the translator's phone rings")
    # The INVITE says what the translator is asked for, beside the SR.
    assert ringing.headers[handoff.WORK_HEADER] == handoff.TRANSLATION
    assert ringing.headers[handoff.CASE_HEADER] == "SR-2026-000123"
    with pytest.raises(TelephonyError) as ringing_still:
        agent.engine.conference(call_id, consult_id)
    assert ringing_still.value.code == "not_active"
    translator.engine.answer(ringing.call_id)
    pump(both, lambda: agent.call_event(lambda e: e.call_id == consult_id
                                        and e.state is CallState.ACTIVE)
         and agent.call_event(lambda e: e.call_id == call_id and e.held), "consult answered")

    agent.engine.conference(call_id, consult_id)
    joined = pump(both, lambda: conference_event(agent, ConferenceState.JOINED), "joined")
    assert (joined.call_id, joined.consult_id) == (call_id, consult_id)
    assert joined.party == f"sip:bob@{DOMAIN}" and "carol" in joined.caller
    # Everyone hears everyone: the translator the customer and the agent, the agent both,
    # and the customer's call is no longer on hold.
    heard: dict[str, Any] = {}

    def all_hear() -> bool:
        # Kept for the failure's message: which of the three did not hear whom.
        heard.update(
            translator_hears_customer=share(translator.talker.heard, CUSTOMER_TONE),
            translator_hears_agent=share(translator.talker.heard, AGENT_TONE),
            agent_hears_customer=share(agent.talker.heard, CUSTOMER_TONE),
            agent_hears_translator=share(agent.talker.heard, TRANSLATOR_TONE),
            caller_held=agent.calls(call_id)[-1].held)
        shares = [v for k, v in heard.items() if k != "caller_held"]
        return all(v > 0.15 for v in shares) and not heard["caller_held"]  # as hears_both

    try:
        pump(both, all_hear, "all three hear each other")
    except AssertionError as exc:
        raise AssertionError(f"{heard}; {exc}") from None
    assert agent.calls(call_id)[-1].conference_with == consult_id
    assert agent.calls(consult_id)[-1].conference_with == call_id
    return call_id, consult_id, ringing


def test_the_agent_leaves_and_the_customer_and_translator_talk_on(
        any_phones: tuple[Side, Side, Customer]) -> None:
    agent, translator, customer = any_phones
    both = (agent, translator)
    call_id, consult_id, ringing = in_conference(agent, translator, customer)

    agent.engine.leave_conference(call_id)
    pump(both, lambda: conference_event(agent, ConferenceState.HANDED_OVER)
         and agent.consult_event(ConsultOutcome.COMPLETED)
         and agent.logged(call_id) and agent.logged(consult_id), "handed over, agent gone")
    assert agent.calls(call_id)[-1].end_reason is EndReason.TRANSFERRED
    replacing = translator.call_event(lambda e: e.replaces == ringing.call_id)
    assert replacing is not None and replacing.remote.user == "carol"
    # The call goes on without the agent: each hears the other, and only the other.
    mark = len(translator.talker.heard)
    try:
        pump(both, lambda: hears(translator.talker.heard[mark:], CUSTOMER_TONE)
             and customer_hears(customer) == TRANSLATOR_TONE, "customer and translator talk")
    except AssertionError as exc:
        raise AssertionError(f"the customer's ear: {customer.events[-3:]}; {exc}") from None
    assert share(translator.talker.heard, AGENT_TONE) < 0.05

    customer.send("quit")  # the customer hangs up
    pump(both, lambda: translator.logged(replacing.call_id) and not agent.desk.busy()
         and not translator.desk.busy(), "all logged")

    with agent.store.session() as s:
        logs = {row.engine_call_id: row for row in s.scalars(select(CallLog))}
        assert logs[call_id].outcome is Outcome.TRANSFERRED and logs[call_id].work == ""
        assert logs[consult_id].work == handoff.TRANSLATED
        assert logs[consult_id].case_id == SR_ID
        escalation = s.scalars(select(CaseEscalation)).one()
        assert escalation.reason_code == "translation"
        assert escalation.call_log_id == logs[call_id].id
        case = s.get(Case, SR_ID)
        assert case is not None and case.status is CaseStatus.ESCALATED
        detail = case_detail(s, SR_ID)
    legs = {c.id: c for c in detail.calls}
    assert legs[logs[consult_id].id].translator == "Bob"
    assert legs[logs[call_id].id].escalated_to == f"sip:bob@{DOMAIN}"
    assert legs[logs[call_id].id].escalation_reason == "translation"

    with translator.store.session() as s:
        logs = {row.engine_call_id: row for row in s.scalars(select(CallLog))}
        for leg in (ringing.call_id, replacing.call_id):
            assert logs[leg].work == handoff.TRANSLATION
            assert logs[leg].case_id == SR_ID
            assert logs[leg].talk_seconds > 0
        case = s.get(Case, SR_ID)
        # A translator helps: the SR stays with its owner.
        assert case is not None and case.owner_id is None
        detail = case_detail(s, SR_ID)
    work = [c for c in detail.calls if c.work == handoff.TRANSLATION]
    assert len(work) == 2 and {c.translator for c in work} == {"Bob"}
    assert all(c.translation_minutes >= 1 for c in work)


def test_a_refused_refer_keeps_the_bridge_on_the_agents_pc(
        phones: tuple[Side, Side, Customer]) -> None:
    agent, translator, customer = phones
    both = (agent, translator)
    customer.send("refuse_refer")
    pump(both, lambda: customer.seen(lambda e: e.get("command") == "refuse_refer"),
         "the customer's phone refuses REFERs")
    call_id, consult_id, ringing = in_conference(agent, translator, customer)

    agent.engine.leave_conference(call_id)
    bridged = pump(both, lambda: conference_event(agent, ConferenceState.BRIDGED), "bridged")
    assert bridged.status_code == 603
    # The customer and the translator hear each other through the agent's PC, and nothing of
    # the agent; the agent hears neither.
    mark = len(translator.talker.heard)
    agent_mark = len(agent.talker.heard)
    pump(both, lambda: hears(translator.talker.heard[mark:], CUSTOMER_TONE)
         and customer_hears(customer) == TRANSLATOR_TONE
         and len(translator.talker.heard) - mark > 100, "bridged both ways")
    assert share(translator.talker.heard, AGENT_TONE) < 0.05
    assert share(agent.talker.heard[agent_mark:], CUSTOMER_TONE) == 0.0
    assert share(agent.talker.heard[agent_mark:], TRANSLATOR_TONE) == 0.0
    assert agent.calls(call_id)[-1].state is CallState.ACTIVE
    assert agent.consult_event(ConsultOutcome.COMPLETED) is None

    # The translator hangs up: with nobody of ours on it, the customer's call ends too.
    translator.engine.hangup(ringing.call_id)
    pump(both, lambda: conference_event(agent, ConferenceState.ENDED)
         and agent.logged(call_id) and agent.logged(consult_id), "the bridge ends")
    ended = conference_event(agent, ConferenceState.ENDED)
    assert ended is not None and ended.reason == "party_left"
    assert agent.calls(call_id)[-1].state is CallState.ENDED
    assert ended.caller == f"sip:carol@{DOMAIN}" and ended.party == f"sip:bob@{DOMAIN}"
    pump(both, lambda: not agent.desk.busy() and not translator.desk.busy(), "written")
    with agent.store.session() as s:
        case = s.get(Case, SR_ID)
        assert case is not None and case.status is CaseStatus.OPEN  # nothing was handed over
        assert s.scalars(select(CaseEscalation)).all() == []
    with translator.store.session() as s:
        row = s.scalars(select(CallLog).where(CallLog.engine_call_id == ringing.call_id)).one()
        assert row.work == handoff.TRANSLATION and row.outcome is not None


def test_the_translator_hanging_up_leaves_a_plain_call(
        phones: tuple[Side, Side, Customer]) -> None:
    agent, translator, customer = phones
    both = (agent, translator)
    call_id, _, ringing = in_conference(agent, translator, customer)

    translator.engine.hangup(ringing.call_id)
    ended = pump(both, lambda: conference_event(agent, ConferenceState.ENDED), "party left")
    assert ended.reason == "party_left"
    returned = pump(both, lambda: agent.consult_event(ConsultOutcome.RETURNED), "returned")
    assert returned.reason == "consult_ended"
    # The agent and the customer hear each other, and only each other.
    mark = len(agent.talker.heard)
    pump(both, lambda: hears(agent.talker.heard[mark:], CUSTOMER_TONE)
         and customer_hears(customer) == AGENT_TONE, "a plain call again")
    latest = agent.calls(call_id)[-1]
    assert latest.state is CallState.ACTIVE and not latest.held and not latest.conference_with
    with pytest.raises(TelephonyError) as over:
        agent.engine.leave_conference(call_id)
    assert over.value.code == "not_in_conference"
