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
from app.cases.models import (
    Agent,
    AgentStateChange,
    CallLog,
    Case,
    CaseStatus,
    MatchedBy,
    Outcome,
)
from app.cases.store import open_sqlite
from app.orchestration.desk import AgentStateChanged, CallLogged, Desk, ScreenPop, StoreProblem
from app.telephony.events import (
    CallState,
    Direction,
    EndReason,
    TransferEvent,
)
from tests.desk_harness import Harness

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 100)
    store = open_sqlite(tmp_path / "c.db")
    yield store
    store.close()


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


# -- the wrap-up: every word typed becomes a note, however the wrap-up ends -----------------


def _sr(store: Store, number: str = "SR-2026-000123", *, language: str = "ja") -> Any:
    from app.cases.models import Contact, Language, PhoneNumber  # noqa: PLC0415
    from app.cases.numbers import normalize  # noqa: PLC0415

    with store.session() as s:
        contact = Contact(name="山田 太郎")
        s.add(contact)
        s.flush()
        n = normalize("03-1234-5678")
        s.add(PhoneNumber(contact_id=contact.id, raw="03-1234-5678", e164=n.e164,
                          match_key=n.match_key))
        case = Case(number=number, title="プリンター", status=CaseStatus.OPEN,
                    contact_id=contact.id, language=Language(language))
        s.add(case)
        s.flush()
        return case.id


def _notes(store: Store) -> list[Any]:
    from app.cases.models import Note  # noqa: PLC0415

    with store.session() as s:
        rows = list(s.scalars(select(Note).order_by(Note.created_at, Note.id)))
        s.expunge_all()
        return rows


def _drafts(store: Store) -> list[str]:
    from app.cases.models import NoteDraft  # noqa: PLC0415

    with store.session() as s:
        return [d.key for d in s.scalars(select(NoteDraft))]


def _answered(h: Harness, call_id: str) -> None:
    h.call(call_id, CallState.INCOMING)
    h.wait(lambda e: isinstance(e, CallLogged) and e.call_id == call_id, "call logged")
    h.call(call_id, CallState.ACTIVE)


def _settled(h: Harness, call_id: str) -> Any:
    from app.orchestration.desk import CallSettled  # noqa: PLC0415

    return h.wait(lambda e: isinstance(e, CallSettled) and e.call_id == call_id, "settled")


def test_the_note_typed_in_a_call_is_an_sr_note_after_done(store: Store) -> None:
    case_id = _sr(store)
    h = Harness(store)
    h.desk.state.wrap_up_seconds = 600
    _answered(h, "c1")
    h.desk.save_note_draft("c1", "お客様は再起動を試した")
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.desk.finish_wrap_up("c1", code="resolved-on-call", note="Fixed by a firmware update")
    settled = _settled(h, "c1").settled
    h.desk.close()
    notes = _notes(store)
    assert [(n.body, n.language.value) for n in notes] == [
        ("お客様は再起動を試した", "ja"), ("Fixed by a firmware update", "en")]
    assert {n.case_id for n in notes} == {case_id} and settled.case_id == case_id
    with store.session() as s:
        row = s.scalars(select(CallLog)).one()
        assert row.disposition_code == "resolved-on-call" and row.note == ""
        assert {n.call_log_id for n in notes} == {row.id}
        author = s.get(Agent, notes[0].author_id)
        assert author is not None and author.sip_identity == "sato@caseline.test"
    assert _drafts(store) == []
    states = [e.state for e in h.events if isinstance(e, AgentStateChanged)]
    assert states[-2:] == ["wrap-up", "available"]


def test_the_wrap_up_timer_keeps_the_disposition_and_what_was_typed(store: Store) -> None:
    _sr(store)
    h = Harness(store)
    h.desk.state.wrap_up_seconds = 600
    _answered(h, "c1")
    h.desk.save_note_draft("c1", "VPN が切れる")
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.desk.wrap_up_changed("c1", "follow-up", "折り返しは明日")
    h.desk.state._wrap_up_until = 0.0
    _settled(h, "c1")  # nobody sends a last word (the headless agent): settled by itself
    h.desk.close()
    assert [n.body for n in _notes(store)] == ["VPN が切れる", "折り返しは明日"]
    with store.session() as s:
        assert s.scalars(select(CallLog)).one().disposition_code == "follow-up"
    assert _drafts(store) == []


