"""Attended transfer: consult someone while the caller waits on hold, then hand the caller over
(a REFER with Replaces, RFC 3891 and RFC 5589) or go back to them.

``consult`` holds the caller and places the consult call (a call of its own, whose events say
``consult_for``). ``complete_transfer`` sends the caller a REFER whose Refer-To names the
consult call's dialog in a Replaces header: the caller's UA calls the target with Replaces and
the target's phone swaps the consult call for the caller. The consult's headers (the SR number,
the hand-off's User-to-User) go in the Refer-To URI's header part too (RFC 3261 19.1.1), so
the caller's INVITE carries them as well. ``cancel_consult`` goes back to the caller.

The caller is never dropped: a consult that fails or ends before the transfer, and a transfer
the caller's side refuses or fails (a final NOTIFY of 3xx-6xx, or an error to the REFER),
resume the caller and say why in a ConsultEvent (RETURNED).
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pjsua2 as pj

from app.telephony.engine.core import DIRECT, TelephonyError, _pj_reason
from app.telephony.engine.monitoring import Monitoring
from app.telephony.events import CallState, ConsultEvent, ConsultOutcome, Direction, EndReason
from app.telephony.sipmsg import clean_text, raw_header

if TYPE_CHECKING:
    from collections.abc import Mapping

    from app.telephony.engine.core import _CallRecord, _PjCall

log = logging.getLogger(__name__)

# A header name that may go in a URI's header part: an RFC 3261 token, nothing to escape.
_TOKEN = re.compile(r"^[A-Za-z0-9!%*_+`'~.-]{1,64}$")
_TAG = re.compile(r";\s*tag=([^;>\s,]+)", re.IGNORECASE)
# hvalue = *( hnv-unreserved / unreserved / escaped ) (RFC 3261 25.1); the rest is %-escaped.
_HVALUE_SAFE = "[]/:+$-_.!~*'()"


@dataclass
class _Consult:
    """A consult call under way (keyed by its call id)."""

    caller: str  # the held call it consults for
    headers: dict[str, str] = field(default_factory=dict)  # of its INVITE, and of the REFER's
    transferring: bool = False  # the REFER went out; its NOTIFYs decide


class Consulting(Monitoring):
    """Consult calls and the attended transfers made of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._consults: dict[str, _Consult] = {}
        # Callers to resume once the hold sent at ``consult`` has gone through (a consult
        # that failed faster than the hold's re-INVITE).
        self._resume_when_held: set[str] = set()

    def consult(self, call_id: str, target: str,
                headers: Mapping[str, str] | None = None) -> str:
        """Hold the caller of ``call_id`` and call ``target`` (with ``headers`` on the INVITE);
        returns the consult call's id. Its events carry ``consult_for=call_id``."""
        caller = self._active(call_id)
        if caller.consult_for or caller.monitor is not None or any(
                c.caller == call_id for c in self._consults.values()):
            raise TelephonyError("already_consulting", call_id)
        account = caller.account if caller.account != DIRECT else None
        self._whole.hold(call_id)
        consult_id = self._new_call_id()
        try:
            self._whole._place_call(target, account, headers, consult_id, consult_for=call_id)
        except TelephonyError:
            self._resume_caller(caller)
            raise
        self._consults[consult_id] = _Consult(call_id, dict(headers or {}))
        record = self._calls.get(consult_id)
        self._emit(ConsultEvent(call_id, consult_id, record.remote.uri if record else target,
                                ConsultOutcome.CONSULTING))
        if record is None:  # not placed (an unresolvable host): its ENDED is queued already
            self._consult_over(consult_id, "consult_failed")
        return consult_id

    def complete_transfer(self, call_id: str, consult_id: str) -> None:
        """Hand the caller of ``call_id`` over to the party of its consult call ``consult_id``
        (answered): a REFER with Replaces to the caller. ConsultEvents report the end."""
        consult = self._consults.get(consult_id)
        if consult is None or consult.caller != call_id:
            raise TelephonyError("not_consulting", consult_id)
        caller = self._active(call_id)
        record = self._active(consult_id)
        if consult.transferring:
            return
        refer_to = _refer_to(record, consult.headers)
        caller.transfer_target = record.remote.uri
        consult.transferring = True
        try:
            if refer_to:
                caller.pj_call.xfer(refer_to, pj.CallOpParam(True))
            else:
                # No tags seen on the consult's 2xx: pjsua names the dialog itself, and the
                # caller's INVITE carries no SR header (the target has it from the consult).
                log.warning("call %s: consult %s has no dialog tags; REFER without headers",
                            call_id, consult_id)
                caller.pj_call.xferReplaces(record.pj_call, pj.CallOpParam(True))
        except pj.Error as exc:
            consult.transferring = False
            caller.transfer_target = ""
            raise TelephonyError("transfer_failed", _pj_reason(exc)) from None
        # Its BYE, once the target has swapped it for the caller, is the transfer's.
        record.local_end = EndReason.TRANSFERRED
        self._emit(ConsultEvent(call_id, consult_id, record.remote.uri,
                                ConsultOutcome.TRANSFERRING))

    def cancel_consult(self, consult_id: str) -> None:
        """Back to the caller: the consult call ends (hung up, or cancelled while it rings) and
        the caller is resumed. A transfer already sent is left to its NOTIFYs."""
        consult = self._consults.get(consult_id)
        if consult is None:
            raise TelephonyError("not_consulting", consult_id)
        if consult.transferring:
            raise TelephonyError("transfer_under_way", consult_id)
        record = self._calls.get(consult_id)
        self._consult_over(consult_id, "cancelled")
        if record is not None and record.state is not CallState.ENDED:
            self._whole.hangup(consult_id)

    # -- from the call callbacks ------------------------------------------------------------

    def _note_dialog(self, call: _PjCall, prm: Any) -> None:
        """A consult call's dialog tags, from the 2xx to its INVITE (pjsua2's CallInfo has
        none): the Replaces of the transfer names them."""
        record = self._calls.get(call.record_id)
        if (record is None or not record.consult_for or all(record.dialog_tags)
                or record.direction is not Direction.OUTBOUND):
            return
        event = prm.e
        if event.type != pj.PJSIP_EVENT_TSX_STATE or \
                event.body.tsxState.type != pj.PJSIP_EVENT_RX_MSG:
            return
        message = str(event.body.tsxState.src.rdata.wholeMsg)
        if not message.startswith("SIP/2.0 2"):
            return
        local = _TAG.search(raw_header(message, "From"))
        remote = _TAG.search(raw_header(message, "To"))
        if local and remote:
            record.dialog_tags = (clean_text(local.group(1), 128),
                                  clean_text(remote.group(1), 128))

    def _on_call_media_state(self, call: _PjCall) -> None:
        super()._on_call_media_state(call)
        record = self._calls.get(call.record_id)
        if record is not None and record.held and record.call_id in self._resume_when_held:
            self._resume_when_held.discard(record.call_id)
            self._resume_caller(record)

    def _call_gone(self, record: _CallRecord) -> None:
        super()._call_gone(record)
        self._resume_when_held.discard(record.call_id)
        consult = self._consults.get(record.call_id)
        if consult is not None and not consult.transferring:
            self._consult_over(record.call_id,
                               "consult_ended" if record.answered else "consult_failed")
        for consult_id, other in list(self._consults.items()):
            if other.caller == record.call_id and not (
                    other.transferring and record.local_end is EndReason.TRANSFERRED):
                # The caller hung up while waiting: the consult call goes on as a call.
                del self._consults[consult_id]
                self._emit(ConsultEvent(record.call_id, consult_id, _target(self, consult_id),
                                        ConsultOutcome.RETURNED, "caller_left"))

    def _transfer_progress(self, caller: _CallRecord, code: int, final: bool) -> None:
        """A NOTIFY (or the REFER's answer) of the caller's transfer, if it is an attended one:
        2xx completes it; a final failure brings the caller back."""
        found = next(((cid, c) for cid, c in self._consults.items()
                      if c.caller == caller.call_id and c.transferring), None)
        if found is None:
            return
        consult_id, _ = found
        if 200 <= code < 300:
            del self._consults[consult_id]
            self._emit(ConsultEvent(caller.call_id, consult_id, caller.transfer_target,
                                    ConsultOutcome.COMPLETED, status_code=code))
            record = self._calls.get(consult_id)
            if record is not None and record.state is not CallState.ENDED \
                    and record.pj_call is not None:
                # The target ends it once it has the caller; ours in case it does not.
                with contextlib.suppress(pj.Error):
                    record.pj_call.hangup(pj.CallOpParam())
        elif final and code >= 300:
            caller.transfer_target = ""
            record = self._calls.get(consult_id)
            self._consult_over(consult_id, "transfer_failed", code)
            if record is not None and record.state is not CallState.ENDED \
                    and record.pj_call is not None:
                record.local_end = EndReason.LOCAL_HANGUP
                with contextlib.suppress(pj.Error):
                    record.pj_call.hangup(pj.CallOpParam())

    def _consult_over(self, consult_id: str, reason: str, code: int = 0) -> None:
        """The consult is over without a transfer: the caller is resumed (RETURNED)."""
        consult = self._consults.pop(consult_id, None)
        if consult is None:
            return
        caller = self._calls.get(consult.caller)
        target = _target(self, consult_id)
        if caller is None or caller.state is CallState.ENDED:
            self._emit(ConsultEvent(consult.caller, consult_id, target,
                                    ConsultOutcome.RETURNED, "caller_left", code))
            return
        self._resume_caller(caller)
        self._emit(ConsultEvent(consult.caller, consult_id, target, ConsultOutcome.RETURNED,
                                reason, code))

    def _resume_caller(self, caller: _CallRecord) -> None:
        if caller.state is not CallState.ACTIVE:
            return
        if not caller.held:
            # The hold's re-INVITE is still out: resumed once it has gone through.
            self._resume_when_held.add(caller.call_id)
            return
        try:
            self._whole.resume(caller.call_id)
        except TelephonyError as exc:
            log.warning("call %s not resumed after its consult: %s", caller.call_id, exc)


def _target(engine: Consulting, consult_id: str) -> str:
    record = engine._calls.get(consult_id)
    return record.remote.uri if record is not None else ""


def _refer_to(consult: _CallRecord, headers: Mapping[str, str]) -> str:
    """``<target?Replaces=...&X-Case-Number=...>`` for the consult's dialog; "" without its
    tags. pjsua's own xferReplaces builds the same Replaces (from-tag ours, to-tag theirs)."""
    local, remote = consult.dialog_tags
    if not (local and remote and consult.sip_call_id):
        return ""
    uri = consult.remote.uri.split("?", 1)[0]
    replaces = f"{consult.sip_call_id};to-tag={remote};from-tag={local}"
    parts = [f"Replaces={_escape(replaces)}", "Require=replaces"]
    for name, value in headers.items():
        if _TOKEN.match(name) and name.lower() not in ("replaces", "require"):
            parts.append(f"{name}={_escape(value)}")
    return f"<{uri}?{'&'.join(parts)}>"


def _escape(value: str) -> str:
    return quote(value, safe=_HVALUE_SAFE)
