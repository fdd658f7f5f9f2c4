"""What every part of the pjsua2 engine shares: its records of calls and accounts, the pjsua2
subclasses whose callbacks lead back into the engine, and the engine's state and helpers.

No pjsua2 object leaves this package: callers see ids (str) and events (app.telephony.events).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import secrets
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import pjsua2 as pj

from app.telephony.api import dispatch
from app.telephony.engine.mediagate import MediaGate, TickWitness, call_slots
from app.telephony.engine.players import Players
from app.telephony.errors import TelephonyError
from app.telephony.events import (
    DIRECT_ACCOUNT,
    AudioPath,
    CallEvent,
    CallState,
    Direction,
    EndReason,
    Event,
    Headers,
    RegState,
    RemoteParty,
)
from app.telephony.guard import SocketBudget
from app.telephony.sipmsg import (
    clean_text,
    scrub,
)

if TYPE_CHECKING:
    import socket

    from app.telephony.config import AccountSpec, EngineConfig, Transport
    from app.telephony.engine import PjsuaEngine
    from app.telephony.engine.media import _BridgePort
    from app.telephony.engine.monitoring import _Monitor
    from app.telephony.frames import SocketFrames
    from app.telephony.netwatch import NetworkWatch
    from app.telephony.probe import RegistrarProbe
    from app.telephony.quality import QualityMeter

log = logging.getLogger(__name__)


siplog = logging.getLogger("caseline.sip")


Listener = Callable[[Event], None]


DIRECT = DIRECT_ACCOUNT  # the account name of the built-in direct-IP (registrar-less) account

# How long pump() may wait while a call is up: what pjmedia's clock thread reports (media
# events, pjsua2 queues them for the pump; a player's end) is taken up on the pump's next turn.
CALL_WAIT_MS = 5

POLL_WAIT_MS = 10  # the longest wait when wake() cannot reach the stack (no UDP transport)


class _LogWriter(pj.LogWriter):
    """pjsip's log into Python logging, with credentials scrubbed. Any thread may call this."""

    def write(self, entry: Any) -> None:
        try:
            level = logging.DEBUG if entry.level >= 4 else logging.INFO
            if entry.level <= 1:
                level = logging.ERROR
            elif entry.level == 2:
                level = logging.WARNING
            siplog.log(level, "%s", scrub(entry.msg.rstrip()))
        except Exception:  # noqa: S110 - an exception here would unwind through C
            pass



@dataclass
class _CallRecord:
    call_id: str
    direction: Direction
    account: str
    remote: RemoteParty
    pj_call: Any = None
    sip_call_id: str = ""
    headers: Headers = field(default_factory=Headers)
    state: CallState = CallState.CALLING
    answered: bool = False  # 2xx seen: a hang-up is a hang-up, not a missed call
    released: bool = False  # answered or rejected: the stack may free its slot
    held: bool = False
    remote_held: bool = False
    muted: bool = False
    local_end: EndReason | None = None  # why we ended it, if we did
    pending: tuple[str, int] | None = None  # ('answer'|'reject', code) held back by the guard
    answer_at: float | None = None  # auto-answer due time
    transfer_target: str = ""
    audio_connected: bool = False
    recorder: Any = None  # pj.AudioMediaRecorder while recording
    recording_path: str = ""  # the current file, or the last one once stopped
    player: _Player | None = None  # a sound played into the call (play_to_call) until its end
    hold_music: Any = None  # pj.AudioMediaPlayer (looped) while we hold the call, if configured
    replaces: str = ""  # the record id of the call this one replaced (RFC 3891)
    # The account the call was made on: it outlives an edit or removal of that name while the
    # call lasts (the call's transfer resolves numbers with that account's domain).
    acc: _AccountRecord | None = None
    media_problem: str = ""  # app.telephony.nat's code when the media transport failed
    # Call quality (app.telephony.quality): from the call's confirmation to its end, sampled
    # every quality_interval seconds from quality_due on (engine clock).
    quality: QualityMeter | None = None
    quality_due: float = 0.0
    # A leader's call monitoring one of ours (engine.monitoring): never a CallEvent.
    monitor: _Monitor | None = None
    # A consult call (engine.consult): the call whose caller waits on hold for it.
    consult_for: str = ""
    # The dialog's (local, remote) tags, from its 2xx (engine.consult): a Replaces names them.
    dialog_tags: tuple[str, str] = ("", "")
    # In a three-way conference (engine.conference): the other call it is mixed with.
    conference_with: str = ""



@dataclass
class _AccountRecord:
    spec: AccountSpec
    pj_acc: Any = None
    state: RegState = RegState.UNREGISTERED
    backoff: float = 0.0
    retry_at: float | None = None
    probe: RegistrarProbe | None = None
    want_registered: bool = True
    # A REGISTER transaction is under way; pjsip refuses a second until it ends (EBUSY).
    reg_pending: bool = False
    unregistering: bool = False  # ... and it is an un-REGISTER



