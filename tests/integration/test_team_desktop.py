"""The team list in the real window (issue 20, item 6): the desktop's phone thread and window
(offscreen) registered at a real Kamailio with presence, two colleagues' CaseLine engines in
their own processes. The consult picker's lamps follow what Kamailio notifies."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings

from app.config import secrets, settings
from app.telephony.config import AccountSpec
from app.telephony.events import (
    CallEvent,
    CallState,
    ColleagueState,
    Lamp,
    RegistrationEvent,
    RegState,
)
from app.ui.callwidgets import ConsultDialog
from app.ui.desktop import Desktop, build
from tests.integration.kamailio import DOMAIN, Kamailio, password, running_kamailio
from tests.support import Driver, engine_config, free_port, running_engine

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

WAIT_MS = 15_000


def spec(kam: Kamailio, user: str, colleagues: tuple[str, ...] = ()) -> AccountSpec:
    return AccountSpec(name=user, server=kam.server, user=user, domain=DOMAIN,
                       probe_interval=0, presence=True, colleagues=colleagues)


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam


def _registered(user: str, event: RegistrationEvent) -> bool:
    return event.account == user and event.state is RegState.REGISTERED


@pytest.fixture
def colleagues(kamailio: Kamailio) -> Iterator[tuple[Driver, Driver]]:
    with running_engine(isolated=True) as bob, running_engine(isolated=True) as carol:
        bob.engine.add_account(spec(kamailio, "bob", ("alice",)), password("bob"))
        carol.engine.add_account(spec(kamailio, "carol"), password("carol"))
        for driver, user in ((bob, "bob"), (carol, "carol")):
            driver.wait_event(RegistrationEvent, partial(_registered, user))
        yield bob, carol


@pytest.fixture
def desktop(kamailio: Kamailio, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
            memory_keyring: object) -> Iterator[Desktop]:
    monkeypatch.setenv("CASELINE_DB", str(tmp_path / "cases.db"))
    path = tmp_path / "caseline.toml"
    alice = spec(kamailio, "alice", ("Bob <sip:bob@caseline.test>", "carol"))
    settings.save(path, settings.with_account(settings.Settings(), alice))
    secrets.set_password("alice", password("alice"))
    built = build(path, in_process=True, show_wizard=False,
                  engine_config=engine_config(free_port()),
                  window_state=QSettings(str(tmp_path / "window.ini"),
                                         QSettings.Format.IniFormat))
    assert built is not None
    assert built.phone.wait_started(15)
    built.window.show()
    try:
        yield built
    finally:
        built.shutdown()
        built.window.deleteLater()


def _ringing(driver: Driver) -> CallEvent | None:
    return next((e for e in driver.events
                 if isinstance(e, CallEvent) and e.state is CallState.INCOMING), None)


def test_the_consult_picker_shows_a_colleague_busy_while_on_a_call(
        desktop: Desktop, colleagues: tuple[Driver, Driver], qtbot: QtBot) -> None:
    bob, carol = colleagues

    def until(done: Callable[[], Any]) -> None:
        def turn() -> bool:
            bob.engine.pump(5)  # the colleagues' engines, between the window's events
            carol.engine.pump(5)
            return bool(done())
        qtbot.waitUntil(turn, timeout=WAIT_MS)

    dialog = ConsultDialog(desktop.window, desktop.window.center.team)
    qtbot.addWidget(dialog)
    team = dialog.team
    assert team is not None
    until(lambda: team.lamps() == {"Bob": "free", "carol": "free"})
    assert team.item(0).text() == "Bob — Free"

    call_id = bob.engine.make_call("carol", account="bob")
    until(lambda: _ringing(carol))
    ringing = _ringing(carol)
    assert ringing is not None
    until(lambda: team.lamps()["carol"] == "ringing")
    carol.engine.answer(ringing.call_id)
    until(lambda: team.lamps() == {"Bob": "busy", "carol": "busy"})
    assert team.item(1).text() == "carol — On a call"

    bob.engine.hangup(call_id)
    until(lambda: team.lamps() == {"Bob": "free", "carol": "free"})
    team.setCurrentRow(1)
    assert dialog.value() == f"sip:carol@{DOMAIN}"


def test_a_break_shows_the_agent_away_on_colleagues_lists(
        desktop: Desktop, colleagues: tuple[Driver, Driver], qtbot: QtBot) -> None:
    bob, _carol = colleagues
    alice = f"sip:alice@{DOMAIN}"

    def alice_at_bob() -> Lamp | None:
        bob.engine.pump(5)
        states = [e for e in bob.events if isinstance(e, ColleagueState) and e.uri == alice]
        return states[-1].lamp if states else None

    center = desktop.window.center
    center.set_agent_state("available")
    qtbot.waitUntil(lambda: alice_at_bob() is Lamp.FREE, timeout=WAIT_MS)
    center.set_agent_state("break", "lunch")
    qtbot.waitUntil(lambda: alice_at_bob() is Lamp.AWAY, timeout=WAIT_MS)
    center.set_agent_state("available")
    qtbot.waitUntil(lambda: alice_at_bob() is Lamp.FREE, timeout=WAIT_MS)
