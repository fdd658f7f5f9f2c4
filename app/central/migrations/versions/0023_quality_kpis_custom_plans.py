"""``quality_kpis`` plans each call with its own range and team, as the other KPI functions.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 02:10:00.000000

0017 gave ``call_kpis`` and ``state_kpis`` ``plan_cache_mode = force_custom_plan``;
``quality_kpis`` (0012, PL/pgSQL as well) was left on the server's default. After five calls in
a session PL/pgSQL may keep one generic plan, which knows neither the range nor the team: on
bench/monitoring.py's 10M calls the server chose it, and the KPI tab's quality table went from
35 ms to 380 ms from its sixth read on a leader's connection (the tab's p95 from 437 to
684 ms as the console reads it, 840 ms read one part after another). Same results; the
grants as before (ALTER FUNCTION keeps them).
"""

from __future__ import annotations

from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

# As in 0018: the signature repeated, not imported, so this migration keeps its meaning.
_FUNCTION = ("caseline.quality_kpis(timestamptz, timestamptz, text, text, text, "
             "double precision, uuid)")

# Everything upgrade() runs, in order (to apply to a kept benchmark centre by hand).
UPGRADE = (f"ALTER FUNCTION {_FUNCTION} SET plan_cache_mode = force_custom_plan",)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute(f"ALTER FUNCTION {_FUNCTION} RESET plan_cache_mode")
