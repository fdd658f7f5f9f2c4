"""Immutable events the telephony engine emits.

Every pjsua2 callback becomes one of these frozen dataclasses, delivered on the thread that pumps
the engine. They carry plain Python values only, so they can cross a process boundary (pickle) and
be logged as JSON without touching pjsua2.
"""

from __future__ import annotations

import dataclasses
import enum
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# The account of direct-IP calls (no registrar): a call's ``account`` names it when it came to
# this PC's address, not through a registrar that authenticated its sender.
DIRECT_ACCOUNT = "direct"


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallState(enum.StrEnum):
    INCOMING = "incoming"  # inbound, ringing here
    CALLING = "calling"  # outbound, INVITE sent
    RINGING = "ringing"  # outbound, the far end rings (18x)
    CONNECTING = "connecting"  # 200 sent or received, ACK pending
    ACTIVE = "active"  # confirmed dialog
    ENDED = "ended"


class EndReason(enum.StrEnum):
    LOCAL_HANGUP = "local_hangup"
    REMOTE_HANGUP = "remote_hangup"
    MISSED = "missed"  # the caller gave up before anyone answered
    REJECTED = "rejected"  # we answered the INVITE with an error (486/603/...)
    CANCELLED = "cancelled"  # we hung up our own call before it was answered (CANCEL)
    DECLINED = "declined"  # the far end refused our call
    BUSY = "busy"  # far end 486/600
    UNREACHABLE = "unreachable"  # timeout, transport error, 404, 408, 480, 503 ...
    TRANSFERRED = "transferred"  # blind transfer accepted, or replaced (RFC 3891); released
    OVER_CAPACITY = "over_capacity"  # refused by us because the engine was full
    ENGINE_FAILURE = "engine_failure"  # the SIP stack died under the call
    FAILED = "failed"


