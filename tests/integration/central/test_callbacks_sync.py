"""Callbacks at the centre (central migration 0014): a PC's callbacks reach it with the push,
each agent sees only their own, and a team leader's overdue list holds the team's open
callbacks past due, not another team's, and loses one once its outcome is pushed."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from app.cases import callbacks
from app.cases import models as m
from app.cases.models import CallbackOutcome
from app.central.db import engine
from app.console.callbacks import overdue_callbacks
from tests.integration.central.helpers import ids

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central


def _schedule(pc: Agent, due_at: datetime, case_id: uuid.UUID | None = None) -> uuid.UUID:
    with pc.store.session() as s:
        return callbacks.schedule(s, due_at=due_at, number="03-1234-5678", case_id=case_id,
                                  agent_id=pc.id, reason="Confirm the repair").id


def _overdue(central: Central, role: str) -> dict[uuid.UUID, str]:
    eng = engine(central.url(role))
    try:
        with eng.connect() as conn:
            return {row.id: row.role for row in overdue_callbacks(conn)}
    finally:
        eng.dispose()


def test_a_leader_sees_the_teams_overdue_callbacks_and_no_other_teams(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, carol = pcs["alice"], pcs["carol"]
    now = m.utcnow()
    case_id = alice.new_case("Printer jams", queue="hardware")
    late = _schedule(alice, now - timedelta(hours=1), case_id)
    coming = _schedule(alice, now + timedelta(hours=1), case_id)
    south = _schedule(carol, now - timedelta(hours=2))
    alice.syncer.push()
    carol.syncer.push()
    assert alice.queued() == 0 and carol.queued() == 0

    lena = _overdue(central, "lena")
    assert lena.get(late) == "alice"
    assert coming not in lena and south not in lena
    sam = _overdue(central, "sam")
    assert sam.get(south) == "carol"
    assert late not in sam and coming not in sam
    with central.as_("bob") as conn:  # a colleague's callbacks are not another agent's
        assert ids(conn, "callbacks", late, coming) == set()
    with central.as_("alice") as conn:
        assert ids(conn, "callbacks", late, coming, south) == {late, coming}
    with central.as_() as conn:  # the centre's own marks, whatever the PC sent
        marks = conn.execute("SELECT owner_role, team_id IS NOT NULL, received_at IS NOT NULL "
                             "FROM caseline.callbacks WHERE id = %s", (late,)).fetchone()
    assert marks == ("alice", True, True)

    with alice.store.session() as s:
        callbacks.record_outcome(s, late, CallbackOutcome.REACHED, now=m.utcnow())
    alice.syncer.push()
    assert late not in _overdue(central, "lena")  # done: no longer overdue
