"""Hold means silence, measured at the far ends.

The agent's side is a PjsuaEngine in this process with the frame bridge (app.telephony.frames):
its microphone says AGENT_TONE, one frame per 20 ms like a sound card. Each far end is a real
pjsua2 endpoint (tests.support_audio.FarEnd) that keeps every frame it hears and says a tone of
its own. What a far end heard is checked by FFT: the level of one frequency in a one-second
window of its frames, counted from an event (held, resumed, the other call's speech heard).
"""

from __future__ import annotations

import logging
import time
import wave
from typing import TYPE_CHECKING, Any

import numpy as np
import pjsua2 as pj
import pytest

from app.telephony.engine import DIRECT, PjsuaEngine
from app.telephony.events import CallEvent, CallState
from app.telephony.frames import FRAME_MS, RATE, SAMPLES, SocketFrames, frame_pair
from app.telephony.isolated import IsolatedEngine
from app.telephony.recording import wav_closed
from tests.support import Driver, engine_config, free_port, running_engine
from tests.support_audio import FarEnd, sine

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

pytestmark = pytest.mark.timeout(180)

AGENT_TONE = 700.0
A_TONE = 1000.0
B_TONE = 1300.0
MUSIC_TONE = 450.0
AMPLITUDE = 8000  # what sine() says; a codec passes a tone through at most a little quieter
PRESENT = 2000.0  # a tone at this level or above was carried
ABSENT = 150.0  # below this it was not (digital silence and codec noise are far below)
QUIET_RMS = 150.0  # nothing at all: RMS of silence through the codec
SETTLE = 25  # frames (0.5 s) after an event: jitter buffer, PLC tail, the bridge's queued ops
WINDOW = 50  # frames (1 s) measured
WAV_HEADER = 44


def level(pcm: bytes | np.ndarray, freq: float, rate: int = RATE) -> float:
    """The amplitude (in sample units) of ``freq`` in s16le mono ``pcm``, +-25 Hz, by FFT."""
    data = (np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2")
            if isinstance(pcm, bytes) else pcm).astype(np.float64)
    window = np.hanning(len(data))
    spectrum = np.abs(np.fft.rfft(data * window)) * 2 / window.sum()
    freqs = np.fft.rfftfreq(len(data), 1 / rate)
    return float(spectrum[np.abs(freqs - freq) <= 25].max())


def rms(pcm: bytes) -> float:
    data = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(data**2))) if len(data) else 0.0


class AgentSide:
    """The agent's engine, pumped by the test thread, its microphone fed AGENT_TONE."""

    def __init__(self, **overrides: Any) -> None:
        engine_end, self._desk_end = frame_pair()
        self._desk_end.setblocking(False)
        self._frames = SocketFrames(engine_end)
        self.engine = PjsuaEngine(engine_config(free_port(), **overrides), frames=self._frames)
        self.driver = Driver(self.engine)
        self._begun = 0.0
        self._said = 0

    def __enter__(self) -> AgentSide:
        self.engine.start()
        self._begun = time.monotonic()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.engine.stop()
        self._frames.close()
        self._desk_end.close()

    def _feed(self) -> None:
        # A microphone delivers a frame every 20 ms: say the frames due by now (pacing the
        # source, not waiting on anything), and throw away what the agent hears.
        due = int((time.monotonic() - self._begun) * 1000 / FRAME_MS) + 2
        self._said = max(self._said, due - 6)  # after a stall, no burst the bridge would drop
        while self._said < due:
            try:
                self._desk_end.send(sine(AGENT_TONE, self._said * SAMPLES, SAMPLES))
            except BlockingIOError:
                break
            self._said += 1
        while True:
            try:
                self._desk_end.recv(4096)
            except (BlockingIOError, OSError):
                break

    def until(self, condition: Callable[[], Any], what: str) -> Any:
        def step() -> Any:
            self._feed()
            return condition()

        return self.driver.pump_until(step, timeout=30, what=what)

    def call(self, far: FarEnd) -> str:
        call_id = self.engine.make_call(far.uri, account=DIRECT)
        self.until(lambda: any(e.state is CallState.ACTIVE for e in self.driver.calls(call_id)),
                   "the call to be up")
        return call_id

    def hold(self, call_id: str, held: bool = True) -> None:
        mark = len(self.driver.events)
        if held:
            self.engine.hold(call_id)
        else:
            self.engine.resume(call_id)
        self.until(lambda: any(e.held is held for e in self.since(call_id, mark)),
                   f"held={held}")

    def since(self, call_id: str, mark: int) -> list[CallEvent]:
        """The call's events after the first ``mark`` events of the engine."""
        return [e for e in self.driver.events[mark:]
                if isinstance(e, CallEvent) and e.call_id == call_id]

    def heard(self, far: FarEnd, *, settle: int = SETTLE) -> bytes:
        """One second of what ``far`` hears from now on (after ``settle`` frames)."""
        mark = far.count() + settle
        self.until(lambda: far.count() >= mark + WINDOW, f"{WINDOW} frames at {far.uri}")
        return b"".join(far.heard_since(mark)[:WINDOW])

    def hearing(self, far: FarEnd, freq: float, what: str) -> bytes:
        """One second of what ``far`` hears once it hears ``freq`` clearly. On a loaded machine
        a far end's process can stall past any fixed settling time (CI: 1.5 s of silence
        right after a hold); a stall delays the audio, it does not change what is carried."""
        self.until_heard(far, freq, what)
        return self.heard(far, settle=0)

    def until_heard(self, far: FarEnd, freq: float, what: str) -> None:
        """Until ``far`` has heard ``freq`` clearly for a second (the call's audio is flowing)."""
        self.until(lambda: far.count() >= WINDOW
                   and level(b"".join(far.heard_since(far.count() - WINDOW)), freq) > PRESENT,
                   what)


