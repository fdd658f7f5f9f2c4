"""The queue watch (app.cases.queuewatch) on a real SQLite store, with the clock passed in: each
exception raised by a data change and cleared by another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.cases import queuewatch as qw
from app.cases.casework import confirm_priority_detail
from app.cases.models import (
    Agent,
    CallLog,
    Case,
    CaseStatus,
    Direction,
    Language,
    Note,
    Outcome,
    Priority,
    SyncState,
    TranslationRequest,
)
from app.cases.queuewatch import WatchException as W
from app.cases.service import CaseError, allocate_number
from app.cases.store import open_sqlite
from app.cases.translations import request_translation, translate

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store

# The SRs' birth; "now" is T0 plus some hours. In the past: what the store stamps with the real
# clock (an action's note) is then newer than any "now" here, never older.
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
RULES = qw.WatchRules.from_hours(stale_hours=(2, 8, 24, 72), due_hours=(4, 24, 72, 168),
                                 translation_hours=4,
                                 queue_languages=[("hardware", ["ja", "en"]),
                                                  ("china", ["zh"])])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "c.db")
    yield opened
    opened.close()


@pytest.fixture
def me(store: Store) -> uuid.UUID:
    with store.session() as s:
        agent = Agent(name="Hanako Sato", sip_identity="hanako@tokyo")
        s.add(agent)
        s.flush()
        return agent.id


def _case(store: Store, *, queue: str = "hardware", priority: Priority = Priority.P3,
          language: Language = Language.JA, at: datetime = T0, confirmed: bool = True,
          **extra: Any) -> uuid.UUID:
    with store.session() as s:
        case = Case(number=allocate_number(s), title="Printer jams", queue=queue,
                    priority=priority, language=language, created_at=at, updated_at=at,
                    priority_confirmed=confirmed, **extra)
        s.add(case)
        s.flush()
        return case.id


def _watch(store: Store, hours: float, rules: qw.WatchRules = RULES) -> qw.WatchView:
    with store.sessions() as s:
        return qw.evaluate(s, rules, T0 + timedelta(hours=hours))


def _flags(store: Store, case_id: uuid.UUID, hours: float = 0.5) -> tuple[W, ...]:
    found = _watch(store, hours).case(case_id)
    assert found is not None
    return found.exceptions


def _version(store: Store, case_id: uuid.UUID) -> int:
    with store.sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case.version


def _notes(store: Store, case_id: uuid.UUID) -> list[str]:
    with store.sessions() as s:
        return list(s.scalars(select(Note.body).where(Note.case_id == case_id)
                              .order_by(Note.created_at)))


def test_an_sr_without_owner_is_unassigned_until_someone_takes_it(store: Store,
                                                                   me: uuid.UUID) -> None:
    case_id = _case(store)
    assert _flags(store, case_id) == (W.UNASSIGNED,)
    with store.session() as s:
        qw.take_ownership(s, case_id, _version(store, case_id), agent_id=me,
                          log="Took ownership (queue watch).", language=Language.EN)
    assert _flags(store, case_id) == ()
    assert _watch(store, 0.5).case(case_id).owner == "Hanako Sato"  # type: ignore[union-attr]
    assert _notes(store, case_id) == ["Took ownership (queue watch)."]
    with store.session() as s, pytest.raises(CaseError) as taken:
        qw.take_ownership(s, case_id, _version(store, case_id), agent_id=me, log="again",
                          language=Language.EN)
    assert taken.value.code == "already_yours"


def test_an_unconfirmed_priority_is_flagged_except_in_the_call_confirming_it(
        store: Store, me: uuid.UUID) -> None:
    case_id = _case(store, owner_id=me, confirmed=False)
    assert _flags(store, case_id) == (W.PRIORITY_UNCONFIRMED,)
    with store.session() as s:
        call = CallLog(direction=Direction.INBOUND, engine_call_id="1", case_id=case_id,
                       agent_id=me, started_at=T0)
        s.add(call)
        s.flush()
        call_id = call.id
    assert _flags(store, case_id) == ()  # live here: the agent is confirming it now
    with store.session() as s:
        ended = s.get(CallLog, call_id)
        assert ended is not None
        ended.outcome = Outcome.ANSWERED
    assert _flags(store, case_id) == (W.PRIORITY_UNCONFIRMED,)  # the call ended without it
    with store.session() as s:
        confirm_priority_detail(s, case_id, Priority.P2)
    assert _flags(store, case_id) == ()


def test_no_update_for_the_priorities_hours_is_stale_until_a_note_or_an_edit(
        store: Store, me: uuid.UUID) -> None:
    urgent = _case(store, priority=Priority.P1, owner_id=me)
    normal = _case(store, priority=Priority.P3, owner_id=me)
    assert _flags(store, urgent, 1.5) == ()
    assert _flags(store, urgent, 2.5) == (W.STALE,)
    assert _flags(store, normal, 2.5) == ()  # P3 waits 24 h
    with store.session() as s:
        s.add(Note(case_id=urgent, body="Parts ordered", language=Language.EN,
                   created_at=T0 + timedelta(hours=2.25)))
    assert _flags(store, urgent, 2.5) == ()
    assert _flags(store, normal, 24.5) == (W.STALE,)
    with store.session() as s:
        case = s.get(Case, normal)
        assert case is not None
        case.title = "Printer jams in tray 2"
        case.updated_at = T0 + timedelta(hours=24.25)
    assert _flags(store, normal, 24.5) == ()


def test_open_past_the_priorities_target_is_overdue_and_resolving_ends_it(
        store: Store, me: uuid.UUID) -> None:
    urgent = _case(store, priority=Priority.P1, owner_id=me)
    high = _case(store, priority=Priority.P2, owner_id=me)
    later = _watch(store, 5, qw.WatchRules.from_hours((99, 99, 99, 99), (4, 24, 72, 168), 4))
    assert later.case(urgent).exceptions == (W.OVERDUE,)  # type: ignore[union-attr]
    assert later.case(urgent).due_at == T0 + timedelta(hours=4)  # type: ignore[union-attr]
    assert later.case(high).exceptions == ()  # type: ignore[union-attr]
    with store.session() as s:
        case = s.get(Case, urgent)
        assert case is not None
        case.status = CaseStatus.RESOLVED
    assert _watch(store, 5).case(urgent) is None  # the watch holds open SRs only


def test_a_language_the_queues_team_does_not_take_is_flagged_until_routed(
        store: Store, me: uuid.UUID) -> None:
    chinese = _case(store, language=Language.ZH, owner_id=me)
    english = _case(store, language=Language.EN, owner_id=me)
    elsewhere = _case(store, queue="billing", language=Language.ZH, owner_id=me)
    assert _flags(store, chinese) == (W.WRONG_LANGUAGE,)
    assert _flags(store, english) == ()
    assert _flags(store, elsewhere) == ()  # a queue with no rule takes every language
    with store.session() as s:
        qw.route_case(s, chinese, _version(store, chinese), "china",
                      reason="Customer speaks Mandarin only", agent_id=me,
                      log="Routed from hardware to china.", language=Language.EN)
    assert _flags(store, chinese) == ()
    assert _notes(store, chinese) == ["Routed from hardware to china.\n"
                                      "Customer speaks Mandarin only"]


def test_a_translation_waiting_too_long_is_overdue_until_translated(
        store: Store, me: uuid.UUID) -> None:
    case_id = _case(store, owner_id=me, description="プリンターが詰まる")
    with store.session() as s:
        request = request_translation(s, case_id, Language.EN, requested_by=me)
    with store.session() as s:
        row = s.get(TranslationRequest, request.id)
        assert row is not None
        row.requested_at = T0
    assert _flags(store, case_id, 3.5) == ()
    assert _flags(store, case_id, 4.5) == (W.TRANSLATION_OVERDUE,)
    with store.session() as s:
        translate(s, request.id, "The printer jams", author_id=me)
    assert _flags(store, case_id, 4.5) == ()


def test_groups_by_queue_and_language_worst_first_then_priority_then_age(
        store: Store, me: uuid.UUID) -> None:
    quiet = _case(store, owner_id=me, at=T0 - timedelta(hours=1))
    unowned_p3 = _case(store, at=T0 - timedelta(hours=2))
    unowned_p1_new = _case(store, priority=Priority.P1, at=T0)
    unowned_p1_old = _case(store, priority=Priority.P1, at=T0 - timedelta(minutes=30))
    english = _case(store, language=Language.EN)
    billing = _case(store, queue="billing")
    view = _watch(store, 0.75, qw.WatchRules.from_hours((99,) * 4, (99,) * 4, 99))
    assert [(g.queue, g.language) for g in view.groups] == [
        ("billing", Language.JA), ("hardware", Language.EN), ("hardware", Language.JA)]
    assert [c.id for c in view.groups[2].cases] == [unowned_p1_old, unowned_p1_new,
                                                    unowned_p3, quiet]
    assert view.groups[2].exceptions == 3
    assert {c.id for g in view.groups[:2] for c in g.cases} == {english, billing}


def test_freshness_is_the_last_sync_that_worked(store: Store) -> None:
    _case(store)
    assert _watch(store, 1).as_of is None
    pulled = T0 + timedelta(minutes=40)
    with store.session() as s:
        s.add(SyncState(id=1, last_success=pulled))
    assert _watch(store, 1).as_of == pulled


def test_new_exceptions_are_the_difference_between_two_evaluations(store: Store) -> None:
    first = _case(store)
    before = _watch(store, 0.5).flagged()
    second = _case(store, priority=Priority.P1)
    after = _watch(store, 0.5).flagged()
    assert before == {(first, W.UNASSIGNED)}
    assert after - before == {(second, W.UNASSIGNED)}


def test_route_and_escalate_need_a_reason_and_the_version_shown(store: Store,
                                                               me: uuid.UUID) -> None:
    case_id = _case(store, owner_id=me)
    shown = _version(store, case_id)
    for call, code in (
            (lambda s: qw.route_case(s, case_id, shown, "billing", reason=" ", agent_id=me,
                                     log="x", language=Language.EN), "reason_required"),
            (lambda s: qw.route_case(s, case_id, shown, "hardware", reason="why",
                                     agent_id=me, log="x", language=Language.EN),
             "same_queue"),
            (lambda s: qw.route_case(s, case_id, shown, "  ", reason="why", agent_id=me,
                                     log="x", language=Language.EN), "queue_required"),
            (lambda s: qw.escalate_case(s, case_id, shown, reason="", agent_id=me, log="x",
                                        language=Language.EN), "reason_required"),
            (lambda s: qw.escalate_case(s, case_id, shown - 1, reason="why", agent_id=me,
                                        log="x", language=Language.EN), "stale")):
        with store.session() as s, pytest.raises(CaseError) as refused:
            call(s)
        assert refused.value.code == code
    with store.session() as s:
        qw.escalate_case(s, case_id, shown, reason="Line down at the plant", agent_id=me,
                         log="Escalated (queue watch).", language=Language.EN)
    with store.sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.status is CaseStatus.ESCALATED
    assert _notes(store, case_id) == ["Escalated (queue watch).\nLine down at the plant"]
    with store.session() as s, pytest.raises(CaseError) as again:
        qw.escalate_case(s, case_id, _version(store, case_id), reason="why", agent_id=me,
                         log="x", language=Language.EN)
    assert again.value.code == "already_escalated"
