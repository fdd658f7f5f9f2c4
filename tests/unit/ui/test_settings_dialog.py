"""The settings dialog on a real config file and the in-memory keyring (tests/conftest.py)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import keyring
import keyring.errors
import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QWidget,
)

from app.config import secrets, settings
from app.telephony.config import AccountSpec, Transport
from app.ui import settings_dialog
from app.ui.settings_dialog import PAGE_ACCOUNTS, PAGE_AUDIO, PAGE_DATABASE, SettingsDialog
from app.ui.tasks import Tasks
from tests.conftest import MemoryKeyring, failing_keyring
from tests.unit.ui.conftest import Marking

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

WORK = AccountSpec(name="work", server="pbx.example.com:5061", user="1001",
                   transport=Transport.TLS, display_name="佐藤 Aiko")


@pytest.fixture
def quiet_tasks(qtbot: QtBot) -> Tasks:
    """Tasks without a case store: the dialog never touches it (the app's wizard does the same)."""
    return Tasks(None)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config" / "caseline.toml"


def _open(qtbot: QtBot, config: Path, tasks: Tasks) -> SettingsDialog:
    dialog = SettingsDialog(settings.load(config), config, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _with_work(config: Path, password: str = "old-secret") -> None:
    settings.save(config, settings.with_account(settings.Settings(), WORK))
    secrets.set_password(WORK.name, password)


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _fill_new_account(qtbot: QtBot, dialog: SettingsDialog, *, name: str = "office",
                      server: str = "sip.example.net", user: str = "2002",
                      password: str = "n3w pass!") -> None:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.account_form
    _type(qtbot, form.name_edit, name)
    _type(qtbot, form.server_edit, server)
    _type(qtbot, form.user_edit, user)
    _type(qtbot, form.password_edit, password)


def _button(dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> QAbstractButton:
    button = dialog.buttons.button(which)
    assert button is not None
    return button


def _ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    """Press OK and wait for the worker's save to land."""
    with qtbot.waitSignal(dialog.settings_saved, timeout=10000):
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)


def _apply(qtbot: QtBot, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.settings_saved, timeout=10000):
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Apply),
                         Qt.MouseButton.LeftButton)


def _press_ok_and_wait_idle(qtbot: QtBot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.message_text() != "", timeout=10000)


def test_an_added_account_has_its_password_in_the_keyring_and_not_in_the_file(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog, name="office", password="n3w pass!")
    combo = dialog.account_form.transport_combo
    combo.setCurrentIndex(combo.findData("tls"))
    changed: list[list[str]] = []
    dialog.accounts_changed.connect(changed.append)

    _ok(qtbot, dialog)

    assert memory_keyring.store == {("caseline", "sip:office"): "n3w pass!"}
    text = config.read_text(encoding="utf-8")
    assert "n3w" not in text and "pass!" not in text
    (saved,) = settings.load(config).accounts
    assert (saved.name, saved.server, saved.user, saved.transport) == (
        "office", "sip.example.net", "2002", Transport.TLS)
    assert changed == [["office"]]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_without_a_name_the_account_is_called_user_at_server(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog, name="", server="pbx.example.com", user="1001")
    assert dialog.account_list.currentItem().text() == "1001@pbx.example.com"
    _ok(qtbot, dialog)
    assert [a.name for a in settings.load(config).accounts] == ["1001@pbx.example.com"]
    assert ("caseline", "sip:1001@pbx.example.com") in memory_keyring.store


def test_reopened_the_password_field_is_empty_and_an_edit_keeps_the_stored_one(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config, "old-secret")
    dialog = _open(qtbot, config, quiet_tasks)
    form = dialog.account_form
    assert dialog.account_list.count() == 1
    assert form.server_edit.text() == WORK.server
    assert form.password_edit.text() == ""
    assert form.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert "keyring" in form.password_edit.placeholderText()

    _type(qtbot, form.display_name_edit, "Aiko Sato")
    changed: list[list[str]] = []
    dialog.accounts_changed.connect(changed.append)
    _apply(qtbot, dialog)

    assert memory_keyring.store == {("caseline", "sip:work"): "old-secret"}
    assert settings.load(config).accounts[0].display_name == "Aiko Sato"
    assert settings.load(config).accounts[0].transport == Transport.TLS  # untouched fields kept
    assert changed == [["work"]]
    assert dialog.isVisible()  # Apply keeps the dialog open

    _type(qtbot, form.password_edit, "brand-new")
    _apply(qtbot, dialog)
    assert memory_keyring.store == {("caseline", "sip:work"): "brand-new"}
    assert form.password_edit.text() == ""  # stored: never shown again


