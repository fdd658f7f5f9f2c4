"""Answer latency under load: CaseLine's headless agent vs a bare pjsua2 UAS vs baresip.

SIPp (bench/sipp/uac_timed.xml) places INVITE / 200 / ACK / BYE calls with no hold time at
several rates, then one long run, against each user agent in turn (never two at once), each on
its own port and started fresh for every run. For every (UA, rate) it prints successful calls,
rejections (4xx-6xx final answers, by code), failed calls (no final answer, or a later step
timed out), INVITE->200 median and p95 with microsecond resolution (gettimeofday inside the
scenario), the UA's peak RSS, its CPU seconds during the run, whether it survived, and its median
relative to the bare pjsua2 UAS. The long run also shows RSS at its start, half-way and end.

    .venv/bin/python bench/answer_latency.py            # full: ~15 minutes
    .venv/bin/python bench/answer_latency.py --quick    # short: ~3 minutes
    .venv/bin/python bench/answer_latency.py --uas caseline,caseline-inproc,bare,baresip

Needs sipp (UDP) and, for its rows, baresip with its modules in /usr/lib/baresip/modules (the
config is written into the work directory at run time).
The report goes to stdout, progress to stderr. Everything it starts is stopped at the end
(SIGTERM, then SIGKILL), on Ctrl-C or error too.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
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
# So that `python bench/answer_latency.py` finds the app package without PYTHONPATH; the agent
# subprocess gets the same root through its environment.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import app  # noqa: E402 - needs the path above
from app.telephony.guard import IOQUEUE_SLOTS  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Sequence

SCENARIO = BENCH / "sipp" / "uac_timed.xml"
BARE_UAS = BENCH / "bare_uas.py"
BARESIP_MODULES = Path("/usr/lib/baresip/modules")
CLK_TCK = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT = 30.0  # s for a UA to start listening
STOP_TIMEOUT = 10.0  # s between SIGTERM and SIGKILL
POLL = 0.2  # s between samples of the UA's /proc entries
UAS = ("caseline", "caseline-inproc", "bare", "baresip")
DEFAULT_UAS = ("caseline", "bare", "baresip")
LABELS = {"caseline": "caseline agent", "caseline-inproc": "caseline in-proc",
          "bare": "bare pjsua2", "baresip": "baresip"}


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- processes -----------------------------------------------------------------------------------


class Reaper:
    """Starts child processes and makes sure every one of them is gone at the end."""

    def __init__(self) -> None:
        self._procs: list[subprocess.Popen[bytes]] = []

    def spawn(self, argv: Sequence[str], *, cwd: Path, stdout: Path, stderr: Path,
              env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        with open(stdout, "wb") as out, open(stderr, "wb") as err:
            proc = subprocess.Popen(
                list(argv), cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                start_new_session=True,  # a terminal's Ctrl-C reaches us only; we stop them
            )
        self._procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes], first: signal.Signals = signal.SIGTERM,
             timeout: float = STOP_TIMEOUT) -> str:
        """Signal, wait up to ``timeout``, then SIGKILL. Returns how it ended."""
        if proc.poll() is not None:
            left = stop_group(proc.pid)
            how = f"already exited ({describe_rc(proc.returncode)})"
            return f"{how}; {left}" if left else how
        started = time.monotonic()
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(first)
        try:
            proc.wait(timeout)
            how = f"exited {describe_rc(proc.returncode)} {time.monotonic() - started:.1f} s " \
                  f"after {first.name}"
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(5)
            how = f"did not exit within {timeout:.0f} s of {first.name}: SIGKILLed"
        left = stop_group(proc.pid)
        return f"{how}; {left}" if left else how

    def stop_all(self) -> None:
        for proc in self._procs:
            self.stop(proc)
        self._procs.clear()


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (each child here leads its own session and group)."""
    out: list[int] = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(entry.name))
    return out


def stop_group(pgid: int) -> str:
    """Stop what a child left behind in its group (e.g. the agent's engine worker), by PID."""
    left = group_members(pgid)
    if not left:
        return ""
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline and group_members(pgid):
        time.sleep(0.1)
    killed = group_members(pgid)
    for pid in killed:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return (f"{len(left)} leftover process(es) of its group stopped"
            + (f", {len(killed)} with SIGKILL" if killed else ""))


