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
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select
from sqlalchemy import case as sa_case

from app.cases.models import (
    OPEN_STATUSES,
    CallLog,
    Case,
    Contact,
    Customer,
    Language,
    MatchedBy,
    PhoneNumber,
    utcnow,
)
from app.cases.numbers import CallerKind, NormalizedNumber, match_keys, normalize
from app.cases.service import find_case

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sqlalchemy.orm import Session

SR_NUMBER = re.compile(r"\bSR-(\d{4})-(\d{6})\b", re.IGNORECASE)
MAX_CANDIDATES = 10
REPEAT_WINDOW = timedelta(days=7)
REPEAT_CAP = 100  # "100 calls this week" is all anyone needs to know


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
                *, now: datetime | None = None, exclude_call: uuid.UUID | None = None,
                case_number: str = "") -> Resolution:
        """``case_number``: the SR an outbound call was dialled from, which decides first."""
        headers = headers or {}
        now = now or utcnow()
        caller = normalize(number, self.config.region)
        keys = match_keys(number, self.config.region)
        why: list[str] = []
        repeat = self._repeat(session, keys, now, exclude_call)
        language = None
        if hit := _header(headers, self.config.language_headers):
            language = language_from(hit[1])

        # 0. The SR the agent dialled from.
        if case_number and (case := find_case(session, case_number)) is not None:
            return Resolution(Pop.CASE, MatchedBy.DIALLED_FROM_CASE, caller,
                              _summary(case, own=True), (),
                              self._draft(session, caller, case.contact_id, case.customer_id,
                                          language),
                              repeat, case.contact_id, case.customer_id, tuple(why))
        if case_number:
            why.append(f"dialled from {case_number[:40]}, which does not exist")

        # 1. The SR the IVR (or a transferring colleague) named.
        for name, text in self._case_header_values(headers):
            for sr in sr_numbers_in(text):
                case = find_case(session, sr)
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
                cases = sorted(self._cases(session, [customer.id]), key=_rank)
                draft = self._draft(session, caller, None, customer.id, language)
                return self._decide(caller, MatchedBy.CUSTOMER_HEADER, cases, [], draft,
                                    None, customer.id, repeat, why, one_opens=True)
            why.append(f"{name} names customer {code.strip()[:64]!r}, which does not exist")

        # 3. The caller's number.
        if caller.kind is not CallerKind.NUMBER or not keys:
            why.append(f"caller is {caller.kind.value}")
            return Resolution(Pop.DRAFT, MatchedBy.NONE, caller, None, (),
                              self._draft(session, caller, None, None, language), repeat,
                              why=tuple(why))
        rows = session.execute(_PHONE, {"keys": keys}).all()
        contacts = sorted({r[0] for r in rows if r[0] is not None})
        customers = sorted({r[1] for r in rows if r[1] is not None})
        if not contacts and not customers:
            why.append(f"no contact with number {caller.match_key}")
            return Resolution(Pop.DRAFT, MatchedBy.NONE, caller, None, (),
                              self._draft(session, caller, None, None, language), repeat,
                              why=tuple(why))
        contact_id = contacts[0] if len(contacts) == 1 else None
        customer_id = customers[0] if len(customers) == 1 else None
        known = next((r for r in rows if r[0] == contact_id), rows[0])
        draft = Draft(
            number_raw=caller.raw, number_e164=caller.e164, contact_id=contact_id,
            contact_name=(known[2] or "") if contact_id else "",
            customer_id=customer_id, company=(known[4] or "") if customer_id else "",
            language=(language or (known[3] if contact_id else None)
                      or (known[5] if customer_id else None) or self.config.default_language),
        )
        own = ([CaseSummary(*row, own=True)
                for row in session.execute(_OWN, {"ids": contacts})] if contacts else [])
        own_open = [c for c in own if c.status in OPEN_STATUSES]
        if len(own_open) == 1:  # the common case: decided without the company's other SRs
            return Resolution(Pop.CASE, MatchedBy.NUMBER, caller, own_open[0],
                              tuple(own[:MAX_CANDIDATES]), draft, repeat, contact_id,
                              customer_id, tuple(why))
        seen = {c.id for c in own}
        others = [c for c in self._cases(session, customers, open_only=bool(contacts))
                  if c.id not in seen] if customers else []
        cases = sorted(own + others, key=_rank)[:MAX_CANDIDATES + 1]
        # A company's main line (no person) opens its one open SR; a person opens their own.
        return self._decide(caller, MatchedBy.NUMBER, cases, contacts, draft, contact_id,
                            customer_id, repeat, why, one_opens=not contacts)

    def _case_header_values(self, headers: Mapping[str, str]) -> list[tuple[str, str]]:
        found = []
        if hit := _header(headers, self.config.case_headers):
            found.append(hit)
        if hit := _header(headers, self.config.uui_headers):
            found.append((hit[0], decode_uui(hit[1])))
        return found

    def _cases(self, session: Session, customers: list[uuid.UUID], *,
               open_only: bool = False) -> list[CaseSummary]:
        """A company's SRs, newest first: open ones, then (unless ``open_only``) closed ones,
        each at most MAX_CANDIDATES + 1. Two index range scans, however big the company."""
        found = [CaseSummary(*row, own=False)
                 for row in session.execute(_CUSTOMER_OPEN, {"ids": customers})]
        if not open_only:
            found += [CaseSummary(*row, own=False)
                      for row in session.execute(_CUSTOMER_CLOSED, {"ids": customers})]
        return found

    def _decide(self, caller: NormalizedNumber, matched_by: MatchedBy,
                cases: list[CaseSummary], contacts: list[uuid.UUID], draft: Draft,
                contact_id: uuid.UUID | None, customer_id: uuid.UUID | None,
                repeat: RepeatSummary, why: list[str], *, one_opens: bool) -> Resolution:
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
        rows = session.execute(_REPEAT, {
            "keys": keys, "since": now - REPEAT_WINDOW, "exclude": exclude or _NO_ID}).all()
        if not rows:
            return RepeatSummary(0)
        at, outcome, disposition = rows[0]
        return RepeatSummary(len(rows), at, outcome.value if outcome else "live",
                             disposition or "")


