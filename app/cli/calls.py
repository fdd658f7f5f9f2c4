"""``caseline calls list | export``: the call log for people and for spreadsheets.

``list`` is a table in the agent's language and local time, as the window's history shows it,
aligned for full-width (CJK) text; ``--json`` and ``--utc`` are for scripts. ``export`` streams
every call, oldest first, to CSV (UTF-8 with a BOM: Excel opens it as UTF-8, so Japanese
survives) or to an xlsx workbook (openpyxl's write-only mode: rows go to disk as they come).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import sys
from datetime import UTC, datetime, timedelta
from itertools import chain, islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from app.cases.call_export import CallRecord, records
from app.common.text import FORMULA_START, cell_width, text_width
from app.i18n import choose, formats

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Iterator

    from app.cases.models import Direction, Outcome
    from app.cases.store import Store
    from app.config.settings import Settings

# The table's columns, as the window's history has them, then who took the call.
LIST_COLUMNS = ("col_time", "col_direction", "col_caller", "col_sr", "col_outcome",
                "col_disposition", "col_duration", "col_agent")
LIST_WIDEST = {"col_caller": 36, "col_sr": 36, "col_disposition": 20, "col_agent": 20}

# Export columns (message codes of their headers); the order is kept for scripts.
EXPORT_COLUMNS = (
    "col_started", "col_utc_offset", "col_ended", "col_direction", "col_outcome",
    "col_number", "col_number_e164", "col_display_name", "col_contact", "col_company",
    "col_sr", "col_sr_title", "col_disposition", "col_disposition_code", "col_agent",
    "col_ring_seconds", "col_talk_seconds", "col_hold_seconds", "col_matched_by",
    "col_end_reason", "col_account", "col_sip_call_id", "col_id",
)
SECONDS_COLUMNS = frozenset({"col_ring_seconds", "col_talk_seconds", "col_hold_seconds"})
XLSX_SAMPLE = 500  # rows looked at to fit the column widths (the rest streams by)
XLSX_WIDEST = 60
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

_PHONE_LIKE = re.compile(r"^[+\-]?[\d\s\-().]*\d[\d\s\-().]*$")  # no letters: no function
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # controls and line breaks


def run(args: argparse.Namespace, store: Store, conf: Settings,
        say: Callable[..., str]) -> int:
    language = choose(conf.ui.language)  # what say() speaks (cli.use_language)
    since = _since(args.since, args.utc, say)
    if args.action == "export":
        return _export(args, store, since, language, say)
    return _list(args, store, since, language, say)


def _since(text: str | None, utc: bool, say: Callable[..., str]) -> datetime | None:
    """A date (or date and time) the listing starts at: local unless --utc or an offset."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise SystemExit(say("bad_date", text=text)) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC) if utc else parsed.astimezone()  # naive: local
    return parsed.astimezone(UTC)


# -- calls list ---------------------------------------------------------------------------------


def _list(args: argparse.Namespace, store: Store, since: datetime | None, language: str,
          say: Callable[..., str]) -> int:
    with store.session() as session:
        rows = list(records(session, since=since, limit=args.limit))
    if args.json:
        for row in rows:
            print(json.dumps(_plain(row), ensure_ascii=False))
        return 0
    if not rows:
        print(say("no_calls"))
        return 0
    header = [say("col_time_utc" if args.utc and key == "col_time" else key)
              for key in LIST_COLUMNS]
    table = [[_one_line(cell) for cell in _list_cells(row, language, args.utc, say)]
             for row in rows]
    for line in aligned([header, *table], [LIST_WIDEST.get(key) for key in LIST_COLUMNS],
                        right={LIST_COLUMNS.index("col_duration")}):
        print(line)
    return 0


def _plain(row: CallRecord) -> dict[str, Any]:
    """A call for scripts: codes and UTC, the keys of earlier versions kept."""
    return {
        "id": str(row.id), "started_at": row.started_at.isoformat(),
        "ended_at": row.ended_at.isoformat() if row.ended_at else None,
        "direction": row.direction.value,
        "outcome": row.outcome.value if row.outcome else "live",
        "number_raw": row.number_raw, "number_e164": row.number_e164,
        "display_name": row.display_name, "contact_name": row.contact_name,
        "company": row.company, "case_number": row.case_number, "case_title": row.case_title,
        "agent": row.agent_name, "matched_by": row.matched_by.value,
        "ring_seconds": round(row.ring_seconds, 1), "talk_seconds": round(row.talk_seconds, 1),
        "hold_seconds": round(row.hold_seconds, 1), "disposition_code": row.disposition_code,
        "end_reason": row.end_reason, "account": row.account, "sip_call_id": row.sip_call_id,
    }


