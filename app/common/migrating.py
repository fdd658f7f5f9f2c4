"""Alembic, loaded only when a schema has to change (~11 MB resident): shared by the local
store (app.cases.store) and the central database (app.central.admin), each with its own
migration folder and history."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from alembic.config import Config


def alembic_config(script_location: Path) -> Config:
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def head_revision(script_location: Path) -> str:
    """The newest migration in ``script_location``."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    assert head is not None
    return head
