"""A team's KPI report: every KPI table of app.console.kpi, written as one .xlsx workbook (one
sheet per table) or as CSV files (one per table, beside the named file: ``F-agents.csv``...).
The console's explorer exports its filtered calls the same way (``call_table``).

xlsx: numbers as numbers (seconds "0.0", rates as percentages), the period as a real date, a
bold frozen header, fitted column widths. Text from the centre (names, queues, reasons) that a
spreadsheet would run as a formula is stored as text. Files are written beside their target
and renamed into place, every file of a report only once all are written: a failed (or
cancelled, ``progress`` raising) report leaves no half file.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from app.common.text import FORMULA_START, text_width
from app.console import kpi
from app.console.kpi import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from app.console.explorer import CallRow

Format = Literal["xlsx", "csv"]
WIDEST = 60  # characters: a column no wider than this
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "seconds": "0.0", "rate": "0.0%", "count": "0",
                  "mos": "0.00", "percent": "0.00", "ms": "0.0"}
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"  # a "date" column holding times of day (the calls)


@dataclass(frozen=True, slots=True)
class Table:
    slug: str  # the CSV file's suffix
    title: str  # the sheet's name (English source, context "kpi")
    columns: tuple[kpi.Column, ...]
    rows: Sequence[Any]  # kpi row dataclasses


def tables(conn: Connection, first: date, last: date, *, tz: str, team_id: uuid.UUID,
           fcr_days: int = kpi.FCR_DAYS, answer_target_s: int = kpi.ANSWER_TARGET_S
           ) -> list[Table]:
    """The report of ``team_id`` for the local days ``first``..``last`` in ``tz``."""
    def calls(bucket: kpi.Bucket, by: kpi.By) -> list[kpi.CallKpi]:
        return kpi.call_kpis(conn, first, last, tz=tz, bucket=bucket, by=by, team_id=team_id,
                             fcr_days=fcr_days, answer_target_s=answer_target_s)

    return [
        Table("agents", QT_TRANSLATE_NOOP("kpi", "By agent"), kpi.CALL_COLUMNS,
              calls("total", "agent")),
        Table("queues", QT_TRANSLATE_NOOP("kpi", "By queue"), kpi.CALL_COLUMNS,
              calls("total", "queue")),
        Table("languages", QT_TRANSLATE_NOOP("kpi", "By language"), kpi.CALL_COLUMNS,
              calls("total", "language")),
        Table("days", QT_TRANSLATE_NOOP("kpi", "By day"), kpi.CALL_COLUMNS,
              calls("day", "team")),
        Table("states", QT_TRANSLATE_NOOP("kpi", "States"), kpi.STATE_COLUMNS,
              kpi.state_kpis(conn, first, last, tz=tz, bucket="total", by="agent",
                             team_id=team_id)),
        Table("occupancy", QT_TRANSLATE_NOOP("kpi", "Occupancy"), kpi.OCCUPANCY_COLUMNS,
              kpi.occupancy_kpis(conn, first, last, tz=tz, bucket="total", by="agent",
                                 team_id=team_id)),
        # Per agent per day: whose home line needs attention, and since when.
        Table("quality", QT_TRANSLATE_NOOP("kpi", "Call quality"), kpi.QUALITY_COLUMNS,
              kpi.quality_kpis(conn, first, last, tz=tz, bucket="day", by="agent",
                               team_id=team_id)),
    ]


@dataclass(frozen=True, slots=True)
class CallListRow:
    """A call of the explorer as a sheet shows it: its start in the leader's zone (Excel keeps
    no zone), codes by their names."""

    started_at: datetime  # local, naive
    agent_name: str
    direction: str
    number: str
    display_name: str
    case_number: str
    case_title: str
    queue: str
    caller_language: str
    outcome: str
    disposition_code: str
    ring_seconds: float
    talk_seconds: float
    hold_seconds: float


CALL_LIST_COLUMNS: tuple[kpi.Column, ...] = (
    kpi.Column("started_at", QT_TRANSLATE_NOOP("kpi", "Started"), "date"),
    kpi.Column("agent_name", QT_TRANSLATE_NOOP("kpi", "Agent"), "text"),
    kpi.Column("direction", QT_TRANSLATE_NOOP("kpi", "Direction"), "text"),
    kpi.Column("number", QT_TRANSLATE_NOOP("kpi", "Number"), "text"),
    kpi.Column("display_name", QT_TRANSLATE_NOOP("kpi", "Caller"), "text"),
    kpi.Column("case_number", QT_TRANSLATE_NOOP("kpi", "SR"), "text"),
    kpi.Column("case_title", QT_TRANSLATE_NOOP("kpi", "SR title"), "text"),
    kpi.Column("queue", QT_TRANSLATE_NOOP("kpi", "Queue"), "text"),
    kpi.Column("caller_language", QT_TRANSLATE_NOOP("kpi", "Caller's language"), "text"),
    kpi.Column("outcome", QT_TRANSLATE_NOOP("kpi", "Outcome"), "text"),
    kpi.Column("disposition_code", QT_TRANSLATE_NOOP("kpi", "Disposition"), "text"),
    kpi.Column("ring_seconds", QT_TRANSLATE_NOOP("kpi", "Ring (s)"), "seconds"),
    kpi.Column("talk_seconds", QT_TRANSLATE_NOOP("kpi", "Talk (s)"), "seconds"),
    kpi.Column("hold_seconds", QT_TRANSLATE_NOOP("kpi", "Hold (s)"), "seconds"),
)
def _as_is(_column: str, value: str) -> str:
    return value


def call_table(rows: Sequence[CallRow], tz: str,
               label: Callable[[str, str], str] = _as_is) -> Table:
    """The explorer's calls (app.console.explorer rows) as one table, times in ``tz``;
    ``label(column, code)`` names the codes of direction, outcome and caller_language (the
    UI's own labels, in its language)."""
    zone = ZoneInfo(tz)
    return Table("calls", QT_TRANSLATE_NOOP("kpi", "Calls"), CALL_LIST_COLUMNS, [
        CallListRow(started_at=r.started_at.astimezone(zone).replace(tzinfo=None),
                    agent_name=r.agent_name, direction=label("direction", r.direction),
                    number=r.number_e164 or r.number_raw, display_name=r.display_name,
                    case_number=r.case_number or "", case_title=r.case_title or "",
                    queue=r.queue or "",
                    caller_language=label("caller_language", r.caller_language or ""),
                    outcome=label("outcome", r.outcome or ""),
                    disposition_code=r.disposition_code or "",
                    ring_seconds=r.ring_seconds, talk_seconds=r.talk_seconds,
                    hold_seconds=r.hold_seconds)
        for r in rows])


def _values(table: Table, row: Any, translate: Callable[[str], str]) -> list[Any]:
    values = dataclasses.asdict(row)
    out = []
    for column in table.columns:
        value = values[column.name]
        if column.name == "state":
            value = translate(kpi.STATE_LABELS.get(value, value))
        elif column.name == "label" and value == "":
            value = translate(kpi.NONE_LABEL)
        out.append(value)
    return out


def csv_paths(output: Path, slugs: Sequence[str]) -> list[Path]:
    """Where the CSV files of ``output`` go: ``report.csv`` -> ``report-agents.csv``..."""
    suffix = output.suffix or ".csv"
    return [output.with_name(f"{output.stem}-{slug}{suffix}") for slug in slugs]


def write(output: Path, fmt: Format, report: Sequence[Table],
          translate: Callable[[str], str],
          progress: Callable[[int], None] | None = None) -> list[Path]:
    """Write ``report``; returns the files written (CSV: one file per table beside
    ``output``, or ``output`` itself for a single table). ``progress`` is told the rows
    written so far (every table's) now and then; an exception it raises stops the report,
    and nothing is left of it."""
    tick = _Ticks(progress)
    if fmt == "xlsx":
        def book(parts: list[Path]) -> None:
            _xlsx(parts[0], report, translate, tick)
            tick.done()  # before the rename: stopped here, nothing is left either

        _atomic([output], book)
        return [output]
    # One table (the explorer's calls) goes to the file named; several go beside it.
    paths = [output] if len(report) == 1 else csv_paths(output, [t.slug for t in report])

    def each(parts: list[Path]) -> None:
        for part, table in zip(parts, report, strict=True):
            _csv(part, table, translate, tick)
        tick.done()

    _atomic(paths, each)
    return paths


class _Ticks:
    """Counts rows written and tells ``progress`` every EVERY rows (and at the end)."""

    EVERY = 200

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress = progress
        self.rows = 0

    def __call__(self) -> None:
        self.rows += 1
        if self.progress is not None and self.rows % self.EVERY == 0:
            self.progress(self.rows)

    def done(self) -> None:
        if self.progress is not None:
            self.progress(self.rows)


def _atomic(paths: list[Path], writer: Callable[[list[Path]], None]) -> None:
    """Each of ``paths`` written beside it and renamed into place once all are written."""
    parts = [path.with_name(f".{path.name}.part") for path in paths]
    try:
        writer(parts)
        for part, path in zip(parts, paths, strict=True):
            part.replace(path)
    except BaseException:
        for part in parts:
            part.unlink(missing_ok=True)
        raise


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # a spreadsheet opening the CSV must not run it
    return value


def _csv(path: Path, table: Table, translate: Callable[[str], str],
         tick: Callable[[], None]) -> None:
    # UTF-8 with a BOM: Excel then reads Japanese and Chinese names right.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([translate(c.label) for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv_cell(v) for v in _values(table, row, translate)])
            tick()


def _width(value: Any, column: kpi.Column) -> int:
    if value is None:
        return 0
    if column.kind == "date":
        return 19 if isinstance(value, datetime) else 10
    if column.kind == "rate":
        return 7
    return text_width(str(value))


def _sheet_title(text: str) -> str:
    """Excel refuses these characters in a sheet's name, and more than 31 of them."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in text)[:31] or "KPI"


def _xlsx(path: Path, report: Sequence[Table], translate: Callable[[str], str],
          tick: Callable[[], None]) -> None:
    from openpyxl import Workbook  # noqa: PLC0415 - only the xlsx report needs it
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    for table in report:
        ws = book.create_sheet(title=_sheet_title(translate(table.title)))
        header = [translate(c.label) for c in table.columns]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        widths = [text_width(h) + 2 for h in header]
        for row in table.rows:
            values = _values(table, row, translate)
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                       for v in values])
            for i, (cell, column) in enumerate(zip(ws[ws.max_row], table.columns,
                                                   strict=True)):
                widths[i] = max(widths[i], _width(cell.value, column))
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.data_type = "s"  # openpyxl stores a str starting with "=" as a formula
                    cell.quotePrefix = True
                elif isinstance(cell.value, datetime):
                    cell.number_format = DATETIME_FORMAT
                elif column.kind in NUMBER_FORMATS and cell.value is not None:
                    cell.number_format = NUMBER_FORMATS[column.kind]
            tick()
        for i, wide in enumerate(widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = min(wide, WIDEST) + 2
        ws.freeze_panes = "A2"
    book.save(path)
