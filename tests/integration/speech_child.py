"""The desktop's speech path in a fresh process, for test_speech.

Qt Multimedia binds to a PulseAudio server once per process; this child is started with the
test's private daemon in its environment. It runs what gui.build() runs for sound: an
IsolatedEngine with a frame socket, the Phone thread, CallCenter, and SpeechPath over the Qt
AudioBridge. Commands arrive on stdin, one per line; what happens is printed, one line each:

    dial URI | hangup | hold on|off | devices INPUT OUTPUT | stats | quit
    -> ready | call STATE | opened OUTPUT|INPUT | notice TEXT | level X | stats {...} | error TEXT

    python -m tests.integration.speech_child INPUT-ID OUTPUT-ID
"""

from __future__ import annotations

import dataclasses
import json
import sys

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QGuiApplication

from app.audio.bridge import AudioBridge
from app.orchestration.phone import Phone
from app.telephony.config import EngineConfig, Transport
from app.telephony.frames import frame_pair
from app.telephony.isolated import IsolatedEngine
from app.ui.callcenter import CallCenter
from app.ui.speech import SpeechPath
from app.ui.tasks import Tasks


def say(*parts: object) -> None:
    print(*parts, flush=True)


def main(argv: list[str]) -> int:
    app = QGuiApplication(argv[:1])
    engine_end, bridge_end = frame_pair()
    engine = IsolatedEngine(EngineConfig(listen_host="127.0.0.1", listen_port=0,
                                         transports=(Transport.UDP,)), audio=engine_end)
    phone = Phone(engine)
    tasks = Tasks(None)
    center = CallCenter(phone, tasks)
    bridge = AudioBridge(bridge_end)
    speech = SpeechPath(center, bridge, (argv[1], argv[2]))
    speech.notice.connect(lambda text: say("notice", text))
    speech.devices_in_use.connect(lambda out, inp: say(f"opened {out}|{inp}"))
    levels: list[float] = []
    speech.level.connect(levels.append)
    center.error.connect(lambda text: say("error", text))

    def call_state(call_id: str) -> None:
        info = center.info(call_id)
        if info is not None:
            held = " held" if info.event.held else ""
            say(f"call {info.event.state.value}{held}")

    center.call_added.connect(call_state)
    center.call_changed.connect(call_state)
    center.call_removed.connect(lambda _cid: say("call ended"))
    center.audio_path_changed.connect(lambda path: say("audio", path))

    def command() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        verb, *args = line.split()
        current = center.current_call()
        if verb == "dial":
            center.dial(args[0])
        elif verb == "hangup":
            center.hangup()
        elif verb == "hold" and current is not None:
            center.set_hold(args[0] == "on", current.call_id)
        elif verb == "devices":
            speech.set_devices(*(a if a != "-" else "" for a in args))
        elif verb == "stats":
            stats = dataclasses.asdict(bridge.stats())
            stats["max_level"] = max(levels, default=0.0)
            stats["mode"] = bridge.mode
            say("stats", json.dumps(stats))
        elif verb == "quit":
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    phone.start()
    QTimer.singleShot(0, lambda: say("ready"))
    try:
        return app.exec()
    finally:
        phone.stop()
        speech.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
