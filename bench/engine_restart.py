"""How long an agent is without a phone after the SIP stack dies: IsolatedEngine restart times.

Kills the engine's child process with SIGABRT (what a failed pjlib assertion does) while an
account is registered and a call is up, ``--rounds`` times, and prints per round: the time from
the kill until the RESTARTED event (the new process listens on the same port and has its
accounts back), until the account is REGISTERED again, and until a SIP OPTIONS to the listening
port is answered. The baseline in the same run is a cold start of the in-process engine (what a
restart would cost at the least). Needs Kamailio (the registrar) and SIPp.

    .venv/bin/python bench/engine_restart.py --rounds 10
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.telephony.config import AccountSpec  # noqa: E402 - needs the path above
from app.telephony.engine import DIRECT, PjsuaEngine  # noqa: E402
from app.telephony.events import (  # noqa: E402
    CallEvent,
    CallState,
    EngineEvent,
    EngineState,
    RegistrationEvent,
    RegState,
)
from app.telephony.isolated import IsolatedEngine  # noqa: E402
from tests.integration.kamailio import (  # noqa: E402
    DOMAIN,
    options_ping,
    password,
    running_kamailio,
)
from tests.support import Driver, engine_config, free_port, start_sipp  # noqa: E402

CEILING = 30.0  # s: give up on a round


def pump_until(driver: Driver, done: Callable[[], bool], what: str) -> float:
    deadline = time.monotonic() + CEILING
    while not done():
        driver.engine.pump(2)
        if time.monotonic() > deadline:
            raise SystemExit(f"round gave up waiting for {what}")
    return time.monotonic()


def seen(driver: Driver, after: int, match: Callable[[object], bool]) -> Callable[[], bool]:
    return lambda: any(match(e) for e in driver.events[after:])


def active(call_id: str) -> Callable[[object], bool]:
    return lambda e: (isinstance(e, CallEvent) and e.call_id == call_id
                      and e.state is CallState.ACTIVE)


def cold_start(rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        began = time.monotonic()
        engine = PjsuaEngine(engine_config(free_port()))
        engine.start()
        times.append(time.monotonic() - began)
        engine.stop()
    return times


def restart_rounds(rounds: int, work: Path) -> list[tuple[float, float, float, float]]:
    results = []
    with running_kamailio(work / "kamailio") as kam:
        uas_port = free_port()
        uas = start_sipp("uas_basic", None, uas_port, work / "uas", calls=rounds * 2)
        engine = IsolatedEngine(engine_config(free_port()))
        driver = Driver(engine)
        engine.start()
        try:
            spec = AccountSpec(name="alice", server=kam.server, user="alice", domain=DOMAIN)
            engine.add_account(spec, password("alice"))
            pump_until(driver, lambda: engine.registration("alice") is RegState.REGISTERED,
                       "first registration")
            for _ in range(rounds):
                call_id = engine.make_call(f"sip:service@127.0.0.1:{uas_port}", account=DIRECT)
                pump_until(driver, seen(driver, 0, active(call_id)), "call up")
                mark = len(driver.events)
                pid = engine.pid
                assert pid is not None
                killed = time.monotonic()
                os.kill(pid, signal.SIGABRT)
                restarted = pump_until(driver, seen(driver, mark, lambda e: isinstance(
                    e, EngineEvent) and e.state is EngineState.RESTARTED), "restart")
                answers = restarted
                while not options_ping(engine.local_port, timeout=0.05):
                    engine.pump(1)
                    answers = time.monotonic()
                registered = pump_until(driver, seen(driver, mark, lambda e: isinstance(
                    e, RegistrationEvent) and e.state is RegState.REGISTERED), "registered again")
                results.append((restarted - killed, answers - killed, registered - killed,
                                engine.last_restart_seconds))
        finally:
            engine.stop()
            uas.stop()
    return results


def fmt(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:7.1f} ms   "
            f"max {max(values) * 1000:7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file per deliberate abort
    with tempfile.TemporaryDirectory(prefix="caseline-restart-") as tmp:
        base = cold_start(args.rounds)
        rounds = restart_rounds(args.rounds, Path(tmp))
    restarted = [r[0] for r in rounds]
    print(f"IsolatedEngine restart after SIGABRT, {args.rounds} rounds "
          "(registered account, one call up at the kill)")
    print(f"  baseline: in-process engine cold start   {fmt(base)}")
    print(f"  kill -> RESTARTED event                   {fmt(restarted)}   "
          f"x baseline {statistics.median(restarted) / statistics.median(base):.1f}")
    print(f"  kill -> port answers OPTIONS              {fmt([r[1] for r in rounds])}")
    print(f"  kill -> account REGISTERED                {fmt([r[2] for r in rounds])}")
    print(f"  supervisor's own measure (spawn+accounts) {fmt([r[3] for r in rounds])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