def listeners() -> dict[str, set[str]]:
    """Who transmits to whom on this process's conference bridge, by port name (a call's port
    is named by its remote URI; the frame bridge is ``caseline-bridge``)."""
    ports: dict[int, Any] = {}
    for slot in range(32):
        try:
            # Kept whole: ``listeners`` points into the info, which must outlive the reading.
            ports[slot] = pj.AudioMedia.getPortInfoFromId(slot)
        except pj.Error:
            continue
    return {info.name: {ports[s].name if s in ports else str(s) for s in list(info.listeners)}
            for info in ports.values()}


def tone_wav(path: Path, freq: float, seconds: float = 1.0) -> Path:
    """A 16 kHz mono WAV of a tone of whole cycles (it loops without a click)."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(sine(freq, 0, int(RATE * seconds)))
    return path


def read_wav(path: Path) -> tuple[int, bytes]:
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), wav.readframes(wav.getnframes())


@pytest.fixture
def far_a() -> Iterator[FarEnd]:
    with FarEnd(tone=A_TONE) as end:
        yield end


@pytest.fixture
def far_b() -> Iterator[FarEnd]:
    with FarEnd(tone=B_TONE) as end:
        yield end


def test_the_held_party_hears_nothing_of_the_agent(far_a: FarEnd) -> None:
    with AgentSide() as agent:
        call_id = agent.call(far_a)
        talking = agent.hearing(far_a, AGENT_TONE, "A to hear the agent")
        assert level(talking, AGENT_TONE) > PRESENT, "the far end does not hear the agent"

        agent.hold(call_id)
        held = agent.heard(far_a)
        assert level(held, AGENT_TONE) < ABSENT, "the held party hears the agent"
        assert rms(held) < QUIET_RMS  # no hold music configured: silence

        agent.hold(call_id, held=False)
        resumed = agent.hearing(far_a, AGENT_TONE, "the agent after resume")
        assert level(resumed, AGENT_TONE) > PRESENT, "the agent is not heard after resume"

        agent.engine.set_mute(call_id, True)
        agent.until(lambda: agent.driver.calls(call_id)[-1].muted, "muted")
        muted = agent.heard(far_a)
        assert level(muted, AGENT_TONE) < ABSENT
        assert rms(muted) < QUIET_RMS

        # Muted and held, then resumed: still muted, so still nothing of the agent.
        agent.hold(call_id)
        agent.hold(call_id, held=False)
        assert level(agent.heard(far_a), AGENT_TONE) < ABSENT, "resume undid the mute"
        agent.engine.set_mute(call_id, False)
        assert level(agent.hearing(far_a, AGENT_TONE, "the agent unmuted"), AGENT_TONE) > PRESENT
        agent.engine.hangup(call_id)
        agent.driver.wait_call(CallState.ENDED, call_id)


def test_during_call_waiting_each_call_hears_only_itself_and_so_does_the_recording(
        far_a: FarEnd, far_b: FarEnd, tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    with AgentSide() as agent:
        call_a = agent.call(far_a)
        agent.engine.start_recording(call_a, str(path))
        agent.until_heard(far_a, AGENT_TONE, "A to hear the agent")
        # Two seconds on disk before the hold (the recorder writes as the bridge mixes).
        agent.until(lambda: path.exists() and path.stat().st_size >= WAV_HEADER + 2 * RATE * 2,
                    "2 s recorded")
        agent.hold(call_a)

        call_b = agent.call(far_b)
        agent.until_heard(far_b, AGENT_TONE, "B to hear the agent")
        at_a = agent.heard(far_a, settle=0)  # all of it while B talks with the agent
        assert level(at_a, AGENT_TONE) < ABSENT, "the held caller hears the agent talk to B"
        assert level(at_a, B_TONE) < ABSENT, "the held caller hears the other caller"
        assert rms(at_a) < QUIET_RMS
        at_b = agent.heard(far_b, settle=0)
        assert level(at_b, AGENT_TONE) > PRESENT
        assert level(at_b, A_TONE) < ABSENT

        # Who transmits to whom: the microphone goes to B's port only, nothing goes to A's.
        wiring = listeners()
        assert far_b.uri in wiring["caseline-bridge"]
        assert far_a.uri not in wiring["caseline-bridge"]
        assert not any(far_a.uri in sinks for sinks in wiring.values())

        mark = len(agent.driver.events)
        agent.engine.stop_recording(call_a)
        agent.until(lambda: any(not e.recording for e in agent.since(call_a, mark)),
                    "the recording to stop")
        agent.until(lambda: wav_closed(path), "the recorder to close the file")
        for call_id in (call_a, call_b):
            agent.engine.hangup(call_id)
            agent.driver.wait_call(CallState.ENDED, call_id)

    rate, recorded = read_wav(path)
    second = rate * 2
    assert len(recorded) >= 3 * second
    # Its last second was recorded while A was held and B talked with the agent.
    tail = recorded[-second:]
    assert level(tail, AGENT_TONE, rate) < ABSENT, "the held call's recording holds the agent"
    assert level(tail, B_TONE, rate) < ABSENT, "the held call's recording holds the other call"
    # While A was up it recorded both of them (the file is not silent by accident).
    head = recorded[second // 2: second // 2 + second]
    assert level(head, AGENT_TONE, rate) > PRESENT
    assert level(head, A_TONE, rate) > PRESENT


def test_hold_music_plays_into_the_held_call_only(
        far_a: FarEnd, far_b: FarEnd, tmp_path: Path) -> None:
    music = tone_wav(tmp_path / "hold.wav", MUSIC_TONE)
    with AgentSide(hold_music=str(music)) as agent:
        call_a = agent.call(far_a)
        agent.hold(call_a)
        held = agent.hearing(far_a, MUSIC_TONE, "the held caller to hear the hold music")
        assert level(held, MUSIC_TONE) > PRESENT, "the held caller hears no hold music"
        assert level(held, AGENT_TONE) < ABSENT

        call_b = agent.call(far_b)
        agent.until_heard(far_b, AGENT_TONE, "B to hear the agent")
        at_b = agent.heard(far_b, settle=0)
        assert level(at_b, MUSIC_TONE) < ABSENT, "the active caller hears the hold music"
        at_a = agent.hearing(far_a, MUSIC_TONE, "the music at A while B talks")
        assert level(at_a, MUSIC_TONE) > PRESENT
        assert level(at_a, AGENT_TONE) < ABSENT
        assert level(at_a, B_TONE) < ABSENT

        agent.engine.hangup(call_b)
        agent.driver.wait_call(CallState.ENDED, call_b)
        agent.hold(call_a, held=False)
        resumed = agent.hearing(far_a, AGENT_TONE, "the agent after resume")
        assert level(resumed, MUSIC_TONE) < ABSENT, "the music goes on after resume"
        assert level(resumed, AGENT_TONE) > PRESENT
        ports = agent.engine.conference_ports()
        agent.engine.hangup(call_a)
        agent.driver.wait_call(CallState.ENDED, call_a)
        # The call's port and nothing else went: no player is left on the bridge.
        agent.until(lambda: agent.engine.conference_ports() == ports - 1, "the port to go")


def test_hold_music_that_cannot_be_read_is_silence_logged_once(
        far_a: FarEnd, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "nowhere.wav"
    caplog.set_level(logging.WARNING, logger="app.telephony")
    with AgentSide(hold_music=str(missing)) as agent:
        call_id = agent.call(far_a)
        for _ in range(2):
            agent.hold(call_id)
            held = agent.heard(far_a)
            assert level(held, AGENT_TONE) < ABSENT
            assert rms(held) < QUIET_RMS
            agent.hold(call_id, held=False)
        assert level(agent.hearing(far_a, AGENT_TONE, "the call to go on"),
                     AGENT_TONE) > PRESENT
        assert agent.driver.calls(call_id)[-1].state is CallState.ACTIVE
        agent.engine.hangup(call_id)
        agent.driver.wait_call(CallState.ENDED, call_id)
    warnings = [r for r in caplog.records  # ours, not pjsip's own line about the file
                if r.name.startswith("app.") and "nowhere.wav" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]


def test_engine_stop_while_hold_music_plays_is_clean(far_a: FarEnd, tmp_path: Path) -> None:
    # In the child process, so a pjmedia assertion (a player outliving the library) shows as an
    # abnormal exit code instead of killing the test run.
    music = tone_wav(tmp_path / "hold.wav", MUSIC_TONE)
    path = tmp_path / "held.wav"
    with running_engine(isolated=True, hold_music=str(music)) as driver:
        engine = driver.engine
        assert isinstance(engine, IsolatedEngine)
        call_id = engine.make_call(far_a.uri, account=DIRECT)
        driver.wait_call(CallState.ACTIVE, call_id)
        engine.start_recording(call_id, str(path))
        engine.hold(call_id)
        driver.wait_event(CallEvent, lambda e: e.call_id == call_id and e.held)
        driver.pump_until(lambda: far_a.count() >= WINDOW and level(
            b"".join(far_a.heard_since(far_a.count() - WINDOW)), MUSIC_TONE) > PRESENT,
            timeout=30, what="the hold music at the far end")
        proc = engine._proc  # its exit status is the point of this test
        assert proc is not None
        engine.stop()
        assert proc.returncode == 0
    assert wav_closed(path)
    rate, recorded = read_wav(path)
    assert level(recorded[-rate * 2:], MUSIC_TONE, rate) > PRESENT  # the recording holds it too


def _hold(driver: Driver, call_id: str, held: bool) -> None:
    """Hold or resume the call, and wait until the engine says it is done."""
    mark = len(driver.events)
    if held:
        driver.engine.hold(call_id)
    else:
        driver.engine.resume(call_id)
    driver.wait_event(CallEvent, lambda e: e.call_id == call_id and e.held is held
                      and e.state is CallState.ACTIVE, after=mark)


def test_hold_music_dropped_as_its_file_ends_leaves_the_sip_process_alive(
        far_a: FarEnd, tmp_path: Path) -> None:
    """pjmedia reports a player's end of file later, from its event thread, with the C++ player
    as its data: a player deleted in between (a resume, a hang-up, the engine's stop, each as
    the looped file ends) had that thread call into freed memory (SIGSEGV in
    AudioMediaPlayer::eof_cb, pjproject #4812; 2 runs in 6 under load before the fix). A file
    of one 20 ms frame ends on every tick, so each drop here lands near an end of file."""
    music = tone_wav(tmp_path / "hold.wav", MUSIC_TONE, seconds=0.02)
    with running_engine(isolated=True, hold_music=str(music)) as driver:
        engine = driver.engine
        assert isinstance(engine, IsolatedEngine)
        proc = engine._proc  # its exit status is the point of this test
        assert proc is not None
        for _ in range(3):
            call_id = engine.make_call(far_a.uri, account=DIRECT)
            driver.wait_call(CallState.ACTIVE, call_id)
            for _ in range(8):
                _hold(driver, call_id, True)
                _hold(driver, call_id, False)  # drops the hold music
            _hold(driver, call_id, True)
            engine.hangup(call_id)  # drops it from inside pjsua's hangup
            driver.wait_call(CallState.ENDED, call_id)
            assert proc.poll() is None, proc.returncode
        call_id = engine.make_call(far_a.uri, account=DIRECT)
        driver.wait_call(CallState.ACTIVE, call_id)
        _hold(driver, call_id, True)
        engine.stop()  # and from the stop's own hangup
        assert proc.returncode == 0
