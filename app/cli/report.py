"""``caseline report``: a team's KPIs for a range of days, as .xlsx or CSV, for scheduled
reports. Signs in to the centre as the configured leader, the way ``caseline sync`` does
([central] url, the password from the keyring, TLS for a remote centre)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.config.settings import ConsoleSettings

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from sqlalchemy.engine import Engine

    from app.config.settings import Settings

FORMATS = ("xlsx", "csv")


def local_zone() -> str:
    """This machine's IANA zone name ($TZ, else /etc/localtime's target), else UTC."""
    named = os.environ.get("TZ", "").lstrip(":")
    if named:
        return named
    target = os.path.realpath("/etc/localtime")
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = subparsers.add_parser(
        "report", help="a team's KPIs as .xlsx or CSV (signs in as the configured leader)")
    report.add_argument("--team", required=True, help="the team's name")
    report.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD",
                        help="the first day (local to --tz)")
    report.add_argument("--to", dest="last", required=True, metavar="YYYY-MM-DD",
                        help="the last day, included")
    report.add_argument("--tz", default=None,
                        help="the time zone days are counted in (default: this machine's)")
    report.add_argument("--format", choices=FORMATS, default=None,
                        help="xlsx (one sheet per table) or csv (one file per table beside "
                        "--output: NAME-agents.csv, ...); default: from --output's suffix")
    report.add_argument("--output", required=True, metavar="F", help="the file to write")
    report.add_argument("--fcr-days", type=int, default=None, metavar="N",
                        help="first-contact resolution: no further contact within N days "
                        "(default: [console] fcr_days, 7)")
    report.add_argument("--answer-target", type=int, default=None, metavar="T",
                        help="service level: answered within T seconds (default: [console] "
                        "answer_target_seconds, 20)")


def run(args: argparse.Namespace, path: Path, conf: Settings, say: Callable[..., str]) -> int:
    """Exit 0: written; 1: the centre could not be reached or refused; 2: bad arguments or
    not configured."""
    from app.central.db import CentralError, plan_each_run, require_tls, shown  # noqa: PLC0415
    from app.cli.central import central_message  # noqa: PLC0415
    from app.config import secrets  # noqa: PLC0415
    from app.sync import connect  # noqa: PLC0415

    try:
        url = connect.central_url(conf.central.effective_url())
        if url is None:
            print(say("sync_not_configured", path=path), file=sys.stderr)
            return 2
        require_tls(url, allow_insecure=conf.central.allow_insecure)
        password = secrets.get_central_password(connect.password_key(url))
        if password is None:
            raise CentralError("no_password", shown(url))
        central = plan_each_run(connect.sync_engine(url, password))  # a leader's reads
    except CentralError as exc:
        print(central_message(exc, say), file=sys.stderr)
        return 1 if exc.code not in ("bad_url", "insecure_url", "no_password") else 2
    try:
        return export(central, args, say, language=conf.ui.language,
                      fcr_days=conf.console.fcr_days,
                      answer_target_s=conf.console.answer_target_seconds)
    finally:
        central.dispose()


def _translator(language: str) -> Callable[[str], str]:
    from PySide6.QtCore import QTranslator  # noqa: PLC0415

    from app.i18n import HERE, choose  # noqa: PLC0415

    translator = QTranslator()
    translator.load(f"caseline_{choose(language)}", str(HERE))
    return lambda source: translator.translate("kpi", source) or source


def export(central: Engine, args: argparse.Namespace, say: Callable[..., str], *,
           language: str = "", fcr_days: int = ConsoleSettings.fcr_days,
           answer_target_s: int = ConsoleSettings.answer_target_seconds) -> int:
    """The report of ``args`` from ``central`` (an engine signed in as a leader); the KPI
    definitions are the settings' ([console]) unless ``args`` gives others."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415

    from psycopg import errors  # noqa: PLC0415
    from sqlalchemy import text  # noqa: PLC0415
    from sqlalchemy.exc import DBAPIError  # noqa: PLC0415

    from app.central.db import CentralError, shown  # noqa: PLC0415
    from app.cli.central import central_message  # noqa: PLC0415
    from app.console import report  # noqa: PLC0415
    from app.sync.engine import classify  # noqa: PLC0415

    try:
        first, last = date.fromisoformat(args.first), date.fromisoformat(args.last)
    except ValueError:
        print(say("report_bad_date", first=args.first, last=args.last), file=sys.stderr)
        return 2
    if last < first:
        print(say("report_bad_date", first=args.first, last=args.last), file=sys.stderr)
        return 2
    tz = args.tz or local_zone()
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        print(say("report_bad_tz", tz=tz), file=sys.stderr)
        return 2
    output = Path(args.output)
    fmt: report.Format = args.format or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
    try:
        with central.connect() as conn:
            row = conn.execute(text(
                "SELECT t.id, t.id = (SELECT a.team_id FROM caseline.agents a "
                "WHERE a.db_role = current_user) FROM caseline.teams t WHERE t.name = :name"),
                {"name": args.team}).first()
            if row is None:
                print(say("report_unknown_team", team=args.team), file=sys.stderr)
                return 2
            if not row[1]:  # row security would give an empty report: say why instead
                print(say("report_not_your_team", team=args.team), file=sys.stderr)
                return 1
            tables = report.tables(
                conn, first, last, tz=tz, team_id=row[0],
                fcr_days=args.fcr_days if args.fcr_days is not None else fcr_days,
                answer_target_s=(args.answer_target if args.answer_target is not None
                                 else answer_target_s))
    except DBAPIError as exc:
        if isinstance(exc.orig, errors.InsufficientPrivilege):
            print(say("report_not_leader"), file=sys.stderr)
            return 1
        code, detail = classify(exc)
        print(central_message(CentralError(code, shown(central.url), detail), say),
              file=sys.stderr)
        return 1
    try:
        written = report.write(output, fmt, tables, _translator(language))
    except OSError as exc:
        print(say("report_unwritable", path=output, detail=exc.strerror or exc),
              file=sys.stderr)
        return 1
    print(say("report_written", paths=", ".join(str(p) for p in written)))
    return 0
