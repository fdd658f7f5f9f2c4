"""SR translation workflow: translation requests, and notes that translate another note.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 12:00:00.000000

notes gets one nullable column by a plain ADD COLUMN: a batch copy of the table would drop its
append-only triggers and rewrite every note.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_LANGUAGE = sa.Enum('ja', 'en', 'zh', name='language', native_enum=False, length=24)


def upgrade() -> None:
    # SQLite takes a REFERENCES clause in ADD COLUMN when the default is NULL.
    op.execute("ALTER TABLE notes ADD COLUMN translation_of CHAR(32) "
               "CONSTRAINT fk_notes_translation_of_notes REFERENCES notes (id)")
    op.create_index(op.f('ix_notes_translation_of'), 'notes', ['translation_of'], unique=False)
    op.create_table('translation_requests',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('note_id', sa.Uuid(), nullable=True),
    sa.Column('source_language', _LANGUAGE, nullable=False),
    sa.Column('target_language', _LANGUAGE, nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.Uuid(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('translation_id', sa.Uuid(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                            name=op.f('fk_translation_requests_case_id_cases')),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'],
                            name=op.f('fk_translation_requests_note_id_notes')),
    sa.ForeignKeyConstraint(['requested_by'], ['agents.id'],
                            name=op.f('fk_translation_requests_requested_by_agents')),
    sa.ForeignKeyConstraint(['translation_id'], ['notes.id'],
                            name=op.f('fk_translation_requests_translation_id_notes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_translation_requests'))
    )
    op.create_index(op.f('ix_translation_requests_case_id'), 'translation_requests',
                    ['case_id'], unique=False)
    op.create_index('ix_translation_requests_open', 'translation_requests',
                    ['done_at', 'requested_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_translation_requests_open', table_name='translation_requests')
    op.drop_index(op.f('ix_translation_requests_case_id'), table_name='translation_requests')
    op.drop_table('translation_requests')
    op.drop_index(op.f('ix_notes_translation_of'), table_name='notes')
    op.drop_column('notes', 'translation_of')
