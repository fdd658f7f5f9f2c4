"""SR numbers from the centre's blocks (issue 17, item 5; central migration 0006).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:30:00.000000

``case_number_blocks``: the blocks of numbers the centre gave this PC, and how far each is
used. A PC with no number left (offline) gives a provisional number, counted in
``case_counters.provisional``; the sync replaces it with one from a block.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_number_blocks',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('first', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.Column('next', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'first', name=op.f('pk_case_number_blocks')),
    )
    op.execute("ALTER TABLE case_counters ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0")


def downgrade() -> None:
    op.execute("ALTER TABLE case_counters DROP COLUMN provisional")
    op.drop_table('case_number_blocks')
