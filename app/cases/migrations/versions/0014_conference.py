"""Conference legs and translation work on the PC (issue 20, item 4).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 18:30:00.000000

One column on ``call_logs``: ``work``, what the call was for beyond an ordinary one (app.cases
.handoff): "translation" on a translator's legs of a three-way conference (their time is
translation work: the leg's talk time), "translated" on the agent's leg to the translator,
"" otherwise (and on every row from before). Plain ADD COLUMN: a batch copy of the table
would drop its outbox triggers (0006); the sync pushes it like every column both sides have
(central 0016).
"""

from __future__ import annotations

from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE call_logs ADD COLUMN work VARCHAR(16) NOT NULL DEFAULT ''")


def downgrade() -> None:
    op.execute("ALTER TABLE call_logs DROP COLUMN work")
