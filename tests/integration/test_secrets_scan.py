"""No secret outside the keyring: a real session, then every file it left is searched.

The session: an account whose password is made for this run only, stored by `caseline account
add` in a real Secret Service (GNOME Keyring on a private session bus); `caseline agent`
registering through Kamailio with digest auth (SIP trace on: the path most likely to leak a
header), an outbound call that Kamailio challenges (Proxy-Authorization), the engine process
killed as a native crash would kill it (the crash path CaseLine has: the agent logs it and
restarts the phone, which registers again), and `caseline doctor --bundle` (the connection test
registers once more; the diagnostics zip). CaseLine writes no crash report of its own; a core
or dump file would land in the session's home and is searched with the rest.

Kamailio logs each Authorization and Proxy-Authorization header as it came on the wire
(-A LOG_CREDENTIALS): their digest responses are searched for too, with the password, in the
config dir, the logs, the store's files (raw bytes, with the WAL), the agent's output, every
member of the diagnostics zip, and whatever else is under the session's home but the keyring's
own encrypted file. The packaged bundle is searched when dist/ has one (a test that skips
without it: scripts/test builds the bundle after pytest).
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.config import settings
from tests.integration.conftest import ROOT, AgentProcess
from tests.integration.kamailio import DOMAIN, USERS, Kamailio, password
from tests.support import free_port
from tests.support_keyring import secret_service

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

USER = "dave"
CEILING = 120.0  # s per step of the session: the suite shares two cores; never an assertion
BUNDLE = ROOT / "dist" / "caseline"
KEYRING_DIR = "keyrings"  # GNOME Keyring's encrypted files, under XDG_DATA_HOME
_RESPONSE = re.compile(rb'response="?([0-9a-f]{32,64})')
# Any Authorization header carrying a digest answer, whoever's (the bundle holds no session).
_ANY_AUTHORIZATION = re.compile(
    rb'(?i)(?:proxy-)?authorization:\s*digest\s[^\r\n]*response="?[0-9a-f]{32}')


def forms(secret: str) -> list[bytes]:
    """A secret as a file could hold it: as is, URL-encoded, in UTF-16 (a Windows tool's log)."""
    return list(dict.fromkeys([secret.encode(), urllib.parse.quote(secret, safe="").encode(),
                               secret.encode("utf-16-le")]))


def files_under(root: Path, skip: Iterable[Path] = ()) -> Iterator[Path]:
    skipped = [s.resolve() for s in skip]
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() \
                and not any(path.resolve().is_relative_to(s) for s in skipped):
            yield path


def contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """The file's bytes, and each member's when it is a zip (compressed bytes hide text)."""
    data = path.read_bytes()
    yield str(path), data
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as zipped:
            for name in zipped.namelist():
                yield f"{path}!{name}", zipped.read(name)


def leaks(places: Iterable[tuple[str, bytes]], secret_values: Iterable[str]) -> list[str]:
    wanted = [(value, form) for value in secret_values for form in forms(value)]
    found = []
    for where, data in places:
        found += [f"{value!r} in {where}" for value, form in wanted if form in data]
    return found


# -- the session ----------------------------------------------------------------------------------


class Agent(AgentProcess):
    """`caseline agent` waited on with a ceiling for a loaded machine (its first start
    migrates a new store and starts the engine process)."""

    def wait(self, predicate: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        for event in self.seen:
            if predicate(event):
                return event
        deadline = time.monotonic() + CEILING
        while True:
            try:
                event = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise AssertionError(f"agent never printed {what}; saw {self.seen[-5:]}") from None
            self.seen.append(event)
            if predicate(event):
                return event


class Session:
    """A private home (the Secret Service's bus joins its environment); CaseLine's commands
    in it."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.config = home / "config" / "caseline.toml"
        self.data = home / "data"
        (home / "run").mkdir(mode=0o700, parents=True)
        self.env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                    "XDG_RUNTIME_DIR": str(home / "run"), "XDG_DATA_HOME": str(self.data),
                    "XDG_CONFIG_HOME": str(home / "xdg-config"),
                    "XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state"),
                    "QT_QPA_PLATFORM": "offscreen", "PULSE_SERVER": f"unix:{home}/no-pulse"}

    def caseline(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "--config", str(self.config), *args],
                              cwd=self.home, env=self.env, input=stdin, capture_output=True,
                              text=True, timeout=CEILING, check=False)

    def agent(self, port: int) -> Agent:
        with open(self.home / "agent-stderr.txt", "w") as stderr:  # the child's copy stays
            proc = subprocess.Popen(
                [sys.executable, "-m", "app", "--config", str(self.config), "-v", "agent",
                 "--listen", f"127.0.0.1:{port}", "--transports", "udp", "--stdin-commands",
                 "--sip-trace"],
                cwd=self.home, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=stderr, text=True, start_new_session=True)
        return Agent(proc)


def engine_child(agent_pid: int) -> int:
    """The agent's engine process (IsolatedEngine's child)."""
    children = Path(f"/proc/{agent_pid}/task/{agent_pid}/children").read_text().split()
    assert children, "the agent runs no engine process"
    return int(children[0])


# Its tests share one costly session (a real one, ~35 s): on one worker, not one each.
pytestmark = pytest.mark.xdist_group("secrets_scan")


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, str, list[str]]]:
    """The session, run once: (its home, the password, the digest responses on the wire)."""
    secret = f"scan-{secrets.token_hex(12)}"
    work = tmp_path_factory.mktemp("secrets-scan")
    kam = Kamailio(work / "kamailio", presence=False, defines=(
        f'SCAN_USER="{USER}"', f'SCAN_PASSWORD="{secret}"', "LOG_CREDENTIALS"))
    (work / "kamailio").mkdir()
    session = Session(work / "home")
    kam.start()
    try:
        with secret_service(session.env) as env:
            session.env = env
            _run(session, kam.server, secret)
        wire = kam.log.read_bytes()
    finally:
        kam.stop()
    responses = sorted({m.group(1).decode() for m in _RESPONSE.finditer(wire)})
    yield session, secret, responses


def _run(session: Session, registrar: str, secret: str) -> None:
    """The session's steps, in a running Secret Service."""
    added = session.caseline("account", "add", "--server", registrar, "--user", USER,
                             "--domain", DOMAIN, "--name", USER, "--password-stdin",
                             stdin=secret + "\n")
    assert added.returncode == 0, added.stderr
    conf = settings.load(session.config)
    settings.save(session.config, settings.Settings(
        sip=settings.SipSettings(sip_trace=True), accounts=conf.accounts,
        ui=settings.UiSettings(first_run_done=True)))

    agent = session.agent(free_port())
    try:
        def registered(event: dict[str, object]) -> bool:
            return event["event"] == "RegistrationEvent" and event["state"] == "registered"

        agent.wait(registered, "the registration")
        agent.command(cmd="dial", target=f"sip:{USERS[0]}@{DOMAIN}", account=USER)
        agent.wait(lambda e: e["event"] == "CallEvent" and e["state"] == "ended",
                   "the call's end (alice is not registered: 404 after the challenge)")
        seen = len(agent.seen)
        os.kill(engine_child(agent.proc.pid), signal.SIGSEGV)  # as a native crash
        agent.wait(lambda e: e["event"] == "EngineEvent" and e["state"] == "crashed",
                   "the crash")
        agent.wait(lambda e: registered(e) and agent.seen.index(e) > seen,
                   "the registration after the restart")
        agent.proc.send_signal(signal.SIGTERM)
        assert agent.proc.wait(30) == 0
    finally:
        if agent.proc.poll() is None:
            os.killpg(agent.proc.pid, signal.SIGKILL)
            agent.proc.wait()
        for stream in (agent.proc.stdin, agent.proc.stdout):
            if stream is not None:
                stream.close()
    (session.home / "agent-stdout.jsonl").write_text(
        "".join(json.dumps(e) + "\n" for e in agent.seen), encoding="utf-8")

    zipped = session.home / "diagnostics.zip"
    doctor = session.caseline("doctor", "--bundle", str(zipped))
    assert zipped.is_file(), doctor.stdout + doctor.stderr
    assert "Registered with" in doctor.stdout, doctor.stdout
    (session.home / "doctor-output.txt").write_text(doctor.stdout + doctor.stderr,
                                                   encoding="utf-8")


def test_the_session_sent_real_credentials(session: tuple[Session, str, list[str]]) -> None:
    sess, _secret, responses = session
    # REGISTER twice (start, after the crash), the INVITE's challenge answer, the doctor's.
    assert len(responses) >= 3, responses
    assert (sess.data / "caseline" / "caseline.db").is_file()
    log = (sess.config.parent / "caseline.log").read_text(encoding="utf-8")
    assert "REGISTER sip:" in log  # the SIP trace went to the log: what was scrubbed is there


def test_no_password_and_no_authorization_value_outside_the_keyring(
        session: tuple[Session, str, list[str]]) -> None:
    sess, secret, responses = session
    skip = [sess.data / KEYRING_DIR]
    places = [c for path in files_under(sess.home, skip) for c in contents(path)]
    kinds = {Path(where.split("!")[0]).name for where, _ in places}
    assert {"caseline.toml", "caseline.log", "caseline.db", "diagnostics.zip",
            "agent-stdout.jsonl", "agent-stderr.txt"} <= kinds, kinds
    assert leaks(places, [secret, *responses]) == []
    assert [w for w, data in places if _ANY_AUTHORIZATION.search(data)] == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan itself can fail: a planted secret in each form and place is found."""
    secret, response = "pl@nted secret/1", "0123456789abcdef0123456789abcdef"
    (tmp_path / "a.log").write_text(f"x {secret} y", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(urllib.parse.quote(secret, safe="").encode())
    (tmp_path / "c.bin").write_bytes(b"\0" + secret.encode("utf-16-le"))
    with zipfile.ZipFile(tmp_path / "d.zip", "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("trace.txt", f'Authorization: Digest response="{response}"')
    places = [c for path in files_under(tmp_path) for c in contents(path)]
    found = leaks(places, [secret, response])
    assert [f.rsplit("/", 1)[-1] for f in found] == ["a.log", "b.txt", "c.bin", "d.zip!trace.txt"]
    assert [w for w, data in places if _ANY_AUTHORIZATION.search(data)] == [
        f"{tmp_path / 'd.zip'}!trace.txt"]


@pytest.mark.skipif(not (BUNDLE / "caseline").is_file(),
                    reason="no bundle in dist/: ./scripts/bundle builds it (scripts/test does)")
def test_the_bundle_holds_no_password_and_no_authorization_value(
        session: tuple[Session, str, list[str]]) -> None:
    _home, secret, responses = session
    test_passwords = [password(user) for user in USERS]
    places = [c for path in files_under(BUNDLE) for c in contents(path)]
    assert len(places) > 100  # the whole bundle was read, not an empty folder
    assert leaks(places, [secret, *responses, *test_passwords]) == []
    assert [w for w, data in places if _ANY_AUTHORIZATION.search(data)] == []
