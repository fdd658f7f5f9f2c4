"""The callbacks dock on a real store: a callback due now rings a reminder and dials bound to
its SR; the call's end asks the outcome and stores it with the call; a missed call from a known
customer is called back in one click and its badge closes. The clock is injected."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.cases import callbacks, history
from app.cases.history import HistoryFilter
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
    Outcome,
    PhoneNumber,
    Priority,
)
from app.cases.numbers import normalize
from app.orchestration.desk import CallLogged
from app.ui.callbacks import MAX_WAIT_MS, CallbacksView
from app.ui.callcenter import CallCenter
from app.ui.case_view import CaseView
from app.ui.history import CallHistoryView
from tests.nophone import NoPhone

if TYPE_CHECKING:
    import uuid

    from pytestqt.qtbot import QtBot

    from app.cases.callbacks import CallbackInfo
    from app.cases.history import HistoryRow
    from app.cases.store import Store
    from app.ui.tasks import Tasks

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
NUMBER = "03-1234-5678"


class RecordingPhone(NoPhone):
    """Records every dial and answers with a call id, as the phone thread would."""

    def __init__(self) -> None:
        self.dials: list[tuple[str, str]] = []

    def dial(self, target: str, *, account: str | None = None,
             case_number: str = "") -> Future[str]:
        self.dials.append((target, case_number))
        placed: Future[str] = Future()
        placed.set_result(f"dial-{len(self.dials)}")
        return placed


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def phone() -> RecordingPhone:
    return RecordingPhone()


@pytest.fixture
def center(phone: RecordingPhone, tasks: Tasks) -> CallCenter:
    return CallCenter(phone, tasks)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def _case(store: Store, priority: Priority = Priority.P2) -> uuid.UUID:
    with store.session() as s:
        customer = Customer(code="C-1", company="株式会社こだま")
        s.add(customer)
        s.flush()
        contact = Contact(customer_id=customer.id, name="山田 太郎")
        s.add(contact)
        s.flush()
        case = Case(number="SR-2026-000042", title="Printer jams", priority=priority,
                    customer_id=customer.id, contact_id=contact.id)
        s.add(case)
        s.flush()
        return case.id


def _call(store: Store, outcome: Outcome, at: datetime, case_id: uuid.UUID | None = None,
          direction: Direction = Direction.OUTBOUND) -> uuid.UUID:
    read = normalize(NUMBER)
    with store.session() as s:
        case = s.get(Case, case_id) if case_id else None
        call = CallLog(direction=direction, engine_call_id="e-1", number_raw=read.raw,
                       number_e164=read.e164, number_key=read.match_key, started_at=at,
                       ended_at=at + timedelta(seconds=40), outcome=outcome, case_id=case_id,
                       contact_id=case.contact_id if case else None,
                       customer_id=case.customer_id if case else None)
        s.add(call)
        s.flush()
        return call.id


def _schedule(store: Store, due_at: datetime, **kw: object) -> CallbackInfo:
    with store.session() as s:
        return callbacks.schedule(s, due_at=due_at, **kw)  # type: ignore[arg-type]


def _stored(store: Store, callback_id: uuid.UUID) -> Callback:
    with store.sessions() as s:
        row = s.get(Callback, callback_id)
        assert row is not None
        return row


def _view(qtbot: QtBot, tasks: Tasks, center: CallCenter, clock: Clock
          ) -> tuple[CallbacksView, list[CallbackInfo]]:
    view = CallbacksView(tasks, center, clock=clock)
    qtbot.addWidget(view)
    reminded: list[CallbackInfo] = []
    view.reminder.connect(reminded.append)  # before the first read lands (a queued call)
    return view, reminded


def _end_call(phone: RecordingPhone, call_id: str, log_id: uuid.UUID, outcome: str) -> None:
    phone.listener(CallLogged(call_id, log_id, outcome))  # as the Desk says it


def test_a_callback_due_now_rings_a_reminder_and_dials_bound_to_its_sr(
        qtbot: QtBot, store: Store, tasks: Tasks, center: CallCenter, phone: RecordingPhone,
        clock: Clock) -> None:
    case_id = _case(store)
    due = _schedule(store, NOW, number=NUMBER, case_id=case_id, reason="Check the new toner")
    view, reminded = _view(qtbot, tasks, center, clock)
    view.show()
    qtbot.waitUntil(lambda: bool(reminded))
    assert [c.id for c in reminded] == [due.id]
    assert view.notice.isVisible()
    assert "山田 太郎" in view.notice_text.text()
    assert "Check the new toner" in view.notice_text.text()

    qtbot.mouseClick(view.notice_call, Qt.MouseButton.LeftButton)
    assert phone.dials == [(NUMBER, "SR-2026-000042")]
    qtbot.waitUntil(lambda: "dial-1" in view._calling)

    log_id = _call(store, Outcome.ANSWERED, NOW, case_id)
    _end_call(phone, "dial-1", log_id, "answered")
    qtbot.waitUntil(lambda: view.outcome_dialog is not None)
    dialog = view.outcome_dialog
    assert dialog is not None
    assert dialog.chosen() is CallbackOutcome.REACHED  # answered: reached, unless changed
    dialog.accept()
    qtbot.waitUntil(lambda: _stored(store, due.id).done_at is not None)
    stored = _stored(store, due.id)
    assert (stored.outcome, stored.call_log_id, stored.done_at) == (
        CallbackOutcome.REACHED, log_id, NOW)
    qtbot.waitUntil(lambda: view.rows == () and view.notice.isHidden())


def test_the_reminder_waits_for_the_due_time_and_rings_once(
        qtbot: QtBot, store: Store, tasks: Tasks, center: CallCenter, clock: Clock) -> None:
    soon = _schedule(store, NOW + timedelta(seconds=30), number=NUMBER)
    view, reminded = _view(qtbot, tasks, center, clock)
    qtbot.waitUntil(lambda: bool(view.rows))
    assert reminded == [] and view.notice.isHidden()
    assert view.timer.isActive() and view.timer.interval() == 30_001  # set to the due time

    clock.now = NOW + timedelta(seconds=30)
    with qtbot.waitSignal(view.due_changed) as counted:
        view.timer.timeout.emit()  # what the timer does at that time
    assert counted.args == [1]
    assert [c.id for c in reminded] == [soon.id]
    with qtbot.waitSignal(view.loaded):
        view.refresh()
    assert len(reminded) == 1  # rung once, however often the list is read
    assert view.timer.interval() == MAX_WAIT_MS  # nothing to come: it looks again later


def test_overdue_callbacks_are_red(qtbot: QtBot, store: Store, tasks: Tasks,
                                   center: CallCenter, clock: Clock) -> None:
    _schedule(store, NOW - timedelta(minutes=5), number=NUMBER)
    _schedule(store, NOW + timedelta(hours=1), number="06-1111-2222")
    view, _ = _view(qtbot, tasks, center, clock)
    qtbot.waitUntil(lambda: view.table.rowCount() == 2)
    late, later = view.table.item(0, 0), view.table.item(1, 0)
    assert late is not None and later is not None
    assert late.foreground().color().name() == "#c5221f"
    assert later.foreground().color().name() != "#c5221f"


def test_an_unanswered_callback_defaults_to_no_answer_and_can_be_rescheduled(
        qtbot: QtBot, store: Store, tasks: Tasks, center: CallCenter, phone: RecordingPhone,
        clock: Clock) -> None:
    due = _schedule(store, NOW, number=NUMBER)
    view, _ = _view(qtbot, tasks, center, clock)
    qtbot.waitUntil(lambda: view.first_due() is not None)
    view.call_first_due()
    qtbot.waitUntil(lambda: "dial-1" in view._calling)
    assert phone.dials == [(NUMBER, "")]  # no SR: an unbound call
    _end_call(phone, "dial-1", _call(store, Outcome.FAILED, NOW), "failed")
    qtbot.waitUntil(lambda: view.outcome_dialog is not None)
    dialog = view.outcome_dialog
    assert dialog is not None and dialog.chosen() is CallbackOutcome.NO_ANSWER
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(CallbackOutcome.RESCHEDULED.value))
    assert dialog.again.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: len(view.rows) == 1 and view.rows[0].id != due.id)
    assert view.rows[0].due_at == NOW + timedelta(hours=1)  # the dialog's default
    assert _stored(store, due.id).outcome is CallbackOutcome.RESCHEDULED


def _history_row(store: Store, log_id: uuid.UUID) -> HistoryRow:
    with store.sessions() as s:
        return next(r for r in history.page(s, HistoryFilter()).rows if r.id == log_id)


def test_a_missed_call_from_a_known_customer_is_called_back_in_one_click(
        qtbot: QtBot, store: Store, tasks: Tasks, center: CallCenter, phone: RecordingPhone,
        clock: Clock) -> None:
    case_id = _case(store)
    missed = _call(store, Outcome.MISSED, NOW - timedelta(minutes=10), case_id,
                   Direction.INBOUND)
    view, _ = _view(qtbot, tasks, center, clock)
    calls = CallHistoryView(tasks)
    qtbot.addWidget(calls)
    calls.callbacks_enabled = True
    calls.call_back_missed.connect(view.call_back_missed)
    qtbot.waitUntil(lambda: calls.model.rowCount() == 1 and calls.unseen_missed == 1)
    calls.table.setCurrentIndex(calls.model.index(0, 0))
    calls.call_back_action.trigger()  # "Call back" (Ctrl+Return) on the missed call
    qtbot.waitUntil(lambda: bool(phone.dials))
    assert phone.dials == [(normalize(NUMBER).e164, "SR-2026-000042")]
    with store.sessions() as s:
        made = s.scalars(select(Callback)).one()
    assert (made.source, made.missed_call_id, made.case_id) == (
        CallbackSource.MISSED_CALL, missed, case_id)

    qtbot.waitUntil(lambda: "dial-1" in view._calling)
    _end_call(phone, "dial-1", _call(store, Outcome.ANSWERED, NOW, case_id), "answered")
    qtbot.waitUntil(lambda: view.outcome_dialog is not None)
    with qtbot.waitSignal(view.changed):
        view.outcome_dialog.accept()  # type: ignore[union-attr]
    calls.refresh_badge()
    qtbot.waitUntil(lambda: calls.unseen_missed == 0)  # reached: the badge closes


def test_a_missed_call_of_an_unknown_caller_is_dialled_as_before(
        qtbot: QtBot, store: Store, tasks: Tasks) -> None:
    _call(store, Outcome.MISSED, NOW, None, Direction.INBOUND)
    calls = CallHistoryView(tasks)
    qtbot.addWidget(calls)
    calls.callbacks_enabled = True
    qtbot.waitUntil(lambda: calls.model.rowCount() == 1)
    calls.table.setCurrentIndex(calls.model.index(0, 0))
    with qtbot.waitSignal(calls.call_back) as dialled:
        calls.call_back_action.trigger()
    assert dialled.args == [normalize(NUMBER).e164, ""]


def test_scheduling_from_a_missed_call_asks_when_and_why(
        qtbot: QtBot, store: Store, tasks: Tasks, center: CallCenter, clock: Clock) -> None:
    case_id = _case(store)
    missed = _call(store, Outcome.MISSED, NOW - timedelta(minutes=10), case_id,
                   Direction.INBOUND)
    view, _ = _view(qtbot, tasks, center, clock)
    view.schedule_for_missed(_history_row(store, missed))
    dialog = view.schedule_dialog
    assert dialog is not None
    assert dialog.number.text() == normalize(NUMBER).e164
    assert dialog.due_at() == NOW + timedelta(hours=1)
    dialog.reason.setText("Wants the engineer's visit time")
    dialog.accept()
    qtbot.waitUntil(lambda: len(view.rows) == 1)
    made = view.rows[0]
    assert (made.reason, made.missed_call_id, made.case_number) == (
        "Wants the engineer's visit time", missed, "SR-2026-000042")
    assert made.due_at == NOW + timedelta(hours=1)


def test_schedule_callback_in_an_sr_offers_its_contacts_number_and_language(
        qtbot: QtBot, store: Store, tasks: Tasks, center: CallCenter, clock: Clock) -> None:
    case_id = _case(store, Priority.P1)
    with store.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        case.language = Language.EN
        s.add(PhoneNumber(contact_id=case.contact_id, raw="090-1234-5678",
                          e164="+819012345678", match_key="+819012345678"))
    view, _ = _view(qtbot, tasks, center, clock)
    sr = CaseView(tasks)
    qtbot.addWidget(sr)
    sr.schedule_callback.connect(view.schedule_for_case)
    with qtbot.waitSignal(sr.loaded):
        sr.show_case(case_id)
    qtbot.mouseClick(sr.callback_button, Qt.MouseButton.LeftButton)
    dialog = view.schedule_dialog
    assert dialog is not None
    assert dialog.number.text() == "+819012345678"
    assert dialog.chosen_language() is Language.EN
    dialog.accept()
    qtbot.waitUntil(lambda: len(view.rows) == 1)
    made = view.rows[0]
    assert (made.case_id, made.priority, made.language) == (case_id, Priority.P1, Language.EN)
