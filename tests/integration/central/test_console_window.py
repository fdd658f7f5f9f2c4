"""The team leader's console window (issue 18, items 2-4 and 7) with real widgets against the
real centre, as the leaders' and agents' own roles: the explorer pages, filters, searches and
opens calls; the KPI tab's tables and charts; exports to .xlsx and CSV, and their Cancel; who
gets the console at all. Every call and state here is in October 2013 (UTC), a month no other
test writes in; the console runs in UTC, so the figures below are checked by hand."""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from PySide6.QtCharts import QAreaSeries, QCategoryAxis, QLineSeries, QStackedBarSeries
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QSettings,
    Qt,
    QTime,
    QTimeZone,
)
from PySide6.QtWidgets import QApplication, QPushButton

from app.cases.numbers import normalize
from app.central.db import engine
from app.console import charts
from app.console.explorer import CallFilter, ConsoleRefusedError, Sort
from app.console.service import ConsoleService, ExportCancelled, KpiQuery, kpi_view
from app.orchestration.desk import StoreWorker
from app.orchestration.workspace import Workspace
from app.ui.callcenter import CallCenter
from app.ui.console import ConsoleLauncher, ConsoleWindow
from app.ui.console_explorer import CallPageModel, ExplorerView
from app.ui.console_kpi import KpiTab
from app.ui.main_window import MainWindow
from app.ui.tasks import Tasks
from tests.integration.central.helpers import call_row, case_row, insert, note_row, state_row
from tests.nophone import NoPhone

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    import psycopg
    from pytestqt.qtbot import QtBot

    from app.i18n import Translators
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

WAIT_MS = 20_000  # a ceiling only a broken test reaches
WAIT_S = WAIT_MS / 1000
FIRST, LAST = date(2013, 10, 1), date(2013, 10, 2)
NOTE_JA = "トナーが切れて印刷できません。"
NOTE_EN = "The toner ran out; nothing prints."
TOKYO = normalize("03-1234-5678").match_key  # every call here is from this number


def _utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2013, 10, day, hour, minute, second, tzinfo=UTC)


@dataclass
class World:
    calls: dict[str, uuid.UUID]  # a1 a2 (alice), b1 b2 f0..f19 (bob): north; s1 (carol)
    cases: dict[str, dict[str, Any]]
    agents: dict[str, uuid.UUID]

    def name(self, call_id: uuid.UUID) -> str:
        return next((k for k, v in self.calls.items() if v == call_id), f"foreign {call_id}")


def _call(conn: psycopg.Connection, agent: uuid.UUID, start: datetime, *, ring: float,
          talk: float = 0.0, **extra: Any) -> uuid.UUID:
    """A finished call: answered when it talked, else missed."""
    row = call_row(agent_id=agent, started_at=start, ring_seconds=ring, talk_seconds=talk,
                   number_key=TOKYO, ended_at=start + timedelta(seconds=ring + talk),
                   answered_at=start + timedelta(seconds=ring) if talk else None,
                   outcome="answered" if talk else "missed", **extra)
    insert(conn, "call_logs", row)
    return row["id"]  # type: ignore[no-any-return]


def _states(conn: psycopg.Connection, agent: uuid.UUID,
            changes: list[tuple[datetime, str, str, uuid.UUID | None]]) -> None:
    previous = None
    for at, state, reason, call in changes:
        insert(conn, "agent_state_changes", state_row(
            agent_id=agent, state=state, previous=previous, reason=reason, at=at,
            call_log_id=call))
        previous = state


