"""The domain as SQLAlchemy 2 typed tables: customers, contacts, SRs, call logs, notes, agents.

Ids are UUIDs made on the client (time-ordered, so a million SRs still insert into the right end
of the index), because rows are born on an agent's PC and synced later. Every time is stored
in UTC; the UI converts for display.
"""

from __future__ import annotations

import enum
import os
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def new_id() -> uuid.UUID:
    """A UUIDv7: 48 bits of Unix milliseconds, then randomness (RFC 9562)."""
    millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value &= ~(0xF << 76)
    value |= 0x7 << 76  # version 7
    value &= ~(0x3 << 62)
    value |= 0x2 << 62  # RFC 4122 variant
    return uuid.UUID(int=value)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; SQLite keeps them as naive UTC text."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: CaseLine stores aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Language(enum.StrEnum):
    JA = "ja"
    EN = "en"
    ZH = "zh"


class CaseStatus(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING_CUSTOMER = "pending-customer"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self not in (CaseStatus.RESOLVED, CaseStatus.CLOSED)


OPEN_STATUSES = tuple(s for s in CaseStatus if s.is_open)


class Priority(enum.StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class Role(enum.StrEnum):
    AGENT = "agent"
    TEAM_LEADER = "team_leader"


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Outcome(enum.StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"
    REJECTED = "rejected"
    FAILED = "failed"
    TRANSFERRED = "transferred"
    INTERRUPTED = "interrupted"  # the app died during the call; closed at the next start
    CANCELLED = "cancelled"  # our own call, hung up by the agent before it was answered


class AgentStatus(enum.StrEnum):
    AVAILABLE = "available"
    RINGING = "ringing"
    ON_CALL = "on-call"
    WRAP_UP = "wrap-up"
    BREAK = "break"
    OFFLINE = "offline"


class MatchedBy(enum.StrEnum):
    """How the screen-pop found the SR of a call."""

    CASE_HEADER = "case-header"
    CUSTOMER_HEADER = "customer-header"
    NUMBER = "number"
    DIALLED_FROM_CASE = "dialled-from-case"
    AGENT = "agent"  # chosen or created by the agent
    NONE = "none"


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    # Values as text, no database enum type: a new status must not need a schema change on
    # PostgreSQL, and SQLite has none anyway.
    return Enum(kind, name=name, native_enum=False, create_constraint=False, length=24,
                values_callable=lambda members: [m.value for m in members])


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# How annotations map to column types, shared with the central schema (app.central.models).
TYPE_ANNOTATIONS: dict[Any, Any] = {uuid.UUID: Uuid(), datetime: UtcDateTime(), str: String(255)}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = TYPE_ANNOTATIONS


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # the CRM's customer id
    company: Mapped[str]
    language: Mapped[Language] = mapped_column(_enum(Language, "language"), default=Language.JA)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(back_populates="customer")


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str]
    language: Mapped[Language | None] = mapped_column(_enum(Language, "language"))
    email: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    customer: Mapped[Customer | None] = relationship(back_populates="contacts")
    numbers: Mapped[list[PhoneNumber]] = relationship(back_populates="contact")


class PhoneNumber(Base):
    __tablename__ = "phone_numbers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    # A company's main line belongs to the customer, not to a person.
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    raw: Mapped[str] = mapped_column(String(64))  # as the customer gave it
    e164: Mapped[str | None] = mapped_column(String(20))
    match_key: Mapped[str] = mapped_column(String(40), index=True)  # see numbers.normalize
    label: Mapped[str] = mapped_column(String(24), default="")  # office, mobile, ...

    contact: Mapped[Contact | None] = relationship(back_populates="numbers")


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str]
    sip_identity: Mapped[str] = mapped_column(unique=True)  # user@domain
    team: Mapped[str] = mapped_column(default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.AGENT)
    languages: Mapped[str] = mapped_column(String(32), default="ja")  # "ja,en,zh"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Case(Base):
    """A service request (SR)."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_customer_status", "customer_id", "status"),
        Index("ix_cases_contact_status", "contact_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(32), unique=True)  # SR-2026-000123
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus, "case_status"),
                                               default=CaseStatus.NEW)
    priority: Mapped[Priority] = mapped_column(_enum(Priority, "priority"), default=Priority.P3)
    priority_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_confirmed_at: Mapped[datetime | None]
    language: Mapped[Language] = mapped_column(_enum(Language, "language"), default=Language.JA)
    queue: Mapped[str] = mapped_column(String(64), default="")
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration

    customer: Mapped[Customer | None] = relationship()
    contact: Mapped[Contact | None] = relationship()
    owner: Mapped[Agent | None] = relationship()


class CaseCounter(Base):
    """The last SR number given out per year on this store: ``last`` as this store counted
    before the centre's blocks (and past central numbers pulled), ``provisional`` the last
    provisional number (SR-YYYY-Pnnnnnn, given while offline with no block left)."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)
    provisional: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CaseNumberBlock(Base):
    """SR numbers ``first``..``last`` of ``year`` the centre gave this PC; ``next`` is the next
    one to give out (past ``last``: used up). Numbers from a block are final."""

    __tablename__ = "case_number_blocks"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)
    next: Mapped[int] = mapped_column(Integer)


