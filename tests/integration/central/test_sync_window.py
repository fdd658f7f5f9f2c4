"""The sync in the agent's window: the status bar follows a real worker against the real
centre, and a conflict is settled through the dialog the agent sees."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.orchestration.desk import StoreWorker
from app.orchestration.workspace import Workspace
from app.sync.worker import SyncWorker
from app.ui.callcenter import CallCenter
from app.ui.main_window import MainWindow
from app.ui.sync import ConflictDialog
from app.ui.sync_control import SyncControl
from app.ui.tasks import Tasks
from tests.integration.central.agents import Agent
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from tests.integration.central.helpers import Central

WAIT_MS = 20_000  # a ceiling only a broken test reaches


def test_conflict_shown_in_the_status_bar_and_settled_in_the_dialog(
        central: Central, tmp_path: Path, qtbot: QtBot) -> None:
    alice, bob = Agent(central, "alice", tmp_path), Agent(central, "bob", tmp_path)
    writer = StoreWorker(alice.store, lambda _problem: None)
    workspace = Workspace(alice.store, writer)
    tasks = Tasks(workspace)
    window = MainWindow(CallCenter(NoPhone(), tasks), tasks,
                        state=QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)  # closed and deleted by pytest-qt, on this thread
    # Not woken by bob's push, and no pull on a timer after the first round: alice's edit below
    # must meet bob's in her push. A pull between bob's push and her edit takes bob's title
    # cleanly, with no conflict to show (it did, at random, with a 0.2 s pull).
    control = SyncControl(SyncWorker(alice.syncer, push_interval=0.05, pull_interval=3600,
                                     listen=False), tasks, parent=window)
    try:
        window.attach_sync(control)
        window.show()
        qtbot.waitExposed(window)
        title = f"Fax {uuid.uuid4().hex[:6]}"
        case_id = alice.new_case(title)
        control.start()
        qtbot.waitUntil(lambda: control.status.last_success is not None
                        and control.status.queued == 0, timeout=WAIT_MS)
        assert window.sync_indicator.isVisible()

        bob.syncer.once()
        bob.edit_case(case_id, title=f"{title}: toner")
        bob.syncer.once()
        alice.edit_case(case_id, title=f"{title}: drum")
        qtbot.waitUntil(lambda: control.status.conflicts == 1, timeout=WAIT_MS)

        seen: list[ConflictDialog] = []

        def choose_mine() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, ConflictDialog):
                QTimer.singleShot(20, choose_mine)
                return
            seen.append(dialog)
            dialog.keep_all("mine")
            dialog.accept()

        QTimer.singleShot(0, choose_mine)
        window.sync_indicator.conflicts_requested.emit()  # the dialog opens once it is read
        qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
        assert [f.field for f in seen[0].conflict.fields] == ["title"]
        qtbot.waitUntil(lambda: control.status.conflicts == 0
                        and control.status.queued == 0, timeout=WAIT_MS)
        bob.syncer.once()
        case = bob.case(case_id)
        assert case is not None and case.title == f"{title}: drum"
    finally:
        control.stop()  # joins the sync thread: nothing emits after this
        workspace.close()
        writer.stop()
        alice.close()
        bob.close()