def test_removing_an_account_deletes_its_password(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config)
    dialog = _open(qtbot, config, quiet_tasks)
    changed: list[list[str]] = []
    dialog.accounts_changed.connect(changed.append)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.account_list.count() == 0
    assert memory_keyring.store  # nothing happens before OK

    _ok(qtbot, dialog)

    assert memory_keyring.store == {}
    assert settings.load(config).accounts == ()
    assert changed == [["work"]]


def test_a_renamed_account_keeps_its_password_under_the_new_name(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config, "old-secret")
    dialog = _open(qtbot, config, quiet_tasks)
    changed: list[list[str]] = []
    dialog.accounts_changed.connect(changed.append)
    _type(qtbot, dialog.account_form.name_edit, "office")
    _ok(qtbot, dialog)
    assert memory_keyring.store == {("caseline", "sip:office"): "old-secret"}
    assert [a.name for a in settings.load(config).accounts] == ["office"]
    assert sorted(changed[0]) == ["office", "work"]


def test_removed_and_added_again_under_the_same_name_keeps_the_new_password(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config, "old-secret")
    dialog = _open(qtbot, config, quiet_tasks)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    _fill_new_account(qtbot, dialog, name="work", password="second")
    _ok(qtbot, dialog)
    assert memory_keyring.store == {("caseline", "sip:work"): "second"}


@pytest.mark.parametrize("server", ["sip:1001@pbx.example.com", "pbx.example.com:99999",
                                    "pbx example.com", "pbx.example.com:sip"])
def test_an_invalid_server_is_shown_and_nothing_is_saved(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring,
        server: str) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog, server=server)
    error = dialog.account_form.errors["server"]
    assert error.isVisible()
    assert "host:port" in error.text()
    assert dialog.account_form.server_edit.accessibleDescription() == error.text()
    saved: list[object] = []
    dialog.settings_saved.connect(saved.append)

    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert not dialog.is_busy()
    assert "nothing was saved" in dialog.message_text()
    assert saved == []
    assert not config.exists()
    assert memory_keyring.store == {}

    _type(qtbot, dialog.account_form.server_edit, "pbx.example.com:5070")  # fixed: it saves
    assert not error.isVisible()
    _ok(qtbot, dialog)
    assert settings.load(config).accounts[0].server == "pbx.example.com:5070"


def test_a_new_form_shows_no_problem_until_touched_or_saved(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.account_form
    assert form.visible_problems() == {}
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Apply),
                     Qt.MouseButton.LeftButton)
    assert form.visible_problems() == {"server": "server_required", "user": "user_required",
                                       "password": "password_required"}
    assert dialog.focusWidget() is form.server_edit  # the first field to fix


def test_a_duplicate_name_and_a_user_with_a_domain_are_refused(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config)
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog, name="work", user="2002@sip.example.net")
    assert dialog.account_form.visible_problems() == {"name": "name_taken", "user": "bad_user"}
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert [a.name for a in settings.load(config).accounts] == ["work"]


