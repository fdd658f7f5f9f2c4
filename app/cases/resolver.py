"""Screen-pop: which SR is this call about? Answered from the INVITE before the agent says hello.

Order: an SR number in a header (``X-Case-Number``, or RFC 7433 ``User-to-User`` data from an
IVR) -> a customer id header -> the caller's number. One open SR opens; several come ranked
(open before closed, the caller's own before colleagues', most recently updated first); none
gives a new-SR draft, which becomes an SR only when the agent saves it.
"""

from __future__ import annotations

import binascii
import enum
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.cases.models import (
    OPEN_STATUSES,
    CallLog,
    Case,
    Contact,
    Customer,
    Language,
    MatchedBy,
    Outcome,
    PhoneNumber,
    utcnow,
)
from app.cases.numbers import CallerKind, NormalizedNumber, match_keys, normalize

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable, Mapping

    from sqlalchemy.orm import Session

SR_NUMBER = re.compile(r"\bSR-(\d{4})-(\d{6})\b", re.IGNORECASE)
MAX_CANDIDATES = 10
REPEAT_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class ResolverConfig:
    case_headers: tuple[str, ...] = ("X-Case-Number",)
    uui_headers: tuple[str, ...] = ("User-to-User",)
    customer_headers: tuple[str, ...] = ("X-Customer-Id",)
    language_headers: tuple[str, ...] = ("X-Caller-Language",)
    region: str = "JP"
    default_language: Language = Language.JA


class Pop(enum.StrEnum):
    CASE = "case"  # open this SR
    CANDIDATES = "candidates"  # let the agent pick (or start a new one)
    DRAFT = "draft"  # nothing fits: a new SR, prefilled, unsaved


@dataclass(frozen=True, slots=True)
class CaseSummary:
    id: uuid.UUID
    number: str
    title: str
    status: str
    priority: str
    priority_confirmed: bool
    updated_at: datetime
    contact_id: uuid.UUID | None
    customer_id: uuid.UUID | None
    own: bool  # the caller's own SR (not a colleague's at the same customer)


@dataclass(frozen=True, slots=True)
class Draft:
    number_raw: str
    number_e164: str | None
    contact_id: uuid.UUID | None
    contact_name: str
    customer_id: uuid.UUID | None
    company: str
    language: Language


@dataclass(frozen=True, slots=True)
class RepeatSummary:
    calls: int  # from this number within the window, this call not counted
    last_at: datetime | None = None
    last_outcome: str = ""
    last_disposition: str = ""


@dataclass(frozen=True, slots=True)
class Resolution:
    pop: Pop
    matched_by: MatchedBy
    caller: NormalizedNumber
    case: CaseSummary | None
    candidates: tuple[CaseSummary, ...]
    draft: Draft
    repeat: RepeatSummary
    contact_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None
    why: tuple[str, ...] = field(default=())  # for the log: what was tried and why it fell through

    @property
    def case_id(self) -> uuid.UUID | None:
        return self.case.id if self.case else None


def _header(headers: Mapping[str, str], names: Iterable[str]) -> tuple[str, str] | None:
    lowered = {k.lower(): (k, v) for k, v in headers.items()}
    for name in names:
        hit = lowered.get(name.lower())
        if hit and hit[1].strip():
            return hit
    return None


def sr_numbers_in(text: str) -> list[str]:
    return [f"SR-{m.group(1)}-{m.group(2)}" for m in SR_NUMBER.finditer(text[:1024])]


def decode_uui(value: str) -> str:
    """RFC 7433 User-to-User: hex by default (``;encoding=hex``); anything else as text."""
    data, _, params = value.partition(";")
    data = data.strip()
    if "encoding=" not in params.lower() or "encoding=hex" in params.lower():
        try:
            return binascii.unhexlify(data[:512]).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            pass
    return data


def language_from(text: str) -> Language | None:
    code = text.strip().lower().replace("_", "-").split("-")[0]
    try:
        return Language(code)
    except ValueError:
        return None


