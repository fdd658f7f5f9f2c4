"""A contact centre of N agent PCs on one PostgreSQL: connections, server CPU, pulls, and how soon a
leader sees a call that ended; now (one connection per PC, LISTEN/NOTIFY) against the old way
(a pool of up to 3 per PC, a pull every 5 s, leaders polling every 5 s), in the same run.

Everything real: a throw-away PostgreSQL 15 cluster (tests/support_pg.py, ``central init``,
``max_connections`` raised for the old way's 3 per PC), two teams, N agent login roles and a
leader per team. Every PC has its own SQLite store and SyncWorker, a thread of one of a few
processes (``--procs``; one per 75 PCs by default).
Calls end at a steady rate across the PCs (``--per-agent`` s between one agent's calls); the
leaders watch the centre (now: LISTEN caseline_activity; old: a query every 5 s).

    .venv/bin/python bench/central_scale.py                  # N = 10, 50, 100, 300
    .venv/bin/python bench/central_scale.py --n 10 50 --seconds 15
    .venv/bin/python bench/central_scale.py --n 300 --modes now
    .venv/bin/python bench/central_scale.py --n 300 100 --seconds 90 --per-agent 60 --modes step now

Each run also prints where a call's time goes (HOPS: the local write, the worker's wake, the push
transaction, the leader's NOTIFY and read) and the slowest calls hop by hop. "step" is "now"
with the fallback pulls every pull_interval exactly, as before their jitter: PCs started
together then pull together every minute, and the pushes behind 300 pulls waited seconds.
"""

from __future__ import annotations

import argparse
import logging
import math
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402

from app.cases import models as local  # noqa: E402 - needs the path above
from app.cases.store import StoreError, open_sqlite  # noqa: E402
from app.central import admin  # noqa: E402
from app.central.db import engine as central_engine  # noqa: E402
from app.sync.connect import sync_engine  # noqa: E402
from app.sync.engine import Syncer, SyncReport  # noqa: E402
from app.sync.worker import SyncWorker  # noqa: E402
from tests.support_pg import PgCluster  # noqa: E402

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from app.cases.store import Store

TEAMS = {"north": ["hardware"], "south": ["network"]}
OLD_PULL_S = 5.0
TARGET_CONNECTIONS_300 = 310
TARGET_P95_S = 1.0


@dataclass
class Pc:
    role: str
    store: Store
    agent_id: uuid.UUID
    worker: TracedWorker


class TracedSyncer(Syncer):
    """The product's Syncer, timing its pushes and pulls (the bench's hop timestamps)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pushed: dict[str, tuple[float, float]] = {}  # call id hex -> push start, commit
        self.pulls: list[tuple[float, float]] = []  # (start, end) of each pull
        self.rounds: list[float] = []  # when each sync round began

    def sync_round(self, *, pull: bool = True) -> SyncReport:
        self.rounds.append(time.time())
        return super().sync_round(pull=pull)

    def pull(self) -> int:
        start = time.time()
        try:
            return super().pull()
        finally:
            self.pulls.append((start, time.time()))

    def _send(self, rows: dict[str, list[Any]], bases: dict[uuid.UUID, Any]) -> Any:
        start = time.time()
        outcome = super()._send(rows, bases)  # committed when it returns
        done = time.time()
        for row in rows.get("call_logs", ()):
            self.pushed.setdefault(str(row[0]).replace("-", ""), (start, done))
        return outcome


class TracedWorker(SyncWorker):
    """The product's SyncWorker, noting when its waits end (a poke, a notification, a timer)."""

    def __init__(self, *args: Any, in_step: bool = False, **kwargs: Any) -> None:
        self.in_step = in_step
        super().__init__(*args, **kwargs)
        self.wakes: list[float] = []

    def pull_gap(self) -> float:
        # "step": the fallback pull every pull_interval exactly, as before its jitter, so
        # PCs that pulled together keep pulling together.
        return self.pull_interval if self.in_step else super().pull_gap()

    def _wait(self, timeout: float) -> None:
        super()._wait(timeout)
        self.wakes.append(time.time())


