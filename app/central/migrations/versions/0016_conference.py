
"""Conference legs and translation work at the centre (issue 20, item 4).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 18:30:00.000000

``call_logs.work`` as the PC logged it (local 0014, app.cases.handoff): "translation" on a
translator's legs of a three-way conference (their talk time is translation work),
"translated" on the agent's leg to the translator, "" otherwise. Added to the partitioned
parent, so every month (0008) has it; the database checks the word. Agents write it like every
shared column: INSERT is the table's, UPDATE granted per column (0005).

``caseline.translation_kpis(from, to, team)``: per agent, the translation legs they took in
the range and their minutes (talk time of ``work = 'translation'`` legs). Like 0009's and
0012's functions: SECURITY INVOKER (row security decides which calls count), EXECUTE for
leaders only, call logs read with ``started_at`` bounded by the range (months outside it
pruned). The console's KPI tab (app.console.kpi) does not call it yet.
"""

from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# As in 0005/0012: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
_ARGS = "timestamptz, timestamptz, uuid"

_TRANSLATION_KPIS = """
    CREATE FUNCTION caseline.translation_kpis(p_from timestamptz, p_to timestamptz,
                                              p_team uuid DEFAULT NULL)
    RETURNS TABLE(agent_id uuid, label text, legs bigint, minutes double precision)
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog AS $$
        SELECT l.agent_id, coalesce(a.name, l.agent_id::text, '')::text, count(*),
               round((sum(l.talk_seconds) / 60.0)::numeric, 1)::float8
        FROM caseline.call_logs l
        LEFT JOIN caseline.agents a ON a.id = l.agent_id
        WHERE l.started_at >= p_from AND l.started_at < p_to AND l.work = 'translation'
          AND (p_team IS NULL OR l.team_id = p_team)
        GROUP BY l.agent_id, a.name
        ORDER BY 2, 1
    $$"""


def upgrade() -> None:
    op.execute("ALTER TABLE caseline.call_logs ADD COLUMN work varchar(16) NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE caseline.call_logs ADD CONSTRAINT ck_call_logs_work "
               "CHECK (work IN ('', 'translation', 'translated'))")
    op.execute(f"GRANT UPDATE (work) ON caseline.call_logs TO {_AGENT}")
    op.execute(_TRANSLATION_KPIS)
    op.execute(f"REVOKE ALL ON FUNCTION caseline.translation_kpis({_ARGS}) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION caseline.translation_kpis({_ARGS}) TO {_LEADER}")


def downgrade() -> None:
    op.execute(f"DROP FUNCTION caseline.translation_kpis({_ARGS})")
    op.execute("ALTER TABLE caseline.call_logs DROP CONSTRAINT ck_call_logs_work")
    op.execute("ALTER TABLE caseline.call_logs DROP COLUMN work")
