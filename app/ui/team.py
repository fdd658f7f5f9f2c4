"""The team list: colleagues with their lamps (free, ringing, on a call, away, offline,
unknown), in the consult and transfer pickers, so the agent sees who is free before
escalating (issue 20, item 6).

The colleagues are the accounts' ``colleagues``; their lamps are the engine's ColleagueStates
(app.telephony.engine.presence), which CallCenter hands to ``Team``. Where the registrar serves
no presence (or presence is off), the list is plain: names only, no lamp and no error.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from app.telephony.colleagues import Colleague, parse_colleague
from app.telephony.dialplan import DialError
from app.telephony.events import ColleagueState, Lamp

if TYPE_CHECKING:
    from collections.abc import Iterable

    from PySide6.QtWidgets import QWidget

    from app.telephony.config import AccountSpec

# Lamp colours as desk phones' BLF keys show them; the word goes beside it (colour alone
# says nothing to a colour-blind agent or a screen reader).
_COLOURS = {
    Lamp.FREE: "#2e9d45",
    Lamp.RINGING: "#e0a100",
    Lamp.BUSY: "#d23a2e",
    Lamp.AWAY: "#e07b00",
    Lamp.OFFLINE: "#8a8a8a",
    Lamp.UNKNOWN: "#c8c8c8",
}


def lamp_label(lamp: Lamp) -> str:
    texts = {
        Lamp.FREE: QCoreApplication.translate("Team", "Free"),
        Lamp.RINGING: QCoreApplication.translate("Team", "Ringing"),
        Lamp.BUSY: QCoreApplication.translate("Team", "On a call"),
        Lamp.AWAY: QCoreApplication.translate("Team", "Away"),
        Lamp.OFFLINE: QCoreApplication.translate("Team", "Offline"),
        Lamp.UNKNOWN: QCoreApplication.translate("Team", "Unknown"),
    }
    return texts.get(lamp, "")


def lamp_icon(lamp: Lamp, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#555555"))
    painter.setBrush(QColor(_COLOURS.get(lamp, "#c8c8c8")))
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3))
    painter.end()
    return QIcon(pixmap)


@dataclass(frozen=True, slots=True)
class TeamMember:
    colleague: Colleague
    lamp: Lamp | None  # None: no presence for them (a plain entry)


class Team(QObject):
    """Who the colleagues are and what their lamps say, for every picker that shows them."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colleagues: list[Colleague] = []
        self._lamps: dict[str, Lamp] = {}  # uri -> the latest lamp

    def set_accounts(self, accounts: Iterable[AccountSpec]) -> None:
        """The colleagues of these accounts, in their order, each once."""
        seen: dict[str, Colleague] = {}
        for spec in accounts:
            for entry in spec.colleagues:
                with contextlib.suppress(DialError):
                    colleague = parse_colleague(entry, spec.dial_domain)
                    seen.setdefault(colleague.uri, colleague)
        self._colleagues = list(seen.values())
        self.changed.emit()

    def on_state(self, event: ColleagueState) -> None:
        if self._lamps.get(event.uri) is not event.lamp:
            self._lamps[event.uri] = event.lamp
            self.changed.emit()

    def members(self) -> list[TeamMember]:
        return [TeamMember(c, self._lamp(c.uri)) for c in self._colleagues]

    def has_presence(self) -> bool:
        return any(m.lamp is not None for m in self.members())

    def _lamp(self, uri: str) -> Lamp | None:
        lamp = self._lamps.get(uri)
        return None if lamp is Lamp.NO_PRESENCE else lamp


class TeamList(QListWidget):
    """The team in a picker: a click puts a colleague's address in the target field."""

    def __init__(self, team: Team, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.setObjectName("teamList")
        self.setAccessibleName(QCoreApplication.translate("Team", "Colleagues"))
        self.setMaximumHeight(160)
        team.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.currentItem().data(Qt.ItemDataRole.UserRole) if self.currentItem() \
            else None
        self.clear()
        for member in self.team.members():
            name = member.colleague.name
            if member.lamp is None:
                item = QListWidgetItem(name)
            else:
                word = lamp_label(member.lamp)
                item = QListWidgetItem(lamp_icon(member.lamp),
                                       QCoreApplication.translate(
                                           "Team", "{name} — {lamp}").format(name=name, lamp=word))
                item.setData(Qt.ItemDataRole.UserRole + 1, member.lamp.value)
            item.setData(Qt.ItemDataRole.UserRole, member.colleague.uri)
            item.setToolTip(member.colleague.uri)
            self.addItem(item)
            if member.colleague.uri == chosen:
                self.setCurrentItem(item)
        self.setVisible(self.count() > 0)

    def lamps(self) -> dict[str, str]:
        """name -> the lamp's code as shown ("" for a plain entry): what the agent sees."""
        out: dict[str, str] = {}
        for row in range(self.count()):
            item = self.item(row)
            uri = str(item.data(Qt.ItemDataRole.UserRole))
            name = next((m.colleague.name for m in self.team.members()
                         if m.colleague.uri == uri), uri)
            out[name] = str(item.data(Qt.ItemDataRole.UserRole + 1) or "")
        return out
