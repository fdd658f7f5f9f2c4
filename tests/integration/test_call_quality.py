"""Call quality from real RTP and RTCP: the engine's CallQuality events and the call log.

The agent's side is a PjsuaEngine with the frame bridge under a Phone with its Desk and a real
SQLite store; it says a tone, one frame for each frame it hears (so it talks at its own
clock's pace and VAD never silences it). The far end is a second pjsua2 endpoint
(tests.support_audio.FarEnd) saying a tone too. On loopback nothing is lost; the lossy path
is a UDP relay in this process that carries the call's SIP, RTP and RTCP between the two and
drops every 10th RTP packet the far end sends (tc netem would need the sch_netem module and
CAP_NET_ADMIN, and would impair every process on the machine's loopback).
"""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest

from app.cases.models import CallLog
from app.cases.store import open_sqlite
from app.common.quality import POOR_MOS
from app.orchestration.desk import CallLogged, Desk
from app.orchestration.phone import Phone
from app.telephony.engine import DIRECT, PjsuaEngine
from app.telephony.events import CallEvent, CallQuality, CallState
from app.telephony.frames import FRAME_BYTES, SAMPLES, SocketFrames, frame_pair
from tests.support import WAIT, Listener, engine_config, free_port
from tests.support_audio import FarEnd, sine

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from app.cases.store import Store

pytestmark = pytest.mark.timeout(120)

# RTCP reports come every 5 s (pjmedia, randomised by +-0.5 s): the round trip is known once the
# far end has answered one of our sender reports, within about two intervals.
RTCP_WAIT = 25.0
DROP_EVERY = 10  # the lossy path: 10 % of the far end's RTP packets never arrive


class Talker:
    """The agent's microphone: one frame of ``tone`` Hz for each frame the engine plays."""

    def __init__(self, tone: float = 440.0) -> None:
        engine_end, self._mine = frame_pair()
        self.frames = SocketFrames(engine_end)
        self._mine.settimeout(0.2)
        self._tone = tone
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="talker", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        said = 0
        while not self._stop.is_set():
            try:
                self._mine.recv(FRAME_BYTES * 2)
            except TimeoutError:
                continue
            except OSError:
                return
            with contextlib.suppress(BlockingIOError, OSError):
                self._mine.send(sine(self._tone, said * SAMPLES, SAMPLES))
            said += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._mine.close()
        self.frames.close()


