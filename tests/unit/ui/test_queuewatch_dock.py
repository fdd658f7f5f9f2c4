"""The queue watch dock (app.ui.queuewatch) with real widgets on a real store: badges, the
actions written through the workspace, the freshness line, and the notice of a new exception
only (never at the first load). The clock is a list the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QTreeWidgetItem
from sqlalchemy import select

from app.cases.models import Agent, Case, CaseStatus, Language, Note, Priority, SyncState
from app.cases.queuewatch import WatchException, WatchRules
from app.cases.service import allocate_number
from app.config import settings
from app.orchestration.desk import StoreWorker
from app.orchestration.workspace import Workspace
from app.telephony.config import ConfigError
from app.ui.labels import local_time
from app.ui.queuewatch import QueueWatchView, exception_label, watch_rules
from app.ui.tasks import Tasks

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from app.cases.store import Store

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
RULES = WatchRules.from_hours((2, 8, 24, 72), (400, 400, 400, 400), 4,
                              [("hardware", ["ja", "en"])])


@pytest.fixture
def me(store: Store) -> uuid.UUID:
    with store.session() as s:
        agent = Agent(name="Hanako Sato", sip_identity="hanako@tokyo")
        s.add(agent)
        s.flush()
        return agent.id


@pytest.fixture
def signed_in(store: Store, me: uuid.UUID, qtbot: QtBot) -> Iterator[Tasks]:
    """Tasks over a workspace that knows who is signed in (the actions sign with it)."""
    writer = StoreWorker(store, lambda _problem: None)
    space = Workspace(store, writer, agent=lambda: me)
    try:
        yield Tasks(space)
    finally:
        space.close()
        writer.stop()


@pytest.fixture
def clock() -> list[datetime]:
    return [T0 + timedelta(minutes=30)]


@pytest.fixture
def view(signed_in: Tasks, clock: list[datetime], qtbot: QtBot) -> QueueWatchView:
    widget = QueueWatchView(signed_in, RULES, lambda: clock[0])
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    return widget


def _case(store: Store, title: str, *, queue: str = "hardware",
          owner: uuid.UUID | None = None, language: Language = Language.JA,
          priority: Priority = Priority.P3) -> uuid.UUID:
    with store.session() as s:
        case = Case(number=allocate_number(s), title=title, queue=queue, language=language,
                    priority=priority, owner_id=owner, created_at=T0, updated_at=T0,
                    priority_confirmed=True)
        s.add(case)
        s.flush()
        return case.id


def _load(view: QueueWatchView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.evaluated):
        view.refresh()


def _rows(view: QueueWatchView) -> dict[str, QTreeWidgetItem]:
    """Each SR's row by its title."""
    found = {}
    for top in _groups(view):
        for child in range(top.childCount()):
            item = top.child(child)
            assert item is not None
            found[item.text(5)] = item
    return found


def _groups(view: QueueWatchView) -> list[QTreeWidgetItem]:
    found = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
    assert all(item is not None for item in found)
    return [item for item in found if item is not None]


def _stored(store: Store, case_id: uuid.UUID) -> tuple[Case, list[str]]:
    with store.sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        s.expunge(case)
        notes = list(s.scalars(select(Note.body).where(Note.case_id == case_id)))
        return case, notes


def test_badges_name_each_exception_by_queue_and_language(
        view: QueueWatchView, store: Store, me: uuid.UUID, qtbot: QtBot) -> None:
    _case(store, "Toner empty")
    _case(store, "Manual in Chinese", owner=me, language=Language.ZH)
    _case(store, "Fine", owner=me)
    _load(view, qtbot)
    rows = _rows(view)
    assert rows["Toner empty"].text(2) == exception_label(WatchException.UNASSIGNED)
    assert rows["Toner empty"].text(3) == view.tr("(nobody)")
    assert rows["Manual in Chinese"].text(2) == exception_label(
        WatchException.WRONG_LANGUAGE)
    assert rows["Fine"].text(2) == ""
    groups = [item.text(0) for item in _groups(view)]
    assert groups == ["hardware · Japanese (2)", "hardware · Chinese (1)"]  # ja before zh
    assert view.freshness.text() == view.tr("Not synced yet: this PC's own SRs only")


def test_freshness_says_when_the_data_was_last_pulled(
        view: QueueWatchView, store: Store, qtbot: QtBot) -> None:
    with store.session() as s:
        s.add(SyncState(id=1, last_success=T0))
    _case(store, "Toner empty")
    _load(view, qtbot)
    assert view.freshness.text() == view.tr("As of {time} (last sync)").format(
        time=local_time(T0))


