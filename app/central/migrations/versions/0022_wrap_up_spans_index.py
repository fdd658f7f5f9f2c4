"""The calls' wrap-ups read from an index of the wrap-up spans alone.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 23:30:00.000000

``call_kpis`` (and 0021's ``call_kpis_with_days``) sum each call's wrap-up from the team's
wrap-up spans of the range (0020). ``ix_agent_state_spans_team_at`` holds every state, so a
team's month read 99,620 entries to keep 22,022, and at the benchmark's five weeks of states the
planner scanned the whole table instead (344k rows, ~100 ms of the KPI tab's dearest part).
``ix_agent_state_spans_wrap_ups`` holds the wrap-ups that name a call and nothing else:
``call_kpis_with_days`` on a team's month 0.78 of its time with the index (alternating runs on
bench/monitoring.py's centre). Writes: a state change's span gets this entry only when it is a
call's wrap-up; ``until`` is not in it, so re-linking a span can stay a heap-only update.
"""

from __future__ import annotations

from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

_INDEX = "ix_agent_state_spans_wrap_ups"

# Everything upgrade() runs, in order (to apply to a kept benchmark centre by hand).
UPGRADE = (
    f"CREATE INDEX {_INDEX} ON caseline.agent_state_spans (team_id, at)"
    " WHERE state = 'wrap-up' AND call_log_id IS NOT NULL",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute(f"DROP INDEX caseline.{_INDEX}")
