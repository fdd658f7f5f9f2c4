"""What the SR screens read and change: plain frozen rows in, plain frozen rows out.

The desktop never holds an ORM object: every function here takes the session first (it runs on a
Workspace reader or on the writer thread) and returns frozen dataclasses of plain values, so the
result can cross into the Qt thread safely. Search stays on indexes or on the small tables
(customers, contacts): a million SRs are only ever reached through an index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Uuid, and_, delete, func, literal_column, or_, select
from sqlalchemy.orm import InstrumentedAttribute, aliased
from sqlalchemy.orm.exc import StaleDataError

from app.cases.calls import CallLogService
from app.cases.choices import Choice
from app.cases.models import (
    OPEN_STATUSES,
    Agent,
    CallLog,
    Case,
    CaseEscalation,
    CaseStatus,
    Contact,
    Customer,
    Direction,
    Disposition,
    Language,
    MatchedBy,
    Note,
    NoteDraft,
    Outcome,
    PhoneNumber,
    Priority,
    utcnow,
)
from app.cases.numbers import CallerKind, match_keys, normalize
from app.cases.service import MAX_BODY, MAX_TITLE, CaseError, add_note, create_case, draft_key
from app.cases.translations import TranslationInfo, case_translations
from app.cases.wrapup import attach_call_note

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable
    from datetime import datetime

    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.orm import Session

    from app.cases.resolver import Draft

MAX_QUEUE = 64
MAX_NAME = 255
NOTES_SHOWN = 200  # an SR's timeline shows the newest; the count says how many there are
CALLS_SHOWN = 100
SEARCH_MAX = 200
_MATCHED_CUSTOMERS = 20  # "株式会社" matches every company: the newest of a few is enough
_MATCHED_CONTACTS = 50
_MAX_QUERY = 100
_WALK_FROM = 5000  # SRs in one group from which the updated_at index beats a sort
_SPLIT_NAMES_UP_TO = 5  # "山田太郎" is also tried as "山田 太郎" etc.: one pattern per gap


# -- read models ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    id: uuid.UUID
    code: str
    company: str
    language: Language


@dataclass(frozen=True, slots=True)
class ContactInfo:
    id: uuid.UUID
    name: str
    email: str
    language: Language | None


@dataclass(frozen=True, slots=True)
class NumberInfo:
    raw: str
    e164: str | None
    label: str
    of_contact: bool  # the person's own number, not the company's main line

    @property
    def dial_string(self) -> str:
        return self.e164 or self.raw


@dataclass(frozen=True, slots=True)
class NoteInfo:
    id: uuid.UUID
    body: str
    author: str  # "" when the note has no author (imported, or written before agents existed)
    created_at: datetime
    language: Language
    call_log_id: uuid.UUID | None
    call_started_at: datetime | None
    call_direction: Direction | None
    translation_of: uuid.UUID | None = None  # the note this one translates


@dataclass(frozen=True, slots=True)
class CallInfo:
    id: uuid.UUID
    started_at: datetime
    direction: Direction
    outcome: Outcome | None  # None: still live
    talk_seconds: float
    number: str
    disposition_code: str | None
    disposition: Choice | None  # its labels in ja/en/zh, when the code is configured
    # A leg of a translation (CallLog.work, app.cases.handoff): "translation" (this PC's agent
    # translated) or "translated" (the agent's leg to the translator); "" for a plain call.
    work: str = ""
    translator: str = ""  # who translated, on such a leg: the agent, or the party called
    # The SR's escalation made with this call (an attended transfer, a translator who kept
    # the caller): to whom, and the reason's code ("" when none).
    escalated_to: str = ""
    escalation_reason: str = ""

    @property
    def translation_minutes(self) -> int:
        """The leg's talk time as translation work, in whole minutes (at least 1 once talked)."""
        return max(1, round(self.talk_seconds / 60)) if self.talk_seconds > 0 else 0


