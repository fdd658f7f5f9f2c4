"""The case store: an SQLite file on the agent's PC (WAL), migrated with Alembic at open.

Before any migration touches an existing file, a copy is taken next to it with SQLite's online
backup (consistent even with WAL). Errors carry a stable ``code`` (translated by the UI and CLI)
and the file they are about, with the way back when there is one.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.common import migrating

if TYPE_CHECKING:
    from collections.abc import Iterator

    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000  # a writer waits this long for another before "database is locked"
AUTOCHECKPOINT_PAGES = 20_000  # ~80 MB of WAL
CHECKPOINT_SECONDS = 2.0
# The pool's connections, all opened by open_sqlite and kept: the desktop has at most this many
# sessions at once (the desk's writer, two readers, the sync). Grown on demand, the pool kept
# each connection a rarer overlap opened (the file and its WAL: two descriptors each), and the
# soak saw the window's descriptors grow after hundreds of calls (issue 21); one more session
# than this borrows a connection the pool closes when it is done.
STORE_CONNECTIONS = 5


class StoreError(RuntimeError):
    """``code``: locked, damaged, newer_schema, unwritable, missing. ``path``: the file."""

    def __init__(self, code: str, path: str, detail: str = "", backup: str = "") -> None:
        super().__init__(f"{code}: {path}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.path = path
        self.detail = detail
        self.backup = backup  # a copy to go back to, when there is one


# Alembic (~11 MB resident) is loaded only when a schema has to change: at every start the
# stored revision is compared with HEAD first, and a store at HEAD never imports it.
HEAD = "0014"  # the newest migration; tests/unit/cases/test_store.py checks it against alembic


def _alembic_config() -> Config:
    return migrating.alembic_config(MIGRATIONS)


def head_revision() -> str:
    return migrating.head_revision(MIGRATIONS)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at checkpoints, fast
        # Checkpoints (which fsync) belong to the Checkpointer thread, not to a commit on the
        # call path; this is only the ceiling should that thread not keep up.
        cursor.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
    finally:
        cursor.close()


@dataclass
class Store:
    engine: Engine
    path: Path | None  # None for a server database
    sessions: sessionmaker[Session]

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed at the end, rolled back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                raise self.classify(exc) from exc
            except BaseException:
                session.rollback()
                raise

    def classify(self, exc: BaseException) -> StoreError:
        """A database failure as a StoreError with a stable, translatable code."""
        text = str(getattr(exc, "orig", exc))
        where = str(self.path or self.engine.url.render_as_string(hide_password=True))
        if "locked" in text or "busy" in text:
            return StoreError("locked", where, text)
        # "database or disk is full" (SQLITE_FULL, ENOSPC) and "disk I/O error" (a write the
        # file system refused) are a disk that takes no more: the agent is told it cannot be
        # written, not "something went wrong" (issue 21, tests/integration/test_faults.py).
        if ("readonly" in text or "read-only" in text or "unable to open" in text
                or "disk is full" in text or "disk I/O error" in text):
            return StoreError("unwritable", where, text)
        if "malformed" in text or "not a database" in text:
            return StoreError("damaged", where, text, latest_backup(self.path))
        return StoreError("failed", where, text)

    def close(self) -> None:
        self.engine.dispose()

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
                    if conn.dialect.name == "sqlite" else
                    "SELECT 1 FROM information_schema.tables "
                    "WHERE table_name = 'alembic_version'").first():
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def latest_backup(path: Path | None) -> str:
    if path is None:
        return ""
    backups = sorted(path.parent.glob(f"{path.name}.backup-*"))
    return str(backups[-1]) if backups else ""


def sqlite_engine(path: Path) -> Engine:
    # LIFO: a quiet store works on the connection it used last, the others' page caches stay
    # cold (each is its own, up to 2 MB).
    engine = create_engine(f"sqlite:///{path}", future=True, pool_size=STORE_CONNECTIONS,
                           pool_use_lifo=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _open_connections(engine: Engine) -> None:
    """Open the pool's STORE_CONNECTIONS at once, each with its WAL (a first read opens it)."""
    with contextlib.ExitStack() as stack:
        for _ in range(STORE_CONNECTIONS):
            conn = stack.enter_context(engine.connect())
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def open_sqlite(path: Path, *, migrate: bool = True) -> Store:
    """Open (creating it if need be) and migrate the store at ``path``."""
    path = path.expanduser()
    where = str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError("unwritable", where, exc.strerror or str(exc)) from None
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _check_integrity(path)
    engine = sqlite_engine(path)
    store = Store(engine, path, sessionmaker(engine, expire_on_commit=False))
    try:
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode = WAL").scalar()
            if mode != "wal":
                log.warning("%s: journal mode %s, not WAL", path, mode)
            conn.commit()
        if migrate:
            upgrade(store, backup=existed)
        _open_connections(engine)
    except OperationalError as exc:
        engine.dispose()
        raise store.classify(exc) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError("damaged", where, str(exc.orig), latest_backup(path)) from exc
    return store


