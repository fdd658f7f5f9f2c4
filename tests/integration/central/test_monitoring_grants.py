"""Monitoring grants (central migration 0013, issue 18, item 6) against the real centre, as the
leaders' and agents' own login roles: who may grant, who may claim, once, in time, and the
deployment's switch. Each test makes its own live call of alice's (north)."""

from __future__ import annotations

import argparse
import hashlib
import secrets
import socket
import threading
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

import psycopg
import pytest

from app.central import admin
from app.central.db import engine
from app.cli import central as cli_central
from app.console import explorer, monitor
from app.sync.monitoring import CentralGrants, GrantRefusedError
from tests.integration.central.helpers import RLS_VIOLATION, WAIT, call_row, insert, now
from tests.support import free_port, wait_until
from tests.support_audio import FarEnd
from tests.support_monitoring import (
    ABSENT,
    AGENT_TONE,
    CUSTOMER_TONE,
    LEADER_TONE,
    PRESENT,
    Parties,
    level,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy import Engine

    from tests.integration.central.helpers import Central


def live_call(central: Central, role: str = "alice") -> uuid.UUID:
    """A call of ``role``'s that is up (no end), as its PC pushes it."""
    with central.as_(role) as conn:
        return insert(conn, "call_logs", call_row(answered_at=now()), returning="id")  # type: ignore[no-any-return]


def grant_raw(conn: psycopg.Connection, call_id: uuid.UUID, mode: str = "listen"
              ) -> tuple[uuid.UUID, str]:
    """A grant inserted as the connection's role, as app.console.monitor does: (id, token)."""
    token = secrets.token_urlsafe(32)
    row = conn.execute("INSERT INTO caseline.monitoring_grants (call_log_id, mode, token_hash) "
                       "VALUES (%s, %s, %s) RETURNING id",
                       (call_id, mode, hashlib.sha256(token.encode()).digest())).fetchone()
    assert row is not None
    return row[0], token


def claim(conn: psycopg.Connection, token: str) -> tuple[object, ...]:
    row = conn.execute("SELECT grant_id, call_log_id, mode, leader_name, leader_role "
                       "FROM caseline.claim_monitoring_grant(%s)", (token,)).fetchone()
    assert row is not None
    return tuple(row)


@pytest.fixture
def as_lena(central: Central) -> Iterator[Engine]:
    eng = engine(central.url("lena"))
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def switched_off(central: Central) -> Iterator[None]:
    """The deployment's switch off (``caseline central monitoring off``), on again after."""
    assert admin.set_monitoring(central.admin_url, False) is False
    try:
        yield
    finally:
        admin.set_monitoring(central.admin_url, True)


def test_a_leader_grants_a_live_team_call_and_the_database_fills_in_the_rest(
        central: Central, as_lena: Engine) -> None:
    call = live_call(central)
    with as_lena.connect() as conn:
        grant = monitor.start_monitoring(conn, call, "whisper")
    assert grant.sip_identity == "alice@pbx.example"
    assert grant.agent_name == "Alice Abe"
    assert len(grant.token) >= 43
    with central.as_() as su:
        row = su.execute(
            "SELECT g.leader_role, a.db_role, t.name, g.mode, g.token_hash, "
            "g.expires_at - g.created_at, g.used_at, g.ended_at, g.call_started_at = l.started_at "
            "FROM caseline.monitoring_grants g JOIN caseline.agents a ON a.id = g.agent_id "
            "JOIN caseline.teams t ON t.id = g.team_id "
            "JOIN caseline.call_logs l ON l.id = g.call_log_id WHERE g.id = %s",
            (grant.id,)).fetchone()
    assert row is not None
    assert row[:4] == ("lena", "alice", "north", "whisper")
    assert bytes(row[4]) == hashlib.sha256(grant.token.encode()).digest()  # never the token
    assert row[5] == timedelta(seconds=30)
    assert row[6:] == (None, None, True)


def test_an_agent_cannot_grant_monitoring(central: Central) -> None:
    call = live_call(central)
    for role in ("alice", "bob", "carol"):
        with central.as_(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            grant_raw(conn, call)


def test_a_leader_of_another_team_cannot_grant_a_call_and_sees_no_grant(central: Central) -> None:
    call = live_call(central)
    with central.as_("sam") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege,
                                                   match=RLS_VIOLATION):
        grant_raw(conn, call)
    with central.as_("lena") as conn:
        grant_id, _ = grant_raw(conn, call)
    with central.as_("sam") as conn:
        assert conn.execute("SELECT count(*) FROM caseline.monitoring_grants WHERE id = %s",
                            (grant_id,)).fetchone() == (0,)


def test_an_ended_or_unknown_call_cannot_be_granted(central: Central) -> None:
    with central.as_("alice") as conn:
        ended = insert(conn, "call_logs", call_row(answered_at=now(), ended_at=now()),
                       returning="id")
    for call in (ended, uuid.uuid4()):
        with central.as_("lena") as conn, pytest.raises(
                psycopg.errors.InsufficientPrivilege, match=RLS_VIOLATION):
            grant_raw(conn, call)


def test_the_leader_cannot_say_who_when_or_until_when(central: Central) -> None:
    call = live_call(central)
    token_hash = hashlib.sha256(b"x").digest()
    with central.as_("lena") as conn:
        for column, value in (("expires_at", now() + timedelta(days=1)), ("used_at", now()),
                              ("leader_role", "sam"), ("team_id", uuid.uuid4())):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"INSERT INTO caseline.monitoring_grants (call_log_id, mode, "  # noqa: S608 - the test's own column names
                             f"token_hash, {column}) VALUES (%s, 'listen', %s, %s)",
                             (call, token_hash, value))
        grant_id, _ = grant_raw(conn, call)
        for statement in ("UPDATE caseline.monitoring_grants SET used_at = NULL WHERE id = %s",
                          "DELETE FROM caseline.monitoring_grants WHERE id = %s"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, (grant_id,))


