"""Sound for tests and benchmarks: a far end that speaks a tone and keeps what it hears, a
private PulseAudio with a headset to unplug, and an FFT check.

The far end is a real second pjsua2 endpoint (IsolatedEngine in its own process) that answers
every call. Its speech path is a frame socket (app.telephony.frames) held here: each frame it
hears is kept, and for each one it hears it says one frame of a sine tone, so it speaks at
exactly its own clock's pace.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from app.telephony.config import AccountSpec, EngineConfig, Transport
from app.telephony.frames import FRAME_BYTES, RATE, SAMPLES, frame_pair
from app.telephony.isolated import IsolatedEngine
from tests.e2e.xvfb import pulseaudio

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path


def dominant(pcm: bytes, rate: int = RATE) -> tuple[float, float]:
    """(frequency with the most energy, RMS) of s16le mono ``pcm``, by FFT."""
    data = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    if len(data) < 64:
        return 0.0, 0.0
    spectrum = np.abs(np.fft.rfft(data * np.hanning(len(data))))
    freqs = np.fft.rfftfreq(len(data), 1 / rate)
    spectrum[freqs < 50] = 0  # ignore DC and hum
    return float(freqs[int(spectrum.argmax())]), float(np.sqrt(np.mean(data**2)))


def tone_share(pcm: bytes, freq: float, rate: int = RATE, width: float = 20) -> float:
    """How much of s16le mono ``pcm``'s energy (above 50 Hz) is within ``width`` Hz of
    ``freq``: near 1 for that tone alone, a share each for a mix, about 1% for noise (as
    SRTP's payload decodes), 0 for silence."""
    data = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    if len(data) < 64 or float(np.sqrt(np.mean(data**2))) < 300:
        return 0.0
    power = np.abs(np.fft.rfft(data * np.hanning(len(data)))) ** 2
    freqs = np.fft.rfftfreq(len(data), 1 / rate)
    return float(power[np.abs(freqs - freq) <= width].sum() / power[freqs >= 50].sum())


def sine(freq: float, start_sample: int, samples: int, amplitude: int = 8000) -> bytes:
    t = (np.arange(samples) + start_sample) / RATE
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype("<i2").tobytes()


@dataclass
class FarEnd:
    """A pjsua2 endpoint on 127.0.0.1 that answers at once and speaks ``tone`` Hz (0: silence)."""

    tone: float = 1000.0
    port: int = 0
    heard: list[bytes] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    # Called on the far end's thread with each frame heard and the frame number; returns the
    # frame to say back (the benchmark uses it to time tone onsets). None: say ``tone``.
    responder: Callable[[bytes, int], bytes] | None = None
    # An account calls to it land on (ICE, TURN, SRTP...), with its TURN password, and
    # EngineConfig fields for its engine (transports, tls, codecs). None/{}: the direct account.
    account: AccountSpec | None = None
    turn_password: str | None = None
    config: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready: queue.Queue[int | BaseException] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="far-end", daemon=True)

    def __enter__(self) -> FarEnd:
        self._thread.start()
        got = self._ready.get(timeout=30)
        if isinstance(got, BaseException):
            raise got
        self.port = got
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(30)

    @property
    def uri(self) -> str:
        return f"sip:far@127.0.0.1:{self.port}"

    def heard_since(self, index: int) -> list[bytes]:
        with self._lock:
            return self.heard[index:]

    def count(self) -> int:
        with self._lock:
            return len(self.heard)

    def wait_for(self, check: Callable[[list[bytes]], bool], timeout: float) -> bool:
        """Poll what it heard until ``check`` holds (a condition with a deadline, not a sleep)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                heard = list(self.heard)
            if check(heard):
                return True
            self._stop.wait(0.1)
        return False

    def _run(self) -> None:
        engine_end, mine = frame_pair()
        mine.setblocking(False)
        settings: dict[str, Any] = {"listen_host": "127.0.0.1", "listen_port": 0,
                                    "transports": (Transport.UDP,), "auto_answer_ms": 0}
        engine = IsolatedEngine(EngineConfig(**(settings | dict(self.config))),
                                audio=engine_end)
        engine.subscribe(self.events.append)
        try:
            engine.start()
            if self.account is not None:
                engine.add_account(self.account, None, self.turn_password)
        except BaseException as exc:
            self._ready.put(exc)
            return
        self._ready.put(engine.local_port)
        said = 0
        try:
            while not self._stop.is_set():
                engine.pump(5)
                while True:
                    try:
                        frame = mine.recv(FRAME_BYTES * 2)
                    except BlockingIOError:
                        break
                    with self._lock:
                        self.heard.append(frame)
                    if self.responder is not None:
                        reply = self.responder(frame, said)
                    elif self.tone:
                        reply = sine(self.tone, said * SAMPLES, SAMPLES)
                    else:
                        reply = bytes(FRAME_BYTES)
                    said += 1
                    with contextlib.suppress(BlockingIOError):
                        mine.send(reply)
        finally:
            engine.stop()
            mine.close()
            engine_end.close()


class Pulse:
    """A private PulseAudio: sinks ``speaker`` (default) and ``headset``, and a microphone
    ``headset_mic`` that hears whatever is played into the sink ``micfeed``."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**os.environ, **env}
        deadline = time.monotonic() + 20
        while self.pactl("info", check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("pulseaudio does not answer")
            time.sleep(0.05)  # polling a daemon's readiness, not synchronising on our events
        self.modules: dict[str, str] = {}
        self.load("headset", "module-null-sink", "sink_name=headset",
                  "sink_properties=device.description=Headset")
        self.load("micfeed", "module-null-sink", "sink_name=micfeed")
        self.load("headset_mic", "module-remap-source", "master=micfeed.monitor",
                  "source_name=headset_mic", "source_properties=device.description=HeadsetMic")
        self.pactl("set-default-sink", "speaker")
        self.pactl("set-default-source", "microphone")

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True,
                              check=check, timeout=20)

    def load(self, name: str, module: str, *args: str) -> None:
        self.modules[name] = self.pactl("load-module", module, *args).stdout.strip()

    def unload(self, name: str) -> None:
        self.pactl("unload-module", self.modules.pop(name))

    @contextlib.contextmanager
    def playing(self, sink: str, pcm: bytes) -> Iterator[None]:
        """Play ``pcm`` (16 kHz s16le mono) into ``sink`` until the block ends."""
        proc = subprocess.Popen(
            ["pacat", "--playback", f"--device={sink}", "--raw", "--format=s16le",
             f"--rate={RATE}", "--channels=1", "--latency-msec=20"],
            stdin=subprocess.PIPE, env=self.env, stderr=subprocess.DEVNULL)
        assert proc.stdin is not None
        stdin = proc.stdin

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError, ValueError, OSError):
                stdin.write(pcm)
                stdin.close()

        threading.Thread(target=feed, daemon=True).start()
        try:
            yield
        finally:
            proc.kill()
            proc.wait()
            with contextlib.suppress(OSError):
                stdin.close()

    @contextlib.contextmanager
    def recording(self, sink: str) -> Iterator[Callable[[float], bytes]]:
        """What ``sink`` plays, from its monitor: the block gets a ``read(seconds)``."""
        proc = subprocess.Popen(
            ["parec", f"--device={sink}.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=20"],
            stdout=subprocess.PIPE, env=self.env, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        stdout = proc.stdout

        def read(seconds: float) -> bytes:
            wanted = int(seconds * RATE) * 2
            data = b""
            while len(data) < wanted:
                chunk = stdout.read(wanted - len(data))
                if not chunk:
                    break
                data += chunk
            return data

        try:
            yield read
        finally:
            proc.kill()
            proc.wait()
            stdout.close()


@contextlib.contextmanager
def private_pulse(runtime_dir: Path) -> Iterator[Pulse]:
    with pulseaudio(runtime_dir) as env:
        yield Pulse(env)


def wait_for_tone(read: Callable[[float], bytes], freq: float, timeout: float,
                  window: float = 0.5, tolerance: float = 30.0) -> bool:
    """Read ``window`` seconds at a time until one is dominated by ``freq`` and not quiet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found, rms = dominant(read(window))
        if abs(found - freq) <= tolerance and rms > 300:
            return True
    return False


class Talker:
    """An engine whose microphone says ``tone`` (the frame bridge, a frame per 20 ms like a
    sound card) and which keeps every frame it hears, pumped by the test thread: in this
    process, or with ``isolated`` in a child process as the desktop runs it (a crash of the
    stack then fails the test instead of ending the test run)."""

    def __init__(self, config: EngineConfig, tone: float, *, isolated: bool = False) -> None:
        from app.telephony.api import Engine  # noqa: PLC0415, TC001
        from app.telephony.engine import PjsuaEngine  # noqa: PLC0415 - pjsua2 only when used
        from app.telephony.frames import SocketFrames  # noqa: PLC0415
        from tests.support import Driver  # noqa: PLC0415

        self._engine_end, self._desk_end = frame_pair()
        self._desk_end.setblocking(False)
        self._frames = SocketFrames(self._engine_end)
        self.tone = tone
        self.engine: Engine = (IsolatedEngine(config, audio=self._engine_end) if isolated
                               else PjsuaEngine(config, frames=self._frames))
        self.driver = Driver(self.engine)
        self.heard: list[bytes] = []
        self._begun = 0.0
        self._said = 0

    def __enter__(self) -> Talker:
        self.engine.start()
        self._begun = time.monotonic()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.engine.stop()
        self._frames.close()
        self._engine_end.close()
        self._desk_end.close()

    def _feed(self) -> None:
        # Say the frames due by now (pacing the source, as a microphone does), keep what came.
        due = int((time.monotonic() - self._begun) * 1000 / 20) + 2
        self._said = max(self._said, due - 6)  # after a stall, no burst the bridge would drop
        while self._said < due:
            try:
                self._desk_end.send(sine(self.tone, self._said * SAMPLES, SAMPLES))
            except BlockingIOError:
                break
            self._said += 1
        while True:
            try:
                self.heard.append(self._desk_end.recv(FRAME_BYTES * 2))
            except (BlockingIOError, OSError):
                break

    def until(self, condition: Callable[[], Any], what: str, timeout: float = 30) -> Any:
        def step() -> Any:
            self._feed()
            return condition()

        return self.driver.pump_until(step, timeout=timeout, what=what)


def hears(frames: list[bytes], freq: float, window: int = 50) -> bool:
    """Whether the last ``window`` frames (1 s) are dominated by ``freq``, and not quiet."""
    if len(frames) < window:
        return False
    found, level = dominant(b"".join(frames[-window:]))
    return abs(found - freq) <= 30 and level > 300
