"""The status-update run on a real store: "Next call" works through the pending-customer SRs
one by one, each call bound to its SR, each wrap-up note starting in the SR's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from app.cases.models import Case, CaseStatus, Contact, Customer, Language, PhoneNumber
from app.ui.callcenter import CallCenter
from app.ui.status_updates import StatusUpdatesView
from tests.unit.ui.test_callbacks_dock import RecordingPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.cases.store import Store
    from app.ui.tasks import Tasks

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _pending(store: Store, number: str, days: int, language: Language, phone: str) -> None:
    at = NOW - timedelta(days=days)
    with store.session() as s:
        customer = Customer(code=f"C-{number}", company=f"Company {number}")
        s.add(customer)
        s.flush()
        contact = Contact(customer_id=customer.id, name=f"Contact {number}")
        s.add(contact)
        s.flush()
        s.add(PhoneNumber(contact_id=contact.id, raw=phone, match_key=phone))
        case = Case(number=number, title="Waiting for the logs", language=language,
                    status=CaseStatus.PENDING_CUSTOMER, customer_id=customer.id,
                    contact_id=contact.id, created_at=at)
        s.add(case)
        s.flush()
        s.execute(update(Case).where(Case.id == case.id).values(updated_at=at))


@pytest.fixture
def phone() -> RecordingPhone:
    return RecordingPhone()


def test_next_call_works_through_the_run_bound_to_each_sr(
        qtbot: QtBot, store: Store, tasks: Tasks, phone: RecordingPhone) -> None:
    _pending(store, "SR-2026-000001", 5, Language.EN, "03-1111-1111")
    _pending(store, "SR-2026-000002", 9, Language.ZH, "03-2222-2222")
    _pending(store, "SR-2026-000003", 1, Language.JA, "03-3333-3333")  # touched yesterday
    view = StatusUpdatesView(tasks, CallCenter(phone, tasks), clock=lambda: NOW, days=3)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: len(view.rows) == 2)
    assert [r.case_number for r in view.rows] == ["SR-2026-000002", "SR-2026-000001"]

    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert phone.dials == [("03-2222-2222", "SR-2026-000002")]
    qtbot.waitUntil(lambda: view.template_for("dial-1") is not None)
    first = view.template_for("dial-1")
    assert first is not None
    text, language = first
    assert language is Language.ZH and "SR-2026-000002" in text and "状态跟进" in text

    view.call_next()
    assert phone.dials[-1] == ("03-1111-1111", "SR-2026-000001")
    qtbot.waitUntil(lambda: view.template_for("dial-2") is not None)
    second = view.template_for("dial-2")
    assert second is not None and "Status update call for SR-2026-000001" in second[0]
    assert not view.next_button.isEnabled()  # the run is done
    assert view.template_for("some-other-call") is None

    with qtbot.waitSignal(view.loaded):
        view.start_over()
    assert view.next_button.isEnabled()
