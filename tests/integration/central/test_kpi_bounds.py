"""The KPIs' reads bounded by the range (central 0017, 0018): what lies past the range's end and
still counts. FCR looks ``fcr_days`` past the range's end (a call on the last day whose SR is
called on after the report is not resolved), a missed call on the last day called back after
the range counts as called back, a wrap-up whose next state falls after the range counts in
full, an SR turned escalated after the range's end but within the call's grace counts; calls
outside the range are in no figure. The calls-per-hour chart takes a call's language from its
SR (app.console.charts looks each call's SR up by its id). Every row here is in November 2015
(Asia/Tokyo days 10..16), a period no other test writes in; every figure is computed by hand
below."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from typing import TYPE_CHECKING, Any

import pytest

from app.central.db import engine
from app.console import charts, kpi
from tests.integration.central.helpers import call_row, case_row, insert, wrap_up

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine

    from tests.integration.central.helpers import Central

TOKYO = "Asia/Tokyo"
FIRST, LAST = date(2015, 11, 10), date(2015, 11, 16)  # 2015-11-09 15:00 to 11-16 15:00 UTC
FCR_DAYS = 3  # not the default 7: the lookahead follows the parameter


def _utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2015, 11, day, hour, minute, second, tzinfo=UTC)


def _call(conn: Any, agent: uuid.UUID, start: datetime, *, talk: float = 0.0,
          **extra: Any) -> dict[str, Any]:
    """A finished inbound call (unless ``direction`` says otherwise) rung 5 s: answered when
    it talked, else missed."""
    answered = talk > 0
    row = call_row(agent_id=agent, started_at=start, ring_seconds=5.0, talk_seconds=talk,
                   ended_at=start + timedelta(seconds=5 + talk),
                   answered_at=start + timedelta(seconds=5) if answered else None,
                   outcome="answered" if answered else "missed", **extra)
    insert(conn, "call_logs", row)
    return row


@pytest.fixture(scope="module")
def edges(central: Central) -> dict[str, Any]:
    """North's calls of the week (alice's, X bob's), each named by what it tests."""
    with central.as_("alice") as alice, central.as_("bob") as bob, central.as_() as admin:
        a, b = (admin.execute("SELECT id FROM caseline.agents WHERE db_role = %s",
                              (role,)).fetchone()[0] for role in ("alice", "bob"))  # type: ignore[index]
        sr = {name: case_row("hardware") for name in ("a", "b", "c", "d", "x")}
        sr["x"]["status"] = "escalated"
        for case in sr.values():
            insert(alice, "cases", case)
        # A: 23:00 JST on the last day; its SR is called on (answered) 2 days 20 h later, past
        # the range's end but within fcr_days: not resolved.
        _call(alice, a, _utc(16, 14), talk=60, case_id=sr["a"]["id"])
        _call(alice, a, _utc(19, 10), talk=30, case_id=sr["a"]["id"])
        # B: the last day too; the next call on its SR is fcr_days and 1 s later: resolved.
        _call(alice, a, _utc(16, 14, 5), talk=60, case_id=sr["b"]["id"])
        _call(alice, a, _utc(19, 14, 5, 1), talk=30, case_id=sr["b"]["id"])
        # C: the next contact on its SR is a missed inbound call fcr_days later to the second
        # (the window includes its end): not resolved.
        _call(alice, a, _utc(16, 14, 10), talk=60, case_id=sr["c"]["id"])
        _call(alice, a, _utc(19, 14, 10), case_id=sr["c"]["id"])
        # D: on the first local day (01:00 JST); its SR's only other call is before the range
        # (23:00 JST the day before): earlier contact is not further contact: resolved.
        _call(alice, a, _utc(9, 14), talk=60, case_id=sr["d"]["id"])  # before the range
        _call(alice, a, _utc(9, 16), talk=60, case_id=sr["d"]["id"])
        # M: missed on the last day, called back 2 days later (after the range): called back.
        # M2: its callback comes fcr_days and a minute later: not.
        _call(alice, a, _utc(16, 14, 30), number_key="0399990000")
        _call(alice, a, _utc(18, 9), talk=40, direction="outbound", number_key="0399990000")
        _call(alice, a, _utc(16, 14, 40), number_key="0399990001")
        _call(alice, a, _utc(19, 14, 41), talk=40, direction="outbound",
              number_key="0399990001")
        # W: 23:50 JST on the last day, no SR; its wrap-up ends 5 min after the range: 600 s.
        w = _call(alice, a, _utc(16, 14, 50), talk=295)
        wrap_up(alice, a, w, 600)
        # X (bob's): on SR-X, wrap-up 120 s until 15:01 UTC; the SR turns escalated at 15:10,
        # after the range's end, within 15 min of the wrap-up's end: escalated.
        x = _call(bob, b, _utc(16, 14, 58), talk=55, case_id=sr["x"]["id"])
        wrap_up(bob, b, x, 120)
        insert(admin, "case_history", {"case_id": sr["x"]["id"], "field": "status",
                                       "value": "open", "kind": "overwritten",
                                       "written_by": "alice", "replaced_by": "alice",
                                       "at": _utc(16, 15, 10)})
        row = admin.execute("SELECT id FROM caseline.teams WHERE name = 'north'").fetchone()
        assert row is not None
    return {"alice": a, "north": row[0]}


@pytest.fixture(scope="module")
def lena(central: Central) -> Iterator[Engine]:
    eng = engine(central.url("lena"))
    yield eng
    eng.dispose()


