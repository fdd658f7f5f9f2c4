"""The Today panel's numbers (app.cases.stats) on a real SQLite store: first-contact resolution
as docs/kpi.md defines it for the team leader (an answered call on an SR with no further
contact on that SR within ``fcr_days``), over what this PC's store holds."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from app.cases.models import Agent, CallLog, Case, Direction, Outcome, new_id
from app.cases.stats import day_summary
from app.cases.store import open_sqlite

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.orm import Session

    from app.cases.store import Store

MIDNIGHT = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "c.db")
    yield opened
    opened.close()


_NUMBERS = itertools.count(900000)


def _sr(session: Session, name: str) -> Case:
    case = Case(number=f"SR-2026-{next(_NUMBERS)}", title=name)
    session.add(case)
    session.flush()
    return case


def _call(session: Session, hour: float, case: Case | None, *,
          direction: Direction = Direction.INBOUND, answered: bool = True,
          disposition: str | None = None, agent: uuid.UUID | None = None) -> None:
    start = MIDNIGHT + timedelta(hours=hour)
    session.add(CallLog(agent_id=agent,
        id=new_id(), direction=direction, engine_call_id="t", started_at=start,
        answered_at=start + timedelta(seconds=5) if answered else None,
        outcome=Outcome.ANSWERED if answered else (
            Outcome.MISSED if direction is Direction.INBOUND else Outcome.FAILED),
        talk_seconds=60.0 if answered else 0.0, case_id=case.id if case else None,
        disposition_code=disposition))


def test_a_call_counts_as_resolved_only_when_no_further_contact_on_its_sr_followed(
        store: Store) -> None:
    with store.session() as s:
        a, b, c, d, e = (_sr(s, n) for n in "abcde")
        _call(s, 9, a, disposition="resolved-on-call")  # A called again at 11: not resolved,
        _call(s, 11, a)  # whatever the agent chose; the call at 11 is (so far)
        _call(s, 9.5, b)  # B: the agent called back and reached them: not resolved
        _call(s, 10, b, direction=Direction.OUTBOUND)
        _call(s, 10.5, c)  # C: a call back that nobody answered is no contact: resolved
        _call(s, 12, c, direction=Direction.OUTBOUND, answered=False)
        _call(s, -5, d)  # D: yesterday's call is not today's; today's is resolved
        _call(s, 8, d)
        _call(s, 9, e)  # E: called again and nobody answered: still a further contact
        _call(s, 10, e, answered=False)
        _call(s, 13, None)  # answered without an SR: outside FCR
        _call(s, 14, None, answered=False)
        s.commit()
        today = day_summary(s, MIDNIGHT)
    assert (today.inbound, today.answered, today.missed, today.outbound) == (9, 7, 2, 2)
    assert (today.on_sr, today.resolved) == (6, 3)  # A at 11, C, D at 8
    assert today.first_contact_resolution == 0.5


def test_a_further_contact_past_fcr_days_leaves_the_call_resolved(store: Store) -> None:
    with store.session() as s:
        a = _sr(s, "a")
        _call(s, 1, a)
        _call(s, 1 + 2 * 24, a)  # two days later
        s.commit()
        assert day_summary(s, MIDNIGHT, fcr_days=1).resolved == 2
        assert day_summary(s, MIDNIGHT, fcr_days=7).resolved == 1


def test_calls_at_the_same_instant_are_no_further_contact_and_the_windows_end_is(
        store: Store) -> None:
    """As the centre's call_kpis: a further contact starts after the call (strictly), at most
    fcr_days after it."""
    with store.session() as s:
        a, b = _sr(s, "a"), _sr(s, "b")
        _call(s, 1, a)  # two lines on one SR answered at once: neither follows the other
        _call(s, 1, a)
        _call(s, 2, b)
        _call(s, 2 + 24, b)  # exactly a day later: within fcr_days=1
        s.commit()
        today = day_summary(s, MIDNIGHT, fcr_days=1)
    assert (today.on_sr, today.resolved) == (4, 3)  # both at 1, b's second; not b's first


def test_one_agents_figure_counts_a_colleagues_later_call_on_the_sr(store: Store) -> None:
    """``agent_id`` picks the calls measured; a further contact is anyone's in the store."""
    with store.session() as s:
        me, colleague = new_id(), new_id()
        s.add_all([Agent(id=me, name="me", sip_identity="me@pbx"),
                   Agent(id=colleague, name="colleague", sip_identity="colleague@pbx")])
        a = _sr(s, "a")
        _call(s, 9, a, agent=me)
        _call(s, 10, a, agent=colleague)
        s.commit()
        mine = day_summary(s, MIDNIGHT, me)
    assert (mine.answered, mine.on_sr, mine.resolved) == (1, 1, 0)


def test_no_answered_call_on_an_sr_shows_no_rate(store: Store) -> None:
    with store.session() as s:
        _call(s, 9, None)
        s.commit()
        assert day_summary(s, MIDNIGHT).first_contact_resolution is None


def test_the_panel_the_console_and_the_settings_default_to_the_same_days() -> None:
    from app.cases.stats import FCR_DAYS  # noqa: PLC0415
    from app.config.settings import ConsoleSettings  # noqa: PLC0415
    from app.console import kpi  # noqa: PLC0415

    assert FCR_DAYS == ConsoleSettings().fcr_days == kpi.FCR_DAYS