def _check_integrity(path: Path) -> None:
    """Refuse a file that is not an SQLite database or fails a quick check."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                                timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise StoreError("locked", str(path), str(exc)) from None
        raise StoreError("damaged", str(path), str(exc), latest_backup(path)) from None
    except sqlite3.DatabaseError as exc:
        raise StoreError("damaged", str(path), str(exc), latest_backup(path)) from None
    if not result or result[0] != "ok":
        raise StoreError("damaged", str(path), str(result[0] if result else "no answer"),
                         latest_backup(path))


def backup_file(path: Path, label: str) -> Path:
    """A consistent copy of the live database next to it (SQLite online backup)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.backup-{stamp}-{label}")
    with contextlib.closing(sqlite3.connect(str(path))) as src, \
            contextlib.closing(sqlite3.connect(str(target))) as dst:
        src.backup(dst)
    return target


def upgrade(store: Store, *, backup: bool = True) -> str | None:
    """Bring the schema to head. Returns the backup taken, if any."""
    current = store.revision()
    if current == HEAD:
        return None
    from alembic import command  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    script = ScriptDirectory.from_config(_alembic_config())
    if current is not None and not _known_revision(script, current):
        raise StoreError("newer_schema", str(store.path or store.engine.url), current)
    taken = None
    if backup and store.path is not None and current is not None:
        taken = backup_file(store.path, f"rev-{current}")
        log.info("backed up %s to %s before migrating", store.path, taken)
    elif backup and store.path is not None and _has_tables(store):
        taken = backup_file(store.path, "unversioned")
    cfg = _alembic_config()
    try:
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except DatabaseError as exc:
        if isinstance(exc, OperationalError) and "locked" in str(exc.orig):
            raise store.classify(exc) from exc
        raise StoreError("migration_failed", str(store.path or store.engine.url),
                         str(exc.orig), str(taken or "")) from exc
    return str(taken) if taken else None


def _known_revision(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for unknown ids
        return False


def _has_tables(store: Store) -> bool:
    with store.engine.connect() as conn:
        return bool(conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table'").scalar())


def restore_backup(path: Path, backup: Path) -> None:
    """Put a backup in place of a damaged file (the damaged one is kept aside)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if path.exists():
        shutil.move(str(path), str(path.with_name(f"{path.name}.damaged-{stamp}")))
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            shutil.move(str(side), str(side.with_name(f"{side.name}.damaged-{stamp}")))
    shutil.copy2(str(backup), str(path))



class Checkpointer:
    """Copies the WAL back into the database file from its own thread and connection.

    A PASSIVE checkpoint never blocks the writer; doing it here keeps its fsync off the commits
    that log calls.
    """

    def __init__(self, store: Store, interval: float = CHECKPOINT_SECONDS) -> None:
        self._path = store.path
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self._path is not None:
            self._thread = threading.Thread(target=self._run, name="caseline-checkpoint",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(str(self._path), timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            log.warning("checkpointer: %s", exc)
            return
        with contextlib.closing(conn):
            while not self._stop.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:  # locked or damaged: the writer reports it
                    log.debug("checkpoint: %s", exc)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
