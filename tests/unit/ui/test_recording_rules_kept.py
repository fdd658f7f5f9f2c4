"""The recording notice and retention are the deployment's: an agent's Settings save keeps them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.config import settings
from app.ui import settings_dialog
from app.ui.settings_dialog import PAGE_AUDIO, SettingsDialog
from app.ui.tasks import Tasks

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from pytestqt.qtbot import QtBot

    from tests.conftest import MemoryKeyring


def test_an_agents_save_keeps_the_notice_and_the_retention(
        qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_dialog, "audio_inputs", list)
    monkeypatch.setattr(settings_dialog, "audio_outputs", list)
    config = tmp_path / "config" / "caseline.toml"
    deployed = settings.AudioSettings(recording="always", announce_recording=False,
                                      recording_retention_days=30)
    settings.save(config, settings.Settings(audio=deployed))
    dialog = SettingsDialog(settings.load(config), config, Tasks(None))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page(PAGE_AUDIO)  # the agent may change devices; these rules are not on offer
    dialog.language_buttons["en"].click()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    with qtbot.waitSignal(dialog.settings_saved, timeout=10000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    saved = settings.load(config).audio
    assert (saved.recording, saved.announce_recording, saved.recording_retention_days) == (
        "always", False, 30)
