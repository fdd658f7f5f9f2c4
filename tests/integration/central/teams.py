"""Teams, queues and agents made for one test, with unique names: tests that move queues and
agents between teams must leave the session's north and south as they are."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from app.central import admin

if TYPE_CHECKING:
    from tests.integration.central.helpers import Central


def tag() -> str:
    return uuid.uuid4().hex[:6]


def add_team(central: Central, name: str, queues: list[str]) -> str:
    """A team and its queues (taken from any team that had them); returns the team's name."""
    admin.add_team(central.admin_url, name, queues)
    return name


def add_agent(central: Central, role: str, team: str, *, leader: bool = False) -> str:
    """An agent's login role (created, or moved to ``team``); its password goes to
    ``central.passwords`` so that PCs can sign in as it."""
    password = central.passwords.setdefault(role, f"{role}-pw-{uuid.uuid4().hex[:8]}")
    admin.add_agent(central.admin_url, role, password, role.title(), team, leader=leader,
                    sip_identity=f"{role}@pbx.example")
    return role
