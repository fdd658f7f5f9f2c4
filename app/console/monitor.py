"""The leader's side of monitoring: a one-time grant to listen in on (whisper to, barge into) one
live call of the team (central migration 0013).

``start_monitoring`` writes the grant as the leader's own login role: the database decides
(only a leader of the call's team, only a live call, only while the deployment allows it) and
fills in who, when and until when. What comes back is what the leader's phone needs to dial
the agent: the agent's SIP identity and the token for the INVITE's monitoring header
(app.orchestration.monitoring.monitor_headers). The token leaves this process only in that
INVITE; the centre keeps its SHA-256 alone.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid  # noqa: TC003 - a dataclass field's type
from dataclasses import dataclass
from datetime import datetime  # noqa: TC003 - as above
from typing import TYPE_CHECKING

import psycopg
from sqlalchemy import exc, text

if TYPE_CHECKING:
    from sqlalchemy import Connection

MODES = ("listen", "whisper", "barge")


class MonitoringRefusedError(PermissionError):
    """The database refused the grant. ``code``: ``not_allowed`` (not a leader of the call's
    team, or the call is not live: the database does not say which) or ``switched_off``."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True, slots=True)
class MonitoringGrant:
    id: uuid.UUID
    token: str  # for the INVITE only; never shown, never stored
    call_log_id: uuid.UUID
    mode: str
    expires_at: datetime  # dial before this: the grant is void after
    agent_name: str
    sip_identity: str | None  # whom to dial; None when the directory has no SIP identity


@dataclass(frozen=True, slots=True)
class MonitoringSession:
    """One monitoring session of a call, as its log shows it (the call explorer's detail)."""

    id: uuid.UUID
    leader: str  # the leader's name (their role when the directory has none)
    mode: str
    created_at: datetime
    used_at: datetime | None  # None: the grant was never used
    ended_at: datetime | None


def start_monitoring(conn: Connection, call_log_id: uuid.UUID, mode: str) -> MonitoringGrant:
    """Create a grant to monitor ``call_log_id`` in ``mode``, as the connection's role (a
    leader of the call's team). Commits on the connection. Raises MonitoringRefusedError."""
    if mode not in MODES:
        raise ValueError(f"not a monitoring mode: {mode!r}")
    token = secrets.token_urlsafe(32)
    try:
        row = conn.execute(text(
            "INSERT INTO caseline.monitoring_grants (call_log_id, mode, token_hash) "
            "VALUES (:call, :mode, :hash) RETURNING id, expires_at, agent_id"),
            {"call": call_log_id, "mode": mode,
             "hash": hashlib.sha256(token.encode()).digest()}).one()
        agent = conn.execute(text(
            "SELECT name, sip_identity FROM caseline.agents WHERE id = :id"),
            {"id": row.agent_id}).one()
        conn.commit()
    except exc.DBAPIError as e:
        conn.rollback()
        if isinstance(e.orig, psycopg.errors.FeatureNotSupported):
            raise MonitoringRefusedError("switched_off", str(e.orig)) from e
        if isinstance(e.orig, psycopg.errors.InsufficientPrivilege):
            raise MonitoringRefusedError("not_allowed", str(e.orig)) from e
        raise
    return MonitoringGrant(row.id, token, call_log_id, mode, row.expires_at, agent.name,
                           agent.sip_identity)


_SESSIONS = """
    SELECT g.id, coalesce(a.name, g.leader_role) AS leader, g.mode, g.created_at, g.used_at,
           g.ended_at
    FROM caseline.monitoring_grants g LEFT JOIN caseline.agents a ON a.db_role = g.leader_role
    WHERE g.call_log_id = :id
    ORDER BY g.created_at, g.id"""


def sessions(conn: Connection, call_log_id: uuid.UUID) -> tuple[MonitoringSession, ...]:
    """Every monitoring grant of a call the connection's role may see, oldest first."""
    return tuple(MonitoringSession(r.id, r.leader, r.mode, r.created_at, r.used_at, r.ended_at)
                 for r in conn.execute(text(_SESSIONS), {"id": call_log_id}))