def describe_rc(rc: int | None) -> str:
    if rc is None:
        return "running"
    if rc < 0:
        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"rc={rc}"


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS/VmHWM in kB from /proc/PID/status ({} once the process is gone)."""
    out: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of a process and of its children that it has waited for, in seconds."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) ": fields 3.. of stat(5)
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / CLK_TCK  # utime stime cutime cstime


def descendants(pid: int) -> list[int]:
    """Child processes, grandchildren, ... of ``pid`` (from /proc/PID/task/TID/children)."""
    out: list[int] = []
    stack = [pid]
    while stack and len(out) < 256:
        parent = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                kids = Path(f"/proc/{parent}/task/{tid}/children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                if kid not in out:
                    out.append(kid)
                    stack.append(kid)
    return out


def process_name(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    if "-m" in words[:-1]:
        return words[words.index("-m") + 1]
    return Path(words[1] if len(words) > 1 and "python" in words[0] else words[0]).name \
        if words else "?"


@dataclass
class TreeSampler:
    """RSS and CPU of a UA with all its child processes (the agent runs its engine in one)."""

    root: int
    cpu0: float | None = None
    cpu: float | None = None
    peak_kb: int | None = None  # highest sum of VmHWM seen: an upper bound of the joint peak
    rss_kb: int | None = None  # sum of VmRSS at the last sample
    children_seen: list[int] = field(default_factory=list)
    per_process: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # name, rss, hwm

    def sample(self) -> bool:
        """Read /proc for the whole tree; False once the root process is gone."""
        root_cpu = cpu_seconds(self.root)
        if root_cpu is None:
            return False
        pids = [self.root, *descendants(self.root)]
        cpu, rss, hwm = root_cpu, 0, 0
        per: dict[int, tuple[str, int, int]] = {}
        for pid in pids:
            if pid != self.root:
                cpu += cpu_seconds(pid) or 0.0
                if pid not in self.children_seen:
                    self.children_seen.append(pid)
            status = proc_status(pid)
            rss += status.get("VmRSS", 0)
            hwm += status.get("VmHWM", 0)
            if status:
                old = self.per_process.get(pid)
                name = old[0] if old else process_name(pid)
                per[pid] = (name, status.get("VmRSS", 0), status.get("VmHWM", 0))
        self.per_process = per
        self.cpu = cpu
        if self.cpu0 is None:
            self.cpu0 = cpu
        self.rss_kb = rss
        self.peak_kb = max(self.peak_kb or 0, hwm)
        return True

    def cpu_used(self) -> float | None:
        if self.cpu0 is None or self.cpu is None:
            return None
        return self.cpu - self.cpu0


def free_udp_ports(count: int, taken: set[int]) -> list[int]:
    ports: list[int] = []
    for _ in range(count * 50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port in taken or port + 1 in taken or port > 64000:
            continue
        taken.update((port, port + 1))
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError("no free UDP ports")


def udp_bound(port: int) -> bool:
    """Whether some process listens on 127.0.0.1:port or *:port (UDP)."""
    wanted = {f"0100007F:{port:04X}", f"00000000:{port:04X}"}
    try:
        lines = Path("/proc/net/udp").read_text().splitlines()[1:]
    except OSError:
        return False
    return any(line.split()[1] in wanted for line in lines if len(line.split()) > 1)


# -- the user agents -----------------------------------------------------------------------------


@dataclass
class Ua:
    key: str
    port: int
    ready_marker: str
    unavailable: str = ""  # why this UA cannot run here

    @property
    def label(self) -> str:
        return LABELS[self.key]

    def command(self, run_dir: Path) -> list[str]:
        listen = f"127.0.0.1:{self.port}"
        if self.key.startswith("caseline"):
            # --config belongs before the sub-command: `agent ... --config X` is refused.
            argv = [sys.executable, "-m", "app", "--config", "/nonexistent.toml", "agent",
                    "--listen", listen, "--auto-answer", "--no-accounts", "--transports", "udp"]
            return [*argv, "--in-process"] if self.key == "caseline-inproc" else argv
        if self.key == "bare":
            return [sys.executable, str(BARE_UAS), "--listen", listen]
        conf = run_dir / "baresip"
        write_baresip_config(conf, self.port)
        return ["baresip", "-f", str(conf)]


def write_baresip_config(conf: Path, port: int) -> None:
    """A minimal headless baresip: UDP on one port, auto-answer, G.711, no sound card.

    aubridge connects baresip's own audio player to its audio source, so calls get a working
    audio pipeline without a device; `menu` carries the answermode=auto logic in baresip 1.0.
    """
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "config").write_text(
        "\n".join([
            "poll_method\tepoll",
            f"sip_listen\t127.0.0.1:{port}",
            "call_local_timeout\t120",
            "call_max_calls\t4",  # the same ceiling as the pjsua2 UAs
            "audio_player\taubridge,bench",
            "audio_source\taubridge,bench",
            "audio_alert\taubridge,bench",
            "rtp_ports\t20000-29999",
            f"module_path\t{BARESIP_MODULES}",
            "module\tg711.so",
            "module\taubridge.so",
            "module_app\taccount.so",
            "module_app\tcontact.so",
            "module_app\tmenu.so",
            "",
        ])
    )
    (conf / "accounts").write_text("<sip:bench@127.0.0.1>;regint=0;answermode=auto\n")
    (conf / "contacts").write_text("")


def make_uas(keys: Sequence[str]) -> list[Ua]:
    ports = free_udp_ports(len(keys), set())
    markers = {"caseline": '"state": "started"', "caseline-inproc": '"state": "started"',
               "bare": "ready ", "baresip": "baresip is ready."}
    uas = [Ua(key, port, markers[key]) for key, port in zip(keys, ports, strict=True)]
    for ua in uas:
        if ua.key == "baresip":
            if shutil.which("baresip") is None:
                ua.unavailable = "baresip is not installed"
            elif not all((BARESIP_MODULES / f"{m}.so").exists()
                         for m in ("g711", "aubridge", "account", "contact", "menu")):
                ua.unavailable = f"baresip modules missing in {BARESIP_MODULES}"
    return uas


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env["TERM"] = "dumb"
    return env


def wait_ready(ua: Ua, proc: subprocess.Popen[bytes], stdout: Path) -> str:
    """'' once the UA listens; otherwise why not."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return f"exited during start-up ({describe_rc(proc.returncode)})"
        with contextlib.suppress(OSError):
            if ua.ready_marker in stdout.read_text(errors="replace") and udp_bound(ua.port):
                return ""
        time.sleep(0.05)
    return f"not listening after {READY_TIMEOUT:.0f} s"


