"""Number normalisation: every way people and trunks write a number meets the same key."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cases.numbers import CallerKind, match_keys, normalize

TOKYO = "+81312345678"


@pytest.mark.parametrize("typed", [
    "03-1234-5678", "+81 3-1234-5678", "０３－１２３４－５６７８", "0081312345678",
    "(03) 1234 5678", "sip:+81312345678@pbx.example;user=phone", "18603-1234-5678",
    "1840312345678", "tel:+81-3-1234-5678", "010 81 3 1234 5678", "<sip:0312345678@10.0.0.1>",
    "03ー1234ー5678",
])
def test_tokyo_number_in_every_spelling(typed: str) -> None:
    n = normalize(typed)
    assert n.kind is CallerKind.NUMBER
    assert n.e164 == TOKYO and n.match_key == TOKYO and n.region == "JP"
    assert n.display() == "03-1234-5678"


@pytest.mark.parametrize(("typed", "region", "e164"), [
    ("090-1234-5678", "JP", "+819012345678"),
    ("+86 10 1234 5678", "JP", "+861012345678"),
    ("0086 10 1234 5678", "JP", "+861012345678"),
    ("+1 (212) 555-0100", "JP", "+12125550100"),
    ("(212) 555-0100", "US", "+12125550100"),
    ("011 44 20 7946 0958", "US", "+442079460958"),
    ("+44 20 7946 0958", "JP", "+442079460958"),
    ("020 7946 0958", "GB", "+442079460958"),
    ("021-6888-8888", "CN", "+862168888888"),
])
def test_numbers_of_other_countries(typed: str, region: str, e164: str) -> None:
    assert normalize(typed, region).e164 == e164


@pytest.mark.parametrize("typed", ["anonymous", "Anonymous", "非通知", "公衆電話", "", None,
                                   "anonymous@anonymous.invalid", "Private", "unavailable"])
def test_withheld_callers(typed: str | None) -> None:
    n = normalize(typed)
    assert n.kind is CallerKind.ANONYMOUS and n.match_key == "" and match_keys(typed) == []


def test_unparseable_text_is_kept_and_matched_textually() -> None:
    assert normalize("sales-team").kind is CallerKind.INVALID
    assert normalize("12").kind is CallerKind.INVALID
    code = normalize("*67#")
    assert code.kind is CallerKind.NUMBER and code.match_key == "#*67#" and code.e164 is None
    assert normalize("+1 212 555 0100").display() == "+1 212-555-0100"
    long = normalize("9" * 10_000)
    assert len(long.raw) <= 64


def test_match_keys_include_textual_fallbacks() -> None:
    assert match_keys("03-1234-5678") == [TOKYO, "#0312345678", "#81312345678"]


@settings(max_examples=300)
@given(st.text())
def test_never_raises(text: str) -> None:
    n = normalize(text)
    assert len(n.raw) <= 64 and all(ch.isprintable() for ch in n.raw)
    keys = match_keys(text)
    assert (n.match_key in keys) if n.match_key else keys == []


_FULL_WIDTH = str.maketrans("0123456789+", "０１２３４５６７８９＋")


@settings(max_examples=200)
@given(region=st.sampled_from(["JP", "CN", "US", "GB"]),
       kind=st.sampled_from([phonenumbers.PhoneNumberType.FIXED_LINE,
                             phonenumbers.PhoneNumberType.MOBILE]),
       tail=st.integers(0, 9999), sep=st.sampled_from([" ", "-", ".", "", "ー"]))
def test_formats_meet(region: str, kind: int, tail: int, sep: str) -> None:
    example = phonenumbers.example_number_for_type(region, kind)
    assert example is not None
    digits = str(example.national_number)
    example.national_number = int(digits[:-4] + f"{tail:04d}")
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(example,
                                               phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    spellings = [e164, international, international.replace(" ", sep),
                 international.translate(_FULL_WIDTH), "00" + e164[1:]]
    key = normalize(e164, "JP").match_key
    assert key == e164
    for spelled in spellings:
        assert normalize(spelled, "JP").match_key == key, spelled
    assert normalize(national, region).match_key == key  # at home, without the country code
    assert normalize(normalize(spelled, "JP").e164, "JP").e164 == e164  # idempotent
