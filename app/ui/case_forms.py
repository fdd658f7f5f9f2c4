"""What an answered call opens when it has no single SR: the chooser, or a new, prefilled SR.

``CandidateChooser`` lists the SRs the screen-pop found (the caller's own and colleagues') and a
"New SR" entry. ``NewCaseForm`` turns the screen-pop's draft (number, contact, company,
language) into an SR when the agent saves it, and binds the call to it; until then nothing is
written, so an unanswered call leaves no SR behind.
"""

from __future__ import annotations

import uuid
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cases import casework
from app.cases.casework import MAX_QUEUE, CaseDetail
from app.cases.models import Language, Priority
from app.cases.service import MAX_BODY, MAX_TITLE, CaseError
from app.ui import labels
from app.ui.labels import (
    error_text,
    language_label,
    local_datetime,
    priority_label,
    status_label,
)
from app.ui.widgets import RoomyItems, fill_combo, select_data

if TYPE_CHECKING:
    from app.cases.resolver import CaseSummary, Draft
    from app.cases.wrapup import LeftDraft
    from app.ui.tasks import Tasks

_NEW = "new"  # the "New SR" entry's marker in the list


def _caller_line(draft: Draft | None) -> str:
    if draft is None:
        return ""
    who = draft.contact_name or QCoreApplication.translate("CaseForms", "Unknown caller")
    number = (labels.phone(draft.number_raw, draft.number_e164) if draft.number_raw
              else QCoreApplication.translate("CaseForms", "no number"))
    if draft.company:
        return QCoreApplication.translate("CaseForms", "{who}, {company} ({number})").format(
            who=who, company=draft.company, number=number)
    return QCoreApplication.translate("CaseForms", "{who} ({number})").format(
        who=who, number=number)


