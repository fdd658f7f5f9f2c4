"""Call recordings in the store: a row per recorded stretch of a call, with its file and length.

The files themselves are written by the SIP engine and measured by app.telephony.recording;
this module only keeps the rows (the Desk's writer thread writes them; the UI reads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.cases.models import CallRecording

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class RecordingInfo:
    id: uuid.UUID
    call_log_id: uuid.UUID
    path: str
    started_at: datetime
    seconds: float | None  # None while recording, or when the file could not be read


def recording_started(session: Session, call_log_id: uuid.UUID, path: str,
                      started_at: datetime) -> None:
    session.add(CallRecording(call_log_id=call_log_id, path=path, started_at=started_at))


def recording_finished(session: Session, path: str, seconds: float | None) -> bool:
    """Store the length of the stretch recorded into ``path``; False if no row has that path."""
    row = session.scalars(select(CallRecording).where(CallRecording.path == path)
                          .order_by(CallRecording.started_at.desc())).first()
    if row is None:
        return False
    row.seconds = seconds
    return True


def recordings_for_call(session: Session, call_log_id: uuid.UUID) -> list[RecordingInfo]:
    rows = session.scalars(select(CallRecording).where(CallRecording.call_log_id == call_log_id)
                           .order_by(CallRecording.started_at))
    return [RecordingInfo(r.id, r.call_log_id, r.path, r.started_at, r.seconds) for r in rows]
