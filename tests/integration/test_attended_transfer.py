"""Attended transfer with the SR travelling (issue 20, item 3), through a real Kamailio.

Three phones registered at Kamailio: the agent (alice, a CaseLine engine in this process and its
Desk), the engineer (bob, a CaseLine engine in its own process, its own Desk and store) and the
customer (carol, a bare pjsua2 phone that follows REFERs: tests/integration/refer_customer.py).
Each says its own tone; what each CaseLine hears is kept (app.telephony.frames).

The customer calls the agent; the agent consults the engineer (the customer on hold) and hands
the customer over (REFER with Replaces). The engineer's CaseLine pops the SR the consult and the
customer's new INVITE carry and becomes its owner; the customer ends up talking to the engineer;
the agent's SR records the escalation. A consult that fails brings the customer back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from app.cases import handoff
from app.cases.models import Agent, CallLog, Case, CaseEscalation, CaseStatus, MatchedBy, Outcome
from app.orchestration.desk import Escalated, ScreenPop
from app.telephony.engine import TelephonyError
from app.telephony.events import CallState, ConsultOutcome, Direction, EndReason
from tests.integration.kamailio import DOMAIN, Kamailio, running_kamailio
from tests.support_audio import hears
from tests.support_transfer import (
    AGENT_TONE,
    CUSTOMER_TONE,
    SR,
    SR_ID,
    SUMMARY,
    Customer,
    Side,
    consult_engineer,
    customer_on_the_line,
    pump,
    three_phones,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam


@pytest.fixture
def phones(kamailio: Kamailio, tmp_path: Path) -> Iterator[tuple[Side, Side, Customer]]:
    with three_phones(kamailio, tmp_path) as sides:
        yield sides


@pytest.fixture(params=[False, True], ids=["in_process", "isolated"])
def any_phones(request: pytest.FixtureRequest, kamailio: Kamailio,
               tmp_path: Path) -> Iterator[tuple[Side, Side, Customer]]:
    """The agent's engine in this process, or in its own as the desktop runs it."""
    with three_phones(kamailio, tmp_path, agent_isolated=request.param) as sides:
        yield sides


def test_attended_transfer_hands_the_customer_and_the_sr_to_the_engineer(
        any_phones: tuple[Side, Side, Customer]) -> None:
    agent, engineer, customer = any_phones
    both = (agent, engineer)
    call_id = customer_on_the_line(agent, engineer, customer)

    consult_id, ringing = consult_engineer(agent, engineer, call_id)
    assert agent.calls(consult_id)[0].consult_for == call_id
    with pytest.raises(TelephonyError) as twice:
        agent.engine.consult(call_id, "carol")
    assert twice.value.code == "already_consulting"
    # The consult INVITE carries the SR: its number, and the hand-off in User-to-User.
    assert ringing.headers["X-Case-Number"] == SR
    assert handoff.decode(ringing.headers["User-to-User"]) == handoff.Handoff(SR, "P2", SUMMARY)
    pop = pump(both, lambda: next((e for e in engineer.desk_events if isinstance(e, ScreenPop)
                                   and e.call_id == ringing.call_id), None), "engineer's pop")
    assert pop.resolution.case.number == SR
    assert pop.handoff.summary == SUMMARY

    engineer.engine.answer(ringing.call_id)
    pump(both, lambda: agent.call_event(lambda e: e.call_id == consult_id
                                        and e.state is CallState.ACTIVE), "consult answered")
    # The customer waits on hold; the agent and the engineer talk.
    pump(both, lambda: agent.call_event(lambda e: e.call_id == call_id and e.held)
         and hears(engineer.talker.heard, AGENT_TONE), "customer held, engineer hears agent")

    agent.engine.complete_transfer(call_id, consult_id)
    replacing = pump(both, lambda: engineer.call_event(
        lambda e: e.replaces == ringing.call_id and e.state is CallState.ACTIVE),
        "the customer's call replaces the consult at the engineer")
    # The customer's own INVITE carried the SR too (Refer-To's headers, RFC 3261 19.1.1).
    assert replacing.headers.get("X-Case-Number") == SR
    assert replacing.remote.user == "carol"
    pump(both, lambda: agent.consult_event(ConsultOutcome.COMPLETED)
         and agent.logged(call_id) and agent.logged(consult_id)
         and engineer.logged(ringing.call_id), "the agent's calls end")
    assert agent.calls(call_id)[-1].end_reason is EndReason.TRANSFERRED
    assert agent.calls(consult_id)[-1].end_reason is EndReason.TRANSFERRED
    assert engineer.calls(ringing.call_id)[-1].end_reason is EndReason.TRANSFERRED
    # What the engineer hears now is the customer.
    pump(both, lambda: hears(engineer.talker.heard, CUSTOMER_TONE), "engineer hears customer")
    pump(both, lambda: any(isinstance(e, Escalated) for e in agent.desk_events)
         and not agent.desk.busy() and not engineer.desk.busy(), "the stores written")

    with agent.store.session() as s:
        logs = {row.engine_call_id: row for row in s.scalars(select(CallLog))}
        assert logs[call_id].outcome is Outcome.TRANSFERRED
        assert "bob" in (logs[call_id].transferred_to or "")
        assert logs[call_id].case_id == SR_ID
        assert logs[consult_id].case_id == SR_ID
        assert logs[consult_id].direction.value == Direction.OUTBOUND.value
        escalation = s.scalars(select(CaseEscalation)).one()
        assert escalation.case_id == SR_ID
        assert escalation.to_target == f"sip:bob@{DOMAIN}"
        assert (escalation.reason_code, escalation.reason) == ("needs_engineer", "firmware crash")
        assert escalation.call_log_id == logs[call_id].id
        case = s.get(Case, SR_ID)
        assert case is not None and case.status is CaseStatus.ESCALATED
    with engineer.store.session() as s:
        logs = {row.engine_call_id: row for row in s.scalars(select(CallLog))}
        assert logs[ringing.call_id].case_id == SR_ID
        assert logs[ringing.call_id].matched_by is MatchedBy.CASE_HEADER
        assert logs[replacing.call_id].case_id == SR_ID
        assert logs[replacing.call_id].outcome is None  # still talking
        bob = s.scalars(select(Agent).where(Agent.sip_identity == f"bob@{DOMAIN}")).one()
        case = s.get(Case, SR_ID)
        assert case is not None and case.owner_id == bob.id  # already assigned


