"""The SIP engine over pjsua2, in this process.

Threading rule: the thread that calls ``start()`` is the only one that may call anything else
here; it pumps the stack with ``pump()`` and receives every event from there. pjsua2 is set up
with no worker threads (threadCnt=0, mainThreadOnly) so all SIP callbacks happen inside
``pump()`` or inside a command, and are queued and delivered at the end of ``pump()``.

No pjsua2 object leaves this module: callers see ids (str) and events (app.telephony.events).
"""

from __future__ import annotations

import contextlib
import logging
import math
import time

import pjsua2 as pj

from app.telephony import connguard
from app.telephony.engine.calls import Calls
from app.telephony.engine.core import (
    CALL_WAIT_MS,
    DIRECT,
    POLL_WAIT_MS,
    TelephonyError,
    _destroy,
    _LogWriter,
    _pj_reason,
    _PjEndpoint,
    _stdout_to_stderr,
)
from app.telephony.engine.mediagate import MediaGate, call_slots
from app.telephony.engine.players import Players
from app.telephony.engine.presence import Presence
from app.telephony.engine.registration import Registration
from app.telephony.engine.unhandled import UnhandledRequests
from app.telephony.events import (
    CallState,
    EndReason,
    EngineEvent,
    EngineState,
    RegState,
)
from app.telephony.frames import RATE
from app.telephony.guard import SocketBudget
from app.telephony.nameservers import system_nameservers, usable
from app.telephony.netwatch import NetworkWatch

log = logging.getLogger(__name__)

__all__ = ["CALL_WAIT_MS", "DIRECT", "POLL_WAIT_MS", "PjsuaEngine", "TelephonyError"]


class PjsuaEngine(Calls, Registration, Presence):
    """One pjsua2 endpoint: transports, accounts and up to ``max_calls`` calls.

    Its parts: core (records, state), registration (transports, accounts), media (sound,
    recordings), calls; here the endpoint's life and the pump that drives them all.
    """

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
        # With DNS servers pjsip resolves asynchronously (SRV, then A; never NAPTR in 2.15);
        # without, it calls the OS's getaddrinfo inline and a silent DNS freezes the pump.
        servers = self._nameservers()
        if servers:
            epc.uaConfig.nameserver = pj.StringVector(list(servers))
        # One STUN list for the endpoint (uaConfig.stunServer); accounts added later put
        # theirs on it. Not given to libInit: there pjsua resolves it and asks for the SIP
        # transport's mapped address while the start waits (8 s per dead server, measured).
        # Given after libStart it is resolved in the background.
        self._stun_servers = list(dict.fromkeys(s.strip() for s in cfg.stun_servers if s.strip()))
        epc.uaConfig.stunIgnoreFailure = True  # a dead STUN server costs srflx, not calls
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
        failure: TelephonyError | None = None
        try:
            ep.libInit(epc)
            self._create_transports(ep)
            self._set_codec_priorities(ep)
            self._set_codec_levels()
            ep.libStart()
            # Requests no pjsua module takes get an answer, not silence (RFC 3261 8.2).
            self._unhandled = UnhandledRequests()
            if self._stun_servers:
                ep.natUpdateStunServers(pj.StringVector(self._stun_servers), False)
            self._setup_audio(ep)
            self._gate = MediaGate(self._witness)
            self._players = Players()  # this library's ids, from 0
            self._watch_ticks()
        except TelephonyError as exc:  # a transport that could not listen: already in words
            failure = exc
        except pj.Error as exc:
            failure = TelephonyError("start_failed", _pj_reason(exc))
        if failure is not None:
            with contextlib.suppress(Exception):
                ep.libDestroy()
            # The Endpoint must go now, not when a traceback the caller keeps is collected:
            # pjsua2 allows one per process and aborts on the next one's creation. So neither
            # this frame nor the error's traceback may hold it.
            del ep
            failure.__context__ = None  # pjsip's error, whose traceback has the transport's frame
            raise failure.with_traceback(None) from None
        self._ep = ep
        self._budget = SocketBudget(fixed=len(self._transport_ids), max_calls=self._max_calls(),
                                    clock=self._clock)
        self._connections = connguard.for_engine(cfg.transports, self.local_port)
        self._netwatch = NetworkWatch(self._watch_targets)
        self._next_netcheck = self._clock() + cfg.network_watch_interval
        self._open_waker()
        self._running = True
        # The direct-IP account answers calls sent to our address without any registrar.
        self._add_direct_account()
        self._emit(EngineEvent(EngineState.STARTED, f"port {self.local_port}",
                               audio=self.audio_path))

    def _nameservers(self) -> tuple[str, ...]:
        configured = self.config.nameservers
        servers = system_nameservers() if configured is None else usable(configured)
        if servers:
            log.info("DNS: %s (asynchronous)", ", ".join(servers))
        elif configured is None:
            log.warning("DNS: no IPv4 nameserver in the system's settings; SIP names are "
                        "resolved by the OS, blocking the SIP thread while they are")
        else:
            log.info("DNS: no nameserver configured; SIP names are resolved by the OS "
                     "(blocking)")
        return servers

    def stop(self) -> None:
        """Hang up everything, unregister, destroy the stack. Safe to call twice."""
        if not self._running:
            return
        ep = self._ep
        self._connections.shut()  # the pumps below are not guarded
        for live in self._calls.values():
            if live.local_end is None:
                ringing = live.state is CallState.INCOMING
                live.local_end = EndReason.REJECTED if ringing else EndReason.LOCAL_HANGUP
        if self._gate is not None:  # hangupAllCalls is pjsua's own: quiet them all first
            self._gate.close([s for r in self._calls.values()
                              if r.pj_call is not None and r.state is not CallState.ENDED
                              for s in call_slots(r.pj_call)])
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
            self._drop_hold_music(call)
            self._drop_recorder(call)
            call.pj_call = None
        self._calls.clear()
        for record in [*self._accounts.values(), *self._retired]:
            self._shut_down_account(record)
        self._accounts.clear()
        self._retired.clear()
        self._players.destroy_all()  # any a path above did not drop: none may outlive it
        # The bridge's port is a conference member too: gone before the library, or pjmedia aborts.
        port, self._port = self._port, None
        _destroy(port)
        tick_port, self._tick_port = self._tick_port, None
        _destroy(tick_port)
        self._gate = None
        self._running = False
        self._ep = None
        waker, self._waker = self._waker, None
        if waker is not None:
            waker.close()
        ep.libDestroy()
        self._transport_ids.clear()
        self._emit(EngineEvent(EngineState.STOPPED))
        self._dispatch()

    def pump(self, timeout_ms: int = 10) -> None:
        """Let the stack work for up to ``timeout_ms``, then deliver what happened.

        The wait ends early for SIP traffic, for ``wake()``, and when the engine's own timers
        are due, so a caller at rest may pass a long timeout: the engine shortens it to what
        its calls, retries, probes and network checks need.
        """
        if self._running:
            # Accepted TCP/TLS connections hold socket slots too (see connguard).
            transports = len(self._transport_ids)
            self._budget.fixed = transports + self._connections.check(
                self._budget.spare(transports))
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
        self._expire_monitor_requests(now)
        self._sample_quality(now)
        self._presence_turn()
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
