"""A search in date order walks the team's newest calls first (app.console.explorer: _WALK,
FIRST_WALK, WALK_CALLS) and hands over to the index path below the walk's last call: the same
rows, in the same order, with the same cursors as the index path alone, for common and rare
words, both orders, pages and cursors; and a common word's page is the walk's alone. Every call
here is in the month four months from now: a call-log partition of its own (central init makes
them a year ahead) that no other test writes in, so these rows change no other test's plans."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import event

from app.cases.models import Direction
from app.console import explorer
from app.console.explorer import CallFilter, Page
from tests.integration.central.helpers import call_row, case_row, insert, note_row

if TYPE_CHECKING:
    import uuid

    from sqlalchemy import Connection, Engine

    from tests.integration.central.helpers import Central

_NOW = datetime.now(UTC)
MONTH = date(_NOW.year + (_NOW.month + 3) // 12, (_NOW.month + 3) % 12 + 1, 1)
FEB = CallFilter(from_day=MONTH, to_day=MONTH.replace(day=28))
COMMON = "の"  # in most notes
MEDIUM = "印刷"  # in about one in six
RARE = "署名"  # in three notes, one of them a translation's only
LATE = "交換"  # in a note written 100 days after its call


@dataclass
class World:
    calls: dict[uuid.UUID, str]  # id -> name, every call of this file
    agents: dict[str, uuid.UUID]


def _body(rng: random.Random, k: int) -> str:
    words = ["プリンター", "紙詰まり"]
    if rng.random() < 0.8:
        words.append("の")
    if k % 6 == 0:
        words.append("印刷")
    return "".join(words) + ("。" if rng.random() < 0.5 else " printer")


@pytest.fixture(scope="module")
def world(central: Central) -> World:
    """70 north calls over the month (some at the same instant, some outbound), most with a
    note; translations, a late note, a note from before the period's slack, south notes
    naming north calls and a north note naming a south call."""
    rng = random.Random(2014)
    with central.as_() as conn:
        agents = dict(conn.execute("SELECT db_role, id FROM caseline.agents").fetchall())
    cases: dict[str, uuid.UUID] = {}
    for role, queue in (("alice", "hardware"), ("bob", "billing"), ("carol", "network")):
        with central.as_(role) as conn:
            row = case_row(queue)
            insert(conn, "cases", row)
            cases[role] = row["id"]
    calls: dict[uuid.UUID, str] = {}
    notes: dict[str, uuid.UUID] = {}
    start = datetime(MONTH.year, MONTH.month, 1, 0, 30, tzinfo=UTC)
    at = start
    for k in range(70):
        role = ("alice", "bob")[k % 3 == 0]
        if k % 17 != 5:  # every 17th call starts with the one before it: ties by id
            at += timedelta(minutes=rng.randint(120, 900))
        with central.as_(role) as conn:
            call_id = insert(conn, "call_logs", call_row(
                agent_id=agents[role], started_at=at, outcome="answered",
                direction="outbound" if k % 5 == 0 else "inbound", case_id=cases[role]),
                returning="id")
            calls[call_id] = f"c{k}"
            if k % 4 != 3:  # a quarter have no note
                notes[f"c{k}"] = insert(conn, "notes", note_row(
                    cases[role], _body(rng, k), language="ja", call_log_id=call_id,
                    created_at=at + timedelta(minutes=5)), returning="id")
            if k % 11 == 0:  # a second note on the call
                insert(conn, "notes", note_row(cases[role], "折り返しの電話", language="ja",
                                               call_log_id=call_id,
                                               created_at=at + timedelta(hours=2)))
    by_name = {v: k for k, v in calls.items()}
    with central.as_("alice") as conn:
        # Translations name no call: found through their original's. c4's says RARE, its
        # original does not; c1's original holds nothing searched for here.
        for name, body in (("c4", f"{RARE} firmware"), ("c1", "translation の 印刷")):
            insert(conn, "notes", note_row(cases["alice"], body, language="en",
                                           translation_of=notes[name],
                                           created_at=start + timedelta(days=29)))
        # RARE in two notes of their own; LATE written long after its call.
        for name, body, when in (("c7", f"{RARE}エラー", None), ("c62", f"{RARE}", None),
                                 ("c40", f"トナー{LATE}", timedelta(days=100))):
            at_call = conn.execute("SELECT started_at FROM caseline.call_logs WHERE id = %s",
                                   (by_name[name],)).fetchone()[0]  # type: ignore[index]
            insert(conn, "notes", note_row(cases["alice"], body, language="ja",
                                           call_log_id=by_name[name],
                                           created_at=at_call + (when or timedelta(hours=1))))
        # Written before the period's slack (a PC's clock a week behind): found only from a
        # period that starts early enough.
        insert(conn, "notes", note_row(cases["alice"], f"{RARE} early", language="ja",
                                       call_log_id=by_name["c2"],
                                       created_at=start - timedelta(days=7)))
    with central.as_("carol") as conn:
        south = insert(conn, "call_logs", call_row(
            agent_id=agents["carol"], started_at=start + timedelta(days=3), outcome="answered",
            case_id=cases["carol"]), returning="id")
        calls[south] = "s1"
        # South's notes naming north calls (a north leader reads none of them) and its own.
        for name in ("c3", "c10", "c50"):
            insert(conn, "notes", note_row(cases["carol"], f"{COMMON}{RARE}{MEDIUM}",
                                           language="ja", call_log_id=by_name[name],
                                           created_at=start + timedelta(days=20)))
        insert(conn, "notes", note_row(cases["carol"], f"{COMMON}{RARE}", language="ja",
                                       call_log_id=south, created_at=start + timedelta(days=3)))
    with central.as_("alice") as conn:  # a north note naming the south call
        insert(conn, "notes", note_row(cases["alice"], f"{COMMON}{MEDIUM}", language="ja",
                                       call_log_id=south,
                                       created_at=start + timedelta(days=4)))
    with central.as_() as conn:
        conn.execute("ANALYZE caseline.notes")
    return World(calls, agents)



def _pages(conn: Connection, f: CallFilter, descending: bool, size: int) -> list[Page]:
    out, after = [], None
    while True:
        page = explorer.calls(conn, f, descending=descending, page_size=size, after=after)
        out.append(page)
        if page.after is None or len(out) > 400:
            return out
        after = page.after


def _walk(monkeypatch: pytest.MonkeyPatch, first: int, most: int) -> None:
    monkeypatch.setattr(explorer, "FIRST_WALK", first)
    monkeypatch.setattr(explorer, "WALK_CALLS", most)


PERIODS = {
    "february": FEB,
    "a week": replace(FEB, from_day=MONTH.replace(day=10), to_day=MONTH.replace(day=16)),
    "one day, Tokyo": replace(FEB, from_day=MONTH.replace(day=12), to_day=MONTH.replace(day=12),
                              time_zone="Asia/Tokyo"),
    "from the month before, into the next": replace(
        FEB, from_day=MONTH - timedelta(days=12), to_day=MONTH + timedelta(days=38)),
}
# (first step, at most): the handover after the first step, after the second, none at all,
# and the first step alone when the second would go past the cap.
WALKS = [(1, 1), (2, 9), (3, 40), (5, 7), (1000, 5000)]


@pytest.mark.parametrize("period", list(PERIODS))
@pytest.mark.parametrize("query", [COMMON, MEDIUM, RARE, LATE, f"{COMMON} {MEDIUM}", "印"])
def test_the_walk_pages_as_the_index_path_does(
        world: World, engines: dict[str, Engine], monkeypatch: pytest.MonkeyPatch,
        period: str, query: str) -> None:
    """Every page, cursor and order of the walk (several first steps and caps) equals the index
    path's alone (WALK_CALLS = 0, the code before the walk), for north's and south's leaders,
    with and without other filters. (Against the code before the walk this fails only for
    want of the constants it sets: it checks equality, not new behaviour; the test below does.)"""
    f = replace(PERIODS[period], text=query)
    cases = [("lena", f), ("sam", f), ("lena", replace(f, agent_ids=(world.agents["alice"],))),
             ("lena", replace(f, directions=(Direction.OUTBOUND,)))]
    for role, g in cases:
        with engines[role].connect() as conn:
            for descending in (True, False):
                for size in (1, 4, 25) if query in (RARE, LATE) else (6, 40):
                    _walk(monkeypatch, 0, 0)
                    want = _pages(conn, g, descending, size)
                    for first, most in WALKS:
                        _walk(monkeypatch, first, most)
                        got = _pages(conn, g, descending, size)
                        assert got == want, (role, g, descending, size, first, most)
            conn.rollback()
    # The words are where the fixture put them (the comparisons above are not of empty pages).
    _walk(monkeypatch, 0, 0)
    with engines["lena"].connect() as conn:
        found = {world.calls[r.id] for r in explorer.calls(conn, replace(FEB, text=RARE),
                                                           page_size=500).rows}
        wide = replace(PERIODS["from the month before, into the next"], text=RARE)
        early = {world.calls[r.id] for r in explorer.calls(conn, wide, page_size=500).rows}
    assert found == {"c4", "c7", "c62"}
    assert early == {"c2", "c4", "c7", "c62"}


def test_a_cursor_of_either_path_pages_on_in_the_other(
        world: World, engines: dict[str, Engine], monkeypatch: pytest.MonkeyPatch) -> None:
    f = replace(FEB, text=COMMON)
    with engines["lena"].connect() as conn:
        _walk(monkeypatch, 0, 0)
        old = _pages(conn, f, True, 10)
        _walk(monkeypatch, 3, 20)
        for i, page in enumerate(old[:-1]):
            assert explorer.calls(conn, f, page_size=10, after=page.after) == old[i + 1]


def _statements(eng: Engine) -> tuple[list[tuple[str, Any]], Any]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
               _many: bool) -> None:
        if not statement.startswith("EXPLAIN"):
            seen.append((statement, parameters))

    event.listen(eng, "before_cursor_execute", record)
    return seen, record


def test_a_common_words_page_is_the_walks_alone(
        world: World, engines: dict[str, Engine], monkeypatch: pytest.MonkeyPatch) -> None:
    """One statement, walking the team's calls and their notes by call (ix_notes_call_log_id),
    not the GIN's posting list; a rare word's walk stops at its first step and the index path
    reads on from below the walk's last call."""
    assert world.calls
    eng = engines["lena"]
    seen, record = _statements(eng)
    try:
        with eng.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")  # the indexes, as at 10M calls
            seen.clear()
            page = explorer.calls(conn, replace(FEB, text=COMMON), page_size=10)
            assert len(page.rows) == 10 and page.after is not None
            assert len(seen) == 1, seen
            statement, params = seen[0]
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(
                "EXPLAIN (ANALYZE, COSTS OFF) " + statement, params))
            assert "ix_notes_call_log_id" in plan, plan
            assert "ix_notes_search_tokens" not in plan, plan

            seen.clear()
            monkeypatch.setattr(explorer, "FIRST_WALK", 5)
            rare = explorer.calls(conn, replace(FEB, text=RARE), page_size=10)
            assert {world.calls[r.id] for r in rare.rows} == {"c4", "c7", "c62"}
            # The first step found none in 5 calls: no second step; the index path reads on
            # from the fifth newest call (its cursor), stretch by stretch.
            assert "call_logs l" in seen[0][0] and "LIMIT (SELECT" in seen[0][0]
            assert all("LIMIT (SELECT" not in s for s, _p in seen[1:]), seen
            fifth = sorted(((r.started_at, r.id) for r in _team_calls(conn)), reverse=True)[4]
            assert (seen[1][1]["after_value"], seen[1][1]["after_id"]) == fifth
            conn.rollback()
    finally:
        event.remove(eng, "before_cursor_execute", record)


def _team_calls(conn: Connection) -> list[Any]:
    return list(explorer.calls(conn, FEB, page_size=explorer.MAX_PAGE).rows)
