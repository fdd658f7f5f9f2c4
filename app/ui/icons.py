"""Icons: SVG files next to this module (crisp at any scale) and drawn status dots."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

ICONS = Path(__file__).parent / "icons"

STATE_COLOURS = {
    "available": "#1e9e4a",
    "ringing": "#f29900",
    "on-call": "#d93025",
    "wrap-up": "#8e44ad",
    "break": "#f29900",
    "offline": "#9aa0a6",
    "ok": "#1e9e4a",
    "warning": "#f29900",
    "down": "#d93025",
}


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(ICONS / f"{name}.svg"))


@cache
def dot(kind: str) -> QIcon:
    """A filled circle in the colour of a state, drawn for each size Qt asks for."""
    result = QIcon()
    for size in (12, 16, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STATE_COLOURS.get(kind, "#9aa0a6")))
        painter.drawEllipse(QPointF(size / 2, size / 2), size * 0.38, size * 0.38)
        painter.end()
        result.addPixmap(pixmap)
    return result
