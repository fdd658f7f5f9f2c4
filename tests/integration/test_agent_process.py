"""`caseline agent` as a process: JSON lines out, commands in, clean exit on signals."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.integration.conftest import AgentProcess
from tests.support import WAIT, finish_sipp, free_port, start_sipp

if TYPE_CHECKING:
    from pathlib import Path


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
