"""Every failure path ends cleanly and is logged (issue 16, item 4).

A real pjsua2 engine and a real Desk on a temporary store, on the Phone's thread; SIPp and a
loopback DNS server as the peers. What is asserted is what the store holds and what the far end
received.
"""

from __future__ import annotations

import logging
import os
import signal
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.cases.models import CallLog, Outcome
from app.cases.store import open_sqlite
from app.orchestration.desk import CallLogged, Desk
from app.orchestration.phone import Phone
from app.telephony.config import AccountSpec
from app.telephony.engine import DIRECT, PjsuaEngine
from app.telephony.events import CallEvent, CallState, EndReason
from app.telephony.isolated import IsolatedEngine
from tests.support import (
    WAIT,
    Listener,
    engine_config,
    finish_sipp,
    free_port,
    start_sipp,
    udp_queued,
    wait_until,
)
from tests.support_dns import DnsServer, free_loopback_53

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store
    from app.telephony.api import Engine


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_sqlite(tmp_path / "cases.db")
    yield store
    store.close()


def _phone(store: Store, *, isolated: bool = False, **config: Any) -> tuple[Phone, Listener]:
    cfg = engine_config(free_port(), **config)
    engine: Engine = IsolatedEngine(cfg) if isolated else PjsuaEngine(cfg)
    phone = Phone(engine, Desk(store, wrap_up_seconds=0))
    listener = Listener(phone)
    phone.start()
    assert phone.wait_started(WAIT)
    return phone, listener


def _row(store: Store, engine_call_id: str) -> CallLog:
    with store.session() as session:
        row = session.scalars(select(CallLog).where(
            CallLog.engine_call_id == engine_call_id)).one()
        session.expunge(row)
        return row


def _logged_end(listener: Listener, call_id: str) -> CallLogged:
    return listener.wait(CallLogged, lambda e: e.call_id == call_id and e.outcome != "")


def _no_errors(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name != "caseline.sip"]
    assert not bad, [r.getMessage() for r in bad]
    assert "KeyError" not in caplog.text


def _failed_dial(store: Store, phone: Phone, listener: Listener, target: str) -> CallLog:
    call_id = phone.dial(target, account=DIRECT).result(WAIT)
    ended = listener.wait(CallEvent, lambda e: e.call_id == call_id
                          and e.state is CallState.ENDED)
    assert ended.end_reason in (EndReason.UNREACHABLE, EndReason.FAILED)
    assert _logged_end(listener, call_id).outcome == "failed"
    return _row(store, call_id)


