"""The settings dialog: SIP accounts, sound devices, language, the case database and the
central database this PC syncs with.

Nothing is written until OK or Apply. Then the config file (app.config.settings) and the passwords
(app.config.secrets, the system keyring and nowhere else) are written on a worker thread, because a
keyring backend may block on D-Bus or on an unlock prompt. Meanwhile the dialog is busy and
cannot be closed; if the write fails it says why and keeps everything the user typed.

The account form, the language picker and the save job are shared with the first-run wizard
(app.ui.wizard).
"""

from __future__ import annotations

import itertools
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.audio.devices import device_key
from app.central.db import CentralError, parse_url, require_tls, shown
from app.config import autostart, secrets
from app.config.settings import (
    ENV_CENTRAL_URL,
    MAX_KEEPALIVE,
    AudioSettings,
    Settings,
    check_account,
    default_config_path,
    from_dict,
)
from app.config.settings import save as save_settings
from app.i18n import choose
from app.orchestration.bootstrap import agent_name
from app.telephony.config import AccountSpec, ConfigError, Srtp, Transport
from app.ui.labels import central_url_error, setting_title
from app.ui.levelmeter import EchoPhase, EchoTest, LevelMeter, MicLevel
from app.ui.sync import DETAIL_CHARS, sync_error
from app.ui.widgets import BusyRow, FormScroll

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping
    from concurrent.futures import Future

    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)

PAGE_ACCOUNTS, PAGE_AUDIO, PAGE_LANGUAGE, PAGE_DATABASE, PAGE_CENTRAL = range(5)
PAGE_COUNT = 5

# Each language named in itself, never translated: whoever reads the list must find their own.
LANGUAGE_NAMES = {"ja": "日本語", "en": "English", "zh_CN": "中文（简体）"}

_ERROR_STYLE = "QLabel#fieldError { color: #c5221f; }"
_BLANK = AccountSpec(name="", server="", user="")
PASSWORD_REQUIRED = "password_required"  # noqa: S105 - a problem code, not a password


# Texts outside a widget: the literal form, so pyside6-lupdate extracts them.
translate = QCoreApplication.translate


def transport_label(transport: Transport) -> str:
    names = {
        Transport.UDP: translate("SettingsDialog", "UDP"),
        Transport.TCP: translate("SettingsDialog", "TCP"),
        Transport.TLS: translate("SettingsDialog", "TLS (encrypted)"),
    }
    return names[transport]


def srtp_label(mode: Srtp) -> str:
    names = {
        Srtp.OFF: translate("SettingsDialog", "Off"),
        Srtp.OPTIONAL: translate("SettingsDialog", "When the other side supports it"),
        Srtp.MANDATORY: translate("SettingsDialog", "Required (refuse unencrypted calls)"),
    }
    return names[mode]


def account_problem_text(code: str) -> str:
    """What settings.check_account (or a missing password) found, as a sentence."""
    texts = {
        "name_required": translate("SettingsDialog", "Enter a name for this account."),
        "name_taken": translate("SettingsDialog", "Another account already has this name."),
        "server_required": translate(
            "SettingsDialog", "Enter the server's address, for example pbx.example.com."),
        "bad_address": translate(
            "SettingsDialog", "This is not a server address. Use host or host:port, for "
            "example pbx.example.com:5060."),
        "user_required": translate("SettingsDialog", "Enter your user name or extension."),
        "bad_user": translate(
            "SettingsDialog", "Enter only the user part (for example 1001), without @, : or "
            "spaces."),
        "bad_domain": translate(
            "SettingsDialog", "This is not a SIP domain. Use a host name such as example.com."),
        "bad_stun": translate(
            "SettingsDialog", "This is not a STUN server address. Use host or host:port, for "
            "example stun.example.com:3478."),
        "bad_turn": translate(
            "SettingsDialog", "This is not a TURN server address. Use host or host:port, for "
            "example turn.example.com:3478."),
        "turn_user_required": translate(
            "SettingsDialog", "Enter the user name the TURN server gave you."),
        "turn_transport_unsupported": translate(
            "SettingsDialog", "This version of CaseLine can reach a TURN server over UDP "
            "only: its SIP library crashes with TURN over TCP or TLS."),
        "srtp_needs_tls": translate(
            "SettingsDialog", "Required encryption needs the TLS transport: the keys travel "
            "with the call setup, which only TLS protects."),
        "bad_keepalive": translate(
            "SettingsDialog", "Enter 0 (off) to 3600 seconds."),
        PASSWORD_REQUIRED: translate(
            "SettingsDialog", "Enter the password. It is stored in the system keyring."),
        "relative_path": translate(
            "SettingsDialog", "Enter the full path of the file, or leave the field empty for "
            "the default location."),
    }
    return texts.get(code, code)


def account_problems(spec: AccountSpec, password: str, taken: Collection[str] = (), *,
                     password_required: bool) -> dict[str, str]:
    """settings.check_account, plus the password a new account needs (the CLI's rule too)."""
    found = check_account(spec, taken)
    if found.get("name") == "name_required" and ("server" in found or "user" in found):
        del found["name"]  # the name defaults to user@server: those are the fields to fill
    if password_required and not password:
        found["password"] = PASSWORD_REQUIRED
    return found


def save_error_text(error: BaseException) -> str:
    """A failed save as a sentence for people; never a traceback."""
    if isinstance(error, secrets.SecretStoreError):
        if error.code == "locked":
            return translate(
                "SettingsDialog", "The system keyring is locked. Unlock it and try again; "
                "nothing was saved and your changes are still here.")
        if error.code == "unavailable":
            return translate(
                "SettingsDialog", "No usable system keyring was found, so the password could "
                "not be stored. CaseLine keeps passwords only in the system keyring (GNOME "
                "Keyring or KWallet, macOS Keychain, Windows Credential Manager): start or "
                "unlock it and try again. Nothing was saved.")
        return translate(
            "SettingsDialog", "The system keyring refused to store the password ({reason}). "
            "Nothing was saved; try again.").format(reason=error.detail or error.code)
    if isinstance(error, ConfigError) and error.code == "database_is_folder":
        return translate(
            "SettingsDialog", "The case database location {path} is a folder. Choose a file "
            "in it, for example caseline.db.").format(path=error.detail)
    if isinstance(error, OSError):
        return translate(
            "SettingsDialog", "The settings could not be written to {path} ({reason}). Your "
            "changes are still here; try again.").format(
                path=error.filename or "", reason=error.strerror or str(error))
    return translate(
        "SettingsDialog", "The settings could not be saved ({reason}). Your changes are still "
        "here; try again.").format(reason=str(error) or type(error).__name__)


# -- the central database ----------------------------------------------------------------------

CENTRAL_SECRET = "central_secret"  # noqa: S105 - a problem code, not a password
CENTRAL_BAD_URL = "central_bad_url"
CENTRAL_NO_ROLE = "central_no_role"
CENTRAL_INSECURE = "central_insecure"


def central_url_problem(text: str, allow_insecure: bool = False) -> str | None:
    """What keeps ``text`` from being the ``[central] url``; None: fine ("" is local only).
    ``allow_insecure``: the file's ``[central] allow_insecure``.

    The config file's own check comes first, so what is saved here always loads again."""
    if not text:
        return None
    try:
        from_dict({"central": {"url": text}})
    except ConfigError as exc:
        return CENTRAL_SECRET if exc.code == "secret_in_config" else CENTRAL_BAD_URL
    try:
        url = parse_url(text)
    except CentralError:
        return CENTRAL_BAD_URL
    if not url.username:
        return CENTRAL_NO_ROLE  # the keyring entry and the sign-in are the role's
    try:
        require_tls(url, allow_insecure=allow_insecure)  # as the sync will, so it connects
    except CentralError:
        return CENTRAL_INSECURE
    return None


def central_problem_text(code: str) -> str:
    texts = {
        CENTRAL_SECRET: translate(
            "SettingsDialog", "Remove the password from the URL (write role@host, not "
            "role:password@host) and type it in the Password field instead: it is stored in "
            "the system keyring, never in the settings file."),
        CENTRAL_BAD_URL: translate(
            "SettingsDialog", "This is not a PostgreSQL URL. Use postgresql://role@host:5432/"
            "database, for example postgresql://alice@db.example.com:5432/caseline."),
        CENTRAL_NO_ROLE: translate(
            "SettingsDialog", "Put the database role before the host: "
            "postgresql://role@host:5432/database."),
        CENTRAL_INSECURE: central_url_error("insecure_url") or code,
    }
    return texts.get(code, code)


