"""Call recordings: one row per recorded stretch of a call, pointing at its WAV file.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00.000000

A new table only: call_logs (which may hold a million rows) is not touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('call_recordings',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('call_log_id', sa.Uuid(), nullable=False),
    sa.Column('path', sa.String(length=1024), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['call_log_id'], ['call_logs.id'],
                            name=op.f('fk_call_recordings_call_log_id_call_logs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_recordings'))
    )
    op.create_index(op.f('ix_call_recordings_call_log_id'), 'call_recordings', ['call_log_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_call_recordings_call_log_id'), table_name='call_recordings')
    op.drop_table('call_recordings')