class _ChoiceList:
    """A configurable list the agent picks from, labelled in the UI's three languages."""

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_en: Mapped[str]
    label_ja: Mapped[str]
    label_zh: Mapped[str]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Disposition(_ChoiceList, Base):
    """How a call ended for the business."""

    __tablename__ = "dispositions"

    resolves: Mapped[bool] = mapped_column(Boolean, default=False)  # counts as resolved on call


class BreakReason(_ChoiceList, Base):
    __tablename__ = "break_reasons"


class CallLog(Base):
    __tablename__ = "call_logs"
    __table_args__ = (
        Index("ix_call_logs_number_started", "number_key", "started_at"),
        # Call history (app.cases.history, migration 0002): newest first under each filter.
        Index("ix_call_logs_outcome_started", "outcome", "started_at"),
        Index("ix_call_logs_direction_started", "direction", "started_at"),
        Index("ix_call_logs_disposition_started", "disposition_code", "started_at"),
        Index("ix_call_logs_contact_started", "contact_id", "started_at"),
        Index("ix_call_logs_customer_started", "customer_id", "started_at"),
        Index("ix_call_logs_display_name", "display_name"),
        Index("ix_call_logs_outcome_seen", "outcome", "seen_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    direction: Mapped[Direction] = mapped_column(_enum(Direction, "direction"))
    engine_call_id: Mapped[str] = mapped_column(String(64), index=True)
    sip_call_id: Mapped[str] = mapped_column(String(255), default="")
    account: Mapped[str] = mapped_column(String(64), default="")
    remote_uri: Mapped[str] = mapped_column(String(255), default="")
    display_name: Mapped[str] = mapped_column(String(255), default="")
    number_raw: Mapped[str] = mapped_column(String(64), default="")
    number_e164: Mapped[str | None] = mapped_column(String(20))
    number_key: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    last_alive_at: Mapped[datetime | None]  # a heartbeat: the last time the app saw it live
    # The session (app.cases.owners) that wrote it while live: recovery leaves a running one's.
    owner_session: Mapped[str] = mapped_column(String(32), default="")
    seen_at: Mapped[datetime | None]  # when the agent saw it in the history (missed calls)
    ring_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    talk_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    hold_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    held_since: Mapped[datetime | None]
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "outcome"))  # None: live
    end_reason: Mapped[str] = mapped_column(String(32), default="")
    sip_status: Mapped[int] = mapped_column(Integer, default=0)
    transferred_to: Mapped[str] = mapped_column(String(255), default="")
    disposition_code: Mapped[str | None] = mapped_column(ForeignKey("dispositions.code"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    matched_by: Mapped[MatchedBy] = mapped_column(_enum(MatchedBy, "matched_by"),
                                                  default=MatchedBy.NONE)
    match_detail: Mapped[str] = mapped_column(String(255), default="")  # why, for the log
    # What the agent wrote about a call that has no SR yet (app.cases.wrapup): kept here, shown
    # in the history and pushed, until the call is attached to an SR and it becomes a note.
    note: Mapped[str] = mapped_column(Text, default="")
    note_language: Mapped[Language | None] = mapped_column(_enum(Language, "language"))
    # Call quality (migration 0011, app.telephony.quality): the worst the call was, each figure
    # on its own: the lowest MOS of its samples, the highest loss (%), jitter and round trip
    # (ms). None: never measured (not answered, no media, or logged before 0011).
    mos: Mapped[float | None] = mapped_column(Float)
    loss_pct: Mapped[float | None] = mapped_column(Float)
    jitter_ms: Mapped[float | None] = mapped_column(Float)
    rtt_ms: Mapped[float | None] = mapped_column(Float)
    # What the call was for beyond an ordinary one (migration 0014, app.cases.handoff):
    # "translation" (a translator's leg: their talk time is translation work), "translated"
    # (the agent's leg to the translator), "".
    work: Mapped[str] = mapped_column(String(16), default="", server_default="")

    case: Mapped[Case | None] = relationship()


class Note(Base):
    """Append-only: a correction is a new note. The store refuses UPDATE and DELETE."""

    __tablename__ = "notes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    call_log_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_logs.id"))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A translation is a note of its own, in the target language, pointing at what it
    # translates; the source stays as it was written (app.cases.translations).
    translation_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id"), index=True)


