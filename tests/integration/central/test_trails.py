"""Nothing is lost centrally: call logs are never deleted and every change leaves a trail,
notes are append-only, an overwritten SR value is kept, SR versions are the database's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from psycopg import errors

from tests.integration.central.helpers import call_row, case_row, insert, note_row

if TYPE_CHECKING:
    from tests.integration.central.helpers import Central


def test_nobody_deletes_a_call_log_not_even_the_administrator(central: Central) -> None:
    row = call_row()
    with central.as_("alice") as alice:
        insert(alice, "call_logs", row)
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("DELETE FROM caseline.call_logs WHERE id = %s", (row["id"],))
    with central.as_() as admin:
        with pytest.raises(errors.RestrictViolation, match="call logs are never deleted"):
            admin.execute("DELETE FROM caseline.call_logs WHERE id = %s", (row["id"],))
        with pytest.raises(errors.RestrictViolation, match="call logs are never deleted"):
            admin.execute("TRUNCATE caseline.call_logs CASCADE")
        assert admin.execute("SELECT count(*) FROM caseline.call_logs WHERE id = %s",
                             (row["id"],)).fetchone() == (1,)


def test_an_update_of_a_call_log_leaves_the_old_row_in_the_trail(central: Central) -> None:
    row = call_row(display_name="Before")
    with central.as_("alice") as alice:
        first = insert(alice, "call_logs", row, returning="change_no")
        alice.execute("UPDATE caseline.call_logs SET display_name = 'After', talk_seconds = 61.5,"
                      " outcome = 'answered' WHERE id = %s", (row["id"],))
    with central.as_() as admin:
        trail = admin.execute("SELECT old_row, changed_by FROM caseline.call_log_history "
                              "WHERE call_log_id = %s", (row["id"],)).fetchall()
        current = admin.execute("SELECT display_name, change_no FROM caseline.call_logs "
                                "WHERE id = %s", (row["id"],)).fetchone()
    assert len(trail) == 1
    old, by = trail[0]
    assert by == "alice"
    assert (old["display_name"], old["talk_seconds"], old["outcome"]) == ("Before", 0.0, None)
    assert old["change_no"] == first and old["owner_role"] == "alice"
    assert current is not None and current[0] == "After" and current[1] > first


def test_the_same_row_pushed_again_changes_nothing(central: Central) -> None:
    """A retried push: no trail row, no new change number, so nothing new to pull."""
    row = call_row()
    with central.as_("alice") as alice:
        first = insert(alice, "call_logs", row, returning="change_no")
        again = alice.execute(
            "INSERT INTO caseline.call_logs AS c (id, direction, engine_call_id, started_at, "
            "sip_call_id, account, remote_uri, display_name, number_raw, number_key, "
            "ring_seconds, talk_seconds, hold_seconds, end_reason, sip_status, transferred_to, "
            "matched_by, match_detail) VALUES (%(id)s, %(direction)s, %(engine_call_id)s, "
            "%(started_at)s, %(sip_call_id)s, %(account)s, %(remote_uri)s, %(display_name)s, "
            "%(number_raw)s, %(number_key)s, %(ring_seconds)s, %(talk_seconds)s, "
            "%(hold_seconds)s, %(end_reason)s, %(sip_status)s, %(transferred_to)s, "
            "%(matched_by)s, %(match_detail)s) ON CONFLICT (id, started_at) DO UPDATE SET "
            "display_name = EXCLUDED.display_name, talk_seconds = EXCLUDED.talk_seconds "
            "RETURNING c.change_no", row).fetchone()
        assert again == (first,)
        assert alice.execute("SELECT count(*) FROM caseline.call_log_history "
                             "WHERE call_log_id = %s", (row["id"],)).fetchone() == (0,)


def test_notes_are_append_only_for_everyone(central: Central) -> None:
    case = case_row()
    note = note_row(case["id"], "First words")
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
        insert(alice, "notes", note)
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("UPDATE caseline.notes SET body = 'changed' WHERE id = %s",
                          (note["id"],))
    with (central.as_("alice") as alice,
          pytest.raises(errors.InsufficientPrivilege, match="permission denied")):
        alice.execute("DELETE FROM caseline.notes WHERE id = %s", (note["id"],))
    with central.as_() as admin:
        with pytest.raises(errors.RestrictViolation, match="notes are append-only"):
            admin.execute("UPDATE caseline.notes SET body = 'changed' WHERE id = %s",
                          (note["id"],))
        with pytest.raises(errors.RestrictViolation, match="notes are append-only"):
            admin.execute("DELETE FROM caseline.notes WHERE id = %s", (note["id"],))
        assert admin.execute("SELECT body FROM caseline.notes WHERE id = %s",
                             (note["id"],)).fetchone() == ("First words",)


def test_a_stale_sr_edit_changes_nothing_and_an_overwrite_keeps_the_old_value(
        central: Central) -> None:
    case = case_row(title="Printer jams")
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
    with central.as_("bob") as bob:  # bob edits first: version 1 -> 2, whatever he sends
        assert bob.execute("UPDATE caseline.cases SET title = 'Printer jams on A3', "
                           "version = 1 WHERE id = %s AND version = 1 RETURNING version",
                           (case["id"],)).fetchone() == (2,)
    with central.as_("alice") as alice:  # alice's edit was made against version 1: refused
        assert alice.execute("UPDATE caseline.cases SET title = 'Toner empty' WHERE id = %s "
                             "AND version = 1", (case["id"],)).rowcount == 0
        # She chose her value after seeing both: it overwrites version 2, bob's is kept.
        assert alice.execute("UPDATE caseline.cases SET title = 'Toner empty' WHERE id = %s "
                             "AND version = 2 RETURNING version, written_by",
                             (case["id"],)).fetchone() == (3, "alice")
        history = alice.execute("SELECT field, value, kind, written_by, replaced_by FROM "
                                "caseline.case_history WHERE case_id = %s ORDER BY change_no",
                                (case["id"],)).fetchall()
    assert history == [
        ("title", "Printer jams", "overwritten", "alice", "bob"),
        ("title", "Printer jams on A3", "overwritten", "bob", "alice"),
    ]
    with central.as_("bob") as bob:  # the losing side of a conflict records its own value
        insert(bob, "case_history", {"case_id": case["id"], "field": "priority",
                                     "value": "P1", "kind": "lost"})
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            bob.execute("DELETE FROM caseline.case_history WHERE case_id = %s", (case["id"],))


def test_ids_and_creators_never_change(central: Central) -> None:
    case = case_row()
    call = call_row()
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
        insert(alice, "call_logs", call)
        with pytest.raises(errors.RestrictViolation, match="never changes"):
            alice.execute("UPDATE caseline.call_logs SET id = gen_random_uuid() WHERE id = %s",
                          (call["id"],))
    with (central.as_("alice") as alice,
          pytest.raises(errors.RestrictViolation, match="never changes")):
        alice.execute("UPDATE caseline.cases SET id = gen_random_uuid() WHERE id = %s",
                      (case["id"],))
    with central.as_("bob") as bob:
        bob.execute("UPDATE caseline.cases SET creator_role = 'bob', title = 'x' "
                    "WHERE id = %s", (case["id"],))
        assert bob.execute("SELECT creator_role, written_by FROM caseline.cases WHERE id = %s",
                           (case["id"],)).fetchone() == ("alice", "bob")