def test_words_that_arrive_after_the_settle_become_a_note_of_their_own(store: Store) -> None:
    _sr(store)
    h = Harness(store)
    h.desk.state.wrap_up_seconds = 600
    _answered(h, "c1")
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.desk.wrap_up_changed("c1", "", "Replaced the toner")
    h.desk.state._wrap_up_until = 0.0
    _settled(h, "c1")
    h.events.clear()
    # The window's last word, late: the same text and a little more; the same again.
    h.desk.finish_wrap_up("c1", code="resolved-on-call", note="Replaced the toner, works")
    _settled(h, "c1")
    h.desk.finish_wrap_up("c1", code="resolved-on-call", note="Replaced the toner, works")
    h.desk.close()
    assert [n.body for n in _notes(store)] == ["Replaced the toner", ", works"]
    with store.session() as s:
        assert s.scalars(select(CallLog)).one().disposition_code == "resolved-on-call"


def test_a_call_without_an_sr_keeps_its_note_until_it_is_attached(store: Store) -> None:
    from app.cases.wrapup import attach_call  # noqa: PLC0415

    h = Harness(store)  # no SR matches 0312345678
    h.desk.state.wrap_up_seconds = 600
    _answered(h, "c1")
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.desk.finish_wrap_up("c1", code="info-provided", note="Asked about opening hours")
    settled = _settled(h, "c1").settled
    assert settled.kept_on_log and settled.case_id is None
    h.desk.close()
    assert _notes(store) == []
    with store.session() as s:
        row = s.scalars(select(CallLog)).one()
        assert row.note == "Asked about opening hours" and row.note_language == "en"
        log_id = row.id
    case_id = _sr(store, "SR-2026-000999")
    with store.session() as s:
        attach_call(s, log_id, case_id)
    notes = _notes(store)
    assert [(n.body, n.case_id, n.call_log_id) for n in notes] == [
        ("Asked about opening hours", case_id, log_id)]
    with store.session() as s:
        attached = s.get(CallLog, log_id)
        assert attached is not None and attached.note == "" and attached.case_id == case_id


def test_notes_a_crash_left_are_offered_back_and_saved(store: Store) -> None:
    from app.orchestration.desk import DraftsLeft  # noqa: PLC0415

    case_id = _sr(store)
    h = Harness(store)
    _answered(h, "c1")
    h.desk.save_note_draft("c1", "途中まで書いたメモ")
    h.wait(lambda e: type(e).__name__ == "NoteDraftSaved", "draft saved")
    h.crash()  # the app dies: nothing settles, the call stays live in the store
    again = Harness(store)
    left = again.wait(lambda e: isinstance(e, DraftsLeft), "drafts offered").drafts
    assert [(d.body, d.case_id, d.case_number) for d in left] == [
        ("途中まで書いたメモ", case_id, "SR-2026-000123")]
    again.desk.settle_left_drafts([d.key for d in left], save=True)
    _settled(again, "c1")
    again.desk.close()
    assert [(n.body, n.case_id) for n in _notes(store)] == [("途中まで書いたメモ", case_id)]
    assert _drafts(store) == []


def test_the_headless_agent_saves_what_a_crash_left(store: Store) -> None:
    _sr(store)
    h = Harness(store)
    _answered(h, "c1")
    h.desk.save_note_draft("c1", "half a sentence")
    h.wait(lambda e: type(e).__name__ == "NoteDraftSaved", "draft saved")
    h.crash()
    desk = Desk(store, agent_identity="sato@caseline.test", save_left_drafts=True)
    desk.close()
    assert [n.body for n in _notes(store)] == ["half a sentence"]


def test_an_outbound_call_by_number_pops_its_sr(store: Store) -> None:
    from app.orchestration.desk import ScreenPop  # noqa: PLC0415

    case_id = _sr(store)
    h = Harness(store)
    h.call("d1", CallState.CALLING, Direction.OUTBOUND)
    pop = h.wait(lambda e: isinstance(e, ScreenPop), "screen pop")
    assert pop.call_id == "d1" and pop.resolution.case_id == case_id
    h.call("d1", CallState.ACTIVE, Direction.OUTBOUND)
    h.desk.save_note_draft("d1", "Called back with the status")
    h.call("d1", CallState.ENDED, Direction.OUTBOUND, end_reason=EndReason.LOCAL_HANGUP)
    h.desk.finish_wrap_up("d1", code="status-update")
    _settled(h, "d1")
    h.desk.close()
    assert [(n.body, n.case_id) for n in _notes(store)] == [
        ("Called back with the status", case_id)]
    with store.session() as s:
        row = s.scalars(select(CallLog)).one()
        assert row.case_id == case_id and row.matched_by is MatchedBy.NUMBER


