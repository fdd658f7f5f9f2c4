"""The console's overdue callbacks tab (issue 20, item 1) with real widgets against the real
centre: agents' PCs schedule callbacks and push them; the north leader's tab lists north's
overdue ones, the longest waiting first, and not a future one nor south's; one done at its PC
goes at the next Refresh; the centre stopped leaves the rows and says why; Japanese headers.

The centre is the session's: other tests leave callbacks of their own in it, so each test
compares against what the leader's list held before it scheduled anything."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication

from app.cases import callbacks
from app.cases import models as m
from app.cases.models import CallbackOutcome, Language, Priority
from app.central.db import engine
from app.console.callbacks import overdue_callbacks
from app.console.service import ConsoleService
from app.ui.console import TAB_CALLBACKS, ConsoleWindow
from app.ui.console_callbacks import (
    REFRESH_MS,
    OverdueCallbackModel,
    overdue_text,
    warning_colour,
)
from app.ui.console_common import zoned_datetime
from app.ui.sync import sync_error
from app.ui.tasks import Tasks
from tests.integration.central import teams

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from collections.abc import Set as AbstractSet
    from datetime import datetime

    from pytestqt.qtbot import QtBot

    from app.i18n import Translators
    from tests.integration.central.agents import Agent
    from tests.integration.central.helpers import Central

WAIT_MS = 20_000  # a ceiling only a broken test reaches
NUMBER = "03-1234-5678"
C = OverdueCallbackModel


@pytest.fixture
def service(central: Central) -> Iterator[ConsoleService]:
    made = ConsoleService(engine(central.url("lena")), time_zone="UTC")
    yield made
    made.close()


def _schedule(pc: Agent, due_at: datetime, *, case_id: uuid.UUID | None = None,
              reason: str = "Confirm the repair", language: Language | None = None
              ) -> uuid.UUID:
    with pc.store.session() as s:
        return callbacks.schedule(s, due_at=due_at, number=NUMBER, case_id=case_id,
                                  agent_id=pc.id, reason=reason, language=language).id


def _already(central: Central, role: str) -> set[uuid.UUID]:
    """What the leader's list holds before the test: other tests' callbacks."""
    eng = engine(central.url(role))
    try:
        with eng.connect() as conn:
            return {row.id for row in overdue_callbacks(conn)}
    finally:
        eng.dispose()


def _window(qtbot: QtBot, service: ConsoleService, now: datetime) -> ConsoleWindow:
    """The console opened and its first overdue list read (the count in the tab's title)."""
    window = ConsoleWindow(service, Tasks(None))
    qtbot.addWidget(window)
    window.callbacks.model.clock = lambda: now  # the waits counted to a fixed instant
    with qtbot.waitSignal(window.callbacks.loaded, timeout=WAIT_MS):
        window.show()
    return window


def _open_tab(qtbot: QtBot, window: ConsoleWindow) -> None:
    with qtbot.waitSignal(window.callbacks.loaded, timeout=WAIT_MS):
        window.tabs.setCurrentWidget(window.callbacks)  # shown: read again


def _ids(window: ConsoleWindow, before: AbstractSet[uuid.UUID] = frozenset()
         ) -> list[uuid.UUID]:
    model = window.callbacks.model
    return [r.id for n in range(model.rowCount())
            if (r := model.row_at(n)) is not None and r.id not in before]


def _row(window: ConsoleWindow, callback_id: uuid.UUID) -> list[str]:
    model = window.callbacks.model
    n = next(n for n in range(model.rowCount())
             if (r := model.row_at(n)) is not None and r.id == callback_id)
    return [model.data(model.index(n, c)) for c in range(model.COLUMNS)]


def _foreground(window: ConsoleWindow, callback_id: uuid.UUID) -> object:
    model = window.callbacks.model
    n = next(n for n in range(model.rowCount())
             if (r := model.row_at(n)) is not None and r.id == callback_id)
    return model.data(model.index(n, C.COL_AGENT), Qt.ItemDataRole.ForegroundRole)


def test_the_north_leader_sees_norths_overdue_callbacks_longest_waiting_first(
        central: Central, pcs: dict[str, Agent], service: ConsoleService,
        english: Translators, qtbot: QtBot) -> None:
    alice, bob, carol = pcs["alice"], pcs["bob"], pcs["carol"]
    before = _already(central, "lena")
    now = m.utcnow()
    case_id = alice.new_case("Printer jams on tray 2", queue="hardware", priority=Priority.P2,
                             language=Language.JA)
    oldest = _schedule(alice, now - timedelta(hours=3, minutes=5), case_id=case_id)
    bobs = _schedule(bob, now - timedelta(hours=1, minutes=20), reason="Invoice copy",
                     language=Language.EN)
    recent = _schedule(alice, now - timedelta(minutes=30), reason="Line 1\nline 2")
    coming = _schedule(alice, now + timedelta(hours=1), case_id=case_id)
    south = _schedule(carol, now - timedelta(hours=4))
    for pc in (alice, bob, carol):
        pc.syncer.push()
        assert pc.queued() == 0

    window = _window(qtbot, service, now)
    tab = window.callbacks
    shown = _ids(window, before)
    assert shown == [oldest, bobs, recent]  # not the future one, not south's
    assert coming not in _ids(window) and south not in _ids(window)
    model = tab.model
    dues = [r.due_at for n in range(model.rowCount()) if (r := model.row_at(n)) is not None]
    assert dues == sorted(dues)  # the longest waiting first, the others' too
    total = model.rowCount()
    assert window.tabs.tabText(TAB_CALLBACKS) == f"Overdue &callbacks ({total})"

    _open_tab(qtbot, window)
    assert _ids(window, before) == [oldest, bobs, recent]
    assert tab.pages.currentWidget() is tab.table and not tab.status.isVisible()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(C.COLUMNS)] == [
        "Due", "Overdue by", "Agent", "Number", "SR", "SR title", "Reason", "Language",
        "Priority"]
    with central.as_() as conn:  # the SR's number at the centre (the push may give one)
        found = conn.execute("SELECT number FROM caseline.cases WHERE id = %s",
                             (case_id,)).fetchone()
    assert found is not None
    first = _row(window, oldest)
    assert first == [
        zoned_datetime(now - timedelta(hours=3, minutes=5), "UTC"),
        "3 h 5 min (over an hour)", "Alice Abe", "03-1234-5678", found[0],
        "Printer jams on tray 2", "Confirm the repair", "Japanese", "P2 – High"]
    assert _row(window, bobs)[1:4] == ["1 h 20 min (over an hour)", "Bob Baba",
                                       "03-1234-5678"]
    assert _row(window, bobs)[4:] == ["", "", "Invoice copy", "English", ""]
    assert _row(window, recent)[1] == "30 min"
    assert _row(window, recent)[6] == "Line 1 line 2"  # one line in the table
    # Over an hour: the warning colour of this palette, beside the word; within: the text's.
    warn = warning_colour(QGuiApplication.palette())
    assert _foreground(window, oldest) == warn == _foreground(window, bobs)
    assert isinstance(warn, QColor) and _foreground(window, recent) is None


