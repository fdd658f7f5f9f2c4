"""app.common.logs: the rotating file beside the config, repeats collapsed, secrets scrubbed, and
the engine process's lines relayed into this process's log."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import pytest

from app.common import logs
from app.telephony.sipmsg import redact

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

log = logging.getLogger("tests.logs")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    logs.shutdown()
    root.setLevel(level)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_the_log_file_is_beside_the_config_and_rotates(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "caseline.toml"
    path = logs.setup(config, max_bytes=4000, backups=2, stderr=io.StringIO())
    assert path == config.with_name("caseline.log")
    for n in range(300):
        log.info("call %d ended after %d s", n, n % 60)  # distinct: none is collapsed
    logs.shutdown()
    assert path.exists()
    assert (tmp_path / "conf" / "caseline.log.1").exists()
    assert (tmp_path / "conf" / "caseline.log.2").exists()
    assert not (tmp_path / "conf" / "caseline.log.3").exists()  # two backups, no more
    for name in ("caseline.log", "caseline.log.1", "caseline.log.2"):
        assert (tmp_path / "conf" / name).stat().st_size <= 4000
    assert _lines(path)[-1].endswith("call 299 ended after 59 s")


def test_identical_warnings_are_one_line_in_both_the_file_and_stderr(tmp_path: Path) -> None:
    err = io.StringIO()
    path = logs.setup(tmp_path / "caseline.toml", stderr=err)
    assert path is not None
    for _ in range(1000):
        log.warning("No audio device detected")
        log.warning("speaker %s would not open: %s", "Headset", "OpenError")
    log.warning("speaker %s would not open: %s", "USB Speaker", "OpenError")  # another one
    logs.shutdown()
    for text in (path.read_text(encoding="utf-8"), err.getvalue()):
        assert text.count("No audio device detected") == 1
        assert text.count("speaker Headset would not open") == 1
        assert text.count("speaker USB Speaker would not open") == 1


def test_a_repeat_shows_again_after_the_interval_with_how_many_were_dropped() -> None:
    clock = Clock()
    repeats = logs.RepeatFilter(every=60.0, clock=clock)
    formatter = logs.LineFormatter("%(levelname)s %(message)s")

    def record(message: str = "engine %s lost") -> logging.LogRecord:
        return logging.LogRecord("app.x", logging.WARNING, __file__, 1, message, ("a",), None)

    assert repeats.filter(record())
    passed = []
    for _ in range(41):
        clock.now += 1.0
        passed.append(repeats.filter(record()))
    assert not any(passed)  # 41 within the minute: none through
    assert repeats.filter(record("engine %s back"))  # another message is not held back
    clock.now += 60.0
    again = record()
    assert repeats.filter(again)
    assert formatter.format(again) == "WARNING engine a lost (repeated 41 times)"
    clock.now += 60.0
    once_more = record()
    assert repeats.filter(once_more)
    assert formatter.format(once_more) == "WARNING engine a lost"  # nothing dropped since


def test_no_password_and_no_credentials_reach_the_file(tmp_path: Path) -> None:
    secret = "S3cret-pass-42"
    redact(secret)  # what both engines do with the password they are handed
    path = logs.setup(tmp_path / "caseline.toml", verbose=True, stderr=io.StringIO())
    assert path is not None
    log.error("account work not added: bad password %s", secret)
    log.debug("TX REGISTER\nAuthorization: Digest username=\"1001\", response=\"0a4f\"\n")
    try:
        raise RuntimeError(f"login with {secret} refused")
    except RuntimeError:
        log.exception("registration failed")
    logs.shutdown()
    text = path.read_text(encoding="utf-8")
    assert secret not in text
    assert 'response="0a4f"' not in text
    assert text.count("<redacted>") == 3  # the message, the header, the exception's text


def test_the_engine_process_lines_become_records_of_this_process(tmp_path: Path) -> None:
    child = io.StringIO()
    logs.setup_child(logging.DEBUG, stream=child)
    engine_log = logging.getLogger("caseline.sip")
    for _ in range(20):
        engine_log.warning("Dropping %d bytes packet from %s", 52, "127.0.0.1:5099")
    engine_log.info("transport created")
    raw = ("21:00:27.638         os_core_unix.c !pjlib 2.15.1 for POSIX initialized\n"
           "python: ../src/pj/os_core_unix.c:692: pj_thread_this: Assertion failed.\n")
    path = logs.setup(tmp_path / "caseline.toml", stderr=io.StringIO())
    assert path is not None
    logs.relay(io.BytesIO((child.getvalue() + raw).encode()), pid=4321)
    logs.shutdown()
    lines = _lines(path)
    dropped = [line for line in lines if "Dropping 52 bytes packet" in line]
    assert len(dropped) == 1  # collapsed in the child already
    assert " 4321 WARNING caseline.sip: Dropping 52 bytes packet from 127.0.0.1:5099" in dropped[0]
    assert any(" 4321 INFO caseline.sip: transport created" in line for line in lines)
    # What the process printed itself: pjlib's banner is information, anything else a warning.
    assert any(" INFO caseline.engine: engine process 4321: 21:00:27.638" in line
               for line in lines)
    assert any(" WARNING caseline.engine: engine process 4321: python: " in line
               and "Assertion failed" in line for line in lines)


def test_no_log_file_where_it_cannot_be_written_but_stderr_still(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    err = io.StringIO()
    assert logs.setup(blocker / "caseline.toml", stderr=err) is None
    log.warning("still heard")
    logs.shutdown()
    assert "no log file" in err.getvalue()
    assert "still heard" in err.getvalue()
