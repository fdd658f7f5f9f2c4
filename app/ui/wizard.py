"""The first-run wizard: language, then a phone system account or the demo, then save.

The app shows it while the config names no account and ``[ui] first_run_done`` is false. The
settings and the password are written like the settings dialog writes them (app.ui.
settings_dialog.persist on a worker thread: the keyring may block); a failure keeps the wizard
open with everything typed, and says why.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.cli.doctor import GNOME_KEYRING, KWALLET, keyring_service
from app.config import secrets
from app.config.settings import UiSettings
from app.i18n import choose
from app.orchestration.bootstrap import agent_name
from app.ui.settings_dialog import (
    LANGUAGE_NAMES,
    AccountForm,
    LanguagePicker,
    SaveOutcome,
    SaveRequest,
    persist,
    save_error_text,
    transport_label,
)
from app.ui.widgets import BusyRow, FormScroll

if TYPE_CHECKING:
    from pathlib import Path

    from app.config.settings import Settings
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

PAGE_WELCOME, PAGE_MODE, PAGE_ACCOUNT, PAGE_DEMO, PAGE_FINISH = range(5)


class _Page(QWizardPage):
    """A page that re-reads its texts when the UI language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _paragraph() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


class WelcomePage(_Page):
    def __init__(self, language: str, name: str) -> None:
        super().__init__()
        self.intro = _paragraph()
        self.language_label = QLabel()
        self.picker = LanguagePicker(language)
        self.name_label = QLabel()
        self.name = QLineEdit(name)
        self.name.setObjectName("wizardAgentName")
        self.name.setMaxLength(255)
        self.name.textChanged.connect(lambda _text: self.completeChanged.emit())
        self.name_label.setBuddy(self.name)
        self.name_note = _paragraph()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.language_label)
        layout.addWidget(self.picker)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addWidget(self.name_note)
        layout.addStretch()
        self.retranslate()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.name.text().strip())  # notes are signed with it

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to CaseLine"))
        self.intro.setText(self.tr(
            "CaseLine answers and places your calls and keeps each one with its service "
            "request. A few questions, and you are ready to take calls."))
        self.language_label.setText(self.tr("Language of the CaseLine window:"))
        self.name_label.setText(self.tr("Your &name, as your notes are signed:"))
        self.name.setAccessibleName(self.tr("Your name"))
        self.name_note.setText(self.tr(
            "With a central database, the name your team leader gave you there is used."))


class ModePage(_Page):
    """How will you take calls: a phone system, or the demo."""

    def __init__(self) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.connect_button = QRadioButton()
        self.demo_button = QRadioButton()
        self.connect_note = _paragraph()
        self.demo_note = _paragraph()
        indent = self.fontMetrics().height() * 2  # the notes sit under their button's text
        layout = QVBoxLayout(self)
        for button, note in ((self.connect_button, self.connect_note),
                             (self.demo_button, self.demo_note)):
            self.group.addButton(button)
            button.toggled.connect(self._choice_changed)
            layout.addWidget(button)
            layout.addWidget(note)
            note.setContentsMargins(indent, 0, 0, 0)
            layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addStretch()
        self.retranslate()

    def _choice_changed(self, _checked: bool) -> None:
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.group.checkedButton() is not None  # a choice, not a silent default

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return PAGE_DEMO if self.demo_button.isChecked() else PAGE_ACCOUNT

    def retranslate(self) -> None:
        self.setTitle(self.tr("How will you take calls?"))
        self.connect_button.setText(self.tr("&Connect to my phone system"))
        self.connect_button.setAccessibleName(self.tr("Connect to my phone system"))
        self.connect_note.setText(self.tr(
            "Your company's PBX or a SIP provider. You need the server address, your user "
            "name or extension and your password."))
        self.demo_button.setText(self.tr("&Try with demo data — no phone system needed"))
        self.demo_button.setAccessibleName(self.tr("Try with demo data"))
        self.demo_note.setText(self.tr(
            "Explore CaseLine with sample customers and service requests; other phones on your "
            "network can call you directly."))