# -- SIPp output ---------------------------------------------------------------------------------


@dataclass
class SippLog:
    sent: list[str] = field(default_factory=list)  # Call-IDs in order
    ok: dict[str, float] = field(default_factory=dict)  # Call-ID -> INVITE->200 in ms
    done: set[str] = field(default_factory=set)  # Call-IDs whose BYE got its 200
    rejected: dict[str, tuple[int, float]] = field(default_factory=dict)  # -> (code, ms)

    def no_final(self) -> list[str]:
        return [cid for cid in self.sent if cid not in self.ok and cid not in self.rejected]


def _delta_ms(t0s: str, t0u: str, t1s: str, t1u: str) -> float:
    micros = (int(float(t1s)) - int(float(t0s))) * 1_000_000 + int(float(t1u)) - int(float(t0u))
    return micros / 1000.0


def parse_action_log(path: Path) -> SippLog:
    log = SippLog()
    if not path.exists():
        return log
    with open(path, errors="replace") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 4 and parts[0] == "SENT":
                log.sent.append(parts[1])
            elif len(parts) == 6 and parts[0] == "OK":
                log.ok[parts[1]] = _delta_ms(*parts[2:6])
            elif len(parts) == 2 and parts[0] == "DONE":
                log.done.add(parts[1])
            elif len(parts) == 7 and parts[0] == "REJ":
                log.rejected[parts[2]] = (int(parts[1]), _delta_ms(*parts[3:7]))
    return log


def read_stat(path: Path) -> dict[str, str]:
    """The last complete row of SIPp's -trace_stat CSV, by column name ({} if none yet)."""
    try:
        with open(path, "rb") as handle:
            header = handle.readline().decode(errors="replace").rstrip("\r\n")
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(len(header) + 1, size - 16384))
            tail = handle.read().decode(errors="replace")
    except OSError:
        return {}
    rows = [row for row in tail.split("\n")[:-1] if row.count(";") == header.count(";")]
    if not header or not rows:
        return {}
    return dict(zip(header.split(";"), rows[-1].split(";"), strict=True))


def stat_int(stat: dict[str, str], name: str) -> int:
    try:
        return int(stat.get(name, "0") or 0)
    except ValueError:
        return 0


ERROR_SPLIT = re.compile(r"(?=\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d+\t)")
CALL_ID = re.compile(r"Call-Id: (\S+?),")


def summarize_errors(path: Path) -> tuple[list[tuple[int, str]], dict[str, str]]:
    """SIPp's error log grouped by message (Call-IDs and times removed), and Call-ID -> message."""
    groups: dict[str, int] = {}
    by_call: dict[str, str] = {}
    if not path.exists():
        return [], by_call
    text = path.read_text(errors="replace")
    for raw in ERROR_SPLIT.split(text):
        entry = raw.strip()
        if not entry or entry.startswith("The following events occurred"):
            continue
        message = entry.split("\t", 2)[-1]
        message = message.split(": ", 1)[1] if re.match(r"\d+\.\d+: ", message) else message
        found = CALL_ID.search(message)
        key = CALL_ID.sub("Call-Id: *,", message)
        key = re.sub(r"\s+", " ", key)[:200]
        groups[key] = groups.get(key, 0) + 1
        if found:
            by_call[found.group(1)] = key
    ranked = sorted(((n, k) for k, n in groups.items()), reverse=True)
    return ranked, by_call


LOG_PREFIX = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ |\d\d:\d\d:\d\d\.\d+ +)")


def summarize_ua_log(path: Path, limit: int = 6) -> list[str]:
    """The most frequent lines of a UA's log (timestamps stripped) and its last lines."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    counts: dict[str, int] = {}
    for line in lines:
        key = LOG_PREFIX.sub("", line).strip()
        if key:
            counts[key] = counts.get(key, 0) + 1
    top = sorted(((n, k) for k, n in counts.items() if n > 1), reverse=True)[:limit]
    out = [f"{n:>6} x {k[:160]}" for n, k in top]
    tail = [line[:200] for line in lines[-limit:] if line.strip()]
    return out + ["last lines:"] + [f"  {line}" for line in tail] if tail else out


def engine_crashes(stdout: Path) -> list[str]:
    """The agent's reports of its engine process dying (EngineEvent 'crashed')."""
    out: list[str] = []
    with contextlib.suppress(OSError), open(stdout, errors="replace") as handle:
        for line in handle:
            if '"EngineEvent"' in line and '"crashed"' in line:
                with contextlib.suppress(ValueError):
                    out.append(str(json.loads(line).get("detail", "")))
    return out


