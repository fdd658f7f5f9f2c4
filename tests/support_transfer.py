"""Three phones for attended transfers (tests/integration/test_attended_transfer.py,
bench/escalation.py): the agent (alice, a CaseLine engine in this process with its Desk), the
engineer (bob, a CaseLine engine in its own process, its own Desk and store), both registered
at Kamailio, and the customer (carol, tests/integration/refer_customer.py: a phone that follows
REFERs). Each says its own tone; what each CaseLine hears is kept (app.telephony.frames).
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cases.models import Agent, Case, CaseStatus, Priority
from app.cases.store import open_sqlite
from app.orchestration.desk import CallLogged, Desk
from app.orchestration.phone import start_consult
from app.telephony.config import AccountSpec
from app.telephony.events import CallEvent, CallState, ConsultEvent, ConsultOutcome, RegState
from tests.integration.kamailio import DOMAIN, Kamailio, password
from tests.support import WAIT, engine_config, free_port
from tests.support_audio import Talker, dominant, hears

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from app.cases.store import Store
    from app.telephony.events import Event


ROOT = Path(__file__).resolve().parents[1]  # the repository: the customer runs as a module
SR = "SR-2026-000123"
SR_ID = uuid.UUID("0190a0b0-0000-7000-8000-000000000123")
SUMMARY = "Printer firmware 2.1 crashes at start; reset done"
AGENT_TONE, ENGINEER_TONE, CUSTOMER_TONE = 500.0, 700.0, 1000.0


class Customer:
    """The customer's phone process: JSON lines out, commands in."""

    def __init__(self, kam: Kamailio, *, ear: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.refer_customer", kam.server, "carol",
             password("carol"), str(int(CUSTOMER_TONE)), *(["ear"] if ear else [])],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.events: list[dict[str, Any]] = []
        self._inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):  # pjlib's own banner lines are not ours
                self._inbox.put(json.loads(line))

    def seen(self, match: Callable[[dict[str, Any]], bool]) -> bool:
        while True:
            try:
                self.events.append(self._inbox.get_nowait())
            except queue.Empty:
                break
        return any(match(e) for e in self.events)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(10)  # it reads to the end the process's exit closed
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


class Side:
    """One CaseLine: an engine saying a tone, its Desk and store, pumped by the test thread."""

    def __init__(self, talker: Talker, store: Store, identity: str) -> None:
        self.talker = talker
        self.engine = talker.engine
        self.events = talker.driver.events
        self.store = store
        self.identity = identity
        self.desk = Desk(store, agent_identity=identity, wrap_up_seconds=3600)
        self.desk_events: list[Any] = []
        self.desk.subscribe(self.desk_events.append)
        self.engine.subscribe(self._to_desk)

    def _to_desk(self, event: Event) -> None:
        self.desk.on_event(event)  # nothing is refused here: the agents are available

    def step(self) -> None:
        self.talker._feed()  # the Talker's own pacing, as its until() does
        self.engine.pump(5)
        self.desk.pump()

    def calls(self, call_id: str) -> list[CallEvent]:
        return self.talker.driver.calls(call_id)

    def call_event(self, match: Callable[[CallEvent], bool]) -> CallEvent | None:
        return next((e for e in self.events if isinstance(e, CallEvent) and match(e)), None)

    def consult_event(self, outcome: ConsultOutcome) -> ConsultEvent | None:
        return next((e for e in self.events
                     if isinstance(e, ConsultEvent) and e.outcome is outcome), None)

    def logged(self, call_id: str) -> bool:
        return any(isinstance(e, CallLogged) and e.call_id == call_id and e.outcome
                   for e in self.desk_events)