def test_a_grant_is_claimed_once_and_by_the_calls_agent_only(central: Central) -> None:
    call = live_call(central)
    with central.as_("lena") as conn:
        grant_id, token = grant_raw(conn, call, "barge")
    for role in ("bob", "lena", "carol", "sam"):
        with central.as_(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            claim(conn, token)
    with central.as_("alice") as conn:
        assert claim(conn, token) == (grant_id, call, "barge", "Lena Lee", "lena")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            claim(conn, token)  # replayed


def test_of_two_claims_at_once_only_one_gets_the_grant(central: Central) -> None:
    call = live_call(central)
    with central.as_("lena") as conn:
        _, token = grant_raw(conn, call)
    first = central.connect("alice", autocommit=False)
    second = central.connect("alice")
    outcome: list[BaseException | tuple[object, ...]] = []
    try:
        claim(first, token)  # the row is locked until this transaction ends
        pid = second.info.backend_pid

        def race() -> None:
            try:
                outcome.append(claim(second, token))
            except psycopg.Error as exc:
                outcome.append(exc)

        racer = threading.Thread(target=race)
        racer.start()
        pause = threading.Event()
        with central.as_() as su:  # until the second claim waits for the first one's lock
            deadline = now() + timedelta(seconds=WAIT)
            while su.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                                (pid,)).fetchone() != ("Lock",):
                assert now() < deadline, "the second claim never waited for the first"
                pause.wait(0.02)  # a poll of the server's state, not a guess at timing
        first.commit()
        racer.join(WAIT)
    finally:
        first.close()
        second.close()
    assert len(outcome) == 1
    assert isinstance(outcome[0], psycopg.errors.InsufficientPrivilege)


