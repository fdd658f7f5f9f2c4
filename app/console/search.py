"""A note search query, cut into terms. The tokens themselves are the database's
(``caseline.search_query_tokens``, migration 0010): one definition for notes and queries.

``印刷 "paper jam" Printer`` is three terms; a note matches when it holds every term (a quoted
term as written, white space aside). See docs/explorer.md."""

from __future__ import annotations

import re

MAX_TERMS = 8  # more narrows nothing a leader types; it only lengthens the query
MAX_TERM = 200  # characters
_TERM = re.compile(r'"([^"]*)"|(\S+)')


def terms(query: str) -> tuple[str, ...]:
    """The query's terms, in order, without repeats; () when nothing is left to search."""
    found: list[str] = []
    for quoted, bare in _TERM.findall(query or ""):
        term = " ".join((quoted or bare).split())[:MAX_TERM]
        if term and term not in found:
            found.append(term)
    return tuple(found[:MAX_TERMS])
