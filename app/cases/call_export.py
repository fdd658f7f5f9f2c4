"""Call logs with everything a report needs (caller, SR, agent, disposition labels), streamed.

For ``caseline calls list`` and ``calls export``: one query with the joins, read a batch at a
time (``yield_per``) so that exporting a year of calls holds one batch in memory, not the year.
Columns, not ORM objects: nothing collects in the session's identity map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import asc, desc, select

from app.cases.choices import Choice
from app.cases.models import (
    Agent,
    CallLog,
    Case,
    Contact,
    Customer,
    Direction,
    Disposition,
    MatchedBy,
    Outcome,
)

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from datetime import datetime

    from sqlalchemy.orm import Session

BATCH = 1000  # rows fetched from SQLite at a time


@dataclass(frozen=True, slots=True)
class CallRecord:
    id: uuid.UUID
    started_at: datetime  # aware, UTC
    ended_at: datetime | None
    direction: Direction
    outcome: Outcome | None  # None: the call is still live
    number_raw: str
    number_e164: str
    display_name: str  # as the caller ID gave it: peer text, cleaned but not trusted
    contact_name: str
    company: str
    case_number: str
    case_title: str
    agent_name: str
    matched_by: MatchedBy
    ring_seconds: float
    talk_seconds: float
    hold_seconds: float
    disposition_code: str
    disposition_en: str
    disposition_ja: str
    disposition_zh: str
    end_reason: str
    account: str
    sip_call_id: str

    def disposition_label(self, language: str) -> str:
        """``language``: a Qt/BCP 47 name (``ja_JP``, ``zh_CN``); English otherwise."""
        if not self.disposition_code:
            return ""
        label = Choice(self.disposition_code, self.disposition_en, self.disposition_ja,
                       self.disposition_zh).label(language)
        return label or self.disposition_code


def records(session: Session, *, since: datetime | None = None, limit: int | None = None,
            newest_first: bool = True) -> Iterator[CallRecord]:
    """Calls that started at or after ``since``, by start time (the ``started_at`` index)."""
    order = desc if newest_first else asc
    stmt = (
        select(
            CallLog.id, CallLog.started_at, CallLog.ended_at, CallLog.direction,
            CallLog.outcome, CallLog.number_raw, CallLog.number_e164, CallLog.display_name,
            CallLog.matched_by, CallLog.ring_seconds, CallLog.talk_seconds,
            CallLog.hold_seconds, CallLog.disposition_code, CallLog.end_reason,
            CallLog.account, CallLog.sip_call_id,
            Contact.name.label("contact_name"), Customer.company, Case.number, Case.title,
            Agent.name.label("agent_name"),
            Disposition.label_en, Disposition.label_ja, Disposition.label_zh,
        )
        .outerjoin(Contact, Contact.id == CallLog.contact_id)
        .outerjoin(Customer, Customer.id == CallLog.customer_id)
        .outerjoin(Case, Case.id == CallLog.case_id)
        .outerjoin(Agent, Agent.id == CallLog.agent_id)
        .outerjoin(Disposition, Disposition.code == CallLog.disposition_code)
        .order_by(order(CallLog.started_at), order(CallLog.id))
    )
    if since is not None:
        stmt = stmt.where(CallLog.started_at >= since)
    if limit:
        stmt = stmt.limit(limit)
    for row in session.execute(stmt.execution_options(yield_per=BATCH)):
        yield _record(row)


def _record(r: Any) -> CallRecord:
    return CallRecord(
        id=r.id, started_at=r.started_at, ended_at=r.ended_at, direction=r.direction,
        outcome=r.outcome, number_raw=r.number_raw or "", number_e164=r.number_e164 or "",
        display_name=r.display_name or "", contact_name=r.contact_name or "",
        company=r.company or "", case_number=r.number or "", case_title=r.title or "",
        agent_name=r.agent_name or "", matched_by=r.matched_by,
        ring_seconds=r.ring_seconds, talk_seconds=r.talk_seconds, hold_seconds=r.hold_seconds,
        disposition_code=r.disposition_code or "", disposition_en=r.label_en or "",
        disposition_ja=r.label_ja or "", disposition_zh=r.label_zh or "",
        end_reason=r.end_reason or "", account=r.account or "", sip_call_id=r.sip_call_id or "",
    )
