"""What the agent typed in a call reaches the centre: the wrap-up's notes, by Done and by the
timer, and the note a call without an SR keeps; the centre's name signs the agent's notes.
Real PostgreSQL, real roles, the Desk on the agent's real store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.cases import models as m
from app.cases.numbers import normalize
from app.orchestration.desk import CallSettled
from app.telephony.events import CallState, EndReason
from tests.desk_harness import Harness
from tests.integration.central.agents import Agent
from tests.integration.central.test_sync import central_rows, unique

if TYPE_CHECKING:
    from pathlib import Path

    from tests.integration.central.helpers import Central


def _settled(h: Harness, call_id: str) -> CallSettled:
    event = h.wait(lambda e: isinstance(e, CallSettled) and e.call_id == call_id, "settled")
    assert isinstance(event, CallSettled)
    return event


def _talk(h: Harness, call_id: str, note: str) -> None:
    h.call(call_id, CallState.INCOMING)
    h.call(call_id, CallState.ACTIVE)
    h.desk.save_note_draft(call_id, note)
    h.call(call_id, CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)


def test_wrap_up_notes_and_a_calls_kept_note_reach_the_centre(central: Central,
                                                              tmp_path: Path) -> None:
    alice = Agent(central, "alice", tmp_path)
    try:
        case_id = alice.new_case(unique("Scanner offline"))
        with alice.store.session() as s:  # the caller is the SR's contact
            contact = m.Contact(name="Tanaka")
            s.add(contact)
            s.flush()
            number = normalize("03-1234-5678")
            s.add(m.PhoneNumber(contact_id=contact.id, raw="03-1234-5678", e164=number.e164,
                                match_key=number.match_key))
            case = s.get(m.Case, case_id)
            assert case is not None
            case.contact_id = contact.id
        h = Harness(alice.store, "alice@pbx.example", wrap_up_seconds=600)
        _talk(h, "c1", "Cable replaced, scanner back")
        h.desk.finish_wrap_up("c1", code="resolved-on-call", note="Customer happy")
        by_done = _settled(h, "c1").settled
        _talk(h, "c2", "Still offline after reboot")
        h.desk.wrap_up_changed("c2", "follow-up", "Engineer visit Tuesday")
        h.desk.state._wrap_up_until = 0.0  # the timer runs out; nobody presses Done
        by_timer = _settled(h, "c2").settled
        with alice.store.session() as s:  # a caller with no SR at all
            for row in s.query(m.PhoneNumber):
                row.match_key = "none"
        _talk(h, "c3", "Wrong department, gave the sales number")
        h.desk.finish_wrap_up("c3", code="wrong-number")
        kept = _settled(h, "c3").settled
        h.desk.close()
        assert by_done.case_id == case_id and by_timer.case_id == case_id
        assert kept.case_id is None and kept.kept_on_log

        alice.syncer.once()
        central_notes = central_rows(central, "notes", "case_id", case_id)
        assert sorted(n["body"] for n in central_notes) == sorted([
            "Cable replaced, scanner back", "Customer happy", "Still offline after reboot",
            "Engineer visit Tuesday"])
        assert {n["call_log_id"] for n in central_notes} == {by_done.log_id, by_timer.log_id}
        (c2,) = central_rows(central, "call_logs", "id", by_timer.log_id)
        assert c2["disposition_code"] == "follow-up"
        (c3,) = central_rows(central, "call_logs", "id", kept.log_id)
        assert c3["note"] == "Wrong department, gave the sales number"
        assert c3["case_id"] is None and c3["note_language"] == "en"
    finally:
        alice.close()


def test_the_centre_names_the_agent_who_signs_the_notes(central: Central,
                                                        tmp_path: Path) -> None:
    bob = Agent(central, "bob", tmp_path)
    try:
        assert bob.syncer.own_name() == ""  # nothing pulled yet
        bob.syncer.pull()
        assert bob.syncer.own_name() == "Bob Baba"  # as `central add-agent` named him
        desk = Harness(bob.store, "bob@pbx.example", agent_name="bob").desk
        desk.set_agent_name(bob.syncer.own_name())
        desk.close()
        with bob.store.session() as s:
            me = s.query(m.Agent).filter_by(sip_identity="bob@pbx.example").one()
            assert me.name == "Bob Baba"
    finally:
        bob.close()
