# ruff: noqa: E501 - alembic's layout; SQL built from constants only
"""Call quality: RTCP figures and an E-model MOS per call (issue 18, item 5).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 15:00:00.000000

- ``call_logs`` gets ``mos``, ``loss_pct``, ``jitter_ms``, ``rtt_ms`` (NULL: unknown), as the
  PC logged them (the worst of the call's samples: app.telephony.quality, docs/kpi.md). Added
  to the partitioned parent, so every month (0008) has them. Agents write them like every
  shared column: INSERT is the table's, UPDATE granted per column (0005). The database checks
  their ranges: a MOS is 1..4.5, a loss 0..100 %, times are not negative.
- ``caseline.quality_kpis(from, to, tz, bucket, by, poor_mos, team)``: per agent (or team) and
  bucket (day | week | month | total, local to ``tz``), the calls with a MOS, how many were
  poor (MOS below ``poor_mos``; app.common.quality.POOR_MOS is what the console passes), the
  poor share, mean and lowest MOS, mean loss, jitter and round trip. Like 0009's functions:
  SECURITY INVOKER (row security decides which calls count), EXECUTE for leaders only, call
  logs read with ``started_at`` bounded by the range (months outside it are pruned).
"""

from __future__ import annotations

from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# As in 0005/0009: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
_COLUMNS = ("mos", "loss_pct", "jitter_ms", "rtt_ms")
_CHECKS = {
    "ck_call_logs_mos": "mos BETWEEN 1 AND 4.5",
    "ck_call_logs_loss_pct": "loss_pct BETWEEN 0 AND 100",
    "ck_call_logs_jitter_ms": "jitter_ms >= 0",
    "ck_call_logs_rtt_ms": "rtt_ms >= 0",
}
_ARGS = "timestamptz, timestamptz, text, text, text, double precision, uuid"

_QUALITY_KPIS = """
    CREATE FUNCTION caseline.quality_kpis(
        p_from timestamptz, p_to timestamptz, p_tz text, p_bucket text, p_by text DEFAULT 'agent',
        p_poor_mos double precision DEFAULT 3.5, p_team uuid DEFAULT NULL)
    RETURNS TABLE(bucket_start date, key text, label text, calls bigint, poor bigint,
                  poor_rate double precision, mos_avg double precision, mos_min double precision,
                  loss_pct_avg double precision, jitter_ms_avg double precision,
                  rtt_ms_avg double precision)
    LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog AS $$
    #variable_conflict use_column
    BEGIN
        IF p_bucket NOT IN ('day', 'week', 'month', 'total') THEN
            RAISE EXCEPTION 'bucket must be day, week, month or total, not %', p_bucket
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF p_to <= p_from THEN
            RAISE EXCEPTION 'the range ends before it starts' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF p_by NOT IN ('agent', 'team') THEN
            RAISE EXCEPTION 'quality is by agent or team, not %', p_by
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN QUERY
        WITH facts AS (
            SELECT CASE WHEN p_bucket = 'total' THEN (p_from AT TIME ZONE p_tz)::date
                        ELSE date_trunc(p_bucket, l.started_at AT TIME ZONE p_tz)::date END AS bucket_day,
                   CASE p_by WHEN 'agent' THEN l.agent_id::text ELSE l.team_id::text END AS group_key,
                   l.mos, l.loss_pct, l.jitter_ms, l.rtt_ms
            FROM caseline.call_logs l
            WHERE l.started_at >= p_from AND l.started_at < p_to
              AND (p_team IS NULL OR l.team_id = p_team)
              AND l.mos IS NOT NULL
        ),
        totals AS (
            SELECT f.bucket_day, coalesce(f.group_key, '') AS group_key,
                   count(*) AS n_calls,
                   count(*) FILTER (WHERE f.mos < p_poor_mos) AS n_poor,
                   avg(f.mos) AS avg_mos, min(f.mos) AS min_mos,
                   avg(f.loss_pct) AS avg_loss, avg(f.jitter_ms) AS avg_jitter,
                   avg(f.rtt_ms) AS avg_rtt
            FROM facts f
            GROUP BY f.bucket_day, coalesce(f.group_key, '')
        )
        SELECT t.bucket_day, t.group_key::text,
               coalesce(CASE p_by WHEN 'agent' THEN (SELECT a.name FROM caseline.agents a WHERE a.id::text = t.group_key)
                                  ELSE (SELECT tm.name FROM caseline.teams tm WHERE tm.id::text = t.group_key) END,
                        t.group_key, '')::text,
               t.n_calls, t.n_poor,
               round(t.n_poor::numeric / nullif(t.n_calls, 0), 4)::float8,
               round(t.avg_mos::numeric, 2)::float8,
               round(t.min_mos::numeric, 2)::float8,
               round(t.avg_loss::numeric, 2)::float8,
               round(t.avg_jitter::numeric, 1)::float8,
               round(t.avg_rtt::numeric, 1)::float8
        FROM totals t
        ORDER BY t.bucket_day, 3, t.group_key;
    END $$"""


def upgrade() -> None:
    op.execute("ALTER TABLE caseline.call_logs "
               + ", ".join(f"ADD COLUMN {c} double precision" for c in _COLUMNS))
    for name, check in _CHECKS.items():
        op.execute(f"ALTER TABLE caseline.call_logs ADD CONSTRAINT {name} CHECK ({check})")
    # The sync upserts every shared column (0005: UPDATE is granted per column).
    op.execute(f"GRANT UPDATE ({', '.join(_COLUMNS)}) ON caseline.call_logs TO {_AGENT}")
    op.execute(_QUALITY_KPIS)
    op.execute(f"REVOKE ALL ON FUNCTION caseline.quality_kpis({_ARGS}) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION caseline.quality_kpis({_ARGS}) TO {_LEADER}")


def downgrade() -> None:
    op.execute(f"DROP FUNCTION caseline.quality_kpis({_ARGS})")
    for name in reversed(_CHECKS):
        op.execute(f"ALTER TABLE caseline.call_logs DROP CONSTRAINT {name}")
    op.execute("ALTER TABLE caseline.call_logs "
               + ", ".join(f"DROP COLUMN {c}" for c in reversed(_COLUMNS)))
