"""The candidate chooser, the prefilled new-SR form and SR search, on a real store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.cases import casework, service
from app.cases.calls import CallLogService, CallStart
from app.cases.models import (
    CallLog,
    CaseStatus,
    Contact,
    Customer,
    Direction,
    Language,
    MatchedBy,
    PhoneNumber,
    Priority,
    utcnow,
)
from app.cases.numbers import normalize
from app.cases.resolver import Draft, Pop, Resolver
from app.ui import labels
from app.ui.case_forms import CandidateChooser, NewCaseForm
from app.ui.case_search import CaseSearch
from app.ui.case_view import priority_label, status_label

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.cases.store import Store
    from app.ui.tasks import Tasks


@dataclass
class Ids:
    contact: uuid.UUID
    customer: uuid.UUID
    newer: uuid.UUID  # 山田's two open SRs: the screen-pop offers both
    older: uuid.UUID
    newer_number: str


def _seed(store: Store) -> Ids:
    now = utcnow()
    with store.session() as s:
        customer = Customer(code="C-42", company="上海东方数码有限公司", language=Language.ZH)
        s.add(customer)
        s.flush()
        contact = Contact(customer_id=customer.id, name="王 伟", language=Language.ZH)
        s.add(contact)
        s.flush()
        n = normalize("03-1234-5678")
        s.add(PhoneNumber(contact_id=contact.id, raw="03-1234-5678", e164=n.e164,
                          match_key=n.match_key))
        draft = Draft("", None, contact.id, contact.name, customer.id, customer.company,
                      Language.ZH)
        older = service.create_case(s, draft, title="无法登录")
        newer = service.create_case(s, draft, title="打印机离线", priority=Priority.P2)
        for case, age in ((older, 3), (newer, 1)):
            case.status = CaseStatus.OPEN
            case.updated_at = now - timedelta(days=age)
        s.flush()
        return Ids(contact.id, customer.id, newer.id, older.id, newer.number)


@pytest.fixture
def ids(store: Store) -> Ids:
    return _seed(store)


def _resolve(store: Store, number: str) -> tuple[Pop, tuple[object, ...], Draft]:
    with store.session() as s:
        found = Resolver().resolve(s, number)
    return found.pop, found.candidates, found.draft


# -- the chooser -----------------------------------------------------------------------------


@pytest.fixture
def chooser(qtbot: QtBot, store: Store, ids: Ids) -> CandidateChooser:
    widget = CandidateChooser()
    qtbot.addWidget(widget)
    with store.session() as s:
        found = Resolver().resolve(s, "+81 3-1234-5678")
    assert found.pop is Pop.CANDIDATES
    widget.set_candidates("call-1", found.candidates, found.draft)
    return widget


def test_the_chooser_lists_the_candidates_and_a_new_sr_entry(chooser: CandidateChooser,
                                                             ids: Ids) -> None:
    assert chooser.list.count() == 3
    first = chooser.list.item(0).text()
    assert ids.newer_number in first and "打印机离线" in first
    assert status_label(CaseStatus.OPEN) in first and priority_label(Priority.P2) in first
    assert chooser.tr("the caller's own") in first
    assert chooser.list.item(2).text() == chooser.tr("+ New SR for this caller")
    assert "王 伟" in chooser.caller.text()
    assert chooser.list.currentRow() == 0


def test_enter_on_a_candidate_chooses_it(chooser: CandidateChooser, qtbot: QtBot,
                                         ids: Ids) -> None:
    chooser.list.setCurrentRow(1)
    with qtbot.waitSignal(chooser.chosen) as chosen:
        qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    assert chosen.args == ["call-1", ids.older]


def test_double_click_chooses_and_new_sr_starts_one(chooser: CandidateChooser, qtbot: QtBot,
                                                    ids: Ids) -> None:
    chooser.show()
    qtbot.waitExposed(chooser)
    rect = chooser.list.visualItemRect(chooser.list.item(0))
    # A real double-click starts with a press: the view only activates the item pressed.
    qtbot.mouseClick(chooser.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(chooser.chosen) as chosen:
        qtbot.mouseDClick(chooser.list.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert chosen.args == ["call-1", ids.newer]
    chooser.list.setCurrentRow(2)
    with qtbot.waitSignal(chooser.new_case) as started:
        qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    assert started.args == ["call-1"]
    with qtbot.waitSignal(chooser.new_case):
        qtbot.mouseClick(chooser.new_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(chooser.chosen) as chosen:
        chooser.choose(ids.older)
    assert chosen.args == ["call-1", ids.older]


# -- the new-SR form -------------------------------------------------------------------------


@pytest.fixture
def form(tasks: Tasks, qtbot: QtBot) -> NewCaseForm:
    widget = NewCaseForm(tasks)
    qtbot.addWidget(widget)
    return widget


def test_the_form_is_prefilled_from_the_draft(form: NewCaseForm, store: Store,
                                              ids: Ids) -> None:
    _pop, _cands, draft = _resolve(store, "03-1234-5678")
    form.set_draft("call-2", draft)
    assert form.contact.text() == "王 伟" and form.contact.isReadOnly()
    assert form.company.text() == "上海东方数码有限公司"
    assert form.number.text() == "03-1234-5678"
    assert form.language.currentData() == "zh"
    assert form.priority.currentData() == "P3"
    assert not form.confirmed.isChecked()  # only the agent knows the caller agreed
    form.set_draft("", draft)
    assert not form.confirmed.isChecked()


def test_saving_creates_the_sr_bound_to_the_call(form: NewCaseForm, qtbot: QtBot,
                                                 store: Store, ids: Ids) -> None:
    with store.session() as s:
        CallLogService().started(s, CallStart("call-3", Direction.INBOUND, "03-1234-5678"))
    _pop, _cands, draft = _resolve(store, "03-1234-5678")
    form.set_draft("call-3", draft)
    form.title.setText("扫描仪无法连接")
    form.description.setPlainText("重启后仍然失败")
    form.priority.setCurrentIndex(form.priority.findData("P1"))
    form.confirmed.setChecked(True)  # the agent asked the caller
    with qtbot.waitSignal(form.created) as created:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    call_id, case_id = created.args
    assert call_id == "call-3" and isinstance(case_id, uuid.UUID)
    with store.session() as s:
        detail = casework.case_detail(s, case_id)
        log = s.scalars(select(CallLog).where(CallLog.engine_call_id == "call-3")).one()
        assert log.case_id == case_id and log.matched_by is MatchedBy.AGENT
    assert (detail.title, detail.description, detail.priority, detail.priority_confirmed) == (
        "扫描仪无法连接", "重启后仍然失败", Priority.P1, True)
    assert detail.contact is not None and detail.contact.id == ids.contact
    assert detail.customer is not None and detail.customer.id == ids.customer
    assert detail.language is Language.ZH
    assert form.title.text() == ""  # a second Save cannot make it twice


def test_an_unknown_callers_name_becomes_a_contact(form: NewCaseForm, qtbot: QtBot,
                                                   store: Store, ids: Ids) -> None:
    _pop, _cands, draft = _resolve(store, "06-5555-6666")
    form.set_draft("", draft)
    assert not form.contact.isReadOnly() and form.contact.text() == ""
    form.contact.setText("Emily Clark")
    form.language.setCurrentIndex(form.language.findData("en"))
    form.title.setText("Where is my order?")
    with qtbot.waitSignal(form.created) as created:
        assert form.save()
    with store.session() as s:
        detail = casework.case_detail(s, created.args[1])
        again = Resolver().resolve(s, "+81 6-5555-6666")
    assert detail.contact is not None and detail.contact.name == "Emily Clark"
    assert detail.language is Language.EN and not detail.priority_confirmed
    assert again.case_id == detail.id


def test_a_caller_from_abroad_is_shown_with_the_country_code(form: NewCaseForm,
                                                              store: Store) -> None:
    _pop, _cands, draft = _resolve(store, "0016465550122")  # as a Japanese trunk sends it
    form.set_draft("call-9", draft)
    assert form.number.text() == "+1 646-555-0122"
    assert "+1 646-555-0122" in form.heading.text()


def test_a_missing_title_is_shown_and_nothing_is_saved(form: NewCaseForm, store: Store,
                                                       ids: Ids) -> None:
    _pop, _cands, draft = _resolve(store, "03-1234-5678")
    form.set_draft("call-4", draft)
    form.description.setPlainText("kept")
    assert form.save() is False
    assert form.title_error.isVisibleTo(form)
    assert form.title_error.text() == form.tr("A title is required.")
    assert form.description.toPlainText() == "kept"
    with store.session() as s:
        assert len(casework.search_cases(s, "C-42")) == 2  # still only the two seeded


def test_a_store_error_is_shown_inline_and_the_text_is_kept(form: NewCaseForm, qtbot: QtBot,
                                                            store: Store, ids: Ids) -> None:
    _pop, _cands, draft = _resolve(store, "03-1234-5678")
    gone = replace(draft, contact_id=uuid.uuid4())  # deleted meanwhile: the insert fails
    form.set_draft("call-5", gone)
    form.title.setText("will fail")
    form.description.setPlainText("long explanation")
    assert form.save()
    qtbot.waitUntil(lambda: form.error_label.isVisibleTo(form))
    assert form.error_label.text().startswith(form.tr("Something went wrong: {detail}")
                                              .split("{")[0])
    assert "Traceback" not in form.error_label.text()
    assert (form.title.text(), form.description.toPlainText()) == ("will fail",
                                                                   "long explanation")
    assert form.save_button.isEnabled()  # the agent can try again


# -- search ----------------------------------------------------------------------------------


@pytest.fixture
def search(tasks: Tasks, qtbot: QtBot) -> CaseSearch:
    widget = CaseSearch(tasks)
    qtbot.addWidget(widget)
    return widget


def test_search_finds_by_phone_number_in_another_format(search: CaseSearch, qtbot: QtBot,
                                                        ids: Ids) -> None:
    qtbot.keyClicks(search.field, "+81 3 1234 5678")
    qtbot.waitUntil(lambda: search.results.topLevelItemCount() == 2)
    first = search.results.topLevelItem(0)
    assert first is not None and first.text(0) == ids.newer_number
    assert first.text(2) == status_label(CaseStatus.OPEN)
    with qtbot.waitSignal(search.open_case) as opened:
        qtbot.keyClick(search.field, Qt.Key.Key_Return)
    assert opened.args == [ids.newer]


def test_search_reads_numbers_as_in_the_agents_region(search: CaseSearch, qtbot: QtBot,
                                                       store: Store, ids: Ids) -> None:
    with store.session() as s:  # 王 伟's New York mobile
        n = normalize("+1 646-555-0122")
        s.add(PhoneNumber(contact_id=ids.contact, raw=n.raw, e164=n.e164,
                          match_key=n.match_key))
    labels.set_region("US")  # there it is shown, and pasted back, as "(646) 555-0122"
    qtbot.keyClicks(search.field, "(646) 555-0122")
    qtbot.waitUntil(lambda: search.results.topLevelItemCount() == 2)


def test_enter_before_the_pause_opens_the_first_result(search: CaseSearch, qtbot: QtBot,
                                                       ids: Ids) -> None:
    search.field.setText(ids.newer_number.lower())
    with qtbot.waitSignal(search.open_case) as opened:
        qtbot.keyClick(search.field, Qt.Key.Key_Enter)
    assert opened.args == [ids.newer]


def test_down_and_enter_open_another_result_and_nothing_found_says_so(
        search: CaseSearch, qtbot: QtBot, ids: Ids) -> None:
    search.field.setText("王")
    qtbot.waitUntil(lambda: search.results.topLevelItemCount() == 2)
    qtbot.keyClick(search.field, Qt.Key.Key_Down)
    qtbot.keyClick(search.results, Qt.Key.Key_Down)
    with qtbot.waitSignal(search.open_case) as opened:
        qtbot.keyClick(search.results, Qt.Key.Key_Return)
    assert opened.args == [ids.older]
    search.field.setText("nobody")
    qtbot.waitUntil(lambda: search.results.topLevelItemCount() == 0
                    and search.state.text() == search.tr("No SR found for “{text}”.")
                    .format(text="nobody"))


def test_switching_calls_keeps_what_was_typed_in_each_new_sr_form(
        form: NewCaseForm, store: Store, ids: Ids) -> None:
    _pop, _cands, draft = _resolve(store, "03-1234-5678")
    form.set_draft("call-a", draft)
    form.title.setText("Scanner offline")
    form.description.setPlainText("since the update")
    form.confirmed.setChecked(True)
    form.set_draft("call-b", draft)  # the agent answered a second caller
    assert form.title.text() == "" and not form.confirmed.isChecked()
    form.title.setText("Other problem")
    form.set_draft("call-a", draft)  # and went back to the first
    assert (form.title.text(), form.description.toPlainText()) == ("Scanner offline",
                                                                    "since the update")
    assert form.confirmed.isChecked()
    form.set_draft("call-b", draft)
    assert form.title.text() == "Other problem"
