"""The sync against the real central database: agents' SQLite stores, real roles, real RLS.

Every test makes its own SRs (unique titles and numbers) in the session's shared cluster, so
they do not depend on each other's rows.
"""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import threading
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from alembic import command
from sqlalchemy import delete, select

from app.cases import models as m
from app.cases import store as store_module
from app.cases.demo import load_demo_data
from app.cases.store import open_sqlite
from app.cli import main as cli
from app.config import settings
from app.sync.conflicts import ConflictError, case_conflicts, resolve
from app.sync.engine import Syncer, classify
from app.sync.worker import SyncWorker, read_status
from app.telephony.config import ConfigError
from tests.integration.central.helpers import INJECTIONS

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from app.cases.store import Store
    from app.sync.status import CaseConflict, SyncStatus
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central


@pytest.fixture
def agents(pcs: dict[str, Agent]) -> dict[str, Agent]:
    """This file's name for conftest's ``pcs``: each PC made on first use, closed after."""
    return pcs


def central_rows(central: Central, table: str, column: str, value: Any) -> list[dict[str, Any]]:
    with central.as_() as conn:
        cur = conn.execute(f"SELECT * FROM caseline.{table} WHERE {column} = %s",  # noqa: S608
                           (value,))
        names = [d.name for d in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def open_conflicts(store: Store) -> list[CaseConflict]:
    with store.sessions() as session:
        return case_conflicts(session)


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def test_two_agents_round_trip_calls_and_notes(central: Central,
                                               agents: dict[str, Agent]) -> None:
    alice, bob, carol = agents["alice"], agents["bob"], agents["carol"]
    case_id = alice.new_case(unique("Printer jams"))
    call_id = alice.add_call(case_id)
    alice.add_note(case_id, "Asked for the model number", call_id)
    assert alice.queued() == 3

    report = alice.syncer.once()
    assert report.pushed == 3
    assert alice.queued() == 0

    bob.syncer.once()
    seen = bob.case(case_id)
    assert seen is not None and seen.title == alice.case(case_id).title  # type: ignore[union-attr]
    notes = bob.notes(case_id)
    assert [n.body for n in notes] == ["Asked for the model number"]
    # Alice's call is hers (and her leader's): Bob's copy of the note keeps the SR only.
    assert notes[0].call_log_id is None
    bob.add_note(case_id, "Model is LX-200; part ordered")
    bob.syncer.once()

    alice.syncer.once()
    bodies = [n.body for n in alice.notes(case_id)]
    assert bodies == ["Asked for the model number", "Model is LX-200; part ordered"]
    with alice.store.session() as s:
        author = s.get(m.Agent, alice.notes(case_id)[1].author_id)
        assert author is not None and author.name == "Bob Baba"

    # The other team never gets the SR; the team leader sees Alice's call centrally.
    carol.syncer.once()
    assert carol.case(case_id) is None
    with central.as_("lena") as conn:
        assert conn.execute("SELECT count(*) FROM caseline.call_logs WHERE id = %s",
                            (call_id,)).fetchone() == (1,)
    with central.as_("sam") as conn:
        assert conn.execute("SELECT count(*) FROM caseline.call_logs WHERE id = %s",
                            (call_id,)).fetchone() == (0,)
    # Pulling again brings nothing twice.
    assert alice.syncer.pull() == 0 or len(alice.notes(case_id)) == 2
    assert len(alice.notes(case_id)) == 2


def test_a_live_call_is_sent_when_it_starts_and_when_it_ends_not_per_heartbeat(
        central: Central, agents: dict[str, Agent]) -> None:
    alice = agents["alice"]
    alice.syncer.push()
    call_id = alice.add_call(ended=False)
    assert alice.queued() == 1
    alice.syncer.push()
    for _ in range(5):  # heartbeats: talk time and last sign of life
        with alice.store.session() as s:
            call = s.get(m.CallLog, call_id)
            assert call is not None
            call.last_alive_at = m.utcnow()
            call.talk_seconds += 1
    assert alice.queued() == 0
    with alice.store.session() as s:
        call = s.get(m.CallLog, call_id)
        assert call is not None
        call.outcome = m.Outcome.ANSWERED
        call.ended_at = m.utcnow()
    assert alice.queued() == 1
    alice.syncer.push()
    row, = central_rows(central, "call_logs", "id", call_id)
    assert row["outcome"] == "answered"
    # One trail entry: the end of the call, not one per heartbeat.
    assert len(central_rows(central, "call_log_history", "call_log_id", call_id)) == 1


def test_server_stopped_mid_push_then_started_every_row_exactly_once(
        central: Central, agents: dict[str, Agent]) -> None:
    alice = agents["alice"]
    alice.syncer.push()
    case_id = alice.new_case(unique("Outage"))
    calls = [alice.add_call(case_id) for _ in range(450)]
    notes = [alice.add_note(case_id, f"call {i}", c) for i, c in enumerate(calls)]

    batches = 0
    original = alice.syncer._after_push

    def stop_after_first_batch(*args: Any) -> None:
        nonlocal batches
        original(*args)
        batches += 1
        if batches == 1:
            central.pg.stop("immediate")  # the next batch finds the server gone

    alice.syncer._after_push = stop_after_first_batch  # type: ignore[method-assign, assignment]
    try:
        with pytest.raises(Exception) as failure:
            alice.syncer.push()
        assert classify(failure.value)[0] == "connect_failed"
        # Calls made while the server is down queue up.
        late = [alice.add_call(case_id) for _ in range(20)]
        assert alice.queued() > 20
    finally:
        alice.syncer._after_push = original  # type: ignore[method-assign]
        central.pg.start()
    alice.syncer.push()
    assert alice.queued() == 0
    assert read_status(alice.store).parked == 0  # a dropped connection refused no row
    with central.as_() as conn:
        got = {r[0] for r in conn.execute(
            "SELECT id FROM caseline.call_logs WHERE case_id = %s", (case_id,))}
        assert got == set(calls) | set(late)
        count = conn.execute("SELECT count(*) FROM caseline.call_logs WHERE case_id = %s",
                             (case_id,)).fetchone()
        assert count == (len(calls) + len(late),)
        got_notes = {r[0] for r in conn.execute(
            "SELECT id FROM caseline.notes WHERE case_id = %s", (case_id,))}
        assert got_notes == set(notes)
        # Sent again after the failure, the same rows changed nothing: no trail entries.
        trail = conn.execute(
            "SELECT count(*) FROM caseline.call_log_history h JOIN caseline.call_logs l "
            "ON l.id = h.call_log_id WHERE l.case_id = %s", (case_id,)).fetchone()
        assert trail == (0,)


def test_stale_sr_edit_is_a_conflict_and_nothing_is_overwritten(
        central: Central, agents: dict[str, Agent]) -> None:
    alice, bob = agents["alice"], agents["bob"]
    case_id = alice.new_case(unique("Scanner"))
    alice.syncer.once()
    bob.syncer.once()
    bob.edit_case(case_id, title="Scanner: feeder broken", priority=m.Priority.P2)
    bob.syncer.once()
    # Alice edits the same field without having seen Bob's change, and another one he left.
    alice.edit_case(case_id, title="Scanner: lamp broken", status=m.CaseStatus.OPEN)
    report = alice.syncer.once()
    assert report.conflicts >= 1

    central_case, = central_rows(central, "cases", "id", case_id)
    assert central_case["title"] == "Scanner: feeder broken"  # not silently overwritten
    assert alice.case(case_id).title == "Scanner: lamp broken"  # type: ignore[union-attr]
    conflict, = [c for c in open_conflicts(alice.store) if c.case_id == case_id]
    assert conflict.theirs_by == "Bob Baba"
    assert [(f.field, f.mine, f.theirs) for f in conflict.fields] == [
        ("title", "Scanner: lamp broken", "Scanner: feeder broken")]
    assert read_status(alice.store).conflicts >= 1

    with alice.store.session() as s, pytest.raises(ConflictError) as missing:
        resolve(s, case_id, {})
    assert missing.value.code == "choice_missing"
    with alice.store.session() as s:
        resolve(s, case_id, {"title": "mine"})
    alice.syncer.once()
    central_case, = central_rows(central, "cases", "id", case_id)
    # Her title, Bob's priority, her status: and Bob's title kept in the history.
    assert (central_case["title"], central_case["priority"], central_case["status"]) == (
        "Scanner: lamp broken", "P2", "open")
    history = central_rows(central, "case_history", "case_id", case_id)
    assert any(h["field"] == "title" and h["value"] == "Scanner: feeder broken"
               and h["kind"] == "overwritten" for h in history)
    assert not [c for c in open_conflicts(alice.store) if c.case_id == case_id]


def test_choosing_the_central_value_keeps_mine_in_the_history(
        central: Central, agents: dict[str, Agent]) -> None:
    alice, bob = agents["alice"], agents["bob"]
    case_id = alice.new_case(unique("Router"))
    alice.syncer.once()
    bob.syncer.once()
    bob.edit_case(case_id, description="Firmware 2.1 fixes it")
    bob.syncer.once()
    alice.edit_case(case_id, description="Replace the unit")
    alice.syncer.once()
    with alice.store.session() as s:
        resolve(s, case_id, {"description": "theirs"})
    alice.syncer.once()
    assert alice.case(case_id).description == "Firmware 2.1 fixes it"  # type: ignore[union-attr]
    history = central_rows(central, "case_history", "case_id", case_id)
    assert any(h["field"] == "description" and h["value"] == "Replace the unit"
               and h["kind"] == "lost" for h in history)


def test_edits_of_different_fields_merge_without_asking(
        central: Central, agents: dict[str, Agent]) -> None:
    alice, bob = agents["alice"], agents["bob"]
    case_id = alice.new_case(unique("Merge"))
    alice.syncer.once()
    bob.syncer.once()
    bob.edit_case(case_id, priority=m.Priority.P1)
    bob.syncer.once()
    alice.edit_case(case_id, status=m.CaseStatus.ESCALATED)
    report = alice.syncer.once()
    assert report.conflicts == 0
    row, = central_rows(central, "cases", "id", case_id)
    assert (row["priority"], row["status"]) == ("P1", "escalated")
    local = alice.case(case_id)
    assert local is not None and (local.priority, local.status) == (
        m.Priority.P1, m.CaseStatus.ESCALATED)
    bob.syncer.once()
    assert bob.case(case_id).status == m.CaseStatus.ESCALATED  # type: ignore[union-attr]


def test_moving_an_sr_to_another_teams_queue_is_refused_as_a_conflict(
        central: Central, agents: dict[str, Agent]) -> None:
    alice = agents["alice"]
    case_id = alice.new_case(unique("Wrong team"))
    alice.syncer.once()
    alice.edit_case(case_id, queue="network")  # south's queue
    alice.syncer.once()
    conflict, = [c for c in open_conflicts(alice.store) if c.case_id == case_id]
    field, = conflict.fields
    assert (field.field, field.mine, field.theirs, field.refused) == (
        "queue", "network", "hardware", True)
    with alice.store.session() as s, pytest.raises(ConflictError):
        resolve(s, case_id, {"queue": "mine"})
    with alice.store.session() as s:
        resolve(s, case_id, {"queue": "theirs"})
    alice.syncer.once()
    assert alice.case(case_id).queue == "hardware"  # type: ignore[union-attr]
    assert alice.queued() == 0


def test_the_same_sr_number_from_two_pcs_is_renumbered_centrally(
        central: Central, agents: dict[str, Agent]) -> None:
    alice, bob = agents["alice"], agents["bob"]
    # Numbers the PCs counted themselves, of a year before the centre's blocks (central
    # migration 0006): the old renumbering, the last resort for such numbers.
    year = 2001
    number = f"SR-{year}-{900000 + uuid.uuid4().int % 90000:06d}"
    first = alice.new_case(unique("Alice's"), number=number)
    second = bob.new_case(unique("Bob's"), number=number)
    alice.syncer.once()
    report = bob.syncer.once()
    new = bob.case(second).number  # type: ignore[union-attr]
    assert report.renumbered == [(number, new)]
    assert new != number and new.startswith(f"SR-{year}-")
    assert central_rows(central, "cases", "id", first)[0]["number"] == number
    assert central_rows(central, "cases", "id", second)[0]["number"] == new
    # Bob's store now has both SRs, each with its central number.
    assert bob.case(first).number == number  # type: ignore[union-attr]


def test_a_customer_code_the_team_already_has_is_the_same_customer(
        central: Central, agents: dict[str, Agent]) -> None:
    alice, bob = agents["alice"], agents["bob"]
    code = unique("C").replace(" ", "-")
    with bob.store.session() as s:
        bobs = m.Customer(code=code, company="Fuji Trading (Bob)")
        s.add(bobs)
        s.flush()
        bobs_id = bobs.id
    bob.new_case(unique("Fuji"), customer_id=bobs_id)
    bob.syncer.once()
    with alice.store.session() as s:  # before alice pulled bob's
        mine = m.Customer(code=code, company="Fuji Trading")
        s.add(mine)
        s.flush()
        mine_id = mine.id
    case_id = alice.new_case(unique("Fuji"), customer_id=mine_id)
    alice.syncer.once()
    alice.syncer.once()
    theirs, = central_rows(central, "customers", "code", code)
    assert theirs["id"] == bobs_id != mine_id
    row, = central_rows(central, "cases", "id", case_id)
    assert row["customer_id"] == bobs_id
    assert alice.case(case_id).customer_id == bobs_id  # type: ignore[union-attr]
    assert read_status(alice.store).parked == 0


def test_a_customer_code_another_team_created_is_not_handed_over(
        central: Central, agents: dict[str, Agent]) -> None:
    """Issue 17: the code alone gave another team's customer and every contact of it. Now the
    PC's customer and its SR wait here (parked), and south's customer stays south's."""
    alice, carol = agents["alice"], agents["carol"]
    code = unique("C").replace(" ", "-")
    with carol.store.session() as s:
        s.add(m.Customer(code=code, company="Fuji Trading (south)"))
    carol.syncer.once()
    with alice.store.session() as s:
        mine = m.Customer(code=code, company="Fuji Trading")
        s.add(mine)
        s.flush()
        mine_id = mine.id
    case_id = alice.new_case(unique("Fuji"), customer_id=mine_id)
    alice.syncer.once()
    theirs, = central_rows(central, "customers", "code", code)
    assert theirs["id"] != mine_id and theirs["creator_role"] == "carol"
    assert central_rows(central, "cases", "id", case_id) == []
    with alice.store.sessions() as s:
        parked = {p.table_name: p.code for p in s.scalars(select(m.SyncParked))}
    # The SR names a customer alice does not see: refused by row security before the
    # foreign key is checked.
    assert parked == {"customers": "customer_code_taken", "cases": "refused"}
    assert alice.case(case_id).customer_id == mine_id  # type: ignore[union-attr]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_round_trip_as_data(central: Central, agents: dict[str, Agent],
                                              text: str) -> None:
    alice, bob = agents["alice"], agents["bob"]
    with alice.store.session() as s:
        customer = m.Customer(code=(text + uuid.uuid4().hex[:6])[-64:], company=text)
        s.add(customer)
        s.flush()
        contact = m.Contact(customer_id=customer.id, name=text, email=text)
        s.add(contact)
        s.flush()
        s.add(m.PhoneNumber(contact_id=contact.id, raw=text[:64], match_key=text[:40],
                            label=text[:24]))
        ids = customer.id, contact.id
    case_id = alice.new_case(text, description=text, customer_id=ids[0], contact_id=ids[1])
    call_id = alice.add_call(case_id, display_name=text, remote_uri=text, match_detail=text)
    alice.add_note(case_id, text, call_id)
    alice.syncer.once()
    assert read_status(alice.store).parked == 0
    bob.syncer.once()
    case = bob.case(case_id)
    assert case is not None and (case.title, case.description) == (text, text)
    assert [n.body for n in bob.notes(case_id)] == [text]
    with bob.store.session() as s:
        pulled_customer = s.get(m.Customer, ids[0])
        pulled_contact = s.get(m.Contact, ids[1])
        assert pulled_customer is not None and pulled_customer.company == text
        assert pulled_contact is not None
        assert (pulled_contact.name, pulled_contact.email) == (text, text)
    row, = central_rows(central, "call_logs", "id", call_id)
    assert (row["display_name"], row["remote_uri"], row["match_detail"]) == (text, text, text)
    with central.as_() as conn:  # and the tables they aimed at are all still there
        assert conn.execute("SELECT count(*) FROM caseline.call_logs").fetchone()[0] > 0  # type: ignore[index]


