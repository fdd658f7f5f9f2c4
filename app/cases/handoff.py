"""What travels with a transferred call: the SR number, its priority and a one-line summary.

On the consult INVITE and on the INVITE the caller sends after the REFER: ``X-Case-Number``
(the SR number, which any CaseLine's resolver reads) and RFC 7433 ``User-to-User``, hex-encoded,
holding a small JSON object ``{"sr": ..., "p": ..., "s": ...}`` of at most MAX_PAYLOAD bytes.
The summary is the one line the agent typed for the engineer: never notes, never the caller's
details. A receiving CaseLine that does not know the SR shows the priority and summary from it.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass

from app.cases.models import Priority

CASE_HEADER = "X-Case-Number"
UUI_HEADER = "User-to-User"
# What the consulted colleague is asked to do on the call, beside the SR: "translation" (a
# three-way conference, the colleague's time logged as translation work: CallLog.work). No
# secret, nothing of the caller: a word from WORKS.
WORK_HEADER = "X-CaseLine-Work"
TRANSLATION = "translation"  # the translator's own legs (CallLog.work)
TRANSLATED = "translated"  # the agent's leg to the translator (CallLog.work)
WORKS = frozenset({TRANSLATION})
MAX_PAYLOAD = 120  # bytes of JSON before hex: RFC 7433 asks for little; proxies cut long ones
MAX_NUMBER = 32
_PRIORITIES = frozenset(p.value for p in Priority)


@dataclass(frozen=True, slots=True)
class Handoff:
    number: str  # SR-2026-000123
    priority: str = ""  # P1..P4, "" when unknown
    summary: str = ""


def one_line(text: str) -> str:
    """The summary as one line of printable text (control characters and line breaks gone)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def encode(handoff: Handoff) -> dict[str, str]:
    """The headers of a transferred call's INVITE; the summary is cut to fit MAX_PAYLOAD."""
    number = one_line(handoff.number)[:MAX_NUMBER]
    priority = handoff.priority if handoff.priority in _PRIORITIES else ""
    summary = one_line(handoff.summary)
    while True:
        data = {"sr": number, "p": priority, "s": summary}
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        if len(payload) <= MAX_PAYLOAD or not summary:
            break
        summary = summary[:-1].rstrip()  # by characters: a CJK summary never splits a byte
    headers = {CASE_HEADER: number}
    if len(payload) <= MAX_PAYLOAD:
        headers[UUI_HEADER] = f"{payload.hex()};encoding=hex"
    return headers


def decode(value: str) -> Handoff | None:
    """A User-to-User value written by ``encode``; None for anything else (an IVR's own)."""
    data, _, params = value.partition(";")
    if params and "encoding=hex" not in params.replace(" ", "").lower():
        return None
    try:
        raw = binascii.unhexlify(data.strip()[: 2 * MAX_PAYLOAD])
        parsed = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("sr"), str):
        return None
    priority = parsed.get("p")
    priority = priority if isinstance(priority, str) and priority in _PRIORITIES else ""
    summary = parsed.get("s")
    summary = summary if isinstance(summary, str) else ""
    return Handoff(one_line(parsed["sr"])[:MAX_NUMBER], priority,
                   one_line(summary)[:MAX_PAYLOAD])


def work_of(headers: dict[str, str]) -> str:
    """The work a consult INVITE asks for (WORK_HEADER), "" for none or anything unknown."""
    for name, value in headers.items():
        if name.lower() == WORK_HEADER.lower():
            word = value.strip().lower()
            return word if word in WORKS else ""
    return ""
