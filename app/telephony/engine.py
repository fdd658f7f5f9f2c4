"""The SIP engine over pjsua2, in this process.

Threading rule: the thread that calls ``start()`` is the only one that may call anything else
here; it pumps the stack with ``pump()`` and receives every event from there. pjsua2 is set up
with no worker threads (threadCnt=0, mainThreadOnly) so all SIP callbacks happen inside
``pump()`` or inside a command, and are queued and delivered at the end of ``pump()``.

No pjsua2 object leaves this module: callers see ids (str) and events (app.telephony.events).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import os
import random
import secrets
import socket
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pjsua2 as pj

from app.telephony import dialplan
from app.telephony.api import dispatch
from app.telephony.config import AccountSpec, ConfigError, EngineConfig, Transport, split_host_port
from app.telephony.events import (
    AudioPath,
    CallEvent,
    CallState,
    Direction,
    DtmfEvent,
    DtmfMethod,
    EndReason,
    EngineEvent,
    EngineState,
    Event,
    Headers,
    RegistrationEvent,
    RegState,
    RejectedCallEvent,
    RemoteParty,
    TransferEvent,
)
from app.telephony.frames import FRAME_BYTES, FRAME_MS, RATE, SocketFrames
from app.telephony.guard import SocketBudget
from app.telephony.netwatch import NetworkWatch
from app.telephony.probe import RegistrarProbe
from app.telephony.sipmsg import (
    clean_text,
    parse_headers,
    parse_name_addr,
    raw_header,
    redact,
    scrub,
)

log = logging.getLogger(__name__)
siplog = logging.getLogger("caseline.sip")

Listener = Callable[[Event], None]

DIRECT = "direct"  # the account name of the built-in direct-IP (registrar-less) account
# How long pump() may wait while a call is up: what pjmedia's clock thread reports (media
# events, pjsua2 queues them for the pump; a player's end) is taken up on the pump's next turn.
CALL_WAIT_MS = 5
POLL_WAIT_MS = 10  # the longest wait when wake() cannot reach the stack (no UDP transport)


class TelephonyError(RuntimeError):
    """A command the engine could not carry out. ``code`` is stable for translation."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


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

    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802 - pjsua2's name
        self._engine._guarded(self._engine._on_incoming_call, self._name, prm)

    def onRegState(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_reg_state, self._name, prm)


class _PjCall(pj.Call):
    def __init__(self, engine: PjsuaEngine, acc: Any, call_id: str, pj_id: int = -1) -> None:
        if pj_id >= 0:
            super().__init__(acc, pj_id)
        else:
            super().__init__(acc)
        self._engine = engine
        self.record_id = call_id

    def onCallState(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_call_state, self)

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_call_media_state, self)

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

_AUTH_FAILURES = {401, 403, 404, 407}
MAX_BACKOFF = 60.0


class _BridgePort(pj.AudioMediaPort):
    """The conference bridge's door to a sound path outside pjsua2 (see app.telephony.frames).

    Both callbacks run on pjmedia's clock thread every 20 ms and must return at once: sending
    never blocks and a missing frame is answered with silence.
    """

    def __init__(self, frames: SocketFrames) -> None:
        super().__init__()
        self.frames = frames
        self._format = pj.MediaFormatAudio()
        self._format.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, FRAME_MS * 1000, 16)
        self._format.type = pj.PJMEDIA_TYPE_AUDIO
        self.createPort("caseline-bridge", self._format)

    def onFrameReceived(self, frame: Any) -> None:  # noqa: N802 - pjsua2's name
        if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO and frame.size == FRAME_BYTES:
            self.frames.send(bytes(frame.buf))

    def onFrameRequested(self, frame: Any) -> None:  # noqa: N802
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(self.frames.next_frame())
        frame.size = FRAME_BYTES


