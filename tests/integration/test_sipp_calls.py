"""The engine against a real SIP peer (SIPp): every call feature end to end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from app.telephony.config import AccountSpec
from app.telephony.dialplan import DialError
from app.telephony.engine import DIRECT, TelephonyError
from app.telephony.events import (
    CallEvent,
    CallState,
    Direction,
    DtmfEvent,
    DtmfMethod,
    EndReason,
    TransferEvent,
)
from tests.support import Driver, finish_sipp, free_port, running_engine, start_sipp

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def driver() -> Iterator[Driver]:
    with running_engine() as d:
        yield d


def _target(driver: Driver) -> str:
    return f"127.0.0.1:{driver.engine.local_port}"


def test_inbound_call_carries_caller_and_headers(driver: Driver, tmp_path: Path) -> None:
    sipp = start_sipp("uac_headers", _target(driver), free_port(), tmp_path)
    ringing = driver.wait_call(CallState.INCOMING)
    assert ringing.direction is Direction.INBOUND
    assert ringing.account == DIRECT
    assert ringing.remote.display_name == "Yamada Taro"
    assert ringing.remote.user == "0312345678"
    assert ringing.headers["x-case-number"] == "SR-2026-000123"
    assert ringing.headers.extension_headers() == {
        "X-Case-Number": "SR-2026-000123",
        "X-Customer-Id": "CUST-42",
        "X-Caller-Language": "ja",
    }
    assert ringing.headers["Call-Info"].startswith("<http://crm.example/cases/123>")
    assert ringing.headers["User-to-User"].startswith("53522d")
    assert ringing.sip_call_id
    driver.engine.answer(ringing.call_id)
    driver.wait_call(CallState.ACTIVE, ringing.call_id)
    ended = driver.wait_call(CallState.ENDED, ringing.call_id)
    assert ended.end_reason is EndReason.REMOTE_HANGUP
    assert finish_sipp(driver, sipp) == 0, sipp.output()


def test_caller_cancels_while_ringing_is_missed(driver: Driver, tmp_path: Path) -> None:
    sipp = start_sipp("uac_cancel", _target(driver), free_port(), tmp_path)
    ringing = driver.wait_call(CallState.INCOMING)
    ended = driver.wait_call(CallState.ENDED, ringing.call_id)
    assert ended.end_reason is EndReason.MISSED
    assert ended.remote.user == "0451112222"
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    with pytest.raises(TelephonyError) as err:
        driver.engine.answer(ringing.call_id)
    assert err.value.code == "no_such_call"


@pytest.mark.parametrize("code", [486, 603])
def test_agent_rejects(driver: Driver, tmp_path: Path, code: int) -> None:
    sipp = start_sipp("uac_rejected", _target(driver), free_port(), tmp_path)
    ringing = driver.wait_call(CallState.INCOMING)
    driver.engine.reject(ringing.call_id, code)
    ended = driver.wait_call(CallState.ENDED, ringing.call_id)
    assert ended.end_reason is EndReason.REJECTED
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    assert f"final {code}" in (tmp_path / "actions.log").read_text()


@pytest.mark.parametrize(("decline_code", "how", "sent"), [
    (None, "hangup", 486),  # the default: 603 would end the call at a whole ring group
    (603, "hangup", 603),
    (None, "reject", 486),
    (603, "reject", 603),
])
def test_declining_a_ringing_call_sends_the_configured_code(
        tmp_path: Path, decline_code: int | None, how: str, sent: int) -> None:
    config: dict[str, Any] = {} if decline_code is None else {"decline_code": decline_code}
    with running_engine(**config) as driver:
        sipp = start_sipp("uac_rejected", _target(driver), free_port(), tmp_path)
        ringing = driver.wait_call(CallState.INCOMING)
        getattr(driver.engine, how)(ringing.call_id)  # hang-up while ringing, or Decline
        ended = driver.wait_call(CallState.ENDED, ringing.call_id)
        assert ended.end_reason is EndReason.REJECTED
        assert finish_sipp(driver, sipp) == 0, sipp.output()
    assert f"final {sent}" in (tmp_path / "actions.log").read_text()


def test_a_bare_number_goes_to_the_servers_port_when_there_is_no_domain(
        driver: Driver, tmp_path: Path) -> None:
    port = free_port()
    assert port != 5060
    sipp = start_sipp("uas_basic", None, port, tmp_path)
    # No SIP domain: "2001" must reach the server's own port, not 127.0.0.1:5060.
    driver.engine.add_account(AccountSpec(name="pbx", server=f"127.0.0.1:{port}", user="1001",
                                          register=False, probe_interval=0), None)
    call_id = driver.engine.make_call("2001", account="pbx")
    active = driver.wait_call(CallState.ACTIVE, call_id)
    assert active.remote.uri.startswith(f"sip:2001@127.0.0.1:{port}")
    driver.engine.hangup(call_id)
    driver.wait_call(CallState.ENDED, call_id)
    assert finish_sipp(driver, sipp) == 0, sipp.output()


def test_outbound_call_to_sipp_uas(driver: Driver, tmp_path: Path) -> None:
    port = free_port()
    sipp = start_sipp("uas_basic", None, port, tmp_path)
    call_id = driver.engine.make_call(f"sip:service@127.0.0.1:{port}", account=DIRECT,
                                      headers={"X-Case-Number": "SR-2026-000999"})
    calling = driver.wait_call(CallState.CALLING, call_id)
    assert calling.direction is Direction.OUTBOUND
    driver.wait_call(CallState.RINGING, call_id)
    active = driver.wait_call(CallState.ACTIVE, call_id)
    assert active.remote.uri.startswith("sip:service@127.0.0.1")
    driver.engine.hangup(call_id)
    ended = driver.wait_call(CallState.ENDED, call_id)
    assert ended.end_reason is EndReason.LOCAL_HANGUP
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    assert "case SR-2026-000999" in (tmp_path / "actions.log").read_text()


def test_dtmf_from_the_caller_and_back(driver: Driver, tmp_path: Path) -> None:
    sipp = start_sipp("uac_dtmf", _target(driver), free_port(), tmp_path, "-mp", str(free_port()))
    ringing = driver.wait_call(CallState.INCOMING)
    driver.engine.answer(ringing.call_id)
    rfc = driver.wait_event(DtmfEvent, lambda e: e.method is DtmfMethod.RFC4733)
    assert (rfc.call_id, rfc.digit) == (ringing.call_id, "1")
    info = driver.wait_event(DtmfEvent, lambda e: e.method is DtmfMethod.SIP_INFO)
    assert info.digit == "7"
    driver.engine.send_dtmf(ringing.call_id, "5", DtmfMethod.SIP_INFO)
    driver.wait_call(CallState.ENDED, ringing.call_id)
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    assert "info digit Signal=5" in (tmp_path / "actions.log").read_text()


def test_rfc4733_digits_go_out_on_the_wire(driver: Driver, tmp_path: Path) -> None:
    # SIPp echoes our RTP back (-rtp_echo): digits we send return as received RFC 4733 events.
    port = free_port()
    sipp = start_sipp("uas_basic", None, port, tmp_path, "-mp", str(free_port()), "-rtp_echo")
    call_id = driver.engine.make_call(f"sip:service@127.0.0.1:{port}", account=DIRECT)
    driver.wait_call(CallState.ACTIVE, call_id)
    driver.engine.send_dtmf(call_id, "9#", DtmfMethod.RFC4733)
    driver.wait_event(DtmfEvent, lambda e: e.digit == "#" and e.method is DtmfMethod.RFC4733)
    assert [e.digit for e in driver.events if isinstance(e, DtmfEvent)] == ["9", "#"]
    driver.engine.hangup(call_id)
    driver.wait_call(CallState.ENDED, call_id)
    assert finish_sipp(driver, sipp) == 0, sipp.output()


def test_hold_and_resume_both_ways(driver: Driver, tmp_path: Path) -> None:
    port = free_port()
    sipp = start_sipp("uas_hold", None, port, tmp_path)
    call_id = driver.engine.make_call(f"sip:service@127.0.0.1:{port}", account=DIRECT)
    driver.wait_call(CallState.ACTIVE, call_id)
    driver.engine.hold(call_id)
    driver.wait_event(CallEvent, lambda e: e.call_id == call_id and e.held)
    driver.engine.resume(call_id)
    driver.wait_event(CallEvent, lambda e: e.call_id == call_id and not e.held and
                      any(p.held for p in driver.calls(call_id)))
    # SIPp now puts us on hold.
    held_by_peer = driver.wait_event(CallEvent, lambda e: e.call_id == call_id and e.remote_held)
    assert not held_by_peer.held
    driver.engine.hangup(call_id)
    driver.wait_call(CallState.ENDED, call_id)
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    log = (tmp_path / "actions.log").read_text()
    assert "hold a=sendonly" in log or "hold a=inactive" in log
    assert "resume a=sendrecv" in log


def test_blind_transfer_sends_refer(driver: Driver, tmp_path: Path) -> None:
    port = free_port()
    sipp = start_sipp("uas_transfer", None, port, tmp_path)
    call_id = driver.engine.make_call(f"sip:service@127.0.0.1:{port}", account=DIRECT)
    driver.wait_call(CallState.ACTIVE, call_id)
    driver.engine.transfer(call_id, "sip:2001@127.0.0.1:5999")
    status = driver.wait_event(TransferEvent, lambda e: e.final)
    assert status.status_code == 200
    ended = driver.wait_call(CallState.ENDED, call_id)
    assert ended.end_reason is EndReason.TRANSFERRED
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    assert "refer-to sip:2001@127.0.0.1:5999" in (tmp_path / "actions.log").read_text()


def test_second_call_waits_while_first_is_on_hold(driver: Driver, tmp_path: Path) -> None:
    port = free_port()
    uas = start_sipp("uas_hold", None, port, tmp_path / "uas")
    first = driver.engine.make_call(f"sip:service@127.0.0.1:{port}", account=DIRECT)
    driver.wait_call(CallState.ACTIVE, first)
    driver.engine.hold(first)
    driver.wait_event(CallEvent, lambda e: e.call_id == first and e.held)
    caller = start_sipp("uac_headers", _target(driver), free_port(), tmp_path / "uac")
    second = driver.wait_call(CallState.INCOMING)
    assert {c.call_id for c in driver.engine.calls()} == {first, second.call_id}
    driver.engine.answer(second.call_id)
    driver.wait_call(CallState.ENDED, second.call_id)
    assert finish_sipp(driver, caller) == 0, caller.output()
    driver.engine.resume(first)
    driver.wait_event(CallEvent, lambda e: e.call_id == first and not e.held
                      and e.state is CallState.ACTIVE and any(p.held for p in driver.calls(first)))
    driver.engine.hangup(first)
    driver.wait_call(CallState.ENDED, first)
    finish_sipp(driver, uas)


@pytest.mark.parametrize("dial", ["", "   ", "sip:", "sip:user@", "12ab34", "sip:a b@host",
                                  "x" * 300, "sip:user@host\r\nX-Evil: 1", "tel:"])
def test_invalid_dial_strings_fail_before_sip(driver: Driver, dial: str) -> None:
    with pytest.raises(DialError):
        driver.engine.make_call(dial, account=DIRECT)
    assert driver.engine.calls() == []


def test_number_needs_a_domain_on_the_direct_account(driver: Driver) -> None:
    with pytest.raises(DialError) as err:
        driver.engine.make_call("03-1234-5678", account=DIRECT)
    assert err.value.code == "no_domain"


def test_stop_with_live_calls_is_clean(tmp_path: Path) -> None:
    # A pjmedia assertion at shutdown would abort this very process.
    with running_engine() as driver:
        port = free_port()
        uas = start_sipp("uas_basic", None, port, tmp_path / "uas")
        active = driver.engine.make_call(f"sip:service@127.0.0.1:{port}", account=DIRECT)
        driver.wait_call(CallState.ACTIVE, active)
        uac = start_sipp("uac_headers", _target(driver), free_port(), tmp_path / "uac")
        ringing = driver.wait_call(CallState.INCOMING)
        driver.engine.stop()
        driver.engine.stop()
        ends = {e.call_id: e.end_reason for e in driver.events
                if isinstance(e, CallEvent) and e.state is CallState.ENDED}
        assert ends[active] is EndReason.LOCAL_HANGUP
        assert ringing.call_id in ends
        finish_sipp(None, uas)
        finish_sipp(None, uac)
        driver.engine.start()  # and the same engine starts again
        assert driver.engine.running
