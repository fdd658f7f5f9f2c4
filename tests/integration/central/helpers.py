"""Rows and connections for the central-database tests (psycopg directly, so a refusal arrives
as the database's own error class)."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql

from app.cases.models import new_id

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.support_pg import PgCluster

# team -> queues; role -> (name, team, leader)
TEAMS = {"north": ["hardware", "billing"], "south": ["network"]}
AGENTS = {
    "alice": ("Alice Abe", "north", False),
    "bob": ("Bob Baba", "north", False),
    "lena": ("Lena Lee", "north", True),
    "carol": ("Carol Chen", "south", False),
    "sam": ("Sam Sato", "south", True),
}
WAIT = 15.0  # s: a ceiling only a broken test reaches
RLS_VIOLATION = "new row violates row-level security policy"
INJECTIONS = [
    "Robert'); DROP TABLE caseline.call_logs; --",
    '"; DROP ROLE caseline_agent; --',
    "$$; SELECT pg_sleep(10); $$",
    "x' OR '1'='1",
    "\\'; DELETE FROM caseline.notes; --",
    "田中'); TRUNCATE caseline.cases; --",
    "%s %(name)s {} ;",
]


@dataclass
class Central:
    pg: PgCluster
    passwords: dict[str, str]

    @property
    def admin_url(self) -> str:
        return self.pg.url()

    def url(self, role: str) -> str:
        return self.pg.url(role, self.passwords[role])

    def connect(self, role: str | None = None, *, autocommit: bool = True) -> psycopg.Connection:
        if role is None:
            return psycopg.connect(self.admin_url, autocommit=autocommit)
        return psycopg.connect(self.url(role), autocommit=autocommit)

    @contextlib.contextmanager
    def as_(self, role: str | None = None) -> Iterator[psycopg.Connection]:
        with self.connect(role) as conn:
            yield conn


def now() -> datetime:
    return datetime.now(UTC)


def insert(conn: psycopg.Connection, table: str, row: dict[str, Any],
           returning: str | None = None) -> Any:
    statement = sql.SQL("INSERT INTO caseline.{} ({}) VALUES ({})").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, row)),
        sql.SQL(", ").join(sql.Placeholder() * len(row)))
    if returning:
        statement += sql.SQL(" RETURNING {}").format(sql.Identifier(returning))
    cur = conn.execute(statement, list(row.values()))
    return cur.fetchone()[0] if returning else None  # type: ignore[index]


def case_row(queue: str = "hardware", **extra: Any) -> dict[str, Any]:
    stamp = now()
    row: dict[str, Any] = {
        "id": new_id(), "number": f"SR-T-{uuid.uuid4().hex[:12]}", "title": "Printer jams",
        "description": "", "status": "open", "priority": "P3", "priority_confirmed": False,
        "language": "ja", "queue": queue, "created_at": stamp, "updated_at": stamp,
        "version": 1}
    row.update(extra)
    return row


def customer_row(**extra: Any) -> dict[str, Any]:
    stamp = now()
    row: dict[str, Any] = {"id": new_id(), "code": f"C-{uuid.uuid4().hex[:10]}",
                           "company": "Acme KK", "language": "ja", "created_at": stamp,
                           "updated_at": stamp}
    row.update(extra)
    return row


def call_row(**extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": new_id(), "direction": "inbound", "engine_call_id": "7", "sip_call_id": "",
        "account": "", "remote_uri": "sip:0312345678@pbx", "display_name": "",
        "number_raw": "03-1234-5678", "number_key": "0312345678", "started_at": now(),
        "ring_seconds": 1.5, "talk_seconds": 0.0, "hold_seconds": 0.0, "end_reason": "",
        "sip_status": 0, "transferred_to": "", "matched_by": "none", "match_detail": ""}
    row.update(extra)
    return row


def note_row(case_id: uuid.UUID, body: str = "Customer called back", **extra: Any
             ) -> dict[str, Any]:
    row: dict[str, Any] = {"id": new_id(), "case_id": case_id, "body": body, "language": "en",
                           "created_at": now()}
    row.update(extra)
    return row


def state_row(**extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": new_id(), "agent_id": new_id(), "state": "available",
                           "reason": "", "at": now()}
    row.update(extra)
    return row


def translation_row(case_id: uuid.UUID, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": new_id(), "case_id": case_id, "source_language": "ja",
                           "target_language": "en", "source_text": "プリンターが詰まる",
                           "requested_at": now()}
    row.update(extra)
    return row


def ids(conn: psycopg.Connection, table: str, *wanted: uuid.UUID) -> set[uuid.UUID]:
    """Which of ``wanted`` the connection's role can see in ``table``."""
    rows = conn.execute(sql.SQL("SELECT id FROM caseline.{} WHERE id = ANY(%s)").format(
        sql.Identifier(table)), (list(wanted),)).fetchall()
    return {r[0] for r in rows}


def wrap_up(conn: Any, agent: uuid.UUID, call: dict[str, Any], seconds: float) -> None:
    """Wrap-up from the call's end, then available ``seconds`` later (a disposition or the
    timer ended it)."""
    insert(conn, "agent_state_changes", state_row(
        agent_id=agent, state="wrap-up", previous="on-call", call_log_id=call["id"],
        at=call["ended_at"]))
    insert(conn, "agent_state_changes", state_row(
        agent_id=agent, state="available", previous="wrap-up", reason="disposition",
        at=call["ended_at"] + timedelta(seconds=seconds)))
