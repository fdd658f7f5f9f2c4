"""The recording notice: a WAV played once into a call, heard by both ends and recorded.

Real pjsua2 on both sides: the agent's engine in this process (its speaker is the speech-frame
bridge, read here), the caller a second engine in a child process that records what it hears;
SIPp for the calls that only need a far end. The notice is app.audio.tones' two 1400 Hz beeps.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import weakref
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from app.audio import BUNDLED_DIR
from app.audio.tones import (
    RECORDING_FILE,
    RECORDING_FREQUENCY,
    SAMPLE_RATE,
    goertzel,
    read_wav,
    recording_notice,
    write_wav,
)
from app.cases.store import open_sqlite
from app.orchestration.desk import Desk
from app.orchestration.phone import Phone
from app.telephony.engine import DIRECT, PjsuaEngine, TelephonyError
from app.telephony.events import CallEvent, CallState
from app.telephony.frames import FRAME_BYTES, SocketFrames, frame_pair
from app.telephony.isolated import IsolatedEngine
from app.telephony.recording import RecordingPolicy, measure_wav, wav_closed
from tests.support import (
    WAIT,
    Driver,
    Listener,
    Sipp,
    engine_config,
    finish_sipp,
    free_port,
    running_engine,
    start_sipp,
    wait_until,
)

if TYPE_CHECKING:
    import socket
    from collections.abc import Callable, Iterator

    from app.cases.store import Store

E = TypeVar("E")
NOTICE = BUNDLED_DIR / RECORDING_FILE
SPEECH_RMS = 0.02  # see tests/integration/test_recording.py
WINDOW = 0.02  # s: the tone is looked for in 20-ms windows


def _beeps(samples: array[int], rate: int) -> list[float]:
    """How long each 1400 Hz burst in ``samples`` lasts (s), in order.

    A window holds the tone when 1400 Hz is strong (above about -26 dBFS) and stands well
    above its neighbours an octave either side, which speech and codec noise do not do.
    """
    step = round(rate * WINDOW)
    runs: list[float] = []
    inside = False
    for start in range(0, len(samples) - step + 1, step):
        window = samples[start:start + step]
        tone = goertzel(window, rate, RECORDING_FREQUENCY)
        near = max(goertzel(window, rate, RECORDING_FREQUENCY / 2),
                   goertzel(window, rate, RECORDING_FREQUENCY * 2))
        found = tone > 1e6 and tone > 50 * near
        if found and not inside:
            runs.append(0.0)
        if found:
            runs[-1] += WINDOW
        inside = found
    return runs


def _two_notice_beeps(runs: list[float]) -> bool:
    # Two beeps of 0.3 s; a window at each edge holds only part of a beep.
    return len(runs) == 2 and all(0.2 <= r <= 0.4 for r in runs)


def _written_seconds(path: Path) -> float:
    try:
        return (os.path.getsize(path) - 44) / (SAMPLE_RATE * 2)
    except OSError:
        return 0.0


class Speaker:
    """The desktop's end of the speech-frame pair: what the agent hears, kept as samples."""

    def __init__(self, sock: socket.socket) -> None:
        sock.setblocking(False)
        self.sock = sock
        self.heard = array("h")

    def drain(self) -> None:
        while True:
            try:
                frame = self.sock.recv(FRAME_BYTES * 2)
            except BlockingIOError:
                return
            if len(frame) == FRAME_BYTES:
                chunk = array("h", frame)
                if sys.byteorder == "big":
                    chunk.byteswap()
                self.heard.extend(chunk)


