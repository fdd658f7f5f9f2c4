"""Ringer: which sound follows which call events, and the ring heard on a real sound server."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtMultimedia import QMediaDevices

from app.audio.tones import (
    RING_FREQUENCIES,
    RINGBACK_FREQUENCY,
    SAMPLE_RATE,
    goertzel,
    write_wav,
)
from app.config.settings import AudioSettings
from app.telephony.events import CallEvent, CallState, Direction, EndReason, RemoteParty
from app.ui.callcenter import CallCenter
from app.ui.ringer import Ringer, Sound
from app.ui.tasks import Tasks
from tests.e2e.xvfb import pulseaudio
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[3]




@pytest.fixture
def center(qtbot: QtBot) -> CallCenter:
    return CallCenter(NoPhone(), Tasks(None))


@pytest.fixture
def ringer(center: CallCenter, tmp_path: Path) -> Ringer:
    return Ringer(center, AudioSettings(), user_dir=tmp_path / "sounds")


def _in(state: CallState, call_id: str = "c1", **kw: Any) -> CallEvent:
    return CallEvent(call_id, state, Direction.INBOUND, "work",
                     RemoteParty("sip:0312345678@pbx", "", "0312345678"), **kw)


def _out(state: CallState, call_id: str = "o1", **kw: Any) -> CallEvent:
    return CallEvent(call_id, state, Direction.OUTBOUND, "work",
                     RemoteParty("sip:0698765432@pbx", "", "0698765432"), **kw)


def _sound(ringer: Ringer) -> Sound:
    return ringer.sound  # read anew each time: mypy must not narrow it


def test_rings_until_answered(center: CallCenter, ringer: Ringer, qtbot: QtBot) -> None:
    assert _sound(ringer) is Sound.NONE
    with qtbot.waitSignal(ringer.sound_changed) as changed:
        center._on_event(_in(CallState.INCOMING))
    assert changed.args == ["ringtone"]
    assert _sound(ringer) is Sound.RINGTONE
    center._on_event(_in(CallState.CONNECTING))
    assert _sound(ringer) is Sound.NONE  # answered: silent before the ACK even arrives
    center._on_event(_in(CallState.ACTIVE))
    assert _sound(ringer) is Sound.NONE


@pytest.mark.parametrize("reason", [EndReason.REJECTED, EndReason.MISSED])
def test_declined_or_missed_stops_the_ring(center: CallCenter, ringer: Ringer,
                                           reason: EndReason) -> None:
    center._on_event(_in(CallState.INCOMING))
    assert _sound(ringer) is Sound.RINGTONE
    center._on_event(_in(CallState.ENDED, end_reason=reason))
    assert _sound(ringer) is Sound.NONE


def test_rings_while_any_of_two_calls_rings(center: CallCenter, ringer: Ringer) -> None:
    center._on_event(_in(CallState.INCOMING, "c1"))
    center._on_event(_in(CallState.INCOMING, "c2"))
    center._on_event(_in(CallState.ENDED, "c1", end_reason=EndReason.MISSED))
    assert _sound(ringer) is Sound.RINGTONE
    center._on_event(_in(CallState.ENDED, "c2", end_reason=EndReason.MISSED))
    assert _sound(ringer) is Sound.NONE


def test_a_call_on_a_call_only_beeps(center: CallCenter, ringer: Ringer, qtbot: QtBot) -> None:
    center._on_event(_in(CallState.INCOMING, "c1"))
    center._on_event(_in(CallState.ACTIVE, "c1"))
    with qtbot.waitSignal(ringer.sound_changed) as changed:
        center._on_event(_in(CallState.INCOMING, "c2"))
    assert changed.args == ["callwaiting"]
    # The first caller hangs up while the second still rings: now it is a real ring.
    center._on_event(_in(CallState.ENDED, "c1", end_reason=EndReason.REMOTE_HANGUP))
    assert _sound(ringer) is Sound.RINGTONE
    center._on_event(_in(CallState.ACTIVE, "c2"))
    assert _sound(ringer) is Sound.NONE


def test_call_waiting_stops_when_the_second_call_is_answered(center: CallCenter,
                                                             ringer: Ringer) -> None:
    center._on_event(_in(CallState.ACTIVE, "c1"))
    center._on_event(_in(CallState.INCOMING, "c2"))
    assert _sound(ringer) is Sound.CALL_WAITING
    center._on_event(_in(CallState.ACTIVE, "c1", held=True))
    assert _sound(ringer) is Sound.CALL_WAITING  # a held call is still a call
    center._on_event(_in(CallState.ACTIVE, "c2"))
    assert _sound(ringer) is Sound.NONE


def test_ringback_while_the_far_end_rings(center: CallCenter, ringer: Ringer) -> None:
    center._on_event(_out(CallState.CALLING))
    assert _sound(ringer) is Sound.NONE  # no 18x yet: nothing rings anywhere
    center._on_event(_out(CallState.RINGING, status_code=180))
    assert _sound(ringer) is Sound.RINGBACK
    center._on_event(_out(CallState.ACTIVE, status_code=200))
    assert _sound(ringer) is Sound.NONE


def test_early_media_brings_its_own_tones(center: CallCenter, ringer: Ringer) -> None:
    center._on_event(_out(CallState.RINGING, status_code=180))
    assert _sound(ringer) is Sound.RINGBACK
    center._on_event(_out(CallState.RINGING, status_code=183))
    assert _sound(ringer) is Sound.NONE


def test_an_unanswered_call_out_stops_the_ringback(center: CallCenter, ringer: Ringer) -> None:
    center._on_event(_out(CallState.RINGING, status_code=180))
    center._on_event(_out(CallState.ENDED, end_reason=EndReason.LOCAL_HANGUP))
    assert _sound(ringer) is Sound.NONE


def test_a_ring_already_under_way_does_not_restart(center: CallCenter, ringer: Ringer,
                                                   qtbot: QtBot) -> None:
    center._on_event(_in(CallState.INCOMING, "c1"))
    with qtbot.assertNotEmitted(ringer.sound_changed):
        center._on_event(_in(CallState.INCOMING, "c2"))
        center._on_event(_in(CallState.INCOMING, "c1", reason="repeat"))
    assert _sound(ringer) is Sound.RINGTONE


def test_a_ringer_built_mid_ring_rings_and_stop_silences(center: CallCenter,
                                                         qtbot: QtBot) -> None:
    center._on_event(_in(CallState.INCOMING))
    late = Ringer(center, AudioSettings())
    assert _sound(late) is Sound.RINGTONE
    with qtbot.waitSignal(late.sound_changed) as changed:
        late.stop()
    assert changed.args == ["none"] and not late.is_playing()


def test_keypad_feedback_takes_dtmf_digits_only(ringer: Ringer) -> None:
    for digit in "0123456789*#ABCDabcd":
        assert ringer.play_dtmf(digit), digit
    for other in ("", "E", "x", "55", "+"):
        assert not ringer.play_dtmf(other), other


def test_a_device_that_is_gone_falls_back_to_the_default(center: CallCenter) -> None:
    ringer = Ringer(center, AudioSettings(output="gone", ringer="unplugged-usb-speaker"))
    default = QMediaDevices.defaultAudioOutput()
    assert ringer.device_for(Sound.RINGTONE) == default
    assert ringer.device_for(Sound.RINGBACK) == default


# -- heard on a real sound server ------------------------------------------------------------


@pytest.fixture
def sound_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private PulseAudio whose null sink ``speaker`` is the only (so default) output."""
    with pulseaudio(tmp_path / "pulse") as env:
        yield {**os.environ, **env, "QT_QPA_PLATFORM": "offscreen"}


