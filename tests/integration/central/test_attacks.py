"""A hostile agent with psql: each attack connects as a real agent login role (psycopg, as psql
would) and is refused by the database itself — an SQLSTATE, or no row to see.

north: alice, bob (agents), lena (leader); south: carol (agent), sam (leader).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, LiteralString

import psycopg
import pytest
from psycopg import errors, sql

from app.cases.models import new_id
from app.central import admin
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
    from tests.integration.central.helpers import Central


def _contact_row(customer_id: uuid.UUID | None, **extra: Any) -> dict[str, Any]:
    row = customer_row()
    contact: dict[str, Any] = {"id": new_id(), "customer_id": customer_id, "name": "Tanaka",
                               "language": "ja", "created_at": row["created_at"],
                               "updated_at": row["updated_at"]}
    contact.update(extra)
    return contact


def _number_row(**extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": new_id(), "raw": "06-1111-2222", "match_key": "0611112222",
                           "label": "office"}
    row.update(extra)
    return row


def _south_customer(central: Central) -> dict[str, Any]:
    """Carol's customer with a contact, a number and a south SR: south's, and only south's."""
    customer = customer_row(company="Osaka Denki (south)")
    contact = _contact_row(customer["id"], name="Yamada")
    number = _number_row(contact_id=contact["id"], customer_id=customer["id"])
    case = case_row("network", customer_id=customer["id"], contact_id=contact["id"])
    with central.as_("carol") as carol:
        insert(carol, "customers", customer)
        insert(carol, "contacts", contact)
        insert(carol, "phone_numbers", number)
        insert(carol, "cases", case)
    return {"customer": customer, "contact": contact, "number": number, "case": case}


def _bind(central: Central, role: str) -> uuid.UUID:
    """An agent id ``role``'s PC uses: its first row (an agent state) makes it theirs."""
    row = state_row()
    with central.as_(role) as conn:
        insert(conn, "agent_state_changes", row)
    return row["agent_id"]  # type: ignore[no-any-return]


def _central_id(central: Central, role: str) -> uuid.UUID:
    with central.as_() as conn:
        found = conn.execute("SELECT id FROM caseline.agents WHERE db_role = %s",
                             (role,)).fetchone()
    assert found is not None
    return found[0]  # type: ignore[no-any-return]


def _team_id(central: Central, team: str) -> uuid.UUID:
    with central.as_() as conn:
        found = conn.execute("SELECT id FROM caseline.teams WHERE name = %s",
                             (team,)).fetchone()
    assert found is not None
    return found[0]  # type: ignore[no-any-return]


def _admin_one(central: Central, query: str, *params: Any) -> tuple[Any, ...] | None:
    with central.as_() as conn:
        return conn.execute(query, params).fetchone()


def _upsert(conn: psycopg.Connection, table: str, row: dict[str, Any], update: LiteralString,
            *params: Any) -> None:
    """``row`` inserted, or on a taken id the row there updated by ``update`` (SET ...)."""
    # The centre's key, as the sync conflicts on it: call logs are partitioned by start (0008).
    key = sql.SQL("id, started_at" if table == "call_logs" else "id")
    statement = sql.SQL("INSERT INTO caseline.{} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE "
                        ).format(sql.Identifier(table),
                                 sql.SQL(", ").join(map(sql.Identifier, row)),
                                 sql.SQL(", ").join(sql.Placeholder() * len(row)), key)
    conn.execute(statement + sql.SQL(update), [*row.values(), *params])


# -- another team's customers -------------------------------------------------------------------


def test_another_teams_customer_is_not_found_by_its_code_or_by_a_select(
        central: Central) -> None:
    south = _south_customer(central)
    code = south["customer"]["code"]
    with central.as_("alice") as alice:
        assert alice.execute("SELECT caseline.customer_id_for_code(%s)",
                             (code,)).fetchone() == (None,)
        assert alice.execute("SELECT id FROM caseline.customers WHERE code = %s",
                             (code,)).fetchall() == []
        assert ids(alice, "contacts", south["contact"]["id"]) == set()
        assert ids(alice, "phone_numbers", south["number"]["id"]) == set()
    with central.as_("carol") as carol:  # the owner's team does find it
        assert carol.execute("SELECT caseline.customer_id_for_code(%s)",
                             (code,)).fetchone() == (south["customer"]["id"],)


