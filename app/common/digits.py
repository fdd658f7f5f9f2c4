"""What people put between the digits of a phone number: one list, for the dial plan
(app.telephony.dialplan) and the number normaliser (app.cases.numbers), which may not import
each other. Both read a number the same way, so a number dialled is the number looked up.
"""

from __future__ import annotations

import re
import unicodedata

# NFKC folds full-width digits and "+" to ASCII, and most full-width punctuation too; the
# full-width forms are listed anyway, for text that did not go through NFKC. U+2212 (minus) and
# U+30FC (katakana long mark, typed as a dash in Japan) survive NFKC.
SEPARATORS = (
    " \t\u00a0\u3000"  # spaces, no-break space, ideographic space
    "-.()/"
    "\u2010\u2011\u2012\u2013\u2014\u2015"  # hyphen, non-breaking hyphen, figure/en/em dash, bar
    "\u2212"  # minus sign
    "\u30fc"  # katakana-hiragana prolonged sound mark
    "\uff08\uff09\uff0d\uff0e\uff0f"  # full-width ( ) - . /
)
_SEPARATOR = re.compile("[\\s" + re.escape(SEPARATORS) + "]")


def fold(text: str) -> str:
    """Full-width digits, plus and punctuation to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def strip_separators(text: str) -> str:
    """``text`` folded (NFKC), every separator removed: "０３−１２３４" -> "031234"."""
    return _SEPARATOR.sub("", fold(text))
