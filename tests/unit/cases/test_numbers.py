"""Number normalisation: every way people and trunks write a number meets the same key."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.cases.numbers import (
    DEFAULT_REGION,
    CallerKind,
    NormalizedNumber,
    match_keys,
    normalize,
    shown,
)

TOKYO = "+81312345678"
REGIONS = ["JP", "CN", "US", "GB"]


@pytest.mark.parametrize("typed", [
    "03-1234-5678", "+81 3-1234-5678", "０３－１２３４－５６７８", "0081312345678",
    "(03) 1234 5678", "sip:+81312345678@pbx.example;user=phone", "18603-1234-5678",
    "1840312345678", "tel:+81-3-1234-5678", "tel:+81-3-1234-5678;phone-context=x",
    "010 81 3 1234 5678", "<sip:0312345678@10.0.0.1>", "03ー1234ー5678", "03\u20151234\u20105678",
    "sips:0312345678@pbx", '"Reception" <sip:0312345678@pbx>;tag=1', "'03/1234/5678'",
    "03.1234.5678", "\u3000０３（１２３４）５６７８\u3000", "＋８１３１２３４５６７８",
])
def test_tokyo_number_in_every_spelling(typed: str) -> None:
    n = normalize(typed)
    assert n.kind is CallerKind.NUMBER
    assert n.e164 == TOKYO and n.match_key == TOKYO and n.region == "JP"
    assert n.digits == "0312345678"
    assert n.display() == "03-1234-5678"


@pytest.mark.parametrize(("typed", "region", "e164", "home"), [
    ("090-1234-5678", "JP", "+819012345678", "JP"),
    ("+86 10 1234 5678", "JP", "+861012345678", "CN"),
    ("0086 10 1234 5678", "JP", "+861012345678", "CN"),
    ("+1 (212) 555-0100", "JP", "+12125550100", "US"),
    ("(212) 555-0100", "US", "+12125550100", "US"),
    ("011 44 20 7946 0958", "US", "+442079460958", "GB"),
    ("0081312345678", "US", TOKYO, "JP"),  # "00" is read as an exit code in every region
    ("+44 20 7946 0958", "JP", "+442079460958", "GB"),
    ("020 7946 0958", "GB", "+442079460958", "GB"),
    ("021-6888-8888", "CN", "+862168888888", "CN"),
    ("03-1234-5678", "jp", TOKYO, "JP"),  # region codes in either case
    ("03-1234-5678", "", TOKYO, "JP"),  # no region is the default region
])
def test_numbers_of_other_countries(typed: str, region: str, e164: str, home: str) -> None:
    n = normalize(typed, region)
    assert n.kind is CallerKind.NUMBER and n.e164 == e164 and n.match_key == e164
    assert n.region == home


def test_digits_are_written_as_at_home() -> None:
    assert normalize("+86 10 1234 5678").digits == "01012345678"
    assert normalize("+44 20 7946 0958").digits == "02079460958"
    assert normalize("+1 212 555 0100").digits == "2125550100"  # the NANP 1 is not written
    assert normalize("+39 02 1234 5678").digits == "0212345678"  # Italy keeps its 0 abroad


@pytest.mark.parametrize("typed", [
    "anonymous", "Anonymous", "ANONYMOUS", "非通知", "公衆電話", "", "   ", None,
    "anonymous@anonymous.invalid", "sip:anonymous@anonymous.invalid;user=phone",
    '"Anonymous" <sip:anonymous@anonymous.invalid>', "Private", "unavailable", "unknown",
    "restricted", "withheld", "ａｎｏｎｙｍｏｕｓ",
])
def test_withheld_callers(typed: str | None) -> None:
    n = normalize(typed)
    assert n.kind is CallerKind.ANONYMOUS
    assert (n.e164, n.digits, n.match_key, n.region) == (None, "", "", None)
    assert match_keys(typed) == []


@pytest.mark.parametrize("typed", ["sales-team", "12", "1", "+", "#", "###", "*", "abc123"])
def test_text_without_a_number_is_invalid(typed: str) -> None:
    n = normalize(typed)
    assert n.kind is CallerKind.INVALID
    assert (n.e164, n.digits, n.match_key) == (None, "", "")
    assert n.display() == typed and match_keys(typed) == []


def test_unparseable_numbers_are_kept_and_matched_textually() -> None:
    code = normalize("*67#")  # a service code: phonenumbers cannot read it
    assert code.kind is CallerKind.NUMBER and code.e164 is None and code.region is None
    assert code.digits == "*67#" and code.match_key == "#*67#"
    assert match_keys("*67#") == ["#*67#"]
    assert code.display() == "*67#"
    short = normalize("117")  # the speaking clock: too short to be a possible number
    assert short.kind is CallerKind.NUMBER and short.match_key == "#117"


def test_privacy_prefix_is_stripped_only_before_a_japanese_number() -> None:
    assert normalize("184 090 1234 5678").e164 == "+819012345678"
    assert normalize("186-03-1234-5678").e164 == TOKYO
    assert normalize("184123").match_key == "#184123"  # not a number behind it: kept as typed
    assert normalize("1841234567890").match_key != TOKYO


def test_display() -> None:
    assert normalize("+81312345678").display() == "03-1234-5678"
    assert normalize("+12125550100").display() == "+1 212-555-0100"
    assert normalize("(212) 555-0100", "US").display() == "(212) 555-0100"
    assert normalize("+44 20 7946 0958", "GB").display() == "020 7946 0958"
    fictional = normalize("(555) 555-0100", "US")  # possible, not valid: still at home
    assert fictional.region == "US" and fictional.display() == "(555) 555-0100"
    by_hand = NormalizedNumber("junk", CallerKind.NUMBER, "+", "", "+", None)
    assert by_hand.display() == "junk"


@pytest.mark.parametrize(("raw", "e164", "region", "expected"), [
    # A New York number, stored as written there, seen from Tokyo: with its country code.
    ("(646) 555-0122", "+16465550122", "JP", "+1 646-555-0122"),
    ("(646) 555-0122", "+16465550122", "US", "(646) 555-0122"),  # and at home
    ("+81 3-1234-5678", TOKYO, "JP", "03-1234-5678"),  # stored for abroad, read at home
    ("03-1234-5678", TOKYO, "US", "+81 3-1234-5678"),
    ("０３－１２３４－５６７８", None, "JP", "03-1234-5678"),  # no E.164 stored: read the text
    ("+86 21 6888 8888", None, "JP", "+86 21 6888 8888"),
    ("*67#", None, "JP", "*67#"),  # no number to format: as it is
    ("anonymous", None, "JP", "anonymous"),
    ("", None, "JP", ""),
])
def test_shown_is_national_at_home_and_international_abroad(raw: str, e164: str | None,
                                                            region: str, expected: str) -> None:
    assert shown(raw, e164, region) == expected


def shown_forms(e164: str, region: str) -> list[str]:
    """Every form the desktop shows ``e164`` in to an agent in ``region``, and as an agent
    copies it from there: as shown (national at home, international abroad), in full-width
    digits, E.164, international, with the trunk 0 kept after the country code, and at home
    without the trunk 0."""
    number = phonenumbers.parse(e164)
    fmt = phonenumbers.PhoneNumberFormat
    national = phonenumbers.format_number(number, fmt.NATIONAL)
    international = phonenumbers.format_number(number, fmt.INTERNATIONAL)
    text = shown(e164, e164, region)
    forms = [text, text.translate(_FULL_WIDTH), e164, international]
    home = phonenumbers.region_code_for_number(number)
    trunk = (phonenumbers.ndd_prefix_for_region(home, True) or "") if home else ""
    if trunk and national.startswith(trunk):
        forms.append(f"+{number.country_code} {national}")  # "+81 03-1234-5678"
        if not text.startswith("+"):
            forms.append(national[len(trunk):])  # "3-1234-5678"
    return list(dict.fromkeys(forms))


@settings(max_examples=200, deadline=None)
@given(region=st.sampled_from(REGIONS), home=st.sampled_from(REGIONS),
       kind=st.sampled_from([phonenumbers.PhoneNumberType.FIXED_LINE,
                             phonenumbers.PhoneNumberType.MOBILE]),
       tail=st.integers(0, 9999))
def test_every_shown_form_is_found_again(region: str, home: str, kind: int, tail: int) -> None:
    """What the agent sees, pasted back (also in full-width digits), meets the number."""
    example = phonenumbers.example_number_for_type(home, kind)
    assert example is not None
    digits = str(example.national_number)
    example.national_number = int(digits[:-4] + f"{tail:04d}")
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    text = shown(e164, e164, region)
    assert text.startswith("+") == (home != region)  # the country code only from abroad
    for pasted in (text, text.translate(_FULL_WIDTH)):
        assert e164 in match_keys(pasted, region), (pasted, region)


def test_raw_is_the_printable_input_cut_short() -> None:
    assert normalize(" ０３－１２３４－５６７８\n").raw == "０３－１２３４－５６７８"
    assert normalize("03-1234\x00-5678\x1b").raw == "03-1234-5678"
    assert normalize("03-1234-5678\x00").e164 == TOKYO
    for huge in ("9" * 10_000, "０" * 10_000, "\ufdfa" * 10_000, "<" * 10_000, "+" + "1-" * 5000):
        n = normalize(huge)
        assert len(n.raw) <= 64  # cut before any work: speed belongs to bench/, not here


def test_match_keys_add_textual_fallbacks() -> None:
    assert match_keys("03-1234-5678") == [TOKYO, "#0312345678", "#81312345678"]
    assert match_keys("+1 212 555 0100", "US") == ["+12125550100", "#2125550100",
                                                   "#12125550100"]


def test_caller_kind_values() -> None:
    assert DEFAULT_REGION == "JP"
    assert [k.value for k in CallerKind] == ["number", "anonymous", "invalid"]
    assert CallerKind("anonymous") is CallerKind.ANONYMOUS


# -- properties

_DIALABLE_TEXT = st.text(alphabet="0123456789+*#-() ./０１２３４５６７８９＋－ー<>@;:sipteln",
                         max_size=40)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(), _DIALABLE_TEXT),
       region=st.sampled_from([*REGIONS, "CA", "", "XX"]))
def test_never_raises(text: str, region: str) -> None:
    n = normalize(text, region)
    assert len(n.raw) <= 64 and all(ch.isprintable() for ch in n.raw)
    assert n.display() is not None
    keys = match_keys(text, region)
    assert len(keys) == len(set(keys)) and "" not in keys
    if n.match_key:  # (3) the caller's own key is always looked up
        assert n.match_key in keys
    else:
        assert keys == []
    if n.kind is not CallerKind.NUMBER:
        assert (n.e164, n.digits, n.match_key) == (None, "", "")
    if n.e164 is not None:  # (4) idempotent
        again = normalize(n.e164, region)
        assert again.e164 == n.e164 and again.match_key == n.match_key


_FULL_WIDTH = str.maketrans("0123456789+- ", "０１２３４５６７８９＋－\u3000")
_SEPARATOR = st.sampled_from(["", "", "", " ", "-", ".", "(", ")", "/", "ー", "\u2010", "\u2015",
                              "\u3000", "－"])


def _spellings(number: phonenumbers.PhoneNumber, seps: list[str]) -> list[str]:
    fmt = phonenumbers.PhoneNumberFormat
    e164 = phonenumbers.format_number(number, fmt.E164)
    international = phonenumbers.format_number(number, fmt.INTERNATIONAL)
    scattered = "".join(ch + sep for ch, sep in zip(e164, seps, strict=False)) + e164[len(seps):]
    return [e164, international, international.translate(_FULL_WIDTH), scattered,
            scattered.translate(_FULL_WIDTH), "00" + e164[1:], f"sip:{e164}@pbx;user=phone",
            f"tel:{international.replace(' ', '-')}"]


def _assert_all_meet(number: phonenumbers.PhoneNumber, home: str, seps: list[str]) -> None:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    key = normalize(e164).match_key
    assert key == e164
    for spelled in [*_spellings(number, seps), f"<{national}>"]:
        # From abroad (the default region) and at home alike.
        for region in {DEFAULT_REGION, home}:
            if spelled.startswith("<") and region != home:
                continue  # a national number only means this one at home
            n = normalize(spelled, region)
            assert n.match_key == key, (spelled, region)
            assert normalize(n.e164, region).e164 == e164  # idempotent
    at_home = normalize(national, home)
    assert at_home.match_key == key and at_home.display() == national
    assert normalize(national.translate(_FULL_WIDTH), home).match_key == key


@settings(max_examples=200, deadline=None)
@given(region=st.sampled_from(REGIONS),
       kind=st.sampled_from([phonenumbers.PhoneNumberType.FIXED_LINE,
                             phonenumbers.PhoneNumberType.MOBILE]),
       tail=st.integers(0, 9999), seps=st.lists(_SEPARATOR, max_size=16))
def test_formats_of_example_numbers_meet(region: str, kind: int, tail: int,
                                         seps: list[str]) -> None:
    example = phonenumbers.example_number_for_type(region, kind)
    assert example is not None
    digits = str(example.national_number)
    example.national_number = int(digits[:-4] + f"{tail:04d}")
    _assert_all_meet(example, region, seps)


@settings(max_examples=200, deadline=None)
@given(first=st.integers(1, 9), rest=st.text(alphabet="0123456789", min_size=8, max_size=8),
       seps=st.lists(_SEPARATOR, max_size=16))
def test_formats_of_japanese_numbers_meet(first: int, rest: str, seps: list[str]) -> None:
    typed = f"0{first}{rest}"  # 0 + 9 digits, as a Japanese landline is written at home
    assume(not typed.startswith("010"))  # Japan's exit code, not a number (tested above)
    n = normalize(typed, "JP")
    if n.e164 is None:  # phonenumbers finds no possible number there: kept as digits
        assert n.kind is CallerKind.NUMBER and n.match_key == "#" + typed
        return
    assert n.region == "JP" and n.digits == typed
    assert match_keys(typed) == [n.e164, "#" + typed, "#" + n.e164[1:]]
    for privacy in ("184", "186"):
        assert normalize(privacy + typed).match_key == n.match_key
    _assert_all_meet(phonenumbers.parse(typed, "JP"), "JP", seps)
