"""The sync's views with real widgets: the status bar indicator and the SR conflict dialog,
fed the plain values the sync engine hands the UI (app.sync.status)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QFont
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QPlainTextEdit

from app.sync.status import CASE_FIELDS, CaseConflict, FieldConflict, SyncStatus
from app.ui.labels import (
    case_number_label,
    language_label,
    local_time,
    priority_label,
    status_label,
)
from app.ui.sync import EMPTY, MINE, THEIRS, ConflictDialog, SyncIndicator, sync_error
from tests.unit.ui.test_layout import FONT_POINTS, LANGUAGES, clipped, settle

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

    from app.i18n import Translators

NOW = datetime.now(UTC)  # set again as each test starts (below)
DESCRIPTION = "\n".join(
    f"{i:03d} 電源ランプが点滅し、再起動しても復旧しない。Power LED blinks after restart."
    for i in range(120)) + "\nEND OF DESCRIPTION"


@pytest.fixture(autouse=True)
def _now() -> None:
    """"Now" as the test starts, not as the module was imported: the bar shows a time of today
    alone and another day's with its date, and a suite that ran past midnight saw its
    import-time now as yesterday ("Synced 12/7/26 11:53 PM")."""
    global NOW  # the module's tests read it as a constant
    NOW = datetime.now(UTC)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[tuple[QMainWindow, SyncIndicator]]:
    """A main-window-like status bar holding the indicator, as the main window adds it."""
    main = QMainWindow()
    qtbot.addWidget(main)
    main.resize(1000, 300)
    indicator = SyncIndicator()
    main.statusBar().addPermanentWidget(indicator)
    main.show()
    qtbot.waitExposed(main)
    yield main, indicator
    main.close()


def _bar(window: tuple[QMainWindow, SyncIndicator]) -> SyncIndicator:
    return window[1]


def conflict(*fields: FieldConflict, who: str = "Sato Hanako") -> CaseConflict:
    return CaseConflict(case_id=uuid.uuid4(), number="SR-2026-000123",
                        title="Printer driver crashes on wake", theirs_by=who,
                        detected_at=NOW, fields=fields)


def every_field(who: str = "Sato Hanako") -> CaseConflict:
    """All ten SR fields in conflict, the queue refused, in a shuffled order."""
    return conflict(
        FieldConflict("queue", "hardware", "tokyo-l2", refused=True),
        FieldConflict("title", "Printer driver crashes on wake",
                      "Printer driver crashes on wake from sleep (Windows 11 23H2)"),
        FieldConflict("description", DESCRIPTION, "Short central description."),
        FieldConflict("status", "pending-customer", "escalated"),
        FieldConflict("priority", "P2", "P1"),
        FieldConflict("priority_confirmed", "false", "true"),
        FieldConflict("language", "ja", "en"),
        FieldConflict("customer_id", "Contoso Japan KK", "Contoso Holdings"),
        FieldConflict("contact_id", None, "Tanaka Ichiro"),
        FieldConflict("owner_id", "Suzuki Jiro", "Sato Hanako"),
        who=who)


# -- the indicator -------------------------------------------------------------------------------


def test_hidden_while_sync_is_off_shown_once_on(window: tuple[QMainWindow, SyncIndicator],
                                               qtbot: QtBot) -> None:
    indicator = _bar(window)
    assert not indicator.isVisible()  # added to the bar before any status: off
    indicator.show_status(SyncStatus(enabled=True, last_success=NOW))
    assert indicator.isVisible()
    indicator.show_status(SyncStatus(enabled=False))
    assert not indicator.isVisible()
    # Added while off (the status came first): the status bar does not show it.
    late = SyncIndicator()
    late.show_status(SyncStatus(enabled=False))
    window[0].statusBar().addPermanentWidget(late)
    assert not late.isVisible()
    late.show_status(SyncStatus(enabled=True))
    assert late.isVisible()


def test_parentless_it_never_opens_as_a_window(qtbot: QtBot) -> None:
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.show_status(SyncStatus(enabled=True, queued=3))
    assert not indicator.isVisible()
    assert indicator.state_button.text().startswith("3 ")


def test_texts_per_status(window: tuple[QMainWindow, SyncIndicator]) -> None:
    indicator = _bar(window)
    state = indicator.state_button

    indicator.show_status(SyncStatus(enabled=True, last_success=NOW))
    assert state.text() == f"Synced {local_time(NOW)}"
    yesterday = NOW - timedelta(days=2)
    indicator.show_status(SyncStatus(enabled=True, last_success=yesterday))
    assert state.text() != f"Synced {local_time(yesterday)}"  # with its date, not only a time

    indicator.show_status(SyncStatus(enabled=True, queued=12, last_success=NOW))
    assert state.text() == "12 waiting to sync"

    indicator.show_status(SyncStatus(enabled=True, queued=12, last_error="connect_failed",
                                     last_error_at=NOW))
    assert state.text() == "Offline — 12 waiting"
    indicator.show_status(SyncStatus(enabled=True, last_error="connect_failed"))
    assert state.text() == "Offline"

    for code in ("auth_failed", "tls_failed", "no_password", "newer_schema", "failed"):
        indicator.show_status(SyncStatus(enabled=True, queued=4, last_error=code))
        assert state.text() == "Sync problem"

    indicator.show_status(SyncStatus(enabled=True, running=True, queued=4))
    assert state.text() == "Syncing…"

    indicator.show_status(SyncStatus(enabled=True, last_success=NOW))
    assert not indicator.conflicts_button.isVisible()
    indicator.show_status(SyncStatus(enabled=True, conflicts=2, queued=1, last_success=NOW))
    assert indicator.conflicts_button.isVisible()
    assert indicator.conflicts_button.text().startswith("2 SR conflict")
    assert state.isVisible() and state.text() == "1 waiting to sync"  # the state stays in view
    # The conflicts come first in the bar: the agent must act on them.
    assert indicator.conflicts_button.x() < state.x()


def test_tooltip_has_the_details(window: tuple[QMainWindow, SyncIndicator]) -> None:
    indicator = _bar(window)
    indicator.show_status(SyncStatus(
        enabled=True, queued=12, last_success=NOW - timedelta(hours=1), last_error="auth_failed",
        last_error_detail='FATAL: password authentication failed for user "agent_a"',
        last_error_at=NOW, parked=3, conflicts=1))
    tip = indicator.state_button.toolTip()
    assert "12 change" in tip
    assert sync_error("auth_failed") in tip
    assert "auth_failed" not in tip  # the code is translated, never shown raw
    assert 'user "agent_a"' in tip
    assert "3 record" in tip
    assert "1 SR" in tip
    assert indicator.conflicts_button.toolTip() == tip
    # Each known code has its own sentence; an unknown one still reads as a sentence.
    sentences = {sync_error(code) for code in ("connect_failed", "auth_failed", "tls_failed",
                                               "no_password", "newer_schema", "failed")}
    assert len(sentences) == 6
    assert sync_error("something_new") == sync_error("failed")


def test_clicks_ask_for_a_sync_and_for_the_conflicts(
        window: tuple[QMainWindow, SyncIndicator], qtbot: QtBot) -> None:
    indicator = _bar(window)
    indicator.show_status(SyncStatus(enabled=True, conflicts=2, last_success=NOW))
    with qtbot.waitSignal(indicator.sync_now_requested, timeout=1000):
        qtbot.mouseClick(indicator.state_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(indicator.conflicts_requested, timeout=1000):
        qtbot.mouseClick(indicator.conflicts_button, Qt.MouseButton.LeftButton)
    # The context menu's actions do the same.
    assert indicator.sync_now_action in indicator.actions()
    with qtbot.waitSignal(indicator.sync_now_requested, timeout=1000):
        indicator.sync_now_action.trigger()
    with qtbot.waitSignal(indicator.conflicts_requested, timeout=1000):
        indicator.conflicts_action.trigger()
    # Already syncing: a click does not ask again.
    indicator.show_status(SyncStatus(enabled=True, running=True))
    assert not indicator.sync_now_action.isEnabled()
    with qtbot.assertNotEmitted(indicator.sync_now_requested):
        qtbot.mouseClick(indicator.state_button, Qt.MouseButton.LeftButton)


def test_right_click_offers_sync_now_and_the_conflicts(
        window: tuple[QMainWindow, SyncIndicator]) -> None:
    indicator = _bar(window)
    indicator.show_status(SyncStatus(enabled=True, conflicts=2))
    offered: list[list[str]] = []

    def read_menu() -> None:  # runs inside the menu's own event loop, once it is up
        popup = QApplication.activePopupWidget()
        assert popup is not None
        offered.append([action.text() for action in popup.actions() if action.isVisible()])
        popup.close()

    QTimer.singleShot(0, read_menu)
    at = QPoint(5, 5)
    QApplication.sendEvent(indicator.state_button, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, indicator.state_button.mapToGlobal(at)))
    assert offered == [["Sync now", "Resolve SR conflicts…"]]
    # No menu arrow on the buttons themselves: the menu is the indicator's.
    assert indicator.state_button.actions() == []


def test_renumbered_srs_are_announced_once(window: tuple[QMainWindow, SyncIndicator]) -> None:
    indicator = _bar(window)
    notices: list[str] = []
    indicator.notice.connect(notices.append)
    first = (("SR-2026-000012", "SR-2026-000457"),)
    indicator.show_status(SyncStatus(enabled=True, renumbered=first))
    assert len(notices) == 1
    assert "SR-2026-000012" in notices[0] and "SR-2026-000457" in notices[0]
    assert notices[0].index("SR-2026-000012") < notices[0].index("SR-2026-000457")
    indicator.show_status(SyncStatus(enabled=True, renumbered=first))
    assert len(notices) == 1
    second = (*first, ("SR-2026-000013", "SR-2026-000458"))
    indicator.show_status(SyncStatus(enabled=True, renumbered=second))
    assert len(notices) == 2
    assert "SR-2026-000013" in notices[1] and "SR-2026-000458" in notices[1]
    indicator.show_status(SyncStatus(enabled=True))
    indicator.show_status(SyncStatus(enabled=True, renumbered=second))
    assert len(notices) == 2


def test_a_confirmed_provisional_number_is_announced_once(
        window: tuple[QMainWindow, SyncIndicator]) -> None:
    indicator = _bar(window)
    notices: list[str] = []
    indicator.notice.connect(notices.append)
    confirmed = (("SR-2026-P000001", "SR-2026-000451"),)
    indicator.show_status(SyncStatus(enabled=True, confirmed=confirmed))
    indicator.show_status(SyncStatus(enabled=True, confirmed=confirmed))
    assert len(notices) == 1
    assert notices[0].index("SR-2026-P000001") < notices[0].index("SR-2026-000451")
    assert "confirmed" in notices[0]


def test_a_provisional_number_is_shown_as_provisional() -> None:
    assert case_number_label("SR-2026-P000003") == "SR-2026-P000003 (provisional)"
    assert case_number_label("SR-2026-000003") == "SR-2026-000003"


# -- the conflict dialog -------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot) -> ConflictDialog:
    opened = ConflictDialog(every_field())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    return opened


def _text(widget: QLabel | QPlainTextEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def test_shows_the_sr_both_values_and_the_fields_in_order(dialog: ConflictDialog) -> None:
    assert "SR-2026-000123" in dialog.windowTitle()
    assert "Printer driver crashes on wake" in dialog.windowTitle()
    assert "Sato Hanako" in dialog.explanation.text()
    assert list(dialog.rows) == list(CASE_FIELDS)  # the SR's order, not the order they came in
    rows = dialog.rows
    assert [r.name.text() for r in rows.values()] == [
        "Title", "Description", "Status", "Priority", "Priority confirmed", "Language",
        "Queue", "Customer", "Contact", "Owner"]
    # The labels the rest of the UI uses, Yes/No, a dash for nothing, names as given.
    assert _text(rows["status"].mine_value) == status_label("pending-customer")
    assert _text(rows["status"].theirs_value) == status_label("escalated")
    assert _text(rows["priority"].theirs_value) == priority_label("P1")
    assert _text(rows["language"].mine_value) == language_label("ja")
    assert _text(rows["priority_confirmed"].mine_value) == "No"
    assert _text(rows["priority_confirmed"].theirs_value) == "Yes"
    assert _text(rows["contact_id"].mine_value) == EMPTY
    assert _text(rows["owner_id"].theirs_value) == "Sato Hanako"


def test_the_description_is_shown_whole(dialog: ConflictDialog) -> None:
    box = dialog.rows["description"].mine_value
    assert isinstance(box, QPlainTextEdit)
    assert box.isReadOnly()
    assert box.toPlainText() == DESCRIPTION
    assert box.verticalScrollBar().maximum() > 0  # longer than its box: it scrolls
    assert _text(dialog.rows["description"].theirs_value) == "Short central description."


def test_ok_waits_for_a_choice_in_every_field(dialog: ConflictDialog, qtbot: QtBot) -> None:
    assert not dialog.ok.isEnabled()
    assert dialog.choices() == {"queue": THEIRS}  # the refused field has only one choice
    for name in CASE_FIELDS[:-1]:
        qtbot.mouseClick(dialog.rows[name].mine if name != "queue" else dialog.rows[name].theirs,
                         Qt.MouseButton.LeftButton)
        assert not dialog.ok.isEnabled()
    dialog.accept()  # Enter before the last field: nothing happens
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.rows["owner_id"].theirs, Qt.MouseButton.LeftButton)
    assert dialog.ok.isEnabled()
    expected = {name: MINE for name in CASE_FIELDS} | {"queue": THEIRS, "owner_id": THEIRS}
    assert dialog.choices() == expected
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choices() == expected


def test_keep_all_theirs_and_all_mine(dialog: ConflictDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.keep_all_theirs, Qt.MouseButton.LeftButton)
    assert dialog.ok.isEnabled()
    assert dialog.choices() == dict.fromkeys(CASE_FIELDS, THEIRS)
    qtbot.mouseClick(dialog.keep_all_mine, Qt.MouseButton.LeftButton)
    assert dialog.choices() == dict.fromkeys(CASE_FIELDS, MINE) | {"queue": THEIRS}
    # One field changed after "all": the rest stay.
    qtbot.mouseClick(dialog.rows["priority"].theirs, Qt.MouseButton.LeftButton)
    assert dialog.choices()["priority"] == THEIRS
    assert dialog.choices()["title"] == MINE


def test_a_refused_field_keeps_theirs(dialog: ConflictDialog, qtbot: QtBot) -> None:
    row = dialog.rows["queue"]
    assert not row.mine.isEnabled()
    assert row.reason.isVisible()
    assert "another team's queue" in row.reason.text()
    qtbot.mouseClick(row.mine, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(row.mine_value, Qt.MouseButton.LeftButton)
    assert row.theirs.isChecked() and not row.mine.isChecked()
    assert not dialog.rows["title"].reason.isVisible()
    # Only refused fields: "keep all mine" has nothing to keep.
    only = ConflictDialog(conflict(FieldConflict("queue", "a", "b", refused=True)))
    qtbot.addWidget(only)
    assert not only.keep_all_mine.isEnabled()
    assert only.ok.isEnabled()


def test_a_click_on_a_value_picks_it(dialog: ConflictDialog, qtbot: QtBot) -> None:
    row = dialog.rows["status"]
    qtbot.mouseClick(row.theirs_value, Qt.MouseButton.LeftButton)
    assert dialog.choices()["status"] == THEIRS
    box = dialog.rows["description"].mine_value
    assert isinstance(box, QPlainTextEdit)
    qtbot.mouseClick(box.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert dialog.choices()["description"] == MINE


def test_cancel_leaves_it_open(dialog: ConflictDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.keep_all_mine, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_values_are_text_not_markup(qtbot: QtBot) -> None:
    opened = ConflictDialog(conflict(FieldConflict("title", "<b>bold</b>", "<i>x</i>")))
    qtbot.addWidget(opened)
    label = opened.rows["title"].mine_value
    assert isinstance(label, QLabel)
    assert label.text() == "<b>bold</b>"
    assert label.textFormat() == Qt.TextFormat.PlainText


# -- layouts in the three languages --------------------------------------------------------------


@pytest.mark.parametrize("points", FONT_POINTS, ids=lambda p: f"{p}pt" if p else "qt-font")
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_cut_off(language: str, points: int, translators: Translators,
                            themed: None, qtbot: QtBot) -> None:
    if points:
        font = QFont(QApplication.font())
        font.setPointSize(points)
        QApplication.setFont(font)
    translators.install(language)
    found = []

    main = QMainWindow()
    qtbot.addWidget(main)
    main.resize(1280, 800)
    # Beside it, what the main window's status bar already holds, at their widest.
    main.statusBar().addPermanentWidget(QLabel("Headset"))
    main.statusBar().addPermanentWidget(QLabel("192.0.2.10:5060"))
    indicator = SyncIndicator()
    main.statusBar().addPermanentWidget(indicator)
    main.show()
    qtbot.waitExposed(main)
    for status in (SyncStatus(enabled=True, queued=12345, last_error="connect_failed"),
                   SyncStatus(enabled=True, conflicts=12, queued=12345, last_error="failed"),
                   SyncStatus(enabled=True, conflicts=1, last_success=NOW - timedelta(days=3)),
                   SyncStatus(enabled=True, running=True, conflicts=3)):
        indicator.show_status(status)
        settle()
        found += clipped(main, f"status bar {status}")

    opened = ConflictDialog(every_field(who="Takahashi Yoshiko (Tokyo L2 team leader)"))
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    settle()
    found += clipped(opened, "conflict dialog")
    assert opened.width() >= opened.minimumSizeHint().width()
    size = f"{points} pt" if points else "Qt's default font"
    assert found == [], f"{language}, {size}: cut off:\n" + "\n".join(map(str, found))
