"""The translation workflow through real widgets on a real store: mark, queue, translate, both
versions side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTableWidget, QTableWidgetItem
from sqlalchemy import select

from app.cases.models import Language, Note, Priority
from app.cases.service import CaseError
from app.cases.translations import request_translation, translate
from app.ui.case_view import NOTE_ROLE, CaseView
from app.ui.labels import priority_label
from app.ui.translations import TranslationQueueView
from tests.unit.ui.test_case_view import Ids, _seed

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.cases.store import Store
    from app.ui.tasks import Tasks


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def _save(view: CaseView, qtbot: QtBot, text: str) -> None:
    dialog = view.translate_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.target.setPlainText(text)
    with qtbot.waitSignal(view.loaded):  # stored, then the SR reloads
        button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        button.click()


def test_mark_queue_translate_and_see_both(tasks: Tasks, qtbot: QtBot, store: Store) -> None:
    ids: Ids = _seed(store)
    view = CaseView(tasks)
    queue = TranslationQueueView(tasks)
    for widget in (view, queue):
        qtbot.addWidget(widget)
        widget.resize(1000, 700)
        widget.show()
    view.translations_changed.connect(queue.refresh)
    with qtbot.waitSignal(view.loaded):
        view.show_case(ids.case)

    # Mark the Japanese note (the older one) as needing English, as its context menu does.
    item = view.notes_list.item(1)
    note_id = item.data(NOTE_ROLE)
    assert "電源ランプが点滅" in item.text()
    with qtbot.waitSignals([view.loaded, queue.count_changed]):
        view.request_translation(note_id, Language.EN)
    assert view.translations.waiting() == 1
    assert view.tr("⇄ Waiting for a translation into {language}").format(
        language="English") in view.notes_list.item(1).text()
    # The description too, into Chinese: a second entry, after the first.
    with qtbot.waitSignals([view.loaded, queue.count_changed]):
        view.translations.description_requested.emit(Language.ZH)
    assert queue.total == 2
    assert [_cell(queue.table, r, 1).text() for r in range(2)] == [ids.number, ids.number]
    assert "電源ランプが点滅" in _cell(queue.table, 0, 5).text()
    assert "停電のあとから" in _cell(queue.table, 1, 5).text()

    # From the queue: the oldest opens its SR on the Translations tab, with the dialog.
    queue.table.selectRow(0)
    opened: list[tuple[object, object]] = []
    queue.open_request.connect(lambda case, request: opened.append((case, request)))
    queue.open_button.click()
    assert opened and opened[0][0] == ids.case
    view.open_translation(opened[0][1])  # type: ignore[arg-type]
    with qtbot.waitSignal(view.loaded):
        view.show_case(ids.case)
    assert view.tabs.currentWidget() is view.translations
    dialog = view.translate_dialog
    assert dialog is not None
    assert dialog.source.toPlainText() == "電源ランプが点滅" and dialog.source.isReadOnly()
    with qtbot.waitSignal(queue.count_changed):
        _save(view, qtbot, "The power lamp is blinking.")
    assert queue.total == 1  # the description still waits

    # Side by side: the original in one column, its translation in the next, same row.
    table = view.translations.table
    rows = {_cell(table, r, 0).text().splitlines()[-1]: _cell(table, r, 1).text()
            for r in range(table.rowCount())}
    assert rows["電源ランプが点滅"].endswith("The power lamp is blinking.")
    assert "English" in rows["電源ランプが点滅"]
    assert "停電のあとから" in rows and "Chinese" in rows["停電のあとから"]
    # Both kept as notes: the source untouched, the translation linked to it.
    with store.session() as session:
        source = session.get(Note, note_id)
        linked = session.scalars(select(Note).where(Note.translation_of == note_id)).one()
        assert source is not None and source.body == "電源ランプが点滅"
        assert linked.language is Language.EN and linked.body == "The power lamp is blinking."
    assert any("⇄ Translation" in view.notes_list.item(r).text()
               for r in range(view.notes_list.count()))


def test_a_translation_that_lost_the_race_is_not_silently_dropped(
        tasks: Tasks, qtbot: QtBot, store: Store) -> None:
    ids = _seed(store)
    with store.session() as session:
        request = request_translation(session, ids.case, Language.EN)
    view = CaseView(tasks)
    qtbot.addWidget(view)
    view.show()
    view.open_translation(request.id)
    with qtbot.waitSignal(view.loaded):
        view.show_case(ids.case)
    assert view.translate_dialog is not None
    # A colleague translates it first.
    with store.session() as session:
        translate(session, request.id, "Since the power cut")
    errors: list[str] = []
    view.error.connect(errors.append)
    with qtbot.waitSignal(view.loaded):
        _save_without_wait(view, "After the blackout")
    assert errors and "already" in errors[0]
    assert view.translations.rows[0].translation == "Since the power cut"  # theirs stays
    assert view.note_edit.toPlainText() == "After the blackout"  # and ours is not lost
    assert view.note_language.language() is Language.EN


def _save_without_wait(view: CaseView, text: str) -> None:
    dialog = view.translate_dialog
    assert dialog is not None
    dialog.target.setPlainText(text)
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    button.click()


def test_queue_lists_priority_and_languages(tasks: Tasks, qtbot: QtBot, store: Store) -> None:
    ids = _seed(store)
    with store.session() as session, pytest.raises(CaseError):
        request_translation(session, ids.other, Language.ZH)  # no description to translate
    queue = TranslationQueueView(tasks)
    qtbot.addWidget(queue)
    with qtbot.waitSignal(queue.count_changed):
        queue.refresh()
    assert queue.total == 0
    assert queue.status.text() == queue.tr("Nothing waits for a translation.")
    with store.session() as session:
        request_translation(session, ids.case, Language.ZH)
    with qtbot.waitSignal(queue.count_changed):
        queue.refresh()
    assert queue.total == 1
    assert _cell(queue.table, 0, 2).text() == priority_label(Priority.P3)
    assert "→" in _cell(queue.table, 0, 3).text()
    assert _cell(queue.table, 0, 1).toolTip() == "プリンターが起動しない"
    assert _cell(queue.table, 0, 0).data(Qt.ItemDataRole.UserRole) == queue.items[0].id
