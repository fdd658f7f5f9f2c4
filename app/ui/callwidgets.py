"""The widgets of a call: the incoming pop-up, the in-call panel, the keypad, wrap-up."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cases.numbers import CallerKind
from app.cases.resolver import Pop
from app.cases.wrapup import detect_language
from app.telephony.dialplan import clean_number
from app.telephony.events import CallState, ConferenceEvent, ConferenceState, ConsultOutcome
from app.ui import labels
from app.ui.icons import icon
from app.ui.labels import ui_language
from app.ui.levelmeter import LevelMeter
from app.ui.team import TeamList
from app.ui.widgets import NoteLanguage, is_editable, park_focus

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from app.cases.choices import Choice
    from app.cases.models import Language
    from app.ui.actions import CallActions
    from app.ui.callcenter import CallCenter, CallInfo
    from app.ui.team import Team


def caller_lines(call: CallInfo) -> tuple[str, str, str]:
    """(who, company, number) for a call, from the screen-pop when there is one."""
    remote = call.event.remote
    number = labels.phone(remote.user) if remote.user else remote.uri  # before the pop
    who, company = remote.display_name, ""
    resolution = call.resolution
    if resolution is not None:
        draft = resolution.draft
        who = draft.contact_name or who
        company = draft.company
        if resolution.caller.kind is CallerKind.ANONYMOUS:
            number = QCoreApplication.translate("CallWidgets", "Withheld number")
        else:
            number = resolution.caller.display() or number
    return who or number, company, number


class ActionButton(QToolButton):
    """A call control: 64 px at least, and never narrower than its text in the current
    language (an explicit minimum width would let the layout cut a long translation short)."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()  # a tool button's is its size hint: the whole text
        return QSize(max(64, hint.width()), hint.height())


def action_button(action: QAction, *, text: bool = True,
                  style: str = "") -> QToolButton:
    button = ActionButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon if text
                              else Qt.ToolButtonStyle.ToolButtonIconOnly)
    button.setAutoRaise(False)
    if style:
        button.setObjectName(style)
    return button


