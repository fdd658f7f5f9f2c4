"""The central schema ``caseline``: the local synced tables, plus who may see what.

Columns that exist in the local store (app.cases.models) have the same names and types here, so
the sync copies rows without translating them. Central-only columns:

- ``owner_role`` (call_logs, notes, agent_state_changes, translation_requests): the PostgreSQL
  role that inserted the row, ``DEFAULT current_user``; row-level security checks it on every
  write, so an agent cannot write rows in another agent's name.
- ``creator_role`` (customers, contacts, phone_numbers, cases): the role that inserted the row;
  a trigger keeps it from changing. An SR with no (known) queue belongs to its creator's team.
- ``written_by`` (cases): the role of the last write that changed the SR (set by a trigger), so
  the history can say whose value was overwritten.
- ``change_no``, ``change_xid`` (every table agents or leaders pull): a number from
  ``caseline.change_seq`` and the writing transaction's id, given by a trigger on each insert and
  on each update that changes the row, with no lock. A pull fetches the rows whose
  ``change_xid`` its previous snapshot did not see and its own does, in ``change_no`` order
  (migrations/versions/0004, app.sync.engine): no row is ever skipped, whatever order writers
  commit in.
- ``reach_xid`` (cases): the transaction that last changed which team the SR belongs to (0:
  never); a PC that sees a new reach fetches what hangs on the SR.
- ``team_id`` (call_logs, notes, agent_state_changes, translation_requests): the writer's team at
  insert, set by a trigger and never changed by an agent; leaders read by it.

Agents get UPDATE per column, not per table (a table-wide grant would let them ``LOCK TABLE``
in any mode and stop every writer): a column added to a table agents update needs its own
``GRANT UPDATE (column) ... TO caseline_agent`` in its migration (see migrations 0005).

Foreign keys mirror the local ones, except those to ``agents`` (a PC's agent ids are its own;
who wrote a row centrally is ``owner_role``) and to ``dispositions`` (a local list).
"""

from __future__ import annotations

import uuid  # noqa: TC003 - SQLAlchemy resolves Mapped[...] annotations at runtime
from datetime import datetime  # noqa: TC003 - as above
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Computed,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, REAL
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.cases.models import (
    NAMING,
    TYPE_ANNOTATIONS,
    AgentStatus,
    CallbackOutcome,
    CallbackSource,
    CaseStatus,
    Direction,
    Language,
    MatchedBy,
    Outcome,
    Priority,
    Role,
    new_id,
    utcnow,
)

if TYPE_CHECKING:
    import enum

SCHEMA = "caseline"
AGENT_GROUP = "caseline_agent"  # every agent's login role is a member (leaders too)
LEADER_GROUP = "caseline_leader"  # team leaders' login roles are members as well
# The pg_advisory_xact_lock key 0001 took for each change number ("CLCH" in ASCII); since 0004
# nothing takes it (tests check that holding it stops nobody).
CHANGE_LOCK = 0x434C4348
# Serialises `caseline central init` runs against each other ("CLIN").
INIT_LOCK = 0x434C494E


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    # As in app.cases.models: values as text, no database enum type, so a new status needs no
    # schema change here either.
    return Enum(kind, name=name, native_enum=False, create_constraint=False, length=24,
                values_callable=lambda members: [m.value for m in members])


def _role_column(**kw: Any) -> Any:
    """A role name the database fills in: the inserting session's role."""
    return mapped_column(Text, server_default=text("current_user"), **kw)


def _change_no() -> Any:
    # NOT NULL holds: the BEFORE trigger fills it in before the constraint is checked.
    return mapped_column(BigInteger, unique=True)


def _received_at() -> Any:
    # When the centre first took the row in (migration 0007): the centre's clock, not the PC's;
    # set at insert whatever the writer sends, never updated, no agent may write it.
    return mapped_column(server_default=text("now()"))


def _change_xid() -> Any:
    # The writing transaction's id, set by the same trigger (migrations/versions/0004).
    return mapped_column(BigInteger)


# The local names, but an index is named after its table, not its schema-qualified label.
CENTRAL_NAMING = {**NAMING, "ix": "ix_%(table_name)s_%(column_0_name)s"}


class CentralBase(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA, naming_convention=CENTRAL_NAMING)
    type_annotation_map = TYPE_ANNOTATIONS


