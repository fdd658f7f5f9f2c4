"""SR field values as text: the form they are compared in, kept as a merge base, and shown in;
and the three-way merge that tells an edit made here from one made centrally."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from app.cases import models as local
from app.sync.status import CASE_FIELDS

if TYPE_CHECKING:
    from collections.abc import Callable


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def from_text(name: str, value: str | None) -> Any:
    """An SR field's text back as the value the local model holds."""
    if value is None:
        return None
    kinds: dict[str, Callable[[str], Any]] = {
        "status": local.CaseStatus, "priority": local.Priority, "language": local.Language,
        "priority_confirmed": lambda v: v == "true", "customer_id": uuid.UUID,
        "contact_id": uuid.UUID, "owner_id": uuid.UUID}
    return kinds.get(name, str)(value)


def case_texts(row: Any) -> dict[str, str | None]:
    get = row.get if isinstance(row, dict) else row._mapping.get
    return {name: as_text(get(name)) for name in CASE_FIELDS}


def merge(base: dict[str, str | None], mine: dict[str, str | None],
          theirs: dict[str, str | None]) -> tuple[dict[str, str], list[str]]:
    """Per field: which side's value wins, and the fields changed on both sides differently."""
    chosen: dict[str, str] = {}
    clashes: list[str] = []
    for name in CASE_FIELDS:
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        if m in (t, b):
            chosen[name] = "theirs"
        elif t == b:
            chosen[name] = "mine"
        else:
            clashes.append(name)
    return chosen, clashes
