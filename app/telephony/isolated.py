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
import math
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from app.common import logs
from app.telephony import dialplan
from app.telephony.api import COMMANDS, dispatch
from app.telephony.config import AccountSpec, ConfigError, EngineConfig
from app.telephony.errors import TelephonyError
from app.telephony.events import (
    CallEvent,
    CallState,
    EndReason,
    EngineEvent,
    EngineState,
    Event,
)
from app.telephony.sipmsg import redact

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]

# A command may take long (the child waits on the network): while it runs the parent pings the
# child, whose reader thread answers at once. The child counts as hung, and is killed, only when
# nothing at all comes from it for REPLY_TIMEOUT, or when one command outlasts COMMAND_CEILING.
REPLY_TIMEOUT = 5.0
PING_EVERY = 1.0  # s of silence during a command before the parent asks "alive?"
COMMAND_CEILING = 60.0
START_TIMEOUT = 10.0
RESTART_ATTEMPTS = 3  # new children tried, one after the other, before the engine is STOPPED
_ERRORS: dict[str, type[Exception]] = {
    "TelephonyError": TelephonyError,
    "DialError": dialplan.DialError,
    "ConfigError": ConfigError,
}


class _ChildLostError(Exception):
    """The engine process died or hung while a restart was restoring it."""


def worker_command(fd: int, audio_fd: int | None = None) -> list[str]:
    """How to start the worker: a module run by this interpreter, or the frozen app itself."""
    fds = [str(fd)] if audio_fd is None else [str(fd), str(audio_fd)]
    if getattr(sys, "frozen", False):
        return [sys.executable, "--engine-worker", *fds]
    return [sys.executable, "-m", "app.telephony.worker", *fds]


