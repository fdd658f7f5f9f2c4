"""The queue watch: the team's open SRs by queue and language, each with what is wrong with it.

Computed from what the local store holds, i.e. what was last pulled from the centre (the PC
holds its team's SRs only), so it works offline and says how fresh it is (``WatchView.as_of``,
the last sync that worked). Nothing is stored for it: every exception is a rule over columns
that already exist (docs/queue-watch.md). The clock is passed in (``now``), never read here.

The actions (take, route, escalate) are ordinary SR edits through the store, so they sync like
any other; each leaves a note on the SR saying what was done and why, and the centre's row
security decides whether it stands (an SR moved to another team's queue is refused there and
comes back as a refused conflict: app.sync.engine).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.cases.models import (
    OPEN_STATUSES,
    Agent,
    CallLog,
    Case,
    CaseStatus,
    Language,
    Note,
    Priority,
    SyncState,
    TranslationRequest,
)
from app.cases.service import CaseError, add_note

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable, Mapping, Sequence

    from sqlalchemy.orm import Session

MAX_QUEUE = 64  # as app.cases.casework
MAX_REASON = 2000


class WatchException(enum.StrEnum):
    """What is wrong with an SR, most severe first (the order the watch sorts by)."""

    OVERDUE = "overdue"  # open past its priority's resolution target
    WRONG_LANGUAGE = "wrong-language"  # its queue's team does not take its language
    UNASSIGNED = "unassigned"
    PRIORITY_UNCONFIRMED = "priority-unconfirmed"  # not confirmed with the caller (first call)
    TRANSLATION_OVERDUE = "translation-overdue"
    STALE = "stale"  # no update for its priority's hours


SEVERITY = {kind: rank for rank, kind in enumerate(WatchException)}
_PRIORITY_RANK = {p: rank for rank, p in enumerate(Priority)}


@dataclass(frozen=True, slots=True)
class WatchRules:
    """When an SR is an exception. Built from ``[queue_watch]`` (app.config.settings, where the
    defaults live); ``queue_languages``: a queue named there takes only those languages, any
    other queue takes every language."""

    stale_after: Mapping[Priority, timedelta]
    due_after: Mapping[Priority, timedelta]
    translation_after: timedelta
    queue_languages: Mapping[str, frozenset[Language]]

    @classmethod
    def from_hours(cls, stale_hours: Sequence[float], due_hours: Sequence[float],
                   translation_hours: float,
                   queue_languages: Iterable[tuple[str, Iterable[str]]] = ()) -> WatchRules:
        """Hours per priority, P1 first."""
        priorities = tuple(Priority)
        if len(stale_hours) != len(priorities) or len(due_hours) != len(priorities):
            raise ValueError("one number of hours per priority, P1 to P4")
        return cls(
            stale_after={p: timedelta(hours=h) for p, h in zip(priorities, stale_hours,
                                                                 strict=True)},
            due_after={p: timedelta(hours=h) for p, h in zip(priorities, due_hours,
                                                               strict=True)},
            translation_after=timedelta(hours=translation_hours),
            queue_languages={queue: frozenset(Language(code) for code in codes)
                             for queue, codes in queue_languages})


@dataclass(frozen=True, slots=True)
class WatchedCase:
    id: uuid.UUID
    number: str
    title: str
    queue: str
    language: Language
    priority: Priority
    status: CaseStatus
    owner: str  # "" when unassigned
    created_at: datetime
    last_update: datetime  # the SR's own change or its newest note, whichever is later
    due_at: datetime  # created_at + the priority's resolution target
    version: int
    exceptions: tuple[WatchException, ...]  # most severe first

    @property
    def severity(self) -> int:
        """Lower is worse; an SR without exceptions comes last."""
        return SEVERITY[self.exceptions[0]] if self.exceptions else len(SEVERITY)


@dataclass(frozen=True, slots=True)
class QueueGroup:
    queue: str  # "" for SRs in no queue
    language: Language
    cases: tuple[WatchedCase, ...]  # by severity, then priority, then oldest first

    @property
    def exceptions(self) -> int:
        return sum(1 for c in self.cases if c.exceptions)


@dataclass(frozen=True, slots=True)
class WatchView:
    groups: tuple[QueueGroup, ...]  # by queue, then language
    evaluated_at: datetime
    as_of: datetime | None  # the last sync that worked; None: never synced (local only)

    def flagged(self) -> frozenset[tuple[uuid.UUID, WatchException]]:
        """Every (SR, exception) raised now: a later evaluation's new ones are the difference."""
        return frozenset((c.id, kind) for g in self.groups for c in g.cases
                         for kind in c.exceptions)

    def case(self, case_id: uuid.UUID) -> WatchedCase | None:
        return next((c for g in self.groups for c in g.cases if c.id == case_id), None)


