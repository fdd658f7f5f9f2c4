"""Escalation: an attended transfer with the SR travelling, side by side with a blind transfer
of the same call (the baseline), through a real Kamailio.

The phones of tests/support_transfer.py: the agent (a CaseLine engine and Desk here), the
engineer (a CaseLine engine in its own process, its own Desk and store) and the customer (a
pjsua2 phone that follows REFERs and reports, every 100 ms, the tone it hears). Printed, per
kind, the median and worst of:

- pop: the transfer command -> the engineer's screen-pop of the customer's call (the Desk's
  ScreenPop, what the pop-up paints from), and whether it carries the SR;
- pop after completion: the transfer completing at the agent (the 200 NOTIFY; the blind
  transfer's likewise) -> that pop (negative: the pop was there first);
- audio gap: the transfer command -> the customer hears the engineer (silence in between,
  measured on the customer's side from the frames it receives, to 100 ms). The attended
  customer waits on hold before the command, so this is the gap the transfer itself makes.

Targets (issue 20): the SR on the engineer's screen within 300 ms of the transfer completing;
an audio gap under 500 ms.

    .venv/bin/python bench/escalation.py            # 3 rounds of each
    .venv/bin/python bench/escalation.py --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.orchestration.desk import ScreenPop  # noqa: E402 - needs the path above
from app.telephony.events import (  # noqa: E402
    CallEvent,
    CallState,
    ConsultEvent,
    ConsultOutcome,
    TransferEvent,
)
from tests.integration.kamailio import running_kamailio  # noqa: E402
from tests.support_transfer import (  # noqa: E402
    ENGINEER_TONE,
    SR,
    Customer,
    Side,
    consult_engineer,
    customer_on_the_line,
    pump,
    three_phones,
)

TIMEOUT = 30.0


@dataclass
class Round:
    pop_ms: float
    pop_after_completion_ms: float
    gap_ms: float
    sr_carried: bool


def _engineer_hears(customer: Customer, since: float) -> float | None:
    """When the customer first heard the engineer's tone after ``since``."""
    customer.seen(lambda e: False)  # take in what arrived
    for event in customer.events:
        if event["event"] == "hears" and event["at"] >= since \
                and abs(event["freq"] - ENGINEER_TONE) <= 30:
            return float(event["at"])
    return None


def _pop_of(engineer: Side, call_id: str) -> ScreenPop | None:
    return next((e for e in engineer.desk_events if isinstance(e, ScreenPop)
                 and e.call_id == call_id), None)


def attended(agent: Side, engineer: Side, customer: Customer) -> Round:
    both = (agent, engineer)
    call_id = customer_on_the_line(agent, engineer, customer)
    consult_id, ringing = consult_engineer(agent, engineer, call_id)
    engineer.engine.answer(ringing.call_id)
    pump(both, lambda: agent.call_event(lambda e: e.call_id == consult_id
                                        and e.state is CallState.ACTIVE)
         and agent.call_event(lambda e: e.call_id == call_id and e.held), "consulting")
    start = time.time()
    agent.engine.complete_transfer(call_id, consult_id)
    replacing = pump(both, lambda: engineer.call_event(
        lambda e: e.replaces == ringing.call_id), "replaced", TIMEOUT)
    pop = pump(both, lambda: _pop_of(engineer, replacing.call_id), "pop", TIMEOUT)
    done = pump(both, lambda: agent.consult_event(ConsultOutcome.COMPLETED), "completed",
                TIMEOUT)
    heard = pump(both, lambda: _engineer_hears(customer, start), "customer hears", TIMEOUT)
    assert isinstance(done, ConsultEvent)
    case = pop.resolution.case
    return Round((pop.at - start) * 1000, (pop.at - done.at) * 1000, (heard - start) * 1000,
                 case is not None and case.number == SR)


def blind(agent: Side, engineer: Side, customer: Customer) -> Round:
    both = (agent, engineer)
    call_id = customer_on_the_line(agent, engineer, customer)
    start = time.time()
    agent.engine.transfer(call_id, "bob")

    def answered() -> CallEvent | None:
        ringing = engineer.call_event(lambda e: e.state is CallState.INCOMING)
        if ringing is not None and not engineer.call_event(
                lambda e: e.call_id == ringing.call_id and e.state is not CallState.INCOMING):
            engineer.engine.answer(ringing.call_id)  # the engineer answers at once
            return ringing
        return ringing

    ringing = pump(both, answered, "the engineer rings", TIMEOUT)
    pop = pump(both, lambda: _pop_of(engineer, ringing.call_id), "pop", TIMEOUT)
    done = pump(both, lambda: next((e for e in agent.events if isinstance(e, TransferEvent)
                                    and e.final and 200 <= e.status_code < 300), None),
                "transferred", TIMEOUT)
    heard = pump(both, lambda: _engineer_hears(customer, start), "customer hears", TIMEOUT)
    case = pop.resolution.case
    return Round((pop.at - start) * 1000, (pop.at - done.at) * 1000, (heard - start) * 1000,
                 case is not None and case.number == SR)


def _line(name: str, values: list[float]) -> str:
    return f"{name:>26}: median {statistics.median(values):7.0f} ms   worst {max(values):7.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[Round]] = {"attended": [], "blind": []}
    for index in range(args.rounds):
        for kind, run in (("attended", attended), ("blind", blind)):
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                with running_kamailio(work / "kamailio") as kam, \
                        three_phones(kam, work, ear=True) as (agent, engineer, customer):
                    results[kind].append(run(agent, engineer, customer))
            print(f"[round {index + 1}] {kind}: {results[kind][-1]}", file=sys.stderr,
                  flush=True)
    for kind, rounds in results.items():
        print(f"{kind} transfer ({len(rounds)} rounds), SR carried: "
              f"{sum(r.sr_carried for r in rounds)}/{len(rounds)}")
        print(_line("pop", [r.pop_ms for r in rounds]))
        print(_line("pop after completion", [r.pop_after_completion_ms for r in rounds]))
        print(_line("customer's audio gap", [r.gap_ms for r in rounds]))
    attended_rounds = results["attended"]
    ok = (all(r.sr_carried for r in attended_rounds)
          and max(r.pop_after_completion_ms for r in attended_rounds) <= 300
          and max(r.gap_ms for r in attended_rounds) < 500)
    print("targets (SR within 300 ms of completion, gap < 500 ms): "
          + ("met" if ok else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