def test_a_callback_done_at_its_pc_goes_at_the_next_refresh(
        central: Central, pcs: dict[str, Agent], service: ConsoleService,
        english: Translators, qtbot: QtBot) -> None:
    alice = pcs["alice"]
    before = _already(central, "lena")
    now = m.utcnow()
    done = _schedule(alice, now - timedelta(hours=2))
    waiting = _schedule(alice, now - timedelta(minutes=10))
    alice.syncer.push()
    window = _window(qtbot, service, now)
    _open_tab(qtbot, window)
    assert _ids(window, before) == [done, waiting]
    count = window.callbacks.model.rowCount()

    with alice.store.session() as s:
        callbacks.record_outcome(s, done, CallbackOutcome.REACHED, now=m.utcnow())
    alice.syncer.push()
    assert alice.queued() == 0
    with qtbot.waitSignal(window.callbacks.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(window.callbacks.refresh_button, Qt.MouseButton.LeftButton)
    assert _ids(window, before) == [waiting]
    assert window.tabs.tabText(TAB_CALLBACKS) == f"Overdue &callbacks ({count - 1})"


def test_the_list_is_read_every_minute_while_the_window_is_open(
        central: Central, pcs: dict[str, Agent], service: ConsoleService,
        english: Translators, qtbot: QtBot) -> None:
    alice = pcs["alice"]
    before = _already(central, "lena")
    window = _window(qtbot, service, m.utcnow())
    timer = window.callbacks.timer
    assert timer.isActive() and timer.interval() == REFRESH_MS
    late = _schedule(alice, m.utcnow() - timedelta(minutes=5))
    alice.syncer.push()
    with qtbot.waitSignal(window.callbacks.loaded, timeout=WAIT_MS):
        timer.timeout.emit()  # the minute is up (not waited for: the timer's own signal)
    assert late in _ids(window, before)
    window.close()
    assert not timer.isActive()  # a closed console asks the centre nothing
    with qtbot.waitSignal(window.callbacks.loaded, timeout=WAIT_MS):
        window.show()  # opened again: read at once, and every minute again
    assert timer.isActive()


def test_a_team_without_overdue_callbacks_says_so(
        central: Central, english: Translators, qtbot: QtBot) -> None:
    tag = teams.tag()
    teams.add_team(central, f"east-{tag}", [f"east-q-{tag}"])
    leader = teams.add_agent(central, f"erin_{tag}", f"east-{tag}", leader=True)
    quiet = ConsoleService(engine(central.url(leader)), time_zone="UTC")
    try:
        window = _window(qtbot, quiet, m.utcnow())
        _open_tab(qtbot, window)
        tab = window.callbacks
        assert tab.model.rowCount() == 0
        assert tab.pages.currentWidget() is tab.empty
        assert tab.empty.isVisible() and tab.empty.text() == "No overdue callbacks"
        assert window.tabs.tabText(TAB_CALLBACKS) == "Overdue &callbacks (0)"
    finally:
        quiet.close()


def test_the_centre_stopped_shows_why_and_keeps_the_last_rows(
        central: Central, pcs: dict[str, Agent], service: ConsoleService,
        english: Translators, qtbot: QtBot) -> None:
    alice = pcs["alice"]
    before = _already(central, "lena")
    kept = _schedule(alice, m.utcnow() - timedelta(minutes=45))
    alice.syncer.push()
    window = _window(qtbot, service, m.utcnow())
    _open_tab(qtbot, window)
    tab = window.callbacks
    rows = _ids(window)
    assert kept in _ids(window, before)
    title = window.tabs.tabText(TAB_CALLBACKS)

    central.pg.stop()
    try:
        with qtbot.waitSignal(tab.failed, timeout=WAIT_MS) as failed:
            qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    finally:
        central.pg.start()
    down = sync_error("connect_failed")
    assert down.startswith("The central database cannot be reached")
    assert tab.status.isVisible() and tab.status.text() == failed.args[0]
    assert tab.status.text().startswith(down)
    assert "The list below is from" in tab.status.text()
    assert _ids(window) == rows  # the last rows stay
    assert tab.pages.currentWidget() is tab.table
    assert window.tabs.tabText(TAB_CALLBACKS) == title

    with qtbot.waitSignal(tab.loaded, timeout=WAIT_MS):  # back: the next read clears it
        qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    assert not tab.status.isVisible()


def test_the_tab_switches_to_japanese_live(
        central: Central, pcs: dict[str, Agent], service: ConsoleService,
        translators: Translators, qtbot: QtBot) -> None:
    translators.install("en")
    alice = pcs["alice"]
    now = m.utcnow()
    late = _schedule(alice, now - timedelta(hours=2, minutes=15))
    alice.syncer.push()
    window = _window(qtbot, service, now)
    _open_tab(qtbot, window)
    model = window.callbacks.model
    assert model.headerData(C.COL_DUE, Qt.Orientation.Horizontal) == "Due"

    translators.install("ja")  # switched live, as Settings does
    QCoreApplication.processEvents()  # LanguageChange reaches the open window
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "期限", "超過時間", "エージェント"]
    count = model.rowCount()
    assert window.tabs.tabText(TAB_CALLBACKS) == f"期限超過の折り返し ({count})(&C)"
    assert window.callbacks.refresh_button.text() == "更新(&R)"
    assert _row(window, late)[1] == "2時間15分（1時間超）"
    assert overdue_text(timedelta(days=1, hours=3)) == "1日3時間"
