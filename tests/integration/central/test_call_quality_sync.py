"""Call quality at the centre (issue 18, item 5; central migration 0012): the figures a PC logs
reach the centre with its push, the explorer filters by them, the quality trend
(``caseline.quality_kpis``) matches hand-computed figures, and each leader sees their own
team's only. The hand-computed calls start in July 2024, a period no other test writes in."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from psycopg import errors

from app.cases import models as m
from app.common.quality import POOR_MOS
from app.console import explorer, kpi, report
from app.console.explorer import CallFilter
from tests.integration.central.helpers import call_row, insert

if TYPE_CHECKING:
    import uuid

    from sqlalchemy.engine import Engine

    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

TOKYO = "Asia/Tokyo"
FIRST, LAST = date(2024, 7, 1), date(2024, 7, 3)  # local days in Tokyo
QUALITY = ("mos", "loss_pct", "jitter_ms", "rtt_ms")


def _utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 7, day, hour, minute, tzinfo=UTC)


def _central_id(conn: psycopg.Connection, table: str, column: str, value: str) -> uuid.UUID:
    row = conn.execute(f"SELECT id FROM caseline.{table} WHERE {column} = %s",  # noqa: S608
                       (value,)).fetchone()
    assert row is not None
    return row[0]  # type: ignore[no-any-return]


# name -> (role, start, mos, loss %, jitter ms, rtt ms); None: not measured.
CALLS: dict[str, tuple[str, datetime, float | None, float | None, float | None, float | None]] = {
    "a1": ("alice", _utc(1, 14, 30), 4.30, 0.0, 2.0, 20.0),  # 23:30 JST on the 1st
    "a2": ("alice", _utc(1, 15, 30), 3.11, 8.0, 30.0, 120.0),  # 00:30 JST on the 2nd
    "a3": ("alice", _utc(1, 16, 0), 3.49, 4.0, 10.0, None),  # poor, just; no round trip
    "a4": ("alice", _utc(1, 17, 0), None, None, None, None),  # missed: nothing measured
    "b1": ("bob", _utc(2, 1), 3.50, 1.0, 5.0, 40.0),  # on the line: not poor
    "b2": ("bob", _utc(2, 2), 2.00, 20.0, 50.0, 300.0),
    "c1": ("carol", _utc(2, 1), 1.50, 30.0, 80.0, 500.0),  # south
}


@pytest.fixture(scope="module")
def calls(central: Central) -> dict[str, Any]:
    made: dict[str, Any] = {}
    with central.as_("alice") as alice:
        made["north"] = _central_id(alice, "teams", "name", "north")
        made["south"] = _central_id(alice, "teams", "name", "south")
    for name, (role, start, mos, loss, jitter, rtt) in CALLS.items():
        with central.as_(role) as conn:
            agent = _central_id(conn, "agents", "db_role", role)
            made[role] = agent
            made[name] = insert(conn, "call_logs", call_row(
                agent_id=agent, started_at=start, mos=mos, loss_pct=loss, jitter_ms=jitter,
                rtt_ms=rtt, outcome="answered" if mos is not None else "missed"),
                returning="id")
    return made



def test_a_pcs_call_quality_reaches_the_centre_with_its_end(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    call_id = alice.add_call(ended=False)
    alice.syncer.push()  # the live call, not measured yet
    with alice.store.session() as s:
        call = s.get(m.CallLog, call_id)
        assert call is not None
        call.outcome, call.ended_at = m.Outcome.ANSWERED, m.utcnow()
        call.mos, call.loss_pct, call.jitter_ms, call.rtt_ms = 3.21, 6.5, 12.25, 48.0
    alice.syncer.push()  # an UPDATE of the row: the agents' column grants cover the figures
    with central.as_("lena") as lena:
        got = lena.execute("SELECT mos, loss_pct, jitter_ms, rtt_ms FROM caseline.call_logs "
                           "WHERE id = %s", (call_id,)).fetchone()
    assert got == (3.21, 6.5, 12.25, 48.0)


def test_the_centre_refuses_figures_out_of_range(central: Central) -> None:
    with central.as_("alice") as alice:
        agent = _central_id(alice, "agents", "db_role", "alice")
        for bad in ({"mos": 4.7}, {"mos": 0.5}, {"loss_pct": 101.0}, {"jitter_ms": -1.0},
                    {"rtt_ms": -3.0}):
            with pytest.raises(errors.CheckViolation):
                insert(alice, "call_logs", call_row(agent_id=agent, started_at=_utc(3, 1),
                                                    **bad))


def _filtered(eng: Engine, **quality: Any) -> dict[uuid.UUID, explorer.CallRow]:
    with eng.connect() as conn:
        page = explorer.calls(conn, CallFilter(FIRST, LAST, TOKYO, **quality), page_size=50)
    assert page.after is None
    return {row.id: row for row in page.rows}


def test_the_explorer_finds_the_poor_calls_and_carries_their_figures(
        calls: dict[str, Any], engines: dict[str, Engine]) -> None:
    poor = _filtered(engines["lena"], poor_only=True)
    assert set(poor) == {calls["a2"], calls["a3"], calls["b2"]}  # below 3.5; b1 is on it
    row = poor[calls["a2"]]
    assert (row.mos, row.loss_pct, row.jitter_ms, row.rtt_ms) == (3.11, 8.0, 30.0, 120.0)
    at_most = _filtered(engines["lena"], max_mos=POOR_MOS)
    assert set(at_most) == {calls["a2"], calls["a3"], calls["b1"], calls["b2"]}
    everything = _filtered(engines["lena"])
    assert calls["a4"] in everything and everything[calls["a4"]].mos is None
    assert calls["a1"] not in _filtered(engines["lena"], max_mos=4.0)


def test_a_leader_of_south_sees_no_figures_of_north(
        calls: dict[str, Any], engines: dict[str, Engine]) -> None:
    assert set(_filtered(engines["sam"], poor_only=True)) == {calls["c1"]}
    with engines["sam"].connect() as conn:
        trend = kpi.quality_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total", by="agent")
        teams = kpi.quality_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total", by="team")
    assert [(r.label, r.calls, r.poor, r.mos_avg) for r in trend] == [("Carol Chen", 1, 1, 1.5)]
    assert [(r.key, r.calls) for r in teams] == [(str(calls["south"]), 1)]
    # ... even naming north's team: row security, not the parameter, decides.
    with engines["sam"].connect() as conn:
        assert kpi.quality_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total",
                                team_id=calls["north"]) == []


def test_the_quality_trend_is_per_agent_per_local_day_as_computed_by_hand(
        calls: dict[str, Any], engines: dict[str, Engine]) -> None:
    with engines["lena"].connect() as conn:
        rows = kpi.quality_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="day", by="agent")
    assert rows == [
        kpi.QualityKpi(date(2024, 7, 1), str(calls["alice"]), "Alice Abe", calls=1, poor=0,
                       poor_rate=0.0, mos_avg=4.3, mos_min=4.3, loss_pct_avg=0.0,
                       jitter_ms_avg=2.0, rtt_ms_avg=20.0),
        # a2 and a3: 00:30 and 01:00 in Tokyo, the UTC day before; a4 has no MOS.
        kpi.QualityKpi(date(2024, 7, 2), str(calls["alice"]), "Alice Abe", calls=2, poor=2,
                       poor_rate=1.0, mos_avg=3.3, mos_min=3.11, loss_pct_avg=6.0,
                       jitter_ms_avg=20.0, rtt_ms_avg=120.0),  # a3 has no round trip
        kpi.QualityKpi(date(2024, 7, 2), str(calls["bob"]), "Bob Baba", calls=2, poor=1,
                       poor_rate=0.5, mos_avg=2.75, mos_min=2.0, loss_pct_avg=10.5,
                       jitter_ms_avg=27.5, rtt_ms_avg=170.0),
    ]
    with engines["lena"].connect() as conn:
        team, = kpi.quality_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total", by="team")
    assert (team.bucket_start, team.label, team.calls, team.poor, team.poor_rate,
            team.mos_avg, team.mos_min, team.loss_pct_avg, team.jitter_ms_avg,
            team.rtt_ms_avg) == (FIRST, "north", 5, 3, 0.6, 3.28, 2.0, 6.6, 19.4, 120.0)


def test_the_poor_line_is_the_callers_choice(
        calls: dict[str, Any], engines: dict[str, Engine]) -> None:
    with engines["lena"].connect() as conn:
        team, = kpi.quality_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total", by="team",
                                 poor_mos=3.0)
    assert team.poor == 1  # b2 alone is below 3.0


def test_the_report_has_the_quality_trend(
        calls: dict[str, Any], engines: dict[str, Engine]) -> None:
    with engines["lena"].connect() as conn:
        tables = {t.slug: t for t in report.tables(conn, FIRST, LAST, tz=TOKYO,
                                                   team_id=calls["north"])}
    quality = tables["quality"]
    assert quality.columns == kpi.QUALITY_COLUMNS
    assert [(r.bucket_start, r.label, r.calls) for r in quality.rows] == [
        (date(2024, 7, 1), "Alice Abe", 1), (date(2024, 7, 2), "Alice Abe", 2),
        (date(2024, 7, 2), "Bob Baba", 2)]


def test_an_agent_cannot_call_the_trend_and_bad_arguments_are_refused(
        central: Central, calls: dict[str, Any]) -> None:
    args = (_utc(1, 0), _utc(4, 0), TOKYO)
    with central.as_("alice") as alice, pytest.raises(errors.InsufficientPrivilege):
        alice.execute("SELECT * FROM caseline.quality_kpis(%s, %s, %s, 'day')", args)
    with central.as_("lena") as lena:
        for bucket, by in (("hour", "agent"), ("day", "queue")):
            with pytest.raises(errors.InvalidParameterValue):
                lena.execute("SELECT * FROM caseline.quality_kpis(%s, %s, %s, %s, %s)",
                             (*args, bucket, by))
