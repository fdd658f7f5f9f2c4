"""The console's call detail: the recording's play button is enabled only for a file this PC
reaches, and says why otherwise. Calls made here: the centre names no recording yet
(docs/explorer.md), so the real-centre tests can only see the "none" case."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from app.central.db import engine
from app.console.explorer import CallDetail, CallRow, CaseInfo, NoteInfo
from app.console.service import CallView, ConsoleService
from app.ui.console_explorer import CallDetailPane

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks

WHEN = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


@pytest.fixture
def service() -> Iterator[ConsoleService]:
    # Nothing here asks the centre: the engine never connects.
    made = ConsoleService(engine("postgresql://lena@127.0.0.1:9/caseline"), time_zone="UTC")
    yield made
    made.close()


def _detail(recording: str | None) -> CallDetail:
    case_id = uuid.uuid4()
    call = CallRow(uuid.uuid4(), WHEN, "inbound", "answered", "resolved", "alice", "Alice Abe",
                   "03-1234-5678", "+81312345678", "Yamada", 2.0, 60.0, 0.0, case_id,
                   "SR-2026-000042", "Printer jams", "hardware", "ja")
    note = NoteInfo(uuid.uuid4(), "紙が詰まる", "ja", WHEN, "Alice Abe", call.id, True,
                    (NoteInfo(uuid.uuid4(), "Paper jams", "en", WHEN, "Bob Baba", None, False),))
    return CallDetail(call, "", CaseInfo(case_id, "SR-2026-000042", "Printer jams", "open",
                                         "P3", "hardware", "ja"), (note,), recording)


def _pane(qtbot: QtBot, service: ConsoleService, tasks: Tasks) -> CallDetailPane:
    pane = CallDetailPane(service, tasks)
    qtbot.addWidget(pane)
    return pane


def test_a_recording_on_this_pc_can_be_played(service: ConsoleService, tasks: Tasks,
                                              qtbot: QtBot, tmp_path: Path) -> None:
    wav = tmp_path / "call.wav"
    wav.write_bytes(b"RIFF")
    view = CallView(_detail(str(wav)), recording_reachable=True)
    pane = _pane(qtbot, service, tasks)
    pane.show_call(view)
    assert pane.play.isEnabled()
    assert pane.recording_reason.text() == ""
    assert pane.case_label.text() == "SR-2026-000042: Printer jams (Open, hardware)"
    notes = pane.notes.toPlainText()
    assert "紙が詰まる" in notes and "Paper jams" in notes and "Translation (English)" in notes


def test_a_recording_out_of_reach_is_disabled_with_the_reason(
        service: ConsoleService, tasks: Tasks, qtbot: QtBot) -> None:
    pane = _pane(qtbot, service, tasks)
    pane.show_call(CallView(_detail("/mnt/share/gone.wav"), recording_reachable=False))
    assert not pane.play.isEnabled()
    assert pane.recording_reason.text() == (
        "The recording cannot be reached from this PC: /mnt/share/gone.wav")
    pane.show_call(CallView(_detail(None), recording_reachable=False))
    assert not pane.play.isEnabled()
    assert pane.recording_reason.text().startswith("No recording to play")

