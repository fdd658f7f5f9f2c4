"""What the team console's tabs share: errors as sentences, the centre's times in the leader's
zone, the KPI labels' translations, and an export run with a progress dialog and Cancel.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QObject, QTimeZone, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QProgressDialog, QWidget

from app.central.db import CentralError
from app.console.explorer import ConsoleRefusedError
from app.console.service import ExportCancelled
from app.ui.sync import sync_error

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future
    from datetime import datetime

    from app.console.report import Format
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

SHOW_PROGRESS_AFTER_MS = 400  # a quick export finishes without a dialog flashing up
# Offered besides the PC's own zone; any other IANA name can be typed.
ZONES = ("Asia/Tokyo", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "UTC",
         "Europe/London", "America/New_York", "America/Los_Angeles")


def kpi_text(source: str) -> str:
    """A label of app.console.kpi / report (English source, context "kpi") in the UI's
    language. Safe on any thread (QCoreApplication.translate is): exports call it too."""
    return QCoreApplication.translate("kpi", source)


def refusal_text() -> str:
    return QCoreApplication.translate(
        "TeamConsole", "The team console is for team leaders: the central database does not "
        "give it to this sign-in.")


def console_error(exc: BaseException) -> str:
    """A failed console query or export as one translated sentence."""
    if isinstance(exc, ConsoleRefusedError):
        return refusal_text()
    if isinstance(exc, CentralError):
        return sync_error(exc.code)
    if isinstance(exc, OSError):
        return QCoreApplication.translate("TeamConsole", "The file could not be written: "
                                          "{reason}").format(reason=exc.strerror or exc)
    return QCoreApplication.translate("TeamConsole", "The central database could not answer.")


def zone(tz: str) -> QTimeZone:
    found = QTimeZone(tz.encode())
    return found if found.isValid() else QTimeZone.utc()


def zoned_datetime(moment: datetime, tz: str) -> str:
    """An instant of the centre as the leader reads it: in ``tz``, in the UI's language."""
    shown = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000), zone(tz))
    return QLocale().toString(shown, QLocale.FormatType.ShortFormat)


class ZonePicker(QComboBox):
    """The time zone the console's days are counted in: the PC's by default, any IANA name
    typed."""

    def __init__(self, default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for name in dict.fromkeys((default, *ZONES)):
            self.addItem(name, name)
        self.setCurrentText(default)

    def zone(self) -> str | None:
        """The zone typed or chosen; None when it names none."""
        name = self.currentText().strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return None
        return name

    def problem(self) -> str:
        return QCoreApplication.translate(
            "TeamConsole", "“{zone}” is not a time zone: choose one, or type a name such as "
            "Asia/Tokyo.").format(zone=self.currentText().strip())


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def choose_export(parent: QWidget, title: str, stem: str) -> tuple[Path, Format] | None:
    """Ask where to export (a modal file dialog, as every "Save as" is): the path and the
    format chosen by its filter or suffix; None when the leader cancelled."""
    xlsx = QCoreApplication.translate("TeamConsole", "Excel workbook (*.xlsx)")
    csv = QCoreApplication.translate("TeamConsole", "CSV, one file per table (*.csv)")
    name, chosen = QFileDialog.getSaveFileName(parent, title, f"{stem}.xlsx", f"{xlsx};;{csv}")
    if not name:
        return None
    path = Path(name)
    fmt: Format = "csv" if path.suffix.lower() == ".csv" or (
        chosen == csv and path.suffix.lower() != ".xlsx") else "xlsx"
    if not path.suffix:
        path = path.with_suffix(f".{fmt}")
    return path, fmt


class ExportRun(QObject):
    """One export: a progress dialog with the rows done and Cancel, the outcome as a signal.

    The service's worker reports progress through ``progressed`` (a signal: emitted there,
    delivered here, queued); Cancel sets the event the worker checks between pages and rows,
    and the report's writer then removes what it had written.
    """

    progressed = Signal(str, int)  # phase ("read" | "write"), rows
    finished = Signal(object)  # list[Path] written, or None: cancelled or failed
    failed = Signal(str)  # a translated sentence

    def __init__(self, tasks: Tasks, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(parent)
        self.dialog.setObjectName("consoleExportProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setLabelText(QCoreApplication.translate("TeamConsole", "Starting…"))
        self.dialog.setCancelButtonText(QCoreApplication.translate("TeamConsole", "Cancel"))
        self.dialog.setRange(0, 0)  # rows to come are not counted first: a busy bar
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.stop)
        self.progressed.connect(self._progress)
        self.result: list[Path] | None = None
        self.error = ""
        self.cancelled = False
        self.over = False  # finished, failed or cancelled: the dialog is gone

    def start(self, begin: Callable[[Callable[[str, int], None], threading.Event],
                                    Future[list[Path]]]) -> None:
        """``begin(progress, cancel)`` starts the service's export and returns its future."""
        self.dialog.setValue(0)  # starts the minimum-duration clock
        self.tasks.watch(begin(self.progressed.emit, self.cancel), self, self._done,
                         self._failed)

    def stop(self) -> None:
        if self.over:
            return
        self.cancel.set()
        self.cancelled = True
        self.dialog.setLabelText(QCoreApplication.translate("TeamConsole", "Cancelling…"))

    def _progress(self, phase: str, rows: int) -> None:
        if self.cancel.is_set() or self.over:
            return
        if phase == "read":
            text = QCoreApplication.translate("TeamConsole", "Reading from the central "
                                              "database: {rows} rows").format(
                rows=QLocale().toString(rows))
        else:
            text = QCoreApplication.translate("TeamConsole", "Writing the file: {rows} rows")\
                .format(rows=QLocale().toString(rows))
        self.dialog.setLabelText(text)

    def _done(self, paths: list[Path]) -> None:
        self.result = paths
        self._close()
        self.finished.emit(paths)

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if isinstance(exc, ExportCancelled):
            self.cancelled = True
        else:
            log.warning("team console export failed: %s", exc)
            self.error = console_error(exc)
            self.failed.emit(self.error)
        self.finished.emit(None)

    def _close(self) -> None:
        self.over = True
        self.dialog.canceled.disconnect(self.stop)  # closing must not count as Cancel
        self.dialog.close()
        self.dialog.deleteLater()
