"""Setting up the central database: schema, group roles, teams, and one login role per agent.

Every function takes the administrator's URL (a PostgreSQL superuser: row-level security binds
everyone else, and creating roles needs it). Names and passwords are data here, never SQL: values
go as bound parameters, role names through ``psycopg.sql.Identifier``, and a password leaves this
process only as a SCRAM verifier computed by libpq (the server never sees it in clear, so no
server log can show it).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from app.cases.models import Role, new_id
from app.central.db import CentralError, engine, parse_url, shown
from app.central.models import AGENT_GROUP, INIT_LOCK, LEADER_GROUP, SCHEMA
from app.common import migrating

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from alembic.config import Config
    from sqlalchemy.engine import URL, Connection

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0023"  # the newest central migration; tests check it against alembic
MONTHS_AHEAD = 12  # call-log partitions kept ready (migration 0008)
# An agent's session that sits in an open transaction is ended after this long: a hung or
# stopped client must not hold the change-number lock (see migrations 0001) for long.
IDLE_IN_TRANSACTION = "60s"
MAX_ROLE_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1
MAX_NAME = 255
MAX_QUEUE = 64


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    queues: tuple[str, ...]


@dataclass(frozen=True)
class AgentAccount:
    id: str
    db_role: str
    name: str
    team: str
    leader: bool
    created: bool  # False: an existing agent was updated


def _alembic_config() -> Config:
    return migrating.alembic_config(MIGRATIONS)


def head_revision() -> str:
    return migrating.head_revision(MIGRATIONS)


def revision(conn: Connection) -> str | None:
    """The central schema's migration revision; None before ``init``."""
    if conn.exec_driver_sql(
            "SELECT to_regclass('caseline.alembic_version')").scalar() is None:
        return None
    value = conn.exec_driver_sql("SELECT version_num FROM caseline.alembic_version").scalar()
    return str(value) if value is not None else None


@contextlib.contextmanager
def _admin(url: str | URL) -> Iterator[Connection]:
    """One transaction as the administrator; database failures become CentralError."""
    parsed = parse_url(url)
    where = shown(parsed)
    eng = engine(parsed, poolclass=NullPool)
    try:
        try:
            conn = eng.connect()
        except OperationalError as exc:
            raise CentralError("connect_failed", where, _first_line(exc)) from None
        with conn:
            try:
                with conn.begin():
                    _require_superuser(conn, where)
                    yield conn
            except DBAPIError as exc:
                raise CentralError("failed", where, _first_line(exc)) from exc
            except psycopg.Error as exc:  # from the statements run on the driver's cursor
                raise CentralError("failed", where, _first_line(exc)) from exc
    finally:
        eng.dispose()


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _require_superuser(conn: Connection, where: str) -> None:
    row = conn.exec_driver_sql(
        "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").one()
    if not row[1]:
        raise CentralError("not_superuser", where, str(row[0]))


def _pg(conn: Connection) -> psycopg.Connection[Any]:
    """The psycopg connection under SQLAlchemy's: for sql.Composed statements."""
    raw = conn.connection.driver_connection
    assert raw is not None
    return raw  # type: ignore[no-any-return]


