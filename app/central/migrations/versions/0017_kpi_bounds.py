# ruff: noqa: E501 - alembic's layout; SQL built from constants only
"""KPIs at 10M call logs: the SRs reached through the range's calls, states split without a
join over every bucket (issue 18's benchmark, bench/monitoring.py).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 11:15:00.000000

At 10,000,000 call logs (30 teams, 664k SRs, 3M agent states) the KPI tab of a month took
6 s; by statement (a team's month: 27k calls, 99k states):

- ``call_kpis`` joined every SR the caller may see (a sequential scan of ``cases`` with its
  row policy evaluated on each, ~0.55 s a call) to the range's calls. It now looks up each
  call's SR by its id (``pk_cases``; ``OFFSET 0`` keeps the lookup per call: the planner,
  misled by row security's estimates, otherwise hashes every SR again). The agents' and
  teams' names come from one join each, not a scan of the directory per output row.
- ``state_kpis`` (and ``occupancy_kpis``, which reads it) joined each state span to every
  bucket of the range (99k spans x 31 days tested, ~0.5 s). A span inside one bucket,
  nearly all of them, is now one piece; only spans crossing a bucket's end are split, over
  the buckets they span. Seconds are summed as exact numerics before rounding (a float sum
  depended on the order the rows came in: 98954.65 s rounded either way).
- Both plan each call with its own parameters (``plan_cache_mode = force_custom_plan``): a
  leader's session switched PL/pgSQL's cached plans to generic ones after five calls, which
  know neither the month (no partition pruned at planning) nor the team, and ran 2-3x slower
  (2.7 s a tab became 6-11 s on the sixth call).

Same signatures, same results (compared row by row on the benchmark's centre, every bucket
and grouping, two time zones), still SECURITY INVOKER under the caller's row security,
EXECUTE for caseline_leader only (CREATE OR REPLACE keeps the grants; stated again below).
Nothing here is a rollup: the figures are still computed from the raw rows.
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# As in 0009/0015: constants repeated, not imported, so this migration keeps its meaning.
_LEADER = "caseline_leader"
_CALL_ARGS = "timestamptz, timestamptz, text, text, text, integer, integer, uuid"
_STATE_ARGS = "timestamptz, timestamptz, text, text, text, uuid"

_CALL_KPIS = """
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
    LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog
    SET plan_cache_mode = force_custom_plan AS $$
    #variable_conflict use_column
    BEGIN

        IF p_bucket NOT IN ('day', 'week', 'month', 'total') THEN
            RAISE EXCEPTION 'bucket must be day, week, month or total, not %', p_bucket
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF p_to <= p_from THEN
            RAISE EXCEPTION 'the range ends before it starts' USING ERRCODE = 'invalid_parameter_value';
        END IF;

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
            -- 0017: each call's SR by its id (OFFSET 0 keeps the lookup per call), not a hash
            -- of every SR the caller may see.
            LEFT JOIN LATERAL (SELECT cs.queue, cs.language FROM caseline.cases cs
                               WHERE cs.id = l.case_id OFFSET 0) c ON true
            WHERE l.started_at >= p_from AND l.started_at < p_to
              AND (p_team IS NULL OR l.team_id = p_team)
        ),
        states AS (
            SELECT s.call_log_id, s.state, s.at,
                   lead(s.at) OVER (PARTITION BY s.agent_id ORDER BY s.at, s.change_no) AS until
            FROM caseline.agent_state_changes s
            WHERE s.at >= p_from AND s.at < p_to + interval '1 day'
              AND (p_team IS NULL OR s.team_id = p_team)
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
                                    + interval '15 minutes') AS escalation,
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
               coalesce(CASE p_by WHEN 'agent' THEN a.name WHEN 'team' THEN tm.name
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
        -- 0017: the names by one join each, not a scan of the directory per row.
        LEFT JOIN caseline.agents a ON p_by = 'agent' AND a.id::text = t.group_key
        LEFT JOIN caseline.teams tm ON p_by = 'team' AND tm.id::text = t.group_key
        ORDER BY t.bucket_day, 3, t.group_key;
    END $$"""

_STATE_KPIS = """
    CREATE OR REPLACE FUNCTION caseline.state_kpis(
        p_from timestamptz, p_to timestamptz, p_tz text, p_bucket text, p_by text,
        p_team uuid DEFAULT NULL)
    RETURNS TABLE(bucket_start date, key text, label text, state text, reason text,
                  seconds double precision)
    LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog
    SET plan_cache_mode = force_custom_plan AS $$
    #variable_conflict use_column
    DECLARE
        v_unit text := CASE WHEN p_bucket = 'total' THEN 'day' ELSE p_bucket END;
        v_step interval := ('1 ' || CASE WHEN p_bucket = 'total' THEN 'day' ELSE p_bucket END)::interval;
    BEGIN
        IF p_bucket NOT IN ('day', 'week', 'month', 'total') THEN
            RAISE EXCEPTION 'bucket must be day, week, month or total, not %', p_bucket
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF p_to <= p_from THEN
            RAISE EXCEPTION 'the range ends before it starts' USING ERRCODE = 'invalid_parameter_value';
        END IF;
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
            WHERE s.at >= p_from - interval '1 day' AND s.at < p_to
              AND (p_team IS NULL OR s.team_id = p_team)
        ),
        clipped AS (
            -- Each span clipped to the range, with the local bucket its start falls in (the
            -- range itself for 'total') and that bucket's end.
            SELECT CASE p_by WHEN 'agent' THEN sp.agent_id::text ELSE sp.team_id::text END AS group_key,
                   sp.st, sp.why, greatest(sp.lo, p_from) AS lo, least(sp.hi, p_to) AS hi
            FROM spans sp
            WHERE sp.hi > p_from
        ),
        placed AS (
            SELECT c.*, f.b0, CASE WHEN p_bucket = 'total' THEN p_to
                                    ELSE (f.b0 + v_step) AT TIME ZONE p_tz END AS b0_hi
            FROM clipped c
            CROSS JOIN LATERAL (SELECT CASE WHEN p_bucket = 'total' THEN (p_from AT TIME ZONE p_tz)
                                            ELSE date_trunc(v_unit, c.lo AT TIME ZONE p_tz) END AS b0) f
            WHERE c.hi > c.lo
        ),
        pieces AS (
            -- 0017: a span within one bucket (nearly all) is one piece; only the few that cross a
            -- bucket's end are split over the buckets they span.
            SELECT p.b0::date AS b_day, p.group_key, p.st, p.why,
                   extract(epoch FROM p.hi - p.lo) AS secs
            FROM placed p
            WHERE p.hi <= p.b0_hi
            UNION ALL
            SELECT b.b::date, p.group_key, p.st, p.why,
                   extract(epoch FROM least(p.hi, (b.b + v_step) AT TIME ZONE p_tz)
                                      - greatest(p.lo, b.b AT TIME ZONE p_tz))
            FROM placed p
            CROSS JOIN LATERAL generate_series(p.b0, p.hi AT TIME ZONE p_tz, v_step) AS b(b)
            WHERE p.hi > p.b0_hi
        ),
        sums AS (
            SELECT p.b_day, p.group_key, p.st, p.why, sum(p.secs) AS secs
            FROM pieces p
            WHERE p.secs > 0
            GROUP BY p.b_day, p.group_key, p.st, p.why
        )
        SELECT u.b_day, u.group_key::text,
               coalesce(CASE p_by WHEN 'agent' THEN a.name ELSE tm.name END, u.group_key, '')::text,
               u.st, u.why, round(u.secs, 1)::float8
        FROM sums u
        LEFT JOIN caseline.agents a ON p_by = 'agent' AND a.id::text = u.group_key
        LEFT JOIN caseline.teams tm ON p_by = 'team' AND tm.id::text = u.group_key
        ORDER BY u.b_day, 3, u.group_key, u.st, u.why;
    END $$"""

_FUNCTIONS = (f"caseline.call_kpis({_CALL_ARGS})", f"caseline.state_kpis({_STATE_ARGS})")

# Everything upgrade() runs, in order (to apply to a kept benchmark centre by hand).
UPGRADE = (
    _CALL_KPIS,
    _STATE_KPIS,
    *(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC" for function in _FUNCTIONS),
    *(f"GRANT EXECUTE ON FUNCTION {function} TO {_LEADER}" for function in _FUNCTIONS),
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    # The functions as 0015 (call_kpis) and 0009 (state_kpis) left them.
    earlier = import_module("app.central.migrations.versions.0015_search_bounds")
    first = import_module("app.central.migrations.versions.0009_kpis")
    op.execute(earlier._CALL_KPIS)
    op.execute(first._STATE_KPIS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
