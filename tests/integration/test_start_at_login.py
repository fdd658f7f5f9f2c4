"""Settings -> "Start CaseLine when I log in": the XDG autostart entry appears and goes with
the check box, and what its Exec line says really starts CaseLine, minimised."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.config import autostart, settings
from app.ui import settings_dialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.tasks import Tasks
from tests.support import free_port

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from pytestqt.qtbot import QtBot

    from tests.conftest import MemoryKeyring

START_CEILING = 90.0  # s: a ceiling for a loaded machine, never an assertion of speed


def _ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
    assert ok is not None
    with qtbot.waitSignal(dialog.settings_saved, timeout=10000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_the_check_box_writes_and_removes_the_entry_that_starts_caseline_minimised(
        qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_dialog, "audio_inputs", list)
    monkeypatch.setattr(settings_dialog, "audio_outputs", list)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    entry = tmp_path / "xdg" / "autostart" / "caseline.desktop"
    config = tmp_path / "config" / "caseline.toml"
    port = free_port()
    settings.save(config, settings.Settings(
        sip=settings.SipSettings(listen=f"127.0.0.1:{port}"),
        ui=settings.UiSettings(first_run_done=True, theme="dark")))
    dialog = SettingsDialog(settings.load(config), config, Tasks(None))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.autostart_check.isChecked()  # off by default

    dialog.autostart_check.click()
    _ok(qtbot, dialog)
    assert settings.load(config).ui.start_at_login
    assert settings.load(config).ui.theme == "dark"  # the rest of [ui] is kept
    assert entry.is_file()
    exec_line = next(line for line in entry.read_text(encoding="utf-8").splitlines()
                     if line.startswith("Exec="))
    command = autostart.exec_unquote(exec_line.removeprefix("Exec="))
    assert command[-2:] == ["gui", "--minimised"]
    assert command[command.index("--config") + 1] == str(config)

    log = _launch_until_logged(command, tmp_path, config.parent / "caseline.log",
                               "window minimised")
    assert "window shown" not in log

    dialog.autostart_check.click()
    _ok(qtbot, dialog)
    assert not settings.load(config).ui.start_at_login
    assert not entry.exists()


def _launch_until_logged(command: list[str], home: Path, log: Path, words: str) -> str:
    """Run the entry's command as a session would (offscreen: no tray there, so minimised),
    until the log says ``words``; then end it and its SIP process."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(home / "data"),
           "XDG_RUNTIME_DIR": str(home), "PULSE_SERVER": f"unix:{home}/no-pulse",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = subprocess.Popen(command, cwd=home, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + START_CEILING
        text = ""
        while words not in text:  # the log file is the app's own signal that it is up
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, text
            text = log.read_text(encoding="utf-8") if log.exists() else ""
            time.sleep(0.1)  # polling a file written by another process; no event to wait on
        return text
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()
