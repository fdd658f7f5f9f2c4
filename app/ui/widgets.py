"""Small widget helpers shared by the views."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QToolButton,
    QWidget,
)

from app.cases.models import Language
from app.ui.labels import language_label


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


class NoteLanguage(QWidget):
    """The language of a note: three buttons, one click to change. It follows what the text is
    written in (``suggest``) until the agent picks one (``picked``)."""

    changed = Signal(str)  # a Language value, when the agent clicks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picked = False
        self.buttons: dict[Language, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for language in Language:
            button = QToolButton()
            button.setObjectName(f"language_{language.value}")
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, lang=language: self._clicked(lang))
            layout.addWidget(button)
            self.buttons[language] = button
        self.buttons[Language.JA].setChecked(True)
        self.retranslate()

    def language(self) -> Language:
        return next((lang for lang, b in self.buttons.items() if b.isChecked()), Language.JA)

    def set_language(self, language: Language | str, *, picked: bool = False) -> None:
        button = self.buttons.get(Language(language))
        if button is not None:
            button.setChecked(True)
        self.picked = picked

    def suggest(self, language: Language | str) -> None:
        """What the text looks like it is written in, unless the agent chose."""
        if not self.picked:
            self.set_language(language)

    def _clicked(self, language: Language) -> None:
        self.picked = True
        self.changed.emit(language.value)

    def retranslate(self) -> None:
        for language, button in self.buttons.items():
            button.setText(language_label(language.value))
            button.setAccessibleName(self.tr("Note written in {language}").format(
                language=language_label(language.value)))
        self.setToolTip(self.tr("The language the note is written in: it follows the text "
                                "until you pick one."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


_EDITABLE = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def is_editable(widget: QWidget | None) -> bool:
    """A widget where a keystroke changes text."""
    if widget is None or not isinstance(widget, _EDITABLE):
        return False
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return not widget.isReadOnly()
    return True


def park_focus(widget: QWidget) -> None:
    """Before ``widget`` hides: if it holds the keyboard focus, give it to the window itself.
    Qt would hand it to the next field in the tab chain, with its text selected, and the
    agent's next keystroke would replace that text."""
    focused = QApplication.focusWidget()
    if focused is not None and (focused is widget or widget.isAncestorOf(focused)):
        widget.window().setFocus(Qt.FocusReason.OtherFocusReason)
