"""Helpers shared by the tests: drive an engine until an event arrives, run SIPp scenarios."""

from __future__ import annotations

import contextlib
import os
import queue
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app.telephony.config import EngineConfig, Transport
from app.telephony.engine import PjsuaEngine
from app.telephony.events import CallEvent, CallState, Event
from app.telephony.isolated import IsolatedEngine

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from app.orchestration.phone import Phone
    from app.telephony.api import Engine

SIPP_DIR = Path(__file__).parent / "sipp"
WAIT = 15.0  # s: a ceiling that only a broken test reaches; tests wait on events, not time

E = TypeVar("E")


# Below the kernel's ephemeral range (ip_local_port_range, 32768-60999 by default): a port
# taken from that range can be handed to another process's outgoing connection between this
# check and the engine's bind (seen: "address_in_use: TCP" with four workers).
_TEST_PORTS = (10000, 32000)


def udp_queued(port: int) -> int | None:
    """Bytes in the receive queue of the UDP socket bound to 127.0.0.1:port; None: no socket."""
    local = f"0100007F:{port:04X}"
    for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local:
            return int(fields[4].split(":")[1], 16)
    return None


def free_port(kind: int = socket.SOCK_DGRAM, pair: bool = True) -> int:
    """A port free for UDP and TCP (and port+1 when ``pair``, for TLS) on 127.0.0.1."""
    del kind  # both kinds are checked
    for _ in range(500):
        port = random.randrange(*_TEST_PORTS)
        ok = True
        for p in (port, port + 1) if pair else (port,):
            for k in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                with socket.socket(socket.AF_INET, k) as s:
                    try:
                        s.bind(("127.0.0.1", p))
                    except OSError:
                        ok = False
        if ok:
            return port
    raise RuntimeError("no free port")


@dataclass
class Driver:
    """An engine with a record of its events, pumped by the test thread until a condition."""

    engine: Engine
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine.subscribe(self.events.append)

    def pump_until(self, predicate: Callable[[], Any], timeout: float = WAIT,
                   what: str = "condition") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            self.engine.pump(10)
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; events: {self.events[-8:]}")

    def wait_event(self, kind: type[E], match: Callable[[E], bool] = lambda e: True,
                   timeout: float = WAIT, after: int = 0) -> E:
        def find() -> E | None:
            for event in self.events[after:]:
                if isinstance(event, kind) and match(event):
                    return event
            return None

        return self.pump_until(find, timeout, f"{kind.__name__}")  # type: ignore[no-any-return]

    def wait_call(self, state: CallState, call_id: str | None = None,
                  timeout: float = WAIT, after: int = 0) -> CallEvent:
        return self.wait_event(
            CallEvent,
            lambda e: e.state is state and (call_id is None or e.call_id == call_id),
            timeout,
            after,
        )

    def calls(self, call_id: str) -> list[CallEvent]:
        return [e for e in self.events if isinstance(e, CallEvent) and e.call_id == call_id]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """For work another thread does (the phone thread): look at its result until it is there."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        pause.wait(0.02)


def engine_config(port: int, **overrides: Any) -> EngineConfig:
    base: dict[str, Any] = {
        "listen_host": "127.0.0.1",
        "listen_port": port,
        "transports": (Transport.UDP, Transport.TCP),
        "network_watch_interval": 3600.0,
    }
    base.update(overrides)
    return EngineConfig(**base)


@contextlib.contextmanager
def running_engine(port: int | None = None, *, isolated: bool = False,
                   **overrides: Any) -> Iterator[Driver]:
    config = engine_config(port if port is not None else free_port(), **overrides)
    engine: Engine = IsolatedEngine(config) if isolated else PjsuaEngine(config)
    driver = Driver(engine)
    engine.start()
    try:
        yield driver
    finally:
        engine.stop()


@dataclass
class Sipp:
    """A SIPp process running one scenario."""

    proc: subprocess.Popen[str]
    log_dir: Path

    def running(self) -> bool:
        return self.proc.poll() is None

    def result(self) -> int | None:
        return self.proc.poll()

    def output(self) -> str:
        parts = []
        for path in sorted(self.log_dir.glob("*")):
            with contextlib.suppress(OSError):
                parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)

    def stop(self) -> None:
        if self.running():
            self.proc.send_signal(signal.SIGUSR1)  # SIPp: quit gracefully
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()  # reaped, even when it had ended by itself


def sipp_binary() -> str:
    path = shutil.which("sipp")
    if path is None:
        raise RuntimeError("sipp is missing: scripts/system-packages.sh test installs sip-tester")
    return path


def start_sipp(scenario: str, target: str | None, local_port: int, log_dir: Path,
               *extra: str, calls: int = 1, rate: float = 10) -> Sipp:
    """Run tests/sipp/<scenario>.xml (or a built-in 'uac'/'uas') in the background."""
    log_dir.mkdir(parents=True, exist_ok=True)
    xml = Path(scenario) if scenario.endswith(".xml") else SIPP_DIR / f"{scenario}.xml"
    args = [sipp_binary()]
    args += ["-sf", str(xml)] if xml.exists() else ["-sn", scenario]
    if target:
        args.append(target)
    args += [
        "-i", "127.0.0.1", "-p", str(local_port), "-m", str(calls), "-r", str(rate),
        "-nostdin", "-trace_err", "-error_file", str(log_dir / "errors.log"),
        "-trace_logs", "-log_file", str(log_dir / "actions.log"),
        # What it sent and received, for a failure's message (its last 4000 characters).
        "-trace_msg", "-message_file", str(log_dir / "messages.log"),
        "-timeout", "30s", "-timeout_error", "-max_recv_loops", "1000",
        *extra,
    ]
    with open(log_dir / "stderr.log", "w") as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, text=True,
                                cwd=log_dir, env={**os.environ, "TERM": "dumb"})
    sipp = Sipp(proc, log_dir)
    _STARTED.append(sipp)
    return sipp


# Every SIPp a test started, stopped and reaped after the test (tests/conftest.py): one left
# running by a failed test would otherwise be garbage-collected in a later test, whose
# ResourceWarning (an error here) then fails that innocent test.
_STARTED: list[Sipp] = []


def reap_sipps() -> None:
    while _STARTED:
        _STARTED.pop().stop()


def finish_sipp(driver: Driver | None, sipp: Sipp, timeout: float = 30.0) -> int:
    """Pump the engine (if any) while SIPp plays its part; return SIPp's exit code."""
    deadline = time.monotonic() + timeout
    while sipp.running():
        if driver is not None:
            driver.engine.pump(10)
        else:
            time.sleep(0.01)
        if time.monotonic() > deadline:
            sipp.stop()
            raise AssertionError(f"SIPp did not finish\n{sipp.output()}")
    code = sipp.proc.returncode
    return code


class Listener:
    """Events from the phone thread, waited for on the test thread."""

    def __init__(self, phone: Phone) -> None:
        self.inbox: queue.Queue[Any] = queue.Queue()
        self.seen: list[Any] = []
        phone.subscribe(self.inbox.put)

    def wait(self, kind: type[E], match: Callable[[E], bool] = lambda e: True) -> E:
        for event in self.seen:
            if isinstance(event, kind) and match(event):
                return event
        while True:
            try:
                event = self.inbox.get(timeout=WAIT)  # returns as soon as an event arrives
            except queue.Empty:
                raise AssertionError(f"no {kind.__name__}; saw {self.seen[-6:]}") from None
            self.seen.append(event)
            if isinstance(event, kind) and match(event):
                return event
