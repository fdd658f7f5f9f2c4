"""Call-history speed on a big store: 1,000,000 call logs in SQLite.

For each filter of the history (and for searches), prints the medians of 5 runs of:

* the UI's path: ``CallHistoryModel`` (app.ui.history) asked for the filter, through Tasks and
  the Workspace's reader threads, until ``rows_loaded`` (a QApplication, offscreen); then ten
  further pages, as scrolling to the bottom ten times asks for them;
* the bare keyset query (``app.cases.history.page``) without Qt, first page and ten more;
* a deep page (position 100,000, or as deep as the matches go) by keyset, side by side with
  the baseline: the same page with one raw SQL ``LIMIT/OFFSET`` query (searches as plain
  ``LIKE '%text%'``), which re-reads every row it skips.

    .venv/bin/python bench/history_scroll.py              # builds the store once, ~2 minutes
    .venv/bin/python bench/history_scroll.py --calls 200000 --runs 3

The store is cached in /tmp/caseline-bench/history.db (``--rebuild`` to make it again; it is
rebuilt by itself when its size or schema differs). Target: the first page of a filter change
under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.cases import history  # noqa: E402
from app.cases.history import HistoryFilter, HistoryKey  # noqa: E402
from app.cases.models import Direction  # noqa: E402
from app.cases.numbers import normalize  # noqa: E402
from app.cases.store import head_revision, open_sqlite  # noqa: E402
from app.orchestration.desk import StoreWorker  # noqa: E402
from app.orchestration.workspace import Workspace  # noqa: E402
from app.ui.history import CallHistoryModel  # noqa: E402
from app.ui.tasks import Tasks  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from app.cases.store import Store

STAMP = "%Y-%m-%d %H:%M:%S.%f"
PAGE = history.PAGE_SIZE
DEEP = 100_000
CACHE = Path(tempfile.gettempdir()) / "caseline-bench"

FAMILY_JA = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
             "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"]
GIVEN_JA = ["太郎", "花子", "健一", "陽子", "大輔", "美咲", "翔太", "由美", "拓也", "直樹",
            "恵", "誠", "愛", "剛", "彩", "亮", "舞", "聡", "優子", "浩"]
GIVEN_EN = ["Olivia", "James", "Emma", "Liam", "Sophia", "Noah", "Hannah", "Ethan", "Grace",
            "Lucas"]
FAMILY_EN = ["Walker", "Parker", "Hughes", "Turner", "Bennett", "Carter", "Foster", "Reed",
             "Brooks", "Wright"]
DISPOSITIONS = ["resolved-on-call", "info-provided", "follow-up", "callback-scheduled",
                "escalated", "parts-dispatched", "status-update", "translation", "dropped"]


def progress(text: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


def national(i: int) -> str:
    return f"03{i:08d}"


def e164(number: str) -> str:
    return "+81" + number[1:]


def uuid7_hex(at: datetime, rng: random.Random) -> str:
    """The id models.new_id would have given a row made at ``at`` (time-ordered)."""
    millis = int(at.timestamp() * 1000)
    value = (millis & ((1 << 48) - 1)) << 80 | rng.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return f"{value:032x}"


def build(path: Path, calls: int, customers: int, contacts: int, cases: int,
          seed: int = 5) -> None:
    rng = random.Random(seed)
    sample = national(1234)
    assert normalize(sample).match_key == e164(sample)  # the shortcut below is normalize's
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
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
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((cid, f"C-{n:07d}", company(n), "ja" if n % 3 else "en", t0, t0)
         for n, cid in enumerate(customer_ids)))
    contact_ids = [uid() for _ in range(contacts)]
    contact_names = [person(n) for n in range(contacts)]
    db.executemany(
        "INSERT INTO contacts (id, customer_id, name, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        ((cid, customer_ids[n % customers], contact_names[n], t0, t0)
         for n, cid in enumerate(contact_ids)))
    db.executemany(
        "INSERT INTO phone_numbers (id, contact_id, raw, e164, match_key, label) "
        "VALUES (?, ?, ?, ?, ?, 'office')",
        ((uid(), cid, national(n), e164(national(n)), e164(national(n)))
         for n, cid in enumerate(contact_ids)))
    progress(f"  {customers} customers, {contacts} contacts")
    case_ids = [uid() for _ in range(cases)]
    db.executemany(
        "INSERT INTO cases (id, number, title, description, status, priority, "
        "priority_confirmed, language, queue, customer_id, contact_id, created_at, updated_at, "
        "version) VALUES (?, ?, ?, '', ?, 'P3', 0, 'ja', 'Bench', ?, ?, ?, ?, 1)",
        ((cid, f"SR-{2025 + n // 60000}-{n % 60000 + 1:06d}", f"問い合わせ {n}",
          "open" if n % 4 == 0 else "closed", customer_ids[(n % contacts) % customers],
          contact_ids[n % contacts], t0, t0)
         for n, cid in enumerate(case_ids)))
    progress(f"  {cases} SRs")

    # Indexes are built once after the rows, not kept up to date a million times.
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                         "AND tbl_name = 'call_logs' AND sql IS NOT NULL").fetchall()
    for name, _sql in indexes:
        db.execute(f'DROP INDEX "{name}"')
    span = timedelta(days=730)
    step = span / calls
    missed_window = now - timedelta(days=1)

    def call_rows() -> Iterator[tuple[object, ...]]:
        for n in range(calls):
            started = now - timedelta(seconds=30) - step * n - timedelta(
                seconds=rng.random() * step.total_seconds())
            inbound = rng.random() < 0.65
            known = rng.random() < 0.9
            contact = rng.randrange(contacts) if known else -1
            case_id: str | None = None
            contact_id: str | None = None
            customer_id: str | None = None
            if known:
                raw = national(contact)
                name = contact_names[contact]
                case = contact + contacts * rng.randrange(max(1, cases // contacts))
                if case < cases and rng.random() < 0.7:
                    case_id = case_ids[case]
                contact_id, customer_id = contact_ids[contact], customer_ids[contact % customers]
            else:
                raw = f"090{rng.randrange(10**8):08d}"
                name = rng.choice(["", "", "WIRELESS CALLER", f"{rng.choice(GIVEN_EN)} "
                                   f"{rng.choice(FAMILY_EN)}"])
            fate = rng.random()
            ring = round(rng.uniform(3, 30), 1)
            talk = 0.0
            disposition: str | None = None
            seen = None
            if inbound and fate < 0.12:
                outcome = "missed"
                if started < missed_window:
                    seen = (started + timedelta(minutes=30)).strftime(STAMP)
            elif inbound and fate < 0.17:
                outcome = "rejected"
            elif not inbound and fate < 0.2:
                outcome, disposition = "failed", "no-answer"
            else:
                outcome = "answered"
                talk = round(min(rng.lognormvariate(5.6, 0.7), 1800.0), 1)
                disposition = rng.choice(DISPOSITIONS) if rng.random() < 0.98 else "spam"
            ended = started + timedelta(seconds=ring + talk)
            yield (uuid7_hex(started, rng), "inbound" if inbound else "outbound", f"b-{n}",
                   f"{rng.getrandbits(64):016x}@bench", "agent@bench",
                   f"sip:{e164(raw)}@pbx.bench", name, raw, e164(raw), e164(raw),
                   started.strftime(STAMP), ended.strftime(STAMP), ended.strftime(STAMP),
                   ring, talk, outcome, outcome, 200 if talk else 487, disposition, case_id,
                   contact_id, customer_id, "number" if known else "none", seen)

    db.executemany(
        "INSERT INTO call_logs (id, direction, engine_call_id, sip_call_id, account, "
        "remote_uri, display_name, number_raw, number_e164, number_key, started_at, ended_at, "
        "last_alive_at, ring_seconds, talk_seconds, hold_seconds, outcome, end_reason, "
        "sip_status, transferred_to, disposition_code, case_id, contact_id, customer_id, "
        "matched_by, match_detail, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, 0, ?, ?, ?, '', ?, ?, ?, ?, ?, '', ?)", call_rows())
    db.commit()
    progress(f"  {calls} call logs; indexing")
    for _name, sql in indexes:
        db.execute(sql)
    db.commit()
    db.execute("ANALYZE")
    db.commit()
    db.close()


def company(n: int) -> str:
    if n % 3 == 0:
        return f"Bench Trading {n} Ltd."
    return f"株式会社ベンチ{n}"


def person(n: int) -> str:
    if n % 3 == 0:
        return f"{GIVEN_EN[n % 10]} {FAMILY_EN[n // 10 % 10]}"
    return f"{FAMILY_JA[n % 20]} {GIVEN_JA[n // 20 % 20]}"


# -- measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    filter: HistoryFilter
    like: str = ""  # the naive baseline's search text


def cases_to_run(meta: dict[str, int]) -> list[Scenario]:
    contacts = meta["contacts"]
    known = contacts // 2 + 7
    number = national(known)
    pretty = f"{number[:2]}-{number[2:6]}-{number[6:]}"
    day = history_day_start()
    name = person(known)
    return [
        Scenario("all calls", HistoryFilter()),
        Scenario("missed", HistoryFilter(missed_only=True)),
        Scenario("inbound", HistoryFilter(direction=Direction.INBOUND)),
        Scenario("outbound", HistoryFilter(direction=Direction.OUTBOUND)),
        Scenario("today", HistoryFilter(since=day)),
        Scenario("missed today", HistoryFilter(missed_only=True, since=day)),
        Scenario("disposition: escalated", HistoryFilter(disposition="escalated")),
        Scenario("disposition: spam (rare)", HistoryFilter(disposition="spam")),
        Scenario("search: number 03-xxxx-xxxx", HistoryFilter(search=pretty), number),
        Scenario("search: number prefix (6 digits)", HistoryFilter(search=number[:6]),
             number[:6]),
        Scenario("search: full name", HistoryFilter(search=name), name),
        Scenario("search: family name (dense)", HistoryFilter(search=name.split()[0]),
             name.split()[0]),
        Scenario("search: company", HistoryFilter(search=company(known % meta["customers"])),
             company(known % meta["customers"])),
        Scenario("search: SR prefix", HistoryFilter(search="SR-2025-0012"), "SR-2025-0012"),
        Scenario("search: name, missed only",
             HistoryFilter(search=name, missed_only=True), name),
    ]


def history_day_start() -> datetime:
    local = datetime.now().astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def timed(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


class UiPath:
    """The model as the view drives it, with real Tasks, Workspace and reader threads."""

    def __init__(self, store: Store) -> None:
        self.app = QApplication.instance() or QApplication([])
        self.writer = StoreWorker(store, lambda _problem: None)
        self.workspace = Workspace(store, self.writer)
        self.tasks = Tasks(self.workspace)
        self.model = CallHistoryModel(self.tasks)
        self.failed: list[BaseException] = []
        self.model.load_failed.connect(self.failed.append)

    def wait(self, start: Callable[[], None]) -> None:
        landed: list[int] = []
        loop = QEventLoop()

        def arrived(count: int) -> None:
            landed.append(count)
            loop.quit()

        self.model.rows_loaded.connect(arrived)
        failed = len(self.failed)
        try:
            start()
            while not landed and len(self.failed) == failed:
                loop.exec()
        finally:
            self.model.rows_loaded.disconnect(arrived)
        if len(self.failed) > failed:
            raise RuntimeError(f"page failed: {self.failed[-1]}")

    def first_page(self, f: HistoryFilter) -> float:
        return timed(lambda: self.wait(lambda: self.model.set_filter(f)))

    def more_pages(self, pages: int) -> float:
        def scroll() -> None:
            for _ in range(pages):
                if not self.model.canFetchMore():
                    break
                self.wait(self.model.fetchMore)

        return timed(scroll)

    def close(self) -> None:
        self.workspace.close()
        self.writer.stop()


def bare(store: Store, f: HistoryFilter, pages: int) -> tuple[float, float]:
    with store.sessions() as session:
        began = time.perf_counter()
        result = history.page(session, f)
        first = time.perf_counter() - began
        began = time.perf_counter()
        for _ in range(pages):
            if result.next_key is None:
                break
            result = history.page(session, f, result.next_key)
        return first, time.perf_counter() - began


def offset_sql(f: HistoryFilter, like: str) -> tuple[str, list[object]]:
    """The page as one hand-written query without keyset or search indexes."""
    where: list[str] = []
    args: list[object] = []
    if f.missed_only:
        where.append("c.outcome = 'missed'")
    if f.direction is not None:
        where.append("c.direction = ?")
        args.append(f.direction.value)
    if f.disposition is not None:
        where.append("c.disposition_code = ?")
        args.append(f.disposition)
    if f.since is not None:
        where.append("c.started_at >= ?")
        args.append(f.since.replace(tzinfo=None).strftime(STAMP))
    if like:
        where.append("(c.number_raw LIKE ? OR c.display_name LIKE ? OR p.name LIKE ? "
                     "OR u.company LIKE ? OR s.number LIKE ?)")
        args += [f"%{like}%"] * 5
    sql = ("SELECT c.id, c.started_at, c.direction, c.outcome, c.number_raw, c.display_name, "
           "p.name, u.company, s.number, s.title, d.label_en, c.talk_seconds, c.seen_at "
           "FROM call_logs c LEFT JOIN contacts p ON p.id = c.contact_id "
           "LEFT JOIN customers u ON u.id = c.customer_id LEFT JOIN cases s ON s.id = c.case_id "
           "LEFT JOIN dispositions d ON d.code = c.disposition_code"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY c.started_at DESC, c.id DESC")
    return sql, args


def deep(store: Store, raw: sqlite3.Connection, case: Scenario, runs: int
         ) -> tuple[int, int, list[float], list[float]]:
    """Matches, the deep position, keyset page times there and OFFSET page times there."""
    sql, args = offset_sql(case.filter, case.like)
    count = f"SELECT count(*) FROM ({sql})"  # noqa: S608 - fixed fragments, values bound
    matches = raw.execute(count, args).fetchone()[0]
    position = max(0, min(DEEP, matches - PAGE))
    keyset_times: list[float] = []
    offset_times: list[float] = []
    if position == 0:
        return matches, 0, keyset_times, offset_times
    at = f"SELECT started_at, id FROM ({sql}) LIMIT 1 OFFSET ?"  # noqa: S608 - as above
    started, hex_id = raw.execute(at, [*args, position - 1]).fetchone()
    key = HistoryKey(datetime.strptime(started, STAMP).replace(tzinfo=UTC), uuid.UUID(hex_id))
    def keyset_page() -> None:
        with store.sessions() as session:
            history.page(session, case.filter, key)

    for _ in range(runs):
        keyset_times.append(timed(keyset_page))
        offset_times.append(timed(lambda: raw.execute(
            f"{sql} LIMIT ? OFFSET ?", [*args, PAGE, position]).fetchall()))
    return matches, position, keyset_times, offset_times


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:9.1f}" if values else f"{'-':>9}"


def ratio(top: list[float], bottom: list[float]) -> str:
    if not top or not bottom:
        return f"{'-':>7}"
    return f"{statistics.median(top) / statistics.median(bottom):6.1f}x"


def open_cached(args: argparse.Namespace) -> tuple[Store, dict[str, int]]:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / "history.db"
    meta_path = CACHE / "history.json"
    meta = {"calls": args.calls, "customers": args.customers, "contacts": args.contacts,
            "cases": args.cases}
    stored: dict[str, object] = {}
    if meta_path.exists():
        stored = json.loads(meta_path.read_text())
    fresh = (path.exists() and stored.get("size") == meta
             and stored.get("revision") == head_revision())
    if args.rebuild or not fresh:
        progress(f"building {path}")
        began = time.monotonic()
        meta_path.unlink(missing_ok=True)
        build(path, args.calls, args.customers, args.contacts, args.cases)
        meta_path.write_text(json.dumps({"size": meta, "revision": head_revision()}))
        progress(f"  built in {time.monotonic() - began:.0f} s")
    return open_sqlite(path, migrate=False), meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=10, help="further pages scrolled")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    store, meta = open_cached(args)
    raw = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    ui = UiPath(store)
    rows = []
    try:
        for case in cases_to_run(meta):
            progress(case.name)
            ui.first_page(case.filter)  # warm: both sides then read the same cached pages
            bare(store, case.filter, 1)
            ui_first, ui_more, bare_first, bare_more = [], [], [], []
            for _ in range(args.runs):
                ui_first.append(ui.first_page(case.filter))
                ui_more.append(ui.more_pages(args.pages))
                first, more = bare(store, case.filter, args.pages)
                bare_first.append(first)
                bare_more.append(more)
            matches, position, keyset_deep, offset_deep = deep(store, raw, case, args.runs)
            rows.append((case.name, matches, position, ui_first, ui_more, bare_first, bare_more,
                         keyset_deep, offset_deep))
    finally:
        ui.close()
        raw.close()
        store.close()
    size = (CACHE / "history.db").stat().st_size / 2**20
    print(f"Call history benchmark (bench/history_scroll.py), "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"store: SQLite {size:.0f} MB, {meta['calls']:,} call logs, {meta['cases']:,} SRs, "
          f"{meta['contacts']:,} contacts, {meta['customers']:,} customers; "
          f"{os.cpu_count()} CPUs; medians of {args.runs} runs, ms; page = {PAGE} rows")
    print(f"{'':<34} {'matches':>8} {'UI 1st':>9} {'UI +' + str(args.pages):>9} "
          f"{'bare 1st':>9} {'bare +' + str(args.pages):>9} {'UI/bare':>7} {'at row':>7} "
          f"{'keyset':>9} {'OFFSET':>9} {'OFF/key':>7}")
    for (name, matches, position, ui_first, ui_more, bare_first, bare_more, keyset_deep,
         offset_deep) in rows:
        print(f"{name:<34} {matches:>8} {ms(ui_first)} {ms(ui_more)} {ms(bare_first)} "
              f"{ms(bare_more)} {ratio(ui_first, bare_first)} {position:>7} "
              f"{ms(keyset_deep)} {ms(offset_deep)} {ratio(offset_deep, keyset_deep)}")
    worst = max(statistics.median(r[3]) for r in rows) * 1000
    print(f"target: UI first page (a filter change) < 100 ms; worst here {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
