"""One window per configuration: a second launch with a tel: link hands it to the first,
which fills in the dial field and calls once the agent confirms; a crashed first instance
leaves nothing that stops the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from app.telephony.dialplan import link_text
from app.ui.callcenter import CallCenter
from app.ui.instance import SingleInstance, instance_name
from app.ui.main_window import MainWindow
from tests.nophone import NoPhone

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.tasks import Tasks

ROOT = Path(__file__).resolve().parents[3]


class DialRecorder(NoPhone):
    """No SIP here: what is dialled is kept (the dial path itself is tested against SIPp)."""

    def __init__(self) -> None:
        self.dialled: list[str] = []

    def dial(self, target: str, *, account: str | None = None,
             case_number: str = "") -> Future[str]:
        self.dialled.append(target)
        done: Future[str] = Future()
        done.set_result("c1")
        return done


def _launch(config: Path, *args: str) -> subprocess.Popen[str]:
    """`caseline --config CONFIG ARGS`, as the desktop's URL handler starts it."""
    return subprocess.Popen([sys.executable, "-m", "app", "--config", str(config), *args],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT),
                                           "QT_QPA_PLATFORM": "offscreen"},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.parametrize(("link", "shown"), [
    ("tel:+81-3-1234-5678", "+81-3-1234-5678"),
    ("tel:%2B81312345678;phone-context=example.com", "+81312345678"),
    ("sip:bob@pbx.example.com?subject=status", "sip:bob@pbx.example.com"),
    ("sips:bob@pbx.example.com", "sips:bob@pbx.example.com"),
    ("callto://+81312345678", "+81312345678"),
    ("CALLTO:alice", "alice"),
])
def test_each_kind_of_link_becomes_what_the_dial_field_shows(link: str, shown: str) -> None:
    assert link_text(link) == shown


@pytest.mark.parametrize("link", ["mailto:a@b", "tel:", "https://x", "no link"])
def test_what_is_no_dial_link_is_told_apart(link: str) -> None:
    assert link_text(link) is None


def test_a_second_launch_hands_its_tel_link_to_the_running_window(
        tasks: Tasks, tmp_path: Path, qtbot: QtBot) -> None:
    config = tmp_path / "caseline.toml"
    first = SingleInstance(config)
    assert first.claim()
    phone = DialRecorder()
    window = MainWindow(CallCenter(phone, tasks), tasks,
                        state=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    first.request.connect(window.handle_request)
    try:
        second = _launch(config, "tel:+81312345678")
        qtbot.waitUntil(lambda: window.dial_confirm is not None, timeout=30_000)
        assert second.wait(30) == 0, second.stdout.read() if second.stdout else ""
        assert window.dial_bar.edit.text() == "+81312345678"
        assert phone.dialled == []  # nothing is called before the agent says so
        box = window.dial_confirm
        assert box is not None and "+81312345678" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: phone.dialled == ["+81312345678"])
    finally:
        if second.stdout is not None:
            second.stdout.close()
        first.release()


def test_a_second_launch_without_a_link_brings_the_first_to_the_front(
        tmp_path: Path, qtbot: QtBot) -> None:
    config = tmp_path / "caseline.toml"
    first = SingleInstance(config)
    assert first.claim()
    got: list[dict[str, Any]] = []
    first.request.connect(got.append)
    try:
        second = _launch(config, "gui")
        qtbot.waitUntil(lambda: bool(got), timeout=30_000)
        assert second.wait(30) == 0
        assert got == [{}]
    finally:
        if second.stdout is not None:
            second.stdout.close()
        first.release()


def test_another_configuration_is_an_instance_of_its_own(tmp_path: Path) -> None:
    one, other = SingleInstance(tmp_path / "a.toml"), SingleInstance(tmp_path / "b.toml")
    try:
        assert one.claim() and other.claim()
        assert instance_name(tmp_path / "a.toml") != instance_name(tmp_path / "b.toml")
    finally:
        one.release()
        other.release()


_HOLDER = """
import sys, time
from PySide6.QtCore import QCoreApplication
from pathlib import Path
from app.ui.instance import SingleInstance
app = QCoreApplication([])
held = SingleInstance(Path(sys.argv[1]))
print("claimed" if held.claim() else "refused", flush=True)
time.sleep(600)
"""


def test_a_crashed_instance_leaves_nothing_that_stops_the_next_start(tmp_path: Path) -> None:
    config = tmp_path / "caseline.toml"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(config)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "claimed"
        assert not SingleInstance(config).claim()  # it runs: this one is the second
        holder.send_signal(signal.SIGKILL)  # its lock file and socket stay behind
        holder.wait(10)
        after = SingleInstance(config)
        assert after.claim()  # the stale lock is taken over, the dead socket replaced
        after.release()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