class CandidateChooser(QWidget):
    """Several SRs could be this call's: the agent picks one, or starts a new one."""

    chosen = Signal(str, object)  # engine call id, uuid.UUID of the SR
    new_case = Signal(str)  # engine call id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidateChooser")
        self.call_id = ""
        self.candidates: tuple[CaseSummary, ...] = ()
        self.draft: Draft | None = None
        self.heading = QLabel()
        self.heading.setObjectName("chooserHeading")
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.caller = QLabel()
        self.caller.setObjectName("chooserCaller")
        self.caller.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("candidateList")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # two-line items re-wrap on resize
        self.list.setItemDelegate(RoomyItems(self.list))
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)  # Enter and double-click
        self.open_button = QPushButton()
        self.open_button.setObjectName("openCandidate")
        self.open_button.clicked.connect(self._open_current)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newCaseFromChooser")
        self.new_button.clicked.connect(self.start_new)
        self.list.currentItemChanged.connect(self._current_changed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.caller)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.list)
        QWidget.setTabOrder(self.list, self.new_button)
        QWidget.setTabOrder(self.new_button, self.open_button)
        self.new_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self.start_new,
                                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Which SR is this call about?"))
        self.list.setAccessibleName(self.tr("SRs this call could be about"))
        self.open_button.setText(self.tr("&Open SR"))
        self.open_button.setAccessibleName(self.tr("Open the selected SR"))
        self.new_button.setText(self.tr("&New SR (Ctrl+N)"))
        self.new_button.setAccessibleName(self.tr("Start a new SR for this caller"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter picks at once

    def set_candidates(self, call_id: str, candidates: tuple[CaseSummary, ...],
                       draft: Draft | None) -> None:
        self.call_id = call_id
        self.candidates = tuple(candidates)
        self.draft = draft
        self._fill()
        self.list.setCurrentRow(0)

    def _fill(self) -> None:
        current = self.list.currentRow()
        self.list.clear()
        self.caller.setText(_caller_line(self.draft))
        for case in self.candidates:
            whose = (self.tr("the caller's own") if case.own
                     else self.tr("a colleague's at the same customer"))
            text = self.tr("{number} — {title}\n{status} · {priority} · updated {updated} · "
                           "{whose}").format(
                number=case.number, title=case.title, status=status_label(case.status),
                priority=priority_label(case.priority),
                updated=local_datetime(case.updated_at), whose=whose)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.list.addItem(item)
        new = QListWidgetItem(self.tr("+ New SR for this caller"))
        new.setData(Qt.ItemDataRole.UserRole, _NEW)
        self.list.addItem(new)
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)

    def _current_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.open_button.setEnabled(isinstance(chosen, uuid.UUID))

    def _activated(self, item: QListWidgetItem) -> None:
        chosen = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(chosen, uuid.UUID):
            self.choose(chosen)
        elif chosen == _NEW:
            self.start_new()

    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activated(item)

    def choose(self, case_id: uuid.UUID) -> None:
        """This call is about that SR."""
        self.chosen.emit(self.call_id, case_id)

    def start_new(self) -> None:
        self.new_case.emit(self.call_id)


class NewCaseForm(QWidget):
    """A new SR from the screen-pop's draft: saved only when the agent says so."""

    created = Signal(str, object)  # engine call id ("" outside a call), uuid.UUID of the SR

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseForm")
        self.tasks = tasks
        self.call_id = ""
        self.draft: Draft | None = None
        self._saving = False
        # What was typed in the form of a call the agent switched away from, by call id.
        self._kept: dict[str, tuple[str, str, str, str, str, str, bool]] = {}

        self.heading = QLabel()
        self.heading.setObjectName("newCaseHeading")
        self.heading.setWordWrap(True)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.number = QLabel()
        self.number.setObjectName("newCaseNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.company = QLabel()
        self.company.setObjectName("newCaseCompany")
        self.contact = QLineEdit()
        self.contact.setObjectName("newCaseContact")
        self.language = QComboBox()
        self.language.setObjectName("newCaseLanguage")
        self.title = QLineEdit()
        self.title.setObjectName("newCaseTitle")
        self.title_error = QLabel()
        self.description = QPlainTextEdit()
        self.description.setObjectName("newCaseDescription")
        self.description.setTabChangesFocus(True)
        self.priority = QComboBox()
        self.priority.setObjectName("newCasePriority")
        self.confirmed = QCheckBox()
        self.confirmed.setObjectName("newCaseConfirmed")
        self.queue = QLineEdit()
        self.queue.setObjectName("newCaseQueue")
        self.error_label = QLabel()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveNewCase")
        self.save_button.clicked.connect(self.save)
        for label in (self.title_error, self.error_label):
            label.setObjectName("fieldError")
            label.setWordWrap(True)
            label.setStyleSheet("color: #b3261e;")  # errors read as errors in any theme
            label.hide()
        self.title.textChanged.connect(lambda _text: self.title_error.hide())

        self.number_label = QLabel()
        self.company_label = QLabel()
        self.contact_label = QLabel()
        self.contact_label.setBuddy(self.contact)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.title_label = QLabel()
        self.title_label.setBuddy(self.title)
        self.description_label = QLabel()
        self.description_label.setBuddy(self.description)
        self.priority_label = QLabel()
        self.priority_label.setBuddy(self.priority)
        self.queue_label = QLabel()
        self.queue_label.setBuddy(self.queue)
        title_box = QVBoxLayout()
        title_box.setSpacing(2)
        title_box.addWidget(self.title)
        title_box.addWidget(self.title_error)
        priority_box = QHBoxLayout()
        priority_box.addWidget(self.priority, 1)
        priority_box.addWidget(self.confirmed)
        form = QFormLayout()
        form.addRow(self.title_label, title_box)
        form.addRow(self.description_label, self.description)
        form.addRow(self.priority_label, priority_box)
        form.addRow(self.queue_label, self.queue)
        form.addRow(self.contact_label, self.contact)
        form.addRow(self.language_label, self.language)
        form.addRow(self.number_label, self.number)
        form.addRow(self.company_label, self.company)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.title)
        chain: list[QWidget] = [self.title, self.description, self.priority, self.confirmed,
                                self.queue, self.contact, self.language, self.save_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, self.save,
                                       context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("New SR"))
        self.number_label.setText(self.tr("Number"))
        self.company_label.setText(self.tr("Company"))
        self.contact_label.setText(self.tr("C&ontact"))
        self.language_label.setText(self.tr("&Language"))
        self.title_label.setText(self.tr("&Title"))
        self.description_label.setText(self.tr("&Description"))
        self.priority_label.setText(self.tr("&Priority"))
        self.queue_label.setText(self.tr("&Queue"))
        self.confirmed.setText(self.tr("Confirmed with the &caller"))
        self.contact.setAccessibleName(self.tr("Contact name"))
        self.contact.setPlaceholderText(self.tr("The caller's name, if they gave it"))
        self.language.setAccessibleName(self.tr("The caller's language"))
        self.title.setAccessibleName(self.tr("SR title"))
        self.title.setPlaceholderText(self.tr("In a few words: what is the problem?"))
        self.description.setAccessibleName(self.tr("SR description"))
        self.priority.setAccessibleName(self.tr("SR priority"))
        self.confirmed.setAccessibleName(self.tr("Priority confirmed with the caller"))
        self.queue.setAccessibleName(self.tr("Queue"))
        self.save_button.setText(self.tr("&Save SR (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Save the new SR"))
        fill_combo(self.language, tuple(Language), language_label)
        fill_combo(self.priority, tuple(Priority), priority_label)
        self._show_draft()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_draft(self, call_id: str, draft: Draft) -> None:
        """Prefill from the screen-pop; the same call's draft again keeps what was typed."""
        if call_id == self.call_id and draft == self.draft and self.has_input():
            return
        if self.call_id and self.call_id != call_id and self.has_input():
            self._kept[self.call_id] = self._typed()  # another call now: kept for its return
        self.call_id = call_id
        self.draft = draft
        self._saving = False
        title, description, queue, contact, language, priority, confirmed = self._kept.pop(
            call_id, ("", "", "", draft.contact_name, str(draft.language), str(Priority.P3),
                      False))  # confirmed only when the agent has asked the caller
        self.title.setText(title)
        self.description.setPlainText(description)
        self.queue.setText(queue)
        self.contact.setText(contact)
        select_data(self.language, language)
        select_data(self.priority, priority)
        self.confirmed.setChecked(confirmed)
        self.title_error.hide()
        self.error_label.hide()
        self.save_button.setEnabled(True)
        self._show_draft()

    def _typed(self) -> tuple[str, str, str, str, str, str, bool]:
        return (self.title.text(), self.description.toPlainText(), self.queue.text(),
                self.contact.text(), str(self.language.currentData()),
                str(self.priority.currentData()), self.confirmed.isChecked())

    def has_input(self) -> bool:
        return bool(self.title.text().strip() or self.description.toPlainText().strip())

    def _show_draft(self) -> None:
        draft = self.draft
        if draft is None:
            self.number.clear()
            self.company.clear()
            return
        self.heading.setText(self.tr("New SR for {caller}").format(
            caller=_caller_line(draft)))
        self.number.setText(labels.phone(draft.number_raw, draft.number_e164)
                            if draft.number_raw else self.tr("no number"))
        self.company.setText(draft.company or self.tr("unknown"))
        known = draft.contact_id is not None
        self.contact.setReadOnly(known)  # a known contact is changed in the CRM, not here
        self.contact.setToolTip("" if known else self.tr(
            "Their next call from this number will find this SR."))

    def _errors(self) -> str:
        title = " ".join(self.title.text().split())
        if not title:
            return self.tr("A title is required.")
        if len(title) > MAX_TITLE:
            return self.tr("The title is too long ({count} of at most {limit} characters)."
                           ).format(count=len(title), limit=MAX_TITLE)
        return ""

    def save(self) -> bool:
        """Create the SR (Ctrl+S). False when nothing was sent."""
        if self.draft is None or self._saving:
            return False
        problem = self._errors()
        if problem:
            self.title_error.setText(problem)
            self.title_error.show()
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        queue = self.queue.text().strip()
        if len(queue) > MAX_QUEUE or len(self.description.toPlainText()) > MAX_BODY:
            code = "queue_too_long" if len(queue) > MAX_QUEUE else "description_too_long"
            self._show_error(CaseError(code))
            return False
        self._saving = True
        self.save_button.setEnabled(False)
        self.error_label.hide()
        draft = self.draft
        self.tasks.watch(
            self.tasks.write(
                casework.create_case_from_draft, draft, title=self.title.text(),
                description=self.description.toPlainText(),
                priority=Priority(str(self.priority.currentData())),
                priority_confirmed=self.confirmed.isChecked(), queue=queue,
                language=Language(str(self.language.currentData())),
                contact_name=self.contact.text() if draft.contact_id is None else "",
                engine_call_id=self.call_id, region=labels.region()),
            self, partial(self._created, self.call_id, draft), self._failed)
        return True

    def _created(self, call_id: str, draft: Draft, detail: CaseDetail) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if call_id == self.call_id and draft == self.draft:
            # Saved: coming back to this call's form must not offer to save it twice.
            self.title.clear()
            self.description.clear()
            self.queue.clear()
        self.created.emit(call_id, detail.id)

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        message = error_text(exc)
        if str(getattr(exc, "code", "")).startswith("title_"):
            self.title_error.setText(message)
            self.title_error.show()
        else:
            self.error_label.setText(message)
            self.error_label.show()



class LeftDraftsDialog(QDialog):
    """Notes of calls that CaseLine stopped before their wrap-up ended (a crash, a power cut):
    shown at the next start with their SR and call, to be saved as notes or kept for later."""

    save_requested = Signal()
    discard_requested = Signal()

    def __init__(self, drafts: tuple[LeftDraft, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leftDraftsDialog")
        self.setWindowTitle(self.tr("Notes not saved when CaseLine stopped"))
        self.drafts = drafts
        intro = QLabel(self.tr(
            "CaseLine stopped before these notes were saved. Save them to their SRs (a call "
            "without an SR keeps its note in the call history), keep them for later, or "
            "discard them."))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("leftDraftsText")
        self.text.setReadOnly(True)
        self.text.setPlainText("\n\n".join(self._entry(d) for d in drafts))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("&Save as notes"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = buttons.addButton(self.tr("&Keep for later"),
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.discard_button = buttons.addButton(self.tr("&Discard them"),
                                                QDialogButtonBox.ButtonRole.DestructiveRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.keep_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self._discard)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _entry(self, draft: LeftDraft) -> str:
        where = (self.tr("{number} — {title}").format(number=draft.case_number,
                                                      title=draft.case_title)
                 if draft.case_number else self.tr("No SR yet"))
        when = local_datetime(draft.call_started_at or draft.updated_at)
        head = self.tr("{where} · call of {time} with {caller}").format(
            where=where, time=when, caller=draft.caller or self.tr("an unknown caller"))
        return f"{head}\n{draft.body.strip()}"

    def _save(self) -> None:
        self.save_requested.emit()
        self.accept()

    def _discard(self) -> None:
        self.discard_requested.emit()
        self.accept()
