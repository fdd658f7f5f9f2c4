"""The agent's day in numbers: what the desktop's "Today" panel and team leaders' KPIs show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, select

from app.cases.models import CallLog, Direction, Disposition, Outcome

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class DaySummary:
    inbound: int = 0
    outbound: int = 0
    answered: int = 0  # inbound calls the agent answered
    missed: int = 0  # inbound calls nobody answered
    talk_seconds: float = 0.0
    resolved_on_call: int = 0  # answered inbound calls whose disposition resolves the SR

    @property
    def average_talk(self) -> float:
        talked = self.answered + self.outbound
        return self.talk_seconds / talked if talked else 0.0

    @property
    def first_contact_resolution(self) -> float | None:
        """Share of answered inbound calls resolved on the call; None before the first one."""
        return self.resolved_on_call / self.answered if self.answered else None


def day_summary(session: Session, since: datetime,
                agent_id: uuid.UUID | None = None) -> DaySummary:
    """Calls started at or after ``since`` (the local day's start, in UTC)."""
    inbound = CallLog.direction == Direction.INBOUND
    answered = and_(inbound, CallLog.answered_at.is_not(None))
    query = (
        select(
            func.count().filter(inbound),
            func.count().filter(CallLog.direction == Direction.OUTBOUND),
            func.count().filter(answered),
            func.count().filter(and_(inbound, CallLog.outcome == Outcome.MISSED)),
            func.coalesce(func.sum(CallLog.talk_seconds), 0.0),
            func.count().filter(and_(answered, Disposition.resolves.is_(True))),
        )
        .select_from(CallLog)
        .outerjoin(Disposition, Disposition.code == CallLog.disposition_code)
        .where(CallLog.started_at >= since)
    )
    if agent_id is not None:
        query = query.where(CallLog.agent_id == agent_id)
    row = session.execute(query).one()
    return DaySummary(int(row[0]), int(row[1]), int(row[2]), int(row[3]), float(row[4]),
                      int(row[5]))


