"""A phone that cannot start says why in words: the address another program holds, the exit of
an engine that died at once; not "start_failed: engine process:" with nothing after it."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from app.i18n import HERE
from app.telephony.config import Transport
from app.telephony.engine import PjsuaEngine
from app.telephony.engine.core import TelephonyError
from app.telephony.isolated import IsolatedEngine
from app.ui.callcenter import start_failure_text
from tests.support import engine_config, free_port

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A UDP port another program holds (a softphone, a first CaseLine)."""
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("127.0.0.1", port))
        yield port


@pytest.mark.parametrize("isolated", [True, False], ids=["engine-process", "in-process"])
def test_a_taken_sip_port_is_named(taken_port: int, isolated: bool) -> None:
    config = engine_config(taken_port, transports=(Transport.UDP,))
    engine = IsolatedEngine(config) if isolated else PjsuaEngine(config)
    with pytest.raises(TelephonyError) as raised:
        engine.start()
    assert raised.value.code == "address_in_use"
    assert raised.value.detail == f"UDP 127.0.0.1:{taken_port}"
    engine.stop()  # nothing was started: stopping is harmless
    # The failed engine's pjsua2 Endpoint is gone although its error is still held here:
    # pjsua2 allows one per process and aborts the process when a second is made.
    free = engine_config(free_port(), transports=(Transport.UDP,))
    again = IsolatedEngine(free) if isolated else PjsuaEngine(free)
    again.start()
    again.stop()


def test_an_address_that_is_not_this_pcs_is_named() -> None:
    # 192.0.2.1 (TEST-NET-1) is on no interface here.
    engine = IsolatedEngine(engine_config(free_port(), listen_host="192.0.2.1",
                                          transports=(Transport.UDP,)))
    with pytest.raises(TelephonyError) as raised:
        engine.start()
    assert raised.value.code == "address_not_here"


def test_the_agent_reads_it_in_their_language(qtbot: QtBot) -> None:
    text = start_failure_text("address_in_use", "UDP 0.0.0.0:5060")
    assert text.startswith("The phone could not start: UDP 0.0.0.0:5060 is already in use")
    translator = QTranslator()
    assert translator.load(str(HERE / "caseline_ja.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        text = start_failure_text("address_in_use", "UDP 0.0.0.0:5060")
        assert "UDP 0.0.0.0:5060" in text
        assert "使用" in text
        died = start_failure_text("start_failed", "engine_exit -6")
        assert "-6" in died and "engine_exit" not in died
    finally:
        QCoreApplication.removeTranslator(translator)