class Team(CentralBase):
    __tablename__ = "teams"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=text("now()"))


class Queue(CentralBase):
    """An SR queue (``cases.queue``) and the team that works it."""

    __tablename__ = "queues"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), index=True)


class Agent(CentralBase):
    __tablename__ = "agents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str]
    # Unique like the local column; NULL until the agent's SIP identity is known.
    sip_identity: Mapped[str | None] = mapped_column(unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.AGENT)
    languages: Mapped[str] = mapped_column(String(32), default="ja")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=text("now()"))
    # The PostgreSQL login role (63 bytes at most: PostgreSQL's NAMEDATALEN).
    db_role: Mapped[str] = mapped_column(String(63), unique=True)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), index=True)


class AgentId(CentralBase):
    """Whose a PC's agent id is (migration 0005). A PC makes its own agent ids, so the centre
    binds one to the role that first writes a row signed with it (a note's ``author_id``, a
    call's or a state's ``agent_id``, a request's ``requested_by``, an SR's ``owner_id``); a
    row signed with another role's id is refused. No agent reads or writes this table: a
    trigger does."""

    __tablename__ = "agent_ids"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    db_role: Mapped[str] = mapped_column(Text)
    bound_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


class CaseNumberYear(CentralBase):
    """Where a year's SR number blocks start and the next free number (migration 0006)."""

    __tablename__ = "case_number_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    floor: Mapped[int] = mapped_column(BigInteger)
    next: Mapped[int] = mapped_column(BigInteger)


class CaseNumberBlock(CentralBase):
    """SR numbers ``first``..``last`` of ``year``, given to the PC of ``taken_by`` (migration
    0006). Only ``take_case_numbers`` writes it; no agent reads it."""

    __tablename__ = "case_number_blocks"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(BigInteger)
    taken_by: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


class Customer(CentralBase):
    __tablename__ = "customers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    company: Mapped[str]
    language: Mapped[Language] = mapped_column(_enum(Language, "language"), default=Language.JA)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    creator_role: Mapped[str] = _role_column(index=True)
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()


class Contact(CentralBase):
    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str]
    language: Mapped[Language | None] = mapped_column(_enum(Language, "language"))
    email: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    creator_role: Mapped[str] = _role_column(index=True)
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()


class PhoneNumber(CentralBase):
    __tablename__ = "phone_numbers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    raw: Mapped[str] = mapped_column(String(64))
    e164: Mapped[str | None] = mapped_column(String(20))
    match_key: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str] = mapped_column(String(24), default="")
    creator_role: Mapped[str] = _role_column(index=True)
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()


