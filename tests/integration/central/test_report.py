"""``caseline report`` (app.cli.report, app.console.report) against a real PostgreSQL 15: a
north day in May 2024 (no other test writes there) reported as .xlsx and CSV, the files read
back cell by cell; a leader of another team and an agent get no file."""

from __future__ import annotations

import argparse
import csv
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook

from app.central.db import engine
from app.cli import report as cli_report
from app.cli.main import say
from tests.integration.central.helpers import call_row, case_row, insert, state_row

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from tests.integration.central.helpers import Central

SHEETS = ["By agent", "By queue", "By language", "By day", "States", "Occupancy",
          "Call quality"]
HEADER = ["Period", "Name", "Offered", "Answered", "Missed", "Answered in target",
          "Service level", "Average speed of answer (s)", "Average handle time (s)", "Talk (s)",
          "Hold (s)", "Wrap-up (s)", "Answered on an SR", "Resolved first time",
          "First-contact resolution", "Transferred", "Transfer rate", "Escalated",
          "Escalation rate", "Outbound", "Missed, called back"]
MAY_1 = datetime(2024, 5, 1)
# Alice's answered call and Bob's missed one, as the By agent sheet holds them.
ALICE = [MAY_1, "Alice Abe", 1, 1, 0, 1, 1.0, 4.0, 130.0, 100.0, 10.0, 20.0, 1, 1, 1.0,
         0, 0.0, 0, 0.0, 0, 0]
BOB = [MAY_1, "Bob Baba", 1, 0, 1, 0, 0.0, None, None, 0.0, 0.0, 0.0, 0, 0, None, 0, None,
       0, None, 0, 0]
STATES = {("Available", None): 3530.0, ("Break", "lunch"): 1740.0, ("On a call", None): 110.0,
          ("Wrap-up", None): 20.0, ("Offline", None): 127800.0}


def _at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2024, 5, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture(scope="module")
def north_day(central: Central) -> None:
    with central.as_("alice") as alice, central.as_("bob") as bob:
        a = alice.execute("SELECT id FROM caseline.agents WHERE db_role = 'alice'").fetchone()[0]  # type: ignore[index]
        b = bob.execute("SELECT id FROM caseline.agents WHERE db_role = 'bob'").fetchone()[0]  # type: ignore[index]
        sr = case_row("hardware", language="ja")
        insert(alice, "cases", sr)
        start = _at(1, 3)  # 12:00 JST
        call = call_row(agent_id=a, started_at=start, ring_seconds=4, talk_seconds=100,
                        hold_seconds=10, answered_at=start + timedelta(seconds=4),
                        ended_at=start + timedelta(seconds=114), outcome="answered",
                        case_id=sr["id"])
        insert(alice, "call_logs", call)
        for at, state, reason, call_id in [
                (_at(1, 2), "available", "", None),
                (_at(1, 2, 30), "break", "lunch", None),
                (_at(1, 2, 59), "available", "", None),
                (_at(1, 3, 0, 4), "on-call", "", call["id"]),
                (_at(1, 3, 1, 54), "wrap-up", "", call["id"]),
                (_at(1, 3, 2, 14), "available", "disposition", None),
                (_at(1, 3, 30), "offline", "", None)]:
            insert(alice, "agent_state_changes", state_row(
                agent_id=a, state=state, reason=reason, at=at, call_log_id=call_id))
        missed = _at(2, 1)
        insert(bob, "call_logs", call_row(agent_id=b, started_at=missed, ring_seconds=30,
                                          ended_at=missed + timedelta(seconds=30),
                                          outcome="missed", note_language="en"))


@pytest.fixture
def leader(central: Central, request: pytest.FixtureRequest) -> Iterator[Engine]:
    eng = engine(central.url(getattr(request, "param", "lena")))
    yield eng
    eng.dispose()


def _args(output: Path, fmt: str | None = None, team: str = "north") -> argparse.Namespace:
    return argparse.Namespace(team=team, first="2024-05-01", last="2024-05-02",
                              tz="Asia/Tokyo", format=fmt, output=str(output), fcr_days=None,
                              answer_target=None)


def _rows(ws: Any) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_the_xlsx_report_has_a_typed_sheet_per_table(
        north_day: None, leader: Engine, tmp_path: Path) -> None:
    out = tmp_path / "north.xlsx"
    assert cli_report.export(leader, _args(out), say, language="en") == 0
    book = load_workbook(out)
    assert book.sheetnames == SHEETS
    agents = book["By agent"]
    assert _rows(agents) == [HEADER, ALICE, BOB]
    assert agents.freeze_panes == "A2"
    assert all(cell.font.bold for cell in agents[1])
    period, offered, level, handle = agents["A2"], agents["C2"], agents["G2"], agents["I2"]
    assert period.is_date and period.number_format == "yyyy-mm-dd"
    assert (offered.data_type, type(offered.value)) == ("n", int)
    assert (level.data_type, level.number_format) == ("n", "0.0%")
    assert (handle.data_type, handle.number_format) == ("n", "0.0")
    assert agents["B2"].data_type == "s"
    assert agents.column_dimensions["B"].width >= len("Alice Abe")
    assert agents.column_dimensions["H"].width >= len("Average speed of answer (s)")
    queues = {row[1]: row[2:5] for row in _rows(book["By queue"])[1:]}
    assert queues == {"hardware": [1, 1, 0], "(none)": [1, 0, 1]}
    languages = {row[1]: row[2:5] for row in _rows(book["By language"])[1:]}
    assert languages == {"ja": [1, 1, 0], "en": [1, 0, 1]}
    days = _rows(book["By day"])
    assert [(row[0], row[1], row[2], row[3], row[4]) for row in days[1:]] == [
        (MAY_1, "north", 1, 1, 0), (datetime(2024, 5, 2), "north", 1, 0, 1)]
    states = _rows(book["States"])
    assert states[0] == ["Period", "Name", "State", "Break reason", "Time (s)"]
    assert {(row[2], row[3]): row[4] for row in states[1:]} == STATES
    assert {row[1] for row in states[1:]} == {"Alice Abe"}
    assert _rows(book["Occupancy"]) == [
        ["Period", "Name", "Logged in (s)", "Talk, hold and wrap-up (s)", "Occupancy"],
        [MAY_1, "Alice Abe", 5400.0, 130.0, 0.0241]]