def test_a_dial_to_a_host_that_does_not_resolve_is_logged_failed_async_dns(
        store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with DnsServer(host=free_loopback_53(), port=53) as dns:  # NXDOMAIN for every name
        phone, listener = _phone(store, nameservers=(dns.host,))
        try:
            row = _failed_dial(store, phone, listener, "sip:bob@no-such-host.invalid")
        finally:
            phone.stop()
    assert row.outcome is Outcome.FAILED
    assert row.end_reason == "unreachable"
    assert row.remote_uri == "sip:bob@no-such-host.invalid"
    assert row.ended_at is not None
    _no_errors(caplog)


def test_a_dial_that_fails_inside_make_call_is_logged_failed(
        store: Store, caplog: pytest.LogCaptureFixture) -> None:
    """No nameserver: pjsip resolves inside makeCall, which ends the call and raises there."""
    caplog.set_level(logging.INFO)
    phone, listener = _phone(store, nameservers=())
    try:
        row = _failed_dial(store, phone, listener, "sip:bob@no-such-host.invalid")
        # The phone still works: a second failing dial is a second row, not a stale record.
        second = _failed_dial(store, phone, listener, "sip:carol@no-such-host.invalid")
    finally:
        phone.stop()
    assert row.outcome is Outcome.FAILED and second.outcome is Outcome.FAILED
    assert row.id != second.id
    _no_errors(caplog)


def test_a_uri_pjsua_refuses_is_logged_failed(store: Store,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    phone, listener = _phone(store)
    try:
        # The dial plan lets it through; pjsua refuses the port before sending anything.
        row = _failed_dial(store, phone, listener, "sip:bob@127.0.0.1:99999")
    finally:
        phone.stop()
    assert row.outcome is Outcome.FAILED
    assert row.end_reason == "failed"
    _no_errors(caplog)


def _ringing_call(phone: Phone, listener: Listener, port: int) -> str:
    """An outbound call to the SIPp callee on ``port``, once it rings."""
    call_id = phone.dial(f"sip:service@127.0.0.1:{port}", account=DIRECT).result(WAIT)
    listener.wait(CallEvent, lambda e: e.call_id == call_id and e.state is CallState.RINGING)
    return call_id


def _ends_cancelled(listener: Listener, call_id: str) -> None:
    ended = listener.wait(CallEvent, lambda e: e.call_id == call_id
                          and e.state is CallState.ENDED)
    assert ended.end_reason is EndReason.CANCELLED
    assert _logged_end(listener, call_id).outcome == "cancelled"


def test_an_outbound_call_the_agent_cancels_while_it_rings_is_cancelled(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    sipp = start_sipp("uas_ring_forever", None, port, tmp_path / "sipp")  # 180, never 200
    phone, listener = _phone(store)
    try:
        call_id = _ringing_call(phone, listener, port)
        phone.call(lambda engine: engine.hangup(call_id)).result(WAIT)
        _ends_cancelled(listener, call_id)
        wait_until(lambda: not sipp.running(), "SIPp's CANCEL, 200, 487, ACK")
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()  # it got our CANCEL
    row = _row(store, call_id)
    assert row.outcome is Outcome.CANCELLED
    assert row.end_reason == "cancelled"
    assert row.answered_at is None
    _no_errors(caplog)


def test_a_callee_slow_to_answer_the_cancel_gets_it_again_and_the_call_ends_cancelled(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A callee that does not answer our CANCEL within 500 ms gets it again (RFC 3261
    17.1.2.2); when its answers come, the call ends cancelled and is logged so."""
    port = free_port()
    sipp = start_sipp("uas_ring_forever", None, port, tmp_path / "sipp")
    phone, listener = _phone(store)
    stalled = False
    try:
        call_id = _ringing_call(phone, listener, port)
        os.kill(sipp.proc.pid, signal.SIGSTOP)  # the callee stalls: nothing answers the CANCEL
        stalled = True
        phone.call(lambda engine: engine.hangup(call_id)).result(WAIT)
        wait_until(lambda: (udp_queued(port) or 0) > 0, "our CANCEL at the stalled callee")
        first = udp_queued(port) or 0
        wait_until(lambda: (udp_queued(port) or 0) > first, "our CANCEL's copy")
        os.kill(sipp.proc.pid, signal.SIGCONT)
        stalled = False
        _ends_cancelled(listener, call_id)
        wait_until(lambda: not sipp.running(), "SIPp's 200, 487, ACK")
    finally:
        if stalled:
            os.kill(sipp.proc.pid, signal.SIGCONT)
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    messages = (tmp_path / "sipp" / "messages.log").read_text()
    assert messages.count("CANCEL sip:") == 2, messages  # the copy went out
    assert _row(store, call_id).outcome is Outcome.CANCELLED
    _no_errors(caplog)


def test_a_caller_refused_over_capacity_is_in_the_history_as_missed(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    phone, listener = _phone(store, auto_answer_ms=0)
    target = f"127.0.0.1:{phone.engine.local_port}"
    try:
        four = start_sipp("uac_wait_bye", target, free_port(), tmp_path / "four",
                          "-key", "caller", "0311110000", "-key", "extra", "X-Test: full",
                          calls=4, rate=50)
        up: set[str] = set()
        while len(up) < 4:
            up.add(listener.wait(CallEvent, lambda e: e.state is CallState.ACTIVE
                                 and e.call_id not in up).call_id)
        fifth = start_sipp("uac_rejected", target, free_port(), tmp_path / "fifth")
        wait_until(lambda: not fifth.running(), "the fifth caller's 486")
        assert finish_sipp(None, fifth) == 0, fifth.output()
        logged = listener.wait(CallLogged, lambda e: e.outcome == "missed")
    finally:
        phone.stop()
    assert finish_sipp(None, four) == 0, four.output()  # each of the four got its BYE
    with store.session() as session:
        rows = session.scalars(select(CallLog)).all()
        missed = [r for r in rows if r.outcome is Outcome.MISSED]
        assert len(rows) == 5
        assert [r.id for r in missed] == [logged.log_id]
        assert missed[0].direction.value == "inbound"
        assert missed[0].number_raw == "0611112222"
        assert missed[0].end_reason == "over_capacity"
        assert missed[0].sip_status == 486
        assert missed[0].sip_call_id
        assert missed[0].ended_at is not None
        assert all(r.outcome is Outcome.ANSWERED for r in rows if r not in missed)
    _no_errors(caplog)


@pytest.mark.parametrize("isolated", [False, True], ids=["in_process", "isolated"])
@pytest.mark.parametrize("change", ["edited", "removed"])
def test_an_account_changed_during_a_live_call_leaves_the_call_working(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture, change: str,
        isolated: bool) -> None:
    """The settings dialog edits or removes an account while the agent talks on it: the call
    stays up, the agent's hang-up reaches the far end as a BYE, and the row is answered."""
    port = free_port()
    sipp = start_sipp("uas_hold", None, port, tmp_path / "sipp")  # holds both ways, waits a BYE
    spec = AccountSpec(name="office", server=f"127.0.0.1:{port}", user="agent",
                       register=False, probe_interval=0)
    phone, listener = _phone(store, isolated=isolated)
    try:
        phone.set_account(spec, None).result(WAIT)
        call_id = phone.dial(f"sip:service@127.0.0.1:{port}", account="office").result(WAIT)
        listener.wait(CallEvent, lambda e: e.call_id == call_id
                      and e.state is CallState.ACTIVE)
        if change == "edited":
            phone.set_account(replace(spec, display_name="Desk 4"), None).result(WAIT)
            assert phone.call(lambda engine: engine.accounts()).result(WAIT).count("office") == 1
        else:
            phone.remove_account("office").result(WAIT)
            assert "office" not in phone.call(lambda engine: engine.accounts()).result(WAIT)
        # The call still takes re-INVITEs both ways: ours (hold, resume), then the peer's hold.
        phone.call(lambda engine: engine.hold(call_id)).result(WAIT)
        listener.wait(CallEvent, lambda e: e.call_id == call_id and e.held)
        phone.call(lambda engine: engine.resume(call_id)).result(WAIT)
        listener.wait(CallEvent, lambda e: e.call_id == call_id and e.remote_held)
        phone.call(lambda engine: engine.hangup(call_id)).result(WAIT)
        ended = listener.wait(CallEvent, lambda e: e.call_id == call_id
                              and e.state is CallState.ENDED)
        assert ended.end_reason is EndReason.LOCAL_HANGUP
        _logged_end(listener, call_id)
        wait_until(lambda: not sipp.running(), "SIPp's BYE")
        if not isolated:  # the old account, kept for the call, is shut down at its end
            assert phone.call(lambda engine: len(engine._retired)).result(WAIT) == 0  # type: ignore[attr-defined]
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()  # it got our BYE
    row = _row(store, call_id)
    assert row.outcome is Outcome.ANSWERED
    assert row.answered_at is not None
    _no_errors(caplog)


@pytest.mark.parametrize("change", ["edited", "removed"])
def test_a_call_transfers_after_its_account_was_changed(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture, change: str) -> None:
    """The call keeps the account it was made on: a blind transfer after the account's edit or
    removal sends its REFER (it was a KeyError) and the call ends transferred."""
    port = free_port()
    sipp = start_sipp("uas_transfer", None, port, tmp_path / "sipp")
    spec = AccountSpec(name="office", server=f"127.0.0.1:{port}", user="agent",
                       register=False, probe_interval=0)
    phone, listener = _phone(store)
    try:
        phone.set_account(spec, None).result(WAIT)
        call_id = phone.dial(f"sip:service@127.0.0.1:{port}", account="office").result(WAIT)
        listener.wait(CallEvent, lambda e: e.call_id == call_id
                      and e.state is CallState.ACTIVE)
        if change == "edited":
            phone.set_account(replace(spec, domain="elsewhere.example"), None).result(WAIT)
        else:
            phone.remove_account("office").result(WAIT)
        phone.call(lambda engine: engine.transfer(call_id, "2001")).result(WAIT)
        ended = listener.wait(CallEvent, lambda e: e.call_id == call_id
                              and e.state is CallState.ENDED)
        assert ended.end_reason is EndReason.TRANSFERRED
        _logged_end(listener, call_id)
    finally:
        phone.stop()
    assert finish_sipp(None, sipp) == 0, sipp.output()
    # The number resolved with the call's own account: its server, not the edited domain.
    assert f"refer-to sip:2001@127.0.0.1:{port}" in (tmp_path / "sipp" / "actions.log").read_text()
    assert _row(store, call_id).outcome is Outcome.TRANSFERRED
    _no_errors(caplog)