@dataclass(frozen=True, slots=True)
class DraftText:
    key: str
    body: str
    language: Language
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: uuid.UUID
    number: str
    title: str
    description: str
    status: CaseStatus
    priority: Priority
    priority_confirmed: bool
    priority_confirmed_at: datetime | None
    language: Language
    queue: str
    version: int
    created_at: datetime
    updated_at: datetime
    owner: str
    customer: CustomerInfo | None
    contact: ContactInfo | None
    numbers: tuple[NumberInfo, ...]  # the contact's first, then the customer's
    notes: tuple[NoteInfo, ...]  # newest first, at most NOTES_SHOWN
    notes_total: int
    calls: tuple[CallInfo, ...]  # newest first, at most CALLS_SHOWN
    calls_total: int
    draft: DraftText | None  # an unsaved note for this SR (or for the call it is open in)
    translations: tuple[TranslationInfo, ...] = ()  # requested and done, oldest first


@dataclass(frozen=True, slots=True)
class CaseHit:
    """One search result."""

    id: uuid.UUID
    number: str
    title: str
    status: CaseStatus
    priority: Priority
    priority_confirmed: bool
    company: str
    contact: str
    updated_at: datetime
    matched: str  # "number", "phone", "code", "contact", "company": what the text matched


# -- reading an SR ---------------------------------------------------------------------------


def case_detail(session: Session, case_id: uuid.UUID, *, engine_call_id: str = "") -> CaseDetail:
    """Everything the SR view shows, in one read. ``engine_call_id``: the call it is open in,
    whose note draft wins over the SR's own."""
    case = session.get(Case, case_id)
    if case is None:
        raise CaseError("no_such_case", str(case_id))
    customer = session.get(Customer, case.customer_id) if case.customer_id else None
    contact = session.get(Contact, case.contact_id) if case.contact_id else None
    owner = session.get(Agent, case.owner_id) if case.owner_id else None
    return CaseDetail(
        id=case.id, number=case.number, title=case.title, description=case.description,
        status=case.status, priority=case.priority, priority_confirmed=case.priority_confirmed,
        priority_confirmed_at=case.priority_confirmed_at, language=case.language,
        queue=case.queue, version=case.version, created_at=case.created_at,
        updated_at=case.updated_at, owner=owner.name if owner else "",
        customer=(CustomerInfo(customer.id, customer.code, customer.company, customer.language)
                  if customer else None),
        contact=(ContactInfo(contact.id, contact.name, contact.email or "", contact.language)
                 if contact else None),
        numbers=_numbers(session, case.contact_id, case.customer_id),
        notes=_notes(session, case.id),
        notes_total=session.scalar(select(func.count()).select_from(Note)
                                   .where(Note.case_id == case.id)) or 0,
        calls=_calls(session, case.id),
        calls_total=session.scalar(select(func.count()).select_from(CallLog)
                                   .where(CallLog.case_id == case.id)) or 0,
        draft=_draft(session, case.id, engine_call_id),
        translations=case_translations(session, case.id),
    )


def _numbers(session: Session, contact_id: uuid.UUID | None,
             customer_id: uuid.UUID | None) -> tuple[NumberInfo, ...]:
    found: list[NumberInfo] = []
    if contact_id is not None:
        rows = session.scalars(select(PhoneNumber).where(PhoneNumber.contact_id == contact_id)
                               .order_by(PhoneNumber.label, PhoneNumber.raw))
        found += [NumberInfo(r.raw, r.e164, r.label, of_contact=True) for r in rows]
    if customer_id is not None:
        rows = session.scalars(select(PhoneNumber).where(PhoneNumber.customer_id == customer_id,
                                                         PhoneNumber.contact_id.is_(None))
                               .order_by(PhoneNumber.label, PhoneNumber.raw))
        found += [NumberInfo(r.raw, r.e164, r.label, of_contact=False) for r in rows]
    return tuple(found)


def _notes(session: Session, case_id: uuid.UUID) -> tuple[NoteInfo, ...]:
    rows = session.execute(
        select(Note, Agent.name, CallLog.started_at, CallLog.direction)
        .outerjoin(Agent, Agent.id == Note.author_id)
        .outerjoin(CallLog, CallLog.id == Note.call_log_id)
        .where(Note.case_id == case_id)
        .order_by(Note.created_at.desc(), Note.id.desc())
        .limit(NOTES_SHOWN))
    return tuple(NoteInfo(note.id, note.body, author or "", note.created_at, note.language,
                          note.call_log_id, started, direction, note.translation_of)
                 for note, author, started, direction in rows)


