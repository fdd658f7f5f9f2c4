"""A call's note while it has no SR, as on the PCs (local migration 0007).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE caseline.call_logs ADD COLUMN note text NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE caseline.call_logs ADD COLUMN note_language varchar(24)")


def downgrade() -> None:
    op.execute("ALTER TABLE caseline.call_logs DROP COLUMN note_language")
    op.execute("ALTER TABLE caseline.call_logs DROP COLUMN note")
