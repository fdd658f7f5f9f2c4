"""`central init`, teams and agents against a real cluster; the CLI in front of them."""

from __future__ import annotations

import argparse
import io
import json
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from psycopg import errors
from sqlalchemy.dialects import postgresql

from app.cases import models as local
from app.central import admin
from app.central import models as central_models
from app.central.db import CentralError, engine, parse_url
from app.cli import central as cli_central
from tests.integration.central.helpers import INJECTIONS, call_row, insert

if TYPE_CHECKING:
    from tests.integration.central.helpers import Central

DIALECT = postgresql.dialect()
SNAPSHOT_QUERIES = {
    "roles": "SELECT rolname, rolsuper, rolcanlogin, rolbypassrls, rolinherit FROM pg_roles "
             "WHERE rolname LIKE 'caseline%' ORDER BY 1",
    "members": "SELECT g.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles g "
               "ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member ORDER BY 1, 2",
    "tables": "SELECT c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity "
              "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
              "WHERE n.nspname = 'caseline' ORDER BY 1",
    "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default "
               "FROM information_schema.columns WHERE table_schema = 'caseline' ORDER BY 1, 2",
    "policies": "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check "
                "FROM pg_policies WHERE schemaname = 'caseline' ORDER BY 1, 2",
    "grants": "SELECT grantee, table_name, privilege_type FROM "
              "information_schema.role_table_grants WHERE table_schema = 'caseline' "
              "ORDER BY 1, 2, 3",
    "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE NOT tgisinternal ORDER BY 1, 2",
    "functions": "SELECT proname, prosecdef, prosrc, proacl::text FROM pg_proc p "
                 "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'caseline' "
                 "ORDER BY 1",
    "database": "SELECT datacl::text FROM pg_database WHERE datname = current_database()",
    "version": "SELECT version_num FROM caseline.alembic_version",
    "directory": "SELECT (SELECT count(*) FROM caseline.teams), "
                 "(SELECT count(*) FROM caseline.agents)",
}


def _snapshot(central: Central) -> dict[str, list[tuple[Any, ...]]]:
    with central.as_() as conn:
        return {name: conn.execute(query).fetchall()
                for name, query in SNAPSHOT_QUERIES.items()}


def test_init_twice_changes_nothing(central: Central) -> None:
    before = _snapshot(central)
    assert admin.init(central.admin_url) == admin.HEAD
    assert _snapshot(central) == before
    forced = {row[0] for row in before["tables"] if row[1] in "rp" and row[2] and row[3]}
    assert forced == {"customers", "contacts", "phone_numbers", "cases", "call_logs", "notes",
                      "translation_requests", "agent_state_changes", "case_history",
                      "call_log_history", "monitoring_grants", "agent_presence", "callbacks",
                      "agent_state_spans", "agent_span_heads"}
    assert ("caseline_agent", False, False, False, True) in before["roles"]
    assert ("caseline_leader", False, False, False, True) in before["roles"]


def test_head_is_alembics_head() -> None:
    assert admin.head_revision() == admin.HEAD


def test_the_models_match_the_migrated_schema(central: Central) -> None:
    eng = engine(central.admin_url)
    try:
        with eng.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "include_schemas": True,
                "include_name": lambda name, kind, _p: kind != "schema" or name == "caseline",
                "version_table_schema": "caseline",
                "compare_type": True,
            })
            diffs = compare_metadata(context, central_models.CentralBase.metadata)
    finally:
        eng.dispose()
    assert diffs == []


@pytest.mark.parametrize("table", ["customers", "contacts", "phone_numbers", "cases",
                                   "call_logs", "notes", "translation_requests",
                                   "agent_state_changes", "agents", "callbacks"])
def test_central_columns_have_the_local_names_and_types(table: str) -> None:
    here = local.Base.metadata.tables[table]
    there = central_models.CentralBase.metadata.tables[f"caseline.{table}"]
    # agents.team (a name) is team_id centrally: teams are a table there. A call's owner
    # session names a process on one PC (crash recovery there): it never leaves the PC.
    local_only = {("agents", "team"), ("call_logs", "owner_session")}
    for column in (c for c in here.columns if (table, c.name) not in local_only):
        assert column.name in there.columns, column.name
        theirs = there.columns[column.name].type
        assert theirs.compile(dialect=DIALECT) == column.type.compile(dialect=DIALECT), column.name
        assert type(theirs) is type(column.type), column.name
        assert getattr(theirs, "enums", None) == getattr(column.type, "enums", None), column.name