class Case(CentralBase):
    """A service request. ``version`` is raised by the database on every changing UPDATE, so an
    edit made against an older version is caught by ``UPDATE ... WHERE version = expected``."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_customer_status", "customer_id", "status"),
        Index("ix_cases_contact_status", "contact_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus, "case_status"),
                                               default=CaseStatus.NEW)
    priority: Mapped[Priority] = mapped_column(_enum(Priority, "priority"), default=Priority.P3)
    priority_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_confirmed_at: Mapped[datetime | None]
    language: Mapped[Language] = mapped_column(_enum(Language, "language"), default=Language.JA)
    queue: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    creator_role: Mapped[str] = _role_column(index=True)
    written_by: Mapped[str] = _role_column()
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()
    # The transaction that last changed which team the SR belongs to; 0: it never moved.
    reach_xid: Mapped[int] = mapped_column(BigInteger)


class CallLog(CentralBase):
    __tablename__ = "call_logs"
    __table_args__ = (
        Index("ix_call_logs_number_started", "number_key", "started_at"),
        Index("ix_call_logs_owner_started", "owner_role", "started_at"),
        # A leader's screens: the team's calls by time, an agent's by time (migration 0007).
        Index("ix_call_logs_team_started", "team_id", "started_at"),
        Index("ix_call_logs_agent_started", "agent_id", "started_at"),
        # The explorer sorted by talk time: its keyset order within the team (migration 0015).
        Index("ix_call_logs_team_talk", "team_id", "talk_seconds", "id"),
        # The explorer's disposition filter, in date order (migration 0019).
        Index("ix_call_logs_team_disposition", "team_id", "disposition_code", "started_at"),
        # One partition per month (migration 0008), in the schema caseline_months.
        {"postgresql_partition_by": "RANGE (started_at)"},
    )

    # The key is (id, started_at): PostgreSQL wants the partition key in it. A trigger keeps
    # ids unique across months (0008); a call's start never changes.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    direction: Mapped[Direction] = mapped_column(_enum(Direction, "direction"))
    engine_call_id: Mapped[str] = mapped_column(String(64))
    sip_call_id: Mapped[str] = mapped_column(String(255), default="")
    account: Mapped[str] = mapped_column(String(64), default="")
    remote_uri: Mapped[str] = mapped_column(String(255), default="")
    display_name: Mapped[str] = mapped_column(String(255), default="")
    number_raw: Mapped[str] = mapped_column(String(64), default="")
    number_e164: Mapped[str | None] = mapped_column(String(20))
    number_key: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime] = mapped_column(primary_key=True, default=utcnow, index=True)
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    last_alive_at: Mapped[datetime | None]
    seen_at: Mapped[datetime | None]
    ring_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    talk_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    hold_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    held_since: Mapped[datetime | None]
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "outcome"))
    end_reason: Mapped[str] = mapped_column(String(32), default="")
    sip_status: Mapped[int] = mapped_column(Integer, default=0)
    transferred_to: Mapped[str] = mapped_column(String(255), default="")
    disposition_code: Mapped[str | None] = mapped_column(String(40))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    matched_by: Mapped[MatchedBy] = mapped_column(_enum(MatchedBy, "matched_by"),
                                                  default=MatchedBy.NONE)
    match_detail: Mapped[str] = mapped_column(String(255), default="")
    note: Mapped[str] = mapped_column(Text, default="")  # a call with no SR keeps its note here
    note_language: Mapped[Language | None] = mapped_column(_enum(Language, "language"))
    # Call quality as the PC logged it (migration 0012, app.telephony.quality): the lowest MOS
    # of the call's samples, the highest loss (%), jitter and round trip (ms); None: unknown.
    mos: Mapped[float | None] = mapped_column(Float)
    loss_pct: Mapped[float | None] = mapped_column(Float)
    jitter_ms: Mapped[float | None] = mapped_column(Float)
    rtt_ms: Mapped[float | None] = mapped_column(Float)
    # "translation" (a translator's leg), "translated" (the agent's leg to the translator), ""
    # (migration 0016, as the PC logged it: local 0014).
    work: Mapped[str] = mapped_column(String(16), default="", server_default="")
    owner_role: Mapped[str] = _role_column()
    # The team the writer was in when writing the row (set by the database, migration 0005):
    # leaders read by it, so moving an agent does not hand over their history.
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # Unique by its sequence; a unique index would have to include the partition key (0008).
    change_no: Mapped[int] = mapped_column(BigInteger, index=True)
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()


class Note(CentralBase):
    """Append-only here too: triggers refuse UPDATE and DELETE, for every role."""

    __tablename__ = "notes"
    # Note search (migration 0010, docs/explorer.md): on the generated column, so alembic can
    # compare it (an expression index it could not); within the team (btree_gin, 0015).
    __table_args__ = (Index("ix_notes_search_tokens", "team_id", "search_tokens",
                            postgresql_using="gin",
                            postgresql_ops={"search_tokens": "caseline.search_tokens_ops"}),
                      Index("ix_notes_team_created", "team_id", "created_at"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    # Not a foreign key: call logs are partitioned; a trigger checks it exists (0008).
    call_log_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    author_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    translation_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id"), index=True)
    owner_role: Mapped[str] = _role_column(index=True)
    # The team the writer was in when writing the row (set by the database, migration 0005):
    # leaders read by it, so moving an agent does not hand over their history.
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()
    # Central only: the body's search tokens (0010), computed by the database, never synced.
    search_tokens: Mapped[list[str] | None] = mapped_column(
        ARRAY(Text), Computed("caseline.search_tokens(body)", persisted=True))


class TranslationRequest(CentralBase):
    __tablename__ = "translation_requests"
    __table_args__ = (Index("ix_translation_requests_open", "done_at", "requested_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    note_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id"))
    source_language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    target_language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    source_text: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[uuid.UUID | None]
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    translation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id"))
    done_at: Mapped[datetime | None]
    owner_role: Mapped[str] = _role_column(index=True)
    # The team the writer was in when writing the row (set by the database, migration 0005):
    # leaders read by it, so moving an agent does not hand over their history.
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()


class AgentStateChange(CentralBase):
    __tablename__ = "agent_state_changes"
    # The KPIs' and the state timeline's reads: the team's states by time (migration 0015).
    __table_args__ = (Index("ix_agent_state_changes_team_at", "team_id", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    agent_id: Mapped[uuid.UUID] = mapped_column(index=True)
    state: Mapped[AgentStatus] = mapped_column(_enum(AgentStatus, "agent_status"))
    previous: Mapped[AgentStatus | None] = mapped_column(_enum(AgentStatus, "agent_status"))
    reason: Mapped[str] = mapped_column(String(40), default="")
    call_log_id: Mapped[uuid.UUID | None]  # checked by a trigger, as in notes (0008)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    owner_role: Mapped[str] = _role_column(index=True)
    # The team the writer was in when writing the row (set by the database, migration 0005):
    # leaders read by it, so moving an agent does not hand over their history.
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # Leaders pull their team's states like its call logs.
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()
    received_at: Mapped[datetime] = _received_at()


class AgentStateSpan(CentralBase):
    """Each agent state change with when the agent's next change began (migration 0020):
    written only by the database's triggers on ``agent_state_changes``; the KPIs read it.
    ``until`` is NULL while the change is the agent's latest."""

    __tablename__ = "agent_state_spans"
    __table_args__ = (Index("ix_agent_state_spans_team_at", "team_id", "at"),
                      Index("ix_agent_state_spans_agent_at", "agent_id", "at", "change_no"),
                      # The calls' wrap-ups alone (0022): call_kpis reads no other span of them.
                      Index("ix_agent_state_spans_wrap_ups", "team_id", "at",
                            postgresql_where=text("state = 'wrap-up' AND call_log_id IS NOT NULL")))

    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID]
    team_id: Mapped[uuid.UUID | None]
    state: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(String(40))
    call_log_id: Mapped[uuid.UUID | None]
    at: Mapped[datetime]
    change_no: Mapped[int] = mapped_column(BigInteger)
    owner_role: Mapped[str] = mapped_column(Text)
    until: Mapped[datetime | None]


