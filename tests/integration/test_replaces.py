"""INVITE with Replaces received (RFC 3891): an attended transfer to the agent's phone.

pjsua answers a valid Replaces by itself and ends the replaced call; the engine tracks the new
call (its events name the call it replaced) and the Desk logs it once, with the replaced call's
SR. Every engine test runs in both modes: in this process and in the supervised child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.cases.models import CallLog, Case, CaseStatus, Outcome
from app.cases.store import open_sqlite
from app.orchestration.desk import AgentStateChanged, CallLogged, ScreenPop
from app.telephony.engine import DIRECT
from app.telephony.events import (
    CallEvent,
    CallState,
    Direction,
    EndReason,
    RejectedCallEvent,
)
from app.telephony.isolated import IsolatedEngine
from tests.desk_harness import Harness
from tests.support import finish_sipp, free_port, running_engine, start_sipp

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from app.telephony.events import Event
    from tests.support import Driver

MODES = pytest.mark.parametrize("isolated", [False, True], ids=["in_process", "isolated"])


def _target(driver: Driver) -> str:
    return f"127.0.0.1:{driver.engine.local_port}"


def _keys(driver: Driver, log_dir: Path) -> list[str]:
    """The replaced dialog's ids, as the leg's SIPp scenario wrote them: -key NAME VALUE."""
    path = log_dir / "replaces.keys"
    driver.pump_until(path.exists, what="replaces.keys")
    out: list[str] = []
    for line in path.read_text().splitlines():
        name, value = line.split(" ", 1)
        out += ["-key", name, value]
    return out


def _replacing(driver: Driver, old: str) -> CallEvent:
    return driver.wait_event(CallEvent, lambda e: e.replaces == old)


def _still_serves_a_call(driver: Driver, tmp_path: Path) -> None:
    after = len(driver.events)
    sipp = start_sipp("uac_headers", _target(driver), free_port(), tmp_path / "after")
    ringing = driver.wait_call(CallState.INCOMING, after=after)
    driver.engine.answer(ringing.call_id)
    ended = driver.wait_call(CallState.ENDED, ringing.call_id)
    assert ended.end_reason is EndReason.REMOTE_HANGUP
    assert finish_sipp(driver, sipp) == 0, sipp.output()
    if isinstance(driver.engine, IsolatedEngine):
        assert driver.engine.restarts == 0  # the child never died


@MODES
def test_a_replaces_for_a_live_call_becomes_a_new_call(tmp_path: Path, isolated: bool) -> None:
    with running_engine(isolated=isolated) as driver:
        leg1 = start_sipp("uac_replaced_leg", _target(driver), free_port(), tmp_path / "leg1")
        old = driver.wait_call(CallState.INCOMING)
        driver.engine.answer(old.call_id)
        driver.wait_call(CallState.ACTIVE, old.call_id)
        keys = _keys(driver, tmp_path / "leg1")
        leg2 = start_sipp("uac_replaces", _target(driver), free_port(), tmp_path / "leg2",
                          *keys, "-d", "1000")
        first = _replacing(driver, old.call_id)
        assert first.state is CallState.INCOMING  # its first event, as for any call
        assert first.direction is Direction.INBOUND and first.call_id != old.call_id
        assert first.remote.user == "0451112222" and first.sip_call_id
        driver.wait_call(CallState.ACTIVE, first.call_id)
        replaced = driver.wait_call(CallState.ENDED, old.call_id)
        assert replaced.end_reason is EndReason.TRANSFERRED
        assert finish_sipp(driver, leg1) == 0, leg1.output()  # it got our BYE
        ended = driver.wait_call(CallState.ENDED, first.call_id)
        assert ended.end_reason is EndReason.REMOTE_HANGUP
        assert finish_sipp(driver, leg2) == 0, leg2.output()
        states = [e.state for e in driver.calls(first.call_id)]
        assert states[0] is CallState.INCOMING and states[-1] is CallState.ENDED
        assert CallState.ACTIVE in states
        assert all(e.replaces == old.call_id for e in driver.calls(first.call_id))
        assert driver.engine.calls() == []
        _still_serves_a_call(driver, tmp_path)


@MODES
def test_a_replaces_naming_no_dialog_gets_481(tmp_path: Path, isolated: bool) -> None:
    with running_engine(isolated=isolated) as driver:
        sipp = start_sipp("uac_replaces_unknown", _target(driver), free_port(), tmp_path)
        rejected = driver.wait_event(RejectedCallEvent)
        assert rejected.status_code == 481
        assert finish_sipp(driver, sipp) == 0, sipp.output()  # it got the 481
        assert not any(isinstance(e, CallEvent) for e in driver.events)
        _still_serves_a_call(driver, tmp_path)


@MODES
def test_a_replaces_for_a_call_ringing_here_gets_481(tmp_path: Path, isolated: bool) -> None:
    with running_engine(isolated=isolated) as driver:
        # The ringing leg cancels after its pause; the Replaces is answered well before.
        leg = start_sipp("uac_ringing_leg", _target(driver), free_port(), tmp_path / "leg",
                         "-d", "3000")
        ringing = driver.wait_call(CallState.INCOMING)
        keys = _keys(driver, tmp_path / "leg")
        early = start_sipp("uac_replaces_early", _target(driver), free_port(),
                           tmp_path / "early", *keys)
        rejected = driver.wait_event(RejectedCallEvent)
        assert rejected.status_code == 481
        assert finish_sipp(driver, early) == 0, early.output()
        ended = driver.wait_call(CallState.ENDED, ringing.call_id)
        assert ended.end_reason is EndReason.MISSED  # it rang on until its caller gave up
        assert finish_sipp(driver, leg) == 0, leg.output()  # CANCEL, then its 487
        assert [e.state for e in driver.calls(ringing.call_id)] == [
            CallState.INCOMING, CallState.ENDED]
        assert {e.call_id for e in driver.events if isinstance(e, CallEvent)} == {
            ringing.call_id}
        _still_serves_a_call(driver, tmp_path)


@MODES
def test_a_replaces_for_our_ringing_call_cancels_it(tmp_path: Path, isolated: bool) -> None:
    with running_engine(isolated=isolated) as driver:
        port = free_port()
        uas = start_sipp("uas_ringing_leg", None, port, tmp_path / "uas")
        out = driver.engine.make_call(f"sip:target@127.0.0.1:{port}", account=DIRECT)
        driver.wait_call(CallState.RINGING, out)
        keys = _keys(driver, tmp_path / "uas")
        leg2 = start_sipp("uac_replaces", _target(driver), free_port(), tmp_path / "leg2",
                          *keys, "-d", "500")
        first = _replacing(driver, out)
        assert first.state is CallState.INCOMING and first.direction is Direction.INBOUND
        driver.wait_call(CallState.ACTIVE, first.call_id)
        replaced = driver.wait_call(CallState.ENDED, out)
        assert replaced.end_reason is EndReason.TRANSFERRED
        assert finish_sipp(driver, uas) == 0, uas.output()  # CANCELled: 487
        ended = driver.wait_call(CallState.ENDED, first.call_id)
        assert ended.end_reason is EndReason.REMOTE_HANGUP
        assert finish_sipp(driver, leg2) == 0, leg2.output()
        _still_serves_a_call(driver, tmp_path)


@MODES
def test_the_desk_logs_the_new_call_once_with_the_replaced_calls_sr(
        tmp_path: Path, isolated: bool) -> None:
    store = open_sqlite(tmp_path / "cases.db")
    with store.session() as s:
        # The caller's number matches nothing: the SR is the one the agent picked on call 1.
        case = Case(number="SR-2026-000500", title="attended transfer", status=CaseStatus.OPEN)
        s.add(case)
        s.flush()
        case_id = case.id
    h = Harness(store)
    try:
        with running_engine(isolated=isolated) as driver:
            def to_desk(event: Event) -> None:
                h.desk.on_event(event)  # what it answers (a call to refuse) is for no call here

            driver.engine.subscribe(to_desk)

            def desk_sees(match: Callable[[Any], bool], what: str) -> Any:
                def seen() -> Any:
                    h.desk.pump()
                    return next((e for e in h.events if match(e)), None)
                return driver.pump_until(seen, what=what)

            unknown = start_sipp("uac_replaces_unknown", _target(driver), free_port(),
                                 tmp_path / "unknown")
            assert finish_sipp(driver, unknown) == 0, unknown.output()
            driver.wait_event(RejectedCallEvent)
            leg1 = start_sipp("uac_replaced_leg", _target(driver), free_port(),
                              tmp_path / "leg1")
            old = driver.wait_call(CallState.INCOMING)
            driver.engine.answer(old.call_id)
            driver.wait_call(CallState.ACTIVE, old.call_id)
            h.desk.bind_case(old.call_id, case_id)  # the agent picks the SR during call 1
            keys = _keys(driver, tmp_path / "leg1")
            leg2 = start_sipp("uac_replaces", _target(driver), free_port(), tmp_path / "leg2",
                              *keys, "-d", "500")
            new = _replacing(driver, old.call_id)
            pop = desk_sees(lambda e: isinstance(e, ScreenPop) and e.call_id == new.call_id,
                            "the new call's screen-pop")
            assert pop.resolution.case_id == case_id
            desk_sees(lambda e: isinstance(e, CallLogged) and e.call_id == old.call_id
                      and bool(e.outcome), "the replaced call's end")
            assert finish_sipp(driver, leg1) == 0, leg1.output()
            assert finish_sipp(driver, leg2) == 0, leg2.output()
            desk_sees(lambda e: isinstance(e, CallLogged) and e.call_id == new.call_id
                      and bool(e.outcome), "the new call's end")
        # The agent's conversation went on in the new call: no wrap-up for the replaced one.
        assert not any(isinstance(e, AgentStateChanged) and e.state == "wrap-up"
                       and e.call_id == old.call_id for e in h.events)
        assert not any(isinstance(e, AgentStateChanged) and e.state == "ringing"
                       and e.call_id == new.call_id for e in h.events)  # it never rang
    finally:
        h.desk.close()
    with store.session() as s:
        rows = {r.engine_call_id: r for r in s.scalars(select(CallLog))}
        assert set(rows) == {old.call_id, new.call_id}  # the 481 is no call of anyone's
        assert rows[old.call_id].outcome is Outcome.TRANSFERRED
        assert rows[new.call_id].outcome is Outcome.ANSWERED
        assert rows[new.call_id].case_id == case_id
        assert rows[new.call_id].direction.value == "inbound"
    store.close()


def test_our_ringing_call_replaced_is_logged_transferred_and_a_481_not_at_all(
        tmp_path: Path) -> None:
    """The store side of the other two Replaces cases, from the engine's events."""
    store = open_sqlite(tmp_path / "cases.db")
    h = Harness(store)
    try:
        h.desk.on_event(RejectedCallEvent("sip:0451112222@127.0.0.1", 481,
                                          "Call/Transaction Does Not Exist", "x@pbx"))
        h.call("out", CallState.CALLING, Direction.OUTBOUND)
        h.call("out", CallState.RINGING, Direction.OUTBOUND)
        h.call("new", CallState.INCOMING, replaces="out")
        h.call("new", CallState.ACTIVE, replaces="out")
        h.call("out", CallState.ENDED, Direction.OUTBOUND, end_reason=EndReason.TRANSFERRED,
               status_code=487)
        h.call("new", CallState.ENDED, end_reason=EndReason.REMOTE_HANGUP, replaces="out")
        for call_id in ("out", "new"):
            def logged(e: Any, c: str = call_id) -> bool:
                return isinstance(e, CallLogged) and e.call_id == c and bool(e.outcome)
            h.wait(logged, f"{call_id} logged")
    finally:
        h.desk.close()
    with store.session() as s:
        rows = {r.engine_call_id: r for r in s.scalars(select(CallLog))}
        assert set(rows) == {"out", "new"}
        assert rows["out"].outcome is Outcome.TRANSFERRED
        assert rows["new"].outcome is Outcome.ANSWERED
    store.close()


def test_no_wrap_up_for_a_replaced_call_that_ends_before_the_new_ones_ack(
        tmp_path: Path) -> None:
    """pjsua's order of the replaced call's end and the new call's CONFIRMED (our BYE's answer
    against the new call's ACK) is a race: either way the agent stays on the call."""
    store = open_sqlite(tmp_path / "cases.db")
    h = Harness(store)
    try:
        h.call("old", CallState.INCOMING)
        h.call("old", CallState.ACTIVE)
        h.call("new", CallState.INCOMING, replaces="old")
        h.call("new", CallState.CONNECTING, replaces="old")
        h.call("old", CallState.ENDED, end_reason=EndReason.TRANSFERRED, status_code=410)
        h.call("new", CallState.ACTIVE, replaces="old")
        h.wait(lambda e: isinstance(e, CallLogged) and e.call_id == "old" and bool(e.outcome),
               "old logged")
        assert h.desk.state.state.value == "on-call"
        assert not any(isinstance(e, AgentStateChanged) and e.state == "wrap-up"
                       for e in h.events)
    finally:
        h.desk.close()
    store.close()
