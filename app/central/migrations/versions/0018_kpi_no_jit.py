"""No JIT compilation in the centre's database; KPIs read a call's SR only when grouping by it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 13:20:00.000000

On the benchmark's centre (bench/monitoring.py: 10M calls, a team's month by agent) the
statement inside ``call_kpis`` took 1.59 s, and 0.60 s of it was PostgreSQL compiling it
(JIT: the plan's estimated cost, inflated by row security's estimates, is past
``jit_above_cost``; auto_explain: "Generation 49 ms, Optimization 32 ms, Emission 522 ms").
A plan the estimate puts past ``jit_optimize_above_cost`` as well spent 6.7 s compiling and
0.3 s running. The KPI functions read tens of thousands of rows, where compiling never pays
back: each now runs with ``jit = off`` (a function's own setting, whatever the server's).
The console's own statements paid it too (leader01 on that centre, ms before -> after): a
disposition over 90 days 563 -> 16, a year's talk-time sort 1101 -> 434, a year's search for
"printer" 297 -> 193, "paper jam" 349 -> 211. So the database's sessions default to
``jit = off`` as well (ALTER DATABASE; a role or session may still turn it on). Where the
migrating role may not alter the database (neither its owner nor a superuser) that step is
skipped with a notice and the functions still run without it.

``call_kpis`` also read each call's SR for its queue and language on every call (27k lookups
under the SR's row policy, 0.22 s); queue and language name a group only when the figures are
by queue or by language, so by agent or team the lookup is planned away (the function plans
with its arguments, 0017, so the condition is a constant there).

Same signatures, same results (compared on that centre for the four groupings), SECURITY
INVOKER, the grants as before (ALTER FUNCTION and CREATE OR REPLACE keep them).
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# As in 0009/0012/0016/0017: constants repeated, not imported, so this migration keeps its meaning.
_CALL_ARGS = "timestamptz, timestamptz, text, text, text, integer, integer, uuid"
_STATE_ARGS = "timestamptz, timestamptz, text, text, text, uuid"
_QUALITY_ARGS = "timestamptz, timestamptz, text, text, text, double precision, uuid"
_TRANSLATION_ARGS = "timestamptz, timestamptz, uuid"
_FUNCTIONS = (f"caseline.call_kpis({_CALL_ARGS})", f"caseline.state_kpis({_STATE_ARGS})",
              f"caseline.occupancy_kpis({_STATE_ARGS})",
              f"caseline.quality_kpis({_QUALITY_ARGS})",
              f"caseline.translation_kpis({_TRANSLATION_ARGS})")

_BEFORE = """WHERE cs.id = l.case_id OFFSET 0) c ON true"""
_AFTER = """WHERE cs.id = l.case_id AND p_by IN ('queue', 'language') OFFSET 0) c ON true"""
_PREVIOUS = import_module("app.central.migrations.versions.0017_kpi_bounds")._CALL_KPIS
assert _PREVIOUS.count(_BEFORE) == 1  # 0017's text is frozen: this is what changes
_CALL_KPIS = _PREVIOUS.replace(_BEFORE, _AFTER).replace(
    "-- of every SR the caller may see.",
    "-- of every SR the caller may see; 0018: only for a grouping by its fields.")

_DATABASE = """
    DO $$
    BEGIN
        EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'jit stays as it is for this database: % may not alter it', current_user;
    END $$"""

# Everything upgrade() runs, in order (to apply to a kept benchmark centre by hand).
UPGRADE = (
    _CALL_KPIS,
    *(f"ALTER FUNCTION {function} SET jit = off" for function in _FUNCTIONS),
    _DATABASE,
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute(_DATABASE.replace("SET jit = off", "RESET jit"))
    op.execute(_PREVIOUS)
    for function in _FUNCTIONS:
        op.execute(f"ALTER FUNCTION {function} RESET jit")
