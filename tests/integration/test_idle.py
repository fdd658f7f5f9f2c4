"""At rest the engine sleeps, and what it says reaches the log file: real pjsua2, SIPp, Kamailio.

- a pump waiting a minute returns as soon as another thread calls wake() (what lets the SIP
  process and the phone thread sleep between events instead of polling every few ms);
- no sound clock ticks at rest, and the calls in between give their conference slots back;
- the engine process's records land in caseline.log through the parent, its identical warnings
  once, and a password handed to the engine is never in the file, SIP trace and all.
"""

from __future__ import annotations

import io
import logging
import queue
import socket
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.cases.store import open_sqlite
from app.common import logs
from app.orchestration import phone as phone_module
from app.orchestration.desk import AgentStateChanged, Desk
from app.orchestration.phone import Phone
from app.telephony.config import AccountSpec
from app.telephony.engine import PjsuaEngine
from app.telephony.events import CallState, RegistrationEvent, RegState
from app.telephony.isolated import IsolatedEngine
from tests.integration.kamailio import DOMAIN, Kamailio, password, running_kamailio
from tests.support import (
    WAIT,
    Driver,
    Listener,
    engine_config,
    finish_sipp,
    free_port,
    start_sipp,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


def _threads_named(name: str) -> int:
    count = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            if (task / "comm").read_text().strip() == name:
                count += 1
        except OSError:
            continue  # the thread ended while we looked
    return count


def test_a_pump_waiting_a_minute_returns_when_woken() -> None:
    inbox: queue.SimpleQueue[str] = queue.SimpleQueue()
    holder: list[PjsuaEngine] = []
    started, handled = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def engine_thread() -> None:  # the thread that starts the engine is the one that pumps it
        engine = PjsuaEngine(engine_config(free_port()))
        try:
            engine.start()
            holder.append(engine)
            started.set()
            while not handled.is_set():
                # Nothing else ends this wait: no calls, no accounts, no network checks (the
                # test config's interval is an hour). Without wake() it lasts the minute.
                engine.pump(60_000)
                while not inbox.empty():
                    if inbox.get() == "work":
                        handled.set()
        except BaseException as exc:  # reported on the test's thread
            failure.append(exc)
        finally:
            engine.stop()

    worker = threading.Thread(target=engine_thread)
    worker.start()
    try:
        assert started.wait(WAIT)
        inbox.put("work")
        holder[0].wake()  # from this thread, not the engine's: what wake() is for
        assert handled.wait(WAIT), "the pump did not return on wake()"
    finally:
        handled.set()
        if holder:
            holder[0].wake()
        worker.join(WAIT)
    assert not failure


def test_no_sound_clock_at_rest_and_every_call_gives_its_slots_back(tmp_path: Path) -> None:
    engine = PjsuaEngine(engine_config(free_port(), auto_answer_ms=0))
    driver = Driver(engine)
    engine.start()
    try:
        # pjsua closes the idle (null) sound device a second after start: no 50 ticks a second.
        driver.pump_until(lambda: _threads_named("clock") == 0, what="the sound clock to stop")
        at_rest = engine.conference_ports()
        for n in range(3):
            before = len(driver.events)
            sipp = start_sipp("uac", f"127.0.0.1:{engine.local_port}", free_port(),
                              tmp_path / f"call{n}", "-d", "300")
            try:
                assert finish_sipp(driver, sipp) == 0, sipp.output()
            finally:
                sipp.stop()
            driver.wait_call(CallState.ENDED, after=before)
            driver.pump_until(lambda: _threads_named("clock") == 0,
                              what="the sound clock to stop after the call")
            # Its stream's slot was removed on a tick before the clock stopped, not leaked.
            assert engine.conference_ports() == at_rest
    finally:
        engine.stop()


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    # stderr kept out of pytest's output: a SIP trace is long.
    path = logs.setup(tmp_path / "caseline.toml", verbose=True, stderr=io.StringIO())
    assert path is not None
    try:
        yield path
    finally:
        logs.shutdown()
        root.setLevel(level)
        for handler in handlers:
            if handler not in root.handlers:
                root.addHandler(handler)


def _file_has(path: Path, text: str) -> bool:
    try:
        return text in path.read_text(encoding="utf-8")
    except OSError:
        return False


def test_the_engine_process_logs_into_the_file_and_never_the_password(
        kamailio: Kamailio, log_file: Path) -> None:
    secret = password("alice")
    config = engine_config(free_port(), sip_trace=True)
    engine = IsolatedEngine(config)
    driver = Driver(engine)
    engine.start()
    child = engine.pid
    try:
        spec = AccountSpec(name="alice", server=kamailio.server, user="alice", domain=DOMAIN,
                           probe_interval=0)
        engine.add_account(spec, secret)
        driver.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED)
        # The same malformed packet, fifty times: pjsip warns about each one in the child.
        junk = b"NOT SIP AT ALL\r\nVia: nonsense\r\nContent-Length: 0\r\n\r\n"
        marker = b"THE LAST ONE\r\nVia: nonsense\r\nContent-Length: 0\r\n\r\n"
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
            peer.bind(("127.0.0.1", 0))
            for _ in range(50):
                peer.sendto(junk, ("127.0.0.1", engine.local_port))
            peer.sendto(marker, ("127.0.0.1", engine.local_port))
            driver.pump_until(lambda: _file_has(log_file, "THE LAST ONE"),
                              what="the engine's warning in the log file")
    finally:
        engine.stop()
    logs.shutdown()  # everything queued is written
    text = log_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    warned = [line for line in lines if f"Dropping {len(junk)} bytes packet" in line]
    assert len(warned) == 1, warned  # fifty identical warnings, one line
    assert f" {child} WARNING caseline.sip: " in warned[0]  # the child's own record, relayed
    assert len([line for line in lines if "Dropped packet:NOT SIP AT ALL" in line]) == 1
    assert any("REGISTER sip:" in line for line in lines)  # the trace is there ...
    assert "Authorization: <redacted>" in text  # ... with its credentials scrubbed
    assert secret not in text


