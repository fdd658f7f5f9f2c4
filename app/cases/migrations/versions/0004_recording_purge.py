"""Call recordings: when the retention sweep deleted a recording's file.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 12:00:00.000000

A nullable column on call_recordings only: the row (and its call log) outlives the file, so the
history can still say a call was recorded and that the recording has gone by policy.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: no batch copy of the table.
    op.add_column('call_recordings',
                  sa.Column('purged_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place, as 0002 does.
    op.drop_column('call_recordings', 'purged_at')