def _total(eng: Engine, by: kpi.By, team: uuid.UUID | None) -> dict[str, kpi.CallKpi]:
    with eng.connect() as conn:
        return {r.key: r for r in kpi.call_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total",
                                                by=by, team_id=team, fcr_days=FCR_DAYS)}


@pytest.mark.parametrize("with_team", [True, False], ids=["team", "no-team"])
def test_what_lies_past_the_ranges_end_counts_and_nothing_else(
        edges: dict[str, Any], lena: Engine, with_team: bool) -> None:
    rows = _total(lena, "team", edges["north"] if with_team else None)
    assert set(rows) == {str(edges["north"])}
    week = rows[str(edges["north"])]
    # In the range: A, B, C, D, W, X answered, M and M2 missed; the calls before the range
    # (D's SR) and after it (the further contacts, the callbacks) are in no count.
    assert (week.offered, week.answered, week.missed, week.outbound) == (8, 6, 2, 0)
    # On an SR: A, B, C, D, X; resolved: B (next call past fcr_days), D, X.
    assert (week.fcr_calls, week.fcr_resolved, week.fcr_rate) == (5, 3, 0.6)
    assert week.missed_called_back == 1  # M
    assert (week.escalated, week.escalation_rate) == (1, 0.1667)  # X, of 6 answered
    assert week.wrap_up_s == 720.0  # W's 600 + X's 120, both ending after the range
    assert week.aht_s == round((60 * 3 + 60 + 295 + 600 + 55 + 120) / 6, 1)


def test_an_srs_queue_is_read_through_the_ranges_calls(
        edges: dict[str, Any], lena: Engine) -> None:
    queues = _total(lena, "queue", edges["north"])
    assert {k: (r.offered, r.fcr_calls, r.fcr_resolved, r.escalated)
            for k, r in queues.items()} == {"hardware": (5, 5, 3, 1), "": (3, 0, 0, 0)}
    languages = _total(lena, "language", edges["north"])
    assert {k: r.offered for k, r in languages.items()} == {"ja": 5, "": 3}



def test_calls_per_hour_take_the_srs_language_and_the_ranges_calls_only(
        edges: dict[str, Any], lena: Engine) -> None:
    assert edges
    with lena.connect() as conn:
        hours = charts.calls_by_hour(conn, FIRST, LAST, tz=TOKYO)
    # D at 01:00 JST; A, B, C, X (SRs in Japanese) and M, M2, W (no SR) at 23:xx JST.
    assert {(h.hour, h.language): h.calls for h in hours} == {
        (1, "ja"): 1, (23, "ja"): 4, (23, ""): 3}


def test_the_kpi_functions_are_planned_for_each_calls_range(central: Central) -> None:
    """A leader's session calls these many times: after the fifth call PL/pgSQL may switch to a
    generic plan, which knows neither the range nor the team and so prunes no month (2-3x
    slower at bench/monitoring.py's 10M calls; the speed itself is the bench's). The functions
    carry the setting that keeps their plans custom (0017; quality_kpis 0023)."""
    with central.as_() as admin:
        found = dict(admin.execute(
            "SELECT proname, proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'caseline'"
            " AND proname IN ('call_kpis', 'state_kpis', 'call_kpis_with_days', 'quality_kpis')"
        ).fetchall())
    assert set(found) == {"call_kpis", "state_kpis", "call_kpis_with_days", "quality_kpis"}
    for name, config in found.items():
        assert "plan_cache_mode=force_custom_plan" in (config or []), (name, config)


def test_the_kpi_functions_never_compile_their_statements(central: Central) -> None:
    """JIT compiled call_kpis's statement in 0.6 of its 1.6 s at bench/monitoring.py's 10M
    calls, and a plan estimated a little dearer in 6.7 s (0018): every KPI function runs with
    JIT off, whatever the server's setting."""
    names = ("call_kpis", "state_kpis", "occupancy_kpis", "quality_kpis", "translation_kpis",
             "call_kpis_with_days", "state_kpis_with_occupancy")
    with central.as_() as admin:
        found = dict(admin.execute(
            "SELECT proname, proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'caseline' AND proname = ANY(%s)", (list(names),)).fetchall())
    assert set(found) == set(names)
    for name, config in found.items():
        assert "jit=off" in (config or []), (name, config)


def test_a_session_on_the_centre_does_not_compile_either(central: Central) -> None:
    """The console's own statements paid JIT too (a disposition over 90 days: 563 ms with it,
    16 ms without, at 10M calls): the database's sessions start with it off (0018)."""
    with central.as_("alice") as alice:
        assert alice.execute("SHOW jit").fetchone() == ("off",)


def test_the_tabs_combined_functions_follow_the_live_definitions(central: Central) -> None:
    """0021 made the KPI tab's combined functions from the text of ``call_kpis`` and
    ``occupancy_kpis`` as they were: a later migration that changes either must make the
    combined one again from its new text, or the console's tab and the report drift apart."""
    made = import_module("app.central.migrations.versions.0021_kpis_with_days")
    names = ["call_kpis", "call_kpis_with_days", "occupancy_kpis", "state_kpis_with_occupancy"]
    with central.as_() as admin:
        source = dict(admin.execute(
            "SELECT proname, prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'caseline' AND proname = ANY(%s)", (names,)).fetchall())
    body = source["call_kpis"]
    for before, after in made._CHANGES[2:]:  # the first two change the header, not the body
        assert body.count(before) == 1, before
        body = body.replace(before, after)
    assert body == source["call_kpis_with_days"]
    occupancy = source["occupancy_kpis"].replace(made._READS_STATES, "FROM s")
    assert occupancy != source["occupancy_kpis"]
    assert occupancy in source["state_kpis_with_occupancy"]
