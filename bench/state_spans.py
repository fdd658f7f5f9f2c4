"""What keeping the state spans costs a PC's push (central 0020): a backlog of agent state
changes pushed through the real sync, with the span triggers on and, as the baseline in the
same run, off.

Everything real: a throw-away PostgreSQL 15 cluster, one freshly initialised database per
round (bench/sync_throughput.py's ``Centre``), an agent role under row security, a local SQLite
store whose triggers fill the outbox, ``Syncer.push()``. Each round pushes ``--rows`` changes
of one agent (a PC back after days offline), then as many again whose times fall between the
first ones' (a second PC of the same agent: every span of the chain is re-linked). Rounds
alternate on, off, on, off ... so the machine's noise falls on both; the figures are medians,
and the ratio on/off is what to read. After each round with the triggers on, the spans are
checked against the chain computed from the changes.

    .venv/bin/python bench/state_spans.py --rows 10000 --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uuid

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _path in (REPO, BENCH):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import sync_throughput as st  # noqa: E402

from app.cases import models as local  # noqa: E402 - needs the path above
from app.cases.models import new_id  # noqa: E402
from app.central.db import engine as central_engine  # noqa: E402

TRIGGERS = ("y_spans_insert", "y_spans_update", "y_spans_delete")
START = datetime(2026, 1, 5, tzinfo=UTC)
STATES = ("available", "ringing", "on-call", "wrap-up", "available", "break")


def changes(agent: uuid.UUID, rows: int, offset_s: float) -> list[dict[str, Any]]:
    return [{"id": new_id(), "agent_id": agent, "state": local.AgentStatus(STATES[i % 6]),
             "reason": "", "at": START + timedelta(seconds=20 * i + offset_s)}
            for i in range(rows)]


def one_round(centre: st.Centre, work: Path, n: int, rows: int, spans_on: bool
              ) -> tuple[float, float]:
    database = f"spans_{n}"
    centre.fresh(database)
    if not spans_on:
        with centre.connect(database) as conn:
            for trigger in TRIGGERS:
                conn.execute(f"ALTER TABLE caseline.agent_state_changes DISABLE TRIGGER {trigger}")
    store = st.local_store(work, database)
    eng = central_engine(centre.url(st.AGENT, database))
    took = []
    try:
        syncer = st.make_syncer(store, eng, None)
        agent = new_id()
        st.local_insert(store, local.Agent, [{"id": agent, "name": "Bench Agent",
                                              "sip_identity": "agent@pbx.bench"}])
        syncer.push()
        for offset in (0.0, 10.0):  # the second backlog's changes fall between the first's
            st.local_insert(store, local.AgentStateChange, changes(agent, rows, offset))
            began = time.perf_counter()
            syncer.push()
            took.append(time.perf_counter() - began)
            assert st.queued(store) == 0, "the push left rows behind"
    finally:
        eng.dispose()
        store.close()
    if spans_on:
        check(centre, database, agent, 2 * rows)
    return took[0], took[1]


def check(centre: st.Centre, database: str, agent: uuid.UUID, rows: int) -> None:
    with centre.connect(database) as conn:
        wrong = conn.execute("""
            SELECT count(*) FROM (
                SELECT c.id, lead(c.at) OVER (ORDER BY c.at, c.change_no) AS next_at
                FROM caseline.agent_state_changes c WHERE c.agent_id = %s) x
            JOIN caseline.agent_state_spans s ON s.change_id = x.id
            WHERE s.until IS DISTINCT FROM x.next_at""", (agent,)).fetchone()
        count = conn.execute("SELECT count(*) FROM caseline.agent_state_spans "
                             "WHERE agent_id = %s", (agent,)).fetchone()
    assert wrong is not None and count is not None
    assert wrong[0] == 0 and count[0] == rows, (wrong[0], count[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    centre = st.Centre()
    figures: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    try:
        print("server:", centre.version())
        with tempfile.TemporaryDirectory(prefix="caseline-spans-") as tmp:
            n = 0
            for _ in range(args.rounds):
                for spans_on in (True, False):
                    n += 1
                    figures[spans_on].append(one_round(centre, Path(tmp), n, args.rows,
                                                       spans_on))
                    first, second = figures[spans_on][-1]
                    print(f"  round {n}, spans {'on ' if spans_on else 'off'}: "
                          f"{first:.2f} s, interleaved {second:.2f} s", flush=True)
    finally:
        centre.remove()
    print()
    print(f"{args.rows:,} state changes per push, p50 of {args.rounds} rounds")
    print(f"{'push':<34}{'spans on':>10}{'off':>10}{'on/off':>8}")
    for i, label in enumerate(("a backlog (appended)", "a second PC's (interleaved)")):
        on = statistics.median(f[i] for f in figures[True])
        off = statistics.median(f[i] for f in figures[False])
        print(f"{label:<34}{on:>9.2f}s{off:>9.2f}s{on / off:>8.2f}")


if __name__ == "__main__":
    main()
