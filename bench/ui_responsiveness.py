"""How fast the desktop answers the agent: pop-up paint, history, memory over a shift.

Runs the real window (offscreen by default; under Xvfb when DISPLAY is set and
QT_QPA_PLATFORM=xcb) with the real phone thread, driven by SIPp. Prints, side by side:

1. INVITE -> incoming pop-up painted with the caller's SR, on the 1,000,000-SR store of
   bench/screen_pop.py, against the same on the small demo store (the baseline);
2. call-history filter and scroll over 1,000,000 call logs (bench/history_scroll.py);
3. peak RSS of the idle window;
4. RSS after 10 calls and after 500 calls handled through the window (answered from the
   pop-up's path, hung up by SIPp, wrap-up closed with a disposition): a shift's growth.

    .venv/bin/python bench/ui_responsiveness.py [--calls 500] [--pop-calls 60]

Targets: pop-up < 150 ms, filter < 100 ms, idle RSS < 200 MB, growth < 20 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.support import engine_config, free_port  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.ui.desktop import Desktop


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def spin_until(predicate: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents()
        QTest.qWait(2)
    return True


class PaintClock(QObject):
    """Notes when each pop-up first paints with its screen-pop filled in."""

    def __init__(self, desktop: Desktop) -> None:
        super().__init__()
        self.window = desktop.window
        self.painted: dict[str, float] = {}
        self.window.center.call_added.connect(self._watch)

    def _watch(self, call_id: str) -> None:
        popup = self.window.popups.get(call_id)
        if popup is not None:
            popup.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            call_id = getattr(watched, "call_id", "")
            call = self.window.center.info(call_id)
            if call is not None and call.resolution is not None and call_id not in self.painted:
                self.painted[call_id] = time.time()
        return False


def open_desktop(db: Path, work: Path) -> Desktop:
    from app.ui.desktop import build  # noqa: PLC0415

    os.environ["CASELINE_DB"] = str(db)
    desktop = build(work / "caseline.toml", in_process=True, show_wizard=False,
                    engine_config=engine_config(free_port(), listen_host="127.0.0.1"),
                    window_state=QSettings(str(work / "window.ini"), QSettings.Format.IniFormat))
    if desktop is None:
        raise SystemExit("the desktop did not start")
    desktop.phone.wait_started(30)
    desktop.window.show()
    spin_until(lambda: bool(desktop.window.choices.dispositions), 30)
    return desktop


def handle_calls(desktop: Desktop, numbers: list[str], rate: float, work: Path,
                 checkpoints: dict[int, Callable[[], None]] | None = None) -> PaintClock:
    """SIPp calls in; each pop-up is answered as soon as it shows its SR; wrap-up is closed
    with the first disposition, as an agent would."""
    window = desktop.window
    center = window.center
    clock = PaintClock(desktop)
    done: list[str] = []
    center.call_removed.connect(done.append)

    answered: set[str] = set()

    def answer_when_painted() -> None:
        for call in center.ringing_calls():
            if call.call_id in clock.painted and call.call_id not in answered:
                answered.add(call.call_id)  # once: the answer is on its way to the phone
                center.answer(call.call_id)

    def close_wrap_up(call_id: str, _deadline: float) -> None:
        center.set_disposition(call_id, window.choices.dispositions[0].code)

    center.wrap_up.connect(close_wrap_up)
    callers = work / "callers.csv"
    callers.write_text("SEQUENTIAL\n" + "".join(f"{n};\n" for n in numbers))
    port = desktop.phone.engine.local_port
    sipp = subprocess.Popen(
        ["sipp", "-sf", str(BENCH / "sipp" / "uac_callers.xml"), f"127.0.0.1:{port}",
         "-inf", str(callers), "-i", "127.0.0.1", "-p", str(free_port()),
         "-m", str(len(numbers)), "-r", str(rate), "-l", "2", "-nostdin", "-timeout", "900s"],
        cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reached: set[int] = set()
    while sipp.poll() is None or (len(done) < len(numbers) and center.calls):
        answer_when_painted()
        QApplication.processEvents()
        QTest.qWait(2)
        for mark, action in (checkpoints or {}).items():
            if len(done) >= mark and mark not in reached:
                reached.add(mark)
                action()
    spin_until(lambda: center.state == "available", 30)
    if sipp.returncode != 0:
        progress(f"  SIPp exit {sipp.returncode}")
    return clock


def pop_delays(desktop: Desktop, clock: PaintClock, incoming: dict[str, float]) -> list[float]:
    return [clock.painted[c] - incoming[c] for c in clock.painted if c in incoming]


def record_incoming(desktop: Desktop) -> dict[str, float]:
    seen: dict[str, float] = {}
    center = desktop.window.center

    def note(call_id: str) -> None:
        call = center.info(call_id)
        if call is not None:
            seen[call_id] = call.event.at  # when the engine had the INVITE

    center.call_added.connect(note)
    return seen


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def child_rss_mb(pid: int) -> float:
    total = 0.0
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for cpid in child.read_text().split():
            status = Path(f"/proc/{cpid}/status")
            if status.exists():
                for line in status.read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
    return total


def idle_probe(kind: str, db: Path, work: Path) -> int:
    """In a fresh process: the shipped window (SIP in its own process) idle on the demo store,
    or the floor: a bare QMainWindow. Prints RSS now, peak, and the SIP process's RSS."""
    from app.ui.desktop import application, build  # noqa: PLC0415

    app = application([sys.argv[0]])
    if kind == "window":
        os.environ["CASELINE_DB"] = str(db)
        desktop = build(work / "caseline.toml", show_wizard=False,
                        engine_config=engine_config(free_port(), listen_host="127.0.0.1"),
                        window_state=QSettings(str(work / "window.ini"),
                                               QSettings.Format.IniFormat))
        assert desktop is not None
        desktop.window.show()
        spin_until(lambda: desktop.window.history.model.rowCount() > 0, 30)
        spin_until(lambda: False, 3.0)  # settle: fonts, pages, the SIP process
        now, peak = rss_mb()
        print(f"{now:.1f} {peak:.1f} {child_rss_mb(os.getpid()):.1f}")
        desktop.shutdown()
    else:
        from PySide6.QtWidgets import QMainWindow  # noqa: PLC0415

        window = QMainWindow()
        window.show()
        spin_until(lambda: False, 1.0)
        now, peak = rss_mb()
        print(f"{now:.1f} {peak:.1f} 0.0")
    app.quit()
    return 0