@pytest.fixture
def sleepy_phone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The phone thread's net under a forgotten wake-up, a minute long instead of a second:
    only a real wake-up ends its wait in time."""
    monkeypatch.setattr(phone_module, "IDLE_WAIT_MS", 60_000)


@pytest.mark.usefixtures("sleepy_phone")
@pytest.mark.parametrize("isolated", [False, True], ids=["in-process", "engine-process"])
def test_a_command_reaches_the_phone_thread_at_rest_at_once(isolated: bool) -> None:
    config = engine_config(free_port())
    engine = IsolatedEngine(config) if isolated else PjsuaEngine(config)
    phone = Phone(engine)
    phone.start()
    try:
        assert phone.wait_started(WAIT)
        for n in range(3):  # and again after each wait
            assert phone.submit(partial(pow, n, 2)).result(WAIT) == n * n
        assert phone.submit(engine.accounts).result(WAIT) == []  # through the engine too
    finally:
        phone.stop()


@pytest.mark.usefixtures("sleepy_phone")
def test_the_wrap_up_ends_on_its_timer_while_the_phone_thread_sleeps(tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "cases.db")
    # Longer than the last things that wake it after a call (the store's writes, pjsua closing
    # the sound device a second later): the wrap-up's end must wake it by itself.
    desk = Desk(store, wrap_up_seconds=3.0)
    engine = PjsuaEngine(engine_config(free_port(), auto_answer_ms=0))
    phone = Phone(engine, desk)
    events = Listener(phone)
    phone.start()
    try:
        assert phone.wait_started(WAIT)
        sipp = start_sipp("uac", f"127.0.0.1:{engine.local_port}", free_port(),
                          tmp_path / "call", "-d", "200")
        try:
            events.wait(AgentStateChanged, lambda e: e.state == "wrap-up")
            # Ended by the desk's timer: its due time wakes the phone thread, which would
            # otherwise sleep its minute.
            events.wait(AgentStateChanged, lambda e: e.state == "available"
                        and e.previous == "wrap-up")
        finally:
            sipp.stop()
    finally:
        phone.stop()
        store.close()
