"""Soak: thousands of calls through the headless agent, then through the window, with the store
and the sync on; memory, descriptors, threads, CPU and the store's size as they go, and every
call counted in the local store and in the centre at the end.

Everything real: a throw-away PostgreSQL cluster (tests/support_pg.py, ``central init``, a team
and an agent login role under row-level security), a private Secret Service (GNOME Keyring on
its own session bus, tests/support_keyring.py) holding the role's password as ``caseline sync
--set-password`` puts it there, SIPp for the callers, Xvfb and a null PulseAudio for the
window.

1. The headless agent, ``python -m app agent --auto-answer --answer-delay-ms R`` (it rings R ms,
   sending 180, then answers), with its store. The agent has no sync of its own (only the
   desktop runs a SyncWorker), so a companion process runs the product's SyncWorker on the
   same store file, built as the desktop builds it (app.sync.connect.syncer_for, the password
   from the keyring). It is measured too.
2. The window: the desktop as app.ui.desktop.build makes it (its engine in its own process,
   its SyncWorker on its store), under Xvfb, answering itself after the same ring.

The calls come in rounds of 100, one kind after another, SIPp at a steady ``--rate`` (at most
3 of its calls up at once: the wheel's pjsua takes 4):

- 76 answered (bench/sipp/uac_talk.xml, ``--talk-ms`` of talk, the caller hangs up);
- 4 answered and held (tests/sipp/uac_wait_bye.xml): the 4 lines taken, then
- 4 rejected: callers the stack turns away with 486 while every line is taken
  (tests/sipp/uac_rejected.xml), logged as missed ``over_capacity``; then the bench hangs the
  4 held calls up (the agent's ``hangup`` command);
- 8 missed: the caller CANCELs as soon as it rings (bench/sipp/uac_soak_missed.xml);
- 4 transferred: the bench tells the agent to transfer the call once it is up; the caller
  takes the REFER and reports the target answered (bench/sipp/uac_soak_transfer.xml);
- 4 hostile, in turn: a re-INVITE storm and REFER abuse in a call (tests/sipp), a 60 kB
  datagram, a 70 kB header over TCP, SDP without media, an unknown method
  (tests/hostile_sip.py). Only the first three are calls.

Every 1,000 calls (100 for the window) a row: RSS, open descriptors (/proc/PID/fd), threads,
CPU seconds of the agent, its SIP engine process (app.telephony.worker) and the sync process;
the store's size (file + WAL); call logs locally and centrally; outbox entries waiting. At the
end, once the outbox is empty: every SIPp call by its Call-ID (``-cid_str``), exactly once in
the local store and exactly once in the centre (queried as the superuser), with the outcome its
kind should have.

    .venv/bin/python bench/soak.py --quick          # 1,000 calls + 100 through the window
    .venv/bin/python bench/soak.py                  # 10,000 + 1,000, about 35 minutes

Target (issue 21): RSS and descriptors flat after the warm-up (the first 1,000 calls; 100 for
the window): RSS growth under 10 MB per process, descriptors not growing; no failed call; every
call logged exactly once, locally and centrally. The report goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.support import free_port  # noqa: E402 - needs the path above

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from app.telephony.api import Engine
    from tests.support_pg import PgCluster

SIPP_BENCH, SIPP_TESTS = BENCH / "sipp", REPO / "tests" / "sipp"
CLK_TCK = os.sysconf("SC_CLK_TCK")
TEAM, QUEUE = "soak", "soak-queue"
ROLE = "soak_agent"
IDENTITY = "agent@soak.example"
READY_TIMEOUT = 90.0  # s: a ceiling only a broken start reaches
SETTLE_TIMEOUT = 300.0  # s: for the outbox to empty after the last call
STOP_TIMEOUT = 20.0
# pjsua (2.15) reports a call we hang up as ended at once but keeps its slot, one of the
# wheel's 4, until the BYE is answered, or for Timer F (64 x T1 = 32 s) when nobody answers.
BYE_TIMEOUT = 32.0 + 1.0
ROUND = 100
# One round of calls, by batch: (tag in the Call-ID, calls). "hostile" is 4 plays in turn.
MIX = (("talk", 76), ("hold", 4), ("rej", 4), ("miss", 8), ("xfer", 4), ("hostile", 4))
KIND = {"talk": "answered", "hold": "answered", "rej": "rejected", "miss": "missed",
        "xfer": "transferred", "storm": "hostile", "refer": "hostile"}
KINDS = ("answered", "missed", "rejected", "transferred", "hostile")
# What each tag's call log says: over capacity is a missed call with its reason.
OUTCOME = {"talk": "answered", "hold": "answered", "rej": "missed", "miss": "missed",
           "xfer": "transferred", "storm": "answered", "refer": "answered"}
# The hostile plays in turn: SIPp scenarios (tag, file) and tests/hostile_sip.py scenarios
# by name (raw sockets; those whose INVITE becomes a call name the Call-ID prefix it uses).
HOSTILE = ("storm", "refer", "60 kB datagram (UDP)", "oversized header (TCP)",
           "SDP without media", "unknown method")
HOSTILE_SIPP = {"storm": SIPP_TESTS / "uac_reinvite_storm.xml",
                "refer": SIPP_TESTS / "uac_refer_abuse.xml"}
RAW_PREFIX = {"60 kB datagram (UDP)": "dgram", "oversized header (TCP)": "big",
              "SDP without media": "sdp", "unknown method": "frob"}
SOAK_CID = re.compile(r"^\d+-b(\d+)([a-z]+)@soak$")
RAW_CID = re.compile(r"^([a-z]+)-\d+@raw$")
RSS_TARGET_MB = 10.0


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# -- /proc -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    rss_kb: int
    anon_kb: int
    fds: int
    threads: int
    cpu_s: float  # utime + stime of all its threads


def figures(pid: int | None) -> Figures | None:
    if pid is None:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    values = {line.split(":")[0]: line.split()[1] for line in status.splitlines()
              if line.startswith(("VmRSS:", "RssAnon:", "Threads:"))}
    return Figures(int(values.get("VmRSS", 0)), int(values.get("RssAnon", 0)), fds,
                   int(values.get("Threads", 0)),
                   (int(fields[11]) + int(fields[12])) / CLK_TCK)


def engine_child(pid: int) -> int | None:
    """The SIP engine process (app.telephony.worker) under ``pid``."""
    with contextlib.suppress(OSError):
        for tid in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                for child in Path(f"/proc/{pid}/task/{tid}/children").read_text().split():
                    if b"app.telephony.worker" in Path(f"/proc/{child}/cmdline").read_bytes():
                        return int(child)
    return None


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"))
               if p.exists())


# -- the roles: the sync companion and the window, in processes of their own -------------------


def run_sync(config: Path) -> int:
    """The product's SyncWorker on the agent's store, as app.ui.desktop._sync builds it, but
    polling the outbox (push_interval 0.5 s): the agent's commits are in another process, so
    they cannot wake it."""
    from app.cases.store import open_sqlite  # noqa: PLC0415
    from app.config import settings  # noqa: PLC0415
    from app.sync.connect import syncer_for  # noqa: PLC0415
    from app.sync.worker import SyncWorker  # noqa: PLC0415

    conf = settings.load(config)
    store = open_sqlite(conf.cases.database_path())
    syncer = syncer_for(conf.central.effective_url(), store)
    assert syncer is not None  # the URL is configured
    worker = SyncWorker(syncer)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    worker.start()
    print(json.dumps({"event": "ready"}), flush=True)
    stop.wait()
    worker.stop()
    syncer.central.dispose()
    store.close()
    return 0


def run_window(config: Path, port: int, ring_ms: int) -> int:
    """The desktop as `caseline gui` builds it, answering itself after ``ring_ms``. Its phone's
    events go to stdout as JSON lines (as the headless agent prints them); JSON commands on
    stdin (hangup, transfer) go to its engine through Phone.call, as the window's buttons do."""
    from PySide6.QtCore import QSocketNotifier  # noqa: PLC0415

    from app.common import logs  # noqa: PLC0415
    from app.config import settings  # noqa: PLC0415
    from app.orchestration import bootstrap  # noqa: PLC0415
    from app.orchestration.desk import desk_event_to_dict  # noqa: PLC0415
    from app.telephony.events import event_to_dict  # noqa: PLC0415
    from app.ui.desktop import application, build  # noqa: PLC0415

    logs.setup(config)
    conf = settings.load(config)
    engine_config = replace(bootstrap.engine_config(conf, listen=f"127.0.0.1:{port}"),
                            auto_answer_ms=ring_ms)
    app = application([sys.argv[0]])
    desktop = build(config, show_wizard=False, engine_config=engine_config)
    if desktop is None:
        return 2
    out = threading.Lock()

    def emit(event: Any) -> None:
        try:
            data = event_to_dict(event)
        except TypeError:  # the Phone's own notices are not dataclasses of this kind
            return
        if type(event).__module__ == "app.orchestration.desk":
            data = desk_event_to_dict(event)
        with out:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()

    # The phone is running already: a listener added now sees what comes next (the list is
    # only appended to), which is all the bench waits for.
    desktop.phone.subscribe(emit)
    desktop.window.show()
    if not desktop.phone.wait_started(60):
        return 2

    def command(request: dict[str, Any]) -> Callable[[Engine], None] | None:
        call_id = str(request["call_id"])
        if request["cmd"] == "hangup":
            return lambda engine: engine.hangup(call_id)
        if request["cmd"] == "transfer":
            target = str(request["target"])
            return lambda engine: engine.transfer(call_id, target)
        return None

    def commands() -> None:
        for line in sys.stdin:
            with contextlib.suppress(ValueError, KeyError):
                if (run := command(json.loads(line))) is not None:
                    desktop.phone.call(run)

    threading.Thread(target=commands, name="soak-stdin", daemon=True).start()
    # SIGTERM quits the Qt loop through a socket it watches (as bench/idle.py).
    import socket  # noqa: PLC0415

    read_end, write_end = socket.socketpair()
    read_end.setblocking(False)
    write_end.setblocking(False)
    signal.set_wakeup_fd(write_end.fileno())
    signal.signal(signal.SIGTERM, lambda *_: None)
    notifier = QSocketNotifier(read_end.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(app.quit)
    with out:
        print(json.dumps({"event": "ready"}), flush=True)
    try:
        return app.exec()
    finally:
        desktop.shutdown()


# -- the UA under test, seen from outside ----------------------------------------------------


class Ua:
    """A CaseLine process printing JSON events (the headless agent, or the window role): what
    is live, and the bench's part in the calls (transfers, the held lines' hang-ups)."""

    def __init__(self, proc: subprocess.Popen[bytes], transfer_to: str) -> None:
        self.proc = proc
        self.transfer_to = transfer_to
        self.cond = threading.Condition()
        self.ready = False
        self.live: set[str] = set()
        self.held: set[str] = set()  # the "hold" calls that are up
        self.transferred: set[str] = set()
        self.ended = 0
        self.logged = 0  # CallLogged events with an outcome (a call's end, written)
        self.engine: list[str] = []  # engine crashes and restarts
        self.refused_commands: list[str] = []
        self.lines = 0
        self._write = threading.Lock()
        threading.Thread(target=self._read, name="soak-ua-out", daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            with self.cond:
                self.lines += 1
                self._on(event)
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def _on(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "ready" or (kind == "EngineEvent" and event.get("state") == "started"):
            self.ready = True
        if kind == "EngineEvent" and event.get("state") in ("crashed", "restarted"):
            self.engine.append(str(event.get("state")))
        if kind == "CallLogged" and event.get("outcome"):
            self.logged += 1
        if kind == "CommandResult" and not event.get("ok"):
            self.refused_commands.append(f"{event.get('cmd')}: {event.get('error')}")
        if kind != "CallEvent":
            return
        call_id, state = str(event["call_id"]), event.get("state")
        sip = str(event.get("sip_call_id", ""))
        if state == "ended":
            self.live.discard(call_id)
            self.held.discard(call_id)
            self.ended += 1
            return
        self.live.add(call_id)
        if state != "active":
            return
        if sip.endswith("hold@soak"):
            self.held.add(call_id)
        elif sip.endswith("xfer@soak") and call_id not in self.transferred:
            self.transferred.add(call_id)
            self.send({"cmd": "transfer", "call_id": call_id, "target": self.transfer_to})

    def send(self, command: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        with self._write:
            self.proc.stdin.write((json.dumps(command) + "\n").encode())
            self.proc.stdin.flush()

    def wait(self, predicate: Callable[[], bool], what: str,
             ceiling: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + ceiling
        with self.cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise RuntimeError(f"waiting for {what}: gave up (the UA "
                                       f"{'ended' if self.proc.poll() is not None else 'lives'})")
                self.cond.wait(min(left, 1.0))


# -- the calls ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Per kind: what SIPp (or a raw peer) made of its calls and plays."""

    made: dict[str, int] = field(default_factory=dict)  # calls SIPp created, by tag
    ok: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    raw: dict[str, dict[str, int]] = field(default_factory=dict)  # play -> reply -> times
    raw_bad: list[str] = field(default_factory=list)  # replies a correct UA does not give
    sipp_errors: list[str] = field(default_factory=list)
    batches: int = 0

    def add(self, tag: str, made: int, ok: int, failed: int) -> None:
        self.made[tag] = self.made.get(tag, 0) + made
        self.ok[tag] = self.ok.get(tag, 0) + ok
        self.failed[tag] = self.failed.get(tag, 0) + failed


class Caller:
    """SIPp batches and hostile plays against one UA, numbered so each call's Call-ID says
    its batch and kind."""

    def __init__(self, ua: Ua, port: int, rate: float, talk_ms: int, work: Path) -> None:
        self.ua, self.port, self.rate, self.talk_ms = ua, port, rate, talk_ms
        self.work = work
        self.tally = Tally()
        self.batch = 0
        self.hostile_turn = 0
        self.stuck: list[str] = []  # engine call ids that never ended
        self.numbers = work / "callers.csv"
        rng = random.Random(21)
        self.numbers.write_text("RANDOM\n" + "".join(
            f"03{rng.randrange(10 ** 8):08d};\n" for _ in range(500)))

    def sipp(self, tag: str, scenario: Path, calls: int, *extra: str, limit: int = 3,
             rate: float | None = None, background: bool = False
             ) -> subprocess.Popen[bytes] | None:
        self.batch += 1
        run = self.work / "sipp" / f"{self.batch:05d}-{tag}"
        run.mkdir(parents=True)
        rate = rate or self.rate
        argv = ["sipp", "-sf", str(scenario), f"127.0.0.1:{self.port}", "-i", "127.0.0.1",
                "-p", str(free_port(pair=False)), "-m", str(calls), "-r", str(rate),
                "-l", str(limit), "-cid_str", f"%u-b{self.batch:05d}{tag}@soak",
                "-nostdin", "-timeout", f"{int(calls / rate * 3 + 60)}s", "-timeout_error",
                "-trace_stat", "-fd", "1", "-stf", str(run / "stats.csv"),
                "-trace_err", "-error_file", str(run / "errors.log"), *extra]
        with open(run / "stderr.log", "wb") as err:
            proc = subprocess.Popen(argv, cwd=run, stdout=subprocess.DEVNULL, stderr=err,
                                    stdin=subprocess.DEVNULL,
                                    env={**os.environ, "TERM": "dumb"})
        proc.soak_tag = tag  # type: ignore[attr-defined]
        proc.soak_run = run  # type: ignore[attr-defined]
        if background:
            return proc
        self.finish(proc)
        return None

    def finish(self, proc: subprocess.Popen[bytes]) -> None:
        proc.wait()
        tag, run = proc.soak_tag, proc.soak_run  # type: ignore[attr-defined]
        made = ok = failed = 0
        with contextlib.suppress(OSError, IndexError, ValueError):
            with (run / "stats.csv").open() as handle:
                rows = list(csv.reader(handle, delimiter=";"))
            last = dict(zip(rows[0], rows[-1], strict=False))
            made = int(last.get("TotalCallCreated", 0) or 0)
            ok = int(last.get("SuccessfulCall(C)", 0) or 0)
            failed = int(last.get("FailedCall(C)", 0) or 0)
        self.tally.add(tag, made, ok, failed)
        self.tally.batches += 1
        if proc.returncode != 0 or failed:
            self.tally.sipp_errors.append(f"{run.name}: exit {proc.returncode}, "
                                          f"{failed} failed of {made}")
            progress(f"  SIPp {run.name}: exit {proc.returncode}, {failed} failed of {made}")

    def idle(self) -> None:
        """Until no call is live on the UA: the next batch finds every line free. A call
        still live after 20 s is a finding: noted, and the soak goes on."""
        try:
            self.ua.wait(lambda: not self.ua.live, "the UA's calls to end", 20.0)
        except RuntimeError:
            if self.ua.proc.poll() is not None:
                raise
            with self.ua.cond:
                stuck = sorted(self.ua.live)
            self.stuck.extend(stuck)
            progress(f"  calls still live after 20 s: {stuck}; the agent hangs them up")
            # As an agent would: it holds a line the next batch needs.
            for call_id in stuck:
                self.ua.send({"cmd": "hangup", "call_id": call_id})
            try:
                self.ua.wait(lambda: not self.ua.live, "the stuck calls to end", 30.0)
            except RuntimeError:
                with self.ua.cond:
                    self.ua.live.clear()
            # A stuck call's caller is gone as a rule: our BYE goes unanswered and its line
            # stays taken until the BYE times out. The next batch would find 3 lines where it
            # needs 4 (486s that are this finding again, not new ones): it waits that out.
            progress(f"  waiting {BYE_TIMEOUT:.0f} s for their BYEs to time out")
            time.sleep(BYE_TIMEOUT)

    def one_round(self) -> None:
        for tag, calls in MIX:
            self.idle()
            if tag == "talk":
                self.sipp("talk", SIPP_BENCH / "uac_talk.xml", calls, "-inf",
                          str(self.numbers), "-d", str(self.talk_ms))
            elif tag == "hold":
                self.hold_and_reject(calls)
            elif tag == "rej":
                continue  # with the held lines
            elif tag == "miss":
                self.sipp("miss", SIPP_BENCH / "uac_soak_missed.xml", calls)
            elif tag == "xfer":
                self.sipp("xfer", SIPP_BENCH / "uac_soak_transfer.xml", calls, limit=2)
            else:
                for _ in range(calls):
                    self.hostile()

    def hold_and_reject(self, lines: int) -> None:
        """Every line taken by a held call, then callers the stack turns away (486)."""
        rejected = dict(MIX)["rej"]
        # A margin only: the batch before (talk) ends by the callers' BYEs, which free the
        # lines before the ends reach us. A line is freed after its end event only for a call
        # we hung up, once its BYE is answered (BYE_TIMEOUT); the 486s once blamed on this
        # margin followed a stuck call the bench had hung up (see idle).
        time.sleep(0.5)
        held = self.sipp("hold", SIPP_TESTS / "uac_wait_bye.xml", lines, "-key", "caller",
                         "0311110000", "-key", "extra", "X-Soak: held", limit=lines,
                         rate=50, background=True)
        assert held is not None
        try:
            try:
                self.ua.wait(lambda: len(self.ua.held) >= lines or held.poll() is not None,
                             "the held calls to be up", 20.0)
            except RuntimeError:
                if self.ua.proc.poll() is not None:
                    raise
            # A holder refused is a failed call (SIPp counts it); the rejections go on.
            self.sipp("rej", SIPP_TESTS / "uac_rejected.xml", rejected, limit=1)
        finally:
            with self.ua.cond:
                up = list(self.ua.held)
            for call_id in up:
                self.ua.send({"cmd": "hangup", "call_id": call_id})
            self.finish(held)

    def hostile(self) -> None:
        from tests.hostile_sip import SCENARIOS, Target  # noqa: PLC0415

        play = HOSTILE[self.hostile_turn % len(HOSTILE)]
        self.hostile_turn += 1
        if play in HOSTILE_SIPP:
            self.sipp(play, HOSTILE_SIPP[play], 1, limit=1)
            return
        scenario = next(s for s in SCENARIOS if s.name == play)
        log_dir = self.work / "hostile"
        log_dir.mkdir(exist_ok=True)
        try:
            reply = scenario.play(Target(self.port, self.port + 1, log_dir))
        except Exception as exc:  # a play that breaks is a finding, not the end of the soak
            reply = f"error {type(exc).__name__}: {exc}"[:120]
        seen = self.tally.raw.setdefault(play, {})
        seen[reply] = seen.get(reply, 0) + 1
        if reply not in scenario.expect and reply != scenario.observed:
            self.tally.raw_bad.append(f"{play}: {reply}")


# -- the store and the centre ---------------------------------------------------------------


@dataclass
class Logged:
    """Call logs by SIP Call-ID: how many rows each has, and their outcomes."""

    rows: int = 0
    by_cid: dict[str, list[str]] = field(default_factory=dict)

    def add(self, cid: str, outcome: str) -> None:
        self.rows += 1
        self.by_cid.setdefault(cid, []).append(outcome.lower())


def local_logs(db: Path) -> Logged:
    out = Logged()
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        for cid, outcome in conn.execute("SELECT sip_call_id, outcome FROM call_logs"):
            out.add(str(cid or ""), str(outcome or ""))
    return out


def central_logs(pg: PgCluster, database: str) -> Logged:
    import psycopg  # noqa: PLC0415

    out = Logged()
    with psycopg.connect(pg.url(database=database)) as conn:
        for cid, outcome in conn.execute("SELECT sip_call_id, outcome::text FROM "
                                         "caseline.call_logs"):
            out.add(str(cid or ""), str(outcome or ""))
    return out


def counts(db: Path, pg: PgCluster, database: str) -> tuple[int, int, int]:
    """Call logs locally, centrally, and outbox entries waiting."""
    import psycopg  # noqa: PLC0415

    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT (SELECT count(*) FROM call_logs), "
                            "(SELECT count(*) FROM outbox)").fetchone()
    with psycopg.connect(pg.url(database=database)) as central:
        found = central.execute("SELECT count(*) FROM caseline.call_logs").fetchone()
    return int(rows[0]), int(found[0]) if found else 0, int(rows[1])


@dataclass
class Check:
    """One kind's calls against the rows: made, logged once, missing, duplicated, wrong."""

    made: int = 0
    failed: int = 0
    once: int = 0
    missing: int = 0
    dup: int = 0
    wrong: int = 0  # logged once, with another outcome than the kind's


def check(tally: Tally, logged: Logged) -> tuple[dict[str, Check], list[str]]:
    """By kind; and the rows no SIPp call or raw play accounts for."""
    expected: dict[str, tuple[str, str]] = {}  # cid -> (kind, outcome)
    for cid in logged.by_cid:
        match = SOAK_CID.match(cid)
        if match and match.group(2) in KIND:
            expected[cid] = (KIND[match.group(2)], OUTCOME[match.group(2)])
    result = {k: Check() for k in KINDS}
    for tag, made in tally.made.items():
        result[KIND[tag]].made += made
        result[KIND[tag]].failed += tally.failed.get(tag, 0)
    stray: list[str] = []
    for cid, outcomes in logged.by_cid.items():
        if cid in expected:
            kind, outcome = expected[cid]
            c = result[kind]
            if len(outcomes) == 1:
                c.once += 1
                c.wrong += outcomes[0] != outcome
            else:
                c.dup += 1
            continue
        raw = RAW_CID.match(cid)
        if raw and raw.group(1) in RAW_PREFIX.values():
            c = result["hostile"]
            c.once += len(outcomes) == 1
            c.dup += len(outcomes) > 1
            continue
        stray.append(f"{cid or '(no Call-ID)'} x{len(outcomes)} {','.join(outcomes)}")
    # Raw plays that became calls: the 60 kB datagram is answered (pjsip reads its head).
    raw_calls = sum(n for play, replies in tally.raw.items() for reply, n in replies.items()
                    if reply == "200" and play in RAW_PREFIX)
    result["hostile"].made += raw_calls
    for kind, c in result.items():
        del kind
        c.missing = max(0, c.made - c.once - c.dup)
    return result, stray


# -- a run ----------------------------------------------------------------------------------


@dataclass
class Row:
    calls: int
    seconds: float
    procs: dict[str, Figures | None]
    store: int
    local: int
    central: int
    queued: int


@dataclass
class Run:
    name: str
    calls: int
    every: int  # a row every this many calls
    warm: int  # the warm-up: growth is measured from the row at this many calls
    rows: list[Row] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    local: dict[str, Check] = field(default_factory=dict)
    central: dict[str, Check] = field(default_factory=dict)
    stray_local: list[str] = field(default_factory=list)
    stray_central: list[str] = field(default_factory=list)
    ua_events: dict[str, int] = field(default_factory=dict)
    engine: list[str] = field(default_factory=list)
    refused_commands: list[str] = field(default_factory=list)
    settled: float = 0.0  # s from the last call to an empty outbox
    seconds: float = 0.0
    rate: float = 0.0
    notes: list[str] = field(default_factory=list)
    stuck: int = 0  # calls still live 20 s after their batch


class Started:
    """Every process the bench starts, stopped at the end (SIGTERM, then SIGKILL)."""

    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work, self.env = work, env
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        with open(self.work / f"{name}.stderr", "wb") as err:
            proc = subprocess.Popen(argv, cwd=REPO, env=self.env, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=err, start_new_session=True)
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> int | None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
        try:
            code: int | None = proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            code = None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # whatever of its group is left
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return code

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            self.stop(proc)


def wait_line(proc: subprocess.Popen[bytes], marker: bytes, what: str) -> None:
    assert proc.stdout is not None
    deadline, seen = time.monotonic() + READY_TIMEOUT, b""
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            raise RuntimeError(f"{what} did not start: {seen[-300:]!r}")
        if select.select([proc.stdout], [], [], min(left, 1.0))[0]:
            seen += os.read(proc.stdout.fileno(), 4096)


class Rig:
    """The centre, the keyring's session, the display: shared by both runs."""

    def __init__(self, work: Path, env: dict[str, str], pg: PgCluster) -> None:
        self.work, self.env, self.pg = work, env, pg

    def prepare(self, name: str) -> tuple[Path, Path, str]:
        """A database, the agent role, a config and the password in the keyring: (config,
        store, database)."""
        from app.central import admin  # noqa: PLC0415
        from app.config import settings  # noqa: PLC0415

        database = f"soak_{name}"
        self.pg.create_database(database)
        url = self.pg.url(database=database)
        admin.init(url)
        admin.add_team(url, TEAM, [QUEUE])
        password = "soak-" + uuid.uuid4().hex
        admin.add_agent(url, ROLE, password, "Soak Agent", TEAM, sip_identity=IDENTITY)
        home = self.work / name
        home.mkdir()
        config, db = home / "caseline.toml", home / "cases.db"
        base = settings.Settings()
        settings.save(config, replace(
            base, ui=replace(base.ui, first_run_done=True, language="en"),
            cases=replace(base.cases, database=str(db), wrap_up_seconds=1.0,
                          agent_identity=IDENTITY, agent_name="Soak Agent"),
            central=replace(base.central,
                            url=f"postgresql://{ROLE}@127.0.0.1:{self.pg.port}/{database}")))
        saved = subprocess.run(
            [sys.executable, "-m", "app", "--config", str(config), "sync", "--set-password",
             "--password-stdin"], cwd=REPO, env=self.env, input=password + "\n",
            capture_output=True, text=True, timeout=60, check=False)
        if saved.returncode != 0:
            raise RuntimeError(f"caseline sync --set-password: {saved.stderr.strip()}")
        return config, db, database


def soak(rig: Rig, run: Run, args: argparse.Namespace, *, window: bool) -> None:
    config, db, database = rig.prepare(run.name)
    started = Started(rig.work / run.name, rig.env)
    port = free_port()
    transfer_to = f"sip:colleague@127.0.0.1:{free_port(pair=False)}"
    me = [sys.executable, str(Path(__file__).resolve())]
    try:
        if window:
            progress(f"{run.name}: starting the window (Xvfb) with its sync")
            proc = started.start("window", [*me, "--role", "window", "--config", str(config),
                                            "--port", str(port), "--ring-ms",
                                            str(args.ring_ms)])
            ua = Ua(proc, transfer_to)
            labels = {"window": proc.pid}
        else:
            progress(f"{run.name}: starting the headless agent and the sync process")
            proc = started.start("agent", [
                sys.executable, "-m", "app", "--config", str(config), "agent", "--listen",
                f"127.0.0.1:{port}", "--transports", "udp,tcp", "--auto-answer",
                "--answer-delay-ms", str(args.ring_ms), "--no-accounts", "--stdin-commands"])
            ua = Ua(proc, transfer_to)
            labels = {"agent": proc.pid}
        ua.wait(lambda: ua.ready, "the UA's start")
        if not window:
            # The agent has migrated the store by now: the sync opens it after.
            sync = started.start("sync", [*me, "--role", "sync", "--config", str(config)])
            wait_line(sync, b'"ready"', "the sync process")
            labels["sync"] = sync.pid
        engine = engine_child(proc.pid)
        if engine is None:
            raise RuntimeError("the UA runs no SIP engine process")
        labels["engine"] = engine
        caller = Caller(ua, port, args.rate, args.talk_ms, rig.work / run.name)
        run.tally = caller.tally

        def sample(done: int, began: float) -> None:
            if (now := engine_child(proc.pid)) not in (None, labels["engine"]):
                run.notes.append(f"the engine process changed at {done} calls "
                                 f"({labels['engine']} -> {now})")
                labels["engine"] = now
            local, central, queued = counts(db, rig.pg, database)
            row = Row(done, time.monotonic() - began,
                      {k: figures(v) for k, v in labels.items()}, store_bytes(db), local,
                      central, queued)
            run.rows.append(row)
            progress(f"  {run.name}: {done} calls, {row.seconds:.0f} s, local {local}, "
                     f"central {central}, queued {queued}, " + ", ".join(
                         f"{k} {f.rss_kb / 1024:.1f} MB {f.fds} fds" for k, f in
                         row.procs.items() if f is not None))

        began = time.monotonic()
        sample(0, began)
        for done in range(ROUND, run.calls + 1, ROUND):
            caller.one_round()
            if done % run.every == 0 or done == run.calls:
                caller.idle()
                sample(done, began)
        run.seconds = time.monotonic() - began
        run.rate = sum(caller.tally.made.values()) / run.seconds
        progress(f"{run.name}: calls done in {run.seconds:.0f} s; waiting for the outbox")
        last = moved = time.monotonic()
        before = (-1, -1)
        while True:
            local, central, queued = counts(db, rig.pg, database)
            if queued == 0 and central >= local:
                break
            if (central, queued) != before:
                before, moved = (central, queued), time.monotonic()
            # A sync that stopped moving for a minute (or never started) is a finding.
            if time.monotonic() - moved > 60 or time.monotonic() - last > SETTLE_TIMEOUT:
                run.notes.append(f"the outbox did not empty: {queued} queued, local {local}, "
                                 f"central {central}, {time.monotonic() - last:.0f} s after "
                                 "the last call")
                break
            time.sleep(0.5)  # the outbox is a table in another process: polled
        run.settled = time.monotonic() - last
        run.ua_events = {"CallEvent ended": ua.ended, "CallLogged": ua.logged,
                         "JSON lines": ua.lines}
        run.engine = list(ua.engine)
        run.stuck = len(caller.stuck)
        if caller.stuck:
            run.notes.append(f"{len(caller.stuck)} calls still live 20 s after their "
                             f"batch, hung up by the bench: {caller.stuck[:5]}")
        run.refused_commands = list(ua.refused_commands)
    except Exception as exc:  # reported with what was measured up to here
        run.notes.append(f"the run stopped early: {type(exc).__name__}: {exc}")
        progress(f"{run.name}: stopped early: {exc!r}")
    finally:
        progress(f"{run.name}: stopping")
        started.stop_all()
    run.local, run.stray_local = check(run.tally, local_logs(db))
    run.central, run.stray_central = check(run.tally, central_logs(rig.pg, database))


# -- the report -----------------------------------------------------------------------------


def mb(kb: float) -> str:
    return f"{kb / 1024:7.1f}"


def report(args: argparse.Namespace, runs: list[Run], where: str, argv: list[str],
           load: tuple[float, float, float]) -> bool:
    print(f"Soak (bench/soak.py), {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
    print("command: " + " ".join([sys.executable, sys.argv[0], *argv]))
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, load average at start "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {where}")
    print(f"rate {args.rate:g} calls/s (SIPp, at most 3 up at once), ring {args.ring_ms} ms "
          f"then auto-answer, talk {args.talk_ms} ms; per 100 calls: 80 answered (4 of them "
          "holding every line), 8 missed, 4 rejected (486, all lines busy), 4 transferred, "
          "4 hostile")
    met_all = True
    for run in runs:
        print()
        print(f"== {run.name}: {sum(run.tally.made.values()) + _raw_plays(run)} calls and "
              f"plays in {run.seconds:.0f} s ({run.rate:.1f} calls/s made)")
        labels = list(run.rows[0].procs) if run.rows else []
        head = "  calls      s |" + "|".join(f" {k + ' RSS MB':>14} fds thr  CPU s "
                                             for k in labels)
        print(head + "| store MB  local central queued")
        for row in run.rows:
            cells = []
            for k in labels:
                f = row.procs.get(k)
                cells.append(f" {'-':>14} {'-':>3} {'-':>3} {'-':>6} " if f is None else
                             f" {mb(f.rss_kb):>14} {f.fds:>3} {f.threads:>3} {f.cpu_s:>6.0f} ")
            print(f"  {row.calls:>5} {row.seconds:>6.0f} |" + "|".join(cells)
                  + f"| {row.store / 2 ** 20:8.1f} {row.local:>6} {row.central:>7} "
                  f"{row.queued:>6}")
        warm = next((r for r in run.rows if r.calls >= run.warm), None)
        last = run.rows[-1] if run.rows else None
        flat = True
        if warm is not None and last is not None and last is not warm:
            print(f"  growth after the warm-up ({warm.calls} -> {last.calls} calls):")
            for k in labels:
                a, b = warm.procs.get(k), last.procs.get(k)
                if a is None or b is None:
                    print(f"    {k:<8} not measured")
                    continue
                rss = (b.rss_kb - a.rss_kb) / 1024
                anon = (b.anon_kb - a.anon_kb) / 1024
                fds, threads = b.fds - a.fds, b.threads - a.threads
                ok = rss < RSS_TARGET_MB and fds <= 0
                flat = flat and ok
                span = max(1, last.calls - warm.calls)
                print(f"    {k:<8} RSS {rss:+6.1f} MB (anonymous {anon:+6.1f}, "
                      f"{rss * 1024 * 1000 / span:+.0f} kB per 1,000 calls), fds {fds:+d}, "
                      f"threads {threads:+d}, CPU {b.cpu_s - a.cpu_s:.0f} s "
                      f"({(b.cpu_s - a.cpu_s) * 1000 / span:.1f} ms/call) -> "
                      f"{'flat' if ok else 'NOT flat'}")
        else:
            flat = False
            print("  growth after the warm-up: too few calls for a second sample")
        print("  calls by kind:          made failed | local: once missing dup wrong "
              "| central: once missing dup wrong")
        # A call still up 20 s after its batch failed too (the bench had to hang it up).
        failed = (sum(c.failed for c in run.local.values()) + len(run.tally.raw_bad)
                  + run.stuck)
        exact = True
        for kind in KINDS:
            lc, cc = run.local.get(kind, Check()), run.central.get(kind, Check())
            exact = exact and not (lc.missing or lc.dup or cc.missing or cc.dup or lc.wrong
                                   or cc.wrong)
            print(f"    {kind:<20}{lc.made:>6} {lc.failed:>6} |{lc.once:>12} {lc.missing:>7} "
                  f"{lc.dup:>3} {lc.wrong:>5} |{cc.once:>14} {cc.missing:>7} {cc.dup:>3} "
                  f"{cc.wrong:>5}")
        for play, replies in run.tally.raw.items():
            got = ", ".join(f"{reply} x{n}" for reply, n in sorted(replies.items()))
            print(f"    hostile play {play!r}: {got}")
        stray = len(run.stray_local) + len(run.stray_central)
        if stray:
            exact = False
            print(f"  rows no call accounts for: local {len(run.stray_local)}, central "
                  f"{len(run.stray_central)}: {(run.stray_local + run.stray_central)[:5]}")
        print(f"  the UA's own count: {run.ua_events}; outbox empty {run.settled:.1f} s after "
              "the last call")
        if run.engine:
            print(f"  engine process events: {run.engine}")
        if run.refused_commands:
            print(f"  commands refused: {len(run.refused_commands)}: "
                  f"{run.refused_commands[:5]}")
        for problem in run.tally.sipp_errors[:10]:
            print(f"  SIPp: {problem}")
        for problem in run.tally.raw_bad[:10]:
            print(f"  hostile reply outside the expected: {problem}")
        for note in run.notes:
            print(f"  note: {note}")
        ok = flat and failed == 0 and exact
        met_all = met_all and ok
        print(f"  target: RSS growth < {RSS_TARGET_MB:g} MB and fds flat after the warm-up: "
              f"{'yes' if flat else 'NO'}; failed calls {failed}: "
              f"{'yes' if failed == 0 else 'NO'}; every call logged exactly once locally and "
              f"centrally: {'yes' if exact else 'NO'} -> target met: {'yes' if ok else 'NO'}")
    return met_all


def _raw_plays(run: Run) -> int:
    return sum(sum(replies.values()) for replies in run.tally.raw.values())


# -- main -----------------------------------------------------------------------------------


@contextlib.contextmanager
def session(work: Path) -> Iterator[tuple[dict[str, str], str]]:
    """Xvfb, a null PulseAudio and a Secret Service, for every process of the run."""
    from tests.e2e.xvfb import pulseaudio, xvfb  # noqa: PLC0415
    from tests.support_keyring import secret_service  # noqa: PLC0415

    with xvfb() as display, pulseaudio(work / "pulse") as sound:
        base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb", "HOME": str(work), **sound,
                "XDG_DATA_HOME": str(work / "keyring-data"),
                "XDG_CONFIG_HOME": str(work / "xdg-config"),
                "XDG_CACHE_HOME": str(work / "cache"), "XDG_STATE_HOME": str(work / "state"),
                "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        with secret_service(base) as env:
            yield env, "Xvfb + PulseAudio null devices + GNOME Keyring (a private session bus)"


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--role", choices=["sync", "window"], help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--calls", type=int, default=10_000,
                        help="calls through the headless agent (10,000; rounds of 100)")
    parser.add_argument("--window-calls", type=int, default=1_000,
                        help="calls through the window (1,000; 0: none)")
    parser.add_argument("--rate", type=float, default=8.0, help="calls per second (8)")
    parser.add_argument("--ring-ms", type=int, default=200,
                        help="how long the UA rings before it answers (200)")
    parser.add_argument("--talk-ms", type=int, default=100,
                        help="talk time of an answered call (100)")
    parser.add_argument("--quick", action="store_true", help="1,000 + 100 calls")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = parser.parse_args(raw)
    if args.role == "sync":
        return run_sync(Path(args.config))
    if args.role == "window":
        return run_window(Path(args.config), args.port, args.ring_ms)
    if args.quick:
        args.calls, args.window_calls = 1_000, 100
    args.calls = max(ROUND, args.calls // ROUND * ROUND)
    args.window_calls = args.window_calls // ROUND * ROUND
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=False)
        return measure(args, work, raw)
    with tempfile.TemporaryDirectory(prefix="caseline-soak-") as tmp:
        return measure(args, Path(tmp), raw)


def measure(args: argparse.Namespace, work: Path, argv: list[str]) -> int:
    from tests.support_pg import cluster  # noqa: PLC0415

    load = os.getloadavg()
    # A short run (--quick) has rows every 100 calls and a warm-up of 200: with a row every
    # 1,000 there would be nothing after the warm-up to compare.
    every = 1_000 if args.calls >= 3_000 else 100
    runs = [Run("agent", args.calls, every, 1_000 if every == 1_000 else 200)]
    if args.window_calls:
        runs.append(Run("window", args.window_calls, 100, 100))
    progress(f"PostgreSQL, the session; then {args.calls} calls through the agent"
             + (f", {args.window_calls} through the window" if args.window_calls else ""))
    pg = cluster()
    try:
        with session(work) as (env, where):
            rig = Rig(work, env, pg)
            for run in runs:
                soak(rig, run, args, window=run.name == "window")
    finally:
        pg.remove()
    return 0 if report(args, runs, where, argv, load) else 1


if __name__ == "__main__":
    sys.exit(main())