def ua_logs(stderr: Path, stdout: Path) -> list[str]:
    out: list[str] = []
    for name, path in (("stderr", stderr), ("stdout", stdout)):
        lines = summarize_ua_log(path)
        if lines:
            out.append(f"{name}:")
            out.extend(f"  {line}" for line in lines)
    return out


def agent_events_for(stdout: Path, call_ids: set[str]) -> dict[str, list[str]]:
    """For the caseline agent: what it reported about the given SIP Call-IDs."""
    seen: dict[str, list[str]] = {cid: [] for cid in call_ids}
    if not call_ids:
        return seen
    with contextlib.suppress(OSError), open(stdout, errors="replace") as handle:
        for line in handle:
            if not any(cid in line for cid in call_ids):
                continue
            with contextlib.suppress(ValueError):
                event = json.loads(line)
                cid = str(event.get("sip_call_id", ""))
                if cid in seen:
                    what = str(event.get("state") or event.get("status_code", ""))
                    if event.get("end_reason"):
                        what += f"/{event['end_reason']}"
                    seen[cid].append(f"{event.get('event')}:{what}")
    return seen


# -- one run -------------------------------------------------------------------------------------


@dataclass
class RunResult:
    ua: Ua
    rate: float
    calls: int
    long: bool
    unavailable: str = ""
    placed: int = 0
    ok: int = 0
    failed: int = 0
    failed_kinds: dict[str, int] = field(default_factory=dict)
    rejected: dict[int, int] = field(default_factory=dict)
    reject_ms: list[float] = field(default_factory=list)
    no_final: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    peak_rss_kb: int | None = None
    cpu_s: float | None = None
    alive: bool = False
    died: str = ""
    stopped: str = ""
    rss_start_kb: int | None = None
    rss_mid_kb: int | None = None
    rss_end_kb: int | None = None
    rss_series: list[tuple[int, int]] = field(default_factory=list)  # (calls done, RSS kB)
    answered_not_done: int = 0  # got the 200 but the BYE was not answered
    children_started: int = 0  # child processes that appeared during the run
    engine_crashes: list[str] = field(default_factory=list)  # the agent's 'crashed' events
    processes: list[str] = field(default_factory=list)  # RSS by process at the end
    sipp_rc: int | None = None
    stat_extra: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)
    no_final_detail: list[str] = field(default_factory=list)
    ua_log: list[str] = field(default_factory=list)
    run_dir: Path | None = None

    def median(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None

    def p95(self) -> float | None:
        return percentile(self.latencies, 95)

    def anomalous(self) -> bool:
        return bool(self.failed or self.no_final or not self.alive or self.unavailable
                    or self.placed < self.calls or self.engine_crashes)


def rss_marks(samples: list[tuple[int, int]], calls: int) -> list[tuple[int, int]]:
    """The first sample at or after every tenth of the calls."""
    out: list[tuple[int, int]] = []
    for k in range(1, 10):
        mark = calls * k // 10
        hit = next((s for s in samples if s[0] >= mark), None)
        if hit is not None and (not out or hit != out[-1]):
            out.append(hit)
    return out


def percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


FAILED_KINDS = {
    "FailedTimeoutOnRecv(C)": "timeout",
    "FailedMaxUDPRetrans(C)": "max-retrans",
    "FailedUnexpectedMessage(C)": "unexpected-msg",
    "FailedCallRejected(C)": "rejected",
    "FailedCannotSendMessage(C)": "cannot-send",
    "FailedTimeoutOnSend(C)": "send-timeout",
    "FailedOutboundCongestion(C)": "congestion",
    "FailedCmdNotSent(C)": "cmd-not-sent",
}
EXTRA_STATS = ("Retransmissions(C)", "DeadCallMsgs(C)", "OutOfCallMsgs(C)", "Warnings(C)",
               "FatalErrors(C)", "WatchdogMajor(C)", "WatchdogMinor(C)")


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path, reaper: Reaper) -> None:
        self.args = args
        self.work = work
        self.reaper = reaper
        self.env = child_env()
        # The agent logs every call and screen-pops it, as in production, into a store of its
        # own here (never the user's).
        self.env["CASELINE_DB"] = str(work / "cases.db")
        self.counter = 0

    def run(self, ua: Ua, rate: float, calls: int, *, long: bool, total: int) -> RunResult:
        self.counter += 1
        result = RunResult(ua, rate, calls, long)
        what = f"{ua.label} @ {rate:g}/s x {calls}"
        if ua.unavailable:
            result.unavailable = ua.unavailable
            progress(f"[{self.counter}/{total}] {what}: n/a ({ua.unavailable})")
            return result
        run_dir = self.work / f"{self.counter:02d}-{ua.key}-{rate:g}{'-long' if long else ''}"
        run_dir.mkdir(parents=True)
        result.run_dir = run_dir
        progress(f"[{self.counter}/{total}] {what} (port {ua.port}) ...")
        ua_out, ua_err = run_dir / "ua.stdout", run_dir / "ua.stderr"
        proc = self.reaper.spawn(ua.command(run_dir), cwd=REPO, stdout=ua_out, stderr=ua_err,
                                 env=self.env)
        try:
            why = wait_ready(ua, proc, ua_out)
            if why:
                result.unavailable = why
                result.ua_log = ua_logs(ua_err, ua_out)
                return result
            time.sleep(0.5)
            self._drive(result, proc, run_dir)
        finally:
            result.stopped = self.reaper.stop(proc)
            # Logs are read after the UA has stopped: nothing is still being written.
            if ua.key.startswith("caseline"):
                result.engine_crashes = engine_crashes(ua_out)
            if result.anomalous():
                result.ua_log = ua_logs(ua_err, ua_out)
            if ua.key.startswith("caseline") and result.no_final:
                shown = result.no_final[:8]
                events = agent_events_for(ua_out, set(shown))
                result.no_final_detail = [
                    f"{cid}: agent saw {', '.join(events[cid]) or 'nothing'}" for cid in shown
                ]
        self._summary_line(result)
        return result

    def _drive(self, result: RunResult, proc: subprocess.Popen[bytes], run_dir: Path) -> None:
        args = self.args
        pid = proc.pid
        sipp_port, media_port = free_udp_ports(2, {result.ua.port})
        expected = result.calls / result.rate
        stat_path, log_path, err_path = run_dir / "stat.csv", run_dir / "actions.log", \
            run_dir / "errors.log"
        argv = [
            "sipp", "-sf", str(SCENARIO), f"127.0.0.1:{result.ua.port}",
            "-i", "127.0.0.1", "-p", str(sipp_port), "-mp", str(media_port),
            "-m", str(result.calls), "-r", str(result.rate), "-rp", "1000", "-d", "0",
            "-nostdin", "-trace_stat", "-stf", str(stat_path), "-fd", "1",
            "-trace_logs", "-log_file", str(log_path),
            "-trace_err", "-error_file", str(err_path),
            "-recv_timeout", str(args.recv_timeout_ms),
            "-timeout", f"{int(expected + args.recv_timeout_ms / 1000 + 30)}s", "-timeout_error",
        ]
        tree = TreeSampler(pid)
        tree.sample()
        result.rss_start_kb = tree.rss_kb
        start_children = len(tree.children_seen)
        samples: list[tuple[int, int]] = []  # (calls done, RSS kB), each second of a long run
        sipp = self.reaper.spawn(argv, cwd=run_dir, stdout=run_dir / "sipp.stdout",
                                 stderr=run_dir / "sipp.stderr", env=self.env)
        try:
            self._watch(result, proc, sipp, stat_path, tree, samples)
        finally:
            if sipp.poll() is None:  # interrupted: SIPp goes first, then the UA
                self.reaper.stop(sipp, signal.SIGTERM, 5)
        result.sipp_rc = sipp.returncode
        if proc.poll() is None:
            time.sleep(1.0)  # let the last BYEs and lingering sockets settle
        result.alive = tree.sample()
        if result.alive:
            result.rss_end_kb = tree.rss_kb
        elif not result.died:
            result.died = describe_rc(proc.returncode)
        result.peak_rss_kb = tree.peak_kb
        result.cpu_s = tree.cpu_used()
        result.children_started = len(tree.children_seen) - start_children
        result.processes = [f"{name} {rss / 1024:.1f} MB (peak {hwm / 1024:.1f})"
                            for name, rss, hwm in tree.per_process.values()]
        if samples:
            result.rss_series = rss_marks(samples, result.calls)
            half = [kb for done, kb in samples if done >= result.calls // 2]
            if half:
                result.rss_mid_kb = half[0]
            elif samples[-1][0] >= result.calls * 0.45:
                result.rss_mid_kb = samples[-1][1]
        self._collect(result, stat_path, log_path, err_path)

    def _watch(self, result: RunResult, proc: subprocess.Popen[bytes],
               sipp: subprocess.Popen[bytes], stat_path: Path, tree: TreeSampler,
               samples: list[tuple[int, int]]) -> None:
        """Sample the UA while SIPp runs; stop SIPp if the UA dies or SIPp overruns."""
        args = self.args
        expected = result.calls / result.rate
        hard_deadline = time.monotonic() + expected + args.recv_timeout_ms / 1000 + 60
        died_at: float | None = None
        next_stat = 0.0
        while sipp.poll() is None:
            now = time.monotonic()
            if now > hard_deadline:
                progress("  SIPp overran its time: stopping it")
                self.reaper.stop(sipp, signal.SIGUSR1, 5)
                break
            if proc.poll() is None and tree.sample():
                if result.long and now >= next_stat:
                    next_stat = now + 1.0
                    stat = read_stat(stat_path)
                    done = stat_int(stat, "SuccessfulCall(C)") + stat_int(stat, "FailedCall(C)")
                    if stat and tree.rss_kb is not None:
                        samples.append((done, tree.rss_kb))
            elif died_at is None:
                died_at = now
                result.died = describe_rc(proc.wait())
                progress(f"  the UA died ({result.died}); stopping SIPp shortly")
            elif now - died_at > 2.0:
                self.reaper.stop(sipp, signal.SIGUSR1, args.recv_timeout_ms / 1000 + 5)
                break
            time.sleep(POLL)

    def _collect(self, result: RunResult, stat_path: Path, log_path: Path,
                 err_path: Path) -> None:
        log = parse_action_log(log_path)
        stat = read_stat(stat_path)
        result.placed = max(len(log.sent), stat_int(stat, "TotalCallCreated"))
        result.latencies = list(log.ok.values())
        result.ok = len(log.done)
        result.answered_not_done = len(log.ok) - len(log.done & log.ok.keys())
        for code, ms in log.rejected.values():
            result.rejected[code] = result.rejected.get(code, 0) + 1
            result.reject_ms.append(ms)
        result.no_final = log.no_final()
        result.failed = stat_int(stat, "FailedCall(C)")
        result.failed_kinds = {short: stat_int(stat, name) for name, short in FAILED_KINDS.items()
                               if stat_int(stat, name)}
        result.stat_extra = {name[:-3]: stat_int(stat, name) for name in EXTRA_STATS
                             if stat_int(stat, name)}
        result.errors, _ = summarize_errors(err_path)

    def _summary_line(self, r: RunResult) -> None:
        if r.unavailable:
            progress(f"  n/a: {r.unavailable}")
            return
        rej = sum(r.rejected.values())
        progress(f"  ok={r.ok} rejected={rej} failed={r.failed} no-final={len(r.no_final)} "
                 f"median={fmt_ms(r.median())} p95={fmt_ms(r.p95())} "
                 f"rss={fmt_mb(r.rss_end_kb)} MB alive={fmt_alive(r)}")


# -- report --------------------------------------------------------------------------------------


def fmt_ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def fmt_mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:.1f}"


