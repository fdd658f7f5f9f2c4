"""Light and dark palettes (following the OS unless the agent chooses) and a few accents.

Fusion everywhere: the same look on Windows, macOS and Linux, so screenshots, docs and
training material match what agents see. Sizes are in points or layout units, never pixels
tied to one scale, so 100/150/200 % stay crisp.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_STYLE = """
QLabel#popupHeading { font-weight: bold; color: palette(highlight); }
QLabel#popupCaller, QLabel#callCaller { font-size: 15pt; font-weight: bold; }
QLabel#popupCase, QLabel#callCase { font-weight: bold; }
QLabel#popupRepeat { color: #c5221f; }
QLabel#callTimer, QLabel#wrapUpTimer { font-size: 14pt; font-family: monospace; }
QLabel#idleTitle { font-size: 16pt; color: palette(mid); }
QLabel#idleHint { color: palette(mid); }
QLabel#sectionTitle, QLabel#wrapUpTitle { font-weight: bold; }
QFrame#incomingPopup { border: 2px solid palette(highlight); border-radius: 6px;
                       background: palette(window); }
QFrame#callPanel, QFrame#wrapUpPanel { border: 1px solid palette(mid); border-radius: 6px; }
QPushButton#answerButton { background: #1e8e3e; color: white; font-weight: bold;
                           border-radius: 4px; padding: 6px 14px; }
QPushButton#declineButton, QPushButton#hangupButton {
    background: #c5221f; color: white; font-weight: bold; border-radius: 4px;
    padding: 6px 14px; }
QPushButton#hangupButton:disabled { background: palette(mid); }
QToolButton#healthIndicator[level="down"] { color: #c5221f; font-weight: bold; }
QToolButton#healthIndicator[level="warning"] { color: #b06000; }
"""


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#292a2d",
        QPalette.ColorRole.AlternateBase: "#303134",
        QPalette.ColorRole.ToolTipBase: "#303134",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#303134",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#9aa0a6",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7378"))
    return palette


def light_palette() -> QPalette:
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1a73e8"))
    palette.setColor(QPalette.ColorRole.Mid, QColor("#80868b"))
    return palette


def apply_theme(app: QApplication, scheme: str = "system") -> str:
    """``scheme``: system, light or dark. Returns the one applied."""
    app.setStyle("Fusion")
    if scheme == "system":
        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        scheme = "dark" if dark else "light"
    app.setPalette(dark_palette() if scheme == "dark" else light_palette())
    app.setStyleSheet(_STYLE)
    return scheme
