"""Small widget helpers shared by the views."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem


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
