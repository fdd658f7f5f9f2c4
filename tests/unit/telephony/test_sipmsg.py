from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.telephony.events import Headers, RemoteParty
from app.telephony.sipmsg import clean_text, parse_headers, parse_name_addr, scrub, uri_user

INVITE = (
    "INVITE sip:agent@10.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK1\r\n"
    'f: "Suzuki \\"Jiro\\"" <sip:+81312345678@carrier.example>;tag=a\r\n'
    "i: abc@10.0.0.2\r\n"
    "X-Case-Number: SR-2026-000123\r\n"
    "X-Long: part one\r\n"
    " part two\r\n"
    "Content-Length: 3\r\n"
    "\r\n"
    "v=0"
)


def test_headers_expand_compact_forms_and_folding() -> None:
    headers = parse_headers(INVITE)
    assert headers["From"].startswith('"Suzuki')
    assert headers["call-id"] == "abc@10.0.0.2"
    assert headers["X-Long"] == "part one part two"
    assert headers.extension_headers() == {"X-Case-Number": "SR-2026-000123",
                                           "X-Long": "part one part two"}
    assert "v=0" not in headers.values()


def test_headers_keep_repeats() -> None:
    headers = Headers.of([("Via", "a"), ("via", "b")])
    assert headers["VIA"] == "a"
    assert headers.get_all("Via") == ["a", "b"]
    assert len(headers) == 1


def test_name_addr_forms() -> None:
    assert parse_name_addr('"Suzuki \\"Jiro\\"" <sip:+8131@x>;tag=1') == RemoteParty(
        "sip:+8131@x", 'Suzuki "Jiro"', "+8131")
    assert parse_name_addr("Bob <sips:bob@x:5061>").display_name == "Bob"
    assert parse_name_addr("sip:carol@x;tag=9") == RemoteParty("sip:carol@x", "", "carol")
    assert parse_name_addr("<sip:anonymous@anonymous.invalid>").user == "anonymous"
    assert uri_user("tel:+81312345678;phone-context=x") == "+81312345678"
    assert uri_user("sip:host.only") == ""


def test_undecodable_bytes_and_controls_become_clean_text() -> None:
    raw = b'"\xe9\xff caller\x07" <sip:1@x>'.decode("utf-8", "surrogateescape")
    party = parse_name_addr(raw)
    assert "\ufffd" in party.display_name
    assert party.display_name.isprintable()


def test_long_values_are_bounded() -> None:
    assert len(clean_text("A" * 10_000)) == 4096
    assert len(parse_name_addr('"' + "A" * 10_000 + '" <sip:1@x>').display_name) == 256


def test_scrub_removes_credentials() -> None:
    text = ('REGISTER sip:x SIP/2.0\r\nAuthorization: Digest username="a", response="secret"\r\n'
            'proxy-authorization: Digest response="other"\r\nVia: x\r\n')
    out = scrub(text)
    assert "secret" not in out and "other" not in out
    assert "Authorization: <redacted>" in out
    assert "Via: x" in out


@given(st.text(max_size=300))
def test_parsers_never_raise(text: str) -> None:
    parse_headers(text)
    party = parse_name_addr(text)
    assert party.display_name.isprintable() or party.display_name == ""


def test_scrub_removes_a_monitoring_grants_token() -> None:
    # A leader's INVITE in a SIP trace: its token is usable until the agent's PC claims it.
    text = ("INVITE sip:alice@pbx SIP/2.0\r\nX-CaseLine-Monitor: qZ3v-one-time-token\r\n"
            "Via: x\r\n")
    out = scrub(text)
    assert "qZ3v-one-time-token" not in out
    assert "X-CaseLine-Monitor: <redacted>" in out and "Via: x" in out
