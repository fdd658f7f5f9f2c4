"""Sounds the desktop plays itself: where each file comes from (app.audio.tones makes them).

No Qt here. A user replaces a sound by putting a WAV of the same name in the ``sounds`` folder
next to the config file (e.g. ``~/.config/caseline/sounds/ringtone.wav``); otherwise the bundled
file from ``resources/sounds`` plays.
"""

from __future__ import annotations

from pathlib import Path

from app.config.settings import config_path

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "resources" / "sounds"


def user_sounds_dir() -> Path:
    """Beside caseline.toml, so $CASELINE_CONFIG moves the user's sounds with the config."""
    return config_path().parent / "sounds"


def sound_file(name: str, user_dir: Path | None = None, bundled_dir: Path = BUNDLED_DIR) -> Path:
    """The user's ``name`` (a file name such as ``ringtone.wav``) if present, else the bundled."""
    own = (user_dir if user_dir is not None else user_sounds_dir()) / name
    return own if own.is_file() else bundled_dir / name
