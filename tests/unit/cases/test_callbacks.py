"""Callbacks' rules on a real SQLite store: the due list's order, overdue, outcomes,
rescheduling, and the missed-call badge closed by a callback that reached the customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from app.cases import callbacks, history
from app.cases.models import (
    Callback,
    CallbackOutcome,
    CallbackSource,
    CallLog,
    Case,
    Contact,
    Customer,
    Direction,
    Language,
    OutboxEntry,
    Outcome,
    Priority,
)
from app.cases.numbers import normalize
from app.cases.service import CaseError
from app.cases.store import open_sqlite

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
NUMBER = "03-1234-5678"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "caseline.db")
    try:
        yield opened
    finally:
        opened.close()


def _case(store: Store, priority: Priority = Priority.P3, number: str = "SR-2026-000001",
          language: Language = Language.JA) -> uuid.UUID:
    with store.session() as s:
        customer = Customer(code=f"C-{number}", company="株式会社こだま", language=language)
        s.add(customer)
        s.flush()
        contact = Contact(customer_id=customer.id, name="山田 太郎")
        s.add(contact)
        s.flush()
        case = Case(number=number, title="Printer jams", priority=priority, language=language,
                    customer_id=customer.id, contact_id=contact.id)
        s.add(case)
        s.flush()
        return case.id


def _missed(store: Store, at: datetime, number: str = NUMBER,
            case_id: uuid.UUID | None = None) -> uuid.UUID:
    read = normalize(number)
    with store.session() as s:
        call = CallLog(direction=Direction.INBOUND, engine_call_id="in-1", number_raw=read.raw,
                       number_e164=read.e164, number_key=read.match_key, started_at=at,
                       ended_at=at + timedelta(seconds=20), outcome=Outcome.MISSED,
                       case_id=case_id)
        s.add(call)
        s.flush()
        return call.id


def _schedule(store: Store, due_at: datetime, **kw: object) -> callbacks.CallbackInfo:
    with store.session() as s:
        return callbacks.schedule(s, due_at=due_at, **kw)  # type: ignore[arg-type]


def test_a_callback_from_an_sr_takes_its_customer_language_and_priority(store: Store) -> None:
    case_id = _case(store, Priority.P2, language=Language.EN)
    made = _schedule(store, NOW, number=NUMBER, case_id=case_id, reason="  Check the fix ")
    assert made.case_number == "SR-2026-000001"
    assert (made.company, made.contact_name, made.who) == ("株式会社こだま", "山田 太郎",
                                                           "山田 太郎")
    assert (made.priority, made.language, made.reason) == (Priority.P2, Language.EN,
                                                           "Check the fix")
    assert made.source is CallbackSource.SR
    with store.sessions() as s:
        assert s.scalar(select(Callback.number_key)) == normalize(NUMBER).match_key


def test_a_callback_needs_a_number(store: Store) -> None:
    case_id = _case(store)
    with pytest.raises(CaseError) as refused:
        _schedule(store, NOW, number="  ", case_id=case_id)
    assert refused.value.code == "no_number"
    with pytest.raises(CaseError) as long:
        _schedule(store, NOW, number=NUMBER, reason="x" * (callbacks.MAX_REASON + 1))
    assert long.value.code == "reason_too_long"


def test_due_ones_come_first_most_urgent_sr_first_then_the_rest_by_time(store: Store) -> None:
    p1 = _case(store, Priority.P1, "SR-2026-000001")
    p3 = _case(store, Priority.P3, "SR-2026-000002")
    p4 = _case(store, Priority.P4, "SR-2026-000003")
    due_p3 = _schedule(store, NOW - timedelta(minutes=30), number=NUMBER, case_id=p3)
    due_p1 = _schedule(store, NOW - timedelta(minutes=5), number=NUMBER, case_id=p1)
    due_none = _schedule(store, NOW - timedelta(hours=2), number="03-9999-0000")
    later_p4 = _schedule(store, NOW + timedelta(minutes=10), number=NUMBER, case_id=p4)
    later_p1 = _schedule(store, NOW + timedelta(minutes=10), number=NUMBER, case_id=p1)
    latest = _schedule(store, NOW + timedelta(hours=3), number=NUMBER, case_id=p1)
    with store.sessions() as s:
        listed = callbacks.due_list(s, NOW)
    assert [c.id for c in listed] == [due_p1.id, due_p3.id, due_none.id, later_p1.id,
                                      later_p4.id, latest.id]
    assert [c.is_due(NOW) for c in listed] == [True] * 3 + [False] * 3
    assert callbacks.next_due_at(listed, NOW) == NOW + timedelta(minutes=10)


def test_overdue_is_past_due_and_not_done(store: Store) -> None:
    late = _schedule(store, NOW - timedelta(minutes=1), number=NUMBER)
    done = _schedule(store, NOW - timedelta(hours=1), number=NUMBER)
    _schedule(store, NOW + timedelta(minutes=1), number=NUMBER)
    with store.session() as s:
        callbacks.record_outcome(s, done.id, CallbackOutcome.VOICEMAIL, now=NOW)
    with store.sessions() as s:
        assert [c.id for c in callbacks.overdue(s, NOW)] == [late.id]
        assert done.id not in {c.id for c in callbacks.due_list(s, NOW)}
        closed = callbacks.get(s, done.id)
    assert (closed.outcome, closed.done_at) == (CallbackOutcome.VOICEMAIL, NOW)
    assert late.is_overdue(NOW) and not late.is_overdue(late.due_at)


def test_rescheduling_closes_it_and_makes_a_new_one_due_later(store: Store) -> None:
    case_id = _case(store, Priority.P2)
    first = _schedule(store, NOW, number=NUMBER, case_id=case_id, reason="Confirm the part")
    later = NOW + timedelta(days=1)
    with store.session() as s:
        with pytest.raises(CaseError) as no_time:
            callbacks.record_outcome(s, first.id, CallbackOutcome.RESCHEDULED, now=NOW)
        assert no_time.value.code == "reschedule_needs_time"
    with store.session() as s:
        again = callbacks.record_outcome(s, first.id, CallbackOutcome.RESCHEDULED, now=NOW,
                                         reschedule_to=later)
    assert again is not None
    assert (again.due_at, again.case_id, again.reason, again.priority) == (
        later, case_id, "Confirm the part", Priority.P2)
    with store.sessions() as s:
        assert [c.id for c in callbacks.due_list(s, NOW)] == [again.id]
        assert s.get(Callback, again.id).rescheduled_from == first.id  # type: ignore[union-attr]
    with store.session() as s, pytest.raises(CaseError) as twice:
        callbacks.record_outcome(s, first.id, CallbackOutcome.REACHED, now=NOW)
    assert twice.value.code == "callback_done"


def test_a_missed_call_callback_takes_the_calls_number_and_sr(store: Store) -> None:
    case_id = _case(store, Priority.P1)
    missed = _missed(store, NOW - timedelta(minutes=10), case_id=case_id)
    made = _schedule(store, NOW, missed_call_id=missed)
    assert (made.source, made.missed_call_id, made.case_id) == (
        CallbackSource.MISSED_CALL, missed, case_id)
    assert made.number == normalize(NUMBER).e164
    assert made.priority is Priority.P1


def test_reaching_the_customer_closes_the_missed_call_badge_of_that_number(
        store: Store) -> None:
    first = _missed(store, NOW - timedelta(hours=1))
    _missed(store, NOW - timedelta(minutes=20), number="+81 3-1234-5678")  # same number
    other = _missed(store, NOW - timedelta(minutes=15), number="06-1111-2222")
    after = _missed(store, NOW + timedelta(minutes=5))  # rang after the callback
    callback = _schedule(store, NOW, missed_call_id=first)
    with store.sessions() as s:
        assert history.unseen_missed(s) == 4
    with store.session() as s:
        callbacks.record_outcome(s, callback.id, CallbackOutcome.NO_ANSWER, now=NOW)
    with store.sessions() as s:
        assert history.unseen_missed(s) == 4  # not reached: still to deal with
    again = _schedule(store, NOW, missed_call_id=first)
    with store.session() as s:
        callbacks.record_outcome(s, again.id, CallbackOutcome.REACHED, now=NOW)
    with store.sessions() as s:
        unseen = set(s.scalars(select(CallLog.id).where(CallLog.outcome == Outcome.MISSED,
                                                        CallLog.seen_at.is_(None))))
    assert unseen == {other, after}


def test_callbacks_are_queued_for_the_centre_when_made_and_closed(store: Store) -> None:
    made = _schedule(store, NOW, number=NUMBER)
    with store.session() as s:
        callbacks.record_outcome(s, made.id, CallbackOutcome.REACHED, now=NOW)
    with store.sessions() as s:
        queued = s.scalars(select(OutboxEntry.row_id).where(
            OutboxEntry.table_name == "callbacks")).all()
    assert queued == [made.id, made.id]