class _PjAccount(pj.Account):
    def __init__(self, engine: PjsuaEngine, name: str) -> None:
        super().__init__()
        self._engine = engine
        self._name = name
        # Edited or removed under a live call: its name may already be a new account's, whose
        # registration state its un-REGISTER's answer must not set.
        self.retired = False

    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802 - pjsua2's name
        self._engine._guarded(self._engine._on_incoming_call, self._name, prm)

    def onRegState(self, prm: Any) -> None:  # noqa: N802
        if not self.retired:
            self._engine._guarded(self._engine._on_reg_state, self._name, prm)

    def onIncomingSubscribe(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_incoming_subscribe, prm)  # engine.presence



class _PjCall(pj.Call):
    def __init__(self, engine: PjsuaEngine, acc: Any, call_id: str, pj_id: int = -1) -> None:
        if pj_id >= 0:
            super().__init__(acc, pj_id)
        else:
            super().__init__(acc)
        self._engine = engine
        self.pj_acc = acc
        self.record_id = call_id
        # The pjsua call this object stands for (-1 until known): pjsua2 hands a Call the
        # callbacks of another call in one case (a Replaces of a call already hanging up).
        self.pj_id = pj_id
        # The Call made for the call replacing this one, with its record, from the Replaces
        # request to its onCallReplaced: only a Python reference keeps it alive.
        self.replacement: tuple[_PjCall, _CallRecord] | None = None

    def hangup(self, prm: Any) -> None:
        # Every hangup of ours goes through here: the call's media is quiet first (mediagate).
        gate = self._engine._gate
        if gate is None:
            super().hangup(prm)
            return
        slots = call_slots(self)
        gate.close(slots)
        try:
            super().hangup(prm)
        except pj.Error:
            gate.reopen(slots)  # the call goes on: so does its audio
            raise

    def onCallState(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._note_dialog, self, prm)
        self._engine._guarded(self._engine._on_call_state, self)

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_call_media, self)

    def onCallMediaTransportState(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_media_transport, self, prm)

    def onStreamDestroyed(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_stream_destroyed, self, prm)

    def onCallReplaceRequest(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_replace_request, self, prm)

    def onCallReplaced(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_call_replaced, self, prm)

    def onDtmfDigit(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_dtmf, self, prm)

    def onCallTransferStatus(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_transfer_status, self, prm)

    def onCallTransferRequest(self, prm: Any) -> None:  # noqa: N802
        # A peer asking us to call someone else: an agent's phone does not obey that silently.
        prm.statusCode = 603



def _destroy(director: Any) -> None:
    """Delete a pjsua2 object whose callbacks run on pjmedia's clock thread (a port, a player).

    Dropping the last reference is not enough: SWIG deletes the C++ side with the GIL released,
    from inside the Python object's deallocation, and a clock tick arriving then calls back into
    an object half freed (a double free in Python's heap, then a segfault later on any thread).
    Deleting the C++ side first, while the Python object is whole, leaves such a tick harmless;
    the delete disowns the object, so its deallocation deletes nothing.
    """
    if director is not None:
        type(director).__swig_destroy__(director)



