"""Colleagues on a team list: who they are (an account's ``colleagues``) and what their
published presence says (issue 20: lamps used to choose whom to escalate to).

No pjsua2 here: the engine (app.telephony.engine.presence) and the window both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.telephony import dialplan
from app.telephony.events import Lamp

# "Bob Tanaka <sip:bob@pbx>", "<sip:bob@pbx>", "sip:bob@pbx", "2001", "bob".
_NAME_ADDR = re.compile(r'^\s*(?:"?(?P<name>[^"<]*?)"?\s*)?<(?P<addr>[^>]+)>\s*$')

# SUBSCRIBE refusals that say the registrar serves no presence at all (RFC 6665 4.1.2.1:
# 489 Bad Event; a proxy that knows no SUBSCRIBE: 405, 501). Nothing is asked again.
NO_PRESENCE_CODES = frozenset({405, 489, 501})

# RPID (RFC 4480) has "on-the-phone"; pjsua publishes its own "busy" activity with a note,
# and other phones say it in words: the note is read too, in the spellings phones use.
_BUSY_NOTES = ("on the phone", "on-the-phone", "on a call", "in a call", "busy", "talking")
_RINGING_NOTES = ("ringing", "alerting", "incoming call")

# What this phone publishes, per state of its calls: (note, busy activity).
NOTE_FREE = "Available"
NOTE_RINGING = "Ringing"
NOTE_BUSY = "On the phone"
NOTE_AWAY = "Away"


@dataclass(frozen=True, slots=True)
class Colleague:
    name: str  # as the team list shows it: the display name, or the user part
    uri: str  # what the engine watches and the consult dials


def parse_colleague(entry: str, domain: str | None) -> Colleague:
    """One entry of an account's ``colleagues``; a number or name goes to ``domain``.

    Raises dialplan.DialError for an entry the stack could not send a request to."""
    name = ""
    address = entry
    match = _NAME_ADDR.match(entry)
    if match:
        name = (match.group("name") or "").strip()
        address = match.group("addr")
    uri = dialplan.resolve(address, domain).uri
    user = uri.split(":", 1)[-1].split("@", 1)[0]
    return Colleague(name or user, uri)


def lamp_of(*, subscribed: bool, terminated: bool, term_code: int, online: bool | None,
            away: bool, busy: bool, note: str) -> Lamp:
    """A watched colleague's lamp from their subscription and the presence last notified.

    ``online``: the PIDF's basic status (None: nothing published, an empty NOTIFY).
    """
    if terminated:
        return Lamp.NO_PRESENCE if term_code in NO_PRESENCE_CODES else Lamp.UNKNOWN
    if not subscribed:
        return Lamp.UNKNOWN
    if not online:  # closed, or no phone of theirs publishes anything
        return Lamp.OFFLINE
    said = note.lower()
    if any(word in said for word in _RINGING_NOTES):
        return Lamp.RINGING
    if busy or any(word in said for word in _BUSY_NOTES):
        return Lamp.BUSY
    if away:
        return Lamp.AWAY
    return Lamp.FREE
