"""A real coturn TURN/STUN server for the tests, on loopback, with long-term credentials.

Its configuration, user database, pid file and log live in the test's own directory; it listens
on free ports (UDP and TCP on ``port``, TLS on ``tls_port`` when certificates are given) and
relays to loopback peers (``allow-loopback-peers``: coturn refuses 127.0.0.0/8 peers
otherwise). What it did is read back from its log (``allocations``).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.support import free_port

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.integration.tlscerts import Certs

REALM = "caseline.test"
USER = "agent"
PASSWORD = "turn-secret-4711"  # a throw-away credential of a test server
START_TIMEOUT = 20.0  # s; a ceiling only a broken installation reaches
MAGIC = 0x2112A442


def turnserver_binary() -> str:
    path = shutil.which("turnserver")
    if path is None:
        raise RuntimeError("coturn is missing: scripts/system-packages.sh test installs it")
    return path


def stun_binding(port: int, timeout: float = 0.5) -> tuple[str, int] | None:
    """A STUN Binding request to 127.0.0.1:port (UDP): the mapped address, None: no answer."""
    txid = os.urandom(12)
    request = struct.pack("!HHI", 0x0001, 0, MAGIC) + txid
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(timeout)
        try:
            sock.sendto(request, ("127.0.0.1", port))
            data = sock.recv(2048)
        except OSError:
            return None
    if len(data) < 20 or struct.unpack("!H", data[:2])[0] != 0x0101 or data[8:20] != txid:
        return None
    body = data[20:]
    while len(body) >= 4:
        kind, length = struct.unpack("!HH", body[:4])
        value = body[4:4 + length]
        if kind == 0x0020 and len(value) >= 8:  # XOR-MAPPED-ADDRESS, IPv4
            xport = struct.unpack("!H", value[2:4])[0] ^ (MAGIC >> 16)
            xaddr = struct.unpack("!I", value[4:8])[0] ^ MAGIC
            return socket.inet_ntoa(struct.pack("!I", xaddr)), xport
        body = body[4 + (length + 3) // 4 * 4:]
    return None


@dataclass
class Coturn:
    workdir: Path
    certs: Certs | None = None
    port: int = field(default_factory=lambda: free_port(pair=True))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def tls_port(self) -> int:
        return self.port + 1

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / "turn.log"

    def config(self) -> str:
        # Relay ports from a random window: tests of other areas may run beside this one.
        low = random.randrange(20000, 59000, 500)
        lines = [
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", f"listening-port={self.port}",
            f"min-port={low}", f"max-port={low + 499}", f"realm={REALM}", "lt-cred-mech",
            f"user={USER}:{PASSWORD}", "fingerprint", "allow-loopback-peers", "no-cli",
            "no-multicast-peers", "no-software-attribute", "verbose", "simple-log",
            f"log-file={self.log}", f"pidfile={self.workdir / 'turn.pid'}",
            f"userdb={self.workdir / 'turndb'}", "no-dtls",
        ]
        if self.certs is not None:
            lines += [f"tls-listening-port={self.tls_port}", f"cert={self.certs.cert}",
                      f"pkey={self.certs.key}"]
        else:
            lines.append("no-tls")
        return "\n".join(lines) + "\n"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        conf = self.workdir / "turnserver.conf"
        conf.write_text(self.config())
        with open(self.workdir / "stderr.log", "ab") as err:
            self.proc = subprocess.Popen([turnserver_binary(), "-c", str(conf)],
                                         stdin=subprocess.DEVNULL, stdout=err,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while stun_binding(self.port) is None:  # ready once it answers STUN
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"coturn did not start:\n{self.tail()}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def text(self) -> str:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace")
        return ""

    def tail(self, lines: int = 40) -> str:
        parts = [self.text(), ""]
        with contextlib.suppress(OSError):
            parts[1] = (self.workdir / "stderr.log").read_text(errors="replace")
        return "\n".join("\n".join(parts).splitlines()[-lines:])

    def allocations(self) -> list[str]:
        """The relayed addresses coturn allocated, as its log tells them."""
        return re.findall(r"Local relay addr: (\d+\.\d+\.\d+\.\d+:\d+)", self.text())


@contextlib.contextmanager
def running_coturn(workdir: Path, certs: Certs | None = None) -> Iterator[Coturn]:
    turn = Coturn(workdir, certs)
    turn.start()
    try:
        yield turn
    finally:
        turn.stop()