# A call's hops: call ended -> local commit (write) -> sync worker woken (wake) -> push
# transaction start (to push) -> its commit (push) -> the leader's read starts (to read:
# NOTIFY delivered, the leader's loop) -> the read returns it (read). "pulling": how much of
# commit -> push start its PC's worker spent pulling.
HOPS = ("write", "wake", "to push", "push", "to read", "read")


@dataclass
class Result:
    n: int
    mode: str
    procs: int
    connections: int = 0
    cpu_s: float = 0.0
    seconds: float = 0.0
    pulls: int = 0
    xacts: int = 0
    calls: int = 0
    latencies: list[float] = field(default_factory=list)
    # per seen call: the time spent in each of HOPS, how long pulls held its PC's worker, and
    # when it ended (s into the load)
    pull_seconds: list[float] = field(default_factory=list)  # each pull's duration
    hops: list[tuple[float, ...]] = field(default_factory=list)

    def pct(self, q: float) -> float:
        """Over every call that ended: one never seen counts as never (inf)."""
        if not self.calls:
            return float("nan")
        ordered = sorted(self.latencies) + [float("inf")] * (self.calls - len(self.latencies))
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def where(self) -> str:
        """Where the time goes: each hop's median over all seen calls, and its mean over the
        slowest 5 % (the p95's tail)."""
        if not self.hops:
            return "  (no call seen)"
        ranked = sorted(range(len(self.hops)), key=lambda i: self.latencies[i])
        tail = [self.hops[i] for i in ranked[int(0.95 * len(ranked)):]] or [self.hops[-1]]
        names = (*HOPS, "pulling")
        lines = [f"  {'hop':<9} {'p50 all':>8} {'mean tail':>9}"]
        for k, name in enumerate(names):
            column = sorted(h[k] for h in self.hops)
            mid = column[len(column) // 2]
            mean = sum(h[k] for h in tail) / len(tail)
            lines.append(f"  {name:<9} {mid:>8.3f} {mean:>9.3f}")
        pulls = sorted(self.pull_seconds) or [float("nan")]
        lines.append(f"  pulls during the load: {len(self.pull_seconds)}, p50 "
                     f"{pulls[len(pulls) // 2]:.3f} s, p95 {pulls[int(0.95 * len(pulls))]:.3f}"
                     f" s, max {pulls[-1]:.3f} s")
        lines.append("  the slowest calls (s into the load: latency = hops):")
        for i in ranked[:-6:-1]:
            hops = " ".join(f"{h:.2f}" for h in self.hops[i][:-1])
            lines.append(f"    {self.hops[i][-1]:6.1f}: {self.latencies[i]:.2f} = {hops}")
        return "\n".join(lines)


def _server_cpu(pg: PgCluster) -> float:
    """CPU seconds of the postmaster, its live children, and the children it reaped."""
    postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == postmaster:
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        elif ppid == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def _cluster(max_connections: int) -> PgCluster:
    pg = PgCluster(name="caseline-bench")
    pg.init()
    with open(pg.data / "postgresql.conf", "a") as conf:  # later settings win
        conf.write(f"max_connections = {max_connections}\nshared_buffers = '128MB'\n")
    pg.start()
    pg.create_database()
    return pg


def _pc(url: str, role: str, path: Path, template: Path, *, mode: str) -> Pc:
    # A copy of a store made and migrated once: 300 migrations each time add minutes.
    shutil.copyfile(template, path / f"{role}.db")
    store = open_sqlite(path / f"{role}.db")
    with store.session() as s:
        me = local.Agent(name=role, sip_identity=f"{role}@bench.example")
        s.add(me)
        s.flush()
        agent_id = me.id
    if mode != "old":
        # As the desktop makes it (app.ui.desktop): woken by the store's commits.
        worker = TracedWorker(TracedSyncer(store, sync_engine(url)), push_interval=0.2,
                              idle_interval=5.0, in_step=mode == "step")
    else:  # before issue 17, item 7: app.sync.connect's pool, a pull every 5 s, no LISTEN
        old = central_engine(url, pool_size=2, max_overflow=1,
                             connect_args={"application_name": "caseline-sync"})
        worker = TracedWorker(TracedSyncer(store, old), push_interval=0.2,
                              pull_interval=OLD_PULL_S, listen=False)
    return Pc(role, store, agent_id, worker)


def _end_call(pc: Pc) -> uuid.UUID:
    for _attempt in range(20):  # the sync may hold the PC's store a moment: retried, not lost
        try:
            return _write_call(pc)
        except StoreError:
            time.sleep(0.05)
    return _write_call(pc)


def _write_call(pc: Pc) -> uuid.UUID:
    start = local.utcnow()
    with pc.store.session() as s:
        call = local.CallLog(direction=local.Direction.INBOUND, engine_call_id="1",
                             number_raw="03-1234-5678", number_key="0312345678",
                             agent_id=pc.agent_id, started_at=start, ended_at=start,
                             outcome=local.Outcome.ANSWERED)
        s.add(call)
        s.flush()
        return call.id


class Leader(threading.Thread):
    """A team leader's screen: which calls it can see, and when it first saw each (and when
    the read that showed it began)."""

    def __init__(self, url: str, *, listen: bool,
                 seen: dict[uuid.UUID, tuple[float, float]]) -> None:
        super().__init__(daemon=True)
        self.url, self.listen, self.seen = url, listen, seen
        self.stopping = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            if self.listen:
                conn.execute("LISTEN caseline_activity")
            while not self.stopping.is_set():
                if self.listen:
                    for _note in conn.notifies(timeout=0.5, stop_after=1):
                        break
                    list(conn.notifies(timeout=0))  # a burst: one look
                began = time.time()
                rows = conn.execute("SELECT id FROM caseline.call_logs "
                                    "WHERE received_at > now() - interval '60 seconds'")
                at = time.time()
                for (call_id,) in rows:
                    self.seen.setdefault(call_id, (began, at))
                if not self.listen:
                    self.stopping.wait(OLD_PULL_S)


def _xacts(pg: PgCluster) -> int:
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        row = conn.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                           "WHERE datname = current_database()").fetchone()
    return int(row[0]) if row else 0


