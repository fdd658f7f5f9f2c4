"""The call widgets with real Qt: pop-up text, wrap-up keys, dial-field paste clean-up."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from app.cases.choices import Choice
from app.cases.models import Language, MatchedBy
from app.cases.numbers import normalize
from app.cases.resolver import CaseSummary, Draft, Pop, RepeatSummary, Resolution
from app.telephony.events import CallEvent, CallState, Direction, RemoteParty
from app.ui import labels
from app.ui.actions import CallActions
from app.ui.callcenter import CallCenter, CallInfo
from app.ui.callwidgets import CallPanel, IncomingPopup, WrapUpPanel
from app.ui.toolbar import DialBar
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks

NOW = datetime.now(UTC)
DRAFT = Draft("0312345678", "+81312345678", None, "山田 太郎", None, "株式会社さくら精機",
              Language.ZH)


def _summary(number: str, title: str) -> CaseSummary:
    return CaseSummary(uuid.uuid4(), number, title, "open", "P2", False, NOW, None, None, True)


def _popup(tasks: Tasks, qtbot: QtBot, resolution: Resolution | None,
           user: str = "0312345678") -> IncomingPopup:
    center = CallCenter(NoPhone(), tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = CallActions(center, window)
    event = CallEvent("c1", CallState.INCOMING, Direction.INBOUND, "direct",
                      RemoteParty(f"sip:{user}@pbx", "", user))
    center.calls["c1"] = CallInfo("c1", event, resolution)
    popup = IncomingPopup(center, actions, "c1")
    qtbot.addWidget(popup)
    popup.refresh()
    return popup


def _resolution(pop: Pop, cases: tuple[CaseSummary, ...], repeat: int = 0,
                caller: str = "0312345678") -> Resolution:
    case = cases[0] if pop is Pop.CASE else None
    return Resolution(pop, MatchedBy.NUMBER, normalize(caller), case,
                      cases if pop is Pop.CANDIDATES else (), DRAFT,
                      RepeatSummary(repeat, NOW - timedelta(days=1) if repeat else None))


def test_popup_shows_the_matched_sr_and_the_repeat_caller(tasks: Tasks, qtbot: QtBot) -> None:
    sr = _summary("SR-2026-000123", "プリンターが起動しない")
    popup = _popup(tasks, qtbot, _resolution(Pop.CASE, (sr,), repeat=3))
    assert popup.who.text() == "山田 太郎"
    assert popup.company.text() == "株式会社さくら精機"
    assert "SR-2026-000123" in popup.case.text()
    assert "プリンターが起動しない" in popup.case.text()
    assert "3" in popup.repeat.text() and not popup.repeat.isHidden()
    assert "Chinese" in popup.language.text()  # the caller's language, for routing


def test_popup_says_candidates_or_new_sr(tasks: Tasks, qtbot: QtBot) -> None:
    three = tuple(_summary(f"SR-2026-00000{i}", "x") for i in range(3))
    assert "3" in _popup(tasks, qtbot, _resolution(Pop.CANDIDATES, three)).case.text()
    new = _popup(tasks, qtbot, _resolution(Pop.DRAFT, ()))
    assert new.case.text() == new.tr("New SR")
    assert new.repeat.isHidden()


def test_popup_before_the_store_answers_and_a_withheld_caller(tasks: Tasks,
                                                              qtbot: QtBot) -> None:
    waiting = _popup(tasks, qtbot, None)
    assert waiting.case.text() == waiting.tr("Looking up the caller…")
    withheld = _popup(tasks, qtbot, _resolution(Pop.DRAFT, (), caller="anonymous"),
                      user="anonymous")
    assert "Withheld" in withheld.number.text() or "Withheld" in withheld.who.text()


def test_popup_shows_a_number_from_abroad_with_its_country_code(tasks: Tasks,
                                                                 qtbot: QtBot) -> None:
    # Before the screen-pop, as the trunk sent it; after, as the resolver read it.
    waiting = _popup(tasks, qtbot, None, user="0016465550122")
    assert waiting.who.text() == "+1 646-555-0122"
    popped = _popup(tasks, qtbot, _resolution(Pop.DRAFT, (), caller="0016465550122"),
                    user="0016465550122")
    assert popped.number.text() == "+1 646-555-0122"
    labels.set_region("US")  # an agent in New York reads it as written there
    assert _popup(tasks, qtbot, None, user="6465550122").who.text() == "(646) 555-0122"


def test_popup_buttons_never_take_focus(tasks: Tasks, qtbot: QtBot) -> None:
    popup = _popup(tasks, qtbot, None)
    assert popup.answer_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus


def test_wrap_up_number_keys_pick_and_done_reports(qtbot: QtBot) -> None:
    panel = WrapUpPanel()
    qtbot.addWidget(panel)
    panel.set_choices((Choice("resolved-on-call", "Resolved on call", "解決", "已解决", True),
                       Choice("callback", "Callback scheduled", "折り返し", "回电")))
    panel.start("c1", time.time() + 60)
    assert not panel.done.isEnabled()
    qtbot.keyClick(panel, Qt.Key.Key_2)
    assert panel.codes.currentRow() == 1 and panel.done.isEnabled()
    panel.note.setPlainText("will call back Monday")
    with qtbot.waitSignal(panel.finished) as finished:
        qtbot.mouseClick(panel.done, Qt.MouseButton.LeftButton)
    assert finished.args == ["c1", "callback", "will call back Monday", "en"]
    assert panel.isHidden()


def test_pasted_numbers_are_cleaned_in_the_dial_field(qtbot: QtBot) -> None:
    bar = DialBar()
    qtbot.addWidget(bar)
    QGuiApplication.clipboard().setText("０３－１２３４－５６７８")
    bar.edit.setFocus()
    qtbot.keyClick(bar.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert bar.edit.text() == "0312345678"
    bar.edit.clear()
    QGuiApplication.clipboard().setText("  sip:support@pbx.example.com ")
    qtbot.keyClick(bar.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert bar.edit.text() == "sip:support@pbx.example.com"
    with qtbot.waitSignal(bar.dial) as dialled:
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert dialled.args == ["sip:support@pbx.example.com"]


def test_call_panel_meter_follows_the_talking_call(tasks: Tasks, qtbot: QtBot) -> None:
    """The microphone meter shows only while a call is talking on the Qt path, greys on mute."""
    center = CallCenter(NoPhone(), tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = CallPanel(center, CallActions(center, window))
    window.setCentralWidget(panel)
    window.show()
    remote = RemoteParty("sip:0312345678@pbx", "", "0312345678")
    center.calls["c1"] = CallInfo("c1", CallEvent("c1", CallState.ACTIVE, Direction.INBOUND,
                                                  "direct", remote), None)
    panel.refresh()
    assert panel.isVisible() and not panel.mic_level.isVisible()  # not the bridge path
    panel.show_level(True)
    assert panel.mic_level.isVisible() and panel.mic_level.isEnabled()
    panel.set_level(0.5)
    assert panel.mic_level.level() == 0.5
    center.calls["c1"] = CallInfo("c1", CallEvent("c1", CallState.ACTIVE, Direction.INBOUND,
                                                  "direct", remote, muted=True), None)
    panel.refresh()
    assert panel.mic_level.isVisible() and not panel.mic_level.isEnabled()
    center.calls["c1"] = CallInfo("c1", CallEvent("c1", CallState.ACTIVE, Direction.INBOUND,
                                                  "direct", remote, held=True), None)
    panel.refresh()
    assert not panel.mic_level.isVisible() and panel.mic_level.level() == 0.0


def test_the_wrap_up_list_taking_the_focus_picks_nothing(qtbot: QtBot) -> None:
    """Qt makes a list's first row current when it gets the focus: that is no choice, and the
    timer must not record "Resolved on call" for an agent who chose nothing."""
    panel = WrapUpPanel()
    qtbot.addWidget(panel)
    panel.set_choices((Choice("resolved-on-call", "Resolved on call", "解決", "已解决", True),
                       Choice("callback", "Callback scheduled", "折り返し", "回电")))
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    changed: list[list[str]] = []
    panel.changed.connect(lambda *args: changed.append(list(args)))
    panel.start("c1", time.time() + 60)
    panel.codes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(panel.codes.hasFocus)
    assert panel.values()[0] == "" and not panel.done.isEnabled() and changed == []
    qtbot.keyClick(panel.codes, Qt.Key.Key_2)  # the key on the list itself picks row 2
    assert panel.values()[0] == "callback" and panel.done.isEnabled()
    assert changed[-1][:2] == ["c1", "callback"]


def test_the_wrap_up_closes_when_the_field_it_took_the_focus_from_is_gone(
        qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout  # noqa: PLC0415

    panel = WrapUpPanel()
    qtbot.addWidget(panel)
    panel.set_choices((Choice("resolved-on-call", "Resolved on call", "解決", "已解决", True),))
    dialog = QDialog()
    edit = QLineEdit()
    QVBoxLayout(dialog).addWidget(edit)
    dialog.show()
    dialog.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    panel.start("c1", time.time() + 60)  # the agent was typing in a dialog
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.codes.setFocus()
    qtbot.waitUntil(panel.codes.hasFocus)
    dialog.deleteLater()  # closed meanwhile (a dialog deleted on close)
    qtbot.waitUntil(lambda: not shiboken6.isValid(edit))
    panel.stop()
    assert not panel.isVisible() and panel.call_id == ""
