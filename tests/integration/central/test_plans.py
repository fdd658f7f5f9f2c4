"""A leader's session on the centre keeps planning each statement for its own values.

PostgreSQL may switch a statement it has planned five times to a generic plan, one that knows
none of the values: no month pruned at planning, no team, a range of unknown length. At
bench/monitoring.py's 10M calls that turned a year's page by talk time from 3 ms into 270 ms
from its 11th read on one connection (psycopg prepares a statement at its 5th execution, the
server goes generic at the prepared statement's 6th), and the quality table of the KPI tab
from 35 ms into 380 ms from its 6th (PL/pgSQL's own plan cache). A leader refreshing a tab or
paging an export reads the same statement that often in minutes. The speed itself is the
bench's; here: what the server holds and the plans it runs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from app.central.db import engine
from app.console import explorer, kpi
from app.console.explorer import CallFilter, Sort
from app.console.service import ConsoleService

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tests.integration.central.helpers import Central

TOKYO = "Asia/Tokyo"
REPEATS = 12  # past psycopg's 5 and the server's 5 more

# Each PL/pgSQL KPI function, called as the console calls it (a month, by agent, the team):
# test_kpi_bounds.py's month; its plans, not its figures, are compared here.
_LO, _HI = "2015-10-31 15:00+00", "2015-11-30 15:00+00"
_TEAM = "(SELECT team_id FROM caseline.agents WHERE db_role = 'lena')"
CALLS = {
    "call_kpis": f"call_kpis('{_LO}', '{_HI}', '{TOKYO}', 'day', 'agent', 7, 20, {_TEAM})",
    "call_kpis_with_days":
        f"call_kpis_with_days('{_LO}', '{_HI}', '{TOKYO}', 'day', 'agent', 7, 20, {_TEAM})",
    "state_kpis": f"state_kpis('{_LO}', '{_HI}', '{TOKYO}', 'day', 'agent', {_TEAM})",
    "quality_kpis": f"quality_kpis('{_LO}', '{_HI}', '{TOKYO}', 'day', 'agent', 3.6, {_TEAM})",
}


def test_a_consoles_connection_holds_no_statement_planned_once_for_all(
        central: Central) -> None:
    """Pages, searches and KPI reads, each twelve times on one of the console's connections:
    none is kept as a prepared statement, so each read is planned with its own values. An
    engine made otherwise (the agents' sync) does prepare: the check can see one."""
    console = ConsoleService(engine(central.url("lena"), pool_size=1, max_overflow=0),
                             time_zone=TOKYO)
    plain = engine(central.url("lena"), pool_size=1, max_overflow=0)
    try:
        kept = {name: _kept_after_reads(eng)
                for name, eng in (("console", console.central), ("plain", plain))}
    finally:
        console.close()
        plain.dispose()
    assert kept["console"] == []
    assert kept["plain"]  # psycopg prepared them there


def _kept_after_reads(eng: Engine) -> list[str]:
    with eng.connect() as conn:
        for _ in range(REPEATS):
            explorer.calls(conn, CallFilter(from_day=date(2015, 1, 1),
                                            to_day=date(2015, 12, 31), time_zone=TOKYO),
                           sort=Sort.TALK_SECONDS, page_size=20)
            explorer.calls(conn, CallFilter(from_day=date(2015, 11, 1),
                                            to_day=date(2015, 11, 30), time_zone=TOKYO,
                                            text="印刷"), page_size=20)
            kpi.quality_kpis(conn, date(2015, 11, 1), date(2015, 11, 30), tz=TOKYO,
                             bucket="day")
        return list(conn.execute(text("SELECT statement FROM pg_prepared_statements"))
                    .scalars())


def _plans(notices: list[str]) -> list[str]:
    """The statements' plans from auto_explain's notices, without the statement's text (it
    names the function's parameters, not their values)."""
    return [_plan_lines(n) for n in notices]


def _plan_lines(notice: str) -> str:
    # The notice: "duration: ...  plan:", "Query Text: <statement>", then the plan, whose
    # first line is the first with an estimate.
    lines = notice.splitlines()
    first = next((i for i, line in enumerate(lines) if "(cost=" in line), len(lines))
    return "\n".join(lines[first:])


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_kpi_function_is_planned_with_its_arguments_whatever_the_session_says(
        central: Central, name: str) -> None:
    """The statement inside the function runs the plan made for these arguments even in a
    session that asks for generic plans: what the server chooses after five calls when a
    generic plan looks cheaper (it did at 10M calls; this small centre's estimates do not
    get there by themselves). A generic plan shows ``$3`` where this one shows the zone."""
    notices: list[str] = []
    with central.as_() as conn:  # LOAD needs the superuser; SET ROLE then reads as lena
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        for setting in ("LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0",
                        "SET auto_explain.log_nested_statements = on",
                        "SET auto_explain.log_level = notice",
                        "SET client_min_messages = notice", "SET ROLE lena"):
            conn.execute(setting)
        runs = []
        for mode in ("force_custom_plan", "force_generic_plan", "force_generic_plan", "auto"):
            conn.execute(f"SET plan_cache_mode = {mode}")
            notices.clear()
            conn.execute(f"SELECT * FROM caseline.{CALLS[name]}").fetchall()  # noqa: S608 - constants
            runs.append(_plans([n for n in notices if "caseline." + name not in
                                n.partition("Query Text:")[2][:80]]))
    assert all(runs), "auto_explain showed no statement inside the function"
    # Planned with the values, each time: the zone is written in ('Asia/Tokyo'::text), where a
    # generic plan has the parameter ($3). Not the whole plan text: statistics may change
    # between runs (autovacuum), and an ANALYZE here would change other tests' plans.
    assert [[f"'{TOKYO}'" in plan for plan in run] for run in runs] == [
        [True] * len(run) for run in runs]


def test_every_plpgsql_kpi_function_is_called_above(central: Central) -> None:
    """A KPI function added later is checked too, or this fails."""
    with central.as_() as admin:
        found = {r[0] for r in admin.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " JOIN pg_language l ON l.oid = p.prolang"
            " WHERE n.nspname = 'caseline' AND l.lanname = 'plpgsql'"
            " AND p.proname LIKE '%kpis%'").fetchall()}
    assert found == set(CALLS)

