"""Three-way conference: an answered consult (engine.consult) and its held caller mixed in
this endpoint's conference bridge, e.g. a translator added to a customer's call; then the
agent leaves and the other two talk on.

``conference`` resumes the caller and connects the two remote legs to each other, on top of
each call's own wiring to the agent's microphone and speaker (Media._connect_audio): everyone
hears everyone. ``leave_conference`` disconnects the agent's microphone and speaker from both
at once and hands the caller to the party as ``complete_transfer`` does (a REFER with Replaces
naming the consult's dialog): where the caller's side follows it, the two talk directly and
both our calls end (HANDED_OVER, and the consult's COMPLETED: the SR's escalation). Where it
refuses or fails the REFER, this PC goes on bridging the two with the agent's audio off
(BRIDGED) until either hangs up, when the other leg is hung up too.

The consulted party hanging up during the conference returns the agent and the caller to a
plain call (ENDED party_left); the caller hanging up leaves the agent with the party.

Wiring (C: the caller's call, T: the party's, M: the agent's microphone, S: the speaker):
C->T and T->C while neither is held; with the agent in, C->S, T->S, M->C, M->T (not while
muted, M off both when either call is muted: one conference, one mute); once the agent left,
none of those four. Each call's recording takes what its call carries, the other leg too.
A re-INVITE gives a call a new conference port with no connection at all, so every media
change of either call rewires the whole conference (as Media._connect_audio does for a call).
No port of its own is made here: nothing to destroy before the library.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.telephony.engine.consult import Consulting
from app.telephony.engine.core import TelephonyError, _pj_reason
from app.telephony.engine.media import _transmit
from app.telephony.events import (
    CallState,
    ConferenceEvent,
    ConferenceState,
    ConsultEvent,
    ConsultOutcome,
    EndReason,
)

if TYPE_CHECKING:
    from app.telephony.engine.core import _CallRecord

log = logging.getLogger(__name__)


@dataclass
class _Conference:
    """A conference under way, keyed by the caller's call id."""

    caller: str
    consult: str
    caller_uri: str  # kept for the events: a call's record goes at its end
    party_uri: str
    left: bool = False  # the agent left (leave_conference): their audio is off both legs
    bridged: bool = False  # ... and the REFER was refused: this PC joins the two


