"""Text as terminals and spreadsheets show it: how wide it is, and what a spreadsheet would run."""

from __future__ import annotations

import unicodedata

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), DDE);
# full-width forms too, which a Japanese Excel may read as their ASCII twins.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def cell_width(ch: str) -> int:
    """Terminal cells of one character: 2 for wide and full-width (CJK), 0 for combining."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(cell_width(ch) for ch in text)