def _list_cells(row: CallRecord, language: str, utc: bool,
                say: Callable[..., str]) -> list[str]:
    when = (row.started_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if utc
            else formats.local_datetime(row.started_at, language))
    return [
        when, _direction(row.direction, say), _caller(row, say),
        f"{row.case_number} {row.case_title}".strip() if row.case_number else "",
        _outcome(row.outcome, say), row.disposition_label(language), _duration(row, say),
        row.agent_name,
    ]


def _caller(row: CallRecord, say: Callable[..., str]) -> str:
    """Name, company and number as far as they are known: the window's Caller column. When
    that is too wide, the names are cut, not the number (the one to call back)."""
    number = _one_line(row.number_raw or row.number_e164 or say("withheld"))
    name = row.contact_name or row.display_name
    names = " / ".join(_one_line(p) for p in (name, row.company) if p and p != number)
    if not names:
        return number
    room = LIST_WIDEST["col_caller"] - text_width(number) - len(" / ")
    return f"{clip(names, max(room, 8))} / {number}"


def _duration(row: CallRecord, say: Callable[..., str]) -> str:
    if row.outcome is None:
        return ""
    if row.talk_seconds > 0:
        return formats.talk_time(row.talk_seconds)
    if row.ring_seconds > 0:
        return say("rang", duration=formats.talk_time(row.ring_seconds))
    return ""


def _direction(direction: Direction, say: Callable[..., str]) -> str:
    return say(f"direction_{direction.value}")


def _outcome(outcome: Outcome | None, say: Callable[..., str]) -> str:
    return say(f"outcome_{outcome.value if outcome else 'live'}")