def test_a_failing_keyring_keeps_the_dialog_and_everything_typed(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog, name="office", password="typed-once")
    saved: list[object] = []
    dialog.settings_saved.connect(saved.append)

    with failing_keyring():
        _press_ok_and_wait_idle(qtbot, dialog)

    assert dialog.isVisible()
    assert "keyring" in dialog.message_text()
    assert "Traceback" not in dialog.message_text()
    form = dialog.account_form
    assert (form.name_edit.text(), form.server_edit.text(), form.user_edit.text(),
            form.password_edit.text()) == ("office", "sip.example.net", "2002", "typed-once")
    assert _button(dialog, QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert saved == []
    assert not config.exists()

    _ok(qtbot, dialog)  # the keyring is back: the same input goes through
    assert memory_keyring.store == {("caseline", "sip:office"): "typed-once"}


class LockedKeyring(MemoryKeyring):
    """The in-memory keyring behaving like a locked Secret Service: it refuses to store."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


def test_a_locked_keyring_leaves_the_file_as_it_was(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config)
    before = config.read_text(encoding="utf-8")
    keyring.set_keyring(LockedKeyring())  # memory_keyring's teardown puts the original back
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog, name="office", password="typed-once")
    _press_ok_and_wait_idle(qtbot, dialog)
    assert "locked" in dialog.message_text()
    assert dialog.isVisible()
    assert config.read_text(encoding="utf-8") == before  # no account without its password
    assert dialog.account_form.password_edit.text() == "typed-once"


class LockedForDeleting(MemoryKeyring):
    """The in-memory keyring, locked by the time an old password is to be deleted."""

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


def test_a_password_the_keyring_would_not_delete_is_reported_after_saving(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    stubborn = LockedForDeleting()
    keyring.set_keyring(stubborn)  # memory_keyring's teardown puts the original back
    _with_work(config)
    dialog = _open(qtbot, config, quiet_tasks)
    changed: list[list[str]] = []
    dialog.accounts_changed.connect(changed.append)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    _ok(qtbot, dialog)
    assert settings.load(config).accounts == ()  # the account is gone from the file
    assert changed == [["work"]]
    assert dialog.isVisible()  # open, so the warning is read
    assert "work" in dialog.message_text()
    assert "keyring manager" in dialog.message_text()


def test_an_unwritable_config_is_a_message_not_a_traceback(
        qtbot: QtBot, tmp_path: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    config = blocker / "caseline.toml"  # its parent is a file: the save fails with an OSError
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.language_picker.buttons["ja"].click()
    _press_ok_and_wait_idle(qtbot, dialog)
    assert dialog.isVisible()
    assert "could not be written" in dialog.message_text()
    assert dialog.language_picker.language() == "ja"


class HeldKeyring(MemoryKeyring):
    """The in-memory keyring, holding each store until the test lets it go (a backend waiting
    on an unlock prompt)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entered.set()
        self.release.wait(30)
        super().set_password(service, username, password)


def test_while_saving_the_dialog_is_busy_and_cannot_be_closed(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    held = HeldKeyring()
    keyring.set_keyring(held)  # memory_keyring's teardown puts the original back
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog)
    try:
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        qtbot.waitUntil(held.entered.is_set, timeout=10000)
        assert dialog.is_busy()
        assert dialog.busy_row.isVisible()
        assert not _button(dialog, QDialogButtonBox.StandardButton.Ok).isEnabled()
        assert not dialog.pages.isEnabled()
        dialog.reject()  # Escape or the window's close button
        assert dialog.isVisible()
    finally:
        held.release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ("caseline", "sip:office") in held.store


def test_settings_saved_comes_before_accounts_changed(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    seen: list[str] = []
    dialog.settings_saved.connect(lambda s: seen.append(f"saved {len(s.accounts)}"))
    dialog.accounts_changed.connect(lambda names: seen.append(f"accounts {names}"))
    _fill_new_account(qtbot, dialog)
    _ok(qtbot, dialog)
    # The window reads the new settings when it hears which accounts changed.
    assert seen == ["saved 1", "accounts ['office']"]


def test_language_and_audio_choices_persist(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # No sound server runs on the test box, so Qt lists no device: these stand in for a headset
    # and a laptop's own speaker.
    inputs = [("alsa_input.usb-Jabra-00.mono", "Jabra Evolve 40 Mono")]
    outputs = [("alsa_output.usb-Jabra-00.stereo", "Jabra Evolve 40 Stereo"),
               ("alsa_output.pci-0000_00_1f.3.analog-stereo", "Built-in Audio Analog Stereo")]
    monkeypatch.setattr(settings_dialog, "audio_inputs", lambda: inputs)
    monkeypatch.setattr(settings_dialog, "audio_outputs", lambda: outputs)
    dialog = _open(qtbot, config, quiet_tasks)
    button = dialog.language_buttons["zh_CN"]  # clicked on its circle, left of the text
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=QPoint(button.height() // 2, button.height() // 2))
    dialog.show_page(PAGE_AUDIO)
    assert dialog.input_combo.itemData(0) == ""  # "System default" first
    assert dialog.input_combo.itemText(0) == "System default"
    assert dialog.ringer_combo.count() == 3
    dialog.input_combo.setCurrentIndex(dialog.input_combo.findData(inputs[0][0]))
    dialog.ringer_combo.setCurrentIndex(dialog.ringer_combo.findData(outputs[1][0]))
    _ok(qtbot, dialog)

    loaded = settings.load(config)
    assert loaded.ui.language == "zh_CN"
    assert loaded.audio == settings.AudioSettings(input=inputs[0][0], output="",
                                                  ringer=outputs[1][0])

    again = _open(qtbot, config, quiet_tasks)
    assert again.language_buttons["zh_CN"].isChecked()
    again.show_page(PAGE_AUDIO)
    assert again.input_combo.currentText() == "Jabra Evolve 40 Mono"
    assert again.output_combo.currentText() == "System default"
    assert again.ringer_combo.currentText() == "Built-in Audio Analog Stereo"


def test_an_unplugged_device_stays_chosen(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_dialog, "audio_inputs", list)
    monkeypatch.setattr(settings_dialog, "audio_outputs", list)
    settings.save(config, settings.Settings(
        audio=settings.AudioSettings(output="usb-headset-gone")))
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.show_page(PAGE_AUDIO)
    assert dialog.output_combo.currentData() == "usb-headset-gone"
    assert "not connected" in dialog.output_combo.currentText()
    dialog.language_buttons["en"].click()
    _ok(qtbot, dialog)
    assert settings.load(config).audio.output == "usb-headset-gone"


def test_the_deployed_recording_policy_survives_an_agents_save(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_dialog, "audio_inputs", list)
    monkeypatch.setattr(settings_dialog, "audio_outputs", list)
    settings.save(config, settings.Settings(audio=settings.AudioSettings(recording="always")))
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.show_page(PAGE_AUDIO)  # the agent may change devices, never the policy
    dialog.language_buttons["en"].click()
    _ok(qtbot, dialog)
    assert settings.load(config).audio.recording == "always"


def test_an_unvisited_audio_page_keeps_the_saved_devices(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    chosen = settings.AudioSettings(input="mic-1", output="spk-2", ringer="spk-3")
    settings.save(config, settings.Settings(audio=chosen))
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.language_buttons["ja"].click()
    _ok(qtbot, dialog)
    assert settings.load(config).audio == chosen


def test_the_database_location_is_checked_and_saved(
        qtbot: QtBot, config: Path, tmp_path: Path, quiet_tasks: Tasks,
        memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.show_page(PAGE_DATABASE)
    assert dialog.database_edit.text() == ""
    assert "caseline.db" in dialog.database_edit.placeholderText()  # the default, shown

    _type(qtbot, dialog.database_edit, "relative/cases.db")
    assert dialog.database_error.isVisible()
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not config.exists()

    _type(qtbot, dialog.database_edit, str(tmp_path))  # a folder, not a file
    assert not dialog.database_error.isVisible()
    _press_ok_and_wait_idle(qtbot, dialog)
    assert "is a folder" in dialog.message_text()
    assert not config.exists()

    target = tmp_path / "elsewhere" / "cases.db"
    _type(qtbot, dialog.database_edit, str(target))
    _ok(qtbot, dialog)
    assert settings.load(config).cases.database == str(target)


def test_cancel_writes_nothing(qtbot: QtBot, config: Path, quiet_tasks: Tasks,
                               memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog)
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not config.exists()
    assert memory_keyring.store == {}


def test_the_pending_request_never_shows_a_password(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    _fill_new_account(qtbot, dialog, password="hidden-in-repr")
    request = dialog.pending()
    assert request.passwords == {"office": "hidden-in-repr"}
    assert "hidden-in-repr" not in repr(request)


def test_every_control_has_an_accessible_name(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config)
    dialog = _open(qtbot, config, quiet_tasks)
    kinds = (QLineEdit, QComboBox, QAbstractButton, QListWidget)
    controls = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds)]
    assert len(controls) > 20
    unnamed = [f"{type(w).__name__} {w.objectName()} {getattr(w, 'text', str)()}"
               for w in controls if not w.accessibleName()]
    assert unnamed == []


def _tab_stops(start: QWidget, count: int) -> list[QWidget]:
    """The widgets Tab visits after ``start``, as Qt picks them from the focus chain."""
    stops: list[QWidget] = []
    widget: QWidget | None = start
    while len(stops) < count and widget is not None:
        widget = widget.nextInFocusChain()
        if widget is None:
            break
        tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if tabbable and widget.isVisible() and widget.isEnabled():
            stops.append(widget)
    return stops


def test_keyboard_order_runs_from_the_pages_through_the_account_form(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config)
    dialog = _open(qtbot, config, quiet_tasks)
    form = dialog.account_form
    assert _tab_stops(dialog.page_list, 8) == [
        dialog.account_list, dialog.add_button, dialog.remove_button, form.name_edit,
        form.server_edit, form.user_edit, form.password_edit, form.domain_edit]


def test_a_language_change_retranslates_the_open_dialog(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_dialog, "audio_inputs", list)
    monkeypatch.setattr(settings_dialog, "audio_outputs", list)
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.show_page(PAGE_AUDIO)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    marking = Marking()
    QCoreApplication.installTranslator(marking)
    try:
        qtbot.waitUntil(lambda: dialog.windowTitle() == "«Settings»")
        assert dialog.page_list.item(PAGE_AUDIO).text() == "«Audio»"
        assert dialog.account_form.labels["server"].text() == "«&Server:»"
        assert dialog.account_list.item(0).text() == "«New account»"
        assert dialog.input_combo.itemText(0) == "«System default»"
        assert dialog.language_buttons[""].text().startswith("«System default (")
        assert dialog.language_buttons["ja"].text() == "日本語"  # a language's own name stays
    finally:
        QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Settings")


def test_keyboard_shortcuts_add_and_remove_accounts(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    _with_work(config)
    dialog = _open(qtbot, config, quiet_tasks)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts go to the active window only
    qtbot.keyClick(dialog.page_list, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pages.currentIndex() == PAGE_DATABASE
    assert QKeySequence(QKeySequence.StandardKey.New).matches(QKeySequence("Ctrl+N")) \
        == QKeySequence.SequenceMatch.ExactMatch  # the platform's "new" on this test box
    qtbot.keyClick(dialog.page_list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pages.currentIndex() == PAGE_ACCOUNTS
    assert dialog.account_list.count() == 2
    assert dialog.focusWidget() is dialog.account_form.name_edit
    dialog.account_list.setFocus()
    qtbot.keyClick(dialog.account_list, Qt.Key.Key_Delete)
    assert [dialog.account_list.item(i).text() for i in range(dialog.account_list.count())] == [
        "work"]


def test_the_agents_name_is_kept_and_only_written_when_changed(
        qtbot: QtBot, config: Path, quiet_tasks: Tasks, memory_keyring: MemoryKeyring) -> None:
    dialog = _open(qtbot, config, quiet_tasks)
    shown = dialog.name_edit.text()
    assert shown and "@" not in shown  # the OS account's name until the agent types one
    assert dialog.pending().settings.cases.agent_name == ""  # not copied into the file
    dialog.name_edit.setText("Wang Li")
    _ok(qtbot, dialog)
    assert settings.load(config).cases.agent_name == "Wang Li"
    again = _open(qtbot, config, quiet_tasks)
    assert again.name_edit.text() == "Wang Li"