class TranslationRequest(Base):
    """A note or an SR description waiting for a translation into one language, then given it.

    The text to translate is copied at request time: a description can change afterwards, and
    the translation must stay next to what it translated. Rows are never deleted; a done request
    keeps who asked, when, and which note answered it.
    """

    __tablename__ = "translation_requests"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    note_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id"))  # None: description
    source_language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    target_language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    source_text: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    translation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id"))
    done_at: Mapped[datetime | None]

    # The queue reads the open ones, oldest first: this index is exactly that walk.
    __table_args__ = (Index("ix_translation_requests_open", "done_at", "requested_at"),)


class NoteDraft(Base):
    """What the agent is typing, saved on every pause, so a crash loses nothing."""

    __tablename__ = "note_drafts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # One draft per call, or per SR outside a call.
    key: Mapped[str] = mapped_column(String(80), unique=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"))
    call_log_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_logs.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[Language] = mapped_column(_enum(Language, "language"), default=Language.JA)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgentStateChange(Base):
    __tablename__ = "agent_state_changes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"), index=True)
    state: Mapped[AgentStatus] = mapped_column(_enum(AgentStatus, "agent_status"))
    previous: Mapped[AgentStatus | None] = mapped_column(_enum(AgentStatus, "agent_status"))
    reason: Mapped[str] = mapped_column(String(40), default="")  # break reason, or why
    call_log_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_logs.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class CaseEscalation(Base):
    """An SR handed to someone else with its call (an attended or blind transfer, migration
    0012): who, to whom, why (a short code the agent picked, and free text), when. Written
    with the SR's status becoming ``escalated`` (which syncs, as every SR field does); these
    rows stay on this PC."""

    __tablename__ = "case_escalations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    from_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    to_target: Mapped[str] = mapped_column(String(255))  # the SIP URI the call went to
    reason_code: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    call_log_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_logs.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CallRecording(Base):
    """One recorded stretch of a call: a WAV file under the recordings directory.

    A table rather than columns on call_logs: an on-demand recording can be stopped and started
    again within one call, and each stretch is its own file.
    """

    __tablename__ = "call_recordings"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    call_log_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_logs.id"), index=True)
    path: Mapped[str] = mapped_column(String(1024))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Filled in when the recorder has closed the file; None while recording or if unreadable.
    seconds: Mapped[float | None] = mapped_column(Float)
    # When the retention sweep deleted the file (app.cases.recordings); the row stays.
    purged_at: Mapped[datetime | None]


class CallbackOutcome(enum.StrEnum):
    """How a callback ended (app.cases.callbacks)."""

    REACHED = "reached"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    RESCHEDULED = "rescheduled"  # a new callback, due later, took its place


class CallbackSource(enum.StrEnum):
    SR = "sr"  # scheduled from an SR
    MISSED_CALL = "missed_call"  # for a missed call (``missed_call_id``)


