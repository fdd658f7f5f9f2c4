"""The store's open descriptors stay flat however many sessions overlap (issue 21's soak: the
window's descriptors went from 45 to 53 over 1,000 calls).

Those 8 descriptors were SQLite connections (the database file and its WAL each): the
connection pool opened one more whenever one more session than ever before overlapped (the
desk's writer, two readers, the sync), kept it, and a rare overlap of five came only after
hundreds of calls. Counted here from /proc/self/fd, so Linux only (the soak's platform).

Beyond the pool's STORE_CONNECTIONS a session borrows a connection the pool closes after it;
SQLite keeps the closed file's descriptor for its next open while the process's other
connections hold locks on the file (POSIX locks are per process), so a count above the pool's
is bounded by the largest overlap, not flat; the desktop's sessions stay within the pool.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from app.cases.store import STORE_CONNECTIONS, open_sqlite

if TYPE_CHECKING:
    from app.cases.store import Store

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                                reason="counts descriptors in /proc/self/fd (Linux)")


def _store_fds(db: Path) -> int:
    """Descriptors of this process open on the store's files (the database, WAL, shm)."""
    names = {str(db), f"{db}-wal", f"{db}-shm"}
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own descriptor is gone by now
            if os.readlink(f"/proc/self/fd/{fd}") in names:
                count += 1
    return count


def _overlap(store: Store, sessions: int) -> None:
    """``sessions`` units of work open at once, each having read, as the desk's writer, the
    window's readers and the sync do on their threads (one thread suffices: each session
    holds its own connection until it ends)."""
    with contextlib.ExitStack() as stack:
        for _ in range(sessions):
            session = stack.enter_context(store.sessions())
            session.execute(text("SELECT count(*) FROM call_logs")).scalar()


@pytest.mark.parametrize("sessions", [2, STORE_CONNECTIONS])
def test_overlapping_sessions_leave_no_descriptor_behind(tmp_path: Path, sessions: int) -> None:
    db = tmp_path / "cases.db"
    store = open_sqlite(db)
    try:
        _overlap(store, 1)  # warm-up: the store as a started agent has it
        before = _store_fds(db)
        for _ in range(3):  # call after call: the same overlap again finds the same count
            _overlap(store, sessions)
            assert _store_fds(db) == before, f"{sessions} overlapping sessions"
    finally:
        store.close()

