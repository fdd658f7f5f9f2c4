"""A real Kamailio registrar for the tests: started in the foreground on loopback, killable."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.support import free_port

if TYPE_CHECKING:
    from collections.abc import Iterator

CONFIG = Path(__file__).resolve().parent.parent / "kamailio" / "kamailio.cfg"
DOMAIN = "caseline.test"
USERS = ("alice", "bob", "carol")
START_TIMEOUT = 20.0  # s; a ceiling only a broken installation reaches
# The presence server's tables (db_text): Debian's empty ones, with their version rows.
DBTEXT_SCHEMA = Path("/usr/share/kamailio/dbtext/kamailio")
PRESENCE_TABLES = ("version", "presentity", "active_watchers", "watchers", "xcap", "pua")


def password(user: str) -> str:
    return f"{user}-secret"


def kamailio_binary() -> str:
    path = shutil.which("kamailio") or "/usr/sbin/kamailio"
    if not Path(path).exists():
        raise RuntimeError("kamailio is missing: scripts/system-packages.sh test installs it")
    return path


def options_ping(port: int, timeout: float = 0.5) -> bool:
    """True when something answers a SIP OPTIONS on 127.0.0.1:port (UDP) with 200."""
    branch = uuid.uuid4().hex
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        local = sock.getsockname()[1]
        message = (
            f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK{branch}\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:probe@127.0.0.1>;tag={branch[:8]}\r\n"
            f"To: <sip:127.0.0.1:{port}>\r\n"
            f"Call-ID: {branch}@127.0.0.1\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n"
        ).encode()
        sock.settimeout(timeout)
        try:
            sock.sendto(message, ("127.0.0.1", port))
            data = sock.recv(4096)
        except OSError:
            return False
    return data.startswith(b"SIP/2.0 200")


@dataclass
class Kamailio:
    """One Kamailio instance; stop() and start() again keep its port (a restart).

    ``presence``: a presence server too (tests/kamailio/kamailio.cfg); without, SUBSCRIBE and
    PUBLISH get 489 Bad Event, as from a registrar that serves no event package."""

    workdir: Path
    port: int = field(default_factory=free_port)
    presence: bool = True
    # Preprocessor defines for tests/kamailio/kamailio.cfg, e.g. 'SCAN_PASSWORD="..."'.
    defines: tuple[str, ...] = ()
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / "kamailio.log"

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        rundir = self.workdir / "run"
        rundir.mkdir(parents=True, exist_ok=True)
        args = [
            kamailio_binary(), "-f", str(CONFIG), "-DD", "-E", "-m", "32", "-M", "4",
            "-Y", str(rundir), "-P", str(rundir / "kamailio.pid"), "-w", str(rundir),
            "-l", f"udp:127.0.0.1:{self.port}", "-l", f"tcp:127.0.0.1:{self.port}",
            *self._presence_args(),
            *(arg for define in self.defines for arg in ("-A", define)),
        ]
        self.starts += 1
        with open(self.log, "ab") as log:
            log.write(f"--- start {self.starts}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while not options_ping(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"kamailio did not start:\n{self.tail()}")

    def _presence_args(self) -> list[str]:
        if not self.presence:
            return ["-A", "NO_PRESENCE"]
        db = self.workdir / "presence-db"
        if not db.exists():  # kept over a restart, as a database would be
            missing = [t for t in PRESENCE_TABLES if not (DBTEXT_SCHEMA / t).exists()]
            if missing:
                raise RuntimeError("kamailio's presence tables are missing: "
                                   "scripts/system-packages.sh test installs them")
            db.mkdir(parents=True)
            for table in PRESENCE_TABLES:
                shutil.copyfile(DBTEXT_SCHEMA / table, db / table)
        return ["-A", f'PRESENCE_DB="text://{db}"']

    def subscribes(self, *, event: str = "presence") -> list[str]:
        """The SUBSCRIBEs that reached Kamailio for ``event`` (its log), one line each."""
        return [line for line in self.tail(100000).splitlines()
                if "SUBSCRIBE " in line and f" event {event} from " in line]

    def kill(self) -> None:
        """Die at once, as after a crash or a power cut: no goodbye to anyone."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)

    def _signal(self, sig: int) -> None:
        proc = self.proc
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # The children share the group: wait until none holds the port any more.
        deadline = time.monotonic() + 10
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(0.02)  # polling a process table, not synchronising with the code under test
        self.proc = None

    def tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def running_kamailio(workdir: Path, *, presence: bool = True) -> Iterator[Kamailio]:
    kam = Kamailio(workdir, presence=presence)
    kam.start()
    try:
        yield kam
    finally:
        kam.stop()