def _connections(pg: PgCluster) -> int:
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE backend_type = 'client backend' AND usename <> 'postgres'"
                           ).fetchone()
    return int(row[0]) if row else 0


def _first_pull(worker: SyncWorker) -> None:
    with worker.activity:
        worker.activity.wait_for(lambda: worker.pull_rounds >= 1, timeout=120)


def _trace(pc: Pc, call: str, committed: float) -> tuple[float, ...]:
    """A call's local hops: (committed, worker woken, push start, push commit, seconds its
    PC's worker spent pulling meanwhile); NaN for what never came."""
    nan = float("nan")
    syncer = cast("TracedSyncer", pc.worker.syncer)
    woken = next((t for t in pc.worker.wakes if t >= committed), nan)
    start, done = syncer.pushed.get(uuid.UUID(call).hex, (nan, nan))
    pulling = nan if math.isnan(start) else sum(
        max(0.0, min(e, start) - max(b, committed)) for b, e in syncer.pulls)
    return committed, woken, start, done, pulling


def _agents(urls: dict[str, str], path: str, mode: str, per_agent: float, seconds: float,
            pipe: Connection) -> None:
    """One process's share of the PCs (a child): connect, pull, then on "go" end calls at a
    steady rate for ``seconds``; send back when each call ended and the pulls made."""
    logging.basicConfig(format="%(asctime)s %(processName)s %(message)s", level=logging.WARNING)
    template = Path(path) / f"template-{os.getpid()}.db"
    open_sqlite(template).close()
    pcs = [_pc(url, role, Path(path), template, mode=mode) for role, url in urls.items()]
    for pc in pcs:
        pc.worker.start()
    for pc in pcs:  # everyone connected and through the first pull: at rest
        _first_pull(pc.worker)
    pipe.send("ready")
    pipe.recv()  # go
    logging.getLogger("bench").warning("load starts")
    ended: dict[str, float] = {}
    written: dict[str, tuple[Pc, float]] = {}  # call -> its PC, when its local commit returned
    rng = random.Random(len(pcs))
    gap = per_agent / len(pcs)
    pulls0 = sum(pc.worker.pull_rounds for pc in pcs)
    t0 = next_at = time.monotonic()
    while time.monotonic() - t0 < seconds:
        pc = rng.choice(pcs)
        at = time.time()  # the call ends: the harness's clock starts here
        call = str(_end_call(pc))
        ended[call] = at
        written[call] = (pc, time.time())
        next_at += gap
        time.sleep(max(0.0, next_at - time.monotonic()))  # a steady rate, not a wait on work
    logging.getLogger("bench").warning("load ends")
    pipe.send((ended, sum(pc.worker.pull_rounds for pc in pcs) - pulls0))
    pipe.recv()  # stop: every call that will be seen has been pushed
    began = time.time() - seconds  # about when the load began (s)
    pulled = [e - b for pc in pcs for b, e in cast("TracedSyncer", pc.worker.syncer).pulls
              if b >= began]
    pipe.send(({call: _trace(pc, call, at) for call, (pc, at) in written.items()}, pulled))
    for pc in pcs:
        pc.worker.stop()
        pc.worker.syncer.central.dispose()
        pc.store.close()
    pipe.send("stopped")