def test_notes_are_signed_with_the_agents_name(store: Store) -> None:
    with store.session() as s:  # an agent from before names were asked for
        s.add(Agent(name="root@localhost", sip_identity="root@localhost"))
    desk = Desk(store, agent_identity="root@localhost", agent_name="佐藤 花子")
    desk.set_agent_name("Sato Hanako")
    desk.close()
    with store.session() as s:
        assert [a.name for a in s.scalars(select(Agent))] == ["Sato Hanako"]


def test_a_disposition_during_the_call_waits_for_its_end(store: Store) -> None:
    _sr(store)
    h = Harness(store)
    h.desk.state.wrap_up_seconds = 600
    _answered(h, "c1")
    h.desk.set_disposition("c1", "follow-up")
    h.desk.save_note_draft("c1", "first words")
    h.desk.save_note_draft("c1", "first words, then more")
    h.wait(lambda e: type(e).__name__ == "NoteDraftSaved" and e.chars == 22, "draft saved")
    assert _notes(store) == []  # nothing settled while the call goes on
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.desk.finish_wrap_up("c1")
    _settled(h, "c1")
    h.desk.close()
    assert [n.body for n in _notes(store)] == ["first words, then more"]
    with store.session() as s:
        assert s.scalars(select(CallLog)).one().disposition_code == "follow-up"


def test_text_typed_after_the_calls_notes_were_made_is_the_srs_draft(store: Store) -> None:
    from app.cases.service import draft_key, get_draft  # noqa: PLC0415

    case_id = _sr(store)
    h = Harness(store)
    h.desk.state.wrap_up_seconds = 600
    _answered(h, "c1")
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.desk.finish_wrap_up("c1", code="follow-up", note="done")
    _settled(h, "c1")
    for text in ("Hello wor", "Hello world, more", "Hello world, mor"):  # pauses in typing
        h.desk.save_note_draft("c1", text)
    h.desk.close()
    assert [n.body for n in _notes(store)] == ["done"]  # no fragments
    with store.session() as s:
        draft = get_draft(s, draft_key(case_id=case_id))
        assert draft is not None and draft.body == "Hello world, mor"


# -- agent state decides what rings ---------------------------------------------------------


def _loaded(h: Harness) -> None:
    deadline = time.monotonic() + 15
    while h.desk.agent_id is None and time.monotonic() < deadline:
        h.desk.pump()  # the startup job loads the agent and the break reasons
        time.sleep(0.005)


@pytest.mark.parametrize(("state", "code", "why"), [("break", 486, "on_break"),
                                                    ("offline", 480, "offline")])
def test_on_break_or_offline_a_call_is_refused_and_logged_missed(
        store: Store, state: str, code: int, why: str) -> None:
    h = Harness(store, unavailable_code=code)
    _loaded(h)
    assert h.desk.refusal_code() == 0
    h.desk.set_agent_state(state, "lunch" if state == "break" else "")
    assert h.desk.refusal_code() == code  # what the engine answers new INVITEs with, no 180
    refuse = h.call("c1", CallState.INCOMING)
    assert refuse is not None and (refuse.call_id, refuse.code, refuse.reason) == ("c1", code, why)
    assert h.desk.state.state.value == state  # it never rang here
    h.call("c1", CallState.ENDED, end_reason=EndReason.REJECTED, status_code=code)
    logged = h.wait(lambda e: isinstance(e, CallLogged) and bool(e.outcome), "call logged")
    assert logged.outcome == "missed"
    h.desk.close()
    with store.session() as s:
        row = s.scalars(select(CallLog)).one()
        assert (row.outcome, row.end_reason, row.sip_status) == (Outcome.MISSED, why, code)
        states = [r.state.value for r in s.scalars(select(AgentStateChange))]
        assert states == [state]  # no "ringing" for the team leader either


def test_an_available_agent_lets_it_ring(store: Store) -> None:
    h = Harness(store)
    assert h.call("c1", CallState.INCOMING) is None
    assert h.desk.state.state.value == "ringing"
    h.desk.close()


