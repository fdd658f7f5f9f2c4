"""The SR view: an SR's fields, its people and numbers, its notes and calls, a note editor.

Everything is read and written through ``Tasks`` (app.cases.casework on the store's threads);
the view only ever holds frozen rows. Edits are compared with the version they started from: a
save that lost a race reloads the SR and keeps what the agent typed. The note being typed is
saved on every pause: to the call's draft (through the window, ``note_draft_changed``) during a
call, to the SR's own draft otherwise, and it comes back when the SR is opened again.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cases import casework, service, translations
from app.cases.casework import MAX_QUEUE, CaseDetail, NoteInfo
from app.cases.models import CaseStatus, Language, Priority
from app.cases.service import MAX_BODY, MAX_TITLE, CaseError
from app.cases.wrapup import detect_language
from app.ui.labels import (
    case_number_label,
    direction_label,
    error_text,
    language_label,
    local_datetime,
    local_time,
    number_label,
    outcome_label,
    phone,
    priority_label,
    status_label,
    talk_time,
    ui_language,
)
from app.ui.translations import TranslateDialog, TranslationsPanel, request_menu
from app.ui.widgets import FormScroll, NoteLanguage, RoomyItems, fill_combo, select_data

if TYPE_CHECKING:
    import uuid

    from app.ui.tasks import Tasks

FIELDS = ("title", "description", "status", "priority", "queue")
NOTE_ROLE = Qt.ItemDataRole.UserRole + 1  # the note's id, for "needs translation"


class _NoteKeys(QObject):
    """Ctrl+Return in the note editor adds the note, ahead of any window shortcut (wrap-up's
    Ctrl+Return must not fire while the agent is writing in the SR)."""

    def __init__(self, view: CaseView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.view.add_note()
            return True
        return super().eventFilter(watched, event)


class CaseView(QWidget):
    """One SR, editable. ``show_case`` loads it in the background; nothing here waits."""

    dial = Signal(str, str)  # number to call, the SR number it is about
    note_draft_changed = Signal(str, str, str)  # engine call id, the note's text, language
    translations_changed = Signal()  # a translation was asked for or given: the queue changed
    case_changed = Signal(object)  # uuid.UUID of an SR just saved
    error = Signal(str)  # a translated sentence for the status bar
    loaded = Signal(object)  # CaseDetail, after every (re)load or save
    schedule_callback = Signal(object)  # CaseDetail: the agent wants to call back about it

    draft_pause_ms = 1000

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.tasks = tasks
        self.case_id: uuid.UUID | None = None
        self.case_number = ""
        self.call_id = ""  # the call the note being typed belongs to (live or wrapping up)
        self.in_call = False  # that call is live
        self.caller = ""  # who that call is with, for the note's label
        self.detail: CaseDetail | None = None
        self.notes: tuple[NoteInfo, ...] = ()
        self._base: dict[str, str] = {}  # the field values the agent's edits started from
        self._seq = 0  # the newest load: older answers are dropped
        self._saving = False
        self._adding = False
        self._note_touched = False  # typed since the SR opened: a late draft must not clobber
        self._restoring = False
        self._last_draft: tuple[uuid.UUID, str, str] | None = None  # (case, key, text) saved
        # SR fields edited and not saved when the agent moved to another SR (a second call):
        # they come back when that SR is shown again. case -> (values, the values they edited)
        self._unsaved: dict[uuid.UUID, tuple[dict[str, str], dict[str, str]]] = {}

        # -- heading
        self.heading = QLabel()
        self.heading.setObjectName("caseHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel()
        self.state_label.setObjectName("caseState")
        self.state_label.setWordWrap(True)

        # -- the priority banner (in a call, while not confirmed)
        self.banner = QFrame()
        self.banner.setObjectName("priorityBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        # A warning in light and dark themes alike: its own colours, not the palette's.
        self.banner.setStyleSheet("QFrame#priorityBanner { background: #fff4ce; color: #3d2e00;"
                                  " border: 1px solid #d9a400; border-radius: 4px; }")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_priority = QComboBox()
        self.banner_priority.setObjectName("bannerPriority")
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmPriority")
        self.confirm_button.clicked.connect(self.confirm_priority)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.banner_priority)
        banner_layout.addWidget(self.confirm_button)
        self.banner_text.setBuddy(self.banner_priority)
        self.banner.hide()

        # -- the SR's fields
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("caseTitle")
        self.title_error = self._error_label()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("caseStatus")
        self.priority_combo = QComboBox()
        self.priority_combo.setObjectName("casePriority")
        self.confirmed_label = QLabel()
        self.confirmed_label.setObjectName("priorityConfirmed")
        self.queue_edit = QLineEdit()
        self.queue_edit.setObjectName("caseQueue")
        self.queue_error = self._error_label()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("caseDescription")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(60)
        self.description_edit.setMaximumHeight(120)  # the notes below need the room more
        self.description_error = self._error_label()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveCase")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton()
        self.revert_button.setObjectName("revertCase")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self.revert)
        self.save_error = self._error_label()

        self.title_label = QLabel()
        self.title_label.setBuddy(self.title_edit)
        self.status_label = QLabel()
        self.status_label.setBuddy(self.status_combo)
        self.priority_label = QLabel()
        self.priority_label.setBuddy(self.priority_combo)
        self.queue_label = QLabel()
        self.queue_label.setBuddy(self.queue_edit)
        self.description_label = QLabel()
        self.description_label.setBuddy(self.description_edit)
        title_box = QVBoxLayout()
        title_box.setSpacing(2)
        title_box.addWidget(self.title_edit)
        title_box.addWidget(self.title_error)
        priority_box = QHBoxLayout()
        priority_box.addWidget(self.priority_combo, 1)
        priority_box.addWidget(self.confirmed_label)
        queue_box = QVBoxLayout()
        queue_box.setSpacing(2)
        queue_box.addWidget(self.queue_edit)
        queue_box.addWidget(self.queue_error)
        description_box = QVBoxLayout()
        description_box.setSpacing(2)
        description_box.addWidget(self.description_edit)
        description_box.addWidget(self.description_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form = QFormLayout()
        form.addRow(self.title_label, title_box)
        form.addRow(self.status_label, self.status_combo)
        form.addRow(self.priority_label, priority_box)
        form.addRow(self.queue_label, queue_box)
        form.addRow(self.description_label, description_box)
        form.addRow(buttons)
        self.fields_box = QGroupBox()
        self.fields_box.setLayout(form)
        self.fields_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        # -- who: customer, contact, numbers to call
        self.customer_label = QLabel()
        self.customer_label.setObjectName("caseCustomer")
        self.customer_label.setWordWrap(True)
        self.customer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact_label = QLabel()
        self.contact_label.setObjectName("caseContact")
        self.contact_label.setWordWrap(True)
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.numbers_title = QLabel()
        self.numbers_panel = QWidget()
        self.numbers_layout = QVBoxLayout(self.numbers_panel)
        self.numbers_layout.setContentsMargins(0, 0, 0, 0)
        self.number_buttons: list[QPushButton] = []
        self.meta_label = QLabel()
        self.meta_label.setObjectName("caseMeta")
        self.meta_label.setWordWrap(True)
        people = QVBoxLayout()
        people.addWidget(self.customer_label)
        people.addWidget(self.contact_label)
        people.addWidget(self.numbers_title)
        people.addWidget(self.numbers_panel)
        self.callback_button = QPushButton()
        self.callback_button.setObjectName("scheduleCallback")
        self.callback_button.clicked.connect(self._schedule_callback)
        people.addWidget(self.callback_button, 0, Qt.AlignmentFlag.AlignLeft)
        people.addWidget(self.meta_label)
        people.addStretch(1)
        self.people_box = QGroupBox()
        self.people_box.setLayout(people)
        self.people_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        # -- history: notes and calls
        self.notes_list = QListWidget()
        self.notes_list.setObjectName("caseNotes")
        self.notes_list.setWordWrap(True)
        self.notes_list.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap on resize
        self.notes_list.setItemDelegate(RoomyItems(self.notes_list))
        self.notes_list.setAlternatingRowColors(True)
        self.notes_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.notes_list.itemActivated.connect(self._note_activated)
        self.notes_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.notes_list.customContextMenuRequested.connect(self._notes_menu)
        self.calls_table = QTableWidget(0, 6)
        self.calls_table.setObjectName("caseCalls")
        self.calls_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.calls_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.calls_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.calls_table.verticalHeader().hide()
        self.calls_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.calls_table.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseHistory")
        self.tabs.addTab(self.notes_list, "")
        self.tabs.addTab(self.calls_table, "")
        self.translations = TranslationsPanel()
        self.translations.translate_requested.connect(self.translate_request)
        self.translations.description_requested.connect(self._request_description)
        self.tabs.addTab(self.translations, "")
        self._translate_when_loaded: uuid.UUID | None = None
        self.translate_dialog: TranslateDialog | None = None

        # -- the note being written
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEditor")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(96)
        self.note_edit.textChanged.connect(self._note_typed)
        self._note_keys = _NoteKeys(self)
        self.note_edit.installEventFilter(self._note_keys)
        self.note_label = QLabel()
        self.note_label.setBuddy(self.note_edit)
        self.note_language = NoteLanguage()
        self.note_language.setObjectName("noteLanguage")
        self.note_language.changed.connect(lambda _language: self._note_typed())
        self.add_note_button = QPushButton()
        self.add_note_button.setObjectName("addNote")
        self.add_note_button.clicked.connect(self.add_note)
        self.draft_label = QLabel()
        self.draft_label.setObjectName("draftState")
        self.note_error = self._error_label()
        note_row = QHBoxLayout()
        note_row.addWidget(self.draft_label, 1)
        note_row.addWidget(self.note_error, 1)
        note_row.addWidget(self.note_language)
        note_row.addWidget(self.add_note_button)

        sheet = QWidget()  # the SR's fields, people and history
        grid = QGridLayout(sheet)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.fields_box, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.people_box, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.tabs, 1, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state_label)
        layout.addWidget(self.banner)
        # The SR scrolls rather than making the window taller than the screen: its fields and
        # notes need more height than 1280x800 leaves in a call.
        self.body_scroll = FormScroll()
        self.body_scroll.setObjectName("caseBodyScroll")
        self.body_scroll.setWidget(sheet)
        # The note being written stays under the scroll, never below the fold: in a call it is
        # what the agent types into.
        self.body = QWidget()  # all of the SR, disabled while it loads
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.body_scroll, 1)
        body.addWidget(self.note_label)
        body.addWidget(self.note_edit)
        body.addLayout(note_row)
        layout.addWidget(self.body, 1)

        for edit in (self.title_edit, self.queue_edit):
            edit.textChanged.connect(self._edited)
        self.description_edit.textChanged.connect(self._edited)
        self.status_combo.currentIndexChanged.connect(self._edited)
        self.priority_combo.currentIndexChanged.connect(self._edited)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(self.draft_pause_ms)
        self._draft_timer.timeout.connect(self._save_draft_now)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, self.save, context=context)
        self.priority_shortcut = QShortcut(QKeySequence("Ctrl+P"), self, self.focus_priority,
                                           context=context)

        self._static_tab_order()
        self.retranslate()
        self.clear()

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.setStyleSheet("color: #b3261e;")  # errors read as errors in any theme
        label.hide()
        return label

    def _static_tab_order(self) -> None:
        chain: list[QWidget] = [self.banner_priority, self.confirm_button, self.title_edit,
                                self.status_combo, self.priority_combo, self.queue_edit,
                                self.description_edit, self.revert_button, self.save_button,
                                self.tabs, self.notes_list, self.note_edit,
                                self.note_language, self.add_note_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- translation ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.banner_text.setText(self.tr("Priority not confirmed with the caller — confirm it "
                                         "now"))
        self.banner_priority.setAccessibleName(self.tr("Priority to confirm with the caller"))
        self.confirm_button.setText(self.tr("&Confirm"))
        self.confirm_button.setAccessibleName(self.tr("Confirm the priority with the caller"))
        self.title_label.setText(self.tr("&Title"))
        self.status_label.setText(self.tr("St&atus"))
        self.priority_label.setText(self.tr("&Priority (Ctrl+P)"))
        self.queue_label.setText(self.tr("&Queue"))
        self.description_label.setText(self.tr("&Description"))
        self.title_edit.setAccessibleName(self.tr("SR title"))
        self.status_combo.setAccessibleName(self.tr("SR status"))
        self.priority_combo.setAccessibleName(self.tr("SR priority"))
        self.queue_edit.setAccessibleName(self.tr("Queue"))
        self.description_edit.setAccessibleName(self.tr("SR description"))
        self.save_button.setText(self.tr("&Save (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Save the SR"))
        self.revert_button.setText(self.tr("Discard changes"))
        self.revert_button.setAccessibleName(self.tr("Discard your unsaved changes"))
        self.fields_box.setTitle(self.tr("Service request"))
        self.people_box.setTitle(self.tr("Customer"))
        self.numbers_title.setText(self.tr("Numbers (click to call)"))
        self.numbers_panel.setAccessibleName(self.tr("Numbers to call"))
        self.callback_button.setText(self.tr("Schedule call&back…"))
        self.callback_button.setToolTip(self.tr("Promise the customer a call about this SR "
                                                "at a time you choose"))
        self.tabs.setTabText(0, self.tr("&Notes"))
        self.tabs.setTabText(1, self.tr("Ca&lls"))
        self._translations_tab_text()
        self.tabs.setAccessibleName(self.tr("SR history"))
        self.notes_list.setAccessibleName(self.tr("Notes, newest first"))
        self.calls_table.setAccessibleName(self.tr("Calls about this SR, newest first"))
        self.calls_table.setHorizontalHeaderLabels([
            self.tr("Started"), self.tr("Direction"), self.tr("Outcome"), self.tr("Talk time"),
            self.tr("Disposition"), self.tr("Number")])
        self.note_edit.setAccessibleName(self.tr("New note"))
        self.note_language.setAccessibleName(self.tr("Language of the note"))
        self._note_texts()
        self.add_note_button.setText(self.tr("&Add note"))
        self.add_note_button.setAccessibleName(self.tr("Add the note to the SR"))
        fill_combo(self.status_combo, tuple(CaseStatus), status_label)
        fill_combo(self.priority_combo, tuple(Priority), priority_label)
        fill_combo(self.banner_priority, tuple(Priority), priority_label)
        self._show_detail_texts()
        self._validate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- opening -------------------------------------------------------------------------------

    def show_case(self, case_id: uuid.UUID, *, call_id: str = "", live: bool = False,
                  caller: str = "") -> None:
        """Open an SR (again): the same SR keeps what the agent is typing. ``call_id``: the
        call the notes typed now belong to (``live``: it is still going)."""
        if case_id != self.case_id or call_id != self.call_id:
            self._flush_draft()  # typed for the SR (or call) shown until now
        if case_id != self.case_id:
            self._keep_unsaved()
            self._reset()
            self.case_id = case_id
            self._load_unsaved(case_id)
        elif call_id != self.call_id and self.note_edit.toPlainText():
            if self.call_id or not call_id:
                self._clear_note()  # it belonged to the other call, whose draft has it
            else:
                # Typed on the SR before its call came: it is the call's note now, kept as
                # the call's draft (the SR's own is emptied, or it would come back twice).
                self.tasks.watch(self.tasks.write(service.save_draft,
                                                  service.draft_key(case_id=case_id), "",
                                                  case_id=case_id),
                                 self, lambda _draft: None, self._draft_failed)
                self._draft_timer.start(0)
        self.call_id = call_id
        self.in_call = live and bool(call_id)
        self.caller = caller if call_id else ""
        self._update_banner()
        self._note_texts()
        self._load()

    def reload(self) -> None:
        if self.case_id is not None:
            self._load()

    def clear(self) -> None:
        self._flush_draft()
        self._keep_unsaved()
        self._reset()
        self.case_id = None
        self.call_id = ""
        self.in_call = False
        self.caller = ""
        self.state_label.setText(self.tr("No SR open."))
        self.state_label.show()
        self._update_banner()

    def set_in_call(self, call_id: str, caller: str = "") -> None:
        """The SR is open in this (live) call, or in none (``""``)."""
        if call_id == self.call_id and self.in_call == bool(call_id):
            return
        self._flush_draft()  # what was typed goes where it was typed
        self.call_id = call_id
        self.in_call = bool(call_id)
        self.caller = caller if call_id else self.caller
        self._update_banner()
        self._note_texts()

    def call_ended(self, call_id: str) -> None:
        """The call hung up: what is typed now still belongs to it until its wrap-up ends."""
        if call_id and call_id == self.call_id and self.in_call:
            self._flush_draft()
            self.in_call = False
            self._update_banner()
            self._note_texts()

    def take_call_note(self, call_id: str) -> tuple[str, str] | None:
        """The wrap-up of ``call_id`` ends: hand over the note typed for it, as (text,
        language), and start an empty one for the SR. None when this view holds no note of
        that call (its draft, saved on every pause, is what counts then)."""
        if not call_id or call_id != self.call_id:
            return None
        self._draft_timer.stop()
        # Being added already (Ctrl+Enter): that write makes the note, not this hand-over.
        text = "" if self._adding else self.note_edit.toPlainText()
        taken = (text, self.note_language.language().value)
        if self._adding:
            self.call_id = self.caller = ""
            self.in_call = False
            self._note_texts()
            return taken
        self._clear_note()
        self.call_id = ""
        self.in_call = False
        self.caller = ""
        self._update_banner()
        self._note_texts()
        return taken

    def call_settled(self, call_id: str, case_id: uuid.UUID | None, typed: str) -> None:
        """A call's notes were saved (``typed``: what became its note from this editor)."""
        if call_id and call_id == self.call_id:
            # Settled without the window handing over the text (no wrap-up for this call):
            # keep only what was typed after the saved draft, as this SR's own draft.
            text = self.note_edit.toPlainText()
            rest = text.strip()
            if typed.strip() and rest.startswith(typed.strip()):
                rest = rest[len(typed.strip()):].strip()
            self._draft_timer.stop()
            self._clear_note()
            self.call_id = ""
            self.in_call = False
            self._note_texts()
            if rest:
                self.note_edit.setPlainText(rest)  # saved as the SR's draft at the next pause
                self.note_edit.moveCursor(QTextCursor.MoveOperation.End)  # typing goes on
        if case_id is not None and case_id == self.case_id:
            self.reload()  # the notes and the call's disposition show at once

    def _clear_note(self) -> None:
        self._restoring = True
        try:
            self.note_edit.clear()
        finally:
            self._restoring = False
        self._note_touched = False
        self._last_draft = None
        self.note_language.set_language(ui_language())

    def _note_texts(self) -> None:
        """The note editor says which SR (and call) the note goes to, and when."""
        number = self.detail.number if self.detail is not None else ""
        if self.call_id and self.caller:
            self.note_label.setText(self.tr("New &note for {number}, call with {caller} "
                                            "(Ctrl+Enter adds it)").format(
                number=number, caller=self.caller))
        elif number:
            self.note_label.setText(self.tr("New &note for {number} (Ctrl+Enter adds it)")
                                    .format(number=number))
        else:
            self.note_label.setText(self.tr("New &note (Ctrl+Enter adds it)"))
        if self.call_id:
            self.note_edit.setPlaceholderText(self.tr(
                "What the caller said, what you did, what happens next. Kept as you type; it "
                "becomes a note of this SR when the call's wrap-up ends, or add it now with "
                "Ctrl+Enter."))
        else:
            self.note_edit.setPlaceholderText(self.tr(
                "Kept as a draft as you type; Ctrl+Enter adds it to the SR."))

    def _keep_unsaved(self) -> None:
        """The SR is being left with edited fields: keep them for when it comes back."""
        if self.case_id is not None and self.is_dirty():
            self._unsaved[self.case_id] = (self._values(), dict(self._base))

    def _load_unsaved(self, case_id: uuid.UUID) -> None:
        kept = self._unsaved.pop(case_id, None)
        if kept is None:
            return
        values, base = kept
        self._restoring = True
        try:
            for name in FIELDS:
                self._set_field(name, values[name])
        finally:
            self._restoring = False
        self._base = base  # the load keeps every field that differs from it

    def _reset(self) -> None:
        self._seq += 1
        self._draft_timer.stop()
        self.detail = None
        self.notes = ()
        self._base = {}
        self.case_number = ""
        self._saving = self._adding = False
        self._note_touched = False
        self._last_draft = None
        self._restoring = True
        try:
            for edit in (self.title_edit, self.queue_edit):
                edit.clear()
            self.description_edit.clear()
            self.note_edit.clear()
            self.note_edit.setReadOnly(False)
        finally:
            self._restoring = False
        self.note_language.set_language(ui_language())
        for label in (self.title_error, self.queue_error, self.description_error,
                      self.save_error, self.note_error):
            label.hide()
        self.draft_label.clear()
        self.heading.clear()
        self.setWindowTitle("")
        self.notes_list.clear()
        self.calls_table.setRowCount(0)
        self.tabs.setTabText(0, self.tr("&Notes"))
        self.tabs.setTabText(1, self.tr("Ca&lls"))
        self._set_numbers(())
        self.body.setEnabled(False)
        self.banner.hide()
        self._validate()

    def _load(self) -> None:
        assert self.case_id is not None
        self._seq += 1
        if self.detail is None:
            self.state_label.setText(self.tr("Loading the SR…"))
            self.state_label.show()
        self.tasks.watch(self.tasks.read(casework.case_detail, self.case_id,
                                         engine_call_id=self.call_id),
                         self, partial(self._loaded, self._seq),
                         partial(self._load_failed, self._seq))

    def _loaded(self, seq: int, detail: CaseDetail) -> None:
        if seq != self._seq or detail.id != self.case_id:
            return  # the agent has moved on to another SR
        self._apply(detail, self._base or None)

    def _load_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._seq:
            return
        message = error_text(exc)
        self.state_label.setText(message)
        self.state_label.show()
        self.error.emit(message)

    # -- showing -------------------------------------------------------------------------------

    def _values(self) -> dict[str, str]:
        return {
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "status": str(self.status_combo.currentData() or ""),
            "priority": str(self.priority_combo.currentData() or ""),
            "queue": self.queue_edit.text(),
        }

    @staticmethod
    def _stored(detail: CaseDetail) -> dict[str, str]:
        return {"title": detail.title, "description": detail.description,
                "status": str(detail.status), "priority": str(detail.priority),
                "queue": detail.queue}

    def _apply(self, detail: CaseDetail, previous: dict[str, str] | None) -> None:
        """Show ``detail``; a field the agent changed from ``previous`` keeps their text."""
        current = self._values()
        stored = self._stored(detail)
        shown = self.detail
        if shown is None or self.banner_priority.currentData() == str(shown.priority):
            select_data(self.banner_priority, detail.priority)  # unless the agent picked one
        self._restoring = True
        try:
            for name in FIELDS:
                if previous is not None and current[name] != previous.get(name):
                    continue  # theirs, still unsaved
                self._set_field(name, stored[name])
        finally:
            self._restoring = False
        self.detail = detail
        self.notes = detail.notes
        self._base = stored
        self.case_number = detail.number
        self.body.setEnabled(True)
        self.state_label.hide()
        self._show_detail_texts()
        self._restore_draft(detail)
        self._update_banner()
        self._validate()
        self.translations.set_rows(detail.translations, detail.language)
        self._translations_tab_text()
        self.loaded.emit(detail)
        pending, self._translate_when_loaded = self._translate_when_loaded, None
        if pending is not None:
            self.tabs.setCurrentWidget(self.translations)
            self.translate_request(pending)

    def _set_field(self, name: str, value: str) -> None:
        if name == "title" and self.title_edit.text() != value:
            self.title_edit.setText(value)
        elif name == "queue" and self.queue_edit.text() != value:
            self.queue_edit.setText(value)
        elif name == "description" and self.description_edit.toPlainText() != value:
            self.description_edit.setPlainText(value)
        elif name == "status":
            select_data(self.status_combo, value)
        elif name == "priority":
            select_data(self.priority_combo, value)

    def _show_detail_texts(self) -> None:
        detail = self.detail
        if detail is None:
            return
        self.heading.setText(self.tr("{number} — {title}").format(
            number=case_number_label(detail.number), title=detail.title))
        self._note_texts()
        self.setWindowTitle(self.heading.text())
        if detail.priority_confirmed and detail.priority_confirmed_at is not None:
            self.confirmed_label.setText(self.tr("Confirmed with the caller {time}").format(
                time=local_datetime(detail.priority_confirmed_at)))
        elif detail.priority_confirmed:
            self.confirmed_label.setText(self.tr("Confirmed with the caller"))
        else:
            self.confirmed_label.setText(self.tr("Not confirmed with the caller"))
        customer = detail.customer
        self.customer_label.setText(
            self.tr("{company} ({code}), speaks {language}").format(
                company=customer.company, code=customer.code,
                language=language_label(customer.language))
            if customer else self.tr("No customer"))
        contact = detail.contact
        if contact is None:
            self.contact_label.setText(self.tr("No contact person"))
        elif contact.email:
            self.contact_label.setText(self.tr("{name} <{email}>").format(
                name=contact.name, email=contact.email))
        else:
            self.contact_label.setText(contact.name)
        if detail.owner:
            meta = self.tr("Opened {created} by {owner}; last changed {updated}")
        else:
            meta = self.tr("Opened {created}; last changed {updated}")
        self.meta_label.setText(meta.format(created=local_datetime(detail.created_at),
                                            updated=local_datetime(detail.updated_at),
                                            owner=detail.owner))
        self._show_notes()
        self._show_calls()
        self._set_numbers(detail.numbers)

    def _set_numbers(self, numbers: tuple[casework.NumberInfo, ...]) -> None:
        for button in self.number_buttons:
            self.numbers_layout.removeWidget(button)
            button.deleteLater()
        self.number_buttons = []
        previous: QWidget = self.save_button
        for number in numbers:
            shown = phone(number.raw, number.e164)
            text = shown
            if number.label:
                # Two lines: the case column is narrow, and a number must never be cut.
                text = self.tr("{number}\n({kind})").format(number=text,
                                                            kind=number_label(number.label))
            button = QPushButton(text)
            button.setObjectName("dialNumber")
            button.setFlat(True)
            # Reads as a link: left-aligned, in the palette's link colour.
            button.setStyleSheet("text-align: left; color: palette(link); padding: 2px 4px;")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setAccessibleName(self.tr("Call {number}").format(number=shown))
            button.setToolTip(self.tr("Call {number} about this SR").format(number=shown))
            button.clicked.connect(partial(self._dial, number.dial_string))
            self.numbers_layout.addWidget(button)
            self.number_buttons.append(button)
            QWidget.setTabOrder(previous, button)
            previous = button
        if numbers:
            QWidget.setTabOrder(previous, self.tabs)

    def _dial(self, number: str) -> None:
        self.dial.emit(number, self.case_number)

    def _schedule_callback(self) -> None:
        if self.detail is not None:
            self.schedule_callback.emit(self.detail)

    def _show_notes(self) -> None:
        self.notes_list.clear()
        for note in self.notes:
            self.notes_list.addItem(self._note_item(note))
        detail = self.detail
        total = max(detail.notes_total if detail else 0, len(self.notes))
        self.tabs.setTabText(0, self.tr("&Notes (%n)", "", total))

    def _note_item(self, note: NoteInfo) -> QListWidgetItem:
        when = local_datetime(note.created_at)
        language = language_label(note.language)
        if note.author:
            header = self.tr("{author} · {time} · {language}").format(
                author=note.author, time=when, language=language)
        else:
            header = self.tr("{time} · {language}").format(time=when, language=language)
        lines = [header, note.body]
        if note.call_started_at is not None:
            lines.append(self.tr("↪ from the call at {time}").format(
                time=local_time(note.call_started_at)))
        lines += self._translation_lines(note)
        item = QListWidgetItem("\n".join(lines))
        item.setData(Qt.ItemDataRole.UserRole, note.call_log_id)
        item.setData(NOTE_ROLE, note.id)
        if note.call_log_id is not None:
            item.setToolTip(self.tr("Enter or double-click: show the call {time}").format(
                time=local_datetime(note.call_started_at or note.created_at)))
        return item

    def _show_calls(self) -> None:
        detail = self.detail
        calls = detail.calls if detail else ()
        language = QLocale().name()
        self.calls_table.setRowCount(len(calls))
        for row, call in enumerate(calls):
            outcome = " · ".join((outcome_label(call.outcome), *self._work_lines(call)))
            cells = [local_datetime(call.started_at), direction_label(call.direction),
                     outcome, talk_time(call.talk_seconds),
                     call.disposition.label(language) if call.disposition
                     else (call.disposition_code or ""), phone(call.number)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, call.id)
                self.calls_table.setItem(row, column, item)
        total = max(detail.calls_total if detail else 0, len(calls))
        self.tabs.setTabText(1, self.tr("Ca&lls (%n)", "", total))

    def _work_lines(self, call: casework.CallInfo) -> list[str]:
        """A leg of a translation, and the SR's escalation made with the call, in words."""
        lines = []
        if call.work and call.translator:
            lines.append(self.tr("translation by {who}, {minutes} min").format(
                who=call.translator, minutes=call.translation_minutes))
        if call.escalated_to:
            lines.append(self.tr("escalated to {target}").format(target=call.escalated_to))
        return lines

    def _note_activated(self, item: QListWidgetItem) -> None:
        """The note's "from the call" link: show that call in the calls tab."""
        call_id = item.data(Qt.ItemDataRole.UserRole)
        if call_id is None:
            return
        for row in range(self.calls_table.rowCount()):
            cell = self.calls_table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == call_id:
                self.tabs.setCurrentWidget(self.calls_table)
                self.calls_table.selectRow(row)
                self.calls_table.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # -- translations ----------------------------------------------------------------------

    def _translation_lines(self, note: NoteInfo) -> list[str]:
        """Where a note stands in the translation workflow, in its list item."""
        lines = []
        if note.translation_of is not None:
            lines.append(self.tr("⇄ Translation (the original is beside it in Translations)"))
        for info in self.detail.translations if self.detail else ():
            if info.note_id != note.id:
                continue
            if info.translation is None:
                lines.append(self.tr("⇄ Waiting for a translation into {language}").format(
                    language=language_label(info.target_language)))
            else:
                lines.append(self.tr("⇄ Translated into {language}").format(
                    language=language_label(info.target_language)))
        return lines

    def _translations_tab_text(self) -> None:
        waiting = self.translations.waiting()
        if waiting:
            text = self.tr("T&ranslations (%n waiting)", "", waiting)
        else:
            text = self.tr("T&ranslations (%n)", "", len(self.translations.rows))
        self.tabs.setTabText(2, text)

    def _notes_menu(self, position: QPoint) -> None:
        item = self.notes_list.itemAt(position)
        note_id = item.data(NOTE_ROLE) if item is not None else None
        note = next((n for n in self.notes if n.id == note_id), None)
        if note is None or self.case_id is None:
            return
        menu = request_menu(self.notes_list, note.language,
                            partial(self.request_translation, note.id))
        menu.exec(self.notes_list.viewport().mapToGlobal(position))
        menu.deleteLater()  # a new one per right-click

    def _request_description(self, target: Language) -> None:
        if self.is_dirty():
            # What is queued is the saved description: an unsaved edit would be lost on it.
            self.save_error.setText(self.tr("Save the SR first: the saved description is "
                                            "what gets translated."))
            self.save_error.show()
            return
        self.request_translation(None, target)

    def request_translation(self, note_id: uuid.UUID | None, target: Language) -> None:
        """Put a note (None: the SR's description) in the translation queue for ``target``."""
        if self.case_id is None:
            return
        self.tasks.watch(
            self.tasks.write(translations.request_translation, self.case_id, target,
                             note_id=note_id, requested_by=self.tasks.agent_id()),
            self, partial(self._translation_stored, self.case_id), self._translation_failed)

    def open_translation(self, request_id: uuid.UUID) -> None:
        """The SR being opened next: show its translations and translate ``request_id``."""
        self._translate_when_loaded = request_id

    def translate_request(self, request_id: uuid.UUID, text: str = "",
                          problem: str = "") -> None:
        info = next((r for r in self.translations.rows if r.id == request_id), None)
        if info is None or self.detail is None:
            return
        if info.translation is not None:
            self.error.emit(error_text(CaseError("already_translated")))
            return
        heading = self.tr("{number} · {title}").format(number=self.detail.number,
                                                        title=self.detail.title)
        if self.translate_dialog is not None:
            self.translate_dialog.close()
        dialog = TranslateDialog(heading, info, self, text=text, problem=problem)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._translate_accepted, dialog, request_id))
        dialog.destroyed.connect(partial(self._dialog_gone, dialog))
        self.translate_dialog = dialog
        dialog.open()  # window-modal, no nested event loop

    def _dialog_gone(self, dialog: TranslateDialog, *_: object) -> None:
        if self.translate_dialog is dialog:
            self.translate_dialog = None

    def _translate_accepted(self, dialog: TranslateDialog, request_id: uuid.UUID) -> None:
        typed = dialog.text()
        if self.detail is None:
            return
        self.tasks.watch(
            self.tasks.write(translations.translate, request_id, typed,
                             author_id=self.tasks.agent_id()),
            self, partial(self._translation_stored, self.detail.id),
            partial(self._translate_failed, request_id, typed))

    def _translation_stored(self, case_id: uuid.UUID, _info: object) -> None:
        self.translations_changed.emit()
        if case_id == self.case_id:
            self.reload()

    def _translation_failed(self, exc: BaseException) -> None:
        self.error.emit(error_text(exc))

    def _translate_failed(self, request_id: uuid.UUID, typed: str, exc: BaseException) -> None:
        """Nothing typed is lost: the dialog opens again with the text and the reason."""
        message = error_text(exc)
        self.error.emit(message)
        self.translations_changed.emit()
        if getattr(exc, "code", "") == "already_translated":
            # The colleague's translation shows beside the original; this one goes to the
            # note editor (and so into a draft), for the agent to add or drop.
            info = next((r for r in self.translations.rows if r.id == request_id), None)
            current = self.note_edit.toPlainText()
            self.note_edit.setPlainText(f"{current}\n\n{typed}" if current.strip() else typed)
            if info is not None:
                self.note_language.set_language(info.target_language, picked=True)
            self.reload()
            return
        QTimer.singleShot(0, partial(self.translate_request, request_id, typed, message))

    def _update_banner(self) -> None:
        detail = self.detail
        show = self.in_call and detail is not None and not detail.priority_confirmed
        self.banner.setVisible(show)
        self.confirm_button.setEnabled(show)

    # -- editing -------------------------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        if not self._restoring:
            self.save_error.hide()
        self._validate()

    def _field_errors(self) -> dict[str, str]:
        values = self._values()
        errors: dict[str, str] = {}
        title = " ".join(values["title"].split())
        if not title:
            errors["title"] = self.tr("A title is required.")
        elif len(title) > MAX_TITLE:
            errors["title"] = self.tr("The title is too long ({count} of at most {limit} "
                                      "characters).").format(count=len(title), limit=MAX_TITLE)
        queue = values["queue"].strip()
        if len(queue) > MAX_QUEUE:
            errors["queue"] = self.tr("The queue name is too long ({count} of at most {limit} "
                                      "characters).").format(count=len(queue), limit=MAX_QUEUE)
        if len(values["description"]) > MAX_BODY:
            errors["description"] = self.tr("The description is too long.")
        return errors

    def _show_field_errors(self, errors: dict[str, str]) -> None:
        for name, label in (("title", self.title_error), ("queue", self.queue_error),
                            ("description", self.description_error)):
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
        for name, edit in (("title", self.title_edit), ("queue", self.queue_edit)):
            edit.setProperty("invalid", name in errors)  # styled by the theme
            edit.setAccessibleDescription(errors.get(name, ""))

    def is_dirty(self) -> bool:
        return self.detail is not None and self._values() != self._base

    def _validate(self) -> bool:
        if self.detail is None:
            self._show_field_errors({})
            self.save_button.setEnabled(False)
            self.revert_button.setEnabled(False)
            return False
        errors = self._field_errors()
        self._show_field_errors(errors)
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty and not errors and not self._saving)
        self.revert_button.setEnabled(dirty and not self._saving)
        return not errors

    def revert(self) -> None:
        if self.detail is not None:
            self._apply(self.detail, None)

    def focus_priority(self) -> None:
        target = self.banner_priority if self.banner.isVisible() else self.priority_combo
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def save(self) -> bool:
        """Save the edited fields (Ctrl+S). False when there is nothing valid to save."""
        if self.detail is None or self.case_id is None or self._saving:
            return False
        if not self._validate():
            first = self.title_edit if self.title_error.isVisible() else self.queue_edit
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        if not self.is_dirty():
            return False
        sent = self._values()
        self._saving = True
        self._validate()
        self.tasks.watch(
            self.tasks.write(casework.update_case, self.case_id, self.detail.version,
                             title=sent["title"], description=sent["description"],
                             status=CaseStatus(sent["status"]),
                             priority=Priority(sent["priority"]), queue=sent["queue"]),
            self, partial(self._saved, self.case_id, sent),
            partial(self._save_failed, self.case_id))
        return True

    def _saved(self, case_id: uuid.UUID, sent: dict[str, str], detail: CaseDetail) -> None:
        self._saving = False
        self.case_changed.emit(case_id)
        if case_id != self.case_id:
            return
        self._seq += 1  # a load started before the save would show the old version
        self._apply(detail, sent)
        self.draft_label.setText(self.tr("SR saved."))

    def _save_failed(self, case_id: uuid.UUID, exc: BaseException) -> None:
        self._saving = False
        if case_id != self.case_id:
            self.error.emit(error_text(exc))
            return
        code = str(getattr(exc, "code", ""))
        message = error_text(exc)
        field = {"title_required": self.title_error, "title_too_long": self.title_error,
                 "queue_too_long": self.queue_error,
                 "description_too_long": self.description_error}.get(code)
        if field is not None:
            field.setText(message)
            field.show()
        else:
            self.save_error.setText(message)
            self.save_error.show()
        self.error.emit(message)
        if code == "stale":
            self._load()  # their text stays: _apply keeps every field they changed
        self._validate()

    def confirm_priority(self) -> None:
        """The banner's Confirm: the caller agreed to the chosen priority."""
        if self.case_id is None or self.detail is None:
            return
        priority = Priority(str(self.banner_priority.currentData()))
        self.confirm_button.setEnabled(False)
        previous = dict(self._base)
        self.tasks.watch(self.tasks.write(casework.confirm_priority_detail, self.case_id,
                                          priority),
                         self, partial(self._confirmed, self.case_id, previous),
                         partial(self._confirm_failed, self.case_id))

    def _confirmed(self, case_id: uuid.UUID, previous: dict[str, str],
                   detail: CaseDetail) -> None:
        self.case_changed.emit(case_id)
        if case_id != self.case_id:
            return
        self._seq += 1
        self._apply(detail, previous)

    def _confirm_failed(self, case_id: uuid.UUID, exc: BaseException) -> None:
        message = error_text(exc)
        self.error.emit(message)
        if case_id == self.case_id:
            self.save_error.setText(message)
            self.save_error.show()
            self._update_banner()

    # -- notes -----------------------------------------------------------------------------

    def _restore_draft(self, detail: CaseDetail) -> None:
        draft = detail.draft
        if draft is None or self._note_touched or self.note_edit.toPlainText():
            return
        self._restoring = True
        try:
            self.note_edit.setPlainText(draft.body)
        finally:
            self._restoring = False
        self.note_language.set_language(draft.language, picked=True)
        self._last_draft = (detail.id, draft.key, draft.body)
        self.draft_label.setText(self.tr("Unsaved note restored from {time}.").format(
            time=local_datetime(draft.updated_at)))

    def _note_typed(self) -> None:
        if self._restoring:
            return
        text = self.note_edit.toPlainText()
        if text.strip():
            self.note_language.suggest(detect_language(
                text, self.detail.language if self.detail is not None else None))
        else:
            self.note_language.picked = False  # an empty note starts over
        self._note_touched = True
        self.note_error.hide()
        self.draft_label.clear()
        self._draft_timer.start(self.draft_pause_ms)

    def flush_draft(self) -> None:
        """Save what was typed since the last pause now (the window is closing)."""
        self._flush_draft()

    def _flush_draft(self) -> None:
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self._save_draft_now()

    def _save_draft_now(self) -> None:
        """A pause in typing: keep the note where a crash cannot take it."""
        if self.case_id is None or self._adding:
            return
        text = self.note_edit.toPlainText()
        language = self.note_language.language()
        if self.call_id:
            # The Desk keeps a call's drafts, through its wrap-up, and makes them notes.
            self.note_draft_changed.emit(self.call_id, text, language.value)
            self._last_draft = (self.case_id, service.draft_key(engine_call_id=self.call_id),
                                text)
            return
        key = service.draft_key(case_id=self.case_id)
        if self._last_draft == (self.case_id, key, text):
            return
        self._last_draft = (self.case_id, key, text)
        self.tasks.watch(self.tasks.write(service.save_draft, key, text, language=language,
                                          case_id=self.case_id),
                         self, partial(self._draft_saved, self.case_id),
                         self._draft_failed)

    def _draft_saved(self, case_id: uuid.UUID, _draft: object) -> None:
        if case_id == self.case_id:
            self.draft_label.setText(self.tr("Draft saved."))

    def _draft_failed(self, exc: BaseException) -> None:
        self._last_draft = None  # try again at the next pause
        message = error_text(exc)
        self.draft_label.setText(self.tr("The draft could not be saved: {reason}").format(
            reason=message))
        self.error.emit(message)

    def add_note(self) -> None:
        """Append the note being written to the SR (Ctrl+Enter)."""
        if self.case_id is None or self.detail is None or self._adding:
            return
        text = self.note_edit.toPlainText()
        if not text.strip():
            self.note_error.setText(error_text(CaseError("note_empty")))
            self.note_error.show()
            return
        if len(text) > MAX_BODY:
            self.note_error.setText(error_text(CaseError("note_too_long")))
            self.note_error.show()
            return
        self._draft_timer.stop()
        self._adding = True
        self.note_edit.setReadOnly(True)  # what is sent is what gets cleared
        self.add_note_button.setEnabled(False)
        language = self.note_language.language()
        self.tasks.watch(
            self.tasks.write(casework.add_case_note, self.case_id, text, language,
                             engine_call_id=self.call_id, author_id=self.tasks.agent_id()),
            self, partial(self._note_added, self.case_id), partial(self._note_failed,
                                                                   self.case_id))

    def _note_added(self, case_id: uuid.UUID, note: NoteInfo) -> None:
        if case_id != self.case_id:
            return
        self._adding = False
        self.note_edit.setReadOnly(False)
        self.add_note_button.setEnabled(True)
        self._clear_note()
        self.notes = (note, *self.notes)
        self.notes_list.insertItem(0, self._note_item(note))
        total = max(self.detail.notes_total + 1 if self.detail else 0, len(self.notes))
        if self.detail is not None:
            self.detail = replace(self.detail, notes=self.notes, notes_total=total, draft=None)
        self.tabs.setTabText(0, self.tr("&Notes (%n)", "", total))
        self.tabs.setCurrentWidget(self.notes_list)
        self.notes_list.setCurrentRow(0)
        self.draft_label.setText(self.tr("Note added."))

    def _note_failed(self, case_id: uuid.UUID, exc: BaseException) -> None:
        message = error_text(exc)
        self.error.emit(message)
        if case_id != self.case_id:
            return
        self._adding = False
        self.note_edit.setReadOnly(False)
        self.add_note_button.setEnabled(True)
        self.note_error.setText(message)
        self.note_error.show()
        self._draft_timer.start(0)  # the text is still here: keep it safe as a draft
