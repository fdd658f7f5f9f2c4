"""The central sync in the window: its state in the status bar, and the SR conflict dialog.

``SyncIndicator`` shows a ``SyncStatus`` (app.sync.status) in a few words with the details in
its tooltip; a click asks for a sync now, the conflicts part asks for the conflicts.
``ConflictDialog`` shows one ``CaseConflict``: both values of each field, and the agent picks
which to keep. Both only show values and emit what the agent asked for: the sync engine does
the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.sync.status import CASE_FIELDS, CaseConflict, FieldConflict, SyncStatus
from app.ui.icons import dot
from app.ui.labels import (
    central_url_error,
    language_label,
    local_datetime,
    local_time,
    priority_label,
    status_label,
)
from app.ui.widgets import FormScroll

if TYPE_CHECKING:
    from datetime import datetime

MINE = "mine"
THEIRS = "theirs"
EMPTY = "—"  # an empty value: visible, and not mistaken for a blank cell
DETAIL_CHARS = 200  # of an error's detail in the tooltip: the log has the rest
_RED = "#c5221f"


def _moment(when: datetime) -> str:
    """A time today as "10:42"; an older one with its date, so "Synced 10:42" never means
    yesterday."""
    local = QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000)).toLocalTime()
    if local.date() == QDateTime.currentDateTime().date():
        return local_time(when)
    return local_datetime(when)


def sync_error(code: str) -> str:
    """A ``SyncStatus.last_error`` code as a sentence."""
    messages = {
        "connect_failed": QCoreApplication.translate(
            "SyncIndicator", "The central database cannot be reached (this PC is offline or "
            "the server is down)."),
        "auth_failed": QCoreApplication.translate(
            "SyncIndicator", "The central database refused the sign-in (wrong role or "
            "password)."),
        "tls_failed": QCoreApplication.translate(
            "SyncIndicator", "The secure connection to the central database failed (its "
            "certificate could not be verified)."),
        "no_password": QCoreApplication.translate(
            "SyncIndicator", "No password for the central database is stored on this PC."),
        "newer_schema": QCoreApplication.translate(
            "SyncIndicator", "The central database was set up by a newer CaseLine: update "
            "CaseLine on this PC."),
    }
    return messages.get(code) or central_url_error(code) or QCoreApplication.translate(
        "SyncIndicator", "Sync failed.")


class SyncIndicator(QWidget):
    """The central sync in the status bar: "Synced 10:42", "12 waiting to sync", "Offline — 12
    waiting", and the SR conflicts waiting for the agent, in front and in red. Hidden while no
    central database is configured."""

    sync_now_requested = Signal()
    conflicts_requested = Signal()
    notice = Signal(str)  # a one-off message for the status bar or the tray

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.status = SyncStatus()
        self._announced: set[tuple[str, str]] = set()
        self.conflicts_button = QToolButton()
        self.conflicts_button.setObjectName("syncConflicts")
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.conflicts_button.setIcon(dot("down"))
        # The agent must act on these: red and bold, whatever the theme's style sheet says.
        self.conflicts_button.setStyleSheet(f"color: {_RED}; font-weight: bold;")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.conflicts_button.hide()
        self.state_button = QToolButton()
        self.state_button.setObjectName("syncState")
        self.state_button.setAutoRaise(True)
        self.state_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.state_button.clicked.connect(self._sync_now)
        self.sync_now_action = QAction(self)
        self.sync_now_action.setObjectName("syncNowAction")
        self.sync_now_action.triggered.connect(self._sync_now)
        self.conflicts_action = QAction(self)
        self.conflicts_action.setObjectName("syncConflictsAction")
        self.conflicts_action.triggered.connect(self.conflicts_requested)
        # Right-click anywhere on it: "Sync now" (and the conflicts), as the left click does.
        # The buttons defer to this widget: actions on a QToolButton would give it a menu arrow.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.addActions([self.sync_now_action, self.conflicts_action])
        for button in (self.state_button, self.conflicts_button):
            button.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.conflicts_button)
        layout.addWidget(self.state_button)
        self.show_status(self.status)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        # QStatusBar shows what is added to it: not while sync is off.
        super().setVisible(visible and self.status.enabled)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        if self.parentWidget() is not None:
            # Without a parent, showing would open it as a window of its own; the status bar
            # shows it when it is added.
            self.setVisible(status.enabled)
        self.sync_now_action.setEnabled(status.enabled and not status.running)
        self.conflicts_action.setVisible(status.conflicts > 0)
        self.conflicts_button.setVisible(status.conflicts > 0)
        self._show_texts()
        for old, new in status.renumbered:
            if (old, new) not in self._announced:
                self._announced.add((old, new))
                self.notice.emit(QCoreApplication.translate(
                    "SyncIndicator", "{old} is now {new}: that number was already taken "
                    "centrally.").format(old=old, new=new))
        for old, new in status.confirmed:
            if (old, new) not in self._announced:
                self._announced.add((old, new))
                self.notice.emit(QCoreApplication.translate(
                    "SyncIndicator", "{old} is now {new}: the centre confirmed the "
                    "provisional number.").format(old=old, new=new))

    def _sync_now(self) -> None:
        if self.sync_now_action.isEnabled():
            self.sync_now_requested.emit()

    # Counted strings use self.tr (context "SyncIndicator"): lupdate marks a count as a
    # plural only there, not in QCoreApplication.translate(..., n) with a computed n.

    def _state(self) -> tuple[str, str]:
        """(dot colour, words) for the state part."""
        status = self.status
        if status.running:
            return "ok", QCoreApplication.translate("SyncIndicator", "Syncing…")
        if status.last_error == "connect_failed":
            if status.queued:
                return "warning", self.tr("Offline — %n waiting", "", status.queued)
            return "warning", QCoreApplication.translate("SyncIndicator", "Offline")
        if status.last_error:
            return "down", QCoreApplication.translate("SyncIndicator", "Sync problem")
        kind = "warning" if status.parked else "ok"
        if status.queued:
            return kind, self.tr("%n waiting to sync", "", status.queued)
        if status.last_success is not None:
            return kind, QCoreApplication.translate("SyncIndicator", "Synced {time}").format(
                time=_moment(status.last_success))
        return kind, QCoreApplication.translate("SyncIndicator", "Not synced yet")

    def _tooltip(self) -> str:
        status = self.status
        lines = [QCoreApplication.translate("SyncIndicator", "Central database")]
        if status.conflicts:
            lines.append(self.tr("%n SR(s) changed here and centrally at the same time: "
                                 "click the red part to choose which values to keep.", "",
                                 status.conflicts))
        if status.queued:
            lines.append(self.tr("%n change(s) on this PC not yet sent.", "", status.queued))
        else:
            lines.append(QCoreApplication.translate(
                "SyncIndicator", "Every change on this PC has been sent."))
        if status.last_success is not None:
            lines.append(QCoreApplication.translate("SyncIndicator", "Last synced: {time}")
                         .format(time=local_datetime(status.last_success)))
        else:
            lines.append(QCoreApplication.translate("SyncIndicator", "Not synced yet."))
        if status.last_error:
            error = sync_error(status.last_error)
            if status.last_error_at is not None:
                lines.append(QCoreApplication.translate(
                    "SyncIndicator", "Last problem ({time}): {problem}").format(
                        time=local_datetime(status.last_error_at), problem=error))
            else:
                lines.append(QCoreApplication.translate(
                    "SyncIndicator", "Last problem: {problem}").format(problem=error))
            if status.last_error_detail:
                lines.append(status.last_error_detail[:DETAIL_CHARS])
        if status.parked:
            lines.append(self.tr("%n record(s) refused by the central database: they stay "
                                 "on this PC until they are changed.", "", status.parked))
        if status.running:
            lines.append(QCoreApplication.translate("SyncIndicator", "Syncing now…"))
        else:
            lines.append(QCoreApplication.translate("SyncIndicator", "Click to sync now."))
        return "\n".join(lines)

    def _show_texts(self) -> None:
        kind, words = self._state()
        self.state_button.setIcon(dot(kind))
        self.state_button.setText(words)
        tooltip = self._tooltip()
        for widget in (self.state_button, self.conflicts_button):
            widget.setToolTip(tooltip)
        self.state_button.setAccessibleName(QCoreApplication.translate(
            "SyncIndicator", "Central database sync: {state}").format(state=words))
        conflicts = self.tr("%n SR conflict(s)", "", self.status.conflicts)
        self.conflicts_button.setText(conflicts)
        self.conflicts_button.setAccessibleName(conflicts)
        self.sync_now_action.setText(QCoreApplication.translate("SyncIndicator", "Sync now"))
        self.conflicts_action.setText(QCoreApplication.translate(
            "SyncIndicator", "Resolve SR conflicts…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self._show_texts()
        super().changeEvent(event)


# -- the conflict dialog -------------------------------------------------------------------------


def field_label(name: str) -> str:
    """The name of an SR field (``CASE_FIELDS``) as the agent knows it."""
    names = {
        "title": QCoreApplication.translate("ConflictDialog", "Title"),
        "description": QCoreApplication.translate("ConflictDialog", "Description"),
        "status": QCoreApplication.translate("ConflictDialog", "Status"),
        "priority": QCoreApplication.translate("ConflictDialog", "Priority"),
        "priority_confirmed": QCoreApplication.translate("ConflictDialog", "Priority confirmed"),
        "language": QCoreApplication.translate("ConflictDialog", "Language"),
        "queue": QCoreApplication.translate("ConflictDialog", "Queue"),
        "customer_id": QCoreApplication.translate("ConflictDialog", "Customer"),
        "contact_id": QCoreApplication.translate("ConflictDialog", "Contact"),
        "owner_id": QCoreApplication.translate("ConflictDialog", "Owner"),
    }
    return names.get(name, name)


def field_value(name: str, value: str | None) -> str:
    """A stored value as the rest of the UI shows it."""
    if value is None or value == "":
        return EMPTY
    if name == "status":
        return status_label(value)
    if name == "priority":
        return priority_label(value)
    if name == "language":
        return language_label(value) or value
    if name == "priority_confirmed" and value in ("true", "false"):
        return (QCoreApplication.translate("ConflictDialog", "Yes") if value == "true"
                else QCoreApplication.translate("ConflictDialog", "No"))
    return value  # text, a queue, or the customer, contact or owner as the caller gave it


class _Picks(QObject):
    """A click on a value picks its radio button, as a click on a radio's own text would."""

    def __init__(self, radio: QRadioButton, parent: QObject) -> None:
        super().__init__(parent)
        self.radio = radio

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.MouseButtonRelease and self.radio.isEnabled():
            self.radio.setChecked(True)
        return False


