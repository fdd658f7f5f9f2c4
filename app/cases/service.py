"""SRs, notes and note drafts: what an agent does to a case."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text

from app.cases.models import (
    Agent,
    BreakReason,
    Case,
    CaseCounter,
    CaseNumberBlock,
    CaseStatus,
    Language,
    Note,
    NoteDraft,
    Priority,
    Role,
    utcnow,
)

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session

    from app.cases.resolver import Draft

MAX_TITLE = 500
MAX_BODY = 100_000  # a note is text, not a file: 100 k characters is pages of it


class CaseError(ValueError):
    """``code`` is stable for translation."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# A number this PC gave while it had no number of the centre's left (offline): it shows as
# provisional, never leaves the PC, and the sync replaces it with one from a block. The "P"
# keeps it apart from final numbers (app.cases.resolver.SR_NUMBER matches only those).
PROVISIONAL = re.compile(r"^SR-\d{4}-P\d+$")


def is_provisional(number: str) -> bool:
    return PROVISIONAL.match(number) is not None


def allocate_number(session: Session, when: datetime | None = None) -> str:
    """The next SR number: from the blocks the centre gave this PC, final; with none left, a
    provisional SR-YYYY-Pnnnnnn; a store that never had a block counts its own, as before
    (the single writer thread serialises this)."""
    year = (when or utcnow()).year
    final = block_number(session, year)
    if final is not None:
        return final
    counter = session.get(CaseCounter, year)
    if counter is None:
        counter = CaseCounter(year=year, last=0, provisional=0)
        session.add(counter)
    if session.scalar(select(func.count()).select_from(CaseNumberBlock)) == 0:
        # A store no centre ever gave a block (standalone, the default): its own count is final.
        counter.last += 1
        session.flush()
        return f"SR-{year}-{counter.last:06d}"
    counter.provisional = (counter.provisional or 0) + 1
    session.flush()
    return f"SR-{year}-P{counter.provisional:06d}"


def block_number(session: Session, year: int | None = None) -> str | None:
    """The next number of this PC's blocks (of ``year``, if given), or None when none is left.
    One statement: the sync's confirmation and the desk's writer cannot take the same one.
    A number an SR here already has is passed over: a PC that counted its own numbers before
    it joined a centre holds some of its first block's (pushed as they are, being the PC's)."""
    while True:
        row = session.execute(text(
            "UPDATE case_number_blocks SET next = next + 1 WHERE rowid = ("
            " SELECT rowid FROM case_number_blocks WHERE next <= last"
            " AND (:year IS NULL OR year = :year) ORDER BY year, first LIMIT 1)"
            " RETURNING year, next - 1"), {"year": year}).first()
        if row is None:
            return None
        number = f"SR-{row[0]}-{row[1]:06d}"
        if session.scalar(select(Case.id).where(Case.number == number)) is None:
            return number


def numbers_left(session: Session, year: int) -> int:
    """How many numbers of ``year`` this PC may still give out as final."""
    return int(session.scalar(
        select(func.coalesce(func.sum(CaseNumberBlock.last - CaseNumberBlock.next + 1), 0))
        .where(CaseNumberBlock.year == year, CaseNumberBlock.next <= CaseNumberBlock.last))
        or 0)


def add_number_block(session: Session, year: int, first: int, last: int) -> None:
    """A block the centre gave this PC (an id it gave before is left as it is)."""
    if session.get(CaseNumberBlock, (year, first)) is None:
        session.add(CaseNumberBlock(year=year, first=first, last=last, next=first))
        session.flush()