def central_test_text(error: BaseException) -> str:
    """Why the connection test failed, as a sentence (the server's own words go on a line of
    their own, see central_test_detail: they are not translated)."""
    if isinstance(error, secrets.SecretStoreError):
        if error.code == "locked":
            return translate(
                "SettingsDialog", "The system keyring is locked, so the stored password could "
                "not be tried. Unlock it, or type the password, and test again.")
        if error.code == "unavailable":
            return translate(
                "SettingsDialog", "No usable system keyring was found, so no stored password "
                "could be tried. Type the password and test again.")
        return translate(
            "SettingsDialog", "The system keyring could not be read ({reason}), so the stored "
            "password could not be tried.").format(reason=error.detail or error.code)
    if isinstance(error, CentralError):
        if error.code == "bad_url":
            return central_problem_text(CENTRAL_BAD_URL)
        if error.code == "insecure_url":
            return central_problem_text(CENTRAL_INSECURE)
        if error.code in ("connect_failed", "auth_failed", "tls_failed", "no_password"):
            return sync_error(error.code)  # the status bar's words for the same problems
    return translate("SettingsDialog", "The connection test failed.")


def central_test_detail(error: BaseException) -> str:
    """The reason behind a failed test as the server or the library gave it ("" if none)."""
    if isinstance(error, secrets.SecretStoreError):
        return ""  # already in the sentence
    if isinstance(error, CentralError):
        return error.detail
    return str(error) or type(error).__name__


def try_central(url_text: str, typed: str, allow_insecure: bool = False) -> str:
    """The connection test, on a worker thread: sign in with the typed password, else the
    stored one; returns the role. Raises CentralError or SecretStoreError."""
    # psycopg only when the centre is used, not at every desktop start (as app.ui.desktop).
    from app.sync.connect import (  # noqa: PLC0415
        central_url,
        check_connection,
        password_key,
    )

    url = central_url(url_text)
    if url is None:
        raise CentralError("bad_url", "")
    password = typed or secrets.get_central_password(password_key(url))
    if not password:
        raise CentralError("no_password", shown(url))
    check_connection(url_text, password, allow_insecure=allow_insecure)
    return url.username or ""


def stored_central_password(url_text: str) -> tuple[str, bool]:
    """(role, whether the keyring holds its password) for a central URL. Blocks on the
    keyring: not on the UI thread."""
    from app.sync.connect import central_url, password_key  # noqa: PLC0415

    url = central_url(url_text)
    if url is None:
        raise CentralError("bad_url", "")
    return url.username or "", secrets.get_central_password(password_key(url)) is not None