class IncomingPopup(QFrame):
    """A ringing call, on top of everything, that never takes the keyboard from the agent."""

    def __init__(self, center: CallCenter, actions: CallActions, call_id: str) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("incomingPopup")
        self.setFrameShape(QFrame.Shape.Box)
        self.center = center
        self.call_id = call_id
        self.index = 0  # place among the ringing calls' pop-ups, bottom up
        self.heading = QLabel()
        self.heading.setObjectName("popupHeading")
        self.who = QLabel()
        self.who.setObjectName("popupCaller")
        self.company = QLabel()
        self.number = QLabel()
        self.language = QLabel()
        self.repeat = QLabel()
        self.repeat.setObjectName("popupRepeat")
        self.case = QLabel()
        self.case.setObjectName("popupCase")
        self.case.setWordWrap(True)
        for label in (self.who, self.company, self.number, self.language, self.repeat):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.answer_button = QPushButton()
        self.answer_button.setObjectName("answerButton")
        self.answer_button.setIcon(icon("answer-white"))
        self.decline_button = QPushButton()
        self.decline_button.setObjectName("declineButton")
        self.decline_button.setIcon(icon("hangup-white"))
        for button in (self.answer_button, self.decline_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a stray Enter must not answer
            button.setMinimumHeight(36)
        self.answer_button.clicked.connect(lambda: center.answer(call_id))
        self.decline_button.clicked.connect(lambda: center.decline(call_id))
        self._answer_keys = actions.answer.shortcuts()
        self._decline_keys = actions.decline.shortcuts()

        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.who)
        layout.addWidget(self.company)
        layout.addWidget(self.number)
        layout.addWidget(self.language)
        layout.addWidget(self.repeat)
        layout.addWidget(self.case)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self.setMinimumWidth(340)
        self.retranslate()
        center.screen_pop.connect(self._on_pop)

    def _on_pop(self, call_id: str, _stage: str) -> None:
        if call_id == self.call_id:
            self.refresh()
            if self.isVisible():
                self.place(self.index)  # it grew: keep it on the screen

    def refresh(self) -> None:
        call = self.center.info(self.call_id)
        if call is None:
            return
        who, company, number = caller_lines(call)
        self.heading.setText(self.tr("Call waiting") if call.waiting
                             else self.tr("Incoming call"))
        self.who.setText(who)
        self.company.setText(company)
        self.company.setVisible(bool(company))
        self.number.setText(number if number != who else "")
        self.number.setVisible(number != who)
        resolution = call.resolution
        if resolution is None:
            self.language.hide()
            self.repeat.hide()
            self.case.setText(self.tr("Looking up the caller…"))
            return
        self.language.setText(self.tr("Speaks: {language}").format(
            language=labels.language_label(resolution.draft.language.value)))
        self.language.show()
        repeat = resolution.repeat
        if repeat.calls and repeat.last_at is not None:
            when = labels.local_datetime(repeat.last_at)
            self.repeat.setText(self.tr("Repeat caller: %n call(s) this week, last %1", "",
                                        repeat.calls).replace("%1", when))
            self.repeat.show()
        else:
            self.repeat.hide()
        handoff = call.handoff
        if resolution.pop is Pop.CASE and resolution.case is not None:
            case = resolution.case
            self.case.setText(self.tr("{number}: {title}\n{priority} · {status}").format(
                number=case.number, title=case.title, priority=labels.priority_label(case.priority),
                status=labels.status_label(case.status)))
            if handoff is not None and handoff.summary:
                self.case.setText(self.case.text() + "\n" + handoff.summary)
        elif handoff is not None:
            # A colleague's transfer naming an SR this PC does not have (yet): what came with it.
            priority = labels.priority_label(handoff.priority) if handoff.priority else ""
            self.case.setText(self.tr("Transferred with {number} {priority}\n{summary}").format(
                number=handoff.number, priority=priority, summary=handoff.summary).strip())
        elif resolution.pop is Pop.CANDIDATES:
            self.case.setText(self.tr("%n candidate SR(s)", "", len(resolution.candidates)))
        else:
            self.case.setText(self.tr("New SR"))

    def retranslate(self) -> None:
        def keys(seq: list[QKeySequence]) -> str:
            return seq[0].toString(QKeySequence.SequenceFormat.NativeText) if seq else ""

        self.answer_button.setText(self.tr("Answer ({keys})").format(
            keys=keys(self._answer_keys)))
        self.decline_button.setText(self.tr("Decline ({keys})").format(
            keys=keys(self._decline_keys)))
        self.answer_button.setAccessibleName(self.tr("Answer the call"))
        self.decline_button.setAccessibleName(self.tr("Decline the call"))
        self.setAccessibleName(self.tr("Incoming call"))
        self.refresh()

    def place(self, index: int) -> None:
        """Bottom-right of the screen, stacked upwards when several calls ring."""
        self.index = index
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        x = area.right() - self.width() - 16
        y = area.bottom() - (self.height() + 12) * (index + 1) - 4
        self.move(max(area.left(), x), max(area.top(), y))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class Keypad(QWidget):
    """12 keys; in a call they send DTMF, otherwise they type into the dial field."""

    pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(4)
        grid.setContentsMargins(0, 0, 0, 0)
        self._keys: dict[str, QToolButton] = {}
        letters = ["", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ", "", "+", ""]
        for index, key in enumerate("123456789*0#"):
            button = QToolButton()
            button.setText(f"{key}\n{letters[index]}" if letters[index] else key)
            button.setObjectName(f"key_{key}")
            button.setMinimumSize(48, 40)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setAccessibleName(self.tr("Key {key}").format(key=key))
            button.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
            grid.addWidget(button, index // 3, index % 3)
            self._keys[key] = button

    def key(self, key: str) -> QToolButton:
        return self._keys[key]


class TransferDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, team: Team | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Blind transfer"))
        self.target = QLineEdit()
        self.target.setAccessibleName(self.tr("Transfer to"))
        self.target.setPlaceholderText(self.tr("Number, extension or SIP address"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Transfer"))
        ok.setEnabled(False)
        self.target.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Transfer the caller to:")))
        self.team = _team_picker(team, self.target, self, ok)
        if self.team is not None:
            layout.addWidget(self.team)
        layout.addWidget(self.target)
        layout.addWidget(buttons)

    def value(self) -> str:
        return clean_number(self.target.text()) if not self.target.text().strip().lower(
        ).startswith("sip") else self.target.text().strip()


def _team_picker(team: Team | None, target: QLineEdit, dialog: QDialog,
                 ok: QPushButton) -> TeamList | None:
    """The team list above a picker's target field: a click fills it, a double click (or
    Enter) goes ahead. None without colleagues: the field alone, as before."""
    if team is None or not team.members():
        return None
    picker = TeamList(team)

    def chosen(item: QListWidgetItem) -> None:
        target.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    picker.itemClicked.connect(chosen)
    def moved(item: QListWidgetItem | None, _old: QListWidgetItem | None) -> None:
        if item is not None:  # the keys move the choice too
            chosen(item)

    picker.currentItemChanged.connect(moved)
    def go(item: QListWidgetItem) -> None:
        chosen(item)
        if ok.isEnabled():
            dialog.accept()

    picker.itemActivated.connect(go)
    return picker


class ConsultDialog(QDialog):
    """Attended transfer, first step: whom to consult, why (for the SR's escalation) and the
    one line that goes with the call to them."""

    REASONS = ("needs_engineer", "needs_specialist", "billing", "language", "translation",
               "other")

    def __init__(self, parent: QWidget | None = None, team: Team | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Consult before transferring"))
        self.target = QLineEdit()
        self.target.setAccessibleName(self.tr("Consult"))
        self.target.setPlaceholderText(self.tr("Number, extension or SIP address"))
        self.reason_code = QComboBox()
        self.reason_code.setAccessibleName(self.tr("Reason"))
        labels_ = {
            "needs_engineer": self.tr("Needs an engineer"),
            "needs_specialist": self.tr("Needs a specialist"),
            "billing": self.tr("Billing question"),
            "language": self.tr("Another language"),
            # A translator joins a three-way call (Conference), their time logged as such.
            "translation": self.tr("Translation (three-way call)"),
            "other": self.tr("Other"),
        }
        for code in self.REASONS:
            self.reason_code.addItem(labels_[code], code)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Why, in a few words"))
        self.reason.setMaxLength(500)
        self.summary = QLineEdit()
        self.summary.setAccessibleName(self.tr("Summary for them"))
        self.summary.setPlaceholderText(self.tr("One line they see when the call rings"))
        self.summary.setMaxLength(100)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Call them"))
        ok.setEnabled(False)
        self.ok_button = ok
        self.target.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The caller waits on hold while you consult:")))
        # The team with its lamps: who is free, before the caller is put on hold.
        self.team = _team_picker(team, self.target, self, ok)
        if self.team is not None:
            layout.addWidget(self.team)
        layout.addWidget(self.target)
        layout.addWidget(QLabel(self.tr("Reason:")))
        layout.addWidget(self.reason_code)
        layout.addWidget(self.reason)
        layout.addWidget(QLabel(self.tr("Summary for them:")))
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def value(self) -> str:
        text = self.target.text().strip()
        return text if text.lower().startswith("sip") else clean_number(text)


class CallPanel(QFrame):
    """The call the agent is on: who, which SR, how long, and every control."""

    def __init__(self, center: CallCenter, actions: CallActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callPanel")
        self.center = center
        self.call_actions = actions
        self.who = QLabel()
        self.who.setObjectName("callCaller")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.case = QLabel()
        self.case.setObjectName("callCase")
        self.case.setWordWrap(True)
        self.state = QLabel()
        # Who is listening in: always shown while a leader monitors the call (issue 18).
        self.monitored = QLabel()
        self.monitored.setObjectName("callMonitored")
        self.monitored.setWordWrap(True)
        self.monitored.setVisible(False)
        # In a three-way conference: who is on it, one line each (the caller, the consulted
        # party, the agent), and whether the agent is still in.
        self.parties = QLabel()
        self.parties.setObjectName("callParties")
        self.parties.setWordWrap(True)
        self.parties.setVisible(False)
        # Shown while speech goes through the Qt bridge, the only path whose microphone this
        # process hears; "am I being heard?" is the first question on a silent call.
        self.mic_level = LevelMeter()
        self.mic_level.setObjectName("callMicLevel")
        self.mic_level.setVisible(False)
        self._level_shown = False
        self.timer = QLabel(labels.talk_time(0))
        self.timer.setObjectName("callTimer")
        self.keypad = Keypad()
        self.keypad.setVisible(False)
        self.keypad.pressed.connect(center.send_dtmf)
        actions.keypad.toggled.connect(self.keypad.setVisible)

        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(self.timer)
        controls = QGridLayout()
        controls.setSpacing(4)
        for index, action in enumerate((actions.mute, actions.hold, actions.keypad,
                                        actions.transfer, actions.record, actions.consult,
                                        actions.complete_transfer, actions.back_to_caller,
                                        actions.conference, actions.leave_conference,
                                        actions.drop_party)):
            controls.addWidget(action_button(action), index // 3, index % 3)
        hangup = QPushButton()
        hangup.setObjectName("hangupButton")
        hangup.setIcon(icon("hangup-white"))
        hangup.setMinimumHeight(34)
        hangup.clicked.connect(actions.hangup.trigger)
        actions.hangup.changed.connect(lambda: hangup.setEnabled(actions.hangup.isEnabled()))
        self.hangup_button = hangup
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.detail)
        layout.addWidget(self.state)
        layout.addWidget(self.monitored)
        layout.addWidget(self.parties)
        layout.addWidget(self.mic_level)
        layout.addWidget(self.case)
        layout.addLayout(controls)
        layout.addWidget(self.keypad)
        layout.addWidget(hangup)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh_timer)
        for signal in (center.call_added, center.call_changed, center.call_removed):
            signal.connect(self.refresh)
        center.screen_pop.connect(lambda *_: self.refresh())
        center.consult_changed.connect(self.refresh)
        actions.transfer.triggered.connect(self._transfer)
        actions.consult.triggered.connect(self._consult)
        self.retranslate()
        self.refresh()

    def show_level(self, shown: bool) -> None:
        """Show the microphone meter (the speech path is heard here) or hide it."""
        self._level_shown = shown
        self.refresh()

    def set_level(self, level: float) -> None:
        self.mic_level.set_level(level)

    def _transfer(self) -> None:
        dialog = TransferDialog(self, self.center.team)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value():
            self.center.transfer(dialog.value())

    def _consult(self) -> None:
        dialog = ConsultDialog(self, self.center.team)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value():
            self.center.consult_with(dialog.value(), str(dialog.reason_code.currentData()),
                                     dialog.reason.text().strip(),
                                     dialog.summary.text().strip())

    def refresh(self, *_: object) -> None:
        call = self.center.current_call() or next(
            (c for c in self.center.calls.values() if not c.inbound), None)
        if call is None:
            park_focus(self)  # the hang-up button had it: not the next field in the chain
        self.setVisible(call is not None)
        if call is None:
            self._tick.stop()
            return
        who, company, number = caller_lines(call)
        self.who.setText(who)
        self.detail.setText(" · ".join(x for x in (company, number) if x and x != who))
        state = labels.call_state(call.event.state.value)
        if call.event.held:
            state = self.tr("On hold")
        elif call.event.remote_held:
            state = self.tr("The caller put you on hold")
        if call.event.muted:
            state = self.tr("{state} · microphone muted").format(state=state)
        consult = self.center.consult
        caller = self.center.calls.get(consult.call_id) if consult is not None else None
        conference = self.center.conference
        self.parties.setText(self.conference_lines(conference) if conference else "")
        self.parties.setVisible(conference is not None)
        if conference is None and consult is not None and caller is not None:
            # Consulting: the customer waits on hold, and the panel says so.
            line = (self.tr("Transferring {caller} to {target}…")
                    if consult.outcome is ConsultOutcome.TRANSFERRING
                    else self.tr("Consulting {target}; {caller} waits on hold"))
            state += "\n" + line.format(caller=caller_lines(caller)[0], target=consult.target)
        self.state.setText(state)
        banner = "\n".join(self.monitoring_line(m.leader, m.mode)
                           for m in self.center.monitors())
        self.monitored.setText(banner)
        self.monitored.setVisible(bool(banner))
        talking = call.event.state is CallState.ACTIVE and not call.event.held
        self.mic_level.setVisible(self._level_shown and talking)
        # Muted: the meter still moves (the agent sees they are speaking into a muted line) but
        # greyed, as the far end hears none of it.
        self.mic_level.setEnabled(not call.event.muted)
        if not talking:
            self.mic_level.reset()
        summary = call.resolution.case if call.resolution is not None else None
        if call.case_label:
            self.case.setText(call.case_label)
        elif summary is not None and summary.id == call.case_id:
            self.case.setText(f"{summary.number} · {summary.title}")
        elif call.live:
            self.case.setText(self.tr("No SR yet: choose or create one"))
        else:
            self.case.setText("")
        others = [c for c in self.center.calls.values() if c.call_id != call.call_id
                  and not self.center.in_conference(c.call_id)]
        if others:
            self.case.setText(self.case.text() + "\n" + self.tr(
                "%n other call(s) on hold or waiting", "", len(others)))
        if not self._tick.isActive():
            self._tick.start()
        self.refresh_timer()

    def conference_lines(self, conference: ConferenceEvent) -> str:
        """The conference's parties, one a line (a ConferenceEvent: the caller's and the
        consulted party's URIs; their names where the calls know them)."""
        caller = self.center.calls.get(conference.call_id)
        party = self.center.calls.get(conference.consult_id)
        caller_name = caller_lines(caller)[0] if caller is not None else conference.caller
        party_name = caller_lines(party)[0] if party is not None else conference.party
        if conference.state is ConferenceState.JOINED:
            head = self.tr("Conference, three parties:")
            you = self.tr("• You")
        elif conference.state is ConferenceState.LEAVING:
            head = self.tr("Leaving the conference: handing the caller over…")
            you = self.tr("• You (left)")
        else:
            head = self.tr("This PC connects the caller and {party}; your microphone and "
                           "speaker are off").format(party=party_name)
            you = self.tr("• You (left)")
        return "\n".join((head, self.tr("• {caller} (caller)").format(caller=caller_name),
                          self.tr("• {party} (consulted)").format(party=party_name), you))

    def monitoring_line(self, leader: str, mode: str) -> str:
        """What the agent is told while a leader monitors the call (MonitorMode values)."""
        if mode == "barge":
            return self.tr("{leader} (team leader) has joined the call").format(leader=leader)
        if mode == "whisper":
            return self.tr("{leader} (team leader) is whispering to you; the caller does not "
                           "hear them").format(leader=leader)
        return self.tr("{leader} (team leader) is listening").format(leader=leader)

    def refresh_timer(self) -> None:
        call = self.center.current_call()
        if call is None:
            return
        since = call.answered_at or call.first_seen
        if call.event.state is CallState.ACTIVE or call.answered_at:
            self.timer.setText(labels.talk_time(time.time() - since))
        else:
            self.timer.setText("")

    def retranslate(self) -> None:
        self.hangup_button.setText(labels.plain(self.call_actions.hangup.text()))
        self.hangup_button.setAccessibleName(self.tr("Hang up"))
        self.timer.setAccessibleName(self.tr("Call duration"))
        self.setAccessibleName(self.tr("Current call"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh()
        super().changeEvent(event)


class _WrapUpKeys(QObject):
    """Ctrl+Enter in any field of the wrap-up finishes it (a plain text editor would take the
    key for itself); 1-9 on the dispositions pick that row (the list would search for it)."""

    def __init__(self, panel: WrapUpPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.panel.finish()
            return True
        if watched is self.panel.codes and event.type() == QEvent.Type.KeyPress \
                and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9 and not event.modifiers():
            return self.panel.pick(event.key() - Qt.Key.Key_1)
        return super().eventFilter(watched, event)


class DispositionList(QListWidget):
    """The dispositions, as many rows in view as the keys 1-9 pick: the agent reads the
    number before pressing it. Asked of the layout as the list's minimum height."""

    keyed_rows = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.updateGeometry)  # the minimum follows the list's length

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        rows = max(4, min(self.keyed_rows, self.count()))
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 2
        return QSize(hint.width(), rows * row + 2 * self.frameWidth())


class WrapUpPanel(QFrame):
    """After the call: pick a disposition, add a last note; the timer says how long is left.

    What the agent picks and types is sent as it changes (``changed``): the wrap-up may end by
    itself (its timer, a new call) and what was chosen must survive it. The panel takes the
    keyboard only when the agent was not typing somewhere, and gives it back when it closes.
    """

    finished = Signal(str, str, str, str)  # call id, disposition code, last note, language
    changed = Signal(str, str, str, str)  # the same, while the wrap-up runs

    note_pause_ms = 400

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpPanel")
        self.call_id = ""
        self.deadline = 0.0
        self._focus_before: QWidget | None = None
        self.title = QLabel()
        self.title.setObjectName("wrapUpTitle")
        self.left = QLabel()
        self.left.setObjectName("wrapUpTimer")
        self.codes = DispositionList()
        self.codes.setObjectName("dispositions")
        self.note = QPlainTextEdit()
        self.note.setObjectName("wrapUpNote")
        self.note.setMaximumHeight(90)
        # Two lines at least: where height is short (1280x800, a big font) the dispositions
        # keep their rows and the note gives up its third and fourth.
        margins = self.note.document().documentMargin() + self.note.frameWidth() + 1
        self.note.setMinimumHeight(round(self.note.fontMetrics().lineSpacing() * 2 + 2 * margins))
        self.note.setTabChangesFocus(True)
        self._keys = _WrapUpKeys(self)
        self.note.installEventFilter(self._keys)
        self.codes.installEventFilter(self._keys)
        self.language = NoteLanguage()
        self.language.setObjectName("wrapUpLanguage")
        self.done = QPushButton()
        self.done.setObjectName("wrapUpDone")
        self.done.setEnabled(False)
        self.done.setShortcut(QKeySequence("Ctrl+Return"))
        # What the agent picked is the selection: the list's current row alone moves by itself
        # (to the first row when the list takes the focus) and is no choice.
        self.codes.itemSelectionChanged.connect(self._code_changed)
        self.codes.itemDoubleClicked.connect(self._activated)
        self.codes.itemActivated.connect(self._activated)
        self.done.clicked.connect(self.finish)
        self.note.textChanged.connect(self._note_typed)
        self.language.changed.connect(lambda _language: self._send())
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(self.note_pause_ms)
        self._note_timer.timeout.connect(self._send)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.left)
        self.codes_label = QLabel()
        self.codes_label.setBuddy(self.codes)
        self.note_label = QLabel()
        self.note_label.setBuddy(self.note)
        note_header = QHBoxLayout()
        note_header.addWidget(self.note_label, 1)
        note_header.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)  # the rows' height goes to the dispositions (see DispositionList)
        layout.addLayout(header)
        layout.addWidget(self.codes_label)
        layout.addWidget(self.codes, 1)
        layout.addLayout(note_header)
        layout.addWidget(self.note)
        layout.addWidget(self.done)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_left)
        self._choices: tuple[Choice, ...] = ()
        self._filling = False
        self.case_language: Language | None = None  # the SR's, for the note's language
        self.retranslate()
        self.hide()

    def set_choices(self, choices: tuple[Choice, ...]) -> None:
        self._choices = choices
        language = QLocale().name()
        current = self.chosen()
        code = current.data(Qt.ItemDataRole.UserRole) if current else None
        self._filling = True
        try:
            self.codes.clear()
            for index, choice in enumerate(choices):
                shortcut = f"{index + 1}. " if index < 9 else ""
                item = QListWidgetItem(shortcut + choice.label(language))
                item.setData(Qt.ItemDataRole.UserRole, choice.code)
                self.codes.addItem(item)
                if choice.code == code:
                    self.codes.setCurrentItem(item)
        finally:
            self._filling = False

    def start(self, call_id: str, deadline: float) -> None:
        if self.isVisible() and self.call_id and self.call_id != call_id:
            self.stop()  # the previous call's wrap-up was ended by the window already
        self.call_id = call_id
        self.deadline = deadline
        self._filling = True
        try:
            self.codes.setCurrentRow(-1)
            self.codes.clearSelection()
            self.note.clear()
        finally:
            self._filling = False
        self.language.set_language(self.case_language or ui_language())
        self.done.setEnabled(False)
        focused = QApplication.focusWidget()
        self._focus_before = focused
        self.show()
        self._tick.start()
        self._update_left()
        if not is_editable(focused):
            # Nobody is typing: the keys 1-9 pick a disposition at once. An agent finishing
            # a sentence in a note keeps the keyboard.
            self.codes.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> tuple[str, str, str]:
        """(disposition code or "", last note, its language) as the panel holds them now."""
        item = self.chosen()
        code = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""
        return code, self.note.toPlainText().strip(), self.language.language().value

    def chosen(self) -> QListWidgetItem | None:
        """The disposition the agent picked (selected), if any."""
        items = self.codes.selectedItems()
        return items[0] if items else None

    def pick(self, row: int) -> bool:
        if 0 <= row < self.codes.count():
            self.codes.setCurrentRow(row)  # selects it too
            return True
        return False

    def stop(self) -> None:
        self._tick.stop()
        self._note_timer.stop()
        try:
            self._give_focus_back()
        finally:  # whatever happens to the focus, the panel closes and forgets the call
            self.hide()
            self.call_id = ""

    def _give_focus_back(self) -> None:
        before, self._focus_before = self._focus_before, None
        if before is not None and not shiboken6.isValid(before):
            before = None  # closed meanwhile (a dialog that deletes itself)
        focused = QApplication.focusWidget()
        if focused is None or not (focused is self or self.isAncestorOf(focused)):
            return
        window = self.window()
        if (before is not None and before is not focused and not self.isAncestorOf(before)
                and before.isVisibleTo(window) and before.isEnabled()):
            before.setFocus(Qt.FocusReason.OtherFocusReason)  # no text selected
        else:
            park_focus(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9 and not self.note.hasFocus() \
                and self.pick(event.key() - Qt.Key.Key_1):
            return
        super().keyPressEvent(event)

    def finish(self) -> None:
        """Done (also Ctrl+Enter from any of its fields, Enter on a disposition)."""
        if self.chosen() is None or not self.call_id:
            return
        code, note, language = self.values()
        self.finished.emit(self.call_id, code, note, language)
        self.stop()

    def _code_changed(self) -> None:
        item = self.chosen()
        self.done.setEnabled(item is not None)
        if not self._filling and item is not None:
            self._send()

    def _activated(self, item: QListWidgetItem) -> None:
        """Enter or a double-click on a disposition: that one, and done."""
        self.codes.setCurrentItem(item)
        self.finish()

    def _note_typed(self) -> None:
        if self._filling:
            return
        text = self.note.toPlainText()
        if text.strip():
            self.language.suggest(detect_language(text, self.case_language))
        self._note_timer.start()

    def _send(self) -> None:
        if self.call_id and not self._filling:
            self._note_timer.stop()
            self.changed.emit(self.call_id, *self.values())

    def _update_left(self) -> None:
        left = max(0.0, self.deadline - time.time()) if self.deadline else 0.0
        self.left.setText(self.tr("{time} left").format(time=labels.talk_time(left)))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Wrap-up"))
        self.codes_label.setText(self.tr("&Disposition (1–9)"))
        self.note_label.setText(self.tr("&Last note for the SR"))
        self.done.setText(self.tr("Done — back to available (Ctrl+Enter)"))
        self.codes.setAccessibleName(self.tr("Disposition"))
        self.note.setAccessibleName(self.tr("Last note"))
        self.note.setPlaceholderText(self.tr(
            "Optional: what was agreed, next steps. Kept if the timer runs out."))
        self.done.setAccessibleName(self.tr("Finish wrap-up"))
        self.set_choices(self._choices)
        self._update_left()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
