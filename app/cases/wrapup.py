"""The end of a call's paperwork: what the agent typed becomes notes, and nothing is dropped.

During a call the note being typed is a draft (``call:<engine call id>``), saved on every pause;
the wrap-up panel's last note is one too (``wrap:<engine call id>``), with the disposition the
agent picked written to the call log at once. When the wrap-up ends — Done, the timer, a new
call, the app closing — ``settle_call`` turns both drafts into append-only notes of the call's
SR. A call with no SR keeps its text on the call log (``call_logs.note``: shown in the history,
pushed centrally) until the agent attaches the call to an SR, when it becomes a note there.
Drafts a crash left behind are found at the next start (``left_drafts``) and offered back.

Functions take the session first and run on the store's writer thread (app.orchestration.desk).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from app.cases.calls import CallLogService
from app.cases.models import CallLog, Case, Disposition, Language, MatchedBy, NoteDraft
from app.cases.service import MAX_BODY, CaseError, add_note, draft_key, save_draft

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_CALL = "call:"
_WRAP = "wrap:"


def wrap_key(engine_call_id: str) -> str:
    """The draft of the wrap-up panel's last note for a call."""
    return f"{_WRAP}{engine_call_id}"[:80]


def call_key(engine_call_id: str) -> str:
    """The draft of the note typed in the SR during a call."""
    return draft_key(engine_call_id=engine_call_id)


# -- the language a note is written in -------------------------------------------------------


def detect_language(text: str, case_language: Language | None = None) -> Language:
    """What a note is written in, as a default the agent can change with one click.

    Kana means Japanese. Han characters without kana (and without hangul, which no language
    here covers) are Japanese or Chinese alike: the SR's language decides, Chinese when the SR
    is in English. Latin letters alone mean English. Nothing to go by: the SR's language.
    """
    kana = han = latin = hangul = False
    for ch in text[:4000]:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
            kana = True
            break
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            hangul = True
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            han = True
        elif ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
            latin = True
    if kana:
        return Language.JA
    if han and not hangul:
        return case_language if case_language in (Language.JA, Language.ZH) else Language.ZH
    if latin and not han:
        return Language.EN
    return case_language or Language.EN


def _case_language(session: Session, case_id: uuid.UUID | None) -> Language | None:
    case = session.get(Case, case_id) if case_id is not None else None
    return case.language if case is not None else None


def language_of(session: Session, text: str, chosen: Language | str | None,
                case_id: uuid.UUID | None) -> Language:
    """The agent's choice when they made one, else what the text is written in."""
    if chosen:
        try:
            return Language(chosen)
        except ValueError:
            raise CaseError("bad_language", str(chosen)[:20]) from None
    return detect_language(text, _case_language(session, case_id))


# -- during the call and the wrap-up ----------------------------------------------------------


def save_call_draft(session: Session, engine_call_id: str, text: str, *,
                    language: Language | str | None = None,
                    author_id: uuid.UUID | None = None) -> NoteDraft:
    """The note typed during a call, on every pause (the Desk's ``note_draft``)."""
    row = CallLogService().find(session, engine_call_id)
    case_id = row.case_id if row is not None else None
    return save_draft(session, call_key(engine_call_id), text,
                      language=language_of(session, text, language, case_id),
                      case_id=case_id, call_log_id=row.id if row else None, author_id=author_id)


def save_late_draft(session: Session, engine_call_id: str, text: str, *,
                    language: Language | str | None = None,
                    author_id: uuid.UUID | None = None) -> NoteDraft:
    """Text for a call whose notes were made already: the draft of its SR (outside any call),
    or, with no SR, the call's own draft again (offered back at the next start)."""
    row = CallLogService().find(session, engine_call_id)
    if row is None or row.case_id is None:
        return save_call_draft(session, engine_call_id, text, language=language,
                               author_id=author_id)
    return save_draft(session, draft_key(case_id=row.case_id), text,
                      language=language_of(session, text, language, row.case_id),
                      case_id=row.case_id, author_id=author_id)


def save_wrap_up(session: Session, engine_call_id: str, *, code: str | None, note: str | None,
                 language: Language | str | None = None,
                 author_id: uuid.UUID | None = None) -> None:
    """What the wrap-up panel holds now: the disposition picked, the last note so far."""
    row = CallLogService().find(session, engine_call_id)
    if code and row is not None:
        _set_disposition(session, row, code)
    if note is not None:
        case_id = row.case_id if row is not None else None
        save_draft(session, wrap_key(engine_call_id), note,
                   language=language_of(session, note, language, case_id), case_id=case_id,
                   call_log_id=row.id if row else None, author_id=author_id)