class LossyRelay:
    """A UDP relay between the agent's engine and the far end, for SIP and the call's media.

    SIP: what the agent sends goes on to the far end and the answers come back (both only
    through here; pjsip answers to the source, rport). The offer's and the answer's RTP and
    RTCP ports are rewritten to the relay's, so each side sends its media here and receives it
    from here (no side sees a stranger's address, so neither switches its target). RTP from the
    far end to the agent loses every ``drop_every``-th packet; the rest passes untouched."""

    def __init__(self, far_sip_port: int, drop_every: int) -> None:
        self.far_sip = ("127.0.0.1", far_sip_port)
        self.drop_every = drop_every
        self._selector = selectors.DefaultSelector()
        self._socks: dict[str, socket.socket] = {}
        for name in ("sip", "rtp_far", "rtp_agent", "rtcp_far", "rtcp_agent"):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind(("127.0.0.1", 0))
            sock.setblocking(False)
            self._socks[name] = sock
            self._selector.register(sock, selectors.EVENT_READ, name)
        self.agent_sip: tuple[str, int] | None = None
        # Where each side's media really goes: learnt from the offer and the answer.
        self._to: dict[str, tuple[str, int]] = {}
        self.far_packets = 0
        self.dropped = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="relay", daemon=True)
        self._thread.start()

    @property
    def sip_port(self) -> int:
        return self.port("sip")

    def port(self, name: str) -> int:
        return int(self._socks[name].getsockname()[1])

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._selector.close()
        for sock in self._socks.values():
            sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            for key, _ in self._selector.select(0.1):
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                with contextlib.suppress(BlockingIOError, ConnectionRefusedError):
                    data, source = sock.recvfrom(65535)
                    self._carry(key.data, data, source)

    def _carry(self, name: str, data: bytes, source: tuple[str, int]) -> None:
        socks = self._socks
        if name == "sip":
            if source == self.far_sip:
                if self.agent_sip is not None:
                    data = self._rewrite(data, "far", "rtp_agent", "rtcp_agent")
                    socks["sip"].sendto(data, self.agent_sip)
            else:
                self.agent_sip = source
                socks["sip"].sendto(self._rewrite(data, "agent", "rtp_far", "rtcp_far"),
                                    self.far_sip)
        elif name == "rtp_far":  # the far end's speech, to the agent
            self.far_packets += 1
            if self.far_packets % self.drop_every == 0:
                self.dropped += 1
                return
            if "agent_rtp" in self._to:
                socks["rtp_agent"].sendto(data, self._to["agent_rtp"])
        elif name == "rtp_agent" and "far_rtp" in self._to:
            socks["rtp_far"].sendto(data, self._to["far_rtp"])
        elif name == "rtcp_far" and "agent_rtcp" in self._to:
            socks["rtcp_agent"].sendto(data, self._to["agent_rtcp"])
        elif name == "rtcp_agent" and "far_rtcp" in self._to:
            socks["rtcp_far"].sendto(data, self._to["far_rtcp"])

    def _rewrite(self, message: bytes, side: str, rtp: str, rtcp: str) -> bytes:
        """An SDP body's audio port and RTCP port become the relay's ``rtp`` and ``rtcp``."""
        head, sep, body = message.partition(b"\r\n\r\n")
        if not sep or b"m=audio " not in body:
            return message
        text = body.decode()
        audio = re.search(r"^m=audio (\d+)", text, re.MULTILINE)
        control = re.search(r"^a=rtcp:(\d+)", text, re.MULTILINE)
        assert audio is not None and control is not None, text
        self._to[f"{side}_rtp"] = ("127.0.0.1", int(audio.group(1)))
        self._to[f"{side}_rtcp"] = ("127.0.0.1", int(control.group(1)))
        text = re.sub(r"^m=audio \d+", f"m=audio {self.port(rtp)}", text, flags=re.MULTILINE)
        text = re.sub(r"^a=rtcp:\d+", f"a=rtcp:{self.port(rtcp)}", text, flags=re.MULTILINE)
        new = text.encode()
        head = re.sub(rb"(?im)^(content-length|l)[ \t]*:[ \t]*\d+",
                      lambda m: m.group(1) + b": " + str(len(new)).encode(), head)
        return head + sep + new


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_sqlite(tmp_path / "cases.db")
    yield store
    store.close()


@pytest.fixture
def far() -> Iterator[FarEnd]:
    with FarEnd(tone=1000.0) as end:
        yield end


@contextlib.contextmanager
def agent(store: Store) -> Iterator[tuple[Phone, Listener]]:
    talker = Talker()
    # A sample every second: the test sees several windows in a short call.
    engine = PjsuaEngine(engine_config(free_port(), quality_interval=1.0), frames=talker.frames)
    phone = Phone(engine, Desk(store))
    events = Listener(phone)
    phone.start()
    try:
        assert phone.wait_started(WAIT)
        yield phone, events
    finally:
        phone.stop()
        talker.close()


def wait_for(events: Listener, kind: type[Any], match: Callable[[Any], bool],
             timeout: float) -> Any:
    """Listener.wait with an overall deadline (samples keep arriving while the match does not)."""
    deadline = time.monotonic() + timeout
    found: list[Any] = []

    def until(event: Any) -> bool:
        if match(event):
            return True
        if time.monotonic() > deadline:
            found.append(event)
            return True
        return False

    event = events.wait(kind, until)
    assert not found, f"no matching {kind.__name__} within {timeout} s; last {found[0]}"
    return event


