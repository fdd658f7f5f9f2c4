# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants only
"""Contact-centre scale: change announcements, call-log indexes for leaders, server-side received_at (issue 17, item 7).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 06:20:00.000000

- Announcements: after each statement that writes what PCs pull (customers, contacts, numbers,
  SRs, notes, translation requests), ``pg_notify('caseline_changes', <team id>)`` for every team
  whose PCs may see a written row, before and after the statement (an SR moving team: both).
  A queue or an agent moving team announces both teams too (their SRs' reach changed). Private
  rows (call logs, agent states), which no PC pulls, are announced on ``caseline_activity`` for
  the leaders, so a colleague's call end does not wake every PC of the team. NOTIFY is sent at
  commit, once per (channel, team) per transaction. Anyone may NOTIFY: PCs take it as a hint
  (app.sync.worker).
- Call logs get the indexes a leader's screens need: the team's calls by start time, an
  agent's by start time (an SR's calls: ``case_id``, 0001). Partitioning by month is not done
  here (issue 17, item 7, still open).
- ``received_at``: when the centre took the row in, by the centre's clock; on every table the
  PCs push, set at insert whatever the writer sends, kept on update. Not in the agents' column
  UPDATE grants (0005), so no agent can write it.
"""

from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# As in 0004/0005: constants repeated, not imported, so this migration keeps its meaning.
_SYNCED = ("customers", "contacts", "phone_numbers", "cases", "call_logs", "notes",
           "translation_requests", "agent_state_changes")
CHANGES = "caseline_changes"
ACTIVITY = "caseline_activity"

# The team an SR belongs to: its queue's, or (no known queue) its creator's; r: the SR.
_CASE_TEAM = ("coalesce((SELECT q.team_id FROM caseline.queues q WHERE q.name = c.queue),"
              " (SELECT a.team_id FROM caseline.agents a WHERE a.db_role = c.creator_role))")
_CREATOR_TEAM = ("SELECT a.team_id FROM %1$s r JOIN caseline.agents a"
                 " ON a.db_role = r.creator_role")
# Per table: the channel, and the query naming the teams of the rows in the transition table
# %1$s (format()'s first argument: new_rows or old_rows).
_ANNOUNCED = {
    "cases": (CHANGES, f"SELECT {_CASE_TEAM} FROM %1$s c"),
    "customers": (CHANGES, f"{_CREATOR_TEAM} UNION SELECT {_CASE_TEAM} FROM caseline.cases c"
                           " WHERE c.customer_id IN (SELECT r.id FROM %1$s r)"),
    "contacts": (CHANGES, f"{_CREATOR_TEAM} UNION SELECT {_CASE_TEAM} FROM caseline.cases c"
                          " WHERE c.contact_id IN (SELECT r.id FROM %1$s r)"
                          " OR c.customer_id IN (SELECT r.customer_id FROM %1$s r)"),
    "phone_numbers": (CHANGES, f"{_CREATOR_TEAM} UNION SELECT {_CASE_TEAM}"
                               " FROM caseline.cases c"
                               " WHERE c.contact_id IN (SELECT r.contact_id FROM %1$s r)"
                               " OR c.customer_id IN (SELECT r.customer_id FROM %1$s r)"),
    "notes": (CHANGES, "SELECT r.team_id FROM %1$s r"),
    "translation_requests": (CHANGES, "SELECT r.team_id FROM %1$s r"),
    "call_logs": (ACTIVITY, "SELECT r.team_id FROM %1$s r"),
    "agent_state_changes": (ACTIVITY, "SELECT r.team_id FROM %1$s r"),
    "queues": (CHANGES, "SELECT r.team_id FROM %1$s r"),
    "agents": (CHANGES, "SELECT r.team_id FROM %1$s r"),
}

# One statement-level function for all: a statement writing a thousand rows of one team sends
# one notification. Definer's rights: an SR's old team may be out of the writer's sight.
_ANNOUNCE = """
    CREATE FUNCTION caseline.announce() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        team text;
    BEGIN
        IF TG_OP <> 'DELETE' THEN
            FOR team IN EXECUTE format('SELECT DISTINCT t::text FROM (' || TG_ARGV[1]
                                       || ') AS x(t) WHERE t IS NOT NULL', 'new_rows') LOOP
                PERFORM pg_notify(TG_ARGV[0], team);
            END LOOP;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            FOR team IN EXECUTE format('SELECT DISTINCT t::text FROM (' || TG_ARGV[1]
                                       || ') AS x(t) WHERE t IS NOT NULL', 'old_rows') LOOP
                PERFORM pg_notify(TG_ARGV[0], team);
            END LOOP;
        END IF;
        RETURN NULL;
    END $$"""

# Named to fire first among the BEFORE triggers: the guards and the change number (0001,
# 0004: "IF NEW IS NOT DISTINCT FROM OLD") see the kept value, not the writer's.
_RECEIVED = """
    CREATE FUNCTION caseline.stamp_received() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.received_at := now();
        ELSE
            NEW.received_at := OLD.received_at;
        END IF;
        RETURN NEW;
    END $$"""


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    op.execute(_RECEIVED)
    op.execute("REVOKE ALL ON FUNCTION caseline.stamp_received() FROM PUBLIC")
    for table in _SYNCED:
        # now() is stable: a default for the rows already there, no rewrite; their time is
        # the upgrade's, the best there is.
        op.execute(f"ALTER TABLE caseline.{table} ADD COLUMN received_at timestamptz "
                   "NOT NULL DEFAULT now()")
        op.execute(f"CREATE TRIGGER a_0_received BEFORE INSERT OR UPDATE ON caseline.{table} "
                   "FOR EACH ROW EXECUTE FUNCTION caseline.stamp_received()")
    op.execute("CREATE INDEX ix_call_logs_team_started ON caseline.call_logs "
               "(team_id, started_at)")
    op.execute("CREATE INDEX ix_call_logs_agent_started ON caseline.call_logs "
               "(agent_id, started_at)")
    op.execute(_ANNOUNCE)
    op.execute("REVOKE ALL ON FUNCTION caseline.announce() FROM PUBLIC")
    for table, (channel, teams) in _ANNOUNCED.items():
        args = f"{_quoted(channel)}, {_quoted(teams)}"
        # One event per trigger: PostgreSQL takes transition tables on single-event triggers
        # only. Deletes: agents may not (0001), the directory's are announced.
        op.execute(f"CREATE TRIGGER z_announce_insert AFTER INSERT ON caseline.{table} "
                   "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                   f"EXECUTE FUNCTION caseline.announce({args})")
        op.execute(f"CREATE TRIGGER z_announce_update AFTER UPDATE ON caseline.{table} "
                   "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
                   f"EXECUTE FUNCTION caseline.announce({args})")
        if table in ("queues", "agents"):
            op.execute(f"CREATE TRIGGER z_announce_delete AFTER DELETE ON caseline.{table} "
                       "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION caseline.announce({args})")


def downgrade() -> None:
    for table in _ANNOUNCED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS z_announce_{event} ON caseline.{table}")
    op.execute("DROP FUNCTION IF EXISTS caseline.announce()")
    op.execute("DROP INDEX IF EXISTS caseline.ix_call_logs_agent_started")
    op.execute("DROP INDEX IF EXISTS caseline.ix_call_logs_team_started")
    for table in _SYNCED:
        op.execute(f"DROP TRIGGER IF EXISTS a_0_received ON caseline.{table}")
        op.execute(f"ALTER TABLE caseline.{table} DROP COLUMN received_at")
    op.execute("DROP FUNCTION IF EXISTS caseline.stamp_received()")
