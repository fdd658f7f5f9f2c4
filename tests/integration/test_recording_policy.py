"""The recording policy through the Phone (engine + Desk on the phone thread) and the store.

A real pjsua2 engine, a real SQLite store, SIPp streaming recorded speech: "never" refuses,
"always" records by itself and the Desk links the file (with its length) to the call log,
"on-demand" lets the agent start and stop it.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from app.cases.recordings import recordings_for_call
from app.cases.store import open_sqlite
from app.orchestration.desk import CallLogged, Desk
from app.orchestration.phone import Phone, RecordingProblem
from app.telephony.engine import DIRECT, PjsuaEngine, TelephonyError
from app.telephony.events import CallEvent, CallState
from app.telephony.recording import RecordingPolicy, measure_wav
from tests.support import (
    WAIT,
    Listener,
    engine_config,
    finish_sipp,
    free_port,
    start_sipp,
    wait_until,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store

E = TypeVar("E")
SPEECH_RMS = 0.02  # see tests/integration/test_recording.py



@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_sqlite(tmp_path / "cases.db")
    yield store
    store.close()


def _phone(store: Store, tmp_path: Path, policy: RecordingPolicy) -> tuple[Phone, Listener]:
    engine = PjsuaEngine(engine_config(free_port()))
    phone = Phone(engine, Desk(store), recording=policy, recordings_dir=tmp_path / "rec")
    listener = Listener(phone)
    phone.start()
    assert phone.wait_started(WAIT)
    return phone, listener


def _on_disk(path: str) -> float:
    """Seconds of 16 kHz 16-bit mono audio the recorder has flushed so far."""
    try:
        return (os.path.getsize(path) - 44) / 32000
    except OSError:
        return 0.0



def _error_code(future: Any) -> str:
    with pytest.raises(TelephonyError) as err:
        future.result(WAIT)
    return err.value.code


def test_never_refuses_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    port = free_port()
    sipp = start_sipp("uas_speech", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    phone, events = _phone(store, tmp_path, RecordingPolicy.NEVER)
    try:
        call_id = phone.dial(f"sip:speech@127.0.0.1:{port}", account=DIRECT).result(WAIT)
        events.wait(CallEvent, lambda e: e.call_id == call_id and e.state is CallState.ACTIVE)
        assert _error_code(phone.start_recording(call_id)) == "recording_disabled"
        phone.call(lambda e: e.hangup(call_id)).result(WAIT)
        ended = events.wait(CallEvent, lambda e: e.call_id == call_id
                            and e.state is CallState.ENDED)
        assert not ended.recording_path
        assert not any(isinstance(e, CallEvent) and e.recording for e in events.seen)
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    assert not (tmp_path / "rec").exists() or not any((tmp_path / "rec").rglob("*.wav"))


def test_always_records_every_call_and_the_log_links_the_file(store: Store,
                                                              tmp_path: Path) -> None:
    port = free_port()
    # SIPp hangs up by itself 3 s after the answer: nobody stops this recording but the end.
    sipp = start_sipp("uas_speech_bye", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    phone, events = _phone(store, tmp_path, RecordingPolicy.ALWAYS)
    try:
        call_id = phone.dial(f"sip:speech@127.0.0.1:{port}", account=DIRECT).result(WAIT)
        recording = events.wait(CallEvent, lambda e: e.call_id == call_id and e.recording)
        assert recording.state is CallState.ACTIVE
        # The agent cannot switch it off under this policy.
        assert _error_code(phone.stop_recording(call_id)) == "recording_required"
        ended = events.wait(CallEvent, lambda e: e.call_id == call_id
                            and e.state is CallState.ENDED)
        assert not ended.recording and ended.recording_path == recording.recording_path
        # The Desk's jobs run in order: once the call's log is closed, so is its recording row.
        logged = events.wait(CallLogged, lambda e: e.call_id == call_id and bool(e.outcome))
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()

    with store.session() as session:
        rows = recordings_for_call(session, logged.log_id)
    assert [r.path for r in rows] == [recording.recording_path]
    path = tmp_path / "rec" / datetime.now().strftime("%Y-%m-%d")
    assert rows[0].path.startswith(str(path))
    assert str(logged.log_id) in rows[0].path  # named by its call log
    level = measure_wav(rows[0].path)
    assert rows[0].seconds == pytest.approx(level.seconds, abs=0.01)
    assert 1.5 <= level.seconds < 6.0
    assert level.rms > SPEECH_RMS, level


def test_on_demand_the_agent_starts_and_stops(store: Store, tmp_path: Path) -> None:
    port = free_port()
    sipp = start_sipp("uas_speech", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    phone, events = _phone(store, tmp_path, RecordingPolicy.ON_DEMAND)
    try:
        call_id = phone.dial(f"sip:speech@127.0.0.1:{port}", account=DIRECT).result(WAIT)
        events.wait(CallEvent, lambda e: e.call_id == call_id and e.state is CallState.ACTIVE)
        assert not any(isinstance(e, CallEvent) and e.recording for e in events.seen)
        path = phone.start_recording(call_id).result(WAIT)
        events.wait(CallEvent, lambda e: e.call_id == call_id and e.recording)
        wait_until(lambda: _on_disk(path) >= 0.5, "half a second of recorded audio")
        phone.stop_recording(call_id).result(WAIT)
        stopped = events.wait(CallEvent, lambda e: e.call_id == call_id and not e.recording
                              and bool(e.recording_path))
        assert stopped.state is CallState.ACTIVE and stopped.recording_path == path
        phone.call(lambda e: e.hangup(call_id)).result(WAIT)
        logged = events.wait(CallLogged, lambda e: e.call_id == call_id and bool(e.outcome))
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    with store.session() as session:
        rows = recordings_for_call(session, logged.log_id)
    assert [r.path for r in rows] == [path]
    assert rows[0].seconds is not None and rows[0].seconds >= 0.5
    assert rows[0].seconds == pytest.approx(measure_wav(path).seconds, abs=0.01)


def test_always_retries_a_recording_it_cannot_write_and_says_so(store: Store,
                                                                tmp_path: Path) -> None:
    """The recordings folder cannot be made (a file stands in its way, as an unmounted share or
    a full disk would): the call goes on, the agent is told, the phone tries again with longer
    waits, and once the folder can be written the call records from then on."""
    (tmp_path / "rec").write_text("not a folder")
    port = free_port()
    sipp = start_sipp("uas_speech", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    phone, events = _phone(store, tmp_path, RecordingPolicy.ALWAYS)
    try:
        call_id = phone.dial(f"sip:speech@127.0.0.1:{port}", account=DIRECT).result(WAIT)
        first = events.wait(RecordingProblem, lambda e: e.call_id == call_id)
        assert first.code == "record_failed" and not first.recovered
        assert str(tmp_path / "rec") in first.detail
        second = events.wait(RecordingProblem, lambda e: e.call_id == call_id and e is not first)
        assert second.retry_in > first.retry_in  # it backs off
        assert not any(isinstance(e, CallEvent) and e.recording for e in events.seen)
        (tmp_path / "rec").unlink()  # the share is back
        recording = events.wait(CallEvent, lambda e: e.call_id == call_id and e.recording)
        assert recording.state is CallState.ACTIVE
        events.wait(RecordingProblem, lambda e: e.call_id == call_id and e.recovered)
        wait_until(lambda: _on_disk(recording.recording_path) >= 0.5, "recorded audio")
        phone.call(lambda e: e.hangup(call_id)).result(WAIT)
        logged = events.wait(CallLogged, lambda e: e.call_id == call_id and bool(e.outcome))
        assert phone.submit(lambda: dict(phone._record_retry)).result(WAIT) == {}
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    with store.session() as session:
        rows = recordings_for_call(session, logged.log_id)
    assert [r.path for r in rows] == [recording.recording_path]


def test_always_stops_trying_when_the_call_ends(store: Store, tmp_path: Path) -> None:
    (tmp_path / "rec").write_text("not a folder")
    port = free_port()
    sipp = start_sipp("uas_speech", None, port, tmp_path / "sipp", "-mp", str(free_port()))
    phone, events = _phone(store, tmp_path, RecordingPolicy.ALWAYS)
    try:
        call_id = phone.dial(f"sip:speech@127.0.0.1:{port}", account=DIRECT).result(WAIT)
        events.wait(RecordingProblem, lambda e: e.call_id == call_id)
        phone.call(lambda e: e.hangup(call_id)).result(WAIT)
        events.wait(CallLogged, lambda e: e.call_id == call_id and bool(e.outcome))
        assert phone.submit(lambda: dict(phone._record_retry)).result(WAIT) == {}
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    assert not (tmp_path / "rec").is_dir()