_SUMMARY_COLUMNS = (Case.id, Case.number, Case.title, Case.status, Case.priority,
                    Case.priority_confirmed, Case.updated_at, Case.contact_id, Case.customer_id)


# Built once: constructing a statement costs more than running it on an indexed table.
_NO_ID = uuid.UUID(int=0)
_OWNER = func.coalesce(PhoneNumber.customer_id, Contact.customer_id)
_PHONE = (
    select(PhoneNumber.contact_id, _OWNER, Contact.name, Contact.language, Customer.company,
           Customer.language)
    .outerjoin(Contact, Contact.id == PhoneNumber.contact_id)
    .outerjoin(Customer, Customer.id == _OWNER)
    .where(PhoneNumber.match_key.in_(bindparam("keys", expanding=True)))
    .limit(50)
)
_REPEAT = (
    select(CallLog.started_at, CallLog.outcome, CallLog.disposition_code)
    .where(CallLog.number_key.in_(bindparam("keys", expanding=True)),
           CallLog.started_at >= bindparam("since"), CallLog.id != bindparam("exclude"))
    .order_by(CallLog.started_at.desc())
    .limit(REPEAT_CAP)
)
# A person has few SRs: one query, open ones first.
_OWN = (
    select(*_SUMMARY_COLUMNS)
    .where(Case.contact_id.in_(bindparam("ids", expanding=True)))
    .order_by(sa_case((Case.status.in_(OPEN_STATUSES), 0), else_=1), Case.updated_at.desc())
    .limit(MAX_CANDIDATES + 1)
)
_CUSTOMER_OPEN = (
    select(*_SUMMARY_COLUMNS)
    .where(Case.customer_id.in_(bindparam("ids", expanding=True)),
           Case.status.in_(OPEN_STATUSES))
    .order_by(Case.updated_at.desc()).limit(MAX_CANDIDATES + 1)
)
_CUSTOMER_CLOSED = (
    select(*_SUMMARY_COLUMNS)
    .where(Case.customer_id.in_(bindparam("ids", expanding=True)),
           Case.status.not_in(OPEN_STATUSES))
    .order_by(Case.updated_at.desc()).limit(MAX_CANDIDATES + 1)
)


def _rank(case: CaseSummary) -> tuple[bool, bool, float]:
    # open before closed, the caller's own before colleagues', newest first
    return (case.status not in OPEN_STATUSES, not case.own, -case.updated_at.timestamp())


def _summary(case: Case, *, own: bool) -> CaseSummary:
    return CaseSummary(
        id=case.id, number=case.number, title=case.title, status=case.status,
        priority=case.priority, priority_confirmed=case.priority_confirmed,
        updated_at=case.updated_at, contact_id=case.contact_id, customer_id=case.customer_id,
        own=own,
    )