def clip(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal cells, with "…" where it was cut."""
    if text_width(text) <= cells:
        return text
    kept, used = [], 0
    for ch in text:
        used += cell_width(ch)
        if used > cells - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def aligned(rows: list[list[str]], widest: list[int | None],
            right: set[int] | frozenset[int] = frozenset()) -> Iterator[str]:
    """Rows as lines of columns two cells apart, each as wide as its widest cell."""
    rows = [[clip(cell, w) if w else cell for cell, w in zip(row, widest, strict=True)]
            for row in rows]
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(widest))]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - text_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        yield "  ".join(cells).rstrip()


def _one_line(text: str) -> str:
    """Stored text may hold line breaks or controls (ESC too); a table cell is one line. Other
    spaces stay: Qt's English time has a narrow no-break space before "PM"."""
    return _BREAKS.sub(" ", text).strip()


# -- calls export -------------------------------------------------------------------------------


def export_format(fmt: str | None, output: str | None) -> str:
    """``--format`` when given, else what the output file's name says; CSV by default."""
    if fmt:
        return fmt
    return "xlsx" if output and output.lower().endswith(".xlsx") else "csv"


def _export(args: argparse.Namespace, store: Store, since: datetime | None, language: str,
            say: Callable[..., str]) -> int:
    fmt = export_format(args.format, args.output)
    to_stdout = not args.output or args.output == "-"
    if fmt == "xlsx" and to_stdout and sys.stdout.isatty():
        print(say("xlsx_needs_output"), file=sys.stderr)
        return 2
    header = [say(key) for key in EXPORT_COLUMNS]
    with store.session() as session:
        rows = (export_values(row, language, args.utc, say)
                for row in records(session, since=since, newest_first=False))
        try:
            if to_stdout:
                count = _to_stdout(fmt, header, rows, say("sheet_calls"))
            else:
                count = _to_file(Path(args.output), fmt, header, rows, say("sheet_calls"))
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise  # `caseline calls export | head`: main() ends quietly
            print(say("export_failed", path=args.output or "-", detail=exc.strerror or exc),
                  file=sys.stderr)
            return 2
    if not to_stdout:
        print(say("exported", count=count, path=args.output))
    return 0


def export_values(row: CallRecord, language: str, utc: bool,
                  say: Callable[..., str]) -> list[Any]:
    """One call as the export's cells: datetimes (naive, in the zone of the offset column),
    numbers as numbers, labels in ``language``."""
    started = row.started_at.astimezone(UTC) if utc else row.started_at.astimezone()
    offset = started.utcoffset() or timedelta(0)
    ended = None
    if row.ended_at is not None:
        ended = (row.ended_at.astimezone(UTC) if utc else row.ended_at.astimezone())
        ended = ended.replace(tzinfo=None, microsecond=0)
    return [
        started.replace(tzinfo=None, microsecond=0), _utc_offset(offset), ended,
        _direction(row.direction, say), _outcome(row.outcome, say),
        row.number_raw, row.number_e164, row.display_name, row.contact_name, row.company,
        row.case_number, row.case_title, row.disposition_label(language), row.disposition_code,
        row.agent_name, round(row.ring_seconds, 1), round(row.talk_seconds, 1),
        round(row.hold_seconds, 1), row.matched_by.value, row.end_reason, row.account,
        row.sip_call_id, str(row.id),
    ]


def _utc_offset(offset: timedelta) -> str:
    """"UTC+09:00": with a letter first, so no spreadsheet reads it as a time or a formula."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def formula_safe(value: str) -> bool:
    """False when a spreadsheet could run ``value`` as a formula. Numbers and phone numbers
    ("+81 3-1234-5678", "-5") cannot call anything and stay as they are."""
    return not value.startswith(FORMULA_START) or bool(_PHONE_LIKE.match(value))


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")  # what Excel reads as a date and time
    if isinstance(value, str) and not formula_safe(value):
        return "'" + value  # Excel's own mark for "text, not a formula"
    return value


def write_csv(out: IO[str], header: list[str], rows: Iterable[list[Any]]) -> int:
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        count += 1
    return count


def write_xlsx(out: IO[bytes], header: list[str], rows: Iterable[list[Any]],
               sheet: str) -> int:
    """A workbook with one sheet: a frozen bold header with a filter, fitted columns, real
    datetimes and numbers. Write-only: each row is written out as it is appended."""
    from openpyxl import Workbook  # noqa: PLC0415 - only the xlsx export needs it
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=_sheet_title(sheet))
    rows = iter(rows)
    first = list(islice(rows, XLSX_SAMPLE))
    seconds = {i for i, key in enumerate(EXPORT_COLUMNS) if key in SECONDS_COLUMNS}
    for i, name in enumerate(header):
        wide = max([text_width(name) + 2, *(_xlsx_width(row[i]) for row in first)])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(wide, XLSX_WIDEST) + 2
    ws.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, column: int) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # controls: XML cannot carry them
            if not value:
                return None
            if not value.startswith(FORMULA_START):
                return value
            text = WriteOnlyCell(ws, value)
            text.data_type = "s"  # openpyxl writes a str starting with "=" as a formula
            text.quotePrefix = True  # Excel's "'": stays text when the cell is edited too
            return text
        if isinstance(value, datetime):
            moment = WriteOnlyCell(ws, value)
            moment.number_format = DATETIME_FORMAT
            return moment
        if column in seconds:
            number = WriteOnlyCell(ws, value)
            number.number_format = "0.0"
            return number
        return value

    titles = []
    for name in header:
        title = WriteOnlyCell(ws, name)
        title.font = bold
        titles.append(title)
    count = 0
    try:
        ws.append(titles)
        for row in chain(first, rows):
            ws.append([cell(value, i) for i, value in enumerate(row)])
            count += 1
    except BaseException:
        # End the sheet's row writer now: left to the garbage collector it writes into its
        # closed temporary file.
        with contextlib.suppress(Exception):
            ws.close()
        raise
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    book.save(out)  # zipfile writes to a stream that cannot seek too (stdout)
    return count


def _xlsx_width(value: Any) -> int:
    if isinstance(value, datetime):
        return len(DATETIME_FORMAT)
    return text_width(str(value)) if value is not None else 0


def _sheet_title(text: str) -> str:
    """Excel refuses these characters in a sheet's name, and more than 31 of them."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31] or "Calls"


def _to_stdout(fmt: str, header: list[str], rows: Iterable[list[Any]], sheet: str) -> int:
    sys.stdout.flush()  # anything printed before goes out first
    if fmt == "xlsx":
        count = write_xlsx(sys.stdout.buffer, header, rows, sheet)
        sys.stdout.buffer.flush()
        return count
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig", newline="")
    try:
        count = write_csv(out, header, rows)
        out.flush()
    finally:
        with contextlib.suppress(OSError, ValueError):
            out.detach()  # sys.stdout keeps its buffer open
    return count


def _to_file(path: Path, fmt: str, header: list[str], rows: Iterable[list[Any]],
             sheet: str) -> int:
    """Written beside ``path`` and renamed into place: a failed export leaves no half file."""
    part = path.with_name(f".{path.name}.part")  # not mkstemp: the file's mode follows umask
    try:
        if fmt == "xlsx":
            with part.open("wb") as binary:  # opened first: a bad path fails before any row
                count = write_xlsx(binary, header, rows, sheet)
        else:
            with part.open("w", encoding="utf-8-sig", newline="") as out:
                count = write_csv(out, header, rows)
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count
