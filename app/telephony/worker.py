"""The child process that hosts the SIP stack for IsolatedEngine.

Started as ``python -m app.telephony.worker FD [AUDIO_FD]``; FD is one end of a socket pair,
AUDIO_FD (optional) the engine's end of a speech frame pair (app.telephony.frames). The first
message is the EngineConfig; then commands ``(request_id, method, args, kwargs)`` arrive and
replies ``("reply", request_id, ok, value)`` and events ``("event", event)`` go back. The parent
going away (EOF) stops the engine and ends the process.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from multiprocessing.connection import Connection
from typing import Any

from app.telephony.engine import PjsuaEngine
from app.telephony.frames import SocketFrames

log = logging.getLogger(__name__)

# What the parent may ask for: the engine's public commands, nothing else.
ALLOWED = frozenset({
    "add_account", "remove_account", "register", "unregister", "network_changed",
    "make_call", "answer", "reject", "hangup", "hold", "resume", "set_mute", "send_dtmf",
    "transfer", "calls", "registration", "accounts", "local_port", "start_recording",
    "stop_recording", "play_to_call",
})


def serve(conn: Connection, frames: SocketFrames | None = None) -> int:
    config = conn.recv()
    engine = PjsuaEngine(config, frames=frames)
    engine.subscribe(lambda event: conn.send(("event", event)))
    engine.start()
    conn.send(("started", engine.local_port))
    try:
        while True:
            engine.pump(5)
            while conn.poll():
                try:
                    request_id, method, args, kwargs = conn.recv()
                except (EOFError, OSError):
                    return 0
                if method == "stop":
                    return 0
                conn.send(("reply", request_id, *_execute(engine, method, args, kwargs)))
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
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s engine %(levelname)s %(name)s: %(message)s")
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