def test_an_sr_for_another_teams_customer_or_contact_is_refused(central: Central) -> None:
    south = _south_customer(central)
    with central.as_("alice") as alice:
        for refs in ({"customer_id": south["customer"]["id"]},
                     {"contact_id": south["contact"]["id"]}):
            with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
                insert(alice, "cases", case_row("hardware", **refs))
        mine = case_row("hardware")
        insert(alice, "cases", mine)
        for column, value in (("customer_id", south["customer"]["id"]),
                              ("contact_id", south["contact"]["id"])):
            with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
                alice.execute(f"UPDATE caseline.cases SET {column} = %s "  # noqa: S608
                              "WHERE id = %s", (value, mine["id"]))
        # Still nothing to see of south's customer.
        assert ids(alice, "customers", south["customer"]["id"]) == set()
        assert ids(alice, "contacts", south["contact"]["id"]) == set()
    assert _admin_one(central, "SELECT count(*) FROM caseline.cases WHERE customer_id = %s "
                      "OR contact_id = %s", south["customer"]["id"],
                      south["contact"]["id"]) == (1,)  # south's own SR only


def test_an_invisible_customer_contact_or_number_cannot_be_changed_or_joined(
        central: Central) -> None:
    south = _south_customer(central)
    customer, contact = south["customer"], south["contact"]
    with central.as_("alice") as alice:
        assert alice.execute("UPDATE caseline.customers SET company = 'Mine now' "
                             "WHERE id = %s", (customer["id"],)).rowcount == 0
        assert alice.execute("UPDATE caseline.contacts SET name = 'Mine now' "
                             "WHERE id = %s", (contact["id"],)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege):
            _upsert(alice, "customers", {**customer, "code": customer["code"] + "x"},
                    "SET company = 'Mine now'")
        # A contact or a number of alice's own, put under south's customer: refused.
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            insert(alice, "contacts", _contact_row(customer["id"]))
        own_contact = _contact_row(None)
        insert(alice, "contacts", own_contact)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            alice.execute("UPDATE caseline.contacts SET customer_id = %s WHERE id = %s",
                          (customer["id"], own_contact["id"]))
        for refs in ({"contact_id": contact["id"]}, {"customer_id": customer["id"]}):
            with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
                insert(alice, "phone_numbers", _number_row(**refs))
        own_number = _number_row(contact_id=own_contact["id"])
        insert(alice, "phone_numbers", own_number)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            alice.execute("UPDATE caseline.phone_numbers SET customer_id = %s WHERE id = %s",
                          (customer["id"], own_number["id"]))
    assert _admin_one(central, "SELECT company FROM caseline.customers WHERE id = %s",
                      customer["id"]) == ("Osaka Denki (south)",)
    assert _admin_one(central, "SELECT count(*) FROM caseline.contacts WHERE customer_id = %s",
                      customer["id"]) == (1,)
    assert _admin_one(central, "SELECT count(*) FROM caseline.phone_numbers "
                      "WHERE customer_id = %s OR contact_id = %s", customer["id"],
                      contact["id"]) == (1,)


# -- rows in someone else's name ----------------------------------------------------------------


