"""Layouts survive translation: no text is cut off, in any language, at the default size.

For en, ja and zh_CN, in the desktop's own theme, at Qt's default font and at 11 pt: the real
main window at its default size (1280x800) over demo data — idle, SR search, the SR chooser, a
new SR, an SR open in the case view, an incoming call's pop-up, the call panel (keypad open),
wrap-up, each bottom dock — and every page of the settings dialog. Every visible QLabel (not
word-wrapped), QPushButton, QToolButton, QCheckBox, QRadioButton, combo box (its current item)
and tab must be as wide as its text needs, measured with the widget's own font (Noto CJK for
Japanese and Chinese) and the style's margins, icon and indicator; a widget that its parents cut
off counts only the part that shows. The window itself must keep its default size: a layout
that needs more grows it past the screen the agent has.

Nor is anything drawn over anything else: no two visible siblings (each cut to its parents)
share a pixel, as a layout squeezed below its minimum does. And what a screen is for shows
without scrolling: in a call the SR's note editor and its Add note button; in wrap-up the
whole calls column, with the nine dispositions that keys 1-9 pick.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedLayout,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QToolButton,
    QWidget,
)
from sqlalchemy import select

from app.cases.demo import load_demo_data
from app.cases.models import OPEN_STATUSES, Case, Contact, PhoneNumber
from app.cases.resolver import Pop, Resolver, ResolverConfig
from app.config.settings import Settings
from app.orchestration.desk import AgentStateChanged, ScreenPop
from app.telephony.config import AccountSpec, Transport
from app.telephony.events import CallEvent, CallState, Direction, RemoteParty
from app.ui.callcenter import CallCenter
from app.ui.main_window import PAGE_CASE, PAGE_CHOOSER, PAGE_NEW, MainWindow
from app.ui.settings_dialog import SettingsDialog
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from app.cases.resolver import Resolution
    from app.cases.store import Store
    from app.i18n import Translators
    from app.ui.tasks import Tasks

LANGUAGES = ("en", "ja", "zh_CN")
DEFAULT = QSize(1280, 800)  # MainWindow's size before the agent resizes it
# Qt's own default font (9 pt, as Windows' Segoe UI) and 11 pt, GNOME's default: a layout that
# holds only at the smaller one fails on many agents' desktops.
FONT_POINTS = (0, 11)
WAIT_MS = 10_000
DISPOSITIONS_IN_VIEW = 9  # keys 1-9 pick them
# Also combo boxes (the item they show) and tab bars: they elide what does not fit.
CHECKED = (QLabel, QPushButton, QToolButton, QCheckBox, QRadioButton, QComboBox)


@dataclass(frozen=True)
class Clipped:
    """A widget narrower than its text."""

    screen: str
    kind: str
    name: str
    text: str
    needed: int
    shown: int

    def __str__(self) -> str:
        return (f"{self.screen}: {self.kind} {self.name} {self.text!r} "
                f"needs {self.needed} px, shows {self.shown} px")


# -- measuring ---------------------------------------------------------------------------------


def _push_button_need(button: QPushButton) -> int:
    """QPushButton.sizeHint's width without Fusion's 80 px floor for short texts: the style's
    frame and margins around the icon, the text and the menu arrow."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    width = 0
    if not button.icon().isNull():
        width += option.iconSize.width() + 4
    text = button.text()
    if text:
        width += button.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, text).width()
    if button.menu() is not None:
        width += button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option,
                                            button)
    height = button.fontMetrics().height()
    option.text = ""  # the floor applies to buttons with text; the text is measured above
    size = button.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option,
                                           QSize(width, height), button)
    return size.width()


