"""``caseline self-test``: does this installation work? Run from a source tree or from the
bundle (packaging/caseline.spec), where a hidden import or a Qt plugin left out shows here,
not at an advisor's first call.

Each step says OK or why not; the first failing step is named on the last line and the exit
code is 1. The steps, in order:

- ``qt``: a Qt application starts on the platform plugin (offscreen, xcb...) in use;
- ``translations``: each UI language's compiled translation loads and translates;
- ``store``: a new local store is created in a temporary folder and migrated to its newest
  revision (the Alembic folder travels with the bundle);
- ``central``: the PostgreSQL client library loads (psycopg's libpq) and the central schema's
  migrations are there;
- ``keyring``: the system keyring keeps, gives back and forgets a throw-away secret;
- ``sip``: the SIP engine starts in its own process (the frozen app starts itself with
  ``--engine-worker``), calls itself over loopback, and the answered side hears the tone the
  caller plays (a recording of it, measured).
"""

from __future__ import annotations

import math
import secrets
import socket
import tempfile
import time
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

STEPS = ("qt", "translations", "store", "central", "keyring", "sip")
SIP_DEADLINE = 20.0  # s for the whole call; a healthy engine needs about two
HEARD_RMS = 300.0  # a 16-bit tone at -12 dBFS is ~5,800 RMS; silence and comfort noise < 50
TONE_HZ = 1000


