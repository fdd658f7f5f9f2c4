# ruff: noqa: S608 - SQL built from constants only; every value is a bound parameter
"""The call explorer: a leader's team's calls, filtered, sorted and keyset-paged, with note
search in Japanese, Chinese and English; and one call opened with its SR, notes and
translations (docs/explorer.md).

Everything runs on the connection it is given, as the leader's own login role: row security
decides which rows exist. ``caseline.console_team()`` (migration 0010) is the gate: only
``caseline_leader`` may execute it, so an agent is refused by the database (``ConsoleRefusedError``,
caused by psycopg's ``InsufficientPrivilege``).
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import exc, text

from app.cases.numbers import DEFAULT_REGION, match_keys
from app.common.quality import POOR_MOS
from app.console import monitor
from app.console.search import terms

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from app.cases.models import Direction, Language, Outcome

MAX_PAGE = 500
# A note is written once its call has begun (in the call, its wrap-up or later; a translation
# after its original), so a search of a period reads the team's notes from its start on, less
# this much for the PCs' clocks (at 10M call logs: bench/monitoring.py).
NOTE_CLOCK_SLACK = timedelta(days=1)


class ConsoleRefusedError(PermissionError):
    """The database refused the console to this role (not a leader)."""


class Sort(enum.StrEnum):
    STARTED_AT = "started_at"
    TALK_SECONDS = "talk_seconds"
    RING_SECONDS = "ring_seconds"
    HOLD_SECONDS = "hold_seconds"
    AGENT = "agent"
    OUTCOME = "outcome"
    DISPOSITION = "disposition"


# Each sort key's SQL (constants only) and how its cursor value is read back.
_SORT_SQL = {
    Sort.STARTED_AT: "l.started_at",
    Sort.TALK_SECONDS: "l.talk_seconds",
    Sort.RING_SECONDS: "l.ring_seconds",
    Sort.HOLD_SECONDS: "l.hold_seconds",
    Sort.AGENT: "coalesce(a.name, l.owner_role)",
    Sort.OUTCOME: "coalesce(l.outcome, '')",
    Sort.DISPOSITION: "coalesce(l.disposition_code, '')",
}
_FLOATS = frozenset({Sort.TALK_SECONDS, Sort.RING_SECONDS, Sort.HOLD_SECONDS})
_CALLER_LANGUAGE = "coalesce(k.language, u.language)"


@dataclass(frozen=True, slots=True)
class CallFilter:
    """Which calls. A period is required: ``from_day`` .. ``to_day`` inclusive, calendar days in
    the leader's ``time_zone`` (a zoneinfo name). An empty tuple or "" means any."""

    from_day: date
    to_day: date
    time_zone: str = "UTC"
    agent_ids: tuple[uuid.UUID, ...] = ()  # central agent ids (caseline.agents.id)
    directions: tuple[Direction, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    dispositions: tuple[str, ...] = ()
    caller_languages: tuple[Language, ...] = ()  # the contact's, else the customer's
    queues: tuple[str, ...] = ()  # the SR's queue
    case: str = ""  # an SR number, or an SR id
    number: str = ""  # a phone number in any spelling
    region: str = DEFAULT_REGION  # where a number without country code is read
    text: str = ""  # note search (app.console.search)
    # Call quality (the call log's MOS, the worst of the call's samples): calls at or below
    # ``max_mos``; ``poor_only``: below POOR_MOS. A call with no MOS matches neither.
    max_mos: float | None = None
    poor_only: bool = False

    def period(self) -> tuple[datetime, datetime]:
        """The period as UTC instants, [start, end)."""
        zone = ZoneInfo(self.time_zone)
        lo = datetime.combine(self.from_day, time(), zone)
        hi = datetime.combine(self.to_day + timedelta(days=1), time(), zone)
        return lo, hi


@dataclass(frozen=True, slots=True)
class CallRow:
    id: uuid.UUID
    started_at: datetime
    direction: str
    outcome: str | None
    disposition_code: str | None
    owner_role: str
    agent_name: str
    number_raw: str
    number_e164: str | None
    display_name: str
    ring_seconds: float
    talk_seconds: float
    hold_seconds: float
    case_id: uuid.UUID | None
    case_number: str | None  # None also when the SR is out of the leader's sight
    case_title: str | None
    queue: str | None
    caller_language: str | None
    mos: float | None = None  # call quality as logged (None: not measured)
    loss_pct: float | None = None
    jitter_ms: float | None = None
    rtt_ms: float | None = None


@dataclass(frozen=True, slots=True)
class Page:
    rows: tuple[CallRow, ...]
    after: str | None  # the cursor of the next page; None: this is the last


@dataclass(frozen=True, slots=True)
class CaseInfo:
    id: uuid.UUID
    number: str
    title: str
    status: str
    priority: str
    queue: str
    language: str


@dataclass(frozen=True, slots=True)
class NoteInfo:
    id: uuid.UUID
    body: str
    language: str
    created_at: datetime
    author: str  # the writer's name (their role when the directory has none)
    call_log_id: uuid.UUID | None
    on_this_call: bool
    translations: tuple[NoteInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class CallDetail:
    call: CallRow
    call_note: str  # a call with no SR keeps its note on the call log
    case: CaseInfo | None
    notes: tuple[NoteInfo, ...]  # the SR's notes (the call's own when it has no SR), oldest first
    # Recordings stay on the agent's PC (app.cases.recordings); the centre knows no file, so
    # this is None until recordings are uploaded somewhere the centre can name.
    recording: str | None = None
    # Every monitoring session of the call (listen in, whisper, barge): who, how, when.
    monitoring: tuple[monitor.MonitoringSession, ...] = ()


_SELECT = f"""
    SELECT l.id, l.started_at, l.direction, l.outcome, l.disposition_code, l.owner_role,
           coalesce(a.name, l.owner_role) AS agent_name, l.number_raw, l.number_e164,
           l.display_name, l.ring_seconds, l.talk_seconds, l.hold_seconds, l.case_id,
           c.number AS case_number, c.title AS case_title, c.queue,
           {_CALLER_LANGUAGE} AS caller_language, l.note AS call_note,
           l.mos, l.loss_pct, l.jitter_ms, l.rtt_ms, {{sort}} AS sort_value
    FROM caseline.call_logs l
    LEFT JOIN caseline.agents a ON a.db_role = l.owner_role
    LEFT JOIN caseline.cases c ON c.id = l.case_id
    LEFT JOIN caseline.contacts k ON k.id = l.contact_id
    LEFT JOIN caseline.customers u ON u.id = l.customer_id
    WHERE l.team_id = caseline.console_team()"""

# A page is chosen first, from the call logs and only what its filters and sort read (the
# aliases below); its rows' agent, SR and caller are then looked up by id, one row at a time
# (OFFSET 0 keeps each lookup a lookup). Joined before the LIMIT, a year's page sorted by talk
# time read every SR of the team (the planner, misled by row security's estimates, hashed
# them all: 460 of its 570 ms at 10M calls), and a search's 9,919 matches each had their SR,
# contact and customer looked up before 51 were kept.
_JOINS = {
    "a": "LEFT JOIN caseline.agents a ON a.db_role = l.owner_role",
    "c": "LEFT JOIN caseline.cases c ON c.id = l.case_id",
    "k": "LEFT JOIN caseline.contacts k ON k.id = l.contact_id",
    "u": "LEFT JOIN caseline.customers u ON u.id = l.customer_id",
}
_SORT_READS = {Sort.AGENT: ("a",)}
# The page's lookups by id, for _PAGE and _WALK alike.
_LOOKUPS = """
    LEFT JOIN LATERAL (SELECT g.name FROM caseline.agents g
                       WHERE g.db_role = p.owner_role OFFSET 0) a ON true
    LEFT JOIN LATERAL (SELECT s.number, s.title, s.queue FROM caseline.cases s
                       WHERE s.id = p.case_id OFFSET 0) c ON true
    LEFT JOIN LATERAL (SELECT t.language FROM caseline.contacts t
                       WHERE t.id = p.contact_id OFFSET 0) k ON true
    LEFT JOIN LATERAL (SELECT v.language FROM caseline.customers v
                       WHERE v.id = p.customer_id OFFSET 0) u ON true"""
# A page row's columns, for _PAGE and _WALK alike (p: the page chosen, a c k u: _LOOKUPS).
_PAGE_COLUMNS = f"""
    SELECT p.id, p.started_at, p.direction, p.outcome, p.disposition_code, p.owner_role,
           coalesce(a.name, p.owner_role) AS agent_name, p.number_raw, p.number_e164,
           p.display_name, p.ring_seconds, p.talk_seconds, p.hold_seconds, p.case_id,
           c.number AS case_number, c.title AS case_title, c.queue,
           {_CALLER_LANGUAGE} AS caller_language, p.call_note,
           p.mos, p.loss_pct, p.jitter_ms, p.rtt_ms, p.sort_value"""
_PAGE = f"""{_PAGE_COLUMNS}
    FROM (SELECT l.id, l.started_at, l.direction, l.outcome, l.disposition_code, l.owner_role,
                 l.number_raw, l.number_e164, l.display_name, l.ring_seconds, l.talk_seconds,
                 l.hold_seconds, l.case_id, l.contact_id, l.customer_id, l.note AS call_note,
                 l.mos, l.loss_pct, l.jitter_ms, l.rtt_ms, {{sort}} AS sort_value
          FROM caseline.call_logs l {{joins}}
          WHERE l.team_id = caseline.console_team() AND {{where}}
          ORDER BY {{sort}} {{order}}, l.id {{order}} LIMIT :limit) p
    {_LOOKUPS}
    ORDER BY p.sort_value {{order}}, p.id {{order}}"""


# A search in date order walks the team's calls of the period in that order first (the
# period's index on team and start), at most :walk of them, and keeps those with a matching
# note, as the index path (_where) would find it: one of the call's own notes (o, through
# ix_notes_call_log_id) or a translation naming one (n, call_log_id NULL), of the team, from
# :notes_from on, holding every term. The notes' team is the call's (w.team_id, the leader's
# team: no per-note call of console_team()). Each of the call's notes passes row security
# once (a translation's original must be visible too, as in the index path's LEFT JOIN). The
# EXISTS stay per call (OFFSET 0: else the planner hashes them over the word's whole posting
# list, misled by the GIN operator's constant estimate), and the walk stops at the page's last
# match (the OFFSET 0 level computes ``matched`` once per call). Also returned: the walk's last
# call (walked = :walk, matched or not), where the index path takes over when the walk ran out.
# The walk's LIMIT is a sub-select, so the planner assumes a tenth of the period's calls: shown
# a LIMIT near its (row-security-lowered) estimate of the team's calls, it read and sorted every
# call of the period (a year: 334,000, 2.8 s at 10M calls) instead of walking the index.
_WALK = f"""{_PAGE_COLUMNS}, p.matched, p.walked
    FROM (SELECT m.* FROM (
            SELECT w.*,
                   EXISTS (SELECT 1 FROM caseline.notes o
                           WHERE o.call_log_id = w.id
                             AND ((o.team_id = w.team_id AND o.created_at >= :notes_from
                                   AND {{match_o}})
                                  OR EXISTS (SELECT 1 FROM caseline.notes n
                                             WHERE n.translation_of = o.id
                                               AND n.call_log_id IS NULL
                                               AND n.team_id = w.team_id
                                               AND n.created_at >= :notes_from
                                               AND {{match}} OFFSET 0))
                           OFFSET 0) AS matched
            FROM (SELECT l.id, l.started_at, l.direction, l.outcome, l.disposition_code,
                         l.owner_role, l.number_raw, l.number_e164, l.display_name,
                         l.ring_seconds, l.talk_seconds, l.hold_seconds, l.case_id,
                         l.contact_id, l.customer_id, l.note AS call_note, l.mos, l.loss_pct,
                         l.jitter_ms, l.rtt_ms, l.team_id, l.started_at AS sort_value,
                         row_number() OVER (ORDER BY l.started_at {{order}}, l.id {{order}})
                             AS walked
                  FROM caseline.call_logs l {{joins}}
                  WHERE l.team_id = caseline.console_team() AND {{where}}
                  ORDER BY l.started_at {{order}}, l.id {{order}}
                  LIMIT (SELECT CAST(:walk AS integer))) w
            ORDER BY w.sort_value {{order}}, w.id {{order}} OFFSET 0) m
          WHERE m.matched OR m.walked = :walk
          ORDER BY m.sort_value {{order}}, m.id {{order}} LIMIT :limit) p
    {_LOOKUPS}
    ORDER BY p.sort_value {{order}}, p.id {{order}}"""


def _note_match(params: dict[str, Any], found: tuple[str, ...], alias: str = "n") -> str:
    """The notes holding every term: the GIN index finds the candidates, strpos checks each
    term in order and whole (a CJK phrase's bigrams may lie apart in a note)."""
    params["q_all"] = " ".join(found)
    parts = [f"{alias}.search_tokens OPERATOR(caseline.@>) caseline.search_query_tokens(:q_all)",
             "cardinality(caseline.search_query_tokens(:q_all)) > 0"]
    for i, term in enumerate(found):
        params[f"q{i}"] = term
        parts.append(f"strpos(caseline.search_text({alias}.body), "
                     f"caseline.search_text(:q{i})) > 0")
    return " AND ".join(parts)


def _where(f: CallFilter, params: dict[str, Any], reads: set[str] | None = None, *,
           notes: bool = True) -> list[str]:
    """The filters' conditions; ``reads`` gets the aliases of _JOINS they need. ``notes``
    False: all but the note search's (the walk tests each call's notes itself)."""
    reads = set() if reads is None else reads
    lo, hi = f.period()
    params.update(lo=lo, hi=hi)
    where = ["l.started_at >= :lo", "l.started_at < :hi"]
    if f.agent_ids:
        params["agents"] = list(f.agent_ids)
        where.append("l.owner_role IN (SELECT g.db_role FROM caseline.agents g "
                     "WHERE g.id = ANY(:agents))")
    for name, values, column in (("directions", f.directions, "l.direction"),
                                 ("outcomes", f.outcomes, "l.outcome"),
                                 ("dispositions", f.dispositions, "l.disposition_code"),
                                 ("languages", f.caller_languages, _CALLER_LANGUAGE),
                                 ("queues", f.queues, "c.queue")):
        if values:
            params[name] = [str(v) for v in values]
            where.append(f"{column} = ANY(CAST(:{name} AS text[]))")
            reads.update({"languages": ("k", "u"), "queues": ("c",)}.get(name, ()))
    if f.case.strip():
        try:
            params["case_id"] = uuid.UUID(f.case.strip())
            where.append("l.case_id = :case_id")
        except ValueError:
            params["case_number"] = f.case.strip()
            where.append("l.case_id IN (SELECT s.id FROM caseline.cases s "
                         "WHERE s.number = :case_number)")
    if f.max_mos is not None:
        params["max_mos"] = float(f.max_mos)
        where.append("l.mos <= :max_mos")
    if f.poor_only:
        params["poor_mos"] = POOR_MOS
        where.append("l.mos < :poor_mos")
    if f.number.strip():
        # The keys the local store gives a call log's number_key, for every spelling of it.
        params["number_keys"] = match_keys(f.number, f.region) or [""]
        where.append("l.number_key = ANY(CAST(:number_keys AS text[]))")
    found = terms(f.text)
    if f.text.strip() and notes:
        if not found:
            where.append("false")
        else:
            # A translation names its original, which names the call. The index reads the
            # team's postings only (migration 0015; the notes of the team's calls are the
            # team's: an agent notes only SRs of the team's queues and their own calls) from
            # the period on; the calls they name are then looked up by id in the period's
            # months. As an array, so the planner cannot join the other way round: the index's
            # row estimate is a constant, and at 10M call logs that plan ran every team call
            # of the period against every match.
            params["notes_from"] = lo - NOTE_CLOCK_SLACK
            where.append("l.id = ANY(ARRAY(SELECT coalesce(n.call_log_id, o.call_log_id) "
                         "FROM caseline.notes n "
                         "LEFT JOIN caseline.notes o ON o.id = n.translation_of "
                         "WHERE n.team_id = caseline.console_team() "
                         "AND n.created_at >= :notes_from "
                         f"AND {_note_match(params, found)}))")
    return where


def _encode(sort: Sort, descending: bool, value: Any, row_id: uuid.UUID) -> str:
    shown = value.isoformat() if isinstance(value, datetime) else value
    raw = json.dumps([str(sort), descending, shown, str(row_id)], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(cursor: str, sort: Sort, descending: bool) -> tuple[Any, uuid.UUID]:
    try:
        got_sort, got_desc, value, row_id = json.loads(base64.urlsafe_b64decode(cursor))
        if got_sort != str(sort) or got_desc is not descending:
            raise ValueError("the cursor belongs to another sort")
        if sort is Sort.STARTED_AT:
            return datetime.fromisoformat(value), uuid.UUID(row_id)
        if sort in _FLOATS:
            return float(value), uuid.UUID(row_id)
        return str(value), uuid.UUID(row_id)
    except (binascii.Error, json.JSONDecodeError, TypeError) as e:
        raise ValueError(f"not a cursor of the call explorer: {cursor!r}") from e


def _execute(conn: Connection, statement: str, params: dict[str, Any]) -> list[Any]:
    try:
        return list(conn.execute(text(statement), params))
    except exc.DBAPIError as e:
        if isinstance(e.orig, psycopg.errors.InsufficientPrivilege):
            raise ConsoleRefusedError("the call explorer is for team leaders") from e
        raise


def _row(r: Any) -> CallRow:
    return CallRow(
        id=r.id, started_at=r.started_at, direction=r.direction, outcome=r.outcome,
        disposition_code=r.disposition_code, owner_role=r.owner_role, agent_name=r.agent_name,
        number_raw=r.number_raw, number_e164=r.number_e164, display_name=r.display_name,
        ring_seconds=r.ring_seconds, talk_seconds=r.talk_seconds, hold_seconds=r.hold_seconds,
        case_id=r.case_id, case_number=r.case_number, case_title=r.case_title, queue=r.queue,
        caller_language=r.caller_language, mos=r.mos, loss_pct=r.loss_pct,
        jitter_ms=r.jitter_ms, rtt_ms=r.rtt_ms)


def _statement(filters: CallFilter, sort: Sort, descending: bool, page_size: int,
               after: str | None, limit: int | None = None) -> tuple[str, dict[str, Any]]:
    if not 1 <= page_size <= MAX_PAGE:
        raise ValueError(f"page_size must be 1..{MAX_PAGE}")
    params: dict[str, Any] = {"limit": page_size + 1 if limit is None else limit}
    key = _SORT_SQL[sort]
    reads = set(_SORT_READS.get(sort, ()))
    where = _where(filters, params, reads)
    if after is not None:
        params["after_value"], params["after_id"] = _decode(after, sort, descending)
        where.append(f"({key}, l.id) {'<' if descending else '>'} (:after_value, :after_id)")
    order = "DESC" if descending else "ASC"
    joins = " ".join(_JOINS[alias] for alias in sorted(reads))
    return _PAGE.format(sort=key, joins=joins, where=" AND ".join(where), order=order), params


# A note search in date order reads the period a stretch at a time, from the page's end of
# it, until the page is full: a common word's matches over a year (9,919 notes for a
# 2-character Japanese word at 10M calls) were all looked up and sorted to keep 51. Each
# stretch is twice the one before, so a rare word's year takes six reads (7, 14, 28, 56, 112
# and the rest of the days). Each read still fetches the word's notes of the team from the
# stretch on (the index cannot bound a note's date: a note written long after its call still
# finds it), so more, smaller stretches cost more: 2 days tripling measured worse over 30 days.
# At 10M calls, p95: a year's 2-character search 3.9 s -> 0.35 s, "の" over a year 9.1 s ->
# 0.35 s, "printer" over a year 739 -> 114 ms, a rare term's year 37 -> 156 ms.
FIRST_STRETCH_DAYS = 7
STRETCH_GROWTH = 2


def _stretches(f: CallFilter, descending: bool) -> list[CallFilter]:
    """``f``'s period cut into stretches from its newest day (oldest when ascending)."""
    out: list[CallFilter] = []
    days, span = (f.to_day - f.from_day).days + 1, FIRST_STRETCH_DAYS
    done = 0
    while done < days:
        take = min(span, days - done)
        if descending:
            end = f.to_day - timedelta(days=done)
            out.append(replace(f, from_day=end - timedelta(days=take - 1), to_day=end))
        else:
            start = f.from_day + timedelta(days=done)
            out.append(replace(f, from_day=start, to_day=start + timedelta(days=take - 1)))
        done, span = done + take, span * STRETCH_GROWTH
    return out


def _search_in_stretches(conn: Connection, filters: CallFilter, descending: bool,
                         page_size: int, after: str | None, want: int) -> list[Any]:
    past = _decode(after, Sort.STARTED_AT, descending)[0] if after is not None else None
    if past is not None and past.tzinfo is None:
        raise ValueError(f"not a cursor of the call explorer: {after!r}")
    got: list[Any] = []
    for stretch in _stretches(filters, descending):
        lo, hi = stretch.period()
        if past is not None and (lo > past if descending else hi <= past):
            continue  # wholly before the cursor: the previous pages had it
        statement, params = _statement(stretch, Sort.STARTED_AT, descending, page_size, after,
                                       limit=want - len(got))
        got.extend(_execute(conn, statement, params))
        if len(got) >= want:
            break
    return got


# A common word's page lies among the team's newest calls of the period ("の" is in every
# Japanese note, "印刷" in 3% of a team's calls), and the index path fetches every note of the
# team on its posting list (the index cannot bound a note's date) however few rows the page
# keeps: "印刷" 7,838 heap blocks for a week's stretch at 10M calls. So a search in date order
# for short CJK terms only (1 or 2 characters each: a single character's or one bigram's list,
# the index's longest) walks the period's calls first (_WALK), at most WALK_CALLS of them; the
# index path then reads only what lies past the walk's last call, as the next page would (no
# row read twice, none lost). Longer terms and words are narrower lists: the index path alone.
# A walked call costs ~10-20 us in memory (its row, its notes, row security). The walk goes
# in two steps: FIRST_WALK calls ("の", in a third of the calls, fills a page of 101 there);
# if the page is not full, on to WALK_CALLS in all only when the density seen says the page
# fills within them (a word in 3% of the calls: ~3,400 calls for 101 rows), else the index
# path takes over at once: a rarer short term ("网络", 1.3%) pays the first step only. Either
# step stops at the page's last match, so the second is given the whole rest of the cap.
# Figures: bench/monitoring.py.
FIRST_WALK = 400
WALK_CALLS = 6000
_CJK_RUN = re.compile(
    "^[\u1100-\u11ff\u3005-\u3007\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f]{1,2}$")  # migration 0010's CJK ranges, one or two of them


def _walks(found: tuple[str, ...]) -> bool:
    """Whether a search for these terms walks the calls first: each is one or two CJK
    characters (after NFKC, as caseline.search_text reads them)."""
    return bool(found) and all(_CJK_RUN.match(unicodedata.normalize("NFKC", t)) for t in found)


def _walk_statement(filters: CallFilter, descending: bool, page_size: int, after: str | None,
                    walk: int, limit: int | None = None) -> tuple[str, dict[str, Any]]:
    if not 1 <= page_size <= MAX_PAGE:
        raise ValueError(f"page_size must be 1..{MAX_PAGE}")
    lo, _hi = filters.period()
    params: dict[str, Any] = {"limit": page_size + 1 if limit is None else limit, "walk": walk,
                              "notes_from": lo - NOTE_CLOCK_SLACK}
    reads: set[str] = set()
    where = _where(filters, params, reads, notes=False)
    match = _note_match(params, terms(filters.text))
    match_o = _note_match(params, terms(filters.text), alias="o")
    if after is not None:
        params["after_value"], params["after_id"] = _decode(after, Sort.STARTED_AT, descending)
        where.append(f"(l.started_at, l.id) {'<' if descending else '>'} "
                     "(:after_value, :after_id)")
    order = "DESC" if descending else "ASC"
    joins = " ".join(_JOINS[alias] for alias in sorted(reads))
    return _WALK.format(match=match, match_o=match_o, joins=joins, where=" AND ".join(where),
                        order=order), params


def _walk(conn: Connection, filters: CallFilter, descending: bool, page_size: int,
          after: str | None, walk: int, want: int) -> tuple[list[Any], str | None]:
    """Up to ``want`` rows from a walk of ``walk`` calls after ``after``, and the cursor past
    the walk's last call when the walk ran out first (None: nothing is left to read)."""
    statement, params = _walk_statement(filters, descending, page_size, after, walk, want)
    got = _execute(conn, statement, params)
    found = [r for r in got if r.matched][:want]
    edge = next((r for r in got if r.walked == walk), None)
    if len(found) >= want or edge is None:
        return found, None
    return found, _encode(Sort.STARTED_AT, descending, edge.sort_value, edge.id)


def _walked(conn: Connection, filters: CallFilter, descending: bool, page_size: int,
            after: str | None, want: int) -> tuple[list[Any], str | None]:
    """The walk's rows (up to ``want``) and where the index path takes over (None: done)."""
    first = min(FIRST_WALK, WALK_CALLS)
    got, past = _walk(conn, filters, descending, page_size, after, first, want)
    if past is not None and got and first + (want - len(got)) * first / len(got) <= WALK_CALLS:
        rest, past = _walk(conn, filters, descending, page_size, past, WALK_CALLS - first,
                           want - len(got))
        got += rest
    return got, past


def _read(conn: Connection, filters: CallFilter, sort: Sort, descending: bool, page_size: int,
          after: str | None, want: int) -> list[Any]:
    """The page's rows (up to ``want``) through the index path."""
    days = (filters.to_day - filters.from_day).days + 1
    # Newest first only: oldest first, each stretch would read the word's notes from its start
    # to today again (a note's date has no upper bound), the whole period's worth each time.
    if filters.text.strip() and sort is Sort.STARTED_AT and descending \
            and days > FIRST_STRETCH_DAYS:
        return _search_in_stretches(conn, filters, descending, page_size, after, want)
    statement, params = _statement(filters, sort, descending, page_size, after, limit=want)
    return _execute(conn, statement, params)


def calls(conn: Connection, filters: CallFilter, *, sort: Sort = Sort.STARTED_AT,
          descending: bool = True, page_size: int = 50, after: str | None = None) -> Page:
    """One page of the team's calls in ``sort`` order (ties by id), after ``after`` (the
    previous page's ``Page.after``). Raises ConsoleRefusedError for a role that is no leader."""
    want = page_size + 1
    # A cursor without a time zone is the index path's to judge (a stretched read refuses it).
    naive = sort is Sort.STARTED_AT and after is not None \
        and _decode(after, sort, descending)[0].tzinfo is None
    if sort is Sort.STARTED_AT and WALK_CALLS > 0 and not naive \
            and _walks(terms(filters.text)):
        got, past_walk = _walked(conn, filters, descending, page_size, after, want)
        if past_walk is not None:
            got += _read(conn, filters, sort, descending, page_size, past_walk,
                         want - len(got))
    else:
        got = _read(conn, filters, sort, descending, page_size, after, want)
    rows = tuple(_row(r) for r in got[:page_size])
    last = got[page_size - 1] if len(got) > page_size else None
    return Page(rows, _encode(sort, descending, last.sort_value, last.id) if last else None)


def plan(conn: Connection, filters: CallFilter, *, sort: Sort = Sort.STARTED_AT,
         descending: bool = True, page_size: int = 50, after: str | None = None,
         walk: bool = False) -> str:
    """The database's plan for that page (EXPLAIN), to check which indexes it reads: the index
    path's statement over the whole period, or (``walk``) a search's walk (_WALK)."""
    statement, params = (_walk_statement(filters, descending, page_size, after, FIRST_WALK)
                         if walk else _statement(filters, sort, descending, page_size, after))
    return "\n".join(r[0] for r in _execute(conn, "EXPLAIN " + statement, params))


_NOTES = """
    SELECT n.id, n.body, n.language, n.created_at, coalesce(a.name, n.owner_role) AS author,
           n.call_log_id, n.translation_of
    FROM caseline.notes n LEFT JOIN caseline.agents a ON a.db_role = n.owner_role
    WHERE {which}
    ORDER BY n.created_at, n.id"""


def call_detail(conn: Connection, call_id: uuid.UUID) -> CallDetail | None:
    """One call of the team with its SR, the SR's notes and their translations; None when the
    leader sees no such call. Raises ConsoleRefusedError for a role that is no leader."""
    got = _execute(conn, _SELECT.format(sort="l.started_at") + " AND l.id = :id",
                   {"id": call_id})
    if not got:
        return None
    r = got[0]
    case = None
    if r.case_id is not None:
        found = _execute(conn, "SELECT id, number, title, status, priority, queue, language "
                               "FROM caseline.cases WHERE id = :id", {"id": r.case_id})
        if found:
            s = found[0]
            case = CaseInfo(s.id, s.number, s.title, s.status, s.priority, s.queue, s.language)
    which = ("(n.case_id = :case_id OR n.call_log_id = :id)" if case is not None
             else "n.call_log_id = :id")
    notes = _execute(conn, _NOTES.format(which=which), {"id": call_id, "case_id": r.case_id})
    ids = [n.id for n in notes]
    translated = _execute(conn, _NOTES.format(which="n.translation_of = ANY(:ids)"),
                          {"ids": ids}) if ids else []

    def info(n: Any, translations: tuple[NoteInfo, ...] = ()) -> NoteInfo:
        return NoteInfo(n.id, n.body, n.language, n.created_at, n.author, n.call_log_id,
                        n.call_log_id == call_id, translations)

    originals = [n for n in notes if n.translation_of is None or n.translation_of not in ids]
    return CallDetail(
        call=_row(r), call_note=r.call_note, case=case,
        notes=tuple(info(n, tuple(info(t) for t in translated if t.translation_of == n.id))
                    for n in originals),
        monitoring=monitor.sessions(conn, call_id))
