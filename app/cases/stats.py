"""The agent's day in numbers: what the desktop's "Today" panel and team leaders' KPIs show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, or_, select

from app.cases.models import CallLog, Direction, Outcome

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session


# First-contact resolution: no further contact on the SR within this many days (the
# deployment's [console] fcr_days; docs/kpi.md).
FCR_DAYS = 7


@dataclass(frozen=True, slots=True)
class DaySummary:
    inbound: int = 0
    outbound: int = 0
    answered: int = 0  # inbound calls the agent answered
    missed: int = 0  # inbound calls nobody answered
    talk_seconds: float = 0.0
    on_sr: int = 0  # answered inbound calls on an SR: first-contact resolution's calls
    resolved: int = 0  # of those, with no further contact on the SR within fcr_days (so far)

    @property
    def average_talk(self) -> float:
        talked = self.answered + self.outbound
        return self.talk_seconds / talked if talked else 0.0

    @property
    def first_contact_resolution(self) -> float | None:
        """Share of the answered calls on an SR that no further contact on the SR followed;
        None before the first one."""
        return self.resolved / self.on_sr if self.on_sr else None


def day_summary(session: Session, since: datetime, agent_id: uuid.UUID | None = None, *,
                fcr_days: int = FCR_DAYS) -> DaySummary:
    """Calls started at or after ``since`` (the local day's start, in UTC).

    First-contact resolution as the team leader's KPIs count it (docs/kpi.md, not the
    disposition the agent chose): a further contact is a later call on the same SR within
    ``fcr_days``, inbound (answered or not) or answered outbound, of anyone in this store.
    What only the centre holds (a colleague's call on the SR) is not known here, and a call
    of today can still lose it: the figure is "so far"."""
    inbound = CallLog.direction == Direction.INBOUND
    answered = and_(inbound, CallLog.answered_at.is_not(None))
    query = (
        select(
            func.count().filter(inbound),
            func.count().filter(CallLog.direction == Direction.OUTBOUND),
            func.count().filter(answered),
            func.count().filter(and_(inbound, CallLog.outcome == Outcome.MISSED)),
            func.coalesce(func.sum(CallLog.talk_seconds), 0.0),
        )
        .select_from(CallLog)
        .where(CallLog.started_at >= since)
    )
    first = select(CallLog.case_id, CallLog.started_at).where(
        CallLog.started_at >= since, answered, CallLog.case_id.is_not(None))
    if agent_id is not None:
        query = query.where(CallLog.agent_id == agent_id)
        first = first.where(CallLog.agent_id == agent_id)
    row = session.execute(query).one()
    calls = session.execute(first).all()
    resolved = 0
    if calls:
        # A day's calls and what followed them on their SRs: a few hundred rows at most.
        # Strictly later: a call is never its own further contact, nor one at its instant.
        later: dict[uuid.UUID | None, list[datetime]] = {}
        for case_id, at in session.execute(
                select(CallLog.case_id, CallLog.started_at).where(
                    CallLog.case_id.in_({c.case_id for c in calls}),
                    CallLog.started_at > min(c.started_at for c in calls),
                    or_(inbound, CallLog.answered_at.is_not(None)))):
            later.setdefault(case_id, []).append(at)
        window = timedelta(days=fcr_days)
        resolved = sum(not any(c.started_at < at <= c.started_at + window
                               for at in later.get(c.case_id, ()))
                       for c in calls)
    return DaySummary(int(row[0]), int(row[1]), int(row[2]), int(row[3]), float(row[4]),
                      len(calls), resolved)
