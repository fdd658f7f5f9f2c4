"""The phone thread: an engine and its Desk, driven by one thread that nobody else touches.

The desktop must never wait on SIP, so the engine does not live on the UI thread. ``Phone``
starts a thread that starts the engine (the thread that starts it is the only one allowed to
call it), pumps it and the Desk, and runs commands queued from other threads. Every command
returns a ``concurrent.futures.Future``; every event (telephony and desk) goes to the listeners
on the phone thread, and the UI's bridge carries them across.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from app.cases import handoff as handoffs
from app.config import settings
from app.orchestration.desk import AgentStateChanged
from app.orchestration.monitoring import dial_monitoring
from app.telephony.errors import TelephonyError
from app.telephony.events import CallEvent, CallState, EngineEvent, EngineState
from app.telephony.recording import RecordingPolicy, recording_file

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from app.orchestration.desk import Desk, DeskEvent, Refuse
    from app.orchestration.monitoring import Monitoring, MonitoringChanged
    from app.telephony.api import Engine
    from app.telephony.config import AccountSpec
    from app.telephony.events import Event

log = logging.getLogger(__name__)

T = TypeVar("T")

# The longest the phone thread sleeps at rest. It wakes for SIP, commands, store results and
# the desk's timers on their own; this is only the net under a wake-up someone forgot.
IDLE_WAIT_MS = 1000


@dataclass(frozen=True, slots=True)
class PhoneStartFailed:
    """The engine could not start (port taken, bad TLS files, ...). ``code`` is translatable."""

    code: str
    detail: str


@dataclass(frozen=True)
class RecordingProblem:
    """The ``always`` policy could not record a call. ``retry_in``: seconds to the next try;
    ``recovered``: a later try worked and the call records from now on. ``code`` is translatable
    (the engine's and the Phone's recording codes)."""

    call_id: str
    code: str = ""
    detail: str = ""
    retry_in: float = 0.0
    recovered: bool = False


if TYPE_CHECKING:
    from typing import TypeAlias

    # What the Phone's listeners get: the engine's events, the desk's, and the Phone's own.
    PhoneEvent: TypeAlias = (
        "Event | DeskEvent | PhoneStartFailed | RecordingProblem | MonitoringChanged")

# Seconds between tries of a recording the ``always`` policy could not start: a full disk or
# an unmounted share may come back during the call; the last interval repeats until it ends.
RECORD_BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


def start_consult(engine: Engine, desk: Desk | None, call_id: str, target: str, *,
                  reason_code: str = "", reason: str = "", summary: str = "") -> str:
    """On the engine's thread: consult ``target`` about ``call_id`` with its SR's hand-off on
    the INVITE (app.cases.handoff); the desk keeps why, for the SR's escalation."""
    found = desk.handoff(call_id, summary) if desk is not None else None
    headers = handoffs.encode(found) if found is not None else {}
    if reason_code == handoffs.TRANSLATION:
        # The translator's CaseLine logs its legs as translation work (a conference follows).
        headers[handoffs.WORK_HEADER] = handoffs.TRANSLATION
    consult_id = engine.consult(call_id, target, headers)
    if desk is not None:
        desk.consult_started(call_id, target, reason_code, reason, consult_id=consult_id)
    return consult_id


