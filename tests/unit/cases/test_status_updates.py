"""Status-update runs on a real SQLite store: which pending-customer SRs need a call, in which
order, with which number, and the note each call starts from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from app.cases import status_updates
from app.cases.models import (
    CallLog,
    Case,
    CaseStatus,
    Contact,
    Customer,
    Direction,
    Language,
    Note,
    Outcome,
    PhoneNumber,
)
from app.cases.store import open_sqlite

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "caseline.db")
    try:
        yield opened
    finally:
        opened.close()


def _case(store: Store, number: str, status: CaseStatus, untouched_days: float,
          language: Language = Language.JA) -> uuid.UUID:
    at = NOW - timedelta(days=untouched_days)
    with store.session() as s:
        customer = Customer(code=f"C-{number}", company=f"Company {number}")
        s.add(customer)
        s.flush()
        contact = Contact(customer_id=customer.id, name=f"Contact {number}")
        s.add(contact)
        s.flush()
        s.add(PhoneNumber(customer_id=customer.id, raw="03-0000-0000", e164="+81300000000",
                          match_key="+81300000000", label="main"))
        s.add(PhoneNumber(contact_id=contact.id, raw="090-1111-2222", e164="+819011112222",
                          match_key="+819011112222", label="mobile"))
        case = Case(number=number, title="Waiting for logs", status=status, language=language,
                    customer_id=customer.id, contact_id=contact.id, created_at=at,
                    updated_at=at)
        s.add(case)
        s.flush()
        # The ORM's onupdate would set updated_at to now; the test's own time stays.
        s.execute(update(Case).where(Case.id == case.id).values(updated_at=at))
        return case.id


def test_pending_customer_srs_untouched_for_days_oldest_first(store: Store) -> None:
    old = _case(store, "SR-2026-000001", CaseStatus.PENDING_CUSTOMER, 10, Language.EN)
    older = _case(store, "SR-2026-000002", CaseStatus.PENDING_CUSTOMER, 20)
    _case(store, "SR-2026-000003", CaseStatus.PENDING_CUSTOMER, 1)  # touched lately
    _case(store, "SR-2026-000004", CaseStatus.OPEN, 30)  # not waiting on the customer
    noted = _case(store, "SR-2026-000005", CaseStatus.PENDING_CUSTOMER, 15)
    called = _case(store, "SR-2026-000006", CaseStatus.PENDING_CUSTOMER, 15)
    with store.session() as s:
        s.add(Note(case_id=noted, body="Sent a reminder", language=Language.JA,
                   created_at=NOW - timedelta(days=1)))
        s.add(CallLog(direction=Direction.OUTBOUND, engine_call_id="o-1", case_id=called,
                      started_at=NOW - timedelta(hours=5), outcome=Outcome.ANSWERED))
    with store.sessions() as s:
        listed = status_updates.needing_update(s, NOW, days=3)
    assert [u.case_id for u in listed] == [older, old]
    first = listed[0]
    assert first.number == "+819011112222"  # the contact's own number before the main line
    assert (first.who, first.language) == ("Contact SR-2026-000002", Language.JA)
    with store.sessions() as s:
        assert [u.case_id for u in status_updates.needing_update(s, NOW, days=12)] == [older]


@pytest.mark.parametrize(("language", "words"), [
    (Language.JA, "状況確認"), (Language.EN, "Status update call"), (Language.ZH, "状态跟进")])
def test_the_note_template_is_in_the_srs_language(language: Language, words: str) -> None:
    text = status_updates.note_template(language, "SR-2026-000009")
    assert words in text and "SR-2026-000009" in text
