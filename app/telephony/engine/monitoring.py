"""Monitoring: a team leader's call that listens in on, whispers into or barges into one of
the agent's calls, mixed in this endpoint's conference bridge.

An INVITE carrying MONITOR_HEADER never rings: it is held unanswered (no 180) and reported as
a MonitorRequestEvent; whoever owns the engine claims the token's grant at the centre and then
accepts it on one live call (``accept_monitor``) or refuses it (``refuse_monitor``). Unanswered
for DECIDE_SECONDS, the engine refuses it itself. A monitoring call emits no CallEvent at all
(the desk neither rings nor logs it): MonitorEvents say when it is up and when it is over.

What each mode connects on the bridge (C: the monitored call, L: the leader's call, M: the
agent's microphone, S: the agent's speaker), on top of the call's own C->S and M->C:

- listen: C->L, M->L (while the monitored call is neither held nor muted); nothing from L.
- whisper: as listen, and L->S: the agent hears the leader, the caller does not.
- barge: as whisper, and L->C (and into C's recording): a three-way call.

A re-INVITE gives a call a new conference port with no connection at all, so both calls'
media changes rewire everything here again (as Media._connect_audio does for a call).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.telephony.engine.core import TelephonyError, _pj_reason
from app.telephony.engine.media import Media, _transmit
from app.telephony.events import (
    CallState,
    EndReason,
    MonitorEvent,
    MonitorMode,
    MonitorRequestEvent,
)
from app.telephony.sipmsg import clean_text

if TYPE_CHECKING:
    from app.telephony.engine.core import _CallRecord

log = logging.getLogger(__name__)

DECIDE_SECONDS = 10.0  # a request nobody accepts or refuses by then gets 408
MAX_TOKEN = 200  # a grant's token is 43 characters; anything longer is cut (and refused)


@dataclass
class _Monitor:
    """What makes a call a monitoring call (on its _CallRecord)."""

    token: str
    refuse_at: float  # the engine's clock: undecided until then
    target: str = ""  # the monitored call, once accepted
    mode: MonitorMode = MonitorMode.LISTEN
    accepted: bool = False
    reported: bool = False  # its MonitorEvent(active=True) went out


class Monitoring(Media):
    """Monitoring calls: held on arrival, accepted or refused by command, wired to their call."""

    def _monitor_requested(self, record: _CallRecord, token: str) -> None:
        """An INVITE with MONITOR_HEADER (from _on_incoming_call): no 180, nothing rings.

        Refused at once, without asking anyone, when there is no call to monitor or another
        request is still undecided: a flood of forged requests then holds one line at most,
        for a few seconds, and never reaches the centre more than once at a time.
        """
        now = self._clock()
        record.monitor = _Monitor(token=clean_text(token, MAX_TOKEN), refuse_at=now
                                  + DECIDE_SECONDS)
        if not any(r.monitor is None and r.state is CallState.ACTIVE
                   for r in self._calls.values()):
            code = 481  # Call/Transaction Does Not Exist: nothing here to monitor
        elif any(r.monitor is not None and r is not record and not r.released
                 for r in self._calls.values()):
            code = 486
        else:
            self._emit(MonitorRequestEvent(record.call_id, record.monitor.token, record.remote,
                                           record.sip_call_id))
            return
        log.info("monitoring request %s refused (%d)", record.call_id, code)
        record.local_end = EndReason.REJECTED
        self._whole._release(record, "reject", code)

    def accept_monitor(self, call_id: str, target: str, mode: MonitorMode) -> None:
        """Answer a held monitoring request and mix it into ``target`` (a live call) as
        ``mode`` says. Raises TelephonyError: not_monitoring (no such request, or decided
        already), not_active (the target is no live call of the agent's)."""
        record = self._call(call_id)
        monitor = record.monitor
        if monitor is None or monitor.accepted or record.released \
                or record.state is not CallState.INCOMING:
            raise TelephonyError("not_monitoring", call_id)
        customer = self._calls.get(target)
        if customer is None or customer.monitor is not None \
                or customer.state is not CallState.ACTIVE:
            raise TelephonyError("not_active", target)
        monitor.target, monitor.mode, monitor.accepted = target, MonitorMode(mode), True
        self._whole._release(record, "answer", 200)

    def refuse_monitor(self, call_id: str, code: int = 403) -> None:
        """Refuse a held monitoring request (403: no grant; 4xx-6xx)."""
        record = self._call(call_id)
        if record.monitor is None or record.monitor.accepted or record.released:
            raise TelephonyError("not_monitoring", call_id)
        if not 400 <= code <= 699:
            raise TelephonyError("bad_status", str(code))
        record.local_end = EndReason.REJECTED
        self._whole._release(record, "reject", code)

    def _expire_monitor_requests(self, now: float) -> None:
        """From the pump's timers: requests nobody decided in time are refused (408)."""
        for record in list(self._calls.values()):
            monitor = record.monitor
            if (monitor is not None and not monitor.accepted and not record.released
                    and record.state is CallState.INCOMING and now >= monitor.refuse_at):
                log.warning("monitoring request %s not decided in %.0f s: refused",
                            record.call_id, DECIDE_SECONDS)
                record.local_end = EndReason.REJECTED
                self._whole._release(record, "reject", 408)

    def _monitor_state(self, record: _CallRecord) -> None:
        """A monitoring call's state changed (from _on_call_state): its events, never a
        CallEvent. Every monitoring call's end is reported, accepted or not."""
        monitor = record.monitor
        assert monitor is not None
        if record.state is CallState.ACTIVE and monitor.accepted and not monitor.reported:
            monitor.reported = True
            self._emit(MonitorEvent(record.call_id, monitor.target, monitor.mode, True))
        elif record.state is CallState.ENDED:
            self._emit(MonitorEvent(record.call_id, monitor.target, monitor.mode, False))

    def _call_gone(self, record: _CallRecord) -> None:
        """An agent's call ended (from _on_call_state): its monitoring calls go with it."""
        for other in list(self._calls.values()):
            monitor = other.monitor
            if monitor is None or monitor.target != record.call_id or not monitor.accepted:
                continue
            if other.state is CallState.ENDED or other.pj_call is None:
                continue
            other.local_end = EndReason.LOCAL_HANGUP
            try:
                other.pj_call.hangup(pj.CallOpParam())
            except pj.Error as exc:
                log.warning("monitoring call %s not hung up: %s", other.call_id,
                            _pj_reason(exc))

    def _rewire_monitors(self, record: _CallRecord) -> None:
        """The monitored call's wiring was redone (from _connect_audio): its monitors' too."""
        for other in self._calls.values():
            if other.monitor is not None and other.monitor.target == record.call_id:
                self._wire_monitor(other)

    def _wire_monitor(self, record: _CallRecord) -> None:
        """Connect a monitoring call to its target as its mode says (all of it, each time).

        An unaccepted one (answered by a stray command) is connected to nothing at all.
        """
        monitor = record.monitor
        assert monitor is not None
        if not monitor.accepted or record.pj_call is None or self._ep is None:
            return
        target = self._calls.get(monitor.target)
        leader = _audio(record.pj_call)
        customer = _audio(target.pj_call) if target is not None and target.pj_call else None
        if leader is None or target is None or customer is None:
            return
        talking = not (target.held or target.muted)
        speaks = monitor.mode in (MonitorMode.WHISPER, MonitorMode.BARGE)
        joined = monitor.mode is MonitorMode.BARGE and not target.held
        _transmit(customer, leader, True)
        _transmit(self._microphone(), leader, talking)
        _transmit(leader, self._speaker(), speaks)
        _transmit(leader, customer, joined)
        if target.recorder is not None:
            # The recording holds what the call carries: the leader only once they joined it.
            _transmit(leader, target.recorder, joined)


def _audio(call: Any) -> Any:
    """The call's audio media on the bridge, or None while it has none."""
    with contextlib.suppress(pj.Error):
        return call.getAudioMedia(-1)
    return None
