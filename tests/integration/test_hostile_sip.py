"""Hostile SIP against the headless agent (issue 21, 3), scenario by scenario.

Each scenario of tests/hostile_sip.py plays against one `caseline agent --auto-answer` process
with UDP, TCP and TLS: the reply must be one the RFC allows (where it names one), the engine
process must have survived it, or, where the pjsua2 wheel's assertions abort it, isolation must
have restarted it and the restart is counted (a finding, in ``RESTARTS``), and a normal SIPp
call must complete afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.hostile_sip import SCENARIOS, Target
from tests.integration.tlscerts import make_certs
from tests.integration.torture_agent import TortureAgent, torture_agent

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BY_NAME = {s.name: s for s in SCENARIOS}

# Scenarios whose attack aborts the native stack today, and how many restarts each costs:
# isolation brings the engine back on the same ports; the agent keeps serving.
RESTARTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TortureAgent]:
    folder = tmp_path_factory.mktemp("hostile-agent")
    yield from torture_agent(folder, make_certs(folder / "certs"))


@pytest.mark.parametrize("name", list(BY_NAME))
def test_hostile_scenario(name: str, agent: TortureAgent, tmp_path: Path) -> None:
    scenario = BY_NAME[name]
    restarts_before = agent.engine_events("restarted")
    crashes_before = agent.engine_events("crashed")
    reply = scenario.play(Target(agent.port, agent.tls_port, tmp_path))
    agent.normal_call_completes(tmp_path / "after")  # and every crash before it is read
    crashes = agent.engine_events("crashed") - crashes_before
    agent.wait_restarted(restarts_before + crashes)
    assert crashes == RESTARTS.get(name, 0), f"{name}: the SIP stack aborted {crashes} times " \
        f"(isolation restarted it; reply {reply})"
    if scenario.observed:  # a known deviation (its finding says why), pinned
        assert reply == scenario.observed, f"{name}: was {scenario.observed} " \
            f"({scenario.finding}); now {reply}"
    elif scenario.expect:
        assert reply in scenario.expect, f"{name}: {scenario.rfc or 'expected'} " \
            f"{sorted(scenario.expect)}; got {reply}"


DATAGRAM_PLAYS = 30  # within one BYE transaction's linger (32 s) of each other, as in the soak


def test_every_call_a_60_kb_datagram_starts_ends_with_the_peer_s_bye(
        agent: TortureAgent, tmp_path: Path) -> None:
    """The soak (issue 21): twice in ~57 plays the call a 60 kB datagram's cut head started
    stayed up in the engine although the peer had sent ACK and BYE. The peer's BYE carried the
    branch of an earlier play's BYE (built from id() of a freed object, which CPython hands out
    again); pjsip matches a server transaction by branch and method only, so it answered that
    lingering transaction's 200 again and the BYE never reached this call. Play after play,
    each call now ends with the peer's hang-up."""
    scenario = BY_NAME["60 kB datagram (UDP)"]
    mark = len(agent.events())
    crashes_before = agent.engine_events("crashed")
    for play in range(DATAGRAM_PLAYS):
        reply = scenario.play(Target(agent.port, agent.tls_port, tmp_path))
        if reply != scenario.observed:  # say what the engine went through meanwhile
            agent.normal_call_completes(tmp_path / "after")  # every crash before it is read
            pytest.fail(f"play {play}: {reply} (a line still held?); engine crashes since the "
                        f"first play: {agent.engine_events('crashed') - crashes_before}; "
                        f"last events: {agent.events()[-6:]}")
    # The agent prints in order: once this call's end is read, so is every play's.
    agent.normal_call_completes(tmp_path / "after")
    calls = [e for e in agent.events()[mark:] if e["event"] == "CallEvent"
             and str(e.get("sip_call_id", "")).startswith("dgram-")]
    started = {e["call_id"] for e in calls if e["state"] == "incoming"}
    ended = {e["call_id"] for e in calls if e["state"] == "ended"
             and e["end_reason"] == "remote_hangup"}
    assert len(started) == DATAGRAM_PLAYS
    assert started == ended, f"still up: {sorted(started - ended)}"
