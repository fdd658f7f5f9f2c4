"""Row-level security with real login roles: the database refuses, not the client.

north: alice, bob (agents), lena (leader); south: carol (agent), sam (leader). A row another
role may not see is filtered out (a SELECT finds nothing, an UPDATE changes nothing); a write in
someone else's name or on someone else's SR is refused with the database's own error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import psycopg
import pytest
from psycopg import errors

from app.cases.models import new_id
from tests.integration.central.helpers import (
    RLS_VIOLATION,
    call_row,
    case_row,
    customer_row,
    ids,
    insert,
    note_row,
    state_row,
    translation_row,
)

if TYPE_CHECKING:
    import uuid

    from tests.integration.central.helpers import Central


def _north_case(central: Central, creator: str = "alice", queue: str = "hardware") -> uuid.UUID:
    row = case_row(queue)
    with central.as_(creator) as conn:
        insert(conn, "cases", row)
    return row["id"]  # type: ignore[no-any-return]


def _call(central: Central, role: str, **extra: object) -> uuid.UUID:
    row = call_row(**extra)
    with central.as_(role) as conn:
        insert(conn, "call_logs", row)
    return row["id"]  # type: ignore[no-any-return]


def test_an_agent_cannot_see_change_or_delete_a_colleagues_call_logs(central: Central) -> None:
    mine = _call(central, "alice")
    with central.as_("bob") as bob:
        assert ids(bob, "call_logs", mine) == set()
        cur = bob.execute("UPDATE caseline.call_logs SET talk_seconds = 999 WHERE id = %s",
                          (mine,))
        assert cur.rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            bob.execute("DELETE FROM caseline.call_logs WHERE id = %s", (mine,))
    with central.as_("alice") as alice:
        assert ids(alice, "call_logs", mine) == {mine}
        assert alice.execute("SELECT talk_seconds FROM caseline.call_logs WHERE id = %s",
                             (mine,)).fetchone() == (0.0,)


def test_an_agent_cannot_write_rows_in_another_agents_name(central: Central) -> None:
    case_id = _north_case(central)
    with central.as_("alice") as alice:
        for table, row in (("call_logs", call_row()), ("agent_state_changes", state_row()),
                           ("notes", note_row(case_id)),
                           ("translation_requests", translation_row(case_id))):
            with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
                insert(alice, table, {**row, "owner_role": "bob"})
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            insert(alice, "cases", {**case_row(), "creator_role": "bob"})
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            insert(alice, "case_history", {"case_id": case_id, "field": "title",
                                           "value": "x", "written_by": "bob"})


def test_an_agent_cannot_hand_their_row_to_someone_else(central: Central) -> None:
    mine = _call(central, "alice")
    with central.as_("alice") as alice:
        alice.execute("UPDATE caseline.call_logs SET owner_role = 'bob', talk_seconds = 5 "
                      "WHERE id = %s", (mine,))
        assert alice.execute("SELECT owner_role, talk_seconds FROM caseline.call_logs "
                             "WHERE id = %s", (mine,)).fetchone() == ("alice", 5.0)


def test_another_teams_srs_and_notes_are_invisible_and_untouchable(central: Central) -> None:
    customer = customer_row()
    with central.as_("alice") as alice:
        insert(alice, "customers", customer)
    case = case_row("hardware", customer_id=customer["id"])
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
    note = note_row(case["id"])
    with central.as_("bob") as bob:
        insert(bob, "notes", note)
    with central.as_("carol") as carol:
        assert ids(carol, "cases", case["id"]) == set()
        assert ids(carol, "notes", note["id"]) == set()
        assert ids(carol, "customers", customer["id"]) == set()
        assert carol.execute("UPDATE caseline.cases SET title = 'mine now' WHERE id = %s",
                             (case["id"],)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            carol.execute("DELETE FROM caseline.cases WHERE id = %s", (case["id"],))
    with central.as_("carol") as carol:
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            insert(carol, "notes", note_row(case["id"]))
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            insert(carol, "translation_requests", translation_row(case["id"]))
    with central.as_() as admin:
        assert admin.execute("SELECT title FROM caseline.cases WHERE id = %s",
                             (case["id"],)).fetchone() == ("Printer jams",)


def test_the_team_sees_its_srs_customers_and_each_others_notes(central: Central) -> None:
    customer = customer_row()
    with central.as_("alice") as alice:
        insert(alice, "customers", customer)
        contact = {"id": new_id(),
                   "customer_id": customer["id"], "name": "Tanaka", "language": "ja",
                   "created_at": customer["created_at"], "updated_at": customer["updated_at"]}
        insert(alice, "contacts", contact)
        number = {"id": new_id(),
                  "contact_id": contact["id"], "raw": "03-1111-2222",
                  "match_key": "0311112222", "label": "office"}
        insert(alice, "phone_numbers", number)
        case = case_row("billing", customer_id=customer["id"], contact_id=contact["id"])
        insert(alice, "cases", case)
        note = note_row(case["id"], "Invoice resent")
        insert(alice, "notes", note)
    with central.as_("bob") as bob:
        assert ids(bob, "cases", case["id"]) == {case["id"]}
        assert ids(bob, "customers", customer["id"]) == {customer["id"]}
        assert ids(bob, "contacts", contact["id"]) == {contact["id"]}
        assert ids(bob, "phone_numbers", number["id"]) == {number["id"]}
        assert ids(bob, "notes", note["id"]) == {note["id"]}
        # A colleague edits the SR (the version check is the sync's WHERE clause).
        assert bob.execute("UPDATE caseline.cases SET priority = 'P1' WHERE id = %s "
                           "AND version = 1", (case["id"],)).rowcount == 1
    with central.as_("carol") as carol:
        for table, row_id in (("cases", case["id"]), ("customers", customer["id"]),
                              ("contacts", contact["id"]), ("phone_numbers", number["id"]),
                              ("notes", note["id"])):
            assert ids(carol, table, row_id) == set(), table


def test_an_sr_without_a_queue_belongs_to_its_creators_team(central: Central) -> None:
    case_id = _north_case(central, "alice", queue="")
    unknown = _north_case(central, "alice", queue="no-such-queue")
    with central.as_("bob") as bob:
        assert ids(bob, "cases", case_id, unknown) == {case_id, unknown}
    with central.as_("carol") as carol:
        assert ids(carol, "cases", case_id, unknown) == set()


def test_an_sr_stays_in_its_team(central: Central) -> None:
    with (central.as_("alice") as alice,
          pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION)):
        insert(alice, "cases", case_row("network"))  # a south queue
    case_id = _north_case(central)
    call = _call(central, "alice", case_id=case_id)
    with (central.as_("alice") as alice,
          pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION)):
        alice.execute("UPDATE caseline.cases SET queue = 'network' WHERE id = %s",
                      (case_id,))
    with central.as_() as admin:  # the administrator moves it
        admin.execute("UPDATE caseline.cases SET queue = 'network' WHERE id = %s", (case_id,))
    with central.as_("alice") as alice:
        assert ids(alice, "cases", case_id) == set()
        # Work done offline on the SR still arrives: alice took a call on it.
        note = note_row(case_id, "Written during the call", call_log_id=call)
        insert(alice, "notes", note)
        assert ids(alice, "notes", note["id"]) == {note["id"]}
    with (central.as_("bob") as bob,
          pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION)):
        insert(bob, "notes", note_row(case_id))  # bob never had a call on it
    with central.as_("carol") as carol:
        assert ids(carol, "cases", case_id) == {case_id}
        assert ids(carol, "notes", note["id"]) == {note["id"]}
        assert ids(carol, "call_logs", call) == set()  # the call log stays alice's


def test_a_leader_reads_the_teams_private_rows_and_not_another_teams(central: Central) -> None:
    calls = {role: _call(central, role) for role in ("alice", "bob", "carol")}
    states = {}
    for role in ("alice", "carol"):
        states[role] = state_row()
        with central.as_(role) as conn:
            insert(conn, "agent_state_changes", states[role])
    # A note bob wrote on a south SR (after a call on it): his leader still sees it.
    south_case = _north_case(central, "carol", queue="network")
    _call(central, "bob", case_id=south_case)
    note = note_row(south_case, "Transferred from north")
    with central.as_("bob") as bob:
        insert(bob, "notes", note)
    with central.as_("lena") as lena:
        assert ids(lena, "call_logs", *calls.values()) == {calls["alice"], calls["bob"]}
        assert ids(lena, "agent_state_changes", *(s["id"] for s in states.values())) == {
            states["alice"]["id"]}
        assert ids(lena, "notes", note["id"]) == {note["id"]}
        # Reading is all: a leader cannot change an agent's call log.
        assert lena.execute("UPDATE caseline.call_logs SET talk_seconds = 1 WHERE id = %s",
                            (calls["alice"],)).rowcount == 0
    with central.as_("sam") as sam:
        assert ids(sam, "call_logs", *calls.values()) == {calls["carol"]}
        assert ids(sam, "agent_state_changes", *(s["id"] for s in states.values())) == {
            states["carol"]["id"]}
    with central.as_("alice") as alice:  # an agent is no leader
        assert ids(alice, "call_logs", *calls.values()) == {calls["alice"]}
        assert ids(alice, "agent_state_changes", states["carol"]["id"]) == set()


def test_call_log_trails_are_visible_only_with_the_call_log(central: Central) -> None:
    mine = _call(central, "alice")
    with central.as_("alice") as alice:
        alice.execute("UPDATE caseline.call_logs SET talk_seconds = 42 WHERE id = %s", (mine,))
        assert alice.execute("SELECT count(*) FROM caseline.call_log_history "
                             "WHERE call_log_id = %s", (mine,)).fetchone() == (1,)
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("INSERT INTO caseline.call_log_history (call_log_id, old_row, "
                          "changed_by) VALUES (%s, '{}', 'bob')", (mine,))
    for role, expected in (("bob", 0), ("carol", 0), ("lena", 1)):
        with central.as_(role) as conn:
            assert conn.execute("SELECT count(*) FROM caseline.call_log_history "
                                "WHERE call_log_id = %s", (mine,)).fetchone() == (expected,)


def test_agents_cannot_take_change_numbers_or_touch_the_directory(central: Central) -> None:
    with (central.as_("alice") as alice,
          pytest.raises(errors.InsufficientPrivilege, match="permission denied")):
        alice.execute("SELECT nextval('caseline.change_seq')")
    with (central.as_("alice") as alice,
          pytest.raises(errors.InsufficientPrivilege, match="permission denied")):
        alice.execute("UPDATE caseline.agents SET team_id = team_id")
    with (central.as_("alice") as alice,
          pytest.raises(errors.InsufficientPrivilege, match="permission denied")):
        alice.execute("INSERT INTO caseline.queues (name, team_id) SELECT 'mine', id "
                      "FROM caseline.teams LIMIT 1")
    with central.as_("alice") as alice:
        assert alice.execute("SHOW idle_in_transaction_session_timeout").fetchone() == ("1min",)


def test_a_colleague_completes_a_translation_through_the_database(central: Central) -> None:
    case_id = _north_case(central)
    request = translation_row(case_id)
    with central.as_("alice") as alice:
        insert(alice, "translation_requests", request)
    translation = note_row(case_id, "The printer jams", language="en")
    with central.as_("bob") as bob:
        insert(bob, "notes", translation)
        # Not bob's request to UPDATE ...
        assert bob.execute("UPDATE caseline.translation_requests SET done_at = now() "
                           "WHERE id = %s", (request["id"],)).rowcount == 0
        # ... but his translation to record.
        assert bob.execute("SELECT caseline.complete_translation(%s, %s, now())",
                           (request["id"], translation["id"])).fetchone() == (True,)
        assert bob.execute("SELECT caseline.complete_translation(%s, %s, now())",
                           (request["id"], translation["id"])).fetchone() == (False,)
    with (central.as_("carol") as carol,
          pytest.raises(errors.InsufficientPrivilege, match="no translation request")):
        carol.execute("SELECT caseline.complete_translation(%s, %s, now())",
                      (request["id"], translation["id"]))
    with central.as_("alice") as alice:
        row = alice.execute("SELECT translation_id, done_at IS NOT NULL FROM "
                            "caseline.translation_requests WHERE id = %s",
                            (request["id"],)).fetchone()
        assert row == (translation["id"], True)


def test_a_role_outside_caseline_sees_nothing(central: Central) -> None:
    with central.as_() as admin:
        admin.execute("DROP ROLE IF EXISTS outsider")
        admin.execute("CREATE ROLE outsider LOGIN PASSWORD 'outsider-pw'")
    with (psycopg.connect(central.pg.url("outsider", "outsider-pw")) as conn,
          pytest.raises(errors.InsufficientPrivilege, match="permission denied for schema")):
        conn.execute("SELECT count(*) FROM caseline.cases")
