"""The engine process whose parent goes while its SIP stack starts (the desktop launches it
first, app.telephony.isolated.IsolatedEngine.prestart, then its store does not open and the
engine is stopped before it was ever started): it goes down in order and says nothing alarming.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from app.telephony.isolated import IsolatedEngine
from tests.support import engine_config, free_port

if TYPE_CHECKING:
    import pytest

RELAY = "caseline-engine-log"  # the thread that relays the child's stderr into this log


def test_a_prestarted_engine_stopped_at_once_exits_cleanly(
        caplog: pytest.LogCaptureFixture) -> None:
    before = {t for t in threading.enumerate() if t.name == RELAY}
    engine = IsolatedEngine(engine_config(free_port()))
    with caplog.at_level(logging.INFO):
        engine.prestart()
        proc = engine._proc  # its exit code is what this test is about
        assert proc is not None
        # At once: the child is still importing and starting pjsua when its socket closes, so
        # its "started" (and the stack's first events) meet a closed socket.
        engine.stop()
        # Its stderr is relayed until the pipe closes: wait for that, not for a time.
        for relay in {t for t in threading.enumerate() if t.name == RELAY} - before:
            relay.join(15)
    assert proc.returncode == 0  # an uncaught BrokenPipeError exited 1
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in said if "Traceback" in m or "Broken pipe" in m], said