def test_a_note_request_call_or_state_with_someone_elses_agent_id_is_refused(
        central: Central) -> None:
    bobs = _bind(central, "bob")
    case = case_row("hardware")
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
    for foreign in (bobs, _central_id(central, "bob")):
        with central.as_("alice") as alice:
            for table, row in (("notes", note_row(case["id"], author_id=foreign)),
                               ("translation_requests",
                                translation_row(case["id"], requested_by=foreign)),
                               ("call_logs", call_row(agent_id=foreign)),
                               ("agent_state_changes", state_row(agent_id=foreign))):
                with pytest.raises(errors.InsufficientPrivilege, match="another agent"):
                    insert(alice, table, row)
    # Alice's own id is hers from its first use on: bob cannot sign with it either.
    alices = new_id()
    own = note_row(case["id"], author_id=alices)
    with central.as_("alice") as alice:
        insert(alice, "notes", own)
        insert(alice, "agent_state_changes", state_row(agent_id=alices))
    with (central.as_("bob") as bob,
          pytest.raises(errors.InsufficientPrivilege, match="another agent")):
        insert(bob, "notes", note_row(case["id"], author_id=alices))
    # Nor change the signature of a row afterwards.
    mine = call_row(agent_id=alices)
    with central.as_("alice") as alice:
        insert(alice, "call_logs", mine)
        with pytest.raises(errors.InsufficientPrivilege, match="another agent"):
            alice.execute("UPDATE caseline.call_logs SET agent_id = %s WHERE id = %s",
                          (bobs, mine["id"]))
    assert _admin_one(central, "SELECT count(*) FROM caseline.notes WHERE author_id = ANY(%s)",
                      [bobs, _central_id(central, "bob")]) == (0,)
    assert _admin_one(central, "SELECT agent_id FROM caseline.call_logs WHERE id = %s",
                      mine["id"]) == (alices,)


def test_an_agents_state_history_is_append_only(central: Central) -> None:
    row = state_row(state="break", reason="lunch")
    with central.as_("alice") as alice:
        insert(alice, "agent_state_changes", row)
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("UPDATE caseline.agent_state_changes SET state = 'available', "
                          "reason = '' WHERE id = %s", (row["id"],))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            _upsert(alice, "agent_state_changes", row, "SET state = 'available'")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("DELETE FROM caseline.agent_state_changes WHERE id = %s",
                          (row["id"],))
        # A row sent again (the sync's retry) is still fine: it changes nothing.
        alice.execute("INSERT INTO caseline.agent_state_changes (id, agent_id, state, reason, "
                      "at) VALUES (%s, %s, 'available', '', now()) ON CONFLICT (id) DO NOTHING",
                      (row["id"], row["agent_id"]))
    assert _admin_one(central, "SELECT state, reason FROM caseline.agent_state_changes "
                      "WHERE id = %s", row["id"]) == ("break", "lunch")


def test_an_sr_is_assigned_only_to_an_agent_of_the_writers_team(central: Central) -> None:
    carols, bobs = _bind(central, "carol"), _bind(central, "bob")
    with central.as_("alice") as alice:
        for foreign in (carols, _central_id(central, "carol")):
            with pytest.raises(errors.InsufficientPrivilege, match="team"):
                insert(alice, "cases", case_row("hardware", owner_id=foreign))
        case = case_row("hardware", owner_id=bobs)
        insert(alice, "cases", case)
        with pytest.raises(errors.InsufficientPrivilege, match="team"):
            alice.execute("UPDATE caseline.cases SET owner_id = %s WHERE id = %s",
                          (carols, case["id"]))
        # Unchanged owner, other edits: fine. A central agent id of the team: fine.
        alice.execute("UPDATE caseline.cases SET title = 'Toner' WHERE id = %s", (case["id"],))
        alice.execute("UPDATE caseline.cases SET owner_id = %s WHERE id = %s",
                      (_central_id(central, "lena"), case["id"]))
    assert _admin_one(central, "SELECT owner_id, title FROM caseline.cases WHERE id = %s",
                      case["id"]) == (_central_id(central, "lena"), "Toner")


# -- leaders and the team at the time ----------------------------------------------------------