def _in_thread(fn: Callable[..., Any], *args: object) -> Future[Any]:
    """Run one job on a thread of its own (keyring and network calls may block for seconds)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseline-settings")
    future = pool.submit(fn, *args)
    pool.shutdown(wait=False)  # the thread ends with this one job
    return future


# -- the save job (worker thread) -------------------------------------------------------------


@dataclass(frozen=True)
class SaveRequest:
    """What OK/Apply writes. Passwords go to the keyring only (and never into a repr)."""

    settings: Settings
    passwords: Mapping[str, str] = field(default_factory=dict, repr=False)  # name -> new one
    turn_passwords: Mapping[str, str] = field(default_factory=dict, repr=False)  # likewise
    renamed: Mapping[str, str] = field(default_factory=dict)  # new name -> old name
    removed: tuple[str, ...] = ()  # accounts whose password goes
    # The central database role's new password, and the URL naming that role (the field's
    # text: the environment's URL when CASELINE_CENTRAL_URL decides).
    central_password: str = field(default="", repr=False)
    central_url: str = ""

    def writes_keyring(self) -> bool:
        return bool(self.passwords or self.turn_passwords or self.renamed or self.removed
                    or self.central_password)


@dataclass(frozen=True)
class SaveOutcome:
    settings: Settings
    undeleted: tuple[str, ...] = ()  # removed accounts whose password the keyring kept


def persist(path: Path, request: SaveRequest) -> SaveOutcome:
    """Write the keyring, then the file, then forget old passwords. Blocks: not on the UI thread.

    New passwords are stored before the file names their accounts, so a failing keyring leaves
    the file as it was; old ones are deleted only once the file no longer names them.
    """
    if request.writes_keyring():
        secrets.backend_name()  # an unusable keyring fails here, before anything changed
    database = request.settings.cases.database
    if database and Path(database).expanduser().is_dir():
        raise ConfigError("database_is_folder", database)
    passwords = dict(request.passwords)
    turn_passwords = dict(request.turn_passwords)
    for new, old in request.renamed.items():
        if new not in passwords:
            stored = secrets.get_password(old)
            if stored is not None:
                passwords[new] = stored  # a renamed account keeps its password
        if new not in turn_passwords:
            stored = secrets.get_turn_password(old)
            if stored is not None:
                turn_passwords[new] = stored  # ... and its TURN password
    for name, password in passwords.items():
        secrets.set_password(name, password)
    for name, password in turn_passwords.items():
        secrets.set_turn_password(name, password)
    if request.central_password:
        from app.sync.connect import central_url, password_key  # noqa: PLC0415 - see try_central

        url = central_url(request.central_url)
        if url is None:
            raise CentralError("bad_url", "")  # the dialog sends no password without a URL
        secrets.set_central_password(password_key(url), request.central_password)
    # Before the file: a login entry that cannot be written leaves the file as it was.
    autostart.apply(request.settings.ui.start_at_login, path, default_config_path())
    save_settings(path, request.settings)
    kept = {account.name for account in request.settings.accounts}
    undeleted: list[str] = []
    for name in dict.fromkeys((*request.removed, *request.renamed.values())):
        if name in kept:
            continue  # removed and added again under its old name: the new password stays
        try:
            secrets.delete_password(name)
            secrets.delete_turn_password(name)
        except secrets.SecretStoreError as exc:
            log.warning("the keyring kept the password of removed account %s: %s", name,
                        exc.code)
            undeleted.append(name)
    return SaveOutcome(request.settings, tuple(undeleted))


# -- widgets shared with the wizard ------------------------------------------------------------


class LanguagePicker(QWidget):
    """System default or one of the languages the desktop speaks, as radio buttons."""

    changed = Signal(str)  # "" (the OS language), "ja", "en" or "zh_CN"

    def __init__(self, language: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for code in ("", *LANGUAGE_NAMES):
            button = QRadioButton(self)
            self.buttons[code] = button
            self.group.addButton(button)
            layout.addWidget(button)
            button.clicked.connect(partial(self._clicked, code))
        self.set_language(language)
        self.retranslate()

    def language(self) -> str:
        return next((code for code, b in self.buttons.items() if b.isChecked()), "")

    def set_language(self, code: str) -> None:
        self.buttons.get(code, self.buttons[""]).setChecked(True)

    def _clicked(self, code: str) -> None:
        self.changed.emit(code)

    def retranslate(self) -> None:
        system = LANGUAGE_NAMES[choose("")]
        self.buttons[""].setText(self.tr("System default ({language})").format(
            language=system))
        self.buttons[""].setAccessibleName(self.tr("Use the system language ({language})")
                                           .format(language=system))
        for code, name in LANGUAGE_NAMES.items():
            self.buttons[code].setText(name)
            self.buttons[code].setAccessibleName(name)
        self.setAccessibleName(self.tr("Language"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class AccountForm(QWidget):
    """The fields of one SIP account, each with its problem shown right under it.

    Problems show for the fields the user has edited, and for all of them after
    ``reveal_problems`` (a refused save), so an empty new form is not a wall of red.
    """

    edited = Signal()

    FIELDS = ("name", "server", "user", "password", "domain", "auth_user", "display_name",
              "transport", "srtp", "stun_server", "turn_server", "turn_transport", "turn_user",
              "turn_password", "keepalive_interval")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = _BLANK
        self._new = True
        self._touched: set[str] = set()
        self._reveal = False
        self._problems: dict[str, str] = {}
        self._loading = False
        self.name_edit = QLineEdit()
        self.server_edit = QLineEdit()
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.domain_edit = QLineEdit()
        self.auth_user_edit = QLineEdit()
        self.display_name_edit = QLineEdit()
        self.transport_combo = QComboBox()
        for transport in Transport:
            self.transport_combo.addItem("", transport.value)
        self.stun_edit = QLineEdit()
        self.srtp_combo = QComboBox()
        for mode in Srtp:
            self.srtp_combo.addItem("", mode.value)
        self.turn_edit = QLineEdit()
        self.turn_transport_combo = QComboBox()
        for transport in Transport:
            self.turn_transport_combo.addItem("", transport.value)
        self.turn_user_edit = QLineEdit()
        self.turn_password_edit = QLineEdit()
        self.turn_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.keepalive_spin = QSpinBox()
        self.keepalive_spin.setRange(0, MAX_KEEPALIVE)
        self.ice_check = QCheckBox()
        self.register_check = QCheckBox()
        self.widgets: dict[str, QWidget] = {
            "name": self.name_edit, "server": self.server_edit, "user": self.user_edit,
            "password": self.password_edit, "domain": self.domain_edit,
            "auth_user": self.auth_user_edit, "display_name": self.display_name_edit,
            "transport": self.transport_combo, "srtp": self.srtp_combo,
            "stun_server": self.stun_edit, "turn_server": self.turn_edit,
            "turn_transport": self.turn_transport_combo, "turn_user": self.turn_user_edit,
            "turn_password": self.turn_password_edit, "keepalive_interval": self.keepalive_spin,
        }
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        field_width = self.fontMetrics().averageCharWidth() * 40
        for key in self.FIELDS:
            widget = self.widgets[key]
            label = QLabel()
            label.setBuddy(widget)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            cell.setMinimumWidth(field_width)
            layout.addRow(label, cell)
            self.labels[key] = label
            self.errors[key] = error
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(partial(self._edited, key))
        layout.addRow(self.ice_check)
        layout.addRow(self.register_check)
        # Changed, not edited/activated: a screen reader or a test may set values directly.
        self.transport_combo.currentIndexChanged.connect(partial(self._edited, "transport"))
        self.srtp_combo.currentIndexChanged.connect(partial(self._edited, "srtp"))
        self.turn_transport_combo.currentIndexChanged.connect(
            partial(self._edited, "turn_transport"))
        self.keepalive_spin.valueChanged.connect(partial(self._edited, "keepalive_interval"))
        self.ice_check.toggled.connect(partial(self._edited, "ice"))
        self.register_check.toggled.connect(partial(self._edited, "register"))
        chain = [*self.widgets.values(), self.ice_check, self.register_check]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setStyleSheet(_ERROR_STYLE)
        self.load(None)
        self.retranslate()

    # -- values --------------------------------------------------------------------------------

    def load(self, spec: AccountSpec | None, *, password: str = "", turn_password: str = "",
             new: bool = True) -> None:
        """Show an account (None: a blank one). ``password`` and ``turn_password`` are only
        what was typed earlier in this dialog: a stored one is never read back into the form."""
        self._base = spec or _BLANK
        self._new = new
        self._touched.clear()
        self._reveal = False
        self._problems = {}
        base = self._base
        self._loading = True  # filling the fields is not the user editing them
        self.name_edit.setText(base.name)
        self.server_edit.setText(base.server)
        self.user_edit.setText(base.user)
        self.password_edit.setText(password)
        self.domain_edit.setText(base.domain)
        self.auth_user_edit.setText(base.auth_user)
        self.display_name_edit.setText(base.display_name)
        self.transport_combo.setCurrentIndex(self.transport_combo.findData(base.transport.value))
        self.stun_edit.setText(base.stun_server)
        self.srtp_combo.setCurrentIndex(self.srtp_combo.findData(base.srtp.value))
        self.turn_edit.setText(base.turn_server)
        self.turn_transport_combo.setCurrentIndex(
            self.turn_transport_combo.findData(base.turn_transport.value))
        self.turn_user_edit.setText(base.turn_user)
        self.turn_password_edit.setText(turn_password)
        self.keepalive_spin.setValue(base.keepalive_interval)
        self.ice_check.setChecked(base.ice)
        self.register_check.setChecked(base.register)
        self._loading = False
        self._placeholders()
        self._show()

    def spec(self) -> AccountSpec:
        """The account as typed; without a name it is called user@server, like the CLI's."""
        server = self.server_edit.text().strip()
        user = self.user_edit.text().strip()
        name = self.name_edit.text().strip() or (f"{user}@{server}" if user and server else "")
        return replace(
            self._base, name=name, server=server, user=user,
            domain=self.domain_edit.text().strip(),
            auth_user=self.auth_user_edit.text().strip(),
            display_name=self.display_name_edit.text().strip(),
            transport=Transport(self.transport_combo.currentData()),
            stun_server=self.stun_edit.text().strip(),
            srtp=Srtp(self.srtp_combo.currentData()),
            turn_server=self.turn_edit.text().strip(),
            turn_transport=Transport(self.turn_transport_combo.currentData()),
            turn_user=self.turn_user_edit.text().strip(),
            keepalive_interval=self.keepalive_spin.value(),
            ice=self.ice_check.isChecked(), register=self.register_check.isChecked())

    def password(self) -> str:
        return self.password_edit.text()  # as typed: spaces may belong to a password

    def turn_password(self) -> str:
        return self.turn_password_edit.text()

    def problems(self, taken: Collection[str] = (), *,
                 password_required: bool = False) -> dict[str, str]:
        return account_problems(self.spec(), self.password(), taken,
                                password_required=password_required)

    # -- problems ------------------------------------------------------------------------------

    def show_problems(self, problems: Mapping[str, str]) -> None:
        self._problems = dict(problems)
        self._show()

    def reveal_problems(self, problems: Mapping[str, str], *, focus: bool = True) -> None:
        """After a refused save: every problem shows, and the first field gets the focus."""
        self._reveal = True
        self.show_problems(problems)
        first = next((k for k in self.FIELDS if k in self._problems), None)
        if first is not None and focus:
            self.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def visible_problems(self) -> dict[str, str]:
        return {key: code for key, code in self._problems.items() if not self.errors[key]
                .isHidden()}

    def _show(self) -> None:
        for key, error in self.errors.items():
            code = self._problems.get(key)
            if code is not None and (self._reveal or key in self._touched):
                error.setText(account_problem_text(code))
                error.show()
                self.widgets[key].setAccessibleDescription(error.text())
            else:
                error.hide()
                self.widgets[key].setAccessibleDescription("")

    def _edited(self, key: str, *_args: object) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self.edited.emit()

    # -- texts ---------------------------------------------------------------------------------

    def _placeholders(self) -> None:
        if self._new:
            text = self.tr("Stored in the system keyring")
        else:
            text = self.tr("Stored in the system keyring; type to replace it")
        self.password_edit.setPlaceholderText(text)
        self.password_edit.setToolTip(text)
        self.turn_password_edit.setPlaceholderText(text)
        self.turn_password_edit.setToolTip(text)

    def retranslate(self) -> None:
        texts = {
            "name": (self.tr("&Name:"), self.tr("Account name")),
            "server": (self.tr("&Server:"), self.tr("Server address")),
            "user": (self.tr("&User:"), self.tr("User name or extension")),
            "password": (self.tr("&Password:"), self.tr("Password")),
            "domain": (self.tr("&Domain:"), self.tr("SIP domain")),
            "auth_user": (self.tr("&Authentication user:"), self.tr("Authentication user")),
            "display_name": (self.tr("Displa&y name:"), self.tr("Display name")),
            "transport": (self.tr("&Transport:"), self.tr("Transport")),
            "stun_server": (self.tr("ST&UN server:"), self.tr("STUN server")),
            "srtp": (self.tr("Media &encryption (SRTP):"), self.tr("Media encryption")),
            "turn_server": (self.tr("TURN ser&ver:"), self.tr("TURN server")),
            "turn_transport": (self.tr("TURN transp&ort:"), self.tr("TURN transport")),
            "turn_user": (self.tr("TURN user:"), self.tr("TURN user name")),
            "turn_password": (self.tr("TURN password:"), self.tr("TURN password")),
            "keepalive_interval": (self.tr("&Keep-alive interval:"),
                                   self.tr("Keep-alive interval in seconds")),
        }
        for key, (label, accessible) in texts.items():
            self.labels[key].setText(label)
            self.widgets[key].setAccessibleName(accessible)
        inner = self.keepalive_spin.findChild(QLineEdit)  # what a screen reader lands in
        if inner is not None:
            inner.setAccessibleName(texts["keepalive_interval"][1])
        self.name_edit.setPlaceholderText(self.tr("For example: work (default: user@server)"))
        self.server_edit.setPlaceholderText(self.tr("pbx.example.com or pbx.example.com:5061"))
        self.user_edit.setPlaceholderText(self.tr("For example: 1001"))
        self.domain_edit.setPlaceholderText(self.tr("Default: the server's host"))
        self.auth_user_edit.setPlaceholderText(self.tr("Only if it differs from the user"))
        self.display_name_edit.setPlaceholderText(self.tr("Shown to the people you call"))
        self.stun_edit.setPlaceholderText(self.tr("Optional, for example stun.example.com"))
        for combo in (self.transport_combo, self.turn_transport_combo):
            for index in range(combo.count()):
                combo.setItemText(index, transport_label(Transport(combo.itemData(index))))
        for index in range(self.srtp_combo.count()):
            self.srtp_combo.setItemText(index, srtp_label(Srtp(self.srtp_combo.itemData(index))))
        self.turn_edit.setPlaceholderText(self.tr(
            "Optional, for example turn.example.com (relays calls a router blocks)"))
        self.keepalive_spin.setSuffix(self.tr(" s"))
        self.keepalive_spin.setSpecialValueText(self.tr("Off"))
        self.keepalive_spin.setToolTip(self.tr(
            "How often a small packet keeps your router's connection to the server open "
            "(UDP). 0 turns it off."))
        self.ice_check.setText(self.tr("Use &ICE (helps calls through NAT routers; always on "
                                       "with a STUN or TURN server)"))
        self.ice_check.setAccessibleName(self.tr("Use ICE"))
        self.register_check.setText(self.tr("&Register with the server to receive calls"))
        self.register_check.setAccessibleName(self.tr("Register with the server"))
        self._placeholders()
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# -- audio devices -----------------------------------------------------------------------------


