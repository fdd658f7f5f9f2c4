"""The SIP stack in a supervised child process: same behaviour, and it survives a native abort."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

import pytest

from app.telephony.dialplan import DialError
from app.telephony.engine import DIRECT, TelephonyError
from app.telephony.events import CallState, EndReason, EngineEvent, EngineState
from app.telephony.isolated import IsolatedEngine
from tests.support import finish_sipp, free_port, running_engine, start_sipp

if TYPE_CHECKING:
    from pathlib import Path


def test_calls_and_errors_cross_the_process_boundary(tmp_path: Path) -> None:
    with running_engine(isolated=True) as driver:
        sipp = start_sipp("uac_headers", f"127.0.0.1:{driver.engine.local_port}", free_port(),
                          tmp_path)
        ringing = driver.wait_call(CallState.INCOMING)
        assert ringing.headers["X-Case-Number"] == "SR-2026-000123"
        driver.engine.answer(ringing.call_id)
        assert driver.wait_call(CallState.ENDED, ringing.call_id).end_reason is \
            EndReason.REMOTE_HANGUP
        assert finish_sipp(driver, sipp) == 0, sipp.output()
        with pytest.raises(DialError) as dial_error:
            driver.engine.make_call("sip:a b@c", account=DIRECT)
        assert dial_error.value.code == "bad_uri"
        with pytest.raises(TelephonyError) as call_error:
            driver.engine.hangup("no-such-call")
        assert call_error.value.code == "no_such_call"


def test_native_abort_mid_call_is_survived(tmp_path: Path) -> None:
    with running_engine(isolated=True) as driver:
        engine = driver.engine
        assert isinstance(engine, IsolatedEngine)
        port = free_port()
        uas = start_sipp("uas_basic", None, port, tmp_path / "uas")
        call_id = engine.make_call(f"sip:service@127.0.0.1:{port}", account=DIRECT)
        driver.wait_call(CallState.ACTIVE, call_id)
        first_pid = engine.pid
        assert first_pid is not None
        os.kill(first_pid, signal.SIGABRT)  # what a failed pjlib assertion does
        crashed = driver.wait_event(EngineEvent, lambda e: e.state is EngineState.CRASHED)
        assert "exit -6" in crashed.detail
        lost = driver.wait_call(CallState.ENDED, call_id)
        assert lost.end_reason is EndReason.ENGINE_FAILURE
        driver.wait_event(EngineEvent, lambda e: e.state is EngineState.RESTARTED)
        assert engine.pid != first_pid and engine.restarts == 1
        uas.stop()
        # Same address, new process: the next caller gets through.
        sipp = start_sipp("uac_headers", f"127.0.0.1:{engine.local_port}", free_port(),
                          tmp_path / "after")
        ringing = driver.wait_call(CallState.INCOMING, after=len(driver.events) - 1)
        engine.answer(ringing.call_id)
        driver.wait_call(CallState.ENDED, ringing.call_id)
        assert finish_sipp(driver, sipp) == 0, sipp.output()


def test_stop_is_idempotent_and_start_again_works() -> None:
    with running_engine(isolated=True) as driver:
        engine = driver.engine
        engine.stop()
        engine.stop()
        assert not engine.running
        with pytest.raises(TelephonyError):
            engine.make_call("sip:x@127.0.0.1", account=DIRECT)
        engine.start()
        assert engine.running and engine.local_port
