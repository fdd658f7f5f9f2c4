# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants only
"""SR numbers handed out by the centre in blocks (issue 17, item 5).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:20:00.000000

Every PC counted its SR numbers from 000001, so the number an agent read to a customer changed
at the next sync. Now a PC online takes blocks of numbers (``take_case_numbers``) and gives
them out; a number from a block is final. A PC offline with its block used up gives a
provisional number (``SR-YYYY-Pnnnnnn``, local only); its sync swaps it for a number of a block
before the SR leaves the PC, so the centre never holds a provisional number.

- ``case_number_years``: per year, where the blocks start (``floor``: past every number the PCs
  had counted themselves when the first block of the year was taken) and the next free one.
  Its row lock serialises the takers: blocks never overlap.
- ``case_number_blocks``: who took which numbers. No agent reads either table.
- An SR's number of the centre's form (``SR-YYYY-NNNNNN``) must lie in a block of its writer,
  or below the year's floor (numbers from before the blocks: old data keeps syncing); other
  forms are left as they were (unique, as any). ``free_case_number`` (the push's last resort
  for an old number that collides) now takes a block of one for the caller, so its answer
  passes the same check.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_AGENT = "caseline_agent"
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
BLOCK_CAP = 50  # numbers per block at most: a hostile agent burns them 50 at a time, audited

_FUNCTIONS = (
    # The next ``size`` numbers of year ``y``, for ``who``. Not granted: the two below call it.
    f"""
    CREATE FUNCTION caseline.allot_case_numbers(y integer, size integer, who text)
    RETURNS bigint LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
    DECLARE
        start bigint;
    BEGIN
        -- The year's first block: past every number already of the centre's form that year.
        -- A second taker of a new year waits here for the first one's commit, then goes on.
        INSERT INTO caseline.case_number_years (year, floor, next)
        SELECT y, m.n, m.n FROM (
            SELECT coalesce(max(substr(c.number, 9)::bigint), 0) + 1 AS n
            FROM caseline.cases c
            WHERE c.number ~ ('^SR-' || lpad(y::text, 4, '0') || '-[0-9]{{1,12}}$')) m
        ON CONFLICT (year) DO NOTHING;
        UPDATE caseline.case_number_years n SET next = n.next + size WHERE n.year = y
        RETURNING n.next - size INTO start;
        INSERT INTO caseline.case_number_blocks (year, first, last, taken_by)
        VALUES (y, start, start + size - 1, who);
        RETURN start;
    END $$""",
    # What an agent's PC calls: a block of the centre's current year, for the caller only.
    f"""
    CREATE FUNCTION caseline.take_case_numbers(size integer DEFAULT {BLOCK_CAP})
    RETURNS TABLE (block_year integer, block_first bigint, block_last bigint)
    LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
    DECLARE
        y integer := extract(year FROM now() AT TIME ZONE 'UTC')::integer;
        start bigint;
    BEGIN
        IF size IS NULL OR size < 1 OR size > {BLOCK_CAP} THEN
            RAISE EXCEPTION 'a block holds 1 to {BLOCK_CAP} numbers, not %', size
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM caseline.agents a WHERE a.db_role = session_user) THEN
            RAISE EXCEPTION '% is no agent', session_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        start := caseline.allot_case_numbers(y, size, session_user);
        RETURN QUERY SELECT y, start, start + size - 1;
    END $$""",
    # 0005's checks kept; an SR-YYYY- prefix now takes a block of one for the caller.
    rf"""
    CREATE OR REPLACE FUNCTION caseline.free_case_number(prefix text) RETURNS text
    LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
    BEGIN
        IF prefix IS NULL OR prefix !~ '^[A-Za-z]{{1,16}}-[0-9]{{4}}-$' THEN
            RAISE EXCEPTION 'not the prefix of a year''s SR numbers: %', prefix
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF prefix ~ '^SR-[0-9]{{4}}-$' THEN
            RETURN prefix || lpad(caseline.allot_case_numbers(
                substr(prefix, 4, 4)::integer, 1, session_user)::text, 6, '0');
        END IF;
        RETURN (SELECT prefix || lpad((coalesce(max(substr(number, length(prefix) + 1)
                                                    ::bigint), 0) + 1)::text, 6, '0')
                FROM caseline.cases
                WHERE left(number, length(prefix)) = prefix
                  AND substr(number, length(prefix) + 1) ~ '^[0-9]{{1,12}}$');
    END $$""",
    # Definer's rights: the blocks are no agent's to read. session_user: the writer.
    r"""
    CREATE FUNCTION caseline.check_case_number() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        m text[];
        serial bigint;
        floor bigint;
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.number IS NOT DISTINCT FROM OLD.number THEN
            RETURN NEW;
        END IF;
        IF coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user),
                    false) THEN
            RETURN NEW;  -- the administrator numbers as they see fit
        END IF;
        IF NEW.number ~ '^SR-[0-9]{4}-P' THEN
            RAISE EXCEPTION 'SR number %: a provisional number never leaves its PC', NEW.number
                USING ERRCODE = 'check_violation';
        END IF;
        m := regexp_match(NEW.number, '^SR-([0-9]{4})-([0-9]{1,12})$');
        IF m IS NULL THEN
            RETURN NEW;  -- not of the centre's form: no block can hold it
        END IF;
        serial := m[2]::bigint;
        IF EXISTS (SELECT 1 FROM caseline.case_number_blocks b
                   WHERE b.year = m[1]::integer AND serial BETWEEN b.first AND b.last
                     AND b.taken_by = session_user) THEN
            RETURN NEW;
        END IF;
        floor := (SELECT y.floor FROM caseline.case_number_years y WHERE y.year = m[1]::integer);
        IF floor IS NULL OR serial < floor THEN
            RETURN NEW;  -- counted by a PC before the year's blocks began
        END IF;
        RAISE EXCEPTION 'SR number % is in no number block of %', NEW.number, session_user
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    "REVOKE ALL ON FUNCTION caseline.allot_case_numbers(integer, integer, text), "
    "caseline.take_case_numbers(integer), caseline.check_case_number() FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION caseline.take_case_numbers(integer) TO {_AGENT}",
    # After 0001's guards' "a_guard_case": it sees the number as it is stored.
    "CREATE TRIGGER a_number BEFORE INSERT OR UPDATE OF number ON caseline.cases "
    "FOR EACH ROW EXECUTE FUNCTION caseline.check_case_number()",
)