def _calls(session: Session, case_id: uuid.UUID) -> tuple[CallInfo, ...]:
    rows = session.execute(
        select(CallLog, Disposition, Agent.name)
        .outerjoin(Disposition, Disposition.code == CallLog.disposition_code)
        .outerjoin(Agent, Agent.id == CallLog.agent_id)
        .where(CallLog.case_id == case_id)
        .order_by(CallLog.started_at.desc())
        .limit(CALLS_SHOWN)).all()
    # The translator of the agent's leg to them: a colleague's name, where the team knows them.
    identities = {_identity(c.remote_uri) for c, _, _ in rows if c.work == "translated"}
    colleagues = {identity: name for identity, name in session.execute(
        select(Agent.sip_identity, Agent.name).where(Agent.sip_identity.in_(identities)))}
    escalations = {e.call_log_id: e for e in session.scalars(
        select(CaseEscalation).where(CaseEscalation.case_id == case_id,
                                     CaseEscalation.call_log_id.in_([c.id for c, _, _ in rows])))}
    return tuple(
        CallInfo(call.id, call.started_at, call.direction, call.outcome, call.talk_seconds,
                 call.number_raw, call.disposition_code,
                 Choice(d.code, d.label_en, d.label_ja, d.label_zh, d.resolves) if d else None,
                 work=call.work, translator=_translator(call, agent, colleagues),
                 escalated_to=e.to_target if (e := escalations.get(call.id)) else "",
                 escalation_reason=e.reason_code if e else "")
        for call, d, agent in rows)


def _translator(call: CallLog, agent: str | None, colleagues: dict[str, str]) -> str:
    """Who translated on a translation leg: this PC's agent on their own leg, the party the
    agent called on the leg to them (by name when a colleague)."""
    if call.work == "translation":
        return agent or ""
    if call.work == "translated":
        return (colleagues.get(_identity(call.remote_uri)) or call.display_name
                or call.number_raw or call.remote_uri)
    return ""


def _identity(uri: str) -> str:
    """user@host of a SIP URI, as agents' sip_identity holds it."""
    return uri.split(":", 1)[-1].split(";", 1)[0].split("?", 1)[0]


def _draft(session: Session, case_id: uuid.UUID, engine_call_id: str) -> DraftText | None:
    keys = [draft_key(engine_call_id=engine_call_id)] if engine_call_id else []
    keys.append(draft_key(case_id=case_id))
    rows = {d.key: d for d in session.scalars(select(NoteDraft).where(NoteDraft.key.in_(keys)))}
    for key in keys:  # the call's draft first: it is what the agent typed last in this call
        row = rows.get(key)
        if row is not None and row.body.strip():
            return DraftText(row.key, row.body, row.language, row.updated_at)
    return None


# -- changing an SR --------------------------------------------------------------------------


def _title(title: str) -> str:
    clean = " ".join(title.split())
    if not clean:
        raise CaseError("title_required")
    if len(clean) > MAX_TITLE:
        raise CaseError("title_too_long", str(len(clean)))
    return clean


def _queue(queue: str) -> str:
    clean = queue.strip()
    if len(clean) > MAX_QUEUE:
        raise CaseError("queue_too_long", str(len(clean)))
    return clean


def _description(description: str) -> str:
    if len(description) > MAX_BODY:
        raise CaseError("description_too_long", str(len(description)))
    return description


def _status(status: CaseStatus | str) -> CaseStatus:
    try:
        return CaseStatus(status)
    except ValueError:
        raise CaseError("bad_status", str(status)[:40]) from None


def _priority(priority: Priority | str) -> Priority:
    try:
        return Priority(priority)
    except ValueError:
        raise CaseError("bad_priority", str(priority)[:40]) from None


def update_case(session: Session, case_id: uuid.UUID, expected_version: int, *, title: str,
                description: str, status: CaseStatus | str, priority: Priority | str,
                queue: str) -> CaseDetail:
    """Save the agent's edit of an SR, unless someone saved another since they loaded it.

    ``CaseError`` codes: title_required, title_too_long, queue_too_long, description_too_long,
    bad_status, bad_priority, no_such_case, stale (the SR changed since ``expected_version``).
    """
    values = {"title": _title(title), "description": _description(description),
              "status": _status(status), "priority": _priority(priority), "queue": _queue(queue)}
    case = session.get(Case, case_id)
    if case is None:
        raise CaseError("no_such_case", str(case_id))
    if case.version != expected_version:
        raise CaseError("stale", f"version {case.version}, expected {expected_version}")
    changed = {k: v for k, v in values.items() if getattr(case, k) != v}
    if changed:
        for name, value in changed.items():
            setattr(case, name, value)
        case.updated_at = utcnow()
        try:
            session.flush()  # the version check in the UPDATE itself closes the last race
        except StaleDataError:
            raise CaseError("stale", "changed while saving") from None
    return case_detail(session, case_id)


