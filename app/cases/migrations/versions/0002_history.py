"""Call history: when a missed call was seen, and indexes for newest-first pages per filter.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 09:00:00.000000

The history pages with a keyset on (started_at, id), newest first: each filter gets an index
that starts with its column and continues with started_at, so a page is an index walk from
the last row seen, never a sort of the whole table (app.cases.history).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_call_logs_outcome_started', ['outcome', 'started_at']),
    ('ix_call_logs_direction_started', ['direction', 'started_at']),
    ('ix_call_logs_disposition_started', ['disposition_code', 'started_at']),
    ('ix_call_logs_contact_started', ['contact_id', 'started_at']),
    ('ix_call_logs_customer_started', ['customer_id', 'started_at']),
    ('ix_call_logs_display_name', ['display_name']),
    ('ix_call_logs_outcome_seen', ['outcome', 'seen_at']),
]

# Missed calls older than this when the history arrives count as seen: years of them in the
# badge would say nothing; the last day's are still worth a look.
STILL_UNSEEN = timedelta(days=1)


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of a table that may hold a million rows).
    op.add_column('call_logs', sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True))
    for name, columns in INDEXES:
        op.create_index(name, 'call_logs', columns, unique=False)

    cutoff = datetime.now(UTC) - STILL_UNSEEN
    if op.get_bind().dialect.name == 'sqlite':
        cutoff = cutoff.replace(tzinfo=None)  # stored as naive UTC text (models.UtcDateTime)
    calls = sa.table(
        'call_logs', sa.column('outcome', sa.String), sa.column('seen_at', sa.DateTime),
        sa.column('started_at', sa.DateTime), sa.column('ended_at', sa.DateTime),
    )
    op.execute(
        calls.update()
        .where(calls.c.outcome == 'missed', calls.c.seen_at.is_(None),
               calls.c.started_at < sa.bindparam('cutoff', cutoff, type_=sa.DateTime()))
        .values(seen_at=sa.func.coalesce(calls.c.ended_at, calls.c.started_at))
    )


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name='call_logs')
    # SQLite 3.35+ drops a column in place; batch mode would copy the table and trip the
    # foreign keys of notes and agent states that point at call logs.
    op.drop_column('call_logs', 'seen_at')