class Resolver:
    def __init__(self, config: ResolverConfig | None = None) -> None:
        self.config = config or ResolverConfig()

    def resolve(self, session: Session, number: str, headers: Mapping[str, str] | None = None,
                *, now: datetime | None = None, exclude_call: uuid.UUID | None = None
                ) -> Resolution:
        headers = headers or {}
        now = now or utcnow()
        caller = normalize(number, self.config.region)
        keys = match_keys(number, self.config.region)
        why: list[str] = []
        repeat = self._repeat(session, keys, now, exclude_call)
        language = None
        if hit := _header(headers, self.config.language_headers):
            language = language_from(hit[1])

        # 1. The SR the IVR (or a transferring colleague) named.
        for name, text in self._case_header_values(headers):
            for sr in sr_numbers_in(text):
                case = session.scalars(select(Case).where(Case.number == sr.upper())).first()
                if case is not None:
                    summary = _summary(case, own=True)
                    return Resolution(Pop.CASE, MatchedBy.CASE_HEADER, caller, summary, (),
                                      self._draft(session, caller, case.contact_id,
                                                  case.customer_id, language),
                                      repeat, case.contact_id, case.customer_id, tuple(why))
                why.append(f"{name} names {sr}, which does not exist")
            if not sr_numbers_in(text):
                why.append(f"{name} holds no SR number")

        # 2. The customer the IVR identified.
        if hit := _header(headers, self.config.customer_headers):
            name, code = hit
            customer = session.scalars(
                select(Customer).where(Customer.code == code.strip()[:64])).first()
            if customer is not None:
                cases = self._open_cases(session, [], [customer.id], own_contacts=set())
                return self._decide(session, caller, MatchedBy.CUSTOMER_HEADER, cases, [],
                                    None, customer.id, language, repeat, why, one_opens=True)
            why.append(f"{name} names customer {code.strip()[:64]!r}, which does not exist")

        # 3. The caller's number.
        if caller.kind is not CallerKind.NUMBER or not keys:
            why.append(f"caller is {caller.kind.value}")
            return Resolution(Pop.DRAFT, MatchedBy.NONE, caller, None, (),
                              self._draft(session, caller, None, None, language), repeat,
                              why=tuple(why))
        rows = session.execute(
            select(PhoneNumber.contact_id, PhoneNumber.customer_id, Contact.customer_id)
            .outerjoin(Contact, Contact.id == PhoneNumber.contact_id)
            .where(PhoneNumber.match_key.in_(keys))
            .limit(50)
        ).all()
        contacts = sorted({r[0] for r in rows if r[0] is not None})
        customers = sorted({c for r in rows for c in (r[1], r[2]) if c is not None})
        if not contacts and not customers:
            why.append(f"no contact with number {caller.match_key}")
            return Resolution(Pop.DRAFT, MatchedBy.NONE, caller, None, (),
                              self._draft(session, caller, None, None, language), repeat,
                              why=tuple(why))
        cases = self._open_cases(session, contacts, customers, own_contacts=set(contacts))
        contact_id = contacts[0] if len(contacts) == 1 else None
        customer_id = customers[0] if len(customers) == 1 else None
        # A company's main line (no person) opens its one open SR; a person opens their own.
        return self._decide(session, caller, MatchedBy.NUMBER, cases, contacts, contact_id,
                            customer_id, language, repeat, why,
                            one_opens=not contacts)

    def _case_header_values(self, headers: Mapping[str, str]) -> list[tuple[str, str]]:
        found = []
        if hit := _header(headers, self.config.case_headers):
            found.append(hit)
        if hit := _header(headers, self.config.uui_headers):
            found.append((hit[0], decode_uui(hit[1])))
        return found

    def _open_cases(self, session: Session, contacts: list[uuid.UUID],
                    customers: list[uuid.UUID], own_contacts: set[uuid.UUID]
                    ) -> list[CaseSummary]:
        """The caller's SRs and their company's, ranked, at most MAX_CANDIDATES + 1."""
        found: dict[uuid.UUID, Case] = {}
        limit = MAX_CANDIDATES + 1
        for column, ids in ((Case.contact_id, contacts), (Case.customer_id, customers)):
            if not ids:
                continue
            for statuses in (OPEN_STATUSES, None):
                query = select(Case).where(column.in_(ids))
                query = (query.where(Case.status.in_(statuses)) if statuses
                         else query.where(Case.status.not_in(OPEN_STATUSES)))
                for case in session.scalars(query.order_by(Case.updated_at.desc()).limit(limit)):
                    found.setdefault(case.id, case)
        summaries = [_summary(c, own=c.contact_id in own_contacts) for c in found.values()]
        summaries.sort(key=lambda s: (s.status not in OPEN_STATUSES, not s.own,
                                      -s.updated_at.timestamp()))
        return summaries[:limit]

    def _decide(self, session: Session, caller: NormalizedNumber, matched_by: MatchedBy,
                cases: list[CaseSummary], contacts: list[uuid.UUID],
                contact_id: uuid.UUID | None, customer_id: uuid.UUID | None,
                language: Language | None, repeat: RepeatSummary, why: list[str],
                *, one_opens: bool) -> Resolution:
        draft = self._draft(session, caller, contact_id, customer_id, language)
        open_cases = [c for c in cases if c.status in OPEN_STATUSES]
        own_open = [c for c in open_cases if c.own]
        deciding = own_open if contacts else open_cases
        if len(deciding) == 1 and (contacts or one_opens):
            return Resolution(Pop.CASE, matched_by, caller, deciding[0],
                              tuple(cases[:MAX_CANDIDATES]), draft, repeat, contact_id,
                              customer_id, tuple(why))
        if open_cases:
            return Resolution(Pop.CANDIDATES, matched_by, caller, None,
                              tuple(cases[:MAX_CANDIDATES]), draft, repeat, contact_id,
                              customer_id, tuple(why))
        why.append("no open SR")
        return Resolution(Pop.DRAFT, matched_by, caller, None, tuple(cases[:MAX_CANDIDATES]),
                          draft, repeat, contact_id, customer_id, tuple(why))

    def _draft(self, session: Session, caller: NormalizedNumber, contact_id: uuid.UUID | None,
               customer_id: uuid.UUID | None, language: Language | None) -> Draft:
        contact = session.get(Contact, contact_id) if contact_id else None
        if customer_id is None and contact is not None:
            customer_id = contact.customer_id
        customer = session.get(Customer, customer_id) if customer_id else None
        chosen = (language or (contact.language if contact else None)
                  or (customer.language if customer else None) or self.config.default_language)
        return Draft(
            number_raw=caller.raw,
            number_e164=caller.e164,
            contact_id=contact.id if contact else None,
            contact_name=contact.name if contact else "",
            customer_id=customer.id if customer else None,
            company=customer.company if customer else "",
            language=chosen,
        )

    def _repeat(self, session: Session, keys: list[str], now: datetime,
                exclude: uuid.UUID | None) -> RepeatSummary:
        if not keys:
            return RepeatSummary(0)
        where = [CallLog.number_key.in_(keys), CallLog.started_at >= now - REPEAT_WINDOW]
        if exclude is not None:
            where.append(CallLog.id != exclude)
        count = session.scalar(select(func.count()).select_from(CallLog).where(*where)) or 0
        if not count:
            return RepeatSummary(0)
        last = session.scalars(select(CallLog).where(*where)
                               .order_by(CallLog.started_at.desc()).limit(1)).first()
        assert last is not None
        outcome = last.outcome.value if isinstance(last.outcome, Outcome) else "live"
        return RepeatSummary(count, last.started_at, outcome, last.disposition_code or "")


def _summary(case: Case, *, own: bool) -> CaseSummary:
    return CaseSummary(
        id=case.id, number=case.number, title=case.title, status=case.status,
        priority=case.priority, priority_confirmed=case.priority_confirmed,
        updated_at=case.updated_at, contact_id=case.contact_id, customer_id=case.customer_id,
        own=own,
    )