def test_a_client_clock_off_by_an_hour_changes_nothing(central: Central,
                                                       agents: dict[str, Agent]) -> None:
    """Created/updated times are data; what wins is the version and the change number."""
    alice, bob = agents["alice"], agents["bob"]
    ahead, behind = m.utcnow() + timedelta(hours=1), m.utcnow() - timedelta(hours=1)
    case_id = alice.new_case(unique("Skew"), created_at=ahead, updated_at=ahead)
    alice.syncer.once()
    bob.syncer.once()
    # Bob's clock is two hours behind Alice's; his later edit still lands, and hers after it.
    with bob.store.session() as s:
        case = s.get(m.Case, case_id)
        assert case is not None
        case.title, case.updated_at = "Edited by a slow clock", behind
    bob.syncer.once()
    alice.syncer.once()
    assert alice.case(case_id).title == "Edited by a slow clock"  # type: ignore[union-attr]
    with alice.store.session() as s:
        case = s.get(m.Case, case_id)
        assert case is not None
        case.priority, case.updated_at = m.Priority.P1, ahead
    alice.syncer.once()
    bob.syncer.once()
    local = bob.case(case_id)
    assert local is not None and (local.title, local.priority) == (
        "Edited by a slow clock", m.Priority.P1)
    note_ahead = alice.add_note(case_id, "from the future")
    with bob.store.session() as s:
        s.add(m.Note(case_id=case_id, body="from the past", language=m.Language.EN,
                     created_at=behind))
    alice.syncer.once()
    bob.syncer.once()
    alice.syncer.once()
    assert {n.body for n in alice.notes(case_id)} == {"from the future", "from the past"}
    assert note_ahead in {n.id for n in bob.notes(case_id)}


