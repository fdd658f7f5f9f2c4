"""Small widget helpers shared by the views."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)


class RoomyItems(QStyledItemDelegate):
    """Multi-line list items with room for every line. Qt sizes a line by the widget's font,
    but Japanese and Chinese text is drawn in a taller fallback font: without this the last
    line of an item is cut off ("…")."""

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        lines = max(1, round(size.height() / max(1, option.fontMetrics.lineSpacing())))
        return QSize(size.width(), size.height() + 3 * lines)


def fill_combo(combo: QComboBox, values: tuple[Any, ...], label: Any) -> None:
    """(Re)label a combo of enum values; the value stays in the item's data."""
    current = combo.currentData()
    blocked = combo.blockSignals(True)
    try:
        if combo.count() != len(values):
            combo.clear()
            for value in values:
                combo.addItem(label(value), str(value))
        else:
            for index, value in enumerate(values):
                combo.setItemText(index, label(value))
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))
    finally:
        combo.blockSignals(blocked)


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(str(value))
    if index >= 0:
        combo.setCurrentIndex(index)


class FormScroll(QScrollArea):
    """A vertical scroll area that asks for its whole content (no bar when there is room) but
    can shrink to a few lines, and is never narrower than the content's minimum width (with no
    horizontal bar, a narrower one would cut the content off at the side)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which it scrolls to

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        hint = widget.sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        widget = self.widget()
        if widget is None:
            return super().minimumSizeHint()
        width = widget.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(width, super().minimumSizeHint().height())


class BusyRow(QWidget):
    """A moving bar and what is being done ("Saving…"), hidden until something runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no known length: a moving bar
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(160)
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        layout.addStretch()
        self.hide()