def _combo_need(combo: QComboBox) -> int:
    """QComboBox.sizeHint's width for the item it shows (not the widest in its list), measured
    as QComboBox measures its items."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    width = combo.fontMetrics().boundingRect(combo.currentText()).width()
    if not combo.itemIcon(combo.currentIndex()).isNull():
        width += combo.iconSize().width() + 4
    size = combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                          QSize(width, combo.fontMetrics().height()), combo)
    return size.width()


def _needed(widget: QWidget) -> int:
    if isinstance(widget, QPushButton):
        return _push_button_need(widget)
    if isinstance(widget, QComboBox):
        return _combo_need(widget)
    # QLabel (not wrapped), QToolButton, QCheckBox, QRadioButton: their size hint is the text
    # (mnemonic shown as an underline), icon, indicator and the style's margins; their minimum
    # size is that hint, so a layout gives less only when it has no more to give.
    return widget.sizeHint().width()


def _shown_width(widget: QWidget) -> int:
    """How much of the widget's width its ancestors leave on screen (a scroll area or a fixed
    parent cuts a wide child off without making it narrower)."""
    window = widget.window()
    left = widget.mapTo(window, QPoint(0, 0)).x()
    right = left + widget.width()
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        parent_left = parent.mapTo(window, QPoint(0, 0)).x()
        left, right = max(left, parent_left), min(right, parent_left + parent.width())
        parent = parent.parentWidget()
    left, right = max(left, 0), min(right, window.width())
    return max(0, right - left)


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    assert isinstance(widget, QComboBox)
    return "" if widget.isEditable() else widget.currentText()


def _tabs(bar: QTabBar, screen: str) -> list[Clipped]:
    """Tabs elide (or cut) their text when the bar gives them less than they ask for."""
    return [Clipped(screen, "QTabBar tab", _name(bar),
                    _plain(bar.tabText(i)), bar.tabSizeHint(i).width(), bar.tabRect(i).width())
            for i in range(bar.count())
            if bar.isTabVisible(i) and bar.tabSizeHint(i).width() > bar.tabRect(i).width()]


def _name(widget: QWidget) -> str:
    """The objectName, or where an unnamed widget sits ("in callPanel")."""
    if widget.objectName():
        return widget.objectName()
    parent = widget.parentWidget()
    while parent is not None and not parent.objectName():
        parent = parent.parentWidget()
    return f"(unnamed, in {parent.objectName()})" if parent is not None else "(unnamed)"


def _plain(text: str) -> str:
    """The text as shown: "&" marks a mnemonic, "&&" is an ampersand."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped(root: QWidget, screen: str) -> list[Clipped]:
    """Every visible text widget in ``root`` (itself included) that shows less than its text
    needs."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is not root.window() or not widget.isVisible() \
                or widget.visibleRegion().isEmpty():
            continue  # not on screen (a hidden page, a dock tabbed behind another)
        if isinstance(widget, QTabBar):
            found += _tabs(widget, screen)
            continue
        if not isinstance(widget, CHECKED):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue  # wraps onto more lines instead
        text = _text(widget)
        if not text.strip():
            continue
        needed, shown = _needed(widget), min(widget.width(), _shown_width(widget))
        if needed > shown:
            found.append(Clipped(screen, type(widget).__name__, _name(widget), _plain(text),
                                 needed, shown))
    return found


@dataclass(frozen=True)
class Fault:
    """Anything else wrong with a screen's layout, said in a sentence."""

    screen: str
    what: str

    def __str__(self) -> str:
        return f"{self.screen}: {self.what}"