def audio_inputs() -> list[tuple[str, str]]:
    """(id, description) of the microphones Qt sees now."""
    return [(device_key(d), d.description()) for d in QMediaDevices.audioInputs()]


def audio_outputs() -> list[tuple[str, str]]:
    """(id, description) of the speakers and headsets Qt sees now."""
    return [(device_key(d), d.description()) for d in QMediaDevices.audioOutputs()]


def codec_label(name: str) -> str:
    """A codec as people know it; one this list does not know keeps its SIP name."""
    names = {
        "opus": translate("SettingsDialog", "Opus (wideband)"),
        "g722": translate("SettingsDialog", "G.722 (wideband)"),
        "pcmu": translate("SettingsDialog", "G.711 μ-law (PCMU)"),
        "pcma": translate("SettingsDialog", "G.711 A-law (PCMA)"),
    }
    return names.get(name.lower(), name)


# -- the dialog --------------------------------------------------------------------------------


@dataclass
class _Draft:
    """One account as edited in this dialog."""

    spec: AccountSpec
    saved: AccountSpec | None = None  # as in the file; None: added in this dialog
    password: str = field(default="", repr=False)  # typed here; "" keeps the stored one
    turn_password: str = field(default="", repr=False)  # likewise, the TURN server's

    def changed(self) -> bool:
        return (self.saved is None or self.spec != self.saved or bool(self.password)
                or bool(self.turn_password))