def _record(env: dict[str, str], seconds: float, sink: str = "speaker") -> array[int]:
    """What ``sink`` plays for ``seconds``: parec on its monitor, read to the byte count."""
    with subprocess.Popen(
            ["parec", f"--device={sink}.monitor", "--raw", "--format=s16le",
             f"--rate={SAMPLE_RATE}", "--channels=1"], env=env,
            stdout=subprocess.PIPE) as parec:
        try:
            assert parec.stdout is not None
            wanted = 2 * round(seconds * SAMPLE_RATE)
            data = b""
            while len(data) < wanted:
                chunk = parec.stdout.read(wanted - len(data))
                assert chunk, "parec stopped recording"
                data += chunk
        finally:
            parec.terminate()
    samples = array("h", data)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _ring_and_record(env: dict[str, str], sound: str, device: str = "",
                    user_dir: Path | None = None,
                    problems: int = 0) -> tuple[list[str], array[int]]:
    """A Ringer rings ``sound``: the problems it printed up to "playing" (and until it printed
    ``problems`` of them: a bad file's error can come after the first play), and 1.5 s of what
    ``device`` ("" the default, ``speaker``) played meanwhile."""
    # A fresh process: Qt Multimedia binds to a sound server once, at its first use, and this
    # process's earlier tests may have bound it to none (see ringer_child).
    args = [sys.executable, "-m", "tests.unit.audio.ringer_child", sound, device]
    if user_dir is not None:
        args.append(str(user_dir))
    with subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        lines: list[str] = []
        reported: list[str] = []
        while "" not in lines and ("playing" not in lines or len(reported) < problems):
            lines.append(child.stdout.readline().strip())
            if lines[-1].startswith("problem "):
                reported.append(lines[-1])
        if "playing" not in lines or lines[0] != f"device {device or 'speaker'}":
            child.terminate()
            _, errors = child.communicate()
            pytest.fail(f"the ringer did not ring: {lines} {errors[-2000:]}")
        try:
            return reported, _record(env, 1.5, device or "speaker")
        finally:
            child.terminate()
            child.communicate()