def _set_disposition(session: Session, row: CallLog, code: str) -> None:
    if session.get(Disposition, code) is None:
        raise CaseError("unknown_disposition", code[:40])
    row.disposition_code = code


def set_log_disposition(session: Session, log_id: uuid.UUID, code: str) -> None:
    """A disposition given afterwards, from the history (a call that ended while another was
    live had no wrap-up of its own), or corrected."""
    row = session.get(CallLog, log_id)
    if row is None:
        raise CaseError("no_such_call", str(log_id))
    _set_disposition(session, row, code)


# -- the end of the wrap-up ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettledNote:
    text: str
    language: Language
    note_id: uuid.UUID | None  # None: kept on the call log (the call has no SR)
    kind: str  # "call" (typed in the SR during the call) or "wrap" (the wrap-up's last note)


@dataclass(frozen=True, slots=True)
class Settled:
    """What became of a call's drafts when its wrap-up ended."""

    engine_call_id: str
    log_id: uuid.UUID | None
    case_id: uuid.UUID | None
    case_number: str
    notes: tuple[SettledNote, ...]
    disposition: str | None

    @property
    def kept_on_log(self) -> bool:
        return any(n.note_id is None for n in self.notes)

    def text(self, kind: str) -> str:
        return "\n\n".join(n.text for n in self.notes if n.kind == kind)


def settle_call(session: Session, engine_call_id: str, *, code: str | None = None,
                call_note: str | None = None, call_language: Language | str | None = None,
                wrap_note: str | None = None, wrap_language: Language | str | None = None,
                author_id: uuid.UUID | None = None) -> Settled:
    """End a call's paperwork: the texts given (the panel's last word) replace the drafts, then
    every draft of the call becomes a note of its SR, or the call log's note when it has none.
    In one transaction: a crash leaves either the drafts or the notes, never neither."""
    row = CallLogService().find(session, engine_call_id)
    if code and row is not None:
        if session.get(Disposition, code) is not None:
            row.disposition_code = code
        else:  # a settle never fails on it: the notes matter more than a stray code
            log.warning("call %s: disposition %r is not configured; not set",
                        engine_call_id, code[:40])
    if call_note is not None:
        save_call_draft(session, engine_call_id, call_note, language=call_language,
                        author_id=author_id)
    if wrap_note is not None:
        save_wrap_up(session, engine_call_id, code=None, note=wrap_note,
                     language=wrap_language, author_id=author_id)
    drafts = _drafts(session, [call_key(engine_call_id), wrap_key(engine_call_id)])
    notes = _commit(session, row, drafts, author_id)
    case = session.get(Case, row.case_id) if row is not None and row.case_id else None
    return Settled(engine_call_id, row.id if row else None, case.id if case else None,
                   case.number if case else "", tuple(notes),
                   row.disposition_code if row else None)


def _drafts(session: Session, keys: list[str]) -> list[NoteDraft]:
    found = {d.key: d for d in session.scalars(select(NoteDraft).where(NoteDraft.key.in_(keys)))}
    return [found[k] for k in keys if k in found]  # the call's own note first, then wrap-up's


def _commit(session: Session, row: CallLog | None, drafts: list[NoteDraft],
            author_id: uuid.UUID | None) -> list[SettledNote]:
    notes: list[SettledNote] = []
    for draft in drafts:
        body = draft.body.strip()
        kind = "wrap" if draft.key.startswith(_WRAP) else "call"
        case_id = (row.case_id if row is not None else None) or draft.case_id
        author = author_id or draft.author_id or (row.agent_id if row is not None else None)
        if body and case_id is not None:
            note = add_note(session, case_id, body, draft.language, author_id=author,
                            call_log_id=row.id if row is not None else draft.call_log_id)
            notes.append(SettledNote(body, draft.language, note.id, kind))
        elif body and row is not None:
            keep_on_log(row, body, draft.language)
            notes.append(SettledNote(body, draft.language, None, kind))
        elif body:
            continue  # no call log and no SR (cannot happen for a logged call): keep the draft
        session.delete(draft)
    session.flush()
    return notes


def keep_on_log(row: CallLog, text: str, language: Language) -> None:
    """A note for a call without an SR: on the call log, after what is already there."""
    row.note = (f"{row.note}\n\n{text}" if row.note.strip() else text)[:MAX_BODY]
    row.note_language = row.note_language or language