class Callback(Base):
    """A call the agent promised to make: to ``number``, at ``due_at``, about an SR if any.

    Open while ``done_at`` is None. Rows are pushed (migration 0013), never pulled: the
    leader reads the team's overdue ones centrally (app.console.callbacks).
    """

    __tablename__ = "callbacks"
    # The due list walks the open ones by time: exactly this index.
    __table_args__ = (Index("ix_callbacks_open", "done_at", "due_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str] = mapped_column(String(64))  # what is dialled
    number_key: Mapped[str] = mapped_column(String(40), default="")  # numbers.normalize
    due_at: Mapped[datetime]
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))  # who calls
    reason: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[Language | None] = mapped_column(_enum(Language, "language"))
    # The SR's priority when scheduled: the due list's second key.
    priority: Mapped[Priority | None] = mapped_column(_enum(Priority, "priority"))
    source: Mapped[CallbackSource] = mapped_column(_enum(CallbackSource, "callback_source"),
                                                   default=CallbackSource.SR)
    missed_call_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_logs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    outcome: Mapped[CallbackOutcome | None] = mapped_column(
        _enum(CallbackOutcome, "callback_outcome"))
    call_log_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_logs.id"))
    # The callback this one was rescheduled from.
    rescheduled_from: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("callbacks.id"))


# --- Sync bookkeeping (app.sync, migration 0006). Only this PC's; never pushed.

class OutboxEntry(Base):
    """A synced row changed here and not yet at the centre.

    Written by SQLite triggers in the same transaction as the change itself, whatever wrote it
    (ORM, Core or a migration), so no write can commit without its entry. One entry per change:
    the push reads entries up to a sequence number, sends each row's current state once, and
    deletes only what it read; a change made meanwhile has a higher number and stays.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID]

    __table_args__ = (
        Index("ix_outbox_row", "table_name", "row_id"),
        {"sqlite_autoincrement": True},  # never reuse a number: "up to seq" must stay exact
    )


class SyncPause(Base):
    """While a row is here, the outbox triggers do nothing: the pull writes what came from the
    centre without queueing it back. Only ever non-empty inside one transaction."""

    __tablename__ = "sync_pause"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class SyncCursor(Base):
    """How far the pull has read, per table, in the window it is reading (``SyncWindow``): the
    central (transaction, change number) of the last row; none between windows."""

    __tablename__ = "sync_cursors"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    change_no: Mapped[int] = mapped_column(Integer, default=0)
    change_xid: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SyncWindow(Base):
    """What this PC has pulled, as central snapshots (``pg_current_snapshot()`` text): every
    row ``done`` saw is here; ``target`` is the snapshot being read when a pull needs more than
    one round. ``team_id``: the agent's central team at the last pull (a move pulls all again).
    One row (id 1), none before the first pull."""

    __tablename__ = "sync_window"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    done: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text)
    team_id: Mapped[uuid.UUID | None]


class SyncCaseBase(Base):
    """An SR as the centre had it when this PC last agreed with it: the base of the three-way
    merge that tells an edit made here from one made centrally."""

    __tablename__ = "sync_case_base"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)  # the central version
    fields: Mapped[str] = mapped_column(Text)  # JSON: CASE_FIELDS -> text or null


class SyncConflict(Base):
    """One SR field edited here and centrally to different values; kept after the choice."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_open", "case_id", "resolved_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    field: Mapped[str] = mapped_column(String(40))
    mine: Mapped[str | None] = mapped_column(Text)
    theirs: Mapped[str | None] = mapped_column(Text)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    central_version: Mapped[int] = mapped_column(Integer)
    central_fields: Mapped[str] = mapped_column(Text)  # JSON, the whole central SR then
    theirs_by: Mapped[str] = mapped_column(String(255), default="")
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    choice: Mapped[str | None] = mapped_column(String(8))  # mine | theirs
    resolved_at: Mapped[datetime | None]
    # A value given up for the central one goes to the central SR history with the next push.
    history_pushed: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncParked(Base):
    """A row the centre refused; it leaves the outbox and waits here until it changes again."""

    __tablename__ = "sync_parked"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncPulledParked(Base):
    """A central row this PC could not apply (its parent is out of the agent's reach, or the
    store refused it); tried again with every pull until it applies or goes out of reach."""

    __tablename__ = "sync_pulled_parked"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncState(Base):
    """The last outcome, so a restarted app still shows when the last sync worked."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # always 1
    last_success: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(String(40), default="")
    last_error_detail: Mapped[str] = mapped_column(Text, default="")
    last_error_at: Mapped[datetime | None]
