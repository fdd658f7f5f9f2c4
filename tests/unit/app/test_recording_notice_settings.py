"""``[audio] announce_recording`` and ``recording_retention_days``: read, checked, round-tripped."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from app.config import settings
from app.telephony.config import ConfigError

if TYPE_CHECKING:
    from pathlib import Path


def test_by_default_the_notice_plays_and_recordings_are_kept(tmp_path: Path) -> None:
    audio = settings.load(tmp_path / "none.toml").audio
    assert audio.announce_recording is True
    assert audio.recording_retention_days == 0  # 0: kept forever


def test_both_read_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[audio]\nrecording = \"always\"\nannounce_recording = false\n"
                    "recording_retention_days = 90\n", encoding="utf-8")
    loaded = settings.load(path)
    assert loaded.audio.announce_recording is False
    assert loaded.audio.recording_retention_days == 90
    settings.save(path, loaded)
    text = path.read_text(encoding="utf-8")
    assert "announce_recording = false" in text and "recording_retention_days = 90" in text
    assert settings.load(path) == loaded
    changed = replace(loaded, audio=replace(loaded.audio, announce_recording=True,
                                            recording_retention_days=0))
    settings.save(path, changed)
    assert settings.load(path) == changed


@pytest.mark.parametrize(("text", "key"), [
    ('announce_recording = "no"', "announce_recording"),
    ("announce_recording = 0", "announce_recording"),
    ('recording_retention_days = "30"', "recording_retention_days"),
    ("recording_retention_days = 30.5", "recording_retention_days"),
    ("recording_retention_days = true", "recording_retention_days"),
    ("recording_retention_days = -1", "recording_retention_days"),
])
def test_a_bad_value_names_the_setting(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"[audio]\n{text}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == "bad_setting"
    assert key in str(err.value)