def _on_screen(widget: QWidget) -> QRect:
    """The part of ``widget`` that its ancestors leave on screen, in window coordinates."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def _kind(widget: QWidget) -> str:
    text = _text(widget) if isinstance(widget, QLabel | QAbstractButton | QComboBox) else ""
    shown = f" {_plain(text)[:40]!r}" if text else ""
    return f"{type(widget).__name__} {_name(widget)}{shown}"


def _stacked(parent: QWidget) -> bool:
    layout = parent.layout()
    return isinstance(layout, QStackedLayout) \
        and layout.stackingMode() is QStackedLayout.StackingMode.StackAll


def overlaps(root: QWidget, screen: str) -> list[Fault]:
    """Visible widgets drawn over one another. Only siblings are compared: each widget is cut
    to its ancestors, so cousins can only meet where their sibling ancestors do (and that is
    the pair to name). A widget never counts against its own descendants; pages stacked on
    purpose (QStackedLayout.StackAll) may share their place."""
    found = []
    for parent in [root, *root.findChildren(QWidget)]:
        if parent.window() is not root.window() or not parent.isVisible() or _stacked(parent):
            continue
        children = [(child, _on_screen(child)) for child in parent.children()
                    if isinstance(child, QWidget) and not child.isWindow()
                    and child.isVisible()]
        for index, (first, first_rect) in enumerate(children):
            for second, second_rect in children[index + 1:]:
                both = first_rect.intersected(second_rect)
                if both.isEmpty():
                    continue
                found.append(Fault(screen, f"{_kind(first)} and {_kind(second)} overlap in "
                                           f"{both.width()}x{both.height()} px"))
    return found


def below_the_fold(widget: QWidget, screen: str) -> list[Fault]:
    """``widget`` must show whole without scrolling: inside every scroll area around it."""
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            viewport = parent.viewport()
            rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
            if not viewport.rect().contains(rect):
                found.append(Fault(screen, f"{_kind(widget)} is not in view without scrolling "
                                           f"{parent.objectName() or type(parent).__name__}: "
                                           f"its rows {rect.top()}-{rect.bottom()} of "
                                           f"0-{viewport.height() - 1}"))
        parent = parent.parentWidget()
    if not widget.isVisible():
        found.append(Fault(screen, f"{_kind(widget)} is not shown"))
    return found


def rows_in_view(items: QListWidget) -> int:
    """How many rows of a list show whole without scrolling it."""
    view = items.viewport().rect()
    return sum(1 for row in range(items.count())
               if view.contains(items.visualItemRect(items.item(row))))


# -- the screens -------------------------------------------------------------------------------


def wait_for(qtbot: QtBot, condition: Callable[[], object]) -> None:
    qtbot.waitUntil(lambda: bool(condition()), timeout=WAIT_MS)


def settle() -> None:
    """Let posted layout requests and resizes run (they are events, not timers)."""
    for _ in range(3):
        QApplication.processEvents()


def demo_call(store: Store) -> tuple[str, str]:
    """(number, SR number): an open SR of the demo data, not confirmed, whose contact has a
    number; the call the walk-through takes."""
    with store.session() as s:
        row = s.execute(
            select(PhoneNumber.raw, Case.number)
            .join(Contact, Contact.id == Case.contact_id)
            .join(PhoneNumber, PhoneNumber.contact_id == Contact.id)
            .where(Case.status.in_(OPEN_STATUSES), Case.priority_confirmed.is_(False))
            .order_by(Case.number).limit(1)).one()
    return str(row[0]), str(row[1])


def resolve(store: Store, number: str, case_number: str = "") -> Resolution:
    """The real screen-pop for a caller: the SR or candidates, language, repeat calls."""
    headers = {"X-Case-Number": case_number} if case_number else {}
    with store.session() as s:
        return Resolver(ResolverConfig()).resolve(s, number, headers)


def candidates_pop(store: Store) -> Resolution:
    """A caller with several open SRs: the chooser's screen-pop."""
    with store.session() as s:
        numbers = s.scalars(select(PhoneNumber.raw).order_by(PhoneNumber.raw)).all()
    for number in numbers:
        resolution = resolve(store, number)
        if resolution.pop is Pop.CANDIDATES:
            return resolution
    raise AssertionError("the demo data has no caller with several open SRs")


def _event(state: CallState, number: str) -> CallEvent:
    return CallEvent("c1", state, Direction.INBOUND, "work",
                     RemoteParty(f"sip:{number}@pbx.example.com", "", number))


