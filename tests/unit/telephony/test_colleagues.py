"""What a colleague's published presence means as a lamp, and how a team entry is read."""

from __future__ import annotations

import pytest

from app.cli.agent import COMMANDS as AGENT_COMMANDS
from app.telephony.colleagues import (
    NOTE_BUSY,
    NOTE_FREE,
    NOTE_RINGING,
    Colleague,
    lamp_of,
    parse_colleague,
)
from app.telephony.dialplan import DialError
from app.telephony.events import ColleagueState, Lamp, event_to_dict


def _lamp(**given: object) -> Lamp:
    state: dict[str, object] = {"subscribed": True, "terminated": False, "term_code": 0,
                                "online": True, "away": False, "busy": False, "note": ""}
    state.update(given)
    return lamp_of(**state)  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "lamp"), [
    ({"note": NOTE_FREE}, Lamp.FREE),
    ({"note": NOTE_RINGING, "busy": True}, Lamp.RINGING),  # what CaseLine publishes
    ({"note": NOTE_BUSY, "busy": True}, Lamp.BUSY),
    ({"note": "On the phone"}, Lamp.BUSY),  # another phone's words, no RPID
    ({"away": True, "note": "Lunch"}, Lamp.AWAY),
    ({"online": False}, Lamp.OFFLINE),
    ({"online": None}, Lamp.OFFLINE),  # the server knows nothing published: nobody there
    ({"subscribed": False, "online": None}, Lamp.UNKNOWN),  # not answered yet
    ({"terminated": True, "term_code": 489}, Lamp.NO_PRESENCE),
    ({"terminated": True, "term_code": 405}, Lamp.NO_PRESENCE),
    ({"terminated": True, "term_code": 501}, Lamp.NO_PRESENCE),
    ({"terminated": True, "term_code": 408}, Lamp.UNKNOWN),  # may come back: pjsua retries
    ({"terminated": True, "term_code": 404}, Lamp.UNKNOWN),
])
def test_lamps(given: dict[str, object], lamp: Lamp) -> None:
    assert _lamp(**given) is lamp


@pytest.mark.parametrize(("entry", "colleague"), [
    ("bob", Colleague("bob", "sip:bob@pbx.example")),
    ("2001", Colleague("2001", "sip:2001@pbx.example")),
    ('"Carol Chen" <sip:carol@other.example>', Colleague("Carol Chen", "sip:carol@other.example")),
    ("Dana <2004>", Colleague("Dana", "sip:2004@pbx.example")),
    ("sip:erin@pbx.example", Colleague("erin", "sip:erin@pbx.example")),
])
def test_team_entries(entry: str, colleague: Colleague) -> None:
    assert parse_colleague(entry, "pbx.example") == colleague


def test_an_entry_the_stack_could_not_send_to_is_refused() -> None:
    with pytest.raises(DialError):
        parse_colleague("bob\r\nVia: x", "pbx.example")


def test_the_headless_agent_takes_the_presence_commands_and_prints_lamps() -> None:
    assert AGENT_COMMANDS["watch_colleagues"].agent_arguments(
        {"cmd": "watch_colleagues", "account": "work", "uris": ["2001"]}) == {
        "account": "work", "uris": ["2001"]}
    assert AGENT_COMMANDS["away"].agent_arguments({"away": True}) == {"away": True}
    line = event_to_dict(ColleagueState("work", "sip:2001@pbx", Lamp.BUSY, "On the phone"))
    assert line["event"] == "ColleagueState"
    assert (line["uri"], line["lamp"], line["note"]) == ("sip:2001@pbx", "busy", "On the phone")
