"""CaseLine through PgBouncer as docs/central.md configures it (session pooling, a pool per
agent role; tests/integration/central/pgbouncer.py says what the test's file changes): a PC's
push and its colleague's pull, and a leader's console holding what its window holds at once:
the board's LISTEN, the query thread's connection and the KPI tab's extra one."""

from __future__ import annotations

import queue
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import psycopg
import pytest

from app.central.db import engine
from app.console.board import Board, BoardWatcher
from app.console.service import KPI_PARTS, POOL, ConsoleService, KpiQuery
from tests.integration.central.agents import Agent
from tests.integration.central.helpers import WAIT
from tests.integration.central.pgbouncer import Bouncer, pgbouncer
from tests.integration.central.test_sync import unique

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.integration.central.helpers import Central


@pytest.fixture(scope="module")
def bouncer(central: Central) -> Iterator[Bouncer]:
    with pgbouncer(central) as running:
        yield running


class _Through:
    """The centre as a PC sees it behind PgBouncer: its URLs name the bouncer."""

    def __init__(self, bouncer: Bouncer) -> None:
        self.bouncer = bouncer

    def url(self, role: str) -> str:
        return self.bouncer.url(role)


def _pc(bouncer: Bouncer, role: str, tmp_path: Path) -> Agent:
    return Agent(_Through(bouncer), role, tmp_path)  # type: ignore[arg-type]


def test_a_pc_pushes_and_its_colleague_pulls_through_pgbouncer(
        bouncer: Bouncer, tmp_path: Path) -> None:
    alice, bob = _pc(bouncer, "alice", tmp_path), _pc(bouncer, "bob", tmp_path)
    try:
        case_id = alice.new_case(unique("Paper jam"))
        call_id = alice.add_call(case_id)
        alice.add_note(case_id, "Tray 2 jams on A4", call_id)
        assert alice.syncer.once().pushed == 3
        bob.syncer.once()
        assert [n.body for n in bob.notes(case_id)] == ["Tray 2 jams on A4"]
    finally:
        alice.close()
        bob.close()


def test_a_leaders_kpi_tab_loads_beside_the_board_through_pgbouncer(
        bouncer: Bouncer, tmp_path: Path) -> None:
    """The leader's PC syncs as her role, the window's board holds its LISTEN session for as
    long as it is open, the query thread keeps its connection between reads, and the KPI tab
    opens one more while it loads: four sessions of the leader's role at once, each a server
    connection in session pooling (the export's would be a fifth)."""
    alice, lena = _pc(bouncer, "alice", tmp_path), _pc(bouncer, "lena", tmp_path)
    boards: queue.Queue[Board] = queue.Queue()
    watcher = BoardWatcher.for_url(bouncer.url("lena"), None, boards.put)
    console = ConsoleService(engine(bouncer.url("lena"), pool_size=POOL,
                                    max_overflow=KPI_PARTS), time_zone="Asia/Tokyo")
    try:
        alice.add_call(alice.new_case(unique("Toner")))
        alice.syncer.once()
        lena.syncer.once()  # the leader's own PC syncs as her role too, and keeps its session
        watcher.start()
        boards.get(timeout=WAIT)  # its session is up, and stays
        today = datetime.now(UTC).date()
        view = console.kpis(KpiQuery(today.replace(day=1), today, "UTC", "total", "agent",
                                     today)).result(timeout=WAIT)
        assert str(alice.id) in {row.key for row in view.calls}  # her call, just pushed
    finally:
        console.close()
        watcher.stop()
        alice.close()
        lena.close()



def test_the_next_session_on_a_server_connection_starts_clean(bouncer: Bouncer) -> None:
    """A PC's sync LISTENs and stages pushes in a temp table; when it disconnects, the server
    connection goes to the role's next client (the same PC reconnecting) and must carry
    neither (server_reset_query; a comment after its value once made it a syntax error, so
    nothing was reset)."""
    with psycopg.connect(bouncer.url("alice"), autocommit=True) as first:
        server = first.execute("SELECT pg_backend_pid()").fetchone()
        first.execute("LISTEN caseline_test_reset")
        first.execute("CREATE TEMP TABLE staged (id int)")
    # PgBouncer gives the server back once its reset has answered: wait for that (a client
    # asking sooner gets another server connection), and see it was the documented reset.
    assert server is not None
    _wait_for(bouncer, "the server connection to be reset",
              "SELECT state = 'idle' AND query = 'DISCARD ALL' FROM pg_stat_activity"
              " WHERE pid = %s", server[0])
    with psycopg.connect(bouncer.url("alice"), autocommit=True) as second:
        assert second.execute("SELECT pg_backend_pid()").fetchone() == server  # reused
        assert second.execute("SELECT pg_listening_channels()").fetchall() == []
        assert second.execute("SELECT to_regclass('pg_temp.staged')").fetchone() == (None,)


def _wait_for(bouncer: Bouncer, what: str, query: str, *args: object) -> None:
    deadline = time.monotonic() + WAIT
    with bouncer.central.as_() as admin:  # PostgreSQL itself, not through the bouncer
        while admin.execute(query, args).fetchone() != (True,):
            assert time.monotonic() < deadline, f"never saw {what}"
            time.sleep(0.02)