def test_the_notice_reaches_the_caller_the_agent_and_the_recording(tmp_path: Path) -> None:
    engine_end, desktop_end = frame_pair()
    frames = SocketFrames(engine_end)
    speaker = Speaker(desktop_end)
    agent = Driver(PjsuaEngine(engine_config(free_port()), frames=frames))
    caller = Driver(IsolatedEngine(engine_config(free_port())))
    agent_file, caller_file = tmp_path / "agent.wav", tmp_path / "caller.wav"

    def pump_until(condition: Callable[[], Any], what: str) -> None:
        def step() -> Any:
            caller.engine.pump(0)
            speaker.drain()
            return condition()

        agent.pump_until(step, what=what)

    agent.engine.start()
    caller.engine.start()
    try:
        caller_id = caller.engine.make_call(f"sip:agent@127.0.0.1:{agent.engine.local_port}",
                                            account=DIRECT)
        pump_until(lambda: any(e.state is CallState.INCOMING for e in agent.events
                               if isinstance(e, CallEvent)), "the incoming call")
        call_id = next(e.call_id for e in agent.events if isinstance(e, CallEvent))
        agent.engine.answer(call_id)
        # Both sides up: the caller's 200 can be read before the agent has taken the ACK
        # (seen under load: the agent's start_recording then got not_active).
        pump_until(lambda: any(e.state is CallState.ACTIVE for e in caller.calls(caller_id))
                   and any(e.state is CallState.ACTIVE for e in agent.calls(call_id)),
                   "both sides to be up")
        caller.engine.start_recording(caller_id, str(caller_file))  # what the caller hears
        agent.engine.start_recording(call_id, str(agent_file))
        heard_before = len(speaker.heard)
        agent.engine.play_to_call(call_id, str(NOTICE))
        pump_until(lambda: _written_seconds(agent_file) >= 1.5
                   and _written_seconds(caller_file) >= 1.5, "1.5 s recorded at both ends")
        agent.engine.hangup(call_id)
        agent.wait_call(CallState.ENDED, call_id)
        pump_until(lambda: any(e.state is CallState.ENDED for e in caller.calls(caller_id)),
                   "the caller's side to end")
        pump_until(lambda: wav_closed(agent_file) and wav_closed(caller_file),
                   "both recordings to be closed")
    finally:
        caller.engine.stop()
        agent.engine.stop()
        frames.close()
        desktop_end.close()

    rate, recorded = read_wav(agent_file)
    runs = _beeps(recorded, rate)
    assert _two_notice_beeps(runs), runs
    # Near the start: the notice is the first thing the file holds.
    assert _beeps(recorded[: rate], rate) == runs
    assert measure_wav(agent_file).seconds >= 1.5
    rate, at_caller = read_wav(caller_file)
    assert _two_notice_beeps(_beeps(at_caller, rate)), _beeps(at_caller, rate)
    heard = speaker.heard[heard_before:]
    assert _two_notice_beeps(_beeps(heard, SAMPLE_RATE)), _beeps(heard, SAMPLE_RATE)


@pytest.fixture
def driver() -> Iterator[Driver]:
    with running_engine() as d:
        yield d


def _speech_call(driver: Driver, tmp_path: Path, scenario: str = "uas_speech") -> tuple[str, Sipp]:
    port = free_port()
    sipp = start_sipp(scenario, None, port, tmp_path / "sipp", "-mp", str(free_port()))
    call_id = driver.engine.make_call(f"sip:speech@127.0.0.1:{port}", account=DIRECT)
    driver.wait_call(CallState.ACTIVE, call_id)
    return call_id, sipp


def test_play_to_call_errors_have_codes(driver: Driver, tmp_path: Path) -> None:
    with pytest.raises(TelephonyError) as err:
        driver.engine.play_to_call("nope-1", str(NOTICE))
    assert err.value.code == "no_such_call"
    call_id, sipp = _speech_call(driver, tmp_path)
    not_wav = tmp_path / "notice.txt"
    not_wav.write_text("this call may be recorded", encoding="utf-8")
    for bad in (tmp_path / "missing.wav", not_wav):
        with pytest.raises(TelephonyError) as err:
            driver.engine.play_to_call(call_id, str(bad))
        assert err.value.code == "play_failed"
        assert str(bad) in err.value.detail
    driver.engine.play_to_call(call_id, str(NOTICE))  # the call is unharmed: this one plays
    driver.engine.hangup(call_id)
    driver.wait_call(CallState.ENDED, call_id)
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    with pytest.raises(TelephonyError) as err:
        driver.engine.play_to_call(call_id, str(NOTICE))
    assert err.value.code == "no_such_call"


def _long_sound(tmp_path: Path) -> Path:
    """20 s of notices back to back: still playing whatever the test does meanwhile."""
    path = tmp_path / "long.wav"
    write_wav(path, recording_notice() * 25)
    return path


def test_the_player_goes_at_its_end_and_with_the_call(driver: Driver, tmp_path: Path) -> None:
    engine = driver.engine
    assert isinstance(engine, PjsuaEngine)
    call_id, sipp = _speech_call(driver, tmp_path)
    engine.play_to_call(call_id, str(NOTICE))
    # White-box: the player object itself, to see pjsua2 let go of it (its end comes from
    # pjmedia's thread; the pump destroys it).
    player = engine._calls[call_id].player
    assert player is not None
    notice = weakref.ref(player)
    del player
    driver.pump_until(lambda: notice() is None, what="the notice's player to go at its end")
    assert engine._calls[call_id].state is CallState.ACTIVE
    engine.play_to_call(call_id, str(_long_sound(tmp_path)))
    player = engine._calls[call_id].player
    assert player is not None
    long_one = weakref.ref(player)
    del player
    engine.hangup(call_id)
    driver.wait_call(CallState.ENDED, call_id)
    gc.collect()
    assert long_one() is None  # gone with the call, long before its end
    assert finish_sipp(driver, sipp) == 0, sipp.output()


