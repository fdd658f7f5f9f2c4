"""Caller IDs and typed numbers, normalised so the same phone meets itself in a lookup.

``03-1234-5678``, ``+81 3-1234-5678``, ``０３－１２３４－５６７８``, ``0081312345678`` and
``18603-1234-5678`` are one number. What does not parse is kept as its digits and still matches
textually; withheld callers are ``anonymous``, not errors.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "JP"
MAX_RAW = 64
_MAX_INPUT = 256  # a 10 kB "number" is cut before any work is done on it

ANONYMOUS_WORDS = {
    "", "anonymous", "unknown", "unavailable", "private", "restricted", "withheld",
    "非通知", "公衆電話", "通知不可能", "表示圏外", "匿名", "未知", "asterisk",
}
_SEPARATORS = re.compile(r"[\s\-.()/\u2010-\u2015\u30fc\u2212]")
_SCHEME = re.compile(r"^(?:sips?|tel):", re.IGNORECASE)
_DIALABLE = re.compile(r"^\+?[0-9*#]+$")
# 184 (withhold) / 186 (send) before a Japanese number: a caller-ID choice, not the number.
_JP_PRIVACY = re.compile(r"^18[46](0\d{9,10})$")
_INTERNATIONAL = {"JP": ("010", "00"), "US": ("011",), "CA": ("011",)}


class CallerKind(enum.StrEnum):
    NUMBER = "number"
    ANONYMOUS = "anonymous"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class NormalizedNumber:
    raw: str
    kind: CallerKind
    e164: str | None
    digits: str
    match_key: str  # e164, or "#" + digits when it does not parse; "" when nothing to match
    region: str | None
    default_region: str = DEFAULT_REGION

    def display(self) -> str:
        if self.e164 is None:
            return self.raw
        parsed = phonenumbers.parse(self.e164, None)
        style = (phonenumbers.PhoneNumberFormat.NATIONAL if self.region == self.default_region
                 else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return phonenumbers.format_number(parsed, style)


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable())


def _user_part(text: str) -> str:
    text = text.strip().strip("<>\"'").strip()
    text = _SCHEME.sub("", text)
    text = text.split(";", 1)[0]
    if "@" in text:
        text = text.split("@", 1)[0]
    return text.strip()


def _international(digits: str, region: str) -> str:
    for prefix in _INTERNATIONAL.get(region, ("00",)):
        if digits.startswith(prefix) and len(digits) > len(prefix) + 6:
            return "+" + digits[len(prefix):]
    if region not in _INTERNATIONAL and digits.startswith("00") and len(digits) > 8:
        return "+" + digits[2:]
    return digits


def normalize(text: str | None, region: str = DEFAULT_REGION) -> NormalizedNumber:
    region = (region or DEFAULT_REGION).upper()
    source = _printable(unicodedata.normalize("NFKC", (text or "")[:_MAX_INPUT]))
    raw = source.strip()[:MAX_RAW]
    user = _user_part(source)
    if user.lower() in ANONYMOUS_WORDS or user.lower().startswith("anonymous"):
        return NormalizedNumber(raw, CallerKind.ANONYMOUS, None, "", "", None, region)
    number = _SEPARATORS.sub("", user)
    if not _DIALABLE.match(number):
        return NormalizedNumber(raw, CallerKind.INVALID, None, "", "", None, region)
    if not number.startswith("+"):
        if privacy := _JP_PRIVACY.match(number):
            number = privacy.group(1)
        number = _international(number, region)
    digits = number.lstrip("+")
    if number.startswith("+") or digits.isdigit():
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is not None and phonenumbers.is_possible_number(parsed):
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            national = str(phonenumbers.national_significant_number(parsed))
            if parsed.italian_leading_zero or phonenumbers.region_code_for_number(parsed) in (
                    "JP", "GB", "CN"):
                national = "0" + national  # the trunk prefix people write and store
            return NormalizedNumber(raw, CallerKind.NUMBER, e164, national, e164,
                                    phonenumbers.region_code_for_number(parsed), region)
    if len(digits) < 3:
        return NormalizedNumber(raw, CallerKind.INVALID, None, "", "", None, region)
    return NormalizedNumber(raw, CallerKind.NUMBER, None, digits, "#" + digits, None, region)


def match_keys(text: str | None, region: str = DEFAULT_REGION) -> list[str]:
    """What to look up for a caller: its key, and its bare digits for rows stored unparsed."""
    n = normalize(text, region)
    keys = [n.match_key] if n.match_key else []
    if n.e164:
        for digits in (n.digits, n.e164.lstrip("+")):
            if digits and "#" + digits not in keys:
                keys.append("#" + digits)
    return keys
