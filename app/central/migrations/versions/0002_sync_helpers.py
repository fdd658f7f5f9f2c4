"""Two look-ups the sync needs past row-level security: a free SR number, a customer's id.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:00:00.000000

SR numbers are given out by each PC while it may be offline, so two PCs can give out the same
one; the centre keeps numbers unique, and the second SR to arrive takes the next number free
across all teams (which no agent can see by itself). A customer created on a PC with a code
that exists centrally but that the agent cannot see (no SR of their team uses it yet) is the
same customer: the sync asks for its id and moves the PC's rows over to it. Both functions
answer only with what they are asked for.
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_AGENT = "caseline_agent"


def upgrade() -> None:
    op.execute(r"""
        CREATE FUNCTION caseline.free_case_number(prefix text) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
            SELECT prefix || lpad((coalesce(max(substr(number, length(prefix) + 1)::bigint), 0)
                                   + 1)::text, 6, '0')
            FROM caseline.cases
            WHERE left(number, length(prefix)) = prefix
              AND substr(number, length(prefix) + 1) ~ '^[0-9]{1,12}$'
        $$""")
    op.execute("""
        CREATE FUNCTION caseline.customer_id_for_code(customer_code text) RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
            SELECT id FROM caseline.customers WHERE code = customer_code
        $$""")
    for signature in ("free_case_number(text)", "customer_id_for_code(text)"):
        op.execute(f"REVOKE ALL ON FUNCTION caseline.{signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION caseline.{signature} TO {_AGENT}")


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS caseline.free_case_number(text)")
    op.execute("DROP FUNCTION IF EXISTS caseline.customer_id_for_code(text)")