def call_until_measured(phone: Phone, events: Listener, store: Store, uri: str
                        ) -> tuple[list[CallQuality], CallLog]:
    """Dial, wait for three samples with a MOS and a round trip, hang up; the call's samples
    (the final one last) and its call log as the store has it."""
    call_id = phone.dial(uri, account=DIRECT).result(WAIT)
    events.wait(CallEvent, lambda e: e.call_id == call_id and e.state is CallState.ACTIVE)
    measured: list[CallQuality] = []

    def enough(event: CallQuality) -> bool:
        """Three windows with a MOS, the round trip known in the last."""
        if event.call_id == call_id and event.mos is not None:
            measured.append(event)
        return len(measured) >= 3 and measured[-1].rtt_ms is not None

    wait_for(events, CallQuality, enough, RTCP_WAIT)
    phone.call(lambda e: e.hangup(call_id)).result(WAIT)
    final = events.wait(CallQuality, lambda e: e.call_id == call_id and e.final)
    ended = events.wait(CallEvent, lambda e: e.call_id == call_id and e.state is CallState.ENDED)
    logged = events.wait(CallLogged, lambda e: e.call_id == call_id and bool(e.outcome))
    seen = events.seen
    # The final sample is the engine's last word on the call: before its ENDED, never after.
    assert seen.index(final) < seen.index(ended)
    samples = [e for e in seen if isinstance(e, CallQuality) and e.call_id == call_id]
    assert samples[-1] is final and not any(s.final for s in samples[:-1])
    with store.session() as session:
        row = session.get(CallLog, logged.log_id)
        assert row is not None
        session.expunge(row)
    return samples, row


def test_a_clean_call_measures_no_loss_a_short_round_trip_and_a_good_mos(
        store: Store, far: FarEnd) -> None:
    with agent(store) as (phone, events):
        samples, row = call_until_measured(phone, events, store, far.uri)
    measured = [s for s in samples if s.mos is not None]
    assert len(measured) >= 4  # three windows and the final one
    assert all(s.loss_pct == 0.0 for s in measured)
    assert all(s.mos is not None and s.mos > 4.0 for s in measured)
    rtts = [s.rtt_ms for s in samples if s.rtt_ms is not None]
    assert rtts and all(0.0 <= rtt < 100.0 for rtt in rtts)  # loopback: well under 100 ms
    jitters = [s.jitter_ms for s in samples if s.jitter_ms is not None]
    assert jitters and all(0.0 <= j < 60.0 for j in jitters)
    # The call log keeps the worst of each figure.
    assert row.mos == min(s.mos for s in measured if s.mos is not None)
    assert row.loss_pct == 0.0
    assert row.rtt_ms == max(rtts)
    assert row.jitter_ms == max(jitters)
    assert row.mos is not None and row.mos > 4.0


def test_a_lossy_path_lowers_the_mos_below_the_poor_line_and_the_log_shows_it(
        store: Store, far: FarEnd) -> None:
    relay = LossyRelay(far.port, DROP_EVERY)
    try:
        with agent(store) as (phone, events):
            samples, row = call_until_measured(
                phone, events, store, f"sip:far@127.0.0.1:{relay.sip_port}")
    finally:
        relay.close()
    assert relay.dropped >= 10  # the path really lost packets (three windows: 150 and more)
    lossy = [s for s in samples if s.mos is not None and s.loss_pct is not None]
    assert lossy
    # The relay's 10 %, give or take a dropped packet at the edges of the first, short windows.
    worst = max(s.loss_pct for s in lossy if s.loss_pct is not None)
    assert worst == pytest.approx(100 / DROP_EVERY, abs=4.0)
    assert min(s.mos for s in lossy if s.mos is not None) < POOR_MOS
    assert row.loss_pct == worst
    assert row.mos is not None and row.mos < POOR_MOS
