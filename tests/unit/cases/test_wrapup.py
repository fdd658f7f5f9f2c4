"""The language a note is written in, as the default the agent can change with one click."""

from __future__ import annotations

import pytest

from app.cases.models import Language
from app.cases.wrapup import detect_language, remainder


@pytest.mark.parametrize(("text", "case_language", "expected"), [
    ("お客様は再起動を試した", Language.ZH, Language.JA),  # kana: Japanese, whatever the SR
    ("VPN が切れる", Language.EN, Language.JA),
    ("服务器无法连接", Language.ZH, Language.ZH),  # Han only: the SR's language decides
    ("在通话中输入", Language.JA, Language.JA),
    ("在通话中输入", Language.EN, Language.ZH),  # ... Chinese when the SR is in English
    ("Printer jams on tray 2", Language.JA, Language.EN),  # Latin: English
    ("ｶﾀｶﾅ", None, Language.JA),  # half-width kana
    ("프린터 고장 印刷", Language.ZH, Language.ZH),  # hangul: no guess, the SR's language
    ("12345", Language.ZH, Language.ZH),  # nothing to go by
    ("", None, Language.EN),
])
def test_a_notes_language_follows_what_it_is_written_in(
        text: str, case_language: Language | None, expected: Language) -> None:
    assert detect_language(text, case_language) is expected


@pytest.mark.parametrize(("late", "settled", "added"), [
    ("Replaced the toner", "Replaced the toner", ""),
    ("Replaced the toner, works", "Replaced the toner", ", works"),
    ("Toner replaced", "Replaced the toner", "Toner replaced"),  # rewritten: all of it
    ("  ", "Replaced the toner", ""),
    ("New text", "", "New text"),
])
def test_what_a_late_text_adds_to_what_was_settled(late: str, settled: str,
                                                   added: str) -> None:
    assert remainder(late, settled) == added
