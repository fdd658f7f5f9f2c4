"""`caseline db | demo-data | calls | cases` on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

from app.cases.store import backup_file
from app.cli import main

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_file: Path) -> Path:
    path = tmp_path / "data" / "cases.db"
    monkeypatch.setenv("CASELINE_DB", str(path))
    return path


def test_demo_data_then_calls_and_cases(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data", "--if-empty"]) == 0
    assert "Demo data loaded" in capsys.readouterr().out
    assert main(["demo-data", "--if-empty"]) == 0
    assert "already holds data" in capsys.readouterr().out

    assert main(["calls", "list", "--json", "--limit", "5"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5
    assert rows == sorted(rows, key=lambda r: r["started_at"], reverse=True)

    assert main(["calls", "export", "--format", "csv"]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(exported) == 150 and exported[0]["started_at"] <= exported[-1]["started_at"]
    assert all(not r["display_name"].startswith(("=", "+", "-", "@")) for r in exported)

    number = next(r["number_raw"] for r in exported if r["case_number"])
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
