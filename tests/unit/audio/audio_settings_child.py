"""The settings dialog's audio page in a fresh process, for test_audio_settings' sound tests.

Qt Multimedia binds to a PulseAudio server once per process (see ringer_child), so the test
starts this child with its private daemon in the environment. Everything is driven through the
real dialog on its audio page; the child prints what happens, one line per event:

    python -m tests.unit.audio.audio_settings_child meter CONFIG SILENT-MIC TONE-MIC
        The page opens on SILENT-MIC. After 10 level reports from it the microphone combo is
        switched to TONE-MIC; once that reports a level above 0.1 it prints "heard" and exits.
        Lines: "level DEVICE VALUE", "switched", "heard".

    python -m tests.unit.audio.audio_settings_child echo CONFIG MIC SPEAKER
        Once the page's meter hears MIC (level above 0.1: its stream flows), the Echo test
        button is clicked. Lines: "phase PHASE", "status TEXT", "recorded PEAK"; it exits after
        "phase done" or "phase failed".

A run that gets nowhere prints "problem ..." and exits 1 after 30 s: a guard, so a broken device
fails the test in seconds instead of leaving it blocked on this process's output.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.audio.bridge import peak_level
from app.config.settings import AudioSettings, Settings
from app.ui.levelmeter import EchoPhase
from app.ui.settings_dialog import PAGE_AUDIO, SettingsDialog
from app.ui.tasks import Tasks

SWITCH_AFTER = 10
HEARD = 0.1


def say(text: str) -> None:
    print(text, flush=True)


def meter(app: QApplication, config: Path, silent: str, tone: str) -> int:
    dialog = SettingsDialog(Settings(audio=AudioSettings(input=silent)), config, Tasks(None))
    reports = {silent: 0, tone: 0}

    def level(value: float) -> None:
        device = dialog.mic_level.device_id
        if device is None:
            return  # the 0.0 a stopped meter sends
        say(f"level {device} {value:.4f}")
        reports[device] = reports.get(device, 0) + 1
        if device == silent and reports[silent] == SWITCH_AFTER:
            dialog.input_combo.setCurrentIndex(dialog.input_combo.findData(tone))
            say("switched")
        elif device == tone and value > HEARD:
            say("heard")
            dialog.close()
            app.exit(0)

    dialog.mic_level.level.connect(level)
    dialog.mic_level.failed.connect(lambda text: say(f"problem {text}"))
    dialog.show()
    dialog.show_page(PAGE_AUDIO)
    if dialog.input_combo.findData(tone) < 0:
        say(f"problem {tone} is not listed")
        return 1
    return app.exec()


def echo(app: QApplication, config: Path, mic: str, speaker: str) -> int:
    dialog = SettingsDialog(Settings(audio=AudioSettings(input=mic, output=speaker)), config,
                            Tasks(None))
    test = dialog.echo_test

    def level(value: float) -> None:
        if value > HEARD and dialog.echo_button.isEnabled() and test.phase is EchoPhase.IDLE:
            dialog.echo_button.click()

    def phase(name: str) -> None:
        say(f"phase {name}")
        if name in ("done", "failed"):
            say(f"recorded {peak_level(test.recording()):.4f}")
            app.exit(0)

    dialog.mic_level.level.connect(level)
    test.phase_changed.connect(phase)
    test.status.connect(lambda text: say(f"status {text}"))
    dialog.show()
    dialog.show_page(PAGE_AUDIO)
    return app.exec()


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    guard = QTimer(singleShot=True, interval=30_000)

    def give_up() -> None:
        say("problem nothing happened within 30 s")
        app.exit(1)

    guard.timeout.connect(give_up)
    guard.start()
    mode, config, first, second = argv[1], Path(argv[2]), argv[3], argv[4]
    if mode == "meter":
        return meter(app, config, first, second)
    return echo(app, config, first, second)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
