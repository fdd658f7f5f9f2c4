"""Help > Save diagnostics: the window writes `caseline doctor --bundle`'s zip off the UI
thread, says where, and the zip holds no password."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from app.config import secrets
from app.config.settings import Settings, save
from app.telephony.config import AccountSpec, Transport
from app.ui.callcenter import CallCenter
from app.ui.main_window import MainWindow
from tests.nophone import NoPhone
from tests.support import free_port

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks
    from tests.conftest import MemoryKeyring


def test_the_zip_is_written_and_holds_no_password(tasks: Tasks, tmp_path: Path, qtbot: QtBot,
                                                  memory_keyring: MemoryKeyring) -> None:
    # A registrar that refuses at once (a closed TCP port): the connection test's failure is
    # part of the zip, and no network wait is needed to get it.
    account = AccountSpec(name="work", server=f"127.0.0.1:{free_port()}", user="1001",
                          transport=Transport.TCP)
    settings = Settings(accounts=(account,))
    config = tmp_path / "caseline.toml"
    save(config, settings)
    secrets.set_password("work", "s3cret-Work-pw")
    (tmp_path / "caseline.log").write_text(
        "INFO caseline.sip: REGISTER ... password s3cret-Work-pw in a careless line\n",
        encoding="utf-8")
    window = MainWindow(CallCenter(NoPhone(), tasks), tasks,
                        state=QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
                        config_path=config, settings=settings)
    qtbot.addWidget(window)
    assert window.save_diagnostics in window.menu_help.actions()
    target = tmp_path / "out" / "diagnostics.zip"
    target.parent.mkdir()
    window._save_diagnostics(str(target))
    qtbot.waitUntil(lambda: "Diagnostics saved to" in window.statusBar().currentMessage(),
                    timeout=30_000)
    assert str(target) in window.statusBar().currentMessage()
    with zipfile.ZipFile(target) as zipped:
        names = zipped.namelist()
        everything = b"".join(zipped.read(name) for name in names)
    assert "settings.toml" in names
    assert b"s3cret-Work-pw" not in everything
    assert b"1001" in everything  # the account is there, its password is not
