from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.telephony import dialplan
from app.telephony.dialplan import DialError, clean_number, resolve


@pytest.mark.parametrize(
    ("typed", "uri"),
    [
        ("03-1234-5678", "sip:0312345678@pbx.example"),
        ("+81 3-1234-5678", "sip:+81312345678@pbx.example"),
        ("０３－１２３４－５６７８", "sip:0312345678@pbx.example"),
        ("(03) 1234.5678", "sip:0312345678@pbx.example"),
        ("tel:+1-212-555-0100", "sip:+12125550100@pbx.example"),
        ("*67#", "sip:*67#@pbx.example"),
        ("sip:alice@example.com", "sip:alice@example.com"),
        ("sips:bob@example.com:5061;transport=tls", "sips:bob@example.com:5061;transport=tls"),
        ("carol@10.0.0.5", "sip:carol@10.0.0.5"),
        ("  sip:desk@[::1]:5070  ", "sip:desk@[::1]:5070"),
        ("bob", "sip:bob@pbx.example"),
        ("support.desk", "sip:support.desk@pbx.example"),
    ],
)
def test_resolves(typed: str, uri: str) -> None:
    assert resolve(typed, "pbx.example").uri == uri


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", dialplan.EMPTY),
        ("x" * 300, dialplan.TOO_LONG),
        ("sip:user@", dialplan.BAD_URI),
        ("sip:", dialplan.BAD_URI),
        ("sip:a b@host", dialplan.BAD_URI),
        ("sip:user@host\r\nX: y", dialplan.BAD_CHARACTERS),
        ("call mom", dialplan.BAD_CHARACTERS),
        ("12ab34", dialplan.BAD_CHARACTERS),
        ("bob;lr", dialplan.BAD_CHARACTERS),
    ],
)
def test_refuses(typed: str, code: str) -> None:
    with pytest.raises(DialError) as err:
        resolve(typed, "pbx.example")
    assert err.value.code == code


def test_number_without_domain_is_refused() -> None:
    with pytest.raises(DialError) as err:
        resolve("0312345678", None)
    assert err.value.code == dialplan.NO_DOMAIN


def test_clean_number_strips_paste_noise() -> None:
    assert clean_number(" tel:+81-3-1234-5678;ext=1 ") == "+81312345678"


@given(st.text(max_size=80))
def test_any_text_resolves_to_a_safe_uri_or_a_dial_error(text: str) -> None:
    try:
        target = resolve(text, "pbx.example")
    except DialError:
        return
    assert not any(ch in target.uri for ch in "\r\n\t <>\"")
    assert target.uri.startswith(("sip:", "sips:"))


# One list of separators for the dial plan and the number normaliser (app.common.digits).
SPELLINGS = [
    "03\u22121234\u22125678",  # U+2212 minus sign
    "03\u20101234\u20115678",  # hyphen, non-breaking hyphen
    "03\u20131234\u20145678",  # en and em dash
    "03\u20151234\u20155678",  # horizontal bar
    "03ー1234ー5678",  # katakana long mark typed as a dash
    "（03）1234－5678",  # full-width parentheses and hyphen-minus
    "03．1234．5678",  # full-width full stops
    "03\u30001234\u30005678",  # ideographic space
    "０３\u2212１２３４\u2212５６７８",  # full-width digits
]


@pytest.mark.parametrize("typed", SPELLINGS)
def test_the_dial_plan_and_the_normaliser_read_the_same_digits(typed: str) -> None:
    from app.cases.numbers import normalize  # noqa: PLC0415 - the test joins the two layers

    assert resolve(typed, "pbx.example").number == "0312345678"
    assert normalize(typed).digits == "0312345678"
    assert normalize(typed).match_key == normalize("0312345678").match_key


@pytest.mark.parametrize("typed", ["＋８１\u3000３\u2212１２３４\u2212５６７８",
                                   "+81 (3) 1234\u22125678"])
def test_an_international_number_in_any_spelling(typed: str) -> None:
    from app.cases.numbers import normalize  # noqa: PLC0415

    assert resolve(typed, "pbx.example").number == "+81312345678"
    assert normalize(typed).e164 == "+81312345678"


def test_a_server_port_is_where_numbers_go_when_there_is_no_domain() -> None:
    from app.telephony.config import AccountSpec  # noqa: PLC0415

    bare = AccountSpec(name="pbx", server="pbx.local:5080", user="1001")
    assert resolve("2001", bare.dial_domain).uri == "sip:2001@pbx.local:5080"
    assert resolve("bob", bare.dial_domain).uri == "sip:bob@pbx.local:5080"
    named = AccountSpec(name="pbx", server="pbx.local:5080", user="1001", domain="example.jp")
    assert resolve("2001", named.dial_domain).uri == "sip:2001@example.jp"  # the domain routes
    assert AccountSpec(name="p", server="pbx.local", user="1").dial_domain == "pbx.local"