class AccountPage(_Page):
    def __init__(self, taken: list[str]) -> None:
        super().__init__()
        self._taken = taken
        self.intro = _paragraph()
        self.form = AccountForm()
        self.form.edited.connect(self._edited)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form)
        column.addStretch()
        scroll = FormScroll()  # wrapped problem texts get their height there
        scroll.setWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def problems(self) -> dict[str, str]:
        return self.form.problems(self._taken, password_required=True)

    def _edited(self) -> None:
        self.form.show_problems(self.problems())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        problems = self.problems()
        if problems:
            self.form.reveal_problems(problems)
            return False
        return True

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return PAGE_FINISH

    def retranslate(self) -> None:
        self.setTitle(self.tr("Your phone system account"))
        self.intro.setText(self.tr(
            "Your administrator or provider gives you these details. The password is kept in "
            "the system keyring, never in a file."))


class DemoPage(_Page):
    def __init__(self, local_sip_address: str) -> None:
        super().__init__()
        self.intro = _paragraph()
        self.address = QLabel(local_sip_address)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.address.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so it can be copied by keys
        font = self.address.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.address.setFont(font)
        self.data_note = _paragraph()
        self.later_note = _paragraph()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.address)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.data_note)
        layout.addWidget(self.later_note)
        layout.addStretch()
        self.retranslate()

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return PAGE_FINISH

    def retranslate(self) -> None:
        self.setTitle(self.tr("Try CaseLine with demo data"))
        self.intro.setText(self.tr(
            "No phone system is needed: CaseLine listens for direct calls at this address. Any "
            "SIP phone or softphone on your network can call it."))
        self.address.setAccessibleName(self.tr("Your direct call address"))
        self.data_note.setText(self.tr(
            "Demo customers, contacts and service requests (in Japanese, Chinese and English) "
            "are loaded, so a call pops up a realistic record and you can try logging it."))
        self.later_note.setText(self.tr(
            "You can connect your phone system later, in Settings under Accounts."))


class FinishPage(_Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.summary = _paragraph()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # names typed by the user
        self.note = _paragraph()
        self.error = _paragraph()
        self.error.setStyleSheet("color: #c5221f;")
        self.error.hide()
        # A keyring that failed may work a moment later (started, unlocked): one click retries.
        self.retry = QPushButton()
        self.retry.setObjectName("wizardRetryKeyring")
        self.retry.clicked.connect(wizard.accept)
        self.retry.hide()
        self.busy_row = BusyRow()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.busy_row)
        layout.addStretch()
        self.retranslate()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.error.hide()
        self.retry.hide()
        self._summarise()

    def _summarise(self) -> None:
        wizard = self._wizard
        language = wizard.welcome.picker.language()
        shown = LANGUAGE_NAMES[choose(language)]
        if language:
            language_line = self.tr("Language: {language}").format(language=shown)
        else:
            language_line = self.tr("Language: system default ({language})").format(
                language=shown)
        if wizard.demo_chosen:
            mode_line = self.tr("Demo data. Direct calls to: {address}").format(
                address=wizard.local_sip_address)
        else:
            spec = wizard.account.form.spec()
            mode_line = self.tr("Phone system account {name}: {address} over {transport}").format(
                name=spec.name, address=spec.aor, transport=transport_label(spec.transport))
        self.summary.setText(f"{language_line}\n{mode_line}")

    def show_error(self, text: str, *, retry: bool = False) -> None:
        self.error.setText(text)
        self.error.show()
        self.retry.setVisible(retry)

    def keyring_help(self, service: str) -> str:
        """What to start or install for this desktop's keyring (app.cli.doctor decides which;
        `caseline doctor` says the same)."""
        if service == GNOME_KEYRING:
            return self.tr(
                "On this desktop CaseLine uses GNOME Keyring: install the gnome-keyring "
                "package, then log out and in again, and press Try again.")
        if service == KWALLET:
            return self.tr(
                "On KDE CaseLine uses KWallet: turn it on in System Settings under KDE "
                "Wallet, then press Try again.")
        return self.tr(
            "Install KeePassXC and turn on its Secret Service integration (Tools, Settings, "
            "Secret Service Integration), or install GNOME Keyring; then press Try again.")

    def set_busy(self, busy: bool) -> None:
        self.busy_row.setVisible(busy)
        if busy:
            self.error.hide()
            self.retry.hide()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Ready"))
        self.note.setText(self.tr(
            "Press Finish to save these settings. You can change them at any time in Settings."))
        self.retry.setText(self.tr("Try again"))
        self.busy_row.label.setText(self.tr("Saving…"))
        self.busy_row.bar.setAccessibleName(self.tr("Saving"))
        if self._wizard.currentId() == PAGE_FINISH:
            self._summarise()


