"""The Refer-To of an attended transfer (app.telephony.engine.consult): the consult's dialog in
a Replaces, its headers in the URI's header part, every value escaped so that nothing a peer
put in its tags or a colleague in a header can add a header or end the URI."""

from __future__ import annotations

from urllib.parse import unquote

from app.telephony.engine.consult import _refer_to
from app.telephony.engine.core import _CallRecord
from app.telephony.events import Direction, RemoteParty


def _consult(tags: tuple[str, str] = ("ours", "theirs"),
             call_id: str = "a84b4c76e66710@pc33") -> _CallRecord:
    return _CallRecord("c-2", Direction.OUTBOUND, "alice",
                       RemoteParty("sip:bob@caseline.test", "Bob", "bob"), sip_call_id=call_id,
                       consult_for="c-1", dialog_tags=tags)


def _params(refer_to: str) -> dict[str, str]:
    assert refer_to.startswith("<sip:bob@caseline.test?") and refer_to.endswith(">")
    query = refer_to[1:-1].split("?", 1)[1]
    return dict(part.split("=", 1) for part in query.split("&"))


def test_the_replaces_names_the_consult_dialog_as_pjsua_does() -> None:
    params = _params(_refer_to(_consult(), {"X-Case-Number": "SR-2026-000123"}))
    assert unquote(params["Replaces"]) == "a84b4c76e66710@pc33;to-tag=theirs;from-tag=ours"
    assert params["Require"] == "replaces"
    assert params["X-Case-Number"] == "SR-2026-000123"


def test_hostile_tags_and_values_stay_inside_their_header() -> None:
    refer_to = _refer_to(_consult(tags=("a&Evil=1", "b>;x=<sip:evil>")),
                         {"User-to-User": "7b7d;encoding=hex",
                          "X-Note": "a b&Replaces=forged?\x7f>",
                          "Bad Name": "dropped", "replaces": "forged"})
    params = _params(refer_to)
    assert set(params) == {"Replaces", "Require", "User-to-User", "X-Note"}
    assert unquote(params["Replaces"]).endswith(";to-tag=b>;x=<sip:evil>;from-tag=a&Evil=1")
    assert unquote(params["User-to-User"]) == "7b7d;encoding=hex"
    assert unquote(params["X-Note"]) == "a b&Replaces=forged?\x7f>"
    assert refer_to.count("<") == 1 and refer_to.count(">") == 1


def test_no_tags_no_refer_to_of_our_own() -> None:
    assert _refer_to(_consult(tags=("", "")), {}) == ""
