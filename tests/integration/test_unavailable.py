"""Agent state decides what rings: the Phone (engine + Desk on the phone thread) against SIPp.

On break or offline an INVITE gets the configured code at once (it never rings here: the
window hears nothing of it) and the store logs it as missed, with why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from app.cases.models import CallLog, Outcome
from app.cases.store import open_sqlite
from app.orchestration.desk import AgentStateChanged, CallLogged, Desk
from app.orchestration.phone import Phone
from app.telephony.engine import PjsuaEngine
from app.telephony.events import CallEvent
from app.telephony.isolated import IsolatedEngine
from tests.support import WAIT, Listener, engine_config, finish_sipp, free_port, start_sipp

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("isolated", [False, True], ids=["in_process", "isolated"])
@pytest.mark.parametrize(("state", "reason", "why"), [("break", "lunch", "on_break"),
                                                      ("offline", "", "offline")])
def test_on_break_or_offline_the_caller_gets_busy_and_the_call_is_logged_missed(
        tmp_path: Path, state: str, reason: str, why: str, isolated: bool) -> None:
    store = open_sqlite(tmp_path / "cases.db")
    port = free_port()
    config = engine_config(port)
    phone = Phone(IsolatedEngine(config) if isolated else PjsuaEngine(config), Desk(store))
    events = Listener(phone)
    phone.start()
    try:
        assert phone.wait_started(WAIT)
        phone.set_agent_state(state, reason).result(WAIT)
        events.wait(AgentStateChanged, lambda e: e.state == state)
        sipp = start_sipp("uac_rejected", f"127.0.0.1:{port}", free_port(), tmp_path / "sipp")
        events.wait(CallLogged, lambda e: bool(e.outcome))
        assert finish_sipp(None, sipp) == 0, sipp.output()
        actions = (tmp_path / "sipp" / "actions.log").read_text()
        assert "final 486" in actions
        assert "ringing 180" not in actions  # refused at once, never rung first
        assert not [e for e in events.seen if isinstance(e, CallEvent)]  # nothing rang
    finally:
        phone.stop()
    with store.session() as s:
        row = s.scalars(select(CallLog)).one()
        assert (row.outcome, row.end_reason, row.sip_status) == (Outcome.MISSED, why, 486)
    store.close()
