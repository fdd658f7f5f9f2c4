"""A real PgBouncer (Debian's ``pgbouncer``) in front of the test centre, configured from the
``pgbouncer.ini`` that docs/central.md recommends, so the tests try what the docs say.

What differs from the documented file, and why: it listens on a free loopback port; the
PostgreSQL behind it is the test cluster; the passwords come from an ``auth_file`` (the docs'
``auth_query`` needs a lookup function the test centre does not have; both sign in to
PostgreSQL with SCRAM as the agent's own role); no TLS on either side (loopback); no unix
socket; ``query_wait_timeout`` is short, so a pool too small fails in seconds, not in two
minutes. Every pooling setting is the documented one, word for word.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.integration.central.helpers import Central

DOCS = Path(__file__).resolve().parents[3] / "docs" / "central.md"
QUERY_WAIT_S = 8  # a client waiting this long for a server connection is refused
# The documented lines the test replaces (where it listens, whom it signs in with, TLS).
_REPLACED = re.compile(r"^(listen_addr|listen_port|auth_user|auth_query|auth_type"
                       r"|client_tls_\w+|server_tls_\w+)\s*=")


def documented_ini() -> str:
    """The ``[databases]`` ... block of docs/central.md's PgBouncer section."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"```ini\n(\[databases\].*?)```", text, re.DOTALL)
    assert found is not None, "docs/central.md has no pgbouncer.ini block"
    return found.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Bouncer:
    """URLs through the running PgBouncer, by role."""

    def __init__(self, central: Central, port: int, log: Path) -> None:
        self.central, self.port, self.log = central, port, log

    def url(self, role: str) -> str:
        password = quote(self.central.passwords[role], safe="")
        return f"postgresql://{role}:{password}@127.0.0.1:{self.port}/caseline"


@contextlib.contextmanager
def pgbouncer(central: Central) -> Iterator[Bouncer]:
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise RuntimeError("pgbouncer is missing: scripts/system-packages.sh test installs it")
    port = _free_port()
    # Its own directory under /tmp: pytest's are the root user's only, and it runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="caseline-pgbouncer-"))
    root.chmod(0o755)
    proc: subprocess.Popen[bytes] | None = None
    try:
        (root / "pgbouncer.ini").write_text(_ini(central, port, root))
        quoted = {role: password.replace('"', '""')  # the file's escape for a quote
                  for role, password in central.passwords.items()}
        users = os.open(root / "userlist.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(users, "w") as out:
            out.write("".join(f'"{role}" "{password}"\n' for role, password in quoted.items()))
        cmd = [binary, str(root / "pgbouncer.ini")]
        if os.geteuid() == 0:  # PgBouncer refuses to run as root
            user = pwd.getpwnam("postgres")
            for path in (root, *root.iterdir()):
                os.chown(path, user.pw_uid, user.pw_gid)
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        errors = root / "stderr.txt"
        with errors.open("wb") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 20
        while True:  # up when it accepts a connection (it has no readiness signal)
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                       timeout=1):
                if proc.poll() is None:  # ours, not whatever took the port meanwhile
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer did not start: {errors.read_text()}")
            time.sleep(0.02)
        yield Bouncer(central, port, root / "pgbouncer.log")
    finally:
        try:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)
        finally:
            shutil.rmtree(root, ignore_errors=True)


def _ini(central: Central, port: int, root: Path) -> str:
    lines = []
    for documented in documented_ini().splitlines():
        line = documented
        if line.startswith("caseline = "):
            line = f"caseline = host=127.0.0.1 port={central.pg.port} dbname=caseline"
        elif _REPLACED.match(line):
            continue
        lines.append(line)
    ours = {"listen_addr": "127.0.0.1", "listen_port": str(port),
            "auth_type": "scram-sha-256", "auth_file": str(root / "userlist.txt"),
            "unix_socket_dir": "", "query_wait_timeout": str(QUERY_WAIT_S),
            "logfile": str(root / "pgbouncer.log")}
    keys = [line.split("=", 1)[0].strip() for line in lines
            if "=" in line and not line.lstrip().startswith(";")]
    # A key set twice takes its last value: the documented settings must each be set once,
    # and none of them may be one the test sets ([pgbouncer] is the block's last section).
    assert len(keys) == len(set(keys)) and not set(ours) & set(keys), keys
    assert [line for line in lines if line.startswith("[")][-1] == "[pgbouncer]"
    lines += [f"{key} = {value}" for key, value in ours.items()]
    return "\n".join(lines) + "\n"
