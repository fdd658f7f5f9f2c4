"""A team's KPI report: every KPI table of app.console.kpi, written as one .xlsx workbook (one
sheet per table) or as CSV files (one per table, beside the named file: ``F-agents.csv``...).

xlsx: numbers as numbers (seconds "0.0", rates as percentages), the period as a real date, a
bold frozen header, fitted column widths. Text from the centre (names, queues, reasons) that a
spreadsheet would run as a formula is stored as text. Files are written beside their target
and renamed into place: a failed report leaves no half file.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from app.common.text import FORMULA_START, text_width
from app.console import kpi
from app.console.kpi import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from sqlalchemy.engine import Connection

Format = Literal["xlsx", "csv"]
WIDEST = 60  # characters: a column no wider than this
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "seconds": "0.0", "rate": "0.0%", "count": "0"}


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
    ]


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
          translate: Callable[[str], str]) -> list[Path]:
    """Write ``report``; returns the files written."""
    if fmt == "xlsx":
        _atomic(output, lambda part: _xlsx(part, report, translate))
        return [output]
    paths = csv_paths(output, [t.slug for t in report])
    for path, table in zip(paths, report, strict=True):
        _atomic(path, lambda part, table=table: _csv(part, table, translate))  # type: ignore[misc]
    return paths


def _atomic(path: Path, writer: Callable[[Path], None]) -> None:
    part = path.with_name(f".{path.name}.part")
    try:
        writer(part)
        part.replace(path)
    except BaseException:
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


def _csv(path: Path, table: Table, translate: Callable[[str], str]) -> None:
    # UTF-8 with a BOM: Excel then reads Japanese and Chinese names right.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([translate(c.label) for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv_cell(v) for v in _values(table, row, translate)])


def _width(value: Any, column: kpi.Column) -> int:
    if value is None:
        return 0
    if column.kind == "date":
        return 10
    if column.kind == "rate":
        return 7
    return text_width(str(value))


def _sheet_title(text: str) -> str:
    """Excel refuses these characters in a sheet's name, and more than 31 of them."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in text)[:31] or "KPI"


def _xlsx(path: Path, report: Sequence[Table], translate: Callable[[str], str]) -> None:
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
                elif column.kind in NUMBER_FORMATS and cell.value is not None:
                    cell.number_format = NUMBER_FORMATS[column.kind]
        for i, wide in enumerate(widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = min(wide, WIDEST) + 2
        ws.freeze_panes = "A2"
    book.save(path)
