"""The SR view on a real store: loading, editing, the priority banner, notes and drafts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.cases import casework, service
from app.cases.calls import CallLogService, CallStart
from app.cases.models import (
    Agent,
    CaseEscalation,
    CaseStatus,
    Contact,
    Customer,
    Direction,
    Language,
    Note,
    PhoneNumber,
    Priority,
    utcnow,
)
from app.cases.numbers import normalize
from app.cases.resolver import Draft
from app.ui.case_view import CaseView, local_time, priority_label, status_label

if TYPE_CHECKING:
    from datetime import datetime

    from pytestqt.qtbot import QtBot

    from app.cases.store import Store
    from app.ui.tasks import Tasks


@dataclass
class Ids:
    case: uuid.UUID  # open, P3 not confirmed, two notes (the older from a call)
    other: uuid.UUID  # another SR of the same person
    number: str
    other_number: str
    call: uuid.UUID  # the logged call the older note came from
    call_started: datetime


def _seed(store: Store) -> Ids:
    now = utcnow()
    with store.session() as s:
        agent = Agent(name="佐藤 健一", sip_identity="sato@desk")
        customer = Customer(code="C-7", company="株式会社さくら精機", language=Language.JA)
        s.add_all([agent, customer])
        s.flush()
        contact = Contact(customer_id=customer.id, name="山田 太郎", language=Language.JA,
                          email="yamada@sakura.example")
        s.add(contact)
        s.flush()
        n = normalize("03-1234-5678")
        s.add(PhoneNumber(contact_id=contact.id, raw="03-1234-5678", e164=n.e164,
                          match_key=n.match_key, label="office"))
        draft = Draft("", None, contact.id, contact.name, customer.id, customer.company,
                      Language.JA)
        case = service.create_case(s, draft, title="プリンターが起動しない",
                                   description="停電のあとから", queue="Printers")
        case.status = CaseStatus.OPEN
        other = service.create_case(s, draft, title="納品書の再発行", priority=Priority.P4)
        row = CallLogService().started(s, CallStart("old-call", Direction.INBOUND,
                                                    "03-1234-5678", case_id=case.id),
                                       at=now - timedelta(hours=3))
        s.add(Note(case_id=case.id, body="電源ランプが点滅", language=Language.JA,
                   author_id=agent.id, call_log_id=row.id,
                   created_at=now - timedelta(hours=2, minutes=55)))
        s.add(Note(case_id=case.id, body="Replacement part sent", language=Language.EN,
                   created_at=now - timedelta(minutes=10)))
        s.flush()
        return Ids(case.id, other.id, case.number, other.number, row.id, row.started_at)


@pytest.fixture
def ids(store: Store) -> Ids:
    return _seed(store)


@pytest.fixture
def view(tasks: Tasks, qtbot: QtBot) -> CaseView:
    widget = CaseView(tasks)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    return widget


def _open(view: CaseView, qtbot: QtBot, case_id: uuid.UUID, call_id: str = "") -> None:
    with qtbot.waitSignal(view.loaded):
        view.show_case(case_id, call_id=call_id)


def _detail(store: Store, case_id: uuid.UUID) -> casework.CaseDetail:
    with store.session() as s:
        return casework.case_detail(s, case_id)


def test_shows_the_srs_fields_people_and_notes_newest_first(view: CaseView, qtbot: QtBot,
                                                            ids: Ids) -> None:
    view.show_case(ids.case)
    assert view.state_label.text() == view.tr("Loading the SR…")  # until the read is back
    assert not view.body.isEnabled()
    with qtbot.waitSignal(view.loaded):
        pass
    assert view.body.isEnabled()
    assert view.case_number == ids.number
    assert ids.number in view.heading.text()
    assert view.title_edit.text() == "プリンターが起動しない"
    assert view.description_edit.toPlainText() == "停電のあとから"
    assert view.queue_edit.text() == "Printers"
    assert view.status_combo.currentText() == status_label(CaseStatus.OPEN)
    assert view.priority_combo.currentText() == priority_label(Priority.P3)
    assert "株式会社さくら精機" in view.customer_label.text()
    assert "山田 太郎" in view.contact_label.text()
    assert view.notes_list.count() == 2
    assert "Replacement part sent" in view.notes_list.item(0).text()
    older = view.notes_list.item(1).text()
    assert "電源ランプが点滅" in older and "佐藤 健一" in older
    assert view.tr("↪ from the call at {time}").format(
        time=local_time(ids.call_started)) in older
    assert view.calls_table.rowCount() == 1
    assert not view.save_button.isEnabled()  # nothing changed yet


def test_the_note_from_a_call_leads_to_that_call(view: CaseView, qtbot: QtBot,
                                                 ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    view.notes_list.itemActivated.emit(view.notes_list.item(1))
    assert view.tabs.currentWidget() is view.calls_table
    cell = view.calls_table.item(view.calls_table.currentRow(), 0)
    assert cell is not None and cell.data(Qt.ItemDataRole.UserRole) == ids.call


def test_editing_and_saving_persists(view: CaseView, qtbot: QtBot, store: Store,
                                     ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    version = view.detail.version if view.detail else 0
    view.title_edit.setText("プリンターが起動しない（トナー）")
    view.status_combo.setCurrentIndex(view.status_combo.findData("escalated"))
    view.priority_combo.setCurrentIndex(view.priority_combo.findData("P2"))
    view.queue_edit.setText("Hardware")
    view.description_edit.setPlainText("停電のあとから。トナー交換済み")
    assert view.save_button.isEnabled()
    with qtbot.waitSignal(view.case_changed) as changed:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == [ids.case]
    saved = _detail(store, ids.case)
    assert (saved.title, saved.status, saved.priority, saved.queue, saved.description) == (
        "プリンターが起動しない（トナー）", CaseStatus.ESCALATED, Priority.P2, "Hardware",
        "停電のあとから。トナー交換済み")
    assert saved.version == version + 1
    assert view.detail is not None and view.detail.version == saved.version
    assert not view.save_button.isEnabled()  # what is shown is what is stored


def test_ctrl_s_saves(view: CaseView, qtbot: QtBot, store: Store, ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.queue_edit.setFocus()
    view.queue_edit.setText("Hardware")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(view.queue_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _detail(store, ids.case).queue == "Hardware"


def test_an_invalid_title_shows_an_error_and_is_not_saved(view: CaseView, qtbot: QtBot,
                                                          store: Store, ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    view.title_edit.setText("   ")
    assert view.title_error.isVisibleTo(view)
    assert view.title_error.text() == view.tr("A title is required.")
    assert not view.save_button.isEnabled()
    assert view.save() is False
    view.title_edit.setText("x" * 501)
    assert "501" in view.title_error.text()
    assert view.save() is False
    view.queue_edit.setText("q" * 65)
    assert view.queue_error.isVisibleTo(view)
    assert _detail(store, ids.case).title == "プリンターが起動しない"
    view.title_edit.setText("ok")
    view.queue_edit.setText("q")
    assert not view.title_error.isVisibleTo(view) and not view.queue_error.isVisibleTo(view)
    assert view.save_button.isEnabled()


def test_a_stale_save_reloads_and_keeps_what_the_agent_typed(view: CaseView, qtbot: QtBot,
                                                             store: Store, ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    seen = _detail(store, ids.case)
    with store.session() as s:  # a colleague saves first
        casework.update_case(s, ids.case, seen.version, title="Colleague's title",
                             description=seen.description, status=seen.status,
                             priority=seen.priority, queue=seen.queue)
    view.description_edit.setPlainText("my notes on the description")
    with qtbot.waitSignal(view.error) as failed, qtbot.waitSignal(view.loaded):
        view.save()
    assert failed.args[0].startswith("Someone else changed this SR")
    assert view.save_error.isVisibleTo(view)
    assert view.description_edit.toPlainText() == "my notes on the description"
    assert view.title_edit.text() == "Colleague's title"  # not touched here: theirs shows
    assert view.save_button.isEnabled()
    with qtbot.waitSignal(view.case_changed):
        view.save()
    saved = _detail(store, ids.case)
    assert (saved.title, saved.description) == ("Colleague's title",
                                                "my notes on the description")


def test_the_priority_banner_shows_in_a_call_and_confirm_persists(
        view: CaseView, qtbot: QtBot, store: Store, ids: Ids) -> None:
    _open(view, qtbot, ids.case, call_id="live-1")
    assert not view.banner.isVisibleTo(view)  # not until the window says the call is live
    view.set_in_call("live-1")
    assert view.banner.isVisibleTo(view)
    view.banner_priority.setCurrentIndex(view.banner_priority.findData("P1"))
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.banner.isVisibleTo(view))
    saved = _detail(store, ids.case)
    assert saved.priority is Priority.P1 and saved.priority_confirmed
    assert view.priority_combo.currentData() == "P1"
    assert view.confirmed_label.text() != view.tr("Not confirmed with the caller")


def test_no_banner_outside_a_call_or_for_a_confirmed_priority(
        view: CaseView, qtbot: QtBot, store: Store, ids: Ids) -> None:
    _open(view, qtbot, ids.case, call_id="live-1")
    view.set_in_call("live-1")
    assert view.banner.isVisibleTo(view)
    view.set_in_call("")
    assert not view.banner.isVisibleTo(view)
    with store.session() as s:
        casework.confirm_priority_detail(s, ids.other, "P4")
    _open(view, qtbot, ids.other, call_id="live-1")
    view.set_in_call("live-1")
    assert not view.banner.isVisibleTo(view)


def test_a_note_typed_outside_a_call_is_saved_as_a_draft_and_restored(
        view: CaseView, qtbot: QtBot, store: Store, tasks: Tasks, ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    drafts: list[str] = []
    view.note_draft_changed.connect(lambda _call, text, _language: drafts.append(text))
    view.note_edit.setPlainText("お客様は再起動を試した")
    qtbot.waitUntil(lambda: view.draft_label.text() == view.tr("Draft saved."), timeout=5000)
    assert drafts == []  # outside a call the view saves it itself
    with store.session() as s:
        draft = service.get_draft(s, service.draft_key(case_id=ids.case))
        assert draft is not None and draft.body == "お客様は再起動を試した"
        assert draft.case_id == ids.case

    again = CaseView(tasks)
    qtbot.addWidget(again)
    _open(again, qtbot, ids.case)
    assert again.note_edit.toPlainText() == "お客様は再起動を試した"


def test_a_note_typed_in_a_call_goes_to_the_window(view: CaseView, qtbot: QtBot,
                                                   store: Store, ids: Ids) -> None:
    _open(view, qtbot, ids.case, call_id="live-2")
    view.set_in_call("live-2")
    with qtbot.waitSignal(view.note_draft_changed, timeout=5000) as typed:
        view.note_edit.setPlainText("在通话中输入")
    assert typed.args == ["live-2", "在通话中输入", "ja"]  # Han, no kana: the SR's language
    with store.session() as s:  # the Desk keeps call drafts; the view wrote none
        assert service.get_draft(s, service.draft_key(case_id=ids.case)) is None


def test_add_note_puts_it_on_top_and_clears_the_draft(view: CaseView, qtbot: QtBot,
                                                      store: Store, ids: Ids) -> None:
    with store.session() as s:
        service.save_draft(s, service.draft_key(case_id=ids.case), "部品を手配した",
                           case_id=ids.case)
    _open(view, qtbot, ids.case)
    assert view.note_edit.toPlainText() == "部品を手配した"  # restored
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.notes_list.count() == 3)
    assert "部品を手配した" in view.notes_list.item(0).text()
    assert view.note_edit.toPlainText() == ""
    saved = _detail(store, ids.case)
    assert saved.notes[0].body == "部品を手配した" and saved.notes_total == 3
    assert saved.draft is None


def test_a_note_added_in_a_call_says_which_call(view: CaseView, qtbot: QtBot, store: Store,
                                                ids: Ids) -> None:
    with store.session() as s:
        row = CallLogService().started(s, CallStart("live-3", Direction.INBOUND,
                                                    "03-1234-5678", case_id=ids.case))
        started = row.started_at
    _open(view, qtbot, ids.case, call_id="live-3")
    view.set_in_call("live-3")
    view.note_edit.setPlainText("交換部品の到着を確認")
    qtbot.mouseClick(view.add_note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.notes_list.count() == 3)
    assert view.tr("↪ from the call at {time}").format(
        time=local_time(started)) in view.notes_list.item(0).text()
    assert _detail(store, ids.case).notes[0].call_started_at is not None


def test_an_empty_note_is_not_added(view: CaseView, qtbot: QtBot, store: Store,
                                    ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    view.note_edit.setPlainText("   ")
    view.add_note()
    assert view.note_error.isVisibleTo(view)
    assert view.notes_list.count() == 2
    assert _detail(store, ids.case).notes_total == 2


def test_number_buttons_dial_about_this_sr(view: CaseView, qtbot: QtBot, ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    assert len(view.number_buttons) == 1
    button = view.number_buttons[0]
    assert "03-1234-5678" in button.text()
    assert button.accessibleName()
    with qtbot.waitSignal(view.dial) as dialled:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialled.args == ["+81312345678", ids.number]


def test_numbers_from_abroad_show_their_country_code(view: CaseView, qtbot: QtBot,
                                                     store: Store, ids: Ids) -> None:
    with store.session() as s:  # a New York mobile, kept as written there, and its call
        detail = casework.case_detail(s, ids.case)
        assert detail.contact is not None
        n = normalize("(646) 555-0122", "US")
        s.add(PhoneNumber(contact_id=detail.contact.id, raw=n.raw, e164=n.e164,
                          match_key=n.match_key, label="mobile"))
        CallLogService().started(s, CallStart("ny", Direction.INBOUND, "0016465550122",
                                              case_id=ids.case))
    _open(view, qtbot, ids.case)
    texts = {b.text() for b in view.number_buttons}
    assert texts == {"+1 646-555-0122\n(mobile)", "03-1234-5678\n(office)"}  # home: national
    foreign = next(b for b in view.number_buttons if "+1" in b.text())
    assert "+1 646-555-0122" in foreign.toolTip()
    cells = [view.calls_table.item(r, 5) for r in range(view.calls_table.rowCount())]
    assert {c.text() for c in cells if c is not None} == {"03-1234-5678", "+1 646-555-0122"}


def test_a_quick_switch_shows_the_last_sr_asked_for(view: CaseView, qtbot: QtBot,
                                                    tasks: Tasks, ids: Ids) -> None:
    running: list[int] = []
    tasks.busy_changed.connect(running.append)
    shown: list[uuid.UUID] = []
    view.loaded.connect(lambda detail: shown.append(detail.id))
    view.show_case(ids.case)
    view.show_case(ids.other)
    qtbot.waitUntil(lambda: running[-1] == 0)  # both answers are in; the first was dropped
    assert shown == [ids.other]
    assert view.case_id == ids.other
    assert view.title_edit.text() == "納品書の再発行"
    assert view.case_number == ids.other_number


def test_a_missing_sr_is_reported(view: CaseView, qtbot: QtBot, ids: Ids) -> None:
    with qtbot.waitSignal(view.error) as failed:
        view.show_case(uuid.uuid4())
    assert failed.args == [view.state_label.text()]
    assert not view.body.isEnabled()
    assert ids.case != view.case_id


def test_ctrl_p_focuses_the_priority(view: CaseView, qtbot: QtBot, ids: Ids) -> None:
    _open(view, qtbot, ids.case)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.title_edit.setFocus()
    qtbot.keyClick(view.title_edit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.priority_combo.hasFocus)


def test_a_second_call_on_the_same_sr_does_not_take_the_first_calls_note(
        view: CaseView, qtbot: QtBot, ids: Ids) -> None:
    """A call-back dialled from the SR during the first call's wrap-up: what was typed stays
    the first call's, once; the second starts empty."""
    _open(view, qtbot, ids.case, call_id="a")
    sent: list[tuple[str, str]] = []
    view.note_draft_changed.connect(lambda call, text, _language: sent.append((call, text)))
    view.note_edit.setPlainText("for call A")
    view.show_case(ids.case, call_id="b", live=True, caller="Wang")
    assert sent == [("a", "for call A")]
    assert view.note_edit.toPlainText() == "" and view.call_id == "b"