def test_take_writes_the_owner_and_a_note_through_the_workspace(
        view: QueueWatchView, store: Store, me: uuid.UUID, qtbot: QtBot) -> None:
    case_id = _case(store, "Toner empty")
    _load(view, qtbot)
    _rows(view)["Toner empty"].setSelected(True)
    with qtbot.waitSignals([view.action_done, view.evaluated]):
        view.take_button.click()
    case, notes = _stored(store, case_id)
    assert case.owner_id == me
    assert notes == [view.tr("Took ownership (queue watch).")]
    assert _rows(view)["Toner empty"].text(2) == ""
    assert _rows(view)["Toner empty"].text(3) == "Hanako Sato"


def test_route_asks_queue_and_reason_and_notes_the_reason(
        view: QueueWatchView, store: Store, me: uuid.UUID, qtbot: QtBot) -> None:
    case_id = _case(store, "Manual in Chinese", owner=me, language=Language.ZH)
    _load(view, qtbot)
    _rows(view)["Manual in Chinese"].setSelected(True)
    view.route_button.click()
    dialog = view.dialog
    assert dialog is not None and dialog.queue is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()  # a queue and a reason first
    dialog.queue.setEditText("china")
    dialog.reason.setPlainText("Mandarin speaker there")
    assert ok.isEnabled()
    with qtbot.waitSignals([view.action_done, view.evaluated]):
        ok.click()
    case, notes = _stored(store, case_id)
    assert case.queue == "china"
    assert notes == [view.tr("Routed from {old} to {new} (queue watch). Reason:").format(
        old="hardware", new="china") + "\nMandarin speaker there"]
    assert _rows(view)["Manual in Chinese"].text(2) == ""  # china has no language rule


def test_escalate_sets_the_status_with_the_reason(
        view: QueueWatchView, store: Store, me: uuid.UUID, qtbot: QtBot) -> None:
    case_id = _case(store, "Line down", owner=me, priority=Priority.P1)
    _load(view, qtbot)
    _rows(view)["Line down"].setSelected(True)
    menu = view.context_menu()
    assert [a.text() for a in menu.actions()] == [
        view.tr("Open the SR"), view.tr("Take ownership"), view.tr("Route…"),
        view.tr("Escalate…")]
    view.escalate_button.click()
    dialog = view.dialog
    assert dialog is not None and dialog.queue is None
    dialog.reason.setPlainText("Plant stopped")
    with qtbot.waitSignals([view.action_done, view.evaluated]):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    case, notes = _stored(store, case_id)
    assert case.status is CaseStatus.ESCALATED
    assert notes == [view.tr("Escalated (queue watch). Reason:") + "\nPlant stopped"]
    _rows(view)["Line down"].setSelected(True)
    assert not view.escalate_button.isEnabled()


def test_a_refused_action_says_why(view: QueueWatchView, store: Store, me: uuid.UUID,
                                  qtbot: QtBot) -> None:
    _case(store, "Mine already", owner=me)
    _load(view, qtbot)
    _rows(view)["Mine already"].setSelected(True)
    with qtbot.waitSignal(view.evaluated):
        view.take_button.click()
    assert view.notice == view.tr("You own this SR already.")
    assert view.status.text().startswith(view.notice)


def test_the_notice_is_for_a_new_exception_only(
        view: QueueWatchView, store: Store, me: uuid.UUID, clock: list[datetime],
        qtbot: QtBot) -> None:
    urgent = _case(store, "Line down", owner=me, priority=Priority.P1)
    _case(store, "Toner empty")
    with qtbot.assertNotEmitted(view.new_exceptions):
        _load(view, qtbot)  # the first load: what is already wrong is no news
    clock[0] = T0 + timedelta(hours=3)  # P1 with no update for 2 h
    with qtbot.waitSignal(view.new_exceptions) as notice:
        _load(view, qtbot)
    assert [(case.id, kind) for case, kind in notice.args[0]] == [
        (urgent, WatchException.STALE)]
    with qtbot.assertNotEmitted(view.new_exceptions):
        _load(view, qtbot)  # the same exceptions again: no news


def test_the_rules_come_from_the_queue_watch_settings(tmp_path: Path) -> None:
    path = tmp_path / "caseline.toml"
    path.write_text('[queue_watch]\nstale_hours = [1, 2, 3, 4]\ntranslation_hours = 6\n'
                    '[queue_watch.languages]\nhardware = ["ja", "en"]\n"日本語" = ["ja"]\n',
                    encoding="utf-8")
    loaded = settings.load(path)
    rules = watch_rules(loaded.queue_watch)
    assert rules.stale_after[Priority.P1] == timedelta(hours=1)
    assert rules.due_after[Priority.P4] == timedelta(hours=168)  # the default
    assert rules.translation_after == timedelta(hours=6)
    assert rules.queue_languages == {"hardware": {Language.JA, Language.EN},
                                     "日本語": {Language.JA}}
    settings.save(path, loaded)
    assert settings.load(path) == loaded
    for bad in ('stale_hours = [1, 2]', 'due_hours = [1, 2, 3, "4"]', 'translation_hours = 0',
                '[queue_watch.languages]\nhardware = ["fr"]'):
        path.write_text(f"[queue_watch]\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError):
            settings.load(path)
