"""The desktop's picture of the phone: calls, screen-pops, agent state, health.

Events arrive on the phone thread and cross into Qt here, once (``MainThread.post``); from then
on everything is signals on the UI thread. Commands go the other way as phone futures, so a
button never waits for SIP; a failed command comes back as a translated ``error``. Whichever way
a call was answered (pop-up, main window, tray, headset key), the state shown follows the
engine's events, not the button that was pressed.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.orchestration.desk import (
    AgentStateChanged,
    CallLogged,
    CallSettled,
    DraftsLeft,
    NoteDraftSaved,
    ScreenPop,
    StoreProblem,
)
from app.orchestration.monitoring import MonitoringChanged
from app.orchestration.phone import PhoneStartFailed, RecordingProblem
from app.telephony import nat
from app.telephony.events import (
    AudioPath,
    CallEvent,
    CallState,
    ColleagueState,
    ConferenceEvent,
    ConferenceState,
    ConsultEvent,
    ConsultOutcome,
    DtmfEvent,
    EndReason,
    EngineEvent,
    EngineState,
    RegistrationEvent,
    RegState,
    TransferEvent,
)
from app.telephony.recording import RecordingPolicy
from app.ui import labels
from app.ui.team import Team

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from concurrent.futures import Future

    from app.cases.handoff import Handoff
    from app.cases.resolver import Resolution
    from app.telephony.api import Engine
    from app.telephony.config import AccountSpec
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)
T = TypeVar("T")


class PhoneApi(Protocol):
    """What the desktop asks of app.orchestration.phone.Phone."""

    def subscribe(self, listener: Any) -> None: ...
    def call(self, command: Callable[[Engine], T]) -> Future[T]: ...  # any engine command
    def dial(self, target: str, *, account: str | None = None,
             case_number: str = "") -> Future[str]: ...
    def set_agent_state(self, state: str, reason: str = "") -> Future[None]: ...
    def set_disposition(self, call_id: str, code: str) -> Future[None]: ...
    def save_note_draft(self, call_id: str, text: str, language: str = "") -> Future[None]: ...
    def wrap_up_changed(self, call_id: str, code: str, note: str,
                        language: str = "") -> Future[None]: ...
    def finish_wrap_up(self, call_id: str, *, code: str = "", note: str | None = None,
                       language: str = "", call_note: str | None = None,
                       call_language: str = "") -> Future[None]: ...
    def settle_left_drafts(self, keys: list[str], save: bool) -> Future[None]: ...
    def set_agent_name(self, name: str) -> Future[None]: ...
    def bind_case(self, call_id: str, case_id: uuid.UUID) -> Future[None]: ...
    def set_account(self, spec: AccountSpec, password: str | None,
                    turn_password: str | None = None) -> Future[None]: ...
    def remove_account(self, name: str) -> Future[None]: ...
    def start_recording(self, call_id: str) -> Future[str]: ...
    def stop_recording(self, call_id: str) -> Future[None]: ...
    def consult(self, call_id: str, target: str, *, reason_code: str = "", reason: str = "",
                summary: str = "") -> Future[str]: ...


@dataclass(frozen=True, slots=True)
class CallInfo:
    """One call as the desktop shows it."""

    call_id: str
    event: CallEvent  # the latest
    resolution: Resolution | None = None  # the screen-pop, once the store answered
    log_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None  # the SR the agent works on for this call
    case_label: str = ""  # "SR-2026-000123 · title" of that SR, for the call panel
    first_seen: float = field(default_factory=time.time)
    answered_at: float | None = None
    waiting: bool = False  # rang while the agent was already on a call
    # A colleague's transfer: the SR number, priority and summary that came with the call.
    handoff: Handoff | None = None

    @property
    def inbound(self) -> bool:
        return self.event.direction.value == "inbound"

    @property
    def ringing(self) -> bool:
        # A call that replaced another (an attended transfer to us) was answered by the phone
        # itself: it never rings, pops no incoming window.
        return self.event.state is CallState.INCOMING and not self.event.replaces

    @property
    def live(self) -> bool:
        return self.event.state in (CallState.CONNECTING, CallState.ACTIVE)


class Health(enum.Enum):
    OK = "ok"
    WARNING = "warning"  # calls still reach you, something needs attention
    DOWN = "down"  # you will miss calls


@dataclass(frozen=True, slots=True)
class HealthReport:
    level: Health
    summary: str  # one line, translated
    details: tuple[str, ...] = ()  # one line per check, translated




def error_message(exc: BaseException) -> str:
    """A failed command or store job as one translated sentence."""
    return message_for(str(getattr(exc, "code", "")), str(exc))


def start_failure_text(code: str, detail: str) -> str:
    """Why the phone did not start, in words (PhoneStartFailed: the engine's code, its detail:
    an address, an exit code, pjsip's reason)."""
    if code == "address_in_use":
        return QCoreApplication.translate(
            "CallCenter", "The phone could not start: {address} is already in use by another "
            "program, perhaps another CaseLine or softphone. Close it, or choose another SIP "
            "port in Settings.").format(address=detail)
    if code == "address_not_here":
        return QCoreApplication.translate(
            "CallCenter", "The phone could not start: {address} is not an address of this "
            "computer. Choose another listening address in Settings.").format(address=detail)
    if code == "transport_failed":
        return QCoreApplication.translate(
            "CallCenter", "The phone could not open its SIP connection ({detail}).").format(
            detail=detail)
    if detail.startswith("engine_exit"):
        return QCoreApplication.translate(
            "CallCenter", "The phone could not start: its engine stopped at once (exit code "
            "{code}). The log file says why.").format(
            code=detail.removeprefix("engine_exit").strip())
    if detail == "engine_silent":
        return QCoreApplication.translate(
            "CallCenter", "The phone could not start: its engine did not answer.")
    return QCoreApplication.translate(
        "CallCenter", "The phone could not start: {detail}").format(detail=detail or code)


def message_for(code: str, detail: str = "") -> str:
    messages = {
        "no_such_call": QCoreApplication.translate("CallCenter", "That call has already ended."),
        "not_ringing": QCoreApplication.translate("CallCenter", "The call is no longer ringing."),
        "not_active": QCoreApplication.translate("CallCenter", "The call is not connected."),
        "too_many_calls": QCoreApplication.translate(
            "CallCenter", "You already have the most calls this phone can hold."),
        "not_running": QCoreApplication.translate("CallCenter", "The phone is not running."),
        "engine_restarted": QCoreApplication.translate(
            "CallCenter", "The phone restarted; please try again."),
        "call_failed": QCoreApplication.translate("CallCenter", "The call could not be placed."),
        "hold_failed": QCoreApplication.translate(
            "CallCenter", "The call could not be put on hold."),
        "resume_failed": QCoreApplication.translate("CallCenter", "The call could not be resumed."),
        "transfer_failed": QCoreApplication.translate(
            "CallCenter", "The transfer could not be started."),
        "already_consulting": QCoreApplication.translate(
            "CallCenter", "You are already consulting someone about this call."),
        "not_consulting": QCoreApplication.translate(
            "CallCenter", "That consultation has already ended."),
        "transfer_under_way": QCoreApplication.translate(
            "CallCenter", "The transfer is under way; wait for it to finish."),
        "not_in_conference": QCoreApplication.translate(
            "CallCenter", "That conference has already ended."),
        "dtmf_failed": QCoreApplication.translate(
            "CallCenter", "The keypad tones could not be sent."),
        "bad_dtmf": QCoreApplication.translate(
            "CallCenter", "Only 0-9, *, # and A-D can be sent as tones."),
        "no_such_account": QCoreApplication.translate(
            "CallCenter", "That phone account does not exist."),
        nat.TURN_TRANSPORT_UNSUPPORTED: QCoreApplication.translate(
            "CallCenter", "This version of CaseLine can reach a TURN server over UDP only: "
            "choose UDP as the TURN transport in Settings, Accounts."),
        "empty": QCoreApplication.translate("CallCenter", "Type a number or address to call."),
        "too_long": QCoreApplication.translate("CallCenter", "That number is too long."),
        "bad_characters": QCoreApplication.translate(
            "CallCenter", "That is not a phone number or SIP address."),
        "bad_uri": QCoreApplication.translate("CallCenter", "That SIP address is not valid."),
        "no_domain": QCoreApplication.translate(
            "CallCenter", "Add a phone account, or dial a full SIP address (sip:user@host)."),
        "busy_with_call": QCoreApplication.translate("CallCenter", "Finish the call first."),
        "unknown_break_reason": QCoreApplication.translate(
            "CallCenter", "That break reason is not configured."),
        "record_failed": QCoreApplication.translate(
            "CallCenter", "The call could not be recorded: the recording file could not be "
                          "written."),
        "recording_disabled": QCoreApplication.translate(
            "CallCenter", "Call recording is turned off for this phone."),
        "recording_required": QCoreApplication.translate(
            "CallCenter", "Every call is recorded on this phone; the recording cannot be "
                          "stopped."),
    }
    if code in messages:
        return messages[code]
    if code:
        return labels.error_for(code, detail)  # the store's and the SRs' codes
    return QCoreApplication.translate(
        "CallCenter", "Something went wrong: {detail}").format(detail=(detail or code)[:200])


def recording_trouble(problem: RecordingProblem) -> str:
    """The call must be recorded and is not: why, and that the phone keeps trying."""
    return QCoreApplication.translate(
        "CallCenter", "This call is not being recorded: {reason} Trying again in {seconds} s."
    ).format(reason=message_for(problem.code, problem.detail), seconds=round(problem.retry_in))


def media_problem_text(code: str) -> str:
    """Why a call's media could not start (app.telephony.nat's codes), as a sentence."""
    texts = {
        nat.TURN_AUTH_FAILED: QCoreApplication.translate(
            "CallCenter", "The call could not start: the TURN server refused the TURN user "
            "name or password. Check them in Settings, Accounts."),
        nat.TURN_UNREACHABLE: QCoreApplication.translate(
            "CallCenter", "The call could not start: the TURN server does not answer. Check "
            "its address in Settings, Accounts, and your network."),
        nat.TURN_REFUSED: QCoreApplication.translate(
            "CallCenter", "The call could not start: the TURN server refused to relay it."),
    }
    return texts.get(code) or QCoreApplication.translate(
        "CallCenter", "The call's audio could not be set up.")


def consult_returned_text(event: ConsultEvent) -> str:
    """Why an attended transfer brought the agent back to the caller, in words."""
    target = event.target
    if event.reason == "consult_failed":
        return QCoreApplication.translate(
            "CallCenter", "{target} did not answer. You are back with the caller.").format(
            target=target)
    if event.reason == "consult_ended":
        return QCoreApplication.translate(
            "CallCenter", "{target} hung up before the transfer. You are back with the "
            "caller.").format(target=target)
    if event.reason == "transfer_failed":
        return QCoreApplication.translate(
            "CallCenter", "The caller's phone did not take the transfer to {target} ({code}). "
            "You are back with the caller.").format(target=target, code=event.status_code)
    if event.reason == "caller_left":
        return QCoreApplication.translate(
            "CallCenter", "The caller hung up while waiting on hold.")
    return QCoreApplication.translate(
        "CallCenter", "The transfer to {target} did not go through. You are back with the "
        "caller.").format(target=target)


def conference_text(event: ConferenceEvent) -> str:
    """What the agent is told when a conference moves on without them asking (or to where
    their leaving led); "" when there is nothing to say."""
    if event.state is ConferenceState.BRIDGED:
        return QCoreApplication.translate(
            "CallCenter", "The caller's phone did not take the hand-over to {party} ({code}). "
            "This PC keeps them connected; your microphone and speaker are off. Hang up to "
            "end their call.").format(party=event.party, code=event.status_code)
    if event.state is ConferenceState.HANDED_OVER:
        return QCoreApplication.translate(
            "CallCenter", "You left the conference: the caller and {party} talk on without "
            "you.").format(party=event.party)
    if event.state is ConferenceState.ENDED and event.reason == "party_left":
        return QCoreApplication.translate(
            "CallCenter", "{party} left the conference. You are on a call with the caller "
            "again.").format(party=event.party)
    if event.state is ConferenceState.ENDED and event.reason == "caller_left":
        return QCoreApplication.translate(
            "CallCenter", "The caller left the conference.")
    return ""


def dial_failure(event: CallEvent) -> str:
    """Why our call ended before it connected, when it could not be placed or reached (a far
    end that answers busy or declines is an ordinary outcome, not an error)."""
    if event.media_problem:
        return media_problem_text(event.media_problem)
    target = event.remote.uri
    if event.end_reason is EndReason.UNREACHABLE:
        if event.status_code:
            return QCoreApplication.translate(
                "CallCenter", "{target} could not be reached ({code}).").format(
                target=target, code=event.status_code)
        return QCoreApplication.translate("CallCenter", "{target} could not be reached.").format(
            target=target)
    if event.status_code:
        return QCoreApplication.translate(
            "CallCenter", "The call to {target} failed ({code}).").format(
            target=target, code=event.status_code)
    return QCoreApplication.translate(
        "CallCenter", "The call to {target} could not be placed.").format(target=target)


class CallCenter(QObject):
    call_added = Signal(str)
    call_changed = Signal(str)
    call_removed = Signal(str)  # ended; the info stays readable until the next call
    screen_pop = Signal(str, str)  # call id, stage ("ring" or "answer")
    agent_state_changed = Signal(str, str)  # state code, reason
    wrap_up = Signal(str, float)  # call id, deadline (time.time) — wrap-up began
    health_changed = Signal(object)  # HealthReport
    call_logged = Signal(object)  # CallLogged
    store_problem = Signal(object)  # StoreProblem
    draft_saved = Signal(str, int)  # call id, characters
    call_settled = Signal(object)  # CallSettled: a call's notes are saved, its wrap-up over
    drafts_left = Signal(object)  # DraftsLeft: notes a crash left, found at start
    focus_changed = Signal(str)  # the call the desk works on now ("" when none is live)
    dtmf_received = Signal(str, str)
    error = Signal(str)  # translated, for the status bar and a message box
    audio_path_changed = Signal(str)  # AudioPath value: where the engine sends speech
    consult_changed = Signal()  # an attended transfer began, moved on or ended

    def __init__(self, phone: PhoneApi, tasks: Tasks, parent: QObject | None = None, *,
                 recording: RecordingPolicy | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.tasks = tasks
        if recording is None:
            # The phone enforces the deployment's policy; the UI only mirrors it.
            found = getattr(phone, "recording_policy", None)
            recording = found if isinstance(found, RecordingPolicy) else RecordingPolicy.ON_DEMAND
        self.recording_policy = recording
        self.calls: dict[str, CallInfo] = {}
        self.ended: dict[str, CallInfo] = {}  # the last few ended calls (wrap-up needs them)
        # Who monitors which call now: call id -> monitoring call id -> the latest word of it.
        self.monitoring: dict[str, dict[str, MonitoringChanged]] = {}
        self.state = "offline"
        self.state_reason = ""
        self.after_call = ""  # during a call: the state the agent goes to after it
        self.registrations: dict[str, RegistrationEvent] = {}
        self.engine_state = EngineState.STARTED
        self.audio_path: AudioPath | None = None  # told by the engine when it starts
        self.start_failure: PhoneStartFailed | None = None
        self.store_trouble: StoreProblem | None = None
        # Calls the "always" policy could not record yet (it retries): said until it records.
        self.recording_trouble: dict[str, RecordingProblem] = {}
        self.audio_ok = True
        self.network_ok = True
        self.focused = ""  # current_call()'s id, as last announced by focus_changed
        self._health = HealthReport(Health.OK, "")
        # The attended transfer under way (its latest ConsultEvent), None when there is none.
        self.consult: ConsultEvent | None = None
        # The three-way conference under way (its latest ConferenceEvent: joined, the agent
        # leaving, or bridged by this PC), None when there is none.
        self.conference: ConferenceEvent | None = None
        # Colleagues and their lamps (app.ui.team), for the consult and transfer pickers.
        self.team = Team(self)
        phone.subscribe(lambda event: tasks.main.post(lambda: self._on_event(event)))

    # -- queries ------------------------------------------------------------------------------

    def ringing_calls(self) -> list[CallInfo]:
        return [c for c in self.calls.values() if c.ringing]

    def current_call(self) -> CallInfo | None:
        """The call the controls act on: the live one not on hold, else the newest live one."""
        live = [c for c in self.calls.values() if c.live]
        for call in live:
            if not call.event.held:
                return call
        return live[-1] if live else None

    def info(self, call_id: str) -> CallInfo | None:
        return self.calls.get(call_id) or self.ended.get(call_id)

    def monitors(self, call_id: str | None = None) -> list[MonitoringChanged]:
        """The leaders listening to (whispering on, joined in) a call now, first come first;
        None: on any of the agent's calls (a held one too: a whisper still reaches the agent)."""
        if call_id is not None:
            return list(self.monitoring.get(call_id, {}).values())
        return [m for watching in self.monitoring.values() for m in watching.values()]

    @property
    def health(self) -> HealthReport:
        return self._health

    # -- commands (any button, key or menu ends up here) ---------------------------------------

    def answer(self, call_id: str | None = None) -> None:
        call = self.calls.get(call_id) if call_id else next(iter(self.ringing_calls()), None)
        if call is None or not call.ringing:
            return
        current = self.current_call()
        if current is not None and current.call_id != call.call_id and not current.event.held:
            # Call waiting: the first caller goes on hold, not away.
            self._run(self.phone.call(lambda e: e.hold(current.call_id)))
        self._run(self.phone.call(lambda e: e.answer(call.call_id)))

    def decline(self, call_id: str | None = None) -> None:
        call = self.calls.get(call_id) if call_id else next(iter(self.ringing_calls()), None)
        if call is not None and call.ringing:
            # The engine's decline code: 486 unless the deployment chose 603 ([sip] decline_code).
            self._run(self.phone.call(lambda e: e.reject(call.call_id)))

    def hangup(self, call_id: str | None = None) -> None:
        call = self.calls.get(call_id) if call_id else self.current_call()
        if call is None:
            ringing = [c for c in self.calls.values() if not c.inbound]
            call = ringing[-1] if ringing else None  # cancel our own call while it rings
        if call is not None:
            self._run(self.phone.call(lambda e: e.hangup(call.call_id)))

    def set_hold(self, held: bool, call_id: str | None = None) -> None:
        call = self.calls.get(call_id) if call_id else self._live_for_toggle()
        if call is not None and call.event.state is CallState.ACTIVE:
            cid = call.call_id
            self._run(self.phone.call(lambda e: e.hold(cid) if held else e.resume(cid)))

    def toggle_hold(self) -> None:
        call = self._live_for_toggle()
        if call is not None:
            self.set_hold(not call.event.held, call.call_id)

    def set_mute(self, muted: bool) -> None:
        call = self.current_call()
        if call is not None:
            self._run(self.phone.call(lambda e: e.set_mute(call.call_id, muted)))

    def set_recording(self, on: bool) -> None:
        """Start or stop recording the current call; the events say when it really changed."""
        call = self.current_call()
        if call is None:
            return
        if on:
            self._run(self.phone.start_recording(call.call_id))
        else:
            self._run(self.phone.stop_recording(call.call_id))

    def send_dtmf(self, digits: str) -> None:
        call = self.current_call()
        if call is not None:
            self._run(self.phone.call(lambda e: e.send_dtmf(call.call_id, digits)))

    def transfer(self, target: str) -> None:
        call = self.current_call()
        if call is not None:
            self._run(self.phone.call(lambda e: e.transfer(call.call_id, target)))

    def consult_with(self, target: str, reason_code: str = "", reason: str = "",
                     summary: str = "") -> None:
        """Attended transfer: the current caller on hold, ``target`` called with the SR."""
        call = self.current_call()
        if call is not None and self.consult is None:
            self._run(self.phone.consult(call.call_id, target, reason_code=reason_code,
                                         reason=reason, summary=summary))

    def complete_transfer(self) -> None:
        consult = self.consult
        if consult is not None and consult.outcome is ConsultOutcome.CONSULTING:
            self._run(self.phone.call(
                lambda e: e.complete_transfer(consult.call_id, consult.consult_id)))

    def back_to_caller(self) -> None:
        consult = self.consult
        if consult is not None and consult.outcome is ConsultOutcome.CONSULTING:
            self._run(self.phone.call(lambda e: e.cancel_consult(consult.consult_id)))

    def merge_conference(self) -> None:
        """The consulted party joins the caller and the agent (the caller comes off hold)."""
        consult = self.consult
        if consult is not None and self.conference is None and self.consult_answered():
            self._run(self.phone.call(
                lambda e: e.conference(consult.call_id, consult.consult_id)))

    def leave_conference(self) -> None:
        """The agent leaves; the caller and the consulted party talk on."""
        conference = self.conference
        if conference is not None and conference.state is ConferenceState.JOINED:
            self._run(self.phone.call(lambda e: e.leave_conference(conference.call_id)))

    def drop_party(self) -> None:
        """Hang up the consulted party's leg of the conference: back to the caller alone."""
        conference = self.conference
        if conference is not None and conference.state is ConferenceState.JOINED:
            self._run(self.phone.call(lambda e: e.hangup(conference.consult_id)))

    def in_conference(self, call_id: str) -> bool:
        conference = self.conference
        return conference is not None and call_id in (conference.call_id,
                                                      conference.consult_id)

    def consult_answered(self) -> bool:
        """The consulted party is on the line: the transfer can be completed."""
        consult = self.consult
        call = self.calls.get(consult.consult_id) if consult is not None else None
        return (consult is not None and consult.outcome is ConsultOutcome.CONSULTING
                and call is not None and call.event.state is CallState.ACTIVE)

    def dial(self, target: str, case_number: str = "", account: str | None = None
             ) -> Future[str]:
        """Place a call (bound to the SR ``case_number``, if any); the future's result is
        the engine's call id (app.ui.callbacks follows its callback's call by it)."""
        placed = self.phone.dial(target, account=account, case_number=case_number)
        self._run(placed)
        return placed

    def set_agent_state(self, state: str, reason: str = "") -> None:
        self._run(self.phone.set_agent_state(state, reason))

    def set_disposition(self, call_id: str, code: str) -> None:
        self._run(self.phone.set_disposition(call_id, code))

    def save_note_draft(self, call_id: str, text: str, language: str = "") -> None:
        if call_id:
            self._run(self.phone.save_note_draft(call_id, text, language))

    def wrap_up_changed(self, call_id: str, code: str, note: str, language: str = "") -> None:
        if call_id:
            self._run(self.phone.wrap_up_changed(call_id, code, note, language))

    def finish_wrap_up(self, call_id: str, *, code: str = "", note: str | None = None,
                       language: str = "", call_note: str | None = None,
                       call_language: str = "") -> None:
        """The wrap-up of ``call_id`` is over: everything the agent chose and typed for it."""
        if call_id:
            self._run(self.phone.finish_wrap_up(
                call_id, code=code, note=note, language=language, call_note=call_note,
                call_language=call_language))

    def settle_left_drafts(self, keys: list[str], save: bool) -> None:
        self._run(self.phone.settle_left_drafts(keys, save))

    def set_agent_name(self, name: str) -> None:
        self._run(self.phone.set_agent_name(name))

    def bind_case(self, call_id: str, case_id: uuid.UUID, label: str = "") -> None:
        """The agent chose or created the SR of this call (``label``: its number and title)."""
        for calls in (self.calls, self.ended):
            if call_id in calls:
                calls[call_id] = replace(calls[call_id], case_id=case_id, case_label=label)
        self._run(self.phone.bind_case(call_id, case_id))
        self.call_changed.emit(call_id)

    def set_case_label(self, call_id: str, case_id: uuid.UUID, label: str) -> None:
        """Name the SR a call works on (the call panel shows it), once the SR is loaded."""
        for calls in (self.calls, self.ended):
            call = calls.get(call_id)
            if call is not None and call.case_id == case_id and call.case_label != label:
                calls[call_id] = replace(call, case_label=label)
                self.call_changed.emit(call_id)

    def set_account(self, spec: AccountSpec, password: str | None,
                    turn_password: str | None = None) -> None:
        self._run(self.phone.set_account(spec, password, turn_password))

    def remove_account(self, name: str) -> None:
        self.registrations.pop(name, None)
        self._run(self.phone.remove_account(name))
        self._update_health()

    def set_audio_ok(self, ok: bool) -> None:
        self.audio_ok = ok
        self._update_health()

    def set_network_ok(self, ok: bool) -> None:
        self.network_ok = ok
        self._update_health()

    def _live_for_toggle(self) -> CallInfo | None:
        live = [c for c in self.calls.values() if c.live]
        return live[-1] if live else None

    def _run(self, future: Future[Any]) -> None:
        self.tasks.watch(future, self, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        log.warning("command failed: %s", exc)
        self.error.emit(error_message(exc))

    # -- events (UI thread) --------------------------------------------------------------------

    def _on_event(self, event: object) -> None:
        if isinstance(event, CallEvent):
            self._on_call(event)
        elif isinstance(event, ScreenPop):
            self._on_screen_pop(event)
        elif isinstance(event, AgentStateChanged):
            self.state, self.state_reason = event.state, event.reason
            self.after_call = event.after
            self.agent_state_changed.emit(event.state, event.reason)
            if event.state == "wrap-up":
                self.wrap_up.emit(event.call_id, event.wrap_up_until)
            self._update_health()
        elif isinstance(event, CallLogged):
            self._on_logged(event)
        elif isinstance(event, RegistrationEvent):
            self.registrations[event.account] = event
            self._update_health()
        elif isinstance(event, EngineEvent):
            self.engine_state = event.state
            if event.audio is not None and event.audio != self.audio_path:
                self.audio_path = event.audio
                self.audio_path_changed.emit(event.audio.value)
            self._update_health()
        elif isinstance(event, StoreProblem):
            self.store_trouble = None if event.resolved else event
            self.store_problem.emit(event)
            self._update_health()
        elif isinstance(event, PhoneStartFailed):
            self.start_failure = event
            self.error.emit(start_failure_text(event.code, event.detail))
            self._update_health()
        elif isinstance(event, RecordingProblem):
            self._on_recording_problem(event)
        elif isinstance(event, NoteDraftSaved):
            self.draft_saved.emit(event.call_id, event.chars)
        elif isinstance(event, CallSettled):
            self.call_settled.emit(event)
        elif isinstance(event, DraftsLeft):
            self.drafts_left.emit(event)
        elif isinstance(event, DtmfEvent):
            self.dtmf_received.emit(event.call_id, event.digit)
        elif isinstance(event, MonitoringChanged):
            self._on_monitoring(event)
        elif isinstance(event, ConsultEvent):
            self._on_consult(event)
        elif isinstance(event, ConferenceEvent):
            self._on_conference(event)
        elif isinstance(event, ColleagueState):
            self.team.on_state(event)
        elif (isinstance(event, TransferEvent) and event.final
              and not 200 <= event.status_code < 300
              and (self.consult is None or self.consult.call_id != event.call_id)):
            # (An attended transfer's failure is said by its ConsultEvent.)
            self.error.emit(QCoreApplication.translate(
                "CallCenter", "The transfer to {target} failed ({code}).").format(
                target=event.target, code=event.status_code))

    def _on_consult(self, event: ConsultEvent) -> None:
        under_way = event.outcome in (ConsultOutcome.CONSULTING, ConsultOutcome.TRANSFERRING)
        self.consult = event if under_way else None
        # (A conference's consult that ends is said by its ConferenceEvent.)
        if event.outcome is ConsultOutcome.RETURNED and event.reason != "cancelled" \
                and not self.in_conference(event.consult_id):
            self.error.emit(consult_returned_text(event))
        self.consult_changed.emit()
        for call_id in (event.call_id, event.consult_id):
            if call_id in self.calls:
                self.call_changed.emit(call_id)

    def _on_conference(self, event: ConferenceEvent) -> None:
        under_way = event.state in (ConferenceState.JOINED, ConferenceState.LEAVING,
                                    ConferenceState.BRIDGED)
        self.conference = event if under_way else None
        text = conference_text(event)
        if text:
            self.error.emit(text)
        self.consult_changed.emit()
        for call_id in (event.call_id, event.consult_id):
            if call_id in self.calls:
                self.call_changed.emit(call_id)

    def _on_recording_problem(self, problem: RecordingProblem) -> None:
        if problem.recovered:
            if self.recording_trouble.pop(problem.call_id, None) is not None:
                self.error.emit(QCoreApplication.translate(
                    "CallCenter", "The call is being recorded now."))
        elif problem.call_id in self.calls:
            if problem.call_id not in self.recording_trouble:  # said once, kept in the health
                self.error.emit(recording_trouble(problem))
            self.recording_trouble[problem.call_id] = problem
        self._update_health()

    def _on_monitoring(self, event: MonitoringChanged) -> None:
        watching = self.monitoring.setdefault(event.call_id, {})
        if event.active:
            watching[event.monitor_id] = event
        else:
            watching.pop(event.monitor_id, None)
            if not watching:
                del self.monitoring[event.call_id]
        if event.call_id in self.calls:
            self.call_changed.emit(event.call_id)  # the call panel says who is listening

    def _on_call(self, event: CallEvent) -> None:
        self._apply_call(event)
        self._follow_focus()

    def _apply_call(self, event: CallEvent) -> None:
        call = self.calls.get(event.call_id)
        if event.state is CallState.ENDED:
            if call is None:
                return
            del self.calls[event.call_id]
            self.monitoring.pop(event.call_id, None)  # its monitors were hung up with it
            if self.recording_trouble.pop(event.call_id, None) is not None:
                self._update_health()
            self.ended[event.call_id] = replace(call, event=event)
            if (not call.inbound and call.answered_at is None
                    and event.end_reason in (EndReason.UNREACHABLE, EndReason.FAILED)):
                self.error.emit(dial_failure(event))  # its log says "failed"; so does the UI
            while len(self.ended) > 20:
                del self.ended[next(iter(self.ended))]
            self.call_removed.emit(event.call_id)
            return
        if call is None:
            waiting = any(c.live for c in self.calls.values())
            call = CallInfo(event.call_id, event, waiting=waiting)
            old = self.info(event.replaces) if event.replaces else None
            if old is not None:
                # The conversation goes on in this call: with the SR the agent was on.
                call = replace(call, case_id=old.case_id, case_label=old.case_label)
            self.calls[event.call_id] = call
            self.call_added.emit(event.call_id)
            return
        answered = call.answered_at
        if event.state is CallState.ACTIVE and answered is None:
            answered = event.at
        self.calls[event.call_id] = replace(call, event=event, answered_at=answered)
        self.call_changed.emit(event.call_id)

    def _follow_focus(self) -> None:
        """The desk follows the call it is on: announce when that call changes."""
        current = self.current_call()
        focused = current.call_id if current is not None else ""
        if focused != self.focused:
            self.focused = focused
            self.focus_changed.emit(focused)

    def _on_screen_pop(self, pop: ScreenPop) -> None:
        for calls in (self.calls, self.ended):
            call = calls.get(pop.call_id)
            if call is not None:
                case_id = call.case_id or pop.resolution.case_id
                calls[pop.call_id] = replace(call, resolution=pop.resolution, case_id=case_id,
                                             handoff=pop.handoff or call.handoff)
                self.screen_pop.emit(pop.call_id, pop.stage)
                return

    def _on_logged(self, logged: CallLogged) -> None:
        for calls in (self.calls, self.ended):
            if logged.call_id in calls:
                calls[logged.call_id] = replace(calls[logged.call_id], log_id=logged.log_id)
        self.call_logged.emit(logged)

    # -- health -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """The UI language changed: the health report is sentences made in the old one. (Not
        a widget, the centre gets no LanguageChange; the health indicator passes it on.)"""
        self._update_health()

    def _update_health(self) -> None:
        report = self._assess()
        if report != self._health:
            self._health = report
            self.health_changed.emit(report)

    def _assess(self) -> HealthReport:
        down: list[str] = []
        warn: list[str] = []
        if self.start_failure is not None:
            down.append(start_failure_text(self.start_failure.code, self.start_failure.detail))
        if self.engine_state is EngineState.CRASHED:
            down.append(QCoreApplication.translate(
                "CallCenter", "The phone engine stopped; restarting…"))
        elif self.engine_state is EngineState.STOPPED:
            down.append(QCoreApplication.translate("CallCenter", "The phone is stopped."))
        for name, reg in sorted(self.registrations.items()):
            if reg.state in (RegState.FAILED, RegState.UNREACHABLE):
                state = labels.registration(reg.state.value)
                down.append(QCoreApplication.translate(
                    "CallCenter", "{account}: {state}. Calls will not reach you.").format(
                    account=name, state=state))
            elif reg.state in (RegState.RETRYING, RegState.REGISTERING,
                               RegState.UNREGISTERED):
                warn.append(f"{name}: {labels.registration(reg.state.value)}")
        if not self.network_ok:
            down.append(QCoreApplication.translate("CallCenter", "No network connection."))
        if not self.audio_ok:
            # Calls still ring and connect; the caller would not hear the agent.
            warn.append(QCoreApplication.translate(
                "CallCenter", "No microphone or speaker found."))
        if self.store_trouble is not None:
            warn.append(message_for(self.store_trouble.code))
        warn += [recording_trouble(p) for p in self.recording_trouble.values()]
        # The phone refuses calls (486/480) in these states: say so, they will not ring.
        if self.state in ("offline", "break"):
            warn.append(QCoreApplication.translate(
                "CallCenter", "Not taking calls: {state}.").format(
                state=labels.agent_state(self.state)))
        elif self.after_call in ("offline", "break"):
            warn.append(QCoreApplication.translate(
                "CallCenter", "Not taking new calls: {state} after this call.").format(
                state=labels.agent_state(self.after_call)))
        if down:
            return HealthReport(Health.DOWN, down[0], tuple(down + warn))
        if warn:
            return HealthReport(Health.WARNING, warn[0], tuple(warn))
        registered = [n for n, r in self.registrations.items() if r.state is RegState.REGISTERED]
        if registered:
            summary = QCoreApplication.translate(
                "CallCenter", "Ready for calls ({accounts})").format(accounts=", ".join(registered))
        else:
            summary = QCoreApplication.translate("CallCenter", "Ready for direct calls")
        return HealthReport(Health.OK, summary)

