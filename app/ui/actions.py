"""Every call control as one QAction: the pop-up, the call panel, menus, the tray and keys share it.

Shortcuts are application-wide, so a key answers the call whichever window has focus (the
incoming pop-up never takes focus). Telephony keys (Key_Call, Key_Hangup, Key_MicMute,
Key_ToggleCallHangup) are what USB headsets report through the OS; they sit next to the chords.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from app.telephony.events import CallState, ConferenceState, ConsultOutcome
from app.telephony.recording import RecordingPolicy
from app.ui import labels
from app.ui.icons import icon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.callcenter import CallCenter

Key = Qt.Key


def _keys(*keys: str | Qt.Key) -> list[QKeySequence]:
    return [QKeySequence(k) for k in keys]


class CallActions(QObject):
    def __init__(self, center: CallCenter, window: QWidget) -> None:
        super().__init__(window)
        self.center = center
        self.window = window

        def make(name: str, keys: list[QKeySequence], icon_name: str = "",
                 checkable: bool = False) -> QAction:
            action = QAction(window)
            action.setObjectName(name)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.setCheckable(checkable)
            if icon_name:
                action.setIcon(icon(icon_name))
            window.addAction(action)
            return action

        self.answer = make("answer", _keys("Ctrl+Shift+A", Key.Key_Call), "answer")
        self.decline = make("decline", _keys("Ctrl+Shift+D"), "hangup")
        self.hangup = make("hangup", _keys("Ctrl+Shift+E", Key.Key_Hangup), "hangup")
        self.toggle_call = make("toggle_call", _keys(Key.Key_ToggleCallHangup))
        self.hold = make("hold", _keys("Ctrl+Shift+H"), "hold", checkable=True)
        self.mute = make("mute", _keys("Ctrl+Shift+M", Key.Key_MicMute), "mute",
                         checkable=True)
        self.keypad = make("keypad", _keys("Ctrl+Shift+K"), "keypad", checkable=True)
        self.transfer = make("transfer", _keys("Ctrl+Shift+T"), "transfer")
        # Attended transfer: consult (the caller on hold), then hand over or go back.
        self.consult = make("consult", _keys("Ctrl+Shift+C"), "transfer")
        self.complete_transfer = make("complete_transfer", _keys("Ctrl+Shift+J"), "transfer")
        self.back_to_caller = make("back_to_caller", _keys("Ctrl+Shift+Y"), "hold")
        # Three-way conference (a translator): merge the consult in, leave, or drop the party.
        self.conference = make("conference", _keys("Ctrl+Shift+U"), "transfer")
        self.leave_conference = make("leave_conference", _keys("Ctrl+Shift+L"), "transfer")
        self.drop_party = make("drop_party", [], "hangup")
        self.record = make("record", _keys("Ctrl+Shift+R"), "record", checkable=True)
        self.focus_dial = make("focus_dial", _keys("Ctrl+L"), "dial")
        self.search = make("search", _keys("Ctrl+F"), "search")
        self.history = make("history", _keys("Ctrl+H"), "history")
        self.settings = make("settings", _keys("Ctrl+,"), "settings")
        self.help = make("help", _keys(Key.Key_F1), "help")
        self.go_available = make("go_available", _keys("Ctrl+Alt+A"))
        self.go_break = make("go_break", _keys("Ctrl+Alt+B"))
        self.go_offline = make("go_offline", _keys("Ctrl+Alt+O"))
        self.quit = make("quit", _keys("Ctrl+Q"))

        self.answer.triggered.connect(lambda _checked=False: center.answer())
        self.decline.triggered.connect(lambda _checked=False: center.decline())
        self.hangup.triggered.connect(lambda _checked=False: center.hangup())
        self.toggle_call.triggered.connect(self._toggle_call)
        self.hold.triggered.connect(center.set_hold)
        self.mute.triggered.connect(center.set_mute)
        self.record.triggered.connect(self._record)
        self.complete_transfer.triggered.connect(lambda _c=False: center.complete_transfer())
        self.back_to_caller.triggered.connect(lambda _c=False: center.back_to_caller())
        self.conference.triggered.connect(lambda _c=False: center.merge_conference())
        self.leave_conference.triggered.connect(lambda _c=False: center.leave_conference())
        self.drop_party.triggered.connect(lambda _c=False: center.drop_party())
        self.go_available.triggered.connect(lambda: center.set_agent_state("available"))
        self.go_offline.triggered.connect(lambda: center.set_agent_state("offline"))
        for signal in (center.call_added, center.call_changed, center.call_removed,
                       center.consult_changed):
            signal.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def _toggle_call(self) -> None:
        if self.center.ringing_calls():
            self.center.answer()
        else:
            self.center.hangup()

    def _record(self, checked: bool) -> None:
        self.center.set_recording(checked)
        # Back to what the engine says until its event arrives: a refused or failed start must
        # not leave the button looking as if the call were recorded.
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Enable what makes sense now; checked states follow the engine, not the click."""
        ringing = bool(self.center.ringing_calls())
        current = self.center.current_call()
        any_live = any(c.live for c in self.center.calls.values())
        outgoing = any(not c.inbound for c in self.center.calls.values())
        active = current is not None and current.event.state is CallState.ACTIVE
        held_call = next((c for c in self.center.calls.values() if c.live and c.event.held), None)
        self.answer.setEnabled(ringing)
        self.decline.setEnabled(ringing)
        self.hangup.setEnabled(any_live or outgoing)
        self.hold.setEnabled(active or held_call is not None)
        self.hold.setChecked((current is None and held_call is not None)
                             or (current is not None and current.event.held))
        self.mute.setEnabled(active)
        self.mute.setChecked(current is not None and current.event.muted)
        self.keypad.setEnabled(active)
        if not active:
            self.keypad.setChecked(False)
        consult = self.center.consult
        conference = self.center.conference
        self.transfer.setEnabled(active and consult is None and conference is None)
        self.consult.setEnabled(active and consult is None and conference is None)
        joined = conference is not None and conference.state is ConferenceState.JOINED
        self.complete_transfer.setEnabled(self.center.consult_answered() and conference is None)
        self.back_to_caller.setEnabled(consult is not None and conference is None
                                       and consult.outcome is ConsultOutcome.CONSULTING)
        self.conference.setEnabled(self.center.consult_answered() and conference is None)
        self.leave_conference.setEnabled(joined)
        self.drop_party.setEnabled(joined)
        recording = current is not None and current.event.recording
        policy = self.center.recording_policy
        # "never": no recording; "always": it runs by itself and cannot be stopped, so the
        # button only shows the state; "on-demand": the agent toggles it on a connected call.
        self.record.setEnabled(policy is RecordingPolicy.ON_DEMAND and active)
        self.record.setChecked(recording)

    def retranslate(self) -> None:
        texts = {
            self.answer: self.tr("&Answer"),
            self.decline: self.tr("&Decline"),
            self.hangup: self.tr("&Hang up"),
            self.toggle_call: self.tr("Answer or hang up"),
            self.hold: self.tr("H&old"),
            self.mute: self.tr("&Mute"),
            self.keypad: self.tr("&Keypad"),
            self.transfer: self.tr("&Transfer…"),
            self.consult: self.tr("Co&nsult…"),
            self.complete_transfer: self.tr("Complete trans&fer"),
            self.back_to_caller: self.tr("Back to ca&ller"),
            self.conference: self.tr("Con&ference"),
            self.leave_conference: self.tr("Lea&ve conference"),
            self.drop_party: self.tr("Hang up the consulted party"),
            self.record: self.tr("&Record"),
            self.focus_dial: self.tr("&Dial…"),
            self.search: self.tr("&Find SR…"),
            self.history: self.tr("Call &history"),
            self.settings: self.tr("&Settings…"),
            self.help: self.tr("&Keyboard shortcuts"),
            self.go_available: self.tr("&Available"),
            self.go_break: self.tr("&Break"),
            self.go_offline: self.tr("&Offline"),
            self.quit: self.tr("&Quit"),
        }
        for action, text in texts.items():
            action.setText(text)
            plain = labels.plain(text).rstrip("…")
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in action.shortcuts() if not k.isEmpty())
            action.setToolTip(f"{plain} ({keys})" if keys else plain)

    def all(self) -> list[QAction]:
        return [a for a in vars(self).values() if isinstance(a, QAction)]