def test_a_note_being_added_is_not_handed_over_again(view: CaseView, qtbot: QtBot,
                                                     ids: Ids, store: Store) -> None:
    _open(view, qtbot, ids.case, call_id="live-3")
    view.set_in_call("live-3")
    view.note_edit.setPlainText("Printer fixed")
    view.add_note()  # Ctrl+Enter; the write is on its way
    taken = view.take_call_note("live-3")  # the wrap-up ends before it lands
    assert taken is not None and taken[0] == ""  # so the Desk makes no second note of it
    qtbot.waitUntil(lambda: view.notes_list.count() == 3)
    assert [n.body for n in _detail(store, ids.case).notes].count("Printer fixed") == 1


def test_the_calls_tab_says_who_translated_for_how_long_and_the_escalation(
        view: CaseView, qtbot: QtBot, store: Store, ids: Ids) -> None:
    """Issue 20, item 4: a translator's leg (work "translation", this PC's agent), the agent's
    leg to a translator (work "translated", a colleague by SIP identity) and the escalation."""
    with store.session() as s:
        calls = CallLogService()
        mine = calls.started(s, CallStart("leg-1", Direction.INBOUND, "alice", case_id=ids.case))
        mine.work, mine.talk_seconds = "translation", 245.0
        mine.agent_id = s.scalars(select(Agent.id).where(Agent.sip_identity == "sato@desk")).one()
        theirs = calls.started(s, CallStart("leg-2", Direction.OUTBOUND, "bob",
                                            remote_uri="sip:bob@desk", case_id=ids.case))
        theirs.work, theirs.talk_seconds = "translated", 50.0
        s.add(Agent(name="Bob Baba", sip_identity="bob@desk"))
        s.add(CaseEscalation(case_id=ids.case, to_target="sip:bob@desk",
                             reason_code="translation", reason="", call_log_id=ids.call,
                             at=utcnow()))
        s.flush()
        mine_id, theirs_id = mine.id, theirs.id
    _open(view, qtbot, ids.case)
    outcomes = {view.calls_table.item(r, 0).data(Qt.ItemDataRole.UserRole):  # type: ignore[union-attr]
                view.calls_table.item(r, 2).text()  # type: ignore[union-attr]
                for r in range(view.calls_table.rowCount())}
    assert view.tr("translation by {who}, {minutes} min").format(
        who="佐藤 健一", minutes=4) in outcomes[mine_id]
    assert view.tr("translation by {who}, {minutes} min").format(
        who="Bob Baba", minutes=1) in outcomes[theirs_id]
    assert view.tr("escalated to {target}").format(target="sip:bob@desk") in outcomes[ids.call]
