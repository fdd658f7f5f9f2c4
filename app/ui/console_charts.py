"""The KPI tab's charts (Qt Charts): inbound calls per hour by language (stacked bars), the
AHT and FCR trend and the service level against its target (lines by day), and each agent's
states over one day (a bar per agent, coloured by state).

Charts are rebuilt from the data they were given when the palette (light, dark) or the UI
language changes: colours come from the palette, titles and legends from the translations,
day and month names from the UI language's QLocale.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCharts import (
    QAreaSeries,
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGridLayout, QWidget

from app.console import kpi
from app.console.charts import SERVICE_LEVEL_TARGET
from app.ui import labels
from app.ui.console_common import kpi_text, pydate

if TYPE_CHECKING:
    from PySide6.QtCharts import QAbstractAxis, QAbstractSeries

    from app.console.service import KpiView

# (light, dark): readable on either palette's base colour.
STATE_COLOURS = {
    "available": ("#1e8e3e", "#81c995"), "ringing": ("#f9ab00", "#fdd663"),
    "on-call": ("#1a73e8", "#8ab4f8"), "wrap-up": ("#9334e6", "#c58af9"),
    "break": ("#e8710a", "#fcad70"), "offline": ("#80868b", "#9aa0a6"),
}
LANGUAGE_COLOURS = {"ja": ("#d93025", "#f28b82"), "en": ("#1a73e8", "#8ab4f8"),
                    "zh": ("#188038", "#81c995"), "": ("#80868b", "#9aa0a6")}
LANGUAGE_ORDER = ("ja", "en", "zh", "")
STATE_ORDER = tuple(STATE_COLOURS)
TREND_COLOURS = (("#1a73e8", "#8ab4f8"), ("#e8710a", "#fcad70"))
BAR_HALF = 0.35  # of a row's height: the gap between two agents' bars


def language_name(code: str) -> str:
    return labels.language_label(code) if code else kpi_text(kpi.NONE_LABEL)


def state_name(code: str) -> str:
    return kpi_text(kpi.STATE_LABELS.get(code, code))


class ChartsPanel(QWidget):
    """Four chart views in a grid, filled by ``show_view``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: KpiView | None = None
        self.hourly = self._view("consoleChartHourly")
        self.trend = self._view("consoleChartTrend")
        self.service_level = self._view("consoleChartServiceLevel")
        self.timeline = self._view("consoleChartTimeline")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.hourly, 0, 0)
        grid.addWidget(self.trend, 0, 1)
        grid.addWidget(self.service_level, 1, 0)
        grid.addWidget(self.timeline, 1, 1)
        self._rebuild()

    @staticmethod
    def _view(name: str) -> QChartView:
        view = QChartView()
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumSize(360, 240)
        return view

    def show_view(self, data: KpiView | None) -> None:
        self.data = data
        self._rebuild()

    # -- building ------------------------------------------------------------------------------

    def dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def _colour(self, pair: tuple[str, str]) -> QColor:
        return QColor(pair[1] if self.dark() else pair[0])

    def _rebuild(self) -> None:
        for view, chart in ((self.hourly, self._hourly_chart()),
                            (self.trend, self._trend_chart()),
                            (self.service_level, self._service_level_chart()),
                            (self.timeline, self._timeline_chart())):
            old = view.chart()
            view.setChart(chart)
            view.setAccessibleName(chart.title())
            if old is not None:
                old.deleteLater()  # the view gives the old chart back; nobody else holds it

    def _chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if self.dark()
                       else QChart.ChartTheme.ChartThemeLight)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        chart.setBackgroundBrush(palette.brush(QPalette.ColorRole.Base))
        chart.setTitleBrush(text)
        chart.legend().setLabelColor(text)
        chart.setLocale(QLocale())  # numbers, day and month names in the UI's language
        chart.setLocalizeNumbers(True)
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart

    def _axis(self, chart: QChart, axis: QAbstractAxis, where: Qt.AlignmentFlag,
              title: str, *series: QAbstractSeries) -> None:
        text = self.palette().color(QPalette.ColorRole.Text)
        axis.setTitleText(title)
        axis.setTitleBrush(text)
        axis.setLabelsColor(text)
        chart.addAxis(axis, where)
        for s in series:
            s.attachAxis(axis)

    def _days(self) -> list[QDate]:
        if self.data is None:
            return []
        q = self.data.query
        return [QDate(q.first.year, q.first.month, q.first.day).addDays(n)
                for n in range((q.last - q.first).days + 1)]

    def _day_axis(self, chart: QChart, *series: QAbstractSeries) -> None:
        days = self._days()
        axis = QDateTimeAxis()
        # A day's pattern for the axis ("MMM d"): translators order it; QLocale names it.
        axis.setFormat(self.tr("MMM d"))
        axis.setTickCount(max(2, min(len(days), 8)))
        if days:
            axis.setRange(QDateTime(days[0], QTime(12, 0)), QDateTime(days[-1], QTime(12, 0)))
        self._axis(chart, axis, Qt.AlignmentFlag.AlignBottom, self.tr("Day"), *series)

    @staticmethod
    def _at_noon(day: QDate) -> float:
        return float(QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch())

    def _hourly_chart(self) -> QChart:
        chart = self._chart(self.tr("Inbound calls per hour by language"))
        hours = self.data.hours if self.data is not None else []
        series = QStackedBarSeries()
        present = {h.language for h in hours}
        languages = [lang for lang in LANGUAGE_ORDER if lang in present] + sorted(
            present - set(LANGUAGE_ORDER))
        totals = [0] * 24
        for language in languages:
            counts = [0] * 24
            for h in hours:
                if h.language == language:
                    counts[h.hour] += h.calls
                    totals[h.hour] += h.calls
            bars = QBarSet(language_name(language))
            bars.append([float(c) for c in counts])
            bars.setColor(self._colour(LANGUAGE_COLOURS.get(language, LANGUAGE_COLOURS[""])))
            bars.setBorderColor(bars.color())
            series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([str(h) for h in range(24)])
        self._axis(chart, x, Qt.AlignmentFlag.AlignBottom, self.tr("Hour of the day"), series)
        y = QValueAxis()
        y.setLabelFormat("%.0f")
        y.setRange(0, max(4, *totals))
        y.applyNiceNumbers()
        self._axis(chart, y, Qt.AlignmentFlag.AlignLeft, self.tr("Inbound calls"), series)
        return chart

    def _trend_chart(self) -> QChart:
        chart = self._chart(self.tr("Average handle time and first-contact resolution"))
        aht = QLineSeries()
        aht.setName(kpi_text("Average handle time (s)"))
        fcr = QLineSeries()
        fcr.setName(self.tr("First-contact resolution (%)"))
        days = {r.bucket_start: r for r in (self.data.days if self.data is not None else [])}
        longest = 60.0
        for day in self._days():
            row = days.get(pydate(day))
            if row is None:
                continue
            if row.aht_s is not None:
                aht.append(self._at_noon(day), row.aht_s)
                longest = max(longest, row.aht_s)
            if row.fcr_rate is not None:
                fcr.append(self._at_noon(day), 100 * row.fcr_rate)
        for series, pair in ((aht, TREND_COLOURS[0]), (fcr, TREND_COLOURS[1])):
            series.setColor(self._colour(pair))
            series.setPointsVisible(True)
            chart.addSeries(series)
        self._day_axis(chart, aht, fcr)
        seconds = QValueAxis()
        seconds.setLabelFormat("%.0f")
        seconds.setRange(0, longest * 1.1)
        seconds.applyNiceNumbers()
        self._axis(chart, seconds, Qt.AlignmentFlag.AlignLeft, self.tr("Seconds"), aht)
        percent = QValueAxis()
        percent.setLabelFormat("%.0f")
        percent.setRange(0, 100)
        self._axis(chart, percent, Qt.AlignmentFlag.AlignRight, self.tr("Percent"), fcr)
        return chart

    def _service_level_chart(self) -> QChart:
        target_s = self.data.query.answer_target_s if self.data is not None else \
            kpi.ANSWER_TARGET_S
        chart = self._chart(self.tr("Service level (answered within {seconds} s)").format(
            seconds=target_s))
        level = QLineSeries()
        level.setName(kpi_text("Service level"))
        target = QLineSeries()
        goal = self.data.query.service_level_target if self.data is not None else \
            SERVICE_LEVEL_TARGET
        target.setName(self.tr("Target ({percent} %)").format(percent=round(100 * goal)))
        days = {r.bucket_start: r for r in (self.data.days if self.data is not None else [])}
        shown = self._days()
        for day in shown:
            row = days.get(pydate(day))
            if row is not None and row.service_level is not None:
                level.append(self._at_noon(day), 100 * row.service_level)
        if shown:
            for day in (shown[0], shown[-1]):
                target.append(self._at_noon(day), 100 * goal)
        level.setColor(self._colour(TREND_COLOURS[0]))
        level.setPointsVisible(True)
        pen = QPen(self._colour(STATE_COLOURS["break"]))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(2)
        target.setPen(pen)
        chart.addSeries(level)
        chart.addSeries(target)
        self._day_axis(chart, level, target)
        percent = QValueAxis()
        percent.setLabelFormat("%.0f")
        percent.setRange(0, 100)
        self._axis(chart, percent, Qt.AlignmentFlag.AlignLeft, self.tr("Percent"), level,
                   target)
        return chart

    def _timeline_chart(self) -> QChart:
        data = self.data
        day = data.query.day if data is not None else None
        title = self.tr("Agent states on {day}").format(
            day=QLocale().toString(QDate(day.year, day.month, day.day),
                                   QLocale.FormatType.LongFormat)) if day is not None \
            else self.tr("Agent states")
        chart = self._chart(title)
        spans = data.timeline if data is not None else []
        agents: list[tuple[object, str]] = []
        for span in spans:
            if (span.agent_id, span.agent) not in agents:
                agents.append((span.agent_id, span.agent))
        hours = 24.0
        midnight: datetime | None = None
        if data is not None and day is not None:
            zone = ZoneInfo(data.query.time_zone)
            midnight = datetime.combine(day, time(), zone)
            # 23 or 25 hours on a day the clocks change.
            hours = (datetime.combine(day + timedelta(days=1), time(), zone)
                     - midnight).total_seconds() / 3600
        labelled: set[str] = set()
        made: list[QAreaSeries] = []
        for row, agent in enumerate(agents):
            middle = len(agents) - 1 - row  # the first agent on top
            mine = [s for s in spans if (s.agent_id, s.agent) == agent]
            for state in STATE_ORDER + tuple(sorted({s.state for s in mine}
                                                    - set(STATE_ORDER))):
                pieces = [s for s in mine if s.state == state]
                if not pieces or midnight is None:
                    continue
                upper, lower = QLineSeries(), QLineSeries()
                low, high = middle - BAR_HALF, middle + BAR_HALF
                lower.append(0.0, low)
                lower.append(hours, low)
                upper.append(0.0, low)
                for piece in pieces:
                    start = (piece.start - midnight).total_seconds() / 3600
                    end = (piece.end - midnight).total_seconds() / 3600
                    upper.append(start, low)
                    upper.append(start, high)
                    upper.append(end, high)
                    upper.append(end, low)
                upper.append(hours, low)
                area = QAreaSeries(upper, lower)
                for line in (upper, lower):  # the area uses them but does not own them
                    line.setParent(area)
                area.setName(state_name(state))
                colour = self._colour(STATE_COLOURS.get(state, STATE_COLOURS["offline"]))
                area.setColor(colour)
                area.setBorderColor(colour)
                area.setPen(QPen(Qt.PenStyle.NoPen))
                chart.addSeries(area)
                made.append(area)
                if state in labelled:  # one legend entry per state
                    for marker in chart.legend().markers(area):
                        marker.setVisible(False)
                labelled.add(state)
        x = QValueAxis()
        x.setRange(0, hours)
        x.setTickCount(7)
        x.setLabelFormat("%.0f")
        self._axis(chart, x, Qt.AlignmentFlag.AlignBottom, self.tr("Hour of the day"), *made)
        y = QCategoryAxis()
        y.setStartValue(-0.5)
        for middle, (_id, name) in enumerate(reversed(agents)):  # end values must rise
            y.append(name, middle + 0.5)
        y.setRange(-0.5, max(0.5, len(agents) - 0.5))
        y.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        self._axis(chart, y, Qt.AlignmentFlag.AlignLeft, self.tr("Agent"), *made)
        return chart

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.PaletteChange):
            self._rebuild()
        super().changeEvent(event)