def test_injection_strings_are_names_not_sql(central: Central) -> None:
    url = central.admin_url
    for i, text in enumerate(INJECTIONS):
        team = admin.add_team(url, f"team {text}", [f"q{i} {text}"[:64]])
        assert team.name == f"team {text}" and team.queues == (f"q{i} {text}"[:64],)
        role = f"r{i}{text}"[:40]
        password = f"pw{i}{text}"
        account = admin.add_agent(url, role, password, f"name {text}", team.name,
                                  sip_identity=f"{i}{text}@pbx")
        assert (account.db_role, account.name) == (role, f"name {text}")
        row = call_row(display_name=text, number_raw=text[:64], match_detail=text)
        with psycopg.connect(central.pg.url(role, password), autocommit=True) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (role,)
            insert(conn, "call_logs", row)
            back = conn.execute("SELECT display_name, number_raw, match_detail, owner_role "
                                "FROM caseline.call_logs WHERE id = %s",
                                (row["id"],)).fetchone()
            assert back == (text, text[:64], text, role)
            assert conn.execute("SELECT name, sip_identity FROM caseline.agents "
                                "WHERE db_role = %s", (role,)).fetchone() == (
                f"name {text}", f"{i}{text}@pbx")
    with central.as_() as conn:  # and nothing was dropped, deleted or promoted on the way
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname IN "
                            "('caseline_agent', 'caseline_leader')").fetchone() == (2,)
        assert conn.execute("SELECT to_regclass('caseline.call_logs') IS NOT NULL, "
                            "to_regclass('caseline.notes') IS NOT NULL").fetchone() == (
            True, True)
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolsuper").fetchone() == (1,)


def test_add_agent_again_changes_the_password_and_the_leadership(central: Central) -> None:
    url = central.admin_url
    admin.add_agent(url, "temp_agent", "first-pw", "Temp", "north")
    account = admin.add_agent(url, "temp_agent", "second-pw", "Temp Two", "south", leader=True)
    assert not account.created and account.leader
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(central.pg.url("temp_agent", "first-pw")).close()
    with psycopg.connect(central.pg.url("temp_agent", "second-pw")) as conn:
        assert conn.execute("SELECT pg_has_role('caseline_leader', 'MEMBER'), a.name, t.name "
                            "FROM caseline.agents a JOIN caseline.teams t ON t.id = a.team_id "
                            "WHERE a.db_role = current_user").fetchone() == (
            True, "Temp Two", "south")
    admin.add_agent(url, "temp_agent", "second-pw", "Temp Two", "south", leader=False)
    with psycopg.connect(central.pg.url("temp_agent", "second-pw")) as conn:
        assert conn.execute("SELECT pg_has_role('caseline_leader', 'MEMBER')").fetchone() == (
            False,)


def test_add_agent_never_takes_over_a_role_that_is_not_an_agent(central: Central) -> None:
    url = central.admin_url
    with central.as_() as conn:
        conn.execute("DROP ROLE IF EXISTS somebody_else")
        conn.execute("CREATE ROLE somebody_else LOGIN PASSWORD 'theirs'")
    for role in ("postgres", "somebody_else"):
        with pytest.raises(CentralError) as caught:
            admin.add_agent(url, role, "mine", "Mallory", "north")
        assert caught.value.code == "role_exists"
    with psycopg.connect(central.pg.url("somebody_else", "theirs")) as conn:
        assert conn.execute("SELECT pg_has_role('caseline_agent', 'MEMBER')").fetchone() == (
            False,)


@pytest.mark.parametrize(("call", "code"), [
    (lambda c: admin.add_agent(c.admin_url, "pg_evil", "pw", "Evil", "north"), "bad_role"),
    (lambda c: admin.add_agent(c.admin_url, "caseline_leader", "pw", "Evil", "north"),
     "bad_role"),
    (lambda c: admin.add_agent(c.admin_url, "x" * 64, "pw", "Long", "north"), "bad_role"),
    (lambda c: admin.add_agent(c.admin_url, "nobody", "pw", "Nobody", "no such team"),
     "unknown_team"),
    (lambda c: admin.add_agent(c.admin_url, "nobody", "", "Nobody", "north"), "empty_password"),
    (lambda c: admin.add_team(c.admin_url, "   "), "bad_name"),
    (lambda c: admin.init(c.url("lena")), "not_superuser"),
    (lambda c: admin.init(c.pg.url("postgres", "wrong")), "connect_failed"),
    (lambda c: admin.init("mysql://root@localhost/db"), "bad_url"),
])
def test_admin_errors_have_stable_codes(central: Central, call: Any, code: str) -> None:
    with pytest.raises(CentralError) as caught:
        call(central)
    assert caught.value.code == code
    assert "wrong" not in str(caught.value)  # a password is never part of a message


