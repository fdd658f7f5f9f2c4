# ruff: noqa: S608 - SQL built from constants only
"""Note search for Japanese, Chinese and English; the call explorer's gate (issue 18, item 2).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 12:45:00.000000

- ``caseline.search_text(text)``: the form both sides are compared in: NFKC (full-width
  ``ＰＲＩＮＴ`` and half-width ``ｶﾐ`` are ``print`` and ``カミ``), lower case, runs of white space
  as one space.
- ``caseline.search_tokens(text)``: what a note is indexed by. The text is cut into runs: a CJK
  run (Han, Hiragana, Katakana, Hangul, with 々 and ー) gives every character and every
  bigram of the run; any other run of letters and digits gives the word. Tokens never span two
  runs: a space, a punctuation mark or a Latin word between two CJK characters leaves no bigram
  across it.
- ``caseline.search_query_tokens(text)``: what a query asks for: a CJK run's bigrams (its
  character when it has one), words as above. A run's bigrams imply its characters, and the
  single characters are the longest lists of the index: a query does not ask for them.
- ``notes.search_tokens``: a stored generated column with a GIN index (``ix_notes_search_tokens``);
  a search is ``search_tokens OPERATOR(caseline.@>) search_query_tokens(q)`` (a LEAKPROOF
  ``@>`` and its GIN operator class: see below) then ``strpos`` on ``search_text``
  (docs/explorer.md). Central only: the sync neither writes it (it pushes the columns both sides
  have) nor keeps it (a pulled row keeps its local columns only). Adding it rewrites the table.
- ``caseline.console_team()``: the calling leader's team; EXECUTE for ``caseline_leader`` only,
  so an agent who opens the console is refused by the database. Invoker's rights: it reads the
  directory as the caller, and what the console shows is still decided by row security.
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# As in 0001: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"

# CJK: Hangul Jamo, CJK punctuation's 々〆〇 (word characters), Hiragana and Katakana (not the
# middle dot ・), Katakana extensions, Hangul compatibility Jamo, CJK Ext. A, unified
# ideographs, Hangul syllables, compatibility ideographs, Ext. B and after.
_CJK = (r"\u1100-\u11ff\u3005-\u3007\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3130-\u318f"
        r"\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f")
# A word: anything but CJK, white space, punctuation and symbols (after NFKC and lower case).
_RUNS = f"[{_CJK}]+|[^{_CJK}[:space:][:punct:][:cntrl:]]+"

_FUNCTIONS = [
    r"""
    CREATE FUNCTION caseline.search_text(body text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
        SELECT regexp_replace(lower(normalize(body, NFKC)), '\s+', ' ', 'g')
    $$""",
    # DISTINCT and sorted: the stored array is as small as it can be.
    f"""
    CREATE FUNCTION caseline.search_tokens(body text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
        SELECT coalesce(array_agg(DISTINCT t.token ORDER BY t.token), '{{}}')
        FROM regexp_matches(caseline.search_text(body), '{_RUNS}', 'g') m,
        LATERAL (
            SELECT m[1] WHERE m[1] !~ '^[{_CJK}]'
            UNION ALL
            SELECT substr(m[1], i, n) FROM generate_series(1, length(m[1])) i,
                   (VALUES (1), (2)) k(n)
            WHERE m[1] ~ '^[{_CJK}]' AND i + n - 1 <= length(m[1])
        ) t(token)
    $$""",
    f"""
    CREATE FUNCTION caseline.search_query_tokens(query text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
        SELECT coalesce(array_agg(DISTINCT t.token ORDER BY t.token), '{{}}')
        FROM regexp_matches(caseline.search_text(query), '{_RUNS}', 'g') m,
        LATERAL (
            SELECT m[1] WHERE m[1] !~ '^[{_CJK}]' OR length(m[1]) = 1
            UNION ALL
            SELECT substr(m[1], i, 2) FROM generate_series(1, length(m[1]) - 1) i
            WHERE m[1] ~ '^[{_CJK}]'
        ) t(token)
    $$""",
    # Row security keeps a query's own conditions from an index unless they are LEAKPROOF,
    # which pg_catalog's @> (arraycontains) is not: the same C function, LEAKPROOF for text[]
    # (no error depends on the values), as the operator caseline.@> of a GIN operator class
    # (contsel: arraycontsel knows only the catalog's operators; a fixed small selectivity)
    # of its own, so a leader's search reads the index. Superuser only, as migrations run.
    """
    CREATE FUNCTION caseline.tokens_contain(text[], text[]) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'arraycontains'""",
    """
    CREATE OPERATOR caseline.@> (FUNCTION = caseline.tokens_contain, LEFTARG = text[],
        RIGHTARG = text[], RESTRICT = contsel, JOIN = contjoinsel)""",
    # array_ops for text[], with the strategy "contains" (2) given to caseline.@>.
    """
    CREATE OPERATOR CLASS caseline.search_tokens_ops FOR TYPE text[] USING gin AS
        OPERATOR 2 caseline.@> (text[], text[]),
        FUNCTION 1 pg_catalog.bttextcmp(text, text),
        FUNCTION 2 pg_catalog.ginarrayextract(anyarray, internal, internal),
        FUNCTION 3 pg_catalog.ginqueryarrayextract(anyarray, internal, smallint, internal,
                                                   internal, internal, internal),
        FUNCTION 4 pg_catalog.ginarrayconsistent(internal, smallint, anyarray, integer,
                                                 internal, internal, internal, internal),
        FUNCTION 6 pg_catalog.ginarraytriconsistent(internal, smallint, anyarray, integer,
                                                    internal, internal, internal),
        STORAGE text""",
    """
    CREATE FUNCTION caseline.console_team() RETURNS uuid
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
        SELECT a.team_id FROM caseline.agents a WHERE a.db_role = current_user
    $$""",
    "REVOKE ALL ON FUNCTION caseline.search_text(text), caseline.search_tokens(text), "
    "caseline.search_query_tokens(text), caseline.console_team(), "
    "caseline.tokens_contain(text[], text[]) FROM PUBLIC",
    # Agents insert notes (the generated column calls the tokenizer); leaders search.
    "GRANT EXECUTE ON FUNCTION caseline.search_text(text), caseline.search_tokens(text), "
    f"caseline.search_query_tokens(text), caseline.tokens_contain(text[], text[]) "
    f"TO {_AGENT}, {_LEADER}",
    f"GRANT EXECUTE ON FUNCTION caseline.console_team() TO {_LEADER}",
]


def upgrade() -> None:
    for statement in _FUNCTIONS:
        op.execute(statement)
    op.execute("ALTER TABLE caseline.notes ADD COLUMN search_tokens text[] "
               "GENERATED ALWAYS AS (caseline.search_tokens(body)) STORED")
    op.execute("CREATE INDEX ix_notes_search_tokens ON caseline.notes "
               "USING gin (search_tokens caseline.search_tokens_ops)")


def downgrade() -> None:
    op.execute("DROP INDEX caseline.ix_notes_search_tokens")
    op.execute("ALTER TABLE caseline.notes DROP COLUMN search_tokens")
    op.execute("DROP OPERATOR CLASS caseline.search_tokens_ops USING gin")
    op.execute("DROP OPERATOR FAMILY caseline.search_tokens_ops USING gin")
    op.execute("DROP OPERATOR caseline.@> (text[], text[])")
    op.execute("DROP FUNCTION caseline.console_team(), caseline.search_query_tokens(text), "
               "caseline.search_tokens(text), caseline.search_text(text), "
               "caseline.tokens_contain(text[], text[])")