class Phone:
    def __init__(self, engine: Engine, desk: Desk | None = None,
                 accounts: Sequence[tuple[AccountSpec, str | None]] = (), *,
                 turn_passwords: Mapping[str, str | None] | None = None,
                 recording: RecordingPolicy = RecordingPolicy.ON_DEMAND,
                 recordings_dir: Path | None = None, announce: Path | None = None,
                 monitoring: Monitoring | None = None) -> None:
        self.engine = engine
        self.desk = desk
        # A leader's monitoring INVITEs: claimed, then mixed in or refused (never ring).
        self.monitoring = monitoring
        # The deployment's rule: enforced here, next to the engine, so no UI path can bypass it.
        self.recording_policy = recording
        self.recordings_dir = recordings_dir or settings.recordings_dir(settings.CasesSettings())
        # The recording notice (a WAV) both ends hear when a recording starts; None: no notice.
        self.announce = announce
        self._auto_recorded: set[str] = set()  # calls the ALWAYS policy has started (phone thread)
        # Calls the ALWAYS policy could not record yet: (monotonic time of the next try, tries).
        self._record_retry: dict[str, tuple[float, int]] = {}
        self._refused: set[str] = set()  # calls the desk refused (break, offline): never shown
        # The leader's own monitoring calls (``monitor``): shown, never logged by the desk.
        self._monitoring_calls: set[str] = set()
        self._accounts = list(accounts)
        self._turn_passwords = dict(turn_passwords or {})  # account name -> its TURN password
        self._listeners: list[Callable[[PhoneEvent], None]] = []
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._woken = threading.Event()  # a wake-up is on its way since commands last ran
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="caseline-phone", daemon=True)
        self._refusing = 0  # the refuse_calls code the engine has
        engine.subscribe(self._on_engine_event)
        if desk is not None:
            desk.subscribe(self._on_desk_event)
        if monitoring is not None:
            monitoring.subscribe(self._emit)
            monitoring.wake = self._wake  # a claim's answer ends the wait, no polling

    # -- any thread --------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[PhoneEvent], None]) -> None:
        """Listeners run on the phone thread; subscribe before ``start``."""
        self._listeners.append(listener)

    def start(self) -> None:
        self._thread.start()

    def wait_started(self, timeout: float) -> bool:
        return self._started.wait(timeout)

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Run ``fn`` on the phone thread; its result or exception lands in the future."""
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn())
            except Exception as exc:  # every failure goes back to the caller as data
                future.set_exception(exc)

        if self._stop.is_set():
            future.set_exception(RuntimeError("phone stopped"))
        else:
            self._commands.put(run)
            self._wake()
        return future

    def _wake(self) -> None:
        """Any thread: end the phone thread's wait, once per round of commands."""
        if not self._woken.is_set():
            self._woken.set()
            self.engine.wake()

    # Commands the desktop uses; each is a Future so the UI never waits for SIP.

    def call(self, command: Callable[[Engine], T]) -> Future[T]:
        """Any engine command (app.telephony.api), run on the phone thread:
        ``phone.call(lambda engine: engine.hold(call_id))``."""
        return self.submit(lambda: command(self.engine))

    def start_recording(self, call_id: str) -> Future[str]:
        """Record an active call (on-demand or always policy); the result is the file's path."""
        return self.submit(lambda: self._start_recording(call_id))

    def stop_recording(self, call_id: str) -> Future[None]:
        def run() -> None:
            if self.recording_policy is RecordingPolicy.ALWAYS:
                raise TelephonyError("recording_required", call_id)
            self.engine.stop_recording(call_id)

        return self.submit(run)

    def dial(self, target: str, *, account: str | None = None,
             case_number: str = "") -> Future[str]:
        def run() -> str:
            call_id = None
            if case_number and self.desk is not None:
                # The call is about an SR: its log is bound to it from the first event.
                call_id = f"dial-{uuid.uuid4().hex[:12]}"
                self.desk.dialling_from_case(call_id, case_number)
            return self.engine.make_call(target, account, call_id=call_id)

        return self.submit(run)

    def consult(self, call_id: str, target: str, *, reason_code: str = "", reason: str = "",
                summary: str = "") -> Future[str]:
        """Attended transfer, first step: the caller on hold, ``target`` called with the
        call's SR (X-Case-Number, and User-to-User with its priority and ``summary``); the
        result is the consult call's id. ``complete_transfer`` / ``cancel_consult`` follow
        (``call``); the SR records the escalation (``reason_code``, ``reason``) once the
        transfer completes."""
        return self.submit(lambda: start_consult(
            self.engine, self.desk, call_id, target, reason_code=reason_code, reason=reason,
            summary=summary))

    def monitor(self, sip_identity: str, token: str, *,
                account: str | None = None) -> Future[str]:
        """A leader listens in: call the agent with a grant's token (app.console.monitor).
        The call shows like any other, but the desk neither logs nor counts it: the centre's
        grant is the session's log."""
        def run() -> str:
            call_id = f"monitor-{uuid.uuid4().hex[:12]}"
            self._monitoring_calls.add(call_id)  # before its first event, which dialling sends
            try:
                return dial_monitoring(self.engine, sip_identity, token, account,
                                       call_id=call_id)
            except Exception:
                self._monitoring_calls.discard(call_id)
                raise

        return self.submit(run)

    def set_agent_state(self, state: str, reason: str = "") -> Future[None]:
        return self.submit(lambda: self._desk().set_agent_state(state, reason))

    def set_disposition(self, call_id: str, code: str) -> Future[None]:
        return self.submit(lambda: self._desk().set_disposition(call_id, code))

    def save_note_draft(self, call_id: str, text: str, language: str = "") -> Future[None]:
        return self.submit(lambda: self._desk().save_note_draft(call_id, text, language))

    def wrap_up_changed(self, call_id: str, code: str, note: str,
                        language: str = "") -> Future[None]:
        return self.submit(lambda: self._desk().wrap_up_changed(call_id, code, note, language))

    def finish_wrap_up(self, call_id: str, *, code: str = "", note: str | None = None,
                       language: str = "", call_note: str | None = None,
                       call_language: str = "") -> Future[None]:
        return self.submit(lambda: self._desk().finish_wrap_up(
            call_id, code=code, note=note, language=language, call_note=call_note,
            call_language=call_language))

    def settle_left_drafts(self, keys: list[str], save: bool) -> Future[None]:
        return self.submit(lambda: self._desk().settle_left_drafts(keys, save))

    def set_agent_name(self, name: str) -> Future[None]:
        return self.submit(lambda: self._desk().set_agent_name(name))

    def bind_case(self, call_id: str, case_id: uuid.UUID) -> Future[None]:
        return self.submit(lambda: self._desk().bind_case(call_id, case_id))

    def set_account(self, spec: AccountSpec, password: str | None,
                    turn_password: str | None = None) -> Future[None]:
        """Add an account, or replace it when one with that name exists."""

        def run() -> None:
            if spec.name in self.engine.accounts():
                self.engine.remove_account(spec.name)
            self.engine.add_account(spec, password, turn_password)

        return self.submit(run)

    def remove_account(self, name: str) -> Future[None]:
        def run() -> None:
            if name in self.engine.accounts():
                self.engine.remove_account(name)

        return self.submit(run)

    def network_changed(self) -> Future[None]:
        return self.submit(lambda: self.engine.network_changed("requested"))

    # -- phone thread ------------------------------------------------------------------------

    def _desk(self) -> Desk:
        if self.desk is None:
            raise RuntimeError("no case store")
        return self.desk

    def _emit(self, event: PhoneEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("phone listener failed on %s", type(event).__name__)

    def _start_recording(self, call_id: str) -> str:
        if self.recording_policy is RecordingPolicy.NEVER:
            raise TelephonyError("recording_disabled", call_id)
        log_id = self.desk.log_id(call_id) if self.desk is not None else None
        # Named by the call log id when the row exists (it nearly always does by answer time);
        # else by the engine's call id, which the row also holds (engine_call_id).
        path = recording_file(self.recordings_dir, str(log_id or call_id), datetime.now())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TelephonyError("record_failed", f"{path.parent}: {exc}") from None
        self.engine.start_recording(call_id, str(path))
        self._announce(call_id)
        return str(path)

    def _announce(self, call_id: str) -> None:
        """Play the recording notice into the call; a notice that fails never stops the
        recording (it is logged: the deployment has to fix its sound file)."""
        if self.announce is None:
            return
        try:
            self.engine.play_to_call(call_id, str(self.announce))
        except TelephonyError as exc:
            log.error("recording notice %s not played in %s: %s", self.announce, call_id, exc)

    def _on_engine_event(self, event: Event) -> None:
        if self.monitoring is not None:
            self.monitoring.on_event(event)
        if isinstance(event, CallEvent) and event.call_id in self._monitoring_calls:
            if event.state is CallState.ENDED:
                self._monitoring_calls.discard(event.call_id)
            self._emit(event)  # the leader's window shows it (and hangs it up); no call log
            return
        refuse = self.desk.on_event(event) if self.desk is not None else None
        if refuse is not None:
            self._refused.add(refuse.call_id)
            # Queued, not run here: a listener must not call back into the engine mid-dispatch.
            self.submit(lambda: self._refuse(refuse))
        if isinstance(event, CallEvent) and event.call_id in self._refused:
            if event.state is CallState.ENDED:
                self._refused.discard(event.call_id)
            return  # it does not ring here: no pop-up, no ringer (the desk logs it as missed)
        self._emit(event)
        if self.recording_policy is RecordingPolicy.ALWAYS and isinstance(event, CallEvent):
            self._record_always(event)

    def _on_desk_event(self, event: DeskEvent) -> None:
        self._emit(event)
        if isinstance(event, AgentStateChanged):
            # Queued: this may run inside the engine's dispatch (a call's end changes state).
            self.submit(self._sync_refusing)

    def _sync_refusing(self) -> None:
        """The engine refuses new calls before they ring exactly while the desk would."""
        code = self.desk.refusal_code() if self.desk is not None else 0
        if code != self._refusing:
            self.engine.refuse_calls(code)
            # On a break (or signed out of calls): colleagues' team lists show the agent away.
            self.engine.set_away(code != 0)
            self._refusing = code

    def _refuse(self, refuse: Refuse) -> None:
        try:
            self.engine.reject(refuse.call_id, refuse.code)
        except TelephonyError as exc:  # the caller gave up first: it is logged missed anyway
            log.info("call %s not refused (%s): %s", refuse.call_id, refuse.reason, exc.code)

    def _record_always(self, event: CallEvent) -> None:
        call_id = event.call_id
        if event.state is CallState.ENDED:
            self._auto_recorded.discard(call_id)
            self._record_retry.pop(call_id, None)
            return
        if event.state is not CallState.ACTIVE or call_id in self._auto_recorded:
            return
        self._auto_recorded.add(call_id)  # once per call, however many ACTIVE events follow
        # Queued, not run here: a listener must not call back into the engine mid-dispatch.
        self.submit(lambda: self._try_recording(call_id, 0))

    def _try_recording(self, call_id: str, tries: int) -> None:
        if call_id not in self._auto_recorded:
            return  # ended meanwhile
        try:
            self._start_recording(call_id)
        except TelephonyError as exc:
            if exc.code in ("no_such_call", "not_active"):
                return  # the call is going: its ENDED event tidies up
            delay = RECORD_BACKOFF[min(tries, len(RECORD_BACKOFF) - 1)]
            self._record_retry[call_id] = (time.monotonic() + delay, tries + 1)
            log.error("recording of %s did not start (try %d, next in %.0f s): %s",
                      call_id, tries + 1, delay, exc)
            self._emit(RecordingProblem(call_id, exc.code, exc.detail, retry_in=delay))
        else:
            if tries:
                log.info("recording of %s started at try %d", call_id, tries + 1)
                self._emit(RecordingProblem(call_id, recovered=True))

    def _retry_recordings(self) -> None:
        now = time.monotonic()
        for call_id, (due, tries) in list(self._record_retry.items()):
            if due <= now:
                del self._record_retry[call_id]
                self._try_recording(call_id, tries)

    def _run(self) -> None:
        try:
            self.engine.start()
        except Exception as exc:
            log.exception("the SIP engine did not start")
            # The code and its bare detail: the UI words them (start_failure_text).
            self._emit(PhoneStartFailed(getattr(exc, "code", type(exc).__name__),
                                        str(getattr(exc, "detail", "") or exc)))
            self._started.set()
            self._serve_without_engine()
            return
        for spec, password in self._accounts:
            try:
                self.engine.add_account(spec, password, self._turn_passwords.get(spec.name))
            except Exception as exc:
                log.error("account %s not added: %s", spec.name, exc)
                self._emit(PhoneStartFailed(getattr(exc, "code", "account"),
                                            f"{spec.name}: {exc}"))
        if self.desk is not None:
            # The desktop starts from the desk's state, not from a guess of its own.
            current = self.desk.state.state.value
            self._emit(AgentStateChanged(current, current, "start"))
            self._sync_refusing()  # an agent who starts offline hears no call ring either
            self.desk.worker.on_result = self._wake  # its results end the wait, no polling
        self._started.set()
        try:
            while not self._stop.is_set():
                # Cleared before the work is taken: whatever arrives after this sends a
                # wake-up the pump below sees, so nothing waits for its timeout.
                self._woken.clear()
                if self.desk is not None:
                    self.desk.pump()
                self._run_commands()
                if self.monitoring is not None:
                    self.monitoring.pump(self.engine)
                self._retry_recordings()
                self.engine.pump(self._wait_ms())
        finally:
            try:
                # Commands queued before the stop (the window's last note, its wrap-up) run
                # while the engine and the desk's writer still take them.
                self._run_commands()
                self.engine.stop()
                if self.monitoring is not None:
                    self.monitoring.close()  # the sessions' ends, after the engine's
            finally:
                if self.desk is not None:
                    self.desk.pump()  # the ends of the calls the stop cut
                    self.desk.close()
                self._emit(EngineEvent(EngineState.STOPPED, "phone stopped"))
                self._fail_pending()

    def _wait_ms(self) -> int:
        dues = [self.desk.due_in()] if self.desk is not None else []
        now = time.monotonic()
        dues += [max(0.0, at - now) for at, _ in self._record_retry.values()]
        due = min((d for d in dues if d is not None), default=None)
        if due is None:
            return IDLE_WAIT_MS
        return min(IDLE_WAIT_MS, math.ceil(due * 1000))

    def _serve_without_engine(self) -> None:
        """No engine: commands fail at once, the desk still records what it can."""
        while not self._stop.wait(0.05):
            if self.desk is not None:
                self.desk.pump()
            self._run_commands()
        if self.desk is not None:
            self.desk.close()
        self._fail_pending()

    def _run_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            command()

    def _fail_pending(self) -> None:
        # Commands queued while the loop ended would wait forever: run them; they fail fast.
        self._run_commands()
