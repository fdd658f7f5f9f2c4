"""``caseline doctor``: what keeps this PC from taking calls, in plain words; and the
diagnostics zip a support desk asks for (``--bundle F.zip``, the window's "Save diagnostics").

The checks: the keyring (which service to start for the desktop in use), each account's
connection test (app.telephony.diagnose: DNS, route, TLS, registration), a microphone. Each
prints one translated line; the exit code is 0 when everything works, 1 otherwise.

The zip holds versions, the settings file, the recent log, the SIP messages in it and the
connection test's result, every member passed through one ``Scrubber``: the accounts'
passwords from the keyring (their literal values), Authorization headers, ``password=`` and
URL passwords, TURN credentials. It is written to a temporary file and renamed, so a
half-written zip never carries the name asked for.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import logging
import os
import platform
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from app.common import logs
from app.config import secrets
from app.telephony import diagnose
from app.telephony.config import TlsFiles

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from app.config.settings import Settings

log = logging.getLogger(__name__)

LOG_TAIL = 1024 * 1024  # bytes of the newest log in the zip: hours of a shift, not weeks
SIP_LOGGER = " caseline.sip: "  # the engine's pjsip records (app.telephony.engine.core)

# Which Secret Service to start or install, by the desktop in use ($XDG_CURRENT_DESKTOP).
GNOME_KEYRING = "gnome-keyring"
KWALLET = "kwallet"
KEEPASSXC = "keepassxc"
_GNOME_LIKE = ("gnome", "unity", "cinnamon", "xfce", "mate", "budgie", "pantheon", "lxde")


def keyring_service(environ: Mapping[str, str] | None = None) -> str:
    """The Secret Service provider for this desktop: GNOME_KEYRING, KWALLET or KEEPASSXC (any
    other desktop or none, where KeePassXC's Secret Service integration works everywhere)."""
    env = os.environ if environ is None else environ
    desktops = [d.strip().lower() for d in env.get("XDG_CURRENT_DESKTOP", "").split(":")]
    if "kde" in desktops:
        return KWALLET
    if any(d in _GNOME_LIKE or d.startswith(_GNOME_LIKE) for d in desktops if d):
        return GNOME_KEYRING
    return KEEPASSXC


def keyring_problem() -> secrets.SecretStoreError | None:
    """None when the keyring is usable: a real backend, and a read goes through (a Secret
    Service that is installed but not running fails only on use)."""
    try:
        secrets.backend_name()
        secrets.get_password("caseline-doctor-probe")  # an entry nobody has: reads nothing
    except secrets.SecretStoreError as exc:
        return exc
    except Exception as exc:  # a D-Bus error of a backend that keyring does not wrap
        return secrets.SecretStoreError("failed", str(exc) or type(exc).__name__)
    return None


def keyring_advice(problem: secrets.SecretStoreError | None,
                   environ: Mapping[str, str] | None = None) -> str:
    """The MESSAGES key of the keyring line: doctor_keyring_ok, _locked, _failed, or
    _unavailable_<service> naming what to start or install."""
    if problem is None:
        return "doctor_keyring_ok"
    if problem.code == "unavailable":
        return f"doctor_keyring_unavailable_{keyring_service(environ).replace('-', '_')}"
    return f"doctor_keyring_{problem.code}"


def microphones() -> list[str]:
    """The input devices Qt Multimedia sees (as the desktop would use them)."""
    from PySide6.QtCore import QCoreApplication, qInstallMessageHandler  # noqa: PLC0415

    def to_log(_kind: object, _context: object, message: str) -> None:
        log.info("qt: %s", message)  # its back-end chatter belongs in the log, not the report

    previous = qInstallMessageHandler(to_log)
    try:
        from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415 - only for this check

        if QCoreApplication.instance() is None:  # Qt Multimedia needs one to list devices
            _App.keep = QCoreApplication([sys.argv[0] if sys.argv else "caseline"])
        return [d.description() or "?" for d in QMediaDevices.audioInputs()]
    finally:
        qInstallMessageHandler(previous)


class _App:
    keep: object = None


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the report: its MESSAGES key, whether it is good news, its values."""

    key: str
    ok: bool
    params: tuple[tuple[str, str], ...] = ()
    account: str = ""

    def text(self, say: Callable[..., str]) -> str:
        values = dict(self.params)
        body = say(self.key, **values)
        mark = say("doctor_mark_ok" if self.ok else "doctor_mark_problem")
        return f"{mark} [{self.account}] {body}" if self.account else f"{mark} {body}"


@dataclass
class Report:
    lines: list[Line] = field(default_factory=list)
    diagnoses: list[diagnose.Diagnosis] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(line.ok for line in self.lines)

    def texts(self, say: Callable[..., str]) -> list[str]:
        return [line.text(say) for line in self.lines]


def finding_line(account: str, finding: diagnose.Finding) -> Line:
    params = (("host", finding.host), ("port", str(finding.port)), ("detail", finding.detail),
              ("status", str(finding.status or "")))
    return Line(f"doctor_{finding.code}", finding.ok, params, account)


def check(conf: Settings, *, environ: Mapping[str, str] | None = None,
          timeout: float = diagnose.TIMEOUT,
          inputs: Callable[[], Sequence[str]] | None = microphones) -> Report:
    """Every check, in the order a person fixes things: keyring, accounts, microphone.
    ``inputs`` None: no microphone check (the UI's test runs its own, with its devices)."""
    report = Report()
    problem = keyring_problem()
    detail = problem.detail if problem is not None else _backend()
    report.lines.append(Line(keyring_advice(problem, environ), problem is None,
                             (("detail", detail),)))
    if not conf.accounts:
        report.lines.append(Line("doctor_no_accounts", True))
    sip = conf.sip
    tls = TlsFiles(sip.tls_ca_file, sip.tls_cert_file, sip.tls_key_file, sip.tls_verify_server)
    for account in conf.accounts:
        password = None
        if problem is None:
            with contextlib.suppress(secrets.SecretStoreError):
                password = secrets.get_password(account.name)
        result = diagnose.diagnose(account, password, tls=tls, timeout=timeout)
        report.diagnoses.append(result)
        log.info("connection test of %s: %s", account.name,
                 ", ".join(f"{f.step.value} {f.code} {f.detail}".strip() for f in result.findings))
        lines = [finding_line(account.name, f) for f in result.findings]
        if problem is not None:  # no password because the keyring is down: say that, not "enter it"
            lines = [replace(line, key="doctor_no_password_keyring")
                     if line.key == f"doctor_{diagnose.NO_PASSWORD}" else line for line in lines]
        report.lines += lines
    if inputs is not None:
        found = list(inputs())
        if found:
            report.lines.append(Line("doctor_microphone_ok", True, (("detail", ", ".join(found)),)))
        else:
            report.lines.append(Line("doctor_no_microphone", False))
    return report


def _backend() -> str:
    try:
        return secrets.backend_name()
    except secrets.SecretStoreError as exc:
        return exc.detail


# -- the diagnostics zip -------------------------------------------------------------------------


_HEADER = re.compile(r"(?im)^(?P<lead>[^\r\n]*?)(?P<name>(?:Proxy-)?Authorization|"
                     r"Authentication-Info|X-CaseLine-Monitor)\s*:[^\r\n]*")
_ASSIGNED = re.compile(
    r"(?i)(?P<key>\b[\w.-]*(?:password|passwd|secret|credential|token)[\w.-]*)"
    r"(?P<sep>\s*[=:]\s*)(?P<value>\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s&;,]+)")
_USERINFO = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s/:@]*):(?P<pw>[^\s/@]+)@", re.I)
REDACTED = "<redacted>"


