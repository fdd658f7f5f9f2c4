"""Calls: inbound and outbound, answering, the in-call commands, and the call-state callbacks."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.telephony import dialplan, nat
from app.telephony.engine.conference import Conferencing
from app.telephony.engine.core import (
    _PJ_STATE,
    DIRECT,
    TelephonyError,
    _CallRecord,
    _host_of,
    _pj_reason,
    _PjCall,
)
from app.telephony.events import (
    MONITOR_HEADER,
    CallEvent,
    CallQuality,
    CallState,
    Direction,
    DtmfEvent,
    DtmfMethod,
    EndReason,
    RegState,
    RejectedCallEvent,
    TransferEvent,
)
from app.telephony.quality import QualityMeter, StreamCounters
from app.telephony.sipmsg import (
    accepts_sdp,
    clean_text,
    parse_headers,
    parse_name_addr,
    raw_header,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

REFUSAL_MEMORY_S = 32.0  # how long a refused INVITE's retransmissions are recognised


class Calls(Conferencing):
    """Every call: its life from INVITE to BYE and the commands on it."""

    def _on_incoming_call(self, account: str, prm: Any) -> None:
        acc = self._accounts.get(account) or next(
            a for a in self._retired if a.spec.name == account)  # a retired one still rings
        message = prm.rdata.wholeMsg
        headers = parse_headers(message)
        remote = parse_name_addr(raw_header(message, "From"))
        call_id = self._new_call_id()
        call = _PjCall(self._whole, acc.pj_acc, call_id, prm.callId)
        record = _CallRecord(
            call_id=call_id,
            direction=Direction.INBOUND,
            account=account,
            acc=acc,
            remote=remote,
            pj_call=call,
            sip_call_id=headers.get("Call-ID", ""),
            headers=headers,
            state=CallState.INCOMING,
        )
        self._calls[call_id] = record
        self._budget.call_started()
        if MONITOR_HEADER in headers:
            # A leader's monitoring call: never rings, whatever the agent's state.
            self._monitor_requested(record, headers[MONITOR_HEADER])
            return
        if not accepts_sdp(headers.get_all("Accept")):
            # Our answer carries SDP and the caller accepts none: 406 before any ring
            # (RFC 3261 21.4.7, RFC 4475 3.3.15), where pjsua would answer 200 regardless.
            self._emit(self._event(record))
            record.local_end = EndReason.REJECTED
            self._release(record, "reject", 406)
            return
        if self._refusing:
            # The agent is on break or offline: the caller hears busy at once (a hunt group
            # moves on), not a ring we then take back. The INCOMING event still tells the
            # desk, which logs the call as missed with why.
            self._emit(self._event(record))
            record.local_end = EndReason.REJECTED
            self._release(record, "reject", self._refusing)
            return
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

    def refuse_calls(self, code: int = 0) -> None:
        """From now on answer new INVITEs with ``code`` (480, 486...) before any 180; 0: ring."""
        if code and not 400 <= code <= 699:
            raise TelephonyError("bad_status", str(code))
        self._refusing = code

    def _on_replace_request(self, old: _PjCall, prm: Any) -> None:
        """An INVITE with Replaces names this call (RFC 3891: an attended transfer to us, by a
        PBX or a colleague). Accepted: pjsua answers the new call itself and ends this one
        (BYE 410 Gone, or CANCEL if it is our own call still ringing). The new call gets a
        Call of its own here: left without one, pjsua2 lends it this call's, which the engine
        drops at this call's end while the new call still uses it (a segfault at its BYE).

        pjsip itself answers 481 to a Replaces naming no dialog, or a call ringing here (RFC
        3891 section 3): that never reaches this; it is a RejectedCallEvent with 481.
        """
        # Refused unless all below goes through: no Call set and 2xx would reuse this one.
        prm.statusCode = 500
        prm.reason = "Server Internal Error"
        record = self._calls.get(old.record_id)
        if (record is None or record.state is CallState.ENDED or not self._is_own(old)
                or record.monitor is not None):  # nobody takes over a leader's monitoring
            prm.statusCode = 481
            prm.reason = "Call/Transaction Does Not Exist"
            return
        message = prm.rdata.wholeMsg
        headers = parse_headers(message)
        call_id = self._new_call_id()
        call = _PjCall(self._whole, old.pj_acc, call_id)
        new = _CallRecord(
            call_id=call_id,
            direction=Direction.INBOUND,
            account=record.account,  # pjsua gives the new call the replaced call's account
            acc=record.acc,
            remote=parse_name_addr(raw_header(message, "From")),
            pj_call=call,
            sip_call_id=headers.get("Call-ID", ""),
            headers=headers,
            state=CallState.INCOMING,
            replaces=record.call_id,
        )
        old.replacement = (call, new)
        prm.newCall = call
        prm.statusCode = 200
        prm.reason = "OK"

    def _on_call_replaced(self, old: _PjCall, prm: Any) -> None:
        """The new call is set up and answered by pjsua (no answer() here); the replaced call's
        end follows, after the new call's CONFIRMED. (prm.newCall is a bare pj.Call proxy: the
        Call made in the request is the one kept.)"""
        pending, old.replacement = old.replacement, None
        if pending is None:
            return
        call, new = pending
        call.pj_id = int(prm.newCallId)
        self._calls[new.call_id] = new
        self._budget.call_started()
        new.released = True  # answered by pjsua: no slot held back
        record = self._calls.get(old.record_id)
        if record is not None and record.local_end is None:
            record.local_end = EndReason.TRANSFERRED  # its 410/487 is the transfer, not a hang-up
        # Its first event, like any call's; it never rang (the desk neither rings nor pops it).
        self._emit(self._event(new))

    def _is_own(self, call: _PjCall) -> bool:
        return call.pj_id < 0 or call.getId() == call.pj_id

    def _own(self, call: _PjCall) -> _PjCall | None:
        """The Call a callback is for. pjsua skips the replace callbacks when the replaced call
        is already hanging up, and pjsua2 then lends the new call the old call's Call: its first
        callback there makes it a Call and a record of its own (which pjsua2 calls from then
        on), so the old call's record is never taken over by it."""
        if self._is_own(call):
            return call
        pj_id = call.getId()
        old = self._calls.get(call.record_id)
        if pj_id < 0 or old is None:
            return None
        info = call.getInfo()  # the lent Call answers for the call of this callback
        call_id = self._new_call_id()
        adopted = _PjCall(self._whole, call.pj_acc, call_id, pj_id)  # pjsua2 now calls it
        remote = parse_name_addr(info.remoteUri) if info.remoteUri else old.remote
        record = _CallRecord(
            call_id=call_id,
            direction=Direction.INBOUND,
            account=old.account,
            acc=old.acc,
            remote=remote,
            pj_call=adopted,
            sip_call_id=clean_text(info.callIdString, 200),
            state=CallState.INCOMING,
            released=True,
            replaces=old.call_id,
        )
        log.warning("call %s: pjsua2 lent its Call to a replacing call; tracked as %s",
                    old.call_id, call_id)
        self._calls[call_id] = record
        self._budget.call_started()
        self._emit(self._event(record))
        return adopted

    def _on_call_media(self, call: _PjCall) -> None:
        own = self._own(call)
        if own is not None:
            self._on_call_media_state(own)

    def _on_media_transport(self, call: _PjCall, prm: Any) -> None:
        """A media transport that failed to start (a TURN allocation refused, its server not
        answering): the call ends on it; its code goes on the call's events."""
        status = int(prm.status)
        if status == 0 or not self._is_own(call):
            return
        record = self._calls.get(call.record_id)
        if record is None:
            return
        acc = record.acc or self._accounts.get(record.account)
        turn = acc is not None and bool(acc.spec.turn_server)
        record.media_problem = nat.media_problem(status, turn=turn)
        # pjsua's text names the STUN error, never a credential.
        log.warning("call %s: media transport failed (%s): %s", record.call_id,
                    record.media_problem, _status_text(self._ep, status))

    def _on_rejected_call(self, prm: Any) -> None:
        # prm.callId is pjsua's slot (-1 here: it never became a call); the Call-ID and the
        # caller are the INVITE's own.
        message = ""
        with contextlib.suppress(Exception):
            message = str(prm.rdata.wholeMsg)
        caller = parse_name_addr(raw_header(message, "From") if message else str(prm.remoteInfo))
        if MONITOR_HEADER in parse_headers(message):
            # A leader's monitoring call the stack turned away (every line taken): no caller
            # waited, nothing for the desk to log as missed.
            log.info("monitoring INVITE from %s refused by the stack (%d)", caller.uri,
                     int(prm.statusCode))
            return
        sip_call_id = clean_text(parse_headers(message).get("Call-ID", ""), 200)
        if self._refused_before(sip_call_id):
            # pjsua refuses statelessly, so a retransmitted INVITE is refused again: one
            # caller, one event (the desk logs each as a missed call).
            log.debug("INVITE %s refused again (a retransmission)", sip_call_id)
            return
        self._emit(RejectedCallEvent(remote=caller.uri, status_code=int(prm.statusCode),
                                     reason=clean_text(str(prm.reason), 200),
                                     sip_call_id=sip_call_id,
                                     display_name=caller.display_name, user=caller.user))

    def _refused_before(self, sip_call_id: str) -> bool:
        """Whether an INVITE of this Call-ID was refused within the last REFUSAL_MEMORY_S (a
        UAC retransmits an INVITE for 32 s at most, RFC 3261 Timer B); notes it if not."""
        if not sip_call_id:
            return False
        now = self._clock()
        recent = self._refused
        while recent and next(iter(recent.values())) < now - REFUSAL_MEMORY_S:
            recent.pop(next(iter(recent)))  # oldest first: insertion order is time order
        if sip_call_id in recent:
            return True
        recent[sip_call_id] = now
        return False

    def answer(self, call_id: str) -> None:
        record = self._call(call_id)
        if (record.direction is not Direction.INBOUND or record.state is not CallState.INCOMING
                or record.replaces):  # a replacing call: pjsua answered it
            raise TelephonyError("not_ringing", call_id)
        record.answer_at = None
        self._release(record, "answer", 200)

    def reject(self, call_id: str, code: int | None = None) -> None:
        """Refuse a ringing call: 486 Busy Here, 603 Decline, or another 4xx-6xx; None: the
        configured decline code (486 unless the deployment chose 603)."""
        if code is None:
            code = self.config.decline_code
        record = self._call(call_id)
        if record.state is not CallState.INCOMING or record.replaces or record.released:
            raise TelephonyError("not_ringing", call_id)  # released: refused or answered already
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

    def make_call(self, dial: str, account: str | None = None,
                  headers: Mapping[str, str] | None = None, call_id: str | None = None) -> str:
        """Dial a number or SIP URI. Returns the call id; progress arrives as events, and so
        does a failure past the dial plan (an ENDED with its reason, like any call's end)."""
        return self._place_call(dial, account, headers, call_id)

    def _place_call(self, dial: str, account: str | None,
                    headers: Mapping[str, str] | None, call_id: str | None, *,
                    consult_for: str = "") -> str:
        """make_call's work; ``consult_for``: a consult call's held caller (engine.consult)."""
        self._require_running()
        name = account or self._default_account()
        acc = self._account(name)
        target = dialplan.resolve(dial, acc.spec.dial_domain if name != DIRECT else None)
        for key, value in (headers or {}).items():
            if not key or any(c in key + value for c in "\r\n") or ":" in key:
                raise TelephonyError("bad_header", key)
        if self._active_count() >= self._max_calls():
            raise TelephonyError("too_many_calls")
        if not self._budget.may_start(self._held_count()):
            raise TelephonyError("busy_retry")
        call_id = call_id or self._new_call_id()
        call = _PjCall(self._whole, acc.pj_acc, call_id)
        record = _CallRecord(
            call_id=call_id,
            direction=Direction.OUTBOUND,
            account=name,
            acc=acc,
            remote=parse_name_addr(target.uri),
            pj_call=call,
            state=CallState.CALLING,
            consult_for=consult_for,
        )
        self._calls[call_id] = record
        op = pj.CallOpParam(True)
        for key, value in (headers or {}).items():
            header = pj.SipHeader()
            header.hName = key
            header.hValue = value
            op.txOption.headers.append(header)
        # Counted before makeCall: pjsua may end the call inside it (DISCONNECTED, which
        # uncounts it) and raise after.
        self._budget.call_started()
        try:
            call.makeCall(target.uri, op)
        except pj.Error as exc:
            # Past the dial plan the call exists for the log: it ends like any other (an
            # ENDED with its reason), so the caller gets its id, not an exception.
            reason = _pj_reason(exc)
            log.warning("call %s not placed: %s", call_id, reason)
            self._not_placed(record, reason)
            return call_id
        call.pj_id = call.getId()  # known once placed (see _own)
        with contextlib.suppress(pj.Error):
            record.sip_call_id = call.getInfo().callIdString
        self._emit_first(replace(self._event(record), state=CallState.CALLING))
        return call_id

    def _not_placed(self, record: _CallRecord, reason: str) -> None:
        """makeCall raised. pjsua may have ended the call inside it already (an unresolvable
        host: its ENDED is queued, the record gone); else it never began and ends here."""
        if self._calls.get(record.call_id) is record:
            del self._calls[record.call_id]
            self._budget.call_ended()
            record.pj_call = None
            record.state = CallState.ENDED
            self._emit(self._event(record, reason=reason, end=EndReason.FAILED))
        # The call's first event, before whatever pjsua queued for it inside makeCall.
        self._emit_first(replace(self._event(record), state=CallState.CALLING, end_reason=None))

    def _emit_first(self, event: CallEvent) -> None:
        """Queue a call's first event ahead of any event of that call already queued (pjsua
        reports some inside the command that made the call)."""
        for index, queued in enumerate(self._queue):
            if isinstance(queued, CallEvent) and queued.call_id == event.call_id:
                self._queue.insert(index, event)
                return
        self._emit(event)

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

    def hangup(self, call_id: str) -> None:
        record = self._call(call_id)
        if record.state is CallState.INCOMING and not record.replaces:
            self.reject(call_id)  # hanging up a ringing call declines it
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
        acc = record.acc or self._accounts.get(record.account)
        dest = dialplan.resolve(target, acc.spec.dial_domain if acc and record.account != DIRECT
                                else _host_of(record.remote.uri))
        record.transfer_target = dest.uri
        try:
            record.pj_call.xfer(dest.uri, pj.CallOpParam(True))
        except pj.Error as exc:
            raise TelephonyError("transfer_failed", _pj_reason(exc)) from None

    def calls(self) -> list[CallEvent]:
        """A snapshot of every live call, as the latest event of each."""
        return [self._event(r) for r in self._calls.values()
                if r.state is not CallState.ENDED and r.monitor is None]

    def _on_call_state(self, lent: _PjCall) -> None:
        call = self._own(lent)
        if call is None:
            return
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
        if state is CallState.ACTIVE and record.quality is None and record.monitor is None:
            record.quality = QualityMeter()
            record.quality_due = self._clock() + self.config.quality_interval
        code = int(info.lastStatusCode)
        reason = clean_text(str(info.lastReason), 200)
        end: EndReason | None = None
        if state is CallState.ENDED:
            self._final_quality(record)  # its stream is gone (onStreamDestroyed), the Call not
            end = self._end_reason(record, code)
            record.pending = None
            record.answer_at = None
            self._budget.call_ended()
            # The file must be closed when the call is gone; the ENDED event says so.
            self._drop_player(record)
            self._drop_hold_music(record)
            self._drop_recorder(record)
            # Drop the Call now, inside its DISCONNECTED callback, as pjsua2 allows: its id is
            # never cleared, so a Call destroyed later would hang up whichever new call has
            # taken the same slot by then.
            record.pj_call = None
            del self._calls[record.call_id]
            self._release_retired()
        if state is record.state and state is not CallState.ENDED:
            return
        record.state = state
        if record.monitor is not None:
            self._monitor_state(record)
            return
        self._emit(self._event(record, code=code, reason=reason, end=end))
        if state is CallState.ENDED:
            self._call_gone(record)

    # -- call quality (app.telephony.quality): on the engine thread only, like all of pjsua2

    def _sample_quality(self, now: float) -> None:
        """Every quality_interval seconds of a connected call: its figures as a CallQuality."""
        for record in list(self._calls.values()):
            meter = record.quality
            if meter is None or record.state is not CallState.ACTIVE or now < record.quality_due:
                continue
            record.quality_due = now + self.config.quality_interval
            figures = meter.sample(now, self._stream_counters(record))
            self._emit(CallQuality(record.call_id, figures.loss_pct, figures.jitter_ms,
                                   figures.rtt_ms, figures.mos))

    def _final_quality(self, record: _CallRecord) -> None:
        """The call's last figures, once its media has ended (pjsua destroys the stream before
        it reports DISCONNECTED; _on_stream_destroyed kept its last counters)."""
        meter, record.quality = record.quality, None
        if meter is None:
            return
        figures = meter.sample(self._clock(), self._stream_counters(record))
        self._emit(CallQuality(record.call_id, figures.loss_pct, figures.jitter_ms,
                               figures.rtt_ms, figures.mos, final=True))

    def _on_stream_destroyed(self, call: _PjCall, prm: Any) -> None:
        """A call's audio stream is about to go (the call's end, or a hold or resume that
        renews it, whose counters start again at zero): its last counters, read while it is
        still there."""
        record = self._calls.get(call.record_id)
        if record is None or record.quality is None or not self._is_own(call):
            return
        counters = self._stream_counters(record, int(prm.streamIdx))
        if counters is not None:
            record.quality.stream_ended(counters)

    def _stream_counters(self, record: _CallRecord,
                         index: int | None = None) -> StreamCounters | None:
        """The RTCP statistics of the call's audio stream as plain values; None without one."""
        call = record.pj_call
        if call is None:
            return None
        try:
            if index is None:
                info = call.getInfo()  # kept: its media vector lives only as long as it does
                audio = [i for i, m in enumerate(info.media)
                         if m.type == pj.PJMEDIA_TYPE_AUDIO
                         and m.status != pj.PJSUA_CALL_MEDIA_NONE]
                if not audio:
                    return None
                index = audio[0]
            stat = call.getStreamStat(index)
            codec = str(call.getStreamInfo(index).codecName)
        except pj.Error:
            return None  # no stream at this index (not started, or gone)
        rtcp = stat.rtcp
        rx, tx = rtcp.rxStat, rtcp.txStat
        buffered = int(stat.jbuf.avgDelayMsec)
        return StreamCounters(
            rx_packets=int(rx.pkt), rx_lost=int(rx.loss),
            tx_packets=int(tx.pkt), tx_lost=int(tx.loss),
            rx_jitter_ms=_ms(rx.jitterUsec), tx_jitter_ms=_ms(tx.jitterUsec),
            rtt_ms=_ms(rtcp.rttUsec), buffer_ms=float(buffered) if buffered > 0 else None,
            codec=codec)

    def _end_reason(self, record: _CallRecord, code: int) -> EndReason:
        if record.transfer_target and record.local_end is EndReason.TRANSFERRED:
            return EndReason.TRANSFERRED
        if (record.local_end is EndReason.LOCAL_HANGUP and not record.answered
                and record.direction is Direction.OUTBOUND):
            # Our hang-up of our own call while it rang (or the stop's): a CANCEL. A 200
            # crossing it made it answered, a hang-up after all.
            return EndReason.CANCELLED
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
        self._transfer_progress(record, code, final)  # an attended one's end (engine.consult)
        if 200 <= code < 300 and record.state is not CallState.ENDED:
            # Accepted: the far end now calls the target; our leg is done.
            prm.cont = False
            record.local_end = EndReason.TRANSFERRED
            with contextlib.suppress(pj.Error):
                call.hangup(pj.CallOpParam())


def _ms(usec: Any) -> float | None:
    """The latest value of a pjmedia statistic in microseconds, in ms; None if never measured."""
    return float(usec.last) / 1000.0 if int(usec.n) > 0 else None


def _status_text(ep: Any, status: int) -> str:
    try:
        return clean_text(str(ep.utilStrError(status)), 200)
    except Exception:  # only for the log line: never let it fail the callback
        return str(status)
