"""Change numbers follow commit order: a pull by ``change_no > cursor`` never skips a row."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from tests.integration.central.helpers import WAIT, call_row, case_row, insert, note_row

if TYPE_CHECKING:
    import psycopg

    from tests.integration.central.helpers import Central


def _wait_until_blocked_on_the_change_lock(admin: psycopg.Connection, pid: int) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        row = admin.execute("SELECT wait_event_type, wait_event FROM pg_stat_activity "
                            "WHERE pid = %s", (pid,)).fetchone()
        if row == ("Lock", "advisory"):
            return
    raise AssertionError(f"backend {pid} never waited for the change-number lock")


def test_a_second_writer_gets_its_number_only_after_the_first_commits(
        central: Central) -> None:
    case = case_row()
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
    first_note, second_note = note_row(case["id"], "T1"), note_row(case["id"], "T2")
    result: dict[str, object] = {}

    with central.connect("alice", autocommit=False) as t1, \
            central.connect("bob", autocommit=False) as t2, central.as_() as admin, \
            central.as_("lena") as reader:
        n1 = insert(t1, "notes", first_note, returning="change_no")  # holds the lock
        t2_pid = t2.info.backend_pid

        def second_writer() -> None:
            try:
                result["n2"] = insert(t2, "notes", second_note, returning="change_no")
                t2.commit()
            except BaseException as exc:  # reported to the test thread below
                result["error"] = exc

        writer = threading.Thread(target=second_writer, name="t2")
        writer.start()
        try:
            _wait_until_blocked_on_the_change_lock(admin, t2_pid)
            # Neither row is visible yet, and T2 has no number that could be seen first.
            pulled = reader.execute(
                "SELECT id FROM caseline.notes WHERE case_id = %s AND change_no > 0",
                (case["id"],)).fetchall()
            assert pulled == []
            assert "n2" not in result
            t1.commit()
        finally:
            writer.join(WAIT)
        assert not writer.is_alive()
        assert "error" not in result, result.get("error")
        n2 = result["n2"]
        assert isinstance(n1, int) and isinstance(n2, int)
        assert n2 > n1
        # A pull from the first number on finds the second one.
        assert reader.execute("SELECT id FROM caseline.notes WHERE change_no > %s AND "
                              "case_id = %s ORDER BY change_no", (n1, case["id"])).fetchall() \
            == [(second_note["id"],)]


def test_a_pull_by_cursor_returns_every_change_once_in_order(central: Central) -> None:
    with central.as_("alice") as alice:
        cursor = alice.execute("SELECT coalesce(max(change_no), 0) FROM caseline.call_logs"
                               ).fetchone()[0]  # type: ignore[index]
        rows = [call_row(display_name=f"call {i}") for i in range(5)]
        for row in rows:
            insert(alice, "call_logs", row)
        alice.execute("UPDATE caseline.call_logs SET talk_seconds = 3 WHERE id = %s",
                      (rows[1]["id"],))  # moves to the end of the pull
        pulled = alice.execute("SELECT id, change_no FROM caseline.call_logs "
                               "WHERE change_no > %s ORDER BY change_no", (cursor,)).fetchall()
    order = [r[0] for r in pulled]
    assert order == [rows[i]["id"] for i in (0, 2, 3, 4, 1)]
    numbers = [r[1] for r in pulled]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
