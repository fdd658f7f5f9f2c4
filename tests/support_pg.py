"""A throw-away PostgreSQL 15 cluster for tests: initdb + pg_ctl in a temp dir, removed after.

The server listens on a free 127.0.0.1 port (scram-sha-256 passwords on TCP) and on a unix
socket inside the temp dir. PostgreSQL refuses to run as root, so under root every server
command runs as the ``postgres`` OS user (``runuser``), which owns the temp dir.
``stop()``/``start()`` restart it on the same port and data (tests stop it mid-sync).
With ``tls=True`` it serves TLS with a certificate for 127.0.0.1/localhost signed by a test CA
(``ca``): clients can use ``sslmode=verify-full``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from tests.integration.tlscerts import make_certs

PG_BIN = Path(os.environ.get("CASELINE_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"
DATABASE = "caseline"


class PgError(RuntimeError):
    pass


def _free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgCluster:
    def __init__(self, *, tls: bool = False, name: str = "caseline-pg") -> None:
        if not (PG_BIN / "initdb").exists():
            raise PgError(f"{PG_BIN}/initdb is missing: scripts/system-packages.sh test "
                          "installs postgresql-15")
        self.tls = tls
        self.root = Path(tempfile.mkdtemp(prefix=f"{name}-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.log = self.root / "server.log"
        self.password = secrets.token_urlsafe(18)
        self.port = 0
        self.ca: Path | None = None
        self._as_postgres = os.geteuid() == 0
        self._running = False
        self.socket_dir.mkdir()
        if self._as_postgres:
            user = pwd.getpwnam("postgres")
            self.root.chmod(0o755)  # the test process (root) reads logs; postgres writes
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)

    # -- commands ----------------------------------------------------------------------------

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        # stdout/stderr to files, not pipes: the postmaster pg_ctl starts must not hold them.
        with open(self.root / "cmd.out", "w+") as out:
            done = subprocess.run(cmd, cwd=self.root, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=subprocess.STDOUT, text=True, check=False)
            out.seek(0)
            done.stdout = out.read()
        return done

    def _check(self, *args: str) -> None:
        done = self._run(*args)
        if done.returncode != 0:
            tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise PgError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{tail}")

    def _write_as_postgres(self, path: Path, text: str, mode: int = 0o600) -> None:
        path.write_text(text)
        path.chmod(mode)
        if self._as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(path, user.pw_uid, user.pw_gid)

    # -- lifecycle ---------------------------------------------------------------------------

    def init(self) -> None:
        pwfile = self.root / "pwfile"
        self._write_as_postgres(pwfile, self.password + "\n")
        self._check(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                    "--pwfile", str(pwfile), "--auth-local=trust",
                    "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
                    "--no-sync")
        pwfile.unlink()
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.socket_dir}'",
            "password_encryption = 'scram-sha-256'",
            # Throw-away data: no flush to disk is needed. A commit must still be written
            # before it is acknowledged (synchronous_commit stays on): the sync tests stop the
            # server with "immediate", a crash, and count on every acknowledged commit.
            "fsync = off",
            "full_page_writes = off",
            "max_connections = 60",
            "shared_buffers = '32MB'",
        ]
        if self.tls:
            certs = make_certs(self.root / "certs", "pg")
            self.ca = certs.ca
            for source, target in ((certs.cert, "server.crt"), (certs.key, "server.key")):
                self._write_as_postgres(self.data / target, source.read_text())
            settings += ["ssl = on", "ssl_cert_file = 'server.crt'",
                         "ssl_key_file = 'server.key'"]
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n# tests/support_pg.py\n" + "\n".join(settings) + "\n")

    def start(self) -> None:
        """Start (the first time: on a free port). Returns once it accepts connections."""
        if self._running:
            return
        first = self.port == 0
        for _attempt in range(5 if first else 1):
            if first:
                self.port = _free_tcp_port()
            done = self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                             "-o", f"-p {self.port}", "-w", "-t", "60", "start")
            if done.returncode == 0:
                self._running = True
                return
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            if not first or "could not bind" not in log:  # a port taken in the meantime: retry
                raise PgError(f"pg_ctl start failed:\n{done.stdout}\n{log[-3000:]}")
        raise PgError("no free port for PostgreSQL")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: disconnects clients, rolls their transactions back)."""
        if not self._running:
            return
        self._check(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def remove(self) -> None:
        with contextlib.suppress(PgError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- connecting --------------------------------------------------------------------------

    def url(self, user: str = SUPERUSER, password: str | None = None, database: str = DATABASE,
            **params: str) -> str:
        """A ``postgresql://`` URL over TCP; ``password`` defaults to the superuser's."""
        if password is None and user == SUPERUSER:
            password = self.password
        auth = quote(user, safe="")
        if password is not None:
            auth += ":" + quote(password, safe="")
        query = f"?{urlencode(params)}" if params else ""
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{quote(database, safe='')}{query}"

    def create_database(self, name: str = DATABASE) -> None:
        import psycopg  # noqa: PLC0415 - only the tests that start a cluster need it
        from psycopg import sql  # noqa: PLC0415

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             password=self.password, dbname="postgres",
                             autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def cluster(*, tls: bool = False, database: str = DATABASE) -> PgCluster:
    """An initialised, started cluster with ``database`` created; ``remove()`` it after."""
    pg = PgCluster(tls=tls)
    try:
        pg.init()
        pg.start()
        pg.create_database(database)
    except BaseException:
        pg.remove()
        raise
    return pg
