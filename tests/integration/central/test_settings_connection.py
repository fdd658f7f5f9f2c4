"""Settings → Central database → Test connection, against the real throw-away PostgreSQL with
the agents' real login roles (conftest.py): the sign-in works, a wrong password and a server
that is not there are told apart, and a server on another machine needs a verified TLS
connection unless the administrator allows otherwise."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from app.config import secrets
from app.config.settings import ENV_CENTRAL_URL, CentralSettings, Settings
from app.ui.labels import central_url_error, setting_title
from app.ui.settings_dialog import PAGE_CENTRAL, SettingsDialog
from app.ui.sync import sync_error
from app.ui.tasks import Tasks

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from tests.conftest import MemoryKeyring
    from tests.integration.central.helpers import Central

WAIT_MS = 20_000  # a ceiling only a broken test reaches (the connect timeout is 5 s)


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring,
           monkeypatch: pytest.MonkeyPatch) -> SettingsDialog:
    monkeypatch.delenv(ENV_CENTRAL_URL, raising=False)
    opened = SettingsDialog(Settings(), tmp_path / "caseline.toml", Tasks(None))
    qtbot.addWidget(opened)
    opened.show()
    opened.show_page(PAGE_CENTRAL)
    return opened


def _free_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _test(qtbot: QtBot, dialog: SettingsDialog, url: str, password: str) -> str:
    dialog.central_url_edit.setText(url)
    dialog.central_password_edit.setText(password)
    qtbot.mouseClick(dialog.central_test_button, Qt.MouseButton.LeftButton)
    assert dialog.central_busy.isVisible()  # connecting happens on a worker thread
    qtbot.waitUntil(lambda: dialog.central_result_text() != "", timeout=WAIT_MS)
    assert not dialog.central_busy.isVisible()
    assert dialog.central_test_button.isEnabled()
    return dialog.central_result_text()


def test_the_right_password_connects(central: Central, dialog: SettingsDialog,
                                     qtbot: QtBot) -> None:
    url = central.pg.url("alice", password=None)
    shown = _test(qtbot, dialog, url, central.passwords["alice"])
    assert shown == "Connected: the central database accepted alice and the password."


def test_the_stored_password_is_used_when_none_is_typed(
        central: Central, dialog: SettingsDialog, qtbot: QtBot) -> None:
    url = central.pg.url("bob", password=None)
    secrets.set_central_password(f"central:bob@127.0.0.1:{central.pg.port}/caseline",
                                 central.passwords["bob"])
    assert _test(qtbot, dialog, url, "") == (
        "Connected: the central database accepted bob and the password.")


def test_a_wrong_password_is_a_refused_sign_in(central: Central, dialog: SettingsDialog,
                                                qtbot: QtBot) -> None:
    url = central.pg.url("alice", password=None)
    shown = _test(qtbot, dialog, url, "not-" + central.passwords["alice"])
    first, _, detail = shown.partition("\n")
    assert first == sync_error("auth_failed")
    assert "password authentication failed" in detail  # the server's words, for IT
    assert "not-" not in shown


def test_a_port_nobody_listens_on_cannot_be_reached(central: Central, dialog: SettingsDialog,
                                                     qtbot: QtBot) -> None:
    url = f"postgresql://alice@127.0.0.1:{_free_port()}/caseline"
    shown = _test(qtbot, dialog, url, central.passwords["alice"])
    assert shown.partition("\n")[0] == sync_error("connect_failed")


def _elsewhere(central: Central, role: str) -> str:
    """A URL naming another machine without TLS; libpq still reaches the test server."""
    return (f"postgresql://{role}@caseline-centre.test:{central.pg.port}/caseline"
            "?hostaddr=127.0.0.1")


def test_another_machine_without_verified_tls_is_refused_before_connecting(
        central: Central, dialog: SettingsDialog, qtbot: QtBot) -> None:
    dialog.central_url_edit.setText(_elsewhere(central, "alice"))
    dialog.central_password_edit.setText(central.passwords["alice"])
    qtbot.mouseClick(dialog.central_test_button, Qt.MouseButton.LeftButton)
    refused = central_url_error("insecure_url")
    assert refused is not None and "sslmode=verify-full" in refused
    assert dialog.central_url_error.isVisible()
    assert dialog.central_url_error.text() == refused
    assert not dialog.central_busy.isVisible()  # nothing was sent anywhere
    assert dialog.central_result_text() == ""
    assert not dialog.central_insecure_note.isVisible()
    assert sync_error("insecure_url") == refused  # the status bar says the same


def test_the_administrators_opt_out_is_shown_and_lets_the_test_connect(
        central: Central, qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_CENTRAL_URL, raising=False)
    conf = Settings(central=CentralSettings(allow_insecure=True))
    opened = SettingsDialog(conf, tmp_path / "caseline.toml", Tasks(None))
    qtbot.addWidget(opened)
    opened.show()
    opened.show_page(PAGE_CENTRAL)
    assert opened.central_insecure_note.isVisible()
    assert opened.central_insecure_note.text().startswith(
        setting_title("central.allow_insecure"))
    shown = _test(qtbot, opened, _elsewhere(central, "alice"), central.passwords["alice"])
    assert shown == "Connected: the central database accepted alice and the password."
