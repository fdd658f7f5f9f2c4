"""How long a state change on an agent's PC takes to reach the team leader's live board.

Everything real: a throw-away PostgreSQL 15 cluster (tests/support_pg.py, ``central init``), a
team with an agent and a leader (login roles, row security), the agent's PC as the desktop
builds it (its SQLite store, the Desk, the sync worker on one central connection), and the
leader's ``BoardWatcher`` on a connection of its own. The agent goes offline and back
``--changes`` times; each time is measured from the Desk's state change to the board with that
state in the leader's callback. The target (docs/board.md) is under a second.

    .venv/bin/python bench/board_latency.py
    .venv/bin/python bench/board_latency.py --changes 200
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.cases.store import open_sqlite  # noqa: E402 - needs the path above
from app.central import admin  # noqa: E402
from app.console.board import BoardWatcher  # noqa: E402
from app.orchestration.desk import Desk  # noqa: E402
from app.sync.connect import sync_engine  # noqa: E402
from app.sync.engine import Syncer  # noqa: E402
from app.sync.worker import SyncWorker  # noqa: E402
from tests.support_pg import cluster  # noqa: E402

if TYPE_CHECKING:
    from app.console.board import Board

PASSWORDS = {"agent": "a-" + uuid.uuid4().hex, "leader": "l-" + uuid.uuid4().hex}
WAIT = 15.0


class Seen:
    """The leader's boards: the agent's state in each, and when it arrived."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.state = ""
        self.at = 0.0

    def board(self, board: Board) -> None:
        rows = [r for r in board.rows if r.role == "agent"]
        with self.changed:
            self.state = rows[0].state if rows else ""
            self.at = time.monotonic()
            self.changed.notify_all()

    def wait_for(self, state: str) -> float:
        with self.changed:
            if not self.changed.wait_for(lambda: self.state == state, WAIT):
                raise SystemExit(f"the board never showed {state!r}")
            return self.at


def _pump_until_known(desk: Desk) -> None:
    deadline = time.monotonic() + WAIT
    while desk.agent_id is None and time.monotonic() < deadline:
        desk.pump()
        time.sleep(0.01)
    if desk.agent_id is None:
        raise SystemExit("the desk never learned its agent id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50, help="state changes measured")
    args = parser.parse_args()
    pg = cluster()
    try:
        url = pg.url()
        admin.init(url)
        admin.add_team(url, "north", ["hardware"])
        admin.add_agent(url, "agent", PASSWORDS["agent"], "Agent", "north",
                        sip_identity="agent@bench.example")
        admin.add_agent(url, "leader", PASSWORDS["leader"], "Leader", "north", leader=True)
        with tempfile.TemporaryDirectory(prefix="caseline-board-") as tmp:
            store = open_sqlite(Path(tmp) / "agent.db")
            syncer = Syncer(store, sync_engine(pg.url("agent", PASSWORDS["agent"])))
            desk = Desk(store, agent_identity="agent@bench.example")
            worker = SyncWorker(syncer, idle_interval=5.0)
            desk.presence.publish_to(worker.publish_presence)
            seen = Seen()
            watcher = BoardWatcher.for_url(pg.url("leader", PASSWORDS["leader"]), None,
                                           seen.board)
            worker.start()
            watcher.start()
            try:
                _pump_until_known(desk)
                seen.wait_for("available")
                took: list[float] = []
                for i in range(args.changes):
                    state = "offline" if i % 2 == 0 else "available"
                    start = time.monotonic()
                    desk.set_agent_state(state)  # on this (the desk's) thread
                    took.append(seen.wait_for(state) - start)
                    desk.pump()
            finally:
                watcher.stop()
                worker.stop()
                desk.close()
                syncer.central.dispose()
                store.close()
        took.sort()
        p50 = statistics.median(took)
        p95 = took[min(len(took) - 1, round(0.95 * (len(took) - 1)))]
        print(f"{len(took)} state changes, PC -> leader's board callback: "
              f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {took[-1] * 1000:.1f} ms "
              "(target: under 1000 ms)")
    finally:
        pg.remove()


if __name__ == "__main__":
    main()
