"""The team console's KPI tab: a period, a bucket and a grouping; the KPI tables (columns and
labels from app.console.kpi, translated in context "kpi") and the charts; and the export of
every table of the team's report (app.console.report.tables) to Excel or CSV.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cases import choices
from app.console import kpi
from app.console.service import KpiQuery
from app.ui import labels
from app.ui.console_charts import ChartsPanel, language_name, state_name
from app.ui.console_common import (
    ExportRun,
    ZonePicker,
    choose_export,
    console_error,
    kpi_text,
    pydate,
    qdate,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from app.cases.choices import Choice
    from app.console.report import Format
    from app.console.service import ConsoleService, KpiView
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
CHANGE_PAUSE_MS = 300  # pickers changed in a row ask the centre once
DEFAULT_DAYS = 7
BUCKETS: tuple[kpi.Bucket, ...] = ("day", "week", "month", "total")
GROUPS: tuple[kpi.By, ...] = ("agent", "team", "queue", "language")


def cell_text(column: kpi.Column, value: Any) -> str:
    """A KPI value as the table shows it, in the UI's language."""
    if value is None:
        return ""  # a rate with nothing to divide by: empty, not 0 (docs/kpi.md)
    locale = QLocale()
    if column.kind == "date":
        return locale.toString(qdate(value), QLocale.FormatType.ShortFormat)
    if column.kind == "count":
        return locale.toString(int(value))
    if column.kind == "seconds":
        return locale.toString(float(value), "f", 1)
    if column.kind == "rate":
        return f"{locale.toString(100 * float(value), 'f', 1)}%"
    if column.kind in ("mos", "percent"):  # as the report's cells (app.console.report)
        return locale.toString(float(value), "f", 2)
    if column.kind == "ms":
        return locale.toString(float(value), "f", 1)
    if column.name == "state":
        return state_name(str(value))
    return str(value)