def test_a_call_log_keeps_the_team_of_the_call_and_agents_cannot_change_it(
        central: Central) -> None:
    north, south = _team_id(central, "north"), _team_id(central, "south")
    row = call_row(team_id=south)  # the client's claim is not what the centre keeps
    with central.as_("alice") as alice:
        insert(alice, "call_logs", row)
        # No agent holds UPDATE on the column (the trigger behind it refuses a change too).
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("UPDATE caseline.call_logs SET team_id = %s WHERE id = %s",
                          (south, row["id"]))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            _upsert(alice, "call_logs", row, "SET team_id = %s", south)
        # Nor on the other marks the database keeps (change numbers, an SR's reach).
        for statement in ("UPDATE caseline.call_logs SET change_no = 1 WHERE id = %s",
                          "UPDATE caseline.cases SET reach_xid = 1 WHERE id = %s"):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                alice.execute(statement, (row["id"],))
        # Everything else of the row stays the agent's to update.
        alice.execute("UPDATE caseline.call_logs SET talk_seconds = 42 WHERE id = %s",
                      (row["id"],))
    assert _admin_one(central, "SELECT team_id FROM caseline.call_logs WHERE id = %s",
                      row["id"]) == (north,)
    with central.as_("lena") as lena:
        assert ids(lena, "call_logs", row["id"]) == {row["id"]}
    with central.as_("sam") as sam:
        assert ids(sam, "call_logs", row["id"]) == set()


@pytest.fixture
def mover(central: Central) -> tuple[str, str]:
    """A south agent of this test's own (role, password): the test moves them to north."""
    role = f"mover_{uuid.uuid4().hex[:8]}"
    password = f"{role}-pw"
    admin.add_agent(central.admin_url, role, password, "Mo Mover", "south")
    return role, password


def test_a_moved_agents_old_calls_states_and_notes_stay_with_the_old_team(
        central: Central, mover: tuple[str, str]) -> None:
    role, password = mover
    south_case = case_row("network")
    with central.as_("carol") as carol:
        insert(carol, "cases", south_case)
    old_call, old_state = call_row(), state_row()
    old_note = note_row(south_case["id"], "Checked the router")
    with psycopg.connect(central.pg.url(role, password), autocommit=True) as conn:
        insert(conn, "call_logs", old_call)
        insert(conn, "agent_state_changes", old_state)
        insert(conn, "notes", old_note)
    admin.add_agent(central.admin_url, role, password, "Mo Mover", "north")  # moved
    new_call = call_row()
    with psycopg.connect(central.pg.url(role, password), autocommit=True) as conn:
        insert(conn, "call_logs", new_call)
        assert ids(conn, "call_logs", old_call["id"], new_call["id"]) == {
            old_call["id"], new_call["id"]}  # their own, wherever they work now
    with central.as_("lena") as lena:  # north's leader: not the south history
        assert ids(lena, "call_logs", old_call["id"], new_call["id"]) == {new_call["id"]}
        assert ids(lena, "agent_state_changes", old_state["id"]) == set()
        assert ids(lena, "notes", old_note["id"]) == set()
    with central.as_("sam") as sam:  # south's leader keeps it
        assert ids(sam, "call_logs", old_call["id"], new_call["id"]) == {old_call["id"]}
        assert ids(sam, "agent_state_changes", old_state["id"]) == {old_state["id"]}
        assert ids(sam, "notes", old_note["id"]) == {old_note["id"]}


# -- locks, roles and the definer functions -----------------------------------------------------


def _advisory_functions(central: Central) -> list[tuple[str, int]]:
    with central.as_() as conn:
        rows = conn.execute(
            "SELECT proname, pronargs FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace "
            "AND (proname LIKE 'pg\\_advisory\\_%%' OR proname LIKE 'pg\\_try\\_advisory\\_%%') "
            "ORDER BY 1, 2").fetchall()
    return [(r[0], r[1]) for r in rows]