def _run(conn: Connection, statement: sql.Composed | str,
         params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
    with _pg(conn).cursor() as cur:
        cur.execute(statement, params)
        return list(cur.fetchall()) if cur.description else []


def _require_schema(conn: Connection, where: str) -> None:
    current = revision(conn)
    if current is None:
        raise CentralError("not_initialized", where)
    if current != HEAD:
        raise CentralError("newer_schema" if not _known(current) else "old_schema", where,
                           current)


def _known(rev: str) -> bool:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    try:
        return ScriptDirectory.from_config(_alembic_config()).get_revision(rev) is not None
    except Exception:  # alembic raises its own errors for unknown ids
        return False


# -- init -----------------------------------------------------------------------------------

_NO_JIT = """
    DO $$
    BEGIN
        EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;  -- init() warns
    END $$"""


def init(url: str | URL) -> str:
    """Create or bring up to date the schema, the group roles, grants and policies.

    Idempotent: a second run finds everything in place and changes nothing. Returns the
    schema revision.
    """
    where = shown(parse_url(url))
    with _admin(url) as conn:
        # Two inits at once (two admins, a deploy script twice) take turns.
        _run(conn, "SELECT pg_advisory_xact_lock(%s)", (INIT_LOCK,))
        for group in (AGENT_GROUP, LEADER_GROUP):
            if not _run(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)):
                _run(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
        _run(conn, sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)))
        current = revision(conn)
        if current != HEAD:
            if current is not None and not _known(current):
                raise CentralError("newer_schema", where, current)
            from alembic import command  # noqa: PLC0415

            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            log.info("central schema %s -> %s at %s", current, HEAD, where)
        # Repeated on every run (GRANT of a held privilege changes nothing): a database
        # restored under another name keeps its agents able to connect. TEMPORARY: the sync
        # sends a batch by COPY into a temporary table (app.sync.engine), which a server
        # that took the right from PUBLIC would otherwise refuse (the push would then go
        # row by row).
        _run(conn, sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(_run(conn, "SELECT current_database()")[0][0]),
            sql.Identifier(AGENT_GROUP)))
        # No JIT compilation (0018: it cost the console's reads more than it saved), on every
        # run too: a database restored without its settings gets it back. An admin who may
        # not alter the database is told; the KPI functions carry the setting themselves.
        _run(conn, _NO_JIT)
        if not _run(conn, "SELECT 1 FROM pg_db_role_setting s JOIN pg_database d "
                          "ON d.oid = s.setdatabase WHERE d.datname = current_database() "
                          "AND s.setrole = 0 AND 'jit=off' = ANY(s.setconfig)"):
            log.warning("central database at %s: sessions keep JIT on (this role may not "
                        "ALTER DATABASE); the console's pages are slower with it", where)
        # A year of call-log months ahead, on every run (0008): an init a year on adds more.
        _run(conn, "SELECT caseline.add_call_log_months(%s)", (MONTHS_AHEAD,))
        return HEAD


def add_call_log_months(url: str | URL, ahead: int = MONTHS_AHEAD) -> int:
    """Create the call-log partitions from this month to ``ahead`` months on (those missing);
    rows the catch-all partition holds for them move in. Returns how many were made.
    Run from cron monthly (``caseline central months``); a call with no month still lands."""
    with _admin(url) as conn:
        _require_schema(conn, shown(parse_url(url)))
        return int(_run(conn, "SELECT caseline.add_call_log_months(%s)", (ahead,))[0][0])


def set_monitoring(url: str | URL, enabled: bool) -> bool:
    """Allow or forbid leaders to listen in on (whisper to, barge into) their team's calls
    (migration 0013): off, the database refuses every new grant and every claim of one.
    Returns the setting now."""
    with _admin(url) as conn:
        _require_schema(conn, shown(parse_url(url)))
        _run(conn, "INSERT INTO caseline.deployment_settings (key, value) "
                   "VALUES ('monitoring_enabled', %s) ON CONFLICT (key) DO UPDATE "
                   "SET value = EXCLUDED.value, updated_at = now()",
             ("on" if enabled else "off",))
        return enabled


# -- teams ----------------------------------------------------------------------------------


def _clean(text: str, limit: int, code: str) -> str:
    clean = text.strip()
    if not clean or len(clean) > limit or "\x00" in clean:
        raise CentralError(code, text)
    return clean


def add_team(url: str | URL, name: str, queues: Sequence[str] = ()) -> Team:
    """Add a team (or find it by name) and give it ``queues`` (taken from any other team)."""
    where = shown(parse_url(url))
    team_name = _clean(name, MAX_NAME, "bad_name")
    queue_names = [_clean(q, MAX_QUEUE, "bad_name") for q in queues]
    with _admin(url) as conn:
        _require_schema(conn, where)
        _run(conn, "INSERT INTO caseline.teams (id, name) VALUES (%s, %s) "
                   "ON CONFLICT (name) DO NOTHING", (new_id(), team_name))
        team_id = _run(conn, "SELECT id FROM caseline.teams WHERE name = %s", (team_name,))[0][0]
        for queue in queue_names:
            _run(conn, "INSERT INTO caseline.queues (name, team_id) VALUES (%s, %s) "
                       "ON CONFLICT (name) DO UPDATE SET team_id = EXCLUDED.team_id",
                 (queue, team_id))
        rows = _run(conn, "SELECT name FROM caseline.queues WHERE team_id = %s ORDER BY name",
                    (team_id,))
        return Team(id=str(team_id), name=team_name, queues=tuple(r[0] for r in rows))


