"""The team console's charts follow the palette (light, dark) and the UI language, live: built
from a KPI view made here (the figures' own tests are against the real centre, in
tests/integration/central/test_console_window.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QDateTimeAxis,
    QLineSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.console.charts import HourCount, StateSpan
from app.console.kpi import CallKpi
from app.console.service import KpiQuery, KpiView
from app.ui.console_charts import STATE_COLOURS, ChartsPanel
from app.ui.theme import dark_palette, light_palette

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.i18n import Translators

TOKYO = "Asia/Tokyo"
DAY = date(2026, 4, 6)  # a Monday


def _day(first: date, aht: float, fcr: float, level: float) -> CallKpi:
    return CallKpi(first, "north", "north", 10, 9, 1, 8, level, 5.0, aht, 0.0, 0.0, 0.0, 9, 5,
                   fcr, 0, 0.0, 0, 0.0, 0, 0)


def _at(hour: int) -> datetime:
    return datetime.combine(DAY, time(hour), ZoneInfo(TOKYO))


def _view() -> KpiView:
    aiko = uuid.uuid4()
    return KpiView(
        query=KpiQuery(first=DAY, last=date(2026, 4, 7), time_zone=TOKYO, bucket="day",
                       by="team", day=DAY),
        calls=[], states=[], occupancy=[],
        days=[_day(DAY, 120.0, 0.5, 0.75), _day(date(2026, 4, 7), 90.0, 0.25, 0.9)],
        hours=[HourCount(9, "ja", 3), HourCount(10, "zh", 1)],
        timeline=[StateSpan(aiko, "Aiko", "available", "", _at(9), _at(12)),
                  StateSpan(aiko, "Aiko", "break", "lunch", _at(12), _at(13))],
        quality=[])


def _panel(qtbot: QtBot) -> ChartsPanel:
    panel = ChartsPanel()
    qtbot.addWidget(panel)
    panel.show_view(_view())
    return panel


def _areas(panel: ChartsPanel) -> list[QAreaSeries]:
    found = [s for s in panel.timeline.chart().series() if isinstance(s, QAreaSeries)]
    assert found, "the timeline drew no state"
    return found


def test_the_charts_take_the_light_and_then_the_dark_palette(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    panel.setPalette(light_palette())
    light = panel.hourly.chart()
    assert light.theme() is QChart.ChartTheme.ChartThemeLight
    assert light.backgroundBrush().color() == panel.palette().color(QPalette.ColorRole.Base)
    assert [a.color() for a in _areas(panel)] == [QColor(STATE_COLOURS["available"][0]),
                                                  QColor(STATE_COLOURS["break"][0])]

    panel.setPalette(dark_palette())  # as the OS switching to dark does, through the app
    QApplication.processEvents()
    dark = panel.hourly.chart()
    assert dark is not light  # rebuilt
    assert dark.theme() is QChart.ChartTheme.ChartThemeDark
    assert dark.backgroundBrush().color() == QColor("#292a2d")  # the dark palette's base
    assert dark.titleBrush().color() == QColor("#e8eaed")
    assert [a.color() for a in _areas(panel)] == [QColor(STATE_COLOURS["available"][1]),
                                                  QColor(STATE_COLOURS["break"][1])]


def test_the_charts_speak_the_ui_language_live(translators: Translators, qtbot: QtBot) -> None:
    translators.install("en")
    panel = _panel(qtbot)
    assert panel.hourly.chart().title() == "Inbound calls per hour by language"
    translators.install("zh_CN")
    QApplication.processEvents()  # LanguageChange reaches the panel
    assert panel.hourly.chart().title() == "按语言的每小时来电数"
    bars = panel.hourly.chart().series()[0]
    assert isinstance(bars, QStackedBarSeries)
    assert [b.label() for b in bars.barSets()] == ["日语", "中文"]
    days = panel.trend.chart().axes(Qt.Orientation.Horizontal)[0]
    assert isinstance(days, QDateTimeAxis) and days.format() == "M月d日"
    assert panel.trend.chart().locale().name() == "zh_CN"
    legend = [m.label() for m in panel.timeline.chart().legend().markers() if m.isVisible()]
    assert legend == ["空闲", "休息"]
    level = panel.service_level.chart().series()[0]
    assert isinstance(level, QLineSeries)
    assert [round(p.y()) for p in level.points()] == [75, 90]