def test_the_csv_report_is_one_file_per_table_beside_the_output(
        north_day: None, leader: Engine, tmp_path: Path) -> None:
    out = tmp_path / "north.csv"
    assert cli_report.export(leader, _args(out), say, language="en") == 0
    assert not out.exists()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"north-{slug}.csv" for slug in
                           ("agents", "queues", "languages", "days", "states", "occupancy",
                            "quality"))
    with (tmp_path / "north-agents.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER
    assert rows[1] == ["2024-05-01", "Alice Abe", "1", "1", "0", "1", "1.0", "4.0", "130.0",
                       "100.0", "10.0", "20.0", "1", "1", "1.0", "0", "0.0", "0", "0.0", "0",
                       "0"]
    assert rows[2][:9] == ["2024-05-01", "Bob Baba", "1", "0", "1", "0", "0.0", "", ""]
    with (tmp_path / "north-occupancy.csv").open(encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f))[1] == ["2024-05-01", "Alice Abe", "5400.0", "130.0",
                                          "0.0241"]


@pytest.mark.parametrize("leader", ["sam"], indirect=True)
def test_a_leader_of_another_team_gets_no_report(
        north_day: None, leader: Engine, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "north.xlsx"
    assert cli_report.export(leader, _args(out), say, language="en") == 1
    assert list(tmp_path.iterdir()) == []
    assert "north" in capsys.readouterr().err


@pytest.mark.parametrize("leader", ["alice"], indirect=True)
def test_an_agent_gets_no_report(north_day: None, leader: Engine, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_report.export(leader, _args(tmp_path / "r.xlsx"), say, language="en") == 1
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr().err.strip() == say("report_not_leader")


def test_an_unknown_team_or_day_is_refused_before_anything_is_written(
        leader: Engine, tmp_path: Path) -> None:
    # A name no test makes (test_admin adds a team "west" to the shared centre).
    nowhere = f"nowhere-{uuid.uuid4().hex[:8]}"
    assert cli_report.export(leader, _args(tmp_path / "r.xlsx", team=nowhere), say) == 2
    bad = _args(tmp_path / "r.xlsx")
    bad.last = "2024-04-30"
    assert cli_report.export(leader, bad, say) == 2
    assert list(tmp_path.iterdir()) == []
    assert date(2024, 5, 1)  # the fixture's day is untouched by these


def test_a_break_reason_that_looks_like_a_formula_stays_text(
        central: Central, leader: Engine, tmp_path: Path) -> None:
    reason = "=HYPERLINK(\"http://x\")"
    with central.as_("bob") as bob:
        b = bob.execute("SELECT id FROM caseline.agents WHERE db_role = 'bob'").fetchone()[0]  # type: ignore[index]
        insert(bob, "agent_state_changes", state_row(agent_id=b, state="break", reason=reason,
                                                     at=_at(10, 1)))
        insert(bob, "agent_state_changes", state_row(agent_id=b, state="offline",
                                                     at=_at(10, 1, 10)))
    args = _args(tmp_path / "r.xlsx")
    args.first = args.last = "2024-05-10"
    assert cli_report.export(leader, args, say, language="en") == 0
    states = load_workbook(tmp_path / "r.xlsx")["States"]
    cells = {row[3].value: row[3] for row in states.iter_rows(min_row=2)}
    assert cells[reason].data_type == "s"
    assert cells[reason].quotePrefix
    args.format, args.output = "csv", str(tmp_path / "r.csv")
    assert cli_report.export(leader, args, say, language="en") == 0
    with (tmp_path / "r-states.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert ["2024-05-10", "Bob Baba", "Break", "'" + reason, "600.0"] in rows


def test_the_headers_and_sheets_speak_the_clis_language(
        north_day: None, leader: Engine, tmp_path: Path) -> None:
    out = tmp_path / "north.xlsx"
    assert cli_report.export(leader, _args(out), say, language="ja") == 0
    book = load_workbook(out)
    assert book.sheetnames == ["エージェント別", "キュー別", "言語別", "日別", "状態", "稼働率",
                               "通話品質"]
    assert [c.value for c in book["エージェント別"][1]][:5] == ["期間", "名前", "着信数", "応答数",
                                                              "不在着信数"]
    assert {row[2] for row in book["状態"].iter_rows(min_row=2, values_only=True)} == {
        "受付可", "離席", "通話中", "後処理", "オフライン"}
