"""The account page's home-network fields: TURN (its password in the keyring), SRTP, keep-alive."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.config import secrets, settings
from app.telephony import nat
from app.telephony.config import AccountSpec, Srtp, Transport
from app.ui.settings_dialog import SettingsDialog, account_problem_text
from app.ui.tasks import Tasks

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from tests.conftest import MemoryKeyring

WORK = AccountSpec(name="work", server="pbx.example.com:5061", user="1001",
                   transport=Transport.TLS)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config" / "caseline.toml"


def _open(qtbot: QtBot, config: Path) -> SettingsDialog:
    dialog = SettingsDialog(settings.load(config), config, Tasks(None))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
    assert button is not None
    with qtbot.waitSignal(dialog.settings_saved, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_turn_srtp_and_keepalive_are_saved_and_the_turn_password_goes_to_the_keyring(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    settings.save(config, settings.with_account(settings.Settings(), WORK))
    secrets.set_password("work", "sip-secret")
    dialog = _open(qtbot, config)
    form = dialog.account_form
    qtbot.keyClicks(form.turn_edit, "turn.example.com:443")
    wanted = nat.turn_transports()[-1].value
    form.turn_transport_combo.setCurrentIndex(form.turn_transport_combo.findData("tls"))
    if Transport.TLS not in nat.turn_transports():  # this wheel's pjnath crashes on it
        assert form.visible_problems()["turn_transport"] == nat.TURN_TRANSPORT_UNSUPPORTED
        assert "UDP" in form.errors["turn_transport"].text()
        form.turn_transport_combo.setCurrentIndex(form.turn_transport_combo.findData(wanted))
    qtbot.keyClicks(form.turn_user_edit, "agent7")
    qtbot.keyClicks(form.turn_password_edit, "turn pass!")
    form.srtp_combo.setCurrentIndex(form.srtp_combo.findData("mandatory"))
    form.keepalive_spin.setValue(25)
    changed: list[list[str]] = []
    dialog.accounts_changed.connect(changed.append)

    _save(qtbot, dialog)

    assert memory_keyring.store == {("caseline", "sip:work"): "sip-secret",
                                    ("caseline", secrets.turn_key("work")): "turn pass!"}
    assert "turn pass!" not in config.read_text(encoding="utf-8")
    (saved,) = settings.load(config).accounts
    assert (saved.turn_server, saved.turn_user, saved.srtp, saved.keepalive_interval) == (
        "turn.example.com:443", "agent7", Srtp.MANDATORY, 25)
    assert saved.turn_transport is nat.turn_transports()[-1]
    assert changed == [["work"]]
    assert form.turn_password_edit.text() == ""  # stored: never shown again

    # A new TURN password alone is a change (the engine gets the account again).
    qtbot.keyClicks(form.turn_password_edit, "rotated")
    _save(qtbot, dialog)
    assert memory_keyring.store[("caseline", secrets.turn_key("work"))] == "rotated"
    assert changed[-1] == ["work"]


def test_renaming_moves_and_removing_deletes_the_turn_password(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    spec = AccountSpec(name="work", server="pbx.example.com", user="1001",
                       turn_server="turn.example.com", turn_user="agent7")
    settings.save(config, settings.with_account(settings.Settings(), spec))
    secrets.set_password("work", "sip-secret")
    secrets.set_turn_password("work", "turn-secret")
    dialog = _open(qtbot, config)
    dialog.account_form.name_edit.setText("office")
    _save(qtbot, dialog)
    assert memory_keyring.store == {("caseline", "sip:office"): "sip-secret",
                                    ("caseline", secrets.turn_key("office")): "turn-secret"}
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    assert memory_keyring.store == {}


def test_required_srtp_over_udp_is_refused_with_its_reason(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    settings.save(config, settings.with_account(
        settings.Settings(), AccountSpec(name="work", server="pbx", user="1001")))
    dialog = _open(qtbot, config)
    form = dialog.account_form
    form.srtp_combo.setCurrentIndex(form.srtp_combo.findData("mandatory"))
    assert form.visible_problems() == {"srtp": "srtp_needs_tls"}
    assert form.errors["srtp"].text() == account_problem_text("srtp_needs_tls")
    assert "TLS" in form.errors["srtp"].text()


def test_every_new_label_is_translated(qtbot: QtBot, config: Path,
                                       memory_keyring: MemoryKeyring) -> None:
    from app.i18n import Translators  # noqa: PLC0415

    dialog = _open(qtbot, config)
    form = dialog.account_form
    keys = ("srtp", "turn_server", "turn_transport", "turn_user", "turn_password",
            "keepalive_interval")
    translators = Translators()
    try:
        for language in ("ja", "zh_CN"):
            translators.install(language)
            # The LanguageChange event is posted: wait until the form has retranslated.
            qtbot.waitUntil(lambda: not form.srtp_combo.itemText(2).isascii())
            for key in keys:
                text = form.labels[key].text()
                assert text and not text.isascii(), (language, key, text)
            assert not form.turn_edit.placeholderText().isascii()
    finally:
        translators.install("en")