def test_demo_rows_stay_local_and_what_refers_to_them_is_parked(
        central: Central, agents: dict[str, Agent], tmp_path: Path) -> None:
    alice = agents["alice"]
    alice.syncer.push()
    store = open_sqlite(tmp_path / "demo.db")
    try:
        load_demo_data(store)
        assert read_status(store).queued == 0
        syncer = Syncer(store, alice.engine)
        with store.session() as s:
            case = s.scalars(select(m.Case).limit(1)).one()
            s.add(m.Note(case_id=case.id, body="real work on a demo SR",
                         language=m.Language.EN))
            case_id = case.id
        syncer.once()
        status = read_status(store)
        assert (status.queued, status.parked) == (0, 1)
        assert central_rows(central, "cases", "id", case_id) == []
    finally:
        store.close()


def test_a_store_with_work_from_before_the_sync_queues_it(tmp_path: Path) -> None:
    """Migration 0006 queues what a store already held: the agent's own work."""
    path = tmp_path / "old.db"
    engine = store_module.sqlite_engine(path)
    config = store_module._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0005")
        conn.exec_driver_sql(
            "INSERT INTO cases (id, number, title, description, status, priority, "
            "priority_confirmed, language, queue, created_at, updated_at, version) VALUES "
            "('0123456789abcdef0123456789abcdef', 'SR-2026-000001', 'Old work', '', 'open', "
            "'P3', 0, 'ja', '', '2026-01-05 10:00:00', '2026-01-05 10:00:00', 1)")
    engine.dispose()
    store = open_sqlite(path)
    try:
        status = read_status(store)
        assert status.queued == 1
    finally:
        store.close()