# 0005's version, for the way back.
_OLD_FREE = r"""
    CREATE OR REPLACE FUNCTION caseline.free_case_number(prefix text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        IF prefix IS NULL OR prefix !~ '^[A-Za-z]{1,16}-[0-9]{4}-$' THEN
            RAISE EXCEPTION 'not the prefix of a year''s SR numbers: %', prefix
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN (SELECT prefix || lpad((coalesce(max(substr(number, length(prefix) + 1)
                                                    ::bigint), 0) + 1)::text, 6, '0')
                FROM caseline.cases
                WHERE left(number, length(prefix)) = prefix
                  AND substr(number, length(prefix) + 1) ~ '^[0-9]{1,12}$');
    END $$"""


def upgrade() -> None:
    op.create_table('case_number_years',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('floor', sa.BigInteger(), nullable=False),
    sa.Column('next', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_case_number_years')),
    schema='caseline'
    )
    op.create_table('case_number_blocks',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('first', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('last', sa.BigInteger(), nullable=False),
    sa.Column('taken_by', sa.Text(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('year', 'first', name=op.f('pk_case_number_blocks')),
    schema='caseline'
    )
    for statement in _FUNCTIONS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS a_number ON caseline.cases")
    op.execute(_OLD_FREE)
    for signature in ("check_case_number()", "take_case_numbers(integer)",
                      "allot_case_numbers(integer, integer, text)"):
        op.execute(f"DROP FUNCTION IF EXISTS caseline.{signature}")
    op.drop_table('case_number_blocks', schema='caseline')
    op.drop_table('case_number_years', schema='caseline')