class Scrubber:
    """Removes credentials from text: the known secrets (literally, and URL-encoded), the
    Authorization headers, ``key = value`` pairs whose key says password/secret/credential,
    and the password of any URL's userinfo."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.known: set[str] = set()
        for secret in known:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if secret:
            self.known |= {secret, quote(secret, safe="")}

    def text(self, text: str) -> str:
        for secret in sorted(self.known, key=len, reverse=True):  # a longer one holds shorter
            text = text.replace(secret, REDACTED)
        text = _HEADER.sub(lambda m: f"{m.group('lead')}{m.group('name')}: {REDACTED}", text)
        text = _USERINFO.sub(lambda m: f"{m.group('head')}:{REDACTED}@", text)
        return _ASSIGNED.sub(
            lambda m: f"{m.group('key')}{m.group('sep')}{REDACTED}"
            if REDACTED not in m.group("value") else m.group(0), text)

    def bytes(self, data: bytes) -> bytes:
        return self.text(data.decode("utf-8", "replace")).encode("utf-8")


def known_secrets(conf: Settings) -> list[str]:
    """Every secret the keyring holds for this configuration: the accounts' SIP and TURN
    passwords, the central database's; none when the keyring cannot be read."""
    found: list[str | None] = []
    with contextlib.suppress(secrets.SecretStoreError):
        for account in conf.accounts:
            found.append(secrets.get_password(account.name))
            if account.turn_server or account.turn_user:
                found.append(secrets.get_turn_password(account.name))
    url = conf.central.effective_url()
    if url:
        with contextlib.suppress(Exception):  # a bad URL is the sync's to report, not ours
            from app.sync.connect import central_url, password_key  # noqa: PLC0415 - SQL only here

            parsed = central_url(url)
            if parsed is not None:
                found.append(secrets.get_central_password(password_key(parsed)))
    return [s for s in found if s]


