"""Fixtures for the central-database tests: one throw-away PostgreSQL cluster per session,
initialised with two teams and their agents (real login roles, real passwords)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.central import admin
from app.central.db import engine
from tests.integration.central.agents import Agent
from tests.integration.central.helpers import AGENTS, TEAMS, Central
from tests.support_pg import PgCluster, cluster

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy import Engine

    from app.i18n import Translators


@pytest.fixture(scope="session")
def central_pg() -> Iterator[PgCluster]:
    """A started PostgreSQL 15 cluster with an empty ``caseline`` database; removed after."""
    pg = cluster()
    try:
        yield pg
    finally:
        pg.remove()


@pytest.fixture(scope="session")
def central(central_pg: PgCluster) -> Central:
    """The cluster after ``central init``, with teams north and south and their agents."""
    url = central_pg.url()
    admin.init(url)
    for team, queues in TEAMS.items():
        admin.add_team(url, team, queues)
    passwords = {}
    for role, (name, team, leader) in AGENTS.items():
        passwords[role] = f"{role}-secret-'\"-{len(role)}"
        admin.add_agent(url, role, passwords[role], name, team, leader=leader,
                        sip_identity=f"{role}@pbx.example")
    return Central(central_pg, passwords)


@pytest.fixture(scope="module")
def engines(central: Central) -> Iterator[dict[str, Engine]]:
    """Engines of two leaders (lena of north, sam of south) and an agent (alice of north)."""
    made = {role: engine(central.url(role)) for role in ("lena", "sam", "alice")}
    yield made
    for eng in made.values():
        eng.dispose()


@pytest.fixture
def pcs(central: Central, tmp_path: Path) -> Iterator[dict[str, Agent]]:
    """Agents' PCs by role, each made on first use (its own store), closed after the test."""
    made: dict[str, Agent] = {}

    class Factory(dict[str, Agent]):
        def __missing__(self, role: str) -> Agent:
            made[role] = Agent(central, role, tmp_path)
            self[role] = made[role]
            return made[role]

    yield Factory()
    for agent in made.values():
        agent.close()


@pytest.fixture
def english(translators: Translators) -> Translators:
    translators.install("en")
    return translators