def run(pg: PgCluster, roles: dict[str, str], leaders: dict[str, str], n: int, *, mode: str,
        seconds: float, per_agent: float, path: Path, procs: int) -> Result:
    result = Result(n, mode, procs)
    new = mode != "old"
    seen: dict[uuid.UUID, tuple[float, float]] = {}  # call -> its leader read's start, end
    watchers = [Leader(pg.url(role, pw), listen=new, seen=seen) for role, pw in leaders.items()]
    for thread in watchers:
        thread.start()
    # The PCs in several processes: hundreds of threads in one interpreter queue for its lock
    # on every round trip, which a real PC (one worker) never does.
    spawn = multiprocessing.get_context("spawn")
    chosen = list(roles)[:n]
    pipes, children = [], []
    for i in range(procs):
        share = {role: pg.url(role, roles[role]) for role in chosen[i::procs]}
        ours, theirs = spawn.Pipe()
        child = spawn.Process(target=_agents, args=(share, str(path), mode, per_agent, seconds,
                                                    theirs), daemon=True)
        child.start()
        pipes.append(ours)
        children.append(child)
    for pipe in pipes:
        assert pipe.recv() == "ready"
    xacts0, cpu0, t0 = _xacts(pg), _server_cpu(pg), time.monotonic()
    load_began = time.time()
    for pipe in pipes:
        pipe.send("go")
    ended: dict[uuid.UUID, float] = {}
    for pipe in pipes:
        theirs_ended, pulls = pipe.recv()
        ended.update({uuid.UUID(c): at for c, at in theirs_ended.items()})
        result.pulls += pulls
    result.seconds = time.monotonic() - t0
    result.cpu_s = _server_cpu(pg) - cpu0
    result.xacts = _xacts(pg) - xacts0
    result.connections = _connections(pg)
    deadline = time.monotonic() + OLD_PULL_S * 2 + 5  # the stragglers of the last seconds
    while time.monotonic() < deadline and not all(c in seen for c in ended):
        time.sleep(0.2)
    result.calls = len(ended)
    for thread in watchers:
        thread.stopping.set()
    traces: dict[uuid.UUID, tuple[float, ...]] = {}
    for pipe in pipes:
        pipe.send("stop")
        theirs_traced, pulled = pipe.recv()
        traces.update({uuid.UUID(c): t for c, t in theirs_traced.items()})
        result.pull_seconds += pulled
    for call, at in ended.items():
        if call not in seen:
            continue
        began, shown = seen[call]
        result.latencies.append(shown - at)
        committed, woken, start, done, pulling = traces[call]
        # A round under way when the call committed took it (or no wait came between).
        woken = start if math.isnan(woken) else min(woken, start)
        result.hops.append((committed - at, woken - committed, start - woken, done - start,
                            began - done, shown - began, pulling, at - load_began))
    for pipe, child in zip(pipes, children, strict=True):
        pipe.recv()
        child.join(30)
    for thread in watchers:
        thread.join(10)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 50, 100, 300])
    parser.add_argument("--seconds", type=float, default=20.0, help="load per run")
    parser.add_argument("--per-agent", type=float, default=20.0,
                        help="seconds between one agent's call ends")
    parser.add_argument("--procs", type=int, nargs="+", default=[0],
                        help="processes the PCs run in, one run each (default: one per 75 "
                             "PCs, at most 4)")
    parser.add_argument("--modes", nargs="+", choices=("old", "step", "now"),
                        default=["old", "now"],
                        help="which ways to run: old (before issue 17; at 300 ~20 min here), "
                             "step (now, but the fallback pulls every pull_interval exactly, "
                             "as before their jitter), now")
    args = parser.parse_args()
    most = max(args.n)
    pg = _cluster(max_connections=3 * most + 40)
    try:
        url = pg.url()
        admin.init(url)
        for team, queues in TEAMS.items():
            admin.add_team(url, team, queues)
        roles = {f"a{i:03d}": "pw-" + uuid.uuid4().hex for i in range(most)}
        for i, (role, pw) in enumerate(roles.items()):
            admin.add_agent(url, role, pw, role, list(TEAMS)[i % 2])
        leaders = {f"lead_{team}": "pw-" + uuid.uuid4().hex for team in TEAMS}
        for (role, pw), team in zip(leaders.items(), TEAMS, strict=True):
            admin.add_agent(url, role, pw, role, team, leader=True)
        results: list[Result] = []
        with tempfile.TemporaryDirectory(prefix="caseline-scale-") as tmp:
            runs = [(n, mode, procs) for n in args.n for procs in args.procs
                    for mode in ("old", "step", "now") if mode in args.modes]
            for n, mode, asked in runs:
                procs = asked or max(1, min(4, -(-n // 75)))
                where = Path(tmp) / f"{n}-{mode}-{procs}"
                where.mkdir()
                results.append(run(pg, roles, leaders, n, mode=mode, seconds=args.seconds,
                                   per_agent=args.per_agent, path=where, procs=procs))
                print(_row(results[-1]), flush=True)
                print(results[-1].where(), flush=True)
        _table(results)
        return 0
    except BaseException:
        print(pg.log.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        pg.remove()


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


HEADER = ("  N  mode  procs  conns  server CPU %  pulls/s  xacts/s  calls  seen  p50 s"
          "  p95 s")


def _row(r: Result) -> str:
    return (f"{r.n:>3}  {r.mode:<4}  {r.procs:>5}  {r.connections:>5}"
            f"  {100 * r.cpu_s / r.seconds:>12.1f}"
            f"  {r.pulls / r.seconds:>7.1f}  {r.xacts / r.seconds:>7.1f}  {r.calls:>5}"
            f"  {len(r.latencies):>4}  {r.pct(0.5):>5.2f}  {r.pct(0.95):>5.2f}")


def _table(results: list[Result]) -> None:
    print("\n" + HEADER)
    by = {(r.n, r.mode): r for r in results}
    for r in results:
        print(_row(r))
    print("\nnow / old (lower is better):")
    for n in sorted({r.n for r in results}):
        old, new = by.get((n, "old")), by.get((n, "now"))
        if old is None or new is None:
            continue
        print(f"  N={n:<4} conns {_ratio(new.connections, old.connections)}  "
              f"CPU {_ratio(new.cpu_s / new.seconds, old.cpu_s / old.seconds)}  "
              f"pulls {_ratio(new.pulls, old.pulls)}  p95 {_ratio(new.pct(0.95), old.pct(0.95))}")
        if n == 300:
            ok = new.connections <= TARGET_CONNECTIONS_300 and new.pct(0.95) < TARGET_P95_S
            print(f"  target at 300 (conns <= {TARGET_CONNECTIONS_300}, p95 < {TARGET_P95_S} s):"
                  f" {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    raise SystemExit(main())