class IsolatedEngine:
    """Every Engine command it does not define itself is forwarded to the engine process as it
    is (installed at the end of this module)."""

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Callable[..., Any]: ...  # the forwarded commands

    def __init__(self, config: EngineConfig, *, audio: socket.socket | None = None) -> None:
        """``audio``: the engine's end of a frame_pair(); every child process gets it in turn."""
        self.config = config
        self._audio = audio
        self._listeners: list[Listener] = []
        self._queue: deque[Event] = deque()
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._requests = itertools.count(1)
        # name -> (spec, SIP password, TURN password, registered), replayed after a restart
        self._accounts: dict[str, tuple[AccountSpec, str | None, str | None, bool]] = {}
        self._refusing = 0  # refuse_calls' code, replayed after a restart
        self._watch_lists: dict[str, list[str]] = {}  # watch_colleagues', replayed too
        self._away = False  # set_away's, replayed too
        self._live: dict[str, CallEvent] = {}
        self._running = False
        self.local_port = 0
        self.restarts = 0
        self.last_restart_seconds = 0.0
        self._restarting = False  # a restart is under way: its own failures must not nest
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

    def prestart(self) -> None:
        """Launch the engine process now and let it start while this process does other work
        (the desktop builds its window meanwhile); ``start()`` then takes it up. Only the
        first start: a restart launches and waits at once."""
        if self._running or self._proc is not None:
            return
        try:
            self._launch()
        except (OSError, TelephonyError) as exc:
            # start() launches again on the phone's thread and says why there, in words.
            log.warning("the engine process could not be launched early: %s", exc)
            self._reap()

    def start(self) -> None:
        if self._running:
            return
        if self._proc is None:
            self._spawn()
        else:
            self._await_started()  # prestarted: its child is starting, or has
        if self._wake_r is None:
            self._wake_r, self._wake_w = socket.socketpair()
            self._wake_r.setblocking(False)
            self._wake_w.setblocking(False)
        self._running = True

    def _spawn(self) -> None:
        self._launch()
        self._await_started()

    def _launch(self) -> None:
        """The child process, given its configuration; it starts the SIP stack on its own."""
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
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        assert self._proc.stderr is not None
        threading.Thread(target=logs.relay, args=(self._proc.stderr, self._proc.pid),
                         name="caseline-engine-log", daemon=True).start()
        self._conn = Connection(parent.detach())
        try:
            self._conn.send((config, logging.getLogger().getEffectiveLevel()))
        except OSError:
            raise TelephonyError("start_failed", f"engine_exit {self._reap()}") from None

    def _await_started(self) -> None:
        try:
            kind, *rest = self._recv_until(("started", "start_failed"), START_TIMEOUT)
        except TimeoutError:
            self._reap()
            raise TelephonyError("start_failed", "engine_silent") from None
        except (EOFError, OSError):
            # An EOFError says nothing ("engine process: " was all an agent saw): the exit is.
            raise TelephonyError("start_failed", f"engine_exit {self._reap()}") from None
        if kind == "start_failed":
            self._reap()
            raise TelephonyError(rest[0], rest[1])
        self.local_port = rest[0]

    def stop(self) -> None:
        if not self._running:
            self._reap()  # a prestarted child start() never took up ends on the pipe's EOF
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

    def _reap(self) -> int | None:
        """Close the pipe and wait for the child (killed if it lingers); its exit code."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        code = None
        if self._proc is not None:
            try:
                code = self._proc.wait(START_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                code = self._proc.wait()
            self._proc = None
        return code

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
        """The child is gone: report it, end its calls, start another and restore the accounts.

        Never nested: a new child that dies while its accounts are restored is replaced by the
        loop here (RESTART_ATTEMPTS in all), and when none comes up the engine stops, once.
        """
        if self._restarting:
            raise _ChildLostError
        self._restarting = True
        try:
            self._restart_loop()
        finally:
            self._restarting = False

    def _restart_loop(self) -> None:
        began = time.monotonic()
        code = self._kill_child()
        detail = f"engine process ended (exit {code})"
        log.error("%s; restarting", detail)
        self._queue.append(EngineEvent(EngineState.CRASHED, detail))
        for call in self._live.values():
            self._queue.append(replace(call, state=CallState.ENDED, status_code=0,
                                       reason="engine failure", end_reason=EndReason.ENGINE_FAILURE,
                                       at=time.time()))
        self._live.clear()
        failure = ""
        for attempt in range(1, RESTART_ATTEMPTS + 1):
            self._reap()
            try:
                self._spawn()
                self._restore_accounts()
            except TelephonyError as exc:
                failure = exc.detail
            except _ChildLostError:
                failure = f"engine process ended (exit {self._kill_child()}) while restoring"
            else:
                self.restarts += 1
                self.last_restart_seconds = time.monotonic() - began
                self._queue.append(EngineEvent(EngineState.RESTARTED,
                                               f"in {self.last_restart_seconds:.2f} s"))
                return
            log.error("restart %d of %d failed: %s", attempt, RESTART_ATTEMPTS, failure)
            self._live.clear()  # nothing the lost child reported is up any more
        self._kill_child()
        self._reap()
        self._running = False
        self._queue.append(EngineEvent(EngineState.STOPPED, f"restart failed: {failure}"))

    def _kill_child(self) -> int | None:
        """Make sure the child is gone (hung, or a broken pipe); its exit code."""
        if self._proc is None:
            return None
        code = self._proc.poll()
        if code is None:
            self._proc.kill()
            code = self._proc.wait()
        return code

    def _restore_accounts(self) -> None:
        if self._refusing:
            self._request("refuse_calls", self._refusing)
        for name, (spec, password, turn_password, registered) in self._accounts.items():
            try:
                self._request("add_account", spec, password, turn_password)
                if not registered:
                    self._request("unregister", name)
            except (TelephonyError, ConfigError) as exc:
                log.error("account %s after restart: %s", name, exc)
        if self._away:
            self._request("set_away", True)
        for name, uris in self._watch_lists.items():
            with contextlib.suppress(TelephonyError):  # its account did not come back
                self._request("watch_colleagues", name, uris)

    # -- requests ------------------------------------------------------------------------------

    def _recv_until(self, kinds: tuple[str, ...], timeout: float,
                    request_id: int | None = None, *, ping: bool = False) -> tuple[Any, ...]:
        """The first message of ``kinds`` (handling the others meanwhile).

        Without ``ping``: within ``timeout``. With: ``timeout`` bounds the child's silence, not
        the wait: it is pinged after PING_EVERY without a word, and anything it sends proves it
        alive; COMMAND_CEILING bounds the whole wait.
        """
        conn = self._conn
        assert conn is not None
        now = time.monotonic()
        silent_until = now + timeout
        ceiling = now + COMMAND_CEILING if ping else silent_until
        next_ping = now + PING_EVERY if ping else math.inf
        while True:
            now = time.monotonic()
            if now >= silent_until or now >= ceiling:
                raise TimeoutError("no answer from the engine process")
            if now >= next_ping:
                conn.send(("ping", 0))
                next_ping = now + PING_EVERY
            if not wait([conn], min(silent_until, ceiling, next_ping) - now):
                continue
            message = conn.recv()
            if ping:
                silent_until = time.monotonic() + timeout
            if message[0] == "alive":
                continue
            if message[0] in kinds and (request_id is None or message[1] == request_id):
                return tuple(message)
            self._handle(message)

    def _request(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._conn is None:
            raise TelephonyError("not_running")
        request_id = next(self._requests)
        try:
            self._conn.send((request_id, method, args, kwargs))
            _, _, ok, value = self._recv_until(("reply",), REPLY_TIMEOUT, request_id, ping=True)
        except (EOFError, OSError, TimeoutError):
            self._restart()  # raises _ChildLostError instead when a restart is what sent this
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

    def add_account(self, spec: AccountSpec, password: str | None,
                    turn_password: str | None = None) -> None:
        redact(password)  # never in this process's log either
        redact(turn_password)
        try:
            self._request("add_account", spec, password, turn_password)
        except TelephonyError as exc:
            if exc.code != "engine_restarted":
                raise
            # The child died before it took the account (a prestarted one may, while the
            # window is built); the restart replayed only the accounts it had: ask the new one.
            self._request("add_account", spec, password, turn_password)
        self._accounts[spec.name] = (spec, password, turn_password, spec.register)

    def remove_account(self, name: str) -> None:
        self._request("remove_account", name)
        self._accounts.pop(name, None)
        self._watch_lists.pop(name, None)

    def set_away(self, away: bool) -> None:
        self._request("set_away", away)
        self._away = away

    def watch_colleagues(self, account: str, uris: Sequence[str]) -> None:
        self._request("watch_colleagues", account, list(uris))
        self._watch_lists[account] = list(uris)  # a restarted child watches them too

    def register(self, name: str) -> None:
        self._request("register", name)
        if name in self._accounts:
            spec, password, turn, _ = self._accounts[name]
            self._accounts[name] = (spec, password, turn, True)

    def unregister(self, name: str) -> None:
        self._request("unregister", name)
        if name in self._accounts:
            spec, password, turn, _ = self._accounts[name]
            self._accounts[name] = (spec, password, turn, False)

    def make_call(self, dial: str, account: str | None = None,
                  headers: Mapping[str, str] | None = None, call_id: str | None = None) -> str:
        return str(self._request("make_call", dial, account, dict(headers or {}), call_id))

    def refuse_calls(self, code: int = 0) -> None:
        self._request("refuse_calls", code)
        self._refusing = code  # a restarted child refuses as this one did



def _forwarder(name: str) -> Callable[..., Any]:
    def forward(self: IsolatedEngine, *args: Any, **kwargs: Any) -> Any:
        return self._request(name, *args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    forward.__doc__ = f"{name}, in the engine process."
    return forward


# Every declared command that needs nothing of its own here is forwarded as it is.
for _command in COMMANDS:
    if _command.name not in vars(IsolatedEngine):
        setattr(IsolatedEngine, _command.name, _forwarder(_command.name))
