"""A Ringer in a fresh process, for test_ringer's recording test.

Qt Multimedia binds to a PulseAudio server once per process, at its first use; earlier tests in
the same pytest process may already have bound it to no server at all. A child started with the
test's private daemon in its environment hears only that daemon. It prints the device it rings
on, then "playing" once Qt plays the loop, and keeps ringing until it is terminated.

    python -m tests.unit.audio.ringer_child ringtone|ringback [DEVICE-ID [USER-SOUNDS-DIR]]

A problem the Ringer reports is printed as a "problem ..." line; ringing goes on after it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from app.audio.devices import device_key
from app.config.settings import AudioSettings
from app.telephony.events import CallEvent, CallState, Direction, RemoteParty
from app.ui.callcenter import CallCenter
from app.ui.ringer import Ringer, Sound
from app.ui.tasks import Tasks
from tests.nophone import NoPhone


def main(argv: list[str]) -> int:
    app = QGuiApplication(argv[:1])
    sound = Sound(argv[1])
    center = CallCenter(NoPhone(), Tasks(None))
    chosen = argv[2] if len(argv) > 2 else ""
    user_dir = Path(argv[3]) if len(argv) > 3 else None
    ringer = Ringer(center, AudioSettings(output=chosen, ringer=chosen), user_dir=user_dir)

    # A guard, not a synchronisation: a ringer that never plays fails the test in seconds
    # instead of leaving it blocked on this process's output until pytest's timeout.
    guard = QTimer(singleShot=True, interval=20_000)

    def playing(now: bool) -> None:
        if now:
            guard.stop()
            print("playing", flush=True)

    def problem(text: str) -> None:
        print(f"problem {text}", flush=True)

    def give_up() -> None:
        print("problem nothing played within 20 s", flush=True)
        app.exit(1)

    guard.timeout.connect(give_up)
    ringer.playing_changed.connect(playing)
    ringer.problem.connect(problem)
    print(f"device {device_key(ringer.device_for(sound))}", flush=True)
    if sound is Sound.RINGTONE:
        event = CallEvent("c1", CallState.INCOMING, Direction.INBOUND, "work",
                          RemoteParty("sip:0312345678@pbx", "", "0312345678"))
    else:
        event = CallEvent("c1", CallState.RINGING, Direction.OUTBOUND, "work",
                          RemoteParty("sip:0312345678@pbx", "", "0312345678"), status_code=180)
    guard.start()
    center._on_event(event)
    if ringer.sound is not sound:
        print(f"problem wrong sound {ringer.sound.value}", flush=True)
        return 1
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
