"""SR escalations: who handed an SR to whom with its call, why and when (issue 20, item 3).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 16:00:00.000000

A new table only. Its rows stay on this PC; what the centre learns of an escalation is the SR's
status (``escalated``) and, at the receiving agent, its new owner, both pushed as SR fields.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_escalations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('from_agent_id', sa.Uuid(), nullable=True),
    sa.Column('to_target', sa.String(length=255), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                            name=op.f('fk_case_escalations_case_id_cases')),
    sa.ForeignKeyConstraint(['from_agent_id'], ['agents.id'],
                            name=op.f('fk_case_escalations_from_agent_id_agents')),
    sa.ForeignKeyConstraint(['call_log_id'], ['call_logs.id'],
                            name=op.f('fk_case_escalations_call_log_id_call_logs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_escalations'))
    )
    op.create_index(op.f('ix_case_escalations_case_id'), 'case_escalations', ['case_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_case_escalations_case_id'), table_name='case_escalations')
    op.drop_table('case_escalations')
