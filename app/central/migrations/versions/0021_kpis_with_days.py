# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants only
"""The KPI tab's call figures and its day-by-day team trend from one pass over the calls
(issue 18's benchmark).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 15:40:00.000000

The KPI tab read ``call_kpis`` twice for the same month: once by its bucket and grouping
(the tables), once by day for the team (the AHT, FCR and service-level trends). Both derive
the same per-call facts (each call's wrap-up, FCR, escalation, callback): ~300 ms each on
the benchmark's centre (a team's month, 27k calls), nearly all of it before the grouping.

``caseline.call_kpis_with_days(...)``: ``call_kpis``' arguments and columns, with ``part``
first: 'rows' are ``call_kpis(from, to, tz, bucket, by, ...)``, 'days' are ``call_kpis(from,
to, tz, 'day', 'team', ...)``, row for row (the tests compare them), from one statement whose
facts are computed once and grouped twice (GROUPING SETS). Its text is ``call_kpis``' own
with the grouping and the names' joins changed; a later migration that changes ``call_kpis``
(or ``occupancy_kpis``) must make this one again from its text (a test compares them).
SECURITY INVOKER under the caller's row security, EXECUTE for caseline_leader only,
``jit = off`` and a custom plan for each call, as ``call_kpis``.

``caseline.state_kpis_with_occupancy(...)``: the same for the states: 'states' rows are
``state_kpis``' and 'occupancy' rows ``occupancy_kpis``' (an aggregate of the same state rows,
which it read a second time), from one reading of the spans.
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# As in 0009/0015: constants repeated, not imported, so this migration keeps its meaning.
_LEADER = "caseline_leader"
_ARGS = "timestamptz, timestamptz, text, text, text, integer, integer, uuid"
_STATE_ARGS = "timestamptz, timestamptz, text, text, text, uuid"
_FUNCTION = f"caseline.call_kpis_with_days({_ARGS})"

# What changes in call_kpis' text (0020's), in order: (before, after), each found once.
_CHANGES = (
    ("CREATE OR REPLACE FUNCTION caseline.call_kpis(",
     "CREATE FUNCTION caseline.call_kpis_with_days("),
    ("RETURNS TABLE(bucket_start date,", "RETURNS TABLE(part text, bucket_start date,"),
    # Each call's local day and team besides its bucket and group: the trend's grouping.
    ("""                             ELSE k.call_language END AS group_key
""",
     """                             ELSE k.call_language END AS group_key,
                   date_trunc('day', k.started_at AT TIME ZONE p_tz)::date AS local_day,
                   k.team_id::text AS team_key
"""),
    ("""            SELECT f.bucket_day, f.group_key,
""",
     """            SELECT CASE WHEN grouping(f.bucket_day) = 0 THEN 'rows' ELSE 'days' END AS part,
                   CASE WHEN grouping(f.bucket_day) = 0 THEN p_by ELSE 'team' END AS by_what,
                   CASE WHEN grouping(f.bucket_day) = 0 THEN f.bucket_day ELSE f.local_day END AS bucket_day,
                   CASE WHEN grouping(f.bucket_day) = 0 THEN f.group_key ELSE f.team_key END AS group_key,
"""),
    ("GROUP BY f.bucket_day, f.group_key",
     "GROUP BY GROUPING SETS ((f.bucket_day, f.group_key), (f.local_day, f.team_key))"),
    ("SELECT t.bucket_day, t.group_key::text,", "SELECT t.part, t.bucket_day, t.group_key::text,"),
    ("CASE p_by WHEN 'agent' THEN a.name", "CASE t.by_what WHEN 'agent' THEN a.name"),
    ("ON p_by = 'agent' AND a.id::text", "ON t.by_what = 'agent' AND a.id::text"),
    ("ON p_by = 'team' AND tm.id::text", "ON t.by_what = 'team' AND tm.id::text"),
    ("ORDER BY t.bucket_day, 3, t.group_key;", "ORDER BY t.part DESC, t.bucket_day, 4, t.group_key;"),
)


def _changed(text: str) -> str:
    for before, after in _CHANGES:
        assert text.count(before) == 1, before  # 0020's text is frozen: this is what changes
        text = text.replace(before, after)
    return text


_CALL_KPIS_WITH_DAYS = _changed(
    import_module("app.central.migrations.versions.0020_state_spans")._CALL_KPIS)

# occupancy_kpis (0009) is an aggregate of state_kpis' rows: its body, over rows read once.
_OCCUPANCY_0009 = import_module("app.central.migrations.versions.0009_kpis")._OCCUPANCY_KPIS
_OCCUPANCY_BODY = _OCCUPANCY_0009.split("$$")[1]
_READS_STATES = "FROM caseline.state_kpis(p_from, p_to, p_tz, p_bucket, p_by, p_team) s"
assert _OCCUPANCY_BODY.count(_READS_STATES) == 1
_STATE_FUNCTION = f"caseline.state_kpis_with_occupancy({_STATE_ARGS})"
_STATE_KPIS_WITH_OCCUPANCY = f"""
    CREATE FUNCTION caseline.state_kpis_with_occupancy(
        p_from timestamptz, p_to timestamptz, p_tz text, p_bucket text, p_by text,
        p_team uuid DEFAULT NULL)
    RETURNS TABLE(part text, bucket_start date, key text, label text, state text, reason text,
                  seconds double precision, logged_in_s double precision,
                  busy_s double precision, occupancy double precision)
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog AS $$
        WITH s AS MATERIALIZED (
            SELECT * FROM caseline.state_kpis(p_from, p_to, p_tz, p_bucket, p_by, p_team))
        SELECT 'states', s.bucket_start, s.key, s.label, s.state, s.reason, s.seconds,
               NULL::float8, NULL::float8, NULL::float8
        FROM s
        UNION ALL
        SELECT 'occupancy', o.bucket_start, o.key, o.label, NULL, NULL, NULL,
               o.logged_in_s, o.busy_s, o.occupancy
        FROM ({_OCCUPANCY_BODY.replace(_READS_STATES, "FROM s")}) AS o(bucket_start, key, label, logged_in_s, busy_s, occupancy)
        -- Each part in its own function's order (bucket, label, key; then state, reason).
        ORDER BY 1 DESC, 2, 4, 3, 5, 6
    $$"""

# Everything upgrade() runs, in order (to apply to a kept benchmark centre by hand).
UPGRADE = (
    _CALL_KPIS_WITH_DAYS,
    f"ALTER FUNCTION {_FUNCTION} SET jit = off",
    f"REVOKE ALL ON FUNCTION {_FUNCTION} FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION {_FUNCTION} TO {_LEADER}",
    _STATE_KPIS_WITH_OCCUPANCY,
    f"ALTER FUNCTION {_STATE_FUNCTION} SET jit = off",
    f"REVOKE ALL ON FUNCTION {_STATE_FUNCTION} FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION {_STATE_FUNCTION} TO {_LEADER}",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute(f"DROP FUNCTION {_STATE_FUNCTION}")
    op.execute(f"DROP FUNCTION {_FUNCTION}")
