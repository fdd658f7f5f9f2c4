"""Presence (issue 20): colleagues' lamps, and this phone's own state, through the registrar's
presence server (RFC 3856 SUBSCRIBE/NOTIFY, RFC 3903 PUBLISH; PIDF with RPID).

An account with ``presence`` publishes whether this phone is free, ringing or on a call, and
watches its ``colleagues`` (or the list ``watch_colleagues`` gave) once it is registered. Each
colleague's lamp is a ColleagueState event on every change.

Why presence and not the dialog event package (RFC 4235, desk phones' BLF): pjsua2 2.15's
Python wheel has no dialog-event subscription (BuddyConfig has no ``subscribe_dlg_event``);
presence with RPID's busy activity and a note carries free / ringing / on a call just as well
between CaseLines, and any phone that publishes a note like "On the phone" reads the same.

A SUBSCRIBE refused as "no presence here" (489, 405, 501) stops that colleague's subscription
for good (pjsua would try again every 5 minutes): NO_PRESENCE, a plain list. Other failures
(a timeout, 404, 503) leave pjsua's own slow retry running: UNKNOWN meanwhile.

pjsua2's Buddy objects live here only; callers see URIs and events.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.telephony.colleagues import (
    NOTE_AWAY,
    NOTE_BUSY,
    NOTE_FREE,
    NOTE_RINGING,
    lamp_of,
    parse_colleague,
)
from app.telephony.dialplan import DialError
from app.telephony.engine.core import DIRECT, EngineCore, TelephonyError, _pj_reason
from app.telephony.events import CallState, ColleagueState, Lamp, RegState
from app.telephony.sipmsg import clean_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.telephony.engine import PjsuaEngine
    from app.telephony.engine.core import _AccountRecord

log = logging.getLogger(__name__)

# Incoming SUBSCRIBEs to this phone: presence is the registrar's to serve. A phone that
# answered them itself would tell anyone who reaches its address (direct IP) when the agent
# is on a call.
REFUSE_WATCHER = 403

# Registration states in which the presence server is out of reach (REGISTERING is not: a
# refresh or a new network, whose answer comes at once).
_LOST = frozenset({RegState.UNREACHABLE, RegState.RETRYING, RegState.FAILED,
                   RegState.UNREGISTERED})


class _PjBuddy(pj.Buddy):
    def __init__(self, engine: PjsuaEngine, account: str, uri: str) -> None:
        super().__init__()
        self._engine = engine
        self.account = account
        self.uri = uri

    def onBuddyState(self) -> None:  # noqa: N802 - pjsua2's name
        self._engine._guarded(self._engine._on_buddy_state, self)

    def onBuddyEvSubState(self, prm: Any) -> None:  # noqa: N802
        self._engine._guarded(self._engine._on_buddy_state, self)


@dataclass
class _Watch:
    account: str
    uri: str
    acc: _AccountRecord  # the account it subscribes through: dropped with it
    buddy: _PjBuddy | None = None  # None until the account is registered
    state: ColleagueState | None = None
    give_up: bool = False  # refused as "no presence": unsubscribe on the next turn


class Presence(EngineCore):
    """Watched colleagues per account, and what this phone publishes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watches: dict[tuple[str, str], _Watch] = {}
        # The list watch_colleagues gave an account, over its spec's ``colleagues``.
        self._watch_lists: dict[str, tuple[str, ...]] = {}
        self._published: dict[str, str] = {}  # account -> the note last set on it
        self._away = False  # set_away: the agent is on a break (or signed out of calls)
        # Each account's registration as the last turn saw it: a registrar lost and found
        # again may have forgotten our subscriptions and publication (Kamailio in memory).
        self._reg_seen: dict[str, RegState] = {}

    # -- the command ----------------------------------------------------------------------

    def watch_colleagues(self, account: str, uris: Sequence[str]) -> None:
        """Watch these colleagues (numbers, names or SIP URIs) through ``account``, instead of
        its configured ``colleagues``. An empty list watches nobody."""
        self._require_running()
        acc = self._account(account)
        if account == DIRECT:
            raise TelephonyError("account_builtin", account)
        for entry in uris:
            self._colleague_uri(acc, entry)  # refused before anything changes
        self._watch_lists[account] = tuple(uris)
        self._sync_watches(account, acc)

    def set_away(self, away: bool) -> None:
        """Publish the agent as away while no call is up (a break): colleagues' lamps say so."""
        self._away = bool(away)

    # -- the pump's turn ------------------------------------------------------------------

    def _presence_turn(self) -> None:
        """After each pump: subscriptions for newly registered accounts, refusals acted on,
        and this phone's own state published where it changed."""
        for name, acc in list(self._accounts.items()):
            if (acc.spec.presence or name in self._watch_lists) and name != DIRECT:
                self._sync_watches(name, acc)
        for watch in self._watches.values():
            if watch.give_up and watch.buddy is not None:
                watch.give_up = False
                with contextlib.suppress(pj.Error):
                    watch.buddy.subscribePresence(False)
        self._publish_own_state()

    def _follow_registration(self, name: str, acc: _AccountRecord) -> None:
        before, now = self._reg_seen.get(name), acc.state
        if before is now:
            return
        self._reg_seen[name] = now
        watches = [w for w in self._watches.values() if w.acc is acc]
        if now is RegState.REGISTERED and before is not None:
            # Registered again (after a loss, or from a new address): subscribe and publish
            # afresh rather than wait minutes for pjsua's refreshes to find out.
            for watch in watches:
                if watch.state is None or watch.state.lamp is not Lamp.NO_PRESENCE:
                    self._drop_watch(watch)
            self._published.pop(name, None)
        elif now in _LOST and before is RegState.REGISTERED:
            # What the lamps said cannot be vouched for while the registrar is away.
            for watch in watches:
                if watch.state is not None and watch.state.lamp is not Lamp.NO_PRESENCE:
                    self._set_lamp(watch, ColleagueState(name, watch.uri, Lamp.UNKNOWN))

    def _sync_watches(self, name: str, acc: _AccountRecord) -> None:
        self._follow_registration(name, acc)
        wanted: dict[str, None] = {}
        if acc.spec.presence or name in self._watch_lists:
            for entry in self._watch_lists.get(name, acc.spec.colleagues):
                with contextlib.suppress(DialError, TelephonyError):
                    wanted[self._colleague_uri(acc, entry)] = None
        for key in [k for k, w in self._watches.items() if k[0] == name
                    and (k[1] not in wanted or w.acc is not acc)]:
            self._drop_watch(self._watches.pop(key))
        for uri in wanted:
            watch = self._watches.get((name, uri))
            if watch is None:
                watch = _Watch(name, uri, acc)
                self._watches[(name, uri)] = watch
                self._set_lamp(watch, ColleagueState(name, uri, Lamp.UNKNOWN))
            if watch.buddy is None and acc.state is RegState.REGISTERED \
                    and acc.pj_acc is not None:
                self._subscribe(watch)

    def _colleague_uri(self, acc: _AccountRecord, entry: str) -> str:
        try:
            return parse_colleague(entry, acc.spec.dial_domain).uri
        except DialError as exc:
            raise TelephonyError("bad_colleague", str(entry)[:80]) from exc

    def _subscribe(self, watch: _Watch) -> None:
        buddy = _PjBuddy(self._whole, watch.account, watch.uri)
        cfg = pj.BuddyConfig()
        cfg.uri = watch.uri
        cfg.subscribe = True
        try:
            buddy.create(watch.acc.pj_acc, cfg)
        except pj.Error as exc:
            log.warning("presence of %s: %s", watch.uri, _pj_reason(exc))
            return
        watch.buddy = buddy

    def _drop_watch(self, watch: _Watch) -> None:
        buddy, watch.buddy = watch.buddy, None
        if buddy is not None:
            with contextlib.suppress(pj.Error):
                buddy.subscribePresence(False)  # the un-SUBSCRIBE (Expires: 0)
            del buddy  # pjsua2's Buddy deletes its pjsua buddy with the object

    def _shut_down_account(self, acc: _AccountRecord) -> None:
        # Buddies go before their account: pjsua would send their un-SUBSCRIBEs through a
        # deleted account otherwise.
        for key in [k for k, w in self._watches.items() if w.acc is acc]:
            self._drop_watch(self._watches.pop(key))
        self._published.pop(acc.spec.name, None)
        self._reg_seen.pop(acc.spec.name, None)
        super()._shut_down_account(acc)

    # -- what colleagues' phones say ------------------------------------------------------

    def _on_buddy_state(self, buddy: _PjBuddy) -> None:
        watch = self._watches.get((buddy.account, buddy.uri))
        if watch is None or watch.buddy is not buddy:
            return
        info = buddy.getInfo()
        pres = info.presStatus
        terminated = info.subState == pj.PJSIP_EVSUB_STATE_TERMINATED
        code = int(info.subTermCode) if terminated else 0
        status = pres.status
        lamp = lamp_of(
            subscribed=info.subState == pj.PJSIP_EVSUB_STATE_ACTIVE,
            terminated=terminated, term_code=code,
            online=None if status == pj.PJSUA_BUDDY_STATUS_UNKNOWN
            else status == pj.PJSUA_BUDDY_STATUS_ONLINE,
            away=pres.activity == pj.PJRPID_ACTIVITY_AWAY,
            busy=pres.activity == pj.PJRPID_ACTIVITY_BUSY,
            note=str(pres.note or ""))
        if lamp is Lamp.NO_PRESENCE:
            watch.give_up = True
        note = clean_text(str(pres.note or ""), 100) if lamp is not Lamp.NO_PRESENCE else ""
        self._set_lamp(watch, ColleagueState(watch.account, watch.uri, lamp, note,
                                             code if code >= 300 else 0))

    def _set_lamp(self, watch: _Watch, state: ColleagueState) -> None:
        last = watch.state
        if last is not None and replace(last, at=state.at) == state:
            return  # a refresh NOTIFY that changed nothing
        watch.state = state
        self._emit(state)

    # -- what this phone says -------------------------------------------------------------

    def _publish_own_state(self) -> None:
        publishing = [(name, acc) for name, acc in self._accounts.items()
                      if acc.spec.presence and acc.pj_acc is not None and name != DIRECT]
        if not publishing:
            return
        note = self._own_note()
        for name, acc in publishing:
            if self._published.get(name) == note:
                continue
            status = pj.PresenceStatus()
            status.status = pj.PJSUA_BUDDY_STATUS_ONLINE
            status.activity = {NOTE_FREE: pj.PJRPID_ACTIVITY_UNKNOWN,
                               NOTE_AWAY: pj.PJRPID_ACTIVITY_AWAY}.get(
                                   note, pj.PJRPID_ACTIVITY_BUSY)
            status.note = note
            try:
                acc.pj_acc.setOnlineStatus(status)
            except pj.Error as exc:
                log.warning("presence of %s not published: %s", name, _pj_reason(exc))
                continue
            self._published[name] = note

    def _own_note(self) -> str:
        ringing = False
        for record in self._calls.values():
            if record.monitor is not None or record.state is CallState.ENDED:
                continue  # a leader listening in is not a call of the agent's
            if record.state is CallState.INCOMING:
                ringing = True
            else:
                return NOTE_BUSY
        if ringing:
            return NOTE_RINGING
        return NOTE_AWAY if self._away else NOTE_FREE

    def _on_incoming_subscribe(self, prm: Any) -> None:
        prm.code = REFUSE_WATCHER

