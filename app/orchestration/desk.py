"""Orchestration: telephony events in, call logs and screen-pops out.

The thread that pumps the engine never touches the database: every store job goes to one writer
thread, in order, and its results come back through ``drain()`` on the pumping thread. A slow or
locked database therefore delays the screen-pop, never the 180/200. A job that hits a locked
file is retried (with back-off) until it goes through, so no write is lost while the app runs;
the problem is reported once as a ``StoreProblem`` naming the file.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import asdict, dataclass, field, is_dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.cases import handoff as handoffs
from app.cases.agentstate import AgentStateError, AgentStateMachine, StateChange
from app.cases.calls import CallLogService, CallStart
from app.cases.models import (
    AgentStateChange,
    AgentStatus,
    CallLog,
    Case,
    CaseEscalation,
    CaseStatus,
    Direction,
    MatchedBy,
    new_id,
    utcnow,
)
from app.cases.owners import OwnerLock
from app.cases.recordings import recording_finished, recording_started
from app.cases.resolver import Pop, Resolution, Resolver, ResolverConfig
from app.cases.service import break_reason_codes, ensure_agent, is_colleague
from app.cases.store import Checkpointer, StoreError
from app.cases.wrapup import (
    LeftDraft,
    Settled,
    attach_call_note,
    left_drafts,
    remainder,
    save_call_draft,
    save_late_draft,
    save_wrap_up,
    settle_call,
    settle_left,
)
from app.orchestration.presence import PresenceTracker
from app.telephony.events import (
    DIRECT_ACCOUNT,
    CallEvent,
    CallQuality,
    CallState,
    ConsultEvent,
    ConsultOutcome,
    EngineEvent,
    RegistrationEvent,
    RejectedCallEvent,
    TransferEvent,
)
from app.telephony.quality import CallFigures
from app.telephony.recording import RecordingError, measure_wav, wav_closed

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from app.cases.store import Store
    from app.telephony.events import Event

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0  # a crash loses at most this much of a call's talk time
# A live row of another session whose owner cannot be asked (no lock, app.cases.owners) is
# taken for a crash's once its heartbeat is this old.
STALE_SECONDS = 4 * HEARTBEAT_SECONDS
# After a wrap-up ends by itself (its timer, a new call) the window still sends what its panel
# holds; its drafts are settled when that arrives, or after this long (the headless agent).
SETTLE_GRACE_SECONDS = 1.0
RETRY_MAX_SECONDS = 5.0
OVER_CAPACITY_CODE = 486  # what pjsua answers an INVITE when all its call slots are taken


@dataclass(frozen=True, slots=True)
class ScreenPop:
    call_id: str
    stage: str  # "ring" (preview) or "answer" (bound to the call log)
    resolution: Resolution
    at: float = field(default_factory=time.time)
    # What a transferring colleague's CaseLine sent with the call (app.cases.handoff): the
    # SR's number, priority and one-line summary, shown when the SR is not known here.
    handoff: handoffs.Handoff | None = None


@dataclass(frozen=True, slots=True)
class Escalated:
    """An attended transfer went through: the SR of the call is escalated to ``target``."""

    call_id: str
    case_number: str  # "" when the call had no SR (nothing recorded then)
    target: str
    at: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class CallLogged:
    call_id: str
    log_id: uuid.UUID
    outcome: str  # "" while live
    at: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class StoreProblem:
    code: str  # StoreError.code: locked, damaged, unwritable, ...
    path: str
    detail: str
    backup: str = ""
    resolved: bool = False  # True once the store accepts writes again
    at: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class AgentStateChanged:
    state: str
    previous: str
    reason: str
    call_id: str = ""
    wrap_up_until: float = 0.0  # wall clock (time.time) when wrap-up ends by itself
    at: float = field(default_factory=time.time)
    # During a call (and its wrap-up): the state the agent goes to after it; "" otherwise.
    after: str = ""


# Why a call is refused without ringing: the agent's state -> the call log's end reason.
_REFUSED_AS = {AgentStatus.BREAK: "on_break", AgentStatus.OFFLINE: "offline"}
_IN_CALL = (AgentStatus.RINGING, AgentStatus.ON_CALL, AgentStatus.WRAP_UP)


@dataclass(frozen=True, slots=True)
class Refuse:
    """The Desk's answer to an INVITE the agent does not take (on break, offline): whoever
    owns the engine rejects it with ``code`` at once; the Desk logs it as missed."""

    call_id: str
    code: int  # 486 Busy Here or 480 Temporarily Unavailable (the [sip] unavailable_code)
    reason: str  # "on_break" / "offline": the call log's end reason


@dataclass(frozen=True, slots=True)
class NoteDraftSaved:
    call_id: str
    chars: int
    at: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class CallSettled:
    """A call's wrap-up is over: its drafts are notes of its SR (or its call log's note)."""

    call_id: str
    settled: Settled
    at: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class DraftsLeft:
    """Notes of calls that CaseLine stopped before their wrap-up ended, found at start."""

    drafts: tuple[LeftDraft, ...]
    at: float = field(default_factory=time.time)


DeskEvent = (ScreenPop | CallLogged | StoreProblem | AgentStateChanged | NoteDraftSaved
             | CallSettled | DraftsLeft | Escalated)


def desk_event_to_dict(event: DeskEvent) -> dict[str, Any]:
    data: dict[str, Any] = {"event": type(event).__name__}
    data.update(to_plain(asdict(event)))
    return data


def to_plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_plain(asdict(value))
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):
        return value.value
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


class StoreWorker:
    """One thread that owns every write to the store, in submission order."""

    def __init__(self, store: Store, on_problem: Callable[[StoreProblem], None]) -> None:
        self.store = store
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._results: queue.Queue[Callable[[], None]] = queue.Queue()
        self._on_problem = on_problem
        self._thread = threading.Thread(target=self._run, name="caseline-store", daemon=True)
        self._stopping = False
        self._lock = threading.Lock()
        self._in_flight = 0
        # Called on the writer thread when a follow-up waits for drain(): the pumping thread's
        # wake-up (app.orchestration.phone), so it need not poll for results.
        self.on_result: Callable[[], None] | None = None
        self._thread.start()

    def submit(self, job: Callable[[Session], Callable[[], None] | None],
               committed: Callable[[], None] | None = None) -> None:
        """Queue ``job``; ``committed`` runs on the writer thread once its commit went through."""
        with self._lock:
            self._in_flight += 1
        self._jobs.put((job, committed))

    def busy(self) -> bool:
        """Jobs queued or running, or follow-ups waiting for ``drain()``."""
        return self._in_flight > 0 or not self._results.empty()

    def drain(self) -> None:
        """Run the jobs' follow-ups on the calling (pumping) thread."""
        while True:
            try:
                follow_up = self._results.get_nowait()
            except queue.Empty:
                return
            follow_up()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        self._jobs.put(None)
        self._thread.join(timeout)
        self.drain()

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            try:
                self._run_job(*item)
            finally:
                with self._lock:
                    self._in_flight -= 1

    def _run_job(self, job: Callable[[Session], Callable[[], None] | None],
                 committed: Callable[[], None] | None = None) -> None:
        delay = 0.1
        problem: StoreError | None = None
        while True:
            try:
                with self.store.session() as session:
                    follow_up = job(session)
            except StoreError as exc:
                if problem is None or problem.code != exc.code:
                    problem = exc
                    log.error("store %s (%s): %s; retrying", exc.code, exc.path, exc.detail)
                    self._report(StoreProblem(exc.code, exc.path, exc.detail, exc.backup))
                if exc.code == "damaged" and self._stopping:
                    return  # nothing more can be done at exit; the log names the file
                time.sleep(delay)  # the writer thread waits, the SIP thread never does
                delay = min(RETRY_MAX_SECONDS, delay * 2)
                continue
            except Exception:
                log.exception("store job failed")  # a bug: report, do not retry forever
                return
            if problem is not None:
                self._report(StoreProblem(problem.code, problem.path, "", resolved=True))
            if follow_up is not None:
                self._put_result(follow_up)
            if committed is not None:
                committed()
            return

    def _report(self, problem: StoreProblem) -> None:
        self._put_result(lambda: self._on_problem(problem))

    def _put_result(self, follow_up: Callable[[], None]) -> None:
        self._results.put(follow_up)
        if self.on_result is not None:
            self.on_result()


