"""`caseline db | demo-data | calls | cases` on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from app.cases.models import CallLog
from app.cases.store import backup_file, open_sqlite
from app.cli import main as cli
from app.cli.main import main
from app.i18n.build import _tool, release

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_file: Path) -> Path:
    path = tmp_path / "data" / "cases.db"
    monkeypatch.setenv("CASELINE_DB", str(path))
    return path


def test_demo_data_then_calls_and_cases(db: Path, config_file: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data", "--if-empty"]) == 0
    assert "Demo data loaded" in capsys.readouterr().out
    assert main(["demo-data", "--if-empty"]) == 0
    assert "already holds data" in capsys.readouterr().out

    assert main(["calls", "list", "--json", "--limit", "5"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5
    assert rows == sorted(rows, key=lambda r: r["started_at"], reverse=True)

    config_file.write_text('[ui]\nlanguage = "en"\n', encoding="utf-8")  # the CSV's headers
    assert main(["calls", "export", "--format", "csv"]) == 0
    out = capsys.readouterr().out.removeprefix("\ufeff")  # the BOM, for Excel
    exported = list(csv.DictReader(io.StringIO(out)))
    assert len(exported) == 150 and exported[0]["Started"] <= exported[-1]["Started"]
    assert all(not r["Caller ID name"].startswith(("=", "+", "-", "@")) for r in exported)

    number = next(r["Number"] for r in exported if r["SR"])
    assert main(["cases", "find", "--number", number, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["pop"] in ("case", "candidates", "draft")
    assert found["caller"]["kind"] == "number"

    assert main(["cases", "find", "--number", "anonymous"]) == 0
    assert "screen-pop: draft" in capsys.readouterr().out


def test_bad_date_is_a_clear_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "schema" in capsys.readouterr().out
    with pytest.raises(SystemExit) as err:
        main(["calls", "list", "--since", "next tuesday"])
    assert "Not a date" in str(err.value.code)


def test_damaged_database_names_the_file_and_the_backup(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    backup = backup_file(db, "manual")
    db.write_bytes(b"garbage" * 1000)
    capsys.readouterr()
    assert main(["calls", "list"]) == 2
    err = capsys.readouterr().err
    assert str(db) in err and str(backup) in err and "caseline db restore" in err
    assert main(["db", "restore", str(backup)]) == 0
    assert main(["calls", "list"]) == 0
    assert "No calls." in capsys.readouterr().out


def test_missing_database_for_queries(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "find", "--number", "03-1234-5678"]) == 2
    assert "no case database" in capsys.readouterr().err.lower()


def test_recordings_sweep_from_the_command_line(db: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`caseline recordings sweep` deletes old recordings and keeps their call logs."""
    from tests.unit.cases.test_recording_retention import _recorded_call, _wav  # noqa: PLC0415

    assert main(["recordings", "sweep"]) == 2  # no retention configured, no --days
    assert "--days" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    store = open_sqlite(db)
    root = db.parent / "recordings"
    now = datetime.now(UTC)
    old = _wav(root, now - timedelta(days=40), "old")
    new = _wav(root, now - timedelta(days=2), "new")
    calls = [_recorded_call(store, now - timedelta(days=40), old),
             _recorded_call(store, now - timedelta(days=2), new)]
    store.close()
    assert main(["recordings", "sweep", "--days", "30"]) == 0
    out = capsys.readouterr().out  # "1 recording", once caseline_en.ts has the plural forms
    assert out.startswith("1 recording") and "older than 30 days" in out
    assert not old.exists() and new.exists()
    store = open_sqlite(db)
    try:
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(CallLog)
                                  .where(CallLog.id.in_(calls))) == 2
    finally:
        store.close()


# -- the CLI speaks the agent's language (issue 7) ----------------------------------------------
# The expected texts are the "cli" context's ja and zh_CN translations, word for word: these
# tests pass once caseline_ja.ts and caseline_zh_CN.ts carry them.
NO_CALLS = {"ja": "通話はありません。", "zh_CN": "没有通话。"}


@pytest.fixture
def fresh_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's own language: the CLI keeps its translator for the process."""
    release()  # .ts -> .qm, as ./scripts/test does first
    monkeypatch.setattr(cli._Language, "translator", None)


def test_messages_follow_the_configured_language(
        db: Path, config_file: Path, fresh_language: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    config_file.write_text('[ui]\nlanguage = "ja"\n', encoding="utf-8")
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["calls", "list"]) == 0
    assert capsys.readouterr().out.strip() == NO_CALLS["ja"]


def test_messages_follow_the_os_locale_when_no_language_is_set(
        db: Path, config_file: Path, fresh_language: None) -> None:
    """No [ui] language: the OS locale decides, as for the desktop. A child process, because
    Qt reads the locale once per process."""
    assert main(["db", "upgrade"]) == 0
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = "zh_CN.UTF-8"
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "calls", "list"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == NO_CALLS["zh_CN"]


def test_every_message_is_marked_for_lupdate(tmp_path: Path) -> None:
    """A message added to MESSAGES without QT_TRANSLATE_NOOP would never be translated."""
    ts = tmp_path / "cli.ts"
    subprocess.run([_tool("lupdate"), "-locations", "none", cli.__file__, "-ts", str(ts)],
                   check=True, stdout=subprocess.DEVNULL)
    root = ET.parse(ts).getroot()  # noqa: S314 - written just now by lupdate
    found = {m.findtext("source"): m.get("numerus") == "yes"
             for c in root.iter("context") if c.findtext("name") == "cli"
             for m in c.iter("message")}
    assert set(found) == set(cli.MESSAGES.values())
    assert found[cli.MESSAGES["swept"]]  # a count: plural forms ("1 recording", "2 recordings")


def test_a_count_fills_the_plural_form(fresh_language: None) -> None:
    cli.use_language("en")
    text = cli.say("swept", count=2, days=30, path="/data/recordings")
    assert text.startswith("2 recording") and "%n" not in text and "30 days" in text
