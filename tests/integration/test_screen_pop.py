"""`caseline agent` with its case store: SIPp calls in, screen-pops and call logs out; kill -9."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.cases.models import (
    CallLog,
    Case,
    CaseStatus,
    Contact,
    Customer,
    Language,
    MatchedBy,
    Note,
    NoteDraft,
    Outcome,
    PhoneNumber,
)
from app.cases.numbers import normalize
from app.cases.store import open_sqlite
from tests.support import finish_sipp, free_port, start_sipp

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.integration.conftest import AgentProcess

    Factory = Callable[..., tuple[AgentProcess, int]]

KNOWN = "0312345678"
TWO_OPEN = "0664445555"


@pytest.fixture
def seeded(tmp_path: Path) -> dict[str, Any]:
    """A store with a caller who has one open SR and one with two."""
    store = open_sqlite(tmp_path / "cases.db")
    with store.session() as s:
        acme = Customer(code="C-1", company="株式会社さくら精機", language=Language.JA)
        s.add(acme)
        s.flush()
        yamada = Contact(customer_id=acme.id, name="山田 太郎")
        busy = Contact(customer_id=acme.id, name="佐藤 花子")
        s.add_all([yamada, busy])
        s.flush()
        for contact, raw in ((yamada, "03-1234-5678"), (busy, "06-6444-5555")):
            n = normalize(raw)
            s.add(PhoneNumber(contact_id=contact.id, raw=raw, e164=n.e164, match_key=n.match_key))
        one = Case(number="SR-2026-000123", title="プリンターが起動しない", status=CaseStatus.OPEN,
                   contact_id=yamada.id, customer_id=acme.id)
        named = Case(number="SR-2026-000777", title="named by the IVR", status=CaseStatus.OPEN,
                     customer_id=acme.id)
        s.add_all([one, named,
                   Case(number="SR-2026-000200", title="a", status=CaseStatus.OPEN,
                        contact_id=busy.id, customer_id=acme.id),
                   Case(number="SR-2026-000201", title="b", status=CaseStatus.ESCALATED,
                        contact_id=busy.id, customer_id=acme.id)])
        s.flush()
        ids = {"one": one.id, "named": named.id, "yamada": yamada.id}
    store.close()
    return ids


def _calls(tmp_path: Path) -> list[CallLog]:
    store = open_sqlite(tmp_path / "cases.db")
    try:
        with store.session() as s:
            rows = list(s.scalars(select(CallLog).order_by(CallLog.started_at)))
            s.expunge_all()
            return rows
    finally:
        store.close()


def _pop(agent: AgentProcess, call_id: str, stage: str) -> dict[str, Any]:
    return agent.wait(lambda e: e["event"] == "ScreenPop" and e["call_id"] == call_id
                      and e["stage"] == stage, f"{stage} screen-pop of {call_id}")


def _logged(agent: AgentProcess, call_id: str) -> dict[str, Any]:
    return agent.wait(lambda e: e["event"] == "CallLogged" and e["call_id"] == call_id
                      and e["outcome"], f"final call log of {call_id}")


def _call(agent: AgentProcess, port: int, tmp_path: Path, name: str, caller: str,
          extra: str = "X-Test: none") -> str:
    sipp = start_sipp("uac_caller", f"127.0.0.1:{port}", free_port(), tmp_path / name,
                      "-key", "caller", caller, "-key", "extra", extra, "-d", "300")
    ringing = agent.wait(lambda e: e["event"] == "CallEvent" and e["state"] == "incoming"
                         and e["call_id"] not in _seen_calls(agent), f"{name} rings")
    _seen_calls(agent).add(ringing["call_id"])
    assert finish_sipp(None, sipp) == 0, sipp.output()
    return str(ringing["call_id"])


def _seen_calls(agent: AgentProcess) -> set[str]:
    if not hasattr(agent, "_calls_seen"):
        agent._calls_seen = set()  # type: ignore[attr-defined]
    return agent._calls_seen  # type: ignore[attr-defined,no-any-return]


def test_calls_land_on_their_srs_and_are_logged(agent_factory: Factory,
                                                seeded: dict[str, Any], tmp_path: Path) -> None:
    agent, port = agent_factory("--auto-answer")

    known = _call(agent, port, tmp_path, "known", KNOWN)
    pop = _pop(agent, known, "ring")
    assert pop["resolution"]["pop"] == "case"
    assert pop["resolution"]["case"]["number"] == "SR-2026-000123"
    assert pop["resolution"]["matched_by"] == "number"
    assert _pop(agent, known, "answer")["resolution"]["case"]["number"] == "SR-2026-000123"
    assert _logged(agent, known)["outcome"] == "answered"

    header = _call(agent, port, tmp_path, "header", KNOWN, "X-Case-Number: SR-2026-000777")
    pop = _pop(agent, header, "ring")
    assert pop["resolution"]["matched_by"] == "case-header"
    assert pop["resolution"]["case"]["number"] == "SR-2026-000777"
    _logged(agent, header)

    missing = _call(agent, port, tmp_path, "missing", KNOWN, "X-Case-Number: SR-2026-999999")
    pop = _pop(agent, missing, "ring")
    assert pop["resolution"]["case"]["number"] == "SR-2026-000123"  # fell through to the number
    assert any("SR-2026-999999" in why for why in pop["resolution"]["why"])
    _logged(agent, missing)

    several = _call(agent, port, tmp_path, "several", TWO_OPEN)
    pop = _pop(agent, several, "ring")
    assert pop["resolution"]["pop"] == "candidates"
    candidates = pop["resolution"]["candidates"]
    # The caller's own two first, then colleagues' at the same customer.
    assert {c["number"] for c in candidates[:2]} == {"SR-2026-000200", "SR-2026-000201"}
    assert [c["own"] for c in candidates] == [True, True, False, False]
    _logged(agent, several)

    unknown = _call(agent, port, tmp_path, "unknown", "+442079460999")
    pop = _pop(agent, unknown, "ring")
    assert pop["resolution"]["pop"] == "draft"
    assert pop["resolution"]["draft"]["number_e164"] == "+442079460999"
    _logged(agent, unknown)

    odd = _call(agent, port, tmp_path, "odd", "anonymous")
    assert _pop(agent, odd, "ring")["resolution"]["caller"]["kind"] == "anonymous"
    _logged(agent, odd)

    agent.proc.send_signal(signal.SIGTERM)
    assert agent.proc.wait(15) == 0

    rows = {row.engine_call_id: row for row in _calls(tmp_path)}
    assert len(rows) == 6
    for row in rows.values():
        assert row.outcome is Outcome.ANSWERED
        assert row.answered_at is not None and row.ended_at is not None
        assert row.talk_seconds > 0 and row.ring_seconds >= 0
        assert row.direction.value == "inbound" and row.sip_call_id
        assert row.agent_id is not None  # the agent who took it
    assert rows[known].case_id == seeded["one"] and rows[known].matched_by is MatchedBy.NUMBER
    assert rows[known].contact_id == seeded["yamada"]
    assert rows[known].number_e164 == "+81312345678" and rows[known].number_raw == KNOWN
    assert rows[header].case_id == seeded["named"]
    assert rows[header].matched_by is MatchedBy.CASE_HEADER
    assert "SR-2026-999999" in rows[missing].match_detail
    assert rows[several].case_id is None  # the agent picks among candidates
    assert rows[unknown].case_id is None and rows[unknown].number_e164 == "+442079460999"
    assert rows[odd].number_key == "" and rows[odd].case_id is None
    store = open_sqlite(tmp_path / "cases.db")
    with store.session() as s:
        assert s.query(Case).count() == 4  # as seeded: unknown callers left logs, no SRs
    store.close()


def test_kill_9_mid_call_keeps_the_log_and_the_note(agent_factory: Factory,
                                                    seeded: dict[str, Any],
                                                    tmp_path: Path) -> None:
    agent, port = agent_factory("--auto-answer", "--stdin-commands")
    sipp = start_sipp("uac_caller", f"127.0.0.1:{port}", free_port(), tmp_path / "long",
                      "-key", "caller", KNOWN, "-key", "extra", "X-Test: none", "-d", "60000")
    try:
        active = agent.wait(lambda e: e["event"] == "CallEvent" and e["state"] == "active",
                            "call up")
        call_id = active["call_id"]
        _pop(agent, call_id, "answer")
        text = "お客様: 電源ランプが点滅。再起動で改善せず。\nCustomer will send photos."
        assert agent.command(cmd="note_draft", call_id=call_id, text=text)["ok"] is True
        agent.wait(lambda e: e["event"] == "NoteDraftSaved" and e["call_id"] == call_id,
                   "draft saved")
        os.kill(agent.proc.pid, signal.SIGKILL)  # no goodbye: power cut, crash, task manager
        agent.proc.wait()
    finally:
        sipp.stop()

    before = _calls(tmp_path)
    assert len(before) == 1 and before[0].outcome is None  # the crash left it live

    again, _ = agent_factory("--auto-answer")
    again.wait(lambda e: e["event"] == "EngineEvent" and e["state"] == "started", "restart")
    store = open_sqlite(tmp_path / "cases.db")
    try:
        again.wait(lambda e: e["event"] == "CallLogged" and e["outcome"] == "interrupted",
                   "the interrupted call closed")
        with store.session() as s:
            row = s.scalars(select(CallLog)).one()
            assert row.outcome is Outcome.INTERRUPTED
            assert row.end_reason == "interrupted"
            assert row.answered_at is not None and row.ended_at is not None
            assert row.ended_at == row.last_alive_at  # the last time it was seen live
            assert row.case_id == seeded["one"]
            # The headless agent has nobody to offer the draft to: it is the SR's note now.
            assert s.scalars(select(NoteDraft)).all() == []
            note = s.scalars(select(Note)).one()
            assert note.body == text.strip()
            assert note.call_log_id == row.id and note.case_id == seeded["one"]
    finally:
        store.close()
