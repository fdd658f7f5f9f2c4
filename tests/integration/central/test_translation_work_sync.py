"""Translation work at the centre (issue 20, item 4; central migration 0016, local 0014): the
``work`` a PC logs on a conference leg reaches the centre with its push, as an INSERT and as
an UPDATE (the agents' column grant covers it), the database refuses any other word, and a
leader's ``caseline.translation_kpis`` counts each translator's legs and minutes (an agent may
not call it). The counted calls start in September 2024, a period no other test writes in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from psycopg import errors

from app.cases import handoff
from app.cases import models as m
from tests.integration.central.helpers import call_row, insert

if TYPE_CHECKING:
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central


def test_a_translators_leg_reaches_the_centre_as_translation_work(
        central: Central, pcs: dict[str, Agent]) -> None:
    bob = pcs["bob"]
    call_id = bob.add_call(ended=False)
    bob.syncer.push()  # the live leg, before the desk knew what it was for
    with bob.store.session() as s:
        call = s.get(m.CallLog, call_id)
        assert call is not None
        call.work = handoff.TRANSLATION
        call.outcome, call.ended_at, call.talk_seconds = m.Outcome.ANSWERED, m.utcnow(), 245.0
    bob.syncer.push()  # an UPDATE of the row
    with central.as_("lena") as lena:
        got = lena.execute("SELECT work, talk_seconds FROM caseline.call_logs WHERE id = %s",
                           (call_id,)).fetchone()
    assert got == ("translation", 245.0)


def test_the_centre_refuses_an_unknown_kind_of_work(central: Central) -> None:
    with central.as_("alice") as alice:
        row = alice.execute("SELECT id FROM caseline.agents WHERE db_role = 'alice'").fetchone()
        assert row is not None
        for good in ("", handoff.TRANSLATION, handoff.TRANSLATED):
            insert(alice, "call_logs", call_row(agent_id=row[0], work=good))
        with pytest.raises(errors.CheckViolation):
            insert(alice, "call_logs", call_row(agent_id=row[0], work="karaoke"))


def test_a_leader_counts_translation_minutes_per_translator(central: Central) -> None:
    september = datetime(2024, 9, 2, 10, tzinfo=UTC)
    legs = {"bob": (("translation", 120.0), ("translation", 63.0), ("", 600.0)),
            "alice": (("translated", 90.0),), "carol": (("translation", 30.0),)}
    for role, calls in legs.items():
        with central.as_(role) as conn:
            row = conn.execute("SELECT id FROM caseline.agents WHERE db_role = %s",
                               (role,)).fetchone()
            assert row is not None
            for work, talk in calls:
                insert(conn, "call_logs", call_row(agent_id=row[0], work=work,
                                                   talk_seconds=talk, started_at=september))
    window = (datetime(2024, 9, 1, tzinfo=UTC), datetime(2024, 10, 1, tzinfo=UTC))
    with central.as_("lena") as lena:
        got = lena.execute("SELECT label, legs, minutes FROM caseline.translation_kpis(%s, %s)",
                           window).fetchall()
    # Only the translator's own legs are translation work; the agent's leg to them is not.
    assert got == [("Bob Baba", 2, 3.1)]
    with central.as_("sam") as sam:
        assert sam.execute("SELECT label, legs, minutes FROM caseline.translation_kpis(%s, %s)",
                           window).fetchall() == [("Carol Chen", 1, 0.5)]
    with central.as_("alice") as alice, pytest.raises(errors.InsufficientPrivilege):
        alice.execute("SELECT * FROM caseline.translation_kpis(%s, %s)", window)
