"""Team-leader KPIs computed by the centre (migration 0009, app.console.kpi) against a real
PostgreSQL 15, on hand-computed calls and states of their own months (March 2024, no other test
writes there): buckets in Asia/Tokyo, transfers, an escalation, a missed call called back, a
wrap-up ended early, breaks across midnight; who may read them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import psycopg
import pytest
from psycopg import errors

from app.central.db import engine
from app.console import kpi
from tests.integration.central.helpers import call_row, case_row, insert, state_row, wrap_up

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine

    from tests.integration.central.helpers import Central

TOKYO = "Asia/Tokyo"
FIRST, LAST = date(2024, 3, 1), date(2024, 3, 7)  # the calls' week (local days)


def _utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, second, tzinfo=UTC)


def _agent_id(conn: psycopg.Connection, role: str) -> uuid.UUID:
    row = conn.execute("SELECT id FROM caseline.agents WHERE db_role = %s", (role,)).fetchone()
    assert row is not None
    return row[0]  # type: ignore[no-any-return]


def _team_id(conn: psycopg.Connection, name: str) -> uuid.UUID:
    row = conn.execute("SELECT id FROM caseline.teams WHERE name = %s", (name,)).fetchone()
    assert row is not None
    return row[0]  # type: ignore[no-any-return]


def _call(conn: psycopg.Connection, agent: uuid.UUID, start: datetime, *, ring: float,
          talk: float = 0.0, hold: float = 0.0, **extra: Any) -> dict[str, Any]:
    """A finished call: answered when it talked, else missed."""
    answered = talk > 0
    end = start + timedelta(seconds=ring + talk + hold)
    row = call_row(agent_id=agent, started_at=start, ring_seconds=ring, talk_seconds=talk,
                   hold_seconds=hold, ended_at=end,
                   answered_at=start + timedelta(seconds=ring) if answered else None,
                   outcome="answered" if answered else "missed", **extra)
    insert(conn, "call_logs", row)
    return row


@pytest.fixture(scope="module")
def calls(central: Central) -> dict[str, Any]:
    """North: alice (C1-C5) and bob (B1, B2); south: carol (S1, S2). Figures in the tests."""
    made: dict[str, Any] = {}
    with central.as_("alice") as alice, central.as_("bob") as bob, \
            central.as_("carol") as carol, central.as_() as admin:
        a, b, c = _agent_id(alice, "alice"), _agent_id(bob, "bob"), _agent_id(carol, "carol")
        sr1 = case_row("hardware", language="ja", status="escalated")
        sr2 = case_row("billing", language="en")
        sr4 = case_row("network", language="ja")
        insert(alice, "cases", sr1)
        insert(alice, "cases", sr2)
        insert(carol, "cases", sr4)
        # C1: 23:30 JST on the 1st (14:30 UTC), 40 s wrap-up; C5 calls on the same SR later.
        c1 = _call(alice, a, _utc(1, 14, 30), ring=5, talk=300, hold=60, case_id=sr1["id"])
        wrap_up(alice, a, c1, 40)
        # C2: 00:30 JST on the 2nd, the same UTC day as C1; slow answer, transferred, wrap-up
        # ended early by the disposition (10 s); bob's B1 calls on its SR the next morning.
        c2 = _call(alice, a, _utc(1, 15, 30), ring=25, talk=120, case_id=sr2["id"],
                   transferred_to="sip:billing@pbx")
        wrap_up(alice, a, c2, 10)
        # C3 missed, called back by C4 (outbound, same number) an hour later.
        _call(alice, a, _utc(2, 1), ring=30, number_key="0311112222")
        _call(alice, a, _utc(2, 2), ring=3, talk=60, direction="outbound",
              number_key="0311112222")
        # C5: the 4th, on SR1 again; the SR turns escalated during it; 30 s wrap-up.
        c5 = _call(alice, a, _utc(4, 1), ring=10, talk=200, case_id=sr1["id"])
        wrap_up(alice, a, c5, 30)
        # case_history keeps the replaced value: "open" until C5, escalated since.
        insert(admin, "case_history", {"case_id": sr1["id"], "field": "status",
                                       "value": "open", "kind": "overwritten",
                                       "written_by": "alice", "replaced_by": "alice",
                                       "at": _utc(4, 1, 1, 40)})
        _call(bob, b, _utc(2, 3), ring=8, talk=100, hold=20, case_id=sr2["id"])
        _call(bob, b, _utc(2, 4), ring=4, talk=50, note_language="zh")
        _call(carol, c, _utc(1, 14, 45), ring=3, talk=90, case_id=sr4["id"])
        _call(carol, c, _utc(2, 0), ring=12)
        made.update(alice=a, bob=b, carol=c, north=_team_id(alice, "north"),
                    south=_team_id(alice, "south"))
    return made


@pytest.fixture(scope="module")
def lena(central: Central) -> Iterator[Engine]:
    eng = engine(central.url("lena"))
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def sam(central: Central) -> Iterator[Engine]:
    eng = engine(central.url("sam"))
    yield eng
    eng.dispose()


def _by_day(eng: Engine, tz: str = TOKYO, by: kpi.By = "team",
            bucket: kpi.Bucket = "day") -> dict[tuple[date, str], kpi.CallKpi]:
    with eng.connect() as conn:
        rows = kpi.call_kpis(conn, FIRST, LAST, tz=tz, bucket=bucket, by=by)
    return {(r.bucket_start, r.label): r for r in rows}


def test_a_leaders_days_follow_tokyo_with_every_figure_hand_computed(
        calls: dict[str, Any], lena: Engine) -> None:
    rows = _by_day(lena)
    assert set(rows) == {(date(2024, 3, 1), "north"), (date(2024, 3, 2), "north"),
                         (date(2024, 3, 4), "north")}
    first = rows[date(2024, 3, 1), "north"]
    assert first.key == str(calls["north"])
    assert (first.offered, first.answered, first.missed, first.answered_in_target) == (1, 1, 0, 1)
    assert (first.service_level, first.asa_s, first.aht_s) == (1.0, 5.0, 400.0)
    assert (first.talk_s, first.hold_s, first.wrap_up_s) == (300.0, 60.0, 40.0)
    # SR1 is called on again on the 4th: not resolved on first contact.
    assert (first.fcr_calls, first.fcr_resolved, first.fcr_rate) == (1, 0, 0.0)
    assert (first.transferred, first.escalated, first.escalation_rate) == (0, 0, 0.0)
    second = rows[date(2024, 3, 2), "north"]
    assert (second.offered, second.answered, second.missed) == (4, 3, 1)
    assert (second.answered_in_target, second.service_level) == (2, 0.5)
    assert second.asa_s == 12.3  # (25 + 8 + 4) / 3
    assert second.aht_s == 100.0  # (120 + 10) + (100 + 20) + 50, over 3
    assert (second.talk_s, second.hold_s, second.wrap_up_s) == (270.0, 20.0, 10.0)
    assert (second.fcr_calls, second.fcr_resolved, second.fcr_rate) == (2, 1, 0.5)
    assert (second.transferred, second.transfer_rate) == (1, 0.3333)
    assert (second.outbound, second.missed_called_back) == (1, 1)
    fourth = rows[date(2024, 3, 4), "north"]
    assert (fourth.offered, fourth.answered, fourth.aht_s, fourth.wrap_up_s) == (1, 1, 230.0, 30.0)
    assert (fourth.fcr_resolved, fourth.escalated, fourth.escalation_rate) == (1, 1, 1.0)


def test_in_utc_the_calls_either_side_of_tokyo_midnight_share_a_day(
        calls: dict[str, Any], lena: Engine) -> None:
    assert calls
    rows = _by_day(lena, tz="UTC")
    assert rows[date(2024, 3, 1), "north"].offered == 2  # C1 and C2
    assert rows[date(2024, 3, 2), "north"].offered == 3  # C3, B1, B2


def test_weeks_start_on_monday_in_the_leaders_zone(calls: dict[str, Any], lena: Engine) -> None:
    assert calls
    rows = _by_day(lena, bucket="week")
    assert set(rows) == {(date(2024, 2, 26), "north"), (date(2024, 3, 4), "north")}
    week = rows[date(2024, 2, 26), "north"]
    assert (week.offered, week.answered, week.missed, week.service_level) == (5, 4, 1, 0.6)
    assert (week.fcr_calls, week.fcr_resolved) == (3, 1)


def test_kpis_by_agent_queue_and_language_over_the_range(
        calls: dict[str, Any], lena: Engine) -> None:
    with lena.connect() as conn:
        agents = {r.key: r for r in kpi.call_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total",
                                                  by="agent")}
        queues = {r.key: r for r in kpi.call_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total",
                                                  by="queue")}
        languages = {r.key: r for r in kpi.call_kpis(conn, FIRST, LAST, tz=TOKYO,
                                                     bucket="total", by="language")}
    assert set(agents) == {str(calls["alice"]), str(calls["bob"])}
    alice, bob = agents[str(calls["alice"])], agents[str(calls["bob"])]
    assert (alice.label, alice.bucket_start) == ("Alice Abe", FIRST)
    assert (alice.offered, alice.answered, alice.missed, alice.outbound) == (4, 3, 1, 1)
    assert (bob.offered, bob.answered, bob.aht_s, bob.fcr_resolved) == (2, 2, 85.0, 1)
    assert {k: (r.offered, r.answered, r.fcr_resolved, r.escalated, r.transferred)
            for k, r in queues.items()} == {"hardware": (2, 2, 1, 1, 0),
                                            "billing": (2, 2, 1, 0, 1), "": (2, 1, 0, 0, 0)}
    assert (queues[""].outbound, queues[""].missed_called_back) == (1, 1)
    # The SR's language, else the call's note language; C3 and C4 have neither.
    assert {k: (r.offered, r.outbound) for k, r in languages.items()} == {
        "ja": (2, 0), "en": (2, 0), "zh": (1, 0), "": (1, 1)}


def test_a_leader_of_north_sees_no_south_call_and_the_reverse(
        calls: dict[str, Any], lena: Engine, sam: Engine) -> None:
    north = _by_day(lena, by="agent")
    assert {r.key for r in north.values()} == {str(calls["alice"]), str(calls["bob"])}
    south = _by_day(sam, by="team")
    assert set(south) == {(date(2024, 3, 1), "south"), (date(2024, 3, 2), "south")}
    assert (south[date(2024, 3, 1), "south"].answered, south[date(2024, 3, 2), "south"].missed) \
        == (1, 1)
    with sam.connect() as conn:
        asked_for_north = kpi.call_kpis(conn, FIRST, LAST, tz=TOKYO, bucket="total", by="team",
                                        team_id=calls["north"])
    assert asked_for_north == []


@pytest.mark.parametrize("function", [
    "caseline.call_kpis(%s, %s, 'UTC', 'day', 'team', 7, 20, NULL)",
    "caseline.state_kpis(%s, %s, 'UTC', 'day', 'agent', NULL)",
    "caseline.occupancy_kpis(%s, %s, 'UTC', 'day', 'agent', NULL)",
    "caseline.call_kpis_with_days(%s, %s, 'UTC', 'day', 'team', 7, 20, NULL)",
    "caseline.state_kpis_with_occupancy(%s, %s, 'UTC', 'day', 'agent', NULL)"])
def test_an_agent_may_not_call_the_kpi_functions(central: Central, function: str) -> None:
    with central.as_("alice") as alice, pytest.raises(errors.InsufficientPrivilege):
        alice.execute(f"SELECT * FROM {function}", (_utc(1, 0), _utc(8, 0)))  # noqa: S608 - constants


def test_an_unknown_bucket_or_grouping_is_refused(central: Central) -> None:
    with central.as_("lena") as lena, pytest.raises(errors.InvalidParameterValue):
        lena.execute("SELECT * FROM caseline.call_kpis(%s, %s, 'UTC', 'year', 'team')",
                     (_utc(1, 0), _utc(8, 0)))
    with central.as_("lena") as lena, pytest.raises(errors.InvalidParameterValue):
        lena.execute("SELECT * FROM caseline.state_kpis(%s, %s, 'UTC', 'day', 'queue')",
                     (_utc(1, 0), _utc(8, 0)))


@pytest.fixture(scope="module")
def states(central: Central) -> dict[str, Any]:
    """Alice on the 10th (UTC) = 23:00 JST on the 10th to 01:00 JST on the 11th, then offline."""
    with central.as_("alice") as alice:
        a = _agent_id(alice, "alice")
        for at, state, reason in [
                (_utc(10, 14), "available", ""),
                (_utc(10, 14, 30), "break", "lunch"),  # over midnight JST
                (_utc(10, 15, 30), "available", ""),
                (_utc(10, 15, 40), "on-call", ""),
                (_utc(10, 15, 50), "wrap-up", ""),
                (_utc(10, 15, 52), "break", "training"),
                (_utc(10, 16), "offline", "")]:
            insert(alice, "agent_state_changes", state_row(agent_id=a, state=state,
                                                           reason=reason, at=at))
    return {"alice": a}


def test_time_per_state_and_break_reason_is_split_at_tokyo_midnight(
        states: dict[str, Any], lena: Engine) -> None:
    with lena.connect() as conn:
        rows = kpi.state_kpis(conn, date(2024, 3, 10), date(2024, 3, 11), tz=TOKYO,
                              bucket="day", by="agent")
        occupancy = kpi.occupancy_kpis(conn, date(2024, 3, 10), date(2024, 3, 11), tz=TOKYO,
                                       bucket="day", by="agent")
    mine = {(r.bucket_start.day, r.state, r.reason): r.seconds for r in rows
            if r.key == str(states["alice"])}
    assert mine == {
        (10, "available", ""): 1800.0, (10, "break", "lunch"): 1800.0,
        (11, "break", "lunch"): 1800.0, (11, "available", ""): 600.0,
        (11, "on-call", ""): 600.0, (11, "wrap-up", ""): 120.0,
        (11, "break", "training"): 480.0,
        (11, "offline", ""): 82800.0}  # 01:00 JST to the range's end, 00:00 on the 12th
    assert {(r.bucket_start.day, r.logged_in_s, r.busy_s, r.occupancy) for r in occupancy
            if r.key == str(states["alice"])} == {(10, 3600.0, 0.0, 0.0),
                                                  (11, 3600.0, 720.0, 0.2)}
    assert {r.label for r in rows} == {"Alice Abe"}


def test_a_leader_of_south_sees_no_north_state(states: dict[str, Any], sam: Engine) -> None:
    with sam.connect() as conn:
        rows = kpi.state_kpis(conn, date(2024, 3, 10), date(2024, 3, 11), tz=TOKYO,
                              bucket="total", by="team")
    assert rows == []
    assert states


@pytest.mark.parametrize(("bucket", "by", "tz", "with_team"), [
    ("day", "team", TOKYO, True), ("total", "queue", TOKYO, False),
    ("month", "language", "UTC", True), ("week", "agent", TOKYO, False)])
def test_the_tabs_one_pass_gives_the_rows_of_both_separate_reads(
        calls: dict[str, Any], lena: Engine, bucket: kpi.Bucket, by: kpi.By, tz: str,
        with_team: bool) -> None:
    """central 0021: the KPI tab's table and its day-by-day team trend from one statement are
    the rows ``call_kpis`` gives for each, in its order."""
    team = calls["north"] if with_team else None
    with lena.connect() as conn:
        rows, days = kpi.call_kpis_with_days(conn, FIRST, LAST, tz=tz, bucket=bucket, by=by,
                                             team_id=team)
        assert rows == kpi.call_kpis(conn, FIRST, LAST, tz=tz, bucket=bucket, by=by,
                                     team_id=team)
        assert days == kpi.call_kpis(conn, FIRST, LAST, tz=tz, bucket="day", by="team",
                                     team_id=team)
    assert rows and len(days) == 3  # the 1st, 2nd and 4th in Tokyo; the 1st, 2nd, 4th in UTC


def test_the_states_one_pass_gives_the_rows_of_both_separate_reads(
        states: dict[str, Any], lena: Engine, sam: Engine) -> None:
    first, last = date(2024, 3, 10), date(2024, 3, 11)
    shapes: list[tuple[kpi.Bucket, Literal["agent", "team"]]] = [("day", "agent"),
                                                                 ("total", "team")]
    for eng in (lena, sam):
        for bucket, by in shapes:
            with eng.connect() as conn:
                got = kpi.state_kpis_with_occupancy(conn, first, last, tz=TOKYO,
                                                    bucket=bucket, by=by)
                assert got == (
                    kpi.state_kpis(conn, first, last, tz=TOKYO, bucket=bucket, by=by),
                    kpi.occupancy_kpis(conn, first, last, tz=TOKYO, bucket=bucket, by=by))
            if eng is lena:
                assert got[0] and got[1]
            else:  # south's leader: alice's states are north's
                assert got == ([], [])
    assert states


def test_a_leader_of_south_gets_no_north_row_from_the_tabs_one_pass(
        calls: dict[str, Any], sam: Engine) -> None:
    with sam.connect() as conn:
        rows, days = kpi.call_kpis_with_days(conn, FIRST, LAST, tz=TOKYO, bucket="total",
                                             by="agent")
        asked, asked_days = kpi.call_kpis_with_days(conn, FIRST, LAST, tz=TOKYO,
                                                    bucket="total", by="team",
                                                    team_id=calls["north"])
    assert {r.key for r in rows} == {str(calls["carol"])}
    assert {r.key for r in days} == {str(calls["south"])}
    assert (asked, asked_days) == ([], [])
