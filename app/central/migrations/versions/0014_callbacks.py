# ruff: noqa: E501 - alembic's layout
"""Callbacks at the centre: the leader sees the team's overdue ones (issue 20, item 1).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 16:00:00.000000

- ``caseline.callbacks``: the local table's columns (app.cases.callbacks), pushed by the PC
  (upsert by id, like call logs), never pulled. The database's: ``owner_role`` (the writer,
  ``DEFAULT current_user``), ``team_id`` (the writer's team at insert, 0005's ``stamp_team``)
  and ``received_at`` (the centre's clock at insert, 0007's ``stamp_received``). ``agent_id``
  is checked by 0005's ``check_agent_ref`` (an agent of the writer's team).
- Row security as for call logs (0001, 0005): an agent reads, inserts and updates their own
  rows, and may name only an SR they see; a leader reads the team's (``team_id``); nobody
  deletes. UPDATE is granted per column (0005: no LOCK TABLE), not on the marks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# As in 0005: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
_T = "caseline.callbacks"
_MY_TEAM = "(SELECT a.team_id FROM caseline.agents a WHERE a.db_role = current_user)"
_MINE = "owner_role = current_user"
_CASE = ("(case_id IS NULL OR EXISTS (SELECT 1 FROM caseline.cases c "
         "WHERE c.id = callbacks.case_id))")
_WRITTEN = ("case_id", "contact_id", "customer_id", "number", "number_key", "due_at",
            "agent_id", "reason", "language", "priority", "source", "missed_call_id",
            "created_at", "done_at", "outcome", "call_log_id", "rescheduled_from")

_LANGUAGE = sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24)
_PRIORITY = sa.Enum('P1', 'P2', 'P3', 'P4', name='priority', native_enum=False, length=24)
_SOURCE = sa.Enum('sr', 'missed_call', name='callback_source', native_enum=False, length=24)
_OUTCOME = sa.Enum('reached', 'voicemail', 'no_answer', 'rescheduled', name='callback_outcome',
                   native_enum=False, length=24)


def _security() -> list[str]:
    return [
        f"ALTER TABLE {_T} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {_T} FORCE ROW LEVEL SECURITY",
        # Triggers fire by name: the centre's clock (0007), the guards, the marks (0005).
        f"CREATE TRIGGER a_0_received BEFORE INSERT OR UPDATE ON {_T} "
        "FOR EACH ROW EXECUTE FUNCTION caseline.stamp_received()",
        f"CREATE TRIGGER b_team BEFORE INSERT OR UPDATE ON {_T} "
        "FOR EACH ROW EXECUTE FUNCTION caseline.stamp_team()",
        f"CREATE TRIGGER b_agent_ref BEFORE INSERT OR UPDATE ON {_T} "
        "FOR EACH ROW EXECUTE FUNCTION caseline.check_agent_ref('agent_id', 'team')",
        # An upsert reads the row it conflicts with: the agent sees their own.
        f"CREATE POLICY own_reads ON {_T} FOR SELECT TO {_AGENT} USING ({_MINE})",
        f"CREATE POLICY own_inserts ON {_T} FOR INSERT TO {_AGENT} "
        f"WITH CHECK ({_MINE} AND {_CASE})",
        f"CREATE POLICY own_updates ON {_T} FOR UPDATE TO {_AGENT} USING ({_MINE}) "
        f"WITH CHECK ({_MINE} AND {_CASE})",
        f"CREATE POLICY leader_reads ON {_T} FOR SELECT TO {_LEADER} "
        f"USING (team_id = {_MY_TEAM})",
        f"CREATE POLICY as_oneself ON {_T} AS RESTRICTIVE FOR ALL TO {_AGENT}, {_LEADER} "
        "USING (current_user = session_user) WITH CHECK (current_user = session_user)",
        f"GRANT SELECT, INSERT ON {_T} TO {_AGENT}",
        f"GRANT UPDATE ({', '.join(_WRITTEN)}) ON {_T} TO {_AGENT}",
    ]


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
    sa.Column('owner_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['caseline.cases.id'], name=op.f('fk_callbacks_case_id_cases')),
    sa.ForeignKeyConstraint(['contact_id'], ['caseline.contacts.id'], name=op.f('fk_callbacks_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['caseline.customers.id'], name=op.f('fk_callbacks_customer_id_customers')),
    sa.ForeignKeyConstraint(['team_id'], ['caseline.teams.id'], name=op.f('fk_callbacks_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks')),
    schema='caseline'
    )
    op.create_index(op.f('ix_callbacks_case_id'), 'callbacks', ['case_id'], unique=False, schema='caseline')
    op.create_index('ix_callbacks_open', 'callbacks', ['done_at', 'due_at'], unique=False, schema='caseline')
    op.create_index(op.f('ix_callbacks_owner_role'), 'callbacks', ['owner_role'], unique=False, schema='caseline')
    op.create_index(op.f('ix_callbacks_team_id'), 'callbacks', ['team_id'], unique=False, schema='caseline')
    for statement in _security():
        op.execute(statement)


def downgrade() -> None:
    op.drop_table('callbacks', schema='caseline')
