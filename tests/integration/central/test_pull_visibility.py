"""Rows that become visible reach every PC that can now see them, with what hangs on them; a
row a PC cannot apply is parked and the rest go on; a pull does not re-read other teams' rows
(issue 17, item 1). Three PCs and a leader's PC against the real centre and its RLS."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest
from psycopg import errors
from sqlalchemy import event, select

from app.cases import models as m
from app.sync.worker import read_status
from tests.integration.central.agents import Agent
from tests.integration.central.helpers import RLS_VIOLATION, ids, insert, now
from tests.integration.central.teams import add_agent, add_team, tag

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.integration.central.helpers import Central


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def sync(*pcs: Agent) -> None:
    """One round each; every round must work (no error, nothing refused by surprise)."""
    for pc in pcs:
        pc.syncer.once()
        assert read_status(pc.store).last_error == ""


def has(pc: Agent, model: Any, row_id: uuid.UUID) -> bool:
    with pc.store.session() as s:
        return s.get(model, row_id) is not None


def customer(pc: Agent, code: str, company: str) -> uuid.UUID:
    with pc.store.session() as s:
        row = m.Customer(code=code, company=company)
        s.add(row)
        s.flush()
        return row.id


def move_case(central: Central, case_id: uuid.UUID, queue: str) -> None:
    with central.as_() as admin:  # the administrator moves SRs between teams
        admin.execute("UPDATE caseline.cases SET queue = %s WHERE id = %s", (queue, case_id))


def test_a_customer_adopted_by_one_pc_reaches_a_third_pc(
        central: Central, pcs: dict[str, Agent], tmp_path: Path) -> None:
    alice, bob, carol, lena = pcs["alice"], pcs["bob"], pcs["carol"], pcs["lena"]
    code = unique("C").replace(" ", "-")
    laptop = Agent(central, "alice", tmp_path / "laptop")  # Alice's other PC
    try:
        theirs = customer(laptop, code, "Fuji Trading (laptop)")
        sync(laptop)  # no SR refers to it: only Alice sees it centrally
    finally:
        laptop.close()
    # Bob's PC pulls a customer of its own after it: past the laptop's by change number.
    own = customer(bob, unique("B").replace(" ", "-"), "Bob's customer")
    bob.new_case(unique("Bob's"), customer_id=own)
    sync(bob, lena)
    mine = customer(alice, code, "Fuji Trading")  # the same code: the same customer
    case_id = alice.new_case(unique("Fuji"), customer_id=mine)
    sync(alice, alice)
    assert alice.case(case_id).customer_id == theirs  # type: ignore[union-attr]

    sync(bob, lena)
    for pc in (bob, lena):
        case = pc.case(case_id)
        assert case is not None and case.customer_id == theirs
        with pc.store.session() as s:
            adopted = s.get(m.Customer, theirs)
            assert adopted is not None and adopted.company == "Fuji Trading (laptop)"
        assert read_status(pc.store).parked == 0
    # And the pull goes on: Alice's next SR arrives.
    later = alice.new_case(unique("Later"))
    sync(alice, bob, lena, carol)
    assert bob.case(later) is not None and lena.case(later) is not None
    assert carol.case(case_id) is None and not has(carol, m.Customer, theirs)
    with central.as_("carol") as conn:
        assert ids(conn, "customers", theirs) == set()


def _case_with_everything(pc: Agent, queue: str = "hardware") -> dict[str, uuid.UUID]:
    """An SR with a customer, a contact, numbers of both, a note and a translation request."""
    with pc.store.session() as s:
        cust = m.Customer(code=unique("K").replace(" ", "-"), company="Kansai Denki")
        s.add(cust)
        s.flush()
        contact = m.Contact(customer_id=cust.id, name="Tanaka")
        s.add(contact)
        s.flush()
        main_line = m.PhoneNumber(customer_id=cust.id, raw="06-1111-2222", match_key="0611112222")
        mobile = m.PhoneNumber(contact_id=contact.id, raw="090-1111-2222",
                               match_key="09011112222")
        s.add_all([main_line, mobile])
        s.flush()
        got = {"customer": cust.id, "contact": contact.id, "main_line": main_line.id,
               "mobile": mobile.id}
    got["case"] = pc.new_case(unique("Moves"), queue=queue, customer_id=got["customer"],
                              contact_id=got["contact"])
    got["note"] = pc.add_note(got["case"], "Before the move")
    with pc.store.session() as s:
        request = m.TranslationRequest(case_id=got["case"], note_id=got["note"],
                                       source_language=m.Language.EN,
                                       target_language=m.Language.JA,
                                       source_text="Before the move")
        s.add(request)
        s.flush()
        got["request"] = request.id
    return got


def _has_everything(pc: Agent, rows: dict[str, uuid.UUID]) -> None:
    kinds = {"customer": m.Customer, "contact": m.Contact, "main_line": m.PhoneNumber,
             "mobile": m.PhoneNumber, "case": m.Case, "note": m.Note,
             "request": m.TranslationRequest}
    assert {name for name, model in kinds.items() if not has(pc, model, rows[name])} == set()


def test_an_sr_moved_to_another_teams_queue_reaches_that_team_with_what_hangs_on_it(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, carol, sam = pcs["alice"], pcs["bob"], pcs["carol"], pcs["sam"]
    rows = _case_with_everything(alice)
    sync(alice, bob)
    _has_everything(bob, rows)
    _case_with_everything(carol, "network")  # newer rows of every kind, south's own
    sync(carol, sam)  # their PCs have now pulled past every row of Alice's SR
    assert carol.case(rows["case"]) is None

    move_case(central, rows["case"], "network")
    sync(carol, sam, bob)
    for pc in (carol, sam):
        _has_everything(pc, rows)
        assert pc.case(rows["case"]).queue == "network"  # type: ignore[union-attr]
        assert read_status(pc.store).parked == 0
    # North no longer sees it, and its edits are refused by the centre itself.
    with central.as_("bob") as conn:
        assert ids(conn, "cases", rows["case"]) == set()
        assert conn.execute("UPDATE caseline.cases SET title = 'x' WHERE id = %s",
                            (rows["case"],)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_VIOLATION):
            insert(conn, "notes", {"id": uuid.uuid4(), "case_id": rows["case"],
                                   "body": "not ours", "language": "en", "created_at": now()})


def test_an_sr_that_comes_back_brings_what_was_written_while_it_was_away(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice, bob, carol, lena = pcs["alice"], pcs["bob"], pcs["carol"], pcs["lena"]
    rows = _case_with_everything(alice)
    sync(alice, bob, lena, carol)
    move_case(central, rows["case"], "network")
    sync(carol)
    away = carol.add_note(rows["case"], "Written in the south")
    with carol.store.session() as s:  # south adds a number to the SR's contact
        number = m.PhoneNumber(contact_id=rows["contact"], raw="080-3333-4444",
                               match_key="08033334444")
        s.add(number)
        s.flush()
        number_id = number.id
    _case_with_everything(alice)  # north's newer rows of every kind
    sync(carol, alice, bob, lena)  # north pulls past the south's rows: nothing of the SR
    assert not has(bob, m.Note, away)

    move_case(central, rows["case"], "hardware")
    sync(bob, lena, alice)
    for pc in (bob, lena, alice):
        assert has(pc, m.Note, away) and has(pc, m.PhoneNumber, number_id)
        assert pc.case(rows["case"]).queue == "hardware"  # type: ignore[union-attr]
        assert read_status(pc.store).parked == 0


def test_an_agent_moved_to_another_team_sees_it_and_it_sees_the_agents_srs(
        central: Central, pcs: dict[str, Agent]) -> None:
    t = tag()
    east, west = add_team(central, f"east-{t}", [f"eq-{t}"]), add_team(central, f"west-{t}",
                                                                        [f"wq-{t}"])
    mover, stayer = add_agent(central, f"em{t}", east), add_agent(central, f"es{t}", east)
    walt, lead = add_agent(central, f"wa{t}", west), add_agent(central, f"wl{t}", west,
                                                                leader=True)
    # An SR with no queue belongs to its creator's team; one in a queue, to the queue's.
    own = customer(pcs[mover], unique("E").replace(" ", "-"), "East KK")
    loose = pcs[mover].new_case(unique("No queue yet"), queue="", customer_id=own)
    loose_note = pcs[mover].add_note(loose, "Noted in the east")
    queued = pcs[mover].new_case(unique("East queue"), queue=f"eq-{t}")
    west_case = pcs[walt].new_case(unique("West's"), queue=f"wq-{t}")
    west_note = pcs[walt].add_note(west_case, "Noted in the west")
    sync(pcs[mover], pcs[stayer], pcs[walt], pcs[lead])
    assert pcs[stayer].case(loose) is not None and pcs[walt].case(loose) is None

    add_agent(central, mover, west)  # the administrator moves the agent
    sync(pcs[walt], pcs[lead], pcs[mover], pcs[stayer])
    for pc in (pcs[walt], pcs[lead]):
        assert pc.case(loose) is not None and has(pc, m.Note, loose_note)
        assert has(pc, m.Customer, own)
        assert pc.case(queued) is None
    assert pcs[mover].case(west_case) is not None and has(pcs[mover], m.Note, west_note)
    for pc in (pcs[walt], pcs[lead], pcs[mover], pcs[stayer]):
        assert read_status(pc.store).parked == 0
    with central.as_(stayer) as conn:  # the east no longer sees the mover's loose SR
        assert ids(conn, "cases", loose) == set()
        assert conn.execute("UPDATE caseline.cases SET title = 'x' WHERE id = %s",
                            (loose,)).rowcount == 0


def test_a_queue_handed_to_another_team_reaches_it(central: Central,
                                                   pcs: dict[str, Agent]) -> None:
    t = tag()
    east = add_team(central, f"east-{t}", [f"eq-{t}", f"ex-{t}"])
    west = add_team(central, f"west-{t}", [f"wq-{t}"])
    ann, ben = add_agent(central, f"ea{t}", east), add_agent(central, f"eb{t}", east)
    walt, lead = add_agent(central, f"wa{t}", west), add_agent(central, f"wl{t}", west,
                                                                leader=True)
    case_id = pcs[ann].new_case(unique("Handed over"), queue=f"ex-{t}")
    note = pcs[ann].add_note(case_id, "Before the hand-over")
    pcs[walt].new_case(unique("West's"), queue=f"wq-{t}")
    sync(pcs[ann], pcs[ben], pcs[walt], pcs[lead])

    add_team(central, west, [f"ex-{t}"])
    sync(pcs[walt], pcs[lead], pcs[ann], pcs[ben])
    for pc in (pcs[walt], pcs[lead]):
        assert pc.case(case_id) is not None and has(pc, m.Note, note)
    with central.as_(ben) as conn:
        assert ids(conn, "cases", case_id) == set()


def test_a_row_the_pc_cannot_apply_is_parked_and_the_rest_go_on(
        central: Central, pcs: dict[str, Agent], tmp_path: Path) -> None:
    alice, bob, lena = pcs["alice"], pcs["bob"], pcs["lena"]
    cust = customer(alice, unique("P").replace(" ", "-"), "Osaka Shoji")
    case_id = alice.new_case(unique("Osaka"), customer_id=cust)
    sync(alice, bob)
    with bob.store.session() as s:  # Bob adds a contact at the SR's customer
        row = m.Contact(customer_id=cust, name="Kept by Bob")
        s.add(row)
        s.flush()
        contact = row.id
    sync(bob)
    move_case(central, case_id, "network")  # the customer leaves north's reach
    with central.as_("bob") as conn:  # Bob still sees his contact, not what it belongs to
        assert ids(conn, "contacts", contact) == {contact}
        assert ids(conn, "customers", cust) == set()
    new_pc = Agent(central, "bob", tmp_path / "new-pc")  # Bob's new PC: pulls all he sees
    try:
        goes_on = alice.new_case(unique("Goes on"))
        sync(alice, new_pc, lena)
        assert new_pc.case(goes_on) is not None and lena.case(goes_on) is not None
        assert not has(new_pc, m.Contact, contact)
        status = read_status(new_pc.store)
        assert (status.parked, status.last_error) == (1, "")
        with new_pc.store.session() as s:  # parked with its reason: the customer out of reach
            why = s.execute(select(m.SyncPulledParked.table_name, m.SyncPulledParked.row_id,
                                   m.SyncPulledParked.code, m.SyncPulledParked.detail)).all()
        assert [tuple(r) for r in why] == [("contacts", contact, "parent_not_visible",
                                            f"customers {cust}")]
        sync(new_pc)
        assert read_status(new_pc.store).parked == 1  # counted once, however many rounds

        move_case(central, case_id, "hardware")  # back in reach: the contact applies
        sync(new_pc)
        assert has(new_pc, m.Contact, contact) and has(new_pc, m.Customer, cust)
        assert read_status(new_pc.store).parked == 0
    finally:
        new_pc.close()


def test_a_pc_never_gives_out_a_number_it_pulled(central: Central,
                                                pcs: dict[str, Agent]) -> None:
    alice, bob, lena = pcs["alice"], pcs["bob"], pcs["lena"]
    theirs = [alice.new_case(unique("Numbered")) for _ in range(3)]
    sync(alice, bob, lena)
    pulled = {bob.case(c).number for c in theirs}  # type: ignore[union-attr]
    for pc in (bob, lena):
        mine = pc.new_case(unique("Next one"))  # the PC's own next number
        assert pc.case(mine).number not in pulled  # type: ignore[union-attr]
    sync(bob, lena)
    assert read_status(bob.store).parked == read_status(lena.store).parked == 0


def _captured(pc: Agent, table: str) -> Iterator[tuple[str, Any]]:
    """The statements the PC's pull sends that read ``table``."""
    seen: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if f"FROM caseline.{table}" in statement and statement.lstrip().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(pc.engine, "before_cursor_execute", before)
    try:
        pc.syncer.pull()
    finally:
        event.remove(pc.engine, "before_cursor_execute", before)
    return iter(seen)


def _removed_by_filter(plan: dict[str, Any]) -> int:
    return int(plan.get("Rows Removed by Filter", 0)) + sum(
        _removed_by_filter(p) for p in plan.get("Plans", ()))


def test_a_pull_does_not_read_other_teams_rows_again(central: Central,
                                                     pcs: dict[str, Agent]) -> None:
    alice, carol = pcs["alice"], pcs["carol"]
    sync(alice)
    south = carol.new_case(unique("South's busy SR"), queue="network")
    for i in range(300):
        carol.add_note(south, f"south {i}")
    sync(carol)
    alice.syncer.pull()  # reads past the south's notes once (it cannot see them)
    assert not has(alice, m.Case, south)
    with central.as_("alice") as conn:
        for statement, parameters in _captured(alice, "notes"):
            plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement,
                                parameters).fetchone()[0][0]["Plan"]  # type: ignore[index]
            assert _removed_by_filter(plan) == 0, plan
    with alice.store.session() as s:
        assert s.scalars(select(m.Note.id).where(m.Note.case_id == south)).all() == []
