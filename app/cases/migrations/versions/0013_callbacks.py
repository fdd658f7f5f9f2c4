"""Callbacks: calls the agent promised to make (issue 20, item 1; app.cases.callbacks).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 16:00:00.000000

One table, pushed to the centre like call logs (never pulled: the leader reads the team's
overdue callbacks centrally): the outbox triggers of 0006 on insert and update. The due list
walks the open ones by time (``ix_callbacks_open``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_LANGUAGE = sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24)
_PRIORITY = sa.Enum('P1', 'P2', 'P3', 'P4', name='priority', native_enum=False, length=24)
_SOURCE = sa.Enum('sr', 'missed_call', name='callback_source', native_enum=False, length=24)
_OUTCOME = sa.Enum('reached', 'voicemail', 'no_answer', 'rescheduled', name='callback_outcome',
                   native_enum=False, length=24)
_QUIET = "NOT EXISTS (SELECT 1 FROM sync_pause)"  # as in 0006
_ENQUEUE = "INSERT INTO outbox (table_name, row_id) VALUES ('callbacks', NEW.id)"


def upgrade() -> None:
    op.create_table('callbacks',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('number_key', sa.String(length=40), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('language', _LANGUAGE, nullable=True),
    sa.Column('priority', _PRIORITY, nullable=True),
    sa.Column('source', _SOURCE, nullable=False),
    sa.Column('missed_call_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', _OUTCOME, nullable=True),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('rescheduled_from', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_callbacks_agent_id_agents')),
    sa.ForeignKeyConstraint(['call_log_id'], ['call_logs.id'], name=op.f('fk_callbacks_call_log_id_call_logs')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_callbacks_case_id_cases')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_callbacks_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_callbacks_customer_id_customers')),
    sa.ForeignKeyConstraint(['missed_call_id'], ['call_logs.id'], name=op.f('fk_callbacks_missed_call_id_call_logs')),
    sa.ForeignKeyConstraint(['rescheduled_from'], ['callbacks.id'], name=op.f('fk_callbacks_rescheduled_from_callbacks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks'))
    )
    op.create_index(op.f('ix_callbacks_case_id'), 'callbacks', ['case_id'], unique=False)
    op.create_index('ix_callbacks_open', 'callbacks', ['done_at', 'due_at'], unique=False)
    for event in ("insert", "update"):
        op.execute(f"CREATE TRIGGER outbox_callbacks_{event} AFTER {event.upper()} ON callbacks "
                   f"WHEN {_QUIET} BEGIN {_ENQUEUE}; END")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_callbacks_insert")
    op.execute("DROP TRIGGER IF EXISTS outbox_callbacks_update")
    op.drop_index('ix_callbacks_open', table_name='callbacks')
    op.drop_index(op.f('ix_callbacks_case_id'), table_name='callbacks')
    op.drop_table('callbacks')
