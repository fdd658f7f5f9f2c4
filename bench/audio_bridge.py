"""What the Qt speech bridge adds: one-way latency, and under/overruns over a long call.

A far end (a second pjsua2 endpoint) says a 200 ms 1 kHz burst every second and listens. The
agent's engine (IsolatedEngine, as the desktop runs it) sends what it hears back — a loop —
in two ways, one after the other in the same run:

- baseline, pjsua2's own path: the agent's frames are looped straight back at the frame socket,
  so the loop is the SIP stack, RTP and the conference bridge and nothing else;
- Qt bridge: the frames go through AudioBridge to a QAudioSink on a PulseAudio null sink, whose
  monitor is the QAudioSource microphone, and back (speaker -> air -> microphone, minus the air).

The far end counts its own frames, so the round trip is measured on one clock, to the sample.
The Qt bridge's added one-way latency is half the difference of the two round trips (it is
passed twice: out to the speaker and back from the microphone). Underruns and overruns are the
bridge's own counts after the first second of the call; the speaker is opened while the call is
set up, as the desktop does when a call rings.

    .venv/bin/python bench/audio_bridge.py [--seconds 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.telephony.config import EngineConfig, Transport  # noqa: E402 - needs the path above
from app.telephony.events import CallEvent, CallState  # noqa: E402
from app.telephony.frames import FRAME_BYTES, SAMPLES, frame_pair  # noqa: E402
from app.telephony.isolated import IsolatedEngine  # noqa: E402
from tests.support_audio import FarEnd, private_pulse, sine  # noqa: E402

BURST_EVERY = 50  # frames: one onset a second
BURST_FRAMES = 10  # 200 ms of tone
THRESHOLD = 2000  # a sample this loud starts a burst (the tone peaks at 8000)


class Onsets:
    """The far end's side: say bursts, find them again in what comes back."""

    def __init__(self) -> None:
        self.round_trips: list[int] = []  # samples
        self._quiet = 0
        self._lock = threading.Lock()

    def respond(self, heard: bytes, index: int) -> bytes:
        self._listen(heard, index)
        phase = index % BURST_EVERY
        if phase < BURST_FRAMES:
            return sine(1000, phase * SAMPLES, SAMPLES)
        return bytes(FRAME_BYTES)

    def _listen(self, heard: bytes, index: int) -> None:
        data = np.frombuffer(heard, dtype="<i2")
        loud = np.flatnonzero(np.abs(data.astype(np.int32)) > THRESHOLD)
        if not len(loud):
            self._quiet += 1
            return
        if self._quiet >= BURST_EVERY - BURST_FRAMES - 5:  # a burst after the gap: an onset
            at = index * SAMPLES + int(loud[0])
            sent = (at // (BURST_EVERY * SAMPLES)) * BURST_EVERY * SAMPLES
            with self._lock:
                self.round_trips.append(at - sent)
        self._quiet = 0

    def taken(self) -> list[int]:
        with self._lock:
            return list(self.round_trips)


def _call(agent: IsolatedEngine, far: FarEnd, seconds: float,
          on_active: object = None) -> None:
    events: list[object] = []
    agent.subscribe(events.append)
    call_id = agent.make_call(far.uri)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        agent.pump(10)
        if any(isinstance(e, CallEvent) and e.state is CallState.ACTIVE for e in events):
            break
    else:
        raise RuntimeError("the far end did not answer")
    if callable(on_active):
        on_active()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        agent.pump(20)
        _process_qt_events()
    agent.hangup(call_id)
    for _ in range(50):
        agent.pump(10)


def _process_qt_events() -> None:
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    if QCoreApplication.instance() is not None:
        QCoreApplication.processEvents()


def run_baseline(seconds: float) -> list[int]:
    onsets = Onsets()
    engine_end, loop_end = frame_pair()
    stop = threading.Event()

    def loop() -> None:
        loop_end.settimeout(0.2)
        while not stop.is_set():
            try:
                frame = loop_end.recv(FRAME_BYTES * 2)
            except TimeoutError:
                continue
            except OSError:
                return
            loop_end.send(frame)

    threading.Thread(target=loop, daemon=True).start()
    agent = IsolatedEngine(EngineConfig(listen_host="127.0.0.1", listen_port=0,
                                        transports=(Transport.UDP,)), audio=engine_end)
    with FarEnd(responder=onsets.respond) as far:
        agent.start()
        try:
            _call(agent, far, seconds)
        finally:
            agent.stop()
            stop.set()
    return onsets.taken()


def run_qt(seconds: float) -> tuple[list[int], dict[str, int]]:
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    from app.audio.bridge import SPEAKER, SPEECH, AudioBridge  # noqa: PLC0415

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    onsets = Onsets()
    engine_end, bridge_end = frame_pair()
    bridge = AudioBridge(bridge_end)
    bridge.set_devices("loop_mic", "speaker")
    bridge.set_mode(SPEAKER)  # as the desktop does while a call rings
    agent = IsolatedEngine(EngineConfig(listen_host="127.0.0.1", listen_port=0,
                                        transports=(Transport.UDP,)), audio=engine_end)
    after_first_second: dict[str, int] = {}

    def active() -> None:
        bridge.set_mode(SPEECH)
        began = time.monotonic()
        while time.monotonic() - began < 1.0:
            agent.pump(20)
            app.processEvents()
        after_first_second.update(vars_of(bridge.stats()))

    ringing = time.monotonic()
    while time.monotonic() - ringing < 3.0:  # a short ring: the speaker warms up meanwhile
        app.processEvents()
        time.sleep(0.01)
    with FarEnd(responder=onsets.respond) as far:
        agent.start()
        try:
            _call(agent, far, seconds, active)
        finally:
            final = vars_of(bridge.stats())
            agent.stop()
            bridge.shutdown()
    counts = {key: final[key] - after_first_second.get(key, 0) for key in final}
    return onsets.taken(), counts


def vars_of(stats: object) -> dict[str, int]:
    return {name: int(getattr(stats, name)) for name in stats.__slots__}  # type: ignore[attr-defined]


def describe(round_trips: list[int]) -> str:
    if not round_trips:
        return "no onset came back"
    ms = [s / 16 for s in round_trips]
    return (f"n={len(ms):4d}  median {statistics.median(ms):6.1f} ms  "
            f"p95 {sorted(ms)[int(len(ms) * 0.95) - 1 if len(ms) > 1 else 0]:6.1f} ms  "
            f"min {min(ms):6.1f}  max {max(ms):6.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="length of each call")
    parser.add_argument("--max-fill-ms", type=int, help="try another drift-control fill cap")
    parser.add_argument("--source-buffer-ms", type=int, help="try another microphone buffer")
    parser.add_argument("--sink-buffer-ms", type=int, help="try another speaker buffer")
    args = parser.parse_args()
    from app.audio import bridge as tuning  # noqa: PLC0415 - tuning knobs for trials only

    if args.max_fill_ms is not None:
        tuning.MAX_FILL_MS = args.max_fill_ms
    if args.source_buffer_ms is not None:
        tuning.SOURCE_BUFFER_MS = args.source_buffer_ms
    if args.sink_buffer_ms is not None:
        tuning.SINK_BUFFER_MS = args.sink_buffer_ms
    print(f"fill cap {tuning.MAX_FILL_MS} ms, microphone buffer {tuning.SOURCE_BUFFER_MS} ms, "
          f"speaker buffer {tuning.SINK_BUFFER_MS} ms, "
          f"cushion {tuning.CUSHION_FRAMES} frame(s)")
    with private_pulse(Path(tempfile.mkdtemp(prefix="caseline-bench-")) / "pulse") as pulse:
        pulse.load("loop_mic", "module-remap-source", "master=speaker.monitor",
                   "source_name=loop_mic")
        os.environ.update({k: v for k, v in pulse.env.items() if k == "XDG_RUNTIME_DIR"})
        print(f"two calls of {args.seconds:.0f} s each; round trip far end -> agent -> far end")
        base = run_baseline(args.seconds)
        print(f"  pjsua2 path (frames looped at the socket): {describe(base)}")
        qt, counts = run_qt(args.seconds)
        print(f"  Qt bridge (speaker -> monitor -> mic):      {describe(qt)}")
        if base and qt:
            added = (statistics.median(qt) - statistics.median(base)) / 16 / 2
            print(f"added one-way latency of the Qt bridge: {added:.1f} ms (median; target < 60)")
        print("Qt bridge after the first second: "
              f"underruns {counts['underruns']}, overruns {counts['overruns']}, "
              f"microphone frames dropped {counts['mic_dropped']}, "
              f"frames played {counts['frames_played']}, captured {counts['frames_captured']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
