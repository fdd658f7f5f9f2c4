"""Callbacks: calls an agent promised to make, the due list, and how each one ended.

A callback is scheduled from an SR or from a missed call (``schedule``): a number, a due time,
who calls, a reason, the language to speak and the SR's priority at that moment. The due list
(``due_list``) puts what is due first, most urgent SR first (then the longest waiting), and what
is coming after it by time (then priority): the first row is the one to call now. Overdue: the
due time has passed and it is not done. ``record_outcome`` closes one (reached, voicemail, no
answer, rescheduled: a new callback, due later, takes its place); a callback that reached the
customer marks the missed calls of that number as seen, so the history's badge closes.

Functions take the session first and run on the store's threads (app.orchestration.workspace).
Times are aware UTC; ``now`` is passed in (the UI's clock), never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from app.cases.models import (
    Callback,
    CallbackOutcome,
    CallbackSource,
    CallLog,
    Case,
    Contact,
    Customer,
    Language,
    Outcome,
    Priority,
)
from app.cases.numbers import normalize
from app.cases.service import CaseError

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session

MAX_REASON = 1000
LISTED = 500  # open callbacks in the list at most (one agent's: far fewer in practice)
_NO_PRIORITY = "P9"  # sorts after P1..P4


@dataclass(frozen=True, slots=True)
class CallbackInfo:
    """One callback as the desktop shows it."""

    id: uuid.UUID
    due_at: datetime
    number: str
    case_id: uuid.UUID | None
    case_number: str
    case_title: str
    company: str
    contact_name: str
    reason: str
    language: Language | None
    priority: Priority | None
    source: CallbackSource
    missed_call_id: uuid.UUID | None
    agent_id: uuid.UUID | None
    done_at: datetime | None = None
    outcome: CallbackOutcome | None = None

    def is_due(self, now: datetime) -> bool:
        return self.done_at is None and self.due_at <= now

    def is_overdue(self, now: datetime) -> bool:
        return self.done_at is None and self.due_at < now

    @property
    def who(self) -> str:
        """The contact, else the company, else the number."""
        return self.contact_name or self.company or self.number


def schedule(session: Session, *, due_at: datetime, number: str = "",
             case_id: uuid.UUID | None = None, missed_call_id: uuid.UUID | None = None,
             agent_id: uuid.UUID | None = None, reason: str = "",
             language: Language | None = None, region: str = "") -> CallbackInfo:
    """A new callback. From a missed call, its number, SR and caller come from the call log
    (an SR or number given too wins); from an SR, its contact, customer, language and
    priority. A callback needs a number to dial."""
    if due_at.tzinfo is None:
        raise ValueError("naive datetime: due_at must be aware")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise CaseError("reason_too_long")
    contact_id = customer_id = None
    source = CallbackSource.SR
    if missed_call_id is not None:
        missed = session.get(CallLog, missed_call_id)
        if missed is None:
            raise CaseError("no_such_call")
        source = CallbackSource.MISSED_CALL
        number = number or missed.number_e164 or missed.number_raw
        case_id = case_id or missed.case_id
        contact_id, customer_id = missed.contact_id, missed.customer_id
    priority = None
    if case_id is not None:
        case = session.get(Case, case_id)
        if case is None:
            raise CaseError("no_such_case")
        priority = case.priority
        language = language or case.language
        contact_id = contact_id or case.contact_id
        customer_id = customer_id or case.customer_id
    number = number.strip()
    read = normalize(number, region) if number else None
    if read is None or not read.match_key:
        raise CaseError("no_number")
    row = Callback(case_id=case_id, contact_id=contact_id, customer_id=customer_id,
                      number=number[:64], number_key=read.match_key, due_at=due_at,
                      agent_id=agent_id, reason=reason, language=language, priority=priority,
                      source=source, missed_call_id=missed_call_id)
    session.add(row)
    session.flush()
    return _info(session, row.id)


def due_list(session: Session, now: datetime, *, limit: int = LISTED
             ) -> tuple[CallbackInfo, ...]:
    """The open callbacks: those due by ``now`` first, by SR priority then due time; then
    those to come, by due time then priority."""
    rows = [_from_row(r) for r in session.execute(
        _select().where(Callback.done_at.is_(None))
        .order_by(Callback.due_at).limit(limit))]
    return tuple(sorted(rows, key=lambda c: _order(c, now)))


def _order(c: CallbackInfo, now: datetime) -> tuple[Any, ...]:
    priority = c.priority.value if c.priority is not None else _NO_PRIORITY
    if c.due_at <= now:
        return (0, priority, c.due_at, c.id)
    return (1, c.due_at, priority, c.id)


def next_due_at(callbacks: tuple[CallbackInfo, ...], now: datetime) -> datetime | None:
    """When the next reminder rings: the earliest due time still to come (None: none)."""
    coming = [c.due_at for c in callbacks if c.done_at is None and c.due_at > now]
    return min(coming) if coming else None


def overdue(session: Session, now: datetime) -> tuple[CallbackInfo, ...]:
    """Open callbacks whose due time has passed, the longest waiting first."""
    return tuple(_from_row(r) for r in session.execute(
        _select().where(Callback.done_at.is_(None), Callback.due_at < now)
        .order_by(Callback.due_at, Callback.id)))


def get(session: Session, callback_id: uuid.UUID) -> CallbackInfo:
    return _info(session, callback_id)


def record_outcome(session: Session, callback_id: uuid.UUID, outcome: CallbackOutcome, *,
                   now: datetime, call_log_id: uuid.UUID | None = None,
                   reschedule_to: datetime | None = None) -> CallbackInfo | None:
    """Close a callback with its outcome and the call made for it. ``rescheduled`` needs
    ``reschedule_to``: a new callback due then (returned) takes its place. Reached: the
    missed calls of its number up to ``now`` are seen. Returns the new callback, if any."""
    row = session.get(Callback, callback_id)
    if row is None:
        raise CaseError("no_such_callback")
    if row.done_at is not None:
        raise CaseError("callback_done")
    outcome = CallbackOutcome(outcome)
    if outcome is CallbackOutcome.RESCHEDULED and reschedule_to is None:
        raise CaseError("reschedule_needs_time")
    row.outcome = outcome
    row.done_at = now
    row.call_log_id = call_log_id or row.call_log_id
    if outcome is CallbackOutcome.REACHED:
        _close_missed(session, row, now)
    if outcome is not CallbackOutcome.RESCHEDULED or reschedule_to is None:
        session.flush()
        return None
    later = Callback(case_id=row.case_id, contact_id=row.contact_id,
                        customer_id=row.customer_id, number=row.number,
                        number_key=row.number_key, due_at=reschedule_to, agent_id=row.agent_id,
                        reason=row.reason, language=row.language, priority=row.priority,
                        source=row.source, missed_call_id=row.missed_call_id,
                        rescheduled_from=row.id)
    session.add(later)
    session.flush()
    return _info(session, later.id)


def _close_missed(session: Session, row: Callback, now: datetime) -> int:
    """The customer was reached: their missed calls (this number's, and the one the callback
    was for) are dealt with, the badge counts them no more."""
    which = CallLog.number_key == row.number_key
    if row.missed_call_id is not None:
        which = which | (CallLog.id == row.missed_call_id)
    result: Any = session.execute(
        update(CallLog)
        .where(CallLog.outcome == Outcome.MISSED, CallLog.seen_at.is_(None),
               CallLog.started_at <= now, which)
        .values(seen_at=now).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


# -- reading ------------------------------------------------------------------------------------


def _select() -> Any:
    return (select(Callback, Case.number, Case.title, Customer.company, Contact.name)
            .outerjoin(Case, Case.id == Callback.case_id)
            .outerjoin(Customer, Customer.id == Callback.customer_id)
            .outerjoin(Contact, Contact.id == Callback.contact_id))


def _info(session: Session, callback_id: uuid.UUID) -> CallbackInfo:
    found = session.execute(_select().where(Callback.id == callback_id)).first()
    if found is None:
        raise CaseError("no_such_callback")
    return _from_row(found)


def _from_row(r: Any) -> CallbackInfo:
    row: Callback = r[0]
    return CallbackInfo(
        id=row.id, due_at=row.due_at, number=row.number, case_id=row.case_id,
        case_number=r[1] or "", case_title=r[2] or "", company=r[3] or "",
        contact_name=r[4] or "", reason=row.reason, language=row.language,
        priority=row.priority, source=row.source, missed_call_id=row.missed_call_id,
        agent_id=row.agent_id, done_at=row.done_at, outcome=row.outcome)
