"""Team-leader KPIs: the definitions, once (docs/kpi.md says them in words).

The figures are computed by the centre (``caseline.call_kpis``, ``caseline.state_kpis``,
``caseline.occupancy_kpis``, migration 0009; ``caseline.quality_kpis``, 0012) under the
leader's row security; this module calls them, gives each row a dataclass and each column its
label, so the console, the CLI and the exports show the same numbers under the same names.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import text

from app.cases.stats import FCR_DAYS  # the Today panel's too: one default
from app.common.quality import POOR_MOS

if TYPE_CHECKING:
    import uuid

    from sqlalchemy.engine import Connection

Bucket = Literal["day", "week", "month", "total"]  # total: one row per group for the range
By = Literal["agent", "team", "queue", "language"]
# mos: a score 1..4.5; percent: a figure already in percent (a loss); ms: milliseconds
Kind = Literal["date", "text", "count", "seconds", "rate", "mos", "percent", "ms"]

ANSWER_TARGET_S = 20  # service level: answered within this many seconds of ringing

T = TypeVar("T")


def QT_TRANSLATE_NOOP(_context: str, source: str) -> str:  # noqa: N802 - lupdate's marker
    """Marks a label for lupdate (context "kpi"); no Qt here: whoever shows it translates."""
    return source


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the SQL column and the dataclass field
    label: str  # English source text, translated in context "kpi"
    kind: Kind


@dataclass(frozen=True, slots=True)
class CallKpi:
    bucket_start: date  # first local day of the bucket (the range's first day for "total")
    key: str  # agent or team id, queue name, language code ("" when unknown)
    label: str  # agent's or team's name, else the key
    offered: int
    answered: int
    missed: int
    answered_in_target: int
    service_level: float | None
    asa_s: float | None
    aht_s: float | None
    talk_s: float
    hold_s: float
    wrap_up_s: float
    fcr_calls: int
    fcr_resolved: int
    fcr_rate: float | None
    transferred: int
    transfer_rate: float | None
    escalated: int
    escalation_rate: float | None
    outbound: int
    missed_called_back: int


@dataclass(frozen=True, slots=True)
class StateKpi:
    bucket_start: date
    key: str
    label: str
    state: str  # app.cases.models.AgentStatus values
    reason: str  # the break reason; "" for every other state
    seconds: float


@dataclass(frozen=True, slots=True)
class OccupancyKpi:
    bucket_start: date
    key: str
    label: str
    logged_in_s: float
    busy_s: float
    occupancy: float | None


@dataclass(frozen=True, slots=True)
class QualityKpi:
    """Call quality of an agent (or team) in a bucket: the calls with a MOS (the worst of each
    call's samples, app.telephony.quality), the poor ones (MOS below POOR_MOS)."""

    bucket_start: date
    key: str
    label: str
    calls: int  # calls with a MOS
    poor: int
    poor_rate: float | None
    mos_avg: float | None
    mos_min: float | None
    loss_pct_avg: float | None
    jitter_ms_avg: float | None
    rtt_ms_avg: float | None


CALL_COLUMNS: tuple[Column, ...] = (
    Column("bucket_start", QT_TRANSLATE_NOOP("kpi", "Period"), "date"),
    Column("label", QT_TRANSLATE_NOOP("kpi", "Name"), "text"),
    Column("offered", QT_TRANSLATE_NOOP("kpi", "Offered"), "count"),
    Column("answered", QT_TRANSLATE_NOOP("kpi", "Answered"), "count"),
    Column("missed", QT_TRANSLATE_NOOP("kpi", "Missed"), "count"),
    Column("answered_in_target", QT_TRANSLATE_NOOP("kpi", "Answered in target"), "count"),
    Column("service_level", QT_TRANSLATE_NOOP("kpi", "Service level"), "rate"),
    Column("asa_s", QT_TRANSLATE_NOOP("kpi", "Average speed of answer (s)"), "seconds"),
    Column("aht_s", QT_TRANSLATE_NOOP("kpi", "Average handle time (s)"), "seconds"),
    Column("talk_s", QT_TRANSLATE_NOOP("kpi", "Talk (s)"), "seconds"),
    Column("hold_s", QT_TRANSLATE_NOOP("kpi", "Hold (s)"), "seconds"),
    Column("wrap_up_s", QT_TRANSLATE_NOOP("kpi", "Wrap-up (s)"), "seconds"),
    Column("fcr_calls", QT_TRANSLATE_NOOP("kpi", "Answered on an SR"), "count"),
    Column("fcr_resolved", QT_TRANSLATE_NOOP("kpi", "Resolved first time"), "count"),
    Column("fcr_rate", QT_TRANSLATE_NOOP("kpi", "First-contact resolution"), "rate"),
    Column("transferred", QT_TRANSLATE_NOOP("kpi", "Transferred"), "count"),
    Column("transfer_rate", QT_TRANSLATE_NOOP("kpi", "Transfer rate"), "rate"),
    Column("escalated", QT_TRANSLATE_NOOP("kpi", "Escalated"), "count"),
    Column("escalation_rate", QT_TRANSLATE_NOOP("kpi", "Escalation rate"), "rate"),
    Column("outbound", QT_TRANSLATE_NOOP("kpi", "Outbound"), "count"),
    Column("missed_called_back", QT_TRANSLATE_NOOP("kpi", "Missed, called back"), "count"),
)
STATE_COLUMNS: tuple[Column, ...] = (
    Column("bucket_start", QT_TRANSLATE_NOOP("kpi", "Period"), "date"),
    Column("label", QT_TRANSLATE_NOOP("kpi", "Name"), "text"),
    Column("state", QT_TRANSLATE_NOOP("kpi", "State"), "text"),
    Column("reason", QT_TRANSLATE_NOOP("kpi", "Break reason"), "text"),
    Column("seconds", QT_TRANSLATE_NOOP("kpi", "Time (s)"), "seconds"),
)
OCCUPANCY_COLUMNS: tuple[Column, ...] = (
    Column("bucket_start", QT_TRANSLATE_NOOP("kpi", "Period"), "date"),
    Column("label", QT_TRANSLATE_NOOP("kpi", "Name"), "text"),
    Column("logged_in_s", QT_TRANSLATE_NOOP("kpi", "Logged in (s)"), "seconds"),
    Column("busy_s", QT_TRANSLATE_NOOP("kpi", "Talk, hold and wrap-up (s)"), "seconds"),
    Column("occupancy", QT_TRANSLATE_NOOP("kpi", "Occupancy"), "rate"),
)


QUALITY_COLUMNS: tuple[Column, ...] = (
    Column("bucket_start", QT_TRANSLATE_NOOP("kpi", "Period"), "date"),
    Column("label", QT_TRANSLATE_NOOP("kpi", "Name"), "text"),
    Column("calls", QT_TRANSLATE_NOOP("kpi", "Calls measured"), "count"),
    Column("poor", QT_TRANSLATE_NOOP("kpi", "Poor calls"), "count"),
    Column("poor_rate", QT_TRANSLATE_NOOP("kpi", "Poor share"), "rate"),
    Column("mos_avg", QT_TRANSLATE_NOOP("kpi", "Mean MOS"), "mos"),
    Column("mos_min", QT_TRANSLATE_NOOP("kpi", "Lowest MOS"), "mos"),
    Column("loss_pct_avg", QT_TRANSLATE_NOOP("kpi", "Mean packet loss (%)"), "percent"),
    Column("jitter_ms_avg", QT_TRANSLATE_NOOP("kpi", "Mean jitter (ms)"), "ms"),
    Column("rtt_ms_avg", QT_TRANSLATE_NOOP("kpi", "Mean round trip (ms)"), "ms"),
)


def local_range(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    """The instants from ``first`` 00:00 to the end of ``last`` (both included), in ``tz``."""
    zone = ZoneInfo(tz)
    return (datetime.combine(first, time(), zone),
            datetime.combine(last + timedelta(days=1), time(), zone))


def _rows(conn: Connection, kind: type[T], sql: str, params: dict[str, Any]) -> list[T]:
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    result = conn.execute(text(sql), params)
    return [kind(**dict(zip(names, row, strict=True))) for row in result]


def call_kpis(conn: Connection, first: date, last: date, *, tz: str, bucket: Bucket, by: By,
              team_id: uuid.UUID | None = None, fcr_days: int = FCR_DAYS,
              answer_target_s: int = ANSWER_TARGET_S) -> list[CallKpi]:
    """Call KPIs for the local days ``first``..``last`` (what the role may read)."""
    lo, hi = local_range(first, last, tz)
    return _rows(conn, CallKpi,
                 "SELECT * FROM caseline.call_kpis(:lo, :hi, :tz, :bucket, :by, :fcr, :target, "
                 "CAST(:team AS uuid))",
                 {"lo": lo, "hi": hi, "tz": tz, "bucket": bucket, "by": by, "fcr": fcr_days,
                  "target": answer_target_s, "team": team_id})


def call_kpis_with_days(conn: Connection, first: date, last: date, *, tz: str, bucket: Bucket,
                        by: By, team_id: uuid.UUID | None = None, fcr_days: int = FCR_DAYS,
                        answer_target_s: int = ANSWER_TARGET_S
                        ) -> tuple[list[CallKpi], list[CallKpi]]:
    """``call_kpis`` by ``bucket`` and ``by``, and by day for the team (the KPI tab's trends),
    from one pass over the calls (central 0021): the same rows as the two calls."""
    lo, hi = local_range(first, last, tz)
    names = [f.name for f in dataclasses.fields(CallKpi)]
    result = conn.execute(text(
        "SELECT * FROM caseline.call_kpis_with_days(:lo, :hi, :tz, :bucket, :by, :fcr, "
        ":target, CAST(:team AS uuid))"),
        {"lo": lo, "hi": hi, "tz": tz, "bucket": bucket, "by": by, "fcr": fcr_days,
         "target": answer_target_s, "team": team_id})
    parts: dict[str, list[CallKpi]] = {"rows": [], "days": []}
    for part, *row in result:
        parts[part].append(CallKpi(**dict(zip(names, row, strict=True))))
    return parts["rows"], parts["days"]


def state_kpis(conn: Connection, first: date, last: date, *, tz: str, bucket: Bucket,
               by: Literal["agent", "team"], team_id: uuid.UUID | None = None
               ) -> list[StateKpi]:
    """Seconds per agent state (and break reason) for the local days ``first``..``last``."""
    lo, hi = local_range(first, last, tz)
    return _rows(conn, StateKpi,
                 "SELECT * FROM caseline.state_kpis(:lo, :hi, :tz, :bucket, :by, "
                 "CAST(:team AS uuid))",
                 {"lo": lo, "hi": hi, "tz": tz, "bucket": bucket, "by": by, "team": team_id})


def occupancy_kpis(conn: Connection, first: date, last: date, *, tz: str, bucket: Bucket,
                   by: Literal["agent", "team"], team_id: uuid.UUID | None = None
                   ) -> list[OccupancyKpi]:
    """Occupancy: on-call and wrap-up time over the time logged in, from the agent states."""
    lo, hi = local_range(first, last, tz)
    return _rows(conn, OccupancyKpi,
                 "SELECT * FROM caseline.occupancy_kpis(:lo, :hi, :tz, :bucket, :by, "
                 "CAST(:team AS uuid))",
                 {"lo": lo, "hi": hi, "tz": tz, "bucket": bucket, "by": by, "team": team_id})


def state_kpis_with_occupancy(conn: Connection, first: date, last: date, *, tz: str,
                              bucket: Bucket, by: Literal["agent", "team"],
                              team_id: uuid.UUID | None = None
                              ) -> tuple[list[StateKpi], list[OccupancyKpi]]:
    """``state_kpis`` and ``occupancy_kpis`` from the states read once (central 0021)."""
    lo, hi = local_range(first, last, tz)
    result = conn.execute(text(
        "SELECT * FROM caseline.state_kpis_with_occupancy(:lo, :hi, :tz, :bucket, :by, "
        "CAST(:team AS uuid))"),
        {"lo": lo, "hi": hi, "tz": tz, "bucket": bucket, "by": by, "team": team_id})
    states: list[StateKpi] = []
    occupancy: list[OccupancyKpi] = []
    for r in result:
        if r.part == "states":
            states.append(StateKpi(r.bucket_start, r.key, r.label, r.state, r.reason,
                                   r.seconds))
        else:
            occupancy.append(OccupancyKpi(r.bucket_start, r.key, r.label, r.logged_in_s,
                                          r.busy_s, r.occupancy))
    return states, occupancy


def quality_kpis(conn: Connection, first: date, last: date, *, tz: str, bucket: Bucket,
                 by: Literal["agent", "team"] = "agent", team_id: uuid.UUID | None = None,
                 poor_mos: float = POOR_MOS) -> list[QualityKpi]:
    """The quality trend: per agent (or team) and bucket, for the local days ``first``..``last``;
    only groups with a measured call have a row."""
    lo, hi = local_range(first, last, tz)
    return _rows(conn, QualityKpi,
                 "SELECT * FROM caseline.quality_kpis(:lo, :hi, :tz, :bucket, :by, :poor, "
                 "CAST(:team AS uuid))",
                 {"lo": lo, "hi": hi, "tz": tz, "bucket": bucket, "by": by, "poor": poor_mos,
                  "team": team_id})


# The name of a group with no queue or no language (its key is "").
NONE_LABEL = QT_TRANSLATE_NOOP("kpi", "(none)")

# Agent states as a report shows them (AgentStatus values).
STATE_LABELS: dict[str, str] = {
    "available": QT_TRANSLATE_NOOP("kpi", "Available"),
    "ringing": QT_TRANSLATE_NOOP("kpi", "Ringing"),
    "on-call": QT_TRANSLATE_NOOP("kpi", "On a call"),
    "wrap-up": QT_TRANSLATE_NOOP("kpi", "Wrap-up"),
    "break": QT_TRANSLATE_NOOP("kpi", "Break"),
    "offline": QT_TRANSLATE_NOOP("kpi", "Offline"),
}
