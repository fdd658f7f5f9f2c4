"""The audio page's own settings (echo cancellation, noise suppression, codec order), the level
meter and the echo test: from the config file to the engine, and heard on a real sound server."""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
import threading
import time
from array import array
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialogButtonBox

from app.config import settings
from app.orchestration.bootstrap import engine_config
from app.telephony.config import ConfigError, EngineConfig
from app.ui import settings_dialog
from app.ui.levelmeter import HOLD_REPORTS, LevelMeter
from app.ui.settings_dialog import PAGE_ACCOUNTS, PAGE_AUDIO, SettingsDialog
from app.ui.tasks import Tasks
from tests.e2e.xvfb import pulseaudio

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

    from tests.conftest import MemoryKeyring

ROOT = Path(__file__).resolve().parents[3]
RATE = 16000
TONE = 440


# -- the config file ---------------------------------------------------------------------------


def test_the_defaults_prefer_wideband_and_clean_up_the_sound() -> None:
    audio = settings.AudioSettings()
    assert audio.echo_cancellation and audio.noise_suppression
    assert audio.codec_order == ("opus", "G722", "PCMU", "PCMA")


def test_the_new_fields_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "caseline.toml"
    chosen = settings.AudioSettings(input="mic-1", echo_cancellation=False,
                                    noise_suppression=False, codecs="PCMA,G722")
    settings.save(path, settings.Settings(audio=chosen))
    text = path.read_text(encoding="utf-8")
    assert "echo_cancellation = false" in text
    assert 'codecs = "PCMA,G722"' in text
    assert settings.load(path).audio == chosen


def test_hand_written_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "caseline.toml"
    path.write_text('[audio]\nnoise_suppression = false\ncodecs = " G722 , pcmu,g722 "\n',
                    encoding="utf-8")
    audio = settings.load(path).audio
    assert audio.echo_cancellation and not audio.noise_suppression
    assert audio.codec_order == ("G722", "pcmu")  # spaces go; a repeat (any case) counts once


