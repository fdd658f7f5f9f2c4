"""The call-history view and its lazily paged model, on a real store of 100,000 call logs."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import shiboken6
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import insert

from app.cases import history
from app.cases.models import CallLog, Case, Contact, Customer, Direction, Language, Outcome
from app.cases.numbers import normalize
from app.cases.store import StoreError, open_sqlite
from app.ui import labels
from app.ui.history import CallHistoryModel, CallHistoryView, error_text
from app.ui.today import local_day_start

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy.orm import Session

    from app.cases.history import HistoryFilter, HistoryRow
    from app.cases.store import Store
    from app.orchestration.workspace import Workspace
    from app.ui.tasks import Tasks

# One worker runs this module: its 100,000-call store is built once, not once per worker.
pytestmark = pytest.mark.xdist_group("history_100000")

CALLS = 100_000
UNSEEN = 5  # missed calls among the newest that the agent has not seen
DISPOSITIONS = ["follow-up", "escalated", "info-provided"]


# Built once for the whole run, whichever workers run these tests: the xdist_group below does
# not keep them on one worker with this pytest (9.2 ignores the group suffix xdist gives the
# test ids), and each worker built its own, four at once, ~50 s each under the suite.
@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with 100,000 calls, built once per run; each test works on its own copy."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base is in this run's folder, shared by all of them (alone,
    # the parent would be every run's: a template of an older schema).
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    path = shared / "history-template.db"
    with open(shared / "history-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds; the others wait for it
        if not path.exists():
            building = shared / f"history-template-{os.getpid()}.db"
            _build(building)
            building.replace(path)
    return path


def _build(path: Path) -> None:
    store = open_sqlite(path)
    now = datetime.now(UTC)
    numbers = [normalize(f"03-{n:04d}-1000") for n in range(500)]
    try:
        with store.session() as session:
            customer = Customer(code="C-1", company="株式会社こだま薬品", language=Language.JA)
            session.add(customer)
            session.flush()
            contact = Contact(customer_id=customer.id, name="山田 太郎")
            session.add(contact)
            session.flush()
            cases = [Case(number=f"SR-2026-{n:06d}", title=f"Case {n}",
                          customer_id=customer.id, contact_id=contact.id) for n in range(1, 51)]
            session.add_all(cases)
            session.flush()
            rows: list[dict[str, Any]] = []
            for i in range(CALLS):
                missed = i % 10 == 1
                inbound = missed or i % 3 != 0
                number = numbers[i % 500]
                started = now - timedelta(seconds=37 * i + 30)
                rows.append({
                    "id": uuid.UUID(int=(CALLS - i) << 64 | i),  # newer calls, larger ids
                    "direction": Direction.INBOUND if inbound else Direction.OUTBOUND,
                    "engine_call_id": f"t-{i}", "number_raw": number.raw,
                    "number_e164": number.e164, "number_key": number.match_key,
                    "display_name": "", "started_at": started,
                    "outcome": Outcome.MISSED if missed else Outcome.ANSWERED,
                    "disposition_code": None if missed else DISPOSITIONS[i % 3],
                    "seen_at": None if (missed and i < 10 * UNSEEN) else (
                        started if missed else None),
                    "talk_seconds": 0.0 if missed else 61.0 + i % 100, "ring_seconds": 9.0,
                    "case_id": cases[i % 50].id if i % 7 == 0 else None,
                    "contact_id": contact.id if i % 7 == 0 else None,
                    "customer_id": customer.id if i % 7 == 0 else None,
                })
            # Core, not ORM, bulk insert: the ORM splits rows by which keys are None (a NULL
            # disposition, an unseen call) into ~43,000 statements, 35 s instead of a few.
            session.execute(insert(CallLog.metadata.tables["call_logs"]), rows)
        with store.engine.connect() as conn:  # everything into the file a copy takes
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    target = tmp_path / "caseline.db"
    shutil.copy(template, target)
    opened = open_sqlite(target)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def views(tasks: Tasks, workspace: Workspace) -> Iterator[Callable[[], CallHistoryView]]:
    """Makes views; at the end deletes them here, on the UI thread, after the readers stop.

    (Not qtbot.addWidget: its deleteLater can race shiboken deleting the same widget when a
    finished task's callback, dropped on a reader thread, held the last Python reference.)
    """
    made: list[CallHistoryView] = []

    def make() -> CallHistoryView:
        made.append(CallHistoryView(tasks))
        return made[-1]

    yield make
    workspace.close()  # no reader thread holds a view any more
    for widget in made:
        widget.close()
        shiboken6.delete(widget)


@pytest.fixture
def view(views: Callable[[], CallHistoryView], qtbot: QtBot) -> CallHistoryView:
    widget = views()
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and not widget.model.loading)
    return widget


def rows(model: CallHistoryModel) -> list[HistoryRow]:
    found = [model.row_at(n) for n in range(model.rowCount())]
    assert None not in found
    return [r for r in found if r is not None]


def newest_ids(store: Store, where: str = "1 = 1", limit: int = 200) -> list[uuid.UUID]:
    assert store.path is not None
    with sqlite3.connect(store.path) as raw:
        found = raw.execute(f"SELECT id FROM call_logs WHERE {where} "  # noqa: S608 - literal
                            "ORDER BY started_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
    return [uuid.UUID(hex=r[0]) for r in found]


def counting_pages(monkeypatch: pytest.MonkeyPatch) -> list[HistoryFilter]:
    """Record every page the model asks the store for (the real query still runs)."""
    asked: list[HistoryFilter] = []
    real = history.page

    def page(session: Session, f: HistoryFilter, *args: Any) -> history.HistoryPage:
        asked.append(f)
        return real(session, f, *args)

    monkeypatch.setattr(history, "page", page)
    return asked


def reload_with(qtbot: QtBot, view: CallHistoryView, action: Callable[[], object]) -> None:
    with qtbot.waitSignal(view.model.rows_loaded):
        action()


def test_only_the_first_page_of_100000_calls_is_loaded(view: CallHistoryView, store: Store,
                                                       qtbot: QtBot) -> None:
    QApplication.processEvents()  # the view's own "fetch more?" check has run
    model = view.model
    assert not model.loading
    assert model.rowCount() == history.PAGE_SIZE
    assert model.canFetchMore()
    assert [r.id for r in rows(model)] == newest_ids(store)
    assert view.loading.isHidden()
    first = rows(model)[0]
    shown = QLocale().toString(
        QDateTime.fromMSecsSinceEpoch(int(first.started_at.timestamp() * 1000)).toLocalTime(),
        QLocale.FormatType.ShortFormat)
    assert model.index(0, CallHistoryModel.COL_TIME).data() == shown
    assert model.index(0, CallHistoryModel.COL_CASE).data() == first.case_number


def test_scrolling_to_the_bottom_fetches_the_next_pages(view: CallHistoryView, store: Store,
                                                        qtbot: QtBot) -> None:
    for pages in (2, 3):
        with qtbot.waitSignal(view.model.rows_loaded):
            view.table.scrollToBottom()
        assert view.model.rowCount() == pages * history.PAGE_SIZE
    assert [r.id for r in rows(view.model)] == newest_ids(store, limit=3 * history.PAGE_SIZE)


def test_one_page_load_at_a_time(view: CallHistoryView, qtbot: QtBot,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    asked = counting_pages(monkeypatch)
    model = view.model
    with qtbot.waitSignal(model.rows_loaded):
        model.fetchMore()
        assert model.loading and not model.canFetchMore()
        model.fetchMore()  # scrolling on while the page is on its way asks for nothing
    assert len(asked) == 1
    assert model.rowCount() == 2 * history.PAGE_SIZE


@pytest.mark.parametrize(("button", "where", "check"), [
    ("show_missed", "outcome = 'missed'", lambda r: r.outcome is Outcome.MISSED),
    ("show_inbound", "direction = 'inbound'", lambda r: r.direction is Direction.INBOUND),
    ("show_outbound", "direction = 'outbound'", lambda r: r.direction is Direction.OUTBOUND),
])
def test_each_filter_button_changes_the_rows(view: CallHistoryView, store: Store, qtbot: QtBot,
                                             button: str, where: str,
                                             check: Callable[[HistoryRow], bool]) -> None:
    before = rows(view.model)
    assert not all(check(r) for r in before)
    reload_with(qtbot, view, lambda: qtbot.mouseClick(getattr(view, button),
                                                      Qt.MouseButton.LeftButton))
    after = rows(view.model)
    assert all(check(r) for r in after)
    assert [r.id for r in after] == newest_ids(store, where)
    reload_with(qtbot, view, lambda: qtbot.mouseClick(view.show_all, Qt.MouseButton.LeftButton))
    assert [r.id for r in rows(view.model)] == [r.id for r in before]


def test_today_and_disposition_filters(view: CallHistoryView, store: Store,
                                       qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: view.disposition.count() > 1)  # the list came from the store
    day = local_day_start()
    reload_with(qtbot, view, lambda: qtbot.mouseClick(view.today, Qt.MouseButton.LeftButton))
    assert view.model.filter().since == day
    today = rows(view.model)
    assert all(r.started_at >= day for r in today)
    stamp = day.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    assert [r.id for r in today] == newest_ids(store, f"started_at >= '{stamp}'")
    reload_with(qtbot, view, lambda: qtbot.mouseClick(view.today, Qt.MouseButton.LeftButton))

    index = view.disposition.findData("escalated")
    assert index > 0
    assert view.disposition.itemText(index) == "Escalated to engineer"
    reload_with(qtbot, view, lambda: view.disposition.setCurrentIndex(index))
    escalated = rows(view.model)
    assert len(escalated) == history.PAGE_SIZE
    assert {r.disposition_code for r in escalated} == {"escalated"}
    assert view.model.index(0, CallHistoryModel.COL_DISPOSITION).data() == (
        "Escalated to engineer")


def test_search_waits_for_a_pause_in_typing(view: CallHistoryView, qtbot: QtBot,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    asked = counting_pages(monkeypatch)
    with qtbot.waitSignal(view.model.rows_loaded):
        qtbot.keyClicks(view.search, "03-0007-1000")
        assert asked == []  # nothing asked while typing
    assert [f.search for f in asked] == ["03-0007-1000"]  # one query for twelve keys
    found = rows(view.model)
    assert found and {r.number for r in found} == {"03-0007-1000"}
    reload_with(qtbot, view, view.search.clear)
    assert len({r.number for r in rows(view.model)}) > 1


@pytest.mark.parametrize(("region", "sent", "shown"), [
    ("JP", "0016465550122", "+1 646-555-0122"),  # from Tokyo: with its country code
    ("US", "6465550122", "(646) 555-0122"),  # at home: as it is written there
])
def test_a_number_is_shown_as_the_agents_desk_writes_it_and_found_so(
        views: Callable[[], CallHistoryView], store: Store, qtbot: QtBot, region: str,
        sent: str, shown: str) -> None:
    labels.set_region(region)
    parsed = normalize(sent, region)  # as the desk logged the caller's number
    with store.session() as session:
        row = CallLog(id=uuid.uuid4(), direction=Direction.INBOUND, engine_call_id="ny",
                      started_at=datetime.now(UTC), number_raw=parsed.raw,
                      number_e164=parsed.e164, number_key=parsed.match_key,
                      outcome=Outcome.ANSWERED)
        session.add(row)
        logged = row.id
    view = views()
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.model.loading)
    model = view.model
    first = model.row_at(0)
    assert first is not None and first.id == logged
    assert model.index(0, model.COL_CALLER).data() == shown
    with qtbot.waitSignal(view.model.rows_loaded):  # after the pause in typing
        view.search.setText(shown)
    assert [r.id for r in rows(model)] == [logged]


def _row_with(view: CallHistoryView, check: Callable[[HistoryRow], bool]) -> int:
    return next(n for n, r in enumerate(rows(view.model)) if check(r))


def test_double_click_and_enter_open_the_sr(view: CallHistoryView, qtbot: QtBot) -> None:
    n = _row_with(view, lambda r: r.case_id is not None)
    row = rows(view.model)[n]
    rect = view.table.visualRect(view.model.index(n, CallHistoryModel.COL_CALLER))
    with qtbot.waitSignal(view.open_case) as opened:
        # As a mouse does it: the first click, then the second that makes it a double-click.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [row.case_id]

    other = _row_with(view, lambda r: r.case_id is not None and r.case_id != row.case_id)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(other, 0))
    with qtbot.waitSignal(view.open_case) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [rows(view.model)[other].case_id]


def test_context_menu_calls_back_and_copies_the_number(view: CallHistoryView,
                                                       qtbot: QtBot) -> None:
    n = _row_with(view, lambda r: r.case_id is not None)
    row = rows(view.model)[n]
    rect = view.table.visualRect(view.model.index(n, CallHistoryModel.COL_TIME))
    view.table.customContextMenuRequested.emit(rect.center())
    menu = view.menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    actions = {a.objectName(): a for a in menu.actions()}
    assert actions["historyCallBack"].isEnabled()
    with qtbot.waitSignal(view.call_back) as called:
        actions["historyCallBack"].trigger()
    assert called.args == [row.dial_number, row.case_number]
    assert row.dial_number == normalize(row.number).e164
    assert row.case_number.startswith("SR-2026-")
    menu.hide()

    plain = _row_with(view, lambda r: r.case_id is None)
    view.table.customContextMenuRequested.emit(
        view.table.visualRect(view.model.index(plain, 0)).center())
    actions["historyCopyNumber"].trigger()
    assert QGuiApplication.clipboard().text() == rows(view.model)[plain].dial_number
    assert not actions["historyOpen"].isEnabled()  # no SR on that call
    with qtbot.waitSignal(view.call_back) as called:
        actions["historyCallBack"].trigger()
    assert called.args == [rows(view.model)[plain].dial_number, ""]


def test_unseen_missed_calls_are_bold_until_marked_seen(views: Callable[[], CallHistoryView],
                                                       qtbot: QtBot) -> None:
    widget = views()
    qtbot.waitUntil(lambda: widget.unseen_missed == UNSEEN and widget.model.rowCount() > 0)
    assert "5" in widget.show_missed.text()
    model = widget.model
    unseen = [n for n, r in enumerate(rows(model)) if r.missed_unseen]
    assert len(unseen) == UNSEEN
    font = model.index(unseen[0], CallHistoryModel.COL_CALLER).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    badge = model.index(unseen[0], CallHistoryModel.COL_OUTCOME)
    assert badge.data() == "Missed"
    assert badge.data(Qt.ItemDataRole.BackgroundRole) is not None

    with qtbot.waitSignal(widget.unseen_missed_changed) as changed:
        widget.mark_missed_seen()
    assert changed.args == [0]
    assert widget.show_missed.text() == "&Missed"
    assert not any(r.missed_unseen for r in rows(model))
    assert model.index(unseen[0], CallHistoryModel.COL_CALLER).data(
        Qt.ItemDataRole.FontRole) is None


def test_a_late_page_of_the_previous_filter_is_dropped(view: CallHistoryView, qtbot: QtBot,
                                                       tasks: Tasks,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = history.page

    def slow_for_outbound(session: Session, f: HistoryFilter, *args: Any
                          ) -> history.HistoryPage:
        if f.direction is Direction.OUTBOUND:
            gate.wait(30)  # still on its way when the agent has moved on
        return real(session, f, *args)

    monkeypatch.setattr(history, "page", slow_for_outbound)
    arrived: list[int] = []
    view.model.rows_loaded.connect(arrived.append)
    try:
        qtbot.mouseClick(view.show_outbound, Qt.MouseButton.LeftButton)
        reload_with(qtbot, view, lambda: qtbot.mouseClick(view.show_inbound,
                                                          Qt.MouseButton.LeftButton))
    finally:
        gate.set()
    # The outbound page comes back only now (results cross on the UI thread, which has not
    # run events since the gate opened), while this waits for every task to settle.
    with qtbot.waitSignal(tasks.busy_changed, check_params_cb=lambda n: n == 0):
        pass
    assert arrived == [history.PAGE_SIZE]
    assert {r.direction for r in rows(view.model)} == {Direction.INBOUND}
    assert view.model.rowCount() == history.PAGE_SIZE


def test_a_failed_page_is_a_message_and_keeps_the_search(view: CallHistoryView, qtbot: QtBot,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    real = history.page

    def locked(_session: Session, *_args: Any) -> history.HistoryPage:
        raise StoreError("locked", "/tmp/caseline.db", "database is locked")

    monkeypatch.setattr(history, "page", locked)
    before = view.model.rowCount()
    with qtbot.waitSignal(view.model.load_failed):
        view.search.setText("山田")  # (QTest types ASCII only)
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.search.text() == "山田"
    assert view.status.text() == error_text(StoreError("locked", ""))
    assert "busy" in view.status.text() and "Traceback" not in view.status.text()
    assert not view.status.isHidden() and not view.retry.isHidden()
    assert view.model.rowCount() == before  # what was on screen stays
    assert not view.model.canFetchMore()  # no retry loop behind the agent's back

    monkeypatch.setattr(history, "page", real)
    reload_with(qtbot, view, lambda: qtbot.mouseClick(view.retry, Qt.MouseButton.LeftButton))
    assert view.status.isHidden() and view.retry.isHidden()
    assert view.model.filter().search == "山田"
    assert {r.contact_name for r in rows(view.model)} == {"山田 太郎"}


def test_every_control_is_named_for_screen_readers_and_in_tab_order(
        view: CallHistoryView) -> None:
    controls: list[QWidget] = [view.show_all, view.show_missed, view.show_inbound,
                               view.show_outbound, view.today, view.disposition, view.search,
                               view.table]
    for control in [*controls, view.retry]:
        assert control.accessibleName(), control.objectName()
    order: list[QWidget] = []
    widget: QWidget | None = view.show_all
    while widget is not None and len(order) < len(controls):
        if widget in controls:  # skip the parts inside a control and the labels
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert order == controls
    shortcuts = {a.objectName(): a.shortcut().toString() for a in view.table.actions()}
    assert shortcuts["historyCallBack"] == "Ctrl+Return"
    assert shortcuts["historyOpen"] == "Return"


def test_labels_are_words_not_codes(view: CallHistoryView, qtbot: QtBot) -> None:
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.COLUMNS)]
    assert headers == ["Time", "Direction", "Caller", "SR", "Outcome", "Disposition",
                       "Duration"]
    inbound = _row_with(view, lambda r: r.direction is Direction.INBOUND
                        and r.outcome is Outcome.ANSWERED)
    assert model.index(inbound, model.COL_DIRECTION).data() == "Inbound"
    assert model.index(inbound, model.COL_OUTCOME).data() == "Answered"
    talk = rows(model)[inbound].talk_seconds
    assert model.index(inbound, model.COL_DURATION).data() == (
        f"{int(talk) // 60}:{int(talk) % 60:02d}")
    missed = _row_with(view, lambda r: r.outcome is Outcome.MISSED)
    assert model.index(missed, model.COL_DURATION).data() == "rang 0:09"
    caller = model.index(_row_with(view, lambda r: r.case_id is not None),
                         model.COL_CALLER).data()
    assert caller.startswith("山田 太郎 / 株式会社こだま薬品 / 03-")


def test_a_disposition_is_set_afterwards_from_the_context_menu(
        view: CallHistoryView, qtbot: QtBot, store: Store) -> None:
    """A call that ended while another was live had no wrap-up: its disposition comes here."""
    n = _row_with(view, lambda r: r.outcome is not None and r.disposition_code != "escalated")
    row = rows(view.model)[n]
    qtbot.waitUntil(lambda: bool(view._choices))  # the dispositions load in the background
    view.table.customContextMenuRequested.emit(
        view.table.visualRect(view.model.index(n, 0)).center())
    assert view.menu is not None
    qtbot.waitUntil(view.menu.isVisible)
    escalated = next(a for a in view.disposition_menu.actions()
                     if a.text() == "Escalated to engineer")
    with qtbot.waitSignal(view.model.rows_loaded, timeout=10000):
        escalated.trigger()
    view.menu.hide()
    with store.session() as s:
        log = s.get(CallLog, row.id)
        assert log is not None and log.disposition_code == "escalated"


def test_a_caller_refused_because_every_line_was_busy_shows_why(
        view: CallHistoryView, store: Store, qtbot: QtBot) -> None:
    with store.session() as session:
        session.add(CallLog(direction=Direction.INBOUND, engine_call_id="refused-1",
                            number_raw="0611112222", started_at=datetime.now(UTC),
                            outcome=Outcome.MISSED, end_reason="over_capacity", sip_status=486))
    reload_with(qtbot, view, view.apply_filter)
    newest = view.model.row_at(0)
    assert newest is not None and newest.end_reason == "over_capacity"
    shown = view.model.data(view.model.index(0, CallHistoryModel.COL_OUTCOME))
    assert shown == f"{labels.outcome_label(Outcome.MISSED)} (refused: all lines busy)"
    # An ordinary missed call says only that.
    assert view.model.data(view.model.index(1, CallHistoryModel.COL_OUTCOME)) in (
        labels.outcome_label(Outcome.MISSED), labels.outcome_label(Outcome.ANSWERED))