class Walk:
    """The main window through an agent's day, collecting what is cut off on each screen."""

    def __init__(self, window: MainWindow, qtbot: QtBot) -> None:
        self.window = window
        self.qtbot = qtbot
        self.found: list[Clipped] = []
        self.faults: list[Fault] = []
        self.sizes: dict[str, QSize] = {}

    def check(self, screen: str, root: QWidget | None = None) -> None:
        settle()
        if root is not None:  # a pop-up or a dialog
            self.found += clipped(root, screen)
            self.faults += overlaps(root, screen)
            return
        self.sizes[screen] = self.window.size()
        docks = self.window.findChildren(QDockWidget)
        shown = [dock for dock in docks if not dock.visibleRegion().isEmpty()]
        self.found += clipped(self.window, screen)  # with the docks on top of their tabs
        self.faults += overlaps(self.window, screen)
        for dock in docks:  # the docks tabbed behind them, one at a time
            if dock not in shown:
                dock.raise_()
                settle()
                self.found += clipped(dock, f"{screen}, {dock.objectName()}")
                self.faults += overlaps(dock, f"{screen}, {dock.objectName()}")
        for dock in shown:
            dock.raise_()

    def problems(self) -> list[str]:
        lines = [str(c) for c in self.found] + [str(f) for f in self.faults]
        by_size: dict[tuple[int, int], list[str]] = {}
        for screen, size in self.sizes.items():
            if size != DEFAULT:
                by_size.setdefault((size.width(), size.height()), []).append(screen)
        lines += [f"the window is {w}x{h}, not its default {DEFAULT.width()}x"
                  f"{DEFAULT.height()}: its layouts need more ({', '.join(screens)})"
                  for (w, h), screens in by_size.items()]
        return lines


