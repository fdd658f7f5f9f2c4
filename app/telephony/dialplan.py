"""Turn what an agent typed or pasted into a SIP URI, or refuse before any SIP is sent."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from app.common.digits import strip_separators


class DialError(ValueError):
    """A dial string that cannot become a call. ``code`` is stable for translation."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


# Codes (the UI and CLI translate these):
EMPTY = "empty"
TOO_LONG = "too_long"
BAD_CHARACTERS = "bad_characters"
BAD_URI = "bad_uri"
NO_DOMAIN = "no_domain"

MAX_DIAL = 256
_NUMBER = re.compile(r"^\+?[0-9*#]{1,32}$")
_HOST = re.compile(
    r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9\-.]*[A-Za-z0-9])?)(?::\d{1,5})?$"
)
# A PBX user or extension name ("bob", "support.desk"); a leading digit means a mistyped number.
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9\-_.]{0,63}$")
_USER = re.compile(r"^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$")


@dataclass(frozen=True, slots=True)
class DialTarget:
    uri: str
    number: str  # digits as dialled ('' for a URI without a numeric user)


def clean_number(text: str) -> str:
    """Normalise a pasted phone number: full-width digits, separators and 'tel:' go away."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text.lower().startswith("tel:"):
        text = text[4:].split(";", 1)[0]
    return strip_separators(text)  # the same list as the number normaliser's


LINK_SCHEMES = ("tel", "sip", "sips", "callto")  # the links CaseLine handles for the desktop


def link_text(link: str) -> str | None:
    """A ``tel:``/``sip:``/``sips:``/``callto:`` link (a browser's, a mail client's) as it goes
    into the dial field; None when it is no such link. Percent-escapes are undone; a tel:
    number's parameters, a SIP URI's ``?headers`` part (RFC 3261 19.1.1: a subject, a
    priority) and ``callto:``'s ``//`` go."""
    scheme, colon, rest = link.strip().partition(":")
    scheme = scheme.lower()
    if not colon or scheme not in LINK_SCHEMES:
        return None
    rest = unquote(rest).strip()
    if scheme == "callto":
        return rest.removeprefix("//").split("?", 1)[0] or None
    if scheme == "tel":
        return rest.split(";", 1)[0].strip() or None  # the number, without its parameters
    rest = rest.split("?", 1)[0]
    return f"{scheme}:{rest}" if rest else None


def resolve(dial: str, domain: str | None) -> DialTarget:
    """``dial`` -> a SIP URI. Numbers and user names go to ``sip:…@domain`` (the account's).

    Raises DialError for anything that would make the stack send a malformed request.
    """
    text = unicodedata.normalize("NFKC", dial).strip()
    if not text:
        raise DialError(EMPTY, dial)
    if len(text) > MAX_DIAL:
        raise DialError(TOO_LONG, dial[:40])
    if any(not ch.isprintable() for ch in text):
        raise DialError(BAD_CHARACTERS, dial)
    lowered = text.lower()
    if lowered.startswith(("sip:", "sips:")):
        scheme, rest = text.split(":", 1)
        return DialTarget(_checked_uri(scheme.lower(), rest, dial), "")
    number = clean_number(text)
    if _NUMBER.match(number):
        if not domain:
            raise DialError(NO_DOMAIN, dial)
        return DialTarget(f"sip:{number}@{domain}", number)
    if _NAME.match(text):
        if not domain:
            raise DialError(NO_DOMAIN, dial)
        return DialTarget(f"sip:{text}@{domain}", "")
    if "@" in text and " " not in text:
        return DialTarget(_checked_uri("sip", text, dial), "")
    raise DialError(BAD_CHARACTERS, dial)


def _checked_uri(scheme: str, rest: str, original: str) -> str:
    params = ""
    if ";" in rest:
        rest, params = rest.split(";", 1)
        if not re.match(r"^[A-Za-z0-9\-_.=;~]*$", params):
            raise DialError(BAD_URI, original)
        params = ";" + params
    user, at, host = rest.rpartition("@")
    if not at:
        host = rest
    if not host or not _HOST.match(host):
        raise DialError(BAD_URI, original)
    if at and (not user or not _USER.match(user)):
        raise DialError(BAD_URI, original)
    return f"{scheme}:{user}@{host}{params}" if at else f"{scheme}:{host}{params}"
