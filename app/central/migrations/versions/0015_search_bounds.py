# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants only
"""Console queries bounded by team and time at 10M call logs (issue 18's benchmark).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 18:30:00.000000

At 10,000,000 call logs (bench/monitoring.py) these read far more than the leader's team:

- Note search: ``ix_notes_search_tokens`` becomes GIN on ``(team_id, search_tokens)``
  (``btree_gin`` gives uuid its GIN operator class): a search reads the posting lists of
  the leader's team only, not the whole centre's. Same name, same operator class for the
  tokens (0010). ``ix_notes_team_created`` (``team_id, created_at``) serves the explorer's
  bound on when a note was written (app.console.explorer: from a day before the period).
- KPIs: ``call_kpis``' wrap-up step read every agent's states of the period; it reads the
  team's (``p_team``) as ``state_kpis`` already did, through ``ix_agent_state_changes_team_at``
  (``team_id, at``), which also serves the board's state timeline. Same signature, same
  grants, still SECURITY INVOKER: row security decides what a leader reads.
- Explorer sorted by talk time: ``ix_call_logs_team_talk`` (``team_id, talk_seconds, id``, on
  every month) gives the keyset order within the team, month by month (Merge Append).

Nothing here is a rollup: the figures are still computed from the raw rows.
"""

from __future__ import annotations

from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_LEADER = "caseline_leader"
# As in 0009: constants repeated, not imported, so this migration keeps its meaning.
_ESCALATION_GRACE = "interval '15 minutes'"
_CALL_ARGS = "timestamptz, timestamptz, text, text, text, integer, integer, uuid"
_GIN_0010 = ("CREATE INDEX ix_notes_search_tokens ON caseline.notes "
             "USING gin (search_tokens caseline.search_tokens_ops)")
_GIN = ("CREATE INDEX ix_notes_search_tokens ON caseline.notes "
        "USING gin (team_id, search_tokens caseline.search_tokens_ops)")
# (name, table, columns); on call_logs the index is made on every month (0008).
_INDEXES = (
    ("ix_notes_team_created", "notes", "team_id, created_at"),
    ("ix_agent_state_changes_team_at", "agent_state_changes", "team_id, at"),
    ("ix_call_logs_team_talk", "call_logs", "team_id, talk_seconds, id"),
)

_CHECK = """
        IF p_bucket NOT IN ('day', 'week', 'month', 'total') THEN
            RAISE EXCEPTION 'bucket must be day, week, month or total, not %', p_bucket
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF p_to <= p_from THEN
            RAISE EXCEPTION 'the range ends before it starts' USING ERRCODE = 'invalid_parameter_value';
        END IF;
"""

