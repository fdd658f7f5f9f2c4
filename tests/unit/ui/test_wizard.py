"""The first-run wizard, driven through its buttons, on a real config file and the in-memory
keyring (tests/conftest.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QWizard

from app.config import settings
from app.telephony.config import AccountSpec
from app.ui.tasks import Tasks
from app.ui.wizard import (
    PAGE_ACCOUNT,
    PAGE_DEMO,
    PAGE_FINISH,
    PAGE_MODE,
    PAGE_WELCOME,
    FirstRunWizard,
)
from tests.unit.ui.conftest import Marking

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from tests.conftest import MemoryKeyring

ADDRESS = "sip:agent@192.168.1.20:5070"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "caseline.toml"


def _wizard(qtbot: QtBot, config: Path, start: settings.Settings | None = None) -> FirstRunWizard:
    # No case store: the app builds the wizard with Tasks(None) too.
    wizard = FirstRunWizard(start or settings.Settings(), config, Tasks(None), ADDRESS)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _button(wizard: FirstRunWizard, which: QWizard.WizardButton) -> QAbstractButton:
    button = wizard.button(which)
    assert button is not None
    return button


def _click(qtbot: QtBot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(_button(wizard, which), Qt.MouseButton.LeftButton)


def _choose(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button on its circle: the widget is wider than its clickable part."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=QPoint(button.height() // 2, button.height() // 2))


def _next(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)


def _finish(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)


def _to_account_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    _next(qtbot, wizard)
    _choose(qtbot, wizard.mode.connect_button)
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_ACCOUNT


def _fill(qtbot: QtBot, wizard: FirstRunWizard, password: str) -> None:
    form = wizard.account.form
    qtbot.keyClicks(form.name_edit, "work")
    qtbot.keyClicks(form.server_edit, "pbx.example.com")
    qtbot.keyClicks(form.user_edit, "1001")
    qtbot.keyClicks(form.password_edit, password)


def test_the_demo_path_saves_first_run_done_and_the_language(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    assert wizard.currentId() == PAGE_WELCOME
    with qtbot.waitSignal(wizard.language_chosen) as chosen:
        _choose(qtbot, wizard.welcome.picker.buttons["ja"])
    assert chosen.args == ["ja"]
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_MODE
    assert not _button(wizard, QWizard.WizardButton.NextButton).isEnabled()  # choose first
    _choose(qtbot, wizard.mode.demo_button)
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_DEMO
    assert wizard.demo.address.text() == ADDRESS
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_FINISH
    assert ADDRESS in wizard.finish.summary.text()
    assert "日本語" in wizard.finish.summary.text()

    _finish(qtbot, wizard)

    assert wizard.demo_chosen
    assert wizard.result_settings is not None
    assert wizard.result_settings.ui == settings.UiSettings(language="ja", first_run_done=True)
    assert wizard.result_settings.accounts == ()
    assert settings.load(config) == wizard.result_settings
    assert memory_keyring.store == {}


def test_the_account_path_stores_the_account_and_its_password(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    _to_account_page(qtbot, wizard)
    _fill(qtbot, wizard, "wizard-secret")
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_FINISH
    assert "sip:1001@pbx.example.com" in wizard.finish.summary.text()

    _finish(qtbot, wizard)

    assert not wizard.demo_chosen
    assert memory_keyring.store == {("caseline", "sip:work"): "wizard-secret"}
    loaded = settings.load(config)
    assert loaded.ui.first_run_done
    assert loaded.accounts == (AccountSpec(name="work", server="pbx.example.com", user="1001"),)
    assert wizard.result_settings == loaded
    assert "wizard-secret" not in config.read_text(encoding="utf-8")


def test_an_incomplete_account_does_not_get_past_its_page(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    _to_account_page(qtbot, wizard)
    form = wizard.account.form
    qtbot.keyClicks(form.server_edit, "sip:1001@pbx.example.com")
    qtbot.keyClicks(form.user_edit, "1001")
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_ACCOUNT
    assert form.visible_problems() == {"server": "bad_address", "password": "password_required"}

    form.server_edit.clear()
    qtbot.keyClicks(form.server_edit, "pbx.example.com")
    qtbot.keyClicks(form.password_edit, "pw")
    assert form.visible_problems() == {}
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_FINISH
    assert not config.exists()  # nothing is written before Finish


def test_a_failing_keyring_keeps_the_wizard_open_with_what_was_typed(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    _to_account_page(qtbot, wizard)
    _fill(qtbot, wizard, "keep-me")
    _next(qtbot, wizard)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: not wizard.is_busy() and wizard.finish.error.isVisible(),
                        timeout=10000)
    finally:
        keyring.set_keyring(previous)

    assert wizard.isVisible()
    assert wizard.currentId() == PAGE_FINISH
    assert "keyring" in wizard.finish.error.text()
    assert wizard.result_settings is None
    assert not config.exists()
    assert wizard.account.form.password_edit.text() == "keep-me"
    assert _button(wizard, QWizard.WizardButton.FinishButton).isEnabled()

    _finish(qtbot, wizard)  # the keyring is back: the same input goes through
    assert memory_keyring.store == {("caseline", "sip:work"): "keep-me"}


def test_no_keyring_names_the_service_for_the_desktop_and_try_again_saves(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "KDE")  # app.cli.doctor.keyring_service
    wizard = _wizard(qtbot, config)
    _to_account_page(qtbot, wizard)
    _fill(qtbot, wizard, "keep-me")
    _next(qtbot, wizard)
    assert wizard.finish.retry.isHidden()
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: not wizard.is_busy() and wizard.finish.error.isVisible(),
                        timeout=10000)
    finally:
        keyring.set_keyring(previous)

    assert "KWallet" in wizard.finish.error.text()
    assert wizard.finish.retry.isVisible()
    assert wizard.finish.retry.text() == "Try again"
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        qtbot.mouseClick(wizard.finish.retry, Qt.MouseButton.LeftButton)
    assert memory_keyring.store == {("caseline", "sip:work"): "keep-me"}


def test_going_back_from_the_account_to_the_demo_stores_no_account(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    _to_account_page(qtbot, wizard)
    _fill(qtbot, wizard, "abandoned")
    _click(qtbot, wizard, QWizard.WizardButton.BackButton)
    _choose(qtbot, wizard.mode.demo_button)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _finish(qtbot, wizard)
    assert wizard.demo_chosen
    assert settings.load(config).accounts == ()
    assert memory_keyring.store == {}


def test_cancel_writes_nothing(qtbot: QtBot, config: Path,
                               memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    _next(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible()
    assert wizard.result_settings is None
    assert not config.exists()


def test_existing_settings_are_kept(qtbot: QtBot, config: Path,
                                    memory_keyring: MemoryKeyring) -> None:
    start = settings.Settings(audio=settings.AudioSettings(ringer="speakers"),
                              ui=settings.UiSettings(language="zh_CN"))
    wizard = _wizard(qtbot, config, start)
    assert wizard.welcome.picker.language() == "zh_CN"
    _next(qtbot, wizard)
    _choose(qtbot, wizard.mode.demo_button)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _finish(qtbot, wizard)
    loaded = settings.load(config)
    assert loaded.audio.ringer == "speakers"
    assert loaded.ui == settings.UiSettings(language="zh_CN", first_run_done=True)


def test_a_language_chosen_on_the_first_page_can_be_applied_at_once(
        qtbot: QtBot, config: Path, memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    marking = Marking()
    # What the app does with language_chosen: install the translator; every page follows.
    wizard.language_chosen.connect(lambda _code: QCoreApplication.installTranslator(marking))
    try:
        _choose(qtbot, wizard.welcome.picker.buttons["zh_CN"])
        qtbot.waitUntil(lambda: wizard.welcome.title() == "«Welcome to CaseLine»")
        assert wizard.windowTitle() == "«Set up CaseLine»"
        assert wizard.mode.demo_button.text().startswith("«&Try with demo data")
        assert wizard.account.form.labels["user"].text() == "«&User:»"
        assert wizard.demo.title() == "«Try CaseLine with demo data»"
        # Qt's own button texts too, on the page the language was picked on.
        assert _button(wizard, QWizard.WizardButton.NextButton).text() == "«&Next >»"
        assert _button(wizard, QWizard.WizardButton.CancelButton).text() == "«Cancel»"
    finally:
        QCoreApplication.removeTranslator(marking)


def test_the_first_page_asks_for_the_agents_name(qtbot: QtBot, config: Path,
                                                 memory_keyring: MemoryKeyring) -> None:
    wizard = _wizard(qtbot, config)
    name = wizard.welcome.name
    assert name.text()  # the OS account's full name (or login) to start from
    assert "@" not in name.text()  # never a SIP identity like root@localhost
    name.clear()
    assert not _button(wizard, QWizard.WizardButton.NextButton).isEnabled()
    name.setText(" 佐藤  花子 ")  # typed through an input method
    _next(qtbot, wizard)
    _choose(qtbot, wizard.mode.demo_button)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _finish(qtbot, wizard)
    assert settings.load(config).cases.agent_name == "佐藤 花子"
