"""Call recording against a real peer: SIPp streams recorded speech (g711a.pcap) into a call."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from app.telephony.engine import DIRECT, TelephonyError
from app.telephony.events import CallEvent, CallState, EndReason
from app.telephony.isolated import IsolatedEngine
from app.telephony.recording import measure_wav, wav_closed
from tests.support import Driver, Sipp, finish_sipp, free_port, running_engine, start_sipp

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Digital silence is 0 and the null sound device adds nothing. g711a.pcap opens with about 1 s
# of near-silence (RMS < 0.01 of full scale), then speech at 0.05-0.12: two seconds and more of
# recording are clearly above this, a file of silence or of the lead-in only is below it.
SPEECH_RMS = 0.02
WAV_HEADER = 44


@pytest.fixture
def driver() -> Iterator[Driver]:
    with running_engine() as d:
        yield d


def _written_seconds(path: Path, seconds: float, rate: int = 16000) -> bool:
    """The recorder has flushed at least ``seconds`` of 16-bit mono audio to disk."""
    try:
        return os.path.getsize(path) >= WAV_HEADER + int(seconds * rate * 2)
    except OSError:
        return False


def _speech_call(driver: Driver, tmp_path: Path, scenario: str) -> tuple[str, Sipp]:
    port = free_port()
    sipp = start_sipp(scenario, None, port, tmp_path / "sipp", "-mp", str(free_port()))
    call_id = driver.engine.make_call(f"sip:speech@127.0.0.1:{port}", account=DIRECT)
    driver.wait_call(CallState.ACTIVE, call_id)
    return call_id, sipp


def test_recording_holds_the_callers_speech(driver: Driver, tmp_path: Path) -> None:
    call_id, sipp = _speech_call(driver, tmp_path, "uas_speech")
    path = tmp_path / "rec" / "call.wav"
    path.parent.mkdir()
    mark = len(driver.events)
    driver.engine.start_recording(call_id, str(path))
    started = driver.wait_event(CallEvent, lambda e: e.call_id == call_id and e.recording,
                                after=mark)
    assert started.recording_path == str(path)
    # Wait for audio on disk, not for time: the file grows as the bridge mixes frames into it.
    driver.pump_until(lambda: _written_seconds(path, 2.5), what="2.5 s of recorded audio")
    mark = len(driver.events)
    driver.engine.stop_recording(call_id)
    stopped = driver.wait_event(CallEvent, lambda e: e.call_id == call_id and not e.recording,
                                after=mark)
    assert stopped.state is CallState.ACTIVE  # stopping the recording leaves the call up
    assert stopped.recording_path == str(path)
    driver.pump_until(lambda: wav_closed(path), what="the recorder to close the file")
    level = measure_wav(path)
    assert 2.4 <= level.seconds < 6.0  # it recorded ~2.5 s; the pcap lasts 7 s
    assert level.rms > SPEECH_RMS, level
    driver.engine.stop_recording(call_id)  # a second stop is a no-op, not an error
    driver.engine.hangup(call_id)
    driver.wait_call(CallState.ENDED, call_id)
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    assert measure_wav(path).seconds == level.seconds  # closed: nothing more was written


def test_recording_stops_when_the_far_end_hangs_up(driver: Driver, tmp_path: Path) -> None:
    call_id, sipp = _speech_call(driver, tmp_path, "uas_speech_bye")
    path = tmp_path / "call.wav"
    driver.engine.start_recording(call_id, str(path))
    ended = driver.wait_call(CallState.ENDED, call_id)
    assert ended.end_reason is EndReason.REMOTE_HANGUP
    assert not ended.recording
    assert ended.recording_path == str(path)
    driver.pump_until(lambda: wav_closed(path), what="the recorder to close the file")
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    level = measure_wav(path)
    assert 1.5 <= level.seconds < 6.0  # SIPp hangs up 3 s after the answer
    assert level.rms > SPEECH_RMS, level
    with pytest.raises(TelephonyError) as err:
        driver.engine.stop_recording(call_id)
    assert err.value.code == "no_such_call"


def test_recording_errors_have_codes(driver: Driver, tmp_path: Path) -> None:
    with pytest.raises(TelephonyError) as err:
        driver.engine.start_recording("nope-1", str(tmp_path / "x.wav"))
    assert err.value.code == "no_such_call"
    call_id, sipp = _speech_call(driver, tmp_path, "uas_speech")
    with pytest.raises(TelephonyError) as err:
        driver.engine.start_recording(call_id, str(tmp_path / "missing" / "dir" / "x.wav"))
    assert err.value.code == "record_failed"
    assert not any(isinstance(e, CallEvent) and e.recording for e in driver.events)
    driver.engine.hangup(call_id)
    driver.wait_call(CallState.ENDED, call_id)
    assert finish_sipp(driver, sipp) == 0, sipp.output()


def test_engine_stop_while_recording_is_clean(tmp_path: Path) -> None:
    # In the child process, so a pjmedia assertion (a recorder outliving the library) shows as
    # an abnormal exit code instead of killing the test run.
    port = free_port()
    sipp = start_sipp("uas_speech", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    path = tmp_path / "call.wav"
    with running_engine(isolated=True) as driver:
        engine = driver.engine
        assert isinstance(engine, IsolatedEngine)
        call_id = engine.make_call(f"sip:speech@127.0.0.1:{port}", account=DIRECT)
        driver.wait_call(CallState.ACTIVE, call_id)
        engine.start_recording(call_id, str(path))
        driver.wait_event(CallEvent, lambda e: e.call_id == call_id and e.recording)
        driver.pump_until(lambda: _written_seconds(path, 0.5), what="recorded audio")
        proc = engine._proc  # its exit status is the point of this test
        assert proc is not None
        engine.stop()
        assert proc.returncode == 0
    ended = next(e for e in driver.calls(call_id) if e.state is CallState.ENDED)
    assert not ended.recording
    assert wav_closed(path)  # finished before the library went: no recorder outlived it
    assert measure_wav(path).seconds >= 0.5
    assert finish_sipp(None, sipp) == 0, sipp.output()