def confirm_priority_detail(session: Session, case_id: uuid.UUID,
                            priority: Priority | str) -> CaseDetail:
    """The caller agreed to this priority (the banner in a call)."""
    case = session.get(Case, case_id)
    if case is None:
        raise CaseError("no_such_case", str(case_id))
    now = utcnow()
    case.priority = _priority(priority)
    case.priority_confirmed = True
    case.priority_confirmed_at = now
    case.updated_at = now
    session.flush()
    return case_detail(session, case_id)


def _call_row(session: Session, engine_call_id: str,
              call_log_id: uuid.UUID | None) -> CallLog | None:
    if call_log_id is not None:
        return session.get(CallLog, call_log_id)
    if engine_call_id:
        return CallLogService().find(session, engine_call_id)
    return None


def create_case_from_draft(session: Session, draft: Draft, *, title: str, description: str = "",
                           priority: Priority | str = Priority.P3,
                           priority_confirmed: bool = False, queue: str = "",
                           language: Language | None = None, contact_name: str = "",
                           engine_call_id: str = "", call_log_id: uuid.UUID | None = None,
                           owner_id: uuid.UUID | None = None,
                           region: str = "JP") -> CaseDetail:
    """Save the screen-pop's draft as a new SR and bind the call it came from to it.

    An unknown caller whose name the agent typed (``contact_name``) becomes a contact with the
    caller's number, so their next call finds this SR by itself.
    """
    clean_title = _title(title)
    clean_queue = _queue(queue)
    clean_description = _description(description)
    chosen_priority = _priority(priority)
    name = " ".join(contact_name.split())
    if len(name) > MAX_NAME:
        raise CaseError("contact_name_too_long", str(len(name)))
    if draft.contact_id is None and name:
        contact = Contact(customer_id=draft.customer_id, name=name,
                          language=language or draft.language)
        session.add(contact)
        session.flush()
        key = normalize(draft.number_raw, region).match_key
        taken = key and session.scalar(select(PhoneNumber.id)
                                       .where(PhoneNumber.match_key == key).limit(1))
        if key and not taken:  # a company's main line stays the company's
            session.add(PhoneNumber(contact_id=contact.id, raw=draft.number_raw[:64],
                                    e164=draft.number_e164, match_key=key))
        draft = replace(draft, contact_id=contact.id)
    case = create_case(session, draft, title=clean_title, description=clean_description,
                       priority=chosen_priority, priority_confirmed=priority_confirmed,
                       queue=clean_queue, owner_id=owner_id, language=language)
    row = _call_row(session, engine_call_id, call_log_id)
    if row is not None:
        CallLogService().bind(row, case_id=case.id, contact_id=row.contact_id or case.contact_id,
                              customer_id=row.customer_id or case.customer_id,
                              matched_by=MatchedBy.AGENT, detail=f"created {case.number}")
        # A note typed before the SR existed now has somewhere to go.
        for pending in session.scalars(select(NoteDraft).where(
                NoteDraft.key.in_(_call_keys(engine_call_id, row.id)),
                NoteDraft.case_id.is_(None))):
            pending.case_id = case.id
        attach_call_note(session, row)  # the call ended with its note kept on its log
    session.flush()
    return case_detail(session, case.id, engine_call_id=engine_call_id)


def _call_keys(engine_call_id: str, call_log_id: uuid.UUID | None) -> list[str]:
    keys = []
    if engine_call_id:
        keys.append(draft_key(engine_call_id=engine_call_id))
    if call_log_id is not None:
        keys.append(draft_key(call_log_id=call_log_id))
    return keys


