"""An AudioBridge in a fresh process with no sound server at all, for test_bridge_no_device.

Qt Multimedia binds to a sound server once per process: this child is started with PULSE_SERVER
naming nothing, so it has no device. It opens the speaker as a ringing call would, then speaker
and microphone as an answered one, has the device list change once, and opens the speaker again
for a next call; then it prints what the bridge reported as one JSON line.

    python -m tests.unit.audio.bridge_child
"""

from __future__ import annotations

import json
import sys

from PySide6.QtGui import QGuiApplication

from app.audio.bridge import CLOSED, SPEAKER, SPEECH, AudioBridge
from app.telephony.frames import frame_pair


def main(argv: list[str]) -> int:
    app = QGuiApplication(argv[:1])
    engine_end, bridge_end = frame_pair()
    bridge = AudioBridge(bridge_end)
    failed: list[str] = []
    lost: list[tuple[str, str]] = []
    bridge.failed.connect(failed.append)
    bridge.device_lost.connect(lambda kind, name: lost.append((kind, name)))
    bridge.set_devices("", "")
    watching = []
    for step in (lambda: bridge.set_mode(SPEAKER), lambda: bridge.set_mode(SPEECH),
                 bridge.devices_changed, lambda: bridge.set_mode(CLOSED),
                 lambda: bridge.set_mode(SPEAKER)):
        step()
        watching.append(bridge.watching())  # returns once the audio thread has done the step
        app.processEvents()  # the signals it sent meanwhile
    print(json.dumps({"failed": failed, "lost": lost, "watching": watching,
                      "opened": bridge.stats().opened}), flush=True)
    bridge.shutdown()
    engine_end.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