class AgentSpanHead(CentralBase):
    """One row per agent whose spans the triggers keep: what a statement locks before it
    re-links that agent's chain (migration 0020). Nobody else reads or writes it."""

    __tablename__ = "agent_span_heads"

    agent_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class AgentPresence(CentralBase):
    """What the team leader's live board shows of an agent (migration 0011, docs/board.md):
    one row per agent id, upserted by the agent's PC at every change, its ``heartbeat_at``
    touched in between. The database sets ``heartbeat_at`` (now()), ``owner_role`` and
    ``team_id`` (the writer's team now); the PC sends ages, the upsert makes ``since`` and
    ``call_started_at`` times of the centre's clock. No foreign key to ``cases``: the SR may not
    have reached the centre yet."""

    __tablename__ = "agent_presence"

    agent_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(24))  # an AgentStatus value
    reason: Mapped[str] = mapped_column(String(40), server_default="")
    since: Mapped[datetime]
    call_started_at: Mapped[datetime | None]  # the current call's answer (its ring, ringing)
    call_direction: Mapped[str | None] = mapped_column(String(24))
    # The current call's log row (a leader's monitoring grant names it); not checked: the row
    # may reach the centre after the presence does.
    call_log_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID | None]
    case_number: Mapped[str] = mapped_column(String(32), server_default="")
    caller_language: Mapped[str | None] = mapped_column(String(24))
    registration: Mapped[str] = mapped_column(String(16), server_default="unknown")
    registration_detail: Mapped[str] = mapped_column(String(200), server_default="")
    # The current call's quality (RTCP); NULL with no call or nothing measured yet.
    mos: Mapped[float | None] = mapped_column(REAL)
    loss_pct: Mapped[float | None] = mapped_column(REAL)
    jitter_ms: Mapped[float | None] = mapped_column(REAL)
    rtt_ms: Mapped[float | None] = mapped_column(REAL)
    heartbeat_at: Mapped[datetime] = mapped_column(server_default=text("now()"))
    owner_role: Mapped[str] = _role_column()
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)