class KpiTableModel(QAbstractTableModel):
    """One KPI table: rows of an app.console.kpi dataclass under its Columns."""

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: tuple[kpi.Column, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: Sequence[Any] = ()
        self.by: kpi.By = "agent"
        self.reasons: dict[str, Choice] = {}  # this PC's break reasons name the codes

    def set_rows(self, rows: Sequence[Any], by: kpi.By) -> None:
        self.beginResetModel()
        self.rows, self.by = rows, by
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return kpi_text(self.columns[section].label)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == self.ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if column.name == "label":
                return self._label(row)
            if column.name == "reason" and row.reason in self.reasons:
                return self.reasons[row.reason].label(QLocale().name())
            return cell_text(column, getattr(row, column.name))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in (
                "count", "seconds", "rate", "mos", "percent", "ms"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _label(self, row: Any) -> str:
        if self.by == "language":
            return language_name(row.key)
        return row.label or kpi_text(kpi.NONE_LABEL)


class KpiTab(QWidget):
    """Pickers, then the tables and the charts on two sub-tabs."""

    loaded = Signal(object)  # the KpiView now shown
    export_finished = Signal(object)  # list[Path], or None (cancelled, failed)

    def __init__(self, service: ConsoleService, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self.view: KpiView | None = None
        self.export: ExportRun | None = None
        self._generation = 0
        today = date.today()
        self.from_day = QDateEdit(qdate(today - timedelta(days=DEFAULT_DAYS - 1)))
        self.from_day.setObjectName("kpiFrom")
        self.to_day = QDateEdit(qdate(today))
        self.to_day.setObjectName("kpiTo")
        self.zone = ZonePicker(service.time_zone)
        self.zone.setObjectName("kpiTimeZone")
        self.timeline_day = QDateEdit(qdate(today))
        self.timeline_day.setObjectName("kpiTimelineDay")
        for edit in (self.from_day, self.to_day, self.timeline_day):
            edit.setCalendarPopup(True)
        self.bucket = QComboBox()
        self.bucket.setObjectName("kpiBucket")
        for bucket in BUCKETS:
            self.bucket.addItem("", bucket)
        self.by = QComboBox()
        self.by.setObjectName("kpiBy")
        for group in GROUPS:
            self.by.addItem("", group)
        self.export_button = QPushButton()
        self.export_button.setObjectName("kpiExport")
        self.export_button.clicked.connect(self.ask_export)
        self.captions: dict[QWidget, QLabel] = {}
        bar = QHBoxLayout()
        for widget in (self.from_day, self.to_day, self.zone, self.bucket, self.by,
                       self.timeline_day):
            caption = QLabel()
            caption.setBuddy(widget)
            self.captions[widget] = caption
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.status = QLabel()
        self.status.setObjectName("kpiStatus")
        self.status.setWordWrap(True)
        self.status.hide()

        self.calls = KpiTableModel(kpi.CALL_COLUMNS, self)
        self.states = KpiTableModel(kpi.STATE_COLUMNS, self)
        self.occupancy = KpiTableModel(kpi.OCCUPANCY_COLUMNS, self)
        self.quality = KpiTableModel(kpi.QUALITY_COLUMNS, self)
        self.titles: dict[KpiTableModel, QLabel] = {}
        self.tables: dict[KpiTableModel, QTableView] = {}
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("kpiTables")
        for model, name in ((self.calls, "kpiCalls"), (self.states, "kpiStates"),
                            (self.occupancy, "kpiOccupancy"), (self.quality, "kpiQuality")):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            title = QLabel()
            title.setObjectName("sectionTitle")
            table = QTableView()
            table.setObjectName(name)
            table.setModel(model)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            table.setWordWrap(False)
            table.verticalHeader().hide()
            rows = table.verticalHeader()
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
            rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
            table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)
            title.setBuddy(table)
            inner.addWidget(title)
            inner.addWidget(table, 1)
            split.addWidget(box)
            self.titles[model] = title
            self.tables[model] = table
        self.charts = ChartsPanel()
        self.pages = QTabWidget()
        self.pages.setObjectName("kpiPages")
        self.pages.addTab(split, "")
        self.pages.addTab(self.charts, "")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(CHANGE_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.to_day.dateChanged.connect(self._last_day_changed)
        for edit in (self.from_day, self.timeline_day):
            edit.dateChanged.connect(self._pause.start)
        for combo in (self.bucket, self.by):
            combo.currentIndexChanged.connect(self._pause.start)
        self.zone.currentTextChanged.connect(self._pause.start)
        self.retranslate()
        if tasks.workspace is not None:
            tasks.watch(tasks.read(choices.break_reasons), self, self._break_reasons,
                        lambda exc: log.warning("team console: break reasons: %s", exc))

    def _break_reasons(self, loaded: tuple[Choice, ...]) -> None:
        self.states.reasons = {c.code: c for c in loaded}
        self.states.retranslate()

    def _last_day_changed(self, day: QDate) -> None:
        self.timeline_day.setDate(day)  # the timeline follows the period's last day
        self._pause.start()

    def set_period(self, first: date, last: date, timeline: date | None = None) -> None:
        """Show ``first``..``last`` (and the timeline of ``timeline``, else of ``last``)."""
        for edit, day in ((self.from_day, first), (self.to_day, last),
                          (self.timeline_day, timeline or last)):
            blocked = edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(blocked)
        self.refresh()

    def query(self) -> KpiQuery | None:
        first, last = pydate(self.from_day.date()), pydate(self.to_day.date())
        if last < first:
            self._say(self.tr("The first day is after the last day: choose a period that "
                              "starts before it ends."))
            return None
        zone = self.zone.zone()
        if zone is None:
            self._say(self.zone.problem())
            return None
        return KpiQuery(first=first, last=last, time_zone=zone,
                        bucket=self.bucket.currentData(), by=self.by.currentData(),
                        day=pydate(self.timeline_day.date()),
                        fcr_days=self.service.fcr_days,
                        answer_target_s=self.service.answer_target_s,
                        service_level_target=self.service.service_level_target)

    def refresh(self) -> None:
        self._pause.stop()
        query = self.query()
        if query is None:
            return
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("Loading…"))
        self.status.show()
        self.tasks.watch(self.service.kpis(query), self,
                         lambda view: self._arrived(generation, view),
                         lambda exc: self._failed(generation, exc))

    def _arrived(self, generation: int, view: KpiView) -> None:
        if generation != self._generation:
            return
        self.view = view
        self.status.hide()
        by = view.query.by
        people: kpi.By = "team" if by == "team" else "agent"
        self.calls.set_rows(view.calls, by)
        self.states.set_rows(view.states, people)
        self.occupancy.set_rows(view.occupancy, people)
        self.quality.set_rows(view.quality, people)
        self.charts.show_view(view)
        self.loaded.emit(view)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            log.warning("team console: KPIs failed: %s", exc)
            self._say(console_error(exc))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    # -- export --------------------------------------------------------------------------------

    def ask_export(self) -> None:
        chosen = choose_export(self, self.tr("Export the KPI report"), self.tr("kpi-report"))
        if chosen is not None:
            self.export_to(*chosen)

    def export_to(self, output: Path, fmt: Format) -> ExportRun | None:
        """Every KPI table of the report for the period to ``output`` (a sheet per table, or
        a CSV file per table beside it), with a progress dialog."""
        query = self.query()
        if query is None or self.export is not None:
            return None
        run = ExportRun(self.tasks, self, self.tr("Exporting the KPI report"))
        self.export = run
        self.export_button.setEnabled(False)
        run.finished.connect(self._exported)
        run.failed.connect(self._say)
        run.start(lambda progress, cancel: self.service.export_kpis(
            output, fmt, query.first, query.last, time_zone=query.time_zone,
            translate=kpi_text, progress=progress, cancel=cancel,
            fcr_days=query.fcr_days, answer_target_s=query.answer_target_s))
        return run

    def _exported(self, paths: list[Path] | None) -> None:
        self.export = None
        self.export_button.setEnabled(True)
        if paths:
            self._say(self.tr("Exported to {paths}").format(
                paths=", ".join(str(p) for p in paths)))
        self.export_finished.emit(paths)

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        captions = {self.from_day: self.tr("&From:"), self.to_day: self.tr("&To:"),
                    self.zone: self.tr("Time &zone:"),
                    self.bucket: self.tr("&Per:"), self.by: self.tr("&By:"),
                    self.timeline_day: self.tr("States on:")}
        for widget, text in captions.items():
            self.captions[widget].setText(text)
            widget.setAccessibleName(labels.plain(text).rstrip(":："))
        buckets = {"day": self.tr("Day"), "week": self.tr("Week"), "month": self.tr("Month"),
                   "total": self.tr("Whole period")}
        for n in range(self.bucket.count()):
            self.bucket.setItemText(n, buckets[self.bucket.itemData(n)])
        groups = {"agent": self.tr("Agent"), "team": self.tr("Team"),
                  "queue": self.tr("Queue"), "language": self.tr("Language")}
        for n in range(self.by.count()):
            self.by.setItemText(n, groups[self.by.itemData(n)])
        self.export_button.setText(self.tr("E&xport report…"))
        self.export_button.setToolTip(self.tr(
            "Every KPI table of the period to Excel (a sheet per table) or CSV"))
        titles = {self.calls: self.tr("Calls"), self.states: self.tr("Agent states"),
                  self.occupancy: self.tr("Occupancy"), self.quality: self.tr("Call quality")}
        for model, text in titles.items():
            self.titles[model].setText(text)
            self.tables[model].setAccessibleName(text)
            model.retranslate()
        self.pages.setTabText(0, self.tr("Tables"))
        self.pages.setTabText(1, self.tr("Charts"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
