"""Monitoring on the agent's side: a leader's monitoring INVITE is claimed at the centre and
mixed into the call it names, or refused; the agent is told who is listening.

Lives on the pumping thread (the phone thread) like the Desk: ``on_event`` takes every engine
event, ``pump`` carries out what the claims decided. A claim asks the centre (up to a few
seconds), so it runs on a thread of its own; the SIP thread never waits for it, and the engine
refuses a request left undecided (app.telephony.engine.monitoring).

A request is refused (403) whatever the reason: no grant (a forged, used or expired token, a
grant for another agent), the deployment's switch off, the centre unreachable, or a grant for
a call that is not live here. Nothing of it reaches the agent's calls: the engine never rang.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid  # noqa: TC003 - a dataclass field's type
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from app.sync.monitoring import GrantRefusedError
from app.telephony.errors import TelephonyError
from app.telephony.events import (
    MONITOR_HEADER,
    CallEvent,
    CallState,
    EngineEvent,
    EngineState,
    MonitorEvent,
    MonitorMode,
    MonitorRequestEvent,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.sync.monitoring import ClaimedGrant
    from app.telephony.api import Engine
    from app.telephony.events import Event

log = logging.getLogger(__name__)

REFUSED = 403  # what a monitoring INVITE without a grant gets
CLOSE_WAIT_S = 5.0  # at stop: how long the last ends may take to reach the centre


class Grants(Protocol):
    """The centre's grants as this agent's PC sees them (app.sync.monitoring.CentralGrants)."""

    def claim(self, token: str) -> ClaimedGrant: ...  # raises GrantRefusedError
    def end(self, grant_id: uuid.UUID) -> bool: ...


@dataclass(frozen=True, slots=True)
class MonitoringChanged:
    """For the agent's window: ``leader`` listens to (whispers on, has joined) ``call_id``, or
    no longer does (``active`` False)."""

    call_id: str  # the agent's call
    monitor_id: str  # the leader's monitoring call (several leaders may listen at once)
    leader: str  # the leader's name, from the centre's directory
    mode: str  # MonitorMode value
    active: bool
    at: float = field(default_factory=time.time)


@dataclass
class _Session:
    grant: ClaimedGrant
    target: str  # the agent's call
    announced: bool = False


class Monitoring:
    """The agent's side of monitoring, for one engine. ``log_id``: the call log id of one of
    the engine's calls (Desk.log_id), the id the centre's grant names."""

    def __init__(self, grants: Grants | None, log_id: Callable[[str], uuid.UUID | None],
                 *, enabled: bool = True) -> None:
        self._grants = grants
        self._log_id = log_id
        self.enabled = enabled and grants is not None  # the PC's own switch, and a centre
        self._listeners: list[Callable[[MonitoringChanged], None]] = []
        self._live: set[str] = set()  # the agent's calls that are up
        self._sessions: dict[str, _Session] = {}  # monitoring call id -> its grant
        self._decided: queue.SimpleQueue[tuple[str, ClaimedGrant | None]] = queue.SimpleQueue()
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        # Called on the claims' thread when a decision waits for pump() (the phone's wake-up).
        self.wake: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    def subscribe(self, listener: Callable[[MonitoringChanged], None]) -> None:
        self._listeners.append(listener)

    # -- pumping thread ------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Every engine event, on the pumping thread (never calls the engine: pump does)."""
        if isinstance(event, CallEvent):
            if event.state is CallState.ACTIVE:
                self._live.add(event.call_id)
            elif event.state is CallState.ENDED:
                self._live.discard(event.call_id)
        elif isinstance(event, MonitorRequestEvent):
            self._request(event)
        elif isinstance(event, MonitorEvent):
            self._monitor_changed(event)
        elif isinstance(event, EngineEvent) and event.state in (EngineState.CRASHED,
                                                                EngineState.STOPPED):
            # The engine process died with its calls (IsolatedEngine): so did the sessions.
            for call_id in list(self._sessions):
                self._finish(call_id)
            self._live.clear()

    def pump(self, engine: Engine) -> None:
        """Carry out the claims' decisions: accept on the call the grant names, or refuse."""
        while True:
            try:
                call_id, grant = self._decided.get_nowait()
            except queue.Empty:
                return
            self._decide(engine, call_id, grant)

    def close(self, timeout: float = CLOSE_WAIT_S) -> None:
        """After the engine stopped: the ends still queued go to the centre, then the thread."""
        for call_id in list(self._sessions):
            self._finish(call_id)
        thread = self._thread
        if thread is not None:
            self._jobs.put(None)
            thread.join(timeout)
            self._thread = None

    def _request(self, event: MonitorRequestEvent) -> None:
        grants = self._grants
        if not self.enabled or grants is None:
            log.info("monitoring request %s refused: monitoring is off here", event.call_id)
            self._decided.put((event.call_id, None))
            return
        token, call_id = event.token, event.call_id

        def claim() -> None:
            grant: ClaimedGrant | None = None
            try:
                grant = grants.claim(token)
            except GrantRefusedError as exc:
                log.warning("monitoring request %s from %s refused: %s", call_id,
                            event.remote.uri, exc.code)
            except Exception:  # a bug: the request is refused, the thread goes on
                log.exception("monitoring claim failed")
            self._decided.put((call_id, grant))
            if self.wake is not None:
                self.wake()

        self._submit(claim)

    def _decide(self, engine: Engine, call_id: str, grant: ClaimedGrant | None) -> None:
        target = self._call_of(grant.call_log_id) if grant is not None else None
        if grant is not None and target is not None:
            try:
                engine.accept_monitor(call_id, target, MonitorMode(grant.mode))
            except (TelephonyError, ValueError) as exc:
                log.info("monitoring call %s not accepted: %s", call_id, exc)
            else:
                self._sessions[call_id] = _Session(grant, target)
                log.info("monitoring call %s: %s (%s) on %s", call_id, grant.leader_role,
                         grant.mode, target)
                return
        if grant is not None:
            # Used at the centre, but for nothing here (the call ended meanwhile, or the
            # leader hung up): its log says it ended at once.
            self._end(grant)
        try:
            engine.refuse_monitor(call_id, REFUSED)
        except TelephonyError as exc:  # the leader gave up first
            log.info("monitoring call %s not refused: %s", call_id, exc.code)

    def _call_of(self, log_id: uuid.UUID) -> str | None:
        return next((c for c in self._live if self._log_id(c) == log_id), None)

    def _monitor_changed(self, event: MonitorEvent) -> None:
        session = self._sessions.get(event.call_id)
        if session is None:
            return  # refused or never accepted: nothing was announced
        if event.active and not session.announced:
            session.announced = True
            self._emit(MonitoringChanged(session.target, event.call_id,
                                         session.grant.leader_name, session.grant.mode, True))
        elif not event.active:
            self._finish(event.call_id)

    def _finish(self, call_id: str) -> None:
        session = self._sessions.pop(call_id)
        self._end(session.grant)
        if session.announced:
            self._emit(MonitoringChanged(session.target, call_id, session.grant.leader_name,
                                         session.grant.mode, False))

    def _end(self, grant: ClaimedGrant) -> None:
        grants = self._grants
        if grants is None:
            return

        def end() -> None:
            try:
                grants.end(grant.id)
            except GrantRefusedError as exc:
                log.warning("monitoring session %s: its end not written (%s)", grant.id,
                            exc.code)

        self._submit(end)

    def _emit(self, event: MonitoringChanged) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("monitoring listener failed")

    # -- the claims' thread --------------------------------------------------------------------

    def _submit(self, job: Callable[[], None]) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="caseline-monitoring",
                                            daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job()


def monitor_headers(token: str) -> dict[str, str]:
    """The leader's side: the headers of the INVITE that monitors a call with a grant's token
    (``engine.make_call(agent_uri, headers=monitor_headers(grant.token))``)."""
    return {MONITOR_HEADER: token}


def dial_monitoring(engine: Engine, sip_identity: str, token: str,
                    account: str | None = None, *, call_id: str | None = None) -> str:
    """The leader's phone calls the monitored agent (app.console.monitor.start_monitoring's
    ``sip_identity`` and ``token``), on the engine's thread (the desktop: ``Phone.monitor``,
    which also keeps the call out of the leader's own call log). Returns the call id; the
    leader hangs it up like any call to end the session."""
    target = sip_identity if sip_identity.startswith(("sip:", "sips:")) else f"sip:{sip_identity}"
    return engine.make_call(target, account, headers=monitor_headers(token), call_id=call_id)