def test_an_empty_database_is_not_initialised(central: Central) -> None:
    central.pg.create_database("empty_one")
    with pytest.raises(CentralError) as caught:
        admin.add_team(central.pg.url(database="empty_one"), "north")
    assert caught.value.code == "not_initialized"


def test_urls_keep_libpq_options_and_hide_passwords() -> None:
    url = parse_url("postgres://agent:s3cret@db.example:5433/caseline"
                    "?sslmode=verify-full&sslrootcert=/etc/caseline/ca.pem", password="other")
    assert url.drivername == "postgresql+psycopg" and url.password == "other"
    assert dict(url.query) == {"sslmode": "verify-full", "sslrootcert": "/etc/caseline/ca.pem"}
    with pytest.raises(CentralError) as caught:
        parse_url("not a url user:pw@host")
    assert "pw" not in str(caught.value)


# -- the CLI ---------------------------------------------------------------------------------


def _say(key: str, **params: object) -> str:
    return f"{key} {json.dumps(params, sort_keys=True, default=str)}"


def _cli(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="caseline")
    cli_central.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def test_cli_init_team_and_agent(central: Central, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = central.admin_url
    assert cli_central.run(_cli("central", "init", "--url", url), _say) == 0
    out = capsys.readouterr().out
    assert out.startswith("central_ready ") and central.pg.password not in out
    assert cli_central.run(_cli("central", "add-team", "--url", url, "west", "--queue", "w1",
                                "--queue", "w2"), _say) == 0
    assert json.loads(capsys.readouterr().out.split(" ", 1)[1]) == {"name": "west",
                                                                     "queues": "w1, w2"}
    monkeypatch.setattr("sys.stdin", io.StringIO("cli-Pa55'word\n"))
    assert cli_central.run(_cli("central", "add-agent", "--url", url, "--role", "wendy",
                                "--name", "Wendy", "--team", "west", "--leader",
                                "--password-stdin"), _say) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("central_leader_added ")
    assert "cli-Pa55" not in captured.out + captured.err
    with psycopg.connect(central.pg.url("wendy", "cli-Pa55'word")) as conn:
        assert conn.execute("SELECT pg_has_role('caseline_leader', 'MEMBER')").fetchone() == (
            True,)


@pytest.mark.parametrize("action", [("init",), ("months",), ("add-team", "west")])
def test_cli_sends_no_superuser_password_in_the_clear(
        action: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    remote = "postgresql://postgres:S3cret@db.invalid:5432/caseline"
    assert cli_central.run(_cli("central", action[0], "--url", remote, *action[1:]), _say) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("central_admin_insecure_url ")
    assert "S3cret" not in captured.out + captured.err
    # Opted out, it does try (and fails to connect: the host does not exist).
    assert cli_central.run(_cli("central", action[0], "--url", remote, *action[1:],
                                "--allow-insecure"), _say) == 2
    assert capsys.readouterr().err.startswith("central_connect_failed ")


def test_cli_asks_for_the_password_twice(central: Central, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["one-pw", "another-pw"])
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    args = _cli("central", "add-agent", "--url", central.admin_url, "--role", "xavier",
                "--name", "Xavier", "--team", "north")
    assert cli_central.run(args, _say) == 2
    assert capsys.readouterr().err.startswith("central_password_mismatch")
    assert prompts[0].startswith("central_password_prompt") and "xavier" in prompts[0]
    with central.as_() as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'xavier'").fetchone() is None


def test_cli_errors_are_messages_not_tracebacks(central: Central,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
    args = _cli("central", "add-agent", "--url", central.admin_url, "--role", "yuki",
                "--name", "Yuki", "--team", "nowhere", "--password-stdin")
    assert cli_central.run(args, _say) == 2
    err = capsys.readouterr().err
    assert err.startswith("central_unknown_team ") and '"detail": "nowhere"' in err
    assert central.pg.password not in err
    with central.as_() as conn:  # nothing half-done: the role went with the transaction
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'yuki'").fetchone() is None


def test_an_agent_url_cannot_administer(central: Central) -> None:
    with central.as_("alice") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("CREATE ROLE sneaky LOGIN")
