"""Speech through the Qt bridge, on a real sound server, against a real far end.

The agent side is the desktop's own sound stack (IsolatedEngine with a frame socket, Phone,
CallCenter, SpeechPath, AudioBridge) in a child process with a private PulseAudio; the far end
is a second pjsua2 endpoint that says 1 kHz and keeps what it hears. Frequencies are checked
with an FFT: 1 kHz must reach the chosen speaker (its sink's monitor), 440 Hz played into the
chosen microphone must reach the far end.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.telephony.frames import RATE
from tests.support_audio import FarEnd, Pulse, dominant, private_pulse, sine, wait_for_tone

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(180)


class Agent:
    """The child process; ``expect`` reads its lines until one starts with a prefix."""

    def __init__(self, pulse: Pulse, input_id: str, output_id: str) -> None:
        env = {**pulse.env, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.speech_child", input_id, output_id],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("<exit>")

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def expect(self, prefix: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                raise AssertionError(f"no {prefix!r} line; saw {self.seen[-15:]}") from None
            self.seen.append(line)
            if line.startswith(prefix):
                return line
            if line == "<exit>":
                raise AssertionError(f"the agent exited; saw {self.seen[-15:]}")

    def stats(self) -> dict[str, float]:
        self.send("stats")
        return dict(json.loads(self.expect("stats ").split(" ", 1)[1]))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[Pulse]:
    with private_pulse(tmp_path / "pulse") as found:
        yield found


@pytest.fixture
def far() -> Iterator[FarEnd]:
    with FarEnd(tone=1000) as end:
        yield end


def _agent(pulse: Pulse, input_id: str, output_id: str) -> Iterator[Agent]:
    agent = Agent(pulse, input_id, output_id)
    try:
        agent.expect("ready")
        agent.expect("audio bridge")  # the engine has no native device: speech goes to Qt
        yield agent
    finally:
        agent.close()


def _hears_after(mark: int, freq: float, frames: list[bytes]) -> bool:
    return _hears(frames[mark:], freq)


def _more_than(count: int, frames: list[bytes]) -> bool:
    return len(frames) >= count


def _hears(frames: list[bytes], freq: float) -> bool:
    found, rms = dominant(b"".join(frames[-25:]))  # the last half second
    return len(frames) >= 25 and abs(found - freq) <= 30 and rms > 300


def test_speech_flows_both_ways_through_the_qt_bridge(pulse: Pulse, far: FarEnd) -> None:
    for agent in _agent(pulse, "headset_mic", "speaker"):
        agent.send(f"dial {far.uri}")
        agent.expect("call active")

        with pulse.recording("speaker") as read:
            assert wait_for_tone(read, 1000, timeout=30), "1 kHz from the far end not heard"

        with pulse.playing("micfeed", sine(440, 0, RATE * 60)):
            mark = far.count()
            assert far.wait_for(partial(_hears_after, mark, 440), 30), (
                "440 Hz said into the microphone did not reach the far end")
            stats = agent.stats()
        assert stats["max_level"] > 0.1  # the level meter saw the microphone
        assert stats["frames_played"] > 0 and stats["frames_captured"] > 0

        agent.send("hold on")
        agent.expect("call active held")
        assert agent.stats()["mode"] == 1  # on hold the microphone closes, the speaker stays

        agent.send("hangup")
        agent.expect("call ended")
        assert agent.stats()["mode"] == 0  # no call: no device open


def test_unplugged_headset_falls_back_to_the_default_and_the_call_goes_on(
        pulse: Pulse, far: FarEnd) -> None:
    for agent in _agent(pulse, "headset_mic", "headset"):
        agent.send(f"dial {far.uri}")
        agent.expect("call active")
        agent.expect("opened Headset|HeadsetMic")
        with pulse.recording("headset") as read:
            assert wait_for_tone(read, 1000, timeout=30)

        pulse.unload("headset")
        assert "Headset" in agent.expect("notice")
        agent.expect("opened Null Output|HeadsetMic")
        with pulse.recording("speaker") as read:
            assert wait_for_tone(read, 1000, timeout=30), "the fallback speaker stays silent"

        # A microphone that goes: PulseAudio moves the stream to the default microphone by
        # itself. (Qt 6.11 does not report removed inputs, so no notice can follow; see the
        # issue 6 note.)
        pulse.unload("headset_mic")

        # The call survived both: the far end still hears us and nothing ended.
        mark = far.count()
        assert far.wait_for(partial(_more_than, mark + 50), 10)
        assert not any(line.startswith("call ended") for line in agent.seen)
        agent.send("hangup")
        agent.expect("call ended")


def test_the_chosen_headset_is_used_again_when_it_comes_back(
        pulse: Pulse, far: FarEnd) -> None:
    for agent in _agent(pulse, "headset_mic", "headset"):
        agent.send(f"dial {far.uri}")
        agent.expect("call active")
        agent.expect("opened Headset|")
        pulse.unload("headset")
        agent.expect("notice")
        agent.expect("opened Null Output|")
        pulse.load("headset", "module-null-sink", "sink_name=headset",
                   "sink_properties=device.description=Headset")
        agent.expect("opened Headset|")
        with pulse.recording("headset") as read:
            assert wait_for_tone(read, 1000, timeout=30)


def test_switching_devices_during_a_call_moves_the_sound(pulse: Pulse, far: FarEnd) -> None:
    """An audio profile switch: the same call moves from the speaker to the headset."""
    for agent in _agent(pulse, "", "speaker"):
        agent.send(f"dial {far.uri}")
        agent.expect("call active")
        agent.send("devices headset_mic headset")
        agent.expect("opened Headset|HeadsetMic")
        with pulse.recording("headset") as read:
            assert wait_for_tone(read, 1000, timeout=30)
