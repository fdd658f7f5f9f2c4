"""SIP over TLS between two real engines (one in a child process), server verified by CA."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from app.telephony.config import TlsFiles, Transport
from app.telephony.engine import DIRECT
from app.telephony.events import CallState, EndReason
from tests.integration.tlscerts import make_certs
from tests.support import WAIT, Driver, running_engine

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

TRANSPORTS = (Transport.UDP, Transport.TLS)


def _pump_both(a: Driver, b: Driver, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not done():
        a.engine.pump(5)
        b.engine.pump(5)
        assert time.monotonic() < deadline, "timed out"


def test_call_over_tls_with_a_verified_server(tmp_path: Path) -> None:
    certs = make_certs(tmp_path / "certs")
    server_tls = TlsFiles(ca_file=str(certs.ca), cert_file=str(certs.cert),
                          key_file=str(certs.key), verify_server=False)
    client_tls = TlsFiles(ca_file=str(certs.ca), verify_server=True)
    with running_engine(transports=TRANSPORTS, tls=server_tls, auto_answer_ms=0) as callee, \
            running_engine(isolated=True, transports=TRANSPORTS, tls=client_tls) as caller:
        tls_port = callee.engine.local_port + 1
        call_id = caller.engine.make_call(f"sip:agent@127.0.0.1:{tls_port};transport=tls",
                                          account=DIRECT)
        _pump_both(callee, caller, lambda: any(
            e.state in (CallState.ACTIVE, CallState.ENDED) for e in caller.calls(call_id)))
        assert caller.calls(call_id)[-1].state is CallState.ACTIVE, caller.calls(call_id)[-1]
        incoming = callee.wait_call(CallState.ACTIVE)
        assert incoming.remote.user == "caseline"
        caller.engine.hangup(call_id)
        assert caller.wait_call(CallState.ENDED, call_id).end_reason is EndReason.LOCAL_HANGUP
        assert callee.wait_call(CallState.ENDED).end_reason is EndReason.REMOTE_HANGUP


def test_untrusted_server_certificate_fails_the_call(tmp_path: Path) -> None:
    certs = make_certs(tmp_path / "certs")
    stranger = make_certs(tmp_path / "other", "other")
    server_tls = TlsFiles(ca_file=str(certs.ca), cert_file=str(certs.cert),
                          key_file=str(certs.key), verify_server=False)
    client_tls = TlsFiles(ca_file=str(stranger.ca), verify_server=True)
    with running_engine(transports=TRANSPORTS, tls=server_tls, auto_answer_ms=0) as callee, \
            running_engine(isolated=True, transports=TRANSPORTS, tls=client_tls) as caller:
        tls_port = callee.engine.local_port + 1
        call_id = caller.engine.make_call(f"sip:agent@127.0.0.1:{tls_port};transport=tls",
                                          account=DIRECT)
        _pump_both(callee, caller,
                   lambda: any(e.state is CallState.ENDED for e in caller.calls(call_id)))
        ended = caller.calls(call_id)[-1]
        assert ended.end_reason in (EndReason.UNREACHABLE, EndReason.FAILED)
        assert not any(e.state is CallState.ACTIVE for e in caller.calls(call_id))
        assert not any(e.state is CallState.INCOMING for e in callee.events
                       if hasattr(e, "state"))