def versions() -> dict[str, str]:
    from importlib import metadata  # noqa: PLC0415

    from app.cli.main import version  # noqa: PLC0415 - main imports this module

    found = {"caseline": version(), "python": sys.version.replace("\n", " "),
             "os": platform.platform(), "machine": platform.machine()}
    with contextlib.suppress(ImportError):
        import PySide6  # noqa: PLC0415
        from PySide6 import QtCore  # noqa: PLC0415

        found["pyside6"] = PySide6.__version__
        found["qt"] = QtCore.qVersion()
    for distribution in ("pjsua2-python", "pjsua2"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found["pjsua2"] = metadata.version(distribution)
            break
    else:
        found["pjsua2"] = "not installed"
    found["desktop"] = os.environ.get("XDG_CURRENT_DESKTOP", "")
    return found


def recent_log(config_path: Path, limit: int = LOG_TAIL) -> bytes:
    """The newest ``limit`` bytes of the log (reaching into the rotated file when the current
    one is short), starting at a whole line."""
    current = logs.log_path(config_path)
    parts: list[bytes] = []
    left = limit
    for path in (current, current.with_name(current.name + ".1")):
        if left <= 0:
            break
        with contextlib.suppress(OSError), path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - left))
            chunk = f.read()
            parts.insert(0, chunk)
            left -= len(chunk)
    data = b"".join(parts)
    if len(data) >= limit:  # cut at a line, not through a character
        data = data[data.find(b"\n") + 1:]
    return data


_RECORD = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", re.MULTILINE)


def sip_messages(log: bytes) -> bytes:
    """The engine's records that carry SIP messages (written with ``[sip] sip_trace``), each
    with its continuation lines."""
    starts = [m.start() for m in _RECORD.finditer(log)] + [len(log)]
    kept = [log[a:b] for a, b in itertools.pairwise(starts)
            if SIP_LOGGER.encode() in log[a:b][:200] and b"SIP/2.0" in log[a:b]]
    return b"".join(kept)