class RegState(enum.StrEnum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"  # the registrar refused (401/403/404): needs the user, no retry
    RETRYING = "retrying"  # transient failure, will retry after ``retry_in`` seconds
    UNREACHABLE = "unreachable"  # the registrar stopped answering while we were registered


class DtmfMethod(enum.StrEnum):
    RFC4733 = "rfc4733"
    SIP_INFO = "info"


class EngineState(enum.StrEnum):
    STARTED = "started"
    STOPPED = "stopped"
    CRASHED = "crashed"  # the native stack died; a restart follows
    RESTARTED = "restarted"


class AudioPath(enum.StrEnum):
    NATIVE = "native"  # pjsua2's own sound devices
    BRIDGE = "bridge"  # frames to the desktop's sound path (app.telephony.frames)
    NULL = "null"  # no sound at all (headless agents, load tests)


@dataclass(frozen=True, slots=True)
class Headers(Mapping[str, str]):
    """SIP headers of a message, in order, looked up case-insensitively.

    Repeated headers keep every value in ``items``; mapping access returns the first one.
    """

    items_: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Headers:
        return cls(tuple((str(k), str(v)) for k, v in pairs))

    def __getitem__(self, key: str) -> str:
        wanted = key.lower()
        for name, value in self.items_:
            if name.lower() == wanted:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for name, _ in self.items_:
            if name.lower() not in seen:
                seen.add(name.lower())
                yield name

    def __len__(self) -> int:
        return len({name.lower() for name, _ in self.items_})

    def get_all(self, key: str) -> list[str]:
        wanted = key.lower()
        return [value for name, value in self.items_ if name.lower() == wanted]

    def extension_headers(self) -> dict[str, str]:
        """The ``X-*`` headers, which IVRs and PBXs use to pass context."""
        return {name: value for name, value in self.items_ if name.lower().startswith("x-")}


@dataclass(frozen=True, slots=True)
class RemoteParty:
    uri: str  # the bare SIP URI, no display name, no tag
    display_name: str = ""
    user: str = ""  # the user part: usually the caller's number

    @property
    def label(self) -> str:
        return self.display_name or self.user or self.uri


def _now() -> float:
    return time.time()


@dataclass(frozen=True, slots=True)
class CallEvent:
    call_id: str  # the engine's own id, stable across the call's life
    state: CallState
    direction: Direction
    account: str
    remote: RemoteParty
    sip_call_id: str = ""
    headers: Headers = field(default_factory=Headers)  # of the initial INVITE (inbound)
    status_code: int = 0
    reason: str = ""
    end_reason: EndReason | None = None
    held: bool = False  # we put the far end on hold
    remote_held: bool = False  # the far end put us on hold
    muted: bool = False
    recording: bool = False  # a recorder is writing this call to ``recording_path``
    recording_path: str = ""  # the current file, or the last one after it stopped
    # The call this one replaced (an INVITE with Replaces, RFC 3891: an attended transfer to
    # us): pjsua answered it at once; the replaced call ends as TRANSFERRED.
    replaces: str = ""
    # Why the call's media could not start, as a code of app.telephony.nat (a wrong TURN
    # password: turn_auth_failed); "" when it did.
    media_problem: str = ""
    # A consult call (``consult``, an attended transfer): the id of the call it consults for,
    # whose caller waits on hold meanwhile.
    consult_for: str = ""
    # In a three-way conference (``conference``, engine.conference): the id of the other call
    # it is mixed with (the caller's call names the consult, the consult names the caller).
    conference_with: str = ""
    at: float = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class DtmfEvent:
    call_id: str
    digit: str
    method: DtmfMethod
    at: float = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class TransferEvent:
    """Progress of a blind transfer we started (the NOTIFYs of our REFER)."""

    call_id: str
    target: str
    status_code: int
    reason: str
    final: bool
    at: float = field(default_factory=_now)


class ConsultOutcome(enum.StrEnum):
    CONSULTING = "consulting"  # the consult call is placed; the caller is on hold
    TRANSFERRING = "transferring"  # the REFER with Replaces went to the caller
    COMPLETED = "completed"  # the caller now talks to the target; both our calls end
    RETURNED = "returned"  # back to the caller (resumed): cancelled, or the transfer failed


@dataclass(frozen=True, slots=True)
class ConsultEvent:
    """An attended transfer's steps (``consult``, ``complete_transfer``, ``cancel_consult``).
    RETURNED says why in ``reason`` (a stable code for translation): cancelled (the agent
    went back), consult_failed (the target never answered), consult_ended (the target hung
    up), transfer_failed (the caller's side refused or failed the REFER: ``status_code``),
    caller_left (the caller hung up meanwhile: nothing to resume)."""

    call_id: str  # the caller's call
    consult_id: str
    target: str  # the consulted party's URI
    outcome: ConsultOutcome
    reason: str = ""
    status_code: int = 0
    at: float = field(default_factory=_now)


class ConferenceState(enum.StrEnum):
    JOINED = "joined"  # the agent, the caller and the consulted party all hear each other
    LEAVING = "leaving"  # the agent left: a REFER with Replaces hands the caller to the party
    HANDED_OVER = "handed_over"  # the caller and the party talk on without us; our calls end
    BRIDGED = "bridged"  # the caller's side refused the REFER: this PC joins the two, the
    # agent's microphone and speaker disconnected, until either of them hangs up
    ENDED = "ended"  # over without a hand-over (``reason``): back to one plain call, or none


@dataclass(frozen=True, slots=True)
class ConferenceEvent:
    """A three-way conference made of a consult (``conference``, ``leave_conference``).
    ENDED says why in ``reason``: party_left (the consulted party hung up: the agent and the
    caller talk on), caller_left (the caller hung up: the agent and the party talk on, or,
    once the agent had left, the party's call ends too). BRIDGED carries the refusal's
    ``status_code`` (0: the REFER could not be sent)."""

    call_id: str  # the caller's call
    consult_id: str  # the consulted party's call
    caller: str  # the caller's URI
    party: str  # the consulted party's URI (the translator)
    state: ConferenceState
    reason: str = ""
    status_code: int = 0
    at: float = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class CallQuality:
    """A call's media quality over its last few seconds (app.telephony.quality): every
    ``EngineConfig.quality_interval`` seconds while the call is connected, and once more
    (``final``) when it ends, just before its ENDED event. ``None``: not measured (no RTCP
    report yet for the round trip; too few packets in the window for loss and MOS)."""

    call_id: str
    loss_pct: float | None  # packets lost, percent, the worse of the two directions
    jitter_ms: float | None  # interarrival jitter, the worse direction
    rtt_ms: float | None  # round trip, from RTCP
    mos: float | None  # E-model estimate, 1..4.5
    final: bool = False
    at: float = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class RegistrationEvent:
    account: str
    state: RegState
    status_code: int = 0
    reason: str = ""
    expires: int = 0
    retry_in: float = 0.0
    at: float = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class RejectedCallEvent:
    """An INVITE the stack refused before it became a call (over capacity, bad request)."""

    remote: str
    status_code: int
    reason: str
    sip_call_id: str = ""
    at: float = field(default_factory=_now)
    display_name: str = ""  # the caller's, cleaned (a refused caller is logged as missed)
    user: str = ""  # the user part of ``remote``: usually the caller's number


@dataclass(frozen=True, slots=True)
class EngineEvent:
    state: EngineState
    detail: str = ""
    audio: AudioPath | None = None  # on STARTED: where the engine sends and takes speech
    at: float = field(default_factory=_now)


# The header a leader's CaseLine puts on the INVITE that monitors an agent's call: the
# one-time token of a grant written to the centre (migration 0013). An INVITE carrying it
# never rings: the agent's CaseLine claims the grant and answers it itself, or refuses it.
MONITOR_HEADER = "X-CaseLine-Monitor"


class MonitorMode(enum.StrEnum):
    LISTEN = "listen"  # the leader hears the caller and the agent; nobody hears the leader
    WHISPER = "whisper"  # ... and the agent hears the leader, the caller does not
    BARGE = "barge"  # a three-way call: everyone hears everyone


@dataclass(frozen=True, slots=True)
class MonitorRequestEvent:
    """An INVITE carrying MONITOR_HEADER: held unanswered (no 180, nothing rings) until its
    owner accepts it (``accept_monitor``) or refuses it (``refuse_monitor``); refused by the
    engine itself with 408 after a few seconds without an answer."""

    call_id: str
    # The header's value, cleaned; the grant decides what it is worth. Kept out of reprs and
    # of event_to_dict (the headless agent's JSON, logs): it is a credential until used.
    token: str = field(repr=False, metadata={"secret": True})
    remote: RemoteParty
    sip_call_id: str = ""
    at: float = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class MonitorEvent:
    """A monitoring call accepted on ``target`` (one of the agent's calls) is up (``active``),
    or a monitoring call is over (``active`` False: the leader hung up, the agent's call
    ended, the engine stopped; or, with ``target`` "", a request refused or never accepted).
    """

    call_id: str  # the monitoring call's own id
    target: str  # the monitored call ("" until accepted)
    mode: MonitorMode
    active: bool
    at: float = field(default_factory=_now)

class Lamp(enum.StrEnum):
    """A colleague's lamp on the team list, from the presence the registrar serves."""

    FREE = "free"  # online, on no call
    RINGING = "ringing"  # a call rings at their phone
    BUSY = "busy"  # on a call (or on hold)
    AWAY = "away"  # online but away from the desk
    OFFLINE = "offline"  # the presence server knows no phone of theirs
    UNKNOWN = "unknown"  # not known yet, or the server could not say (a timeout, a 404)
    # The registrar serves no presence (489 Bad Event, 405, 501): a plain list, no lamp.
    NO_PRESENCE = "no_presence"


@dataclass(frozen=True, slots=True)
class ColleagueState:
    """A colleague watched with ``watch_colleagues`` (app.telephony.engine.presence): their
    lamp, on every change. ``note``: what their phone published, cleaned; ``status_code``:
    the SUBSCRIBE's refusal, when it was refused."""

    account: str
    uri: str
    lamp: Lamp
    note: str = ""
    status_code: int = 0
    at: float = field(default_factory=_now)


Event = (CallEvent | DtmfEvent | TransferEvent | RegistrationEvent | RejectedCallEvent
         | EngineEvent | MonitorRequestEvent | MonitorEvent | CallQuality | ConsultEvent
         | ConferenceEvent | ColleagueState)


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-ready view of an event, with its type name under ``event``."""
    out: dict[str, Any] = {"event": type(event).__name__}
    for f in dataclasses.fields(event):
        if f.metadata.get("secret"):
            continue
        value = getattr(event, f.name)
        if isinstance(value, Headers):
            value = [list(pair) for pair in value.items_]
        elif isinstance(value, RemoteParty):
            value = dataclasses.asdict(value)
        elif isinstance(value, enum.Enum):
            value = value.value
        out[f.name] = value
    return out