def test_an_expired_or_forged_token_is_refused(central: Central) -> None:
    call = live_call(central)
    with central.as_("lena") as conn:
        grant_id, token = grant_raw(conn, call)
    with central.as_() as su:  # 30 s on: what the clock would do, without the wait
        su.execute("UPDATE caseline.monitoring_grants SET expires_at = now() "
                      "- interval '1 second' WHERE id = %s", (grant_id,))
    with central.as_("alice") as conn:
        for forged in (token, secrets.token_urlsafe(32), "", "' OR true --"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                claim(conn, forged)


def test_the_agent_ends_the_session_once_and_the_team_reads_its_log(central: Central) -> None:
    call = live_call(central)
    with central.as_("lena") as conn:
        grant_id, token = grant_raw(conn, call)
    with central.as_("alice") as conn:
        assert conn.execute("SELECT caseline.end_monitoring_grant(%s)",
                            (grant_id,)).fetchone() == (False,)  # not used yet: no session
        claim(conn, token)
    with central.as_("bob") as conn:  # a colleague can neither end it nor see it
        assert conn.execute("SELECT caseline.end_monitoring_grant(%s)",
                            (grant_id,)).fetchone() == (False,)
    with central.as_("alice") as conn:
        assert conn.execute("SELECT caseline.end_monitoring_grant(%s)",
                            (grant_id,)).fetchone() == (True,)
        assert conn.execute("SELECT caseline.end_monitoring_grant(%s)",
                            (grant_id,)).fetchone() == (False,)
    seen = {}
    for role in ("alice", "bob", "lena", "sam"):
        with central.as_(role) as conn:
            seen[role] = conn.execute(
                "SELECT used_at IS NOT NULL, ended_at IS NOT NULL "
                "FROM caseline.monitoring_grants WHERE id = %s", (grant_id,)).fetchall()
    assert seen == {"alice": [(True, True)], "bob": [], "lena": [(True, True)], "sam": []}


@pytest.mark.usefixtures("switched_off")
def test_the_deployment_switch_refuses_grants_and_claims(central: Central,
                                                         as_lena: Engine) -> None:
    call = live_call(central)
    admin.set_monitoring(central.admin_url, True)  # a grant made before the switch went off
    with central.as_("lena") as conn:
        _, token = grant_raw(conn, call)
    admin.set_monitoring(central.admin_url, False)
    with central.as_("lena") as conn, pytest.raises(psycopg.errors.FeatureNotSupported):
        grant_raw(conn, call)
    with as_lena.connect() as conn, pytest.raises(monitor.MonitoringRefusedError) as refused:
        monitor.start_monitoring(conn, call, "listen")
    assert refused.value.code == "switched_off"
    with central.as_("alice") as conn, pytest.raises(psycopg.errors.FeatureNotSupported):
        claim(conn, token)


def test_no_agent_or_leader_can_switch_monitoring_or_call_the_trigger(central: Central) -> None:
    for role in ("alice", "lena"):
        with central.as_(role) as conn:
            assert conn.execute("SELECT value FROM caseline.deployment_settings "
                                "WHERE key = 'monitoring_enabled'").fetchone() == ("on",)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE caseline.deployment_settings SET value = 'on'")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("INSERT INTO caseline.deployment_settings (key, value) "
                             "VALUES ('x', 'y')")
    with central.as_() as su:
        public = su.execute(
            "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'caseline'::regnamespace "
            "AND p.proname IN ('claim_monitoring_grant', 'end_monitoring_grant', "
            "'stamp_monitoring_grant') AND has_function_privilege('public', p.oid, 'EXECUTE')"
        ).fetchall()
    assert public == []


def test_a_leader_refused_by_row_security_gets_not_allowed(central: Central) -> None:
    call = live_call(central)
    eng = engine(central.url("sam"))
    try:
        with eng.connect() as conn, pytest.raises(monitor.MonitoringRefusedError) as refused:
            monitor.start_monitoring(conn, call, "listen")
    finally:
        eng.dispose()
    assert refused.value.code == "not_allowed"


def test_the_call_detail_lists_its_monitoring_sessions(central: Central,
                                                       as_lena: Engine) -> None:
    call = live_call(central)
    with as_lena.connect() as conn:
        used = monitor.start_monitoring(conn, call, "barge")
        unused = monitor.start_monitoring(conn, call, "listen")
    grants = CentralGrants(central.url("alice"))
    try:
        claimed = grants.claim(used.token)
        assert grants.end(claimed.id)
    finally:
        grants.close()
    with as_lena.connect() as conn:
        detail = explorer.call_detail(conn, call)
    assert detail is not None
    assert [(s.id, s.leader, s.mode, s.used_at is not None, s.ended_at is not None)
            for s in detail.monitoring] == [(used.id, "Lena Lee", "barge", True, True),
                                            (unused.id, "Lena Lee", "listen", False, False)]


