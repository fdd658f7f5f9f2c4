"""Start-up and rest: CaseLine's bundle and CaseLine from source beside Linphone and Twinkle.

Side by side in one run, each started the same way: its own empty home, on one X display
(Xvfb, no window manager), a private PulseAudio (null speaker and microphone) and one session
bus with an unlocked GNOME Keyring (CaseLine keeps its password there; Linphone and Twinkle keep
theirs in their own config files, as they do). Every one registers as ``alice`` with the same
throw-away Kamailio (tests/kamailio/kamailio.cfg, digest auth, -A LOG_BINDINGS).

For each: the size it takes on disk; start -> window shown (the first window of the process
mapped on the X server: ``xdotool search --onlyvisible --pid``, polled every 10 ms) and start ->
registered (Kamailio has saved the binding: its "bound alice" log line, polled every 10 ms),
cold and warm; then idle CPU (% of one core: utime + stime of the process and its children,
/proc) and RSS / PSS over --idle-seconds of the window at rest.

- A first, unmeasured start makes the profile (CaseLine: its store with the demo data).
- Cold: every file the first start mapped (/proc/PID/maps), and the bundle's or the venv's
  whole tree, is dropped from the page cache (posix_fadvise DONTNEED; pages another running
  process maps stay, so shared system libraries may still be warm), then one start.
- Warm: --warm-runs starts right after; the median is shown.

Size: CaseLine's bundle folder (and its .tar.gz); from source, the venv's site-packages and
app/; Linphone and Twinkle, the Debian package with its first-level dependencies (apt-cache
depends; Qt and the codecs they pull in: what installing it adds to a bare system, roughly).

    .venv/bin/python bench/startup.py                    # idle 60 s, 3 warm runs
    .venv/bin/python bench/startup.py --idle-seconds 20 --warm-runs 1 --only caseline-bundle

Installs linphone-desktop, twinkle and xdotool with apt-get when missing (root), and builds the
bundle (scripts/bundle) when dist/ has none. Targets: start to registered under 2 s; idle CPU
under 1 %; idle RSS no more than Linphone's. Report on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.e2e.xvfb import pulseaudio, xvfb  # noqa: E402 - needs the path above
from tests.integration.kamailio import DOMAIN, Kamailio, password  # noqa: E402
from tests.support import free_port  # noqa: E402
from tests.support_keyring import secret_service  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

BUNDLE = REPO / "dist" / "caseline"
VENV = REPO / ".venv"
USER = "alice"
CLK_TCK = os.sysconf("SC_CLK_TCK")
START_CEILING = 120.0  # s: a start that takes longer is reported as such
POLL = 0.01  # s
STOP_TIMEOUT = 15.0
PACKAGES = {"linphone": "linphone-desktop", "twinkle": "twinkle", "xdotool": "xdotool"}


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# -- what is measured ------------------------------------------------------------------------


@dataclass
class Start:
    window: float | None = None  # s from exec to the first mapped window
    registered: float | None = None  # s from exec to Kamailio's saved binding
    exit_code: int | None = None  # the process ended before both (None: it was still up)


@dataclass
class Result:
    size_mb: float = 0.0
    size_note: str = ""
    cold: Start = field(default_factory=Start)
    warm: list[Start] = field(default_factory=list)
    idle_cpu: float | None = None
    idle_rss_mb: float | None = None
    idle_pss_mb: float | None = None
    processes: int = 0
    error: str = ""


@dataclass
class Subject:
    key: str
    title: str
    argv: Callable[[Path], list[str]]
    prepare: Callable[[Path, dict[str, str]], None]
    size: Callable[[], tuple[float, str]]
    tree: Callable[[], list[Path]] = list  # files to drop for a cold start, beyond the mapped


def tree_pids(pid: int) -> list[int]:
    found = [pid]
    for parent in found:
        with contextlib.suppress(OSError):
            for tid in os.listdir(f"/proc/{parent}/task"):
                with contextlib.suppress(OSError):
                    found += [int(c) for c in
                              Path(f"/proc/{parent}/task/{tid}/children").read_text().split()]
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            text = Path(f"/proc/{pid}/stat").read_text()
            fields = text[text.rindex(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def memory_mb(pids: list[int]) -> tuple[float, float]:
    """(RSS, PSS) summed over the processes, MB. PSS shares each shared page among its users:
    two processes of one program do not count their common libraries twice."""
    rss = pss = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
    return rss / 1024, pss / 1024


def mapped_files(pids: list[int]) -> set[Path]:
    found: set[Path] = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
                parts = line.split(maxsplit=5)
                if len(parts) == 6 and parts[5].startswith("/") and "(deleted)" not in parts[5]:
                    found.add(Path(parts[5]))
    return found


def drop_from_cache(paths: set[Path]) -> int:
    """posix_fadvise(DONTNEED) on each file; how many were dropped."""
    dropped = 0
    for path in paths:
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                dropped += 1
            finally:
                os.close(fd)
    return dropped


def files_of(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []


def du_mb(*folders: Path) -> float:
    return sum(p.stat().st_size for folder in folders for p in files_of(folder)) / 1e6


def package_mb(package: str) -> tuple[float, str]:
    """Installed-Size of the package and its first-level dependencies, MB."""
    depends = subprocess.run(["apt-cache", "depends", "--no-recommends", "--no-suggests",
                              "--no-conflicts", "--no-breaks", "--no-replaces",
                              "--no-enhances", package], capture_output=True, text=True,
                             check=False).stdout
    names = [package] + [line.split(":", 1)[1].strip().strip("<>") for line in
                         depends.splitlines() if line.strip().startswith("Depends:")]
    total = 0
    for name in dict.fromkeys(names):
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Installed-Size}", name],
                             capture_output=True, text=True, check=False).stdout.strip()
        if out.isdigit():
            total += int(out)
    return total / 1024, f"{package} + {len(set(names)) - 1} direct deps"


# -- the subjects ------------------------------------------------------------------------------


class Rig:
    """The shared parts of the run: Kamailio, the display, sound, the session bus."""

    def __init__(self, work: Path, kam: Kamailio, env: dict[str, str]) -> None:
        self.work = work
        self.kam = kam
        self.env = env

    def home_env(self, home: Path) -> dict[str, str]:
        return {**self.env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_DATA_HOME": str(home / ".local" / "share"),
                "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / "state")}

    def bindings(self) -> int:
        with contextlib.suppress(OSError):
            return self.kam.log.read_bytes().count(f"bound {USER} ".encode())
        return 0


def caseline_subject(rig: Rig, key: str, title: str, command: list[str]) -> Subject:
    port = free_port()

    def argv(home: Path) -> list[str]:
        return [*command, "--config", str(home / "caseline.toml"), "gui"]

    def prepare(home: Path, env: dict[str, str]) -> None:
        from app.config import settings  # noqa: PLC0415

        config = home / "caseline.toml"
        added = subprocess.run(
            [*command, "--config", str(config), "account", "add", "--server", rig.kam.server,
             "--user", USER, "--domain", DOMAIN, "--name", USER, "--password-stdin"],
            input=password(USER) + "\n", env=env, cwd=home, capture_output=True, text=True,
            timeout=START_CEILING, check=False)
        if added.returncode != 0:
            raise RuntimeError(f"{title}: account add failed: {added.stderr.strip()}")
        conf = settings.load(config)
        settings.save(config, settings.Settings(
            sip=settings.SipSettings(listen=f"127.0.0.1:{port}"), accounts=conf.accounts,
            ui=settings.UiSettings(first_run_done=True)))

    if key == "caseline-bundle":
        def size() -> tuple[float, str]:
            tars = sorted((REPO / "dist").glob("caseline-*.tar.gz"))
            packed = f", {tars[-1].stat().st_size / 1e6:.0f} MB as .tar.gz" if tars else ""
            return du_mb(BUNDLE), f"dist/caseline{packed}"

        def tree() -> list[Path]:
            return files_of(BUNDLE)
    else:
        site = next((VENV / "lib").glob("python3*/site-packages"), VENV)

        def size() -> tuple[float, str]:
            return du_mb(site, REPO / "app"), "venv site-packages + app/"

        def tree() -> list[Path]:
            return files_of(site) + files_of(REPO / "app")
    return Subject(key, title, argv, prepare, size, tree)


def linphone_subject(rig: Rig) -> Subject:
    def prepare(home: Path, env: dict[str, str]) -> None:
        folder = home / ".config" / "linphone"
        folder.mkdir(parents=True, exist_ok=True)
        # A proxy and its credentials, as Linphone's own assistant would write them.
        (folder / "linphonerc").write_text(
            "[sip]\nsip_port=-1\nsip_tcp_port=-1\ndefault_proxy=0\n\n"
            f"[proxy_0]\nreg_proxy=<sip:{rig.kam.server};transport=udp>\n"
            f'reg_identity="{USER}" <sip:{USER}@{DOMAIN}>\nreg_expires=600\n'
            "reg_sendregister=1\npublish=0\n\n"
            f"[auth_info_0]\nusername={USER}\npasswd={password(USER)}\nrealm={DOMAIN}\n"
            f"domain={DOMAIN}\n", encoding="utf-8")

    def tree() -> list[Path]:
        return files_of(Path("/usr/share/linphone")) + files_of(Path("/usr/share/belr"))

    return Subject("linphone", "Linphone 4", lambda _home: ["linphone"], prepare,
                   lambda: package_mb("linphone-desktop"), tree)


def twinkle_subject(rig: Rig) -> Subject:
    port = free_port()

    def prepare(home: Path, env: dict[str, str]) -> None:
        folder = home / ".twinkle"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{USER}.cfg").write_text(
            f"user_name={USER}\nuser_domain={DOMAIN}\nuser_display={USER}\n"
            f"auth_realm={DOMAIN}\nauth_name={USER}\nauth_pass={password(USER)}\n"
            f"registrar={rig.kam.server}\nregister_at_startup=yes\nregistration_time=600\n"
            f"use_outbound_proxy=yes\noutbound_proxy={rig.kam.server}\n", encoding="utf-8")

    def tree() -> list[Path]:
        return files_of(Path("/usr/share/twinkle"))

    return Subject("twinkle", "Twinkle",
                   lambda _home: ["twinkle", "-f", USER, "--sip-port", str(port), "--force"],
                   prepare, lambda: package_mb("twinkle"), tree)


# -- running ----------------------------------------------------------------------------------


def visible_window(pids: list[int], env: dict[str, str]) -> bool:
    for pid in pids:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                               env=env, capture_output=True, text=True, check=False)
        if found.stdout.strip():
            return True
    return False


def stop(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # whatever of its group is left (a SIP process)


def start_once(rig: Rig, subject: Subject, home: Path, env: dict[str, str], log: Path,
               idle: float = 0.0, result: Result | None = None) -> tuple[Start, set[Path]]:
    """One start until window and registration (or the ceiling); then ``idle`` seconds at
    rest, measured into ``result``. Returns the start and the files the processes mapped."""
    before = rig.bindings()
    outcome = Start()
    with open(log, "ab") as out:
        began = time.monotonic()
        proc = subprocess.Popen(subject.argv(home), cwd=home, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while outcome.window is None or outcome.registered is None:
            now = time.monotonic() - began
            if now > START_CEILING or proc.poll() is not None:
                break
            if outcome.window is None and visible_window(tree_pids(proc.pid), env):
                outcome.window = time.monotonic() - began
            if outcome.registered is None and rig.bindings() > before:
                outcome.registered = time.monotonic() - began
            time.sleep(POLL)  # a bench polling the X server and a log: no event to wait on
        outcome.exit_code = proc.poll()
        mapped = mapped_files(tree_pids(proc.pid))
        if idle and result is not None and proc.poll() is None:
            time.sleep(5)  # let the start's last work (a first paint, a sync) finish first
            pids = tree_pids(proc.pid)
            first, at = cpu_seconds(pids), time.monotonic()
            time.sleep(idle)  # the measurement is of time at rest: nothing to wait on
            pids = tree_pids(proc.pid)
            result.idle_cpu = 100 * (cpu_seconds(pids) - first) / (time.monotonic() - at)
            result.idle_rss_mb, result.idle_pss_mb = memory_mb(pids)
            result.processes = len(pids)
    finally:
        stop(proc)
    return outcome, mapped


def measure(rig: Rig, subject: Subject, warm_runs: int, idle: float) -> Result:
    result = Result()
    result.size_mb, result.size_note = subject.size()
    home = rig.work / subject.key
    home.mkdir()
    env = rig.home_env(home)
    log = rig.work / f"{subject.key}.log"
    try:
        subject.prepare(home, env)
        progress(f"{subject.title}: first start (makes its profile; not measured)")
        first, mapped = start_once(rig, subject, home, env, log)
        if first.window is None:
            ended = "" if first.exit_code is None else f" (it exited {first.exit_code})"
            raise RuntimeError(f"no window within {START_CEILING:.0f} s{ended}; see {log}")
        dropped = drop_from_cache(mapped | set(subject.tree()))
        progress(f"{subject.title}: cold start ({dropped} files dropped from the page cache)")
        result.cold, _ = start_once(rig, subject, home, env, log)
        for run in range(warm_runs):
            last = run == warm_runs - 1
            progress(f"{subject.title}: warm start {run + 1}"
                     + (f", then {idle:.0f} s at rest" if last else ""))
            warm, _ = start_once(rig, subject, home, env, log, idle if last else 0.0, result)
            result.warm.append(warm)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        result.error = str(exc)
        progress(f"{subject.title}: {exc}")
    return result


# -- the report -------------------------------------------------------------------------------


def median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def cell(value: float | None, digits: int = 2, unit: str = "") -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def report(subjects: list[Subject], results: dict[str, Result], args: argparse.Namespace
           ) -> None:
    titles = [s.title for s in subjects]
    rows: list[tuple[str, list[str]]] = [
        ("size on disk, MB", [cell(results[s.key].size_mb, 0) for s in subjects]),
        ("cold: start -> window, s", [cell(results[s.key].cold.window) for s in subjects]),
        ("cold: start -> registered, s",
         [cell(results[s.key].cold.registered) for s in subjects]),
        (f"warm (median of {args.warm_runs}): start -> window, s",
         [cell(median([w.window for w in results[s.key].warm])) for s in subjects]),
        (f"warm (median of {args.warm_runs}): start -> registered, s",
         [cell(median([w.registered for w in results[s.key].warm])) for s in subjects]),
        (f"idle CPU over {args.idle_seconds:.0f} s, % of one core",
         [cell(results[s.key].idle_cpu) for s in subjects]),
        ("idle RSS, MB (all its processes)",
         [cell(results[s.key].idle_rss_mb, 0) for s in subjects]),
        ("idle PSS, MB (shared pages split)",
         [cell(results[s.key].idle_pss_mb, 0) for s in subjects]),
        ("processes", [str(results[s.key].processes or "—") for s in subjects]),
    ]
    width = max(len(r[0]) for r in rows) + 2
    col = max(14, *(len(t) + 2 for t in titles))
    load = os.getloadavg()
    print(f"\nbench/startup.py: {os.cpu_count()} CPUs, load average {load[0]:.1f} / "
          f"{load[1]:.1f} / {load[2]:.1f} at the end; Xvfb, no window manager\n")
    print("".ljust(width) + "".join(t.rjust(col) for t in titles))
    for label, values in rows:
        print(label.ljust(width) + "".join(v.rjust(col) for v in values))
    print()
    for s in subjects:
        r = results[s.key]
        print(f"{s.title}: size = {r.size_note}" + (f"; ERROR {r.error}" if r.error else ""))
    anchor = results.get("linphone")
    print("\nTargets: start to registered < 2 s (warm); idle CPU < 1 %; idle RSS <= Linphone's.")
    for s in subjects:
        if not s.key.startswith("caseline"):
            continue
        r = results[s.key]
        registered = median([w.registered for w in r.warm])
        verdict = [
            f"registered {cell(registered)} s " + ("OK" if registered is not None
                                                   and registered < 2 else "MISSED"),
            f"idle CPU {cell(r.idle_cpu)} % " + ("OK" if r.idle_cpu is not None
                                                 and r.idle_cpu < 1 else "MISSED"),
        ]
        if anchor is not None and anchor.idle_rss_mb and r.idle_rss_mb:
            ratio = r.idle_rss_mb / anchor.idle_rss_mb
            verdict.append(f"RSS {ratio:.2f}x Linphone's " + ("OK" if ratio <= 1 else "MISSED"))
        print(f"  {s.title}: " + "; ".join(verdict))


# -- main -------------------------------------------------------------------------------------


def ensure_tools(skip_install: bool) -> None:
    missing = [pkg for binary, pkg in PACKAGES.items() if shutil.which(binary) is None]
    if not missing:
        return
    if skip_install or os.geteuid() != 0:
        raise SystemExit(f"missing: {' '.join(missing)} (sudo apt-get install {' '.join(missing)})")
    progress(f"installing {' '.join(missing)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--only", action="append", default=[],
                        choices=["caseline-bundle", "caseline-source", "linphone", "twinkle"])
    parser.add_argument("--no-install", action="store_true",
                        help="do not apt-get install what is missing")
    parser.add_argument("--no-build", action="store_true",
                        help="do not build the bundle when dist/ has none")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    ensure_tools(args.no_install)
    if not (BUNDLE / "caseline").is_file() and not args.no_build:
        progress("no bundle in dist/: building it (scripts/bundle, a few minutes)")
        subprocess.run([str(REPO / "scripts" / "bundle")], check=True)
    work = Path(tempfile.mkdtemp(prefix="caseline-startup-"))
    try:
        return run(args, work)
    finally:
        if args.keep:
            progress(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    (work / "kamailio").mkdir()
    kam = Kamailio(work / "kamailio", presence=False, defines=("LOG_BINDINGS",))
    kam.start()
    try:
        with xvfb() as display, pulseaudio(work / "pulse") as sound:
            base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DISPLAY": display,
                    "QT_QPA_PLATFORM": "xcb", "HOME": str(work), **sound,
                    "PYTHONFAULTHANDLER": "1",  # a start that dies says where, in its log
                    "XDG_DATA_HOME": str(work / "keyring-data")}
            with secret_service(base) as env:
                rig = Rig(work, kam, env)
                subjects = [
                    caseline_subject(rig, "caseline-bundle", "CaseLine bundle",
                                     [str(BUNDLE / "caseline")]),
                    caseline_subject(rig, "caseline-source", "CaseLine source",
                                     [str(VENV / "bin" / "python"), "-m", "app"]),
                    linphone_subject(rig),
                    twinkle_subject(rig),
                ]
                if args.only:
                    subjects = [s for s in subjects if s.key in args.only]
                if not (BUNDLE / "caseline").is_file():
                    subjects = [s for s in subjects if s.key != "caseline-bundle"]
                results = {s.key: measure(rig, s, args.warm_runs, args.idle_seconds)
                           for s in subjects}
    finally:
        kam.stop()
    report(subjects, results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
