"""Three parties for the monitoring tests: the customer (a FarEnd speaking CUSTOMER_TONE), the
agent (the engine under test, in this process, with the Monitoring service as the Phone runs
it) and the team leader (a Talker in its own process speaking LEADER_TONE). The test thread
pumps the agent's engine and the leader's, feeds both microphones a frame per 20 ms and keeps
what each one hears; the far end keeps what the customer hears."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

import numpy as np

from app.orchestration.monitoring import Monitoring, MonitoringChanged, dial_monitoring
from app.sync.monitoring import ClaimedGrant, GrantRefusedError
from app.telephony.config import Transport
from app.telephony.engine import DIRECT, PjsuaEngine
from app.telephony.events import CallEvent, CallState, MonitorEvent
from app.telephony.frames import FRAME_MS, RATE, SAMPLES, SocketFrames, frame_pair
from tests.support import Driver, engine_config, free_port
from tests.support_audio import FarEnd, Talker, sine

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.orchestration.monitoring import Grants

AGENT_TONE = 600.0
CUSTOMER_TONE = 1000.0
LEADER_TONE = 1500.0
PRESENT = 2000.0  # a tone at this level or above was carried (sine() says 8000)
ABSENT = 150.0  # below this it was not
SETTLE = 25  # frames (0.5 s) after an event: jitter buffers, the bridge's queued connections
WINDOW = 50  # frames (1 s) measured


def level(pcm: bytes, freq: float) -> float:
    """The amplitude (in sample units) of ``freq`` in s16le mono ``pcm``, +-25 Hz, by FFT."""
    data = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    if len(data) < 64:
        return 0.0
    window = np.hanning(len(data))
    spectrum = np.abs(np.fft.rfft(data * window)) * 2 / window.sum()
    freqs = np.fft.rfftfreq(len(data), 1 / RATE)
    return float(spectrum[np.abs(freqs - freq) <= 25].max())


class OneTimeGrants:
    """Grants as the centre gives them, in memory: each token once, then refused.

    Not the database: the audio tests are about what each party hears, and the centre's own
    rules (who may grant, claim, when) are tested against the real PostgreSQL in
    tests/integration/central/test_monitoring_grants.py, with one end-to-end call there.
    """

    def __init__(self) -> None:
        self._open: dict[str, ClaimedGrant] = {}
        self.claimed: list[str] = []  # every token asked for, in order
        self.ended: list[uuid.UUID] = []

    def give(self, call_log_id: uuid.UUID, mode: str, leader: str = "Lena Lee") -> str:
        token = uuid.uuid4().hex + uuid.uuid4().hex
        self._open[token] = ClaimedGrant(uuid.uuid4(), call_log_id, mode, leader, "lena")
        return token

    def claim(self, token: str) -> ClaimedGrant:
        self.claimed.append(token)
        grant = self._open.pop(token, None)
        if grant is None:
            raise GrantRefusedError("no_grant")
        return grant

    def end(self, grant_id: uuid.UUID) -> bool:
        self.ended.append(grant_id)
        return True


class Parties:
    """The agent's engine with its Monitoring, the leader's engine, and the customer."""

    def __init__(self, grants: Grants, customer: FarEnd) -> None:
        self.customer = customer
        engine_end, self._agent_end = frame_pair()
        self._agent_end.setblocking(False)
        self._frames = SocketFrames(engine_end)
        self.engine = PjsuaEngine(engine_config(free_port()), frames=self._frames)
        self.driver = Driver(self.engine)
        self.log_ids: dict[str, uuid.UUID] = {}  # the agent's calls' log ids (Desk.log_id)
        self.monitoring = Monitoring(grants, self.log_ids.get)
        self.engine.subscribe(self.monitoring.on_event)  # as the Phone wires it
        self.told: list[MonitoringChanged] = []  # what the agent's window is told
        self.monitoring.subscribe(self.told.append)
        self.agent_heard: list[bytes] = []
        self.leader = Talker(engine_config(0, transports=(Transport.UDP,)), LEADER_TONE,
                             isolated=True)
        self._begun = 0.0
        self._said = 0

    def __enter__(self) -> Parties:
        self.engine.start()
        self._begun = time.monotonic()
        self.leader.__enter__()
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            self.leader.__exit__()
        finally:
            self.engine.stop()
            self.monitoring.close()
            self._frames.close()
            self._agent_end.close()

    # -- pumping -------------------------------------------------------------------------------

    def _step(self) -> None:
        # The agent's microphone: the frames due by now (paced like a sound card); its speaker:
        # every frame the bridge plays. Then the Phone's order: monitoring after the engine.
        due = int((time.monotonic() - self._begun) * 1000 / FRAME_MS) + 2
        self._said = max(self._said, due - 6)
        while self._said < due:
            try:
                self._agent_end.send(sine(AGENT_TONE, self._said * SAMPLES, SAMPLES))
            except BlockingIOError:
                break
            self._said += 1
        while True:
            try:
                self.agent_heard.append(self._agent_end.recv(4096))
            except (BlockingIOError, OSError):
                break
        self.monitoring.pump(self.engine)
        self.leader.engine.pump(0)
        self.leader._feed()  # the Talker's own pacing, as its until() does

    def until(self, condition: Callable[[], Any], what: str, timeout: float = 30) -> Any:
        def step() -> Any:
            self._step()
            return condition()

        return self.driver.pump_until(step, timeout=timeout, what=what)

    # -- the calls -----------------------------------------------------------------------------

    def call_customer(self) -> tuple[str, uuid.UUID]:
        """The agent's call with the customer, up; and the log id the centre knows it by."""
        call_id = self.engine.make_call(self.customer.uri, account=DIRECT)
        self.log_ids[call_id] = log_id = uuid.uuid4()
        self.until(lambda: any(e.state is CallState.ACTIVE for e in self.driver.calls(call_id)),
                   "the customer's call to be up")
        return call_id, log_id

    @property
    def agent_uri(self) -> str:
        return f"sip:agent@127.0.0.1:{self.engine.local_port}"

    def leader_dials(self, token: str) -> str:
        """The leader's phone calls the agent with a grant's token (as the board will)."""
        return dial_monitoring(self.leader.engine, self.agent_uri, token, DIRECT)

    def leader_call(self, call_id: str) -> list[CallEvent]:
        return self.leader.driver.calls(call_id)

    def leader_ended(self, call_id: str) -> CallEvent | None:
        return next((e for e in self.leader_call(call_id) if e.state is CallState.ENDED), None)

    def monitoring_up(self, leader_call: str) -> MonitorEvent:
        """Until the agent's engine says the leader's call is mixed in, and the leader's side
        has the call up."""
        found = self.until(lambda: next((e for e in self.driver.events
                                         if isinstance(e, MonitorEvent) and e.active), None),
                           "the monitoring call to be up")
        self.until(lambda: any(e.state is CallState.ACTIVE
                               for e in self.leader_call(leader_call)),
                   "the leader's call to be up")
        return found  # type: ignore[no-any-return]

    # -- what each one hears -------------------------------------------------------------------

    def window(self, frames: Callable[[], list[bytes]], *, settle: int = SETTLE) -> bytes:
        """One second of ``frames`` from now on (after ``settle`` frames)."""
        mark = len(frames()) + settle
        self.until(lambda: len(frames()) >= mark + WINDOW, "a second of sound")
        return b"".join(frames()[mark:mark + WINDOW])

    def customer_hears(self) -> bytes:
        return self.window(lambda: self.customer.heard_since(0))

    def agent_hears(self) -> bytes:
        return self.window(lambda: self.agent_heard)

    def leader_hears(self) -> bytes:
        return self.window(lambda: self.leader.heard)

    def until_heard(self, frames: Callable[[], list[bytes]], freq: float, what: str) -> None:
        """Until ``frames`` have carried ``freq`` clearly for a second."""
        self.until(lambda: len(frames()) >= WINDOW
                   and level(b"".join(frames()[-WINDOW:]), freq) > PRESENT, what)

    def agent_calls(self) -> set[str]:
        """Every call the agent's engine reported as a CallEvent (what the desk would log)."""
        return {e.call_id for e in self.driver.events if isinstance(e, CallEvent)}
