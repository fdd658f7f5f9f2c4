"""Change numbers without a lock: writers never wait for each other, and a pull still gets
every row, whatever order the writers commit in (issue 17, item 2).

Transactions are held open on explicit psycopg connections, so the interleaving is the test's
own: T1 takes a number, T2 a later one and commits, a pull runs, then T1 commits.
"""

from __future__ import annotations

import contextlib
import random
import threading
import uuid
from typing import TYPE_CHECKING

from psycopg import errors

from app.cases import models as m
from app.central.db import engine as central_engine
from app.central.models import CHANGE_LOCK
from app.sync.engine import Syncer
from app.sync.reach import Snapshot
from tests.integration.central.agents import Agent
from tests.integration.central.helpers import WAIT, ids, insert, note_row

if TYPE_CHECKING:
    from pathlib import Path

    import psycopg

    from tests.integration.central.helpers import Central

# A writer that waits longer than this for a lock fails the test instead of hanging it.
CEILING = f"{int(WAIT * 1000)}ms"
NORTH_PCS = ("alice", "bob", "lena")  # two agents and their team leader


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def _writer(central: Central, role: str) -> psycopg.Connection:
    conn = central.connect(role, autocommit=False)
    conn.execute(f"SET lock_timeout = '{CEILING}'")
    conn.commit()
    return conn


def _bodies(pc: Agent, case_id: uuid.UUID) -> set[str]:
    return {n.body for n in pc.notes(case_id)}


def _shared_case(pcs: dict[str, Agent]) -> uuid.UUID:
    case_id = pcs["alice"].new_case(unique("Watermark"))
    for role in NORTH_PCS:
        pcs[role].syncer.once()
    assert all(pcs[role].case(case_id) is not None for role in NORTH_PCS)
    return case_id


def test_a_row_committed_after_a_later_one_is_pulled_by_the_next_round(
        central: Central, pcs: dict[str, Agent]) -> None:
    case_id = _shared_case(pcs)
    first, second = note_row(case_id, "T1"), note_row(case_id, "T2")
    with _writer(central, "alice") as t1, _writer(central, "bob") as t2:
        n1 = insert(t1, "notes", first, returning="change_no")
        n2 = insert(t2, "notes", second, returning="change_no")  # T1 still open: no waiting
        assert n1 < n2
        t2.commit()
        for role in NORTH_PCS:
            pcs[role].syncer.pull()
            assert _bodies(pcs[role], case_id) == {"T2"}
        t1.commit()
    for role in NORTH_PCS:
        pcs[role].syncer.pull()
        assert _bodies(pcs[role], case_id) == {"T1", "T2"}
    with central.as_("carol") as carol:  # the other team sees neither
        assert ids(carol, "notes", first["id"], second["id"]) == set()


def test_many_writers_committing_in_any_order_skip_no_row(
        central: Central, pcs: dict[str, Agent]) -> None:
    case_id = _shared_case(pcs)
    rows = [note_row(case_id, f"note {i}") for i in range(12)]
    writers = [_writer(central, NORTH_PCS[i % 3]) for i in range(len(rows))]
    try:
        numbers = [insert(w, "notes", r, returning="change_no")
                   for w, r in zip(writers, rows, strict=True)]
        assert numbers == sorted(numbers)  # taken in this order, all twelve open at once
        order = list(range(len(rows)))
        random.Random(17).shuffle(order)
        order.remove(0)
        order.append(0)  # the first number commits last
        committed: set[str] = set()
        for step, k in enumerate(order):
            writers[k].commit()
            committed.add(rows[k]["body"])
            reader = pcs[NORTH_PCS[step % 3]]
            reader.syncer.pull()
            # Everything committed so far has arrived: nothing waits for an older writer.
            assert _bodies(reader, case_id) == committed
    finally:
        for w in writers:
            w.close()
    for role in NORTH_PCS:
        pcs[role].syncer.pull()
        assert _bodies(pcs[role], case_id) == {r["body"] for r in rows}


