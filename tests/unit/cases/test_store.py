"""The SQLite store: migrations, backups, and clear errors for locked or damaged files."""

from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING, Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, select
from sqlalchemy.exc import DatabaseError, IntegrityError

from app.cases import store as store_mod
from app.cases.models import Base, Case, Disposition, Language, Note, new_id
from app.cases.store import HEAD, StoreError, head_revision, open_sqlite

if TYPE_CHECKING:
    from pathlib import Path


def test_new_store_is_migrated_to_head_and_matches_the_models(tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "c.db")
    try:
        assert store.revision() == head_revision()
        with store.engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            diff = compare_metadata(MigrationContext.configure(
                conn, opts={"compare_type": True}), Base.metadata)
        assert mode == "wal"
        assert diff == []  # the migrations build exactly what the models declare
        with store.session() as session:
            codes = set(session.scalars(select(Disposition.code)))
        assert {"resolved-on-call", "follow-up", "escalated", "wrong-number"} <= codes
        assert not list(tmp_path.glob("c.db.backup-*"))  # nothing to back up in a new file
    finally:
        store.close()


def test_migration_of_an_existing_file_takes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    store = open_sqlite(path)
    with store.session() as session:
        session.add(Case(number="SR-2026-000001", title="kept"))
    with store.engine.begin() as conn:  # pretend the file is one schema behind
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
    store.close()
    with pytest.raises(StoreError) as err:
        open_sqlite(path)
    assert err.value.code == "newer_schema"  # an unknown revision is never touched

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (head_revision(),))
        conn.execute("DELETE FROM alembic_version")  # unversioned file with tables
    # Tables but no version: the migration fails, and the copy taken before it has the data.
    with pytest.raises(StoreError) as err:
        open_sqlite(path)
    assert err.value.code == "migration_failed"
    backups = list(tmp_path.glob("c.db.backup-*-unversioned"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT title FROM cases").fetchone() == ("kept",)


def test_damaged_file_is_a_clear_error_with_the_way_back(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    store = open_sqlite(path)
    store.close()
    backup = store_mod.backup_file(path, "manual")
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as err:
        open_sqlite(path)
    assert err.value.code == "damaged"
    assert err.value.path == str(path)
    assert err.value.backup == str(backup)
    store_mod.restore_backup(path, backup)
    assert list(tmp_path.glob("c.db.damaged-*"))  # the damaged file is kept for forensics
    open_sqlite(path).close()


def test_locked_file_is_a_clear_error_and_nothing_is_half_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "c.db"
    store = open_sqlite(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(StoreError) as err, store.session() as session:
            session.add(Case(number="SR-2026-000001", title="waits"))
        assert err.value.code == "locked"
        assert err.value.path == str(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with store.session() as session:
        session.add(Case(number="SR-2026-000001", title="goes through"))
    with store.session() as session:
        assert session.scalars(select(Case.title)).all() == ["goes through"]
    store.close()


def test_a_full_disk_is_unwritable_and_nothing_is_half_written(tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "c.db")
    with store.session() as session:
        session.add(Case(number="SR-2026-000001", title="written before"))

    # SQLITE_FULL ("database or disk is full", what ENOSPC gives) by the page limit: the file
    # may not grow, and a long description needs new pages.
    def no_growth(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_conn.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    event.listen(store.engine, "checkout", no_growth)
    with pytest.raises(StoreError) as err, store.session() as session:
        session.add(Case(number="SR-2026-000002", title="t", description="長" * 90_000))
    assert err.value.code == "unwritable"  # the UI's "cannot be written (disk full ...)"
    event.remove(store.engine, "checkout", no_growth)
    with store.session() as session:
        assert session.scalars(select(Case.title)).all() == ["written before"]
    store.close()


def test_notes_are_append_only(tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "c.db")
    case_id = new_id()
    with store.session() as session:
        session.add(Case(id=case_id, number="SR-2026-000001", title="t"))
        session.add(Note(case_id=case_id, body="first", language=Language.EN))
    with pytest.raises(DatabaseError), store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE notes SET body = 'rewritten'")
    with pytest.raises(DatabaseError), store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM notes")
    with store.session() as session:
        assert session.scalars(select(Note.body)).all() == ["first"]
    store.close()


def test_sql_like_and_long_text_is_plain_data(tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "c.db")
    title = "'); DROP TABLE cases; -- " + "長" * 400
    with store.session() as session:
        session.add(Case(number="SR-2026-000001", title=title))
    with store.session() as session:
        assert session.scalars(select(Case.title)).one() == title
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(Case(number="SR-2026-000001", title="duplicate number"))
    store.close()


def test_concurrent_readers_do_not_block_the_writer(tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "c.db")
    reader = sqlite3.connect(tmp_path / "c.db", check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cases").fetchone()  # a long read (WAL: no lock)
    done = threading.Event()

    def write() -> None:
        with store.session() as session:
            session.add(Case(number="SR-2026-000009", title="written during a read"))
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)
    reader.execute("ROLLBACK")
    reader.close()
    assert done.is_set()
    store.close()


def test_head_constant_is_alembics_head() -> None:
    # The store skips loading alembic when a file is at HEAD: HEAD must be the real head.
    assert head_revision() == HEAD