class FirstRunWizard(QWizard):
    """Shown by the app while there is no account and ``ui.first_run_done`` is false."""

    # The language picked on the first page, at once: the app may install it so the rest of
    # the wizard already speaks it (every page retranslates on LanguageChange).
    language_chosen = Signal(str)

    def __init__(self, settings: Settings, config_path: Path, tasks: Tasks,
                 local_sip_address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._config_path = config_path
        self._tasks = tasks
        self._busy = False
        self.local_sip_address = local_sip_address
        self.result_settings: Settings | None = None  # set once Finish has saved them
        self.welcome = WelcomePage(settings.ui.language, agent_name(settings))
        self.mode = ModePage()
        self.account = AccountPage([a.name for a in settings.accounts])
        self.demo = DemoPage(local_sip_address)
        self.finish = FinishPage(self)
        for page_id, page in ((PAGE_WELCOME, self.welcome), (PAGE_MODE, self.mode),
                              (PAGE_ACCOUNT, self.account), (PAGE_DEMO, self.demo),
                              (PAGE_FINISH, self.finish)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_WELCOME)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.welcome.picker.changed.connect(self.language_chosen)
        self.retranslate()
        # Room for the whole account form plus a few problem lines, not a scrolled slot.
        lines = self.fontMetrics().height()
        self.resize(self.sizeHint().expandedTo(
            self.account.sizeHint() + QSize(lines * 2, lines * 12)))

    @property
    def demo_chosen(self) -> bool:
        return self.mode.demo_button.isChecked()

    def request(self) -> SaveRequest:
        """What Finish writes: the language, first_run_done, and the account if one was set."""
        current = self._settings
        name = " ".join(self.welcome.name.text().split())
        new = replace(current, ui=UiSettings(language=self.welcome.picker.language(),
                                             first_run_done=True),
                      cases=replace(current.cases, agent_name=name))
        if self.demo_chosen:
            return SaveRequest(settings=new)
        spec = self.account.form.spec()
        return SaveRequest(settings=replace(new, accounts=(*current.accounts, spec)),
                           passwords={spec.name: self.account.form.password()})

    def accept(self) -> None:
        """Finish: save off the UI thread, close only once it went through."""
        if self._busy:
            return
        self._set_busy(True)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseline-settings")
        future = pool.submit(persist, self._config_path, self.request())
        pool.shutdown(wait=False)  # the thread ends with this one job
        self._tasks.watch(future, self, self._saved, self._failed)

    def reject(self) -> None:
        if self._busy:
            return  # the save finishes first
        super().reject()

    def is_busy(self) -> bool:
        return self._busy

    def _saved(self, outcome: SaveOutcome) -> None:
        self._set_busy(False)
        self.result_settings = outcome.settings
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        log.warning("first-run settings not saved: %s", error)
        text = save_error_text(error)
        keyring_failed = isinstance(error, secrets.SecretStoreError)
        if isinstance(error, secrets.SecretStoreError) and error.code == "unavailable":
            text = f"{text}\n\n{self.finish.keyring_help(keyring_service())}"
        self.finish.show_error(text, retry=keyring_failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.finish.set_busy(busy)
        self.finish.setEnabled(not busy)
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                      QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if button is not None:
                button.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up CaseLine"))
        names = {
            QWizard.WizardButton.BackButton: self.tr("Back"),
            QWizard.WizardButton.NextButton: self.tr("Next"),
            QWizard.WizardButton.FinishButton: self.tr("Finish and save"),
            QWizard.WizardButton.CancelButton: self.tr("Cancel setup"),
        }
        for which, name in names.items():
            button = self.button(which)
            if button is not None:
                button.setAccessibleName(name)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._retranslate_qt_buttons()
        super().changeEvent(event)

    def _retranslate_qt_buttons(self) -> None:
        """Back, Next, Cancel are Qt's own texts, which QWizard reads only when its page or
        its style changes: the page open at a language switch kept the old ones. Passing
        through another style and back has it read them again."""
        style = self.wizardStyle()
        other = (QWizard.WizardStyle.ModernStyle if style is QWizard.WizardStyle.ClassicStyle
                 else QWizard.WizardStyle.ClassicStyle)
        self.setUpdatesEnabled(False)  # no flash of the other style
        try:
            self.setWizardStyle(other)
            self.setWizardStyle(style)
        finally:
            self.setUpdatesEnabled(True)
