"""A call's note while it has no SR: two columns on call_logs.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:00:00.000000

A note written in a call that was never given an SR stays with the call (shown in the history,
pushed centrally) until the agent attaches the call to an SR (app.cases.wrapup). Plain ADD
COLUMN: a batch copy of the table would drop its outbox triggers.
"""

from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE call_logs ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE call_logs ADD COLUMN note_language VARCHAR(24)")


def downgrade() -> None:
    op.execute("ALTER TABLE call_logs DROP COLUMN note_language")
    op.execute("ALTER TABLE call_logs DROP COLUMN note")
