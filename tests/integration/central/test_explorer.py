"""The call explorer and note search (issue 18, item 2) against the real centre, as the
leaders' and agents' own roles. Every call here starts in March 2011, a period no other test
writes in; notes are found through those calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import psycopg
import pytest

from app.cases.models import Direction, Language, Outcome, new_id
from app.cases.numbers import normalize
from app.console import explorer
from app.console.explorer import CallFilter, ConsoleRefusedError, Sort
from tests.integration.central.helpers import call_row, case_row, customer_row, insert, note_row

if TYPE_CHECKING:
    import uuid

    from sqlalchemy import Engine

    from tests.integration.central.helpers import Central


@dataclass
class World:
    calls: dict[str, uuid.UUID]  # c1..c5 north, s1 south
    cases: dict[str, tuple[uuid.UUID, str]]  # id, number
    notes: dict[str, uuid.UUID]
    agents: dict[str, uuid.UUID]  # central agent ids by role
    talk: dict[str, float]


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2011, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def world(central: Central) -> World:
    pc_ids = {role: new_id() for role in ("alice", "bob", "carol")}
    calls: dict[str, uuid.UUID] = {}
    cases: dict[str, tuple[uuid.UUID, str]] = {}
    notes: dict[str, uuid.UUID] = {}
    talk = {"c1": 60.0, "c2": 0.0, "c3": 60.0, "c4": 30.0, "c5": 0.0, "s1": 90.0}
    tokyo = normalize("03-1234-5678").match_key
    new_york = normalize("+1 646-555-0122").match_key

    def call(role: str, name: str, case: str | None, **extra: object) -> None:
        with central.as_(role) as conn:
            calls[name] = insert(conn, "call_logs", call_row(
                agent_id=pc_ids[role], talk_seconds=talk[name],
                case_id=cases[case][0] if case else None, **extra), returning="id")

    def note(role: str, name: str, case: str, body: str, language: str,
             call_name: str | None, **extra: object) -> None:
        with central.as_(role) as conn:
            notes[name] = insert(conn, "notes", note_row(
                cases[case][0], body, language=language, author_id=pc_ids[role],
                call_log_id=calls[call_name] if call_name else None, **extra), returning="id")

    with central.as_("alice") as conn:
        row = case_row("hardware")
        insert(conn, "cases", row)
        cases["A"] = (row["id"], row["number"])
    with central.as_("bob") as conn:
        customer = customer_row(language="zh")
        insert(conn, "customers", customer)
        row = case_row("billing", customer_id=customer["id"])
        insert(conn, "cases", row)
        cases["B"] = (row["id"], row["number"])
    with central.as_("carol") as conn:
        row = case_row("network")
        insert(conn, "cases", row)
        cases["S"] = (row["id"], row["number"])

    call("alice", "c1", "A", started_at=_at(10, 1), outcome="answered",
         disposition_code="resolved", number_raw="03-1234-5678", number_key=tokyo)
    call("bob", "c2", "B", started_at=_at(10, 2), direction="outbound", outcome="missed",
         number_raw="+1 646-555-0122", number_key=new_york, customer_id=customer["id"])
    call("alice", "c3", "A", started_at=_at(11, 3), outcome="answered")
    call("bob", "c4", None, started_at=_at(11, 4), outcome="answered")
    # 00:30 on the 12th in Tokyo, the 11th in UTC.
    call("alice", "c5", "A", started_at=_at(11, 15, 30), outcome="answered")
    call("carol", "s1", "S", started_at=_at(10, 5), outcome="answered")

    note("alice", "ja", "A", "プリンターの紙が詰まりました。印刷できません。", "ja", "c1")
    note("bob", "zh", "B", "打印机无法连接网络", "zh", "c2")
    note("alice", "en", "A", "Paper JAM in tray 2; customer will call back", "en", "c3")
    # Two characters apart: no bigram 机网 across the space.
    note("alice", "apart", "A", "机 网", "zh", "c5")
    # A translation names no call: it is found through its original's.
    # A note of the SR on no call: in the SR's notes, found through no call.
    note("alice", "ja_en", "A", "The printer paper jammed, cannot print", "en", None)
    note("carol", "south", "S", "网 打印 紙 印刷 paper", "zh", "s1")
    # The English translation of the Japanese note: it names the note, not the call.
    with central.as_("alice") as conn:
        notes["ja_en2"] = insert(conn, "notes", note_row(
            cases["A"][0], "Printer paper jammed again", language="en",
            author_id=pc_ids["alice"], translation_of=notes["ja"]), returning="id")
    with central.as_() as conn:
        agents = dict(conn.execute("SELECT db_role, id FROM caseline.agents "
                                   "WHERE db_role IN ('alice', 'bob', 'carol')").fetchall())
    return World(calls, cases, notes, agents, talk)



MARCH = CallFilter(from_day=date(2011, 3, 9), to_day=date(2011, 3, 13))


def _names(world: World, eng: Engine, f: CallFilter) -> set[str]:
    by_id = {v: k for k, v in world.calls.items()}
    with eng.connect() as conn:
        page = explorer.calls(conn, f, page_size=500)
    assert page.after is None
    return {by_id.get(r.id, f"foreign {r.id}") for r in page.rows}


def _with(**changes: object) -> CallFilter:
    fields = {name: getattr(MARCH, name) for name in MARCH.__dataclass_fields__}
    fields.update(changes)
    return CallFilter(**fields)


@pytest.mark.parametrize(("query", "expected"), [
    ("紙", {"c1"}),  # one Japanese character
    ("印刷", {"c1"}),  # two
    ("打印", {"c2"}),  # two Chinese
    ("网", {"c2", "c5"}),  # one Chinese
    ("网络", {"c2"}),
    ("紙が詰まり", {"c1"}),  # a longer phrase, checked whole
    ("印刷機", set()),  # its bigrams are not all there
    ("机网", set()),  # 机 and 网 are there apart, never side by side
    ("paper", {"c3", "c1"}),  # c1 through its English translation
    ("PAPER", {"c3", "c1"}),
    ("Ｐａｐｅｒ", {"c3", "c1"}),  # full-width letters
    ("pap", set()),  # words are whole
    ('"paper jam"', {"c3"}),
    ('"jam paper"', set()),
    ("jam 紙", set()),  # every term, in one note
    ("jammed printer", {"c1"}),
    ("!!!", set()),
])
def test_note_search_finds_the_calls_whose_notes_hold_every_term(
        world: World, engines: dict[str, Engine], query: str, expected: set[str]) -> None:
    assert _names(world, engines["lena"], _with(text=query)) == expected


def test_a_leader_of_north_sees_no_south_call_and_sam_no_north_call(
        world: World, engines: dict[str, Engine]) -> None:
    assert _names(world, engines["lena"], MARCH) == {"c1", "c2", "c3", "c4", "c5"}
    assert _names(world, engines["sam"], MARCH) == {"s1"}
    assert _names(world, engines["sam"], _with(text="紙")) == {"s1"}
    assert _names(world, engines["sam"], _with(text="打印")) == {"s1"}
    with engines["lena"].connect() as conn:
        assert explorer.call_detail(conn, world.calls["s1"]) is None
    with engines["sam"].connect() as conn:
        assert explorer.call_detail(conn, world.calls["c1"]) is None


@pytest.mark.parametrize(("changes", "expected"), [
    ({"directions": (Direction.OUTBOUND,)}, {"c2"}),
    ({"directions": (Direction.INBOUND,)}, {"c1", "c3", "c4", "c5"}),
    ({"outcomes": (Outcome.MISSED,)}, {"c2"}),
    ({"dispositions": ("resolved",)}, {"c1"}),
    ({"caller_languages": (Language.ZH,)}, {"c2"}),
    ({"queues": ("billing",)}, {"c2"}),
    ({"queues": ("hardware",)}, {"c1", "c3", "c5"}),
    ({"number": "+81 3-1234-5678"}, {"c1"}),
    ({"number": "０３（１２３４）５６７８"}, {"c1"}),
    ({"number": "(646) 555-0122", "region": "US"}, {"c2"}),
    ({"from_day": date(2011, 3, 12), "to_day": date(2011, 3, 12),
      "time_zone": "Asia/Tokyo"}, {"c5"}),
    ({"from_day": date(2011, 3, 11), "to_day": date(2011, 3, 11)}, {"c3", "c4", "c5"}),
    ({"from_day": date(2011, 3, 11), "to_day": date(2011, 3, 11),
      "time_zone": "Asia/Tokyo"}, {"c3", "c4"}),
])
def test_each_filter_returns_exactly_its_calls(world: World, engines: dict[str, Engine],
                                               changes: dict[str, object],
                                               expected: set[str]) -> None:
    assert _names(world, engines["lena"], _with(**changes)) == expected


def test_agent_and_sr_filters(world: World, engines: dict[str, Engine]) -> None:
    lena = engines["lena"]
    assert _names(world, lena, _with(agent_ids=(world.agents["alice"],))) == {"c1", "c3", "c5"}
    assert _names(world, lena, _with(agent_ids=(world.agents["bob"],))) == {"c2", "c4"}
    assert _names(world, lena, _with(case=world.cases["B"][1])) == {"c2"}
    assert _names(world, lena, _with(case=str(world.cases["A"][0]))) == {"c1", "c3", "c5"}
    # South's SR: not visible, so no call of it.
    assert _names(world, lena, _with(case=world.cases["S"][1])) == set()


@pytest.mark.parametrize(("sort", "descending", "size"), [
    (Sort.TALK_SECONDS, True, 2), (Sort.STARTED_AT, False, 2), (Sort.AGENT, False, 1),
    (Sort.OUTCOME, True, 3)])
def test_keyset_pages_cover_every_call_once_in_order(
        world: World, engines: dict[str, Engine], sort: Sort, descending: bool,
        size: int) -> None:
    seen: list[explorer.CallRow] = []
    after = None
    with engines["lena"].connect() as conn:
        while True:
            page = explorer.calls(conn, MARCH, sort=sort, descending=descending,
                                  page_size=size, after=after)
            assert len(page.rows) <= size
            seen += page.rows
            if page.after is None:
                break
            after = page.after
    assert sorted(r.id for r in seen) == sorted(world.calls[n] for n in
                                                ("c1", "c2", "c3", "c4", "c5"))

    def key(r: explorer.CallRow) -> tuple[object, uuid.UUID]:
        value = {Sort.TALK_SECONDS: r.talk_seconds, Sort.STARTED_AT: r.started_at,
                 Sort.AGENT: r.agent_name, Sort.OUTCOME: r.outcome or ""}[sort]
        return value, r.id
    assert seen == sorted(seen, key=key, reverse=descending)


def test_a_cursor_of_another_sort_is_refused(world: World, engines: dict[str, Engine]) -> None:
    with engines["lena"].connect() as conn:
        page = explorer.calls(conn, MARCH, page_size=1)
        assert page.after is not None
        with pytest.raises(ValueError, match="another sort"):
            explorer.calls(conn, MARCH, sort=Sort.AGENT, page_size=1, after=page.after)


def test_a_call_opens_with_its_sr_notes_and_translations(
        world: World, engines: dict[str, Engine]) -> None:
    with engines["lena"].connect() as conn:
        detail = explorer.call_detail(conn, world.calls["c1"])
    assert detail is not None
    assert detail.case is not None and detail.case.number == world.cases["A"][1]
    assert detail.recording is None  # recordings stay on the agent's PC
    by_id = {n.id: n for n in detail.notes}
    assert set(by_id) == {world.notes[n] for n in ("ja", "en", "apart", "ja_en")}
    assert [t.id for t in by_id[world.notes["ja"]].translations] == [world.notes["ja_en2"]]
    assert by_id[world.notes["ja"]].on_this_call
    assert not by_id[world.notes["en"]].on_this_call
    assert by_id[world.notes["ja"]].author == "Alice Abe"


def test_an_agent_is_refused_the_console_by_the_database(
        world: World, engines: dict[str, Engine], central: Central) -> None:
    with engines["alice"].connect() as conn, pytest.raises(ConsoleRefusedError) as refused:
        explorer.calls(conn, MARCH)
    assert isinstance(refused.value.__cause__.orig,  # type: ignore[union-attr]
                      psycopg.errors.InsufficientPrivilege)
    with engines["alice"].connect() as conn, pytest.raises(ConsoleRefusedError):
        explorer.call_detail(conn, world.calls["c1"])
    with central.as_("alice") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT caseline.console_team()")


def test_a_search_reads_the_gin_index(world: World, central: Central,
                                      engines: dict[str, Engine]) -> None:
    with central.as_() as conn:
        # Filler on an SR of this file's own: a table of a few rows is read whole.
        conn.execute(
            "INSERT INTO caseline.notes (id, case_id, body, language, created_at) "
            "SELECT gen_random_uuid(), %s, 'filler note ' || i || ' 在庫 確認', 'ja', now() "
            "FROM generate_series(1, 2000) i", (world.cases["A"][0],))
        conn.execute("ANALYZE caseline.notes")
    with central.as_("lena") as conn:
        # At this size a sequential scan may still cost less; off, the plan shows the index
        # serves the query (at 5,000,000 notes the planner picks it by cost).
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN SELECT n.id FROM caseline.notes n "
            "WHERE n.search_tokens OPERATOR(caseline.@>) caseline.search_query_tokens(%s) "
            "AND strpos(caseline.search_text(n.body), caseline.search_text(%s)) > 0",
            ("印刷", "印刷")))
    assert "Bitmap Index Scan on ix_notes_search_tokens" in plan, plan
    # The explorer's own query, note search included.
    with engines["lena"].connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        whole = explorer.plan(conn, _with(text="印刷 paper"))
    assert "Bitmap Index Scan on ix_notes_search_tokens" in whole, whole
