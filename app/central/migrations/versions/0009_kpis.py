# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants only
"""KPIs computed by the database (issue 18, item 3).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:45:00.000000

Three functions, every definition in docs/kpi.md (and once in app.console.kpi):

- ``caseline.call_kpis(from, to, tz, bucket, by, fcr_days, answer_target_s)``: calls offered,
  answered, missed, speed of answer, handle time, first-contact resolution, service level,
  transfers, escalations, callbacks, per ``bucket`` (day | week | month, in the time zone
  ``tz``) and ``by`` (agent | team | queue | language).
- ``caseline.state_kpis(from, to, tz, bucket, by)``: seconds per agent state and break reason
  (by agent | team), each state's time split over the buckets it spans.
- ``caseline.occupancy_kpis(...)``: on-call + wrap-up seconds over the time logged in.

SECURITY INVOKER: row security decides what they read, so a leader's figures are their team's
calls and states only. EXECUTE is the leaders' alone: an agent calling one is refused.
Call logs are read with ``started_at`` bounded by the parameters, so month partitions (0008) are
pruned at execution.
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_LEADER = "caseline_leader"
# How long after a call (or its wrap-up) an SR's change to "escalated" still counts as the
# call's: case_history.at is the centre's clock when the PC's sync delivered the change.
_ESCALATION_GRACE = "interval '15 minutes'"
# Agent states are read from this long before the range: the state in effect at its start.
_STATE_LOOKBACK = "interval '1 day'"

_CALL_ARGS = "timestamptz, timestamptz, text, text, text, integer, integer, uuid"
_STATE_ARGS = "timestamptz, timestamptz, text, text, text, uuid"

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
    CREATE FUNCTION caseline.call_kpis(
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

_STATE_KPIS = f"""
    CREATE FUNCTION caseline.state_kpis(
        p_from timestamptz, p_to timestamptz, p_tz text, p_bucket text, p_by text,
        p_team uuid DEFAULT NULL)
    RETURNS TABLE(bucket_start date, key text, label text, state text, reason text,
                  seconds double precision)
    LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog AS $$
    #variable_conflict use_column
    DECLARE
        v_unit text := CASE WHEN p_bucket = 'total' THEN 'day' ELSE p_bucket END;
    BEGIN
        {_CHECK}
        IF p_by NOT IN ('agent', 'team') THEN
            RAISE EXCEPTION 'states are by agent or team, not %', p_by
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN QUERY
        WITH spans AS (
            SELECT s.agent_id, s.team_id, s.state::text AS st,
                   CASE WHEN s.state = 'break' THEN s.reason::text ELSE '' END AS why,
                   s.at AS lo,
                   coalesce(lead(s.at) OVER (PARTITION BY s.agent_id ORDER BY s.at, s.change_no),
                            least(p_to, now())) AS hi
            FROM caseline.agent_state_changes s
            WHERE s.at >= p_from - {_STATE_LOOKBACK} AND s.at < p_to
              AND (p_team IS NULL OR s.team_id = p_team)
        ),
        buckets AS (
            SELECT (b AT TIME ZONE p_tz) AS b_lo,
                   ((b + ('1 ' || v_unit)::interval) AT TIME ZONE p_tz) AS b_hi, b::date AS b_day
            FROM generate_series(date_trunc(v_unit, p_from AT TIME ZONE p_tz),
                                 p_to AT TIME ZONE p_tz, ('1 ' || v_unit)::interval) AS b
            WHERE p_bucket <> 'total'
            UNION ALL
            SELECT p_from, p_to, (p_from AT TIME ZONE p_tz)::date WHERE p_bucket = 'total'
        ),
        pieces AS (
            SELECT bk.b_day,
                   CASE p_by WHEN 'agent' THEN sp.agent_id::text ELSE sp.team_id::text END AS group_key,
                   sp.st, sp.why,
                   extract(epoch FROM least(sp.hi, bk.b_hi, p_to) - greatest(sp.lo, bk.b_lo, p_from))::float8 AS secs
            FROM spans sp
            JOIN buckets bk ON sp.lo < bk.b_hi AND sp.hi > bk.b_lo
            WHERE sp.hi > p_from
        )
        SELECT p.b_day, p.group_key::text,
               coalesce(CASE p_by WHEN 'agent' THEN (SELECT a.name FROM caseline.agents a WHERE a.id::text = p.group_key)
                                  ELSE (SELECT tm.name FROM caseline.teams tm WHERE tm.id::text = p.group_key) END,
                        p.group_key, '')::text,
               p.st, p.why, round(sum(p.secs)::numeric, 1)::float8
        FROM pieces p
        WHERE p.secs > 0
        GROUP BY p.b_day, p.group_key, p.st, p.why
        ORDER BY p.b_day, 3, p.group_key, p.st, p.why;
    END $$"""

_OCCUPANCY_KPIS = """
    CREATE FUNCTION caseline.occupancy_kpis(
        p_from timestamptz, p_to timestamptz, p_tz text, p_bucket text, p_by text,
        p_team uuid DEFAULT NULL)
    RETURNS TABLE(bucket_start date, key text, label text, logged_in_s double precision,
                  busy_s double precision, occupancy double precision)
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog AS $$
        SELECT s.bucket_start, s.key, s.label,
               round(coalesce(sum(s.seconds) FILTER (WHERE s.state <> 'offline'), 0)::numeric, 1)::float8,
               round(coalesce(sum(s.seconds) FILTER (WHERE s.state IN ('on-call', 'wrap-up')), 0)::numeric, 1)::float8,
               round(coalesce(sum(s.seconds) FILTER (WHERE s.state IN ('on-call', 'wrap-up')), 0)::numeric
                     / nullif(sum(s.seconds) FILTER (WHERE s.state <> 'offline'), 0)::numeric, 4)::float8
        FROM caseline.state_kpis(p_from, p_to, p_tz, p_bucket, p_by, p_team) s
        GROUP BY s.bucket_start, s.key, s.label
        ORDER BY s.bucket_start, s.label, s.key
    $$"""

_FUNCTIONS = (f"caseline.call_kpis({_CALL_ARGS})", f"caseline.state_kpis({_STATE_ARGS})",
              f"caseline.occupancy_kpis({_STATE_ARGS})")


def upgrade() -> None:
    op.execute(_CALL_KPIS)
    op.execute(_STATE_KPIS)
    op.execute(_OCCUPANCY_KPIS)
    for function in _FUNCTIONS:
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {_LEADER}")


def downgrade() -> None:
    for function in reversed(_FUNCTIONS):
        op.execute(f"DROP FUNCTION {function}")
