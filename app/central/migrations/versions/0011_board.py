# ruff: noqa: E501 - alembic's layout
"""The team leader's live board: each agent's presence, pushed by the PC (issue 18, item 1).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:00:00.000000

- ``caseline.agent_presence``: one row per agent id (a PC's own, as in 0005): the state and
  its reason, when it began, the current call (start, direction, SR, caller language), the
  registration's health and the current call's quality (NULL when unknown). The PC upserts it
  at once on every change and touches ``heartbeat_at`` otherwise (app.sync.presence,
  docs/board.md). Times are the centre's: the PC sends ages ("in this state for 12.3 s"),
  the upsert turns them into ``now() - age``, so a PC's wrong clock does not show on the board.
- Set by the database, whatever the writer sends: ``heartbeat_at`` (``now()``, on every insert
  and update), ``team_id`` (the writer's team now, on every write: the board is live, not a
  record; an agent moved to another team shows there from their PC's next heartbeat). An
  agent id is the writer's own (bound in ``agent_ids`` at first use, as 0005's
  ``check_agent_ref``, which wants an ``id`` column this table does not have).
- Row security: an agent reads and writes only their own rows (``owner_role``); a leader reads
  the rows of their team; nobody deletes. UPDATE is granted per column (0005: no LOCK TABLE),
  not on the database's marks.
- ``pg_notify('caseline_board', <team id>)`` after every insert and every update that changes
  more than ``heartbeat_at``: a heartbeat alone announces nothing (the board computes
  staleness from ``heartbeat_at`` itself; 300 PCs every 15 s would be 20 wake-ups a second for
  every leader for nothing). A row moving team announces both teams. A channel of its own, not
  0007's ``caseline_activity``: the board re-reads on each one and is woken by presence only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# As in 0001: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
BOARD = "caseline_board"
_MY_TEAM = "(SELECT a.team_id FROM caseline.agents a WHERE a.db_role = current_user)"
_MINE = "owner_role = current_user"
# What the PC writes; the rest is the database's.
_WRITTEN = ("state", "reason", "since", "call_started_at", "call_direction", "call_log_id",
            "case_id",
            "case_number", "caller_language", "registration", "registration_detail", "mos",
            "loss_pct", "jitter_ms", "rtt_ms", "heartbeat_at")

_FUNCTIONS = [
    # The agent id is the writer's own; one nobody used yet becomes theirs (0005). Definer's
    # rights: agent_ids is no agent's to read. On insert only: an update cannot change the key
    # (not granted), and an upsert's insert runs this before its ON CONFLICT update.
    """
    CREATE FUNCTION caseline.check_presence_agent() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        me text := session_user;
        whose text;
    BEGIN
        IF coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = me), false) THEN
            RETURN NEW;
        END IF;
        whose := coalesce((SELECT a.db_role FROM caseline.agents a WHERE a.id = NEW.agent_id),
                          (SELECT i.db_role FROM caseline.agent_ids i WHERE i.id = NEW.agent_id));
        IF whose IS NULL THEN
            INSERT INTO caseline.agent_ids (id, db_role) VALUES (NEW.agent_id, me)
            ON CONFLICT (id) DO NOTHING;
            whose := (SELECT i.db_role FROM caseline.agent_ids i WHERE i.id = NEW.agent_id);
        END IF;
        IF whose IS DISTINCT FROM me THEN
            RAISE EXCEPTION 'agent_presence.agent_id: % is another agent''s id', NEW.agent_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$""",
    # The database's marks. Invoker's rights: agents may read the directory.
    """
    CREATE FUNCTION caseline.stamp_presence() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            NEW.owner_role := OLD.owner_role;
        END IF;
        NEW.team_id := (SELECT a.team_id FROM caseline.agents a
                        WHERE a.db_role = NEW.owner_role);
        NEW.heartbeat_at := now();
        RETURN NEW;
    END $$""",
    f"""
    CREATE FUNCTION caseline.announce_presence() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        IF NEW.team_id IS NOT NULL THEN
            PERFORM pg_notify('{BOARD}', NEW.team_id::text);
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.team_id IS DISTINCT FROM NEW.team_id
                AND OLD.team_id IS NOT NULL THEN
            PERFORM pg_notify('{BOARD}', OLD.team_id::text);
        END IF;
        RETURN NULL;
    END $$""",
    "REVOKE ALL ON FUNCTION caseline.check_presence_agent(), caseline.stamp_presence(), "
    "caseline.announce_presence() FROM PUBLIC",
]

_TRIGGERS = [
    # BEFORE triggers fire by name: the id's check, then the marks.
    "CREATE TRIGGER a_agent_ref BEFORE INSERT ON caseline.agent_presence "
    "FOR EACH ROW EXECUTE FUNCTION caseline.check_presence_agent()",
    "CREATE TRIGGER b_stamp BEFORE INSERT OR UPDATE ON caseline.agent_presence "
    "FOR EACH ROW EXECUTE FUNCTION caseline.stamp_presence()",
    "CREATE TRIGGER z_announce_insert AFTER INSERT ON caseline.agent_presence "
    "FOR EACH ROW EXECUTE FUNCTION caseline.announce_presence()",
    # The condition is checked without calling the function: a heartbeat costs the two
    # BEFORE triggers and this comparison.
    "CREATE TRIGGER z_announce_update AFTER UPDATE ON caseline.agent_presence "
    "FOR EACH ROW WHEN ((to_jsonb(OLD) - 'heartbeat_at') IS DISTINCT FROM "
    "(to_jsonb(NEW) - 'heartbeat_at')) EXECUTE FUNCTION caseline.announce_presence()",
]


def _policies() -> list[str]:
    t = "caseline.agent_presence"
    return [
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
        # An upsert reads the row it conflicts with: the agent sees their own.
        f"CREATE POLICY own_reads ON {t} FOR SELECT TO {_AGENT} USING ({_MINE})",
        f"CREATE POLICY own_inserts ON {t} FOR INSERT TO {_AGENT} WITH CHECK ({_MINE})",
        f"CREATE POLICY own_updates ON {t} FOR UPDATE TO {_AGENT} USING ({_MINE}) "
        f"WITH CHECK ({_MINE})",
        f"CREATE POLICY leader_reads ON {t} FOR SELECT TO {_LEADER} "
        f"USING (team_id = {_MY_TEAM})",
        f"CREATE POLICY as_oneself ON {t} AS RESTRICTIVE FOR ALL TO {_AGENT}, {_LEADER} "
        "USING (current_user = session_user) WITH CHECK (current_user = session_user)",
        f"GRANT SELECT, INSERT ON {t} TO {_AGENT}",
        f"GRANT UPDATE ({', '.join(_WRITTEN)}) ON {t} TO {_AGENT}",
    ]


def upgrade() -> None:
    op.create_table('agent_presence',
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.String(length=40), server_default='', nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('call_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('call_direction', sa.String(length=24), nullable=True),
    sa.Column('call_log_id', sa.Uuid(), nullable=True),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('case_number', sa.String(length=32), server_default='', nullable=False),
    sa.Column('caller_language', sa.String(length=24), nullable=True),
    sa.Column('registration', sa.String(length=16), server_default='unknown', nullable=False),
    sa.Column('registration_detail', sa.String(length=200), server_default='', nullable=False),
    sa.Column('mos', sa.REAL(), nullable=True),
    sa.Column('loss_pct', sa.REAL(), nullable=True),
    sa.Column('jitter_ms', sa.REAL(), nullable=True),
    sa.Column('rtt_ms', sa.REAL(), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('owner_role', sa.Text(), server_default=sa.text('current_user'), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['caseline.teams.id'], name=op.f('fk_agent_presence_team_id_teams')),
    sa.PrimaryKeyConstraint('agent_id', name=op.f('pk_agent_presence')),
    schema='caseline'
    )
    op.create_index(op.f('ix_agent_presence_team_id'), 'agent_presence', ['team_id'], unique=False, schema='caseline')
    for statement in (*_FUNCTIONS, *_TRIGGERS, *_policies()):
        op.execute(statement)


def downgrade() -> None:
    op.drop_table('agent_presence', schema='caseline')
    op.execute("DROP FUNCTION caseline.announce_presence(), caseline.stamp_presence(), "
               "caseline.check_presence_agent()")
