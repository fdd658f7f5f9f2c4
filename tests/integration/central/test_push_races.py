"""The push's races, each with its interleaving injected (issue 17, item 4): an edit typed
during a push survives; "theirs" for an SR that then leaves the team stops nothing; a push
that fails on a row still lets the pull run; a crash after the central commit keeps an SR's
renumbering; the parked count follows what is really waiting."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from typing import TYPE_CHECKING, Any

import pytest
from psycopg import errors
from sqlalchemy import delete, text
from sqlalchemy.exc import ProgrammingError

from app.cases import models as m
from app.cases.service import allocate_number
from app.sync.conflicts import resolve
from app.sync.worker import read_status
from tests.integration.central.helpers import RLS_VIOLATION, insert
from tests.integration.central.test_sync import central_rows, open_conflicts

if TYPE_CHECKING:
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

NORTH_PCS = ("alice", "bob", "lena")  # two agents and their team leader


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def _shared_case(pcs: dict[str, Agent], title: str) -> uuid.UUID:
    case_id = pcs["alice"].new_case(unique(title))
    for role in NORTH_PCS:
        pcs[role].syncer.once()
    return case_id


def test_an_edit_typed_during_a_push_survives_and_goes_with_the_next_round(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, lena = pcs["alice"], pcs["bob"], pcs["lena"]
    case_id = _shared_case(pcs, "Typed during a push")
    bob.edit_case(case_id, priority=m.Priority.P1)
    bob.syncer.once()
    alice.edit_case(case_id, title="Alice's title")  # merges with Bob's priority
    read_rows = alice.syncer._read_rows
    typed: list[bool] = []

    def typed_meanwhile(*args: Any) -> Any:
        rows = read_rows(*args)
        if not typed:  # once: after the first read, before that batch's end
            typed.append(True)
            alice.edit_case(case_id, priority=m.Priority.P4)
        return rows

    alice.syncer._read_rows = typed_meanwhile  # type: ignore[method-assign, assignment]
    try:
        alice.syncer.push()
    finally:
        alice.syncer._read_rows = read_rows  # type: ignore[method-assign]
    local = alice.case(case_id)
    assert local is not None and (local.title, local.priority) == ("Alice's title", m.Priority.P4)
    assert alice.queued() == 0  # the edit went with the push's next batch

    row, = central_rows(central, "cases", "id", case_id)
    assert (row["title"], row["priority"]) == ("Alice's title", "P4")
    history = central_rows(central, "case_history", "case_id", case_id)
    assert any(h["field"] == "priority" and h["value"] == "P1" and h["kind"] == "overwritten"
               for h in history)
    for pc in (bob, lena):
        pc.syncer.once()
        assert pc.case(case_id).priority == m.Priority.P4  # type: ignore[union-attr]
    assert not open_conflicts(alice.store)


def test_theirs_for_an_sr_that_then_leaves_the_team_stops_no_round(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, carol = pcs["alice"], pcs["bob"], pcs["carol"]
    case_id = _shared_case(pcs, "Leaves after the choice")
    bob.edit_case(case_id, description="Bob's words")
    bob.syncer.once()
    alice.edit_case(case_id, description="Alice's words")
    alice.syncer.once()
    with alice.store.session() as s:
        resolve(s, case_id, {"description": "theirs"})
    with central.as_() as admin:  # before Alice's next round, the SR goes south
        admin.execute("UPDATE caseline.cases SET queue = 'network' WHERE id = %s", (case_id,))

    alice.syncer.once()  # must not fail
    later = bob.new_case(unique("Pulled after all"))
    bob.syncer.once()
    alice.syncer.once()
    assert alice.case(later) is not None  # the PC goes on pulling
    status = read_status(alice.store)
    # The SR (no longer Alice's to write) and the value she gave up for it: both refused.
    assert (status.last_error, status.parked, status.queued) == ("", 2, 0)
    assert alice.syncer.retry_parked() == 2
    alice.syncer.once()
    assert read_status(alice.store).parked == 2

    history = central_rows(central, "case_history", "case_id", case_id)
    assert not [h for h in history if h["kind"] == "lost"]
    with central.as_("alice") as conn, \
            pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
        insert(conn, "case_history", {"case_id": case_id, "field": "description",
                                      "value": "Alice's words", "kind": "lost"})
    carol.syncer.once()
    moved = carol.case(case_id)
    assert moved is not None and moved.description == "Bob's words"


def test_an_sr_that_keeps_changing_centrally_holds_back_neither_the_batch_nor_the_pull(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, lena = pcs["alice"], pcs["bob"], pcs["lena"]
    case_id = _shared_case(pcs, "Keeps changing")
    news = lena.new_case(unique("News from the leader"), number=f"SR-L-{uuid.uuid4().hex[:8]}")
    lena.syncer.once()
    alice.edit_case(case_id, title="Alice's edit")
    call = alice.add_call(case_id)  # in the same batch as the SR
    bumps = 0

    def bob_edits() -> None:
        nonlocal bumps
        bumps += 1
        with central.as_("bob") as conn:
            conn.execute("UPDATE caseline.cases SET description = %s WHERE id = %s",
                         (f"Bob's edit {bumps}", case_id))

    bob_edits()  # Alice's PC is behind: her push reads the central SR to merge
    central_case = alice.syncer._central_case

    def changed_by_bob(conn: Any, wanted: uuid.UUID) -> Any:
        current = central_case(conn, wanted)
        bob_edits()  # and every time it looks, Bob has moved it on again
        return current

    alice.syncer._central_case = changed_by_bob  # type: ignore[method-assign, assignment]
    try:
        assert alice.syncer.push() == 1  # the call went; the SR waits
        assert bumps == 4  # the push looked three times, then let it wait
        assert alice.queued() == 1
        assert central_rows(central, "call_logs", "id", call)[0]["case_id"] == case_id
        alice.syncer.once()  # pulls, merges Bob's description, sends the SR
    finally:
        alice.syncer._central_case = central_case  # type: ignore[method-assign]
    assert alice.case(news) is not None
    assert alice.queued() == 0
    row, = central_rows(central, "cases", "id", case_id)
    assert (row["title"], row["description"]) == ("Alice's edit", f"Bob's edit {bumps}")
    bob.syncer.once()
    assert bob.case(case_id).title == "Alice's edit"  # type: ignore[union-attr]


def test_a_push_the_centre_refuses_unexpectedly_still_lets_the_pull_run(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, lena = pcs["alice"], pcs["lena"]
    case_id = _shared_case(pcs, "Refused push")
    news = lena.new_case(unique("News from the leader"), number=f"SR-L-{uuid.uuid4().hex[:8]}")
    lena.syncer.once()
    alice.edit_case(case_id, title="Waits")
    send = alice.syncer._send

    def refused(*args: Any) -> Any:
        with alice.engine.connect() as conn:  # a refusal of the centre's own, unforeseen
            conn.execute(text("SELECT nextval('caseline.change_seq')"))
        return send(*args)

    alice.syncer._send = refused  # type: ignore[method-assign, assignment]
    try:
        with pytest.raises(ProgrammingError, match="permission denied"):
            alice.syncer.once()
    finally:
        alice.syncer._send = send  # type: ignore[method-assign]
    assert alice.case(news) is not None  # pulled although both pushes failed
    assert alice.queued() == 1
    alice.syncer.once()
    assert alice.queued() == 0
    assert central_rows(central, "cases", "id", case_id)[0]["title"] == "Waits"


def test_a_crash_after_the_central_commit_keeps_the_sr_renumbering(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, lena = pcs["alice"], pcs["bob"], pcs["lena"]
    # Numbers the PCs counted themselves, of a year before the centre's blocks (central
    # migration 0006): the old renumbering, the last resort for such numbers.
    year = 2002
    number = f"SR-{year}-{900000 + uuid.uuid4().int % 90000:06d}"
    first = alice.new_case(unique("Alice's"), number=number)
    second = bob.new_case(unique("Bob's"), number=number)  # offline, the same number
    alice.syncer.once()
    child = subprocess.run(
        [sys.executable, "-m", "tests.integration.central.sync_child",
         str(bob.store.path), central.url("bob"), "first-commit"],
        capture_output=True, text=True, timeout=120, check=False)
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    given, = central_rows(central, "cases", "id", second)
    assert given["number"] != number  # the centre renumbered it, and Bob's PC never heard
    assert bob.case(second).number != given["number"]  # type: ignore[union-attr]

    report = bob.syncer.once()
    assert bob.case(second).number == given["number"]  # type: ignore[union-attr]
    assert report.renumbered == [(number, given["number"])]
    assert (bob.queued(), read_status(bob.store).parked) == (0, 0)
    with bob.store.session() as s:  # the PC will not give the centre's number out again
        assert allocate_number(s) > given["number"]
    assert bob.syncer.once().renumbered == []
    assert central_rows(central, "cases", "id", second)[0]["number"] == given["number"]
    lena.syncer.once()
    assert lena.case(first).number == number  # type: ignore[union-attr]
    assert lena.case(second).number == given["number"]  # type: ignore[union-attr]


def test_the_parked_count_follows_what_is_really_waiting(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, lena = pcs["alice"], pcs["bob"], pcs["lena"]
    alice.syncer.once()
    with alice.store.session() as s:  # an SR that has not reached the centre
        s.add(m.SyncPause(id=1))
        s.flush()
        hidden = m.Case(number=f"SR-LOCAL-{uuid.uuid4().hex[:8]}", title=unique("Late SR"))
        s.add(hidden)
        s.flush()
        s.execute(delete(m.SyncPause))
        hidden_id = hidden.id
    call = alice.add_call(hidden_id)
    alice.syncer.once()
    assert read_status(alice.store).parked == 1

    alice.edit_case(hidden_id, title="Late SR, now sent")  # queued: it goes
    alice.syncer.once()
    assert read_status(alice.store).parked == 1  # the call waits until it changes
    with alice.store.session() as s:
        row = s.get(m.CallLog, call)
        assert row is not None
        row.display_name = "Called back"
    alice.syncer.once()
    assert read_status(alice.store).parked == 0
    assert central_rows(central, "call_logs", "id", call)[0]["case_id"] == hidden_id
    for pc in (bob, lena):
        pc.syncer.once()
        assert pc.case(hidden_id) is not None
    with central.as_("lena") as conn:
        assert conn.execute("SELECT count(*) FROM caseline.call_logs WHERE id = %s",
                            (call,)).fetchone() == (1,)
