"""`caseline agent --auto-answer` as a process for the torture tests, shared by a module.

Starting an agent per message would cost most of the run, so a module keeps one and each test
reads what it printed since it began: an EngineEvent "crashed" is a native abort of the SIP
stack (the engine's child process died), "restarted" is isolation bringing it back.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from tests.integration.conftest import ROOT, AgentProcess
from tests.support import WAIT, finish_sipp, free_port, start_sipp

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.integration.tlscerts import Certs


START_CEILING = 120.0


class TortureAgent:
    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc = proc
        self.process = AgentProcess(proc)
        self.port = port
        self.tls_port = port + 1

    def events(self) -> list[dict[str, Any]]:
        """Every line printed so far (without waiting for more)."""
        while not self.process.lines.empty():
            self.process.seen.append(self.process.lines.get_nowait())
        return self.process.seen

    def engine_events(self, state: str) -> int:
        return sum(1 for e in self.events()
                   if e["event"] == "EngineEvent" and e["state"] == state)

    def wait_started(self) -> None:
        # A ceiling, not a measurement: on a loaded 2-core box the agent's imports and store
        # migrations alone have taken 30 s.
        while not any(e["event"] == "EngineEvent" and e["state"] == "started"
                      for e in self.events()):
            try:
                self.process.seen.append(self.process.lines.get(timeout=START_CEILING))
            except queue.Empty:
                raise AssertionError("the agent never started") from None

    def wait_restarted(self, count: int) -> None:
        """Until the agent has reported ``count`` restarts of its engine in all."""
        while self.engine_events("restarted") < count:
            try:
                self.process.seen.append(self.process.lines.get(timeout=2 * WAIT))
            except queue.Empty:
                raise AssertionError(f"no restart; saw {self.process.seen[-5:]}") from None

    def normal_call_completes(self, log_dir: Path) -> None:
        """A plain SIPp call, answered by the agent and hung up by the caller: exit code 0,
        and the agent reports its end. The agent prints in order, so once that end is read
        every engine crash before it has been read too (a test counts them afterwards)."""
        mark = len(self.events())
        sipp = start_sipp("uac_headers", f"127.0.0.1:{self.port}", free_port(), log_dir)
        assert finish_sipp(None, sipp) == 0, sipp.output()
        while not any(e["event"] == "CallEvent" and e["state"] == "ended"
                      and e["end_reason"] == "remote_hangup" for e in self.events()[mark:]):
            try:
                self.process.seen.append(self.process.lines.get(timeout=WAIT))
            except queue.Empty:
                raise AssertionError("the agent never reported the call's end") from None


def torture_agent(folder: Path, certs: Certs | None = None) -> Iterator[TortureAgent]:
    """Start one agent (TLS too when ``certs``), yield it, stop it."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "caseline.toml"
    transports = "udp,tcp"
    lines = ["[sip]", 'nameservers = ""']
    if certs is not None:
        transports += ",tls"
        lines += [f'tls_cert_file = "{certs.cert}"', f'tls_key_file = "{certs.key}"',
                  f'tls_ca_file = "{certs.ca}"']
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    port = free_port()
    cmd = [sys.executable, "-m", "app", "--config", str(config), "agent",
           "--listen", f"127.0.0.1:{port}", "--auto-answer", "--transports", transports]
    log = (folder / "agent.log").open("w")  # its stderr: the engine's log, for a failure
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=log, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT),
                                 "CASELINE_DB": str(folder / "cases.db")})
    agent = TortureAgent(proc, port)
    try:
        agent.wait_started()
        yield agent
    finally:
        proc.terminate()
        try:
            proc.wait(WAIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()
        log.close()
