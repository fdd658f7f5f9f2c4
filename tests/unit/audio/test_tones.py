"""The generated sounds: the right frequencies (Goertzel), the right cadence, the bundled files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.audio import BUNDLED_DIR, sound_file
from app.audio.tones import (
    CALL_WAITING,
    DTMF_FREQUENCIES,
    DTMF_SECONDS,
    LOOPED,
    RECORDING_BEEP_SECONDS,
    RECORDING_FILE,
    RECORDING_FREQUENCY,
    RECORDING_GAP_SECONDS,
    RING_FREQUENCIES,
    RINGBACK,
    RINGBACK_FREQUENCY,
    RINGBACK_MODULATION,
    RINGTONE,
    SAMPLE_RATE,
    WAITING_FREQUENCY,
    call_waiting,
    dtmf,
    dtmf_file,
    goertzel,
    looped_file,
    read_wav,
    recording_notice,
    ringback,
    ringtone,
    write_all,
)

if TYPE_CHECKING:
    from array import array
    from pathlib import Path

RATE = SAMPLE_RATE
FAR = 2500  # no sound here has energy near this


def _window(samples: array[int], start: float, end: float) -> array[int]:
    return samples[round(start * RATE):round(end * RATE)]


def _loud(samples: array[int]) -> bool:
    return max(abs(s) for s in samples) > 1000


def _cadence(samples: array[int], step: float = 0.05) -> str:
    """One character per ``step`` seconds: '#' sound, '.' silence (ramps ignored)."""
    marks = []
    for i in range(round(len(samples) / RATE / step)):
        chunk = _window(samples, i * step + 0.01, (i + 1) * step - 0.01)
        marks.append("#" if _loud(chunk) else "." if not any(chunk) else "?")
    return "".join(marks)


def test_ringtone_is_a_dual_tone_one_second_on_two_off() -> None:
    samples = ringtone()
    assert len(samples) == 3 * RATE  # one cadence cycle: a loop repeats it exactly
    assert _cadence(samples) == "#" * 20 + "." * 40
    on = _window(samples, 0.0, 1.0)
    far = goertzel(on, RATE, FAR)
    for frequency in RING_FREQUENCIES:
        assert goertzel(on, RATE, frequency) > 1000 * far
    assert goertzel(on, RATE, 400) < goertzel(on, RATE, RING_FREQUENCIES[0]) / 1000


def test_ringback_is_the_japanese_400_hz_tone_modulated_by_16_hz() -> None:
    samples = ringback()
    assert len(samples) == 3 * RATE
    assert _cadence(samples) == "#" * 20 + "." * 40
    on = _window(samples, 0.0, 1.0)
    carrier = goertzel(on, RATE, RINGBACK_FREQUENCY)
    assert carrier > 1000 * goertzel(on, RATE, FAR)
    # Amplitude modulation puts side bands 16 Hz either side; a plain 400 Hz tone has none.
    for side in (RINGBACK_FREQUENCY - RINGBACK_MODULATION,
                 RINGBACK_FREQUENCY + RINGBACK_MODULATION):
        assert goertzel(on, RATE, side) > carrier / 10
    assert goertzel(on, RATE, RINGBACK_FREQUENCY + 40) < carrier / 1000
    # ... and the level falls to near silence 16 times a second.
    period = RATE // RINGBACK_MODULATION
    quiet = [max(abs(s) for s in on[i:i + period]) - min(abs(s) for s in on[i:i + period])
             for i in range(period, RATE - 2 * period, period)]
    assert len(quiet) == RINGBACK_MODULATION - 3 and all(swing > 5000 for swing in quiet)


def test_call_waiting_is_two_short_pips_then_quiet() -> None:
    samples = call_waiting()
    assert len(samples) == 4 * RATE
    assert _cadence(samples) == "##..##" + "." * 74
    pips = _window(samples, 0.0, 0.3)
    assert goertzel(pips, RATE, WAITING_FREQUENCY) > 1000 * goertzel(pips, RATE, FAR)


def test_recording_notice_is_two_1400_hz_beeps_once() -> None:
    samples = recording_notice()
    beep, gap = RECORDING_BEEP_SECONDS, RECORDING_GAP_SECONDS
    assert len(samples) == round((2 * beep + gap) * RATE)  # played once: no tail, no repeat
    assert (beep, gap) == (0.3, 0.2)
    assert _cadence(samples, 0.1) == "###..###"
    for start in (0.0, beep + gap):
        one = _window(samples, start, start + beep)
        tone = goertzel(one, RATE, RECORDING_FREQUENCY)
        assert tone > 1000 * goertzel(one, RATE, FAR)
        assert tone > 1000 * goertzel(one, RATE, 1000)  # a clean tone, not speech-like noise
    assert not any(_window(samples, beep + 0.01, beep + gap - 0.01))


@pytest.mark.parametrize("digit", sorted(DTMF_FREQUENCIES))
def test_each_dtmf_digit_is_its_own_pair(digit: str) -> None:
    samples = dtmf(digit)
    assert len(samples) == round(DTMF_SECONDS * RATE)
    low, high = DTMF_FREQUENCIES[digit]
    others = {f for pair in DTMF_FREQUENCIES.values() for f in pair} - {low, high}
    weakest = min(goertzel(samples, RATE, low), goertzel(samples, RATE, high))
    strongest_other = max(goertzel(samples, RATE, f) for f in others)
    assert weakest > 50 * strongest_other


def test_dtmf_files_have_one_safe_name_each() -> None:
    names = {dtmf_file(d) for d in DTMF_FREQUENCIES}
    assert len(names) == 16
    assert dtmf_file("*") == "dtmf-star.wav" and dtmf_file("#") == "dtmf-hash.wav"
    assert not any(set(n) & set("*#/\\") for n in names)


def test_bundled_files_are_what_the_generator_makes(tmp_path: Path) -> None:
    """resources/sounds is committed: it must not drift from app.audio.tones."""
    written = write_all(tmp_path)
    assert len(written) == len(LOOPED) + 16 + 1  # ... and the recording notice
    for path in written:
        rate, fresh = read_wav(path)
        bundled_rate, bundled = read_wav(BUNDLED_DIR / path.name)
        assert (rate, bundled_rate) == (RATE, RATE)
        assert bundled == fresh, f"{path.name}: run python -m app.audio.tones resources/sounds"
    assert read_wav(BUNDLED_DIR / looped_file(RINGTONE))[1] == ringtone()
    assert read_wav(BUNDLED_DIR / RECORDING_FILE)[1] == recording_notice()
    assert {RINGTONE, RINGBACK, CALL_WAITING} == set(LOOPED)


def test_a_users_file_replaces_the_bundled_one(tmp_path: Path) -> None:
    name = looped_file(RINGTONE)
    assert sound_file(name, tmp_path) == BUNDLED_DIR / name
    (tmp_path / name).write_bytes(b"RIFF")
    assert sound_file(name, tmp_path) == tmp_path / name
    assert sound_file(dtmf_file("5"), tmp_path) == BUNDLED_DIR / dtmf_file("5")


def test_the_users_sound_folder_sits_beside_the_config(config_file: Path) -> None:
    name = looped_file(RINGBACK)
    own = config_file.parent / "sounds" / name
    own.parent.mkdir()
    own.write_bytes(b"RIFF")
    assert sound_file(name) == own