class Conferencing(Consulting):
    """Three-way conferences made of a consult call and its caller."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._conferences: dict[str, _Conference] = {}

    def conference(self, call_id: str, consult_id: str) -> None:
        """Mix the caller of ``call_id`` with its answered consult ``consult_id`` and the agent:
        the caller is resumed and hears the party, and the party the caller."""
        consult = self._consults.get(consult_id)
        if consult is None or consult.caller != call_id:
            raise TelephonyError("not_consulting", consult_id)
        if consult.transferring:
            raise TelephonyError("transfer_under_way", consult_id)
        if call_id in self._conferences:
            return
        caller = self._active(call_id)
        party = self._active(consult_id)  # answered: a ringing consult cannot be joined
        conf = _Conference(call_id, consult_id, caller.remote.uri, party.remote.uri)
        self._conferences[call_id] = conf
        caller.conference_with, party.conference_with = consult_id, call_id
        self._resume_caller(caller)  # its media callback wires the conference
        self._wire_conference(conf)
        self._emit(self._event(caller))
        self._emit(self._event(party))
        self._conference_event(conf, ConferenceState.JOINED)

    def leave_conference(self, call_id: str) -> None:
        """The agent leaves the conference of ``call_id`` (the caller's or the party's call):
        the caller is handed to the party (REFER with Replaces), or bridged to them here."""
        conf = self._conference_of(call_id)
        if conf is None:
            raise TelephonyError("not_in_conference", call_id)
        if conf.left:
            return
        conf.left = True
        self._wire_conference(conf)  # the agent hears and says nothing from now on
        self._conference_event(conf, ConferenceState.LEAVING)
        try:
            self.complete_transfer(conf.caller, conf.consult)
        except TelephonyError as exc:
            log.warning("conference %s: REFER not sent (%s); bridging here", conf.caller, exc)
            self._bridge(conf, 0)

    def cancel_consult(self, consult_id: str) -> None:
        """In a conference, back to the caller is hanging up the party's leg (the caller is
        not on hold to resume): the conference ends as the party leaves."""
        conf = self._conference_of(consult_id)
        if conf is not None and conf.consult == consult_id and not conf.left:
            self._whole.hangup(consult_id)
            return
        super().cancel_consult(consult_id)

    # -- from the call callbacks ------------------------------------------------------------

    def _connect_audio(self, record: _CallRecord) -> None:
        super()._connect_audio(record)
        conf = self._conference_of(record.call_id)
        if conf is not None:
            self._wire_conference(conf)

    def _call_gone(self, record: _CallRecord) -> None:
        conf = self._conference_of(record.call_id)
        if conf is not None:
            self._conference_call_gone(conf, record)
        super()._call_gone(record)

    def _transfer_progress(self, caller: _CallRecord, code: int, final: bool) -> None:
        conf = self._conferences.get(caller.call_id)
        if conf is None or not conf.left or conf.bridged:
            super()._transfer_progress(caller, code, final)
            return
        if 200 <= code < 300:
            # The caller now talks to the party: the consult's COMPLETED, both our calls end.
            self._forget(conf)
            super()._transfer_progress(caller, code, final)
            self._conference_event(conf, ConferenceState.HANDED_OVER, status_code=code)
        elif final and code >= 300:
            self._bridge(conf, code)

    # -- the conference's own work ----------------------------------------------------------

    def _conference_of(self, call_id: str) -> _Conference | None:
        conf = self._conferences.get(call_id)
        if conf is not None:
            return conf
        return next((c for c in self._conferences.values() if c.consult == call_id), None)

    def _bridge(self, conf: _Conference, code: int) -> None:
        """The REFER was refused or failed: this PC joins the two, the agent's audio off. If
        the party's call is gone meanwhile, the agent is back with the caller instead."""
        caller = self._calls.get(conf.caller)
        party = self._calls.get(conf.consult)
        consult = self._consults.pop(conf.consult, None)
        target = conf.party_uri
        if caller is not None:
            caller.transfer_target = ""
        if party is None or party.state is CallState.ENDED:
            conf.left = False
            self._forget(conf)
            if caller is not None:
                self._connect_audio(caller)
            if consult is not None:
                self._emit(ConsultEvent(conf.caller, conf.consult, target,
                                        ConsultOutcome.RETURNED, "transfer_failed", code))
            self._conference_event(conf, ConferenceState.ENDED, "party_left", code)
            return
        party.local_end = None  # no transfer: its end, when it comes, is a hang-up
        conf.bridged = True
        self._wire_conference(conf)
        log.warning("conference %s: the caller's side refused the hand-over (%d); this PC "
                    "bridges %s and %s with the agent's audio off", conf.caller, code,
                    conf.caller_uri, target)
        if consult is not None:
            # Not a transfer any more, and not the agent's consult: the bridge's own now.
            self._emit(ConsultEvent(conf.caller, conf.consult, target, ConsultOutcome.RETURNED,
                                    "bridged", code))
        self._conference_event(conf, ConferenceState.BRIDGED, status_code=code)

    def _conference_call_gone(self, conf: _Conference, record: _CallRecord) -> None:
        """One of the conference's calls ended (before Consulting's own _call_gone)."""
        party_left = record.call_id == conf.consult
        if conf.left and not conf.bridged and party_left:
            # The party's phone swapped our leg for the caller's new call (or hung up): the
            # REFER's NOTIFYs decide what comes next.
            return
        self._forget(conf)
        other = self._calls.get(conf.caller if party_left else conf.consult)
        if conf.left:
            # Nobody of ours on the other leg: it goes too.
            self._consults.pop(conf.consult, None)
            if other is not None and other.state is not CallState.ENDED \
                    and other.pj_call is not None:
                other.local_end = EndReason.LOCAL_HANGUP
                try:
                    other.pj_call.hangup(pj.CallOpParam())
                except pj.Error as exc:
                    log.warning("conference leg %s not hung up: %s", other.call_id,
                                _pj_reason(exc))
        elif party_left and self._consults.pop(conf.consult, None) is not None:
            # Back to a plain call with the caller, who is not on hold: nothing to resume.
            self._emit(ConsultEvent(conf.caller, conf.consult, record.remote.uri,
                                    ConsultOutcome.RETURNED, "consult_ended"))
        if other is not None and other.state is not CallState.ENDED:
            self._connect_audio(other)  # its plain wiring: the agent hears it again
            self._emit(self._event(other))
        self._conference_event(conf, ConferenceState.ENDED,
                               "party_left" if party_left else "caller_left")

    def _forget(self, conf: _Conference) -> None:
        self._conferences.pop(conf.caller, None)
        for call_id in (conf.caller, conf.consult):
            record = self._calls.get(call_id)
            if record is not None:
                record.conference_with = ""

    def _conference_event(self, conf: _Conference, state: ConferenceState, reason: str = "",
                          status_code: int = 0) -> None:
        self._emit(ConferenceEvent(conf.caller, conf.consult, conf.caller_uri, conf.party_uri,
                                   state, reason, status_code))

    def _wire_conference(self, conf: _Conference) -> None:
        """Connect the two legs as the conference stands now (all of it, each time)."""
        if self._ep is None:
            return
        caller = self._calls.get(conf.caller)
        party = self._calls.get(conf.consult)
        if caller is None or party is None:
            return
        c, t = _audio(caller.pj_call), _audio(party.pj_call)
        if c is None or t is None:
            return  # a re-INVITE under way: its media callback comes back here
        joined = not (caller.held or party.held)
        _transmit(c, t, joined)
        _transmit(t, c, joined)
        for record, other in ((caller, t), (party, c)):
            if record.recorder is not None:
                _transmit(other, record.recorder, joined)
        speaker, microphone = self._speaker(), self._microphone()
        talking = not (conf.left or caller.muted or party.muted)
        for record, media in ((caller, c), (party, t)):
            if conf.left:
                _transmit(media, speaker, False)
            _transmit(microphone, media, talking and not record.held)
            if record.recorder is not None:
                _transmit(microphone, record.recorder, talking and not record.held)


def _audio(call: Any) -> Any:
    """The call's audio media on the bridge, or None while it has none."""
    if call is None:
        return None
    with contextlib.suppress(pj.Error):
        return call.getAudioMedia(-1)
    return None
