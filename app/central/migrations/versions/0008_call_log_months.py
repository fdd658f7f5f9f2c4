# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants and the catalog only
"""Call logs partitioned by month (issue 17, item 7).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 11:40:00.000000

- ``caseline.call_logs`` becomes a table partitioned by range of ``started_at``: one partition
  per calendar month (UTC) in the schema ``caseline_months``, and ``call_logs_other`` for a
  start no month covers (a PC whose clock is years off). The partitions are reached through
  ``caseline.call_logs`` only: nobody but the owner has USAGE on ``caseline_months`` (row
  security and grants are checked on the table a query names, so a partition named directly
  would skip the policies).
- Its primary key is ``(id, started_at)`` (PostgreSQL requires the partition key in every unique
  index); a call log's start never changes, the sync's upsert conflicts on both
  (app.sync.engine), and a trigger refuses a second row with a known id.
- ``change_no`` keeps its index, no longer unique: the sequence alone makes numbers unique.
- Foreign keys to a partitioned table need a unique index on the referenced column alone,
  which it cannot have: notes and agent states name their call log through a trigger that
  checks it exists (SECURITY DEFINER, like a foreign key it sees past row security), raising
  the foreign-key error class. Call logs are never deleted (0001), so nothing dangles later.
- Policies, triggers and grants (table and column) are copied from the table as it was, read
  from the catalog, so 0001-0007's meaning carries over unchanged.
- ``caseline.add_call_log_months(ahead[, since])``, run by ``caseline central init`` and ``caseline
  central months``, creates the months from this one to ``ahead`` months on, moving any rows
  the catch-all partition holds for them.
"""

from __future__ import annotations

from typing import Any

from alembic import op
from sqlalchemy import text

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

MONTHS = "caseline_months"
_INDEXES = (
    ("ix_call_logs_agent_id", "agent_id"),
    ("ix_call_logs_case_id", "case_id"),
    ("ix_call_logs_number_started", "number_key, started_at"),
    ("ix_call_logs_owner_started", "owner_role, started_at"),
    ("ix_call_logs_started_at", "started_at"),
    ("ix_call_logs_team_id", "team_id"),
    ("ix_call_logs_team_started", "team_id, started_at"),
    ("ix_call_logs_agent_started", "agent_id, started_at"),
    ("ix_call_logs_change_no", "change_no"),
)
_FKS = (
    ("fk_call_logs_case_id_cases", "case_id", "caseline.cases"),
    ("fk_call_logs_contact_id_contacts", "contact_id", "caseline.contacts"),
    ("fk_call_logs_customer_id_customers", "customer_id", "caseline.customers"),
    ("fk_call_logs_team_id_teams", "team_id", "caseline.teams"),
)
# Who names a call log, and the foreign key that did it before.
_REFERRING = (("notes", "fk_notes_call_log_id_call_logs"),
              ("agent_state_changes", "fk_agent_state_changes_call_log_id_call_logs"),
              ("call_log_history", "fk_call_log_history_call_log_id_call_logs"))

_MONTHS_FUNCTION = f"""
    CREATE FUNCTION caseline.add_call_log_months(ahead integer, since timestamptz DEFAULT now())
    RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog AS $$
    DECLARE
        lo timestamptz := date_trunc('month', least(since, now()) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        last timestamptz := (date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
                            + make_interval(months => greatest(ahead, 0));
        hi timestamptz;
        part text;
        made integer := 0;
        moving boolean;
    BEGIN
        WHILE lo <= last LOOP
            hi := lo + interval '1 month';
            part := 'call_logs_' || to_char(lo AT TIME ZONE 'UTC', 'YYYY_MM');
            IF to_regclass(format('{MONTHS}.%I', part)) IS NULL THEN
                -- A month cannot be added while the catch-all holds rows of it: they move in,
                -- as they are (no trigger may renumber, restamp or refuse them on the way).
                moving := EXISTS (SELECT 1 FROM {MONTHS}.call_logs_other
                                  WHERE started_at >= lo AND started_at < hi);
                IF moving THEN
                    SET LOCAL session_replication_role = replica;
                    CREATE TEMP TABLE caseline_moving ON COMMIT DROP AS
                        SELECT * FROM {MONTHS}.call_logs_other
                        WHERE started_at >= lo AND started_at < hi;
                    DELETE FROM {MONTHS}.call_logs_other
                        WHERE started_at >= lo AND started_at < hi;
                END IF;
                EXECUTE format('CREATE TABLE {MONTHS}.%I PARTITION OF caseline.call_logs '
                               'FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
                IF moving THEN
                    INSERT INTO caseline.call_logs SELECT * FROM caseline_moving;
                    DROP TABLE caseline_moving;
                    SET LOCAL session_replication_role = origin;
                END IF;
                -- Row security on the partition too: were it ever reachable, it shows nothing.
                EXECUTE format('ALTER TABLE {MONTHS}.%I ENABLE ROW LEVEL SECURITY', part);
                EXECUTE format('ALTER TABLE {MONTHS}.%I FORCE ROW LEVEL SECURITY', part);
                made := made + 1;
            END IF;
            lo := hi;
        END LOOP;
        RETURN made;
    END $$"""

# A note or an agent state names a call log that exists (the foreign key's check).
_CALL_LOG_REF = """
    CREATE FUNCTION caseline.check_call_log_ref() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    BEGIN
        IF NEW.call_log_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM caseline.call_logs l WHERE l.id = NEW.call_log_id) THEN
            RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "fk_%_call_log_id_call_logs"',
                TG_TABLE_NAME, TG_TABLE_NAME
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (call_log_id)=(%s) is not present in table "call_logs".',
                                      NEW.call_log_id);
        END IF;
        RETURN NEW;
    END $$"""

