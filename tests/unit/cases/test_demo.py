from __future__ import annotations

import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from app.cases.demo import (
    COMPANIES,
    TRANSLATIONS_DONE,
    TRANSLATIONS_WAITING,
    DemoSummary,
    load_demo_data,
    store_is_empty,
)
from app.cases.models import (
    Agent,
    CallLog,
    Case,
    CaseCounter,
    CaseStatus,
    Contact,
    Customer,
    Language,
    Note,
    Outcome,
    PhoneNumber,
    Priority,
    Role,
)
from app.cases.numbers import normalize
from app.cases.store import Store, open_sqlite

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

NOW = datetime(2026, 3, 10, 3, 30, tzinfo=UTC)  # a Tuesday, 12:30 in Tokyo
KANA = re.compile(r"[\u3040-\u30ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"^[A-Za-z .'-]+$")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_sqlite(tmp_path / "c.db")
    yield store
    store.close()


@pytest.fixture
def loaded(store: Store) -> tuple[Store, DemoSummary]:
    return store, load_demo_data(store, now=NOW)


def _fresh(tmp_path: Path, name: str, seed: int) -> list[tuple[str, str]]:
    store = open_sqlite(tmp_path / name)
    try:
        load_demo_data(store, seed=seed, now=NOW)
        with store.session() as session:
            return [(c.number, c.title) for c in session.scalars(
                select(Case).order_by(Case.number))]
    finally:
        store.close()


def test_empty_before_not_after_and_refuses_a_second_load(store: Store) -> None:
    assert store_is_empty(store)
    started = time.perf_counter()
    load_demo_data(store, now=NOW)
    assert time.perf_counter() - started < 2.0
    assert not store_is_empty(store)
    with pytest.raises(ValueError, match="empty"):
        load_demo_data(store, now=NOW)


def test_counts_match_the_summary(loaded: tuple[Store, DemoSummary]) -> None:
    store, summary = loaded
    with store.session() as session:
        def count(model: type[object]) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        assert summary == DemoSummary(
            customers=count(Customer), contacts=count(Contact), numbers=count(PhoneNumber),
            cases=count(Case), call_logs=count(CallLog), notes=count(Note), agents=count(Agent))
    assert summary.customers == len(COMPANIES) == 24
    assert summary.contacts == 60
    assert summary.cases == 80
    assert summary.call_logs == 150
    assert summary.notes == 120 + TRANSLATIONS_DONE  # the done translations are notes too
    assert 6 <= summary.agents <= 8
    assert summary.numbers > summary.contacts


def test_every_status_and_priority(loaded: tuple[Store, DemoSummary]) -> None:
    store, _ = loaded
    with store.session() as session:
        cases = list(session.scalars(select(Case)))
    assert {c.status for c in cases} == set(CaseStatus)
    assert {c.priority for c in cases} == set(Priority)
    assert {c.language for c in cases} == set(Language)
    confirmed = [c for c in cases if c.priority_confirmed]
    assert confirmed and len(confirmed) < len(cases)
    assert all(c.priority_confirmed_at is not None for c in confirmed)
    assert all(c.priority_confirmed_at is None for c in cases if not c.priority_confirmed)
    for case in cases:
        assert NOW - timedelta(days=61) <= case.created_at <= case.updated_at <= NOW
        assert case.customer_id is not None and case.contact_id is not None
        assert case.queue


def test_names_in_three_scripts(loaded: tuple[Store, DemoSummary]) -> None:
    store, _ = loaded
    with store.session() as session:
        contacts = list(session.scalars(select(Contact)))
        companies = list(session.scalars(select(Customer.company)))
        agents = list(session.scalars(select(Agent)))
    by_language = {lang: [c.name for c in contacts if c.language is lang] for lang in Language}
    assert all(HAN.search(name) for name in by_language[Language.JA])
    assert all(HAN.search(name) and " " not in name for name in by_language[Language.ZH])
    assert all(LATIN.match(name) for name in by_language[Language.EN])
    assert all(by_language.values())
    assert any(KANA.search(c) for c in companies)  # 株式会社さくら精機
    assert any(c.endswith("有限公司") for c in companies)
    assert any(LATIN.match(c) for c in companies)
    assert len({c.name for c in contacts}) == len(contacts)
    assert {a.role for a in agents} == set(Role)
    assert {a.team for a in agents} == {"HUB Tokyo", "Home advisors"}
    assert all(a.sip_identity.endswith("@caseline.test") for a in agents)


def test_numbers_normalise_as_stored(loaded: tuple[Store, DemoSummary]) -> None:
    store, _ = loaded
    region = {c.company: c.region for c in COMPANIES}
    with store.session() as session:
        company = {i: name for i, name in session.execute(select(Customer.id, Customer.company))}
        owner = {i: c for i, c in session.execute(select(Contact.id, Contact.customer_id))}
        numbers = list(session.scalars(select(PhoneNumber)))
        calls = list(session.scalars(select(CallLog).where(CallLog.contact_id.is_not(None))))
    keys = {n.match_key: n for n in numbers}
    assert len(keys) == len(numbers)  # one number, one owner
    assert any(n.customer_id is not None and n.contact_id is None for n in numbers)
    for number in numbers:
        customer_id = (number.customer_id if number.contact_id is None
                       else owner[number.contact_id])
        assert customer_id is not None
        expected = normalize(number.raw, region[company[customer_id]])
        assert number.match_key
        assert number.match_key == expected.match_key, number.raw
        assert number.e164 == expected.e164
        assert number.e164 is not None and number.e164.startswith("+"), number.raw
    for call in calls:
        assert call.number_key in keys
        assert keys[call.number_key].raw == call.number_raw


def test_sr_numbers_unique_and_the_counter_continues(loaded: tuple[Store, DemoSummary]) -> None:
    store, _ = loaded
    with store.session() as session:
        numbers = list(session.scalars(select(Case.number)))
        counters = {c.year: c.last for c in session.scalars(select(CaseCounter))}
    assert len(set(numbers)) == len(numbers)
    highest: dict[int, int] = {}
    for number in numbers:
        match = re.fullmatch(r"SR-(\d{4})-(\d{6})", number)
        assert match, number
        year, serial = int(match[1]), int(match[2])
        highest[year] = max(highest.get(year, 0), serial)
    assert counters == highest


def test_same_seed_same_data(tmp_path: Path) -> None:
    first = _fresh(tmp_path, "a.db", 2026)
    assert first == _fresh(tmp_path, "b.db", 2026)
    assert first != _fresh(tmp_path, "c.db", 7)


def test_screen_pop_has_one_several_and_closed_only(loaded: tuple[Store, DemoSummary]) -> None:
    store, _ = loaded
    with store.session() as session:
        cases = list(session.scalars(select(Case)))
    open_per = Counter(c.contact_id for c in cases if c.status.is_open)
    any_per = Counter(c.contact_id for c in cases)
    assert any(n >= 2 for n in open_per.values())
    assert any(n == 1 for n in open_per.values())
    assert any(contact not in open_per for contact in any_per)


def test_calls_are_all_ended_and_recent(loaded: tuple[Store, DemoSummary]) -> None:
    store, _ = loaded
    with store.session() as session:
        calls = list(session.scalars(select(CallLog)))
    assert {Outcome.ANSWERED, Outcome.MISSED, Outcome.REJECTED,
            Outcome.TRANSFERRED} <= {c.outcome for c in calls}
    assert len({c.engine_call_id for c in calls}) == len(calls)
    for call in calls:
        assert call.outcome is not None and call.ended_at is not None
        assert NOW - timedelta(days=14) <= call.started_at <= call.ended_at <= NOW
        assert call.engine_call_id.startswith("demo-")
        assert call.talk_seconds >= call.hold_seconds >= 0
        if call.answered_at is None:
            assert call.talk_seconds == 0
    strangers = [c for c in calls if c.contact_id is None]
    assert strangers and all(c.case_id is None for c in strangers)
    assert any(c.outcome is Outcome.MISSED for c in strangers)
    assert sum(c.case_id is not None for c in calls) > len(calls) // 2
    assert all(c.disposition_code for c in calls if c.outcome is Outcome.ANSWERED)


def test_notes_follow_their_case(loaded: tuple[Store, DemoSummary]) -> None:
    store, _ = loaded
    with store.session() as session:
        created = {i: at for i, at in session.execute(select(Case.id, Case.created_at))}
        notes = list(session.scalars(select(Note)))
    assert {n.language for n in notes} == set(Language)
    assert any(n.call_log_id is not None for n in notes)
    assert any(n.call_log_id is None for n in notes)
    for note in notes:
        assert created[note.case_id] <= note.created_at <= NOW
        assert note.author_id is not None


def test_translation_queue_has_waiting_and_done_rows(loaded: tuple[Store, DemoSummary]) -> None:
    from app.cases.translations import translation_queue  # noqa: PLC0415

    store, _ = loaded
    with store.session() as session:
        queue = translation_queue(session)
        done = session.scalars(select(Note).where(Note.translation_of.is_not(None))).all()
    assert len(queue) == TRANSLATIONS_WAITING
    assert [q.requested_at for q in queue] == sorted(q.requested_at for q in queue)
    assert all(q.target_language is Language.JA and q.source_language is not Language.JA
               for q in queue)
    assert len(done) == TRANSLATIONS_DONE and all(n.language is Language.JA for n in done)