def add_case_note(session: Session, case_id: uuid.UUID, body: str, language: Language, *,
                  engine_call_id: str = "", call_log_id: uuid.UUID | None = None,
                  author_id: uuid.UUID | None = None) -> NoteInfo:
    """Append a note (tied to the call it was written in, if any); its drafts go away."""
    if len(body) > MAX_BODY:
        raise CaseError("note_too_long", str(len(body)))
    row = _call_row(session, engine_call_id, call_log_id)
    log_id = row.id if row is not None else None
    keys = [*_call_keys(engine_call_id, log_id), draft_key(case_id=case_id)]
    drafts = list(session.scalars(select(NoteDraft).where(NoteDraft.key.in_(keys))))
    if author_id is None:  # the Desk saved the call's draft with the signed-in agent
        author_id = next((d.author_id for d in drafts if d.author_id is not None), None)
    if author_id is None and row is not None:
        author_id = row.agent_id  # the agent who took the call wrote about it
    note = add_note(session, case_id, body, language, author_id=author_id, call_log_id=log_id)
    session.execute(delete(NoteDraft).where(NoteDraft.key.in_(keys)))
    author = session.get(Agent, author_id) if author_id else None
    return NoteInfo(note.id, note.body, author.name if author else "", note.created_at,
                    note.language, log_id, row.started_at if row else None,
                    row.direction if row else None)


# -- search ----------------------------------------------------------------------------------

# "SR-2026-000123", "sr 2026 0001", "SR2026000123", "SR-20", "2026-000123"
_SR_TEXT = re.compile(r"^SR[-\s]?(\d{0,4})(?:[-\s]?(\d{0,6}))?$|^(\d{4})-(\d{1,6})$",
                      re.IGNORECASE)

_CONTACT = aliased(Contact)
_CUSTOMER = aliased(Customer)
_HIT_COLUMNS = (Case.id, Case.number, Case.title, Case.status, Case.priority,
                Case.priority_confirmed, _CUSTOMER.company, _CONTACT.name, Case.updated_at)


def sr_prefix(text: str) -> str | None:
    """The SR-number prefix a typed text stands for, or None when it is no SR number."""
    m = _SR_TEXT.match(text.strip())
    if m is None:
        return None
    year, seq = (m.group(1) or "", m.group(2) or "") if m.group(3) is None else m.groups()[2:]
    if len(year) < 4:
        if seq:
            return None  # "SR-20-1" is no prefix of anything
        return f"SR-{year}" if year else "SR-"
    return f"SR-{year}-{seq}"


def _prefix_range(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    # A range, not LIKE: SQLite only uses an index for LIKE under case_sensitive_like.
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def _hits(session: Session, query: Select[*tuple[Any, ...]], matched: str,
          limit: int) -> list[CaseHit]:
    return [CaseHit(case_id, number, title, status, priority, confirmed, company or "",
                    contact or "", updated, matched)
            for case_id, number, title, status, priority, confirmed, company, contact, updated
            in session.execute(query.limit(limit))]


def _base_hits() -> Select[*tuple[Any, ...]]:
    return (select(*_HIT_COLUMNS)
            .outerjoin(_CUSTOMER, _CUSTOMER.id == Case.customer_id)
            .outerjoin(_CONTACT, _CONTACT.id == Case.contact_id))


def _like_text(text: str) -> str:
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def name_patterns(query: str) -> list[str]:
    """LIKE patterns (escape "/") for a typed name: a space matches any one character (an
    ideographic space too), and a CJK name typed without its space ("山田太郎") also matches
    "山田 太郎". Patterns instead of replace() on the column: LIKE alone is several times faster
    on a big contacts table."""
    words = query.split()
    patterns = ["%" + "_".join(_like_text(w) for w in words) + "%"]
    bare = "".join(words)
    if len(words) == 1 and not bare.isascii() and 2 <= len(bare) <= _SPLIT_NAMES_UP_TO:
        patterns += [f"%{_like_text(bare[:i])}_{_like_text(bare[i:])}%"
                     for i in range(1, len(bare))]
    return patterns


def _matches(session: Session,
             column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None],
             patterns: list[str]) -> ColumnElement[bool]:
    # SQLite's LIKE already ignores ASCII case (and lower() would cost a call per row);
    # PostgreSQL's does not, so it gets ILIKE.
    if session.get_bind().dialect.name == "sqlite":
        return or_(*(column.like(p, escape="/") for p in patterns))
    return or_(*(column.ilike(p, escape="/") for p in patterns))