@pytest.mark.parametrize("where", ["mid-transaction", "after-commit"])
def test_sync_process_killed_mid_batch_loses_nothing_and_duplicates_nothing(
        central: Central, agents: dict[str, Agent], tmp_path: Path, where: str) -> None:
    alice = agents["alice"]
    alice.syncer.push()
    case_id = alice.new_case(unique("Killed"))
    calls = [alice.add_call(case_id) for _ in range(300)]
    notes = [alice.add_note(case_id, f"note {i}", c) for i, c in enumerate(calls)]
    child = subprocess.run(
        [sys.executable, "-m", "tests.integration.central.sync_child",
         str(alice.store.path), central.url("alice"), where],
        capture_output=True, text=True, timeout=120, check=False)
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    assert alice.queued() > 0  # the kill left work queued

    alice.syncer.push()
    assert alice.queued() == 0
    with central.as_() as conn:
        got_calls = [r[0] for r in conn.execute(
            "SELECT id FROM caseline.call_logs WHERE case_id = %s", (case_id,))]
        got_notes = [r[0] for r in conn.execute(
            "SELECT id FROM caseline.notes WHERE case_id = %s", (case_id,))]
        trail = conn.execute(
            "SELECT count(*) FROM caseline.call_log_history h JOIN caseline.call_logs l "
            "ON l.id = h.call_log_id WHERE l.case_id = %s", (case_id,)).fetchone()
    assert sorted(got_calls) == sorted(calls)
    assert sorted(got_notes) == sorted(notes)
    assert trail == (0,)  # rows sent twice were the same rows: no update recorded


