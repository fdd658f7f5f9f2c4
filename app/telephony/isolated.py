"""The engine in a supervised child process.

The pjsua2 wheel is built with C assertions on: some hostile inputs (floods of TLS connections,
CANCEL storms, malformed media) abort the process instead of returning an error. The window, the
call log and the store must not die with it. IsolatedEngine runs PjsuaEngine in a child process
and offers the same commands and events; when the child dies it reports the crash, ends the calls
that were up (end reason ENGINE_FAILURE, so they are logged as failed), starts a new child on the
same ports, restores the accounts and reports the restart.

Threading rule as for PjsuaEngine: one thread calls everything here and receives the events from
``pump()``.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from typing import Any

from app import logs
from app.telephony import dialplan
from app.telephony.api import dispatch
from app.telephony.config import AccountSpec, ConfigError, EngineConfig
from app.telephony.engine import TelephonyError
from app.telephony.events import (
    CallEvent,
    CallState,
    DtmfMethod,
    EndReason,
    EngineEvent,
    EngineState,
    Event,
    RegState,
)
from app.telephony.sipmsg import redact

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]

REPLY_TIMEOUT = 5.0  # s: a command the child does not answer by then counts as a crash
START_TIMEOUT = 10.0
_ERRORS: dict[str, type[Exception]] = {
    "TelephonyError": TelephonyError,
    "DialError": dialplan.DialError,
    "ConfigError": ConfigError,
}


def worker_command(fd: int, audio_fd: int | None = None) -> list[str]:
    """How to start the worker: a module run by this interpreter, or the frozen app itself."""
    fds = [str(fd)] if audio_fd is None else [str(fd), str(audio_fd)]
    if getattr(sys, "frozen", False):
        return [sys.executable, "--engine-worker", *fds]
    return [sys.executable, "-m", "app.telephony.worker", *fds]


class IsolatedEngine:
    def __init__(self, config: EngineConfig, *, audio: socket.socket | None = None) -> None:
        """``audio``: the engine's end of a frame_pair(); every child process gets it in turn."""
        self.config = config
        self._audio = audio
        self._listeners: list[Listener] = []
        self._queue: deque[Event] = deque()
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._requests = itertools.count(1)
        self._accounts: dict[str, tuple[AccountSpec, str | None, bool]] = {}
        self._live: dict[str, CallEvent] = {}
        self._running = False
        self.local_port = 0
        self.restarts = 0
        self.last_restart_seconds = 0.0
        # wake(): a byte here ends a waiting pump() (the pump waits on this and the child).
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None

    @property
    def running(self) -> bool:
        return self._running

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        if self._running:
            return
        self._spawn()
        if self._wake_r is None:
            self._wake_r, self._wake_w = socket.socketpair()
            self._wake_r.setblocking(False)
            self._wake_w.setblocking(False)
        self._running = True

    def _spawn(self) -> None:
        config = self.config
        if self.local_port and not config.listen_port:
            config = replace(config, listen_port=self.local_port)  # keep the port over restarts
        parent, child = socket.socketpair()
        fds = [child.fileno()] if self._audio is None else [child.fileno(), self._audio.fileno()]
        try:
            # Its stderr comes here: its records join this process's log (one writer for the
            # file), and so does what it prints itself (an assertion before an abort).
            self._proc = subprocess.Popen(
                worker_command(*fds), pass_fds=fds, stdin=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        finally:
            child.close()
        assert self._proc.stderr is not None
        threading.Thread(target=logs.relay, args=(self._proc.stderr, self._proc.pid),
                         name="caseline-engine-log", daemon=True).start()
        self._conn = Connection(parent.detach())
        try:
            self._conn.send((config, logging.getLogger().getEffectiveLevel()))
            _, *rest = self._recv_until(("started",), START_TIMEOUT)
        except (EOFError, OSError, TimeoutError) as exc:
            self._reap()
            raise TelephonyError("start_failed", f"engine process: {exc}") from None
        self.local_port = rest[0]

    def stop(self) -> None:
        if not self._running:
            self._close_wakes()  # a restart that failed left them open
            return
        self._running = False
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send((0, "stop", (), {}))
            # The child unregisters and hangs up before it goes: forward what it says meanwhile.
            deadline = time.monotonic() + START_TIMEOUT
            with contextlib.suppress(EOFError, OSError):
                while time.monotonic() < deadline:
                    if self._conn.poll(0.05):
                        self._handle(self._conn.recv())
                    elif self._proc is not None and self._proc.poll() is not None:
                        break
        self._reap()
        self._dispatch()
        self._close_wakes()

    def _close_wakes(self) -> None:
        for end in (self._wake_r, self._wake_w):
            if end is not None:
                end.close()
        self._wake_r = self._wake_w = None

    def _reap(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            try:
                self._proc.wait(START_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None

    # -- the pump ------------------------------------------------------------------------------

    def pump(self, timeout_ms: int = 10) -> None:
        """Wait up to ``timeout_ms`` for the child's news (or ``wake()``), then deliver it."""
        wake_r = self._wake_r
        if self._running and self._conn is not None:
            try:
                waiting: list[Any] = [self._conn] if wake_r is None else [self._conn, wake_r]
                ready = wait(waiting, max(0, timeout_ms) / 1000)
                if wake_r is not None and wake_r in ready:
                    self._drain_wakes(wake_r)
                if self._conn in ready:
                    while self._conn.poll():
                        self._handle(self._conn.recv())
            except (EOFError, OSError):
                self._restart()
            else:
                if self._proc is not None and self._proc.poll() is not None:
                    self._restart()
        elif wake_r is not None and timeout_ms > 0 and wait([wake_r], timeout_ms / 1000):
            # No child (a restart failed): nothing will come but a wake-up; wait for one
            # instead of returning at once into a caller's busy loop.
            self._drain_wakes(wake_r)
        self._dispatch()

    def wake(self) -> None:
        """Any thread may call this: a pump() waiting now returns at once."""
        wake_w = self._wake_w
        if wake_w is not None:
            with contextlib.suppress(OSError):  # a full buffer: a wake-up is pending anyway
                wake_w.send(b"\0")

    @staticmethod
    def _drain_wakes(wake_r: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while wake_r.recv(4096):
                pass

    def _handle(self, message: tuple[Any, ...]) -> None:
        if message[0] == "event":
            event = message[1]
            if isinstance(event, CallEvent):
                if event.state is CallState.ENDED:
                    self._live.pop(event.call_id, None)
                else:
                    self._live[event.call_id] = event
            self._queue.append(event)

    def _dispatch(self) -> None:
        dispatch(self._queue, self._listeners)

    def _restart(self) -> None:
        began = time.monotonic()
        code = self._proc.poll() if self._proc else None
        if code is None and self._proc is not None:
            self._proc.kill()  # hung, or a broken pipe: make sure it is gone
            code = self._proc.wait()
        detail = f"engine process ended (exit {code})"
        log.error("%s; restarting", detail)
        self._queue.append(EngineEvent(EngineState.CRASHED, detail))
        for call in self._live.values():
            self._queue.append(replace(call, state=CallState.ENDED, status_code=0,
                                       reason="engine failure", end_reason=EndReason.ENGINE_FAILURE,
                                       at=time.time()))
        self._live.clear()
        self._reap()
        try:
            self._spawn()
        except TelephonyError as exc:
            self._running = False
            self._queue.append(EngineEvent(EngineState.STOPPED, f"restart failed: {exc.detail}"))
            return
        for name, (spec, password, registered) in self._accounts.items():
            try:
                self._request("add_account", spec, password)
                if not registered:
                    self._request("unregister", name)
            except (TelephonyError, ConfigError) as exc:
                log.error("account %s after restart: %s", name, exc)
        self.restarts += 1
        self.last_restart_seconds = time.monotonic() - began
        self._queue.append(EngineEvent(EngineState.RESTARTED,
                                       f"in {self.last_restart_seconds:.2f} s"))

    # -- requests ------------------------------------------------------------------------------

    def _recv_until(self, kinds: tuple[str, ...], timeout: float,
                    request_id: int | None = None) -> tuple[Any, ...]:
        assert self._conn is not None
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not wait([self._conn], left):
                raise TimeoutError("no answer from the engine process")
            message = self._conn.recv()
            if message[0] in kinds and (request_id is None or message[1] == request_id):
                return tuple(message)
            self._handle(message)

    def _request(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._conn is None:
            raise TelephonyError("not_running")
        request_id = next(self._requests)
        try:
            self._conn.send((request_id, method, args, kwargs))
            _, _, ok, value = self._recv_until(("reply",), REPLY_TIMEOUT, request_id)
        except (EOFError, OSError, TimeoutError):
            self._restart()
            raise TelephonyError("engine_restarted", method) from None
        if ok:
            return value
        kind, code, text = value
        error = _ERRORS.get(kind)
        if error is dialplan.DialError:
            raise dialplan.DialError(code, text)
        if error is not None:
            raise error(code, text)
        raise TelephonyError("engine_error", f"{kind}: {text}")

    # -- the engine's commands -----------------------------------------------------------------

    def add_account(self, spec: AccountSpec, password: str | None) -> None:
        redact(password)  # never in this process's log either
        self._request("add_account", spec, password)
        self._accounts[spec.name] = (spec, password, spec.register)

    def remove_account(self, name: str) -> None:
        self._request("remove_account", name)
        self._accounts.pop(name, None)

    def register(self, name: str) -> None:
        self._request("register", name)
        if name in self._accounts:
            spec, password, _ = self._accounts[name]
            self._accounts[name] = (spec, password, True)

    def unregister(self, name: str) -> None:
        self._request("unregister", name)
        if name in self._accounts:
            spec, password, _ = self._accounts[name]
            self._accounts[name] = (spec, password, False)

    def network_changed(self, why: str = "requested") -> None:
        self._request("network_changed", why)

    def registration(self, name: str) -> RegState:
        return RegState(self._request("registration", name))

    def accounts(self) -> list[str]:
        return list(self._request("accounts"))

    def make_call(self, dial: str, account: str | None = None,
                  headers: Mapping[str, str] | None = None, call_id: str | None = None) -> str:
        return str(self._request("make_call", dial, account, dict(headers or {}), call_id))

    def answer(self, call_id: str) -> None:
        self._request("answer", call_id)

    def reject(self, call_id: str, code: int = 486) -> None:
        self._request("reject", call_id, code)

    def hangup(self, call_id: str) -> None:
        self._request("hangup", call_id)

    def hold(self, call_id: str) -> None:
        self._request("hold", call_id)

    def resume(self, call_id: str) -> None:
        self._request("resume", call_id)

    def set_mute(self, call_id: str, muted: bool) -> None:
        self._request("set_mute", call_id, muted)

    def send_dtmf(self, call_id: str, digits: str, method: DtmfMethod = DtmfMethod.RFC4733) -> None:
        self._request("send_dtmf", call_id, digits, method)

    def transfer(self, call_id: str, target: str) -> None:
        self._request("transfer", call_id, target)

    def start_recording(self, call_id: str, path: str) -> None:
        self._request("start_recording", call_id, path)

    def stop_recording(self, call_id: str) -> None:
        self._request("stop_recording", call_id)

    def play_to_call(self, call_id: str, path: str) -> None:
        self._request("play_to_call", call_id, path)

    def calls(self) -> list[CallEvent]:
        return list(self._request("calls"))

