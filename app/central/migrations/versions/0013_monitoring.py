# ruff: noqa: S608 - SQL built from constants only
"""Listen in, whisper, barge: one-time monitoring grants, logged on the call (issue 18, item 6).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:00:00.000000

- ``caseline.deployment_settings``: the deployment's switches, key -> value, written by the
  administrator only (no grant to anyone else), readable by agents. ``monitoring_enabled``
  (``on``/``off``, default ``on``): off, no grant can be created or claimed.
- ``caseline.monitoring_grants``: a leader's permission to monitor one live call of their team,
  once. The leader's CaseLine inserts ``call_log_id``, ``mode`` (listen, whisper, barge) and
  ``token_hash`` (SHA-256 of a random token it keeps and sends in the monitoring INVITE) and
  nothing else (column INSERT grant); a trigger fills in the rest from the call log as the
  centre sees it: the call's start, its agent, its team, the leader (``session_user``), when
  (``now()``) and until when the grant may be used (30 s). A call that is not live, or not
  the leader's team's, leaves ``team_id`` empty and row security refuses the row: the leader
  of another team learns nothing of the call (the same refusal as for an id that does not
  exist). Only ``caseline_leader`` may insert; agents are refused by the privilege check.
- The monitored agent's PC claims the grant with ``caseline.claim_monitoring_grant(token)``
  (definer's rights; EXECUTE for ``caseline_agent`` only): atomic and one-time (the UPDATE
  takes the row only while ``used_at`` is empty and ``expires_at`` ahead), only by the call's
  own agent; it answers the grant's id, the call, the mode and the leader's name. The PC writes
  the session's end once with ``caseline.end_monitoring_grant(id)``. Every refusal is an
  ``insufficient_privilege`` error, whatever the reason (no such token, used, expired, another
  agent's): a forged token learns nothing; the switch off is ``feature_not_supported``.
- The rows are the log of every monitoring session: who, which mode, when created, used and
  ended. Leaders read their team's (by ``team_id``), agents their own (row security); nobody
  updates or deletes them but through the two functions (no UPDATE or DELETE grant).
"""

from __future__ import annotations

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# As in 0001: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
GRANT_SECONDS = 30  # a grant not used within this long is void
_MY_TEAM = "(SELECT a.team_id FROM caseline.agents a WHERE a.db_role = current_user)"
_ME = "(SELECT a.id FROM caseline.agents a WHERE a.db_role = current_user)"
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
# The switch, as the functions read it: anything but an explicit 'off' is on.
_ENABLED = ("coalesce((SELECT s.value FROM caseline.deployment_settings s "
            "WHERE s.key = 'monitoring_enabled'), 'on') <> 'off'")

_TABLES = [
    """
    CREATE TABLE caseline.deployment_settings (
        key varchar(64) NOT NULL,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_deployment_settings PRIMARY KEY (key)
    )""",
    "INSERT INTO caseline.deployment_settings (key, value) VALUES ('monitoring_enabled', 'on')",
    """
    CREATE TABLE caseline.monitoring_grants (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        call_log_id uuid NOT NULL,
        call_started_at timestamptz NOT NULL,
        agent_id uuid NOT NULL,
        leader_role text NOT NULL DEFAULT current_user,
        mode varchar(24) NOT NULL,
        token_hash bytea NOT NULL,
        team_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT pk_monitoring_grants PRIMARY KEY (id),
        CONSTRAINT uq_monitoring_grants_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_monitoring_grants_agent_id_agents FOREIGN KEY (agent_id)
            REFERENCES caseline.agents (id),
        CONSTRAINT fk_monitoring_grants_team_id_teams FOREIGN KEY (team_id)
            REFERENCES caseline.teams (id),
        CONSTRAINT ck_monitoring_grants_mode CHECK (mode IN ('listen', 'whisper', 'barge')),
        CONSTRAINT ck_monitoring_grants_token_hash CHECK (octet_length(token_hash) = 32)
    )""",
    "CREATE INDEX ix_monitoring_grants_call_log_id ON caseline.monitoring_grants (call_log_id)",
    "CREATE INDEX ix_monitoring_grants_agent_id ON caseline.monitoring_grants (agent_id)",
    "CREATE INDEX ix_monitoring_grants_team_id ON caseline.monitoring_grants (team_id)",
]