def test_caseline_sync_once_uses_the_configured_url_and_the_keyring(
        central: Central, tmp_path: Path, memory_keyring: Any,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    url = central.pg.url("bob")  # no password in it: that is the keyring's
    config = tmp_path / "caseline.toml"
    config.write_text(f'[cases]\ndatabase = "{tmp_path / "bob.db"}"\n\n'
                      f'[central]\nurl = "{url}"\n', encoding="utf-8")
    monkeypatch.delenv("CASELINE_CENTRAL_URL", raising=False)
    monkeypatch.delenv("CASELINE_DB", raising=False)

    assert cli.main(["--config", str(config), "sync", "--once"]) == 2
    assert "keyring" in capsys.readouterr().err

    monkeypatch.setattr("sys.stdin", io.StringIO(central.passwords["bob"] + "\n"))
    assert cli.main(["--config", str(config), "sync", "--set-password",
                     "--password-stdin"]) == 0
    assert central.passwords["bob"] not in capsys.readouterr().out
    store = open_sqlite(tmp_path / "bob.db")
    try:
        with store.session() as s:
            s.add(m.Customer(code=unique("CLI").replace(" ", "-"), company="Via the CLI"))
    finally:
        store.close()
    assert cli.main(["--config", str(config), "sync", "--once"]) == 0
    out = capsys.readouterr().out
    assert "1 sent" in out and "0 waiting" in out

    central.pg.stop()
    try:
        assert cli.main(["--config", str(config), "sync", "--once"]) == 1
        err = capsys.readouterr().err
        assert "Cannot connect" in err and central.passwords["bob"] not in err
    finally:
        central.pg.start()
    store = open_sqlite(tmp_path / "bob.db")
    try:
        status = read_status(store)
        assert status.last_error == "connect_failed" and status.last_success is not None
    finally:
        store.close()


def test_a_password_in_the_central_url_of_the_config_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "caseline.toml"
    config.write_text('[central]\nurl = "postgresql://alice:hunter2@db.example/caseline"\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        settings.load(config)
    assert refused.value.code == "secret_in_config"
    assert "hunter2" not in str(refused.value)


def test_one_refused_row_in_a_large_batch_is_parked_and_the_rest_goes(
        central: Central, agents: dict[str, Agent]) -> None:
    alice = agents["alice"]
    case_id = alice.new_case(unique("Batch"))
    alice.syncer.push()
    with alice.store.session() as s:  # an SR that never reaches the centre (like demo data)
        s.add(m.SyncPause(id=1))
        s.flush()
        hidden = m.Case(number=f"SR-LOCAL-{uuid.uuid4().hex[:8]}", title="Local only")
        s.add(hidden)
        s.flush()
        s.execute(delete(m.SyncPause))
        hidden_id = hidden.id
    good = [alice.add_call(case_id) for _ in range(150)]
    bad = alice.add_call(hidden_id)
    report = alice.syncer.push_report()
    assert (report.pushed, report.parked) == (150, 1)
    with central.as_() as conn:
        got = {r[0] for r in conn.execute(
            "SELECT id FROM caseline.call_logs WHERE case_id = %s", (case_id,))}
    assert got == set(good)
    status = read_status(alice.store)
    assert (status.queued, status.parked) == (0, 1)
    with alice.store.session() as s:
        parked = s.get(m.SyncParked, ("call_logs", bad))
        assert parked is not None and parked.code == "refers_to_unsynced"
    # "Sync now" tries it again: still refused, still kept, never lost.
    assert alice.syncer.retry_parked() == 1
    assert alice.syncer.push_report().parked == 1


def test_the_worker_rides_out_a_server_restart(central: Central,
                                               agents: dict[str, Agent]) -> None:
    alice = agents["alice"]
    alice.syncer.push()
    statuses: list[SyncStatus] = []
    changed = threading.Condition()

    def seen(status: SyncStatus) -> None:
        with changed:
            statuses.append(status)
            changed.notify_all()

    def wait_for(test: Callable[[SyncStatus], bool]) -> SyncStatus:
        """The first status reported from now on that passes ``test``."""
        with changed:
            start = len(statuses)
            assert changed.wait_for(lambda: any(test(s) for s in statuses[start:]), timeout=30)
            return next(s for s in statuses[start:] if test(s))

    worker = SyncWorker(alice.syncer, push_interval=0.05, pull_interval=0.2, max_backoff=0.5,
                        on_status=seen)
    case_id = alice.new_case(unique("Restart"))
    worker.start()
    try:
        wait_for(lambda s: s.queued == 0 and s.last_success is not None and not s.running)
        central.pg.stop("immediate")
        try:
            calls = [alice.add_call(case_id) for _ in range(5)]
            # The first commit wakes the worker at once: a failure may be reported before all
            # five are in; they all wait, and go once the server is back.
            down = wait_for(lambda s: s.last_error == "connect_failed" and s.queued >= 5)
            assert down.last_success is not None
        finally:
            central.pg.start()
        worker.kick()
        back = wait_for(lambda s: s.queued == 0 and s.last_error == "" and not s.running)
        assert back.parked == 0  # offline, then everything went: nothing set aside
    finally:
        worker.stop()
    with central.as_() as conn:
        got = {r[0] for r in conn.execute(
            "SELECT id FROM caseline.call_logs WHERE case_id = %s", (case_id,))}
    assert got == set(calls)


def test_backoff_doubles_to_its_ceiling_with_jitter(central: Central,
                                                    agents: dict[str, Agent]) -> None:
    worker = SyncWorker(agents["alice"].syncer, push_interval=0.5, max_backoff=60.0)
    assert worker.backoff() == 0.5  # no failure: the normal rhythm
    waits = []
    for failures in range(1, 12):
        worker._failures = failures
        waits.append([worker.backoff() for _ in range(20)])
    for failures, samples in enumerate(waits, start=1):
        ceiling = min(60.0, 0.5 * 2 ** failures)
        assert all(ceiling / 2 <= w <= ceiling for w in samples)
        assert len(set(samples)) > 1  # jitter: a hundred PCs do not knock in step
    assert max(waits[-1]) <= 60.0
