"""Crash recovery with two processes on one store (the desktop and a headless agent): a Desk that
starts closes the live rows of a process that died, never those of one still running."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from app.cases.models import CallLog, Outcome
from app.cases.store import open_sqlite
from app.orchestration.desk import CallLogged
from app.telephony.events import CallState
from tests.desk_harness import Harness
from tests.support import wait_until

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cases.db"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    store = open_sqlite(path)
    yield store
    store.close()


def _live_call(h: Harness, call_id: str) -> CallLogged:
    h.call(call_id, CallState.INCOMING)
    h.call(call_id, CallState.ACTIVE)
    logged: CallLogged = h.wait(lambda e: isinstance(e, CallLogged) and e.call_id == call_id,
                                "logged")
    return logged


def _started(h: Harness) -> None:
    """The Desk's first job (recovery) has run: its agent id is known on the pumping side."""
    def done() -> bool:
        h.desk.pump()
        return h.desk.agent_id is not None and not h.desk.busy()

    wait_until(done, "the Desk's start-up")


def _outcome(store: Store, log_id: object) -> Outcome | None:
    with store.session() as session:
        row = session.get(CallLog, log_id)
        assert row is not None
        return row.outcome


def test_a_second_desk_leaves_a_running_desks_live_call_alone(store: Store, path: Path) -> None:
    first = Harness(store, "sato@caseline.test")
    logged = _live_call(first, "c1")
    other = open_sqlite(path)  # the headless agent: another connection, another Desk
    try:
        second = Harness(other, "agent@caseline.test")
        _started(second)
        assert _outcome(store, logged.log_id) is None  # still live: its owner runs
        assert not [e for e in second.events if isinstance(e, CallLogged)]
        second.desk.close()
        # ... and it ends normally, as answered.
        first.call("c1", CallState.ENDED)
        first.wait(lambda e: isinstance(e, CallLogged) and e.outcome != "", "the end")
        assert _outcome(store, logged.log_id) is Outcome.ANSWERED
    finally:
        first.desk.close()
        other.close()


def test_the_rows_of_a_desk_that_died_are_closed_as_interrupted(store: Store,
                                                               path: Path) -> None:
    running = Harness(store, "sato@caseline.test")
    alive = _live_call(running, "c1")
    dying = Harness(store, "agent@caseline.test")
    dead = _live_call(dying, "c2")
    dying.crash()
    other = open_sqlite(path)
    try:
        restarted = Harness(other, "agent@caseline.test")
        closed = restarted.wait(lambda e: isinstance(e, CallLogged), "interrupted")
        assert (closed.log_id, closed.outcome) == (dead.log_id, "interrupted")
        _started(restarted)
        assert _outcome(store, dead.log_id) is Outcome.INTERRUPTED
        assert _outcome(store, alive.log_id) is None
        restarted.desk.close()
    finally:
        running.desk.close()
        other.close()
    with store.session() as session:
        owners = {r.engine_call_id: r.owner_session for r in session.scalars(select(CallLog))}
    assert owners["c1"] and owners["c2"] and owners["c1"] != owners["c2"]
