"""Caller IDs and typed numbers, normalised so the same phone meets itself in a lookup.

``03-1234-5678``, ``+81 3-1234-5678``, ``０３－１２３４－５６７８``, ``0081312345678`` and
``18603-1234-5678`` are one number. What does not parse is kept as its digits and still matches
textually; withheld callers are ``anonymous``, not errors. Pure Python and phonenumbers only.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from app.common.digits import strip_separators

DEFAULT_REGION = "JP"
MAX_RAW = 64
_MAX_INPUT = 256  # a 10 kB "number" is cut before any work is done on it

ANONYMOUS_WORDS = frozenset({
    "", "anonymous", "unknown", "unavailable", "private", "restricted", "withheld",
    "非通知", "公衆電話", "通知不可能", "表示圏外", "匿名", "未知",
    "asterisk",  # what Asterisk puts in From when the caller ID is unset
})
_SCHEME = re.compile(r"^(?:sips?|tel):", re.IGNORECASE)
_NAME_ADDR = re.compile(r"<([^<>]*)>")
_DIALABLE = re.compile(r"^\+?[0-9*#]+$")
# 184 (withhold) / 186 (send) before a Japanese number: a caller-ID choice, not the number.
_JP_PRIVACY = re.compile(r"^18[46](0\d{9,10})$")
# Exit codes trunks leave in front of a country code. "00" is the ITU default and what most
# trunks send, whatever the region; Japan also dials out with 010, North America with 011.
_EXIT_CODES = {"JP": ("010", "00"), "US": ("011", "00"), "CA": ("011", "00")}
_MIN_SUBSCRIBER = 7  # digits after an exit code: shorter is a local number that starts with 0
_NON_GEOGRAPHIC = {"001", "ZZ"}  # phonenumbers' codes for "no region"


class CallerKind(enum.StrEnum):
    NUMBER = "number"  # a usable number: parsed, or raw digits
    ANONYMOUS = "anonymous"  # withheld, private, payphone, or nothing at all
    INVALID = "invalid"  # text with no digits worth matching ("sales-team")


@dataclass(frozen=True, slots=True)
class NormalizedNumber:
    raw: str  # what came in, printable only, at most MAX_RAW characters
    kind: CallerKind
    e164: str | None  # set when phonenumbers finds a possible number
    digits: str  # national digits with trunk prefix ("0312345678"), or the dialable text
    match_key: str  # e164, or "#" + digits when it does not parse; "" when nothing to match
    region: str | None  # the number's region ("JP", "US"), None when unknown
    default_region: str = DEFAULT_REGION  # the region it was read in: decides display()

    def display(self) -> str:
        """National format at home, international abroad, the raw text when not parsed."""
        if self.e164 is None:
            return self.raw
        try:
            parsed = phonenumbers.parse(self.e164, None)
        except phonenumbers.NumberParseException:
            return self.raw  # built by hand (e.g. from a stored row) with a bad e164
        style = (phonenumbers.PhoneNumberFormat.NATIONAL if self.region == self.default_region
                 else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return phonenumbers.format_number(parsed, style)


def _printable(text: str) -> str:
    # Ideographic and other spaces become plain ones rather than vanish between words.
    return "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or ch.isprintable())


def _user_part(text: str) -> str:
    """The dialable part of a SIP/tel URI, a name-addr, or plain typed text."""
    if addr := _NAME_ADDR.search(text):  # '"Sales" <sip:0312345678@pbx>'
        text = addr.group(1)
    text = text.strip().strip("<>\"'").strip()
    text = _SCHEME.sub("", text)
    text = text.split(";", 1)[0]  # URI parameters: ;user=phone, ;phone-context=...
    text = text.split("@", 1)[0]
    return text.strip()


def _exit_code(number: str, region: str) -> str:
    for prefix in _EXIT_CODES.get(region, ("00",)):
        if number.startswith(prefix) and len(number) - len(prefix) >= _MIN_SUBSCRIBER:
            return "+" + number[len(prefix):]
    return number


def _region_of(parsed: phonenumbers.PhoneNumber, default: str) -> str | None:
    region = phonenumbers.region_code_for_number(parsed)
    if region is None and parsed.country_code is not None:
        # Possible but not valid (a fictional 555 number): read it as its country's, and as
        # the default region's when they share the country code.
        if parsed.country_code == phonenumbers.country_code_for_region(default):
            region = default
        else:
            region = phonenumbers.region_code_for_country_code(parsed.country_code)
    return None if region in _NON_GEOGRAPHIC else region


def _national_digits(parsed: phonenumbers.PhoneNumber, region: str | None) -> str:
    # As people write it at home, so rows stored unparsed ("0312345678") still match textually.
    # North America's trunk prefix 1 is rarely written; Italy's 0 is already in the number.
    nsn = str(phonenumbers.national_significant_number(parsed))
    if parsed.country_code == 1 or region is None:
        return nsn
    return (phonenumbers.ndd_prefix_for_region(region, True) or "") + nsn


def normalize(text: str | None, region: str = DEFAULT_REGION) -> NormalizedNumber:
    """Read a caller ID or a typed number; never raises."""
    region = (region or "").strip().upper() or DEFAULT_REGION
    cut = (text or "")[:_MAX_INPUT]
    raw = _printable(cut).strip()[:MAX_RAW]
    user = _user_part(_printable(unicodedata.normalize("NFKC", cut)))
    lowered = user.lower()
    if lowered in ANONYMOUS_WORDS or lowered.startswith("anonymous"):
        return NormalizedNumber(raw, CallerKind.ANONYMOUS, None, "", "", None, region)
    number = strip_separators(user)  # the dial plan's list too (app.common.digits)
    if not _DIALABLE.match(number):
        return NormalizedNumber(raw, CallerKind.INVALID, None, "", "", None, region)
    if not number.startswith("+"):
        if region == "JP" and (privacy := _JP_PRIVACY.match(number)):
            number = privacy.group(1)
        number = _exit_code(number, region)
    dialled = number.lstrip("+")
    if dialled.isdigit():  # * and # are service codes: phonenumbers would drop them
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            parsed = None
        # Possible, not valid: demo and test numbers (03-1234-5678, 555-0100) must work too.
        if parsed is not None and phonenumbers.is_possible_number(parsed):
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            home = _region_of(parsed, region)
            return NormalizedNumber(raw, CallerKind.NUMBER, e164, _national_digits(parsed, home),
                                    e164, home, region)
    if len(dialled) < 3 or not any(ch.isdigit() for ch in dialled):
        return NormalizedNumber(raw, CallerKind.INVALID, None, "", "", None, region)
    return NormalizedNumber(raw, CallerKind.NUMBER, None, dialled, "#" + dialled, None, region)


def shown(raw: str, e164: str | None = None, region: str = DEFAULT_REGION) -> str:
    """A stored number as an agent in ``region`` reads it: their own country's in national
    format (03-1234-5678), any other's with its country code (+1 646-555-0122), text that is
    no number as it is. ``e164`` wins: ``raw`` may be written as at home abroad
    ("(646) 555-0122"), which reads as another number here. Every form this gives is found
    again by a search (``match_keys``) in the same region."""
    return normalize(e164 or raw, region).display() or raw


def match_keys(text: str | None, region: str = DEFAULT_REGION) -> list[str]:
    """What to look up for a caller: its key, and its bare digits for rows stored unparsed."""
    n = normalize(text, region)
    keys = [n.match_key] if n.match_key else []
    if n.e164:
        # National digits as typed at home, and the international digits without "+".
        for digits in (n.digits, n.e164.lstrip("+")):
            if digits and "#" + digits not in keys:
                keys.append("#" + digits)
    return keys
