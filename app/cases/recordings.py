"""Call recordings in the store: a row per recorded stretch of a call, with its file and length.

The files themselves are written by the SIP engine and measured by app.telephony.recording;
this module keeps the rows (the Desk's writer thread writes them; the UI reads them) and sweeps
away recordings older than the deployment's retention period.
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.cases.models import CallRecording

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# The engine's files live in one folder per day (app.telephony.recording.recording_file).
_DAY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class RecordingInfo:
    id: uuid.UUID
    call_log_id: uuid.UUID
    path: str
    started_at: datetime
    seconds: float | None  # None while recording, or when the file could not be read
    purged_at: datetime | None = None  # when the retention sweep deleted the file


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
    return [RecordingInfo(r.id, r.call_log_id, r.path, r.started_at, r.seconds, r.purged_at)
            for r in rows]


def sweep_recordings(session: Session, root: Path, older_than: datetime) -> int:
    """Delete the recordings last written before ``older_than``; returns the files deleted.

    Each deleted file's row is marked ``purged_at`` (so is the row of a file already gone); the
    row and its call log stay. WAV files under ``root`` that no row names go by the same rule,
    and day folders left empty are removed. Only files under ``root`` are deleted. Safe to run
    again after a failed commit: a file already gone just gets its row marked.
    """
    now = datetime.now(UTC)
    cutoff = older_than.timestamp()
    deleted = 0
    query = select(CallRecording).where(CallRecording.purged_at.is_(None),
                                        CallRecording.started_at < older_than)
    for row in session.scalars(query).all():
        path = Path(row.path)
        try:
            if path.stat().st_mtime >= cutoff:
                continue  # still written after the cutoff: its turn comes
        except FileNotFoundError:
            row.purged_at = now
            continue
        except OSError as exc:
            log.warning("recording %s: %s", path, exc)
            continue
        if not _inside(path, root):
            log.warning("recording %s is outside %s: left in place", path, root)
            continue
        if _delete(path):
            row.purged_at = now
            deleted += 1
    deleted += _sweep_folders(session, root, older_than, now)
    return deleted


def retention_sweep(root: Path, days: int) -> Callable[[Session], None]:
    """A job for the store's writer thread: recordings older than ``days`` days go.

    The cutoff is taken when the job runs, not when it is queued.
    """

    def job(session: Session) -> None:
        older_than = datetime.now(UTC) - timedelta(days=days)
        deleted = sweep_recordings(session, root, older_than)
        if deleted:
            log.info("deleted %d recordings older than %d days from %s", deleted, days, root)

    return job


def _sweep_folders(session: Session, root: Path, older_than: datetime, now: datetime) -> int:
    """Old files no row led to (a row never written, a path moved), then empty day folders."""
    # Folders are named by the local date a recording started; a later day holds no file
    # older than the cutoff, and today's folder (which a recording may be about to use) is
    # never removed while the retention is a day or more.
    last_day = older_than.astimezone().date().isoformat()
    try:
        folders = sorted(p for p in root.iterdir()
                         if p.is_dir() and _DAY_FOLDER.fullmatch(p.name) and p.name <= last_day)
    except OSError:
        return 0  # no recordings folder (yet): nothing to sweep
    cutoff = older_than.timestamp()
    deleted = 0
    for folder in folders:
        for path in sorted(folder.glob("*.wav")):
            try:
                old = path.stat().st_mtime < cutoff
            except OSError:
                continue
            if old and _delete(path):
                deleted += 1
                for row in session.scalars(select(CallRecording).where(
                        CallRecording.path == str(path), CallRecording.purged_at.is_(None))):
                    row.purged_at = now
        if folder.name < last_day:
            with contextlib.suppress(OSError):  # not empty: it keeps what is not old yet
                folder.rmdir()
    return deleted


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def _delete(path: Path) -> bool:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("recording %s not deleted: %s", path, exc)
        return False
    return True