def search_cases(session: Session, text: str, limit: int = 50, *,
                 region: str = "JP") -> list[CaseHit]:
    """SRs by number (exact or prefix), the caller's phone number in any format, customer code
    (exact or prefix), contact name or e-mail, company name. Best matches first: SR numbers,
    then phone, code, person, company; within each, open SRs before closed ones, newest first.

    SR numbers, phone numbers and codes are looked up on their indexes; names are matched inside
    the customers and contacts tables (far smaller than the SRs, and only when the text is not
    an SR number or a customer code) and lead to SRs through the (contact_id, status) and
    (customer_id, status) indexes. Titles are never scanned.
    """
    query = " ".join(text.split())[:_MAX_QUERY]
    limit = max(1, min(limit, SEARCH_MAX))
    if not query:
        return []
    found: list[CaseHit] = []

    prefix = sr_prefix(query)
    if prefix is not None:
        found += _hits(session, _base_hits().where(_prefix_range(Case.number, prefix))
                       .order_by(Case.number.desc()), "number", limit)

    number = normalize(query, region)
    if number.kind is CallerKind.NUMBER and sum(ch.isdigit() for ch in number.digits) >= 4:
        owners = session.execute(
            select(PhoneNumber.contact_id, PhoneNumber.customer_id)
            .where(PhoneNumber.match_key.in_(match_keys(query, region))).limit(50)).all()
        people = {person for person, _ in owners if person is not None}
        lines = {line for person, line in owners if line is not None and person is None}
        found += _cases_of(session, people, Case.contact_id, "phone", limit)
        found += _cases_of(session, lines, Case.customer_id, "phone", limit)

    codes = {query, query.upper()}
    by_code = session.execute(
        select(Customer.id, Customer.code)
        .where(or_(*(_prefix_range(Customer.code, c) for c in codes)))
        .order_by(Customer.code).limit(_MATCHED_CUSTOMERS)).all()
    found += _cases_of(session, {row[0] for row in by_code}, Case.customer_id, "code", limit)
    exact_code = any(row[1] in codes for row in by_code)

    # A name search reads whole tables: not for what is plainly an SR number or a code.
    if prefix is None and not exact_code and any(ch.isalpha() for ch in query):
        if "@" in query:
            person = _matches(session, Contact.email, [_like_text(query) + "%"])
        else:
            person = _matches(session, Contact.name, name_patterns(query))
        people = set(session.scalars(select(Contact.id).where(person)
                                     .limit(_MATCHED_CONTACTS)))
        found += _cases_of(session, people, Case.contact_id, "contact", limit)
        companies = set(session.scalars(
            select(Customer.id).where(_matches(session, Customer.company,
                                               name_patterns(query)))
            .limit(_MATCHED_CUSTOMERS)))
        found += _cases_of(session, companies, Case.customer_id, "company", limit)

    unique: dict[uuid.UUID, CaseHit] = {}
    for hit in found:
        unique.setdefault(hit.id, hit)
    return list(unique.values())[:limit]


def _cases_of(session: Session, ids: Iterable[uuid.UUID],
              column: InstrumentedAttribute[uuid.UUID | None], matched: str,
              limit: int) -> list[CaseHit]:
    """The SRs of some contacts or customers: open ones first, each group newest first."""
    wanted = sorted(ids)
    found: list[CaseHit] = []
    sqlite = session.get_bind().dialect.name == "sqlite"
    for group in (Case.status.in_(OPEN_STATUSES), Case.status.not_in(OPEN_STATUSES)):
        if not wanted or len(found) >= limit:
            break
        where = and_(column.in_(wanted), group)
        if sqlite and _at_least(session, column, where, _WALK_FROM):
            # Tens of thousands of SRs (a big customer's closed ones): sorting them all costs
            # a second; walking the updated_at index from the newest finds the first ones in a
            # few thousand steps. "+column" keeps SQLite off the (column, status) index.
            plain = literal_column(f"+{Case.__tablename__}.{column.key}", type_=Uuid())
            where = and_(plain.in_(wanted), group)
        found += _hits(session, _base_hits().where(where).order_by(Case.updated_at.desc()),
                       matched, limit - len(found))
    return found


def _at_least(session: Session, column: InstrumentedAttribute[uuid.UUID | None],
              where: ColumnElement[bool], count: int) -> bool:
    # Counted on the (column, status) index alone and capped: cheap however big the group.
    capped = select(column).where(where).limit(count).subquery()
    return (session.scalar(select(func.count()).select_from(capped)) or 0) >= count
