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