def _assert_heard(heard: array[int], frequencies: tuple[int, ...]) -> None:
    far = goertzel(heard, SAMPLE_RATE, 2500)
    assert max(abs(s) for s in heard) > 1000
    for frequency in frequencies:
        assert goertzel(heard, SAMPLE_RATE, frequency) > 100 * far, frequency


@pytest.mark.parametrize(("sound", "frequencies"), [
    ("ringtone", RING_FREQUENCIES), ("ringback", (RINGBACK_FREQUENCY,))])
def test_the_ring_is_heard_on_the_speaker(sound_server: dict[str, str], sound: str,
                                          frequencies: tuple[int, ...]) -> None:
    problems, heard = _ring_and_record(sound_server, sound)
    assert problems == []
    _assert_heard(heard, frequencies)


def test_the_ring_goes_to_the_chosen_device(sound_server: dict[str, str]) -> None:
    # A second sink that is not the default: the desk speaker beside the headset.
    subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=desk"],
                   env=sound_server, check=True, stdout=subprocess.DEVNULL)
    _, heard = _ring_and_record(sound_server, "ringtone", "desk")
    _assert_heard(heard, RING_FREQUENCIES)


def test_a_bad_user_ringtone_is_reported_and_ours_rings(sound_server: dict[str, str],
                                                       tmp_path: Path) -> None:
    own = tmp_path / "sounds"
    own.mkdir()
    (own / "ringtone.wav").write_bytes(b"this is not a WAV file")
    problems, heard = _ring_and_record(sound_server, "ringtone", user_dir=own, problems=1)
    assert problems == ["problem Your sound file ringtone.wav could not be played; "
                        "the standard sound is used."]
    _assert_heard(heard, RING_FREQUENCIES)


def test_a_user_ringtone_rings_instead_of_ours(sound_server: dict[str, str],
                                               tmp_path: Path) -> None:
    own = tmp_path / "sounds"
    own.mkdir()
    tone = array("h", (round(8000 * math.sin(2 * math.pi * 1000 * i / SAMPLE_RATE))
                       for i in range(3 * SAMPLE_RATE)))
    write_wav(own / "ringtone.wav", tone)
    problems, heard = _ring_and_record(sound_server, "ringtone", user_dir=own)
    assert problems == []
    _assert_heard(heard, (1000,))
    assert goertzel(heard, SAMPLE_RATE, RING_FREQUENCIES[0]) < goertzel(
        heard, SAMPLE_RATE, 1000) / 100
