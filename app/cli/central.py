"""``caseline central init | months | monitoring | add-team | add-agent``: the central
PostgreSQL database.

Run by an administrator with a superuser URL (``--url postgresql://admin@host/db``, plus e.g.
``?sslmode=verify-full&sslrootcert=ca.pem``); a password not in the URL comes from libpq's usual
places (PGPASSWORD, ~/.pgpass). An agent's password is read from the terminal without echo, or
from stdin for scripts, and never printed or logged. Messages for people go through ``say``.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from pathlib import Path

    from app.central.db import CentralError
    from app.config.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    central = subparsers.add_parser(
        "central", help="the central PostgreSQL database (administrators)")
    sub = central.add_subparsers(dest="action", required=True, help="what to do")
    url_help = ("a superuser's URL, postgresql://user@host:5432/database "
                "(libpq options such as sslmode=verify-full&sslrootcert=FILE in the query)")
    insecure_help = ("send the superuser's password to a server on another machine without a "
                     "verified TLS connection")

    init = sub.add_parser("init", help="create or update the schema, roles and policies "
                          "(safe to run again)")
    init.add_argument("--url", required=True, help=url_help)
    init.add_argument("--allow-insecure", action="store_true", help=insecure_help)

    months = sub.add_parser("months", help="create the call-log months ahead (run monthly, "
                            "e.g. from cron; init does it too)")
    months.add_argument("--url", required=True, help=url_help)
    months.add_argument("--allow-insecure", action="store_true", help=insecure_help)
    months.add_argument("--ahead", type=int, default=12, metavar="N",
                        help="months after this one to have ready (default 12)")

    monitoring = sub.add_parser("monitoring", help="allow (on) or forbid (off) leaders to "
                                "listen in on, whisper to and barge into their team's calls")
    monitoring.add_argument("--url", required=True, help=url_help)
    monitoring.add_argument("--allow-insecure", action="store_true", help=insecure_help)
    monitoring.add_argument("state", choices=("on", "off"),
                            help="on: leaders may listen in; off: nobody may")

    team = sub.add_parser("add-team", help="add a team, or give an existing one more queues")
    team.add_argument("--url", required=True, help=url_help)
    team.add_argument("--allow-insecure", action="store_true", help=insecure_help)
    team.add_argument("name", help="the team's name, as add-agent --team gives it")
    team.add_argument("--queue", action="append", default=[], metavar="Q",
                      help="an SR queue this team works (repeat for more); a queue another "
                      "team had moves to this one")

    agent = sub.add_parser("add-agent", help="give an agent a database login (or update it)")
    agent.add_argument("--url", required=True, help=url_help)
    agent.add_argument("--allow-insecure", action="store_true", help=insecure_help)
    agent.add_argument("--role", required=True, dest="db_role",
                       help="the agent's PostgreSQL login role")
    agent.add_argument("--name", required=True, help="the agent's name as colleagues see it")
    agent.add_argument("--team", required=True, help="the team, added before with add-team")
    agent.add_argument("--leader", action="store_true",
                       help="a team leader: also reads the team's call logs, notes and states")
    agent.add_argument("--sip-identity", help="user@domain of the agent's phone account")
    agent.add_argument("--languages", default="ja", help="comma list, e.g. ja,en")
    agent.add_argument("--password-stdin", action="store_true",
                       help="read the password from stdin (for scripts)")


def register_sync(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = subparsers.add_parser(
        "sync", help="sync with the central database ([central] url); the desktop does this "
        "by itself")
    sync.add_argument("--once", action="store_true",
                      help="one round: send what is queued, receive what changed, then exit")
    sync.add_argument("--set-password", action="store_true",
                      help="store the database role's password in the keyring")
    sync.add_argument("--password-stdin", action="store_true",
                      help="with --set-password: read it from stdin (for scripts)")
    sync.add_argument("--retry-refused", action="store_true",
                      help="with --once: send the changes the centre refused again")


def run_sync(args: argparse.Namespace, path: Path, conf: Settings,
             say: Callable[..., str]) -> int:
    """``caseline sync --once`` / ``--set-password``. Exit 0: done; 1: the centre could not
    be reached or refused; 2: not configured; 3: done, but SRs wait for the agent's choice."""
    from app.cases.store import open_sqlite  # noqa: PLC0415
    from app.central.db import CentralError, shown  # noqa: PLC0415
    from app.config import secrets  # noqa: PLC0415
    from app.sync import connect  # noqa: PLC0415
    from app.sync.engine import classify  # noqa: PLC0415
    from app.sync.worker import read_status  # noqa: PLC0415

    try:
        url = connect.central_url(conf.central.effective_url())
        if url is None:
            print(say("sync_not_configured", path=path), file=sys.stderr)
            return 2
        if args.set_password:
            password = (sys.stdin.readline().rstrip("\r\n") if args.password_stdin else
                        getpass.getpass(say("central_password_prompt", role=url.username)))
            if not password:
                print(say("empty_password"), file=sys.stderr)
                return 2
            secrets.set_central_password(connect.password_key(url), password)
            print(say("sync_password_saved", where=shown(url)))
            if not args.once:
                return 0
        store = open_sqlite(conf.cases.database_path())
        try:
            syncer = connect.syncer_for(conf.central.effective_url(), store,
                                        allow_insecure=conf.central.allow_insecure)
            assert syncer is not None  # a URL is configured
            try:
                if args.retry_refused:
                    syncer.retry_parked()
                report = syncer.once()
            except Exception as exc:
                code, detail = classify(exc)
                syncer.record_error(code, detail)
                raise CentralError(code, shown(url), detail) from exc
            finally:
                syncer.central.dispose()
            status = read_status(store)
        finally:
            store.close()
    except CentralError as exc:
        print(central_message(exc, say), file=sys.stderr)
        return 1 if exc.code not in ("bad_url", "insecure_url", "no_password") else 2
    for old, new in report.renumbered:
        print(say("sync_renumbered", old=old, new=new))
    print(say("sync_done", pushed=report.pushed, pulled=report.pulled, queued=status.queued))
    if status.parked:
        print(say("sync_parked", count=status.parked))
    if status.conflicts:
        print(say("sync_conflicts", count=status.conflicts))
        return 3
    return 0


