"""The retention sweep on a real SQLite store and real WAV files under a recordings folder."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from app.audio.tones import recording_notice, write_wav
from app.cases.models import CallLog, CallRecording, Direction, Outcome, new_id
from app.cases.recordings import (
    recording_started,
    recordings_for_call,
    retention_sweep,
    sweep_recordings,
)
from app.cases.store import open_sqlite
from app.orchestration.desk import StoreProblem, StoreWorker

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store

DAYS = 30


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_sqlite(tmp_path / "cases.db")
    yield store
    store.close()


def _wav(root: Path, when: datetime, name: str) -> Path:
    """A real recording file in its day folder, last written at ``when``."""
    local = when.astimezone()
    path = root / local.strftime("%Y-%m-%d") / f"{local:%Y%m%d-%H%M%S}-{name}.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_wav(path, recording_notice())
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def _recorded_call(store: Store, when: datetime, path: Path) -> uuid.UUID:
    with store.session() as session:
        row = CallLog(id=new_id(), direction=Direction.INBOUND, engine_call_id="t",
                      started_at=when, ended_at=when + timedelta(minutes=2),
                      outcome=Outcome.ANSWERED, number_raw="03-5555-0000")
        session.add(row)
        session.flush()
        recording_started(session, row.id, str(path), when)
        return row.id


def _purged(store: Store, log_id: uuid.UUID) -> list[datetime | None]:
    with store.session() as session:
        return [r.purged_at for r in recordings_for_call(session, log_id)]


def test_old_recordings_go_new_ones_stay_and_the_call_logs_remain(
        store: Store, tmp_path: Path) -> None:
    root = tmp_path / "recordings"
    now = datetime.now(UTC)
    old_when, new_when = now - timedelta(days=DAYS + 10), now - timedelta(hours=1)
    old_file = _wav(root, old_when, "old")
    new_file = _wav(root, new_when, "new")
    gone_file = _wav(root, old_when - timedelta(days=1), "gone")
    orphan = _wav(root, old_when - timedelta(days=2), "orphan")  # its row was never written
    outside = _wav(tmp_path / "elsewhere", old_when, "outside")
    old_call = _recorded_call(store, old_when, old_file)
    new_call = _recorded_call(store, new_when, new_file)
    gone_call = _recorded_call(store, old_when - timedelta(days=1), gone_file)
    outside_call = _recorded_call(store, old_when, outside)
    gone_file.unlink()  # deleted by hand: the row still says it is there

    with store.session() as session:
        deleted = sweep_recordings(session, root, now - timedelta(days=DAYS))

    assert deleted == 2  # the old file and the orphan; the hand-deleted one was gone already
    assert not old_file.exists() and not orphan.exists()
    assert new_file.exists() and outside.exists()  # a file outside the folder is not ours
    # Day folders left empty are removed; today's (with the new file) stays.
    assert sorted(p.name for p in root.iterdir()) == [new_file.parent.name]
    assert _purged(store, new_call) == [None]
    assert _purged(store, outside_call) == [None]
    for call in (old_call, gone_call):
        (purged,) = _purged(store, call)
        assert purged is not None and purged >= now
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(CallLog)) == 4  # logs stay
        assert session.scalar(select(func.count()).select_from(CallRecording)) == 4
    with store.session() as session:  # a second sweep finds nothing more
        assert sweep_recordings(session, root, now - timedelta(days=DAYS)) == 0


def test_a_recording_written_past_the_cutoff_waits_for_a_later_sweep(
        store: Store, tmp_path: Path) -> None:
    root = tmp_path / "recordings"
    now = datetime.now(UTC)
    cutoff = now - timedelta(days=DAYS)
    started = cutoff - timedelta(minutes=5)
    path = _wav(root, cutoff + timedelta(minutes=5), "long-call")  # a ten-minute call
    call = _recorded_call(store, started, path)
    with store.session() as session:
        assert sweep_recordings(session, root, cutoff) == 0
    assert path.exists() and _purged(store, call) == [None]
    with store.session() as session:
        assert sweep_recordings(session, root, cutoff + timedelta(minutes=6)) == 1
    assert not path.exists() and _purged(store, call) != [None]


def test_no_recordings_folder_is_nothing_to_sweep(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        assert sweep_recordings(session, tmp_path / "none", datetime.now(UTC)) == 0


def test_the_startup_job_runs_on_the_store_writer(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "recordings"
    old_when = datetime.now(UTC) - timedelta(days=DAYS + 1)
    old_file = _wav(root, old_when, "old")
    call = _recorded_call(store, old_when, old_file)
    problems: list[StoreProblem] = []
    worker = StoreWorker(store, problems.append)
    worker.submit(retention_sweep(root, DAYS))
    worker.stop()  # runs what is queued, then ends
    assert problems == []
    assert not old_file.exists()
    assert list(root.iterdir()) == []  # its day folder went with it
    assert _purged(store, call) != [None]
