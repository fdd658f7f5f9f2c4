"""SR numbers on the PC (app.cases.service.allocate_number) on a real SQLite store: a PC that
counted its own numbers standalone and then joins a centre whose blocks start at 1."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.cases.models import Case
from app.cases.service import add_number_block, allocate_number, numbers_left
from app.cases.store import open_sqlite

if TYPE_CHECKING:
    from pathlib import Path

WHEN = datetime(2026, 5, 1, tzinfo=UTC)


def _new_case(session, title: str) -> str:  # type: ignore[no-untyped-def]
    case = Case(title=title, queue="hardware", number=allocate_number(session, WHEN))
    session.add(case)
    session.flush()
    return case.number


def test_a_block_skips_the_numbers_the_pc_counted_before_it(tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "pc.db")
    try:
        with store.session() as s:
            standalone = [_new_case(s, f"Before sync {i}") for i in range(3)]
        assert standalone == ["SR-2026-000001", "SR-2026-000002", "SR-2026-000003"]
        with store.session() as s:  # the first sync: the centre's first block
            add_number_block(s, 2026, 1, 50)
        with store.session() as s:
            # Was: SR-2026-000001 again, and the new SR failed the store's unique number.
            after = [_new_case(s, f"After sync {i}") for i in range(2)]
        assert after == ["SR-2026-000004", "SR-2026-000005"]
        with store.session() as s:
            numbers = s.scalars(select(Case.number)).all()
            assert len(numbers) == len(set(numbers)) == 5
            assert numbers_left(s, 2026) == 45
    finally:
        store.close()
