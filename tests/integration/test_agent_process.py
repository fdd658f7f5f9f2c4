"""`caseline agent` as a process: JSON lines out, commands in, clean exit on signals."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support import WAIT, finish_sipp, free_port, start_sipp

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class AgentProcess:
    proc: subprocess.Popen[str]
    lines: queue.Queue[dict[str, Any]] = field(default_factory=queue.Queue)
    seen: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))  # a non-JSON line on stdout fails the test here

    def wait(self, predicate: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        for event in self.seen:
            if predicate(event):
                return event
        while True:
            try:
                event = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"agent never printed {what}; saw {self.seen[-5:]}") from None
            self.seen.append(event)
            if predicate(event):
                return event

    def command(self, **cmd: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return self.wait(lambda e: e["event"] == "CommandResult" and e.get("cmd") == cmd["cmd"],
                         f"result of {cmd}")


def _call(state: str, end_reason: str | None = None) -> Callable[[dict[str, Any]], bool]:
    return lambda e: (e["event"] == "CallEvent" and e["state"] == state
                      and (end_reason is None or e["end_reason"] == end_reason))


@pytest.fixture
def agent_factory(tmp_path: Path) -> Iterator[Callable[..., tuple[AgentProcess, int]]]:
    started: list[AgentProcess] = []

    def start(*args: str) -> tuple[AgentProcess, int]:
        port = free_port()
        cmd = [sys.executable, "-m", "app", "--config", str(tmp_path / "none.toml"), "agent",
               "--listen", f"127.0.0.1:{port}", *args]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        agent = AgentProcess(proc)
        started.append(agent)
        agent.wait(lambda e: e["event"] == "EngineEvent" and e["state"] == "started", "started")
        return agent, port

    yield start
    for agent in started:
        if agent.proc.poll() is None:
            agent.proc.kill()
            agent.proc.wait()
        for stream in (agent.proc.stdin, agent.proc.stdout):
            if stream is not None:
                stream.close()


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