def fmt_rejected(rejected: dict[int, int]) -> str:
    if not rejected:
        return "0"
    return " ".join(f"{n}x{code}" for code, n in sorted(rejected.items()))


def fmt_failed(r: RunResult) -> str:
    text = str(r.failed)
    if r.failed_kinds:
        text += " (" + ",".join(f"{k}={n}" for k, n in r.failed_kinds.items()) + ")"
    if r.placed < r.calls:
        text += f" +{r.calls - r.placed} not placed"
    return text


def fmt_alive(r: RunResult) -> str:
    text = "yes" if r.alive else f"NO: {r.died}"
    if r.engine_crashes:
        text += f", engine crashed {len(r.engine_crashes)}x"
    return text


def ratio(r: RunResult, base: RunResult | None) -> str:
    mine = r.median()
    theirs = base.median() if base is not None else None
    if mine is None or base is None or not theirs:
        return "-"
    # '*': the bare UAS died in that run, its median comes from the calls before the crash
    return f"{mine / theirs:.2f}{'' if base.alive else '*'}"


def table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
              for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(row) for row in rows)])


def rate_table(results: list[RunResult]) -> str:
    headers = ["UA", "rate/s", "calls", "ok", "rejected", "failed", "no final", "median ms",
               "p95 ms", "x bare", "peak RSS MB", "CPU s", "alive"]
    rows: list[list[str]] = []
    bare = {r.rate: r for r in results if r.ua.key == "bare" and not r.unavailable}
    for r in sorted(results, key=lambda r: (r.rate, UAS.index(r.ua.key))):
        if r.unavailable:
            rows.append([r.ua.label, f"{r.rate:g}", str(r.calls), "n/a", "", "", "", "", "", "",
                         "", "", f"n/a: {r.unavailable}"])
            continue
        rows.append([
            r.ua.label, f"{r.rate:g}", str(r.calls), str(r.ok), fmt_rejected(r.rejected),
            fmt_failed(r), str(len(r.no_final)), fmt_ms(r.median()), fmt_ms(r.p95()),
            ratio(r, bare.get(r.rate)), fmt_mb(r.peak_rss_kb),
            "-" if r.cpu_s is None else f"{r.cpu_s:.2f}", fmt_alive(r),
        ])
    return table(headers, rows, {1, 2, 3, 6, 7, 8, 9, 10, 11})


