"""The call history, newest first, a page at a time, fast over a million call logs.

Pages use a keyset on ``(started_at, id)`` descending: the next page starts strictly after the
last row shown, so rows logged meanwhile never shift it (no OFFSET, which re-reads every row it
skips). Each filter walks an index that begins with its column and continues with
``started_at`` (migration 0002), from the last key on, and stops after one page.

A search is answered in one of two ways, decided from cheap index-only counts:

* few matching calls (a caller, an SR): each kind of match reads its own index (number keys,
  display name, contacts, companies, SRs), the newest of each are merged, and only those rows
  are looked up;
* many (one letter, a big customer): the time index is walked with the whole condition, which
  finds a page of dense matches after a short walk.

Search matches the caller's number (any format that ``numbers`` reads, and prefixes of it of
four digits or more), the start of the display name, any part of the contact's name or the
company, and the start of the SR number ("SR-2026-0001", or "2026-0001").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import phonenumbers
from sqlalchemy import and_, desc, func, literal, or_, select, union, update

from app.cases.choices import Choice
from app.cases.models import (
    CallLog,
    Case,
    Contact,
    Customer,
    Direction,
    Disposition,
    Outcome,
    utcnow,
)
from app.cases.numbers import DEFAULT_REGION, match_keys

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session
    from sqlalchemy.sql import ColumnElement, Select

PAGE_SIZE = 200
MAX_SEARCH = 100  # characters of search text looked at
# Above these, a search counts as dense and walks the time index instead (see the docstring).
ENTITY_CAP = 1000  # contacts, companies or SRs matching the text
CALL_CAP = 5_000  # calls reached through the per-kind indexes (measured: bench/history_scroll.py)
MIN_PREFIX_DIGITS = 4

_NUMBERISH = re.compile(r"^[\d\s\-+().]+$")
_SR_YEAR = re.compile(r"^\d{4}-\d*$")

@dataclass(frozen=True, slots=True)
class HistoryFilter:
    missed_only: bool = False
    direction: Direction | None = None
    # "Today": the start of the agent's local day, as an aware UTC time (the UI computes it).
    since: datetime | None = None
    disposition: str | None = None  # a disposition code
    search: str = ""
    region: str = DEFAULT_REGION  # how typed numbers are read


@dataclass(frozen=True, slots=True, order=True)
class HistoryKey:
    """Where a page ended: the next one starts strictly after (older than) this row."""

    started_at: datetime
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: uuid.UUID
    started_at: datetime  # aware, UTC
    direction: Direction
    outcome: Outcome | None  # None: the call is still live
    number: str  # as the caller ID or the agent gave it (E.164 when there was no raw text)
    dial_number: str  # what "call back" dials; "" for withheld or unusable numbers
    display_name: str
    contact_name: str
    company: str
    case_id: uuid.UUID | None
    case_number: str
    case_title: str
    disposition_code: str | None
    disposition_en: str
    disposition_ja: str
    disposition_zh: str
    talk_seconds: float
    ring_seconds: float
    missed_unseen: bool
    note: str = ""  # the note the call keeps while it has no SR (app.cases.wrapup)
    end_reason: str = ""  # why it ended, as logged (over_capacity, on_break, cancelled, ...)

    @property
    def key(self) -> HistoryKey:
        return HistoryKey(self.started_at, self.id)

    def disposition_label(self, language: str) -> str:
        """``language``: a Qt/BCP 47 name (``ja_JP``, ``zh_CN``); English otherwise."""
        if self.disposition_code is None:
            return ""
        label = Choice(self.disposition_code, self.disposition_en, self.disposition_ja,
                       self.disposition_zh).label(language)
        return label or self.disposition_code


@dataclass(frozen=True, slots=True)
class HistoryPage:
    rows: tuple[HistoryRow, ...]
    next_key: HistoryKey | None  # None: this was the last page


# -- reading ------------------------------------------------------------------------------------


def page(session: Session, filter: HistoryFilter, after: HistoryKey | None = None,
         limit: int = PAGE_SIZE) -> HistoryPage:
    """The ``limit`` newest calls under ``filter`` that are older than ``after``."""
    limit = max(1, limit)
    base = _base_conditions(filter, after)
    search = _Search.parse(filter.search, filter.region) if filter.search.strip() else None
    branches = search.branches(session) if search is not None else None
    if search is None:
        stmt = _rows(CallLog).where(*base)
    elif branches == []:
        return HistoryPage((), None)
    elif branches is None or _dense(session, branches):
        stmt = _rows(CallLog).where(*base, search.condition())
    else:
        hits = _newest_ids(branches, base, limit + 1)
        # The few hits first, then their rows by primary key.
        stmt = _rows(hits.join(CallLog, CallLog.id == hits.c.id))
    stmt = stmt.order_by(desc(CallLog.started_at), desc(CallLog.id)).limit(limit + 1)
    rows = [_row(r) for r in session.execute(stmt)]
    more = len(rows) > limit
    rows = rows[:limit]
    return HistoryPage(tuple(rows), rows[-1].key if more else None)


def one(session: Session, log_id: uuid.UUID) -> HistoryRow | None:
    """One call as the history shows it (the tray's missed-call notice calls back from it)."""
    found = session.execute(_rows(CallLog).where(CallLog.id == log_id)).first()
    return _row(found) if found is not None else None


def unseen_missed(session: Session) -> int:
    """Missed calls the agent has not yet seen in the history (the badge)."""
    stmt = (select(func.count()).select_from(CallLog)
            .where(CallLog.outcome == Outcome.MISSED, CallLog.seen_at.is_(None)))
    return int(session.execute(stmt).scalar_one())


def mark_missed_seen(session: Session, up_to: datetime) -> int:
    """Missed calls that started at or before ``up_to`` are seen now. Returns how many."""
    stmt = (update(CallLog)
            .where(CallLog.outcome == Outcome.MISSED, CallLog.seen_at.is_(None),
                   CallLog.started_at <= up_to)
            .values(seen_at=utcnow())
            .execution_options(synchronize_session=False))
    result: Any = session.execute(stmt)
    return int(result.rowcount or 0)


# -- building the query -------------------------------------------------------------------------


def _rows(source: Any) -> Select[*tuple[Any, ...]]:
    return (
        select(
            CallLog.id, CallLog.started_at, CallLog.direction, CallLog.outcome,
            CallLog.number_raw, CallLog.number_e164, CallLog.number_key, CallLog.display_name,
            CallLog.case_id, CallLog.disposition_code, CallLog.talk_seconds,
            CallLog.ring_seconds, CallLog.seen_at, CallLog.note, CallLog.end_reason,
            Contact.name, Customer.company, Case.number, Case.title,
            Disposition.label_en, Disposition.label_ja, Disposition.label_zh,
        )
        .select_from(source)
        .outerjoin(Contact, Contact.id == CallLog.contact_id)
        .outerjoin(Customer, Customer.id == CallLog.customer_id)
        .outerjoin(Case, Case.id == CallLog.case_id)
        .outerjoin(Disposition, Disposition.code == CallLog.disposition_code)
    )


def _row(r: Any) -> HistoryRow:
    dial = (r.number_e164 or r.number_raw) if r.number_key else ""
    return HistoryRow(
        id=r.id, started_at=r.started_at, direction=r.direction, outcome=r.outcome,
        number=r.number_raw or r.number_e164 or "", dial_number=dial,
        display_name=r.display_name, contact_name=r.name or "", company=r.company or "",
        case_id=r.case_id, case_number=r.number or "", case_title=r.title or "",
        disposition_code=r.disposition_code, disposition_en=r.label_en or "",
        disposition_ja=r.label_ja or "", disposition_zh=r.label_zh or "",
        talk_seconds=r.talk_seconds, ring_seconds=r.ring_seconds,
        missed_unseen=r.outcome is Outcome.MISSED and r.seen_at is None, note=r.note or "",
        end_reason=r.end_reason or "",
    )


def _base_conditions(f: HistoryFilter, after: HistoryKey | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.missed_only:
        conditions.append(CallLog.outcome == Outcome.MISSED)
    if f.direction is not None:
        conditions.append(CallLog.direction == f.direction)
    if f.disposition is not None:
        conditions.append(CallLog.disposition_code == f.disposition)
    if f.since is not None:
        conditions.append(CallLog.started_at >= f.since)
    if after is not None:
        # "<=" is the index range; the OR only breaks ties of one instant by id.
        conditions.append(CallLog.started_at <= after.started_at)
        conditions.append(or_(CallLog.started_at < after.started_at, CallLog.id < after.id))
    return conditions


def _prefix_range(column: Any, prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, as an index range (``LIKE`` would not use one)."""
    return and_(column >= prefix, column < prefix + "\U0010ffff")


@dataclass(frozen=True, slots=True)
class _Branch:
    """One way a call can match a search, answerable from one index."""

    condition: ColumnElement[bool]


@dataclass(frozen=True, slots=True)
class _Search:
    text: str
    number_keys: tuple[str, ...]
    number_prefixes: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    sr_prefix: str

    @classmethod
    def parse(cls, text: str, region: str) -> _Search:
        text = unicodedata.normalize("NFKC", text).strip()[:MAX_SEARCH]
        keys: tuple[str, ...] = ()
        prefixes: tuple[str, ...] = ()
        if _NUMBERISH.match(text):
            keys = tuple(match_keys(text, region))
            prefixes = _number_prefixes(text, region)
        names = tuple(dict.fromkeys(
            v for v in (text, text.lower(), text.upper(), text.title(), text.capitalize()) if v))
        upper = text.upper().replace(" ", "")
        sr = ""
        if upper.startswith("SR"):
            sr = upper
        elif _SR_YEAR.match(upper):
            sr = "SR-" + upper
        return cls(text, keys, prefixes, names, sr)

    def branches(self, session: Session) -> list[_Branch] | None:
        """The per-kind conditions, or None when a kind matches too many people or SRs."""
        found: list[_Branch] = []
        if self.number_keys:
            found.append(_Branch(CallLog.number_key.in_(self.number_keys)))
        found += [_Branch(_prefix_range(CallLog.number_key, p)) for p in self.number_prefixes]
        found += [_Branch(_prefix_range(CallLog.display_name, p)) for p in self.name_prefixes]
        entities = [(CallLog.contact_id, self._contacts()),
                    (CallLog.customer_id, self._customers())]
        if self.sr_prefix:
            entities.append((CallLog.case_id, self._cases()))
        for column, entity_ids in entities:
            ids = session.scalars(entity_ids.limit(ENTITY_CAP + 1)).all()
            if len(ids) > ENTITY_CAP:
                return None
            if ids:
                found.append(_Branch(column.in_(ids)))
        return found

    def condition(self) -> ColumnElement[bool]:
        """The whole search as one condition, for the dense walk of the time index."""
        terms: list[ColumnElement[bool]] = []
        if self.number_keys:
            terms.append(CallLog.number_key.in_(self.number_keys))
        terms += [_prefix_range(CallLog.number_key, p) for p in self.number_prefixes]
        # substr() is the same test as the prefix range, but no index can answer it: with one
        # such term SQLite cannot OR indexes together and sort everything they find, and walks
        # the time index (or the filter's) instead, which is what a dense search wants.
        terms += [func.substr(CallLog.display_name, 1, len(p)) == p for p in self.name_prefixes]
        terms.append(CallLog.contact_id.in_(self._contacts()))
        terms.append(CallLog.customer_id.in_(self._customers()))
        if self.sr_prefix:
            terms.append(CallLog.case_id.in_(self._cases()))
        return or_(*terms)

    def _contacts(self) -> Select[*tuple[Any, ...]]:
        return select(Contact.id).where(Contact.name.contains(self.text, autoescape=True))

    def _customers(self) -> Select[*tuple[Any, ...]]:
        return select(Customer.id).where(Customer.company.contains(self.text, autoescape=True))

    def _cases(self) -> Select[*tuple[Any, ...]]:
        return select(Case.id).where(_prefix_range(Case.number, self.sr_prefix))


def _number_prefixes(text: str, region: str) -> tuple[str, ...]:
    """Stored number keys that a partly typed number can be the start of."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < MIN_PREFIX_DIGITS:
        return ()
    country = phonenumbers.country_code_for_region(region.upper()) or None
    found = ["#" + digits]  # numbers stored unparsed keep their digits
    if text.lstrip().startswith("+"):
        found.append("+" + digits)
    elif digits.startswith("0") and not digits.startswith("00"):
        if country:  # national form: the trunk 0 stands for the country code
            found.append(f"+{country}{digits[1:]}")
    else:
        found.append("+" + digits)  # international, typed without "+"
        if country:
            found.append(f"+{country}{digits}")  # national without a trunk prefix (NANP)
    return tuple(dict.fromkeys(found))


def _dense(session: Session, branches: list[_Branch]) -> bool:
    """True when the branches reach more than CALL_CAP calls (counted on their indexes)."""
    total = 0
    for branch in branches:
        capped = select(literal(1)).select_from(CallLog).where(branch.condition)
        total += int(session.execute(
            select(func.count()).select_from(capped.limit(CALL_CAP + 1 - total).subquery())
        ).scalar_one())
        if total > CALL_CAP:
            return True
    return False


def _newest_ids(branches: list[_Branch], base: list[ColumnElement[bool]], n: int) -> Any:
    """The ``n`` newest matching ids of each branch, merged (a subquery)."""
    parts = []
    for branch in branches:
        newest = (select(CallLog.id, CallLog.started_at).where(*base, branch.condition)
                  .order_by(desc(CallLog.started_at), desc(CallLog.id)).limit(n).subquery())
        parts.append(select(newest.c.id, newest.c.started_at))
    return (parts[0] if len(parts) == 1 else union(*parts)).subquery("hits")