def teams(url: str | URL) -> list[Team]:
    where = shown(parse_url(url))
    with _admin(url) as conn:
        _require_schema(conn, where)
        rows = _run(conn, "SELECT t.id, t.name, coalesce(array_agg(q.name ORDER BY q.name) "
                          "FILTER (WHERE q.name IS NOT NULL), '{}') FROM caseline.teams t "
                          "LEFT JOIN caseline.queues q ON q.team_id = t.id "
                          "GROUP BY t.id, t.name ORDER BY t.name")
        return [Team(id=str(r[0]), name=r[1], queues=tuple(r[2])) for r in rows]


# -- agents ---------------------------------------------------------------------------------


def check_role_name(db_role: str) -> str:
    """A login role name CaseLine may create: any text PostgreSQL takes (it is quoted), except
    reserved names and the group roles."""
    if (not db_role or db_role != db_role.strip() or "\x00" in db_role
            or len(db_role.encode()) > MAX_ROLE_BYTES or db_role.lower().startswith("pg_")
            or db_role.lower() in {"public", "none", AGENT_GROUP, LEADER_GROUP}):
        raise CentralError("bad_role", db_role)
    return db_role


def add_agent(url: str | URL, db_role: str, password: str, name: str, team: str, *,
              leader: bool = False, sip_identity: str | None = None,
              languages: str = "ja") -> AgentAccount:
    """Create (or update) an agent's login role, its group memberships and its agents row.

    An existing role is taken over only if it is already a CaseLine agent: this never gives a
    password or caseline rights to a role someone else made.
    """
    where = shown(parse_url(url))
    check_role_name(db_role)
    agent_name = _clean(name, MAX_NAME, "bad_name")
    team_name = _clean(team, MAX_NAME, "bad_name")
    if not password:
        raise CentralError("empty_password", db_role)
    if sip_identity is not None:
        sip_identity = _clean(sip_identity, MAX_NAME, "bad_name")
    role = sql.Identifier(db_role)
    with _admin(url) as conn:
        _require_schema(conn, where)
        found = _run(conn, "SELECT id FROM caseline.teams WHERE name = %s", (team_name,))
        if not found:
            raise CentralError("unknown_team", where, team_name)
        team_id = found[0][0]
        existing = _run(conn, "SELECT r.rolsuper, pg_has_role(r.oid, %s, 'MEMBER') "
                              "FROM pg_roles r WHERE r.rolname = %s", (AGENT_GROUP, db_role))
        if existing and (existing[0][0] or not existing[0][1]):
            raise CentralError("role_exists", where, db_role)
        verifier = _pg(conn).pgconn.encrypt_password(
            password.encode(), db_role.encode(), b"scram-sha-256").decode()
        _run(conn, sql.SQL("{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                           "NOREPLICATION NOBYPASSRLS PASSWORD {}").format(
            sql.SQL("ALTER" if existing else "CREATE"), role, sql.Literal(verifier)))
        if not existing:
            _run(conn, sql.SQL("GRANT {} TO {}").format(sql.Identifier(AGENT_GROUP), role))
        is_leader = _run(conn, "SELECT pg_has_role(%s, %s, 'MEMBER')",
                         (db_role, LEADER_GROUP))[0][0]
        if leader and not is_leader:
            _run(conn, sql.SQL("GRANT {} TO {}").format(sql.Identifier(LEADER_GROUP), role))
        elif is_leader and not leader:
            _run(conn, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(LEADER_GROUP), role))
        _run(conn, sql.SQL("ALTER ROLE {} SET idle_in_transaction_session_timeout = {}")
             .format(role, sql.Literal(IDLE_IN_TRANSACTION)))
        rows = _run(conn, """
            INSERT INTO caseline.agents (id, name, sip_identity, role, languages, db_role,
                                         team_id)
            VALUES (%s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (db_role) DO UPDATE SET name = EXCLUDED.name,
                sip_identity = coalesce(EXCLUDED.sip_identity, caseline.agents.sip_identity),
                role = EXCLUDED.role, languages = EXCLUDED.languages,
                team_id = EXCLUDED.team_id
            RETURNING id, (xmax = 0)""",
                    (new_id(), agent_name, sip_identity,
                     (Role.TEAM_LEADER if leader else Role.AGENT).value, languages, db_role,
                     team_id))
        return AgentAccount(id=str(rows[0][0]), db_role=db_role, name=agent_name,
                            team=team_name, leader=leader, created=bool(rows[0][1]))
