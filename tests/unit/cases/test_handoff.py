"""What travels with a transferred call (app.cases.handoff): short, one line, and nothing a
stranger's header can turn into more than a hint."""

from __future__ import annotations

import binascii
import json

from app.cases import handoff
from app.cases.handoff import MAX_PAYLOAD, Handoff, decode, encode


def _payload(headers: dict[str, str]) -> bytes:
    data, _, params = headers["User-to-User"].partition(";")
    assert params == "encoding=hex"
    return binascii.unhexlify(data)


def test_the_sr_number_priority_and_summary_round_trip() -> None:
    headers = encode(Handoff("SR-2026-000123", "P1", "Printer down after the update"))
    assert headers["X-Case-Number"] == "SR-2026-000123"
    assert decode(headers["User-to-User"]) == Handoff("SR-2026-000123", "P1",
                                                       "Printer down after the update")


def test_a_long_summary_is_cut_to_fit_and_a_cjk_one_never_splits_a_character() -> None:
    headers = encode(Handoff("SR-2026-000123", "P2", "プリンターが起動しない。" * 20))
    payload = _payload(headers)
    assert len(payload) <= MAX_PAYLOAD
    summary = json.loads(payload.decode("utf-8"))["s"]
    assert summary and "プリンターが起動しない。".startswith(summary[:12])


def test_the_summary_is_one_line_of_printable_text() -> None:
    headers = encode(Handoff("SR-2026-000123", "P3", "first line\r\nX-Evil: 1\tend\x00"))
    assert decode(headers["User-to-User"]) == Handoff("SR-2026-000123", "P3",
                                                       "first line X-Evil: 1 end")
    assert all("\r" not in v and "\n" not in v for v in headers.values())


def test_an_unknown_priority_is_not_passed_on() -> None:
    headers = encode(Handoff("SR-2026-000123", "URGENT!!", "x"))
    assert decode(headers["User-to-User"]) == Handoff("SR-2026-000123", "", "x")


def test_someone_elses_user_to_user_is_no_handoff() -> None:
    assert decode("not hex at all") is None
    assert decode("53522d323032362d303030313233;encoding=hex") is None  # plain text, no JSON
    assert decode(b'["SR-2026-000123"]'.hex() + ";encoding=hex") is None
    assert decode(b'{"sr": 123}'.hex()) is None
    assert decode(b'{"sr":"SR-1"}'.hex() + ";encoding=text") is None
    huge = json.dumps({"sr": "SR-2026-000123", "s": "x" * 10_000}).encode().hex()
    assert decode(huge) is None  # cut at twice MAX_PAYLOAD: no longer JSON
    hostile = decode(json.dumps({"sr": "SR-2026-000123\r\nX: y", "p": ["P1"],
                                 "s": {"a": 1}}).encode().hex())
    assert hostile == Handoff("SR-2026-000123 X: y", "", "")


def test_the_work_header_names_translation_only() -> None:
    assert handoff.work_of({"x-caseline-work": " Translation "}) == handoff.TRANSLATION
    # Anything else a peer writes there is no kind of work: nothing is logged as such.
    assert handoff.work_of({handoff.WORK_HEADER: "karaoke"}) == ""
    assert handoff.work_of({handoff.CASE_HEADER: "SR-2026-000123"}) == ""
