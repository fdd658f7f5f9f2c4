"""Guards against Qt binding releases with known defects this app would hit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Pinger(QObject):
    ping = Signal()
    value = Signal(int)


def test_emitting_signals_keeps_the_interpreter_alive() -> None:
    # PySide6 6.12.0 dropped a reference to True on each emit; on Python < 3.12 the process
    # aborts ("bool_dealloc") after a few thousand emits, i.e. within a shift.
    pinger = _Pinger()
    before = sys.getrefcount(True)
    for _ in range(500):
        pinger.ping.emit()
        pinger.value.emit(1)
    assert sys.getrefcount(True) >= before