def run(args: argparse.Namespace, say: Callable[..., str]) -> int:
    # SQLAlchemy and psycopg only for this command, not for every `caseline` start.
    from app.central import admin  # noqa: PLC0415
    from app.central.db import CentralError, parse_url, require_tls  # noqa: PLC0415

    try:
        try:  # the superuser's password crosses no network in the clear (issue 17, item 6)
            require_tls(parse_url(args.url), allow_insecure=args.allow_insecure)
        except CentralError as exc:
            if exc.code != "insecure_url":
                raise
            print(say("central_admin_insecure_url", where=exc.where), file=sys.stderr)
            return 2
        if args.action == "init":
            revision = admin.init(args.url)
            print(say("central_ready", url=_shown(args.url), revision=revision))
            return 0
        if args.action == "months":
            made = admin.add_call_log_months(args.url, args.ahead)
            print(say("central_months", ahead=args.ahead, made=made))
            return 0
        if args.action == "monitoring":
            on = admin.set_monitoring(args.url, args.state == "on")
            print(say("central_monitoring_on" if on else "central_monitoring_off"))
            return 0
        if args.action == "add-team":
            team = admin.add_team(args.url, args.name, args.queue)
            if team.queues:
                print(say("central_team", name=team.name, queues=", ".join(team.queues)))
            else:
                print(say("central_team_no_queues", name=team.name))
            return 0
        return _add_agent(args, say)
    except CentralError as exc:
        print(central_message(exc, say), file=sys.stderr)
        return 2


def _shown(url: str) -> str:
    from app.central.db import parse_url, shown  # noqa: PLC0415

    return shown(parse_url(url))


def _add_agent(args: argparse.Namespace, say: Callable[..., str]) -> int:
    from app.central import admin  # noqa: PLC0415

    admin.check_role_name(args.db_role)  # before anyone types a password
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(say("central_password_prompt", role=args.db_role))
        if password and getpass.getpass(say("central_password_again")) != password:
            print(say("central_password_mismatch"), file=sys.stderr)
            return 2
    if not password:
        print(say("empty_password"), file=sys.stderr)
        return 2
    account = admin.add_agent(args.url, args.db_role, password, args.name, args.team,
                              leader=args.leader, sip_identity=args.sip_identity,
                              languages=args.languages)
    if not account.created:
        key = "central_agent_updated"
    else:
        key = "central_leader_added" if account.leader else "central_agent_added"
    print(say(key, name=account.name, role=account.db_role, team=account.team))
    return 0


def central_message(exc: CentralError, say: Callable[..., str]) -> str:
    """A CentralError for people: one message per code, the generic one otherwise."""
    try:
        return say(f"central_{exc.code}", where=exc.where, detail=exc.detail)
    except KeyError:
        return say("central_failed", where=exc.where, detail=exc.detail or exc.code)
