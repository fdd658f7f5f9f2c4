"""The SR screens' reads and writes (app.cases.casework) on a real SQLite store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from app.cases import casework
from app.cases.calls import CallLogService, CallStart
from app.cases.casework import case_detail, search_cases, update_case
from app.cases.models import (
    Agent,
    CallLog,
    Case,
    CaseStatus,
    Contact,
    Customer,
    Direction,
    Disposition,
    Language,
    MatchedBy,
    Note,
    NoteDraft,
    PhoneNumber,
    Priority,
    utcnow,
)
from app.cases.numbers import normalize
from app.cases.resolver import Draft, Pop, Resolver
from app.cases.service import CaseError, create_case, draft_key, get_draft, save_draft
from app.cases.store import open_sqlite
from tests.unit.cases.test_numbers import shown_forms

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from datetime import datetime
    from pathlib import Path

    from sqlalchemy.orm import Session

    from app.cases.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "c.db")
    yield opened
    opened.close()


@dataclass
class Seed:
    customer: uuid.UUID
    contact: uuid.UUID
    colleague: uuid.UUID
    agent: uuid.UUID
    open_case: uuid.UUID  # 山田's open SR, two notes (one from a call), two calls
    closed_case: uuid.UUID  # 山田's older, closed SR
    colleague_case: uuid.UUID  # 田中's open SR at the same customer
    call: uuid.UUID  # the call the first note was written in
    open_number: str
    closed_number: str
    now: datetime


def _number(session: Session, raw: str, *, contact: uuid.UUID | None = None,
            customer: uuid.UUID | None = None, label: str = "", region: str = "JP") -> None:
    n = normalize(raw, region)
    session.add(PhoneNumber(contact_id=contact, customer_id=customer, raw=raw, e164=n.e164,
                            match_key=n.match_key, label=label))


def _case(session: Session, contact: Contact, title: str, status: CaseStatus,
          updated: datetime) -> Case:
    draft = Draft(number_raw="", number_e164=None, contact_id=contact.id,
                  contact_name=contact.name, customer_id=contact.customer_id, company="",
                  language=Language.JA)
    case = create_case(session, draft, title=title, priority=Priority.P2)
    case.status = status
    case.updated_at = updated
    session.flush()
    return case


def seed(store: Store) -> Seed:
    now = utcnow()
    with store.session() as s:
        agent = Agent(name="佐藤 健一", sip_identity="sato@desk")
        customer = Customer(code="C-100200", company="株式会社さくら精機", language=Language.JA)
        s.add_all([agent, customer])
        s.flush()
        yamada = Contact(customer_id=customer.id, name="山田 太郎", language=Language.JA,
                         email="t.yamada@sakura.example")
        tanaka = Contact(customer_id=customer.id, name="田中 花子", language=Language.JA)
        s.add_all([yamada, tanaka])
        s.flush()
        _number(s, "03-1234-5678", contact=yamada.id, label="office")
        _number(s, "090-1111-2222", contact=tanaka.id, label="mobile")
        _number(s, "03-9999-0000", customer=customer.id, label="main")
        closed = _case(s, yamada, "納品書の再発行", CaseStatus.CLOSED, now - timedelta(days=20))
        colleague = _case(s, tanaka, "ログインできない", CaseStatus.OPEN, now - timedelta(days=1))
        opened = _case(s, yamada, "プリンターが起動しない", CaseStatus.OPEN,
                       now - timedelta(days=2))
        s.add(Disposition(code="fixed", label_en="Fixed", label_ja="解決", label_zh="已解决",
                          resolves=True))
        s.flush()
        calls = CallLogService()
        first = calls.started(s, CallStart("c-1", Direction.INBOUND, "03-1234-5678",
                                           case_id=opened.id), at=now - timedelta(hours=5))
        calls.ended(first, "missed", at=now - timedelta(hours=5) + timedelta(minutes=3))
        second = calls.started(s, CallStart("c-2", Direction.OUTBOUND, "03-1234-5678",
                                            case_id=opened.id), at=now - timedelta(hours=1))
        calls.answered(second, at=now - timedelta(hours=1) + timedelta(seconds=10))
        calls.ended(second, "normal", at=now - timedelta(hours=1) + timedelta(seconds=70))
        second.disposition_code = "fixed"
        s.add(Note(case_id=opened.id, body="電源ランプが点滅", language=Language.JA,
                   author_id=agent.id, call_log_id=first.id,
                   created_at=now - timedelta(hours=4, minutes=58)))
        s.add(Note(case_id=opened.id, body="Replacement sent", language=Language.EN,
                   created_at=now - timedelta(minutes=30)))
        s.flush()
        return Seed(customer.id, yamada.id, tanaka.id, agent.id, opened.id, closed.id,
                    colleague.id, first.id, opened.number, closed.number, now)


# -- reading ---------------------------------------------------------------------------------


def test_case_detail_has_fields_people_numbers_notes_and_calls(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        detail = case_detail(s, ids.open_case)
    assert detail.number == ids.open_number
    assert detail.title == "プリンターが起動しない"
    assert (detail.status, detail.priority, detail.priority_confirmed) == (
        CaseStatus.OPEN, Priority.P2, False)
    assert detail.customer is not None and detail.customer.code == "C-100200"
    assert detail.customer.company == "株式会社さくら精機"
    assert detail.contact is not None and detail.contact.name == "山田 太郎"
    assert detail.contact.email == "t.yamada@sakura.example"
    # The person's number first, then the company's main line; a colleague's is not here.
    assert [(n.raw, n.label, n.of_contact) for n in detail.numbers] == [
        ("03-1234-5678", "office", True), ("03-9999-0000", "main", False)]
    assert detail.numbers[0].dial_string == "+81312345678"
    assert [n.body for n in detail.notes] == ["Replacement sent", "電源ランプが点滅"]
    from_call = detail.notes[1]
    assert from_call.author == "佐藤 健一"
    assert from_call.call_log_id == ids.call
    assert from_call.call_direction is Direction.INBOUND
    assert from_call.call_started_at is not None
    assert abs(from_call.call_started_at - (ids.now - timedelta(hours=5))) < timedelta(seconds=1)
    assert detail.notes[0].author == "" and detail.notes[0].call_started_at is None
    assert [c.direction for c in detail.calls] == [Direction.OUTBOUND, Direction.INBOUND]
    newest = detail.calls[0]
    assert newest.talk_seconds == pytest.approx(60.0)
    assert newest.disposition is not None and newest.disposition.label("ja") == "解決"
    assert detail.calls[1].outcome is not None and detail.calls[1].outcome.value == "missed"
    assert (detail.notes_total, detail.calls_total) == (2, 2)
    assert detail.draft is None


def test_case_detail_of_a_missing_sr_is_a_case_error(store: Store) -> None:
    ids = seed(store)
    with store.session() as s, pytest.raises(CaseError) as caught:
        case_detail(s, ids.agent)  # an id, but not an SR's
    assert caught.value.code == "no_such_case"


def test_the_calls_draft_wins_over_the_srs_own(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        save_draft(s, draft_key(case_id=ids.open_case), "typed at the desk",
                   case_id=ids.open_case)
        desk = case_detail(s, ids.open_case).draft
        assert desk is not None and desk.body == "typed at the desk"
        save_draft(s, draft_key(engine_call_id="c-9"), "typed in the call",
                   language=Language.ZH, case_id=ids.open_case)
        draft = case_detail(s, ids.open_case, engine_call_id="c-9").draft
        assert draft is not None
        assert (draft.body, draft.language) == ("typed in the call", Language.ZH)
        # Another call's draft is not this one's.
        other = case_detail(s, ids.open_case, engine_call_id="c-10").draft
        assert other is not None and other.body == "typed at the desk"


# -- editing ---------------------------------------------------------------------------------


def test_update_case_saves_and_bumps_the_version(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        before = case_detail(s, ids.open_case)
    with store.session() as s:
        after = update_case(s, ids.open_case, before.version, title="  プリンター   故障 ",
                            description="詳細", status=CaseStatus.ESCALATED,
                            priority=Priority.P1, queue=" Printers ")
    assert after.version == before.version + 1
    assert after.updated_at > before.updated_at
    with store.session() as s:
        row = s.get(Case, ids.open_case)
        assert row is not None
        assert (row.title, row.description, row.status, row.priority, row.queue) == (
            "プリンター 故障", "詳細", CaseStatus.ESCALATED, Priority.P1, "Printers")


def test_update_case_without_a_change_keeps_the_version(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        before = case_detail(s, ids.open_case)
        after = update_case(s, ids.open_case, before.version, title=before.title,
                            description=before.description, status=before.status,
                            priority=before.priority, queue=before.queue)
    assert after.version == before.version


@pytest.mark.parametrize(("changes", "code"), [
    ({"title": "   "}, "title_required"),
    ({"title": "x" * 501}, "title_too_long"),
    ({"queue": "q" * 65}, "queue_too_long"),
    ({"description": "d" * 100_001}, "description_too_long"),
    ({"status": "pending"}, "bad_status"),
    ({"priority": "P9"}, "bad_priority"),
])
def test_update_case_refuses_invalid_values(store: Store, changes: dict[str, str],
                                            code: str) -> None:
    ids = seed(store)
    with store.session() as s:
        detail = case_detail(s, ids.open_case)
    values = {"title": "new title", "description": "", "status": "open", "priority": "P2",
              "queue": "", **changes}
    with store.session() as s, pytest.raises(CaseError) as caught:
        update_case(s, ids.open_case, detail.version, **values)
    assert caught.value.code == code
    with store.session() as s:
        assert case_detail(s, ids.open_case).title == "プリンターが起動しない"


def test_a_title_of_exactly_500_characters_is_fine(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        detail = case_detail(s, ids.open_case)
        saved = update_case(s, ids.open_case, detail.version, title="x" * 500,
                            description="", status="open", priority="P2", queue="q" * 64)
    assert len(saved.title) == 500 and saved.queue == "q" * 64


def test_a_stale_version_is_refused_and_changes_nothing(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        seen = case_detail(s, ids.open_case)
    with store.session() as s:  # a colleague saves first
        update_case(s, ids.open_case, seen.version, title="colleague's title",
                    description="", status="open", priority="P2", queue="")
    with store.session() as s, pytest.raises(CaseError) as caught:
        update_case(s, ids.open_case, seen.version, title="my title", description="",
                    status="open", priority="P2", queue="")
    assert caught.value.code == "stale"
    with store.session() as s:
        assert case_detail(s, ids.open_case).title == "colleague's title"


def test_confirm_priority_detail(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        version = case_detail(s, ids.open_case).version
        detail = casework.confirm_priority_detail(s, ids.open_case, "P1")
    assert detail.priority is Priority.P1 and detail.priority_confirmed
    assert detail.priority_confirmed_at is not None
    assert detail.version == version + 1
    with store.session() as s:
        row = s.get(Case, ids.open_case)
        assert row is not None and row.priority_confirmed and row.priority is Priority.P1


# -- notes -----------------------------------------------------------------------------------


def test_add_case_note_from_a_call_links_the_call_and_clears_the_drafts(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        row = CallLogService().started(s, CallStart("live-1", Direction.INBOUND, "03-1234-5678"))
        live_id = row.id
        save_draft(s, draft_key(engine_call_id="live-1"), "half a note", author_id=ids.agent,
                   call_log_id=row.id)
        save_draft(s, draft_key(case_id=ids.open_case), "older desk draft",
                   case_id=ids.open_case)
    with store.session() as s:
        note = casework.add_case_note(s, ids.open_case, "再起動で解決", Language.JA,
                                      engine_call_id="live-1")
    assert note.call_log_id == live_id
    assert note.author == "佐藤 健一"  # the Desk saved the call's draft as the agent
    assert note.call_direction is Direction.INBOUND and note.call_started_at is not None
    with store.session() as s:
        assert get_draft(s, draft_key(engine_call_id="live-1")) is None
        assert get_draft(s, draft_key(case_id=ids.open_case)) is None
        detail = case_detail(s, ids.open_case)
    assert detail.notes[0].body == "再起動で解決"
    assert detail.notes[0].call_log_id == live_id
    assert detail.notes_total == 3


def test_add_case_note_outside_a_call_and_an_empty_note(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        note = casework.add_case_note(s, ids.open_case, "desk note", Language.EN)
        assert note.call_log_id is None and note.author == ""
        with pytest.raises(CaseError) as caught:
            casework.add_case_note(s, ids.open_case, "  \n ", Language.EN)
    assert caught.value.code == "note_empty"


# -- new SRs ---------------------------------------------------------------------------------


def test_create_case_from_a_known_callers_draft_binds_the_call(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        row = CallLogService().started(s, CallStart("in-7", Direction.INBOUND, "03-1234-5678"))
        save_draft(s, draft_key(engine_call_id="in-7"), "typed before the SR existed",
                   call_log_id=row.id)
        draft = Resolver().resolve(s, "+81 3-1234-5678").draft
    assert draft.contact_id == ids.contact
    with store.session() as s:
        detail = casework.create_case_from_draft(
            s, draft, title="トナー切れ", description="急ぎ", priority=Priority.P2,
            priority_confirmed=True, queue="Printers", engine_call_id="in-7")
    assert detail.contact is not None and detail.contact.id == ids.contact
    assert detail.customer is not None and detail.customer.id == ids.customer
    assert (detail.title, detail.priority, detail.priority_confirmed, detail.queue) == (
        "トナー切れ", Priority.P2, True, "Printers")
    assert detail.status is CaseStatus.NEW and detail.language is Language.JA
    assert detail.draft is not None and detail.draft.body == "typed before the SR existed"
    with store.session() as s:
        log = s.scalars(select(CallLog).where(CallLog.engine_call_id == "in-7")).one()
        assert log.case_id == detail.id and log.matched_by is MatchedBy.AGENT
        pending = s.scalars(select(NoteDraft).where(NoteDraft.key == "call:in-7")).one()
        assert pending.case_id == detail.id


def test_an_unknown_caller_named_by_the_agent_is_found_next_time(store: Store) -> None:
    seed(store)
    with store.session() as s:
        draft = Resolver().resolve(s, "06-5555-6666").draft
    assert draft.contact_id is None
    with store.session() as s:
        detail = casework.create_case_from_draft(
            s, draft, title="Where is my order?", language=Language.EN,
            contact_name="  Emily   Clark ")
    assert detail.contact is not None and detail.contact.name == "Emily Clark"
    assert detail.language is Language.EN
    assert [n.raw for n in detail.numbers] == ["06-5555-6666"]
    with store.session() as s:
        again = Resolver().resolve(s, "+81 6 5555 6666")
    assert again.pop is Pop.CASE and again.case_id == detail.id


def test_a_company_main_line_does_not_become_a_persons_number(store: Store) -> None:
    ids = seed(store)
    with store.session() as s:
        draft = Resolver().resolve(s, "03-9999-0000").draft
        assert draft.customer_id == ids.customer and draft.contact_id is None
        detail = casework.create_case_from_draft(s, draft, title="Fax broken",
                                                 contact_name="受付")
        assert detail.customer is not None and detail.customer.id == ids.customer
        assert detail.contact is not None and detail.contact.name == "受付"
        assert s.scalars(select(PhoneNumber).where(
            PhoneNumber.contact_id == detail.contact.id)).all() == []


@pytest.mark.parametrize(("title", "code"), [("", "title_required"),
                                             ("x" * 501, "title_too_long")])
def test_create_case_from_draft_refuses_a_bad_title(store: Store, title: str,
                                                    code: str) -> None:
    seed(store)
    with store.session() as s:
        draft = Resolver().resolve(s, "03-1234-5678").draft
        before = s.scalars(select(Case)).all()
        with pytest.raises(CaseError) as caught:
            casework.create_case_from_draft(s, draft, title=title)
        assert caught.value.code == code
        assert len(s.scalars(select(Case)).all()) == len(before)


# -- search ----------------------------------------------------------------------------------


def _found(store: Store, text: str, limit: int = 50, *,
           region: str = "JP") -> list[tuple[str, str]]:
    with store.session() as s:
        return [(hit.number, hit.matched)
                for hit in search_cases(s, text, limit, region=region)]


def test_search_by_sr_number_exact_and_prefix(store: Store) -> None:
    ids = seed(store)
    assert _found(store, ids.open_number) == [(ids.open_number, "number")]
    assert _found(store, ids.open_number.lower().replace("-", " ")) == [
        (ids.open_number, "number")]
    year = ids.open_number[3:7]
    prefixed = {number for number, _ in _found(store, f"SR-{year}-00000")}
    assert prefixed == {ids.open_number, ids.closed_number,
                        _number_of(store, ids.colleague_case)}
    assert _found(store, f"SR-{year}-999999") == []


def _number_of(store: Store, case_id: uuid.UUID) -> str:
    with store.session() as s:
        return case_detail(s, case_id).number


def test_search_by_phone_number_in_any_format(store: Store) -> None:
    ids = seed(store)
    for typed in ("03-1234-5678", "+81 3 1234 5678", "０３－１２３４－５６７８", "0312345678"):
        found = _found(store, typed)
        # The caller's own SRs, open first; not the colleague's.
        assert found == [(ids.open_number, "phone"), (ids.closed_number, "phone")], typed


@pytest.mark.parametrize("region", ["JP", "US"])
def test_search_finds_a_number_in_every_form_it_is_shown_in(store: Store, region: str) -> None:
    """An agent in Japan or in the US pastes a number as the desktop shows it to them."""
    ids = seed(store)
    with store.session() as s:  # a New York mobile, kept as written there
        _number(s, "(646) 555-0122", contact=ids.contact, label="mobile", region="US")
    own = [(ids.open_number, "phone"), (ids.closed_number, "phone")]
    for e164 in ("+81312345678", "+16465550122"):
        for typed in shown_forms(e164, region):
            assert _found(store, typed, region=region) == own, (typed, region)


def test_search_by_a_company_main_line_finds_the_companys_srs(store: Store) -> None:
    ids = seed(store)
    found = {number for number, how in _found(store, "+81399990000") if how == "phone"}
    assert found == {ids.open_number, ids.closed_number, _number_of(store, ids.colleague_case)}


def test_search_by_customer_code_exact_and_prefix(store: Store) -> None:
    ids = seed(store)
    for typed in ("C-100200", "c-1002"):
        found = _found(store, typed)
        assert {how for _, how in found} == {"code"}, typed
        assert len(found) == 3
    # Open SRs first, newest first.
    numbers = [number for number, _ in _found(store, "C-100200")]
    assert numbers == [_number_of(store, ids.colleague_case), ids.open_number,
                       ids.closed_number]


def test_search_by_contact_name_email_and_company(store: Store) -> None:
    ids = seed(store)
    assert _found(store, "山田") == [(ids.open_number, "contact"), (ids.closed_number, "contact")]
    assert _found(store, "山田太郎") == _found(store, "山田")  # spaces do not matter
    assert _found(store, "山田\u3000太郎") == _found(store, "山田")
    assert [n for n, _ in _found(store, "太郎")] == [ids.open_number, ids.closed_number]
    assert _found(store, "t.yamada@") == [(ids.open_number, "contact"),
                                         (ids.closed_number, "contact")]
    assert {how for _, how in _found(store, "さくら")} == {"company"}
    assert len(_found(store, "さくら")) == 3


def test_search_treats_wildcards_as_text_and_respects_the_limit(store: Store) -> None:
    seed(store)
    assert _found(store, "%田") == []  # LIKE's wildcards are searched for as themselves
    assert _found(store, "_田") == []
    assert _found(store, "%") == []
    assert _found(store, "   ") == []
    assert len(_found(store, "さくら", limit=2)) == 2
    assert _found(store, "nobody at all") == []


def test_name_patterns() -> None:
    assert casework.name_patterns("Emily Clark") == ["%Emily_Clark%"]
    assert casework.name_patterns("100%_/x") == ["%100/%/_//x%"]
    assert casework.name_patterns("王伟") == ["%王伟%", "%王_伟%"]
    assert len(casework.name_patterns("佐々木健太郎")) == 1  # too long to try every gap


def test_a_big_groups_srs_come_in_the_same_order_off_the_updated_at_index(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(store)
    sorted_first = _found(store, "C-100200")
    monkeypatch.setattr(casework, "_WALK_FROM", 1)  # every group counts as big
    assert _found(store, "C-100200") == sorted_first
    assert [number for number, _ in _found(store, "03-1234-5678")] == [
        ids.open_number, ids.closed_number]
    assert len(_found(store, "C-100200", limit=2)) == 2
