"""Settling an SR conflict: for each field, the agent keeps this PC's value or the central one.

Nothing is lost either way. A local value given up goes to the central SR history as ``lost``
(with the next push); a central value overwritten goes there as ``overwritten`` (the database's
own trigger). The SR is then sent against the central version the agent looked at: if it moved
again meanwhile, the push finds out and asks again.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.cases.models import Agent, Case, Contact, Customer, SyncCaseBase, SyncConflict, utcnow
from app.sync.status import CASE_FIELDS, CaseConflict, FieldConflict
from app.sync.values import as_text, from_text

if TYPE_CHECKING:
    import uuid
    from collections.abc import Mapping

    from sqlalchemy.orm import Session


class ConflictError(ValueError):
    """``code``: no_conflict (settled already, or never was), choice_missing, refused_mine."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def case_conflicts(session: Session) -> list[CaseConflict]:
    """The SRs waiting for the agent's choice, oldest first; ids shown as names."""
    items = session.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
                            .order_by(SyncConflict.detected_at)).all()
    by_case: dict[uuid.UUID, list[SyncConflict]] = {}
    for item in items:
        by_case.setdefault(item.case_id, []).append(item)
    order = {name: i for i, name in enumerate(CASE_FIELDS)}
    result = []
    for case_id, group in by_case.items():
        case = session.get(Case, case_id)
        group.sort(key=lambda c: order.get(c.field, len(order)))
        result.append(CaseConflict(
            case_id=case_id, number=case.number if case else "",
            title=case.title if case else "", theirs_by=group[0].theirs_by,
            detected_at=group[0].detected_at,
            fields=tuple(FieldConflict(c.field, _shown(session, c.field, c.mine),
                                       _shown(session, c.field, c.theirs), c.refused)
                         for c in group)))
    return result


_NAMED = {"customer_id": (Customer, "company"), "contact_id": (Contact, "name"),
          "owner_id": (Agent, "name")}


def _shown(session: Session, name: str, value: str | None) -> str | None:
    """An id as the name people know it by (the id itself when this PC does not know it)."""
    if value is None or name not in _NAMED:
        return value
    model, attribute = _NAMED[name]
    row = session.get(model, from_text(name, value))
    return str(getattr(row, attribute)) if row is not None else value


def resolve(session: Session, case_id: uuid.UUID, choices: Mapping[str, str]) -> Case:
    """Apply the agent's choice (field -> "mine" | "theirs") for every open field of the SR."""
    items = session.scalars(select(SyncConflict).where(
        SyncConflict.case_id == case_id, SyncConflict.resolved_at.is_(None))).all()
    if not items:
        raise ConflictError("no_conflict", str(case_id))
    case = session.get(Case, case_id)
    if case is None:
        raise ConflictError("no_conflict", str(case_id))
    central = json.loads(items[0].central_fields)
    version = items[0].central_version
    base = session.get(SyncCaseBase, case_id)
    old_base = json.loads(base.fields) if base is not None else {}
    now = utcnow()
    chosen = {}
    for item in items:
        choice = choices.get(item.field)
        if choice not in ("mine", "theirs"):
            raise ConflictError("choice_missing", item.field)
        if item.refused and choice == "mine":
            raise ConflictError("refused_mine", item.field)
        chosen[item.field] = choice
    # Fields only the centre changed come along; the agent chose where both did.
    for name, theirs in central.items():
        mine = as_text(getattr(case, name))
        if name in chosen:
            if chosen[name] == "theirs":
                setattr(case, name, from_text(name, theirs))
        elif mine == old_base.get(name, mine) and mine != theirs:
            setattr(case, name, from_text(name, theirs))
    for item in items:
        item.choice = chosen[item.field]
        item.resolved_at = now
    # The central values are now the base: the push sends this PC's against that version.
    if base is None:
        base = SyncCaseBase(case_id=case_id, version=version, fields=items[0].central_fields)
        session.add(base)
    else:
        base.version = version
        base.fields = items[0].central_fields
    case.updated_at = now  # queues the SR (outbox trigger) even when every choice was theirs
    session.flush()
    return case