class _Player(pj.AudioMediaPlayer):
    """A WAV played once. pjmedia reports its end from its own thread, where the player may not
    be destroyed: the pump drops it once ``finished`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.finished = False

    def onEof2(self) -> None:  # noqa: N802 - pjsua2's name
        self.finished = True  # one store of a bool: nothing here may raise into C



class _PjEndpoint(pj.Endpoint):
    def __init__(self, engine: PjsuaEngine) -> None:
        super().__init__()
        self._engine = engine

    def onRejectedIncomingCall(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_rejected_call, prm)



_PJ_STATE = {
    pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.RINGING,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.ACTIVE,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.ENDED,
}



class EngineCore:
    """The engine's state, its event queue and the lookups every part uses."""

    def __init__(
        self, config: EngineConfig, *, clock: Callable[[], float] = time.monotonic,
        frames: SocketFrames | None = None,
    ) -> None:
        self.config = config
        # Where there is no native sound device, speech goes through this channel (None: the
        # null device, e.g. a headless agent or a load test).
        self._frames = frames
        self._port: _BridgePort | None = None
        # The clock thread's visits to our port (the bridge's, else _tick_port), and the gate
        # that quiets a call's media before it is torn down (app.telephony.engine.mediagate).
        self._witness = TickWitness()
        self._tick_port: Any = None
        self._gate: MediaGate | None = None
        self._players = Players()  # every file player, made and destroyed there (players.py)
        self.audio_path = AudioPath.NULL
        self._clock = clock
        self._listeners: list[Listener] = []
        self._queue: deque[Event] = deque()
        self._ep: Any = None
        self._writer: _LogWriter | None = None
        self._accounts: dict[str, _AccountRecord] = {}
        # Accounts edited or removed while calls of theirs were live: shut down at their last
        # call's end (or at stop), never under a live call.
        self._retired: list[_AccountRecord] = []
        self._refusing = 0  # refuse_calls(): the code new INVITEs get at once, 0 when they ring
        self._refused: dict[str, float] = {}  # Call-ID -> when the stack refused it (calls.py)
        self._calls: dict[str, _CallRecord] = {}
        self._transport_ids: dict[Transport, int] = {}
        self._stun_servers: list[str] = []  # the endpoint's, in pjsua's order
        self._ids = itertools.count(1)
        # Call ids stay unique across engine restarts (a supervised engine is started anew).
        self._id_prefix = secrets.token_hex(3)
        self._budget = SocketBudget(fixed=0, max_calls=4, clock=clock)
        self._netwatch: NetworkWatch | None = None
        self._next_netcheck = 0.0
        # wake(): a datagram to our own UDP transport ends a waiting libHandleEvents at once;
        # pjsip drops packets this small without a word (sip_transport_udp.c, MIN_SIZE).
        self._waker: socket.socket | None = None
        self._wake_to: Any = None
        self._running = False
        self.local_port = 0

    @property
    def running(self) -> bool:
        return self._running

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    @property
    def _whole(self) -> PjsuaEngine:
        """This engine as the whole it is part of: pjsua2's callbacks lead to any of its parts."""
        return cast("PjsuaEngine", self)

    def _dispatch(self) -> None:
        dispatch(self._queue, self._listeners)

    def _emit(self, event: Event) -> None:
        self._queue.append(event)

    def _guarded(self, handler: Callable[..., None], *args: Any) -> None:
        """Run a callback body; an exception must never unwind into the C stack."""
        try:
            handler(*args)
        except Exception:
            log.exception("error in SIP callback %s", getattr(handler, "__name__", handler))

    def _event(self, record: _CallRecord, *, code: int = 0, reason: str = "",
               end: EndReason | None = None) -> CallEvent:
        return CallEvent(
            call_id=record.call_id,
            state=record.state,
            direction=record.direction,
            account=record.account,
            remote=record.remote,
            sip_call_id=record.sip_call_id,
            headers=record.headers,
            status_code=code,
            reason=reason,
            end_reason=end,
            held=record.held,
            remote_held=record.remote_held,
            muted=record.muted,
            recording=record.recorder is not None,
            recording_path=record.recording_path,
            replaces=record.replaces,
            media_problem=record.media_problem,
            consult_for=record.consult_for,
            conference_with=record.conference_with,
        )

    def _new_call_id(self) -> str:
        return f"{self._id_prefix}-{next(self._ids)}"

    def _max_calls(self) -> int:
        return max(1, min(self.config.max_calls, 4))  # the wheel's build allows 4 at most

    def _require_running(self) -> None:
        if not self._running:
            raise TelephonyError("not_running")

    def _account(self, name: str) -> _AccountRecord:
        try:
            return self._accounts[name]
        except KeyError:
            raise TelephonyError("no_such_account", name) from None

    def _has_live_calls(self, acc: _AccountRecord) -> bool:
        return any(c.acc is acc and c.state is not CallState.ENDED for c in self._calls.values())

    def _shut_down_account(self, acc: _AccountRecord) -> None:
        if acc.probe:
            acc.probe.close()
        if acc.pj_acc is not None:
            with contextlib.suppress(pj.Error):
                acc.pj_acc.shutdown()
        acc.pj_acc = None

    def _release_retired(self) -> None:
        """Shut down the retired accounts whose last call has ended."""
        for acc in [a for a in self._retired if not self._has_live_calls(a)]:
            self._retired.remove(acc)
            self._shut_down_account(acc)

    def _call(self, call_id: str) -> _CallRecord:
        self._require_running()
        try:
            return self._calls[call_id]
        except KeyError:
            raise TelephonyError("no_such_call", call_id) from None

    def _active(self, call_id: str) -> _CallRecord:
        record = self._call(call_id)
        if record.state is not CallState.ACTIVE:
            raise TelephonyError("not_active", call_id)
        return record


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Keep stdout clean for callers that speak JSON on it (the headless agent)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)



def _pj_reason(exc: Any) -> str:
    return clean_text(str(getattr(exc, "reason", "") or exc), 300)



def _host_of(uri: str) -> str | None:
    rest = uri.split(":", 1)[-1]
    host = rest.split("@", 1)[-1].split(";", 1)[0]
    return host or None