@pytest.mark.parametrize("points", FONT_POINTS, ids=lambda p: f"{p}pt" if p else "qt-font")
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_cut_off(language: str, points: int, translators: Translators,
                            themed: None, store: Store, tasks: Tasks, tmp_path: Path,
                            qtbot: QtBot) -> None:
    if points:
        font = QFont(QApplication.font())
        font.setPointSize(points)
        QApplication.setFont(font)
    translators.install(language)
    load_demo_data(store)
    number, case_number = demo_call(store)
    account = AccountSpec(name="work", server="pbx.example.com", user="1001",
                          transport=Transport.TLS, display_name="Tokyo HUB 1001")
    settings = Settings(accounts=(account,))
    center = CallCenter(NoPhone(), tasks)
    window = MainWindow(center, tasks, state=QSettings(str(tmp_path / "window.ini"),
                                                       QSettings.Format.IniFormat),
                        config_path=tmp_path / "caseline.toml", settings=settings,
                        translators=translators, listen_address="192.0.2.10:5060")
    walk = Walk(window, qtbot)
    try:
        window.show()
        qtbot.waitExposed(window)
        wait_for(qtbot, lambda: window.choices.dispositions)
        wait_for(qtbot, lambda: window.history.model.rowCount() > 0)
        center._on_event(AgentStateChanged("available", "offline", ""))
        walk.check("idle")

        # The other pages of the centre: search, the chooser, a new SR.
        window.call_actions.search.trigger()
        window.search.field.setText(case_number)
        wait_for(qtbot, lambda: window.search.results.topLevelItemCount() > 0)
        walk.check("SR search")
        several = candidates_pop(store)
        window.chooser.set_candidates("c0", several.candidates, several.draft)
        window.pages.setCurrentIndex(PAGE_CHOOSER)
        walk.check("SR chooser")
        window.new_case.set_draft("c0", resolve(store, "0455556666").draft)
        window.pages.setCurrentIndex(PAGE_NEW)
        walk.check("new SR")

        # An SR opened from the history or the search.
        case_id = resolve(store, number, case_number).case_id
        assert case_id is not None
        window.open_case(case_id)
        wait_for(qtbot, lambda: window.case_view.detail is not None)
        walk.check("SR view")

        # A call rings: the pop-up, with the caller's SR, language and repeat calls.
        center._on_event(_event(CallState.INCOMING, number))
        wait_for(qtbot, lambda: "c1" in window.popups)
        center._on_event(ScreenPop("c1", "ring", resolve(store, number, case_number)))
        popup = window.popups["c1"]
        wait_for(qtbot, lambda: case_number in popup.case.text())
        walk.check("incoming pop-up", popup)

        # Answered: the call panel (keypad open, microphone meter), the SR with its banner.
        center._on_event(_event(CallState.ACTIVE, number))
        center._on_event(ScreenPop("c1", "answer", resolve(store, number, case_number)))
        wait_for(qtbot, lambda: window.call_panel.isVisible()
                 and window.pages.currentIndex() == PAGE_CASE)
        window.call_actions.keypad.setChecked(True)
        window.call_panel.show_level(True)
        wait_for(qtbot, window.case_view.banner.isVisible)
        walk.check("in a call")
        # What the agent types during the call, and its button, without scrolling for them.
        for needed in (window.case_view.note_edit, window.case_view.add_note_button):
            walk.faults += below_the_fold(needed, "in a call")

        # Hung up: wrap-up.
        center._on_event(_event(CallState.ENDED, number))
        center._on_event(AgentStateChanged("wrap-up", "on-call", "", call_id="c1",
                                           wrap_up_until=time.time() + 60))
        wait_for(qtbot, window.wrap_up.isVisible)
        walk.check("wrap-up")
        # The dispositions that keys 1-9 pick, all in view: the agent reads before pressing.
        codes = window.wrap_up.codes
        wanted = min(DISPOSITIONS_IN_VIEW, codes.count())
        if rows_in_view(codes) < wanted:
            walk.faults.append(Fault("wrap-up", f"the dispositions show {rows_in_view(codes)} "
                                                f"rows whole, not {wanted}"))
        left = window.findChild(QWidget, "leftPane")
        assert left is not None
        walk.faults += below_the_fold(left, "wrap-up")  # the whole column: no scrolling

        # Settings, every page.
        dialog = SettingsDialog(settings, tmp_path / "caseline.toml", tasks, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for index in range(dialog.page_list.count()):
            dialog.show_page(index)
            item = dialog.page_list.item(index)
            walk.check(f"settings, {item.text() if item else index}", dialog)
        dialog.reject()
    finally:
        # A call still live (a failed step) would make closing the window ask "quit anyway?".
        center._on_event(_event(CallState.ENDED, number))
        window.close()
        window.deleteLater()
    problems = walk.problems()
    size = f"{points} pt" if points else "Qt's default font"
    assert problems == [], f"{language}, {size}: cut off or too big:\n" + "\n".join(problems)


# -- the measure itself ------------------------------------------------------------------------


def test_the_check_finds_cut_off_text_and_only_that(qtbot: QtBot) -> None:
    """The check can fail: narrow widgets are found, wrapped or roomy ones are not."""
    box = QWidget()
    qtbot.addWidget(box)
    box.resize(600, 400)
    long_text = "A label far too long for thirty pixels"
    narrow = QLabel(long_text, box)
    narrow.setObjectName("narrow")
    narrow.setGeometry(0, 0, 30, 20)
    wrapped = QLabel(long_text, box)
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 30, 60, 200)
    ok = QPushButton("OK", box)  # below the style's 80 px floor, its text still fits
    ok.setGeometry(0, 240, ok.fontMetrics().horizontalAdvance("OK") + 30, 30)
    cramped = QPushButton("&Save and close", box)
    cramped.setGeometry(100, 240, 50, 30)
    check = QCheckBox("Use ICE (helps calls through NAT routers)", box)
    check.setGeometry(200, 240, 80, 30)
    # Wide enough itself, but its parent shows only 40 px of it.
    holder = QWidget(box)
    holder.setGeometry(300, 0, 40, 30)
    hidden_part = QLabel("Partly outside its parent", holder)
    hidden_part.setGeometry(0, 0, hidden_part.sizeHint().width(), 20)
    combo = QComboBox(box)
    combo.addItems(["Resolved on the first call", "No"])
    combo.setGeometry(0, 300, 80, 24)
    roomy = QComboBox(box)
    roomy.addItems(["Resolved on the first call", "No"])
    roomy.setCurrentIndex(1)  # the item shown fits, a longer one in the list does not matter
    roomy.setGeometry(100, 300, 80, 24)
    box.show()
    qtbot.waitExposed(box)
    found = {(c.kind, c.text): (c.needed, c.shown) for c in clipped(box, "sample")}
    assert set(found) == {("QLabel", long_text), ("QPushButton", "Save and close"),
                          ("QCheckBox", "Use ICE (helps calls through NAT routers)"),
                          ("QLabel", "Partly outside its parent"),
                          ("QComboBox", "Resolved on the first call")}
    assert found[("QLabel", long_text)][1] == 30
    assert found[("QLabel", "Partly outside its parent")][1] == 40


