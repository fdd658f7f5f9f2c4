"""Call quality on the local call log: RTCP figures and an E-model MOS (issue 18, item 5).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:00:00.000000

Four nullable columns on ``call_logs`` (NULL: not measured, e.g. a call never answered, or
rows from before): the worst the call was (app.orchestration.desk, app.telephony.quality):
the lowest MOS of its samples, the highest loss, jitter and round trip. Plain ADD COLUMN: a
batch copy of the table would drop its outbox triggers (0006); the sync pushes them like
every column both sides have.
"""

from __future__ import annotations

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


_COLUMNS = ("mos", "loss_pct", "jitter_ms", "rtt_ms")


def upgrade() -> None:
    for column in _COLUMNS:
        op.execute(f"ALTER TABLE call_logs ADD COLUMN {column} FLOAT")


def downgrade() -> None:
    for column in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE call_logs DROP COLUMN {column}")
