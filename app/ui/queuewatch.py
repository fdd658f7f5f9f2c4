"""The queue watch dock: the team's open SRs by queue and language, exceptions flagged, and
the desk's actions on them (take, route, escalate).

Everything is read and written through ``Tasks`` to app.cases.queuewatch, over what the PC
last pulled; the freshness line says when that was. Evaluated again after every pull (the main
window calls ``refresh``) and on a timer; the clock is injected, so "no update for N hours"
is tested without waiting. A new exception (one the previous evaluation did not have, never
at the first load) is announced by ``new_exceptions`` for the tray.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cases import queuewatch
from app.cases.models import CaseStatus
from app.cases.queuewatch import MAX_REASON, WatchException, WatchRules
from app.config.settings import QueueWatchSettings
from app.ui.labels import (
    case_number_label,
    error_text,
    language_label,
    local_datetime,
    local_time,
    priority_label,
    status_label,
    ui_language,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from app.cases.queuewatch import WatchedCase, WatchView
    from app.ui.tasks import Tasks

ID_ROLE = Qt.ItemDataRole.UserRole
REFRESH_MS = QueueWatchSettings().refresh_seconds * 1000


def watch_rules(settings: QueueWatchSettings | None) -> WatchRules:
    """``[queue_watch]`` as the watch's rules (its defaults when there is no config)."""
    chosen = settings or QueueWatchSettings()
    return WatchRules.from_hours(chosen.stale_hours, chosen.due_hours,
                                 chosen.translation_hours, chosen.queue_languages)


def exception_label(kind: WatchException) -> str:
    names = {
        WatchException.OVERDUE: QCoreApplication.translate("QueueWatch", "Past target time"),
        WatchException.WRONG_LANGUAGE: QCoreApplication.translate(
            "QueueWatch", "Language not taken here"),
        WatchException.UNASSIGNED: QCoreApplication.translate("QueueWatch", "Unassigned"),
        WatchException.PRIORITY_UNCONFIRMED: QCoreApplication.translate(
            "QueueWatch", "Priority not confirmed"),
        WatchException.TRANSLATION_OVERDUE: QCoreApplication.translate(
            "QueueWatch", "Translation overdue"),
        WatchException.STALE: QCoreApplication.translate("QueueWatch", "No recent update"),
    }
    return names[kind]


def queue_label(queue: str) -> str:
    return queue or QCoreApplication.translate("QueueWatch", "(no queue)")


def _error(exc: BaseException) -> str:
    code = str(getattr(exc, "code", ""))
    own = {
        "reason_required": QCoreApplication.translate("QueueWatch", "Give a reason."),
        "reason_too_long": QCoreApplication.translate("QueueWatch", "The reason is too long."),
        "queue_required": QCoreApplication.translate("QueueWatch", "Choose a queue."),
        "same_queue": QCoreApplication.translate("QueueWatch",
                                                 "The SR is already in that queue."),
        "already_yours": QCoreApplication.translate("QueueWatch", "You own this SR already."),
        "already_escalated": QCoreApplication.translate("QueueWatch",
                                                        "This SR is escalated already."),
        "stale": QCoreApplication.translate(
            "QueueWatch", "The SR changed since the watch showed it; look again."),
    }
    return own.get(code) or error_text(exc)


