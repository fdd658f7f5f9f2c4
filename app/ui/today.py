"""The left pane when no call is up: today's numbers and a keypad for dialling."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.cases.stats import FCR_DAYS, DaySummary, day_summary
from app.ui import labels
from app.ui.callwidgets import Keypad

if TYPE_CHECKING:
    from app.ui.tasks import Tasks


def local_day_start() -> datetime:
    """Midnight in the agent's time zone, as a UTC time (the store keeps UTC)."""
    now = datetime.now().astimezone()
    return now.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


class TodayPanel(QFrame):
    key_pressed = Signal(str)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None, *,
                 fcr_days: int = FCR_DAYS) -> None:
        super().__init__(parent)
        self.setObjectName("todayPanel")
        self.tasks = tasks
        self.fcr_days = fcr_days  # the deployment's [console] fcr_days: the leader's definition
        self.summary = DaySummary()
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.values = {name: QLabel() for name in
                       ("calls", "answered", "missed", "talk", "fcr")}
        self.captions = {name: QLabel() for name in self.values}
        form = QFormLayout()
        for name, value in self.values.items():
            value.setObjectName(f"today_{name}")
            form.addRow(self.captions[name], value)
        self.keypad_title = QLabel()
        self.keypad_title.setObjectName("sectionTitle")
        self.keypad = Keypad()
        self.keypad.pressed.connect(self.key_pressed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(self.keypad_title)
        layout.addWidget(self.keypad)
        self.retranslate()

    def set_fcr_days(self, days: int) -> None:
        self.fcr_days = days
        self.retranslate()  # the tooltip says the days
        self.refresh()

    def refresh(self) -> None:
        if self.tasks.workspace is None:
            return
        self.tasks.watch(self.tasks.read(day_summary, local_day_start(), fcr_days=self.fcr_days),
                         self, self._show)

    def _show(self, summary: DaySummary) -> None:
        self.summary = summary
        locale = QLocale()
        self.values["calls"].setText(locale.toString(summary.inbound + summary.outbound))
        self.values["answered"].setText(locale.toString(summary.answered))
        self.values["missed"].setText(locale.toString(summary.missed))
        self.values["talk"].setText(labels.talk_time(summary.average_talk))
        fcr = summary.first_contact_resolution
        self.values["fcr"].setText("–" if fcr is None else f"{round(fcr * 100)} %")

    def retranslate(self) -> None:
        self.title.setText(self.tr("Today"))
        self.keypad_title.setText(self.tr("Keypad"))
        self.captions["calls"].setText(self.tr("Calls"))
        self.captions["answered"].setText(self.tr("Answered"))
        self.captions["missed"].setText(self.tr("Missed"))
        self.captions["talk"].setText(self.tr("Average talk time"))
        self.captions["fcr"].setText(self.tr("Resolved on first call"))
        tip = self.tr("Answered calls on an SR with no further contact on that SR within "
                      "{days} days: no later call from the customer, answered or not, and no "
                      "later call to them that they answered. Your team leader's figures count "
                      "the same way, with your colleagues' calls too. A call of today counts "
                      "as resolved until such a contact follows.").format(days=self.fcr_days)
        for widget in (self.captions["fcr"], self.values["fcr"]):
            widget.setToolTip(tip)
        self.setAccessibleName(self.tr("Today's calls"))
        self._show(self.summary)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
