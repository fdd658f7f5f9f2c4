"""What a pull round reads centrally for a PC of team north while team south has its rows.

Everything real: a throw-away PostgreSQL 15 cluster (tests/support_pg.py, ``central init``), two
teams with an agent each (login roles under forced row-level security), each on its own SQLite
store. South pushes ``--rows`` notes on its SRs; north pulls (its first round reads past them:
it cannot see them), then a steady round is measured. For every table a PC pulls, side by side,
``EXPLAIN (ANALYZE)`` as the north agent of:

* now: the statements the pull sends (captured from the Syncer's own engine);
* the old behaviour (before issue 17): ``change_no > cursor`` with the cursor at the highest row
  north can see, which stays below south's rows, so every round reads them again.

    .venv/bin/python bench/central_pull.py              # 3,000 south rows
    .venv/bin/python bench/central_pull.py --rows 20000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy import event  # noqa: E402

from app.cases import models as local  # noqa: E402 - needs the path above
from app.cases.store import open_sqlite  # noqa: E402
from app.central import admin  # noqa: E402
from app.central.db import engine as central_engine  # noqa: E402
from app.sync.engine import PULL_BATCH, PULLED, Syncer  # noqa: E402
from tests.support_pg import cluster  # noqa: E402

if TYPE_CHECKING:
    from app.cases.store import Store

PASSWORDS = {"north_agent": "n-" + uuid.uuid4().hex, "south_agent": "s-" + uuid.uuid4().hex}


def _pc(url: str, role: str, path: Path) -> tuple[Store, Syncer]:
    store = open_sqlite(path / f"{role}.db")
    with store.session() as s:
        s.add(local.Agent(name=role, sip_identity=f"{role}@bench.example"))
    return store, Syncer(store, central_engine(url))


def _walk(plan: dict[str, Any], table: str) -> tuple[int, int]:
    """(rows read from ``table``, of them removed by a filter) over a plan's scans of it (not
    the scans row security makes of other tables)."""
    read = removed = 0
    if plan.get("Relation Name") == table and plan.get("Parent Relationship") != "SubPlan":
        loops = int(plan.get("Actual Loops", 1))
        removed += int(plan.get("Rows Removed by Filter", 0)) * loops
        read += int(plan.get("Actual Rows", 0)) * loops + removed
    for child in plan.get("Plans", ()):
        r, m = _walk(child, table)
        read, removed = read + r, removed + m
    return read, removed


def _explain(conn: psycopg.Connection, table: str, statement: Any, params: Any
             ) -> tuple[int, int]:
    row = conn.execute(sql.SQL("EXPLAIN (ANALYZE, FORMAT JSON) ") + statement
                       if isinstance(statement, sql.Composable)
                       else "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params).fetchone()
    assert row is not None
    return _walk(row[0][0]["Plan"], table)


def _now_round(syncer: Syncer, conn: psycopg.Connection) -> dict[str, tuple[int, int]]:
    seen: list[tuple[str, Any]] = []

    def before(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().startswith("SELECT") and "FROM caseline." in statement:
            seen.append((statement, parameters))

    event.listen(syncer.central, "before_cursor_execute", before)
    try:
        syncer.pull()
    finally:
        event.remove(syncer.central, "before_cursor_execute", before)
    got = {name: (0, 0) for name in PULLED}
    for statement, params in seen:
        for name in PULLED:
            if f"FROM caseline.{name} " in statement + " ":
                r, m = _explain(conn, name, statement, params)
                got[name] = (got[name][0] + r, got[name][1] + m)
    return got


def _old_round(conn: psycopg.Connection) -> dict[str, tuple[int, int]]:
    got = {}
    for name in PULLED:
        table = sql.Identifier("caseline", name)
        row = conn.execute(sql.SQL("SELECT coalesce(max(change_no), 0) FROM {}").format(table)
                           ).fetchone()
        cursor = row[0] if row else 0
        got[name] = _explain(conn, name, sql.SQL(
            "SELECT * FROM {} WHERE change_no > %s ORDER BY change_no LIMIT %s").format(table),
            (cursor, PULL_BATCH))
    return got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000, help="south's notes")
    args = parser.parse_args()
    pg = cluster()
    try:
        url = pg.url()
        admin.init(url)
        admin.add_team(url, "north", ["hardware"])
        admin.add_team(url, "south", ["network"])
        for role, team in (("north_agent", "north"), ("south_agent", "south")):
            admin.add_agent(url, role, PASSWORDS[role], role, team)
        with tempfile.TemporaryDirectory(prefix="caseline-pull-") as tmp:
            north, north_sync = _pc(pg.url("north_agent", PASSWORDS["north_agent"]),
                                    "north_agent", Path(tmp))
            south, south_sync = _pc(pg.url("south_agent", PASSWORDS["south_agent"]),
                                    "south_agent", Path(tmp))
            with north.session() as s:
                s.add(local.Case(number="SR-2026-000001", title="North's", queue="hardware"))
            north_sync.once()
            with south.session() as s:
                cases = [local.Case(number=f"SR-2026-{900000 + i:06d}", title=f"South {i}",
                                    queue="network") for i in range(30)]
                s.add_all(cases)
                s.flush()
                s.add_all([local.Note(case_id=cases[i % 30].id, body=f"south {i}",
                                      language=local.Language.EN) for i in range(args.rows)])
            south_sync.once()
            with psycopg.connect(pg.url("north_agent", PASSWORDS["north_agent"]),
                                 autocommit=True) as conn:
                first = _now_round(north_sync, conn)  # reads past south's rows, once
                now = _now_round(north_sync, conn)
                old = _old_round(conn)
            print(f"PC of team north; team south has {args.rows} notes on 30 SRs "
                  f"(PULL_BATCH {PULL_BATCH}). Rows read centrally per pull round, "
                  "(of them removed by a filter: rows north cannot see):")
            print(f"{'table':22} {'old, every round':>18} {'now, first round':>18} "
                  f"{'now, next rounds':>18}")
            for name in PULLED:
                cells = [f"{r} ({m})" for r, m in (old[name], first[name], now[name])]
                print(f"{name:22} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18}")
            print("old: the cursor stays at north's highest row, below south's. now: the "
                  "first round after south's push reads them once (its statements replayed).")
            for store, syncer in ((north, north_sync), (south, south_sync)):
                syncer.central.dispose()
                store.close()
    finally:
        pg.remove()


if __name__ == "__main__":
    main()