def probe(kind: str, db: Path, work: Path) -> tuple[float, float, float]:
    out = subprocess.run([sys.executable, str(Path(__file__)), "--probe", kind, "--db", str(db),
                          "--work", str(work)], capture_output=True, text=True, check=True,
                         cwd=REPO)
    now, peak, sip = (float(x) for x in out.stdout.split()[-3:])
    return now, peak, sip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--probe", choices=["window", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--pop-calls", type=int, default=60)
    parser.add_argument("--calls", type=int, default=500, help="calls for the shift's growth")
    parser.add_argument("--rate", type=float, default=4.0)
    parser.add_argument("--skip-history", action="store_true")
    args = parser.parse_args(argv)
    if args.probe:
        return idle_probe(args.probe, Path(args.db), Path(args.work))
    from app.cases.demo import load_demo_data  # noqa: PLC0415
    from app.cases.store import open_sqlite  # noqa: PLC0415
    from app.ui.desktop import application  # noqa: PLC0415

    application([sys.argv[0]])
    cache = Path(tempfile.gettempdir()) / "caseline-bench"
    big = cache / "screenpop-50000-500000-1000000.db"
    if not big.exists():
        progress("building the 1,000,000-SR store (bench/screen_pop.py, ~2 minutes)")
        subprocess.run([sys.executable, str(BENCH / "screen_pop.py"), "--samples", "10",
                        "--calls", "1"], check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    results: dict[str, list[float]] = {}
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="caseline-ui-") as tmp:
        work = Path(tmp)
        # 1. pop-up on the small store (baseline), then on 1,000,000 SRs
        small = work / "demo.db"
        store = open_sqlite(small)
        load_demo_data(store)
        store.close()
        demo_numbers = demo_callers(small)
        for name, db, numbers in (
                ("demo store (~80 SRs)", small, demo_numbers),
                ("1,000,000 SRs", big, [national(i * 7919 % 500_000)
                                        for i in range(args.pop_calls)])):
            progress(f"pop-up paint: {name}")
            (work / name[:4]).mkdir()
            desktop = open_desktop(db, work / name[:4])
            incoming = record_incoming(desktop)
            clock = handle_calls(desktop, (numbers * args.pop_calls)[:args.pop_calls], 2.0,
                                 work / name[:4])
            results[name] = pop_delays(desktop, clock, incoming)
            desktop.shutdown()
            desktop.window.deleteLater()
            QApplication.processEvents()

        # 3. idle RSS of the window as shipped, in a fresh process, against a bare QMainWindow
        progress("idle window in a fresh process, against a bare QMainWindow")
        idle = work / "idle"
        idle.mkdir()
        shutil.copy(small, idle / "demo.db")
        idle_now, idle_peak, idle_sip = probe("window", idle / "demo.db", idle)
        floor_now, _, _ = probe("floor", idle / "demo.db", idle)

        # 4. a shift of calls on the demo store
        progress(f"{args.calls} calls through the window")
        shift = work / "shift"
        shift.mkdir()
        shutil.copy(small, shift / "demo.db")
        desktop = open_desktop(shift / "demo.db", shift)
        marks: dict[str, tuple[float, float]] = {}
        handle_calls(desktop, (demo_numbers * args.calls)[:args.calls], args.rate, shift,
                     {10: lambda: marks.__setitem__("10", rss_mb()),
                      args.calls: lambda: marks.__setitem__("end", rss_mb())})
        marks.setdefault("end", rss_mb())
        desktop.shutdown()

    print(f"UI responsiveness (bench/ui_responsiveness.py), {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} CPUs, QPA {os.environ.get('QT_QPA_PLATFORM')}")
    base = results["demo store (~80 SRs)"]
    print(f"{'INVITE -> pop-up painted with its SR':<42} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} {'p50 x base':>10}")
    for name, values in results.items():
        if not values:
            rows.append(f"  {name:<40} no pop-ups measured")
            continue
        p50 = statistics.median(values) * 1000
        rows.append(f"  {name:<40} {len(values):>5} {p50:>8.1f} {pct(values, 95) * 1000:>8.1f} "
                    f"{max(values) * 1000:>8.1f} {p50 / (statistics.median(base) * 1000):>9.2f}x")
    print("\n".join(rows))
    print(f"idle window RSS: {idle_now:.1f} MB (peak {idle_peak:.1f} MB); the SIP process "
          f"beside it {idle_sip:.1f} MB; a bare PySide6 QMainWindow {floor_now:.1f} MB "
          f"(window {idle_now / floor_now:.2f}x the floor)")
    at10, end = marks.get("10", (0.0, 0.0)), marks["end"]
    print(f"shift: RSS after 10 calls {at10[0]:.1f} MB, after {args.calls} calls {end[0]:.1f} MB "
          f"(growth {end[0] - at10[0]:+.1f} MB; peak {end[1]:.1f} MB)")
    print("targets: pop-up < 150 ms, idle RSS < 200 MB, growth < 20 MB")
    if not args.skip_history and (BENCH / "history_scroll.py").exists():
        progress("history over 1,000,000 call logs (bench/history_scroll.py)")
        subprocess.run([sys.executable, str(BENCH / "history_scroll.py")], check=False,
                       cwd=REPO)
    return 0


def national(i: int) -> str:
    return f"03{i:08d}"  # the contacts' numbers in bench/screen_pop.py's store


def demo_callers(db: Path) -> list[str]:
    """Numbers of demo contacts, so every pop-up finds its caller."""
    import sqlite3  # noqa: PLC0415

    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT raw FROM phone_numbers WHERE contact_id IS NOT NULL "
                            "ORDER BY raw").fetchall()
    return [str(r[0]).replace("-", "").replace(" ", "") for r in rows]


if __name__ == "__main__":
    sys.exit(main())