class SettingsDialog(QDialog):
    """Accounts, audio, language, database and central database; OK/Apply save them off the
    UI thread."""

    settings_saved = Signal(object)  # the new Settings, after the file was written
    accounts_changed = Signal(list)  # names of accounts added, changed or removed

    def __init__(self, settings: Settings, config_path: Path, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._config_path = config_path
        self._tasks = tasks
        self._busy = False
        self._drafts = [_Draft(spec=a, saved=a) for a in settings.accounts]
        self._removed: list[str] = []
        self._show_all_problems = False
        self._audio_ready = False
        self._media: QMediaDevices | None = None

        self.page_list = QListWidget()
        self.page_list.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        for _ in range(PAGE_COUNT):
            self.page_list.addItem(QListWidgetItem())
        self.pages = QStackedWidget()
        self.pages.addWidget(self._accounts_page())
        self.pages.addWidget(self._audio_page())
        self.pages.addWidget(self._language_page())
        self.pages.addWidget(self._database_page())
        self.pages.addWidget(self._central_page())
        self.page_list.currentRowChanged.connect(self._page_changed)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.busy_row = BusyRow()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)

        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.buttons)
        self.setStyleSheet(_ERROR_STYLE)

        self._shortcuts: list[tuple[QShortcut, int]] = []
        for index in range(PAGE_COUNT):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(partial(self.show_page, index))
            self._shortcuts.append((shortcut, index))
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self._add_shortcut)
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.account_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_account)

        QWidget.setTabOrder(self.page_list, self.account_list)
        QWidget.setTabOrder(self.account_list, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.account_form.name_edit)

        for draft in self._drafts:
            self.account_list.addItem(QListWidgetItem(draft.spec.name))
        self.retranslate()
        self.page_list.setCurrentRow(PAGE_ACCOUNTS)
        self.account_list.setCurrentRow(0 if self._drafts else -1)
        self._select(self.account_list.currentRow())
        # A few lines to spare, for the problem texts that appear under the fields.
        self.resize(self.sizeHint() + QSize(0, self.fontMetrics().height() * 4))

    # -- pages ---------------------------------------------------------------------------------

    def _accounts_page(self) -> QWidget:
        page = QWidget()
        self.account_list = QListWidget()
        self.account_list.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.account_list.currentRowChanged.connect(self._select)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_account)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_account)
        self.accounts_hint = QLabel()
        self.accounts_hint.setWordWrap(True)
        self.account_form = AccountForm()
        self.account_form.edited.connect(self._form_edited)
        left = QVBoxLayout()
        left.addWidget(self.account_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        form_box = QWidget()
        column = QVBoxLayout(form_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.accounts_hint)
        column.addWidget(self.account_form)
        column.addStretch()
        # In a scroll area: it gives wrapped problem texts their height (a dialog's own layout
        # does not), and keeps the form usable on a small screen at 200 %.
        scroll = FormScroll()
        scroll.setWidget(form_box)
        right = QVBoxLayout()
        right.addWidget(scroll)
        layout = QHBoxLayout(page)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        return page

    def _audio_page(self) -> QWidget:
        page = QWidget()
        audio = self._settings.audio
        self._refilling = False
        self.input_combo = QComboBox()
        self.input_combo.currentIndexChanged.connect(self._input_changed)
        self.output_combo = QComboBox()
        self.ringer_combo = QComboBox()
        self.input_label = QLabel()
        self.input_label.setBuddy(self.input_combo)
        self.output_label = QLabel()
        self.output_label.setBuddy(self.output_combo)
        self.ringer_label = QLabel()
        self.ringer_label.setBuddy(self.ringer_combo)
        self.audio_note = QLabel()
        self.audio_note.setWordWrap(True)

        # The chosen microphone's level, live while this page shows.
        self.level_meter = LevelMeter()
        self.level_label = QLabel()
        self.level_problem = QLabel()
        self.level_problem.setObjectName("fieldError")
        self.level_problem.setWordWrap(True)
        self.level_problem.hide()
        self.mic_level = MicLevel(self)
        self.mic_level.level.connect(self.level_meter.set_level)
        self.mic_level.failed.connect(self._mic_failed)
        level_cell = QWidget()
        level_column = QVBoxLayout(level_cell)
        level_column.setContentsMargins(0, 0, 0, 0)
        level_column.addWidget(self.level_meter)
        level_column.addWidget(self.level_problem)

        self.echo_button = QPushButton()
        self.echo_button.clicked.connect(self._echo_test)
        self.echo_status = QLabel()
        self.echo_status.setWordWrap(True)
        self.echo_test = EchoTest(parent=self)
        self.echo_test.status.connect(self.echo_status.setText)
        self.echo_test.phase_changed.connect(self._echo_phase)
        echo_row = QHBoxLayout()
        echo_row.addWidget(self.echo_button)
        echo_row.addWidget(self.echo_status, 1)

        self.echo_check = QCheckBox()
        self.echo_check.setChecked(audio.echo_cancellation)
        self.noise_check = QCheckBox()
        self.noise_check.setChecked(audio.noise_suppression)

        self.codec_list = QListWidget()
        self.codec_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for name in audio.codec_order:
            item = QListWidgetItem(codec_label(name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.codec_list.addItem(item)
        row_height = self.codec_list.sizeHintForRow(0)
        if row_height <= 0:
            row_height = self.codec_list.fontMetrics().height() + 2
        self.codec_list.setFixedHeight(row_height * max(4, self.codec_list.count())
                                       + 2 * self.codec_list.frameWidth() + 2)
        self.codec_list.currentRowChanged.connect(self._codec_buttons)
        self.codec_list.model().rowsMoved.connect(self._codec_dropped)  # drag and drop
        self.codec_label = QLabel()
        self.codec_label.setBuddy(self.codec_list)
        self.codec_up = QPushButton()
        self.codec_up.clicked.connect(partial(self._move_codec, -1))
        self.codec_down = QPushButton()
        self.codec_down.clicked.connect(partial(self._move_codec, 1))
        codec_buttons = QVBoxLayout()
        codec_buttons.addWidget(self.codec_up)
        codec_buttons.addWidget(self.codec_down)
        codec_buttons.addStretch()
        codec_row = QHBoxLayout()
        codec_row.addWidget(self.codec_list, 1)
        codec_row.addLayout(codec_buttons)
        codec_row.setAlignment(codec_buttons, Qt.AlignmentFlag.AlignTop)
        self.codec_note = QLabel()
        self.codec_note.setWordWrap(True)
        self.restart_note = QLabel()
        self.restart_note.setWordWrap(True)
        self.codec_list.setCurrentRow(0 if self.codec_list.count() else -1)
        self._codec_buttons(self.codec_list.currentRow())

        form = QWidget()
        layout = QFormLayout(form)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addRow(self.input_label, self.input_combo)
        layout.addRow(self.level_label, level_cell)
        layout.addRow(self.output_label, self.output_combo)
        layout.addRow(self.ringer_label, self.ringer_combo)
        column = QVBoxLayout(page)
        column.addWidget(form)
        # The full-width rows in a box, not in the form: QFormLayout under-counts the height
        # of wrapped rows spanning both columns, and drew the codec help over the codec list.
        column.addWidget(self.audio_note)
        column.addLayout(echo_row)
        column.addWidget(self.echo_check)
        column.addWidget(self.noise_check)
        column.addWidget(self.codec_label)
        column.addLayout(codec_row)
        column.addWidget(self.codec_note)
        column.addWidget(self.restart_note)
        column.addStretch()  # spare height below the rows, not between them
        # Scrolls on a small screen; shown and hidden with the page, it turns the meter on/off.
        scroll = FormScroll()
        scroll.setWidget(page)
        self._audio_scroll = scroll
        scroll.installEventFilter(self)
        return scroll

    def _language_page(self) -> QWidget:
        page = QWidget()
        self.name_label = QLabel()
        self.name_edit = QLineEdit(agent_name(self._settings))
        self.name_edit.setObjectName("agentName")
        self.name_edit.setMaxLength(255)
        self.name_label.setBuddy(self.name_edit)
        self.name_note = QLabel()
        self.name_note.setWordWrap(True)
        self.language_title = QLabel()
        self.language_picker = LanguagePicker(self._settings.ui.language)
        self.language_buttons = self.language_picker.buttons
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        self.autostart_check = QCheckBox()
        self.autostart_check.setObjectName("startAtLogin")
        self.autostart_check.setChecked(self._settings.ui.start_at_login)
        layout = QVBoxLayout(page)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.name_note)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.language_title)
        layout.addWidget(self.language_picker)
        layout.addWidget(self.language_note)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.autostart_check)
        layout.addStretch()
        return page

    def _database_page(self) -> QWidget:
        page = QWidget()
        self.database_label = QLabel()
        self.database_edit = QLineEdit(self._settings.cases.database)
        self.database_edit.textEdited.connect(self._database_edited)
        self.database_label.setBuddy(self.database_edit)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.database_error = QLabel()
        self.database_error.setObjectName("fieldError")
        self.database_error.setWordWrap(True)
        self.database_error.hide()
        self.database_note = QLabel()
        self.database_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.database_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.database_label)
        layout.addLayout(row)
        layout.addWidget(self.database_error)
        layout.addWidget(self.database_note)
        layout.addStretch()
        return page

    def _central_page(self) -> QWidget:
        # CASELINE_CENTRAL_URL decides over the file (CentralSettings.effective_url): shown,
        # not editable here.
        self._central_env = os.environ.get(ENV_CENTRAL_URL, "").strip()
        self._central_stored: dict[str, tuple[str, bool] | None] = {}  # URL -> (role, stored)
        self._central_looking: set[str] = set()
        self._central_token = 0  # a test's result counts only if nothing changed meanwhile
        self._central_outcome: str | BaseException | None = None  # the role, or the failure
        self._central_detail = ""
        page = QWidget()
        self.central_url_label = QLabel()
        self.central_url_edit = QLineEdit(self._central_env or self._settings.central.url)
        self.central_url_edit.setReadOnly(bool(self._central_env))
        self.central_url_edit.setCursorPosition(0)  # role and host first; the options may wait
        self.central_url_label.setBuddy(self.central_url_edit)
        # Changed, not edited: a screen reader or a test may set the text directly.
        self.central_url_edit.textChanged.connect(self._central_url_edited)
        self.central_url_edit.editingFinished.connect(self._central_url_finished)
        self.central_url_error = QLabel()
        self.central_url_error.setObjectName("fieldError")
        self.central_url_error.setWordWrap(True)
        self.central_url_error.hide()
        self.central_env_note = QLabel()
        self.central_env_note.setWordWrap(True)
        self.central_env_note.setVisible(bool(self._central_env))
        # The administrator's opt-out of TLS is shown, never set, here (a deployment rule).
        self.central_insecure_note = QLabel()
        self.central_insecure_note.setObjectName("fieldError")
        self.central_insecure_note.setWordWrap(True)
        self.central_insecure_note.setVisible(self._settings.central.allow_insecure)
        self.central_password_label = QLabel()
        self.central_password_edit = QLineEdit()
        self.central_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.central_password_label.setBuddy(self.central_password_edit)
        self.central_password_edit.textChanged.connect(self._central_password_edited)
        self.central_stored_note = QLabel()
        self.central_stored_note.setWordWrap(True)
        self.central_stored_note.hide()
        self.central_test_button = QPushButton()
        self.central_test_button.clicked.connect(self.check_central_connection)
        self.central_busy = BusyRow()
        self.central_result = QLabel()
        self.central_result.setWordWrap(True)
        self.central_result.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)  # a reason to copy for the IT desk
        self.central_result.hide()
        self.central_note = QLabel()
        self.central_note.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.central_test_button)
        test_row.addWidget(self.central_busy, 1)
        test_row.addStretch()  # the button keeps its size while the busy row is hidden
        column = QVBoxLayout(page)
        column.addWidget(self.central_url_label)
        column.addWidget(self.central_url_edit)
        column.addWidget(self.central_url_error)
        column.addWidget(self.central_env_note)
        column.addWidget(self.central_insecure_note)
        column.addWidget(self.central_password_label)
        column.addWidget(self.central_password_edit)
        column.addWidget(self.central_stored_note)
        column.addLayout(test_row)
        column.addWidget(self.central_result)
        column.addWidget(self.central_note)
        column.addStretch()
        self._central_fields()
        # In a scroll area, like the account form: wrapped texts get their height there.
        scroll = FormScroll()
        scroll.setWidget(page)
        return scroll

    def show_page(self, index: int) -> None:
        self.page_list.setCurrentRow(index)

    def _page_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if index == PAGE_AUDIO:
            self._fill_audio()
        elif index == PAGE_CENTRAL:
            # The keyring is asked only now: it may show an unlock prompt, which opening the
            # dialog for another page must not cause.
            self._look_up_central_password()

    def _button(self, which: QDialogButtonBox.StandardButton) -> QPushButton:
        button = self.buttons.button(which)
        assert button is not None  # the box was built with it
        return button

    # -- accounts ------------------------------------------------------------------------------

    def add_account(self) -> None:
        self._drafts.append(_Draft(spec=_BLANK))
        self.account_list.addItem(QListWidgetItem(self.tr("New account")))
        self.account_list.setCurrentRow(len(self._drafts) - 1)
        self.account_form.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_shortcut(self) -> None:
        self.show_page(PAGE_ACCOUNTS)
        self.add_account()

    def remove_account(self) -> None:
        """Forget the selected account; its password goes from the keyring at OK/Apply."""
        row = self.account_list.currentRow()
        if not 0 <= row < len(self._drafts) or self._busy:
            return
        draft = self._drafts.pop(row)
        if draft.saved is not None:
            self._removed.append(draft.saved.name)
        self.account_list.takeItem(row)  # selects a neighbour, which _select shows
        if not self._drafts:
            self._select(-1)

    def _select(self, row: int) -> None:
        has = 0 <= row < len(self._drafts)
        self.account_form.setEnabled(has)
        self.remove_button.setEnabled(has)
        if not has:
            self.account_form.load(None)
            self.accounts_hint.setVisible(not self._drafts)
            return
        self.accounts_hint.hide()
        draft = self._drafts[row]
        self.account_form.load(draft.spec, password=draft.password,
                               turn_password=draft.turn_password, new=draft.saved is None)
        if self._show_all_problems:
            self.account_form.reveal_problems(self._draft_problems(row), focus=False)

    def _form_edited(self) -> None:
        row = self.account_list.currentRow()
        if not 0 <= row < len(self._drafts):
            return
        draft = self._drafts[row]
        draft.spec = self.account_form.spec()
        draft.password = self.account_form.password()
        draft.turn_password = self.account_form.turn_password()
        item = self.account_list.item(row)
        if item is not None:
            item.setText(self._item_text(draft))
        self.account_form.show_problems(self._draft_problems(row))
        if self._show_all_problems and not any(
                self._draft_problems(i) for i in range(len(self._drafts))):
            self.message.hide()  # the refusal it explained is fixed

    def _item_text(self, draft: _Draft) -> str:
        return draft.spec.name or self.tr("New account")

    def _draft_problems(self, row: int) -> dict[str, str]:
        draft = self._drafts[row]
        taken = [d.spec.name for i, d in enumerate(self._drafts) if i != row]
        return account_problems(draft.spec, draft.password, taken,
                                password_required=draft.saved is None)

    # -- audio ---------------------------------------------------------------------------------

    def _fill_audio(self) -> None:
        """List the devices the first time the page shows: Qt's sound backend takes a moment
        to start, and most visits to this dialog never need it."""
        if not self._audio_ready:
            self._audio_ready = True
            self._media = QMediaDevices(self)
            self._media.audioInputsChanged.connect(self._inputs_changed)
            self._media.audioOutputsChanged.connect(self._refill_audio)
            audio = self._settings.audio
            self._refill_audio(audio.input, audio.output, audio.ringer)
        else:
            self._refill_audio()

    def _refill_audio(self, wanted_input: str | None = None, wanted_output: str | None = None,
                      wanted_ringer: str | None = None) -> None:
        current = self.audio_choice()
        inputs = audio_inputs()
        outputs = audio_outputs()
        self._refilling = True  # the combo passes through other rows: no meter on those
        try:
            self._fill_devices(self.input_combo, inputs,
                               current.input if wanted_input is None else wanted_input)
        finally:
            self._refilling = False
        self._fill_devices(self.output_combo, outputs,
                           current.output if wanted_output is None else wanted_output)
        self._fill_devices(self.ringer_combo, outputs,
                           current.ringer if wanted_ringer is None else wanted_ringer)
        self._input_changed()

    def _fill_devices(self, combo: QComboBox, devices: list[tuple[str, str]],
                      wanted: str) -> None:
        combo.clear()
        combo.addItem(self.tr("System default"), "")
        for ident, description in devices:
            combo.addItem(description or ident, ident)
        if wanted and combo.findData(wanted) < 0:
            # An unplugged headset stays chosen: it is used again when it comes back.
            combo.addItem(self.tr("{device} (not connected)").format(device=wanted), wanted)
        combo.setCurrentIndex(max(0, combo.findData(wanted)))

    def audio_choice(self) -> AudioSettings:
        saved = self._settings.audio
        codecs = tuple(str(item.data(Qt.ItemDataRole.UserRole)) for item in self._codec_items())
        # The same list keeps its spelling in the file ("opus, G722" is not rewritten).
        chosen = replace(saved, echo_cancellation=self.echo_check.isChecked(),
                         noise_suppression=self.noise_check.isChecked(),
                         codecs=saved.codecs if codecs == saved.codec_order
                         else ",".join(codecs))
        if not self._audio_ready:
            return chosen  # the devices as saved: the page never listed them
        # The recording policy is the deployment's, not the agent's: it is kept as it is.
        return replace(chosen, input=str(self.input_combo.currentData() or ""),
                       output=str(self.output_combo.currentData() or ""),
                       ringer=str(self.ringer_combo.currentData() or ""))

    def _codec_items(self) -> list[QListWidgetItem]:
        items = (self.codec_list.item(row) for row in range(self.codec_list.count()))
        return [item for item in items if item is not None]

    def _move_codec(self, step: int) -> None:
        row = self.codec_list.currentRow()
        target = row + step
        if not (0 <= row < self.codec_list.count() and 0 <= target < self.codec_list.count()):
            return
        item = self.codec_list.takeItem(row)
        self.codec_list.insertItem(target, item)
        self.codec_list.setCurrentRow(target)

    def _codec_dropped(self, *_args: object) -> None:
        self._codec_buttons(self.codec_list.currentRow())

    def _codec_buttons(self, row: int) -> None:
        self.codec_up.setEnabled(row > 0)
        self.codec_down.setEnabled(0 <= row < self.codec_list.count() - 1)

    # The meter and the echo test run only while the page shows: an open microphone lights the
    # system's recording indicator, and nobody looks at a hidden meter.

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._audio_scroll:
            if event.type() == QEvent.Type.Show:
                self._start_meter()
            elif event.type() == QEvent.Type.Hide:
                self.mic_level.stop()
                self.echo_test.stop()
        return super().eventFilter(watched, event)

    def _chosen_input(self) -> str:
        if not self._audio_ready:
            return self._settings.audio.input
        return str(self.input_combo.currentData() or "")

    def _start_meter(self, *, again: bool = False) -> None:
        wanted = self._chosen_input()
        if self.mic_level.device_id == wanted and not again:
            return  # already on it (or it would not open: no retry until something changes)
        self.level_meter.reset()
        self.level_problem.hide()
        self.mic_level.start(wanted)

    def _input_changed(self, *_args: object) -> None:
        """Another microphone chosen: the meter follows it."""
        if not self._refilling and self.mic_level.device_id is not None:
            self._start_meter()

    def _inputs_changed(self) -> None:
        self._refill_audio()
        if self.mic_level.device_id is not None:
            self._start_meter(again=True)  # a headset plugged in or out: its stream is new

    def _mic_failed(self, text: str) -> None:
        self.level_problem.setText(text)
        self.level_problem.show()

    def _echo_test(self) -> None:
        self.echo_test.start(self._chosen_input(), self.audio_choice().output)

    def _echo_phase(self, _phase: str) -> None:
        self.echo_button.setEnabled(not self.echo_test.is_running())

    # -- database ------------------------------------------------------------------------------

    def _database_problem(self) -> str | None:
        text = self.database_edit.text().strip()
        if text and not Path(text).expanduser().is_absolute():
            return "relative_path"
        return None

    def _database_edited(self) -> None:
        problem = self._database_problem()
        self.database_error.setVisible(problem is not None)
        if problem is not None:
            self.database_error.setText(account_problem_text(problem))

    def _browse(self) -> None:
        start = self.database_edit.text().strip() or str(
            self._settings.cases.database_path())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Case database file"), start,
            self.tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)  # choosing an existing one is fine
        if chosen:
            self.database_edit.setText(chosen)
            self._database_edited()

    # -- central database ----------------------------------------------------------------------

    def _central_text(self) -> str:
        return self.central_url_edit.text().strip()

    def _allow_insecure(self) -> bool:
        return self._settings.central.allow_insecure

    def _central_problem(self) -> str | None:
        if self._central_env and not self.central_password_edit.text():
            return None  # the environment's URL is not saved here: nothing to refuse
        return central_url_problem(self._central_text(), self._allow_insecure())

    def _show_central_problem(self, problem: str | None) -> None:
        text = central_problem_text(problem) if problem is not None else ""
        self.central_url_error.setText(text)
        self.central_url_error.setVisible(problem is not None)
        self.central_url_edit.setAccessibleDescription(text)

    def _central_url_edited(self) -> None:
        self._central_changed()
        if not self.central_url_error.isHidden():
            self._show_central_problem(self._central_problem())  # gone once it is fixed

    def _central_url_finished(self) -> None:
        # Judged when the agent leaves the field, not at every key: "postg" is no error yet.
        if self._central_text():
            self._show_central_problem(self._central_problem())
        self._look_up_central_password()

    def _central_password_edited(self) -> None:
        self._central_changed()

    def _central_changed(self) -> None:
        """The URL or the password changed: an earlier test result no longer holds."""
        self._central_token += 1
        self._central_outcome = None
        self._central_detail = ""
        self.central_busy.hide()
        self.central_result.hide()
        self._central_fields()

    def _central_fields(self) -> None:
        has_url = bool(self._central_text())
        self.central_password_edit.setEnabled(has_url)  # a password is a URL's role's
        self.central_test_button.setEnabled(has_url and self.central_busy.isHidden())
        self._show_stored()

    def _show_stored(self) -> None:
        found = self._central_stored.get(self._central_text()) if self._central_text() else None
        if found is None:
            self.central_stored_note.hide()  # not asked yet, or the keyring did not answer
            return
        role, stored = found
        if stored:
            text = self.tr("A password for {role} is stored in the system keyring. Leave the "
                           "field empty to keep it.").format(role=role)
        else:
            text = self.tr("No password for {role} is stored on this PC yet: type it "
                           "here.").format(role=role)
        self.central_stored_note.setText(text)
        self.central_stored_note.show()

    def _look_up_central_password(self) -> None:
        """Ask the keyring (on a worker thread) whether the URL's role has a password."""
        text = self._central_text()
        if not text or text in self._central_stored or text in self._central_looking \
                or central_url_problem(text, self._allow_insecure()) is not None:
            return
        self._central_looking.add(text)
        # Imported here, on the UI thread, not first by the worker below: psycopg is a C
        # extension, and a thread that dlopens one holds the GIL while the UI thread may be
        # loading a Qt library that logs through our handler (the deadlock of app.ui.desktop).
        import app.sync.connect  # noqa: F401, PLC0415

        self._tasks.watch(_in_thread(stored_central_password, text), self,
                          partial(self._central_found, text),
                          partial(self._central_not_found, text))

    def _central_found(self, text: str, found: tuple[str, bool]) -> None:
        self._central_looking.discard(text)
        self._central_stored[text] = found
        self._show_stored()

    def _central_not_found(self, text: str, error: BaseException) -> None:
        self._central_looking.discard(text)
        log.warning("keyring: cannot tell whether a central password is stored: %s", error)
        self._central_stored[text] = None
        self._show_stored()

    def check_central_connection(self) -> None:
        """Test connection: sign in on a worker thread; the result shows under the button."""
        text = self._central_text()
        if not text or self._busy:
            return
        problem = central_url_problem(text, self._allow_insecure())
        if problem is not None:
            self._show_central_problem(problem)
            self.central_url_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._central_changed()
        token = self._central_token
        self.central_busy.show()
        self.central_test_button.setEnabled(False)
        future = _in_thread(try_central, text, self.central_password_edit.text(),
                            self._allow_insecure())
        self._tasks.watch(future, self, partial(self._central_tested, token),
                          partial(self._central_test_failed, token))

    def _central_tested(self, token: int, role: str) -> None:
        if token != self._central_token:
            return  # the URL or password changed meanwhile: this result is about the old one
        self._central_outcome = role
        self._central_detail = ""
        self._show_central_result()

    def _central_test_failed(self, token: int, error: BaseException) -> None:
        if token != self._central_token:
            return
        log.info("central database connection test: %s", error)  # never holds the password
        self._central_outcome = error
        self._central_detail = central_test_detail(error)
        self._show_central_result()

    def _show_central_result(self) -> None:
        self.central_busy.hide()
        self._central_fields()
        outcome = self._central_outcome
        if outcome is None:
            self.central_result.hide()
            return
        if isinstance(outcome, str):
            text = self.tr("Connected: the central database accepted {role} and the "
                           "password.").format(role=outcome)
            self.central_result.setStyleSheet("")
        else:
            text = central_test_text(outcome)
            if self._central_detail:
                # The server's own words (untranslated), for whoever runs the database.
                text += "\n" + self._central_detail[:DETAIL_CHARS]
            self.central_result.setStyleSheet("color: #c5221f;")
        self.central_result.setText(text)
        self.central_result.show()

    def central_result_text(self) -> str:
        return self.central_result.text() if not self.central_result.isHidden() else ""

    # -- saving --------------------------------------------------------------------------------

    def accept(self) -> None:
        """OK: save, and close once the save went through."""
        self._save(close=True)

    def apply(self) -> None:
        self._save(close=False)

    def reject(self) -> None:
        if self._busy:
            return  # the save finishes first; it cannot be taken back halfway
        super().reject()

    def is_busy(self) -> bool:
        return self._busy

    def pending(self) -> SaveRequest:
        """What OK/Apply would write now."""
        current = self._settings
        database = self.database_edit.text().strip()
        central_text = self._central_text()
        new = replace(
            current,
            accounts=tuple(d.spec for d in self._drafts),
            # replace(), not a new UiSettings: the theme and what else the file holds stay.
            ui=replace(current.ui, language=self.language_picker.language(),
                       start_at_login=self.autostart_check.isChecked()),
            audio=self.audio_choice(),
            cases=replace(current.cases, database=database, agent_name=self._agent_name()),
            # The environment's URL stays the environment's: the file keeps its own.
            central=current.central if self._central_env
            else replace(current.central, url=central_text),
        )
        return SaveRequest(
            settings=new,
            passwords={d.spec.name: d.password for d in self._drafts if d.password},
            turn_passwords={d.spec.name: d.turn_password for d in self._drafts
                            if d.turn_password},
            renamed={d.spec.name: d.saved.name for d in self._drafts
                     if d.saved is not None and d.saved.name != d.spec.name},
            removed=tuple(self._removed),
            central_password=self.central_password_edit.text() if central_text else "",
            central_url=central_text,
        )

    def _agent_name(self) -> str:
        """The name typed, or the one kept when the field is left as it was shown (the OS
        user's full name is not written to the file: it follows the OS account)."""
        typed = " ".join(self.name_edit.text().split())
        if typed == agent_name(self._settings) and not self._settings.cases.agent_name:
            return ""
        return typed

    def _changed_accounts(self) -> list[str]:
        names: list[str] = list(self._removed)
        for draft in self._drafts:
            if draft.saved is not None and draft.saved.name != draft.spec.name:
                names.append(draft.saved.name)
            if draft.changed():
                names.append(draft.spec.name)
        return list(dict.fromkeys(names))

    def _refused(self) -> bool:
        """Show what blocks a save (and where), or say nothing blocks it."""
        for row in range(len(self._drafts)):
            problems = self._draft_problems(row)
            if problems:
                self._show_all_problems = True
                self.show_page(PAGE_ACCOUNTS)
                self.account_list.setCurrentRow(row)
                self.account_form.reveal_problems(problems)
                self._say(self.tr("Some account fields need attention; nothing was saved."),
                          error=True)
                return True
        if self._database_problem() is not None:
            self.show_page(PAGE_DATABASE)
            self._database_edited()
            self.database_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(self.tr("The database location needs attention; nothing was saved."),
                      error=True)
            return True
        central = self._central_problem()
        if central is not None:
            self.show_page(PAGE_CENTRAL)
            self._show_central_problem(central)
            self.central_url_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(self.tr("The central database URL needs attention; nothing was saved."),
                      error=True)
            return True
        return False

    def _save(self, *, close: bool) -> None:
        if self._busy or self._refused():
            return
        request = self.pending()
        if request.settings == self._settings and not request.writes_keyring():
            if close:
                super().accept()
            else:
                self._say(self.tr("Nothing to save."))
            return
        changed = self._changed_accounts()
        central = (request.settings.central != self._settings.central
                   or bool(request.central_password))
        self._set_busy(True)
        future = _in_thread(persist, self._config_path, request)
        self._tasks.watch(future, self, partial(self._saved, close, changed, central),
                          self._failed)

    def _saved(self, close: bool, changed: list[str], central: bool,
               outcome: SaveOutcome) -> None:
        self._set_busy(False)
        self._settings = outcome.settings
        if central:
            self.central_password_edit.clear()  # in the keyring now; never shown again
            self._central_stored.clear()  # a new password, or another role: ask again
            self._central_fields()
            if self.pages.currentIndex() == PAGE_CENTRAL and not close:
                self._look_up_central_password()
        for draft in self._drafts:
            draft.saved = draft.spec
            draft.password = ""  # it is in the keyring now; the field never shows it again
            draft.turn_password = ""
        self._removed.clear()
        self._show_all_problems = False
        self._select(self.account_list.currentRow())
        self.settings_saved.emit(outcome.settings)
        if changed:
            self.accounts_changed.emit(changed)
        if outcome.undeleted:
            self._say(self.tr("Saved. The system keyring could not delete the password of {names};"
                              " remove it with your keyring manager.").format(
                                  names=", ".join(outcome.undeleted)), error=True)
            return  # stay open so the warning is read
        if close:
            super().accept()
        elif central:
            # The sync started with the old URL and password: it is set up once, at start.
            self._say(self.tr("Settings saved. The central database changes apply the next "
                              "time CaseLine starts."))
        else:
            self._say(self.tr("Settings saved."))

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        log.warning("settings not saved: %s", error)
        self._say(save_error_text(error), error=True)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.pages.setEnabled(not busy)
        self.page_list.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self.busy_row.setVisible(busy)
        if busy:
            self.message.hide()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c5221f;" if error else "")
        self.message.setText(text)
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    # -- texts ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        titles = [self.tr("Accounts"), self.tr("Audio"), self.tr("You and language"),
                  self.tr("Database"), self.tr("Central database")]
        for index, title in enumerate(titles):
            item = self.page_list.item(index)
            if item is not None:
                item.setText(title)
        self.page_list.setAccessibleName(self.tr("Settings pages"))
        # As wide as the longest page name in this language (CJK glyphs are full-width).
        widest = max(self.page_list.fontMetrics().horizontalAdvance(t) for t in titles)
        self.page_list.setFixedWidth(widest + 32)
        for shortcut, index in self._shortcuts:
            item = self.page_list.item(index)
            if item is not None:
                keys = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
                item.setToolTip(self.tr("{page} ({keys})").format(page=titles[index],
                                                                   keys=keys))
        self.account_list.setAccessibleName(self.tr("Accounts"))
        for row, draft in enumerate(self._drafts):
            item = self.account_list.item(row)
            if item is not None:
                item.setText(self._item_text(draft))
        new_keys = QKeySequence(QKeySequence.StandardKey.New).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.add_button.setText(self.tr("&Add"))
        self.add_button.setToolTip(self.tr("Add an account ({keys})").format(keys=new_keys))
        self.add_button.setAccessibleName(self.tr("Add an account"))
        self.remove_button.setText(self.tr("Re&move"))
        self.remove_button.setToolTip(self.tr("Remove the selected account (Delete)"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected account"))
        self.accounts_hint.setText(self.tr(
            "No phone system account yet. Press Add to connect to your phone system; without "
            "one, CaseLine still takes direct calls."))
        self.input_label.setText(self.tr("&Microphone:"))
        self.output_label.setText(self.tr("&Speaker:"))
        self.ringer_label.setText(self.tr("&Ringing device:"))
        self.input_combo.setAccessibleName(self.tr("Microphone"))
        self.output_combo.setAccessibleName(self.tr("Speaker"))
        self.ringer_combo.setAccessibleName(self.tr("Ringing device"))
        self.audio_note.setText(self.tr(
            "The ringing device can be loudspeakers, so you hear calls with the headset off."))
        self.level_label.setText(self.tr("Microphone level:"))
        self.echo_button.setText(self.tr("Echo &test"))
        self.echo_button.setAccessibleName(self.tr("Echo test"))
        self.echo_button.setToolTip(self.tr(
            "Records 3 seconds from the microphone, then plays them back on the speaker."))
        if self.echo_test.phase is EchoPhase.IDLE:
            self.echo_status.setText(self.tr("Check your headset before a call."))
        self.echo_check.setText(self.tr("&Echo cancellation"))
        self.echo_check.setAccessibleName(self.tr("Echo cancellation"))
        self.noise_check.setText(self.tr("&Noise suppression"))
        self.noise_check.setAccessibleName(self.tr("Noise suppression"))
        # The Linux SIP stack has no sound device of its own: speech goes through Qt, where the
        # engine's canceller cannot reach; the sound server's canceller does the job there.
        processing = self.tr(
            "Done by the phone engine on its own sound devices (Windows, macOS). Where speech "
            "goes through the system's sound server (Linux), choose the server's echo-cancelled "
            "microphone and speaker instead (PipeWire or PulseAudio echo-cancel).")
        self.echo_check.setToolTip(processing)
        self.noise_check.setToolTip(processing)
        self.codec_label.setText(self.tr("C&odecs, best first:"))
        self.codec_list.setAccessibleName(self.tr("Codecs, best first"))
        for item in self._codec_items():
            item.setText(codec_label(str(item.data(Qt.ItemDataRole.UserRole))))
        self.codec_up.setText(self.tr("Move &up"))
        self.codec_up.setAccessibleName(self.tr("Move the codec up"))
        self.codec_down.setText(self.tr("Move &down"))
        self.codec_down.setAccessibleName(self.tr("Move the codec down"))
        self.codec_note.setText(self.tr(
            "Calls use the first codec in this list that the other side also has; codecs not "
            "listed stay available after these. Opus is used only where the SIP stack includes "
            "it."))
        self.restart_note.setText(self.tr(
            "Codec, echo cancellation and noise suppression changes apply after CaseLine "
            "restarts."))
        if self._audio_ready:
            self._refill_audio()  # "System default" and "(not connected)" in the new language
        self.name_label.setText(self.tr("Your &name:"))
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.name_note.setText(self.tr(
            "Your notes are signed with it. When CaseLine syncs with a central database, the "
            "name your team leader gave you there is used instead."))
        self.language_title.setText(self.tr("Language of the CaseLine window:"))
        self.language_note.setText(self.tr("The new language applies when you press OK or "
                                           "Apply."))
        self.autostart_check.setText(self.tr("&Start CaseLine when I log in (in the tray)"))
        self.autostart_check.setAccessibleName(self.tr("Start CaseLine when I log in"))
        self.database_label.setText(self.tr("Case database &file:"))
        self.database_edit.setAccessibleName(self.tr("Case database file"))
        self.database_edit.setPlaceholderText(
            self.tr("Default: {path}").format(path=self._default_database()))
        self.browse_button.setText(self.tr("&Browse…"))
        self.browse_button.setAccessibleName(self.tr("Choose the case database file"))
        self.database_note.setText(self.tr(
            "CaseLine opens the database at this location the next time it starts. The current "
            "file is neither moved nor copied. Leave the field empty for the default location."))
        if not self.database_error.isHidden():
            self._database_edited()
        self.central_url_label.setText(self.tr("Central database &URL:"))
        self.central_url_edit.setAccessibleName(self.tr("Central database URL"))
        self.central_url_edit.setPlaceholderText(self.tr(
            "postgresql://role@host:5432/database (empty: this PC only)"))
        self.central_env_note.setText(self.tr(
            "Set by the environment variable {name}, which takes precedence over this "
            "setting: change it there.").format(name=ENV_CENTRAL_URL))
        self.central_insecure_note.setText(self.tr(
            "{title}: on. The administrator set allow_insecure in the settings file: a server "
            "on another machine may be reached without TLS, and what is sent can be read on "
            "the way.").format(title=setting_title("central.allow_insecure")))
        self.central_password_label.setText(self.tr("&Password:"))
        self.central_password_edit.setAccessibleName(self.tr("Central database password"))
        self.central_password_edit.setPlaceholderText(self.tr(
            "Stored only in the system keyring"))
        self.central_test_button.setText(self.tr("&Test connection"))
        self.central_test_button.setAccessibleName(self.tr(
            "Test the connection to the central database"))
        self.central_busy.label.setText(self.tr("Connecting…"))
        self.central_busy.bar.setAccessibleName(self.tr("Connecting"))
        self.central_note.setText(self.tr(
            "CaseLine syncs this PC's call log, SRs and notes with your team's central "
            "database. Leave the URL empty to work on this PC only. Connection options such as "
            "sslmode=verify-full go at the end of the URL, after a question mark. The password "
            "is kept in the system keyring, never in the settings file. Changes apply the next "
            "time CaseLine starts."))
        if not self.central_url_error.isHidden():
            self._show_central_problem(self._central_problem())
        self._show_stored()
        if self._central_outcome is not None:
            self._show_central_result()
        self.busy_row.label.setText(self.tr("Saving…"))
        self.busy_row.bar.setAccessibleName(self.tr("Saving"))
        texts = {
            QDialogButtonBox.StandardButton.Ok: self.tr("Save and close"),
            QDialogButtonBox.StandardButton.Apply: self.tr("Save"),
            QDialogButtonBox.StandardButton.Cancel: self.tr("Close without saving"),
        }
        for which, accessible in texts.items():
            self._button(which).setAccessibleName(accessible)

    def _default_database(self) -> str:
        return str(replace(self._settings.cases, database="").database_path())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
