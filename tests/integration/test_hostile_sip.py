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