def create_case(session: Session, draft: Draft, *, title: str, description: str = "",
                priority: Priority = Priority.P3, priority_confirmed: bool = False,
                queue: str = "", owner_id: uuid.UUID | None = None,
                language: Language | None = None) -> Case:
    """Save a screen-pop draft as a new SR (only now: an unanswered call leaves no SR)."""
    title = " ".join(title.split())[:MAX_TITLE]
    if not title:
        raise CaseError("title_required")
    now = utcnow()
    case = Case(
        number=allocate_number(session, now),
        title=title,
        description=description[:MAX_BODY],
        status=CaseStatus.NEW,
        priority=priority,
        priority_confirmed=priority_confirmed,
        priority_confirmed_at=now if priority_confirmed else None,
        language=language or draft.language,
        queue=queue[:64],
        customer_id=draft.customer_id,
        contact_id=draft.contact_id,
        owner_id=owner_id,
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    return case


def confirm_priority(session: Session, case_id: uuid.UUID, priority: Priority) -> Case:
    case = _case(session, case_id)
    case.priority = priority
    case.priority_confirmed = True
    case.priority_confirmed_at = utcnow()
    return case


def set_status(session: Session, case_id: uuid.UUID, status: CaseStatus) -> Case:
    case = _case(session, case_id)
    case.status = status
    return case


def _case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseError("no_such_case", str(case_id))
    return case


def find_case(session: Session, number: str) -> Case | None:
    return session.scalars(select(Case).where(Case.number == number.strip().upper())).first()


def add_note(session: Session, case_id: uuid.UUID, body: str, language: Language, *,
             author_id: uuid.UUID | None = None, call_log_id: uuid.UUID | None = None,
             translation_of: uuid.UUID | None = None) -> Note:
    if not body.strip():
        raise CaseError("note_empty")
    _case(session, case_id)
    note = Note(case_id=case_id, body=body[:MAX_BODY], language=language, author_id=author_id,
                call_log_id=call_log_id, translation_of=translation_of)
    session.add(note)
    session.flush()
    return note


def draft_key(*, call_log_id: uuid.UUID | None = None, case_id: uuid.UUID | None = None,
              engine_call_id: str = "") -> str:
    if engine_call_id:
        return f"call:{engine_call_id}"[:80]
    if call_log_id is not None:
        return f"log:{call_log_id}"
    if case_id is not None:
        return f"case:{case_id}"
    raise CaseError("draft_needs_a_key")


def save_draft(session: Session, key: str, body: str, *, language: Language = Language.JA,
               case_id: uuid.UUID | None = None, call_log_id: uuid.UUID | None = None,
               author_id: uuid.UUID | None = None) -> NoteDraft:
    """Called on every pause in typing: one row per key, overwritten."""
    draft = session.scalars(select(NoteDraft).where(NoteDraft.key == key)).first()
    if draft is None:
        draft = NoteDraft(key=key)
        session.add(draft)
    draft.body = body[:MAX_BODY]
    draft.language = language
    draft.case_id = case_id or draft.case_id
    draft.call_log_id = call_log_id or draft.call_log_id
    draft.author_id = author_id or draft.author_id
    draft.updated_at = utcnow()
    session.flush()
    return draft


def get_draft(session: Session, key: str) -> NoteDraft | None:
    return session.scalars(select(NoteDraft).where(NoteDraft.key == key)).first()


def commit_draft(session: Session, key: str) -> Note:
    """The agent saves the note: the draft becomes an append-only note and goes away."""
    draft = get_draft(session, key)
    if draft is None or not draft.body.strip():
        raise CaseError("note_empty")
    if draft.case_id is None:
        raise CaseError("note_needs_case")
    note = add_note(session, draft.case_id, draft.body, draft.language,
                    author_id=draft.author_id, call_log_id=draft.call_log_id)
    session.delete(draft)
    return note


def ensure_agent(session: Session, sip_identity: str, name: str = "",
                 role: Role = Role.AGENT) -> Agent:
    """This PC's agent, by SIP identity; ``name`` (what their notes are signed with) replaces
    the stored one when given: the agent renamed themselves, or the centre names them."""
    agent = session.scalars(select(Agent).where(Agent.sip_identity == sip_identity)).first()
    name = " ".join(name.split())[:255]
    if agent is None:
        agent = Agent(sip_identity=sip_identity[:255], name=name or sip_identity[:255],
                      role=role)
        session.add(agent)
        session.flush()
    elif name and agent.name != name:
        agent.name = name
    return agent


def break_reason_codes(session: Session) -> tuple[str, ...]:
    """The configured break reasons, in their order."""
    return tuple(session.scalars(select(BreakReason.code).where(BreakReason.active)
                                 .order_by(BreakReason.sort_order)))


def is_colleague(session: Session, uri: str, me: uuid.UUID | None) -> bool:
    """Whether ``uri`` (a caller's SIP URI) is another agent of the directory this PC has
    (the team's, as the centre hands it down): only a colleague hands an SR over."""
    aor = uri.split(":", 1)[-1].split(";", 1)[0].strip("<> ").lower()
    if "@" not in aor:
        return False
    found = session.scalars(select(Agent.id).where(func.lower(Agent.sip_identity) == aor)
                            ).first()
    return found is not None and found != me