@pytest.fixture(scope="module")
def world(central: Central) -> World:
    """October 1st: alice answers a1 (in target, 60 s wrap-up) and a2 (slow) on SR A, with a
    Japanese note on a2 and its English translation; bob misses b1 and calls back (b2, on SR
    B). October 2nd: bob answers f0..f19 on SR B, every 10 minutes from 08:00. Carol (south)
    answers s1."""
    calls: dict[str, uuid.UUID] = {}
    with central.as_("alice") as alice, central.as_("bob") as bob, \
            central.as_("carol") as carol, central.as_() as admin:
        agents = dict(admin.execute("SELECT db_role, id FROM caseline.agents").fetchall())
        a, b, c = agents["alice"], agents["bob"], agents["carol"]
        cases = {"A": case_row("hardware", title="プリンターのトナー", language="ja"),
                 "B": case_row("billing", title="Invoice", language="en"),
                 "S": case_row("network", title="VPN", language="zh")}
        insert(alice, "cases", cases["A"])
        insert(bob, "cases", cases["B"])
        insert(carol, "cases", cases["S"])
        calls["a1"] = _call(alice, a, _utc(1, 9), ring=5, talk=100, case_id=cases["A"]["id"],
                            disposition_code="resolved", mos=4.3)
        calls["a2"] = _call(alice, a, _utc(1, 9, 30), ring=30, talk=200,
                            case_id=cases["A"]["id"], mos=2.8, loss_pct=7.5)
        calls["b1"] = _call(bob, b, _utc(1, 10), ring=15)
        calls["b2"] = _call(bob, b, _utc(1, 14), ring=4, talk=60, direction="outbound",
                            case_id=cases["B"]["id"])
        for n in range(20):
            calls[f"f{n}"] = _call(bob, b, _utc(2, 8) + timedelta(minutes=10 * n), ring=3,
                                   talk=30, case_id=cases["B"]["id"])
        calls["s1"] = _call(carol, c, _utc(1, 11), ring=2, talk=40, case_id=cases["S"]["id"])
        note = note_row(cases["A"]["id"], NOTE_JA, language="ja", author_id=a,
                        call_log_id=calls["a2"])
        insert(alice, "notes", note)
        insert(alice, "notes", note_row(cases["A"]["id"], NOTE_EN, language="en", author_id=a,
                                        translation_of=note["id"]))
        _states(alice, a, [(_utc(1, 8), "available", "", None),
                           (_utc(1, 9, 0, 5), "on-call", "", None),
                           (_utc(1, 9, 1, 45), "wrap-up", "", calls["a1"]),
                           (_utc(1, 9, 2, 45), "available", "disposition", None),
                           (_utc(1, 12), "break", "lunch", None),
                           (_utc(1, 13), "available", "", None),
                           (_utc(1, 18), "offline", "", None)])
        _states(bob, b, [(_utc(1, 9), "available", "", None), (_utc(1, 17), "offline", "", None)])
    return World(calls, cases, agents)


@pytest.fixture(scope="module")
def services(central: Central) -> Iterator[dict[str, ConsoleService]]:
    made: dict[str, ConsoleService] = {}

    class Lazy(dict[str, ConsoleService]):
        def __missing__(self, role: str) -> ConsoleService:
            made[role] = ConsoleService(engine(central.url(role)), time_zone="UTC")
            self[role] = made[role]
            return made[role]

    yield Lazy()
    for service in made.values():
        service.close()


def _explorer(qtbot: QtBot, service: ConsoleService, page_size: int = 100) -> ExplorerView:
    view = ExplorerView(service, Tasks(None), page_size=page_size)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _show(qtbot: QtBot, view: ExplorerView, **changes: Any) -> list[uuid.UUID]:
    """Apply the period (and whatever ``changes`` set first), wait for every page."""
    with qtbot.waitSignal(view.model.rows_loaded, timeout=WAIT_MS):
        view.set_period(FIRST, LAST)
    while view.model.canFetchMore():
        with qtbot.waitSignal(view.model.rows_loaded, timeout=WAIT_MS):
            view.model.fetchMore()
    return [row.id for n in range(view.model.rowCount())
            if (row := view.model.row_at(n)) is not None]


def _newest_first(world: World) -> list[uuid.UUID]:
    return [world.calls[n] for n in [*(f"f{k}" for k in range(19, -1, -1)),
                                     "b2", "b1", "a2", "a1"]]


