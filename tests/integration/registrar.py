"""A minimal UDP registrar on loopback for the tests: accepts every REGISTER, answers OPTIONS,
and drops the probes it is told to (a probe lost on the way)."""

from __future__ import annotations

import re
import socket
import threading


class Registrar:
    """A UDP registrar on loopback that accepts every REGISTER and answers OPTIONS, except the
    ones it is told to drop (a probe lost on the way)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.drop = 0  # OPTIONS to ignore, from now
        self.dropped = threading.Event()
        self.answered_after_drop = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Registrar:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            text = data.decode(errors="replace")
            if text.startswith("OPTIONS") and self.drop:
                self.drop -= 1
                if not self.drop:
                    self.dropped.set()
                continue
            if text.startswith("OPTIONS") and self.dropped.is_set():
                self.answered_after_drop.set()
            if text.startswith(("OPTIONS", "REGISTER")):
                self.sock.sendto(_ok(text), peer)


def _ok(request: str) -> bytes:
    head = request.split("\r\n\r\n", 1)[0].split("\r\n")
    keep = [line for line in head[1:]
            if re.match(r"(?i)(via|from|call-id|cseq|to|contact)\s*:", line)]
    lines = []
    for line in keep:
        suffix = ""
        if line.lower().startswith("to:") and ";tag=" not in line:
            suffix = ";tag=reg1"
        if line.lower().startswith("contact:"):
            suffix = ";expires=300"
        lines.append(line + suffix)
    return ("SIP/2.0 200 OK\r\n" + "\r\n".join(lines) + "\r\nContent-Length: 0\r\n\r\n").encode()