def remainder(text: str, settled: str) -> str:
    """What a text sent after its call was settled adds to what was settled: the rest when the
    agent only typed on, all of it when they changed what was there, nothing when it is the
    same. Notes are append-only: the addition becomes a note of its own."""
    new, old = text.strip(), settled.strip()
    if not new or new == old:
        return ""
    if old and new.startswith(old):
        return new[len(old):].strip()
    return new


# -- attaching a call to an SR afterwards -----------------------------------------------------


def attach_call_note(session: Session, row: CallLog) -> uuid.UUID | None:
    """The call now has an SR: the note it kept becomes a note of that SR."""
    if row.case_id is None or not row.note.strip():
        return None
    language = row.note_language or detect_language(row.note, _case_language(session,
                                                                             row.case_id))
    note = add_note(session, row.case_id, row.note.strip(), language, author_id=row.agent_id,
                    call_log_id=row.id)
    row.note = ""
    row.note_language = None
    return note.id


def attach_call(session: Session, log_id: uuid.UUID, case_id: uuid.UUID) -> Settled:
    """The agent attached an ended call (from the history) to an SR: bound, its note moved."""
    row = session.get(CallLog, log_id)
    case = session.get(Case, case_id)
    if row is None:
        raise CaseError("no_such_call", str(log_id))
    if case is None:
        raise CaseError("no_such_case", str(case_id))
    CallLogService().bind(row, case_id=case.id, contact_id=row.contact_id or case.contact_id,
                          customer_id=row.customer_id or case.customer_id,
                          matched_by=MatchedBy.AGENT, detail=f"attached to {case.number}")
    language = row.note_language or detect_language(row.note, case.language)
    text = row.note.strip()
    note_id = attach_call_note(session, row)
    notes = (SettledNote(text, language, note_id, "call"),) if note_id else ()
    session.flush()
    return Settled(row.engine_call_id, row.id, case.id, case.number, notes,
                   row.disposition_code)


# -- drafts a crash left behind ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeftDraft:
    """A call's note that never became one: CaseLine stopped before its wrap-up ended."""

    key: str
    body: str
    language: Language
    updated_at: datetime
    call_log_id: uuid.UUID | None
    call_started_at: datetime | None
    caller: str  # the display name or number of the call
    case_id: uuid.UUID | None
    case_number: str
    case_title: str


def left_drafts(session: Session, live: tuple[str, ...] = ()) -> list[LeftDraft]:
    """Drafts of calls that are over (``live``: engine call ids still going), oldest first."""
    keep = {call_key(c) for c in live} | {wrap_key(c) for c in live}
    rows = session.execute(
        select(NoteDraft, CallLog, Case)
        .outerjoin(CallLog, CallLog.id == NoteDraft.call_log_id)
        .outerjoin(Case, Case.id == NoteDraft.case_id)
        .where(or_(NoteDraft.key.startswith(_CALL), NoteDraft.key.startswith(_WRAP)))
        .order_by(NoteDraft.updated_at))
    found = []
    for draft, call, drafted_for in rows:
        if draft.key in keep or not draft.body.strip():
            continue
        if call is not None and call.outcome is None:
            continue  # still live (a second window on the store): not left behind
        case = drafted_for
        if case is None and call is not None and call.case_id is not None:
            case = session.get(Case, call.case_id)
        found.append(LeftDraft(
            draft.key, draft.body, draft.language, draft.updated_at, draft.call_log_id,
            call.started_at if call else None,
            (call.display_name or call.number_raw) if call else "",
            case.id if case else None, case.number if case else "", case.title if case else ""))
    return found


def settle_left(session: Session, keys: list[str], *, save: bool) -> list[Settled]:
    """The agent's answer about drafts left behind: saved as notes (or on their call logs), or
    discarded. Keys no longer there (settled meanwhile) are skipped."""
    settled = []
    for draft in _drafts(session, keys):
        row = session.get(CallLog, draft.call_log_id) if draft.call_log_id else None
        if not save:
            session.delete(draft)
            continue
        notes = _commit(session, row, [draft], None)
        case_id = (row.case_id if row else None) or draft.case_id
        case = session.get(Case, case_id) if case_id else None
        settled.append(Settled(row.engine_call_id if row else "", row.id if row else None,
                               case.id if case else None, case.number if case else "",
                               tuple(notes), row.disposition_code if row else None))
    session.flush()
    return settled
