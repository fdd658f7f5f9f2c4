"""Change numbers are taken without waiting for anyone, and the writing transaction is on every
row: a pull that remembers its snapshot finds a row committed after a later-numbered one
(central migration 0004; the pull itself: test_change_watermark)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.sync.reach import Snapshot
from tests.integration.central.helpers import WAIT, call_row, case_row, insert, note_row

if TYPE_CHECKING:
    from tests.integration.central.helpers import Central


def test_a_second_writer_takes_its_number_while_the_first_is_open(central: Central) -> None:
    case = case_row()
    with central.as_("alice") as alice:
        insert(alice, "cases", case)
    first_note, second_note = note_row(case["id"], "T1"), note_row(case["id"], "T2")
    with central.connect("alice", autocommit=False) as t1, \
            central.connect("bob", autocommit=False) as t2, central.as_("lena") as reader:
        t2.execute(f"SET lock_timeout = '{int(WAIT * 1000)}ms'")  # a wait fails, not hangs
        n1 = insert(t1, "notes", first_note, returning="change_no")
        n2 = insert(t2, "notes", second_note, returning="change_no")
        t2.commit()
        assert isinstance(n1, int) and isinstance(n2, int) and n1 < n2
        seen = Snapshot.parse(reader.execute("SELECT pg_current_snapshot()::text").fetchone()[0])  # type: ignore[index]
        rows = reader.execute("SELECT id, change_xid FROM caseline.notes WHERE case_id = %s",
                              (case["id"],)).fetchall()
        assert [r[0] for r in rows] == [second_note["id"]]  # T1's number is not visible yet
        t1_xid = t1.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()[0]  # type: ignore[index]
        assert not seen.sees(t1_xid) and seen.sees(rows[0][1])  # listed as running
        t1.commit()
        # What the snapshot did not see, now visible: T1's row, though its number is lower.
        later = reader.execute(
            "SELECT id FROM caseline.notes WHERE case_id = %s AND (change_xid >= %s "
            "OR change_xid = ANY(%s))", (case["id"], seen.xmax, list(seen.running))).fetchall()
        assert later == [(first_note["id"],)]


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