class CaseHistory(CentralBase):
    """SR field values that lost: ``overwritten`` rows come from a trigger on every changing
    UPDATE of an SR (the old value, and who had written it); ``lost`` rows are inserted by the
    sync when an agent resolves a conflict in favour of the central value."""

    __tablename__ = "case_history"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id,
                                          server_default=text("gen_random_uuid()"))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(Text)  # as text; NULL when the field was NULL
    kind: Mapped[str] = mapped_column(String(24), server_default="lost")  # overwritten | lost
    written_by: Mapped[str] = _role_column()  # whose value it was
    replaced_by: Mapped[str | None] = mapped_column(Text)  # whose write took its place
    at: Mapped[datetime] = mapped_column(server_default=text("now()"))
    change_no: Mapped[int] = _change_no()
    change_xid: Mapped[int] = _change_xid()


class CallLogHistory(CentralBase):
    """The UPDATE trail of call logs: the row as it was before each change (trigger-written)."""

    __tablename__ = "call_log_history"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True,
                                          server_default=text("gen_random_uuid()"))
    call_log_id: Mapped[uuid.UUID] = mapped_column(index=True)  # written by a trigger of call_logs
    old_row: Mapped[dict[str, Any]] = mapped_column(JSONB)
    changed_by: Mapped[str] = mapped_column(Text)  # the session's login role
    at: Mapped[datetime] = mapped_column(server_default=text("now()"))


class DeploymentSetting(CentralBase):
    """The deployment's switches (migration 0013), written by the administrator only:
    ``monitoring_enabled`` (on/off) lets leaders listen in on their team's calls."""

    __tablename__ = "deployment_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


class MonitoringGrant(CentralBase):
    """A leader's one-time permission to listen in on (whisper to, barge into) one live call
    of their team, and the log of that session (migration 0013). The leader inserts the call,
    the mode and the SHA-256 of the token; the database fills in the rest and row security
    decides; the agent's PC claims it once (``claim_monitoring_grant``) and ends it once."""

    __tablename__ = "monitoring_grants"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True,
                                          server_default=text("gen_random_uuid()"))
    # Not a foreign key: call logs are partitioned (0008); the trigger reads the call.
    call_log_id: Mapped[uuid.UUID] = mapped_column(index=True)
    call_started_at: Mapped[datetime]
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"), index=True)
    leader_role: Mapped[str] = _role_column()
    mode: Mapped[str] = mapped_column(String(24))  # listen | whisper | barge
    token_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]


class Callback(CentralBase):
    """A callback an agent scheduled (app.cases.callbacks, migration 0014): pushed by the PC,
    never pulled; the leader reads the team's overdue ones (app.console.callbacks). Row
    security as for call logs: agents their own rows (``owner_role``), leaders their team's
    (``team_id``, the writer's team at insert)."""

    __tablename__ = "callbacks"
    __table_args__ = (Index("ix_callbacks_open", "done_at", "due_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str] = mapped_column(String(64))
    number_key: Mapped[str] = mapped_column(String(40), default="")
    due_at: Mapped[datetime]
    agent_id: Mapped[uuid.UUID | None]  # a PC's agent id, checked as in 0005
    reason: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[Language | None] = mapped_column(_enum(Language, "language"))
    priority: Mapped[Priority | None] = mapped_column(_enum(Priority, "priority"))
    source: Mapped[CallbackSource] = mapped_column(_enum(CallbackSource, "callback_source"),
                                                   default=CallbackSource.SR)
    # Not foreign keys: call logs are partitioned (0008); a rescheduled one may come first.
    missed_call_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    outcome: Mapped[CallbackOutcome | None] = mapped_column(
        _enum(CallbackOutcome, "callback_outcome"))
    call_log_id: Mapped[uuid.UUID | None]
    rescheduled_from: Mapped[uuid.UUID | None]
    owner_role: Mapped[str] = _role_column(index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    received_at: Mapped[datetime] = _received_at()


# Tables pulled by change number, in an order that satisfies their foreign keys.
PULLED = (Customer, Contact, PhoneNumber, Case, CallLog, Note, TranslationRequest,
          AgentStateChange, CaseHistory)
# What PCs pull is read by transaction, then number: only the rows written since the previous
# pull's snapshot (app.sync.engine).
for _model in (Customer, Contact, PhoneNumber, Case, Note, TranslationRequest):
    Index(f"ix_{_model.__tablename__}_change_xid", _model.__table__.c.change_xid,
          _model.__table__.c.change_no)
