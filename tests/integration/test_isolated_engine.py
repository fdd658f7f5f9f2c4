"""The SIP stack in a supervised child process: same behaviour, and it survives a native abort."""

from __future__ import annotations

import os
import select
import signal
import socket
import time
from typing import TYPE_CHECKING

import pytest

from app.telephony.config import AccountSpec
from app.telephony.dialplan import DialError
from app.telephony.engine import DIRECT, TelephonyError
from app.telephony.events import CallState, EndReason, EngineEvent, EngineState
from app.telephony.isolated import IsolatedEngine
from app.telephony.probe import _options as probe_options
from tests.support import engine_config, finish_sipp, free_port, running_engine, start_sipp

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


def _answers_options(port: int, within: float = 15.0) -> bool:
    """An OPTIONS to the engine's port, sent again until a SIP answer comes (the child may
    still be starting) or ``within`` seconds pass."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", port))
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            sock.send(probe_options("127.0.0.1", port, sock.getsockname()[:2]))
            ready, _, _ = select.select([sock], [], [], 0.2)
            if ready:
                try:
                    return sock.recv(4096).startswith(b"SIP/2.0 ")
                except ConnectionRefusedError:  # not bound yet: ICMP port unreachable
                    continue
    return False


def test_a_prestarted_engine_starts_its_stack_before_start_is_called() -> None:
    """The desktop launches the engine first and builds its window meanwhile: the child must
    start the SIP stack on its own, and start() then takes that process up."""
    port = free_port()
    engine = IsolatedEngine(engine_config(port))
    engine.prestart()
    try:
        first_pid = engine.pid
        assert first_pid is not None and not engine.running
        assert _answers_options(port)  # the stack is up; nobody called start() yet
        engine.start()
        assert engine.running and engine.local_port == port
        assert engine.pid == first_pid  # the same process, not a second launch
    finally:
        engine.stop()


def test_a_prestarted_engine_that_is_never_started_goes_with_stop() -> None:
    """A start that fails later (a damaged store) must not leave the child holding the port."""
    port = free_port()
    engine = IsolatedEngine(engine_config(port))
    engine.prestart()
    pid = engine.pid
    assert pid is not None
    assert _answers_options(port)
    engine.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped: not even a zombie
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", port))  # the port is free again


def test_an_engine_that_cannot_be_launched_early_says_so_at_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """prestart() runs in the window's build: a launch that fails there (no interpreter, no
    descriptors left) must not take the desktop down; start() fails on the phone's thread,
    which says it in words (PhoneStartFailed)."""
    from app.telephony import isolated  # noqa: PLC0415

    monkeypatch.setattr(isolated, "worker_command",
                        lambda *_fds: ["/nonexistent/caseline-python", "-m", "worker"])
    engine = IsolatedEngine(engine_config(free_port()))
    engine.prestart()  # no exception here
    assert engine.pid is None
    with pytest.raises(OSError):
        engine.start()
    engine.stop()


def test_an_account_added_after_the_prestarted_child_died_is_kept(tmp_path: Path) -> None:
    """The prestarted child can die while the window is built (a native abort on hostile
    traffic): the account the phone adds next goes to its replacement, and to every later one."""
    port = free_port()
    engine = IsolatedEngine(engine_config(port))
    engine.prestart()
    try:
        assert _answers_options(port)
        first = engine.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        engine.start()  # its "started" was already on the pipe
        engine.add_account(AccountSpec("main", "127.0.0.1:5999", "agent", register=False), "pw")
        assert engine.pid != first and "main" in engine.accounts()
        second = engine.pid
        assert second is not None
        os.kill(second, signal.SIGKILL)  # the next restart replays it too
        with pytest.raises(TelephonyError):
            engine.accounts()  # this request meets the dead child and restarts it
        assert "main" in engine.accounts()
    finally:
        engine.stop()