def long_table(results: list[RunResult]) -> str:
    headers = ["UA", "calls", "ok", "rejected", "failed", "no final", "median ms", "p95 ms",
               "x bare", "RSS start", "RSS @half", "RSS end", "peak", "CPU s", "alive"]
    rows: list[list[str]] = []
    bare = next((r for r in results if r.ua.key == "bare" and not r.unavailable), None)
    for r in results:
        if r.unavailable:
            rows.append([r.ua.label, str(r.calls), "n/a", *[""] * 11, f"n/a: {r.unavailable}"])
            continue
        rows.append([
            r.ua.label, str(r.calls), str(r.ok), fmt_rejected(r.rejected), fmt_failed(r),
            str(len(r.no_final)), fmt_ms(r.median()), fmt_ms(r.p95()), ratio(r, bare),
            fmt_mb(r.rss_start_kb), fmt_mb(r.rss_mid_kb), fmt_mb(r.rss_end_kb),
            fmt_mb(r.peak_rss_kb), "-" if r.cpu_s is None else f"{r.cpu_s:.2f}", fmt_alive(r),
        ])
    return table(headers, rows, {1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13})


def notes(results: list[RunResult]) -> list[str]:
    out: list[str] = []
    for r in results:
        head = f"{r.ua.label} @ {r.rate:g}/s x {r.calls}{' (long run)' if r.long else ''}"
        lines: list[str] = []
        if r.unavailable:
            lines.append(f"not run: {r.unavailable}")
        if not r.alive and not r.unavailable:
            lines.append(f"the UA process died during the run: {r.died}")
        if r.engine_crashes:
            lines.append(f"the agent's engine process crashed {len(r.engine_crashes)}x and was "
                         f"restarted: {'; '.join(sorted(set(r.engine_crashes)))}")
        if len(r.processes) > 1 or r.children_started:
            lines.append("RSS by process at the end: " + ", ".join(r.processes)
                         + (f"; {r.children_started} child process(es) started during the run"
                            if r.children_started else ""))
        if r.rejected:
            lines.append(f"rejections {fmt_rejected(r.rejected)}, INVITE->reject median "
                         f"{fmt_ms(statistics.median(r.reject_ms))} ms")
        if r.no_final:
            lines.append(f"{len(r.no_final)} INVITEs got no final response: SIPp calls "
                         f"{call_ranges(r.no_final)} (Call-ID e.g. {r.no_final[0]})")
            lines.extend(f"  {d}" for d in r.no_final_detail)
        if r.answered_not_done:
            lines.append(f"{r.answered_not_done} calls got their 200 but not the 200 to BYE")
        if r.stat_extra:
            lines.append("SIPp counters: " + ", ".join(f"{k}={v}" for k, v in r.stat_extra.items()))
        if r.sipp_rc not in (None, 0) and not r.unavailable:
            lines.append(f"SIPp exit code {r.sipp_rc}")
        for n, message in r.errors[:4]:
            lines.append(f"SIPp error x{n}: {message}")
        if r.long and r.rss_series:
            series = " ".join(f"{done}:{kb / 1024:.1f}" for done, kb in r.rss_series)
            lines.append(f"RSS MB by calls done: {series}")
        if r.ua_log and r.anomalous():
            lines.append("UA log (most frequent lines, then the last ones):")
            lines.extend(f"  {line}" for line in r.ua_log)
        if r.stopped and "exited rc=0" not in r.stopped:
            lines.append(f"stop: {r.stopped}")
        if lines:
            out.append(head)
            out.extend(f"  {line}" for line in lines)
    return out


