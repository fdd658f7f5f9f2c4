"""Fault injection (issue 21): the central PostgreSQL stopped inside a push's transaction, after
its statements ran and before its commit, and started again. test_sync.py stops it between two
batches (test_server_stopped_mid_push_then_started_every_row_exactly_once) and under the
worker (test_the_worker_rides_out_a_server_restart)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest

from app.sync.engine import classify
from app.sync.worker import read_status

if TYPE_CHECKING:
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central


def test_server_stopped_inside_a_batch_then_started_every_row_exactly_once(
        central: Central, pcs: dict[str, Agent]) -> None:
    alice = pcs["alice"]
    alice.syncer.push()
    case_id = alice.new_case(f"Mid-batch {uuid.uuid4().hex[:8]}")
    calls = [alice.add_call(case_id) for _ in range(300)]
    notes = [alice.add_note(case_id, f"call {i}", c) for i, c in enumerate(calls)]

    staged = 0
    original = alice.syncer._send_staged

    def stop_inside_the_transaction(*args: Any) -> None:
        nonlocal staged
        original(*args)
        staged += 1
        if staged == 2:  # the batch's call logs and notes are in, not yet committed
            central.pg.stop("immediate")

    alice.syncer._send_staged = stop_inside_the_transaction  # type: ignore[method-assign, assignment]
    try:
        with pytest.raises(Exception) as failure:
            alice.syncer.push()
        assert classify(failure.value)[0] == "connect_failed"
        assert alice.queued() >= len(calls)  # nothing was taken off the queue
    finally:
        alice.syncer._send_staged = original  # type: ignore[method-assign]
        central.pg.start()
    alice.syncer.push()
    assert alice.queued() == 0
    assert read_status(alice.store).parked == 0  # a dropped connection refused no row
    with central.as_() as conn:
        got = [r[0] for r in conn.execute(
            "SELECT id FROM caseline.call_logs WHERE case_id = %s", (case_id,))]
        got_notes = [r[0] for r in conn.execute(
            "SELECT id FROM caseline.notes WHERE case_id = %s", (case_id,))]
    assert sorted(got) == sorted(calls)  # each once
    assert sorted(got_notes) == sorted(notes)
