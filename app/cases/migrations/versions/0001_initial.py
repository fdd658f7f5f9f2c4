"""Initial schema, the seeded disposition and break-reason lists, append-only notes.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 08:19:38.078480
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('agents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('sip_identity', sa.String(length=255), nullable=False),
    sa.Column('team', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('agent', 'team_leader', name='role', native_enum=False, length=24), nullable=False),
    sa.Column('languages', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agents')),
    sa.UniqueConstraint('sip_identity', name=op.f('uq_agents_sip_identity'))
    )
    op.create_table('break_reasons',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label_en', sa.String(length=255), nullable=False),
    sa.Column('label_ja', sa.String(length=255), nullable=False),
    sa.Column('label_zh', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_break_reasons'))
    )
    op.create_table('case_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_case_counters'))
    )
    op.create_table('customers',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('company', sa.String(length=255), nullable=False),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('code', name=op.f('uq_customers_code'))
    )
    op.create_table('dispositions',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label_en', sa.String(length=255), nullable=False),
    sa.Column('label_ja', sa.String(length=255), nullable=False),
    sa.Column('label_zh', sa.String(length=255), nullable=False),
    sa.Column('resolves', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_dispositions'))
    )
    op.create_table('contacts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=True),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_contacts_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_customer_id'), ['customer_id'], unique=False)

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
    sa.Column('queue', sa.String(length=64), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_cases_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_cases_customer_id_customers')),
    sa.ForeignKeyConstraint(['owner_id'], ['agents.id'], name=op.f('fk_cases_owner_id_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('number', name=op.f('uq_cases_number'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_contact_status', ['contact_id', 'status'], unique=False)
        batch_op.create_index('ix_cases_customer_status', ['customer_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_updated_at'), ['updated_at'], unique=False)

    op.create_table('phone_numbers',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('raw', sa.String(length=64), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=True),
    sa.Column('match_key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_phone_numbers_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_phone_numbers_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_numbers'))
    )
    with op.batch_alter_table('phone_numbers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_numbers_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_numbers_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_numbers_match_key'), ['match_key'], unique=False)

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
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_call_logs_agent_id_agents')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_call_logs_case_id_cases')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_call_logs_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_call_logs_customer_id_customers')),
    sa.ForeignKeyConstraint(['disposition_code'], ['dispositions.code'], name=op.f('fk_call_logs_disposition_code_dispositions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_logs'))
    )
    with op.batch_alter_table('call_logs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_logs_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_logs_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_logs_engine_call_id'), ['engine_call_id'], unique=False)
        batch_op.create_index('ix_call_logs_number_started', ['number_key', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_logs_started_at'), ['started_at'], unique=False)

    op.create_table('agent_state_changes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.Enum('available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline', name='agent_status', native_enum=False, length=24), nullable=False),
    sa.Column('previous', sa.Enum('available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline', name='agent_status', native_enum=False, length=24), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_agent_state_changes_agent_id_agents')),
    sa.ForeignKeyConstraint(['call_log_id'], ['call_logs.id'], name=op.f('fk_agent_state_changes_call_log_id_call_logs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_state_changes'))
    )
    with op.batch_alter_table('agent_state_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_state_changes_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agent_state_changes_at'), ['at'], unique=False)

    op.create_table('note_drafts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['agents.id'], name=op.f('fk_note_drafts_author_id_agents')),
    sa.ForeignKeyConstraint(['call_log_id'], ['call_logs.id'], name=op.f('fk_note_drafts_call_log_id_call_logs')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_note_drafts_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_drafts')),
    sa.UniqueConstraint('key', name=op.f('uq_note_drafts_key'))
    )
    op.create_table('notes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['agents.id'], name=op.f('fk_notes_author_id_agents')),
    sa.ForeignKeyConstraint(['call_log_id'], ['call_logs.id'], name=op.f('fk_notes_call_log_id_call_logs')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_notes_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_case_id'), ['case_id'], unique=False)
    _seed()
    if op.get_bind().dialect.name == "sqlite":
        # Notes are append-only: a correction is a new note, never an edit of history.
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER notes_no_{verb.lower()} BEFORE {verb} ON notes "
                "BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END"
            )


DISPOSITIONS = [
    # code, en, ja, zh, resolves
    ("resolved-on-call", "Resolved on call", "通話中に解決", "通话中解决", True),
    ("info-provided", "Information provided", "情報提供", "已提供信息", True),
    ("follow-up", "Follow-up needed", "要フォローアップ", "需要跟进", False),
    ("callback-scheduled", "Callback scheduled", "折り返し予定", "已安排回电", False),
    ("escalated", "Escalated to engineer", "エンジニアへエスカレーション", "已升级给工程师", False),
    ("transferred", "Transferred", "転送", "已转接", False),
    ("parts-dispatched", "Parts or engineer dispatched", "部品・技術者手配", "已派送部件或工程师", False),
    ("status-update", "Status update given", "状況を報告", "已告知进展", False),
    ("translation", "Translation / language support", "通訳対応", "翻译支持", False),
    ("wrong-number", "Wrong number", "間違い電話", "打错电话", False),
    ("no-answer", "No answer / voicemail", "応答なし・留守電", "无人接听/语音信箱", False),
    ("dropped", "Call dropped", "通話切断", "通话中断", False),
    ("spam", "Spam or sales call", "迷惑・営業電話", "骚扰或推销电话", False),
]

BREAK_REASONS = [
    ("lunch", "Lunch", "昼休憩", "午餐"),
    ("short-break", "Short break", "小休憩", "短暂休息"),
    ("meeting", "Meeting", "会議", "会议"),
    ("training", "Training", "研修", "培训"),
    ("coaching", "Coaching", "コーチング", "辅导"),
    ("admin", "After-call admin", "事務作業", "事务工作"),
    ("technical", "Technical problem", "技術的な問題", "技术问题"),
]


def _seed() -> None:
    dispositions = sa.table(
        "dispositions", sa.column("code", sa.String), sa.column("label_en", sa.String),
        sa.column("label_ja", sa.String), sa.column("label_zh", sa.String),
        sa.column("resolves", sa.Boolean), sa.column("active", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(dispositions, [
        {"code": c, "label_en": en, "label_ja": ja, "label_zh": zh, "resolves": r,
         "active": True, "sort_order": n * 10}
        for n, (c, en, ja, zh, r) in enumerate(DISPOSITIONS)
    ])
    reasons = sa.table(
        "break_reasons", sa.column("code", sa.String), sa.column("label_en", sa.String),
        sa.column("label_ja", sa.String), sa.column("label_zh", sa.String),
        sa.column("active", sa.Boolean), sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(reasons, [
        {"code": c, "label_en": en, "label_ja": ja, "label_zh": zh, "active": True,
         "sort_order": n * 10}
        for n, (c, en, ja, zh) in enumerate(BREAK_REASONS)
    ])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS notes_no_update")
        op.execute("DROP TRIGGER IF EXISTS notes_no_delete")

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_case_id'))

    op.drop_table('notes')
    op.drop_table('note_drafts')
    with op.batch_alter_table('agent_state_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_state_changes_at'))
        batch_op.drop_index(batch_op.f('ix_agent_state_changes_agent_id'))

    op.drop_table('agent_state_changes')
    with op.batch_alter_table('call_logs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_logs_started_at'))
        batch_op.drop_index('ix_call_logs_number_started')
        batch_op.drop_index(batch_op.f('ix_call_logs_engine_call_id'))
        batch_op.drop_index(batch_op.f('ix_call_logs_case_id'))
        batch_op.drop_index(batch_op.f('ix_call_logs_agent_id'))

    op.drop_table('call_logs')
    with op.batch_alter_table('phone_numbers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_numbers_match_key'))
        batch_op.drop_index(batch_op.f('ix_phone_numbers_customer_id'))
        batch_op.drop_index(batch_op.f('ix_phone_numbers_contact_id'))

    op.drop_table('phone_numbers')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_updated_at'))
        batch_op.drop_index(batch_op.f('ix_cases_owner_id'))
        batch_op.drop_index('ix_cases_customer_status')
        batch_op.drop_index('ix_cases_contact_status')

    op.drop_table('cases')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_customer_id'))

    op.drop_table('contacts')
    op.drop_table('dispositions')
    op.drop_table('customers')
    op.drop_table('case_counters')
    op.drop_table('break_reasons')
    op.drop_table('agents')

