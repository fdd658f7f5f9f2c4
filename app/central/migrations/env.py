"""Alembic environment of the central schema: run from code (app.central.admin), never a CLI.

The caller hands over an open connection in ``config.attributes["connection"]``. The version
table lives inside the ``caseline`` schema, apart from the local store's history.
"""

from __future__ import annotations

from alembic import context

from app.central.models import SCHEMA, CentralBase

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run central migrations through app.central.admin (no connection given)")

context.configure(
    connection=connection,
    target_metadata=CentralBase.metadata,
    version_table="alembic_version",
    version_table_schema=SCHEMA,
    include_schemas=True,
    include_name=lambda name, kind, _parent: kind != "schema" or name == SCHEMA,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
