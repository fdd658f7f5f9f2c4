"""The fallback pull's rhythm (issue 17: a call visible to the leader within a second at 300
PCs). PCs that pulled together, a floor started at once or a centre back from a restart, must
not go on pulling together: 300 pulls in the same second held every push behind them for
seconds (bench/central_scale.py --modes step now)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.sync.worker import SyncWorker

if TYPE_CHECKING:
    from tests.integration.central.agents import Agent


def test_fallback_pulls_are_drawn_apart_within_the_interval(pcs: dict[str, Agent]) -> None:
    interval = 60.0
    workers = [SyncWorker(pcs[role].syncer, pull_interval=interval) for role in ("alice", "bob")]
    gaps = [[w.pull_gap() for _ in range(50)] for w in workers]
    for samples in gaps:
        # Never later than the interval promises; never so soon that pulls double.
        assert all(interval / 2 <= g <= interval for g in samples)
        # Drawn afresh each time: PCs in step drift apart (before: always the interval).
        assert max(samples) - min(samples) > interval / 10
    assert gaps[0] != gaps[1]
