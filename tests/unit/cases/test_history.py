"""The call history's pages, filters, search and missed-call marks, on a real SQLite store."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, select, update

from app.cases import history
from app.cases import store as store_mod
from app.cases.choices import dispositions
from app.cases.history import HistoryFilter, HistoryKey, HistoryRow
from app.cases.models import (
    Base,
    CallLog,
    Case,
    Contact,
    Customer,
    Direction,
    Disposition,
    Language,
    Note,
    Outcome,
    new_id,
)
from app.cases.numbers import normalize
from app.cases.store import head_revision, open_sqlite
from tests.unit.cases.test_numbers import shown_forms

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.orm import Session

    from app.cases.store import Store

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "c.db")
    yield opened
    opened.close()


def call(session: Session, started: datetime, *, number: str = "03-5555-0000",
         direction: Direction = Direction.INBOUND, outcome: Outcome | None = Outcome.ANSWERED,
         disposition: str | None = None, display_name: str = "",
         contact: Contact | None = None, customer: Customer | None = None,
         case: Case | None = None, seen: datetime | None = None) -> CallLog:
    parsed = normalize(number)
    row = CallLog(
        id=new_id(), direction=direction, engine_call_id="t", started_at=started,
        number_raw=parsed.raw, number_e164=parsed.e164, number_key=parsed.match_key,
        display_name=display_name, outcome=outcome, disposition_code=disposition,
        contact_id=contact.id if contact else None,
        customer_id=customer.id if customer else (contact.customer_id if contact else None),
        case_id=case.id if case else None, seen_at=seen,
        talk_seconds=65.0 if outcome is Outcome.ANSWERED else 0.0, ring_seconds=7.0,
    )
    session.add(row)
    return row


def walk(session: Session, f: HistoryFilter, limit: int = 7) -> list[HistoryRow]:
    """Every page of ``f``, checking that each page but the last is full."""
    rows: list[HistoryRow] = []
    key: HistoryKey | None = None
    while True:
        result = history.page(session, f, key, limit)
        rows += result.rows
        if result.next_key is None:
            return rows
        assert len(result.rows) == limit
        assert result.next_key == result.rows[-1].key
        key = result.next_key


def newest_first(rows: list[CallLog]) -> list[uuid.UUID]:
    return [r.id for r in sorted(rows, key=lambda r: (r.started_at, r.id), reverse=True)]


@pytest.fixture
def mixed(store: Store) -> list[CallLog]:
    """A hundred and fifty calls of every kind; every third shares its start with another."""
    rng = random.Random(4)
    rows: list[CallLog] = []
    with store.session() as session:
        when = NOW
        for n in range(150):
            if n % 3:
                when -= timedelta(minutes=rng.randint(1, 90))
            direction = Direction.INBOUND if rng.random() < 0.6 else Direction.OUTBOUND
            outcome = rng.choice([Outcome.ANSWERED, Outcome.ANSWERED, Outcome.MISSED,
                                  Outcome.FAILED, None])
            disposition = rng.choice([None, "follow-up", "escalated"])
            rows.append(call(session, when, direction=direction, outcome=outcome,
                             disposition=disposition, number=f"03-5555-{n:04d}"))
    return rows


def test_pages_hold_every_call_once_newest_first(store: Store, mixed: list[CallLog]) -> None:
    with store.session() as session:
        got = walk(session, HistoryFilter(), limit=9)
    assert [r.id for r in got] == newest_first(mixed)  # ties of one instant broken by id
    assert all(r.started_at.tzinfo is UTC for r in got)


def test_a_call_logged_between_pages_does_not_shift_the_next(store: Store,
                                                            mixed: list[CallLog]) -> None:
    with store.session() as session:
        first = history.page(session, HistoryFilter(), None, 20)
        call(session, NOW + timedelta(minutes=1))  # a new call lands on top meanwhile
        session.flush()
        second = history.page(session, HistoryFilter(), first.next_key, 20)
    expected = newest_first(mixed)
    assert [r.id for r in first.rows + second.rows] == expected[:40]


@pytest.mark.parametrize(("f", "keep"), [
    (HistoryFilter(missed_only=True), lambda r: r.outcome is Outcome.MISSED),
    (HistoryFilter(direction=Direction.INBOUND), lambda r: r.direction is Direction.INBOUND),
    (HistoryFilter(direction=Direction.OUTBOUND), lambda r: r.direction is Direction.OUTBOUND),
    (HistoryFilter(disposition="escalated"), lambda r: r.disposition_code == "escalated"),
    (HistoryFilter(since=NOW - timedelta(hours=30)),
     lambda r: r.started_at >= NOW - timedelta(hours=30)),
    (HistoryFilter(missed_only=True, since=NOW - timedelta(days=3),
                   direction=Direction.INBOUND),
     lambda r: (r.outcome is Outcome.MISSED and r.direction is Direction.INBOUND
                and r.started_at >= NOW - timedelta(days=3))),
], ids=["missed", "inbound", "outbound", "disposition", "since", "combined"])
def test_each_filter_pages_through_exactly_its_calls(store: Store, mixed: list[CallLog],
                                                     f: HistoryFilter, keep: object) -> None:
    expected = newest_first([r for r in mixed if keep(r)])  # type: ignore[operator]
    assert 0 < len(expected) < len(mixed)
    with store.session() as session:
        assert [r.id for r in walk(session, f)] == expected


@pytest.fixture
def people(store: Store) -> dict[str, uuid.UUID]:
    """Named callers, a company, an SR, an unknown caller and a withheld one."""
    ids: dict[str, uuid.UUID] = {}
    with store.session() as session:
        kodama = Customer(code="C-1", company="株式会社こだま薬品", language=Language.JA)
        harbor = Customer(code="C-2", company="Harbor Point Logistics", language=Language.EN)
        session.add_all([kodama, harbor])
        session.flush()
        yamada = Contact(customer_id=kodama.id, name="山田 太郎")
        walker = Contact(customer_id=harbor.id, name="Olivia Walker")
        cotton = Contact(customer_id=harbor.id, name="100% Cotton Desk")
        session.add_all([yamada, walker, cotton])
        session.flush()
        sr = Case(number="SR-2026-000123", title="Printer jams", customer_id=kodama.id,
                  contact_id=yamada.id)
        other_sr = Case(number="SR-2026-000999", title="Other", customer_id=harbor.id)
        session.add_all([sr, other_sr])
        session.flush()
        when = NOW
        for n in range(3):
            ids[f"yamada{n}"] = call(session, when - timedelta(hours=n), number="03-1234-5678",
                                     contact=yamada, display_name="山田 太郎",
                                     case=sr if n == 0 else None).id
        ids["walker"] = call(session, when - timedelta(hours=5), number="(646) 555-0122",
                             contact=walker, direction=Direction.OUTBOUND,
                             case=other_sr).id
        ids["cotton"] = call(session, when - timedelta(hours=6), number="+44 20 7946 0123",
                             contact=cotton).id
        ids["wireless"] = call(session, when - timedelta(hours=7), number="090-8765-4321",
                               display_name="WIRELESS CALLER", outcome=Outcome.MISSED).id
        ids["withheld"] = call(session, when - timedelta(hours=8), number="anonymous",
                               outcome=Outcome.MISSED).id
        ids["sr"] = sr.id
    return ids


YAMADA = ["yamada0", "yamada1", "yamada2"]


@pytest.mark.parametrize(("text", "expected"), [
    ("03-1234-5678", YAMADA),  # as the number was stored
    ("+81 3-1234-5678", YAMADA),  # another format of the same number
    ("０３１２３４５６７８", YAMADA),  # full-width digits
    ("03-1234", YAMADA),  # the start of a number
    ("+81312", YAMADA),
    ("646 555 0122", ["walker"]),  # a North American number typed without +1 or trunk
    ("5678", []),  # the end of a number is not a prefix of anything
    ("山田", YAMADA),  # contact name
    ("太郎", YAMADA),  # any part of it
    ("walker", ["walker"]),  # case-insensitive in the Latin alphabet
    ("こだま", YAMADA),  # company
    ("harbor point", ["walker", "cotton"]),
    ("wireless", ["wireless"]),  # the start of a display name from the network
    ("SR-2026-000123", ["yamada0"]),  # SR number
    ("sr-2026-0001", ["yamada0"]),  # its start, any case
    ("2026-000999", ["walker"]),  # without "SR-"
    ("100%", ["cotton"]),  # % is a character, not a wildcard
    ("%", ["cotton"]),
    ("nobody at all", []),
])
@pytest.mark.parametrize("dense", [False, True], ids=["sparse", "dense"])
def test_search_finds_calls_by_number_name_company_and_sr(
        store: Store, people: dict[str, uuid.UUID], monkeypatch: pytest.MonkeyPatch,
        text: str, expected: list[str], dense: bool) -> None:
    if dense:  # every search walks the time index: the same answers by the other plan
        monkeypatch.setattr(history, "CALL_CAP", 0)
    with store.session() as session:
        got = walk(session, HistoryFilter(search=text), limit=2)
    assert [r.id for r in got] == [people[name] for name in expected]


@pytest.mark.parametrize(("region", "tokyo", "new_york"), [
    ("JP", "0312345678", "0016465550122"),  # as a Japanese trunk sends them
    ("US", "011 81 3 1234 5678", "6465550122"),  # and an American one
])
def test_search_finds_a_call_in_every_form_its_number_is_shown_in(
        store: Store, region: str, tokyo: str, new_york: str) -> None:
    with store.session() as session:
        logged: dict[str, uuid.UUID] = {}
        for hours, raw in enumerate((tokyo, new_york)):
            parsed = normalize(raw, region)  # read as the agent's desk reads it
            assert parsed.e164 is not None
            row = CallLog(id=new_id(), direction=Direction.INBOUND, engine_call_id="t",
                          started_at=NOW - timedelta(hours=hours), number_raw=parsed.raw,
                          number_e164=parsed.e164, number_key=parsed.match_key)
            session.add(row)
            logged[parsed.e164] = row.id
    assert set(logged) == {"+81312345678", "+16465550122"}
    with store.session() as session:
        for e164, call_id in logged.items():
            for typed in shown_forms(e164, region):
                got = walk(session, HistoryFilter(search=typed, region=region))
                assert [r.id for r in got] == [call_id], (typed, region)


def test_search_combines_with_filters(store: Store, people: dict[str, uuid.UUID]) -> None:
    with store.session() as session:
        assert [r.id for r in walk(session, HistoryFilter(search="03-1234-5678",
                                                          since=NOW - timedelta(minutes=90)))
                ] == [people["yamada0"], people["yamada1"]]
        assert [r.id for r in walk(session, HistoryFilter(search="harbor",
                                                          direction=Direction.OUTBOUND))
                ] == [people["walker"]]
        assert walk(session, HistoryFilter(search="山田", missed_only=True)) == []


def test_a_dense_search_is_answered_by_walking_the_time_index(
        store: Store, people: dict[str, uuid.UUID], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "ENTITY_CAP", 0)  # "too many contacts match"
    with store.session() as session:
        got = walk(session, HistoryFilter(search="a"), limit=2)
    assert {r.id for r in got} >= {people["walker"], people["cotton"]}


def test_rows_carry_caller_case_and_disposition_labels(store: Store,
                                                       people: dict[str, uuid.UUID]) -> None:
    with store.session() as session:
        session.execute(update(CallLog).where(CallLog.id == people["yamada0"])
                        .values(disposition_code="follow-up"))
        rows = {r.id: r for r in walk(session, HistoryFilter(), limit=50)}
    top = rows[people["yamada0"]]
    assert (top.contact_name, top.company) == ("山田 太郎", "株式会社こだま薬品")
    assert (top.case_id, top.case_number, top.case_title) == (
        people["sr"], "SR-2026-000123", "Printer jams")
    assert (top.number, top.dial_number) == ("03-1234-5678", "+81312345678")
    assert top.disposition_label("ja_JP") == "要フォローアップ"
    assert top.disposition_label("zh_CN") == "需要跟进"
    assert top.disposition_label("en_GB") == "Follow-up needed"
    assert (top.talk_seconds, top.ring_seconds, top.direction) == (65.0, 7.0,
                                                                    Direction.INBOUND)
    withheld = rows[people["withheld"]]
    assert (withheld.dial_number, withheld.contact_name, withheld.case_id) == ("", "", None)
    assert withheld.missed_unseen and not top.missed_unseen
    assert rows[people["yamada1"]].disposition_label("ja") == ""


def test_unseen_missed_calls_are_counted_and_marked_seen(store: Store) -> None:
    with store.session() as session:
        old = call(session, NOW - timedelta(hours=3), outcome=Outcome.MISSED)
        older = call(session, NOW - timedelta(hours=4), outcome=Outcome.MISSED)
        call(session, NOW - timedelta(hours=5), outcome=Outcome.MISSED, seen=NOW)
        call(session, NOW - timedelta(hours=2), outcome=Outcome.ANSWERED)
        fresh = call(session, NOW, outcome=Outcome.MISSED)  # came in after the agent looked
    with store.session() as session:
        assert history.unseen_missed(session) == 3
        assert history.mark_missed_seen(session, NOW - timedelta(hours=1)) == 2
    with store.session() as session:
        assert history.unseen_missed(session) == 1
        assert history.mark_missed_seen(session, NOW - timedelta(hours=1)) == 0
        seen = {r.id: r for r in walk(session, HistoryFilter(missed_only=True))}
        marked = session.scalars(select(CallLog.seen_at).where(CallLog.id == old.id)).one()
    assert not seen[old.id].missed_unseen and not seen[older.id].missed_unseen
    assert seen[fresh.id].missed_unseen
    assert marked is not None and marked > NOW  # when it was seen: now, not the call's time


def test_dispositions_for_the_filter_are_the_active_ones_in_order(store: Store) -> None:
    with store.session() as session:
        session.execute(update(Disposition).where(Disposition.code == "spam")
                        .values(active=False))
        session.execute(update(Disposition).where(Disposition.code == "wrong-number")
                        .values(sort_order=-1))
    with store.session() as session:
        choices = dispositions(session)
    codes = [c.code for c in choices]
    assert codes[:2] == ["wrong-number", "resolved-on-call"]
    assert "spam" not in codes and "follow-up" in codes
    assert choices[1].label("ja") == "通話中に解決"


def _plans(store: Store, run: object) -> list[str]:
    """EXPLAIN QUERY PLAN of every SELECT that ``run(session)`` sends."""
    sent: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: object,
                _context: object, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        with store.session() as session:
            run(session)  # type: ignore[operator]
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert store.path is not None
    plans = []
    with sqlite3.connect(store.path) as raw:
        for statement, parameters in sent:
            rows = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()  # type: ignore[arg-type]
            plans.append("\n".join(str(r[3]) for r in rows))
    return plans


def _table_scan(plan: str) -> bool:
    return any(line.strip() == "SCAN call_logs" for line in plan.splitlines())


@pytest.mark.parametrize("f", [
    HistoryFilter(), HistoryFilter(missed_only=True),
    HistoryFilter(direction=Direction.OUTBOUND), HistoryFilter(disposition="escalated"),
    HistoryFilter(since=NOW - timedelta(days=1)),
], ids=["all", "missed", "outbound", "disposition", "today"])
def test_a_page_walks_an_index_instead_of_sorting_the_table(
        store: Store, mixed: list[CallLog], f: HistoryFilter) -> None:
    def two_pages(session: Session) -> None:
        first = history.page(session, f, None, 5)
        history.page(session, f, first.next_key, 5)

    plans = _plans(store, two_pages)
    assert len(plans) == 2
    for plan in plans:
        assert not _table_scan(plan), plan  # an index, walked newest first from the key
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # only ties of one instant
        assert "call_logs USING INDEX ix_call_logs_" in plan, plan


def test_a_sparse_search_reads_only_its_indexes(store: Store,
                                               people: dict[str, uuid.UUID]) -> None:
    plans = _plans(store, lambda s: history.page(s, HistoryFilter(search="山田")))
    calls = [p for p in plans if "call_logs" in p]
    assert calls
    for plan in calls:
        assert not _table_scan(plan), plan
        assert "SCAN call_logs USING" not in plan, plan  # not even a whole index


def test_migration_0002_goes_down_and_up_keeping_the_calls(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    store = open_sqlite(path)
    try:
        now = datetime.now(UTC)
        with store.session() as session:
            case = Case(number="SR-2026-000001", title="t")
            session.add(case)
            session.flush()
            last_week = call(session, now - timedelta(days=7), outcome=Outcome.MISSED,
                             case=case)
            an_hour_ago = call(session, now - timedelta(hours=1), outcome=Outcome.MISSED)
            session.flush()
            session.add(Note(case_id=case.id, call_log_id=last_week.id, body="kept",
                             language=Language.EN))

        cfg = store_mod._alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert store.revision() == "0001"
        with sqlite3.connect(path) as raw:
            columns = {r[1] for r in raw.execute("PRAGMA table_info(call_logs)")}
            indexes = {r[1] for r in raw.execute("PRAGMA index_list(call_logs)")}
            assert raw.execute("SELECT count(*) FROM call_logs").fetchone() == (2,)
            assert raw.execute("SELECT body FROM notes").fetchone() == ("kept",)
        assert "seen_at" not in columns and "started_at" in columns
        assert "ix_call_logs_outcome_started" not in indexes
        assert "ix_call_logs_number_started" in indexes  # 0001's own are left alone

        assert store_mod.upgrade(store, backup=False) is None
        assert store.revision() == head_revision()  # back at the newest, through 0002
        with store.session() as session:
            seen = {row.id: row.seen_at for row in session.execute(
                select(CallLog.id, CallLog.seen_at))}
            # Missed long before the history existed: seen; the last day's: still to look at.
            assert seen[last_week.id] is not None and seen[an_hour_ago.id] is None
            assert history.unseen_missed(session) == 1
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(
                conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
    finally:
        store.close()
