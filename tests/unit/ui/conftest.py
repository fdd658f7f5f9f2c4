"""Fixtures for the desktop's tests: a real migrated SQLite store, its writer, and Tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.cases.store import open_sqlite
from app.desk import StoreProblem, StoreWorker
from app.ui.tasks import Tasks
from app.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from app.cases.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "caseline.db")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def problems() -> list[StoreProblem]:
    return []


@pytest.fixture
def workspace(store: Store, problems: list[StoreProblem]) -> Iterator[Workspace]:
    writer = StoreWorker(store, problems.append)
    space = Workspace(store, writer)
    try:
        yield space
    finally:
        space.close()
        writer.stop()


@pytest.fixture
def tasks(workspace: Workspace, qtbot: QtBot) -> Tasks:
    return Tasks(workspace)