class PjsuaEngine:
    """One pjsua2 endpoint: transports, accounts and up to ``max_calls`` calls."""

    def __init__(
        self, config: EngineConfig, *, clock: Callable[[], float] = time.monotonic,
        frames: SocketFrames | None = None,
    ) -> None:
        self.config = config
        # Where there is no native sound device, speech goes through this channel (None: the
        # null device, e.g. a headless agent or a load test).
        self._frames = frames
        self._port: _BridgePort | None = None
        self.audio_path = AudioPath.NULL
        self._clock = clock
        self._listeners: list[Listener] = []
        self._queue: deque[Event] = deque()
        self._ep: Any = None
        self._writer: _LogWriter | None = None
        self._accounts: dict[str, _AccountRecord] = {}
        self._calls: dict[str, _CallRecord] = {}
        self._transport_ids: dict[Transport, int] = {}
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

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        if self._running:
            return
        cfg = self.config
        ep = _PjEndpoint(self)
        with _stdout_to_stderr():
            ep.libCreate()  # pjlib prints its banner to stdout before our log writer exists
        epc = pj.EpConfig()
        epc.uaConfig.threadCnt = 0
        epc.uaConfig.mainThreadOnly = True
        epc.uaConfig.maxCalls = self._max_calls()
        epc.uaConfig.userAgent = cfg.user_agent
        # RTP shares the SIP ioqueue: a packet ends the pump's wait like a SIP message and is
        # taken in C with the GIL released. pjmedia's own media thread polled every 10 ms,
        # call or not (100 wake-ups a second at rest, most of the SIP process's idle cost).
        epc.medConfig.threadCnt = 0
        epc.medConfig.hasIoqueue = False
        epc.medConfig.clockRate = RATE
        # pjmedia's echo canceller and noise suppressor sit on the native sound device's port.
        epc.medConfig.ecTailLen = cfg.echo_tail_ms if cfg.echo_cancellation else 0
        if cfg.noise_suppression:
            epc.medConfig.ecOptions = pj.PJMEDIA_ECHO_USE_NOISE_SUPPRESSOR
        self._writer = _LogWriter()
        epc.logConfig.writer = self._writer
        epc.logConfig.level = 5 if cfg.sip_trace else cfg.log_level
        epc.logConfig.consoleLevel = epc.logConfig.level
        epc.logConfig.msgLogging = cfg.sip_trace
        epc.logConfig.decor = 0
        try:
            ep.libInit(epc)
            self._create_transports(ep)
            self._set_codec_priorities(ep)
            ep.libStart()
            self._setup_audio(ep)
        except pj.Error as exc:
            with contextlib.suppress(Exception):
                ep.libDestroy()
            raise TelephonyError("start_failed", _pj_reason(exc)) from None
        self._ep = ep
        self._budget = SocketBudget(fixed=len(self._transport_ids), max_calls=self._max_calls(),
                                    clock=self._clock)
        self._netwatch = NetworkWatch(self._watch_targets)
        self._next_netcheck = self._clock() + cfg.network_watch_interval
        self._open_waker()
        self._running = True
        # The direct-IP account answers calls sent to our address without any registrar.
        self._add_direct_account()
        self._emit(EngineEvent(EngineState.STARTED, f"port {self.local_port}",
                               audio=self.audio_path))

    def _create_transports(self, ep: Any) -> None:
        cfg = self.config
        port = cfg.listen_port
        kinds = {
            Transport.UDP: pj.PJSIP_TRANSPORT_UDP,
            Transport.TCP: pj.PJSIP_TRANSPORT_TCP,
            Transport.TLS: pj.PJSIP_TRANSPORT_TLS,
        }
        for transport in cfg.transports:
            tc = pj.TransportConfig()
            tc.boundAddress = "" if cfg.listen_host in ("", "0.0.0.0") else cfg.listen_host
            if cfg.public_address:
                tc.publicAddress = cfg.public_address
            if transport is Transport.TLS:
                tc.port = (port + 1) if port else 0
                tls = cfg.tls
                tc.tlsConfig.CaListFile = tls.ca_file
                tc.tlsConfig.certFile = tls.cert_file
                tc.tlsConfig.privKeyFile = tls.key_file
                tc.tlsConfig.verifyServer = tls.verify_server
                tc.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            else:
                tc.port = port
            tid = ep.transportCreate(kinds[transport], tc)
            self._transport_ids[transport] = tid
            if not port and transport is not Transport.TLS:
                # Bind TCP (and TLS = port+1) next to the port the OS gave UDP.
                port = ep.transportGetInfo(tid).localName.rsplit(":", 1)[1]
                port = int(port)
        self.local_port = port

    def _open_waker(self) -> None:
        if Transport.UDP not in self._transport_ids:
            return  # TCP/TLS only: pump() polls every POLL_WAIT_MS instead
        host = self.config.listen_host
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        try:
            family, kind, proto, _, address = socket.getaddrinfo(
                host, self.local_port, type=socket.SOCK_DGRAM)[0]
            waker = socket.socket(family, kind, proto)
        except OSError as exc:
            log.warning("no wake-up socket (%s): the engine polls instead", exc)
            return
        waker.setblocking(False)  # wake() never waits, whoever calls it
        self._waker, self._wake_to = waker, address

    def wake(self) -> None:
        """Any thread may call this: a pump() waiting now returns at once (then the caller's
        queued work runs). Without a UDP transport pump() never waits long anyway."""
        waker, target = self._waker, self._wake_to
        if waker is not None:
            with contextlib.suppress(OSError):  # closed by stop() meanwhile, or a full buffer
                waker.sendto(b"\0", target)

    def _set_codec_priorities(self, ep: Any) -> None:
        preferred = [name.lower() for name in self.config.codecs]
        for codec in ep.codecEnum2():
            name = codec.codecId.split("/", 1)[0].lower()
            if name in preferred:
                priority = 250 - preferred.index(name)
            elif codec.priority:
                priority = 100  # still offered, after the preferred ones
            else:
                continue
            ep.codecSetPriority(codec.codecId, priority)

    def _setup_audio(self, ep: Any) -> None:
        adm = ep.audDevManager()
        try:
            adm.refreshDevs()
            names = [adm.getDevInfo(i).name for i in range(adm.getDevCount())]
        except pj.Error:
            names = []
        if names:
            self.audio_path = AudioPath.NATIVE
            self._choose_native_devices(adm, names)
        else:
            adm.setNullDev()
            if self._frames is not None:
                self._port = _BridgePort(self._frames)
                self.audio_path = AudioPath.BRIDGE
        # No sound clock at rest (it ticked 50 times a second): pjsua closes the device one
        # second after its last connection goes, and this connect and disconnect arms that.
        # Slots are still given back: removals queued at a call's end run on the ticks of that
        # second, and any connection (every call's audio makes one) reopens the device first.
        # tests/integration/test_idle.py holds both.
        capture, playback = adm.getCaptureDevMedia(), adm.getPlaybackDevMedia()
        capture.startTransmit(playback)
        capture.stopTransmit(playback)

    def _choose_native_devices(self, adm: Any, names: list[str]) -> None:
        """The configured capture and playback devices by name; the system's default otherwise.

        Not exercised here: the Linux wheel has no native device (the bridge path is tested).
        """
        cfg = self.config
        with contextlib.suppress(pj.Error):
            if cfg.capture_device in names:
                adm.setCaptureDev(names.index(cfg.capture_device))
            if cfg.playback_device in names:
                adm.setPlaybackDev(names.index(cfg.playback_device))

    def _speaker(self) -> Any:
        """What the agent hears goes here: the bridge's port or the sound device."""
        if self._port is not None:
            return self._port
        return self._ep.audDevManager().getPlaybackDevMedia()

    def _microphone(self) -> Any:
        if self._port is not None:
            return self._port
        return self._ep.audDevManager().getCaptureDevMedia()

    def stop(self) -> None:
        """Hang up everything, unregister, destroy the stack. Safe to call twice."""
        if not self._running:
            return
        ep = self._ep
        for live in self._calls.values():
            if live.local_end is None:
                ringing = live.state is CallState.INCOMING
                live.local_end = EndReason.REJECTED if ringing else EndReason.LOCAL_HANGUP
        with contextlib.suppress(pj.Error):
            ep.hangupAllCalls()
        deadline = time.monotonic() + 1.0
        while any(r.state is not CallState.ENDED for r in self._calls.values()):
            if time.monotonic() > deadline:
                break
            self._handle_events(20)
        for record in self._accounts.values():
            if record.probe:
                record.probe.close()
            if record.pj_acc is not None and record.state is RegState.REGISTERED:
                with contextlib.suppress(pj.Error):
                    record.pj_acc.setRegistration(False)
        if any(r.state is RegState.REGISTERED for r in self._accounts.values()):
            deadline = time.monotonic() + 1.0
            while time.monotonic() < deadline and any(
                r.state is RegState.REGISTERED for r in self._accounts.values()
            ):
                self._handle_events(20)
        # pjmedia asserts when Calls, Accounts, recorders or players outlive the library: drop
        # every one first, players and recorders before their calls (wired to the calls' media).
        for call in self._calls.values():
            self._drop_player(call)
            self._drop_recorder(call)
            call.pj_call = None
        self._calls.clear()
        for record in self._accounts.values():
            if record.pj_acc is not None:
                with contextlib.suppress(pj.Error):
                    record.pj_acc.shutdown()
            record.pj_acc = None
        self._accounts.clear()
        # The bridge's port is a conference member too: gone before the library, or pjmedia aborts.
        port, self._port = self._port, None
        _destroy(port)
        self._running = False
        self._ep = None
        waker, self._waker = self._waker, None
        if waker is not None:
            waker.close()
        ep.libDestroy()
        self._transport_ids.clear()
        self._emit(EngineEvent(EngineState.STOPPED))
        self._dispatch()

    # -- the pump --------------------------------------------------------------------------

    def pump(self, timeout_ms: int = 10) -> None:
        """Let the stack work for up to ``timeout_ms``, then deliver what happened.

        The wait ends early for SIP traffic, for ``wake()``, and when the engine's own timers
        are due, so a caller at rest may pass a long timeout: the engine shortens it to what
        its calls, retries, probes and network checks need.
        """
        if self._running:
            self._handle_events(self._wait_ms(timeout_ms))
            self._run_timers()
        self._dispatch()

    def _wait_ms(self, longest: int) -> int:
        wait = max(0, longest)
        if self._waker is None:
            wait = min(wait, POLL_WAIT_MS)
        if self._calls:  # also what retries an answer the socket guard held back
            wait = min(wait, CALL_WAIT_MS)
        due = self._next_netcheck if self._netwatch is not None else math.inf
        for record in self._calls.values():
            if record.answer_at is not None:
                due = min(due, record.answer_at)
        for acc in self._accounts.values():
            if acc.retry_at is not None:
                due = min(due, acc.retry_at)
            if acc.probe is not None:
                if acc.probe.in_flight:
                    wait = min(wait, POLL_WAIT_MS)  # its answer comes on a socket of its own
                else:
                    due = min(due, self._clock() + acc.probe.due_in())
        if due < math.inf:
            wait = min(wait, max(0, math.ceil((due - self._clock()) * 1000)))
        return wait

    def _handle_events(self, timeout_ms: int) -> None:
        try:
            self._ep.libHandleEvents(max(0, timeout_ms))
        except pj.Error as exc:
            log.warning("libHandleEvents: %s", _pj_reason(exc))

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

    def _run_timers(self) -> None:
        now = self._clock()
        for record in list(self._calls.values()):
            if record.player is not None and record.player.finished:
                self._drop_player(record)
            if record.answer_at is not None and now >= record.answer_at:
                record.answer_at = None
                self._release(record, "answer", 200)
            elif record.pending is not None:
                kind, code = record.pending
                record.pending = None
                self._release(record, kind, code)
        for name, acc in list(self._accounts.items()):
            if acc.retry_at is not None and now >= acc.retry_at:
                acc.retry_at = None
                self._register(name)
            if acc.probe is not None:
                self._poll_probe(name, acc)
        if self._netwatch is not None and now >= self._next_netcheck:
            self._next_netcheck = now + self.config.network_watch_interval
            why = self._netwatch.check()
            if why:
                self.network_changed(why)

    # -- accounts --------------------------------------------------------------------------

    def _add_direct_account(self) -> None:
        ac = pj.AccountConfig()
        host = self.config.public_address or self.config.listen_host
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        ac.idUri = f"sip:caseline@{host}:{self.local_port}"
        ac.regConfig.registerOnAdd = False
        self._apply_media_config(ac)
        acc = _PjAccount(self, DIRECT)
        acc.create(ac, True)
        self._accounts[DIRECT] = _AccountRecord(
            spec=AccountSpec(name=DIRECT, server=f"{host}:{self.local_port}", user="caseline",
                             register=False, probe_interval=0),
            pj_acc=acc,
            want_registered=False,
        )

    def _apply_media_config(self, ac: Any) -> None:
        ac.callConfig.timerUse = pj.PJSUA_SIP_TIMER_OPTIONAL
        ac.mediaConfig.transportConfig.boundAddress = (
            "" if self.config.listen_host in ("", "0.0.0.0") else self.config.listen_host
        )

    def add_account(self, spec: AccountSpec, password: str | None) -> None:
        redact(password)  # whatever logs it from now on, the log file never holds it
        self._require_running()
        if spec.name in self._accounts:
            raise TelephonyError("account_exists", spec.name)
        if spec.transport not in self._transport_ids:
            raise ConfigError("transport_not_enabled", spec.transport.value)
        host, port = split_host_port(spec.server, 5061 if spec.transport is Transport.TLS else 5060)
        ac = pj.AccountConfig()
        name_part = f'"{spec.display_name}" ' if spec.display_name else ""
        ac.idUri = f"{name_part}<{spec.aor}>"
        ac.regConfig.registrarUri = spec.registrar_uri() if spec.register else ""
        ac.regConfig.registerOnAdd = False
        ac.regConfig.timeoutSec = spec.reg_expires
        ac.regConfig.retryIntervalSec = 0  # we retry ourselves, with backoff and a visible state
        ac.regConfig.firstRetryIntervalSec = 0
        ac.regConfig.dropCallsOnFail = False
        ac.sipConfig.transportId = self._transport_ids[spec.transport]
        # A domain that is not the server's own name (sip:bob@example.com served by
        # pbx.example.net) rarely resolves to it: send every request through the server, as
        # desk phones do, unless an outbound proxy is named.
        proxy = spec.proxy or (spec.server if spec.sip_domain != host else "")
        if proxy:
            suffix = "" if spec.transport is Transport.UDP else f";transport={spec.transport.value}"
            ac.sipConfig.proxies.append(f"{spec.scheme}:{proxy}{suffix};lr")
        if password is not None:
            cred = pj.AuthCredInfo("digest", "*", spec.auth_user or spec.user, 0, password)
            ac.sipConfig.authCreds.append(cred)
        if spec.stun_server:
            ac.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DEFAULT
            ac.natConfig.mediaStunUse = pj.PJSUA_STUN_USE_DEFAULT
        ac.natConfig.iceEnabled = spec.ice
        self._apply_media_config(ac)
        acc = _PjAccount(self, spec.name)
        try:
            acc.create(ac, False)
        except pj.Error as exc:
            raise TelephonyError("account_failed", _pj_reason(exc)) from None
        probe = None
        if spec.register and spec.probe_interval > 0:
            probe = RegistrarProbe(host, port, spec.transport, spec.probe_interval,
                                   clock=self._clock)
            probe.soon()  # a dead registrar shows in a second, not after Timer F (32 s)
        self._accounts[spec.name] = _AccountRecord(spec=spec, pj_acc=acc, probe=probe,
                                                   want_registered=spec.register)
        if spec.register:
            self._register(spec.name)

    def remove_account(self, name: str) -> None:
        self._require_running()
        record = self._account(name)
        if name == DIRECT:
            raise TelephonyError("account_builtin", name)
        if record.probe:
            record.probe.close()
        with contextlib.suppress(pj.Error):
            record.pj_acc.shutdown()
        del self._accounts[name]
        self._emit(RegistrationEvent(name, RegState.UNREGISTERED, reason="removed"))

    def register(self, name: str) -> None:
        self._require_running()
        record = self._account(name)
        record.want_registered = True
        record.backoff = 0.0
        self._register(name)

    def unregister(self, name: str) -> None:
        self._require_running()
        record = self._account(name)
        record.want_registered = False
        record.retry_at = None
        if record.reg_pending:
            self._set_reg_state(name, RegState.UNREGISTERED, reason="cancelled")
        elif record.state is RegState.REGISTERED:
            self._send_unregister(name)
        else:
            self._set_reg_state(name, RegState.UNREGISTERED)

    def _register(self, name: str) -> None:
        record = self._accounts.get(name)
        if record is None or not record.spec.register:
            return
        if record.reg_pending:
            # Let the REGISTER in flight finish; its answer decides what happens next.
            self._set_reg_state(name, RegState.REGISTERING)
            return
        self._set_reg_state(name, RegState.REGISTERING)
        try:
            record.pj_acc.setRegistration(True)
        except pj.Error as exc:
            self._schedule_retry(name, 0, _pj_reason(exc))
        else:
            record.reg_pending = True

    def _send_unregister(self, name: str) -> None:
        record = self._accounts[name]
        try:
            record.pj_acc.setRegistration(False)
        except pj.Error:
            self._set_reg_state(name, RegState.UNREGISTERED)
        else:
            record.reg_pending = True
            record.unregistering = True

    def _set_reg_state(self, name: str, state: RegState, code: int = 0, reason: str = "",
                       expires: int = 0, retry_in: float = 0.0) -> None:
        record = self._accounts[name]
        if record.state is state and state is not RegState.REGISTERED and not retry_in:
            return
        record.state = state
        self._emit(RegistrationEvent(name, state, code, reason, expires, retry_in))

    def _schedule_retry(self, name: str, code: int, reason: str) -> None:
        record = self._accounts[name]
        if record.probe is not None and record.probe.last is False:
            # The registrar is down: the probe registers us the moment it answers again,
            # sooner than any back-off step would.
            record.retry_at = None
            self._set_reg_state(name, RegState.UNREACHABLE, code or 408,
                                reason or "registrar does not answer")
            return
        record.backoff = min(MAX_BACKOFF, record.backoff * 2 if record.backoff else 1.0)
        delay = record.backoff * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto
        record.retry_at = self._clock() + delay
        self._set_reg_state(name, RegState.RETRYING, code, reason, retry_in=round(delay, 2))

    def _on_reg_state(self, name: str, prm: Any) -> None:
        record = self._accounts.get(name)
        if record is None:
            return
        record.reg_pending = False
        was_unregister, record.unregistering = record.unregistering, False
        code = int(prm.code)
        reason = clean_text(str(prm.reason), 200)
        expires = int(prm.expiration)
        if 200 <= code < 300 and expires > 0 and not record.want_registered:
            # unregister() came while this REGISTER was in flight: take the binding back.
            self._send_unregister(name)
            return
        if 200 <= code < 300 and expires == 0 and was_unregister and record.want_registered:
            # register() came while an un-REGISTER was in flight.
            self._register(name)
            return
        if 200 <= code < 300 and expires > 0:
            record.backoff = 0.0
            record.retry_at = None
            self._set_reg_state(name, RegState.REGISTERED, code, reason, expires)
        elif 200 <= code < 300 or not record.want_registered:
            self._set_reg_state(name, RegState.UNREGISTERED, code, reason)
        elif code in _AUTH_FAILURES:
            # Wrong password or unknown user: retrying would only lock the account out.
            record.retry_at = None
            self._set_reg_state(name, RegState.FAILED, code, reason)
        else:
            self._schedule_retry(name, code, reason)

    def _poll_probe(self, name: str, acc: _AccountRecord) -> None:
        assert acc.probe is not None
        alive = acc.probe.poll()
        if alive is None or not acc.want_registered:
            return
        if not alive and acc.state in (RegState.REGISTERED, RegState.REGISTERING,
                                       RegState.RETRYING):
            acc.retry_at = None
            self._set_reg_state(name, RegState.UNREACHABLE, 408, "registrar does not answer")
        elif alive and acc.state is RegState.UNREACHABLE:
            # It is back (perhaps restarted, with our binding forgotten): register now. A
            # registrar that answers but refuses (RETRYING) is left to the back-off.
            acc.retry_at = None
            acc.backoff = 0.0
            self._register(name)

    def _watch_targets(self) -> list[tuple[str, int]]:
        targets = []
        for record in self._accounts.values():
            if record.spec.register:
                with contextlib.suppress(ConfigError):
                    targets.append(split_host_port(record.spec.server))
        return targets

    def network_changed(self, why: str = "requested") -> None:
        """The network moved under us (new IP, resume): rebind and re-register everything."""
        self._require_running()
        log.info("network change (%s): re-registering", why)
        prm = pj.IpChangeParam()
        prm.restartListener = True
        try:
            self._ep.handleIpChange(prm)
        except pj.Error as exc:
            log.warning("handleIpChange: %s", _pj_reason(exc))
        for name, record in self._accounts.items():
            if record.spec.register and record.want_registered:
                record.backoff = 0.0
                self._register(name)

    def registration(self, name: str) -> RegState:
        return self._account(name).state

    def accounts(self) -> list[str]:
        return [name for name in self._accounts if name != DIRECT]

    # -- calls: inbound ----------------------------------------------------------------------

    def _on_incoming_call(self, account: str, prm: Any) -> None:
        acc = self._accounts[account]
        message = prm.rdata.wholeMsg
        headers = parse_headers(message)
        remote = parse_name_addr(raw_header(message, "From"))
        call_id = self._new_call_id()
        call = _PjCall(self, acc.pj_acc, call_id, prm.callId)
        record = _CallRecord(
            call_id=call_id,
            direction=Direction.INBOUND,
            account=account,
            remote=remote,
            pj_call=call,
            sip_call_id=headers.get("Call-ID", ""),
            headers=headers,
            state=CallState.INCOMING,
        )
        self._calls[call_id] = record
        self._budget.call_started()
        delay = self.config.auto_answer_ms
        if delay is not None and delay <= 0:
            self._emit(self._event(record))
            self._release(record, "answer", 200)
            return
        with contextlib.suppress(pj.Error):
            op = pj.CallOpParam()
            op.statusCode = 180
            call.answer(op)
        if delay is not None:
            record.answer_at = self._clock() + delay / 1000.0
        self._emit(self._event(record))

    def _on_rejected_call(self, prm: Any) -> None:
        remote = parse_name_addr(str(prm.remoteInfo)).uri if prm.remoteInfo else ""
        self._emit(RejectedCallEvent(remote=remote, status_code=int(prm.statusCode),
                                     reason=clean_text(str(prm.reason), 200),
                                     sip_call_id=clean_text(str(prm.callId), 200)))

    def answer(self, call_id: str) -> None:
        record = self._call(call_id)
        if record.direction is not Direction.INBOUND or record.state is not CallState.INCOMING:
            raise TelephonyError("not_ringing", call_id)
        record.answer_at = None
        self._release(record, "answer", 200)

    def reject(self, call_id: str, code: int = 486) -> None:
        """Refuse a ringing call: 486 Busy Here, 603 Decline, or another 4xx-6xx."""
        record = self._call(call_id)
        if record.state is not CallState.INCOMING:
            raise TelephonyError("not_ringing", call_id)
        if not 400 <= code <= 699:
            raise TelephonyError("bad_status", str(code))
        record.answer_at = None
        record.local_end = EndReason.REJECTED
        self._release(record, "reject", code)

    def _release(self, record: _CallRecord, kind: str, code: int) -> None:
        """Answer or reject, unless the socket table could overflow; then try again shortly."""
        if record.state is CallState.ENDED:
            return
        if not self._budget.may_release(self._held_count() - 1):
            record.pending = (kind, code)
            return
        record.released = True
        op = pj.CallOpParam()
        op.statusCode = code
        try:
            if kind == "answer":
                record.pj_call.answer(op)
            else:
                record.pj_call.hangup(op)
        except pj.Error as exc:
            log.warning("%s %s: %s", kind, record.call_id, _pj_reason(exc))

    # -- calls: outbound ---------------------------------------------------------------------

    def make_call(self, dial: str, account: str | None = None,
                  headers: Mapping[str, str] | None = None, call_id: str | None = None) -> str:
        """Dial a number or SIP URI. Returns the call id; progress arrives as events."""
        self._require_running()
        name = account or self._default_account()
        acc = self._account(name)
        target = dialplan.resolve(dial, acc.spec.sip_domain if name != DIRECT else None)
        for key, value in (headers or {}).items():
            if not key or any(c in key + value for c in "\r\n") or ":" in key:
                raise TelephonyError("bad_header", key)
        if self._active_count() >= self._max_calls():
            raise TelephonyError("too_many_calls")
        if not self._budget.may_start(self._held_count()):
            raise TelephonyError("busy_retry")
        call_id = call_id or self._new_call_id()
        call = _PjCall(self, acc.pj_acc, call_id)
        record = _CallRecord(
            call_id=call_id,
            direction=Direction.OUTBOUND,
            account=name,
            remote=parse_name_addr(target.uri),
            pj_call=call,
            state=CallState.CALLING,
        )
        self._calls[call_id] = record
        op = pj.CallOpParam(True)
        for key, value in (headers or {}).items():
            header = pj.SipHeader()
            header.hName = key
            header.hValue = value
            op.txOption.headers.append(header)
        try:
            call.makeCall(target.uri, op)
        except pj.Error as exc:
            del self._calls[call_id]
            raise TelephonyError("call_failed", _pj_reason(exc)) from None
        self._budget.call_started()
        with contextlib.suppress(pj.Error):
            record.sip_call_id = call.getInfo().callIdString
        self._emit(self._event(record))
        return call_id

    def _default_account(self) -> str:
        for name, record in self._accounts.items():
            if name != DIRECT and record.state is RegState.REGISTERED:
                return name
        others = [name for name in self._accounts if name != DIRECT]
        return others[0] if others else DIRECT

    def _held_count(self) -> int:
        """Inbound calls we have neither answered nor rejected: their slots stay taken."""
        return sum(
            1 for r in self._calls.values()
            if r.direction is Direction.INBOUND
            and not r.released
            and r.state is not CallState.ENDED
        )

    def _active_count(self) -> int:
        return sum(1 for r in self._calls.values() if r.state is not CallState.ENDED)

    # -- calls: in call ------------------------------------------------------------------

    def hangup(self, call_id: str) -> None:
        record = self._call(call_id)
        if record.state is CallState.INCOMING:
            self.reject(call_id, 603)
            return
        record.local_end = EndReason.LOCAL_HANGUP
        try:
            record.pj_call.hangup(pj.CallOpParam())
        except pj.Error as exc:
            raise TelephonyError("hangup_failed", _pj_reason(exc)) from None

    def hold(self, call_id: str) -> None:
        record = self._active(call_id)
        if record.held:
            return
        try:
            record.pj_call.setHold(pj.CallOpParam(True))
        except pj.Error as exc:
            raise TelephonyError("hold_failed", _pj_reason(exc)) from None

    def resume(self, call_id: str) -> None:
        record = self._active(call_id)
        if not record.held:
            return
        op = pj.CallOpParam(True)
        op.opt.flag = pj.PJSUA_CALL_UNHOLD
        try:
            record.pj_call.reinvite(op)
        except pj.Error as exc:
            raise TelephonyError("resume_failed", _pj_reason(exc)) from None

    def set_mute(self, call_id: str, muted: bool) -> None:
        record = self._active(call_id)
        if record.muted == muted:
            return
        record.muted = muted
        self._connect_audio(record)
        self._emit(self._event(record))

    def send_dtmf(self, call_id: str, digits: str, method: DtmfMethod = DtmfMethod.RFC4733) -> None:
        record = self._active(call_id)
        if not digits or any(d not in "0123456789*#ABCDabcd" for d in digits):
            raise TelephonyError("bad_dtmf", digits)
        prm = pj.CallSendDtmfParam()
        prm.digits = digits
        prm.method = (pj.PJSUA_DTMF_METHOD_SIP_INFO if method is DtmfMethod.SIP_INFO
                      else pj.PJSUA_DTMF_METHOD_RFC2833)
        try:
            record.pj_call.sendDtmf(prm)
        except pj.Error as exc:
            raise TelephonyError("dtmf_failed", _pj_reason(exc)) from None

    def transfer(self, call_id: str, target: str) -> None:
        """Blind transfer (REFER). The call ends when the far end reports success."""
        record = self._active(call_id)
        acc = self._accounts[record.account]
        dest = dialplan.resolve(target, acc.spec.sip_domain if record.account != DIRECT else
                                _host_of(record.remote.uri))
        record.transfer_target = dest.uri
        try:
            record.pj_call.xfer(dest.uri, pj.CallOpParam(True))
        except pj.Error as exc:
            raise TelephonyError("transfer_failed", _pj_reason(exc)) from None

    def start_recording(self, call_id: str, path: str) -> None:
        """Record both directions of an active call into a WAV file at ``path``.

        The directory must exist; an existing file is overwritten. Recording stops by itself
        when the call ends; the events carry ``recording`` and ``recording_path``.
        """
        record = self._active(call_id)
        if record.recorder is not None:
            if record.recording_path == path:
                return
            raise TelephonyError("record_failed", "already recording")
        try:
            media = record.pj_call.getAudioMedia(-1)
        except pj.Error as exc:
            raise TelephonyError("not_active", f"{call_id}: no audio ({_pj_reason(exc)})") from None
        recorder = pj.AudioMediaRecorder()
        try:
            recorder.createRecorder(path)
        except pj.Error as exc:
            raise TelephonyError("record_failed", _pj_reason(exc)) from None
        capture = self._microphone()
        try:
            # Both directions mix into the file: what the caller says and what we send.
            media.startTransmit(recorder)
            if not record.muted:
                capture.startTransmit(recorder)
        except pj.Error as exc:
            with contextlib.suppress(pj.Error):
                media.stopTransmit(recorder)
            raise TelephonyError("record_failed", _pj_reason(exc)) from None
        if record.player is not None:
            with contextlib.suppress(pj.Error):
                record.player.startTransmit(recorder)  # a notice under way goes in too
        record.recorder = recorder
        record.recording_path = path
        self._emit(self._event(record))

    def stop_recording(self, call_id: str) -> None:
        """Close the call's recording (a no-op when it is not recording)."""
        record = self._call(call_id)
        if record.recorder is None:
            return
        self._drop_recorder(record)
        self._emit(self._event(record))

    def _drop_recorder(self, record: _CallRecord) -> None:
        """Unwire and destroy the recorder.

        pjmedia removes the port and finishes the WAV header on the sound clock's next tick, not
        at once: readers wait for ``app.telephony.recording.wav_closed``. libDestroy completes
        any removal still pending, so a recorder dropped here never outlives the library.
        """
        recorder, record.recorder = record.recorder, None
        if recorder is None:
            return
        if record.pj_call is not None:
            with contextlib.suppress(pj.Error):
                record.pj_call.getAudioMedia(-1).stopTransmit(recorder)
        if self._ep is not None:
            with contextlib.suppress(pj.Error):
                self._microphone().stopTransmit(recorder)
        del recorder  # the last reference: pjsua2 asks pjmedia to destroy the port now

    def play_to_call(self, call_id: str, path: str) -> None:
        """Play a WAV file (16-bit PCM mono) once into an active call.

        Both ends hear it (the caller through the call's audio, the agent through the speaker)
        and a running recording holds it: a recording notice is on the record. A sound still
        playing on the call is cut off by the new one. The player goes when the file ends, when
        the call ends, or when the engine stops.
        """
        record = self._active(call_id)
        try:
            media = record.pj_call.getAudioMedia(-1)
        except pj.Error as exc:
            raise TelephonyError("not_active", f"{call_id}: no audio ({_pj_reason(exc)})") from None
        self._drop_player(record)
        player = _Player()
        try:
            player.createPlayer(path, pj.PJMEDIA_FILE_NO_LOOP)
            player.startTransmit(media)
            player.startTransmit(self._speaker())
            if record.recorder is not None:
                player.startTransmit(record.recorder)
        except pj.Error as exc:
            raise TelephonyError("play_failed", f"{path}: {_pj_reason(exc)}") from None
        record.player = player

    def _drop_player(self, record: _CallRecord) -> None:
        """Destroy the call's player (never from its own onEof2: pjsua2 forbids that).

        As with a recorder, pjmedia removes the port on the sound clock's next tick, and
        libDestroy completes a removal still pending, so no player outlives the library.
        """
        player, record.player = record.player, None
        _destroy(player)

    def conference_ports(self) -> int:
        """Conference-bridge slots in use (for tests and diagnostics: ended calls give theirs
        back; a leak ends in 488 for every call once the bridge's 254 are gone)."""
        self._require_running()
        return int(self._ep.mediaActivePorts())

    def calls(self) -> list[CallEvent]:
        """A snapshot of every live call, as the latest event of each."""
        return [self._event(r) for r in self._calls.values() if r.state is not CallState.ENDED]

    # -- callbacks ---------------------------------------------------------------------------

    def _on_call_state(self, call: _PjCall) -> None:
        record = self._calls.get(call.record_id)
        if record is None:
            return
        info = call.getInfo()
        state = _PJ_STATE.get(info.state)
        if state is None:
            return
        if not record.sip_call_id:
            record.sip_call_id = clean_text(info.callIdString, 200)
        if record.direction is Direction.OUTBOUND and info.remoteUri:
            remote = parse_name_addr(info.remoteUri)
            record.remote = replace(remote, display_name=remote.display_name
                                    or record.remote.display_name)
        if state is CallState.INCOMING and record.state is CallState.INCOMING:
            return  # our own 180
        if state is CallState.RINGING and record.direction is Direction.INBOUND:
            return  # early state of an inbound call is the 180 we sent
        if state in (CallState.CONNECTING, CallState.ACTIVE):
            record.answered = True
        code = int(info.lastStatusCode)
        reason = clean_text(str(info.lastReason), 200)
        end: EndReason | None = None
        if state is CallState.ENDED:
            end = self._end_reason(record, code)
            record.pending = None
            record.answer_at = None
            self._budget.call_ended()
            # The file must be closed when the call is gone; the ENDED event says so.
            self._drop_player(record)
            self._drop_recorder(record)
            # Drop the Call now, inside its DISCONNECTED callback, as pjsua2 allows: its id is
            # never cleared, so a Call destroyed later would hang up whichever new call has
            # taken the same slot by then.
            record.pj_call = None
            del self._calls[record.call_id]
        if state is record.state and state is not CallState.ENDED:
            return
        record.state = state
        self._emit(self._event(record, code=code, reason=reason, end=end))

    def _end_reason(self, record: _CallRecord, code: int) -> EndReason:
        if record.transfer_target and record.local_end is EndReason.TRANSFERRED:
            return EndReason.TRANSFERRED
        if record.local_end is not None:
            return record.local_end
        if record.answered:
            return EndReason.REMOTE_HANGUP
        if record.direction is Direction.INBOUND:
            return EndReason.MISSED  # the caller hung up (CANCEL) before an answer
        if code in (486, 600):
            return EndReason.BUSY
        if code in (603, 403):
            return EndReason.DECLINED
        if code in (404, 408, 410, 480, 502, 503, 504) or code == 0:
            return EndReason.UNREACHABLE
        return EndReason.FAILED

    def _on_call_media_state(self, call: _PjCall) -> None:
        record = self._calls.get(call.record_id)
        if record is None:
            return
        info = call.getInfo()
        held = remote_held = False
        for media in info.media:
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            held = media.status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD
            remote_held = media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            reinviting = info.state == pj.PJSIP_INV_STATE_CONFIRMED
            if media.status == pj.PJSUA_CALL_MEDIA_NONE and reinviting:
                held = record.held  # a re-INVITE in flight; keep what we had
        self._connect_audio(record)
        if (held, remote_held) != (record.held, record.remote_held):
            record.held, record.remote_held = held, remote_held
            self._emit(self._event(record))

    def _connect_audio(self, record: _CallRecord) -> None:
        """Wire the call to the sound device (or the null device), respecting mute."""
        call = record.pj_call
        if call is None or self._ep is None:
            return
        try:
            media = call.getAudioMedia(-1)
        except pj.Error:
            return  # no active audio (held both ways, or not yet)
        capture = self._microphone()
        with contextlib.suppress(pj.Error):
            media.startTransmit(self._speaker())
            if record.muted:
                capture.stopTransmit(media)
            else:
                capture.startTransmit(media)
            record.audio_connected = True
        if record.recorder is not None:
            # A re-INVITE (hold, resume) can give the call a new conference port: rewire. The
            # file holds what the call carries, so a muted microphone is not recorded either.
            with contextlib.suppress(pj.Error):
                media.startTransmit(record.recorder)
                if record.muted:
                    capture.stopTransmit(record.recorder)
                else:
                    capture.startTransmit(record.recorder)

    def _on_dtmf(self, call: _PjCall, prm: Any) -> None:
        info = prm.method == pj.PJSUA_DTMF_METHOD_SIP_INFO
        method = DtmfMethod.SIP_INFO if info else DtmfMethod.RFC4733
        self._emit(DtmfEvent(call.record_id, clean_text(str(prm.digit), 4), method))

    def _on_transfer_status(self, call: _PjCall, prm: Any) -> None:
        record = self._calls.get(call.record_id)
        if record is None:
            return
        code = int(prm.statusCode)
        final = bool(prm.finalNotify)
        self._emit(TransferEvent(record.call_id, record.transfer_target, code,
                                 clean_text(str(prm.reason), 200), final))
        if 200 <= code < 300 and record.state is not CallState.ENDED:
            # Accepted: the far end now calls the target; our leg is done.
            prm.cont = False
            record.local_end = EndReason.TRANSFERRED
            with contextlib.suppress(pj.Error):
                call.hangup(pj.CallOpParam())

    # -- helpers -------------------------------------------------------------------------

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