def test_the_pcs_claims_say_why_they_were_refused(central: Central, as_lena: Engine) -> None:
    call = live_call(central)
    with as_lena.connect() as conn:
        grant = monitor.start_monitoring(conn, call, "listen")
    grants = CentralGrants(central.url("alice"))
    try:
        claimed = grants.claim(grant.token)
        assert (claimed.id, claimed.call_log_id, claimed.mode, claimed.leader_name) == (
            grant.id, call, "listen", "Lena Lee")
        for token in (grant.token, "short", secrets.token_urlsafe(32)):
            with pytest.raises(GrantRefusedError) as refused:
                grants.claim(token)
            assert refused.value.code == "no_grant"
    finally:
        grants.close()
    nobody = free_port(socket.SOCK_STREAM, pair=False)  # no server there
    down = CentralGrants(central.url("alice").replace(f":{central.pg.port}/", f":{nobody}/"))
    try:
        with pytest.raises(GrantRefusedError) as refused:
            down.claim(secrets.token_urlsafe(32))
        assert refused.value.code == "unreachable"
    finally:
        down.close()


@pytest.mark.timeout(180)
def test_a_leader_listens_in_through_the_real_centre_end_to_end(
        central: Central, as_lena: Engine) -> None:
    grants = CentralGrants(central.url("alice"))  # the agent's PC, as its own role
    try:
        with FarEnd(tone=CUSTOMER_TONE) as customer, Parties(grants, customer) as parties:
            call_id, log_id = parties.call_customer()
            with central.as_("alice") as pc:  # what the agent's sync pushed of the call
                insert(pc, "call_logs", call_row(id=log_id, answered_at=now()))
            with as_lena.connect() as console:
                grant = monitor.start_monitoring(console, log_id, "listen")
            assert grant.sip_identity == "alice@pbx.example"  # whom the leader's phone dials
            leader_call = parties.leader_dials(grant.token)
            parties.monitoring_up(leader_call)
            parties.until_heard(lambda: parties.leader.heard, CUSTOMER_TONE,
                                "the leader to hear the customer")
            assert level(parties.leader_hears(), AGENT_TONE) > PRESENT
            assert level(parties.customer_hears(), LEADER_TONE) < ABSENT
            assert [(t.leader, t.mode) for t in parties.told] == [("Lena Lee", "listen")]

            replay = parties.leader_dials(grant.token)  # the same grant a second time
            refused = parties.until(lambda: parties.leader_ended(replay), "the replay's refusal")
            assert refused.status_code == 403

            parties.engine.hangup(call_id)
            parties.until(lambda: parties.leader_ended(leader_call),
                          "the leader's call to end with the customer's")

            def ended() -> bool:
                with central.as_("lena") as conn:
                    row = conn.execute("SELECT ended_at FROM caseline.monitoring_grants "
                                       "WHERE id = %s", (grant.id,)).fetchone()
                return row is not None and row[0] is not None

            wait_until(ended, "the session's end at the centre")
    finally:
        grants.close()


def test_the_cli_switches_monitoring_off_and_on(central: Central,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    def cli(state: str) -> int:
        parser = argparse.ArgumentParser(prog="caseline")
        cli_central.register(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["central", "monitoring", "--url", central.admin_url, state])
        return cli_central.run(args, lambda key, **_: key)

    call = live_call(central)
    try:
        assert cli("off") == 0
        assert capsys.readouterr().out.strip() == "central_monitoring_off"
        with central.as_("lena") as conn, pytest.raises(psycopg.errors.FeatureNotSupported):
            grant_raw(conn, call)
    finally:
        assert cli("on") == 0
    assert capsys.readouterr().out.strip() == "central_monitoring_on"
    with central.as_("lena") as conn:
        grant_raw(conn, call)