README = """CaseLine diagnostics, made {made}.

versions.json        CaseLine, Python, PySide6/Qt, pjsua2, the operating system
settings.toml        the settings file ({config}); it never holds a password
caseline.log         the newest part of the log
sip-trace.txt        the SIP messages in that log: {sip}
connection-test.txt  caseline doctor's report, as the user saw it
connection-test.json the same, step by step, for tools

Passwords (from the keyring), Authorization headers, TURN and database credentials were
replaced by {redacted} in every file.
"""

SIP_TRACED = "the engine logs whole messages ([sip] sip_trace = true)"
SIP_NOT_TRACED = ("none unless [sip] sip_trace = true: CaseLine keeps no SIP trace of its own; "
                  "turn it on, repeat the problem, then save the diagnostics again")


def write_bundle(target: Path, config_path: Path, conf: Settings, report: Report,
                 say: Callable[..., str], *, extra_secrets: Iterable[str] = ()) -> Path:
    """Write the diagnostics zip to ``target`` (atomically) and return its path."""
    scrubber = Scrubber([*known_secrets(conf), *extra_secrets])
    log = recent_log(config_path)
    trace = sip_messages(log)
    try:
        settings_text = config_path.read_bytes()
    except OSError as exc:
        settings_text = f"# no settings file: {exc}\n".encode()
    made = datetime.now(UTC).isoformat(timespec="seconds")
    members: dict[str, bytes] = {
        "README.txt": README.format(
            made=made, config=config_path, redacted=REDACTED,
            sip=SIP_TRACED if conf.sip.sip_trace else SIP_NOT_TRACED).encode(),
        "versions.json": json.dumps(versions(), indent=2).encode(),
        "settings.toml": settings_text,
        "caseline.log": log,
        "sip-trace.txt": trace or f"(no SIP messages: {SIP_NOT_TRACED})\n".encode(),
        "connection-test.txt": ("\n".join(report.texts(say)) + "\n").encode(),
        "connection-test.json": json.dumps(
            {"ok": report.ok, "made": made, "lines": [
                {"key": line.key, "ok": line.ok, "account": line.account,
                 "params": dict(line.params)} for line in report.lines],
             "accounts": [d.as_dict() for d in report.diagnoses]},
            indent=2, ensure_ascii=False).encode(),
    }
    target = target.expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, scrubber.bytes(data))
    fd, tmp = tempfile.mkstemp(prefix=".caseline-diagnostics-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(buffer.getvalue())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def save_diagnostics(target: Path, config_path: Path, conf: Settings,
                     say: Callable[..., str]) -> Path:
    """For the window's "Save diagnostics": run the checks (no microphone: the window knows its
    devices) and write the zip. Blocks for the connection tests: call it on a worker thread."""
    return write_bundle(target, config_path, conf, check(conf, inputs=None), say)


# -- the command ---------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check the keyring, each account's connection and the microphone")
    doctor.add_argument("--bundle", metavar="F.zip",
                        help="also save a diagnostics zip for a support desk (no secrets)")
    doctor.add_argument("--timeout", type=float, default=diagnose.TIMEOUT, metavar="S",
                        help=f"seconds each network step may take (default {diagnose.TIMEOUT:g})")


def run(args: argparse.Namespace, path: Path, conf: Settings, say: Callable[..., str], *,
        inputs: Callable[[], Sequence[str]] | None = microphones) -> int:
    """Exit 0: all is well; 1: a check failed (each says what to do); 2: the zip was not
    written."""
    report = check(conf, timeout=max(0.1, args.timeout), inputs=inputs)
    for text in report.texts(say):
        print(text)
    print(say("doctor_all_ok" if report.ok else "doctor_problems"))
    if args.bundle:
        try:
            written = write_bundle(Path(args.bundle), path, conf, report, say)
        except OSError as exc:
            print(say("doctor_bundle_failed", path=args.bundle, detail=exc.strerror or exc),
                  file=sys.stderr)
            return 2
        print(say("doctor_bundle_written", path=written))
    return 0 if report.ok else 1
