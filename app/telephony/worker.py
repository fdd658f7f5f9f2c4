"""The child process that hosts the SIP stack for IsolatedEngine.

Started as ``python -m app.telephony.worker FD [AUDIO_FD]``; FD is one end of a socket pair,
AUDIO_FD (optional) the engine's end of a speech frame pair (app.telephony.frames). The first
message is ``(EngineConfig, log level)``; then commands ``(request_id, method, args, kwargs)``
arrive and replies ``("reply", request_id, ok, value)`` and events ``("event", event)`` go back.
A ``("ping", n)`` is answered ``("alive", n)`` by the reader thread at once, even while a
command keeps the main thread busy (IsolatedEngine's watchdog tells busy from hung by it).
The parent going away (EOF) stops the engine and ends the process. Log records go to stderr,
which the parent relays into its own log (app.common.logs).

At rest the main thread sleeps in pjsua's own wait (SIP and RTP traffic wake it) for up to a
second;
a reader thread takes the commands off the socket and wakes it (PjsuaEngine.wake), so a command
waits no longer than it did when the loop polled every 5 ms.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import queue
import signal
import socket
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from app.common import logs
from app.telephony.api import COMMAND_NAMES
from app.telephony.engine import PjsuaEngine
from app.telephony.engine.core import TelephonyError
from app.telephony.frames import SocketFrames

log = logging.getLogger(__name__)

# What the parent may ask for: the engine's declared commands (app.telephony.api), nothing else.
ALLOWED = COMMAND_NAMES | {"local_port"}
IDLE_WAIT_MS = 1000  # the longest pump at rest; the engine shortens it for its own timers


def serve(conn: Connection, frames: SocketFrames | None = None) -> int:
    config, level = conn.recv()
    logging.getLogger().setLevel(level)
    engine = PjsuaEngine(config, frames=frames)
    sending = threading.Lock()  # the reader thread answers pings while the main thread sends

    def send(message: tuple[Any, ...]) -> None:
        with sending:
            conn.send(message)

    def forward(event: object) -> None:
        # A parent gone meanwhile (its EOF ends this process) is no listener failure to log.
        with contextlib.suppress(OSError):
            send(("event", event))

    engine.subscribe(forward)
    try:
        engine.start()
    except TelephonyError as exc:  # the parent says why in words; an exit alone says nothing
        with contextlib.suppress(OSError):  # a parent gone meanwhile hears nothing anyway
            send(("start_failed", exc.code, exc.detail))
        return 1
    try:
        send(("started", engine.local_port))
    except OSError:
        # The parent went while the stack started (IsolatedEngine.prestart, then a store that
        # did not open): the stack goes down in order, not with a traceback in the log.
        engine.stop()
        return 0
    inbox: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
    woken = threading.Event()  # a wake-up is on its way since the inbox was last emptied

    def read() -> None:
        """The reader thread: commands into the inbox; None once the parent is gone.

        A ping is answered from here, at once: the main thread may be busy in a command
        (waiting on the network) and the parent must be able to tell that from a hung process.
        """
        try:
            while True:
                message = conn.recv()
                if message[0] == "ping":
                    send(("alive", message[1]))
                    continue
                inbox.put(message)
                if not woken.is_set():
                    woken.set()
                    engine.wake()
        except (EOFError, OSError):
            inbox.put(None)
            engine.wake()

    threading.Thread(target=read, name="caseline-commands", daemon=True).start()
    try:
        while True:
            # Cleared before the inbox is emptied: a command put after this sends a wake-up
            # that the pump below sees, so none waits for the pump's timeout.
            woken.clear()
            while True:
                try:
                    message = inbox.get_nowait()
                except queue.Empty:
                    break
                if message is None or message[1] == "stop":
                    return 0
                request_id, method, args, kwargs = message
                send(("reply", request_id, *_execute(engine, method, args, kwargs)))
            engine.pump(IDLE_WAIT_MS)
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return 0  # the parent is gone
    finally:
        engine.stop()


def _execute(engine: PjsuaEngine, method: str, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> tuple[bool, Any]:
    if method not in ALLOWED:
        return False, ("TelephonyError", "bad_command", method)
    try:
        target = getattr(engine, method)
        value = target(*args, **kwargs) if callable(target) else target
    except Exception as exc:  # every failure goes back to the caller as data
        return False, (type(exc).__name__, getattr(exc, "code", ""), str(exc))
    return True, value


def main(argv: list[str]) -> int:
    # stdout belongs to the parent's JSON; pjlib writes its banner there otherwise.
    os.dup2(2, 1)
    # A fault in the native stack (hostile input, a teardown race) then leaves every thread's
    # Python stack on stderr, which the parent relays into its log, before the process dies.
    faulthandler.enable(all_threads=True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    logs.setup_child()
    sock = socket.socket(fileno=int(argv[0]))
    conn = Connection(sock.detach())
    frames = SocketFrames(socket.socket(fileno=int(argv[1]))) if len(argv) > 1 else None
    try:
        return serve(conn, frames)
    finally:
        conn.close()
        if frames is not None:
            frames.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