def evaluate(session: Session, rules: WatchRules, now: datetime) -> WatchView:
    """The open SRs of the local store (the team's, as last pulled) and their exceptions."""
    notes = (select(Note.case_id, func.max(Note.created_at).label("at"))
             .group_by(Note.case_id).subquery())
    rows = session.execute(
        select(Case, Agent.name, notes.c.at)
        .outerjoin(Agent, Agent.id == Case.owner_id)
        .outerjoin(notes, notes.c.case_id == Case.id)
        .where(Case.status.in_(OPEN_STATUSES))).all()
    ids = [case.id for case, _, _ in rows]
    in_call = _in_a_call_here(session, ids)
    late = _late_translations(session, ids, now - rules.translation_after)
    groups: dict[tuple[str, Language], list[WatchedCase]] = {}
    for case, owner, noted in rows:
        last_update = max(case.updated_at, noted) if noted is not None else case.updated_at
        due_at = case.created_at + rules.due_after[case.priority]
        found: list[WatchException] = []
        if now > due_at:
            found.append(WatchException.OVERDUE)
        accepted = rules.queue_languages.get(case.queue)
        if accepted is not None and case.language not in accepted:
            found.append(WatchException.WRONG_LANGUAGE)
        if case.owner_id is None:
            found.append(WatchException.UNASSIGNED)
        if not case.priority_confirmed and case.id not in in_call:
            found.append(WatchException.PRIORITY_UNCONFIRMED)
        if case.id in late:
            found.append(WatchException.TRANSLATION_OVERDUE)
        if now - last_update > rules.stale_after[case.priority]:
            found.append(WatchException.STALE)
        found.sort(key=SEVERITY.__getitem__)
        groups.setdefault((case.queue, case.language), []).append(WatchedCase(
            case.id, case.number, case.title, case.queue, case.language, case.priority,
            case.status, owner or "", case.created_at, last_update, due_at, case.version,
            tuple(found)))
    state = session.get(SyncState, 1)
    return WatchView(
        groups=tuple(QueueGroup(queue, language, tuple(sorted(cases, key=_order)))
                     for (queue, language), cases in sorted(groups.items(),
                                                            key=lambda kv: kv[0])),
        evaluated_at=now, as_of=state.last_success if state else None)


def _order(case: WatchedCase) -> tuple[int, int, datetime]:
    return case.severity, _PRIORITY_RANK[case.priority], case.created_at


def _in_a_call_here(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """SRs in a live call on this PC: the call where the priority is being confirmed.

    Whether a colleague's first call took place cannot be known here (call logs stay private
    to their agent; a pulled note loses its call), so an unconfirmed priority is flagged on
    every PC alike, except during the call that is confirming it: an SR is born of a call
    (the screen-pop), and one made otherwise waits for its first call to be confirmed."""
    found: set[uuid.UUID] = set()
    for chunk in _chunks(ids):
        found |= {case_id for case_id in session.scalars(select(CallLog.case_id).where(
            CallLog.case_id.in_(chunk), CallLog.outcome.is_(None)).distinct())
            if case_id is not None}
    return found


def _late_translations(session: Session, ids: list[uuid.UUID],
                       asked_before: datetime) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in _chunks(ids):
        found |= set(session.scalars(select(TranslationRequest.case_id).where(
            TranslationRequest.case_id.in_(chunk), TranslationRequest.done_at.is_(None),
            TranslationRequest.requested_at < asked_before).distinct()))
    return found


def _chunks(ids: list[uuid.UUID], size: int = 900) -> Iterable[list[uuid.UUID]]:
    # SQLite's bound-parameter limit.
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


# -- actions -----------------------------------------------------------------------------------


def take_ownership(session: Session, case_id: uuid.UUID, expected_version: int, *,
                   agent_id: uuid.UUID, log: str, language: Language) -> int:
    """The signed-in agent owns the SR from now on; ``log`` (what the agent's window wrote, in
    their language) goes on the SR as a note. Returns the SR's new version.
    ``CaseError`` codes: no_such_case, stale, already_yours."""
    case = _current(session, case_id, expected_version)
    if case.owner_id == agent_id:
        raise CaseError("already_yours", case.number)
    case.owner_id = agent_id
    return _logged(session, case, log, "", language, agent_id)


def route_case(session: Session, case_id: uuid.UUID, expected_version: int, queue: str, *,
               reason: str, agent_id: uuid.UUID | None, log: str, language: Language) -> int:
    """Move the SR to ``queue`` with a reason, noted on the SR. Another team's queue is the
    centre's to refuse (its row security keeps the SR where it was).
    ``CaseError`` codes: no_such_case, stale, queue_required, queue_too_long, same_queue,
    reason_required, reason_too_long."""
    target = queue.strip()
    if not target:
        raise CaseError("queue_required")
    if len(target) > MAX_QUEUE:
        raise CaseError("queue_too_long", str(len(target)))
    clean = _reason(reason)
    case = _current(session, case_id, expected_version)
    if case.queue == target:
        raise CaseError("same_queue", target)
    case.queue = target
    return _logged(session, case, log, clean, language, agent_id)


def escalate_case(session: Session, case_id: uuid.UUID, expected_version: int, *,
                  reason: str, agent_id: uuid.UUID | None, log: str,
                  language: Language) -> int:
    """Status escalated, with the reason noted on the SR (an escalation's own records are the
    attended transfer's; this is the SR's status only).
    ``CaseError`` codes: no_such_case, stale, already_escalated, reason_required,
    reason_too_long."""
    clean = _reason(reason)
    case = _current(session, case_id, expected_version)
    if case.status is CaseStatus.ESCALATED:
        raise CaseError("already_escalated", case.number)
    case.status = CaseStatus.ESCALATED
    return _logged(session, case, log, clean, language, agent_id)


def _reason(reason: str) -> str:
    clean = reason.strip()
    if not clean:
        raise CaseError("reason_required")
    if len(clean) > MAX_REASON:
        raise CaseError("reason_too_long", str(len(clean)))
    return clean


def _current(session: Session, case_id: uuid.UUID, expected_version: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseError("no_such_case", str(case_id))
    if case.version != expected_version:
        # Pulled or edited since the watch showed it: the agent acts on what they see.
        raise CaseError("stale", f"version {case.version}, expected {expected_version}")
    return case


def _logged(session: Session, case: Case, log: str, reason: str, language: Language,
            agent_id: uuid.UUID | None) -> int:
    session.flush()  # updated_at and the version move with the change (the model's onupdate)
    body = f"{log.strip()}\n{reason}" if reason else log.strip()
    add_note(session, case.id, body, language, author_id=agent_id)
    return case.version