def pump(sides: tuple[Side, ...], done: Callable[[], Any], what: str,
         timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    slowest, last = 0.0, time.monotonic()
    while True:
        for side in sides:
            side.step()
        result = done()
        if result:
            return result
        now = time.monotonic()
        slowest, last = max(slowest, now - last), now
        if now > deadline:
            # What each CaseLine heard last (dominant tone, RMS of its last second): a
            # condition on audio that times out says who heard what.
            ears = [(side.identity, len(side.talker.heard),
                     dominant(b"".join(side.talker.heard[-50:]))) for side in sides]
            tails = [side.events[-4:] for side in sides]
            frames = [asdict(f.stats) for f in (getattr(side.engine, "_frames", None)
                                              for side in sides) if f is not None]
            raise AssertionError(f"timed out waiting for {what}: heard {ears}; slowest "
                                 f"step {slowest:.3f} s; in-process frames {frames}; {tails}")


def account(kam: Kamailio, user: str) -> AccountSpec:
    return AccountSpec(name=user, server=kam.server, user=user, domain=DOMAIN,
                       display_name=user.title(), probe_interval=1.0)


def seeded(path: Path) -> Store:
    """A store holding the customer's SR and the team's agents (the same rows on both PCs,
    as the sync leaves them: a hand-off is taken from a colleague only)."""
    store = open_sqlite(path)
    with store.session() as s:
        s.add(Case(id=SR_ID, number=SR, title="プリンターが起動しない", status=CaseStatus.OPEN,
                   priority=Priority.P2))
        for user in ("alice", "bob"):
            s.add(Agent(name=user.title(), sip_identity=f"{user}@{DOMAIN}"))
    return store




@contextlib.contextmanager
def three_phones(kamailio: Kamailio, tmp_path: Path, *, ear: bool = False,
                 agent_isolated: bool = False) -> Iterator[tuple[Side, Side, Customer]]:
    """``agent_isolated``: the agent's engine in its own process too, as the desktop runs it."""
    with Talker(engine_config(free_port()), AGENT_TONE,
                isolated=agent_isolated) as agent_talker, \
            Talker(engine_config(free_port()), ENGINEER_TONE, isolated=True) as eng_talker:
        agent_store, eng_store = seeded(tmp_path / "agent.db"), seeded(tmp_path / "eng.db")
        agent = Side(agent_talker, agent_store, f"alice@{DOMAIN}")
        engineer = Side(eng_talker, eng_store, f"bob@{DOMAIN}")
        customer = Customer(kamailio, ear=ear)
        try:
            agent.engine.add_account(account(kamailio, "alice"), password("alice"))
            engineer.engine.add_account(account(kamailio, "bob"), password("bob"))
            pump((agent, engineer), lambda: agent.engine.registration("alice")
                 is RegState.REGISTERED and engineer.engine.registration("bob")
                 is RegState.REGISTERED and customer.seen(
                     lambda e: e["event"] == "reg" and e["code"] == 200), "all registered")
            yield agent, engineer, customer
        finally:
            customer.close()
            for side in (agent, engineer):
                side.desk.close()
                side.store.close()



def customer_on_the_line(agent: Side, engineer: Side, customer: Customer) -> str:
    """The customer calls the agent, who answers and picks the SR: the agent's call id."""
    customer.send(f"call sip:alice@{DOMAIN}")
    ringing = pump((agent, engineer), lambda: agent.call_event(
        lambda e: e.state is CallState.INCOMING), "the agent's phone rings")
    agent.engine.answer(ringing.call_id)
    pump((agent, engineer), lambda: agent.call_event(
        lambda e: e.call_id == ringing.call_id and e.state is CallState.ACTIVE), "answered")
    agent.desk.bind_case(ringing.call_id, SR_ID)
    pump((agent, engineer), lambda: agent.desk.handoff(ringing.call_id) is not None
         and hears(agent.talker.heard, CUSTOMER_TONE), "the agent hears the customer, on SR")
    return str(ringing.call_id)


def consult_engineer(agent: Side, engineer: Side, call_id: str) -> tuple[str, CallEvent]:
    consult_id = start_consult(agent.engine, agent.desk, call_id, "bob",
                               reason_code="needs_engineer", reason="firmware crash",
                               summary=SUMMARY)
    ringing = pump((agent, engineer), lambda: engineer.call_event(
        lambda e: e.state is CallState.INCOMING), "the engineer's phone rings")
    # The engineer's ring can be here before the agent's own first event of the consult call
    # (the agent's engine in its own process: its events come through a pipe).
    pump((agent, engineer), lambda: agent.calls(consult_id) or None,
         "the agent's consult call under way")
    return consult_id, ringing
