"""The settings dialog's central database page, on a real config file and the in-memory
keyring (tests/conftest.py). The connection test against a real PostgreSQL is in
tests/integration/central/test_settings_connection.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QLineEdit

from app.config import secrets, settings
from app.config.settings import ENV_CENTRAL_URL, CentralSettings, Settings
from app.ui import settings_dialog
from app.ui.settings_dialog import PAGE_CENTRAL, SettingsDialog
from app.ui.sync import sync_error
from app.ui.tasks import Tasks
from tests.conftest import failing_keyring
from tests.unit.ui.conftest import Marking

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from tests.conftest import MemoryKeyring

URL = ("postgresql://alice@db.example.com:5432/caseline"
       "?sslmode=verify-full&sslrootcert=/etc/caseline/ca.pem")
KEY = "central:alice@db.example.com:5432/caseline"  # app.config.secrets.central_key of URL
PASSWORD = "s3cret pass!'\"田中"
WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def no_env_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of whoever runs the tests must not decide the URL."""
    monkeypatch.delenv(ENV_CENTRAL_URL, raising=False)


@pytest.fixture
def quiet_tasks(qtbot: QtBot) -> Tasks:
    return Tasks(None)  # the dialog never touches the case store


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config" / "caseline.toml"


def _open(qtbot: QtBot, config: Path, tasks: Tasks) -> SettingsDialog:
    dialog = SettingsDialog(settings.load(config), config, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page(PAGE_CENTRAL)
    return dialog


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Typed key by key; QTest has keys for ASCII only, the rest is pasted in."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    typed = "".join(c for c in text if c.isascii())
    qtbot.keyClicks(edit, typed)
    if typed != text:
        edit.setText(text)


def _button(dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> QAbstractButton:
    button = dialog.buttons.button(which)
    assert button is not None
    return button


def _ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.settings_saved, timeout=WAIT_MS):
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)


def _apply(qtbot: QtBot, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.settings_saved, timeout=WAIT_MS):
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Apply),
                         Qt.MouseButton.LeftButton)


def _press_ok_and_wait_idle(qtbot: QtBot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.message_text() != "",
                    timeout=WAIT_MS)


# -- saving ------------------------------------------------------------------------------------