@pytest.mark.parametrize(("line", "named"), [
    ('codecs = "G722;PCMU"', "codecs"),
    ('codecs = "G722,,PCMU"', "codecs"),
    ('codecs = ["G722"]', "codecs"),
    ('echo_cancellation = "no"', "echo_cancellation"),
    ("noise_suppression = 1", "noise_suppression"),
])
def test_a_bad_value_names_the_setting(tmp_path: Path, line: str, named: str) -> None:
    path = tmp_path / "caseline.toml"
    path.write_text(f"[audio]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == "bad_setting"  # the CLI and the window translate this code
    assert named in err.value.detail and str(path) in err.value.detail


def test_an_empty_codec_list_leaves_the_order_to_the_sip_stack() -> None:
    assert settings.codec_names("") == ()
    assert settings.codec_names(" ") == ()


# -- the engine --------------------------------------------------------------------------------


def test_engine_config_takes_them() -> None:
    conf = settings.Settings(audio=settings.AudioSettings(
        echo_cancellation=False, noise_suppression=False, codecs="PCMA, G722"))
    config = engine_config(conf)
    assert config.codecs == ("PCMA", "G722")
    assert not config.echo_cancellation and not config.noise_suppression
    assert config.echo_tail_ms == EngineConfig().echo_tail_ms


def test_the_default_settings_give_the_engine_its_defaults() -> None:
    config = engine_config(settings.Settings())
    default = EngineConfig()
    assert (config.codecs, config.echo_cancellation, config.noise_suppression) == (
        default.codecs, default.echo_cancellation, default.noise_suppression)


# -- the settings dialog -----------------------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config" / "caseline.toml"


@pytest.fixture
def no_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    # No sound server in this process: the device lists are stand-ins.
    monkeypatch.setattr(settings_dialog, "audio_inputs",
                        lambda: [("headset-mic", "Headset"), ("desk-mic", "Desk microphone")])
    monkeypatch.setattr(settings_dialog, "audio_outputs", list)


def _open(qtbot: QtBot, config: Path) -> SettingsDialog:
    dialog = SettingsDialog(settings.load(config), config, Tasks(None))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _codecs(dialog: SettingsDialog) -> list[str]:
    return [dialog.codec_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(dialog.codec_list.count())]


def _press(qtbot: QtBot, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    button = dialog.buttons.button(which)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_checkboxes_and_the_codec_order_are_saved(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring, no_devices: None) -> None:
    dialog = _open(qtbot, config)
    dialog.show_page(PAGE_AUDIO)
    assert dialog.echo_check.isChecked() and dialog.noise_check.isChecked()
    assert _codecs(dialog) == ["opus", "G722", "PCMU", "PCMA"]
    assert dialog.codec_list.item(1).text() == "G.722 (wideband)"
    box = dialog.echo_check.height() // 2  # on its box, left of the text
    qtbot.mouseClick(dialog.echo_check, Qt.MouseButton.LeftButton, pos=QPoint(box, box))
    assert not dialog.echo_check.isChecked()
    dialog.codec_list.setCurrentRow(3)  # PCMA: first up to second place
    assert not dialog.codec_down.isEnabled()
    qtbot.mouseClick(dialog.codec_up, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.codec_up, Qt.MouseButton.LeftButton)
    assert _codecs(dialog) == ["opus", "PCMA", "G722", "PCMU"]
    assert dialog.codec_list.currentRow() == 1
    with qtbot.waitSignal(dialog.settings_saved, timeout=10000):
        _press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)

    audio = settings.load(config).audio
    assert not audio.echo_cancellation and audio.noise_suppression
    assert audio.codecs == "opus,PCMA,G722,PCMU"

    again = _open(qtbot, config)
    again.show_page(PAGE_AUDIO)
    assert not again.echo_check.isChecked()
    assert _codecs(again) == ["opus", "PCMA", "G722", "PCMU"]


def test_the_first_codec_cannot_go_up_nor_the_last_down(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring, no_devices: None) -> None:
    dialog = _open(qtbot, config)
    dialog.show_page(PAGE_AUDIO)
    dialog.codec_list.setCurrentRow(0)
    assert not dialog.codec_up.isEnabled() and dialog.codec_down.isEnabled()
    dialog.codec_list.setCurrentRow(dialog.codec_list.count() - 1)
    assert dialog.codec_up.isEnabled() and not dialog.codec_down.isEnabled()


def test_an_untouched_page_keeps_the_file_as_written(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring, no_devices: None) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('[audio]\ncodecs = "G722, PCMU"\n', encoding="utf-8")
    dialog = _open(qtbot, config)
    dialog.show_page(PAGE_AUDIO)
    assert _codecs(dialog) == ["G722", "PCMU"]
    _press(qtbot, dialog, QDialogButtonBox.StandardButton.Apply)
    assert dialog.message_text() == "Nothing to save."


def test_the_meter_listens_only_while_the_page_shows(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring, no_devices: None) -> None:
    settings.save(config, settings.Settings(audio=settings.AudioSettings(input="desk-mic")))
    dialog = _open(qtbot, config)
    assert dialog.mic_level.device_id is None  # the accounts page: no microphone opened
    dialog.show_page(PAGE_AUDIO)
    assert dialog.mic_level.device_id == "desk-mic"
    dialog.show_page(PAGE_ACCOUNTS)
    assert dialog.mic_level.device_id is None
    dialog.show_page(PAGE_AUDIO)
    assert dialog.mic_level.device_id == "desk-mic"
    dialog.input_combo.setCurrentIndex(dialog.input_combo.findData("headset-mic"))
    assert dialog.mic_level.device_id == "headset-mic"  # the meter follows the choice
    dialog.reject()
    assert not dialog.isVisible()
    assert dialog.mic_level.device_id is None and not dialog.mic_level.is_open()


def test_the_new_controls_are_named_for_screen_readers(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring, no_devices: None) -> None:
    dialog = _open(qtbot, config)
    dialog.show_page(PAGE_AUDIO)
    for widget in (dialog.level_meter, dialog.echo_button, dialog.echo_check,
                   dialog.noise_check, dialog.codec_list, dialog.codec_up, dialog.codec_down):
        assert widget.accessibleName(), widget
    assert "restarts" in dialog.restart_note.text()
    assert "Opus" in dialog.codec_note.text()


# -- the level meter ---------------------------------------------------------------------------


def test_the_meter_clamps_what_it_is_given(qtbot: QtBot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    for given, shown in ((0.5, 0.5), (1.7, 1.0), (-0.2, 0.0), (math.nan, 0.0)):
        meter.set_level(given)
        assert meter.level() == shown
    hint = meter.sizeHint()
    assert hint.height() < 30 and hint.width() < 400
    assert meter.accessibleName() == "Microphone level"


def test_the_meter_holds_its_peak_then_lets_it_sink(qtbot: QtBot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_level(0.8)
    for _ in range(HOLD_REPORTS):
        meter.set_level(0.1)
    assert meter.peak() == 0.8
    meter.set_level(0.1)
    assert 0.1 < meter.peak() < 0.8
    meter.reset()
    assert meter.level() == meter.peak() == 0.0


def test_the_meter_paints_its_bar(qtbot: QtBot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(200, 12)
    meter.show()
    palette = meter.palette()
    meter.set_level(0.5)
    image = meter.grab().toImage()
    assert image.pixelColor(40, 6) == palette.color(QPalette.ColorRole.Highlight)
    assert image.pixelColor(160, 6) == palette.color(QPalette.ColorRole.Base)
    meter.set_level(0.95)  # close to clipping: red
    assert meter.grab().toImage().pixelColor(40, 6) == QColor("#c5221f")


# -- on a real sound server --------------------------------------------------------------------


def _pactl(env: dict[str, str], *args: str) -> None:
    subprocess.run(["pactl", *args], env=env, check=True, stdout=subprocess.DEVNULL)


@pytest.fixture
def sound_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private PulseAudio: the null sink ``speaker``, and the microphone ``headset_mic``
    hearing a 440 Hz tone (played into the sink ``micfeed`` whose monitor it remaps)."""
    with pulseaudio(tmp_path / "pulse") as extra:
        env = {**os.environ, **extra, "QT_QPA_PLATFORM": "offscreen"}
        deadline = time.monotonic() + 20
        while subprocess.run(["pactl", "info"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, check=False).returncode != 0:
            assert time.monotonic() < deadline, "pulseaudio never answered pactl info"
            time.sleep(0.05)  # a poll interval: the socket exists before the daemon answers
        _pactl(env, "load-module", "module-null-sink", "sink_name=micfeed")
        _pactl(env, "load-module", "module-remap-source", "master=micfeed.monitor",
               "source_name=headset_mic")
        second = array("h", (round(8000 * math.sin(2 * math.pi * TONE * i / RATE))
                             for i in range(RATE))).tobytes()
        stop = threading.Event()
        pacat = subprocess.Popen(["pacat", "--playback", "--device=micfeed", "--raw",
                                  "--format=s16le", f"--rate={RATE}", "--channels=1"],
                                 env=env, stdin=subprocess.PIPE)
        stdin = pacat.stdin
        assert stdin is not None

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError, ValueError):  # pacat ended with the test
                while not stop.is_set():
                    stdin.write(second)  # blocks at the sound's own pace

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        try:
            yield env
        finally:
            stop.set()
            pacat.kill()
            pacat.wait(10)
            feeder.join(10)
            with contextlib.suppress(BrokenPipeError, ValueError):
                stdin.close()


def _child(env: dict[str, str], *args: str) -> list[str]:
    """Run audio_settings_child to its end (it stops itself); its output lines."""
    result = subprocess.run([sys.executable, "-m", "tests.unit.audio.audio_settings_child",
                             *args], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=90, check=False)
    lines = result.stdout.splitlines()
    if result.returncode != 0 or any(line.startswith("problem") for line in lines):
        pytest.fail(f"the child failed: {lines[-20:]} {result.stderr[-2000:]}")
    return lines


def test_the_meter_hears_the_chosen_microphone(sound_server: dict[str, str],
                                               tmp_path: Path) -> None:
    lines = _child(sound_server, "meter", str(tmp_path / "c.toml"), "microphone", "headset_mic")
    switched = lines.index("switched")
    silent = [float(line.split()[2]) for line in lines[:switched]
              if line.startswith("level microphone ")]
    assert len(silent) >= 10 and max(silent) < 0.01  # the null source: silence
    heard = [float(line.split()[2]) for line in lines[switched:]
             if line.startswith("level headset_mic ")]
    assert heard and max(heard) > 0.1
    assert lines[-1] == "heard"


def test_the_echo_test_plays_back_what_the_microphone_heard(sound_server: dict[str, str],
                                                            tmp_path: Path) -> None:
    chunks: list[bytes] = []
    # Recording the speaker from before the test starts: a new stream may take a second or two
    # to flow, and silence before the playback does not hide the tone in it.
    with subprocess.Popen(["parec", "--device=speaker.monitor", "--raw", "--format=s16le",
                           f"--rate={RATE}", "--channels=1"], env=sound_server,
                          stdout=subprocess.PIPE) as parec:
        assert parec.stdout is not None
        out = parec.stdout

        def read() -> None:
            while chunk := os.read(out.fileno(), 65536):
                chunks.append(chunk)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            lines = _child(sound_server, "echo", str(tmp_path / "c.toml"), "headset_mic",
                           "speaker")
        finally:
            parec.terminate()
            reader.join(10)

    phases = [line.split()[1] for line in lines if line.startswith("phase ")]
    assert phases == ["recording", "playing", "done"]
    statuses = [line[len("status "):] for line in lines if line.startswith("status ")]
    assert statuses[0] == "Speak now… 3"
    assert "Speak now… 1" in statuses
    assert statuses[-2:] == ["Playing back…", "Done: did you hear yourself?"]
    recorded = next(float(line.split()[1]) for line in lines if line.startswith("recorded "))
    assert recorded > 0.1

    heard = np.frombuffer(b"".join(chunks), dtype="<i2").astype(np.float64)
    assert len(heard) > 3 * RATE
    assert np.abs(heard).max() > 1000
    spectrum = np.abs(np.fft.rfft(heard))
    frequencies = np.fft.rfftfreq(len(heard), 1 / RATE)
    strongest = frequencies[int(np.argmax(spectrum[1:])) + 1]
    assert abs(strongest - TONE) < 5
    far = spectrum[np.abs(frequencies - 2500) < 50].max()
    assert spectrum[np.abs(frequencies - TONE) < 5].max() > 100 * far
