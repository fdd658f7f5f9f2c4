"""The pull's window (central snapshots, not change numbers) and the pulled rows it parks.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 06:00:00.000000

A pull now asks the centre for the rows its previous snapshot did not see (central migration
0004, app.sync.engine): ``sync_window`` keeps that snapshot, the one being read when a pull
takes more than one round, and the agent's central team (an agent moved to another team pulls
everything again). ``sync_cursors`` becomes the position reached in the window being read.
Cursors by change number alone could have skipped rows: they are dropped, so the first pull
after this migration is a full one (rows already here are applied again, which changes
nothing). A central row this PC cannot apply waits in ``sync_pulled_parked`` with its reason.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_window',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('done', sa.Text(), nullable=True),
    sa.Column('target', sa.Text(), nullable=True),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_window')),
    )
    op.create_table('sync_pulled_parked',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_sync_pulled_parked')),
    )
    op.execute("DELETE FROM sync_cursors")
    op.execute("ALTER TABLE sync_cursors ADD COLUMN change_xid INTEGER NOT NULL DEFAULT 0")


def downgrade() -> None:
    op.execute("ALTER TABLE sync_cursors DROP COLUMN change_xid")
    op.execute("DELETE FROM sync_cursors")  # positions in a window mean nothing to 0008
    op.drop_table('sync_pulled_parked')
    op.drop_table('sync_window')
