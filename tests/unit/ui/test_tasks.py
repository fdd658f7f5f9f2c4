"""Workspace + Tasks: store work off the UI thread, results back on it, errors as data."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QObject
from sqlalchemy import select

from app.cases.models import BreakReason
from app.cases.service import CaseError, ensure_agent
from app.cases.store import StoreError

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot
    from sqlalchemy.orm import Session

    from app.cases.store import Store
    from app.orchestration.workspace import Workspace
    from app.ui.tasks import Tasks


def _agent_name(session: Session, identity: str) -> str:
    return ensure_agent(session, identity, "Aiko").name


def test_a_write_is_committed_before_its_result_arrives(workspace: Workspace,
                                                        store: Store) -> None:
    assert workspace.write(_agent_name, "aiko@desk").result(10) == "Aiko"
    with store.session() as s:  # another connection sees it: it was committed
        assert ensure_agent(s, "aiko@desk").name == "Aiko"


def test_a_failing_write_rolls_back_and_reports(workspace: Workspace, store: Store) -> None:
    def half_then_fail(session: Session) -> None:
        ensure_agent(session, "half@desk")
        raise CaseError("title_required")

    with pytest.raises(CaseError) as caught:
        workspace.write(half_then_fail).result(10)
    assert caught.value.code == "title_required"
    with store.session() as s:
        assert ensure_agent(s, "other@desk").name == "other@desk"
        assert s.scalars(select(BreakReason)).first() is not None
        from app.cases.models import Agent  # noqa: PLC0415

        assert s.scalars(select(Agent).where(Agent.sip_identity == "half@desk")).first() is None


def test_reads_run_off_the_calling_thread(workspace: Workspace) -> None:
    caller = threading.get_ident()
    seen = workspace.read(lambda _s: threading.get_ident()).result(10)
    assert seen != caller


def test_results_come_back_on_the_ui_thread(tasks: Tasks, qtbot: QtBot) -> None:
    context = QObject()
    got: list[tuple[str, int]] = []
    tasks.watch(tasks.read(_agent_name, "x@desk"), context,
                lambda name: got.append((name, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(got))
    assert got == [("Aiko", threading.get_ident())]


def test_errors_reach_on_error_and_a_deleted_widget_hears_nothing(tasks: Tasks,
                                                                  qtbot: QtBot) -> None:
    context = QObject()
    errors: list[BaseException] = []

    def boom(_s: Session) -> None:
        raise CaseError("no_such_case")

    tasks.watch(tasks.read(boom), context, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], CaseError)

    # The read finishes only once its widget is gone: a result that comes back while the
    # widget still lives is rightly delivered, so the order has to be forced, not hoped for.
    gone = QObject()
    released = threading.Event()
    gone.destroyed.connect(released.set)

    def name_once_gone(session: Session, identity: str) -> str:
        assert released.wait(10), "the widget was never deleted"
        return _agent_name(session, identity)

    heard: list[object] = []
    with qtbot.waitSignal(tasks.busy_changed, check_params_cb=lambda n: n == 0):
        future = tasks.read(name_once_gone, "late@desk")
        tasks.watch(future, gone, heard.append)
        gone.deleteLater()
    assert future.result(0) == "Aiko"  # the work itself was done; only its answer was dropped
    assert heard == []


def test_a_broken_database_is_a_store_error(tasks: Tasks, store: Store) -> None:
    def bad_sql(session: Session) -> None:
        from sqlalchemy import text  # noqa: PLC0415

        session.execute(text("SELECT * FROM no_such_table"))

    with pytest.raises(StoreError) as caught:
        tasks.read(bad_sql).result(10)
    assert caught.value.code == "failed"
