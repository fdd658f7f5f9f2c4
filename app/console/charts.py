"""What the console's charts need beyond the KPI tables (app.console.kpi): inbound calls per
local hour by language, and each agent's states over one local day as time spans.

Both read the team's rows only (``caseline.console_team()``, migration 0010: leaders only, so an
agent is refused by the database) under the leader's row security, with the definitions of
docs/kpi.md: a call's language is its SR's, else its note language; a state lasts until the
same agent's next one, the last until the day's end or now, whichever is first; states are read
from one day before the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from app.console.kpi import local_range

if TYPE_CHECKING:
    import uuid
    from datetime import date, datetime

    from sqlalchemy.engine import Connection

# Service level: this share of the offered calls answered within kpi.ANSWER_TARGET_S (the
# usual 80/20); the chart draws it as the target line.
SERVICE_LEVEL_TARGET = 0.8


@dataclass(frozen=True, slots=True)
class HourCount:
    hour: int  # 0..23, local to the zone asked for
    language: str  # the SR's language, else the call's note language; "" when neither
    calls: int  # inbound calls that started in that hour (summed over the days asked for)


@dataclass(frozen=True, slots=True)
class StateSpan:
    agent_id: uuid.UUID  # the agent id the states were written with
    agent: str  # the agent's name (their role when the directory has none)
    state: str  # app.cases.models.AgentStatus values
    reason: str  # the break reason; "" for every other state
    start: datetime  # clipped to the day
    end: datetime


_HOURS = """
    SELECT extract(hour FROM l.started_at AT TIME ZONE :tz)::int AS hour,
           coalesce(c.language, l.note_language, '')::text AS language, count(*)::int AS calls
    FROM caseline.call_logs l
    -- Each call's SR by its id (OFFSET 0 keeps the lookup per call): a join lets the planner
    -- hash every SR the leader sees (664k at bench/monitoring.py's size: 0.5 s of the tab).
    LEFT JOIN LATERAL (SELECT cs.language FROM caseline.cases cs
                       WHERE cs.id = l.case_id OFFSET 0) c ON true
    WHERE l.team_id = caseline.console_team() AND l.direction = 'inbound'
      AND l.started_at >= :lo AND l.started_at < :hi
    GROUP BY 1, 2
    ORDER BY 1, 2"""


def calls_by_hour(conn: Connection, first: date, last: date, *, tz: str) -> list[HourCount]:
    """Inbound calls of the local days ``first``..``last`` by the local hour they started in."""
    lo, hi = local_range(first, last, tz)
    rows = conn.execute(text(_HOURS), {"lo": lo, "hi": hi, "tz": tz})
    return [HourCount(r.hour, r.language, r.calls) for r in rows]


_TIMELINE = """
    SELECT s.agent_id, coalesce(a.name, w.name, s.owner_role) AS agent, s.state::text AS state,
           CASE WHEN s.state = 'break' THEN s.reason::text ELSE '' END AS reason,
           greatest(s.at, :lo) AS span_start, least(coalesce(s.until, :end), :end) AS span_end
    FROM (SELECT x.agent_id, x.owner_role, x.state, x.reason, x.at, x.until
          FROM caseline.agent_state_spans x  -- each state with its end (central 0020)
          WHERE x.team_id = caseline.console_team()
            AND x.at >= CAST(:lo AS timestamptz) - interval '1 day' AND x.at < :hi) s
    LEFT JOIN caseline.agents a ON a.id = s.agent_id
    LEFT JOIN caseline.agents w ON w.db_role = s.owner_role
    WHERE coalesce(s.until, :end) > :lo AND s.at < :end
    ORDER BY 2, s.agent_id, s.at"""


def state_timeline(conn: Connection, day: date, *, tz: str) -> list[StateSpan]:
    """Each team agent's states over the local ``day``, per agent in time order (agents by
    name)."""
    lo, hi = local_range(day, day, tz)
    now = conn.execute(text("SELECT now()")).scalar_one()
    rows = conn.execute(text(_TIMELINE), {"lo": lo, "hi": hi, "end": min(hi, now)})
    return [StateSpan(r.agent_id, r.agent, r.state, r.reason, r.span_start, r.span_end)
            for r in rows if r.span_end > r.span_start]
