"""The strip at the top of the window: agent state, "can I take calls?", and the dial field."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from app.telephony.dialplan import clean_number
from app.ui import labels
from app.ui.callcenter import Health
from app.ui.icons import dot, icon

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from app.cases.choices import Choice
    from app.ui.callcenter import CallCenter, HealthReport

AGENT_CHOSEN = ("available", "break", "offline")


class StatePicker(QToolButton):
    """Shows the agent's state; the agent picks available, break (with a reason) or offline."""

    def __init__(self, center: CallCenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.center = center
        self.setObjectName("statePicker")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setMinimumWidth(150)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self._reasons: tuple[Choice, ...] = ()
        center.agent_state_changed.connect(lambda *_: self.refresh())
        self.rebuild()
        self.refresh()

    def set_break_reasons(self, reasons: tuple[Choice, ...]) -> None:
        self._reasons = reasons
        self.rebuild()

    def rebuild(self) -> None:
        self.menu_.clear()
        group = QActionGroup(self)
        available = self.menu_.addAction(dot("available"), labels.agent_state("available"))
        available.triggered.connect(lambda: self.center.set_agent_state("available"))
        breaks = self.menu_.addMenu(dot("break"), labels.agent_state("break"))
        language = QLocale().name()
        for reason in self._reasons:
            action = breaks.addAction(reason.label(language))
            action.triggered.connect(
                lambda _=False, code=reason.code: self.center.set_agent_state("break", code))
        if not self._reasons:
            plain = breaks.addAction(labels.agent_state("break"))
            plain.triggered.connect(lambda: self.center.set_agent_state("break"))
        offline = self.menu_.addAction(dot("offline"), labels.agent_state("offline"))
        offline.triggered.connect(lambda: self.center.set_agent_state("offline"))
        for action in (available, offline):
            group.addAction(action)

    def refresh(self) -> None:
        state = self.center.state
        text = labels.agent_state(state)
        if state == "break" and self.center.state_reason:
            language = QLocale().name()
            reason = next((r.label(language) for r in self._reasons
                           if r.code == self.center.state_reason), self.center.state_reason)
            text = self.tr("{state}: {reason}").format(state=text, reason=reason)
        self.setText(text)
        self.setIcon(dot(state))
        self.setAccessibleName(self.tr("Your state: {state}").format(state=text))
        self.setToolTip(self.tr("Ringing, on a call and wrap-up follow your calls."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.rebuild()
            self.refresh()
        super().changeEvent(event)


class HealthIndicator(QToolButton):
    """Always visible: whether calls can reach the agent right now, and why not."""

    def __init__(self, center: CallCenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthIndicator")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.center = center
        self.details = QMenu(self)
        self.setMenu(self.details)
        center.health_changed.connect(self.show_report)
        self.show_report(center.health)

    def show_report(self, report: HealthReport) -> None:
        self.setIcon(dot(report.level.value))
        self.setText(report.summary or self.tr("Starting…"))
        self.setProperty("level", report.level.value)
        self.style().unpolish(self)
        self.style().polish(self)
        self.details.clear()
        for line in report.details or (report.summary,):
            self.details.addAction(line).setEnabled(False)
        level = {Health.OK: self.tr("ready"), Health.WARNING: self.tr("attention"),
                 Health.DOWN: self.tr("calls cannot reach you")}[report.level]
        self.setAccessibleName(self.tr("Phone status: {level}. {summary}").format(
            level=level, summary=report.summary))
        self.setToolTip("\n".join(report.details or (report.summary,)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.center.retranslate()  # a new report, in the new language, for every listener
            self.show_report(self.center.health)  # also when the report had no text to change
        super().changeEvent(event)


_PHONEISH = re.compile(r"^[\s+0-9\-‐-―−ー().\/#*]+$|^tel:", re.IGNORECASE)


class DialEdit(QLineEdit):
    """Pasted numbers lose their dashes, spaces, brackets and full-width digits."""

    def insert_pasted(self, text: str) -> None:
        # Full-width digits and dashes (０３－１２３４) become ASCII before the check.
        phoneish = _PHONEISH.match(unicodedata.normalize("NFKC", text).strip())
        self.insert(clean_number(text) if phoneish else text.strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Paste):
            clipboard = QGuiApplication.clipboard()
            self.insert_pasted(clipboard.text())
            return
        super().keyPressEvent(event)


class DialBar(QWidget):
    dial = Signal(str)

    def __init__(self, keypad_action: QAction | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = DialEdit()
        self.edit.setObjectName("dialField")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(220)
        self.call = QToolButton()
        self.call.setObjectName("dialButton")
        self.call.setIcon(icon("dial"))
        self.call.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.call.setEnabled(False)
        self.edit.textChanged.connect(lambda text: self.call.setEnabled(bool(text.strip())))
        self.edit.returnPressed.connect(self._dial)
        self.call.clicked.connect(self._dial)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.call)
        self.retranslate()

    def _dial(self) -> None:
        text = self.edit.text().strip()
        if text:
            self.dial.emit(text)

    def type_key(self, key: str) -> None:
        self.edit.insert(key)

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Number, name or SIP address (Ctrl+L)"))
        self.edit.setAccessibleName(self.tr("Number to dial"))
        self.call.setText(self.tr("Call"))
        self.call.setAccessibleName(self.tr("Call this number"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
