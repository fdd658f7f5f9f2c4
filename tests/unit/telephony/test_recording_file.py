"""Recording files: their names, and measuring what a WAV holds (no SIP stack needed)."""

from __future__ import annotations

import array
import math
import wave
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from app.telephony.recording import RecordingError, measure_wav, recording_file, wav_closed

if TYPE_CHECKING:
    from pathlib import Path


def _wav(path: Path, samples: list[int], rate: int = 16000) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(array.array("h", samples).tobytes())


def test_a_sine_has_its_length_and_level(tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    amplitude = 16384  # half of full scale: RMS 0.5 / sqrt(2)
    _wav(path, [round(amplitude * math.sin(2 * math.pi * 440 * i / 16000))
                for i in range(24000)])
    level = measure_wav(path)
    assert level.seconds == pytest.approx(1.5)
    assert level.sample_rate == 16000
    assert level.rms == pytest.approx(0.5 / math.sqrt(2), rel=1e-3)
    assert wav_closed(path)


def test_silence_is_zero(tmp_path: Path) -> None:
    path = tmp_path / "quiet.wav"
    _wav(path, [0] * 8000)
    assert measure_wav(path).rms == 0.0


def test_an_unfinished_or_foreign_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "open.wav"
    _wav(path, [1000] * 800)
    data = bytearray(path.read_bytes())
    data[4:8] = b"\0\0\0\0"  # what pjmedia leaves until the recorder is closed
    path.write_bytes(bytes(data))
    assert not wav_closed(path)
    with pytest.raises(RecordingError) as err:
        measure_wav(path)
    assert err.value.code == "unreadable"
    assert not wav_closed(tmp_path / "missing.wav")


def test_names_carry_the_date_and_the_call_log(tmp_path: Path) -> None:
    when = datetime(2026, 11, 23, 9, 5, 7)
    path = recording_file(tmp_path, "01a2-log/../x", when)
    assert path == tmp_path / "2026-11-23" / "20261123-090507-01a2-log_.._x.wav"
    assert path.parent.parent == tmp_path  # no way out of the directory through the id