def call_ranges(call_ids: list[str], limit: int = 8) -> str:
    """SIPp Call-IDs ('<n>-<pid>@host') as runs of call numbers: '#33-#200, #305'."""
    numbers = sorted({int(cid.split("-", 1)[0]) for cid in call_ids
                      if cid.split("-", 1)[0].isdigit()})
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    text = ", ".join(f"#{a}" if a == b else f"#{a}-#{b}" for a, b in runs[:limit])
    return text + (f" and {len(runs) - limit} more runs" if len(runs) > limit else "")


def flatness(r: RunResult) -> str:
    if r.unavailable or r.rss_mid_kb is None or r.rss_end_kb is None:
        return "-"
    growth = r.rss_end_kb - r.rss_mid_kb
    flat = growth <= max(2048, r.rss_mid_kb * 0.05)
    return (f"{'flat' if flat else 'GROWING'}: {growth / 1024:+.1f} MB over the second half "
            f"({(r.rss_end_kb - (r.rss_start_kb or 0)) / 1024:+.1f} MB since start)")


def tool_version(argv: list[str], pattern: str) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False,
                              stdin=subprocess.DEVNULL, env=child_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc.__class__.__name__})"
    match = re.search(pattern, done.stdout + done.stderr)
    return match.group(1) if match else "unknown"