_FUNCTIONS = [
    # What a new grant is, from the call as the centre sees it (definer's rights: like a
    # foreign key it sees past row security; the policy then decides). A call not live or of
    # no known agent leaves team_id empty: NOT NULL would say so, row security says less, so
    # the team is set to the leader's own only when it is the call's.
    f"""
    CREATE FUNCTION caseline.stamp_monitoring_grant() RETURNS trigger
    LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        c record;
    BEGIN
        IF NOT ({_ENABLED}) THEN
            RAISE EXCEPTION 'monitoring is switched off in this deployment'
                USING ERRCODE = 'feature_not_supported';
        END IF;
        SELECT l.started_at, l.team_id, a.id AS agent_id INTO c
        FROM caseline.call_logs l JOIN caseline.agents a ON a.db_role = l.owner_role
        WHERE l.id = NEW.call_log_id AND l.ended_at IS NULL;
        NEW.leader_role := session_user;
        NEW.created_at := now();
        NEW.expires_at := now() + make_interval(secs => {GRANT_SECONDS});
        NEW.used_at := NULL;
        NEW.ended_at := NULL;
        IF FOUND AND c.team_id = (SELECT a.team_id FROM caseline.agents a
                                     WHERE a.db_role = session_user) THEN
            NEW.call_started_at := c.started_at;
            NEW.agent_id := c.agent_id;
            NEW.team_id := c.team_id;
        ELSE
            -- Refused by row security below (team_id is no team's): the same answer for a
            -- call of another team, an ended one and one that does not exist.
            NEW.call_started_at := now();
            NEW.agent_id := (SELECT a.id FROM caseline.agents a WHERE a.db_role = session_user);
            NEW.team_id := NULL;
        END IF;
        RETURN NEW;
    END $$""",
    f"""
    CREATE FUNCTION caseline.claim_monitoring_grant(token text)
    RETURNS TABLE (grant_id uuid, call_log_id uuid, mode text, leader_name text,
                   leader_role text)
    LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
    DECLARE
        g caseline.monitoring_grants;
    BEGIN
        IF NOT ({_ENABLED}) THEN
            RAISE EXCEPTION 'monitoring is switched off in this deployment'
                USING ERRCODE = 'feature_not_supported';
        END IF;
        -- One UPDATE: two claims of one token at once find it used, whichever commits first.
        UPDATE caseline.monitoring_grants m SET used_at = now()
        WHERE m.token_hash = sha256(convert_to(coalesce(token, ''), 'UTF8'))
          AND m.used_at IS NULL AND m.expires_at > now()
          AND m.agent_id = (SELECT a.id FROM caseline.agents a WHERE a.db_role = session_user)
        RETURNING m.* INTO g;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no monitoring grant for this token'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN QUERY SELECT g.id, g.call_log_id, g.mode::text,
            coalesce((SELECT a.name FROM caseline.agents a WHERE a.db_role = g.leader_role),
                     g.leader_role)::text,
            g.leader_role;
    END $$""",
    f"""
    CREATE FUNCTION caseline.end_monitoring_grant(which uuid) RETURNS boolean
    LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
    BEGIN
        UPDATE caseline.monitoring_grants m SET ended_at = now()
        WHERE m.id = which AND m.used_at IS NOT NULL AND m.ended_at IS NULL
          AND m.agent_id = (SELECT a.id FROM caseline.agents a WHERE a.db_role = session_user);
        RETURN FOUND;
    END $$""",
    "REVOKE ALL ON FUNCTION caseline.stamp_monitoring_grant(), "
    "caseline.claim_monitoring_grant(text), caseline.end_monitoring_grant(uuid) FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION caseline.claim_monitoring_grant(text), "
    f"caseline.end_monitoring_grant(uuid) TO {_AGENT}",
    "CREATE TRIGGER a_stamp BEFORE INSERT ON caseline.monitoring_grants "
    "FOR EACH ROW EXECUTE FUNCTION caseline.stamp_monitoring_grant()",
]

_SECURITY = [
    f"GRANT SELECT ON caseline.deployment_settings TO {_AGENT}",
    f"GRANT SELECT ON caseline.monitoring_grants TO {_AGENT}",
    # The leader names the call, the mode and the token's hash; the trigger the rest.
    f"GRANT INSERT (call_log_id, mode, token_hash) ON caseline.monitoring_grants TO {_LEADER}",
    "ALTER TABLE caseline.monitoring_grants ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE caseline.monitoring_grants FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own_reads ON caseline.monitoring_grants FOR SELECT TO {_AGENT} "
    f"USING (agent_id = {_ME})",
    f"CREATE POLICY leader_reads ON caseline.monitoring_grants FOR SELECT TO {_LEADER} "
    f"USING (team_id = {_MY_TEAM})",
    f"CREATE POLICY leader_creates ON caseline.monitoring_grants FOR INSERT TO {_LEADER} "
    f"WITH CHECK (leader_role = current_user AND team_id = {_MY_TEAM})",
    # As 0005 for every private table: not through SET ROLE to a group role.
    "CREATE POLICY as_oneself ON caseline.monitoring_grants AS RESTRICTIVE FOR ALL "
    f"TO {_AGENT}, {_LEADER} USING (current_user = session_user) "
    "WITH CHECK (current_user = session_user)",
]


def upgrade() -> None:
    for statement in (*_TABLES, *_FUNCTIONS, *_SECURITY):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE caseline.monitoring_grants")
    op.execute("DROP FUNCTION caseline.stamp_monitoring_grant(), "
               "caseline.claim_monitoring_grant(text), caseline.end_monitoring_grant(uuid)")
    op.execute("DROP TABLE caseline.deployment_settings")
