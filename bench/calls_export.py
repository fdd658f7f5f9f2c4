"""``caseline calls export`` over many calls: time and peak memory, CSV and xlsx.

Builds stores of 10,000 and 100,000 call logs (Japanese and English callers, agents, SRs,
dispositions) and runs the real command on each in a child process, reading the child's peak
resident memory from the kernel (wait4). The export streams, so the peak should stay about
the same from the small store to the big one; the time grows with the rows.

    .venv/bin/python bench/calls_export.py
    .venv/bin/python bench/calls_export.py --calls 10000 --calls 300000
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import insert  # noqa: E402

from app.cases.models import Agent, CallLog, Case, Customer, new_id  # noqa: E402
from app.cases.store import open_sqlite  # noqa: E402

NAMES = ["佐藤 太郎", "鈴木 花子", "高橋 健一", "田中 陽子", "Olivia Walker", "James Parker",
         "王 丽", "陈 思远", "=HYPERLINK(\"x\")"]
DISPOSITIONS = ["resolved-on-call", "info-provided", "follow-up", None]
BATCH = 10_000


def build(path: Path, calls: int, seed: int = 8) -> None:
    rng = random.Random(seed)
    store = open_sqlite(path)
    now = datetime.now(UTC)
    try:
        with store.session() as session:
            agents = [Agent(id=new_id(), name=name, sip_identity=f"a{n}@bench")
                      for n, name in enumerate(NAMES[:6])]
            customers = [Customer(id=new_id(), code=f"C-{n}", company=f"株式会社ベンチ{n}")
                         for n in range(50)]
            session.add_all([*agents, *customers])
            session.flush()
            cases = [Case(id=new_id(), number=f"SR-2026-{n:06d}",
                          title=f"プリンタが印刷しない {n}", customer_id=customers[n % 50].id)
                     for n in range(2000)]
            session.add_all(cases)
            session.flush()
            agent_ids = [a.id for a in agents]
            case_ids = [c.id for c in cases]
            for start in range(0, calls, BATCH):
                rows = []
                for n in range(start, min(calls, start + BATCH)):
                    started = now - timedelta(minutes=5 * (calls - n))
                    talk = round(rng.uniform(0, 900), 1)
                    rows.append({
                        "id": new_id(), "direction": "inbound", "engine_call_id": f"b-{n}",
                        "sip_call_id": f"{rng.getrandbits(64):016x}@bench",
                        "display_name": rng.choice(NAMES), "number_raw": "03-1234-5678",
                        "number_e164": "+81312345678", "number_key": "+81312345678",
                        "started_at": started, "ended_at": started + timedelta(seconds=talk),
                        "talk_seconds": talk, "ring_seconds": 4.0, "outcome": "answered",
                        "disposition_code": rng.choice(DISPOSITIONS),
                        "agent_id": rng.choice(agent_ids),
                        "case_id": rng.choice(case_ids) if n % 3 else None,
                    })
                session.execute(insert(CallLog), rows)
    finally:
        store.close()


def export(db: Path, out: Path) -> tuple[float, int]:
    """Seconds and peak resident kB of one ``caseline calls export -o out``."""
    env = {**os.environ, "CASELINE_DB": str(db),
           "CASELINE_CONFIG": str(db.with_suffix(".toml"))}
    began = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "app.cli.main", "calls", "export", "-o",
                              str(out)], env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - began
    if child.returncode != 0:
        raise SystemExit(f"export to {out} failed ({child.returncode})")
    return elapsed, usage.ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, action="append",
                        help="store sizes (default: 10000 and 100000)")
    args = parser.parse_args(argv)
    sizes = args.calls or [10_000, 100_000]
    with tempfile.TemporaryDirectory(prefix="caseline-export-") as tmp:
        print(f"{'calls':>8}  {'format':6}  {'seconds':>8}  {'peak RSS MB':>11}  {'file MB':>8}")
        for calls in sizes:
            db = Path(tmp) / f"calls-{calls}.db"
            build(db, calls)
            for fmt in ("csv", "xlsx"):
                out = Path(tmp) / f"calls-{calls}.{fmt}"
                seconds, peak_kb = export(db, out)
                print(f"{calls:>8}  {fmt:6}  {seconds:8.1f}  {peak_kb / 1024:11.0f}  "
                      f"{out.stat().st_size / 1e6:8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