# One row per id across all months (the primary key holds within one start only).
_ONE_ID = """
    CREATE FUNCTION caseline.check_call_log_id() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM caseline.call_logs l
                   WHERE l.id = NEW.id AND l.started_at <> NEW.started_at) THEN
            RAISE EXCEPTION 'duplicate key value violates unique constraint "pk_call_logs"'
                USING ERRCODE = 'unique_violation',
                      DETAIL = format('A call log %s exists with another start.', NEW.id);
        END IF;
        RETURN NEW;
    END $$"""


def _rows(query: str) -> list[Any]:
    return list(op.get_bind().execute(text(query)).fetchall())


def upgrade() -> None:
    old = "'caseline.call_logs'::regclass"
    # The call logs' policies, and the other tables' that name call logs (bound to the table,
    # not its name: they would go with it).
    policies = _rows(
        "SELECT format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', "
        "p.polname, p.polrelid::regclass, "
        "CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END, "
        "CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' "
        "WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, "
        "(SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(r::regrole::text) "
        "END, ', ') FROM unnest(p.polroles) r), "
        "coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', ''), "
        "coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')), "
        "format('DROP POLICY %I ON %s', p.polname, p.polrelid::regclass) "
        f"FROM pg_policy p WHERE p.polrelid = {old} OR p.oid IN (SELECT d.objid FROM pg_depend d "
        f"WHERE d.classid = 'pg_policy'::regclass AND d.refobjid = {old}) "
        "ORDER BY p.polrelid, p.polname")
    triggers = _rows(f"SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = {old} "
                     "AND NOT tgisinternal ORDER BY tgname")
    grants = _rows(
        "SELECT format('GRANT %s ON caseline.call_logs TO %I', a.privilege_type, "
        "a.grantee::regrole::text) FROM pg_class c, aclexplode(c.relacl) a "
        f"WHERE c.oid = {old} AND a.grantee <> c.relowner AND a.grantee <> 0")
    column_grants = _rows(
        "SELECT format('GRANT %s (%s) ON caseline.call_logs TO %I', a.privilege_type, "
        "string_agg(quote_ident(t.attname), ', ' ORDER BY t.attnum), a.grantee::regrole::text) "
        "FROM pg_attribute t, aclexplode(t.attacl) a "
        f"WHERE t.attrelid = {old} AND t.attacl IS NOT NULL AND a.grantee <> 0 "
        "GROUP BY a.privilege_type, a.grantee")
    first = op.get_bind().execute(text(
        "SELECT coalesce(greatest(min(started_at), now() - interval '36 months'), now()) "
        "FROM caseline.call_logs")).scalar()

    for table, fk in _REFERRING:
        op.execute(f"ALTER TABLE caseline.{table} DROP CONSTRAINT {fk}")
    for _create, drop in policies:
        op.execute(drop)
    op.execute("ALTER TABLE caseline.call_logs RENAME TO call_logs_flat")
    op.execute("CREATE TABLE caseline.call_logs (LIKE caseline.call_logs_flat "
               "INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (started_at)")
    op.execute(f"CREATE SCHEMA {MONTHS}")
    op.execute(f"REVOKE ALL ON SCHEMA {MONTHS} FROM PUBLIC")
    op.execute(f"CREATE TABLE {MONTHS}.call_logs_other PARTITION OF caseline.call_logs DEFAULT")
    op.execute(f"ALTER TABLE {MONTHS}.call_logs_other ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {MONTHS}.call_logs_other FORCE ROW LEVEL SECURITY")
    op.execute(_MONTHS_FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION caseline.add_call_log_months(integer, timestamptz) FROM PUBLIC")
    # The months the rows already there need (back three years at most), and a year ahead.
    op.execute(text("SELECT caseline.add_call_log_months(12, CAST(:since AS timestamptz))")
               .bindparams(since=first))
    # The rows as they were: no trigger is on the new table yet to renumber or restamp them.
    op.execute("INSERT INTO caseline.call_logs SELECT * FROM caseline.call_logs_flat")
    op.execute("DROP TABLE caseline.call_logs_flat")

    op.execute("ALTER TABLE caseline.call_logs ADD CONSTRAINT pk_call_logs "
               "PRIMARY KEY (id, started_at)")
    for name, column, target in _FKS:
        op.execute(f"ALTER TABLE caseline.call_logs ADD CONSTRAINT {name} "
                   f"FOREIGN KEY ({column}) REFERENCES {target}(id)")
    for name, columns in _INDEXES:
        op.execute(f"CREATE INDEX {name} ON caseline.call_logs ({columns})")
    op.execute("ALTER TABLE caseline.call_logs ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE caseline.call_logs FORCE ROW LEVEL SECURITY")
    for statement in [*policies, *triggers, *grants, *column_grants]:
        op.execute(statement[0])

    op.execute(_ONE_ID)
    op.execute(_CALL_LOG_REF)
    op.execute("REVOKE ALL ON FUNCTION caseline.check_call_log_id() FROM PUBLIC")
    op.execute("REVOKE ALL ON FUNCTION caseline.check_call_log_ref() FROM PUBLIC")
    op.execute("CREATE TRIGGER a_1_one_id BEFORE INSERT ON caseline.call_logs "
               "FOR EACH ROW EXECUTE FUNCTION caseline.check_call_log_id()")
    for table, _fk in _REFERRING[:2]:
        op.execute(f"CREATE TRIGGER a_1_call_log_ref BEFORE INSERT OR UPDATE OF call_log_id "
                   f"ON caseline.{table} FOR EACH ROW EXECUTE FUNCTION caseline.check_call_log_ref()")


def downgrade() -> None:
    raise NotImplementedError("0008 is not undone: the months hold the call logs; restore a "
                              "backup taken before the upgrade")
