"""`caseline agent` as a process: JSON lines out, commands in, clean exit on signals."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.integration.conftest import AgentProcess
from tests.support import WAIT, finish_sipp, free_port, start_sipp

if TYPE_CHECKING:
    from pathlib import Path

    from tests.support import Sipp


def _call(state: str, end_reason: str | None = None) -> Callable[[dict[str, Any]], bool]:
    return lambda e: (e["event"] == "CallEvent" and e["state"] == state
                      and (end_reason is None or e["end_reason"] == end_reason))


Factory = Callable[..., tuple[AgentProcess, int]]


def test_auto_answer_and_clean_exit_on_sigterm(agent_factory: Factory, tmp_path: Path) -> None:
    agent, port = agent_factory("--auto-answer")
    sipp = start_sipp("uac_headers", f"127.0.0.1:{port}", free_port(), tmp_path)
    incoming = agent.wait(_call("incoming"), "incoming")
    assert incoming["remote"]["user"] == "0312345678"
    assert ["X-Case-Number", "SR-2026-000123"] in incoming["headers"]
    agent.wait(_call("active"), "active")
    agent.wait(_call("ended", "remote_hangup"), "ended")
    assert finish_sipp(None, sipp) == 0, sipp.output()
    agent.proc.send_signal(signal.SIGTERM)
    agent.wait(lambda e: e["event"] == "EngineEvent" and e["state"] == "stopped", "stopped")
    assert agent.proc.wait(WAIT) == 0


def test_missed_call_and_commands_on_stdin(agent_factory: Factory, tmp_path: Path) -> None:
    agent, port = agent_factory("--stdin-commands")
    sipp = start_sipp("uac_cancel", f"127.0.0.1:{port}", free_port(), tmp_path / "cancel")
    missed = agent.wait(_call("ended", "missed"), "missed call")
    assert finish_sipp(None, sipp) == 0, sipp.output()

    sipp = start_sipp("uac_rejected", f"127.0.0.1:{port}", free_port(), tmp_path / "reject")
    ringing = agent.wait(
        lambda e: _call("incoming")(e) and e["call_id"] != missed["call_id"], "second call")
    result = agent.command(cmd="reject", call_id=ringing["call_id"], code=603)
    assert result["ok"] is True
    assert finish_sipp(None, sipp) == 0, sipp.output()
    assert "final 603" in (tmp_path / "reject" / "actions.log").read_text()

    bad = agent.command(cmd="dial", target="not a number")
    assert bad["ok"] is False and bad["error"] == "bad_characters"
    unknown = agent.command(cmd="answer", call_id="nope")
    assert unknown["error"] == "no_such_call"
    agent.proc.send_signal(signal.SIGINT)
    assert agent.proc.wait(WAIT) == 0


def _seed_case(db: Path) -> Any:
    from app.cases.models import Case, CaseStatus  # noqa: PLC0415
    from app.cases.store import open_sqlite  # noqa: PLC0415

    store = open_sqlite(db)
    try:
        with store.session() as s:
            case = Case(number="SR-2026-000123", title="Printer", status=CaseStatus.OPEN)
            s.add(case)
            s.flush()
            return case.id
    finally:
        store.close()


def _notes(db: Path, case_id: Any) -> list[str]:
    from sqlalchemy import select  # noqa: PLC0415

    from app.cases.models import Note  # noqa: PLC0415
    from app.cases.store import open_sqlite  # noqa: PLC0415

    store = open_sqlite(db)
    try:
        with store.session() as s:
            return list(s.scalars(select(Note.body).where(Note.case_id == case_id)
                                  .order_by(Note.created_at, Note.id)))
    finally:
        store.close()


def _talking_with_a_draft(agent_factory: Factory, tmp_path: Path,
                          text: str) -> tuple[AgentProcess, Sipp, str]:
    """A call about SR-2026-000123, answered by the agent, with ``text`` as its note draft."""
    agent, port = agent_factory("--auto-answer", "--stdin-commands")
    sipp = start_sipp("uac_wait_bye", f"127.0.0.1:{port}", free_port(), tmp_path / "c1",
                      "-key", "caller", "0312345678", "-key", "extra",
                      "X-Case-Number: SR-2026-000123")
    call_id = str(agent.wait(_call("active"), "active")["call_id"])
    assert agent.command(cmd="note_draft", call_id=call_id, text=text)["ok"] is True
    agent.wait(lambda e: e["event"] == "NoteDraftSaved", "draft saved")
    return agent, sipp, call_id


def test_the_headless_agents_note_draft_becomes_an_sr_note(agent_factory: Factory,
                                                           tmp_path: Path) -> None:
    case_id = _seed_case(tmp_path / "cases.db")
    agent, sipp, call_id = _talking_with_a_draft(agent_factory, tmp_path, "Rebooted, no change")
    agent.command(cmd="hangup", call_id=call_id)
    agent.wait(_call("ended"), "ended")
    assert finish_sipp(None, sipp) == 0, sipp.output()
    done = agent.command(cmd="wrap_up_done", call_id=call_id, code="follow-up",
                         note="Engineer to call back")
    assert done["ok"] is True
    settled = agent.wait(lambda e: e["event"] == "CallSettled", "settled")
    assert settled["settled"]["case_number"] == "SR-2026-000123"
    agent.proc.send_signal(signal.SIGTERM)
    assert agent.proc.wait(WAIT) == 0
    assert _notes(tmp_path / "cases.db", case_id) == ["Rebooted, no change",
                                                       "Engineer to call back"]


def test_a_killed_agents_draft_is_saved_at_its_next_start(agent_factory: Factory,
                                                          tmp_path: Path) -> None:
    case_id = _seed_case(tmp_path / "cases.db")
    agent, sipp, _call_id = _talking_with_a_draft(agent_factory, tmp_path, "半分まで書いた")
    agent.proc.kill()  # no wrap-up, no settle: what is on disk is all there is
    agent.proc.wait(WAIT)
    sipp.stop()
    again, _port = agent_factory()
    again.proc.send_signal(signal.SIGTERM)
    assert again.proc.wait(WAIT) == 0
    assert _notes(tmp_path / "cases.db", case_id) == ["半分まで書いた"]


def test_on_break_the_agent_refuses_calls_with_the_configured_code(
        agent_factory: Factory, tmp_path: Path) -> None:
    (tmp_path / "none.toml").write_text("[sip]\nunavailable_code = 480\n", encoding="utf-8")
    agent, port = agent_factory("--stdin-commands")
    assert agent.command(cmd="state", state="break", reason="lunch")["ok"] is True
    sipp = start_sipp("uac_rejected", f"127.0.0.1:{port}", free_port(), tmp_path / "break")
    agent.wait(_call("ended", "rejected"), "refused call")
    logged = agent.wait(lambda e: e["event"] == "CallLogged" and e["outcome"], "call logged")
    assert logged["outcome"] == "missed"
    assert finish_sipp(None, sipp) == 0, sipp.output()
    actions = (tmp_path / "break" / "actions.log").read_text()
    assert "final 480" in actions
    assert "ringing 180" not in actions  # refused before it rang
    agent.proc.send_signal(signal.SIGINT)
    assert agent.proc.wait(WAIT) == 0
