"""The session that owns a live call log row: one column on call_logs.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 04:00:00.000000

Two processes may share one store (the desktop and a headless agent); crash recovery closes only
the live rows of a session that is gone (app.cases.owners), never those of one still running.
Rows from before have no owner: they are from a run that has ended. Plain ADD COLUMN: a batch
copy of the table would drop its outbox triggers.
"""

from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE call_logs ADD COLUMN owner_session VARCHAR(32) NOT NULL DEFAULT ''")


def downgrade() -> None:
    op.execute("ALTER TABLE call_logs DROP COLUMN owner_session")