def test_engine_stop_while_playing_is_clean(tmp_path: Path) -> None:
    # In the child process, so a pjmedia assertion (a player outliving the library) shows as an
    # abnormal exit code instead of killing the test run.
    port = free_port()
    sipp = start_sipp("uas_speech", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    path = tmp_path / "call.wav"
    with running_engine(isolated=True) as driver:
        engine = driver.engine
        assert isinstance(engine, IsolatedEngine)
        call_id = engine.make_call(f"sip:speech@127.0.0.1:{port}", account=DIRECT)
        driver.wait_call(CallState.ACTIVE, call_id)
        engine.start_recording(call_id, str(path))
        engine.play_to_call(call_id, str(_long_sound(tmp_path)))
        driver.pump_until(lambda: _written_seconds(path) >= 0.5, what="recorded audio")
        proc = engine._proc  # its exit status is the point of this test
        assert proc is not None
        engine.stop()
        assert proc.returncode == 0
    assert wav_closed(path)
    rate, recorded = read_wav(path)
    assert _beeps(recorded, rate)  # the sound was playing into the file when it stopped
    assert finish_sipp(None, sipp) == 0, sipp.output()


# -- through the Phone ---------------------------------------------------------------------



@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_sqlite(tmp_path / "cases.db")
    yield store
    store.close()


def _phone(store: Store, tmp_path: Path, policy: RecordingPolicy,
           announce: Path | None) -> tuple[Phone, Listener]:
    engine = PjsuaEngine(engine_config(free_port()))
    phone = Phone(engine, Desk(store), recording=policy, recordings_dir=tmp_path / "rec",
                  announce=announce)
    listener = Listener(phone)
    phone.start()
    assert phone.wait_started(WAIT)
    return phone, listener



def _wait_closed(path: str) -> None:
    wait_until(lambda: wav_closed(path), f"{path} to be closed")


def test_an_always_recorded_call_opens_with_the_notice(store: Store, tmp_path: Path) -> None:
    port = free_port()
    sipp = start_sipp("uas_speech_bye", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    phone, events = _phone(store, tmp_path, RecordingPolicy.ALWAYS, NOTICE)
    try:
        call_id = phone.dial(f"sip:speech@127.0.0.1:{port}", account=DIRECT).result(WAIT)
        recording = events.wait(CallEvent, lambda e: e.call_id == call_id and e.recording)
        events.wait(CallEvent, lambda e: e.call_id == call_id and e.state is CallState.ENDED)
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    _wait_closed(recording.recording_path)
    rate, recorded = read_wav(Path(recording.recording_path))
    # Near the start: within the caller's lead-in of near-silence (g711a.pcap's first second).
    assert _two_notice_beeps(_beeps(recorded[: round(1.2 * rate)], rate))
    level = measure_wav(recording.recording_path)
    assert level.seconds >= 1.5 and level.rms > SPEECH_RMS, level  # ... then the caller


def test_a_notice_that_cannot_play_never_stops_the_recording(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    sipp = start_sipp("uas_speech", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    missing = tmp_path / "no-such-notice.wav"
    phone, events = _phone(store, tmp_path, RecordingPolicy.ON_DEMAND, missing)
    caplog.set_level(logging.ERROR, logger="app.orchestration.phone")
    try:
        call_id = phone.dial(f"sip:speech@127.0.0.1:{port}", account=DIRECT).result(WAIT)
        events.wait(CallEvent, lambda e: e.call_id == call_id and e.state is CallState.ACTIVE)
        path = phone.start_recording(call_id).result(WAIT)  # no error for the agent
        events.wait(CallEvent, lambda e: e.call_id == call_id and e.recording)
        assert any("no-such-notice.wav" in r.getMessage() and "play_failed" in r.getMessage()
                   for r in caplog.records)
        wait_until(lambda: _written_seconds(Path(path)) >= 1.0, "a second of recording")
        phone.call(lambda e: e.hangup(call_id)).result(WAIT)
        ended = events.wait(CallEvent, lambda e: e.call_id == call_id
                            and e.state is CallState.ENDED)
        assert ended.recording_path == path
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    _wait_closed(path)
    rate, recorded = read_wav(Path(path))
    assert _beeps(recorded, rate) == []
    assert measure_wav(path).seconds >= 1.0
