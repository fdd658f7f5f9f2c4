# ruff: noqa: E501, S608 - alembic autogenerate's layout; SQL built from constants only
"""The central schema: tables, change numbers, the trails, grants and row-level security.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 14:07:48.398489
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None




def _tables() -> None:
    op.create_table('customers',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('company', sa.String(length=255), nullable=False),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('creator_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('change_no', name=op.f('uq_customers_change_no')),
    sa.UniqueConstraint('code', name=op.f('uq_customers_code')),
    schema='caseline'
    )
    op.create_index(op.f('ix_customers_creator_role'), 'customers', ['creator_role'], unique=False, schema='caseline')
    op.create_table('teams',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name')),
    schema='caseline'
    )
    op.create_table('agents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('sip_identity', sa.String(length=255), nullable=True),
    sa.Column('role', sa.Enum('agent', 'team_leader', name='role', native_enum=False, length=24), nullable=False),
    sa.Column('languages', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('db_role', sa.String(length=63), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['caseline.teams.id'], name=op.f('fk_agents_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agents')),
    sa.UniqueConstraint('db_role', name=op.f('uq_agents_db_role')),
    sa.UniqueConstraint('sip_identity', name=op.f('uq_agents_sip_identity')),
    schema='caseline'
    )
    op.create_index(op.f('ix_agents_team_id'), 'agents', ['team_id'], unique=False, schema='caseline')
    op.create_table('contacts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=True),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('creator_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['caseline.customers.id'], name=op.f('fk_contacts_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('change_no', name=op.f('uq_contacts_change_no')),
    schema='caseline'
    )
    op.create_index(op.f('ix_contacts_creator_role'), 'contacts', ['creator_role'], unique=False, schema='caseline')
    op.create_index(op.f('ix_contacts_customer_id'), 'contacts', ['customer_id'], unique=False, schema='caseline')
    op.create_table('queues',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['caseline.teams.id'], name=op.f('fk_queues_team_id_teams')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_queues')),
    schema='caseline'
    )
    op.create_index(op.f('ix_queues_team_id'), 'queues', ['team_id'], unique=False, schema='caseline')
    op.create_table('cases',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('new', 'open', 'pending-customer', 'escalated', 'resolved', 'closed', name='case_status', native_enum=False, length=24), nullable=False),
    sa.Column('priority', sa.Enum('P1', 'P2', 'P3', 'P4', name='priority', native_enum=False, length=24), nullable=False),
    sa.Column('priority_confirmed', sa.Boolean(), nullable=False),
    sa.Column('priority_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('queue', sa.String(length=64), server_default='', nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('creator_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('written_by', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['caseline.contacts.id'], name=op.f('fk_cases_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['caseline.customers.id'], name=op.f('fk_cases_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('change_no', name=op.f('uq_cases_change_no')),
    sa.UniqueConstraint('number', name=op.f('uq_cases_number')),
    schema='caseline'
    )
    op.create_index('ix_cases_contact_status', 'cases', ['contact_id', 'status'], unique=False, schema='caseline')
    op.create_index(op.f('ix_cases_creator_role'), 'cases', ['creator_role'], unique=False, schema='caseline')
    op.create_index('ix_cases_customer_status', 'cases', ['customer_id', 'status'], unique=False, schema='caseline')
    op.create_index(op.f('ix_cases_owner_id'), 'cases', ['owner_id'], unique=False, schema='caseline')
    op.create_index(op.f('ix_cases_queue'), 'cases', ['queue'], unique=False, schema='caseline')
    op.create_index(op.f('ix_cases_updated_at'), 'cases', ['updated_at'], unique=False, schema='caseline')
    op.create_table('phone_numbers',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('raw', sa.String(length=64), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=True),
    sa.Column('match_key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=24), nullable=False),
    sa.Column('creator_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['caseline.contacts.id'], name=op.f('fk_phone_numbers_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['caseline.customers.id'], name=op.f('fk_phone_numbers_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_numbers')),
    sa.UniqueConstraint('change_no', name=op.f('uq_phone_numbers_change_no')),
    schema='caseline'
    )
    op.create_index(op.f('ix_phone_numbers_contact_id'), 'phone_numbers', ['contact_id'], unique=False, schema='caseline')
    op.create_index(op.f('ix_phone_numbers_creator_role'), 'phone_numbers', ['creator_role'], unique=False, schema='caseline')
    op.create_index(op.f('ix_phone_numbers_customer_id'), 'phone_numbers', ['customer_id'], unique=False, schema='caseline')
    op.create_index(op.f('ix_phone_numbers_match_key'), 'phone_numbers', ['match_key'], unique=False, schema='caseline')
    op.create_table('call_logs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('direction', sa.Enum('inbound', 'outbound', name='direction', native_enum=False, length=24), nullable=False),
    sa.Column('engine_call_id', sa.String(length=64), nullable=False),
    sa.Column('sip_call_id', sa.String(length=255), nullable=False),
    sa.Column('account', sa.String(length=64), nullable=False),
    sa.Column('remote_uri', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=255), nullable=False),
    sa.Column('number_raw', sa.String(length=64), nullable=False),
    sa.Column('number_e164', sa.String(length=20), nullable=True),
    sa.Column('number_key', sa.String(length=40), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_alive_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ring_seconds', sa.Float(), nullable=False),
    sa.Column('talk_seconds', sa.Float(), nullable=False),
    sa.Column('hold_seconds', sa.Float(), nullable=False),
    sa.Column('held_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Enum('answered', 'missed', 'rejected', 'failed', 'transferred', 'interrupted', name='outcome', native_enum=False, length=24), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=False),
    sa.Column('sip_status', sa.Integer(), nullable=False),
    sa.Column('transferred_to', sa.String(length=255), nullable=False),
    sa.Column('disposition_code', sa.String(length=40), nullable=True),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('matched_by', sa.Enum('case-header', 'customer-header', 'number', 'dialled-from-case', 'agent', 'none', name='matched_by', native_enum=False, length=24), nullable=False),
    sa.Column('match_detail', sa.String(length=255), nullable=False),
    sa.Column('owner_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['caseline.cases.id'], name=op.f('fk_call_logs_case_id_cases')),
    sa.ForeignKeyConstraint(['contact_id'], ['caseline.contacts.id'], name=op.f('fk_call_logs_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['caseline.customers.id'], name=op.f('fk_call_logs_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_logs')),
    sa.UniqueConstraint('change_no', name=op.f('uq_call_logs_change_no')),
    schema='caseline'
    )
    op.create_index(op.f('ix_call_logs_agent_id'), 'call_logs', ['agent_id'], unique=False, schema='caseline')
    op.create_index(op.f('ix_call_logs_case_id'), 'call_logs', ['case_id'], unique=False, schema='caseline')
    op.create_index('ix_call_logs_number_started', 'call_logs', ['number_key', 'started_at'], unique=False, schema='caseline')
    op.create_index('ix_call_logs_owner_started', 'call_logs', ['owner_role', 'started_at'], unique=False, schema='caseline')
    op.create_index(op.f('ix_call_logs_started_at'), 'call_logs', ['started_at'], unique=False, schema='caseline')
    op.create_table('case_history',
    sa.Column('id', sa.Uuid(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=24), server_default='lost', nullable=False),
    sa.Column('written_by', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('replaced_by', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['caseline.cases.id'], name=op.f('fk_case_history_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_history')),
    sa.UniqueConstraint('change_no', name=op.f('uq_case_history_change_no')),
    schema='caseline'
    )
    op.create_index(op.f('ix_case_history_case_id'), 'case_history', ['case_id'], unique=False, schema='caseline')
    op.create_table('agent_state_changes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.Enum('available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline', name='agent_status', native_enum=False, length=24), nullable=False),
    sa.Column('previous', sa.Enum('available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline', name='agent_status', native_enum=False, length=24), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('owner_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['call_log_id'], ['caseline.call_logs.id'], name=op.f('fk_agent_state_changes_call_log_id_call_logs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_state_changes')),
    sa.UniqueConstraint('change_no', name=op.f('uq_agent_state_changes_change_no')),
    schema='caseline'
    )
    op.create_index(op.f('ix_agent_state_changes_agent_id'), 'agent_state_changes', ['agent_id'], unique=False, schema='caseline')
    op.create_index(op.f('ix_agent_state_changes_at'), 'agent_state_changes', ['at'], unique=False, schema='caseline')
    op.create_index(op.f('ix_agent_state_changes_owner_role'), 'agent_state_changes', ['owner_role'], unique=False, schema='caseline')
    op.create_table('call_log_history',
    sa.Column('id', sa.Uuid(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('call_log_id', sa.Uuid(), nullable=False),
    sa.Column('old_row', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('changed_by', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['call_log_id'], ['caseline.call_logs.id'], name=op.f('fk_call_log_history_call_log_id_call_logs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_log_history')),
    schema='caseline'
    )
    op.create_index(op.f('ix_call_log_history_call_log_id'), 'call_log_history', ['call_log_id'], unique=False, schema='caseline')
    op.create_table('notes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('translation_of', sa.Uuid(), nullable=True),
    sa.Column('owner_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['call_log_id'], ['caseline.call_logs.id'], name=op.f('fk_notes_call_log_id_call_logs')),
    sa.ForeignKeyConstraint(['case_id'], ['caseline.cases.id'], name=op.f('fk_notes_case_id_cases')),
    sa.ForeignKeyConstraint(['translation_of'], ['caseline.notes.id'], name=op.f('fk_notes_translation_of_notes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes')),
    sa.UniqueConstraint('change_no', name=op.f('uq_notes_change_no')),
    schema='caseline'
    )
    op.create_index(op.f('ix_notes_call_log_id'), 'notes', ['call_log_id'], unique=False, schema='caseline')
    op.create_index(op.f('ix_notes_case_id'), 'notes', ['case_id'], unique=False, schema='caseline')
    op.create_index(op.f('ix_notes_owner_role'), 'notes', ['owner_role'], unique=False, schema='caseline')
    op.create_index(op.f('ix_notes_translation_of'), 'notes', ['translation_of'], unique=False, schema='caseline')
    op.create_table('translation_requests',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('note_id', sa.Uuid(), nullable=True),
    sa.Column('source_language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('target_language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.Uuid(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('translation_id', sa.Uuid(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('owner_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('change_no', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['caseline.cases.id'], name=op.f('fk_translation_requests_case_id_cases')),
    sa.ForeignKeyConstraint(['note_id'], ['caseline.notes.id'], name=op.f('fk_translation_requests_note_id_notes')),
    sa.ForeignKeyConstraint(['translation_id'], ['caseline.notes.id'], name=op.f('fk_translation_requests_translation_id_notes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_translation_requests')),
    sa.UniqueConstraint('change_no', name=op.f('uq_translation_requests_change_no')),
    schema='caseline'
    )
    op.create_index(op.f('ix_translation_requests_case_id'), 'translation_requests', ['case_id'], unique=False, schema='caseline')
    op.create_index('ix_translation_requests_open', 'translation_requests', ['done_at', 'requested_at'], unique=False, schema='caseline')
    op.create_index(op.f('ix_translation_requests_owner_role'), 'translation_requests', ['owner_role'], unique=False, schema='caseline')


# --- Below: what the database enforces by itself. Role and lock constants are repeated here,
# not imported: a migration must keep meaning what it meant when it was written.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
_CHANGE_LOCK = 0x434C4348  # app.central.models.CHANGE_LOCK

# Tables that get a change number, and those whose rows belong to the role that wrote them.
_NUMBERED = ("customers", "contacts", "phone_numbers", "cases", "call_logs", "notes",
             "translation_requests", "agent_state_changes", "case_history")
_OWNED = ("call_logs", "translation_requests", "agent_state_changes")  # + notes (append-only)
_CREATED = ("customers", "contacts", "phone_numbers")  # + cases (their own guard)
_APPEND_ONLY = ("notes", "case_history", "call_log_history")
_FUNCTIONS = ("stamp_change", "guard_row", "guard_case", "record_case_history",
              "record_call_log_update", "refuse")

# The caller's team, the roles of that team, and the queues that team works. Uncorrelated
# subqueries: PostgreSQL evaluates each once per statement, not once per row.
_MY_TEAM = "(SELECT a.team_id FROM caseline.agents a WHERE a.db_role = current_user)"
_TEAM_ROLES = f"(SELECT a.db_role FROM caseline.agents a WHERE a.team_id = {_MY_TEAM})"
_TEAM_QUEUES = f"(SELECT q.name FROM caseline.queues q WHERE q.team_id = {_MY_TEAM})"
# An SR belongs to the team of its queue; one with no queue, or a queue no team works, belongs
# to the team of the agent who created it (a new SR from the pop-up has no queue yet).
_TEAM_CASE = (f"(queue IN {_TEAM_QUEUES} OR (queue NOT IN (SELECT q.name FROM caseline.queues q)"
              f" AND creator_role IN {_TEAM_ROLES}))")
# The policies below test related rows with correlated EXISTS (an index probe per row; the
# planner may still hash when that is cheaper), not `IN (SELECT ...)`, which would read every
# visible SR for each statement however few rows it touches. The subqueries are themselves
# filtered by the policies of the tables they read: "an SR the caller can see" below means
# exactly what the cases policy says.
def _visible_case(table: str) -> str:
    return f"EXISTS (SELECT 1 FROM caseline.cases c WHERE c.id = {table}.case_id)"


# An agent may also write on an SR they took a call on, even once it moved to another team's
# queue: work done offline on it must still arrive.
def _my_call_case(table: str) -> str:
    return ("EXISTS (SELECT 1 FROM caseline.call_logs l WHERE l.case_id = "
            f"{table}.case_id AND l.owner_role = current_user)")


_MINE = "owner_role = current_user"


def _sql() -> list[str]:
    s = [
        # Change numbers. A pull asks for `change_no > cursor ORDER BY change_no` and moves its
        # cursor to the highest number it got. Sequence values are handed out in call order
        # but become visible in commit order: without more, writer A takes 10, writer B takes
        # 11 and commits first, a reader sees 11 and moves its cursor past 10, which appears
        # later and is never pulled. So every writer takes pg_advisory_xact_lock before its
        # first number and holds it to its commit: a writer gets numbers only after the
        # previous writer has committed (PostgreSQL makes a commit visible before it releases
        # the transaction's locks), hence every row a reader cannot see yet has a higher
        # number than every row it can, and `> cursor` never skips a row. Writers of synced
        # rows are serialised from their first write to their commit: keep those transactions
        # short (agents' sessions end an idle open transaction after a minute). No wall clock
        # is involved anywhere, so a client's clock may be off by any amount.
        "CREATE SEQUENCE caseline.change_seq AS bigint",
        f"""
        CREATE FUNCTION caseline.stamp_change() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                NEW.change_no := OLD.change_no;
                IF NEW IS NOT DISTINCT FROM OLD THEN
                    RETURN NEW;  -- the same row again (a retried push): nothing new to pull
                END IF;
            END IF;
            PERFORM pg_advisory_xact_lock({_CHANGE_LOCK});
            NEW.change_no := nextval('caseline.change_seq');
            RETURN NEW;
        END $$""",
        # Ids never change; the column named by the trigger's argument (owner_role or
        # creator_role) keeps its first value whoever updates the row.
        """
        CREATE FUNCTION caseline.guard_row() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog AS $$
        BEGIN
            IF NEW.id IS DISTINCT FROM OLD.id THEN
                RAISE EXCEPTION 'the id of a row in %.% never changes', TG_TABLE_SCHEMA,
                    TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
            END IF;
            NEW := jsonb_populate_record(NEW, jsonb_build_object(
                TG_ARGV[0], to_jsonb(OLD) -> TG_ARGV[0]));
            RETURN NEW;
        END $$""",
        # SRs: the database raises the version on every UPDATE that changes something, so an
        # edit made against an older version fails the sync's `WHERE version = expected`
        # whatever the client sends; written_by is the role of the last changing write.
        # Invoker's rights: current_user is the writer.
        """
        CREATE FUNCTION caseline.guard_case() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                NEW.written_by := current_user;
                RETURN NEW;
            END IF;
            IF NEW.id IS DISTINCT FROM OLD.id THEN
                RAISE EXCEPTION 'the id of an SR never changes'
                    USING ERRCODE = 'restrict_violation';
            END IF;
            NEW.creator_role := OLD.creator_role;
            NEW.version := OLD.version;
            NEW.written_by := OLD.written_by;
            NEW.change_no := OLD.change_no;
            IF NEW IS DISTINCT FROM OLD THEN
                NEW.version := OLD.version + 1;
                NEW.written_by := current_user;
            END IF;
            RETURN NEW;
        END $$""",
        # Every overwritten SR field value is kept, with whose value it was and whose write
        # replaced it. Definer's rights: the history is written whoever updates.
        """
        CREATE FUNCTION caseline.record_case_history() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
            INSERT INTO caseline.case_history (case_id, field, value, kind, written_by,
                                               replaced_by)
            SELECT OLD.id, o.key, o.value #>> '{}', 'overwritten', OLD.written_by,
                   NEW.written_by
            FROM jsonb_each(to_jsonb(OLD)) AS o
            WHERE o.key NOT IN ('id', 'version', 'updated_at', 'change_no', 'written_by',
                                'creator_role')
              AND o.value IS DISTINCT FROM to_jsonb(NEW) -> o.key;
            RETURN NULL;
        END $$""",
        # The UPDATE trail of call logs. Definer's rights, so agents need no grant on the
        # trail; session_user is the role that logged in (current_user is the definer here).
        """
        CREATE FUNCTION caseline.record_call_log_update() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
            INSERT INTO caseline.call_log_history (call_log_id, old_row, changed_by)
            VALUES (OLD.id, to_jsonb(OLD), session_user);
            RETURN NULL;
        END $$""",
        # For everyone, the owner and superusers included (grants alone do not bind them).
        """
        CREATE FUNCTION caseline.refuse() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog AS $$
        BEGIN
            RAISE EXCEPTION '% on %.% is refused: %', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME,
                TG_ARGV[0] USING ERRCODE = 'restrict_violation';
        END $$""",
        # A translation done by a colleague: the request is not theirs to UPDATE, so this
        # marks it done when the caller can see its SR and wrote the translating note.
        # Returns false when it was done already.
        """
        CREATE FUNCTION caseline.complete_translation(request uuid, translation uuid,
                                                      done timestamptz)
        RETURNS boolean
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        DECLARE
            me text := session_user;
            req caseline.translation_requests;
            team uuid;
        BEGIN
            SELECT * INTO req FROM caseline.translation_requests WHERE id = request FOR UPDATE;
            SELECT a.team_id INTO team FROM caseline.agents a WHERE a.db_role = me;
            IF req.id IS NULL OR team IS NULL OR NOT EXISTS (
                SELECT 1 FROM caseline.cases c WHERE c.id = req.case_id AND (
                    c.queue IN (SELECT q.name FROM caseline.queues q WHERE q.team_id = team)
                    OR (c.queue NOT IN (SELECT q.name FROM caseline.queues q)
                        AND c.creator_role IN (SELECT a.db_role FROM caseline.agents a
                                               WHERE a.team_id = team)))) THEN
                RAISE EXCEPTION 'no translation request % visible to %', request, me
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM caseline.notes n WHERE n.id = translation
                           AND n.owner_role = me AND n.case_id = req.case_id
                           AND n.language = req.target_language) THEN
                RAISE EXCEPTION 'note % is not %''s translation on this SR', translation, me
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF req.done_at IS NOT NULL THEN
                RETURN false;
            END IF;
            UPDATE caseline.translation_requests
            SET translation_id = translation, done_at = done WHERE id = request;
            RETURN true;
        END $$""",
        "REVOKE ALL ON FUNCTION caseline.stamp_change(), caseline.record_case_history(), "
        "caseline.record_call_log_update() FROM PUBLIC",
        "REVOKE ALL ON FUNCTION caseline.complete_translation(uuid, uuid, timestamptz) "
        "FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION caseline.complete_translation(uuid, uuid, timestamptz) "
        f"TO {_AGENT}",
    ]
    # BEFORE triggers fire in name order: the guards first, the change number last, so the
    # number is taken only for a row that really changed.
    for table in _NUMBERED:
        s.append(f"CREATE TRIGGER z_change_no BEFORE INSERT OR UPDATE ON caseline.{table} "
                 "FOR EACH ROW EXECUTE FUNCTION caseline.stamp_change()")
    for table in _OWNED:
        s.append(f"CREATE TRIGGER a_guard_row BEFORE UPDATE ON caseline.{table} "
                 "FOR EACH ROW EXECUTE FUNCTION caseline.guard_row('owner_role')")
    for table in _CREATED:
        s.append(f"CREATE TRIGGER a_guard_row BEFORE UPDATE ON caseline.{table} "
                 "FOR EACH ROW EXECUTE FUNCTION caseline.guard_row('creator_role')")
    s += [
        "CREATE TRIGGER a_guard_case BEFORE INSERT OR UPDATE ON caseline.cases "
        "FOR EACH ROW EXECUTE FUNCTION caseline.guard_case()",
        "CREATE TRIGGER history AFTER UPDATE ON caseline.cases FOR EACH ROW "
        "WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION caseline.record_case_history()",
        "CREATE TRIGGER trail AFTER UPDATE ON caseline.call_logs FOR EACH ROW "
        "WHEN (OLD.* IS DISTINCT FROM NEW.*) "
        "EXECUTE FUNCTION caseline.record_call_log_update()",
        "CREATE TRIGGER no_delete BEFORE DELETE ON caseline.call_logs FOR EACH ROW "
        "EXECUTE FUNCTION caseline.refuse('call logs are never deleted')",
        "CREATE TRIGGER no_truncate BEFORE TRUNCATE ON caseline.call_logs FOR EACH STATEMENT "
        "EXECUTE FUNCTION caseline.refuse('call logs are never deleted')",
    ]
    for table in _APPEND_ONLY:
        s += [f"CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON caseline.{table} "
              f"FOR EACH ROW EXECUTE FUNCTION caseline.refuse('{table} are append-only')",
              f"CREATE TRIGGER no_truncate BEFORE TRUNCATE ON caseline.{table} "
              f"FOR EACH STATEMENT EXECUTE FUNCTION caseline.refuse('{table} are append-only')"]

    # Grants: what the policies below then narrow down row by row. No DELETE anywhere.
    s += [
        f"GRANT USAGE ON SCHEMA caseline TO {_AGENT}",
        f"GRANT SELECT ON caseline.teams, caseline.queues, caseline.agents TO {_AGENT}",
        "GRANT SELECT, INSERT, UPDATE ON caseline.customers, caseline.contacts, "
        "caseline.phone_numbers, caseline.cases, caseline.call_logs, "
        f"caseline.translation_requests, caseline.agent_state_changes TO {_AGENT}",
        f"GRANT SELECT, INSERT ON caseline.notes, caseline.case_history TO {_AGENT}",
        f"GRANT SELECT ON caseline.call_log_history TO {_AGENT}",
    ]
    # Row-level security, FORCEd so that it binds the tables' owner as well. Superusers (who
    # run `central init` and own the definer functions above) bypass it by PostgreSQL's design.
    for table in (*_NUMBERED, "call_log_history"):
        s += [f"ALTER TABLE caseline.{table} ENABLE ROW LEVEL SECURITY",
              f"ALTER TABLE caseline.{table} FORCE ROW LEVEL SECURITY"]

    def policy(table: str, name: str, command: str, *, using: str | None = None,
               check: str | None = None, to: str = _AGENT) -> None:
        text = f"CREATE POLICY {name} ON caseline.{table} FOR {command} TO {to}"
        if using is not None:
            text += f" USING ({using})"
        if check is not None:
            text += f" WITH CHECK ({check})"
        s.append(text)

    # SRs of the team, read, opened and edited by it. An SR stays in the team's scope: moving
    # it to another team's queue is the administrator's (PostgreSQL checks an UPDATE's new row
    # against the SELECT policy too, so the team could not even see the result).
    policy("cases", "team_reads", "SELECT", using=_TEAM_CASE)
    policy("cases", "team_creates", "INSERT",
           check=f"creator_role = current_user AND {_TEAM_CASE}")
    policy("cases", "team_edits", "UPDATE", using=_TEAM_CASE, check=_TEAM_CASE)
    # Customers, contacts and numbers: those of the team's SRs, and those the agent created
    # (the new-SR form creates them before the SR).
    customers = ("creator_role = current_user OR EXISTS (SELECT 1 FROM caseline.cases c "
                 "WHERE c.customer_id = customers.id)")
    policy("customers", "team_reads", "SELECT", using=customers)
    policy("customers", "agent_creates", "INSERT", check="creator_role = current_user")
    policy("customers", "team_edits", "UPDATE", using=customers, check="true")
    contacts = ("creator_role = current_user"
                " OR EXISTS (SELECT 1 FROM caseline.cases c WHERE c.contact_id = contacts.id)"
                " OR EXISTS (SELECT 1 FROM caseline.customers u"
                " WHERE u.id = contacts.customer_id)")
    policy("contacts", "team_reads", "SELECT", using=contacts)
    policy("contacts", "agent_creates", "INSERT", check="creator_role = current_user")
    policy("contacts", "team_edits", "UPDATE", using=contacts, check="true")
    numbers = ("creator_role = current_user"
               " OR EXISTS (SELECT 1 FROM caseline.contacts c"
               " WHERE c.id = phone_numbers.contact_id)"
               " OR EXISTS (SELECT 1 FROM caseline.customers u"
               " WHERE u.id = phone_numbers.customer_id)")
    policy("phone_numbers", "team_reads", "SELECT", using=numbers)
    policy("phone_numbers", "agent_creates", "INSERT", check="creator_role = current_user")
    policy("phone_numbers", "team_edits", "UPDATE", using=numbers, check="true")

    # Private rows: the agent's own, and their team leader's to read.
    leader = f"owner_role IN {_TEAM_ROLES}"
    for table in ("call_logs", "agent_state_changes"):
        policy(table, "own_reads", "SELECT", using=_MINE)
        policy(table, "own_inserts", "INSERT", check=_MINE)
        policy(table, "own_updates", "UPDATE", using=_MINE, check=_MINE)
        policy(table, "leader_reads", "SELECT", using=leader, to=_LEADER)
    # Notes and translation requests: readable by the team on its SRs (colleagues must see
    # them); written in one's own name only, on a team SR or one the agent took a call on.
    for table in ("notes", "translation_requests"):
        policy(table, "team_reads", "SELECT", using=f"{_MINE} OR {_visible_case(table)}")
        policy(table, "own_inserts", "INSERT", check=f"{_MINE} AND ({_visible_case(table)} "
                                                     f"OR {_my_call_case(table)})")
        policy(table, "leader_reads", "SELECT", using=leader, to=_LEADER)
    policy("translation_requests", "own_updates", "UPDATE", using=_MINE, check=_MINE)
    # Lost SR values: readable with the SR; an agent adds the values they lost themselves.
    policy("case_history", "team_reads", "SELECT", using=_visible_case("case_history"))
    policy("case_history", "own_inserts", "INSERT",
           check=f"written_by = current_user AND kind = 'lost' AND "
                 f"({_visible_case('case_history')} OR {_my_call_case('case_history')})")
    # The trail of a call log is visible to whoever sees the call log.
    policy("call_log_history", "with_call_log", "SELECT",
           using="EXISTS (SELECT 1 FROM caseline.call_logs l "
                 "WHERE l.id = call_log_history.call_log_id)")
    return s


def upgrade() -> None:
    _tables()
    for statement in _sql():
        op.execute(statement)


def downgrade() -> None:
    # Policies first: they refer to other tables, which could not be dropped under them.
    op.execute("""
        DO $$ DECLARE p record; BEGIN
            FOR p IN SELECT policyname, tablename FROM pg_policies
                     WHERE schemaname = 'caseline' LOOP
                EXECUTE format('DROP POLICY %I ON caseline.%I', p.policyname, p.tablename);
            END LOOP;
        END $$""")
    op.execute("DROP FUNCTION IF EXISTS caseline.complete_translation(uuid, uuid, timestamptz)")
    op.drop_index(op.f('ix_translation_requests_owner_role'), table_name='translation_requests', schema='caseline')
    op.drop_index('ix_translation_requests_open', table_name='translation_requests', schema='caseline')
    op.drop_index(op.f('ix_translation_requests_case_id'), table_name='translation_requests', schema='caseline')
    op.drop_table('translation_requests', schema='caseline')
    op.drop_index(op.f('ix_notes_translation_of'), table_name='notes', schema='caseline')
    op.drop_index(op.f('ix_notes_owner_role'), table_name='notes', schema='caseline')
    op.drop_index(op.f('ix_notes_case_id'), table_name='notes', schema='caseline')
    op.drop_index(op.f('ix_notes_call_log_id'), table_name='notes', schema='caseline')
    op.drop_table('notes', schema='caseline')
    op.drop_index(op.f('ix_call_log_history_call_log_id'), table_name='call_log_history', schema='caseline')
    op.drop_table('call_log_history', schema='caseline')
    op.drop_index(op.f('ix_agent_state_changes_owner_role'), table_name='agent_state_changes', schema='caseline')
    op.drop_index(op.f('ix_agent_state_changes_at'), table_name='agent_state_changes', schema='caseline')
    op.drop_index(op.f('ix_agent_state_changes_agent_id'), table_name='agent_state_changes', schema='caseline')
    op.drop_table('agent_state_changes', schema='caseline')
    op.drop_index(op.f('ix_case_history_case_id'), table_name='case_history', schema='caseline')
    op.drop_table('case_history', schema='caseline')
    op.drop_index(op.f('ix_call_logs_started_at'), table_name='call_logs', schema='caseline')
    op.drop_index('ix_call_logs_owner_started', table_name='call_logs', schema='caseline')
    op.drop_index('ix_call_logs_number_started', table_name='call_logs', schema='caseline')
    op.drop_index(op.f('ix_call_logs_case_id'), table_name='call_logs', schema='caseline')
    op.drop_index(op.f('ix_call_logs_agent_id'), table_name='call_logs', schema='caseline')
    op.drop_table('call_logs', schema='caseline')
    op.drop_index(op.f('ix_phone_numbers_match_key'), table_name='phone_numbers', schema='caseline')
    op.drop_index(op.f('ix_phone_numbers_customer_id'), table_name='phone_numbers', schema='caseline')
    op.drop_index(op.f('ix_phone_numbers_creator_role'), table_name='phone_numbers', schema='caseline')
    op.drop_index(op.f('ix_phone_numbers_contact_id'), table_name='phone_numbers', schema='caseline')
    op.drop_table('phone_numbers', schema='caseline')
    op.drop_index(op.f('ix_cases_updated_at'), table_name='cases', schema='caseline')
    op.drop_index(op.f('ix_cases_queue'), table_name='cases', schema='caseline')
    op.drop_index(op.f('ix_cases_owner_id'), table_name='cases', schema='caseline')
    op.drop_index('ix_cases_customer_status', table_name='cases', schema='caseline')
    op.drop_index(op.f('ix_cases_creator_role'), table_name='cases', schema='caseline')
    op.drop_index('ix_cases_contact_status', table_name='cases', schema='caseline')
    op.drop_table('cases', schema='caseline')
    op.drop_index(op.f('ix_queues_team_id'), table_name='queues', schema='caseline')
    op.drop_table('queues', schema='caseline')
    op.drop_index(op.f('ix_contacts_customer_id'), table_name='contacts', schema='caseline')
    op.drop_index(op.f('ix_contacts_creator_role'), table_name='contacts', schema='caseline')
    op.drop_table('contacts', schema='caseline')
    op.drop_index(op.f('ix_agents_team_id'), table_name='agents', schema='caseline')
    op.drop_table('agents', schema='caseline')
    op.drop_table('teams', schema='caseline')
    op.drop_index(op.f('ix_customers_creator_role'), table_name='customers', schema='caseline')
    op.drop_table('customers', schema='caseline')
    for name in _FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS caseline.{name}()")
    op.execute("DROP SEQUENCE IF EXISTS caseline.change_seq")
    op.execute(f"REVOKE USAGE ON SCHEMA caseline FROM {_AGENT}")