def test_the_url_goes_to_the_file_and_the_password_to_the_keyring(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    assert not dialog.central_password_edit.isEnabled()  # no URL, no role to sign in as
    _type(qtbot, dialog.central_url_edit, URL)
    assert dialog.central_password_edit.isEnabled()
    assert dialog.central_password_edit.echoMode() == QLineEdit.EchoMode.Password
    _type(qtbot, dialog.central_password_edit, PASSWORD)

    _ok(qtbot, dialog)

    assert memory_keyring.store == {("caseline", KEY): PASSWORD}
    text = config.read_text(encoding="utf-8")
    assert "s3cret" not in text and "田中" not in text
    assert settings.load(config).central == CentralSettings(url=URL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_apply_says_the_change_applies_at_the_next_start_and_shows_the_stored_password(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _type(qtbot, dialog.central_url_edit, URL)
    _type(qtbot, dialog.central_password_edit, PASSWORD)

    _apply(qtbot, dialog)

    assert dialog.message_text() == ("Settings saved. The central database changes apply the "
                                     "next time CaseLine starts.")
    assert dialog.central_password_edit.text() == ""  # never shown back
    qtbot.waitUntil(dialog.central_stored_note.isVisible, timeout=WAIT_MS)
    assert dialog.central_stored_note.text() == (
        "A password for alice is stored in the system keyring. Leave the field empty to keep "
        "it.")
    assert memory_keyring.store == {("caseline", KEY): PASSWORD}


def test_an_empty_password_keeps_the_stored_one_and_an_empty_url_is_local_only(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    settings.save(config, Settings(central=CentralSettings(url=URL)))
    secrets.set_central_password(KEY, PASSWORD)
    dialog = _open(qtbot, config, quiet_tasks)
    qtbot.waitUntil(dialog.central_stored_note.isVisible, timeout=WAIT_MS)
    assert dialog.central_url_edit.text() == URL
    assert dialog.central_password_edit.text() == ""

    _type(qtbot, dialog.central_url_edit, "")
    assert not dialog.central_password_edit.isEnabled()
    assert not dialog.central_test_button.isEnabled()
    assert not dialog.central_stored_note.isVisible()
    _ok(qtbot, dialog)

    assert settings.load(config).central == CentralSettings(url="")
    assert memory_keyring.store == {("caseline", KEY): PASSWORD}  # left for a later return


def test_a_role_without_a_stored_password_is_told_to_type_one(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    settings.save(config, Settings(central=CentralSettings(url=URL)))
    dialog = _open(qtbot, config, quiet_tasks)
    qtbot.waitUntil(dialog.central_stored_note.isVisible, timeout=WAIT_MS)
    assert dialog.central_stored_note.text() == (
        "No password for alice is stored on this PC yet: type it here.")


def test_the_keyring_is_not_asked_before_the_page_shows(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    """A locked keyring may prompt for its password: opening Settings must not cause that."""
    settings.save(config, Settings(central=CentralSettings(url=URL)))
    asked: list[str] = []
    original = memory_keyring.get_password

    def counting(service: str, username: str) -> str | None:
        asked.append(username)
        return original(service, username)

    memory_keyring.get_password = counting  # type: ignore[method-assign]
    dialog = SettingsDialog(settings.load(config), config, quiet_tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert asked == []
    dialog.show_page(PAGE_CENTRAL)
    qtbot.waitUntil(dialog.central_stored_note.isVisible, timeout=WAIT_MS)
    assert asked == [KEY]


# -- refused -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "postgresql://alice:hunter2@db.example.com:5432/caseline",
    "postgresql://alice@db.example.com/caseline?password=hunter2",
])
def test_a_url_holding_a_password_is_refused_and_nothing_is_saved(
        url: str, qtbot: QtBot, config: Path, quiet_tasks: Tasks,
        memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.show_page(0)  # refusing shows the page where the problem is
    dialog.show_page(PAGE_CENTRAL)
    _type(qtbot, dialog.central_url_edit, url)
    _type(qtbot, dialog.central_password_edit, PASSWORD)
    dialog.show_page(0)

    _press_ok_and_wait_idle(qtbot, dialog)

    assert dialog.message_text() == ("The central database URL needs attention; nothing was "
                                     "saved.")
    assert dialog.pages.currentIndex() == PAGE_CENTRAL
    assert dialog.central_url_error.isVisible()
    assert dialog.central_url_error.text().startswith("Remove the password from the URL")
    assert dialog.focusWidget() is dialog.central_url_edit
    assert dialog.isVisible()
    assert not config.exists()
    assert memory_keyring.store == {}

    # Fixed: the problem goes as the agent types, and the save goes through.
    _type(qtbot, dialog.central_url_edit, URL)
    assert not dialog.central_url_error.isVisible()
    _ok(qtbot, dialog)
    assert settings.load(config).central.url == URL
    assert memory_keyring.store == {("caseline", KEY): PASSWORD}


@pytest.mark.parametrize(("url", "start"), [
    ("mysql://alice@db.example.com/caseline", "This is not a PostgreSQL URL."),
    ("db.example.com", "This is not a PostgreSQL URL."),
    ("postgresql://db.example.com:5432/caseline", "Put the database role before the host"),
])
def test_a_url_that_is_not_a_central_database_is_refused(
        url: str, start: str, qtbot: QtBot, config: Path, quiet_tasks: Tasks,
        memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _type(qtbot, dialog.central_url_edit, url)

    _press_ok_and_wait_idle(qtbot, dialog)

    assert dialog.message_text() == ("The central database URL needs attention; nothing was "
                                     "saved.")
    assert dialog.central_url_error.text().startswith(start)
    assert dialog.central_url_edit.accessibleDescription() == dialog.central_url_error.text()
    assert not config.exists()


def test_a_bad_url_shows_its_problem_when_the_field_is_left(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _type(qtbot, dialog.central_url_edit, "http://db.example.com")
    assert not dialog.central_url_error.isVisible()  # not while typing
    dialog.central_url_edit.editingFinished.emit()
    assert dialog.central_url_error.isVisible()
    assert dialog.central_url_error.text().startswith("This is not a PostgreSQL URL.")


def test_an_unusable_keyring_saves_nothing_and_says_why(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks) -> None:
    with failing_keyring():
        dialog = _open(qtbot, config, quiet_tasks)
        _type(qtbot, dialog.central_url_edit, URL)
        _type(qtbot, dialog.central_password_edit, PASSWORD)

        _press_ok_and_wait_idle(qtbot, dialog)

        assert dialog.message_text() == settings_dialog.save_error_text(
            secrets.SecretStoreError("unavailable"))
        assert not config.exists()
        assert dialog.central_password_edit.text() == PASSWORD  # kept for the next try
        assert dialog.isVisible()


# -- the environment decides -------------------------------------------------------------------


def test_the_environment_url_is_shown_read_only_and_the_file_keeps_its_own(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    file_url = "postgresql://bob@old.example.com/caseline"
    settings.save(config, Settings(central=CentralSettings(url=file_url)))
    monkeypatch.setenv(ENV_CENTRAL_URL, URL)
    dialog = _open(qtbot, config, quiet_tasks)

    assert dialog.central_url_edit.text() == URL
    assert dialog.central_url_edit.isReadOnly()
    assert dialog.central_env_note.isVisible()
    assert ENV_CENTRAL_URL in dialog.central_env_note.text()
    qtbot.keyClicks(dialog.central_url_edit, "x")
    assert dialog.central_url_edit.text() == URL
    _type(qtbot, dialog.central_password_edit, PASSWORD)

    _ok(qtbot, dialog)

    assert settings.load(config).central.url == file_url
    assert memory_keyring.store == {("caseline", KEY): PASSWORD}  # the environment's role


# -- the connection test without a server ------------------------------------------------------


def test_the_connection_test_without_any_password_says_none_is_stored(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _type(qtbot, dialog.central_url_edit, URL)
    qtbot.mouseClick(dialog.central_test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.central_result_text() != "", timeout=WAIT_MS)
    assert dialog.central_result_text() == sync_error("no_password")
    assert dialog.central_test_button.isEnabled()
    assert not dialog.central_busy.isVisible()

    _type(qtbot, dialog.central_password_edit, "x")
    assert dialog.central_result_text() == ""  # about the old values: gone


def test_the_connection_test_says_when_the_keyring_cannot_be_read(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks) -> None:
    with failing_keyring():
        dialog = _open(qtbot, config, quiet_tasks)
        _type(qtbot, dialog.central_url_edit, URL)
        qtbot.mouseClick(dialog.central_test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.central_result_text() != "", timeout=WAIT_MS)
        assert dialog.central_result_text() == (
            "No usable system keyring was found, so no stored password could be tried. Type "
            "the password and test again.")


def test_the_connection_test_refuses_a_bad_url_before_connecting(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _type(qtbot, dialog.central_url_edit, "postgresql://alice:pw@db.example.com/caseline")
    qtbot.mouseClick(dialog.central_test_button, Qt.MouseButton.LeftButton)
    assert dialog.central_url_error.isVisible()
    assert dialog.central_url_error.text().startswith("Remove the password from the URL")
    assert not dialog.central_busy.isVisible()
    assert dialog.central_result_text() == ""


# -- keys and languages ------------------------------------------------------------------------


def test_ctrl_5_opens_the_central_page(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = SettingsDialog(settings.load(config), config, quiet_tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts go to the active window only
    qtbot.keyClick(dialog.page_list, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pages.currentIndex() == PAGE_CENTRAL
    item = dialog.page_list.item(PAGE_CENTRAL)
    assert item is not None and item.text() == "Central database"


def test_the_central_page_is_translated(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    settings.save(config, Settings(central=CentralSettings(url=URL)))
    dialog = _open(qtbot, config, quiet_tasks)
    qtbot.waitUntil(dialog.central_stored_note.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.central_test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.central_result_text() != "", timeout=WAIT_MS)
    marking = Marking()
    QCoreApplication.installTranslator(marking)
    try:
        qtbot.waitUntil(lambda: dialog.windowTitle() == "«Settings»")
        item = dialog.page_list.item(PAGE_CENTRAL)
        assert item is not None and item.text() == "«Central database»"
        for label in (dialog.central_url_label, dialog.central_password_label,
                      dialog.central_test_button, dialog.central_note,
                      dialog.central_stored_note, dialog.central_result):
            assert label.text().startswith("«"), label.text()
    finally:
        QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Settings")
