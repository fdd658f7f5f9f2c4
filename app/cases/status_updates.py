"""Status-update runs: SRs waiting on the customer that nobody has touched for a while.

``needing_update`` lists the SRs in ``pending-customer`` whose last touch (the SR's own last
change, its newest note, its newest call) is older than ``days``, the longest untouched first,
each with the number to call (the contact's first, else the company's main line). The agent
works through them call by call (app.ui.status_updates); each call's wrap-up note starts from
``note_template`` in the SR's language: it becomes a note of the SR, for the customer's side
of the file, so it is written in the SR's language, not the desktop's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.cases.casework import _numbers
from app.cases.models import (
    CallLog,
    Case,
    CaseStatus,
    Contact,
    Customer,
    Language,
    Note,
    Priority,
)

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session

DEFAULT_DAYS = 3
LISTED = 200

# The wrap-up note a status-update call starts from, per SR language ({number}: the SR).
TEMPLATES: dict[Language, str] = {
    Language.JA: "{number} の状況確認のお電話。お客様からのご回答待ち。お客様のお話: ",
    Language.EN: "Status update call for {number}: still waiting on the customer. "
                 "The customer said: ",
    Language.ZH: "{number} 状态跟进电话：仍在等待客户回复。客户表示：",
}


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    case_id: uuid.UUID
    case_number: str
    title: str
    company: str
    contact_name: str
    language: Language
    priority: Priority
    touched_at: datetime  # the last change, note or call
    number: str  # what to dial; "" when the SR has no number

    @property
    def who(self) -> str:
        return self.contact_name or self.company or self.case_number


def note_template(language: Language | str, case_number: str) -> str:
    return TEMPLATES[Language(language)].format(number=case_number)


def needing_update(session: Session, now: datetime, *, days: int = DEFAULT_DAYS,
                   limit: int = LISTED) -> tuple[StatusUpdate, ...]:
    """The pending-customer SRs untouched for ``days`` before ``now``, oldest touch first."""
    since = now - timedelta(days=max(0, days))
    last_note = (select(func.max(Note.created_at)).where(Note.case_id == Case.id)
                 .scalar_subquery())
    last_call = (select(func.max(CallLog.started_at)).where(CallLog.case_id == Case.id)
                 .scalar_subquery())
    rows = session.execute(
        select(Case, Customer.company, Contact.name, last_note, last_call)
        .outerjoin(Customer, Customer.id == Case.customer_id)
        .outerjoin(Contact, Contact.id == Case.contact_id)
        .where(Case.status == CaseStatus.PENDING_CUSTOMER, Case.updated_at < since))
    found: list[StatusUpdate] = []
    for case, company, contact, noted, called in rows:
        touched = max(t for t in (case.updated_at, noted, called) if t is not None)
        if touched >= since:
            continue
        numbers = _numbers(session, case.contact_id, case.customer_id)
        found.append(StatusUpdate(
            case_id=case.id, case_number=case.number, title=case.title, company=company or "",
            contact_name=contact or "", language=case.language, priority=case.priority,
            touched_at=touched, number=numbers[0].dial_string if numbers else ""))
    found.sort(key=lambda u: (u.touched_at, u.case_number))
    return tuple(found[:limit])