def header(args: argparse.Namespace) -> list[str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = tool_version(["git", "-C", str(REPO), "log", "-1", "--format=%h"], r"(\w+)")
    dirty = tool_version(["git", "-C", str(REPO), "status", "--porcelain", "--", "app"],
                         r"(\S.*)") != "unknown"
    pjsua = tool_version([sys.executable, str(BARE_UAS), "--version"], r"pjsua2 (\S+)")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        "CaseLine answer-latency benchmark (bench/answer_latency.py)",
        f"date:      {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"machine:   {platform.node()}, {os.cpu_count()} CPUs (nproc "
        f"{len(os.sched_getaffinity(0))}), {cpu}, Linux {platform.release()}, load {load}",
        f"versions:  caseline {app.__version__} (git {commit}"
        f"{', app/ has local changes' if dirty else ''}), pjsua2 {pjsua}, "
        f"SIPp {tool_version(['sipp', '-v'], r'SIPp (v[0-9][0-9A-Za-z.-]*[0-9A-Za-z])')}, "
        f"baresip {tool_version(['baresip', '-h'], r'baresip (v[0-9.]+)')}, "
        f"Python {platform.python_version()}",
        f"load:      SIPp UAC INVITE/200/ACK/BYE, 0 ms hold, UDP on 127.0.0.1; rates "
        f"{', '.join(f'{r:g}' for r in args.rates)}/s for {args.seconds:g} s each, then "
        f"{args.long_calls} calls at {args.long_rate:g}/s; every UA started fresh per run",
        f"limits:    4 calls at once in every UA (pjsua2 default/CaseLine ceiling, baresip "
        f"call_max_calls 4); pjlib ioqueue {IOQUEUE_SLOTS} sockets; SIPp recv timeout "
        f"{args.recv_timeout_ms} ms",
        "columns:   ok = INVITE, 200, ACK, BYE, 200 all done",
        "           rejected = a 4xx-6xx final answer (ACKed; by code)",
        "           failed = SIPp's failed calls (no final answer within the recv timeout, or"
        " the BYE unanswered), by SIPp counter",
        "           no final = INVITEs that never got any final response",
        "           median/p95 = INVITE sent -> 200 received (SIPp gettimeofday, us resolution),"
        " over every call that got a 200",
        "           x bare = median / bare pjsua2 median at the same rate",
        "           peak RSS / CPU s = the UA's whole process tree (the caseline agent runs its"
        " SIP stack in a child engine process unless --in-process): peak = highest sum of the"
        " processes' VmHWM, CPU = user+system during the SIPp run",
    ]


# -- main ----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help="short run: 2 s per rate and a 1000-call long run")
    parser.add_argument("--rates", default="10,50,100,200", help="calls/s, comma separated")
    parser.add_argument("--seconds", type=float, default=None,
                        help="duration of each rate run (default 10, --quick 2)")
    parser.add_argument("--max-calls", type=int, default=0,
                        help="cap the calls of each rate run (0: rate x seconds)")
    parser.add_argument("--long-calls", type=int, default=None,
                        help="calls in the long run (default 10000, --quick 1000; 0 skips it)")
    parser.add_argument("--long-rate", type=float, default=50.0)
    parser.add_argument("--uas", default=",".join(DEFAULT_UAS),
                        help=f"which UAs, comma separated, of {','.join(UAS)} (caseline-inproc: "
                        "the agent with --in-process, the SIP stack in the agent's own process)")
    parser.add_argument("--recv-timeout-ms", type=int, default=5000,
                        help="SIPp gives up on an expected message after this long")
    parser.add_argument("--keep-logs", action="store_true",
                        help="keep the work directory (SIPp and UA logs) and print its path")
    args = parser.parse_args(argv)
    args.rates = [float(x) for x in args.rates.split(",") if x.strip()]
    if args.seconds is None:
        args.seconds = 2.0 if args.quick else 10.0
    if args.long_calls is None:
        args.long_calls = 1000 if args.quick else 10000
    args.uas = [u.strip() for u in args.uas.split(",") if u.strip()]
    unknown = set(args.uas) - set(UAS)
    if unknown:
        parser.error(f"unknown UA(s): {', '.join(sorted(unknown))}")
    if shutil.which("sipp") is None:
        parser.error("sipp is not installed")
    return args


def run_all(args: argparse.Namespace, bench: Bench, uas: list[Ua], rates: list[RunResult],
            longs: list[RunResult]) -> None:
    """Run the plan, appending each result as it comes (so an interrupted run still reports)."""
    plan: list[tuple[Ua, float, int, bool]] = []
    for rate in args.rates:
        calls = max(1, int(rate * args.seconds))
        if args.max_calls:
            calls = min(calls, args.max_calls)
        plan.extend((ua, rate, calls, False) for ua in uas)
    if args.long_calls > 0:
        plan.extend((ua, args.long_rate, args.long_calls, True) for ua in uas)
    for ua, rate, calls, long in plan:
        result = bench.run(ua, rate, calls, long=long, total=len(plan))
        (longs if long else rates).append(result)
        time.sleep(1.0)  # let the port and the machine settle between UAs


def report(args: argparse.Namespace, head: list[str], rates: list[RunResult],
           longs: list[RunResult]) -> None:
    print("\n".join(head))
    print()
    print("Rates")
    print(rate_table(rates))
    if longs:
        print()
        print(f"Long run: {args.long_calls} calls at {args.long_rate:g}/s (RSS in MB; "
              f"@half = after {args.long_calls // 2} calls)")
        print(long_table(longs))
        for r in longs:
            print(f"  {r.ua.label}: RSS {flatness(r)}")
    if any(not r.alive and not r.unavailable for r in rates + longs if r.ua.key == "bare"):
        print("* the bare pjsua2 UAS died in that run: its median is of the calls before the "
              "crash")
    extra = notes(rates + longs)
    if extra:
        print()
        print("Notes")
        print("\n".join(extra))
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    def terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    # Ctrl-C must work even when started with SIGINT ignored (a background job of a script).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGHUP, terminate)
    reaper = Reaper()
    work = Path(tempfile.mkdtemp(prefix="answer-latency-"))
    head = header(args)
    rates: list[RunResult] = []
    longs: list[RunResult] = []
    try:
        progress("\n".join(head[:3]))
        bench = Bench(args, work, reaper)
        run_all(args, bench, make_uas(args.uas), rates, longs)
    except KeyboardInterrupt:
        progress("interrupted: stopping everything; the report covers the finished runs")
        rc = 130
    else:
        rc = 0
    finally:
        # A second Ctrl-C or a SIGTERM must not cut the cleanup short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        reaper.stop_all()
        if args.keep_logs:
            progress(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if rates or longs:
        report(args, head, rates, longs)
    return rc


if __name__ == "__main__":
    sys.exit(main())
