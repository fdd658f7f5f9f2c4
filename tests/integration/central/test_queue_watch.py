"""The queue watch across PCs (app.cases.queuewatch): what one agent's PC writes raises or
clears an exception on a colleague's PC after a push and a pull through the real centre, and
the centre's row security decides which routes stand.

north: alice, bob (agents; queues hardware, billing); south: carol (queue network).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from psycopg import errors

from app.cases import queuewatch as qw
from app.cases.casework import confirm_priority_detail
from app.cases.models import Language, Priority, utcnow
from app.cases.queuewatch import WatchException as W
from app.cases.service import add_note
from app.cases.translations import request_translation, translate
from app.sync.conflicts import case_conflicts
from tests.integration.central.helpers import RLS_VIOLATION, case_row, insert

if TYPE_CHECKING:
    from datetime import datetime

    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

RULES = qw.WatchRules.from_hours(stale_hours=(2, 8, 24, 72), due_hours=(4, 24, 72, 168),
                                 translation_hours=4,
                                 queue_languages=[("hardware", ["ja", "en"])])


def _title(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def _flags(pc: Agent, case_id: uuid.UUID, now: datetime | None = None) -> tuple[W, ...] | None:
    with pc.store.sessions() as s:
        found = qw.evaluate(s, RULES, now or utcnow()).case(case_id)
    return found.exceptions if found is not None else None


def _watched(pc: Agent, case_id: uuid.UUID) -> qw.WatchedCase:
    with pc.store.sessions() as s:
        found = qw.evaluate(s, RULES, utcnow()).case(case_id)
    assert found is not None
    return found


def _central(central: Central, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with central.as_() as conn:
        return conn.execute(query, params).fetchall()


def test_unassigned_is_raised_on_a_colleagues_pc_and_cleared_when_they_take_it(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob = pcs["alice"], pcs["bob"]
    case_id = alice.new_case(_title("Toner empty"), priority_confirmed=True)
    alice.syncer.once()
    bob.syncer.once()
    assert _flags(bob, case_id) == (W.UNASSIGNED,)
    with bob.store.session() as s:
        qw.take_ownership(s, case_id, _watched(bob, case_id).version, agent_id=bob.id,
                          log="Took ownership (queue watch).", language=Language.EN)
    assert _flags(bob, case_id) == ()
    bob.syncer.once()
    alice.syncer.once()
    assert _flags(alice, case_id) == ()
    assert _watched(alice, case_id).owner == "Bob Baba"  # the centre's name for bob
    assert [n.body for n in alice.notes(case_id)] == ["Took ownership (queue watch)."]


def test_a_route_with_its_reason_reaches_the_centre_and_the_other_pc(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob = pcs["alice"], pcs["bob"]
    case_id = alice.new_case(_title("Invoice in Chinese"), language=Language.ZH,
                             owner_id=alice.id, priority_confirmed=True)
    alice.syncer.once()
    bob.syncer.once()
    assert _flags(bob, case_id) == (W.WRONG_LANGUAGE,)  # hardware takes ja and en only
    with bob.store.session() as s:
        qw.route_case(s, case_id, _watched(bob, case_id).version, "billing",
                      reason="Billing has a Mandarin speaker", agent_id=bob.id,
                      log="Routed from hardware to billing.", language=Language.EN)
    bob.syncer.once()
    assert _central(central, "SELECT queue FROM caseline.cases WHERE id = %s",
                    case_id) == [("billing",)]
    assert _central(central, "SELECT body FROM caseline.notes WHERE case_id = %s",
                    case_id) == [("Routed from hardware to billing.\n"
                                  "Billing has a Mandarin speaker",)]
    alice.syncer.once()
    assert _flags(alice, case_id) == ()
    assert _watched(alice, case_id).queue == "billing"
    assert [n.body for n in alice.notes(case_id)] == [
        "Routed from hardware to billing.\nBilling has a Mandarin speaker"]


def test_priority_translation_and_time_exceptions_follow_the_other_pcs_changes(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob = pcs["alice"], pcs["bob"]
    case_id = alice.new_case(_title("Line down"), priority=Priority.P1, owner_id=alice.id,
                             description="ライン停止")
    call_id = alice.add_call(case_id)
    with alice.store.session() as s:
        add_note(s, case_id, "Customer called: plant line down", Language.EN,
                 author_id=alice.id, call_log_id=call_id)
        request = request_translation(s, case_id, Language.EN, requested_by=alice.id)
    alice.syncer.once()
    bob.syncer.once()
    now = utcnow()
    # Alice's call ended without confirming the priority: Bob's watch says so.
    assert _flags(bob, case_id, now) == (W.PRIORITY_UNCONFIRMED,)
    assert _flags(bob, case_id, now + timedelta(hours=3)) == (
        W.PRIORITY_UNCONFIRMED, W.STALE)  # P1: no update for 2 h
    assert _flags(bob, case_id, now + timedelta(hours=5)) == (
        W.OVERDUE, W.PRIORITY_UNCONFIRMED, W.TRANSLATION_OVERDUE, W.STALE)
    with alice.store.session() as s:
        confirm_priority_detail(s, case_id, Priority.P1)
    with bob.store.session() as s:
        translate(s, request.id, "Line stopped", author_id=bob.id)
    alice.syncer.once()
    bob.syncer.once()
    later = utcnow()
    assert _flags(bob, case_id, later) == ()
    assert _flags(bob, case_id, later + timedelta(hours=5)) == (W.OVERDUE, W.STALE)
    alice.syncer.once()
    assert _flags(alice, case_id, later) == ()


def test_routing_to_another_teams_queue_is_refused_by_the_database(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob = pcs["alice"], pcs["bob"]
    # As a hostile agent with psql: a north SR moved into south's queue.
    north = case_row("hardware")
    south = case_row("network")
    with central.as_("alice") as conn:
        insert(conn, "cases", north)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            conn.execute("UPDATE caseline.cases SET queue = 'network' WHERE id = %s",
                         (north["id"],))
    with central.as_("carol") as conn:
        insert(conn, "cases", south)
    with central.as_("alice") as conn:
        # South's SR is out of her sight: nothing to update, nothing changed.
        moved = conn.execute("UPDATE caseline.cases SET queue = 'hardware' WHERE id = %s",
                             (south["id"],))
        assert moved.rowcount == 0
    assert _central(central, "SELECT queue FROM caseline.cases WHERE id = ANY(%s) "
                    "ORDER BY queue", [north["id"], south["id"]]) == [("hardware",),
                                                                        ("network",)]
    # Through the queue watch: the centre keeps the SR in the team's queue and the PC is told.
    case_id = alice.new_case(_title("Router reboot loop"), owner_id=alice.id,
                             priority_confirmed=True)
    alice.syncer.once()
    bob.syncer.once()
    with bob.store.session() as s:
        qw.route_case(s, case_id, _watched(bob, case_id).version, "network",
                      reason="Looks like a network fault", agent_id=bob.id,
                      log="Routed from hardware to network.", language=Language.EN)
    bob.syncer.once()
    assert _central(central, "SELECT queue FROM caseline.cases WHERE id = %s",
                    case_id) == [("hardware",)]
    with bob.store.sessions() as s:
        conflicts = [c for c in case_conflicts(s) if c.case_id == case_id]
    assert [(f.field, f.theirs, f.refused) for c in conflicts for f in c.fields] == [
        ("queue", "hardware", True)]
