"""An agent's PC for the sync tests: a local store and its Syncer, signed in as a central role."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.cases import models as m
from app.cases.service import allocate_number
from app.cases.store import open_sqlite
from app.central.db import engine as central_engine
from app.sync.engine import Syncer
from app.sync.worker import read_status

if TYPE_CHECKING:
    import uuid
    from pathlib import Path

    from app.cases.store import Store
    from tests.integration.central.helpers import Central


class Agent:
    """One agent's PC: a local store and its syncer, signed in as a central role."""

    def __init__(self, central: Central, role: str, path: Path) -> None:
        self.role = role
        self.store: Store = open_sqlite(path / f"{role}.db")
        self.engine = central_engine(central.url(role), connect_args={"connect_timeout": 3})
        self.syncer = Syncer(self.store, self.engine, batch=200)
        with self.store.session() as s:
            me = m.Agent(name=role.title(), sip_identity=f"{role}@pbx.example")
            s.add(me)
            s.flush()
            self.id = me.id

    def close(self) -> None:
        self.engine.dispose()
        self.store.close()

    def new_case(self, title: str, queue: str = "hardware", **extra: Any) -> uuid.UUID:
        with self.store.session() as s:
            extra.setdefault("number", allocate_number(s))
            case = m.Case(title=title, queue=queue, **extra)
            s.add(case)
            s.flush()
            return case.id

    def edit_case(self, case_id: uuid.UUID, **fields: Any) -> None:
        with self.store.session() as s:
            case = s.get(m.Case, case_id)
            assert case is not None
            for name, value in fields.items():
                setattr(case, name, value)

    def case(self, case_id: uuid.UUID) -> m.Case | None:
        with self.store.session() as s:
            return s.get(m.Case, case_id)

    def add_note(self, case_id: uuid.UUID, body: str, call_id: uuid.UUID | None = None
                 ) -> uuid.UUID:
        with self.store.session() as s:
            note = m.Note(case_id=case_id, body=body, language=m.Language.EN,
                          author_id=self.id, call_log_id=call_id)
            s.add(note)
            s.flush()
            return note.id

    def add_call(self, case_id: uuid.UUID | None = None, *, ended: bool = True,
                 **extra: Any) -> uuid.UUID:
        with self.store.session() as s:
            start = m.utcnow()
            call = m.CallLog(direction=m.Direction.INBOUND, engine_call_id="1",
                             number_raw="03-1234-5678", number_key="0312345678",
                             case_id=case_id, agent_id=self.id, started_at=start, **extra)
            if ended:
                call.ended_at = start + timedelta(seconds=30)
                call.outcome = m.Outcome.ANSWERED
            s.add(call)
            s.flush()
            return call.id

    def notes(self, case_id: uuid.UUID) -> list[m.Note]:
        with self.store.session() as s:
            return list(s.scalars(select(m.Note).where(m.Note.case_id == case_id)
                                  .order_by(m.Note.created_at)))

    def queued(self) -> int:
        return read_status(self.store).queued
