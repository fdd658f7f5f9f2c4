# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants only
"""Agent state spans: each state change with the time the agent's next change began, kept by
the database as changes arrive, so the KPIs stop re-deriving it (issue 18's benchmark).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 21:20:00.000000

On the benchmark's centre (bench/monitoring.py: a team's month is 27k calls and 99k state
changes) each KPI read of states ordered the team's month of changes per agent to find where
each one ended (``lead(at) OVER (PARTITION BY agent_id ...)``): 150-250 ms a read, and the KPI
tab reads them four times (the calls' wrap-ups twice, the state seconds, the occupancy).

- ``caseline.agent_state_spans``: one row per ``agent_state_changes`` row (same id), with
  ``until``, the ``at`` of the same agent's next change in (at, change_no) order; NULL while
  it is the agent's latest. Only the database writes it: statement triggers on
  ``agent_state_changes`` (insert, update, delete), definer's rights. The sync's COPY of
  10,000 changes is one statement and one pass.
- Changes arrive in any order (a PC offline for a day, three PCs of one agent): a statement
  re-links the affected agent's chain from the change before its earliest row to the change
  after its latest, whatever lies between.
- Two statements writing the same agent's changes at once would each link past the other's
  uncommitted rows; each first locks its agents' rows in ``caseline.agent_span_heads`` (one
  row per agent, made on first use), in id order, until its transaction ends. Row locks: a
  10,000-agent statement takes no room in the lock table (one advisory lock per distinct key
  is what overflowed ``max_locks_per_transaction`` in an earlier attempt), and an agent holding
  a transaction open blocks only pushes of their own ids (an id is its first writer's, 0005),
  never a colleague's (advisory locks on hashed keys would let one agent hold every key). Two
  transactions locking agents A then B and B then A in separate statements can still meet in
  a deadlock, which PostgreSQL breaks by failing one; a PC's push writes one agent.
- A statement under REPEATABLE READ is refused: its snapshot predates the lock, so it could link
  past a change committed meanwhile without any error (the sync writes in READ COMMITTED;
  SERIALIZABLE detects the conflict itself). TRUNCATE of the changes empties the spans.
- Row security as on the changes: a leader reads their team's spans (by the change's
  ``team_id``); an agent reads none (their PC has its own states); nobody but the triggers
  writes.
- ``call_kpis``'s wrap-ups, ``state_kpis`` (and so ``occupancy_kpis``) and the state timeline
  read the spans. Figures as before: the lookback (a state in effect at the range's start is
  read from at most a day before it) and the clipping are the same. Two differences, on
  purpose: a span ends at the agent's next change whatever team wrote it, where the window
  ended it at the next change the reader could see (only an agent moved between teams
  mid-range differs); and a call's wrap-up whose next state came more than a day after the
  range's end now counts in full (the window, cut there, gave it no end and 0 s), so a figure
  no longer depends on where the range ends.

Signatures, grants and SECURITY INVOKER unchanged (CREATE OR REPLACE keeps the grants, not the
settings: ``jit = off`` is set again, as 0018 did).
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# As in 0011: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
_MY_TEAM = "(SELECT a.team_id FROM caseline.agents a WHERE a.db_role = current_user)"
_SPANS = "caseline.agent_state_spans"
# One row per agent whose chain the triggers keep: what a statement locks (FOR UPDATE) before
# re-linking that agent's chain.
_HEADS = "caseline.agent_span_heads"

_TABLE = f"""
    CREATE TABLE {_SPANS} (
        change_id uuid PRIMARY KEY,
        agent_id uuid NOT NULL,
        team_id uuid,
        state varchar(24) NOT NULL,
        reason varchar(40) NOT NULL,
        call_log_id uuid,
        at timestamptz NOT NULL,
        change_no bigint NOT NULL,
        owner_role text NOT NULL,
        until timestamptz
    )"""
_HEADS_TABLE = f"CREATE TABLE {_HEADS} (agent_id uuid PRIMARY KEY)"

# The chain of each agent in `touched` (agent_id, at: the statement's rows), re-linked from
# the change before its earliest row to the change after its latest. Rows at that later
# change's time keep their own `until`.
_RELINK = f"""
        WITH touched AS ({{touched}}),
        bounds AS (
            SELECT t.agent_id,
                   coalesce((SELECT s.at FROM {_SPANS} s
                             WHERE s.agent_id = t.agent_id AND s.at < t.lo
                             ORDER BY s.at DESC, s.change_no DESC LIMIT 1), t.lo) AS from_at,
                   (SELECT s.at FROM {_SPANS} s
                    WHERE s.agent_id = t.agent_id AND s.at > t.hi
                    ORDER BY s.at, s.change_no LIMIT 1) AS to_at
            FROM (SELECT x.agent_id, min(x.at) AS lo, max(x.at) AS hi
                  FROM touched x GROUP BY x.agent_id) t
        ),
        chain AS (
            SELECT s.change_id, s.at, b.to_at,
                   lead(s.at) OVER (PARTITION BY s.agent_id ORDER BY s.at, s.change_no) AS next_at
            FROM {_SPANS} s
            JOIN bounds b ON b.agent_id = s.agent_id
            WHERE s.at >= b.from_at AND s.at <= coalesce(b.to_at, 'infinity')
        )
        UPDATE {_SPANS} s SET until = c.next_at
        FROM chain c
        WHERE s.change_id = c.change_id AND (c.to_at IS NULL OR c.at < c.to_at)
          AND s.until IS DISTINCT FROM c.next_at"""

# Before reading the chains: each of the statement's agents, locked in id order. Row locks,
# one per agent: they take no room in the lock table whatever their number, and an agent can
# hold only their own ids' (an id is its first writer's, 0005).
_LOCK = f"""
        INSERT INTO {_HEADS} (agent_id) SELECT DISTINCT x.agent_id FROM ({{touched}}) x
        ON CONFLICT (agent_id) DO NOTHING;
        PERFORM 1 FROM {_HEADS} h WHERE h.agent_id IN (SELECT x.agent_id FROM ({{touched}}) x)
        ORDER BY h.agent_id FOR UPDATE"""

# Under REPEATABLE READ the statement's snapshot predates the lock: it could link past a
# change committed meanwhile without any error. The sync writes in READ COMMITTED.
_READ_COMMITTED = """
        IF current_setting('transaction_isolation') = 'repeatable read' THEN
            RAISE EXCEPTION 'agent state changes are written in READ COMMITTED or SERIALIZABLE'
                USING ERRCODE = 'invalid_transaction_state';
        END IF"""

_COLUMNS = "change_id, agent_id, team_id, state, reason, call_log_id, at, change_no, owner_role"
_FROM_CHANGES = "id, agent_id, team_id, state, reason, call_log_id, at, change_no, owner_role"


def _trigger_function(event: str, body: str, touched: str) -> str:
    # The transition tables are visible in the trigger's own function only, so each
    # statement names them itself (no temporary table: one an agent created first, with a
    # trigger of theirs, would run it with the definer's rights).
    return f"""
    CREATE FUNCTION caseline.state_spans_after_{event}() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        {_READ_COMMITTED};
        {_LOCK.format(touched=touched)};
        {body}
        {_RELINK.format(touched=touched)};
        RETURN NULL;
    END $$"""


_FUNCTIONS = (
    _trigger_function(
        "insert",
        f"INSERT INTO {_SPANS} ({_COLUMNS}) SELECT {_FROM_CHANGES} FROM new_rows;",
        "SELECT n.agent_id, n.at FROM new_rows n"),
    _trigger_function(
        "update",
        f"""DELETE FROM {_SPANS} s USING old_rows o WHERE s.change_id = o.id;
        INSERT INTO {_SPANS} ({_COLUMNS}) SELECT {_FROM_CHANGES} FROM new_rows;""",
        "SELECT o.agent_id, o.at FROM old_rows o UNION ALL SELECT n.agent_id, n.at FROM new_rows n"),
    _trigger_function(
        "delete",
        f"DELETE FROM {_SPANS} s USING old_rows o WHERE s.change_id = o.id;",
        "SELECT o.agent_id, o.at FROM old_rows o"),
)

_TRUNCATE = f"""
    CREATE FUNCTION caseline.state_spans_after_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        TRUNCATE {_SPANS}, {_HEADS};
        RETURN NULL;
    END $$"""

_TRIGGERS = (
    "CREATE TRIGGER y_spans_insert AFTER INSERT ON caseline.agent_state_changes "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION caseline.state_spans_after_insert()",
    "CREATE TRIGGER y_spans_update AFTER UPDATE ON caseline.agent_state_changes "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION caseline.state_spans_after_update()",
    "CREATE TRIGGER y_spans_delete AFTER DELETE ON caseline.agent_state_changes "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION caseline.state_spans_after_delete()",
    "CREATE TRIGGER y_spans_truncate AFTER TRUNCATE ON caseline.agent_state_changes "
    "FOR EACH STATEMENT EXECUTE FUNCTION caseline.state_spans_after_truncate()",
)

# The spans of the changes already there (one pass; also what a benchmark centre loaded with
# triggers off runs).
BACKFILL = f"""
    INSERT INTO {_SPANS} ({_COLUMNS}, until)
    SELECT {_FROM_CHANGES},
           lead(at) OVER (PARTITION BY agent_id ORDER BY at, change_no)
    FROM caseline.agent_state_changes"""

_SECURITY = (
    # The heads are the triggers' alone: row security on, no policy, no grant.
    f"ALTER TABLE {_HEADS} ENABLE ROW LEVEL SECURITY",
    f"ALTER TABLE {_HEADS} FORCE ROW LEVEL SECURITY",
    f"REVOKE ALL ON {_HEADS} FROM PUBLIC",
    f"ALTER TABLE {_SPANS} ENABLE ROW LEVEL SECURITY",
    f"ALTER TABLE {_SPANS} FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY leader_reads ON {_SPANS} FOR SELECT TO {_LEADER} USING (team_id = {_MY_TEAM})",
    f"CREATE POLICY as_oneself ON {_SPANS} AS RESTRICTIVE FOR ALL TO {_AGENT}, {_LEADER} "
    "USING (current_user = session_user) WITH CHECK (current_user = session_user)",
    f"REVOKE ALL ON {_SPANS} FROM PUBLIC",
    f"GRANT SELECT ON {_SPANS} TO {_LEADER}",
    *(f"REVOKE ALL ON FUNCTION caseline.state_spans_after_{e}() FROM PUBLIC"
      for e in ("insert", "update", "delete", "truncate")),
)

# -- the readers ------------------------------------------------------------------------------

_CALL_STATES_BEFORE = """
        states AS (
            SELECT s.call_log_id, s.state, s.at,
                   lead(s.at) OVER (PARTITION BY s.agent_id ORDER BY s.at, s.change_no) AS until
            FROM caseline.agent_state_changes s
            WHERE s.at >= p_from AND s.at < p_to + interval '1 day'
              AND (p_team IS NULL OR s.team_id = p_team)
        ),"""
_CALL_STATES_AFTER = """
        states AS (
            -- 0020: each state with its end, kept by the database.
            SELECT s.call_log_id, s.state, s.at, s.until
            FROM caseline.agent_state_spans s
            WHERE s.at >= p_from AND s.at < p_to + interval '1 day'
              AND (p_team IS NULL OR s.team_id = p_team)
              AND s.state = 'wrap-up' AND s.call_log_id IS NOT NULL
        ),"""

_STATE_SPANS_BEFORE = """
            SELECT s.agent_id, s.team_id, s.state::text AS st,
                   CASE WHEN s.state = 'break' THEN s.reason::text ELSE '' END AS why,
                   s.at AS lo,
                   coalesce(lead(s.at) OVER (PARTITION BY s.agent_id ORDER BY s.at, s.change_no),
                            least(p_to, now())) AS hi
            FROM caseline.agent_state_changes s"""
_STATE_SPANS_AFTER = """
            -- 0020: each state with its end, kept by the database (the latest: until now).
            SELECT s.agent_id, s.team_id, s.state::text AS st,
                   CASE WHEN s.state = 'break' THEN s.reason::text ELSE '' END AS why,
                   s.at AS lo,
                   coalesce(s.until, least(p_to, now())) AS hi
            FROM caseline.agent_state_spans s"""


def _replaced(text: str, before: str, after: str) -> str:
    assert text.count(before) == 1  # the earlier migration's text is frozen: this is what changes
    return text.replace(before, after)


_CALL_KPIS_0018 = import_module("app.central.migrations.versions.0018_kpi_no_jit")._CALL_KPIS
_STATE_KPIS_0017 = import_module("app.central.migrations.versions.0017_kpi_bounds")._STATE_KPIS
_CALL_KPIS = _replaced(_CALL_KPIS_0018, _CALL_STATES_BEFORE, _CALL_STATES_AFTER)
_STATE_KPIS = _replaced(_STATE_KPIS_0017, _STATE_SPANS_BEFORE, _STATE_SPANS_AFTER)

_NO_JIT = tuple(f"ALTER FUNCTION caseline.{f} SET jit = off" for f in (
    "call_kpis(timestamptz, timestamptz, text, text, text, integer, integer, uuid)",
    "state_kpis(timestamptz, timestamptz, text, text, text, uuid)"))

# Everything upgrade() runs, in order (to apply to a kept benchmark centre by hand).
UPGRADE = (
    _TABLE,
    _HEADS_TABLE,
    *_FUNCTIONS,
    _TRUNCATE,
    *_SECURITY,
    BACKFILL,  # before the indexes: one sort each, not one insertion per row
    f"CREATE INDEX ix_agent_state_spans_team_at ON {_SPANS} (team_id, at)",
    f"CREATE INDEX ix_agent_state_spans_agent_at ON {_SPANS} (agent_id, at, change_no)",
    *_TRIGGERS,
    _CALL_KPIS,
    _STATE_KPIS,
    # CREATE OR REPLACE sets a function's settings to those it states: 0018's again.
    *_NO_JIT,
)


def upgrade() -> None:
    # No change may land between the backfill and the triggers (the mode CREATE TRIGGER
    # takes, from the start: no upgrade of the lock midway).
    op.execute("LOCK TABLE caseline.agent_state_changes IN SHARE ROW EXCLUSIVE MODE")
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute(_CALL_KPIS_0018)
    op.execute(_STATE_KPIS_0017)
    for statement in _NO_JIT:
        op.execute(statement)
    for event in ("insert", "update", "delete", "truncate"):
        op.execute(f"DROP TRIGGER y_spans_{event} ON caseline.agent_state_changes")
        op.execute(f"DROP FUNCTION caseline.state_spans_after_{event}()")
    op.execute(f"DROP TABLE {_SPANS}")
    op.execute(f"DROP TABLE {_HEADS}")
