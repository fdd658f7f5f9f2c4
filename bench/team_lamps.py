"""Team lamps: how soon a colleague's lamp follows their call, through a real Kamailio with
presence (issue 20, item 6), side by side with the call's own signalling (the baseline).

Three CaseLine engines registered at Kamailio: alice here, watching bob and carol; bob and
carol in their own processes, as the desktop runs them. Bob calls carol, carol answers, bob
hangs up, ``--rounds`` times. On this process's clock (every engine is pumped by this thread):

- baseline: carol's answer -> bob's call ACTIVE (the 200 OK through the proxy), and bob's hang
  up -> carol's call ENDED (the BYE);
- busy lamp: carol's answer -> carol BUSY at alice (carol's PUBLISH, Kamailio's NOTIFY);
- free lamp: bob's hang-up -> carol FREE at alice.

    .venv/bin/python bench/team_lamps.py              # 10 rounds
    .venv/bin/python bench/team_lamps.py --rounds 30
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.telephony.config import AccountSpec  # noqa: E402 - needs the path above
from app.telephony.events import (  # noqa: E402
    CallEvent,
    CallState,
    ColleagueState,
    Lamp,
    RegistrationEvent,
    RegState,
)
from tests.integration.kamailio import DOMAIN, Kamailio, password, running_kamailio  # noqa: E402
from tests.support import Driver, running_engine  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

CAROL = f"sip:carol@{DOMAIN}"
CEILING = 15.0  # s: a round that takes this long is broken, not slow


def spec(kam: Kamailio, user: str, colleagues: tuple[str, ...] = ()) -> AccountSpec:
    return AccountSpec(name=user, server=kam.server, user=user, domain=DOMAIN,
                       probe_interval=0, presence=True, colleagues=colleagues)


def until(agents: tuple[Driver, ...], done: Callable[[], Any]) -> float:
    """Pump every engine until ``done``; the time it became true."""
    deadline = time.monotonic() + CEILING
    while True:
        for agent in agents:
            agent.engine.pump(1)
        if done():
            return time.monotonic()
        if time.monotonic() > deadline:
            raise SystemExit(f"stuck: {[a.events[-3:] for a in agents]}")


def lamp(agent: Driver, after: int) -> Lamp | None:
    states = [e for e in agent.events[after:]
              if isinstance(e, ColleagueState) and e.uri == CAROL]
    return states[-1].lamp if states else None


def lamp_is(agent: Driver, wanted: Lamp, after: int) -> bool:
    return lamp(agent, after) is wanted


def call_state(agent: Driver, state: CallState, after: int) -> CallEvent | None:
    return next((e for e in agent.events[after:]
                 if isinstance(e, CallEvent) and e.state is state), None)


def run(rounds: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"answer -> caller ACTIVE": [],
                                       "answer -> busy lamp": [],
                                       "hang-up -> callee ENDED": [],
                                       "hang-up -> free lamp": []}
    with tempfile.TemporaryDirectory() as tmp, running_kamailio(Path(tmp)) as kam, \
            running_engine() as alice, running_engine(isolated=True) as bob, \
            running_engine(isolated=True) as carol:
        everyone = (alice, bob, carol)
        bob.engine.add_account(spec(kam, "bob"), password("bob"))
        carol.engine.add_account(spec(kam, "carol"), password("carol"))
        alice.engine.add_account(spec(kam, "alice", ("carol",)), password("alice"))
        until(everyone, lambda: all(any(isinstance(e, RegistrationEvent)
                                        and e.state is RegState.REGISTERED for e in a.events)
                                    for a in everyone))
        until(everyone, lambda: lamp(alice, 0) is Lamp.FREE)
        for _ in range(rounds):
            marks = [len(a.events) for a in everyone]
            call_id = bob.engine.make_call("carol", account="bob")
            until(everyone, partial(call_state, carol, CallState.INCOMING, marks[2]))
            ringing = call_state(carol, CallState.INCOMING, marks[2])
            assert ringing is not None
            until(everyone, partial(lamp_is, alice, Lamp.RINGING, marks[0]))
            answered = time.monotonic()
            carol.engine.answer(ringing.call_id)
            active = until(everyone, partial(call_state, bob, CallState.ACTIVE, marks[1]))
            busy = until(everyone, partial(lamp_is, alice, Lamp.BUSY, marks[0]))
            figures["answer -> caller ACTIVE"].append(active - answered)
            figures["answer -> busy lamp"].append(busy - answered)
            marks = [len(a.events) for a in everyone]
            hung_up = time.monotonic()
            bob.engine.hangup(call_id)
            ended = until(everyone, partial(call_state, carol, CallState.ENDED, marks[2]))
            free = until(everyone, partial(lamp_is, alice, Lamp.FREE, marks[0]))
            figures["hang-up -> callee ENDED"].append(ended - hung_up)
            figures["hang-up -> free lamp"].append(free - hung_up)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    figures = run(args.rounds)
    print(f"{'':28} {'p50 ms':>8} {'max ms':>8}   ({args.rounds} calls)")
    for name, values in figures.items():
        print(f"{name:28} {statistics.median(values) * 1000:8.1f} {max(values) * 1000:8.1f}")
    base = statistics.median(figures["answer -> caller ACTIVE"])
    busy = statistics.median(figures["answer -> busy lamp"])
    print(f"busy lamp / call signalling: {busy / base:.1f}x")


if __name__ == "__main__":
    main()
