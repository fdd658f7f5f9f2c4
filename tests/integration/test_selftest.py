"""`caseline self-test` from the source tree: every step passes on a working installation, and
a broken part is named. (The bundle's own run is scripts/bundle-self-test, in scripts/test.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import selftest
from app.cli.main import say
from tests.conftest import failing_keyring

if TYPE_CHECKING:
    import pytest

    from tests.conftest import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]


def test_every_step_passes_and_the_call_to_itself_is_heard(
        memory_keyring: MemoryKeyring) -> None:
    outcomes = selftest.run_steps(say)
    assert [(o.step, o.ok) for o in outcomes] == [(step, True) for step in selftest.STEPS], \
        outcomes
    sip = next(o for o in outcomes if o.step == "sip")
    level = int(sip.detail.rsplit("level ", 1)[1].rstrip(")"))
    assert level >= selftest.HEARD_RMS
    assert memory_keyring.store == {}  # the throw-away secret is gone again


def test_a_keyring_that_keeps_nothing_fails_its_step_and_says_what_to_do() -> None:
    with failing_keyring():
        outcomes = selftest.run_steps(say, skip=frozenset({"sip", "store"}))
    keyring_step = next(o for o in outcomes if o.step == "keyring")
    assert not keyring_step.ok
    assert "caseline doctor" in keyring_step.detail
    assert all(o.ok for o in outcomes if o.step != "keyring")


def test_missing_translations_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import app.i18n  # noqa: PLC0415

    monkeypatch.setattr(app.i18n, "HERE", tmp_path)  # a bundle that left the .qm files out
    outcomes = selftest.run_steps(say, skip=frozenset({"sip", "keyring", "store", "central"}))
    assert [(o.step, o.ok) for o in outcomes] == [("qt", True), ("translations", False)]
    assert str(tmp_path / "caseline_ja.qm") in outcomes[1].detail


def test_the_command_reports_in_the_users_language_and_exits_non_zero_on_a_failure(
        tmp_path: Path) -> None:
    config = tmp_path / "caseline.toml"
    config.write_text('[ui]\nlanguage = "ja"\n', encoding="utf-8")
    # No keyring backend but the fail one in the child: keyring's own env switch.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "app", "--config", str(config), "self-test",
                           "--skip", "sip"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "セルフテストは keyring で失敗しました（失敗 1 項目）。"
    assert lines[0].startswith("OK      qt: Qt ")