def test_pushers_on_many_threads_skip_no_row(central: Central, pcs: dict[str, Agent],
                                             tmp_path: Path) -> None:
    case_id = _shared_case(pcs)
    reader = Agent(central, "bob", tmp_path / "second-pc")  # Bob's other PC: only pulls
    try:
        reader.syncer.once()
        expected: set[str] = set()
        for role in NORTH_PCS:
            pcs[role].syncer.batch = 15  # many small transactions, interleaved
            for i in range(90):
                call = pcs[role].add_call(case_id) if i % 3 == 0 else None
                pcs[role].add_note(case_id, f"{role} {i}", call)
                expected.add(f"{role} {i}")
        done = threading.Event()
        failures: list[BaseException] = []

        def push(pc: Agent) -> None:
            try:
                pc.syncer.push()
            except BaseException as exc:  # reported by the test thread
                failures.append(exc)

        def pull() -> None:
            try:
                while not done.is_set():
                    reader.syncer.pull()
            except BaseException as exc:
                failures.append(exc)

        pullers = [threading.Thread(target=pull, name="reader")]
        pushers = [threading.Thread(target=push, args=(pcs[r],), name=r) for r in NORTH_PCS]
        for thread in pullers + pushers:
            thread.start()
        for thread in pushers:
            thread.join(WAIT * 4)
        done.set()
        pullers[0].join(WAIT * 4)
        assert not any(t.is_alive() for t in pullers + pushers)
        assert failures == []
        reader.syncer.pull()
        assert _bodies(reader, case_id) == expected
        for role in NORTH_PCS:
            assert pcs[role].queued() == 0
            pcs[role].syncer.pull()
            assert _bodies(pcs[role], case_id) == expected
    finally:
        reader.close()


def test_an_agent_holding_a_transaction_open_stops_no_other_writer_or_reader(
        central: Central, pcs: dict[str, Agent]) -> None:
    case_id = _shared_case(pcs)
    alice = pcs["alice"]
    # Alice's PC, with a ceiling on lock waits: a wait for the hostile session fails the test.
    impatient = central_engine(central.url("alice"),
                               connect_args={"options": f"-c lock_timeout={CEILING}"})
    south_case = pcs["carol"].new_case(unique("South"), queue="network")
    pcs["carol"].syncer.once()
    try:
        with central.connect("carol", autocommit=False) as hostile:
            # The old change-number lock, held by a hostile agent (refused, if the centre
            # refuses agents advisory locks: either way it must stop nobody).
            hostile.execute("SAVEPOINT lock")
            try:
                hostile.execute("SELECT pg_advisory_xact_lock(%s)", (CHANGE_LOCK,))
            except errors.InsufficientPrivilege:
                hostile.execute("ROLLBACK TO SAVEPOINT lock")
            insert(hostile, "notes", note_row(south_case, "held open"))  # a change number
            calls = [alice.add_call(case_id) for _ in range(10)]
            notes = [alice.add_note(case_id, f"while held {i}", c) for i, c in enumerate(calls)]
            syncer = Syncer(alice.store, impatient)
            assert syncer.push() == 20
            for role in ("bob", "lena"):
                pcs[role].syncer.pull()
                assert {n.id for n in pcs[role].notes(case_id)} >= set(notes)
            with contextlib.suppress(Exception):
                hostile.rollback()
        with central.as_("lena") as lena:  # the leader sees Alice's calls centrally
            assert ids(lena, "call_logs", *calls) == set(calls)
    finally:
        impatient.dispose()


def test_a_centre_restored_from_a_backup_gets_a_full_pull(central: Central,
                                                          pcs: dict[str, Agent]) -> None:
    bob = pcs["bob"]
    case_id = _shared_case(pcs)
    note = pcs["alice"].add_note(case_id, "After the restore")
    pcs["alice"].syncer.push()
    with bob.store.session() as s:
        # As if the centre had been restored to an earlier point: its transaction counter is
        # now behind the snapshot this PC last pulled.
        window = s.get(m.SyncWindow, 1)
        assert window is not None and window.done is not None
        done = Snapshot.parse(window.done)
        window.done = str(Snapshot(done.xmin + 10**9, done.xmax + 10**9, ()))
    bob.syncer.pull()
    assert note in {n.id for n in bob.notes(case_id)}
    with bob.store.session() as s:
        window = s.get(m.SyncWindow, 1)
        assert window is not None and window.done is not None
        assert Snapshot.parse(window.done).xmax < done.xmax + 10**9
