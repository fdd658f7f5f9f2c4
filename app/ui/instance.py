"""One CaseLine window per configuration: a second launch hands its request (a `tel:` link to
dial, or just "come to the front") to the running one and exits.

The first instance holds a lock file and listens on a local socket (QLocalServer: a Unix socket,
a named pipe on Windows), both named after the user and the configuration file, so a test or a
second profile with its own configuration is an instance of its own. The lock decides who is
first: two launches at the same moment cannot both listen, and a socket file left by a crashed
instance is removed by the next one to hold the lock (QLockFile takes a stale lock over when
its process is gone).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QLockFile, QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

HAND_OVER_MS = 3000  # a running instance busy at start-up answers well within this
ACK = b"ok\n"
MAX_REQUEST = 64 * 1024  # a request is a short JSON line; anything longer is not ours


def instance_name(config_path: Path) -> str:
    """The socket's name: per user and configuration, short enough for a Unix socket path."""
    key = f"{getpass.getuser()}\0{config_path.expanduser().resolve()}"
    return "caseline-" + hashlib.sha256(key.encode()).hexdigest()[:16]


class SingleInstance(QObject):
    """``claim()`` once at start: True, this is the first (it now listens; ``request`` carries
    what later launches hand over); False, another one runs (``hand_over`` to it)."""

    request = Signal(dict)  # {"dial": "tel:..."} or {} (come to the front)

    def __init__(self, config_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = instance_name(config_path)
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.RuntimeLocation) or QDir.tempPath()
        self._lock = QLockFile(f"{folder}/{self.name}.lock")
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        if not self._lock.tryLock(0):
            return False
        QLocalServer.removeServer(self.name)  # a crashed instance's socket file
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        if not server.listen(self.name):
            # Still the only instance (the lock says so): it works, later launches just
            # cannot reach it. Said in the log, not in the agent's way.
            log.warning("single instance: cannot listen on %s: %s", self.name,
                        server.errorString())
            return True
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def hand_over(self, message: dict[str, str]) -> bool:
        """To the running instance (blocking, at most HAND_OVER_MS each step): True once it
        said it took the request."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(HAND_OVER_MS):
            return False
        socket.write(json.dumps(message).encode() + b"\n")
        if not socket.waitForBytesWritten(HAND_OVER_MS):
            return False
        answered = b""
        while not answered.endswith(b"\n") and socket.waitForReadyRead(HAND_OVER_MS):
            answered += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        return answered == ACK

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            # The server owns it and deletes it with itself: a launch is one short exchange,
            # a few per day, so none is deleted earlier (a deleteLater raced its own end).
            socket.readyRead.connect(partial(self._read, socket))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_REQUEST:
                socket.abort()
            return
        line = bytes(socket.readLine(MAX_REQUEST).data())
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in message.items()):
            log.warning("single instance: a request that is not ours was ignored")
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        self.request.emit(message)
