"""The phone's own sounds, generated: ringtone, ringback, call-waiting beep, DTMF feedback and
the recording notice.

Pure stdlib (``wave``, ``math``), no Qt, so the files can be rebuilt anywhere with
``python -m app.audio.tones resources/sounds``. Each looped sound is exactly one cadence cycle
long (tone, then silence), so playing it in a loop gives the cadence without a timer.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from pathlib import Path

SAMPLE_RATE = 16_000  # 16 kHz mono s16: plenty for telephone tones, small files
PEAK = 32_767

# Ringtone: a soft perfect fourth (660 Hz + 880 Hz), 1 s on / 2 s off like a desk phone.
RING_FREQUENCIES = (660, 880)
# Japanese ringback (JJ-20.11 / NTT): 400 Hz amplitude-modulated by 16 Hz, 1 s on / 2 s off.
RINGBACK_FREQUENCY = 400
RINGBACK_MODULATION = 16
# Call waiting: two short 440 Hz pips every 4 s, quiet enough to talk over.
WAITING_FREQUENCY = 440
ON_SECONDS = 1.0
OFF_SECONDS = 2.0
DTMF_SECONDS = 0.120
# Recording notice, played once into the call when a recording starts: two 0.3 s beeps at
# 1400 Hz, 0.2 s apart. 1400 Hz is the pitch telephone networks have long used to warn that a
# call is recorded (the US "beep tone": 1400 Hz every 15 s); high enough to stand out from
# speech, low enough to pass any codec. Once at the start is a notice, not that periodic tone:
# the 15-second repeat is not made here.
RECORDING_FREQUENCY = 1400
RECORDING_BEEP_SECONDS = 0.3
RECORDING_GAP_SECONDS = 0.2
FADE_SECONDS = 0.005  # ramps at every tone edge: a hard edge clicks in the headset

DTMF_FREQUENCIES: dict[str, tuple[int, int]] = {
    "1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "A": (697, 1633),
    "4": (770, 1209), "5": (770, 1336), "6": (770, 1477), "B": (770, 1633),
    "7": (852, 1209), "8": (852, 1336), "9": (852, 1477), "C": (852, 1633),
    "*": (941, 1209), "0": (941, 1336), "#": (941, 1477), "D": (941, 1633),
}

# The looped sounds by file stem; DTMF files are dtmf_file(digit).
RINGTONE = "ringtone"
RINGBACK = "ringback"
CALL_WAITING = "callwaiting"
LOOPED = (RINGTONE, RINGBACK, CALL_WAITING)
RECORDING_NOTICE = "recording"  # played once (not looped)
RECORDING_FILE = "recording.wav"


def _envelope(i: int, count: int) -> float:
    ramp = int(FADE_SECONDS * SAMPLE_RATE)
    return min(1.0, i / ramp, (count - 1 - i) / ramp)


def _burst(frequencies: tuple[int, ...], seconds: float, level: float,
           modulation: int = 0) -> list[float]:
    count = round(seconds * SAMPLE_RATE)
    out = []
    step = 2 * math.pi / SAMPLE_RATE
    for i in range(count):
        value = sum(math.sin(step * f * i) for f in frequencies) / len(frequencies)
        if modulation:
            value *= 0.5 + 0.5 * math.sin(step * modulation * i)
        out.append(level * _envelope(i, count) * value)
    return out


def _silence(seconds: float) -> list[float]:
    return [0.0] * round(seconds * SAMPLE_RATE)


def _pcm(samples: list[float]) -> array[int]:
    return array("h", (max(-PEAK, min(PEAK, round(s * PEAK))) for s in samples))


def ringtone() -> array[int]:
    return _pcm(_burst(RING_FREQUENCIES, ON_SECONDS, 0.5) + _silence(OFF_SECONDS))


def ringback() -> array[int]:
    return _pcm(_burst((RINGBACK_FREQUENCY,), ON_SECONDS, 0.4, RINGBACK_MODULATION)
                + _silence(OFF_SECONDS))


def call_waiting() -> array[int]:
    pip = _burst((WAITING_FREQUENCY,), 0.1, 0.3)
    return _pcm(pip + _silence(0.1) + pip + _silence(3.7))


def recording_notice() -> array[int]:
    beep = _burst((RECORDING_FREQUENCY,), RECORDING_BEEP_SECONDS, 0.3)
    return _pcm(beep + _silence(RECORDING_GAP_SECONDS) + beep)


def dtmf(digit: str) -> array[int]:
    low, high = DTMF_FREQUENCIES[digit.upper()]
    return _pcm(_burst((low, high), DTMF_SECONDS, 0.5))


def dtmf_file(digit: str) -> str:
    """The file name of a digit's tone ("*" and "#" are not safe in every file system)."""
    name = {"*": "star", "#": "hash"}.get(digit, digit.lower())
    return f"dtmf-{name}.wav"


def looped_file(stem: str) -> str:
    return f"{stem}.wav"


def write_wav(path: Path, samples: array[int]) -> None:
    data = array("h", samples)
    if sys.byteorder == "big":  # WAV is little-endian
        data.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(data.tobytes())


def read_wav(path: Path) -> tuple[int, array[int]]:
    """(sample rate, mono s16 samples) of a file written by write_wav."""
    with wave.open(str(path), "rb") as src:
        if src.getnchannels() != 1 or src.getsampwidth() != 2:
            raise ValueError(f"{path}: not mono 16-bit")
        data = array("h", src.readframes(src.getnframes()))
        rate = src.getframerate()
    if sys.byteorder == "big":
        data.byteswap()
    return rate, data


def write_all(directory: Path) -> list[Path]:
    """Every sound into ``directory``; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    makers = {RINGTONE: ringtone, RINGBACK: ringback, CALL_WAITING: call_waiting}
    written = []
    for stem, make in makers.items():
        written.append(directory / looped_file(stem))
        write_wav(written[-1], make())
    for digit in DTMF_FREQUENCIES:
        written.append(directory / dtmf_file(digit))
        write_wav(written[-1], dtmf(digit))
    written.append(directory / RECORDING_FILE)
    write_wav(written[-1], recording_notice())
    return written


def goertzel(samples: array[int] | list[float], rate: int, frequency: float) -> float:
    """Normalised power of one frequency in ``samples``: a one-bin DFT, cheap in pure Python."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    previous = before = 0.0
    for sample in samples:
        previous, before = sample + coefficient * previous - before, previous
    power = previous * previous + before * before - coefficient * previous * before
    return power / max(1, len(samples)) ** 2


if __name__ == "__main__":
    for written_path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/sounds")):
        print(written_path)
