"""Fixtures for the desktop's tests: a real migrated SQLite store, its writer, and Tasks; the
translations and the desktop's look for layout tests; a translator that marks what went
through tr()."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTranslator

from app.cases.store import open_sqlite
from app.orchestration.desk import StoreProblem, StoreWorker
from app.orchestration.workspace import Workspace
from app.ui import labels
from app.ui.tasks import Tasks
from app.ui.theme import apply_theme

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from PySide6.QtWidgets import QApplication
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


@pytest.fixture(autouse=True)
def _agent_region() -> Iterator[None]:
    """The agent's region (how numbers are read and shown) back to the default after a test
    that set another one (directly, or through a MainWindow's settings)."""
    yield
    labels.set_region("")


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    """The desktop's own look (Fusion, its palette and style sheet: bigger caller names,
    padded call buttons), as app.ui.desktop applies it; the other tests get theirs back after."""
    style, sheet, palette, font = (qapp.style().name(), qapp.styleSheet(), qapp.palette(),
                                   qapp.font())
    apply_theme(qapp, "light")
    try:
        yield
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setFont(font)


class Marking(QTranslator):
    """Translates every text to «text», so a test can see which texts went through tr()."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return f"«{source}»"

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
