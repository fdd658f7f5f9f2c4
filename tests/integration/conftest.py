"""Fixtures for the integration tests: `caseline agent` as a real process."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support import WAIT, free_port

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

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


@pytest.fixture
def agent_factory(tmp_path: Path) -> Iterator[Callable[..., tuple[AgentProcess, int]]]:
    started: list[AgentProcess] = []

    def start(*args: str) -> tuple[AgentProcess, int]:
        port = free_port()
        cmd = [sys.executable, "-m", "app", "--config", str(tmp_path / "none.toml"), "agent",
               "--listen", f"127.0.0.1:{port}", *args]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT),
                                     "CASELINE_DB": str(tmp_path / "cases.db")})
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


