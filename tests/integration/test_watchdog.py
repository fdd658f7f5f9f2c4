"""IsolatedEngine's watchdog: a busy child is left alone, a hung one is replaced once, and a
restart whose new child dies too never nests (issue 16, 3)."""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

import pytest

from app.common import logs
from app.telephony import isolated
from app.telephony.config import AccountSpec
from app.telephony.engine import TelephonyError
from app.telephony.events import EngineEvent, EngineState
from app.telephony.isolated import IsolatedEngine
from tests.support import free_port, running_engine, wait_until
from tests.support_dns import DnsServer

if TYPE_CHECKING:
    from tests.support import Driver


def _spec(name: str = "desk") -> AccountSpec:
    return AccountSpec(name=name, server=f"127.0.0.1:{free_port()}", user=name, register=False)


def _engine_events(driver: Driver, state: EngineState) -> list[EngineEvent]:
    return [e for e in driver.events if isinstance(e, EngineEvent) and e.state is state]


@pytest.fixture
def short_watchdog(monkeypatch: pytest.MonkeyPatch) -> None:
    # A shorter silence bound than the product's 5 s, so the tests need not wait that long.
    monkeypatch.setattr(isolated, "REPLY_TIMEOUT", 1.0)
    monkeypatch.setattr(isolated, "PING_EVERY", 0.2, raising=False)


def test_a_child_waiting_on_the_network_is_not_killed(
        short_watchdog: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # The DNS answer comes 3 s late: three times REPLY_TIMEOUT (a generous functional bound,
    # not a measurement), and the child is busy in add_account all that time.
    with DnsServer({"pbx.example.test": {"A": ["127.0.0.1"]}}, delay=3.0) as dns:
        monkeypatch.setenv("CASELINE_TEST_DNS", f"127.0.0.1:{dns.port}:pbx.example.test")
        monkeypatch.setattr(isolated, "worker_command", lambda *fds: [
            sys.executable, "-m", "tests.integration.slow_worker", *map(str, fds)])
        with running_engine(isolated=True) as driver:
            engine = driver.engine
            assert isinstance(engine, IsolatedEngine)
            pid = engine.pid
            engine.add_account(_spec(), None)  # returns once the slow lookup is answered
            assert dns.asked("pbx.example.test", "A")
            assert engine.accounts() == ["desk"]
            assert engine.pid == pid and engine.restarts == 0
            engine.pump(0)
            assert not _engine_events(driver, EngineState.CRASHED)


def test_a_hung_child_is_restarted_once(short_watchdog: None) -> None:
    with running_engine(isolated=True) as driver:
        engine = driver.engine
        assert isinstance(engine, IsolatedEngine)
        engine.add_account(_spec(), None)
        hung = engine.pid
        assert hung is not None
        os.kill(hung, signal.SIGSTOP)  # alive, but answers nothing, not even a ping
        with pytest.raises(TelephonyError) as lost:
            engine.accounts()
        assert lost.value.code == "engine_restarted"
        driver.wait_event(EngineEvent, lambda e: e.state is EngineState.RESTARTED)
        assert engine.restarts == 1 and engine.pid != hung
        assert len(_engine_events(driver, EngineState.CRASHED)) == 1
        assert engine.accounts() == ["desk"]  # restored in the new child


class _Killer:
    """Kills each new child right after it starts (while its accounts are being restored), up
    to ``kills`` times: a bound, so that a recursing restart ends too and the test can fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, kills: int) -> None:
        self.spawns = 0
        self.kills = kills
        # Every child's start ends here, the first one's (start(), after a prestart or not)
        # and each restart's (_spawn) alike.
        real = IsolatedEngine._await_started

        def started(engine: IsolatedEngine) -> None:
            real(engine)
            self.spawns += 1
            if self.spawns > 1 and self.kills > 0 and engine.pid is not None:
                self.kills -= 1
                os.kill(engine.pid, signal.SIGKILL)

        monkeypatch.setattr(IsolatedEngine, "_await_started", started)


def _crash(driver: Driver) -> None:
    engine: Any = driver.engine
    engine.add_account(_spec(), None)
    os.kill(engine.pid, signal.SIGKILL)


def test_a_restart_whose_children_keep_dying_stops_once(monkeypatch: pytest.MonkeyPatch) -> None:
    killer = _Killer(monkeypatch, kills=10)
    with running_engine(isolated=True) as driver:
        _crash(driver)
        driver.wait_event(EngineEvent, lambda e: e.state is EngineState.STOPPED)
        assert not driver.engine.running
        assert killer.spawns == 1 + isolated.RESTART_ATTEMPTS
        assert len(_engine_events(driver, EngineState.STOPPED)) == 1
        assert len(_engine_events(driver, EngineState.CRASHED)) == 1
        assert not _engine_events(driver, EngineState.RESTARTED)


def test_a_restart_survives_one_more_death(monkeypatch: pytest.MonkeyPatch) -> None:
    killer = _Killer(monkeypatch, kills=1)
    with running_engine(isolated=True) as driver:
        engine = driver.engine
        assert isinstance(engine, IsolatedEngine)
        _crash(driver)
        driver.wait_event(EngineEvent, lambda e: e.state is EngineState.RESTARTED)
        assert killer.spawns == 3  # the first, the one killed while restoring, the good one
        assert engine.restarts == 1
        assert len(_engine_events(driver, EngineState.RESTARTED)) == 1
        assert engine.accounts() == ["desk"]


def test_a_native_crash_of_the_engine_leaves_its_threads_stacks_in_the_log(
        caplog: pytest.LogCaptureFixture) -> None:
    """A segfault in pjsua (hostile input, a teardown race) must say where it happened: the
    child's fault handler writes every thread's Python stack to the stderr the parent relays."""
    caplog.set_level(logging.INFO)
    with running_engine(isolated=True) as driver:
        engine: Any = driver.engine
        engine.add_account(_spec(), None)
        os.kill(engine.pid, signal.SIGSEGV)  # as a fault inside the native stack raises it
        driver.wait_event(EngineEvent, lambda e: e.state in (EngineState.CRASHED,
                                                             EngineState.RESTARTED))

        def relayed() -> str:
            return "\n".join(r.getMessage() for r in caplog.records
                             if r.name == logs.ENGINE_LOGGER)

        wait_until(lambda: "Segmentation fault" in relayed() and 'File "' in relayed(),
                   "the crashed engine's stacks in the log")
    assert "app/telephony/worker.py" in relayed()  # its main thread, in the serve loop
