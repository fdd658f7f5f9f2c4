"""Screen-pop speed on a big store: 1,000,000 SRs and 500,000 contacts in SQLite.

Prints, side by side: the resolver (app.cases.resolver, through SQLAlchemy) against a raw
sqlite3 indexed lookup of the same number in the same file (the floor), p50/p99 and their
ratio; then INVITE -> SR resolved inside `caseline agent --auto-answer` driven by SIPp (from the
agent's own events: the incoming CallEvent's time to the ring ScreenPop's time).

    .venv/bin/python bench/screen_pop.py                 # builds the store once, ~2 minutes
    .venv/bin/python bench/screen_pop.py --contacts 50000 --cases 100000   # smaller

The store is cached in the temp dir by size (``--rebuild`` to make it again).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.cases.numbers import normalize  # noqa: E402 - needs the path above
from app.cases.resolver import Pop, Resolver  # noqa: E402
from app.cases.store import open_sqlite  # noqa: E402
from tests.support import free_port  # noqa: E402

OPEN = ("new", "open", "pending-customer", "escalated")
CLOSED = ("resolved", "closed")
STAMP = "%Y-%m-%d %H:%M:%S.%f"


def progress(text: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


def national(i: int) -> str:
    return f"03{i:08d}"  # 03-xxxx-xxxx: Tokyo numbers, one per contact


def mobile(i: int) -> str:
    return f"090{i:08d}"


def e164(number: str) -> str:
    return "+81" + number[1:]


def build(path: Path, customers: int, contacts: int, cases: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for sample in (national(123), mobile(456)):  # the shortcut below is what normalize does
        assert normalize(sample).match_key == e164(sample), sample
    if path.exists():
        path.unlink()
    open_sqlite(path).close()  # the real schema, by the real migrations
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = WAL")
    now = datetime.now(UTC).replace(tzinfo=None)
    t0 = now.strftime(STAMP)

    def uid() -> str:
        return uuid.UUID(int=rng.getrandbits(128)).hex

    customer_ids = [uid() for _ in range(customers)]
    db.executemany(
        "INSERT INTO customers (id, code, company, language, created_at, updated_at) "
        "VALUES (?, ?, ?, 'ja', ?, ?)",
        ((cid, f"C-{n:07d}", f"株式会社ベンチ{n}", t0, t0) for n, cid in enumerate(customer_ids)))
    contact_ids = [uid() for _ in range(contacts)]
    contact_customer = [customer_ids[n % customers] for n in range(contacts)]
    db.executemany(
        "INSERT INTO contacts (id, customer_id, name, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        ((cid, contact_customer[n], f"連絡先 {n}", t0, t0) for n, cid in enumerate(contact_ids)))
    progress(f"  {customers} customers, {contacts} contacts")

    def numbers() -> object:
        for n, cid in enumerate(contact_ids):
            raw = national(n)
            yield (uid(), cid, raw, e164(raw), e164(raw), "office")
            if n % 5 == 0:
                raw = mobile(n)
                yield (uid(), cid, raw, e164(raw), e164(raw), "mobile")

    db.executemany(
        "INSERT INTO phone_numbers (id, contact_id, raw, e164, match_key, label) "
        "VALUES (?, ?, ?, ?, ?, ?)", numbers())  # type: ignore[arg-type]
    progress("  phone numbers")

    def case_rows() -> object:
        for n in range(cases):
            contact = rng.randrange(contacts)
            status = rng.choice(OPEN) if rng.random() < 0.3 else rng.choice(CLOSED)
            when = (now - timedelta(minutes=rng.randrange(60 * 24 * 700))).strftime(STAMP)
            yield (uid(), f"SR-{2024 + n // 400000}-{n % 400000 + 1:06d}", f"問い合わせ {n}", "",
                   status, rng.choice(("P1", "P2", "P3", "P4")), 0, "ja", "Bench",
                   contact_customer[contact], contact_ids[contact], when, when)

    db.executemany(
        "INSERT INTO cases (id, number, title, description, status, priority, "
        "priority_confirmed, language, queue, customer_id, contact_id, created_at, updated_at, "
        "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        case_rows())  # type: ignore[arg-type]
    db.commit()
    db.execute("ANALYZE")
    db.commit()
    db.close()
    progress(f"  {cases} SRs")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_resolver(path: Path, contacts: int, samples: int, rng: random.Random
                     ) -> dict[str, list[float]]:
    store = open_sqlite(path)
    resolver = Resolver()
    raw = sqlite3.connect(path)
    known = [national(rng.randrange(contacts)) for _ in range(samples)]
    unknown = [f"04{rng.randrange(10**8):08d}" for _ in range(samples // 5)]
    times: dict[str, list[float]] = {"resolver": [], "floor": [], "unknown": []}
    pops: dict[str, int] = {}
    for number in known[:50]:  # warm the caches: both sides read the same pages
        with store.session() as session:
            resolver.resolve(session, number)
    for number in known:
        began = time.perf_counter()
        with store.session() as session:
            result = resolver.resolve(session, number)
        times["resolver"].append(time.perf_counter() - began)
        pops[result.pop.value] = pops.get(result.pop.value, 0) + 1
        began = time.perf_counter()
        raw.execute("SELECT contact_id FROM phone_numbers WHERE match_key = ?",
                    (normalize(number).match_key,)).fetchall()
        times["floor"].append(time.perf_counter() - began)
    for number in unknown:
        began = time.perf_counter()
        with store.session() as session:
            result = resolver.resolve(session, number)
        times["unknown"].append(time.perf_counter() - began)
        assert result.pop is Pop.DRAFT
    raw.close()
    store.close()
    progress(f"  screen-pops of known callers: {pops}")
    return times


def measure_agent(path: Path, contacts: int, calls: int, rate: float, rng: random.Random,
                  work: Path) -> list[float]:
    callers = work / "callers.csv"
    callers.write_text("SEQUENTIAL\n" + "".join(
        f"{national(rng.randrange(contacts))};\n" for _ in range(calls)))
    port = free_port()
    env = {**os.environ, "CASELINE_DB": str(path), "PYTHONPATH": str(REPO)}
    out = work / "agent.jsonl"
    with open(out, "w") as stdout:
        agent = subprocess.Popen(
            [sys.executable, "-m", "app", "--config", str(work / "none.toml"), "agent",
             "--listen", f"127.0.0.1:{port}", "--auto-answer"],
            stdout=stdout, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while '"started"' not in out.read_text():
            if agent.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the agent did not start")
            time.sleep(0.05)
        sipp = subprocess.run(
            ["sipp", "-sf", str(BENCH / "sipp" / "uac_callers.xml"), f"127.0.0.1:{port}",
             "-inf", str(callers), "-i", "127.0.0.1", "-p", str(free_port()),
             "-m", str(calls), "-r", str(rate), "-nostdin", "-timeout", "120s"],
            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if sipp.returncode != 0:
            progress(f"  SIPp exit {sipp.returncode}")
        deadline = time.monotonic() + 30
        while out.read_text().count('"stage": "ring"') < calls and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        agent.terminate()
        agent.wait(30)
    incoming: dict[str, float] = {}
    delays = []
    for line in out.read_text().splitlines():
        event = json.loads(line)
        if event["event"] == "CallEvent" and event["state"] == "incoming":
            incoming[event["call_id"]] = float(event["at"])
        elif event["event"] == "ScreenPop" and event["stage"] == "ring":
            start = incoming.get(event["call_id"])
            if start is not None:
                delays.append(float(event["at"]) - start)
    return delays


def row(name: str, values: list[float], floor: list[float] | None = None) -> str:
    p50, p99 = statistics.median(values) * 1000, pct(values, 99) * 1000
    text = f"{name:<44} {len(values):>6} {p50:>9.3f} {p99:>9.3f}"
    if floor:
        f50, f99 = statistics.median(floor) * 1000, pct(floor, 99) * 1000
        text += f" {p50 / f50:>8.1f}x {p99 / f99:>7.1f}x"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=500_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--calls", type=int, default=300, help="SIPp calls into the agent")
    parser.add_argument("--rate", type=float, default=10.0, help="SIPp calls/s")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    cache = Path(tempfile.gettempdir()) / "caseline-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"screenpop-{args.customers}-{args.contacts}-{args.cases}.db"
    if args.rebuild or not path.exists():
        progress(f"building {path}")
        began = time.monotonic()
        build(path, args.customers, args.contacts, args.cases)
        progress(f"  built in {time.monotonic() - began:.0f} s")
    rng = random.Random(11)
    progress("resolver vs raw sqlite3")
    times = measure_resolver(path, args.contacts, args.samples, rng)
    progress(f"INVITE -> screen-pop in caseline agent, {args.calls} calls at {args.rate}/s")
    with tempfile.TemporaryDirectory(prefix="caseline-pop-") as tmp:
        delays = measure_agent(path, args.contacts, args.calls, args.rate, rng, Path(tmp))
    size = path.stat().st_size / 2**20
    print(f"Screen-pop benchmark (bench/screen_pop.py), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"store: SQLite {size:.0f} MB, {args.cases:,} SRs, {args.contacts:,} contacts, "
          f"{args.customers:,} customers; {os.cpu_count()} CPUs")
    print(f"{'':<44} {'n':>6} {'p50 ms':>9} {'p99 ms':>9} {'p50/floor':>9} {'p99/floor':>8}")
    print(row("floor: raw sqlite3 indexed lookup of the number", times["floor"]))
    print(row("resolver, known caller (SRs ranked, repeat info)", times["resolver"],
              times["floor"]))
    print(row("resolver, unknown caller (draft)", times["unknown"], times["floor"]))
    if delays:
        print(row("agent: INVITE -> SR resolved (SIPp-driven)", delays, times["floor"]))
    else:
        print("agent: no screen-pops measured")
    print("targets: resolver p99 < 5 ms; INVITE -> resolved < 50 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