class _Row:
    """One field's line in the grid."""

    def __init__(self, conflict: FieldConflict) -> None:
        self.conflict = conflict
        self.name = QLabel()
        self.name.setObjectName(f"conflictField_{conflict.field}")
        self.mine = QRadioButton()
        self.mine.setObjectName(f"conflictMine_{conflict.field}")
        self.theirs = QRadioButton()
        self.theirs.setObjectName(f"conflictTheirs_{conflict.field}")
        self.group = QButtonGroup()
        self.group.addButton(self.mine)
        self.group.addButton(self.theirs)
        self.mine_value = self._value_widget("mine")
        self.theirs_value = self._value_widget("theirs")
        self.reason = QLabel()
        self.reason.setObjectName(f"conflictRefused_{conflict.field}")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(f"color: {_RED};")
        self.reason.setVisible(conflict.refused)
        if conflict.refused:
            # The centre will not take the agent's value: the central one is the only choice.
            self.mine.setEnabled(False)
            self.mine_value.setEnabled(False)
            self.theirs.setChecked(True)

    def _value_widget(self, side: str) -> QLabel | QPlainTextEdit:
        name = f"conflict{side.capitalize()}Value_{self.conflict.field}"
        if self.conflict.field == "description":
            # Long text: all of it, read-only, scrolling inside its own box.
            box = QPlainTextEdit()
            box.setObjectName(name)
            box.setReadOnly(True)
            box.setTabChangesFocus(True)
            lines = box.fontMetrics().lineSpacing()
            box.setMinimumHeight(4 * lines)
            box.setMaximumHeight(9 * lines)
            widget: QLabel | QPlainTextEdit = box
        else:
            widget = QLabel()
            widget.setObjectName(name)
            widget.setWordWrap(True)  # a long title wraps instead of widening the dialog
            widget.setTextFormat(Qt.TextFormat.PlainText)  # values are data, never markup
            # Level with its radio button when the other side's value takes more lines.
            widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Both sides equally wide (the grid's stretch alone decides), never too narrow to read.
        widget.setSizePolicy(QSizePolicy.Policy.Ignored, widget.sizePolicy().verticalPolicy())
        widget.setMinimumWidth(16 * widget.fontMetrics().averageCharWidth())
        return widget

    def retranslate(self, who: str) -> None:
        conflict = self.conflict
        label = field_label(conflict.field)
        self.name.setText(label)
        mine = field_value(conflict.field, conflict.mine)
        theirs = field_value(conflict.field, conflict.theirs)
        for widget, text in ((self.mine_value, mine), (self.theirs_value, theirs)):
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
                widget.setAccessibleName(label)
            else:
                widget.setText(text)
        self.mine.setAccessibleName(QCoreApplication.translate(
            "ConflictDialog", "{field}: keep mine ({value})").format(field=label, value=mine))
        self.theirs.setAccessibleName(QCoreApplication.translate(
            "ConflictDialog", "{field}: keep {who}'s ({value})").format(
                field=label, who=who, value=theirs))
        self.reason.setText(QCoreApplication.translate(
            "ConflictDialog", "The central database refused this change: the SR would move "
            "to another team's queue."))

    def choice(self) -> str | None:
        if self.mine.isChecked():
            return MINE
        if self.theirs.isChecked():
            return THEIRS
        return None


class ConflictDialog(QDialog):
    """One SR changed here and centrally at the same time: each field's two values side by
    side; the agent picks one per field. Cancel leaves the conflict open for later."""

    def __init__(self, conflict: CaseConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.conflict = conflict
        self.heading = QLabel()
        self.heading.setObjectName("conflictHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setObjectName("conflictExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)

        self.rows = {fc.field: _Row(fc) for fc in self._ordered(conflict.fields)}
        self.field_header = QLabel()
        self.mine_header = QLabel()
        self.mine_header.setObjectName("conflictMineHeader")
        self.theirs_header = QLabel()
        self.theirs_header.setObjectName("conflictTheirsHeader")
        self.theirs_header.setWordWrap(True)  # carries a colleague's name of any length
        for header in (self.field_header, self.mine_header, self.theirs_header):
            bold = header.font()
            bold.setBold(True)
            header.setFont(bold)
        self.grid = QWidget()
        self.grid.setObjectName("conflictGrid")
        grid = QGridLayout(self.grid)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.field_header, 0, 0)
        grid.addWidget(self.mine_header, 0, 1, 1, 2)
        grid.addWidget(self.theirs_header, 0, 3, 1, 2)
        top = Qt.AlignmentFlag.AlignTop
        line = 1
        for row in self.rows.values():
            rule = QFrame()
            rule.setFrameShape(QFrame.Shape.HLine)
            rule.setFrameShadow(QFrame.Shadow.Sunken)
            grid.addWidget(rule, line, 0, 1, 5)
            line += 1
            grid.addWidget(row.name, line, 0, top)
            grid.addWidget(row.mine, line, 1, top)
            grid.addWidget(row.mine_value, line, 2)
            grid.addWidget(row.theirs, line, 3, top)
            grid.addWidget(row.theirs_value, line, 4)
            for radio, value in ((row.mine, row.mine_value), (row.theirs, row.theirs_value)):
                target = value.viewport() if isinstance(value, QPlainTextEdit) else value
                target.installEventFilter(_Picks(radio, self))
            row.group.setParent(self)
            row.group.buttonToggled.connect(self._update)
            line += 1
            if row.conflict.refused:
                grid.addWidget(row.reason, line, 1, 1, 4)
                line += 1
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(4, 1)
        grid.setRowStretch(line, 1)
        self.grid_scroll = FormScroll()
        self.grid_scroll.setObjectName("conflictScroll")
        self.grid_scroll.setWidget(self.grid)

        # The two "all" buttons fill the choices, on the left; the button box closes.
        self.keep_all_mine = self._button("keepAllMine")
        self.keep_all_mine.clicked.connect(lambda: self.keep_all(MINE))
        self.keep_all_mine.setEnabled(any(not r.conflict.refused for r in self.rows.values()))
        self.keep_all_theirs = self._button("keepAllTheirs")
        self.keep_all_theirs.clicked.connect(lambda: self.keep_all(THEIRS))
        self.buttons = QDialogButtonBox()
        self.ok = self._button("keepSelected")
        self.ok.setDefault(True)
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.keep_all_mine)
        bottom.addWidget(self.keep_all_theirs)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.grid_scroll, 1)
        layout.addLayout(bottom)
        self.retranslate()
        self._update()
        self._fit()

    @staticmethod
    def _ordered(fields: tuple[FieldConflict, ...]) -> list[FieldConflict]:
        """In the SR form's order (``CASE_FIELDS``), whatever order they came in."""
        order = {name: index for index, name in enumerate(CASE_FIELDS)}
        return sorted(fields, key=lambda fc: order.get(fc.field, len(order)))

    @staticmethod
    def _button(name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter means "keep selected", never "keep all"
        return button

    def _fit(self) -> None:
        """About 120 characters wide, and tall enough for every field without scrolling when
        the screen has room; never bigger than the screen."""
        room = QSize(1280, 800)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry().size()
        room = QSize(room.width() * 9 // 10, room.height() * 9 // 10)
        width = min(room.width(), max(self.minimumSizeHint().width(),
                                      120 * self.fontMetrics().averageCharWidth()))
        # Lay it out at that width first: wrapped values are as tall as the width makes them.
        self.resize(width, room.height())
        layout = self.layout()
        if layout is not None:
            layout.activate()
        # The scroll area's own geometry (its viewport is resized only once it is shown).
        needed = self.grid.heightForWidth(self.grid_scroll.width())
        if needed < 0:
            needed = self.grid.sizeHint().height()
        height = self.height() - self.grid_scroll.height() + needed
        self.resize(width, min(room.height(), height))

    def who(self) -> str:
        return self.conflict.theirs_by or QCoreApplication.translate("ConflictDialog",
                                                                     "a colleague")

    def keep_all(self, side: str) -> None:
        """Every field from one side; a refused field keeps the central value regardless."""
        for row in self.rows.values():
            (row.mine if side == MINE and not row.conflict.refused else row.theirs).setChecked(
                True)

    def choices(self) -> dict[str, str]:
        """field -> "mine" | "theirs", for every field chosen so far (all of them once the
        dialog was accepted)."""
        return {name: choice for name, row in self.rows.items()
                if (choice := row.choice()) is not None}

    def complete(self) -> bool:
        return all(row.choice() is not None for row in self.rows.values())

    def _update(self, *_: QAbstractButton | bool) -> None:
        self.ok.setEnabled(self.complete())

    def accept(self) -> None:
        if self.complete():  # Enter on the dialog must not skip a field
            super().accept()

    def retranslate(self) -> None:
        conflict, who = self.conflict, self.who()
        self.setWindowTitle(QCoreApplication.translate(
            "ConflictDialog", "SR conflict: {number} {title}").format(
                number=conflict.number, title=conflict.title))
        self.heading.setText(f"{conflict.number}  {conflict.title}")
        self.explanation.setText(QCoreApplication.translate(
            "ConflictDialog", "This SR was changed on this PC and by {who} at the same time. "
            "Choose which value to keep for each field. The other value is kept in the SR's "
            "history.").format(who=who))
        self.field_header.setText(QCoreApplication.translate("ConflictDialog", "Field"))
        self.mine_header.setText(QCoreApplication.translate("ConflictDialog", "Mine (this PC)"))
        self.theirs_header.setText(QCoreApplication.translate(
            "ConflictDialog", "Theirs ({who})").format(who=who))
        for row in self.rows.values():
            row.retranslate(who)
        self.keep_all_mine.setText(QCoreApplication.translate("ConflictDialog",
                                                              "Keep all &mine"))
        self.keep_all_theirs.setText(QCoreApplication.translate("ConflictDialog",
                                                                "Keep all &theirs"))
        self.ok.setText(QCoreApplication.translate("ConflictDialog", "Keep &selected values"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
