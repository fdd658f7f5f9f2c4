"""What the sync tells the rest of the app: plain, immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

# SR fields an agent edits, in the order a conflict lists them.
CASE_FIELDS = ("title", "description", "status", "priority", "priority_confirmed", "language",
               "queue", "customer_id", "contact_id", "owner_id")


@dataclass(frozen=True)
class SyncStatus:
    """``last_error``: '' when the last attempt worked, else a stable code for translation:
    connect_failed (server down or unreachable), auth_failed (wrong role or password),
    tls_failed, no_password (nothing in the keyring), newer_schema, failed."""

    enabled: bool = False  # a central URL is configured
    running: bool = False  # a sync is under way now
    queued: int = 0  # local changes not yet at the centre
    last_success: datetime | None = None
    last_error: str = ""
    last_error_detail: str = ""  # for the tooltip and the log; never a password
    last_error_at: datetime | None = None
    conflicts: int = 0  # SRs waiting for the agent to choose between two values
    # Rows that wait (see ``Parked``): local ones the centre refused (until they change) and
    # central ones this PC could not apply (``parked_pulled`` of them; tried with every pull).
    parked: int = 0
    parked_pulled: int = 0
    # SR numbers the centre had already given out: (old, new), from the last push.
    renumbered: tuple[tuple[str, str], ...] = ()
    # Provisional SR numbers replaced by final ones from the centre: (provisional, final).
    confirmed: tuple[tuple[str, str], ...] = ()
    pulled: int = 0  # rows the last round brought in (views showing them may refresh)
    own_name: str = ""  # this agent's name in the central agents table, once pulled


@dataclass(frozen=True)
class FieldConflict:
    field: str  # one of CASE_FIELDS
    mine: str | None  # the value as stored (enum value, uuid text, "true"/"false"), None = empty
    theirs: str | None
    # The centre refused the agent's value (an SR moved to another team's queue): only the
    # central value can be kept.
    refused: bool = False


@dataclass(frozen=True)
class CaseConflict:
    """An SR edited here and centrally since this PC last saw it, with different values."""

    case_id: uuid.UUID
    number: str
    title: str
    theirs_by: str  # who wrote the central values (the agent's name when known, else role)
    detected_at: datetime
    fields: tuple[FieldConflict, ...] = field(default=())


@dataclass(frozen=True)
class Parked:
    """A local row the centre refused, kept here until it changes (never dropped)."""

    table: str
    row_id: uuid.UUID
    # Refused centrally: refers_to_unsynced, customer_code_taken, refused, invalid. Not applied
    # here: parent_not_visible (what it belongs to is out of the agent's reach),
    # refers_to_parked (what it belongs to waits here too), local_refused (the store refused).
    code: str
    detail: str
    at: datetime
