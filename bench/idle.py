"""Quiet and frugal at rest: the desktop and its SIP process idle, through calls, idle again.

Side by side in one run, each in a process of its own, on one X display (Xvfb; offscreen where it
is missing) with a private PulseAudio (a null speaker and microphone) where it is installed:

- the CaseLine desktop as ``caseline gui`` builds it (app.ui.desktop.build, SIP in its own process,
  logging set up by app.common.logs), told to answer every call itself (auto-answer in the engine's
  config) and to end each wrap-up after 1 s;
- a bare PySide6 QMainWindow: what any Qt window costs at rest;
- a bare pjsua2 endpoint (bench/bare_uas.py: threadCnt=0, null audio, libHandleEvents(10)).

Phases: at rest (--rest-seconds), then --calls SIPp calls (bench/sipp/uac_talk.xml: the demo
store's callers, --talk-ms of talk each) into the desktop and then as many into the bare
endpoint, then at rest again. For each process: CPU per minute in % of one core (utime + stime
from /proc/PID/stat), wakeups per second (voluntary + involuntary context switches of its
threads, /proc/PID/task/*/status), RSS; and what the desktop wrote to stderr and caseline.log.

    .venv/bin/python bench/idle.py                                # 5 min + 200 calls + 5 min
    .venv/bin/python bench/idle.py --rest-seconds 60 --calls 20   # a short run

Target: the window and its SIP process together under 0.5 % of one core at rest, RSS flat over
the calls. The report goes to stdout, progress to stderr; everything started is stopped at the
end (SIGTERM, then SIGKILL), on errors too.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import platform
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.support import free_port  # noqa: E402 - needs the path above

if TYPE_CHECKING:
    from collections.abc import Iterator

    from PySide6.QtCore import QCoreApplication

SCENARIO = BENCH / "sipp" / "uac_talk.xml"
BARE_UAS = BENCH / "bare_uas.py"
CLK_TCK = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT = 90.0  # s: the desktop loads its demo store on the first start
STOP_TIMEOUT = 15.0
DESKTOP, SIP, WINDOW, BARE = "CaseLine window", "its SIP process", "bare window", "bare pjsua2"


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# -- the processes measured ----------------------------------------------------------------------


def quit_on_sigterm(app: QCoreApplication) -> None:
    """SIGTERM quits the Qt loop through a socket the loop watches: no timer that would wake
    the very process being measured."""
    from PySide6.QtCore import QSocketNotifier  # noqa: PLC0415

    read_end, write_end = socket.socketpair()
    read_end.setblocking(False)
    write_end.setblocking(False)
    signal.set_wakeup_fd(write_end.fileno())
    signal.signal(signal.SIGTERM, lambda *_: None)  # a handler, so the byte is written
    notifier = QSocketNotifier(read_end.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(app.quit)
    app.setProperty("bench_sockets", [read_end, write_end])  # alive as long as the app


def run_desktop(work: Path, port: int) -> int:
    os.environ["CASELINE_DB"] = str(work / "cases.db")
    from app.common import logs  # noqa: PLC0415
    from app.config import settings  # noqa: PLC0415
    from app.orchestration import bootstrap  # noqa: PLC0415
    from app.ui.desktop import application, build  # noqa: PLC0415

    config_path = work / "caseline.toml"
    logs.setup(config_path)  # as app.cli.main does for `caseline gui`
    conf = settings.load(config_path)
    config = replace(bootstrap.engine_config(conf, listen=f"127.0.0.1:{port}"), auto_answer_ms=0)
    app = application([sys.argv[0]])
    desktop = build(config_path, show_wizard=False, engine_config=config)
    if desktop is None:
        return 2
    desktop.window.show()
    if not desktop.phone.wait_started(60):
        return 2
    quit_on_sigterm(app)
    print("ready", flush=True)
    try:
        return app.exec()
    finally:
        desktop.shutdown()


def run_window() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: PLC0415

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setCentralWidget(QLabel("bare"))
    window.resize(1280, 800)
    window.show()
    quit_on_sigterm(app)
    print("ready", flush=True)
    return app.exec()


# -- /proc ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    at: float  # time.monotonic()
    cpu: float  # s of utime + stime, all threads (the dead ones too)
    switches: dict[int, int]  # context switches by live thread
    rss_kb: int
    anon_kb: int  # of which anonymous memory (heaps); the rest maps files (libraries, fonts)


def sample(pid: int) -> Sample | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
    kb = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines()
          if line.startswith(("VmRSS:", "RssAnon:"))}
    switches: dict[int, int] = {}
    with contextlib.suppress(OSError):
        for tid in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/task/{tid}/status").read_text().splitlines():
                    if line.startswith(("voluntary_ctxt_switches:",
                                        "nonvoluntary_ctxt_switches:")):
                        switches[int(tid)] = switches.get(int(tid), 0) + int(line.split()[1])
    return Sample(time.monotonic(), cpu, switches, kb.get("VmRSS", 0), kb.get("RssAnon", 0))


def children(pid: int) -> list[int]:
    out: list[int] = []
    with contextlib.suppress(OSError):
        for tid in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                out += [int(c) for c in
                        Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
    return out


def sip_child(desktop: int) -> int | None:
    for pid in children(desktop):
        with contextlib.suppress(OSError):
            if b"app.telephony.worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
    return None


@dataclass
class Span:
    """Two samples of one process: what it used between them."""

    first: Sample
    last: Sample

    @property
    def seconds(self) -> float:
        return max(1e-9, self.last.at - self.first.at)

    @property
    def cpu_pct(self) -> float:
        return 100 * (self.last.cpu - self.first.cpu) / self.seconds

    @property
    def wakeups(self) -> float:
        """Per thread: a thread that ended between the samples is not counted (Qt's pooled
        threads end after 30 s idle), one that began counts from its start."""
        first, last = self.first.switches, self.last.switches
        return sum(n - first.get(tid, 0) for tid, n in last.items()) / self.seconds


@dataclass
class Process:
    label: str
    pid: int
    proc: subprocess.Popen[bytes] | None = None  # None: found, not started (the SIP process)
    marks: dict[str, Sample] = field(default_factory=dict)
    minutes: dict[str, list[Span]] = field(default_factory=dict)
    restarted: bool = False

    def mark(self, name: str) -> Sample | None:
        now = sample(self.pid)
        if now is not None:
            self.marks[name] = now
        return now


# -- running things ------------------------------------------------------------------------------


class Processes:
    """Starts the measured processes and SIPp; stops every one of them at the end."""

    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work = work
        self.env = env
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, argv: list[str], ready: bytes) -> subprocess.Popen[bytes]:
        err = open(self.work / f"{name}.stderr", "wb")  # noqa: SIM115 - closed by the child's end
        proc = subprocess.Popen(argv, cwd=REPO, env=self.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=err, start_new_session=True)
        err.close()
        self.started.append(proc)
        assert proc.stdout is not None
        deadline = time.monotonic() + READY_TIMEOUT
        seen = b""
        while ready not in seen:
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                raise RuntimeError(f"{name} did not start: {seen[-300:]!r}; see "
                                   f"{self.work / (name + '.stderr')}")
            if select.select([proc.stdout], [], [], min(left, 1.0))[0]:
                chunk = os.read(proc.stdout.fileno(), 4096)
                seen += chunk
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.started):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
        for proc in reversed(self.started):
            try:
                proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # whatever of its group is left


def rest(processes: list[Process], phase: str, seconds: float, step: float) -> None:
    """At rest for ``seconds``: a span per ``step`` (a minute) for every process."""
    for p in processes:
        p.minutes[phase] = []
    last = {p.label: p.mark(f"{phase} start") for p in processes}
    began = time.monotonic()
    while (left := began + seconds - time.monotonic()) > 0.5:
        time.sleep(min(step, left))  # the bench sleeps; what it measures is elsewhere
        for p in processes:
            now = sample(p.pid)
            before = last[p.label]
            if now is not None and before is not None:
                p.minutes[phase].append(Span(before, now))
            last[p.label] = now
        progress(f"  {phase}: {time.monotonic() - began:.0f} s of {seconds:.0f}")
    for p in processes:
        if last[p.label] is not None:
            p.marks[f"{phase} end"] = last[p.label]  # type: ignore[assignment]


def demo_callers(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT raw FROM phone_numbers WHERE contact_id IS NOT NULL "
                            "ORDER BY raw").fetchall()
    return [str(r[0]).replace("-", "").replace(" ", "") for r in rows]


@dataclass
class CallRun:
    placed: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    sipp_rc: int | None = None


def place_calls(port: int, numbers: list[str], calls: int, rate: float, talk_ms: int,
                work: Path, name: str) -> CallRun:
    run_dir = work / f"sipp-{name}"
    run_dir.mkdir()
    callers = run_dir / "callers.csv"
    callers.write_text("SEQUENTIAL\n" + "".join(f"{n};\n" for n in numbers))
    stats = run_dir / "stats.csv"
    began = time.monotonic()
    sipp = subprocess.run(
        ["sipp", "-sf", str(SCENARIO), f"127.0.0.1:{port}", "-inf", str(callers),
         "-i", "127.0.0.1", "-p", str(free_port()), "-m", str(calls), "-r", str(rate),
         "-l", "2", "-d", str(talk_ms), "-nostdin", "-timeout", f"{calls * 10 + 60}s",
         "-timeout_error", "-trace_stat", "-fd", "1", "-stf", str(stats),
         "-trace_err", "-error_file", str(run_dir / "errors.log")],
        cwd=run_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        env={**os.environ, "TERM": "dumb"})
    run = CallRun(seconds=time.monotonic() - began, sipp_rc=sipp.returncode)
    with contextlib.suppress(OSError, IndexError):
        with stats.open() as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        last = dict(zip(rows[0], rows[-1], strict=False))
        run.placed = int(last.get("TotalCallCreated", 0) or 0)
        run.ok = int(last.get("SuccessfulCall(C)", 0) or 0)
        run.failed = int(last.get("FailedCall(C)", 0) or 0)
    return run


def output_size(paths: list[Path]) -> tuple[int, int]:
    """Bytes and lines in these files (a rotated log counts with its backups)."""
    size = lines = 0
    for path in paths:
        with contextlib.suppress(OSError):
            data = path.read_bytes()
            size += len(data)
            lines += data.count(b"\n")
    return size, lines


# -- the report ----------------------------------------------------------------------------------


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def fmt(value: float | None, width: int = 9, digits: int = 2) -> str:
    if value is None or value != value:  # noqa: PLR0124 - NaN
        return f"{'-':>{width}}"
    return f"{value:>{width}.{digits}f}"


def ratio(value: float, base: float) -> str:
    if base <= 0 or value != value or base != base:  # noqa: PLR0124
        return f"{'-':>8}"
    return f"{value / base:>7.2f}x"


def report(args: argparse.Namespace, procs: dict[str, Process], runs: dict[str, CallRun],
           outputs: dict[str, tuple[int, int]], where: str) -> None:
    print(f"Idle and frugal (bench/idle.py), {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} CPUs, {platform.platform()}, {where}")
    print(f"rest {args.rest_seconds:.0f} s, {args.calls} calls ({args.talk_ms} ms talk, "
          f"{args.rate}/s), rest {args.rest_seconds:.0f} s; CPU in % of one core")
    print()
    cols = [DESKTOP, SIP, WINDOW, BARE]
    head = (f"{'':<22}{'window':>9}{'SIP':>9}{'together':>9} |{'bare win':>9}{'bare pj':>9}"
            f"{'both':>9} | together/both")
    for phase in ("rest 1", "rest 2"):
        print(f"{phase}: CPU % per minute")
        print(head)
        spans = {c: procs[c].minutes.get(phase, []) for c in cols}
        for i in range(max(len(s) for s in spans.values())):
            vals = {c: spans[c][i].cpu_pct if i < len(spans[c]) else float("nan") for c in cols}
            ours, bare = vals[DESKTOP] + vals[SIP], vals[WINDOW] + vals[BARE]
            print(f"  minute {i + 1:<13}{fmt(vals[DESKTOP])}{fmt(vals[SIP])}{fmt(ours)} |"
                  f"{fmt(vals[WINDOW])}{fmt(vals[BARE])}{fmt(bare)} | {ratio(ours, bare)}")
        print()
    print("summary" + " " * 15 + head[22:])
    for phase in ("rest 1", "rest 2"):
        whole = {c: _whole(procs[c], phase) for c in cols}
        for what, attr, digits in (("CPU %", "cpu_pct", 2), ("wakeups/s", "wakeups", 1)):
            vals = {c: getattr(whole[c], attr) if whole[c] else float("nan") for c in cols}
            ours, bare = vals[DESKTOP] + vals[SIP], vals[WINDOW] + vals[BARE]
            print(f"  {phase + ' ' + what:<20}{fmt(vals[DESKTOP], 9, digits)}"
                  f"{fmt(vals[SIP], 9, digits)}{fmt(ours, 9, digits)} |"
                  f"{fmt(vals[WINDOW], 9, digits)}{fmt(vals[BARE], 9, digits)}"
                  f"{fmt(bare, 9, digits)} | {ratio(ours, bare)}")
    ours_run, bare_run = runs.get("desktop", CallRun()), runs.get("bare", CallRun())
    calls = {c: _between(procs[c], "calls start", "calls end") for c in (DESKTOP, SIP)}
    calls[BARE] = _between(procs[BARE], "bare calls start", "bare calls end")
    vals = {c: span.cpu_pct if (span := calls.get(c)) else float("nan")
            for c in (DESKTOP, SIP, BARE)}
    ours = vals[DESKTOP] + vals[SIP]
    print(f"  {'calls CPU %':<20}{fmt(vals[DESKTOP])}{fmt(vals[SIP])}{fmt(ours)} |"
          f"{fmt(None)}{fmt(vals[BARE])}{fmt(vals[BARE])} | {ratio(ours, vals[BARE])}")
    print(f"  {'calls answered':<20}{ours_run.ok:>18}/{ours_run.placed:<8}|"
          f"{'':>9}{bare_run.ok:>9}/{bare_run.placed:<8}| failed {ours_run.failed} / "
          f"{bare_run.failed}; SIPp took {ours_run.seconds:.0f} s / {bare_run.seconds:.0f} s")
    print()
    print(f"{'RSS MB':<22}{'window':>9}{'SIP':>9}{'together':>9} |{'bare win':>9}"
          f"{'bare pj':>9}{'both':>9}")
    for mark in ("rest 1 start", "rest 1 end", "calls half", "calls end", "bare calls end",
                 "rest 2 end"):
        vals = {c: (procs[c].marks[mark].rss_kb / 1024 if mark in procs[c].marks
                    else float("nan")) for c in cols}
        print(f"  {mark:<20}{fmt(vals[DESKTOP], 9, 1)}{fmt(vals[SIP], 9, 1)}"
              f"{fmt(vals[DESKTOP] + vals[SIP], 9, 1)} |{fmt(vals[WINDOW], 9, 1)}"
              f"{fmt(vals[BARE], 9, 1)}{fmt(vals[WINDOW] + vals[BARE], 9, 1)}")
    for what, first, last, anon in (
            ("growth rest1->rest2", "rest 1 end", "rest 2 end", False),
            ("  of it anonymous", "rest 1 end", "rest 2 end", True),
            ("2nd half of calls", "calls half", "calls end", False),
            ("  of it anonymous", "calls half", "calls end", True)):
        growth = {c: _growth(procs[c], first, last, anon=anon) for c in cols}
        print(f"  {what:<20}{fmt(growth[DESKTOP], 9, 1)}{fmt(growth[SIP], 9, 1)}"
              f"{fmt(growth[DESKTOP] + growth[SIP], 9, 1)} |{fmt(growth[WINDOW], 9, 1)}"
              f"{fmt(growth[BARE], 9, 1)}{fmt(growth[WINDOW] + growth[BARE], 9, 1)}")
    if procs[SIP].restarted:
        print("  (the SIP process was restarted during the run: its figures are of the last one)")
    print()
    print("the desktop's output       stderr bytes  lines | caseline.log bytes  lines")
    for phase in ("rest 1", "calls", "rest 2"):
        err, logf = outputs.get(f"{phase} stderr", (0, 0)), outputs.get(f"{phase} log", (0, 0))
        print(f"  {phase:<24}{err[0]:>12}{err[1]:>7} |{logf[0]:>19}{logf[1]:>7}")
    print()
    print("target: window + SIP process < 0.5 % of one core at rest; RSS flat over the calls")
    print("(RSS that is not anonymous maps files: the CJK fonts' pages are read in as the "
          "callers' names first show, up to the fonts' size, shared and reclaimable)")


def _whole(p: Process, phase: str) -> Span | None:
    return _between(p, f"{phase} start", f"{phase} end")


def _between(p: Process, first: str, last: str) -> Span | None:
    if first in p.marks and last in p.marks:
        return Span(p.marks[first], p.marks[last])
    return None


def _growth(p: Process, first: str, last: str, *, anon: bool = False) -> float:
    if first in p.marks and last in p.marks:
        a, b = p.marks[first], p.marks[last]
        return ((b.anon_kb - a.anon_kb) if anon else (b.rss_kb - a.rss_kb)) / 1024
    return float("nan")


# -- main ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def display_and_sound(work: Path) -> Iterator[tuple[dict[str, str], str]]:
    """The environment for the windows: Xvfb (else offscreen) and PulseAudio where they are."""
    from tests.e2e.xvfb import pulseaudio, window_env, xvfb  # noqa: PLC0415

    with contextlib.ExitStack() as stack:
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        where = []
        if shutil.which("Xvfb"):
            env = window_env(stack.enter_context(xvfb()), **{k: env[k] for k in
                                                             ("PYTHONPATH", "PYTHONUNBUFFERED")})
            where.append("Xvfb")
        else:
            env["QT_QPA_PLATFORM"] = "offscreen"
            where.append("offscreen (no Xvfb)")
        if shutil.which("pulseaudio"):
            env.update(stack.enter_context(pulseaudio(work / "pulse")))
            where.append("PulseAudio null speaker and microphone")
        else:
            where.append("no sound server")
        yield env, " + ".join(where)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--role", choices=["desktop", "window"], help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--rest-seconds", type=float, default=300.0,
                        help="each rest phase (default 300)")
    parser.add_argument("--calls", type=int, default=200, help="calls into each UA (200)")
    parser.add_argument("--talk-ms", type=int, default=1000, help="talk time per call (1000)")
    parser.add_argument("--rate", type=float, default=1.0, help="calls per second (1)")
    parser.add_argument("--settle-seconds", type=float, default=30.0,
                        help="after start-up, before the first rest is measured (30)")
    parser.add_argument("--step-seconds", type=float, default=60.0,
                        help="one row of the rest tables per this many seconds (60)")
    parser.add_argument("--keep", metavar="DIR",
                        help="work in DIR and keep it (logs, stderr, SIPp's files)")
    args = parser.parse_args(argv)
    if args.role == "desktop":
        return run_desktop(Path(args.work), args.port)
    if args.role == "window":
        return run_window()
    if shutil.which("sipp") is None:
        print("sipp is missing: scripts/system-packages.sh test installs sip-tester",
              file=sys.stderr)
        return 2
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=False)  # a fresh store: the demo data is loaded
        return measure(args, work)
    with tempfile.TemporaryDirectory(prefix="caseline-idle-") as tmp:
        return measure(args, Path(tmp))


def measure(args: argparse.Namespace, work: Path) -> int:
    from app.config import settings  # noqa: PLC0415

    base = settings.Settings()
    settings.save(work / "caseline.toml", replace(
        base, ui=replace(base.ui, first_run_done=True, language="en"),
        cases=replace(base.cases, wrap_up_seconds=1.0)))
    desk_port, bare_port = free_port(), free_port()
    with display_and_sound(work) as (env, where):
        started = Processes(work, env)
        try:
            progress(f"starting the desktop, a bare window and a bare pjsua2 endpoint ({where})")
            me = [sys.executable, str(Path(__file__).resolve())]
            desktop = started.start("desktop", [*me, "--role", "desktop", "--work", str(work),
                                                 "--port", str(desk_port)], b"ready")
            window = started.start("window", [*me, "--role", "window"], b"ready")
            bare = started.start("bare", [sys.executable, str(BARE_UAS), "--listen",
                                          f"127.0.0.1:{bare_port}"], b"ready ")
            sip = sip_child(desktop.pid)
            if sip is None:
                raise RuntimeError("the desktop has no SIP process")
            procs = {DESKTOP: Process(DESKTOP, desktop.pid, desktop),
                     SIP: Process(SIP, sip),
                     WINDOW: Process(WINDOW, window.pid, window),
                     BARE: Process(BARE, bare.pid, bare)}
            progress(f"settling for {args.settle_seconds:.0f} s")
            time.sleep(args.settle_seconds)
            outputs: dict[str, tuple[int, int]] = {}
            logs = [work / "caseline.log", *(work / f"caseline.log.{i}" for i in range(1, 4))]
            stderr = [work / "desktop.stderr"]

            def account(phase: str, began: tuple[tuple[int, int], tuple[int, int]]) -> None:
                err, logf = output_size(stderr), output_size(logs)
                outputs[f"{phase} stderr"] = (err[0] - began[0][0], err[1] - began[0][1])
                outputs[f"{phase} log"] = (logf[0] - began[1][0], logf[1] - began[1][1])

            everyone = list(procs.values())
            for phase in ("rest 1", "calls", "rest 2"):
                began = (output_size(stderr), output_size(logs))
                if phase == "calls":
                    runs = calls_phase(args, procs, desk_port, bare_port, work)
                else:
                    progress(f"{phase}: {args.rest_seconds:.0f} s at rest")
                    rest(everyone, phase, args.rest_seconds, args.step_seconds)
                account(phase, began)
                if sip_child(desktop.pid) not in (sip, None):
                    procs[SIP].restarted = True
                    procs[SIP].pid = sip_child(desktop.pid) or sip
        finally:
            progress("stopping everything")
            started.stop_all()
    report(args, procs, runs, outputs, where)
    return 0


def calls_phase(args: argparse.Namespace, procs: dict[str, Process], desk_port: int,
                bare_port: int, work: Path) -> dict[str, CallRun]:
    numbers = demo_callers(work / "cases.db")
    runs: dict[str, CallRun] = {}
    progress(f"calls: {args.calls} into the desktop")
    for p in (procs[DESKTOP], procs[SIP]):
        p.mark("calls start")
    # In two halves: the first calls warm up (code paths, fonts, caches), the second shows
    # what a shift adds.
    half = args.calls // 2
    first = place_calls(desk_port, numbers, half, args.rate, args.talk_ms, work, "desktop-1")
    for p in (procs[DESKTOP], procs[SIP]):
        p.mark("calls half")
    second = place_calls(desk_port, numbers, args.calls - half, args.rate, args.talk_ms, work,
                         "desktop-2")
    runs["desktop"] = CallRun(first.placed + second.placed, first.ok + second.ok,
                              first.failed + second.failed, first.seconds + second.seconds,
                              second.sipp_rc if first.sipp_rc == 0 else first.sipp_rc)
    wait_for_rest(procs)  # the last wrap-up and the last store writes, not the next phase's
    for p in (procs[DESKTOP], procs[SIP]):
        p.mark("calls end")
    for p in (procs[WINDOW], procs[BARE]):
        p.mark("calls end")
    progress(f"calls: {args.calls} into the bare pjsua2 endpoint")
    procs[BARE].mark("bare calls start")
    runs["bare"] = place_calls(bare_port, numbers, args.calls, args.rate, args.talk_ms, work,
                               "bare")
    for p in procs.values():
        p.mark("bare calls end")
    return runs


def wait_for_rest(procs: dict[str, Process], quiet: float = 0.05, most: float = 30.0) -> None:
    """Until the desktop and its SIP process use less than ``quiet`` (5 %) of a core over two
    seconds: the wrap-up timer and the store's writes after the last call are part of the calls."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        before = [sample(procs[c].pid) for c in (DESKTOP, SIP)]
        time.sleep(2.0)
        after = [sample(procs[c].pid) for c in (DESKTOP, SIP)]
        used: Any = sum(b.cpu - a.cpu for a, b in zip(before, after, strict=True)
                        if a is not None and b is not None)
        if used / 2.0 < quiet:
            return


if __name__ == "__main__":
    sys.exit(main())