def test_a_break_chosen_during_a_call_refuses_the_next_and_follows_the_wrap_up(
        store: Store) -> None:
    h = Harness(store, wrap_up_seconds=60)
    _loaded(h)
    _answered(h, "c1")
    h.desk.set_agent_state("break", "lunch")
    after = h.wait(lambda e: isinstance(e, AgentStateChanged) and e.after == "break",
                   "break after the call")
    assert after.state == "on-call"
    assert h.desk.refusal_code() == 486  # the next caller is refused before it rings
    refuse = h.call("c2", CallState.INCOMING)  # call waiting: refused, the agent goes on break
    assert refuse is not None and refuse.reason == "on_break"
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.wait(lambda e: isinstance(e, AgentStateChanged) and e.state == "wrap-up", "wrap-up")
    h.desk.finish_wrap_up("c1", code="")
    back = h.wait(lambda e: isinstance(e, AgentStateChanged) and e.previous == "wrap-up",
                  "after the wrap-up")
    assert (back.state, back.reason) == ("break", "lunch")
    assert h.desk.refusal_code() == 486
    h.desk.set_agent_state("available")
    assert h.desk.refusal_code() == 0
    h.desk.close()


def test_a_call_missed_during_a_wrap_up_does_not_end_it(store: Store) -> None:
    h = Harness(store, wrap_up_seconds=60)
    _answered(h, "c1")
    h.call("c1", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP)
    h.wait(lambda e: isinstance(e, AgentStateChanged) and e.state == "wrap-up", "wrap-up")
    assert h.call("c2", CallState.INCOMING) is None  # it rings
    h.call("c2", CallState.ENDED, end_reason=EndReason.MISSED)
    h.wait(lambda e: isinstance(e, CallLogged) and e.call_id == "c2" and bool(e.outcome),
           "missed call logged")
    assert h.desk.state.state.value == "wrap-up"
    assert not any(isinstance(e, AgentStateChanged) and e.previous == "wrap-up"
                   for e in h.events)
    h.desk.finish_wrap_up("c1", code="")
    _settled(h, "c1")
    h.desk.close()


def _handed_over_call(h: Harness, call_id: str, caller: str, account: str = "work") -> None:
    from app.cases import handoff  # noqa: PLC0415
    from app.telephony.events import CallEvent, Headers, RemoteParty  # noqa: PLC0415

    headers = Headers.of([("X-Case-Number", "SR-2026-000077"),
                          *handoff.encode(handoff.Handoff("SR-2026-000077", "P1",
                                                          "printer down")).items()])
    remote = RemoteParty(caller, "", caller.split(":")[1].split("@", maxsplit=1)[0])
    for state in (CallState.INCOMING, CallState.ACTIVE):
        h.desk.on_event(CallEvent(call_id, state, Direction.INBOUND, account, remote,
                                  sip_call_id=f"{call_id}@pbx", headers=headers))


@pytest.mark.parametrize(("caller", "account", "takes_over"), [
    # A colleague of the directory, through the registrar, hands the SR over.
    ("sip:tanaka@caseline.test", "work", True),
    ("sip:0312345678@10.0.0.1", "work", False),  # a caller's phone can send the same headers
    # A direct-IP call's From is whatever the sender wrote: the colleague's name proves nothing.
    ("sip:tanaka@caseline.test", "direct", False),
])
def test_only_a_colleague_hands_an_sr_over(store: Store, caller: str, account: str,
                                           takes_over: bool) -> None:
    from app.cases.models import Agent  # noqa: PLC0415

    with store.session() as s:
        tanaka = Agent(name="Tanaka", sip_identity="tanaka@caseline.test")
        s.add(tanaka)
        s.flush()
        s.add(Case(number="SR-2026-000077", title="printer", status=CaseStatus.OPEN,
                   owner_id=tanaka.id))
    h = Harness(store)
    _handed_over_call(h, "x1", caller, account)
    h.wait(lambda e: isinstance(e, ScreenPop) and e.stage == "answer", "the answer's pop")
    h.desk.close()
    with store.session() as s:
        case = s.scalars(select(Case).where(Case.number == "SR-2026-000077")).one()
        me = s.scalars(select(Agent).where(Agent.sip_identity == "sato@caseline.test")).one()
        assert (case.owner_id == me.id) is takes_over
