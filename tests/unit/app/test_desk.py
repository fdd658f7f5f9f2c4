"""The Desk: telephony events in, call logs out, on a real SQLite store and its writer thread.

The events are the engine's real dataclasses, built here instead of by a SIP stack: what is
tested is the store side (SIP itself is covered in tests/integration).
"""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.cases import store as store_mod
from app.cases.agentstate import AgentStateError
from app.cases.models import AgentStateChange, CallLog, Case, CaseStatus, MatchedBy, Outcome
from app.cases.store import open_sqlite
from app.desk import CallLogged, Desk, DeskEvent, StoreProblem
from app.telephony.events import (
    CallEvent,
    CallState,
    Direction,
    EndReason,
    RemoteParty,
    TransferEvent,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from app.cases.store import Store


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 100)
    store = open_sqlite(tmp_path / "c.db")
    yield store
    store.close()


class Harness:
    def __init__(self, store: Store) -> None:
        self.desk = Desk(store, agent_identity="sato@caseline.test", wrap_up_seconds=0)
        self.events: list[DeskEvent] = []
        self.desk.subscribe(self.events.append)

    def wait(self, match: Callable[[Any], bool], what: str) -> Any:
        deadline = time.monotonic() + 15
        while True:
            self.desk.pump()
            for event in self.events:
                if match(event):
                    return event
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what}: {self.events[-5:]}")
            time.sleep(0.005)  # the writer thread works meanwhile; the loop ends on the event

    def call(self, call_id: str, state: CallState, direction: Direction = Direction.INBOUND,
             **extra: Any) -> None:
        remote = RemoteParty("sip:0312345678@10.0.0.1", "Yamada", "0312345678")
        self.desk.on_event(CallEvent(call_id, state, direction, "work", remote,
                                     sip_call_id=f"{call_id}@pbx", **extra))


def test_a_locked_store_delays_the_log_and_loses_nothing(store: Store, tmp_path: Path) -> None:
    h = Harness(store)
    holder = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        h.call("c1", CallState.INCOMING)
        h.call("c1", CallState.ENDED, end_reason=EndReason.MISSED)
        problem = h.wait(lambda e: isinstance(e, StoreProblem), "store problem")
        assert problem.code == "locked" and problem.path == str(tmp_path / "c.db")
        assert not any(isinstance(e, CallLogged) for e in h.events)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    h.wait(lambda e: isinstance(e, StoreProblem) and e.resolved, "store back")
    logged = h.wait(lambda e: isinstance(e, CallLogged) and bool(e.outcome), "call logged")
    assert logged.outcome == "missed"
    h.desk.close()
    with store.session() as s:
        row = s.scalars(select(CallLog)).one()
        assert row.outcome is Outcome.MISSED and row.sip_call_id == "c1@pbx"


def test_outbound_call_from_an_sr_with_hold_and_transfer(store: Store) -> None:
    with store.session() as s:
        s.add(Case(number="SR-2026-000042", title="call back", status=CaseStatus.OPEN))
    h = Harness(store)
    h.desk.dialling_from_case("d1", "SR-2026-000042")
    h.call("d1", CallState.CALLING, Direction.OUTBOUND)
    h.call("d1", CallState.ACTIVE, Direction.OUTBOUND)
    h.call("d1", CallState.ACTIVE, Direction.OUTBOUND, held=True)
    h.call("d1", CallState.ACTIVE, Direction.OUTBOUND, held=False)
    h.desk.on_event(TransferEvent("d1", "sip:2001@pbx", 200, "OK", final=True))
    h.call("d1", CallState.ENDED, Direction.OUTBOUND, end_reason=EndReason.TRANSFERRED)
    logged = h.wait(lambda e: isinstance(e, CallLogged) and bool(e.outcome), "call logged")
    assert logged.outcome == "transferred"
    h.desk.set_disposition("d1", "transferred")
    h.desk.close()
    with store.session() as s:
        row = s.scalars(select(CallLog)).one()
        case = s.scalars(select(Case)).one()
        assert row.case_id == case.id and row.matched_by is MatchedBy.DIALLED_FROM_CASE
        assert row.direction.value == "outbound" and row.transferred_to == "sip:2001@pbx"
        assert row.held_since is None and row.hold_seconds >= 0
        assert row.disposition_code == "transferred"
        states = [c.state.value for c in s.scalars(
            select(AgentStateChange).order_by(AgentStateChange.at))]
        assert states[:2] == ["on-call", "wrap-up"]


def test_agent_states_are_recorded(store: Store) -> None:
    h = Harness(store)
    deadline = time.monotonic() + 15
    while h.desk.agent_id is None and time.monotonic() < deadline:
        h.desk.pump()  # the startup job loads the agent and the break reasons
        time.sleep(0.005)
    with pytest.raises(AgentStateError):
        h.desk.set_agent_state("break", "nap")  # not in the configured list
    h.desk.set_agent_state("break", "lunch")
    h.desk.set_agent_state("available")
    h.desk.close()
    with store.session() as s:
        rows = s.scalars(select(AgentStateChange).order_by(AgentStateChange.at)).all()
        assert [(r.state.value, r.reason) for r in rows] == [("break", "lunch"),
                                                             ("available", "")]
        assert rows[0].previous is not None and rows[0].previous.value == "available"
