"""Call recordings on disk: where they go, what they are called, and what they hold.

No pjsua2 here (the engine writes the files): these helpers are plain file work, safe to call
from any thread but the SIP one (they touch the disk).
"""

from __future__ import annotations

import array
import enum
import math
import re
import sys
import wave
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path


class RecordingPolicy(enum.Enum):
    """The deployment's rule (``[audio] recording``); agents cannot change it."""

    ON_DEMAND = "on-demand"  # the agent starts and stops it
    ALWAYS = "always"  # every call, from the moment it is answered
    NEVER = "never"  # no recording at all


class RecordingError(RuntimeError):
    """A recording file that cannot be read as 16-bit PCM WAV. ``code`` is translatable."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class WavLevel:
    seconds: float
    rms: float  # 0.0 (digital silence) .. 1.0 (full scale), over the whole file
    sample_rate: int


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def recording_file(directory: Path, log_id: str, when: datetime) -> Path:
    """``<dir>/<YYYY-MM-DD>/<YYYYmmdd-HHMMSS>-<log id>.wav``.

    A folder per day keeps directories small and makes retention a matter of deleting folders;
    the call log id in the name links the file back to its row even if the row's path is lost.
    """
    stamp = when.strftime("%Y%m%d-%H%M%S")
    safe_id = _SAFE.sub("_", log_id)[:64] or "call"
    return directory / when.strftime("%Y-%m-%d") / f"{stamp}-{safe_id}.wav"


def wav_closed(path: Path | str) -> bool:
    """Whether the recorder has finished the file (its RIFF size is filled in).

    pjmedia writes a zero size at the start and the real one when the port is destroyed, which
    happens on the sound clock's next tick after ``stop_recording`` or the call's end, not at
    once: read a recording only when this is true.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    return len(head) == 8 and head[:4] == b"RIFF" and head[4:] != b"\0\0\0\0"


def measure_wav(path: Path | str) -> WavLevel:
    """Duration and RMS level of a 16-bit PCM WAV (what pjmedia's recorder writes)."""
    try:
        with wave.open(str(path), "rb") as wav:
            width = wav.getsampwidth()
            rate = wav.getframerate()
            frames = wav.getnframes()
            data = wav.readframes(frames)
    except (OSError, EOFError, wave.Error) as exc:
        raise RecordingError("unreadable", f"{path}: {exc}") from None
    if width != 2:
        raise RecordingError("unsupported", f"{path}: {8 * width}-bit samples")
    samples = array.array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    seconds = frames / rate if rate else 0.0
    if not samples:
        return WavLevel(seconds, 0.0, rate)
    # math.fsum keeps this exact enough over minutes of audio without numpy.
    mean_square = math.fsum(s * s for s in samples) / len(samples)
    return WavLevel(seconds, math.sqrt(mean_square) / 32768.0, rate)
