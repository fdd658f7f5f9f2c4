"""Sync with the central database: the outbox, filled by triggers, and the sync's bookkeeping.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 10:00:00.000000

Every INSERT and UPDATE of a synced table adds an outbox entry in the same transaction, by a
trigger: the guarantee holds for every writer, the ORM, Core statements and later migrations
alike. The triggers stay silent while ``sync_pause`` has a row (the pull writing what came from
the centre). Call logs are queued when they are created and on every change once the call has
ended: a live call's heartbeat (talk seconds, last sign of life every few seconds) would
otherwise send a row, and leave a central trail entry, per beat.

Rows already in the store are queued too (they are the agent's work), unless the store holds
the demo data set: demo SRs and calls must never reach a real central database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Pushed tables, parents first (the order the push sends them in, for foreign keys).
SYNCED = ("customers", "contacts", "phone_numbers", "cases", "call_logs", "notes",
          "translation_requests", "agent_state_changes")
_DEMO_DOMAIN = "%@caseline.test"  # app.cases.demo.SIP_DOMAIN
_QUIET = "NOT EXISTS (SELECT 1 FROM sync_pause)"


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox')),
    sqlite_autoincrement=True,
    )
    op.create_index('ix_outbox_row', 'outbox', ['table_name', 'row_id'], unique=False)
    op.create_table('sync_pause',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_pause')),
    )
    op.create_table('sync_cursors',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('change_no', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', name=op.f('pk_sync_cursors')),
    )
    op.create_table('sync_case_base',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sync_case_base_case_id_cases')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_sync_case_base')),
    )
    op.create_table('sync_conflicts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('mine', sa.Text(), nullable=True),
    sa.Column('theirs', sa.Text(), nullable=True),
    sa.Column('refused', sa.Boolean(), nullable=False),
    sa.Column('central_version', sa.Integer(), nullable=False),
    sa.Column('central_fields', sa.Text(), nullable=False),
    sa.Column('theirs_by', sa.String(length=255), nullable=False),
    sa.Column('detected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('choice', sa.String(length=8), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('history_pushed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sync_conflicts_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts')),
    )
    op.create_index('ix_sync_conflicts_open', 'sync_conflicts', ['case_id', 'resolved_at'],
                    unique=False)
    op.create_table('sync_parked',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_sync_parked')),
    )
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_success', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=40), nullable=False),
    sa.Column('last_error_detail', sa.Text(), nullable=False),
    sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state')),
    )
    for table in SYNCED:
        enqueue = f"INSERT INTO outbox (table_name, row_id) VALUES ('{table}', NEW.id)"  # noqa: S608
        op.execute(f"CREATE TRIGGER outbox_{table}_insert AFTER INSERT ON {table} "
                   f"WHEN {_QUIET} BEGIN {enqueue}; END")
        if table == "notes":
            continue  # append-only: never updated
        when = _QUIET
        if table == "call_logs":
            when += " AND NEW.outcome IS NOT NULL"
        op.execute(f"CREATE TRIGGER outbox_{table}_update AFTER UPDATE ON {table} "
                   f"WHEN {when} BEGIN {enqueue}; END")
    demo = op.get_bind().execute(sa.text(
        "SELECT 1 FROM agents WHERE sip_identity LIKE :domain LIMIT 1"),
        {"domain": _DEMO_DOMAIN}).first()
    if demo is None:
        for table in SYNCED:
            op.execute(f"INSERT INTO outbox (table_name, row_id) SELECT '{table}', id "  # noqa: S608 - constants
                       f"FROM {table}")


def downgrade() -> None:
    for table in SYNCED:
        op.execute(f"DROP TRIGGER IF EXISTS outbox_{table}_insert")
        op.execute(f"DROP TRIGGER IF EXISTS outbox_{table}_update")
    for table in ("sync_state", "sync_parked", "sync_conflicts", "sync_case_base",
                  "sync_cursors", "sync_pause"):
        if table == "sync_conflicts":
            op.drop_index('ix_sync_conflicts_open', table_name=table)
        op.drop_table(table)
    op.drop_index('ix_outbox_row', table_name='outbox')
    op.drop_table('outbox')