def test_no_agent_can_take_an_advisory_lock(central: Central) -> None:
    functions = _advisory_functions(central)
    assert ("pg_advisory_lock", 1) in functions and len(functions) >= 20
    for role in ("alice", "lena"):
        with central.as_(role) as conn:
            for name, nargs in functions:
                args = ", ".join(["1"] * nargs)
                with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                    conn.execute(f"SELECT pg_catalog.{name}({args})")
    with central.as_() as conn:  # nothing was taken
        assert conn.execute("SELECT count(*) FROM pg_locks "
                            "WHERE locktype = 'advisory'").fetchone() == (0,)


def test_no_agent_can_lock_a_whole_table_against_the_writers(central: Central) -> None:
    with central.connect("alice", autocommit=False) as alice:
        for table in ("cases", "call_logs", "customers", "agent_state_changes", "notes"):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                alice.execute(f"LOCK TABLE caseline.{table} IN SHARE MODE")
            alice.rollback()
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                alice.execute(f"LOCK TABLE caseline.{table} IN ACCESS EXCLUSIVE MODE")
            alice.rollback()


def test_set_role_to_a_group_gives_nothing(central: Central) -> None:
    mine = call_row()
    with central.as_("alice") as alice:
        insert(alice, "call_logs", mine)
        alice.execute("SET ROLE caseline_agent")
        assert ids(alice, "call_logs", mine["id"]) == set()
        for table, row in (("call_logs", call_row()), ("customers", customer_row()),
                           ("agent_state_changes", state_row())):
            with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
                insert(alice, table, row)
        alice.execute("RESET ROLE")
        assert ids(alice, "call_logs", mine["id"]) == {mine["id"]}
    with central.as_("lena") as lena:
        lena.execute("SET ROLE caseline_leader")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            lena.execute("SELECT count(*) FROM caseline.call_logs")
    assert _admin_one(central, "SELECT count(*) FROM caseline.call_logs WHERE owner_role "
                      "IN ('caseline_agent', 'caseline_leader')") == (0,)


def test_an_invisible_srs_history_requests_and_helpers_answer_nothing(
        central: Central) -> None:
    south = _south_customer(central)
    case_id = south["case"]["id"]
    request = translation_row(case_id)
    with central.as_("carol") as carol:
        carol.execute("UPDATE caseline.cases SET title = 'Router reboots' WHERE id = %s",
                      (case_id,))
        insert(carol, "translation_requests", request)
    with central.as_("alice") as alice:
        assert alice.execute("SELECT count(*) FROM caseline.case_history WHERE case_id = %s",
                             (case_id,)).fetchone() == (0,)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            insert(alice, "case_history", {"case_id": case_id, "field": "title",
                                           "value": "x", "kind": "lost"})
        with pytest.raises(errors.InsufficientPrivilege, match="no translation request"):
            alice.execute("SELECT caseline.complete_translation(%s, %s, now())",
                          (request["id"], new_id()))
        for function, target in (("sees_customer", south["customer"]["id"]),
                                 ("sees_contact", south["contact"]["id"])):
            assert alice.execute(f"SELECT caseline.{function}(%s)",
                                 (target,)).fetchone() == (False,)
        # The free SR number answers for a year's prefix, not for a probe of single numbers.
        assert alice.execute("SELECT caseline.free_case_number('SR-2026-')").fetchone()
        with pytest.raises(errors.InvalidParameterValue):
            alice.execute("SELECT caseline.free_case_number('SR-2026-00012')")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("SELECT count(*) FROM caseline.agent_ids")
    with central.as_("carol") as carol:
        assert carol.execute("SELECT count(*) FROM caseline.case_history WHERE case_id = %s",
                             (case_id,)).fetchone() == (1,)


def test_a_translation_request_cannot_be_moved_onto_another_teams_sr(
        central: Central) -> None:
    south = _south_customer(central)
    case = case_row("hardware")
    request = translation_row(case["id"])
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
        insert(alice, "translation_requests", request)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            alice.execute("UPDATE caseline.translation_requests SET case_id = %s "
                          "WHERE id = %s", (south["case"]["id"], request["id"]))
    with central.as_("carol") as carol:
        assert ids(carol, "translation_requests", request["id"]) == set()