_CALL_KPIS = f"""
    CREATE OR REPLACE FUNCTION caseline.call_kpis(
        p_from timestamptz, p_to timestamptz, p_tz text, p_bucket text, p_by text,
        p_fcr_days integer DEFAULT 7, p_answer_target_s integer DEFAULT 20,
        p_team uuid DEFAULT NULL)
    RETURNS TABLE(bucket_start date, key text, label text,
                  offered bigint, answered bigint, missed bigint, answered_in_target bigint,
                  service_level double precision, asa_s double precision,
                  aht_s double precision, talk_s double precision, hold_s double precision,
                  wrap_up_s double precision,
                  fcr_calls bigint, fcr_resolved bigint, fcr_rate double precision,
                  transferred bigint, transfer_rate double precision,
                  escalated bigint, escalation_rate double precision,
                  outbound bigint, missed_called_back bigint)
    LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog AS $$
    #variable_conflict use_column
    BEGIN
        {_CHECK}
        IF p_by NOT IN ('agent', 'team', 'queue', 'language') THEN
            RAISE EXCEPTION 'by must be agent, team, queue or language, not %', p_by
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN QUERY
        WITH calls AS (
            SELECT l.id, l.direction, l.started_at, l.ended_at, l.answered_at, l.case_id,
                   l.number_key, l.ring_seconds, l.talk_seconds, l.hold_seconds,
                   l.transferred_to, l.agent_id, l.team_id,
                   c.queue AS case_queue,
                   coalesce(c.language, l.note_language, '') AS call_language,
                   l.direction = 'inbound' AS inbound,
                   l.direction = 'inbound' AND l.answered_at IS NOT NULL AS handled
            FROM caseline.call_logs l
            LEFT JOIN caseline.cases c ON c.id = l.case_id
            WHERE l.started_at >= p_from AND l.started_at < p_to
              AND (p_team IS NULL OR l.team_id = p_team)
        ),
        states AS (
            SELECT s.call_log_id, s.state, s.at,
                   lead(s.at) OVER (PARTITION BY s.agent_id ORDER BY s.at, s.change_no) AS until
            FROM caseline.agent_state_changes s
            WHERE s.at >= p_from AND s.at < p_to + interval '1 day'
              AND (p_team IS NULL OR s.team_id = p_team)  -- 0015: the team's states only
        ),
        wraps AS (
            -- A call's wrap-up: the wrap-up states naming it, each until the agent's next state.
            SELECT w.call_log_id, sum(extract(epoch FROM w.until - w.at))::float8 AS seconds,
                   max(w.until) AS ended
            FROM states w
            WHERE w.state = 'wrap-up' AND w.call_log_id IS NOT NULL AND w.until IS NOT NULL
            GROUP BY w.call_log_id
        ),
        status_changes AS (
            -- case_history keeps the value a change replaced; what it became is the next
            -- change's old value, or the SR's status now.
            SELECT h.case_id, h.at, h.value AS was,
                   coalesce(lead(h.value) OVER (PARTITION BY h.case_id ORDER BY h.at, h.change_no),
                            cs.status) AS became
            FROM caseline.case_history h
            JOIN caseline.cases cs ON cs.id = h.case_id
            WHERE h.field = 'status' AND h.kind = 'overwritten'
              AND h.case_id IN (SELECT calls.case_id FROM calls)
        ),
        facts AS (
            SELECT k.*,
                   coalesce(w.seconds, 0) AS wrap_seconds,
                   k.handled AND k.case_id IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM caseline.call_logs n
                       WHERE n.case_id = k.case_id AND n.id <> k.id
                         AND n.started_at >= p_from
                         AND n.started_at < p_to + make_interval(days => p_fcr_days)
                         AND n.started_at > k.started_at
                         AND n.started_at <= k.started_at + make_interval(days => p_fcr_days)
                         AND (n.direction = 'inbound' OR n.answered_at IS NOT NULL)) AS resolved,
                   k.handled AND k.case_id IS NOT NULL AND EXISTS (
                       SELECT 1 FROM status_changes e
                       WHERE e.case_id = k.case_id
                         AND e.became = 'escalated' AND coalesce(e.was, '') <> 'escalated'
                         AND e.at >= k.started_at
                         AND e.at < greatest(coalesce(k.ended_at, k.started_at), coalesce(w.ended, k.started_at))
                                    + {_ESCALATION_GRACE}) AS escalation,
                   k.inbound AND k.answered_at IS NULL AND k.number_key <> '' AND EXISTS (
                       SELECT 1 FROM caseline.call_logs o
                       WHERE o.direction = 'outbound' AND o.number_key = k.number_key
                         AND o.started_at >= p_from
                         AND o.started_at < p_to + make_interval(days => p_fcr_days)
                         AND o.started_at > k.started_at
                         AND o.started_at <= k.started_at + make_interval(days => p_fcr_days)) AS called_back,
                   CASE WHEN p_bucket = 'total' THEN (p_from AT TIME ZONE p_tz)::date
                        ELSE date_trunc(p_bucket, k.started_at AT TIME ZONE p_tz)::date END AS bucket_day,
                   CASE p_by WHEN 'agent' THEN k.agent_id::text
                             WHEN 'team' THEN k.team_id::text
                             WHEN 'queue' THEN coalesce(k.case_queue, '')
                             ELSE k.call_language END AS group_key
            FROM calls k
            LEFT JOIN wraps w ON w.call_log_id = k.id
        ),
        totals AS (
            SELECT f.bucket_day, f.group_key,
                   count(*) FILTER (WHERE f.inbound) AS n_offered,
                   count(*) FILTER (WHERE f.handled) AS n_answered,
                   count(*) FILTER (WHERE f.inbound AND NOT f.handled) AS n_missed,
                   count(*) FILTER (WHERE f.handled AND f.ring_seconds <= p_answer_target_s) AS n_in_target,
                   avg(f.ring_seconds) FILTER (WHERE f.handled) AS avg_ring,
                   avg(f.talk_seconds + f.hold_seconds + f.wrap_seconds) FILTER (WHERE f.handled) AS avg_handle,
                   coalesce(sum(f.talk_seconds) FILTER (WHERE f.handled), 0) AS sum_talk,
                   coalesce(sum(f.hold_seconds) FILTER (WHERE f.handled), 0) AS sum_hold,
                   coalesce(sum(f.wrap_seconds) FILTER (WHERE f.handled), 0) AS sum_wrap,
                   count(*) FILTER (WHERE f.handled AND f.case_id IS NOT NULL) AS n_fcr_calls,
                   count(*) FILTER (WHERE f.resolved) AS n_resolved,
                   count(*) FILTER (WHERE f.handled AND f.transferred_to <> '') AS n_transferred,
                   count(*) FILTER (WHERE f.escalation) AS n_escalated,
                   count(*) FILTER (WHERE NOT f.inbound) AS n_outbound,
                   count(*) FILTER (WHERE f.called_back) AS n_called_back
            FROM facts f
            GROUP BY f.bucket_day, f.group_key
        )
        SELECT t.bucket_day, t.group_key::text,
               coalesce(CASE p_by WHEN 'agent' THEN (SELECT a.name FROM caseline.agents a WHERE a.id::text = t.group_key)
                                  WHEN 'team' THEN (SELECT tm.name FROM caseline.teams tm WHERE tm.id::text = t.group_key)
                                  ELSE t.group_key END, t.group_key, '')::text,
               t.n_offered, t.n_answered, t.n_missed, t.n_in_target,
               round(t.n_in_target::numeric / nullif(t.n_offered, 0), 4)::float8,
               round(t.avg_ring::numeric, 1)::float8,
               round(t.avg_handle::numeric, 1)::float8,
               round(t.sum_talk::numeric, 1)::float8,
               round(t.sum_hold::numeric, 1)::float8,
               round(t.sum_wrap::numeric, 1)::float8,
               t.n_fcr_calls, t.n_resolved,
               round(t.n_resolved::numeric / nullif(t.n_fcr_calls, 0), 4)::float8,
               t.n_transferred,
               round(t.n_transferred::numeric / nullif(t.n_answered, 0), 4)::float8,
               t.n_escalated,
               round(t.n_escalated::numeric / nullif(t.n_answered, 0), 4)::float8,
               t.n_outbound, t.n_called_back
        FROM totals t
        ORDER BY t.bucket_day, 3, t.group_key;
    END $$"""


# 0009's call_kpis as it was, for the downgrade: the states step without the team.
_CALL_KPIS_0009 = _CALL_KPIS.replace(
    "\n              AND (p_team IS NULL OR s.team_id = p_team)  -- 0015: the team's states only", "")

# Everything upgrade() runs, in order (bench/monitoring.py applies them to a kept cluster).
UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX caseline.ix_notes_search_tokens",
    _GIN,
    *(f"CREATE INDEX {name} ON caseline.{table} ({columns})" for name, table, columns in _INDEXES),
    _CALL_KPIS,
    # CREATE OR REPLACE keeps the grants; stated again so this migration says what they are.
    f"REVOKE ALL ON FUNCTION caseline.call_kpis({_CALL_ARGS}) FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION caseline.call_kpis({_CALL_ARGS}) TO {_LEADER}",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute(_CALL_KPIS_0009)
    for name, _table, _columns in reversed(_INDEXES):
        op.execute(f"DROP INDEX caseline.{name}")
    op.execute("DROP INDEX caseline.ix_notes_search_tokens")
    op.execute(_GIN_0010)
    # btree_gin stays: it may have been there before 0015, and it holds nothing.