class StepFailedError(Exception):
    """A step's failure, in words for the report (already translated)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    step: str
    ok: bool
    detail: str


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "self-test", help="check this installation: Qt, translations, store, keyring, SIP call")
    parser.add_argument("--skip", action="append", default=[], choices=STEPS, metavar="STEP",
                        help=f"leave a step out (one of {', '.join(STEPS)}); repeatable")


def run(args: argparse.Namespace, say: Callable[..., str]) -> int:
    outcomes = run_steps(say, skip=frozenset(args.skip))
    for outcome in outcomes:
        print(say("selftest_ok" if outcome.ok else "selftest_failed",
                  step=outcome.step, detail=outcome.detail))
    failed = [o.step for o in outcomes if not o.ok]
    if failed:
        print(say("selftest_summary_failed", step=failed[0], count=len(failed)))
        return 1
    print(say("selftest_summary_ok", count=len(outcomes)))
    return 0


def run_steps(say: Callable[..., str], skip: frozenset[str] = frozenset()) -> list[Outcome]:
    checks: dict[str, Callable[[Callable[..., str]], str]] = {
        "qt": _qt, "translations": _translations, "store": _store, "central": _central,
        "keyring": _keyring, "sip": _sip}
    outcomes = []
    for step in STEPS:
        if step in skip:
            continue
        try:
            outcomes.append(Outcome(step, True, checks[step](say)))
        except StepFailedError as exc:
            outcomes.append(Outcome(step, False, str(exc)))
        except Exception as exc:
            outcomes.append(Outcome(step, False, f"{type(exc).__name__}: {exc}"))
    return outcomes


def _qt(say: Callable[..., str]) -> str:
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415 - Qt only when asked

    app = QGuiApplication.instance() or QGuiApplication(["caseline"])
    name = QGuiApplication.platformName()
    if not name:
        raise StepFailedError(say("selftest_no_platform"))
    return say("selftest_qt", platform=name, version=_qt_version(), app=type(app).__name__)


def _qt_version() -> str:
    from PySide6.QtCore import qVersion  # noqa: PLC0415

    return qVersion()


def _translations(say: Callable[..., str]) -> str:
    from PySide6.QtCore import QTranslator  # noqa: PLC0415

    from app.i18n import HERE, LANGUAGES  # noqa: PLC0415

    loaded = []
    for language in LANGUAGES:
        translator = QTranslator()
        path = HERE / f"caseline_{language}.qm"
        if not translator.load(str(path)) or translator.isEmpty():
            raise StepFailedError(say("selftest_translation_missing", language=language,
                                      path=str(path)))
        loaded.append(language)
    return ", ".join(loaded)


def _store(say: Callable[..., str]) -> str:
    from sqlalchemy import text  # noqa: PLC0415

    from app.cases.store import HEAD, open_sqlite  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="caseline-self-test-") as folder:
        store = open_sqlite(Path(folder) / "cases.db")
        try:
            with store.engine.connect() as conn:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        finally:
            store.close()
    if revision != HEAD:
        raise StepFailedError(say("selftest_store_revision", revision=revision, head=HEAD))
    return say("selftest_store", revision=revision)


def _central(say: Callable[..., str]) -> str:
    import psycopg  # noqa: PLC0415

    from app.central import admin  # noqa: PLC0415

    versions = admin.MIGRATIONS / "versions"
    if not (versions / f"{admin.HEAD}_{_head_name(versions, admin.HEAD)}.py").is_file():
        raise StepFailedError(say("selftest_central_migrations", path=str(versions)))
    return say("selftest_central", libpq=_libpq(psycopg.pq.version()), head=admin.HEAD)


def _head_name(versions: Path, head: str) -> str:
    found = sorted(versions.glob(f"{head}_*.py"))
    return found[0].stem.split("_", 1)[1] if found else "?"


def _libpq(number: int) -> str:
    return f"{number // 10000}.{number % 10000}"


def _keyring(say: Callable[..., str]) -> str:
    import keyring  # noqa: PLC0415

    from app.config import secrets as store  # noqa: PLC0415 - the app's own rule: no plain text

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    account, secret = f"self-test-{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    try:
        store.set_password(account, secret)
        back = store.get_password(account)
        store.delete_password(account)
    except store.SecretStoreError as exc:
        if exc.code == "unavailable":
            raise StepFailedError(say("selftest_no_keyring", backend=name)) from exc
        raise StepFailedError(say("selftest_keyring_failed", backend=name,
                                  detail=exc.detail or exc.code)) from exc
    if back != secret:
        raise StepFailedError(say("selftest_keyring_failed", backend=name,
                                  detail=say("selftest_keyring_other")))
    return name


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tone(path: Path, seconds: float = 3.0, rate: int = 8000) -> None:
    samples = array("h", (round(8000 * math.sin(2 * math.pi * TONE_HZ * i / rate))
                          for i in range(int(seconds * rate))))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def _rms(path: Path) -> float:
    with wave.open(str(path), "rb") as recorded:
        data = array("h", recorded.readframes(recorded.getnframes()))
    if not data:
        return 0.0
    return math.sqrt(sum(s * s for s in data) / len(data))


def _sip(say: Callable[..., str]) -> str:
    from app.telephony.config import EngineConfig, Transport  # noqa: PLC0415
    from app.telephony.engine.core import DIRECT  # noqa: PLC0415
    from app.telephony.events import CallEvent, CallState, Direction  # noqa: PLC0415
    from app.telephony.isolated import IsolatedEngine  # noqa: PLC0415

    port = _free_port()
    events: list[object] = []
    engine = IsolatedEngine(EngineConfig(listen_host="127.0.0.1", listen_port=port,
                                         transports=(Transport.UDP,),
                                         network_watch_interval=3600.0, nameservers=()))
    engine.subscribe(events.append)
    deadline = time.monotonic() + SIP_DEADLINE

    def until(found: Callable[[], str | None], what: str) -> str:
        while time.monotonic() < deadline:
            value = found()
            if value is not None:
                return value
            engine.pump(20)
        raise StepFailedError(say("selftest_sip_timeout", what=what, seconds=SIP_DEADLINE))

    def call(direction: Direction, state: CallState) -> Callable[[], str | None]:
        def find() -> str | None:
            for event in events:
                if isinstance(event, CallEvent) and event.direction is direction \
                        and event.state is state:
                    return event.call_id
            return None
        return find

    with tempfile.TemporaryDirectory(prefix="caseline-self-test-") as folder:
        tone, heard = Path(folder) / "tone.wav", Path(folder) / "heard.wav"
        _tone(tone)
        engine.start()
        try:
            outgoing = engine.make_call(f"sip:self-test@127.0.0.1:{port}", account=DIRECT)
            incoming = until(call(Direction.INBOUND, CallState.INCOMING),
                             say("selftest_wait_incoming"))
            engine.answer(incoming)
            until(call(Direction.INBOUND, CallState.ACTIVE), say("selftest_wait_answer"))
            until(call(Direction.OUTBOUND, CallState.ACTIVE), say("selftest_wait_answer"))
            engine.start_recording(incoming, str(heard))
            engine.play_to_call(outgoing, str(tone))
            # A second of the call: pumped, not slept, so the engine's events keep flowing.
            settle = time.monotonic() + 1.5
            until(lambda: "" if time.monotonic() >= settle else None, say("selftest_wait_tone"))
            engine.stop_recording(incoming)
            engine.hangup(outgoing)
            until(call(Direction.INBOUND, CallState.ENDED), say("selftest_wait_hangup"))
        finally:
            engine.stop()
        level = _rms(heard) if heard.exists() else 0.0
    if level < HEARD_RMS:
        raise StepFailedError(say("selftest_sip_silent", rms=round(level)))
    return say("selftest_sip", rms=round(level))