@pytest.mark.parametrize("how", ["rejects", "hangs_up", "refer_refused"])
def test_a_failed_consult_brings_the_customer_back(
        phones: tuple[Side, Side, Customer], how: str) -> None:
    agent, engineer, customer = phones
    both = (agent, engineer)
    call_id = customer_on_the_line(agent, engineer, customer)
    consult_id, ringing = consult_engineer(agent, engineer, call_id)
    if how == "rejects":
        engineer.engine.reject(ringing.call_id, 486)
        reason = "consult_failed"
    else:
        engineer.engine.answer(ringing.call_id)
        pump(both, lambda: agent.call_event(lambda e: e.call_id == consult_id
                                            and e.state is CallState.ACTIVE), "answered")
        pump(both, lambda: agent.call_event(lambda e: e.call_id == call_id and e.held),
             "customer held")
        if how == "hangs_up":
            engineer.engine.hangup(ringing.call_id)
            reason = "consult_ended"
        else:
            customer.send("refuse_refer")
            pump(both, lambda: customer.seen(lambda e: e.get("command") == "refuse_refer"),
                 "the customer's phone refuses REFERs")
            agent.engine.complete_transfer(call_id, consult_id)
            reason = "transfer_failed"
    returned = pump(both, lambda: agent.consult_event(ConsultOutcome.RETURNED),
                    "back to the customer")
    assert (returned.call_id, returned.consult_id, returned.reason) == (call_id, consult_id,
                                                                         reason)
    # The customer was never dropped: resumed, and heard by the agent again.
    mark = len(agent.talker.heard)
    pump(both, lambda: agent.call_event(lambda e: e.call_id == call_id and e.held)
         and agent.engine.calls() and not next(
             e for e in agent.engine.calls() if e.call_id == call_id).held
         and hears(agent.talker.heard[mark:], CUSTOMER_TONE), "the agent hears the customer")
    assert agent.calls(call_id)[-1].state is CallState.ACTIVE
    pump(both, lambda: agent.logged(consult_id) and not agent.desk.busy(), "consult logged")
    with agent.store.session() as s:
        case = s.get(Case, SR_ID)
        assert case is not None and case.status is CaseStatus.OPEN
        assert s.scalars(select(CaseEscalation)).all() == []
        assert s.scalars(select(CallLog).where(
            CallLog.engine_call_id == call_id)).one().outcome is None  # still talking


def test_a_peers_refer_is_refused_and_the_call_goes_on(
        phones: tuple[Side, Side, Customer]) -> None:
    """The customer's side asks the agent's phone to call the engineer with a forged Replaces
    (a REFER the agent never asked for): refused, and the call and the engine go on."""
    agent, engineer, customer = phones
    both = (agent, engineer)
    call_id = customer_on_the_line(agent, engineer, customer)
    customer.send(f"refer <sip:bob@{DOMAIN}?Replaces=forged%3Bto-tag%3Dx%3Bfrom-tag%3Dy>")
    pump(both, lambda: customer.seen(lambda e: e["event"] == "xfer_status" and e["final"]),
         "the REFER answered")
    refused = [e for e in customer.events if e["event"] == "xfer_status" and e["final"]]
    assert refused[-1]["code"] == 603
    mark = len(agent.talker.heard)
    pump(both, lambda: hears(agent.talker.heard[mark:], CUSTOMER_TONE), "the call goes on")
    assert agent.calls(call_id)[-1].state is CallState.ACTIVE
    assert engineer.call_event(lambda e: True) is None  # nobody called the engineer
    # Commands that name no consult, or consult twice, are refused too.
    with pytest.raises(TelephonyError) as no_consult:
        agent.engine.complete_transfer(call_id, "no-such-call")
    assert no_consult.value.code == "not_consulting"
    with pytest.raises(TelephonyError) as unknown:
        agent.engine.cancel_consult(call_id)
    assert unknown.value.code == "not_consulting"
