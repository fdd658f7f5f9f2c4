"""The team leader's overdue callbacks: what the team promised to call back and has not.

Read on the leader's own connection: row security (central migration 0014) decides which
callbacks exist, the team's (by the team the agent was in when scheduling). The database's
clock says what is overdue, or a time the caller gives, never this machine's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy import Connection

_OVERDUE = """
    SELECT b.id, b.due_at, b.number, b.reason, b.language, b.priority, b.source,
           b.owner_role, coalesce(a.name, b.owner_role) AS agent_name,
           coalesce(c.number, '') AS case_number, coalesce(c.title, '') AS case_title
    FROM caseline.callbacks b
    LEFT JOIN caseline.agents a ON a.db_role = b.owner_role
    LEFT JOIN caseline.cases c ON c.id = b.case_id
    WHERE b.done_at IS NULL AND b.due_at < coalesce(CAST(:at AS timestamptz), now())
    ORDER BY b.due_at, b.id
    LIMIT :limit"""


@dataclass(frozen=True, slots=True)
class OverdueCallback:
    id: uuid.UUID
    due_at: datetime
    number: str
    reason: str
    language: str | None
    priority: str | None
    source: str
    role: str  # the agent's database role
    agent_name: str
    case_number: str  # "" without an SR (or one the leader cannot see)
    case_title: str


def overdue_callbacks(conn: Connection, *, at: datetime | None = None,
                      limit: int = 500) -> list[OverdueCallback]:
    """The team's open callbacks due before ``at`` (the database's now by default), the
    longest waiting first."""
    return [OverdueCallback(*row) for row in conn.execute(
        text(_OVERDUE), {"at": at, "limit": limit})]