class ReasonDialog(QDialog):
    """A reason, and for a route the queue to move to (the team's known queues offered; any
    name may be typed: the centre refuses another team's)."""

    def __init__(self, heading: str, queues: list[str] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueWatchReason")
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.queue: QComboBox | None = None
        form = QFormLayout()
        self.queue_label = QLabel()
        if queues is not None:
            self.queue = QComboBox()
            self.queue.setObjectName("routeQueue")
            self.queue.setEditable(True)
            self.queue.addItems(queues)
            self.queue.setCurrentIndex(-1)
            self.queue.editTextChanged.connect(self._update)
            self.queue_label.setBuddy(self.queue)
            form.addRow(self.queue_label, self.queue)
        self.reason_label = QLabel()
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("actionReason")
        self.reason.setTabChangesFocus(True)
        self.reason.textChanged.connect(self._update)
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.reason_label, self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update()

    def chosen_queue(self) -> str:
        return self.queue.currentText().strip() if self.queue is not None else ""

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _update(self) -> None:
        ready = bool(self.reason_text()) and len(self.reason_text()) <= MAX_REASON
        if self.queue is not None:
            ready = ready and bool(self.chosen_queue())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(ready)

    def retranslate(self) -> None:
        self.queue_label.setText(self.tr("&Queue"))
        self.reason_label.setText(self.tr("&Reason"))
        self.reason.setAccessibleName(self.tr("Reason, noted on the SR"))
        if self.queue is not None:
            self.setWindowTitle(self.tr("Route the SR"))
            self.queue.setAccessibleName(self.tr("Queue to route to"))
        else:
            self.setWindowTitle(self.tr("Escalate the SR"))


class QueueWatchView(QWidget):
    """Per queue and language, the open SRs, the worst first; badges name their exceptions."""

    open_case = Signal(object)  # case id
    new_exceptions = Signal(object)  # list[tuple[WatchedCase, WatchException]], new since last
    evaluated = Signal(object)  # the WatchView just shown
    action_done = Signal(str)  # a translated sentence for the status bar

    COLUMNS = 6

    def __init__(self, tasks: Tasks, rules: WatchRules, clock: Callable[[], datetime],
                 parent: QWidget | None = None, *, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.rules = rules
        self.clock = clock
        self.view: WatchView | None = None
        self.dialog: ReasonDialog | None = None  # the route or escalate dialog, while open
        self._previous: frozenset[tuple[uuid.UUID, WatchException]] | None = None
        self._seq = 0
        self.tree = QTreeWidget()
        self.tree.setObjectName("queueWatch")
        self.tree.setColumnCount(self.COLUMNS)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemActivated.connect(lambda *_: self._open_selected())
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.freshness = QLabel()
        self.freshness.setObjectName("queueWatchFreshness")
        self.status = QLabel()
        self.status.setObjectName("queueWatchStatus")
        self.status.setWordWrap(True)
        # What the last action did, or why it was refused: said before the counts, until the
        # agent picks another SR.
        self.notice = ""
        self._filling = False  # the list being rebuilt: its selection changes are not the agent's
        self.take_button = QPushButton()
        self.take_button.setObjectName("queueWatchTake")
        self.take_button.clicked.connect(self.take_selected)
        self.route_button = QPushButton()
        self.route_button.setObjectName("queueWatchRoute")
        self.route_button.clicked.connect(self.route_selected)
        self.escalate_button = QPushButton()
        self.escalate_button.setObjectName("queueWatchEscalate")
        self.escalate_button.clicked.connect(self.escalate_selected)
        row = QHBoxLayout()  # one row under the list, as the translation queue's
        row.addWidget(self.freshness)
        row.addWidget(self.status, 1)
        for button in (self.take_button, self.route_button, self.escalate_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.retranslate()
        self._update_buttons()

    # -- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.tasks.workspace is None:
            return
        self._seq += 1
        self.tasks.watch(self.tasks.read(queuewatch.evaluate, self.rules, self.clock()), self,
                         partial(self._loaded, self._seq), self._failed)

    def _loaded(self, seq: int, view: WatchView) -> None:
        if seq != self._seq:
            return
        self.view = view
        flagged = view.flagged()
        if self._previous is not None:
            fresh = flagged - self._previous
            if fresh:
                found = [(case, kind) for group in view.groups for case in group.cases
                         for kind in case.exceptions if (case.id, kind) in fresh]
                self.new_exceptions.emit(found)
        self._previous = flagged
        self._show()
        self.evaluated.emit(view)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The queue watch could not be read: {reason}")
                            .format(reason=error_text(exc)))

    def _show(self) -> None:
        selected = self.selected()
        self._filling = True
        try:
            self._fill(selected)
        finally:
            self._filling = False
        self._show_freshness()
        self._show_status()
        self._update_buttons()

    def _fill(self, selected: WatchedCase | None) -> None:
        self.tree.clear()
        view = self.view
        if view is None:
            return
        for group in view.groups:
            top = QTreeWidgetItem([self.tr("{queue} · {language} ({count})").format(
                queue=queue_label(group.queue), language=language_label(group.language),
                count=len(group.cases))])
            if group.exceptions:
                top.setText(2, self.tr("%n with exceptions", "", group.exceptions))
            self.tree.addTopLevelItem(top)
            for case in group.cases:
                item = QTreeWidgetItem([
                    case_number_label(case.number), priority_label(case.priority),
                    self.badges(case), case.owner or self.tr("(nobody)"),
                    local_datetime(case.created_at), case.title])
                item.setData(0, ID_ROLE, case.id)
                item.setToolTip(2, self._details(case))
                if case.exceptions:
                    item.setForeground(2, Qt.GlobalColor.darkRed)
                top.addChild(item)
                if selected is not None and case.id == selected.id:
                    item.setSelected(True)
            top.setExpanded(True)

    def badges(self, case: WatchedCase) -> str:
        return " · ".join(exception_label(kind) for kind in case.exceptions)

    def _details(self, case: WatchedCase) -> str:
        return self.tr("Status {status}; last update {updated}; target {due}").format(
            status=status_label(case.status), updated=local_datetime(case.last_update),
            due=local_datetime(case.due_at))

    def _show_freshness(self) -> None:
        view = self.view
        if view is None:
            self.freshness.setText("")
        elif view.as_of is None:
            self.freshness.setText(self.tr("Not synced yet: this PC's own SRs only"))
        else:
            self.freshness.setText(self.tr("As of {time} (last sync)").format(
                time=local_time(view.as_of)))

    def _show_status(self) -> None:
        view = self.view
        if view is None:
            return
        flagged = sum(group.exceptions for group in view.groups)
        if flagged:
            counts = self.tr("%n SR(s) with exceptions", "", flagged)
        elif view.groups:
            counts = self.tr("No exceptions in the team's queues.")
        else:
            counts = self.tr("No open SRs in the team's queues.")
        self.status.setText(f"{self.notice} {counts}" if self.notice else counts)

    # -- acting -------------------------------------------------------------------------------

    def selected(self) -> WatchedCase | None:
        items = self.tree.selectedItems()
        wanted = items[0].data(0, ID_ROLE) if items else None
        if not isinstance(wanted, uuid.UUID) or self.view is None:
            return None
        return self.view.case(wanted)

    def _selection_changed(self) -> None:
        if self.notice and not self._filling and self.selected() is not None:
            self.notice = ""
            self._show_status()
        self._update_buttons()

    def _update_buttons(self) -> None:
        case = self.selected()
        self.take_button.setEnabled(case is not None)
        self.route_button.setEnabled(case is not None)
        self.escalate_button.setEnabled(case is not None
                                        and case.status is not CaseStatus.ESCALATED)

    def take_selected(self) -> None:
        case = self.selected()
        agent = self.tasks.agent_id()
        if case is None:
            return
        if agent is None:
            self.notice = self.tr("Who is signed in is not known yet; try again.")
            self._show_status()
            return
        log = (self.tr("Took ownership from {owner} (queue watch).").format(owner=case.owner)
               if case.owner else self.tr("Took ownership (queue watch)."))
        self._write(self.tr("{number}: yours now.").format(number=case.number),
                    queuewatch.take_ownership, case.id, case.version, agent_id=agent,
                    log=log, language=ui_language())

    def route_selected(self) -> None:
        case = self.selected()
        if case is None:
            return
        known = set(self.rules.queue_languages)
        if self.view is not None:
            known |= {g.queue for g in self.view.groups if g.queue}
        known.discard(case.queue)
        dialog = ReasonDialog(self.tr("Route {number} from {queue} to:").format(
            number=case.number, queue=queue_label(case.queue)), sorted(known), self)
        dialog.accepted.connect(partial(self._route, case, dialog))
        self._open_dialog(dialog)

    def escalate_selected(self) -> None:
        case = self.selected()
        if case is None:
            return
        dialog = ReasonDialog(self.tr("Escalate {number}: why?").format(number=case.number),
                              None, self)
        dialog.accepted.connect(partial(self._escalate, case, dialog))
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: ReasonDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()  # not exec(): the watch keeps refreshing behind it

    def _route(self, case: WatchedCase, dialog: ReasonDialog) -> None:
        target = dialog.chosen_queue()
        self._write(self.tr("{number} routed to {queue}.").format(number=case.number,
                                                                  queue=target),
                    queuewatch.route_case, case.id, case.version, target,
                    reason=dialog.reason_text(), agent_id=self.tasks.agent_id(),
                    log=self.tr("Routed from {old} to {new} (queue watch). Reason:").format(
                        old=queue_label(case.queue), new=target),
                    language=ui_language())

    def _escalate(self, case: WatchedCase, dialog: ReasonDialog) -> None:
        self._write(self.tr("{number} escalated.").format(number=case.number),
                    queuewatch.escalate_case, case.id, case.version,
                    reason=dialog.reason_text(), agent_id=self.tasks.agent_id(),
                    log=self.tr("Escalated (queue watch). Reason:"), language=ui_language())

    def _write(self, done: str, fn: Callable[..., int], /, *args: object,
               **kwargs: object) -> None:
        def finished(_version: int) -> None:
            self.notice = done
            self.action_done.emit(done)
            self.refresh()

        def refused(exc: BaseException) -> None:
            self.notice = _error(exc)
            self.refresh()  # a stale SR: the agent sees what it is now

        self.tasks.watch(self.tasks.write(fn, *args, **kwargs), self, finished, refused)

    def _open_selected(self) -> None:
        case = self.selected()
        if case is not None:
            self.open_case.emit(case.id)

    def _context_menu(self, at: QPoint) -> None:
        item = self.tree.itemAt(at)
        if item is None or not isinstance(item.data(0, ID_ROLE), uuid.UUID):
            return
        item.setSelected(True)
        menu = self.context_menu()
        menu.popup(self.tree.viewport().mapToGlobal(at))

    def context_menu(self) -> QMenu:
        """The selected SR's actions, as the right-click shows them."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open the SR"), self._open_selected)
        menu.addAction(self.tr("Take ownership"), self.take_selected)
        menu.addAction(self.tr("Route…"), self.route_selected)
        escalate = menu.addAction(self.tr("Escalate…"), self.escalate_selected)
        escalate.setEnabled(self.escalate_button.isEnabled())
        return menu

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("SR"), self.tr("Priority"), self.tr("Exceptions"),
                                   self.tr("Owner"), self.tr("Created"), self.tr("Title")])
        self.tree.setAccessibleName(self.tr("Queue watch: the team's SRs by queue and "
                                            "language, exceptions first"))
        self.take_button.setText(self.tr("&Take"))
        self.take_button.setToolTip(self.tr("Take ownership of the selected SR"))
        self.route_button.setText(self.tr("&Route…"))
        self.route_button.setToolTip(self.tr("Move the SR to another queue, with a reason"))
        self.escalate_button.setText(self.tr("&Escalate…"))
        self.escalate_button.setToolTip(self.tr("Escalate the SR, with a reason"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
