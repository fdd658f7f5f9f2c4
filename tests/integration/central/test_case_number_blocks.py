"""SR numbers that do not change (issue 17, item 5): the centre hands each PC blocks of
numbers; only a PC offline with its block used up gives a provisional number, which its next
sync replaces with a final one and reports. Real PostgreSQL, three PCs and a leader."""

from __future__ import annotations

import threading
import uuid
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from sqlalchemy import select

from app.cases import models as m
from app.cases.service import allocate_number, is_provisional
from app.sync.engine import NUMBER_BLOCK, NUMBERS_LOW
from app.sync.worker import read_status
from tests.integration.central.helpers import case_row, insert

if TYPE_CHECKING:
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

FINAL = r"^SR-\d{4}-\d{6,}$"


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def central_numbers(central: Central, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    with central.as_() as conn:
        return dict(conn.execute("SELECT id, number FROM caseline.cases WHERE id = ANY(%s)",
                                 (ids,)).fetchall())


def local_numbers(pc: Agent, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    with pc.store.sessions() as s:
        return {r.id: r.number for r in s.execute(
            select(m.Case.id, m.Case.number).where(m.Case.id.in_(ids)))}


def blocks_of(central: Central, role: str) -> list[tuple[int, int, int]]:
    with central.as_() as conn:
        return [(r[0], r[1], r[2]) for r in conn.execute(
            "SELECT year, first, last FROM caseline.case_number_blocks WHERE taken_by = %s "
            "ORDER BY year, first", (role,))]


def test_three_pcs_online_give_numbers_that_never_change(
        central: Central, pcs: dict[str, Agent]) -> None:
    team = [pcs["alice"], pcs["bob"], pcs["lena"]]
    for pc in team:
        pc.syncer.once()  # online: each PC holds a block before its first SR
    start = threading.Barrier(len(team))
    given: dict[uuid.UUID, str] = {}
    lock = threading.Lock()
    failures: list[BaseException] = []

    def work(pc: Agent) -> None:
        try:
            start.wait()
            for round_no in range(45):  # past one block: the sync tops it up as it goes
                case_id = pc.new_case(unique(f"{pc.role} {round_no}"))
                number = pc.case(case_id).number  # type: ignore[union-attr]
                with lock:
                    given[case_id] = number
                if round_no % 5 == 4:
                    pc.syncer.once()
            pc.syncer.once()
        except BaseException as exc:  # re-raised in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(pc,)) for pc in team]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for pc in team:
        pc.syncer.once()  # everyone has everyone's SRs
    ids = list(given)
    assert all(not is_provisional(n) for n in given.values())
    assert len(set(given.values())) == len(given) == 135  # all distinct
    assert central_numbers(central, ids) == given  # as each was given: none changed
    for pc in team:
        assert local_numbers(pc, ids) == given
        assert read_status(pc.store).parked == 0


def test_an_offline_pc_out_of_numbers_gives_a_provisional_one_that_the_centre_confirms(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, lena = pcs["alice"], pcs["bob"], pcs["lena"]
    for pc in (alice, bob, lena):
        pc.syncer.once()
    with alice.store.sessions() as s:
        left = sum(b.last - b.next + 1 for b in s.scalars(select(m.CaseNumberBlock)))
    assert left >= NUMBERS_LOW
    # Offline (no sync): the block runs out, then the numbers are provisional.
    finals = [alice.new_case(unique("While the block lasts")) for _ in range(left)]
    late = alice.new_case(unique("After the block"))
    later = alice.new_case(unique("And one more"))
    provisional = {c: alice.case(c).number for c in (late, later)}  # type: ignore[union-attr]
    assert all(is_provisional(n) for n in provisional.values()), provisional
    assert all(not is_provisional(alice.case(c).number) for c in finals)  # type: ignore[union-attr]
    note = alice.add_note(late, "Customer waits for a call back")
    call = alice.add_call(late)

    report = alice.syncer.once()  # online again
    confirmed = dict(report.confirmed)
    assert set(confirmed) == set(provisional.values())
    assert report.renumbered == []
    for case_id, old in provisional.items():
        new = alice.case(case_id).number  # type: ignore[union-attr]
        assert new == confirmed[old] and not is_provisional(new)
        assert any(first <= int(new.rsplit("-", 1)[1]) <= last
                   for _, first, last in blocks_of(central, "alice"))
    for pc in (bob, lena):
        pc.syncer.once()
    ids = [*finals, late, later]
    expected = local_numbers(alice, ids)
    assert central_numbers(central, ids) == expected
    assert local_numbers(bob, ids) == expected == local_numbers(lena, ids)
    # What hung on the provisional SR hangs on it still, here and centrally.
    assert [n.id for n in bob.notes(late)] == [note]
    with central.as_() as conn:
        assert conn.execute("SELECT case_id FROM caseline.notes WHERE id = %s",
                            (note,)).fetchone() == (late,)
        assert conn.execute("SELECT case_id FROM caseline.call_logs WHERE id = %s",
                            (call,)).fetchone() == (late,)
    assert (alice.queued(), read_status(alice.store).parked) == (0, 0)
    assert alice.syncer.once().confirmed == []  # told once


def test_concurrent_block_takers_never_overlap(central: Central) -> None:
    roles = ["alice", "bob", "carol", "lena", "sam"] * 3
    start = threading.Barrier(len(roles))
    got: list[tuple[str, int, int, int]] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def take(role: str) -> None:
        try:
            with central.connect(role) as conn:
                start.wait()
                for size in (50, 1, 17, 50):
                    year, first, last = conn.execute(
                        "SELECT * FROM caseline.take_case_numbers(%s)", (size,)).fetchone()  # type: ignore[misc]
                    assert last - first + 1 == size
                    with lock:
                        got.append((role, year, first, last))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=take, args=(r,)) for r in roles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    taken = sorted((year, first, last) for _, year, first, last in got)
    for (y1, _, last), (y2, first, _) in pairwise(taken):
        assert y1 != y2 or last < first, (last, first)
    for role in set(roles):  # and the centre says whose each is
        mine = {(y, f, la) for r, y, f, la in got if r == role}
        assert mine <= set(blocks_of(central, role))


@pytest.mark.parametrize("size", [0, 51, -5])
def test_a_block_has_at_most_fifty_numbers(central: Central, size: int) -> None:
    with central.as_("bob") as conn, pytest.raises(psycopg.errors.InvalidParameterValue):
        conn.execute("SELECT * FROM caseline.take_case_numbers(%s)", (size,))
    assert NUMBER_BLOCK <= 50


def test_an_agent_takes_blocks_only_for_itself_and_reads_nobody_s(central: Central) -> None:
    with central.as_("bob") as conn:
        conn.execute("SELECT * FROM caseline.take_case_numbers(5)")
        for attempt in (
            "SELECT * FROM caseline.case_number_blocks",
            "SELECT * FROM caseline.case_number_years",
            "INSERT INTO caseline.case_number_blocks (year, first, last, taken_by) "
            "VALUES (2026, 1, 999999, 'alice')",
            "UPDATE caseline.case_number_years SET next = 1",
            "SELECT caseline.allot_case_numbers(2026, 50, 'alice')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attempt)
        # SET ROLE to the group changes nothing: the block is still the login's.
        conn.execute("SET ROLE caseline_agent")
        conn.execute("SELECT * FROM caseline.take_case_numbers(3)")
        conn.execute("RESET ROLE")
    with central.as_() as conn:
        roles = {r[0] for r in conn.execute(
            "SELECT DISTINCT taken_by FROM caseline.case_number_blocks")}
    assert "caseline_agent" not in roles and "bob" in roles


def test_the_centre_refuses_a_final_number_outside_the_writer_s_blocks(
        central: Central) -> None:
    with central.as_("bob") as conn:
        year, bobs, _ = conn.execute(
            "SELECT * FROM caseline.take_case_numbers(5)").fetchone()  # type: ignore[misc]
    with central.as_("alice") as conn:
        _, alices, _ = conn.execute(
            "SELECT * FROM caseline.take_case_numbers(5)").fetchone()  # type: ignore[misc]
        frontier = alices + 10_000  # past every block given so far
        for serial in (bobs, frontier):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no number block"):
                insert(conn, "cases", case_row(number=f"SR-{year}-{serial:06d}"))
        with pytest.raises(psycopg.errors.CheckViolation, match="provisional"):
            insert(conn, "cases", case_row(number=f"SR-{year}-P000001"))
        mine = case_row(number=f"SR-{year}-{alices:06d}")
        insert(conn, "cases", mine)  # her own block: accepted
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no number block"):
            conn.execute("UPDATE caseline.cases SET number = %s WHERE id = %s",
                         (f"SR-{year}-{bobs + 1:06d}", mine["id"]))
    with central.as_() as conn:
        stored: Any = conn.execute("SELECT number FROM caseline.cases WHERE id = %s",
                                   (mine["id"],)).fetchone()
        taken = conn.execute("SELECT count(*) FROM caseline.cases WHERE number = %s",
                             (f"SR-{year}-{bobs:06d}",)).fetchone()
    assert stored == (f"SR-{year}-{alices:06d}",)
    assert taken == (0,)


def test_a_store_no_centre_ever_gave_a_block_counts_its_own_final_numbers(
        pcs: dict[str, Agent]) -> None:
    """A standalone store (the default: no centre) gives final numbers as it always did;
    provisional ones exist only on a PC the centre has given blocks before."""
    carol = pcs["carol"]
    with carol.store.session() as s:
        first, second = allocate_number(s), allocate_number(s)
    assert not is_provisional(first) and not is_provisional(second) and first != second
