"""The SR translation workflow: ask for a translation, list what waits, store the translation.

An agent marks a note, or an SR's description, as needing a translation into one language. The
queue lists what waits, oldest first, with its SR and priority. A translation is a new note in
the target language that points at the note it translates (``Note.translation_of``); nothing is
overwritten, both stay. Every function takes the session first and returns frozen plain rows,
like app.cases.casework.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.cases.models import Agent, Case, Language, Note, Priority, TranslationRequest, utcnow
from app.cases.service import MAX_BODY, CaseError, add_note

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session

QUEUE_SHOWN = 500  # the queue view's page; the count says how many wait in all
EXCERPT = 160  # characters of the source text the queue shows


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One translation waiting, as the queue shows it."""

    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    case_title: str
    priority: Priority
    note_id: uuid.UUID | None  # None: the SR's description
    source_language: Language
    target_language: Language
    excerpt: str
    requested_by: str
    requested_at: datetime


@dataclass(frozen=True, slots=True)
class TranslationInfo:
    """A request and, once done, its translation: one row of an SR's side-by-side view."""

    id: uuid.UUID
    note_id: uuid.UUID | None
    source_language: Language
    target_language: Language
    source_text: str
    requested_by: str
    requested_at: datetime
    translation: str | None  # None while it waits
    translated_by: str
    translated_at: datetime | None


def request_translation(session: Session, case_id: uuid.UUID, target: Language, *,
                        note_id: uuid.UUID | None = None,
                        requested_by: uuid.UUID | None = None) -> TranslationInfo:
    """Ask for ``note_id`` (None: the SR's description) in ``target``.

    Asking again for the same text and language returns the waiting request: two agents
    marking the same note at once make one queue entry, not two.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise CaseError("no_such_case", str(case_id))
    if note_id is not None:
        note = session.get(Note, note_id)
        if note is None or note.case_id != case_id:
            raise CaseError("no_such_note", str(note_id))
        text, language = note.body, note.language
    else:
        text, language = case.description, case.language
    if not text.strip():
        raise CaseError("nothing_to_translate")
    if target == language:
        raise CaseError("same_language", str(target))
    waiting = session.scalars(
        select(TranslationRequest).where(
            TranslationRequest.case_id == case_id,
            TranslationRequest.note_id.is_(None) if note_id is None
            else TranslationRequest.note_id == note_id,
            TranslationRequest.target_language == target,
            TranslationRequest.done_at.is_(None))).first()
    if waiting is None or (note_id is None and waiting.source_text != text):
        # A description edited since it was marked is a new text to translate.
        waiting = TranslationRequest(case_id=case_id, note_id=note_id, source_language=language,
                                     target_language=target, source_text=text,
                                     requested_by=requested_by, requested_at=utcnow())
        session.add(waiting)
        session.flush()
    return _info(session, waiting, None)


def translation_queue(session: Session, limit: int = QUEUE_SHOWN) -> tuple[QueueItem, ...]:
    """What waits for a translation, oldest first."""
    rows = session.execute(
        select(TranslationRequest, Case.number, Case.title, Case.priority, Agent.name)
        .join(Case, Case.id == TranslationRequest.case_id)
        .outerjoin(Agent, Agent.id == TranslationRequest.requested_by)
        .where(TranslationRequest.done_at.is_(None))
        .order_by(TranslationRequest.requested_at, TranslationRequest.id)
        .limit(limit))
    return tuple(
        QueueItem(r.id, r.case_id, number, title, priority, r.note_id, r.source_language,
                  r.target_language, _excerpt(r.source_text), author or "", r.requested_at)
        for r, number, title, priority, author in rows)


def waiting_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(TranslationRequest)
                          .where(TranslationRequest.done_at.is_(None))) or 0


def queue_with_count(session: Session) -> tuple[tuple[QueueItem, ...], int]:
    """The queue view's one read: the page shown and how many wait in all."""
    return translation_queue(session), waiting_count(session)


def translate(session: Session, request_id: uuid.UUID, body: str, *,
              author_id: uuid.UUID | None = None) -> TranslationInfo:
    """Store ``body`` as the translation: a new note, linked to its source, the request done."""
    request = session.get(TranslationRequest, request_id)
    if request is None:
        raise CaseError("no_such_translation", str(request_id))
    if request.done_at is not None:
        # Someone else finished it first: theirs stays, this text is not thrown away silently
        # (the caller keeps it in the editor and says so).
        raise CaseError("already_translated", str(request_id))
    if len(body) > MAX_BODY:
        raise CaseError("note_too_long", str(len(body)))
    # Linked at insert: notes are append-only, the store refuses an UPDATE.
    note = add_note(session, request.case_id, body, request.target_language,
                    author_id=author_id, translation_of=request.note_id)
    request.translation_id = note.id
    request.done_at = note.created_at
    session.flush()
    return _info(session, request, note)


def case_translations(session: Session, case_id: uuid.UUID) -> tuple[TranslationInfo, ...]:
    """An SR's requests, waiting and done, oldest first: the SR view shows them side by side."""
    requests = list(session.scalars(
        select(TranslationRequest).where(TranslationRequest.case_id == case_id)
        .order_by(TranslationRequest.requested_at, TranslationRequest.id)))
    ids = [r.translation_id for r in requests if r.translation_id is not None]
    notes = {n.id: n for n in session.scalars(select(Note).where(Note.id.in_(ids)))} if ids else {}
    return tuple(_info(session, r, notes.get(r.translation_id) if r.translation_id else None)
                 for r in requests)


def _info(session: Session, request: TranslationRequest, note: Note | None) -> TranslationInfo:
    return TranslationInfo(
        request.id, request.note_id, request.source_language, request.target_language,
        request.source_text, _agent_name(session, request.requested_by), request.requested_at,
        note.body if note is not None else None,
        _agent_name(session, note.author_id) if note is not None else "",
        note.created_at if note is not None else None)


def _agent_name(session: Session, agent_id: uuid.UUID | None) -> str:
    agent = session.get(Agent, agent_id) if agent_id is not None else None
    return agent.name if agent is not None else ""


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1] + "…"