def test_the_explorer_pages_the_teams_calls_as_the_table_scrolls(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    view = _explorer(qtbot, services["lena"], page_size=5)
    # Three rows high: the view asks for the next page only when scrolled to the end.
    view.table.setFixedHeight(view.table.horizontalHeader().sizeHint().height()
                              + 3 * view.table.verticalHeader().defaultSectionSize())
    pages: list[int] = []
    view.model.rows_loaded.connect(pages.append)
    with qtbot.waitSignal(view.model.rows_loaded, timeout=WAIT_MS):
        view.set_period(FIRST, LAST)
    assert view.model.rowCount() == 5 and view.model.canFetchMore()
    bar = view.table.verticalScrollBar()
    while view.model.canFetchMore():
        # The view lays the new rows out first: then there is further to scroll.
        qtbot.waitUntil(lambda: bar.maximum() > bar.value(), timeout=WAIT_MS)
        with qtbot.waitSignal(view.model.rows_loaded, timeout=WAIT_MS):
            bar.setValue(bar.maximum())
    assert pages == [5, 5, 5, 5, 4]
    shown = [r.id for n in range(view.model.rowCount()) if (r := view.model.row_at(n))]
    assert shown == _newest_first(world)  # newest first, each once, carol's s1 not among them
    first = view.model.index(0, CallPageModel.COL_TIME)
    f19 = QDateTime(QDate(2013, 10, 2), QTime(11, 10), QTimeZone.utc())
    assert view.model.data(first) == QLocale().toString(f19, QLocale.FormatType.ShortFormat)


def test_a_header_click_sorts_by_the_explorers_keys_only(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    view = _explorer(qtbot, services["lena"])
    _show(qtbot, view)
    header = view.table.horizontalHeader()
    with qtbot.waitSignal(view.model.rows_loaded, timeout=WAIT_MS):
        header.setSortIndicator(CallPageModel.COL_TALK, Qt.SortOrder.DescendingOrder)
    assert (view.model.sort_key, view.model.descending) == (Sort.TALK_SECONDS, True)
    talk = [r.talk_seconds for n in range(view.model.rowCount()) if (r := view.model.row_at(n))]
    assert talk == sorted(talk, reverse=True) and talk[0] == 200.0  # a2
    # The caller is no sort key: the indicator goes back, the order stays.
    header.setSortIndicator(CallPageModel.COL_CALLER, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == CallPageModel.COL_TALK
    assert view.model.sort_key is Sort.TALK_SECONDS


def test_filters_narrow_and_a_japanese_note_search_finds_its_call(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    view = _explorer(qtbot, services["lena"])
    view.set_team(services["lena"].team().result(timeout=WAIT_S))
    assert len(_show(qtbot, view)) == 24

    view.direction.setCurrentIndex(view.direction.findData("outbound"))
    assert [world.name(i) for i in _show(qtbot, view)] == ["b2"]
    view.direction.setCurrentIndex(0)

    view.agent.setCurrentIndex(view.agent.findData(str(world.agents["alice"])))
    assert [world.name(i) for i in _show(qtbot, view)] == ["a2", "a1"]
    view.agent.setCurrentIndex(0)

    view.number.setText("+81 3-1234-5678")  # every call here came from 03-1234-5678
    assert len(_show(qtbot, view)) == 24
    view.number.setText("03-9999-0000")
    assert _show(qtbot, view) == []
    assert view.status.text() == "No calls of your team match these filters."
    view.number.clear()

    view.poor_only.setChecked(True)  # a2's home line dropped 7.5 % of its packets
    assert [world.name(i) for i in _show(qtbot, view)] == ["a2"]
    view.poor_only.setChecked(False)

    view.text.setText("トナー")
    assert [world.name(i) for i in _show(qtbot, view)] == ["a2"]
    view.text.setText("toner")  # the English translation names the same call
    assert [world.name(i) for i in _show(qtbot, view)] == ["a2"]


def test_a_bad_period_or_zone_is_refused_with_a_sentence(
        services: dict[str, ConsoleService], english: Translators, qtbot: QtBot) -> None:
    view = _explorer(qtbot, services["lena"])
    view.from_day.setDate(view.to_day.date().addDays(3))
    assert view.current_filter() is None
    assert view.status.isVisible()
    assert view.status.text().startswith("The first day is after the last day")
    view.from_day.setDate(view.to_day.date())
    view.zone.setCurrentText("Mars/Olympus")
    assert view.current_filter() is None
    assert view.status.text().startswith("“Mars/Olympus” is not a time zone")


def test_the_days_and_times_follow_the_zone_chosen(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    view = _explorer(qtbot, services["lena"])
    view.zone.setCurrentText("Asia/Tokyo")
    # October 2nd in Tokyo: from 15:00 UTC on the 1st; b2 (14:00 UTC) is on the 1st there.
    with qtbot.waitSignal(view.model.rows_loaded, timeout=WAIT_MS):
        view.set_period(LAST, LAST)
    assert view.model.filter is not None and view.model.filter.time_zone == "Asia/Tokyo"
    assert {world.name(r.id) for n in range(view.model.rowCount())
            if (r := view.model.row_at(n))} == {f"f{k}" for k in range(20)}
    f19 = QDateTime(QDate(2013, 10, 2), QTime(20, 10), QTimeZone(b"Asia/Tokyo"))
    assert view.model.data(view.model.index(0, CallPageModel.COL_TIME)) == \
        QLocale().toString(f19, QLocale.FormatType.ShortFormat)


def test_a_selected_call_shows_its_sr_notes_translation_and_why_no_recording(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    view = _explorer(qtbot, services["lena"])
    shown = _show(qtbot, view)
    row = shown.index(world.calls["a2"])
    view.table.setCurrentIndex(view.model.index(row, 0))
    detail = view.detail
    qtbot.waitUntil(lambda: detail.view is not None
                    and detail.view.detail.call.id == world.calls["a2"], timeout=WAIT_MS)
    case = world.cases["A"]
    assert detail.case_label.text() == f"{case['number']}: {case['title']} (Open, hardware)"
    notes = detail.notes.toPlainText()
    assert NOTE_JA in notes and NOTE_EN in notes
    assert notes.index(NOTE_JA) < notes.index(NOTE_EN)  # the translation under its original
    assert "Translation (English)" in notes and "on this call" in notes
    assert not detail.play.isEnabled()
    assert detail.recording_reason.text().startswith("No recording to play")


def test_a_south_leader_sees_no_north_call(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    view = _explorer(qtbot, services["sam"])
    assert [world.name(i) for i in _show(qtbot, view)] == ["s1"]


def _texts(model: Any, column: str) -> list[str]:
    index = [c.name for c in model.columns].index(column)
    return [model.data(model.index(n, index)) for n in range(model.rowCount())]


def _kpis(qtbot: QtBot, service: ConsoleService, bucket: str, by: str) -> KpiTab:
    tab = KpiTab(service, Tasks(None))
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.bucket.setCurrentIndex(tab.bucket.findData(bucket))
    tab.by.setCurrentIndex(tab.by.findData(by))
    with qtbot.waitSignal(tab.loaded, timeout=WAIT_MS):
        tab.set_period(FIRST, LAST, FIRST)
    return tab


def test_the_kpi_tables_show_the_hand_computed_figures(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    assert world.calls
    tab = _kpis(qtbot, services["lena"], "total", "agent")
    calls = tab.calls
    assert [calls.headerData(n, Qt.Orientation.Horizontal) for n in range(4)] == [
        "Period", "Name", "Offered", "Answered"]
    assert _texts(calls, "label") == ["Alice Abe", "Bob Baba"]
    first_day = QLocale().toString(QDate(2013, 10, 1), QLocale.FormatType.ShortFormat)
    assert _texts(calls, "bucket_start") == [first_day, first_day]
    assert _texts(calls, "offered") == ["2", "21"]
    assert _texts(calls, "missed") == ["0", "1"]
    assert _texts(calls, "service_level") == ["50.0%", "95.2%"]  # 1 of 2; 20 of 21
    assert _texts(calls, "aht_s") == ["180.0", "30.0"]  # (100 + 60 wrap-up + 200) / 2
    assert _texts(calls, "fcr_rate") == ["50.0%", "5.0%"]  # a2; the last of 20 on SR B
    assert _texts(calls, "missed_called_back") == ["0", "1"]
    occupancy = tab.occupancy
    assert _texts(occupancy, "label") == ["Alice Abe", "Bob Baba"]
    assert _texts(occupancy, "logged_in_s") == ["36,000.0", "28,800.0"]  # 08-18, 09-17
    assert _texts(occupancy, "busy_s") == ["160.0", "0.0"]  # 100 s on the call, 60 wrapping
    assert _texts(occupancy, "occupancy") == ["0.4%", "0.0%"]
    states = list(zip(_texts(tab.states, "label"), _texts(tab.states, "state"),
                      _texts(tab.states, "seconds"), strict=True))
    assert ("Alice Abe", "Break", "3,600.0") in states
    quality = tab.quality  # a1 at MOS 4.3, a2 at 2.8 with 7.5 % loss: whose line is poor
    assert _texts(quality, "label") == ["Alice Abe"]
    assert (_texts(quality, "calls"), _texts(quality, "poor"), _texts(quality, "poor_rate"),
            _texts(quality, "mos_min")) == (["2"], ["1"], ["50.0%"], ["2.80"])

    tab.by.setCurrentIndex(tab.by.findData("language"))
    with qtbot.waitSignal(tab.loaded, timeout=WAIT_MS):
        tab.refresh()
    assert dict(zip(_texts(tab.calls, "label"), _texts(tab.calls, "offered"), strict=True)) \
        == {"Japanese": "2", "English": "20", "(none)": "1"}


def test_the_charts_have_their_series_named_in_japanese(
        world: World, services: dict[str, ConsoleService], translators: Translators,
        qtbot: QtBot) -> None:
    assert world.calls
    translators.install("ja")
    tab = _kpis(qtbot, services["lena"], "day", "team")
    charts = tab.charts

    hourly = charts.hourly.chart().series()
    assert len(hourly) == 1 and isinstance(hourly[0], QStackedBarSeries)
    bars = {s.label(): [s.at(h) for h in range(24)] for s in hourly[0].barSets()}
    assert list(bars) == ["日本語", "英語", "(なし)"]
    assert {h: n for h, n in enumerate(bars["日本語"]) if n} == {9: 2.0}  # a1, a2
    assert {h: n for h, n in enumerate(bars["英語"]) if n} == {8: 6.0, 9: 6.0, 10: 6.0,
                                                               11: 2.0}
    assert {h: n for h, n in enumerate(bars["(なし)"]) if n} == {10: 1.0}  # b1

    aht, fcr = charts.trend.chart().series()
    assert isinstance(aht, QLineSeries) and isinstance(fcr, QLineSeries)
    assert [aht.name(), fcr.name()] == ["平均処理時間 (秒)", "初回解決率 (%)"]
    assert [p.y() for p in aht.points()] == [180.0, 30.0]
    assert [round(p.y(), 2) for p in fcr.points()] == [50.0, 5.0]

    level, target = charts.service_level.chart().series()
    assert isinstance(level, QLineSeries) and isinstance(target, QLineSeries)
    assert (level.name(), target.name()) == ("サービスレベル", "目標 (80 %)")
    assert [round(p.y(), 2) for p in level.points()] == [33.33, 100.0]
    assert [p.y() for p in target.points()] == [80.0, 80.0]

    timeline = charts.timeline.chart()
    areas = timeline.series()
    assert all(isinstance(s, QAreaSeries) for s in areas)
    assert len(areas) == 7  # alice: 5 states, bob: available and offline
    legend = [m.label() for m in timeline.legend().markers() if m.isVisible()]
    assert legend == ["受付可", "通話中", "後処理", "離席", "オフライン"]
    agents = timeline.axes(Qt.Orientation.Vertical)[0]
    assert isinstance(agents, QCategoryAxis)
    assert agents.categoriesLabels() == ["Bob Baba", "Alice Abe"]  # Alice on top
    assert timeline.locale().name() == "ja_JP"  # day and month names in Japanese


def _sheet_rows(path: Path, title: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path)
    return [tuple(c.value for c in row) for row in book[title].iter_rows()]


def test_the_explorer_exports_every_page_to_xlsx_with_typed_cells(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot, tmp_path: Path) -> None:
    view = _explorer(qtbot, services["lena"], page_size=5)
    with qtbot.waitSignal(view.model.rows_loaded, timeout=WAIT_MS):
        view.set_period(FIRST, LAST)
    assert view.model.rowCount() == 5  # one page on screen; the export reads them all
    output = tmp_path / "calls.xlsx"
    with qtbot.waitSignal(view.export_finished, timeout=WAIT_MS) as finished:
        run = view.export_to(output, "xlsx")
    assert run is not None and finished.args == [[output]]
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Calls"]
    sheet = book["Calls"]
    assert [c.value for c in sheet[1]][:4] == ["Started", "Agent", "Direction", "Number"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 25  # the header and 24 calls
    newest = sheet[2]
    assert isinstance(newest[0], Cell)
    assert newest[0].is_date and newest[0].value == datetime(2013, 10, 2, 11, 10)
    assert newest[0].number_format == "yyyy-mm-dd hh:mm:ss"
    assert [newest[n].value for n in (1, 2, 5, 9)] == [
        "Bob Baba", "Inbound", world.cases["B"]["number"], "Answered"]
    assert newest[12].value == 30.0 and newest[12].number_format == "0.0"
    oldest = sheet[25]
    assert oldest[0].value == datetime(2013, 10, 1, 9, 0)
    # a1: on SR A (queue hardware); no contact or customer, so no caller's language.
    assert (oldest[10].value, oldest[7].value, oldest[8].value) == ("resolved", "hardware",
                                                                    None)
    assert sheet.column_dimensions["A"].width >= 19  # a date and time fits
    assert not list(tmp_path.glob(".*.part"))


def test_the_kpi_report_exports_every_table_as_sheets_with_dates_as_dates(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot, tmp_path: Path) -> None:
    assert world.calls
    tab = _kpis(qtbot, services["lena"], "day", "team")
    output = tmp_path / "north.xlsx"
    with qtbot.waitSignal(tab.export_finished, timeout=WAIT_MS) as finished:
        tab.export_to(output, "xlsx")
    assert finished.args == [[output]]
    book = openpyxl.load_workbook(output)
    assert book.sheetnames[:6] == ["By agent", "By queue", "By language", "By day", "States",
                                   "Occupancy"]
    agents = book["By agent"]
    alice = next(row for row in agents.iter_rows(min_row=2) if row[1].value == "Alice Abe")
    assert isinstance(alice[0], Cell)
    assert alice[0].is_date and alice[0].value == datetime(2013, 10, 1)
    assert (alice[2].value, alice[3].value, alice[6].value) == (2, 2, 0.5)
    assert alice[6].number_format == "0.0%"
    days = _sheet_rows(output, "By day")
    assert [(r[0], r[2]) for r in days[1:]] == [(datetime(2013, 10, 1), 3),
                                                (datetime(2013, 10, 2), 20)]


def test_cancel_before_the_first_page_leaves_no_file(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot, tmp_path: Path) -> None:
    assert world.calls
    service = services["lena"]
    view = _explorer(qtbot, service)
    gate = threading.Event()
    # The export thread is busy until the gate opens: the export below starts after Cancel.
    service.exports.submit(gate.wait, WAIT_S)
    output = tmp_path / "calls.xlsx"
    try:
        with qtbot.waitSignal(view.export_finished, timeout=WAIT_MS) as finished:
            run = view.export_to(output, "xlsx")
            assert run is not None
            cancel = run.dialog.findChild(QPushButton)
            assert cancel is not None and cancel.text() == "Cancel"
            cancel.click()
            assert run.cancel.is_set()
            gate.set()
    finally:
        gate.set()
    assert finished.args == [None] and run.cancelled and run.error == ""
    assert list(tmp_path.iterdir()) == []
    assert view.export_button.isEnabled()


def test_cancel_while_writing_removes_the_half_written_file(
        world: World, services: dict[str, ConsoleService], tmp_path: Path) -> None:
    cancel = threading.Event()
    seen: list[tuple[str, int]] = []

    def progress(phase: str, rows: int) -> None:
        seen.append((phase, rows))
        if phase == "write":
            cancel.set()  # the leader clicks Cancel once writing has begun

    future = services["lena"].export_calls(
        tmp_path / "calls.csv", "csv", CallFilter(FIRST, LAST), sort=Sort.STARTED_AT,
        descending=True, translate=str, progress=progress, cancel=cancel)
    with pytest.raises(ExportCancelled):
        future.result(timeout=WAIT_S)
    assert ("read", len([n for n in world.calls if n != "s1"])) in seen
    assert seen[-1] == ("write", 24)
    assert list(tmp_path.iterdir()) == []


REFUSAL_JA = ("チームコンソールはチームリーダー専用です。中央データベースはこのサインインに"
              "使用を許可していません。")


@pytest.mark.parametrize(("bucket", "by"), [("day", "agent"), ("week", "team")])
def test_the_kpi_tab_read_side_by_side_holds_what_one_connection_reads(
        world: World, services: dict[str, ConsoleService], central: Central,
        bucket: str, by: str) -> None:
    """ConsoleService.kpis runs the tab's statements on several connections at once: the same
    view as kpi_view, which runs them one after the other on one."""
    assert world.calls
    query = KpiQuery(FIRST, LAST, "Asia/Tokyo", bucket, by, FIRST)  # type: ignore[arg-type]
    side_by_side = services["lena"].kpis(query).result(timeout=WAIT_MS / 1000)
    one = engine(central.url("lena"))
    try:
        with one.connect() as conn:
            one_after_another = kpi_view(conn, query)
    finally:
        one.dispose()
    assert side_by_side == one_after_another
    assert side_by_side.calls and side_by_side.states and side_by_side.timeline
    with pytest.raises(ConsoleRefusedError):  # an agent's, on every connection
        services["alice"].kpis(query).result(timeout=WAIT_MS / 1000)


class _BrokenPartError(Exception):
    pass


def test_a_failing_part_fails_the_tab_once_every_part_has_stopped(
        services: dict[str, ConsoleService], monkeypatch: pytest.MonkeyPatch) -> None:
    """The tab's parts run on two threads from one queue: one part failing fails the tab
    with its error, not before the part still reading beside it has returned (it must not go
    on reading on the tab's connection after the tab said it failed), and no part starts after
    the failure. The parts are stand-ins (monkeypatched kpi_parts): no statement of the centre
    fails on cue; what runs them is the real ConsoleService on a leader's connections."""
    gate, tab_done, seen, started_late = threading.Event(), threading.Event(), [], []

    def slow(_conn: Any) -> dict[str, Any]:
        gate.wait(WAIT_MS / 1000)
        # Had the tab failed while this part reads, it would say so within this second; it
        # cannot while this part runs, so the wait always runs out when all is well. The
        # second is also what lets the broken part's thread mark the failure before this
        # thread looks for the next part.
        seen.append(tab_done.wait(1.0))
        return {}

    def broken(_conn: Any) -> dict[str, Any]:
        gate.set()  # the slow part is reading now, on the other thread
        raise _BrokenPartError

    def after(_conn: Any) -> dict[str, Any]:
        started_late.append("after")
        return {}

    monkeypatch.setattr("app.console.service.kpi_parts",
                        lambda _q, _team: {"slow": slow, "broken": broken, "after": after})
    query = KpiQuery(FIRST, LAST, "Asia/Tokyo", "day", "agent", FIRST)
    tab = services["lena"].kpis(query)
    tab.add_done_callback(lambda _f: tab_done.set())
    with pytest.raises(_BrokenPartError):
        tab.result(timeout=WAIT_MS / 1000)
    assert seen == [False]  # the slow part returned before the tab failed
    assert started_late == []

def test_an_agent_forced_into_the_console_is_refused_in_japanese(
        services: dict[str, ConsoleService], translators: Translators, qtbot: QtBot) -> None:
    translators.install("ja")
    window = ConsoleWindow(services["alice"], Tasks(None))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        window.show()
    assert window.pages.currentWidget() is not window.tabs
    assert window.problem.text() == REFUSAL_JA
    assert not window.retry.isVisible()  # a refusal is no outage: nothing to try again


def test_a_leaders_window_opens_on_the_explorer_with_the_team_in_its_filters(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot) -> None:
    assert world.calls
    window = ConsoleWindow(services["lena"], Tasks(None))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS) as ready:
        window.show()
    # North's own, and no one of south (other tests of the session move agents into north).
    team = {m.name for m in ready.args[0].agents}
    assert {"Alice Abe", "Bob Baba", "Lena Lee"} <= team and "Carol Chen" not in team
    assert window.tabs.currentWidget() is window.explorer
    assert [window.tabs.tabText(n) for n in range(3)] == ["&Board", "&Explorer", "&KPIs"]
    agents = [window.explorer.agent.itemText(n) for n in range(window.explorer.agent.count())]
    assert agents[0] == "Anyone" and agents[1:] == sorted(team)
    queues = [window.explorer.queue.itemData(n) for n in range(window.explorer.queue.count())]
    assert queues == [None, "billing", "hardware"]

    english.install("zh_CN")  # switched live, as Settings does
    QApplication.processEvents()  # LanguageChange reaches the open window
    assert [window.tabs.tabText(n) for n in range(3)] == ["看板(&B)", "通话浏览(&E)", "KPI(&K)"]
    assert window.explorer.agent.itemText(0) == "所有人"
    assert window.kpis.calls.headerData(2, Qt.Orientation.Horizontal) == \
        QCoreApplication.translate("kpi", "Offered") != "Offered"


@pytest.mark.parametrize(("role", "shown"), [("alice", False), ("lena", True)])
def test_only_a_leader_gets_the_team_console_action(
        role: str, shown: bool, services: dict[str, ConsoleService], english: Translators,
        pcs: dict[str, Agent], qtbot: QtBot, tmp_path: Path) -> None:
    store = pcs[role].store
    writer = StoreWorker(store, lambda _problem: None)
    workspace = Workspace(store, writer)
    tasks = Tasks(workspace)
    try:
        window = MainWindow(CallCenter(NoPhone(), tasks), tasks, state=QSettings(
            str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        launcher = ConsoleLauncher(services[role], tasks, window)
        with qtbot.waitSignal(launcher.leader_known, timeout=WAIT_MS) as known:
            window.attach_console(launcher)  # no sync here: it asks at once
        assert known.args == [shown]
        if not shown:  # an agent's PC keeps no second connection to the centre
            assert services[role].central.pool.checkedin() == 0  # type: ignore[attr-defined]
        assert launcher.action in window.menu_view.actions()
        assert launcher.action.isVisible() is shown
        assert launcher.action.text() == QCoreApplication.translate("ConsoleLauncher",
                                                                    "&Team console…")
    finally:
        workspace.close()
        writer.stop()


def test_the_state_timeline_is_each_agents_states_clipped_to_the_day(
        world: World, services: dict[str, ConsoleService]) -> None:
    assert world.calls
    with services["lena"].central.connect() as conn:
        spans = charts.state_timeline(conn, FIRST, tz="UTC")
        hours = charts.calls_by_hour(conn, FIRST, FIRST, tz="Asia/Tokyo")
    alice = [(s.state, s.reason, s.start, s.end) for s in spans if s.agent == "Alice Abe"]
    assert alice == [
        ("available", "", _utc(1, 8), _utc(1, 9, 0, 5)),
        ("on-call", "", _utc(1, 9, 0, 5), _utc(1, 9, 1, 45)),
        ("wrap-up", "", _utc(1, 9, 1, 45), _utc(1, 9, 2, 45)),
        ("available", "", _utc(1, 9, 2, 45), _utc(1, 12)),  # "disposition" is no break reason
        ("break", "lunch", _utc(1, 12), _utc(1, 13)),
        ("available", "", _utc(1, 13), _utc(1, 18)),
        ("offline", "", _utc(1, 18), _utc(2, 0)),  # the last state, to the day's end
    ]
    assert [s.agent for s in spans] == ["Alice Abe"] * 7 + ["Bob Baba"] * 2
    # October 1st in Tokyo ends at 15:00 UTC: a1 and a2 (18h JST) and b1 (19h JST).
    assert [(h.hour, h.language, h.calls) for h in hours] == [(18, "ja", 2), (19, "", 1)]


def test_the_explorer_exports_one_csv_file_under_the_name_given(
        world: World, services: dict[str, ConsoleService], english: Translators,
        qtbot: QtBot, tmp_path: Path) -> None:
    view = _explorer(qtbot, services["lena"])
    view.set_period(FIRST, LAST)
    view.direction.setCurrentIndex(view.direction.findData("outbound"))
    output = tmp_path / "callbacks.csv"
    with qtbot.waitSignal(view.export_finished, timeout=WAIT_MS) as finished:
        view.export_to(output, "csv")
    assert finished.args == [[output]]
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the names right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Started", "Agent", "Direction"]
    assert [(r[0], r[1], r[2], r[5]) for r in rows[1:]] == [
        ("2013-10-01T14:00:00", "Bob Baba", "Outbound", world.cases["B"]["number"])]


def test_the_deployments_answer_target_and_goal_shape_the_service_level(
        world: World, central: Central, english: Translators, qtbot: QtBot) -> None:
    """[console] answer_target_seconds / service_level_target_percent: a 40 s target counts
    a2 (answered after 30 s) as in time, and the target line is the deployment's 90 %."""
    assert world.calls
    service = ConsoleService(engine(central.url("lena")), time_zone="UTC",
                             answer_target_s=40, service_level_target=0.9)
    try:
        tab = _kpis(qtbot, service, "day", "team")
        level, target = tab.charts.service_level.chart().series()
        assert isinstance(level, QLineSeries) and isinstance(target, QLineSeries)
        assert target.name() == "Target (90 %)"
        assert [p.y() for p in target.points()] == [90.0, 90.0]
        assert [round(p.y(), 2) for p in level.points()] == [66.67, 100.0]
        assert "40 s" in tab.charts.service_level.chart().title()
    finally:
        service.close()