def test_the_overlap_and_fold_checks_find_what_they_say_and_only_that(qtbot: QtBot) -> None:
    """They can fail: a widget drawn over its sibling, a button scrolled out of view, a list
    showing too few rows; a child in its parent, a part its parent cuts off, stacked pages
    and hidden widgets are none of these."""
    box = QWidget()
    qtbot.addWidget(box)
    box.resize(700, 400)
    codecs = QListWidget(box)
    codecs.setObjectName("codecs")
    codecs.addItems([f"codec {n}" for n in range(10)])
    codecs.setGeometry(0, 0, 200, 100)
    help_text = QLabel("Help drawn over the list", box)
    help_text.setObjectName("help")
    help_text.setGeometry(0, 80, 200, 40)  # 20 px into the list
    QLabel("Beside it", box).setGeometry(210, 0, 100, 20)
    hidden = QLabel("Hidden under the list", box)
    hidden.setGeometry(0, 0, 50, 50)
    hidden.hide()
    holder = QWidget(box)  # a child sticking out of its parent is cut to it first
    holder.setGeometry(320, 0, 100, 50)
    QLabel("Wider than its parent", holder).setGeometry(0, 0, 300, 20)
    QLabel("Next to the parent", box).setGeometry(430, 0, 100, 20)
    stack = QWidget(box)
    stack.setGeometry(540, 0, 150, 100)
    pages = QStackedLayout(stack)
    pages.setStackingMode(QStackedLayout.StackingMode.StackAll)
    for page in ("First page", "Second page, on purpose on top"):
        pages.addWidget(QLabel(page))
    scroll = QScrollArea(box)
    scroll.setGeometry(0, 150, 300, 200)
    sheet = QWidget()
    sheet.resize(280, 600)
    top_button = QPushButton("In view", sheet)
    top_button.setGeometry(0, 0, 100, 30)
    low_button = QPushButton("Below the fold", sheet)
    low_button.setObjectName("low")
    low_button.setGeometry(0, 500, 100, 30)
    scroll.setWidget(sheet)
    box.show()
    qtbot.waitExposed(box)
    found = [str(f) for f in overlaps(box, "sample")]
    assert found == ["sample: QListWidget codecs and QLabel help 'Help drawn over the list' "
                     "overlap in 200x20 px"]
    assert below_the_fold(top_button, "sample") == []
    assert [f.what.split(" is ")[0] for f in below_the_fold(low_button, "sample")] == [
        "QPushButton low 'Below the fold'"]
    row = codecs.sizeHintForRow(0)
    assert 0 < rows_in_view(codecs) <= (100 - 2 * codecs.frameWidth()) // row < 10