@dataclass(frozen=True, slots=True)
class _Words:
    """A settled call: its disposition, and the whole texts its notes were made from."""

    disposition: str | None
    words: dict[str, str]  # "call" / "wrap" -> text


@dataclass
class _Live:
    call_id: str
    direction: Direction
    started: float
    log_id: uuid.UUID | None = None
    held: bool = False
    case_id: uuid.UUID | None = None
    bound: bool = False
    recording: str = ""  # the file being recorded now, if any
    refused: str = ""  # the end reason of a call refused without ringing ("on_break", ...)
    replaces: str = ""  # the call it replaced (RFC 3891): its SR is this call's
    planned_id: uuid.UUID = field(default_factory=new_id)  # the log row's id, known at once
    quality: CallFigures = field(default_factory=CallFigures)  # the worst of its CallQuality
    case_number: str = ""  # its SR's, once known (what a transfer carries on)
    priority: str = ""
    consult_for: str = ""  # a consult call: the held caller's call (its SR is this one's)


@dataclass(frozen=True, slots=True)
class _Escalation:
    """What the agent said when consulting (``consult_started``), recorded if it completes."""

    target: str
    reason_code: str
    reason: str


class Desk:
    """Joins an engine's events to the case store. Lives on the pumping thread."""

    def __init__(self, store: Store, *, resolver: ResolverConfig | None = None,
                 agent_identity: str = "agent@localhost", agent_name: str = "",
                 wrap_up_seconds: float = 60.0,
                 initial_state: AgentStatus = AgentStatus.AVAILABLE,
                 save_left_drafts: bool = False, unavailable_code: int = 486) -> None:
        """``save_left_drafts``: notes a crash left are saved at once (the headless agent has
        nobody to ask); else they are offered to the agent (``DraftsLeft``).
        ``unavailable_code``: what a call gets while the agent is on break or offline."""
        self.unavailable_code = unavailable_code
        self.store = store
        self.resolver = Resolver(resolver)
        self.calls = CallLogService(self.resolver.config.region)
        self.state = AgentStateMachine(wrap_up_seconds=wrap_up_seconds, initial=initial_state)
        # What the leaders' live board shows of this agent; published once someone asks
        # (``presence.publish_to``: the desktop's sync worker).
        self.presence = PresenceTracker(initial_state)
        self._listeners: list[Callable[[DeskEvent], None]] = []
        self._live: dict[str, _Live] = {}
        self._dial_cases: dict[str, str] = {}  # engine call id -> SR number it was placed from
        # Callers being consulted about (engine call id -> what the agent said): recorded as
        # the SR's escalation when the transfer completes, forgotten when it returns.
        self._escalations: dict[str, _Escalation] = {}
        # Consult calls whose log says what they were for (app.cases.handoff WORK), until
        # their row is begun: a consult's first event may come before or after consult_started.
        self._works: dict[str, str] = {}
        # Calls a colleague handed over with their SR (writer thread only): the customer's
        # INVITE with Replaces that completes the transfer takes over from its consult call.
        self._handed_over: set[str] = set()
        self._wrap_call = ""  # the call whose wrap-up is running
        self._to_settle: dict[str, float] = {}  # ended calls -> when to settle (monotonic)
        # The last few calls settled, for words that arrive after (the writer thread's own).
        self._settled_w: dict[str, _Words] = {}
        self._next_heartbeat = time.monotonic() + HEARTBEAT_SECONDS
        self.agent_id: uuid.UUID | None = None  # for the pumping thread, once known
        self._agent_id_for_jobs: uuid.UUID | None = None  # for the writer thread
        # This process's session on the store: another process's start leaves its live calls.
        self.owner = OwnerLock(store.path)
        self._recheck_at: float | None = None  # when to look again at undecided rows
        self.worker = StoreWorker(store, self._emit)
        self._checkpointer = Checkpointer(store)
        self._identity = agent_identity
        identity, name = agent_identity, agent_name

        def startup(session: Session) -> Callable[[], None]:
            agent = ensure_agent(session, identity, name)
            self._agent_id_for_jobs = agent.id  # jobs run after this one, on the same thread
            recovered = self._recover(session)
            agent_id = agent.id
            reasons = break_reason_codes(session)
            left = left_drafts(session)
            if left and save_left_drafts:
                settle_left(session, [d.key for d in left], save=True)
                log.warning("%d note(s) of interrupted calls saved", len(left))

            def done() -> None:
                self.agent_id = agent_id
                self.presence.agent_known(agent_id)
                self.state.break_reasons = reasons  # the configured list, from the store
                recovered()
                if left and not save_left_drafts:
                    self._emit(DraftsLeft(tuple(left)))

            return done

        self.worker.submit(startup)

    def _recover(self, session: Session) -> Callable[[], None]:
        """On the writer thread: close the live rows of sessions that died (another process
        sharing the store keeps its own); the follow-up reports them."""
        recovery = self.calls.recover_interrupted(
            session, me=self.owner.session, alive=self.owner.alive,
            stale_before=utcnow() - timedelta(seconds=STALE_SECONDS))
        closed = [(row.engine_call_id, row.id) for row in recovery.closed]
        waiting = recovery.waiting

        def done() -> None:
            for call_id, log_id in closed:
                log.warning("call log %s closed as interrupted (crash before its end)", log_id)
                self._emit(CallLogged(call_id, log_id, "interrupted"))
            # Rows nobody can tell dead yet: looked at again once their heartbeat is stale.
            self._recheck_at = time.monotonic() + STALE_SECONDS if waiting else None

        return done

    def subscribe(self, listener: Callable[[DeskEvent], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, event: DeskEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- pumping thread ----------------------------------------------------------------------

    def pump(self) -> None:
        """Call after every engine pump: follow-ups, heartbeats, the wrap-up timer."""
        self.worker.drain()
        if (change := self.state.tick()) is not None:
            self._record_state(change)
        now = time.monotonic()
        for call_id, when in list(self._to_settle.items()):
            if now >= when:
                self._settle(call_id)
        if self._recheck_at is not None and now >= self._recheck_at:
            self._recheck_at = None
            self.worker.submit(self._recover)
        if now >= self._next_heartbeat:
            self._next_heartbeat = now + HEARTBEAT_SECONDS
            ids = [c.log_id for c in self._live.values() if c.log_id is not None]
            if ids:
                self.worker.submit(lambda s: self.calls.heartbeat(s, ids))

    def busy(self) -> bool:
        return self.worker.busy()

    def due_in(self) -> float | None:
        """Seconds until pump() has timed work (the wrap-up's end, a call to settle, a live
        call's heartbeat); None when nothing is timed. The pumping thread sleeps that long."""
        now = time.monotonic()
        due = list(self._to_settle.values())
        if self._recheck_at is not None:
            due.append(self._recheck_at)
        if self._live:
            due.append(self._next_heartbeat)
        if self.state.state is AgentStatus.WRAP_UP:
            due.append(now + self.state.wrap_up_left())
        return max(0.0, min(due) - now) if due else None

    def close(self) -> None:
        """Stop: a wrap-up in progress and calls waiting to be settled are settled first."""
        if self._wrap_call:
            self._to_settle.setdefault(self._wrap_call, 0.0)
            self._wrap_call = ""
        for call_id in list(self._to_settle):
            self._settle(call_id)
        self.worker.stop()
        self._checkpointer.stop()
        self.owner.release()  # after the last write: its calls are closed by now
        self.presence.closing()

    def on_event(self, event: Event) -> Refuse | None:
        """Every engine event, on the pumping thread. A ``Refuse`` back: the caller rejects
        that call (decided from the state in memory: the SIP side never waits)."""
        if isinstance(event, CallEvent):
            return self._on_call(event)
        if isinstance(event, RejectedCallEvent):
            self._on_refused_by_stack(event)
            return None
        if isinstance(event, (RegistrationEvent, EngineEvent)):
            self.presence.engine_event(event)
        if isinstance(event, CallQuality):
            # The board shows the latest window (not the worst: that is the call log's).
            self.presence.quality(event.call_id, mos=event.mos, loss_pct=event.loss_pct,
                                  jitter_ms=event.jitter_ms, rtt_ms=event.rtt_ms)
            # Kept until the call's end (its final sample comes just before its ENDED).
            if (live_call := self._live.get(event.call_id)) is not None:
                live_call.quality = live_call.quality.worst(
                    mos=event.mos, loss_pct=event.loss_pct, jitter_ms=event.jitter_ms,
                    rtt_ms=event.rtt_ms)
            return None
        if isinstance(event, ConsultEvent):
            self._on_consult(event)
            return None
        if isinstance(event, TransferEvent) and event.final and 200 <= event.status_code < 300:
            target = event.target
            self._update(event.call_id, lambda row: self.calls.transferred(row, target))
        return None

    def refusal_code(self) -> int:
        """What a new INVITE gets now: the unavailable code on break or offline (or on the way
        there after this call), 0 when calls ring. The engine answers it before any 180."""
        return self.unavailable_code if self.state.refusing() is not None else 0

    def log_id(self, call_id: str) -> uuid.UUID | None:
        """The id of a live call's log row (chosen at its first event, written soon after)."""
        live = self._live.get(call_id)
        return live.planned_id if live is not None else None

    def _on_call(self, event: CallEvent) -> Refuse | None:
        live = self._live.get(event.call_id)
        refuse = None
        if live is None:
            if event.state is CallState.ENDED:
                return None  # an end we never saw begin (engine restart): nothing to close
            refusing = self.state.refusing()
            # A replacing call is answered already (pjsua did): nothing to refuse.
            if (event.state is CallState.INCOMING and refusing is not None
                    and not event.replaces
                    and event.direction.value == Direction.INBOUND.value):
                refuse = Refuse(event.call_id, self.unavailable_code, _REFUSED_AS[refusing])
            live = self._begin(event, refused=refuse.reason if refuse else "")
        self._follow_recording(event, live)
        if event.state is CallState.ACTIVE and live.refused:
            # Answered after all (auto-answer beat the reject): an ordinary call from here on.
            live.refused = ""
        if event.state is CallState.ACTIVE and not live.bound:
            live.bound = True
            self._on_answer(event, live)
        if event.state is CallState.ACTIVE and event.held != live.held:
            live.held = event.held
            self.presence.call_held(event.call_id, event.held)
            self._update(event.call_id, lambda row: (self.calls.held(row) if event.held
                                                      else self.calls.resumed(row)))
        if event.state is CallState.ENDED:
            del self._live[event.call_id]
            self.presence.call_ended(event.call_id)
            reason = event.end_reason.value if event.end_reason else "failed"
            reason = live.refused or reason
            code = event.status_code
            call_id = event.call_id
            figures = live.quality

            def end(session: Session) -> Callable[[], None] | None:
                row = self.calls.find(session, call_id)
                if row is None:
                    return None
                self.calls.ended(row, reason, code)
                row.mos, row.loss_pct = figures.mos, figures.loss_pct
                row.jitter_ms, row.rtt_ms = figures.jitter_ms, figures.rtt_ms
                outcome = row.outcome.value if row.outcome else ""
                log_id = row.id
                return lambda: self._emit(CallLogged(call_id, log_id, outcome))

            self.worker.submit(end)
            # A refused call never rang: the agent's state knows nothing of it.
            change = None if live.refused else self.state.call_ended(call_id)
            if change is not None:
                self._record_state(change)
            if change is None or change.state is not AgentStatus.WRAP_UP:
                # No wrap-up for it (missed, or another call is still live): what was typed
                # in it is settled now.
                self._to_settle.setdefault(call_id, time.monotonic() + SETTLE_GRACE_SECONDS)
        return refuse

    def _on_refused_by_stack(self, event: RejectedCallEvent) -> None:
        """A caller the stack turned away with 486 because every line was taken: a missed
        call for the history, with its reason. (Other refusals, a 481 for a Replaces naming
        no dialog or a 400 for a broken INVITE, are not callers waiting for the agent.)"""
        if event.status_code != OVER_CAPACITY_CODE:
            return
        call_id = f"refused-{new_id().hex[:16]}"  # never an engine call: no engine id
        start = CallStart(
            engine_call_id=call_id, direction=Direction.INBOUND,
            number=event.user or event.remote, display_name=event.display_name,
            remote_uri=event.remote, sip_call_id=event.sip_call_id)
        at = datetime.fromtimestamp(event.at, UTC)
        log.info("caller %s refused: all lines busy (%d)", call_id, event.status_code)

        def job(session: Session) -> Callable[[], None]:
            row = self.calls.started(session, start, at)
            row.agent_id = self._agent_id_for_jobs
            # Bound like any missed call, so its SR or customer shows in the history.
            self._bind(session, row, self.resolver.resolve(session, start.number, {}))
            self.calls.ended(row, "over_capacity", event.status_code, at)
            log_id, outcome = row.id, row.outcome.value if row.outcome else ""
            return lambda: self._emit(CallLogged(call_id, log_id, outcome))

        self.worker.submit(job)

    def _begin(self, event: CallEvent, refused: str = "") -> _Live:
        direction = Direction(event.direction.value)
        live = _Live(event.call_id, direction, time.time(), refused=refused,
                     replaces=event.replaces)
        work = self._works.pop(event.call_id, "")
        self._live[event.call_id] = live
        self.presence.call_began(event.call_id, direction.value, live.started, live.planned_id)
        replaces = event.replaces
        number = event.remote.user or event.remote.uri
        case_number = self._dial_cases.pop(event.call_id, "")
        if event.consult_for and (held := self._live.get(event.consult_for)) is not None:
            # A consult call is about the held caller's SR.
            live.consult_for = event.consult_for
            case_number = case_number or held.case_number
        start = CallStart(
            engine_call_id=event.call_id, direction=direction, number=number,
            display_name=event.remote.display_name, remote_uri=event.remote.uri,
            sip_call_id=event.sip_call_id, account=event.account, log_id=live.planned_id,
            owner=self.owner.session,
        )
        headers = dict(event.headers.items()) if event.headers else {}
        call_id = event.call_id
        resolved: list[Resolution] = []
        handoff = _handoff(headers)

        def pop(session: Session) -> Callable[[], None]:
            # Read only, and first: the agent sees who calls before the log row is written.
            # An outbound call finds its SR the same way: the one it was dialled from, else
            # the dialled number's.
            resolution = self._resolve(session, number, headers, case_number=case_number,
                                       replaces=replaces)
            resolved.append(resolution)

            def show() -> None:
                live.case_id = resolution.case_id
                self._case_found(call_id, resolution)
                for why in resolution.why:
                    log.info("call %s screen-pop: %s", call_id, why)
                self._emit(ScreenPop(call_id, "ring", resolution, handoff=handoff))

            return show

        def begin(session: Session) -> Callable[[], None]:
            row = self.calls.started(session, start)
            row.agent_id = self._agent_id_for_jobs
            if work:
                row.work = work
            if resolved:
                # Bound now, re-bound at answer: the log has the SR even for a missed call.
                self._bind(session, row, resolved[0])
            log_id = row.id

            def done() -> None:
                live.log_id = log_id
                self._emit(CallLogged(call_id, log_id, ""))

            return done

        self.worker.submit(pop)
        self.worker.submit(begin)
        if replaces:
            # Answered already (by pjsua) and never rang: the agent talks on, from the replaced
            # call to this one. On the call now, before the replaced call's end (which may come
            # before this one's ACK): no wrap-up opens for that one.
            if (change := self.state.call_active(call_id)) is not None:
                self._record_state(change)
        elif (direction is Direction.INBOUND and not refused
                and (change := self.state.call_ringing(call_id))):
            self._record_state(change)
        return live

    def _resolve(self, session: Session, number: str, headers: dict[str, str], *,
                 case_number: str = "", replaces: str = "",
                 exclude_call: uuid.UUID | None = None) -> Resolution:
        """The screen-pop of a call. One that replaced another (an attended transfer to us)
        goes on with the SR the replaced call had, as the agent left it (picked, or popped);
        with none, it is resolved as any call."""
        if replaces and (old := self.calls.find(session, replaces)) is not None \
                and old.case_id is not None \
                and (case := session.get(Case, old.case_id)) is not None:
            found = self.resolver.resolve(session, number, headers, case_number=case.number,
                                          exclude_call=exclude_call)
            matched = old.matched_by if old.matched_by is not MatchedBy.NONE else \
                found.matched_by
            return replace(found, matched_by=matched,
                           why=(*found.why, f"replaces call {replaces[:40]}, of {case.number}"))
        return self.resolver.resolve(session, number, headers, case_number=case_number,
                                     exclude_call=exclude_call)

    def _bind(self, session: Session, row: CallLog, resolution: Resolution) -> None:
        # Only a decided SR is bound; candidates and drafts wait for the agent's choice.
        matched = resolution.matched_by if resolution.pop is Pop.CASE else MatchedBy.NONE
        self.calls.bind(row, case_id=resolution.case_id,
                        contact_id=resolution.contact_id, customer_id=resolution.customer_id,
                        matched_by=matched, detail="; ".join(resolution.why))

    def _on_answer(self, event: CallEvent, live: _Live) -> None:
        call_id = event.call_id
        headers = dict(event.headers.items()) if event.headers else {}
        number = event.remote.user or event.remote.uri
        direction = live.direction
        replaces = live.replaces
        handoff = _handoff(headers)

        def answer(session: Session) -> Callable[[], None] | None:
            row = self.calls.find(session, call_id)
            if row is None:
                return None
            self.calls.answered(row)
            if direction is not Direction.INBOUND:
                return None
            # Resolved again at answer: an SR saved while it rang is found now.
            resolution = self._resolve(session, number, headers, replaces=replaces,
                                       exclude_call=row.id)
            self._bind(session, row, resolution)
            # Only a colleague hands an SR over: a hand-off header from anyone else (a
            # customer's phone can send any header) opens the SR but takes nothing over.
            # The From of a call that came through the registrar is bound by its
            # authentication; a direct-IP call's (the built-in direct account) is anyone's say.
            colleague = replaces in self._handed_over or (
                event.account not in ("", DIRECT_ACCOUNT)
                and is_colleague(session, event.remote.uri, self._agent_id_for_jobs))
            work = _work(session, self.calls, headers, replaces, colleague=colleague)
            if work:
                # A translator's leg: the SR stays its owner's, the time is translation work.
                row.work = work
            elif colleague and self._take_over(session, resolution, handoff):
                self._handed_over.add(call_id)

            def show() -> None:
                self._case_found(call_id, resolution)
                self._emit(ScreenPop(call_id, "answer", resolution, handoff=handoff))

            return show

        self.worker.submit(answer)
        self.presence.call_answered(call_id, event.at)
        if (change := self.state.call_active(call_id)) is not None:
            self._record_state(change)

    def _case_found(self, call_id: str, resolution: Resolution) -> None:
        case = resolution.case if resolution.pop is Pop.CASE else None
        if case is not None and (live := self._live.get(call_id)) is not None:
            live.case_id, live.case_number, live.priority = case.id, case.number, case.priority
        self.presence.case_found(call_id, case.id if case else None,
                                 case.number if case else "", resolution.draft.language.value)

    def _follow_recording(self, event: CallEvent, live: _Live) -> None:
        """A recording row when a file starts; its length once the recorder has closed it."""
        now = event.recording_path if event.recording else ""
        if now == live.recording:
            return
        call_id = event.call_id
        if live.recording:
            finished = live.recording

            def close(session: Session) -> None:
                recording_finished(session, finished, _recorded_seconds(finished))

            self.worker.submit(close)
        live.recording = now
        if now:
            started = datetime.fromtimestamp(event.at, UTC)

            def begin(session: Session) -> None:
                row = self.calls.find(session, call_id)
                if row is not None:
                    recording_started(session, row.id, now, started)

            self.worker.submit(begin)

    def _update(self, call_id: str, change: Callable[[CallLog], None]) -> None:
        def job(session: Session) -> None:
            row = self.calls.find(session, call_id)
            if row is not None:
                change(row)

        self.worker.submit(job)

    def _take_over(self, session: Session, resolution: Resolution,
                   handoff: handoffs.Handoff | None) -> bool:
        """On the writer thread: a call a colleague handed over with its SR (the hand-off names
        the SR the call opened) makes this agent the SR's owner, as it is answered. True when
        the call was such a hand-off."""
        agent_id = self._agent_id_for_jobs
        if (handoff is None or agent_id is None or resolution.pop is not Pop.CASE
                or resolution.case is None or resolution.case.number != handoff.number):
            return False
        case = session.get(Case, resolution.case.id)
        if case is not None and case.owner_id != agent_id:
            log.info("%s handed over with its call: owner now %s", case.number, self._identity)
            case.owner_id = agent_id  # an SR field: pushed to the centre like any edit
        return case is not None

    def _on_consult(self, event: ConsultEvent) -> None:
        """An attended transfer's step: once it completes, the SR records its escalation."""
        if event.outcome is ConsultOutcome.RETURNED:
            self._escalations.pop(event.call_id, None)
            return
        if event.outcome is not ConsultOutcome.COMPLETED:
            return
        said = self._escalations.pop(event.call_id, None) or _Escalation(event.target, "", "")
        live = self._live.get(event.call_id)
        case_id = live.case_id if live is not None else None
        number = live.case_number if live is not None else ""
        call_id, target = event.call_id, event.target or said.target
        at = datetime.fromtimestamp(event.at, UTC)

        def job(session: Session) -> Callable[[], None]:
            case = session.get(Case, case_id) if case_id is not None else None
            if case is not None:
                row = self.calls.find(session, call_id)
                session.add(CaseEscalation(
                    case_id=case.id, from_agent_id=self._agent_id_for_jobs,
                    to_target=target[:255], reason_code=said.reason_code[:40],
                    reason=said.reason[:500], call_log_id=row.id if row else None, at=at))
                case.status = CaseStatus.ESCALATED
            return lambda: self._emit(Escalated(call_id, number if case else "", target))

        self.worker.submit(job)

    def consult_started(self, call_id: str, target: str, reason_code: str = "",
                        reason: str = "", *, consult_id: str = "") -> None:
        """The agent consults ``target`` about the caller of ``call_id``: why, for the SR's
        escalation once the transfer completes. A translation consult's own log (the call
        ``consult_id``) is marked as the leg the agent had translated."""
        self._escalations[call_id] = _Escalation(target, reason_code, reason)
        if reason_code == handoffs.TRANSLATION and consult_id:
            if consult_id in self._live:
                self._update(consult_id, _set_work(handoffs.TRANSLATED))
            else:
                self._works[consult_id] = handoffs.TRANSLATED

    def handoff(self, call_id: str, summary: str = "") -> handoffs.Handoff | None:
        """What goes with the call to a colleague: its SR, priority and ``summary``; None
        while the call has no SR."""
        live = self._live.get(call_id)
        if live is None or not live.case_number:
            return None
        return handoffs.Handoff(live.case_number, live.priority, summary)

    # -- what the agent does -----------------------------------------------------------------

    def dialling_from_case(self, call_id: str, case_number: str) -> None:
        """Say before ``make_call(..., call_id=call_id)`` that this call is about that SR."""
        self._dial_cases[call_id] = case_number

    def set_agent_state(self, state: str, reason: str = "") -> None:
        wanted = AgentStatus(state)
        if wanted is AgentStatus.AVAILABLE:
            change = self.state.go_available()
        elif wanted is AgentStatus.BREAK:
            change = self.state.go_break(reason)
        elif wanted is AgentStatus.OFFLINE:
            change = self.state.go_offline()
        else:
            raise AgentStateError("not_chosen_by_agent", state)  # calls drive the others
        if change is None and self.state.state in _IN_CALL:
            # Chosen during a call: where its wrap-up leads. Said now, so the window shows it.
            now = self.state.state.value
            self._emit(AgentStateChanged(now, now, self.state.reason, after=self._after()))
        self.set_state(change)

    def _after(self) -> str:
        return self.state.returns_to()[0].value if self.state.state in _IN_CALL else ""

    def bind_case(self, call_id: str, case_id: uuid.UUID) -> None:
        """The agent picked (or created) the SR of a call; a note the call kept moves there."""
        def job(session: Session) -> Callable[[], None] | None:
            row = self.calls.find(session, call_id)
            if row is not None:
                self.calls.bind(row, case_id=case_id, contact_id=row.contact_id,
                                customer_id=row.customer_id, matched_by=MatchedBy.AGENT)
                attach_call_note(session, row)
            case = session.get(Case, case_id)
            number = case.number if case is not None else ""
            priority = case.priority.value if case is not None else ""

            def done() -> None:
                if number and (live := self._live.get(call_id)) is not None:
                    live.case_id, live.case_number, live.priority = case_id, number, priority
                self.presence.case_found(call_id, case_id, number)

            return done

        self.worker.submit(job)

    def set_agent_name(self, name: str) -> None:
        """How this agent's notes are signed from now on (Settings, or the central table)."""
        identity = self._identity

        def job(session: Session) -> None:
            ensure_agent(session, identity, name)

        self.worker.submit(job)

    def set_disposition(self, call_id: str, code: str) -> None:
        """A disposition chosen: the agent is done with the call (ends its wrap-up)."""
        self.finish_wrap_up(call_id, code=code)

    def save_note_draft(self, call_id: str, text: str, language: str = "") -> None:
        """On every pause in typing during a call (and its wrap-up): survives a crash.
        ``language``: the agent's pick; "" detects it from the text."""
        def job(session: Session) -> Callable[[], None] | None:
            if call_id in self._settled_w:
                # The call's paperwork is done: text typed later is the SR's own draft (notes
                # made of each pause's text would be fragments).
                save_late_draft(session, call_id, text, language=language or None,
                                author_id=self._agent_id_for_jobs)
            else:
                save_call_draft(session, call_id, text, language=language or None,
                                author_id=self._agent_id_for_jobs)
            return lambda: self._emit(NoteDraftSaved(call_id, len(text)))

        self.worker.submit(job)

    def wrap_up_changed(self, call_id: str, code: str = "", note: str | None = None,
                        language: str = "") -> None:
        """What the wrap-up panel holds, as the agent picks and types: kept, whatever ends it."""
        def job(session: Session) -> Callable[[], None] | None:
            if call_id in self._settled_w:
                return self._settle_job(session, call_id, code=code, wrap_note=note,
                                        wrap_language=language)
            save_wrap_up(session, call_id, code=code or None, note=note,
                         language=language or None, author_id=self._agent_id_for_jobs)
            return None

        self.worker.submit(job)

    def finish_wrap_up(self, call_id: str, *, code: str = "", note: str | None = None,
                       language: str = "", call_note: str | None = None,
                       call_language: str = "") -> None:
        """The agent is done with the call (Done, or the window's last word after the timer):
        the disposition, the last note and the note typed during the call are saved, and the
        drafts become notes. For a call settled already, what is new becomes notes of its own.
        """
        if call_id in self._live:
            # Still talking (a headless agent's disposition mid-call): kept, settled at the end.
            if call_note is not None:
                self.save_note_draft(call_id, call_note, call_language)
            self.wrap_up_changed(call_id, code, note, language)
            return
        ends_wrap_up = self.state.state is AgentStatus.WRAP_UP and self._wrap_call in (
            call_id, "")
        if call_id == self._wrap_call:
            self._wrap_call = ""  # settled here, not again by the state change below
        self._settle(call_id, code=code, call_note=call_note, call_language=call_language,
                     wrap_note=note, wrap_language=language)
        if ends_wrap_up and (change := self.state.disposition_chosen()) is not None:
            self._record_state(change)

    def settle_left_drafts(self, keys: list[str], save: bool) -> None:
        """The agent's answer about notes a crash left: saved as notes, or discarded."""
        def job(session: Session) -> Callable[[], None]:
            done = settle_left(session, keys, save=save)

            def report() -> None:
                for settled in done:
                    self._emit(CallSettled(settled.engine_call_id, settled))

            return report

        self.worker.submit(job)

    def _settle(self, call_id: str, *, code: str = "", call_note: str | None = None,
                call_language: str = "", wrap_note: str | None = None,
                wrap_language: str = "") -> None:
        self._to_settle.pop(call_id, None)

        def job(session: Session) -> Callable[[], None] | None:
            return self._settle_job(session, call_id, code=code, call_note=call_note,
                                    call_language=call_language, wrap_note=wrap_note,
                                    wrap_language=wrap_language)

        self.worker.submit(job)

    def _settle_job(self, session: Session, call_id: str, *, code: str = "",
                    call_note: str | None = None, call_language: str = "",
                    wrap_note: str | None = None,
                    wrap_language: str = "") -> Callable[[], None] | None:
        """On the writer thread, where every settle of a call runs in order: a second one
        only adds what the first did not hold."""
        prior = self._settled_w.get(call_id)
        given = {"call": call_note, "wrap": wrap_note}
        if prior is not None:
            code = "" if code == (prior.disposition or "") else code
            call_note, wrap_note = (remainder(text, prior.words.get(kind, "")) or None
                                    if text else None for kind, text in given.items())
            if not (call_note or wrap_note or code):
                return None
        settled = settle_call(session, call_id, code=code or None, call_note=call_note,
                              call_language=call_language or None, wrap_note=wrap_note,
                              wrap_language=wrap_language or None,
                              author_id=self._agent_id_for_jobs)
        words = dict(prior.words) if prior is not None else {
            kind: settled.text(kind) for kind in given}
        words.update({kind: text for kind, text in given.items() if text and prior})
        self._settled_w[call_id] = _Words(settled.disposition, words)
        while len(self._settled_w) > 50:
            del self._settled_w[next(iter(self._settled_w))]
        return lambda: self._emit(CallSettled(call_id, settled))

    def set_state(self, change: StateChange | None) -> None:
        if change is not None:
            self._record_state(change)

    def _record_state(self, change: StateChange) -> None:
        at = datetime.fromtimestamp(change.at, UTC)
        call_id = change.call
        if change.previous is AgentStatus.WRAP_UP and change.state is not AgentStatus.WRAP_UP:
            if self._wrap_call:  # ended by itself: the window's last word may follow
                self._to_settle[self._wrap_call] = time.monotonic() + SETTLE_GRACE_SECONDS
            self._wrap_call = ""
        if change.state is AgentStatus.WRAP_UP:
            self._wrap_call = change.call
        self.presence.state_changed(change)

        def job(session: Session) -> None:
            agent_id = self._agent_id_for_jobs
            if agent_id is None:
                return
            row = self.calls.find(session, call_id) if call_id else None
            session.add(AgentStateChange(agent_id=agent_id, state=change.state,
                                         previous=change.previous, reason=change.reason,
                                         call_log_id=row.id if row else None, at=at))

        self.worker.submit(job)
        until = 0.0
        if change.state is AgentStatus.WRAP_UP:
            until = time.time() + self.state.wrap_up_left()
        self._emit(AgentStateChanged(change.state.value, change.previous.value, change.reason,
                                     call_id, until, after=self._after()))


RECORDER_CLOSE_WAIT = 2.0  # s: pjmedia closes a stopped recorder on its next 20-ms clock tick


def _recorded_seconds(path: str) -> float | None:
    """The length of a finished recording; None when it cannot be read (logged).

    Runs on the store's writer thread, never the SIP one: it reads the file. The recorder closes
    the file a clock tick after it is stopped, so wait (briefly, bounded) for its header.
    """
    deadline = time.monotonic() + RECORDER_CLOSE_WAIT
    pause = threading.Event()
    while not wav_closed(path) and time.monotonic() < deadline:
        pause.wait(0.02)
    try:
        return round(measure_wav(path).seconds, 3)
    except RecordingError as exc:
        log.warning("recording %s: %s", path, exc)
        return None


def _set_work(work: str) -> Callable[[CallLog], None]:
    def change(row: CallLog) -> None:
        row.work = work

    return change


def _work(session: Session, calls: CallLogService, headers: dict[str, str], replaces: str, *,
          colleague: bool) -> str:
    """On the writer thread: the work an answered inbound call is (app.cases.handoff): a
    colleague's translation consult, or the call that replaced such a leg (the caller, handed
    over to the translator, goes on with them)."""
    if colleague and handoffs.work_of(headers) == handoffs.TRANSLATION:
        return handoffs.TRANSLATION
    old = calls.find(session, replaces) if replaces else None
    return handoffs.TRANSLATION if old is not None and old.work == handoffs.TRANSLATION else ""


def _handoff(headers: dict[str, str]) -> handoffs.Handoff | None:
    """The hand-off a colleague's CaseLine put on the call (User-to-User), if any."""
    for name, value in headers.items():
        if name.lower() == handoffs.UUI_HEADER.lower():
            return handoffs.decode(value)
    return None
