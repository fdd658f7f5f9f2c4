"""Alembic environment: CaseLine runs migrations from code (app.cases.store), never from a CLI.

The caller hands over an open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from app.cases.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through app.cases.store (no connection given)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
