"""The screen-pop resolver, branch by branch, on a real SQLite store."""

from __future__ import annotations

import binascii
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from app.cases.calls import CallLogService, CallStart
from app.cases.models import Case as CaseRow
from app.cases.models import (
    CaseStatus,
    Contact,
    Customer,
    Direction,
    Language,
    MatchedBy,
    PhoneNumber,
    utcnow,
)
from app.cases.numbers import normalize
from app.cases.resolver import Pop, Resolution, Resolver, ResolverConfig, decode_uui
from app.cases.service import create_case
from app.cases.store import open_sqlite

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.orm import Session

    from app.cases.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_sqlite(tmp_path / "c.db")
    yield store
    store.close()


class World:
    """A customer with contacts and SRs, built row by row for each test."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.age = 0

    def customer(self, code: str, company: str, language: Language = Language.JA) -> Customer:
        row = Customer(code=code, company=company, language=language)
        self.session.add(row)
        self.session.flush()
        return row

    def contact(self, customer: Customer | None, name: str, *numbers: str,
                language: Language | None = None, region: str = "JP") -> Contact:
        row = Contact(customer_id=customer.id if customer else None, name=name,
                      language=language)
        self.session.add(row)
        self.session.flush()
        for raw in numbers:
            n = normalize(raw, region)
            self.session.add(PhoneNumber(contact_id=row.id, raw=raw, e164=n.e164,
                                         match_key=n.match_key))
        self.session.flush()
        return row

    def main_line(self, customer: Customer, raw: str) -> None:
        n = normalize(raw)
        self.session.add(PhoneNumber(customer_id=customer.id, raw=raw, e164=n.e164,
                                     match_key=n.match_key))
        self.session.flush()

    def case(self, contact: Contact | None, status: CaseStatus, title: str = "",
             customer: Customer | None = None) -> CaseRow:
        self.age += 1
        when = utcnow() - timedelta(days=30 - self.age)  # later cases are newer
        row = CaseRow(number=f"SR-2026-{self.age:06d}", title=title or f"case {self.age}",
                      status=status,
                      contact_id=contact.id if contact else None,
                      customer_id=(customer.id if customer else
                                   contact.customer_id if contact else None),
                      created_at=when, updated_at=when)
        self.session.add(row)
        self.session.flush()
        return row


def resolve(store: Store, number: str, headers: dict[str, str] | None = None,
            config: ResolverConfig | None = None, exclude: uuid.UUID | None = None
            ) -> Resolution:
    with store.session() as session:
        return Resolver(config).resolve(session, number, headers, exclude_call=exclude)


def test_one_open_sr_of_the_caller_opens(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        acme = w.customer("C-1", "株式会社さくら精機")
        yamada = w.contact(acme, "山田 太郎", "03-1234-5678", language=Language.JA)
        w.case(yamada, CaseStatus.CLOSED, "old")
        mine = w.case(yamada, CaseStatus.OPEN, "プリンターが起動しない")
        other = w.contact(acme, "佐藤 花子", "03-9999-0000")
        w.case(other, CaseStatus.OPEN, "a colleague's")
    for typed in ("03-1234-5678", "+81 3-1234-5678", "０３－１２３４－５６７８", "0081312345678",
                  "18603-1234-5678"):
        r = resolve(store, typed)
        assert r.pop is Pop.CASE, typed
        assert r.matched_by is MatchedBy.NUMBER
        assert r.case is not None and r.case.id == mine.id
        assert r.contact_id == yamada.id and r.customer_id == acme.id


def test_several_open_srs_come_ranked(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        acme = w.customer("C-1", "Acme Ltd", Language.EN)
        emily = w.contact(acme, "Emily Clark", "+44 20 7946 0321")
        colleague = w.contact(acme, "James Wilson", "+44 20 7946 0999")
        closed = w.case(emily, CaseStatus.RESOLVED)
        older = w.case(emily, CaseStatus.OPEN)
        theirs = w.case(colleague, CaseStatus.ESCALATED)
        newer = w.case(emily, CaseStatus.PENDING_CUSTOMER)
    r = resolve(store, "+442079460321")
    assert r.pop is Pop.CANDIDATES
    assert r.case is None
    # open before closed, the caller's own before a colleague's, newest first
    assert [c.id for c in r.candidates] == [newer.id, older.id, theirs.id, closed.id]
    assert r.draft.contact_name == "Emily Clark" and r.draft.language is Language.EN


def test_only_closed_srs_give_a_draft_with_history(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        cn = w.customer("C-2", "上海东方数码有限公司", Language.ZH)
        wang = w.contact(cn, "王伟", "+86 10 8888 6666")
        done = w.case(wang, CaseStatus.CLOSED)
    r = resolve(store, "0086 10 8888 6666")
    assert r.pop is Pop.DRAFT
    assert [c.id for c in r.candidates] == [done.id]
    assert r.draft.contact_id == wang.id
    assert r.draft.company == "上海东方数码有限公司"
    assert r.draft.language is Language.ZH  # from the customer


def test_company_main_line_opens_the_company_s_one_open_sr(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        acme = w.customer("C-3", "株式会社テスト")
        w.main_line(acme, "06-6123-4567")
        person = w.contact(acme, "鈴木 一郎")
        only = w.case(person, CaseStatus.OPEN)
    r = resolve(store, "06-6123-4567")
    assert r.pop is Pop.CASE and r.case is not None and r.case.id == only.id
    assert r.contact_id is None and r.customer_id is not None


def test_unknown_number_gives_a_draft_and_no_case(store: Store) -> None:
    r = resolve(store, "090-0000-1111", {"X-Caller-Language": "zh-CN"})
    assert r.pop is Pop.DRAFT and r.matched_by is MatchedBy.NONE
    assert r.draft.number_e164 == "+819000001111"
    assert r.draft.language is Language.ZH
    assert r.candidates == ()
    with store.session() as s:
        assert s.query(CaseRow).count() == 0  # a draft is not an SR


@pytest.mark.parametrize("caller", ["anonymous", "非通知", "", "Anonymous"])
def test_withheld_callers_are_unknown_not_errors(store: Store, caller: str) -> None:
    r = resolve(store, caller)
    assert r.pop is Pop.DRAFT
    assert r.caller.kind.value == "anonymous"
    assert r.repeat.calls == 0


def test_unparseable_number_still_matches_textually(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        odd = w.contact(None, "Service desk", "*67#")
        case = w.case(odd, CaseStatus.OPEN)
    r = resolve(store, "*67#")
    assert r.pop is Pop.CASE and r.case is not None and r.case.id == case.id


def test_case_header_wins_over_the_number(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        acme = w.customer("C-1", "Acme")
        caller = w.contact(acme, "Caller", "03-1234-5678")
        w.case(caller, CaseStatus.OPEN)
        named = w.case(None, CaseStatus.CLOSED, "the one the IVR named", customer=acme)
    r = resolve(store, "03-1234-5678", {"x-case-number": named.number})
    assert r.pop is Pop.CASE and r.matched_by is MatchedBy.CASE_HEADER
    assert r.case is not None and r.case.id == named.id


def test_user_to_user_data_from_an_ivr(store: Store) -> None:
    with store.session() as s:
        named = World(s).case(None, CaseStatus.OPEN)
    data = binascii.hexlify(f"case={named.number};lang=ja".encode()).decode()
    r = resolve(store, "anonymous", {"User-to-User": f"{data};encoding=hex;purpose=isdn-uui"})
    assert r.matched_by is MatchedBy.CASE_HEADER
    assert r.case is not None and r.case.id == named.id
    assert decode_uui("zz;encoding=hex") == "zz"  # not hex: kept as text, no error


def test_header_naming_a_missing_sr_falls_through_and_says_why(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        caller = w.contact(None, "Caller", "03-1234-5678")
        mine = w.case(caller, CaseStatus.OPEN)
    r = resolve(store, "03-1234-5678", {"X-Case-Number": "SR-2026-999999"})
    assert r.matched_by is MatchedBy.NUMBER
    assert r.case is not None and r.case.id == mine.id
    assert any("SR-2026-999999" in why and "does not exist" in why for why in r.why)
    r = resolve(store, "03-1234-5678", {"X-Case-Number": "'; DROP TABLE cases; --"})
    assert r.case is not None and any("no SR number" in why for why in r.why)


def test_customer_header(store: Store) -> None:
    with store.session() as s:
        w = World(s)
        acme = w.customer("C-77", "Acme")
        a = w.case(w.contact(acme, "A"), CaseStatus.OPEN)
        w.case(w.contact(acme, "B"), CaseStatus.OPEN)
    r = resolve(store, "anonymous", {"X-Customer-Id": "C-77"})
    assert r.matched_by is MatchedBy.CUSTOMER_HEADER and r.pop is Pop.CANDIDATES
    assert a.id in {c.id for c in r.candidates}
    r = resolve(store, "anonymous", {"X-Customer-Id": "C-00"})
    assert r.pop is Pop.DRAFT and any("C-00" in why for why in r.why)


def test_configurable_header_names(store: Store) -> None:
    with store.session() as s:
        named = World(s).case(None, CaseStatus.OPEN)
    config = ResolverConfig(case_headers=("X-Ticket",))
    assert resolve(store, "", {"X-Ticket": named.number}, config).case is not None
    assert resolve(store, "", {"X-Case-Number": named.number}, config).case is None


def test_repeat_caller_summary(store: Store) -> None:
    calls = CallLogService()
    with store.session() as s:
        for n in range(3):
            row = calls.started(s, CallStart(f"c{n}", Direction.INBOUND, "03-1234-5678"),
                                at=utcnow() - timedelta(days=n * 2))
            calls.ended(row, "missed")
        old = calls.started(s, CallStart("old", Direction.INBOUND, "03-1234-5678"),
                            at=utcnow() - timedelta(days=30))
        calls.ended(old, "missed")
        now = calls.started(s, CallStart("now", Direction.INBOUND, "+81312345678"))
        current = now.id
    r = resolve(store, "+81 3 1234 5678", exclude=current)
    assert r.repeat.calls == 3  # within 7 days, not this call, not the one a month ago
    assert r.repeat.last_outcome == "missed"


def test_saving_a_draft_creates_the_sr_with_the_next_number(store: Store) -> None:
    r = resolve(store, "090-0000-1111")
    with store.session() as s:
        first = create_case(s, r.draft, title="  新規  問い合わせ ")
        second = create_case(s, r.draft, title="another")
    year = utcnow().year
    assert first.number == f"SR-{year}-000001" and second.number == f"SR-{year}-000002"
    assert first.title == "新規 問い合わせ"
    assert first.status is CaseStatus.NEW
