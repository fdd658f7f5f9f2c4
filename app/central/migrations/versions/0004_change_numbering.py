# ruff: noqa: S608 - SQL built from constants only
"""Change numbers without a lock, and a mark on SRs whose team changed (issue 17, items 1, 2, 4).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:00:00.000000

0001 handed out change numbers under one advisory lock held to each writer's commit, so that a
pull by ``change_no > cursor`` never skipped a row still being written. Any agent holding that
lock (or a slow push holding it) stopped every writer in the centre. Now:

- ``change_no`` still comes from ``caseline.change_seq``, with no lock; ``change_xid`` is the
  writing transaction's id (``pg_current_xact_id()``, 64 bits: no wraparound). A pull takes one
  snapshot and fetches the rows whose ``change_xid`` its previous snapshot did not see and this
  one does (app.sync.engine): a transaction still running when a pull looks is in that pull's
  snapshot as "running", so its rows come with the first pull that sees its commit, whatever
  numbers it took and whatever committed around it. No long transaction holds anyone back (the
  pull does not stop at the oldest running transaction) and nothing anyone does takes a lock
  another writer waits for. An index on ``(change_xid, change_no)`` makes a pull read only the
  rows written since the previous one, other teams' included once, never again.
- ``cases.reach_xid``: the transaction that last changed which team an SR belongs to (its queue
  changed, its queue moved to another team, its creator moved to another team), 0 for an SR
  that never moved. Such an SR is stamped again (new change number), and a PC that pulls it
  with a reach it has not seen fetches what hangs on it: its notes and translation requests,
  its customer and contact and theirs, written while the PC could not see them.

Existing rows get ``change_xid`` 0 and ``reach_xid`` 0 (no trigger runs: no new number, no
trail); a PC's first pull after the upgrade is a full one (local migration 0009).
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# As in 0001; constants repeated, not imported, so that this migration keeps its meaning.
_CHANGE_LOCK = 0x434C4348
_NUMBERED = ("customers", "contacts", "phone_numbers", "cases", "call_logs", "notes",
             "translation_requests", "agent_state_changes", "case_history")
# What PCs pull by change (app.sync.engine.PULLED): these get the index.
_PULLED = ("customers", "contacts", "phone_numbers", "cases", "notes", "translation_requests")
_XID = "pg_current_xact_id()::text::bigint"

_STAMP = f"""
    CREATE OR REPLACE FUNCTION caseline.stamp_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            NEW.change_no := OLD.change_no;
            NEW.change_xid := OLD.change_xid;
            IF NEW IS NOT DISTINCT FROM OLD THEN
                RETURN NEW;  -- the same row again (a retried push): nothing new to pull
            END IF;
        END IF;
        NEW.change_no := nextval('caseline.change_seq');
        NEW.change_xid := {_XID};
        RETURN NEW;
    END $$"""

# As in 0001, and: the change and reach marks are the database's, not the writer's; an SR whose
# queue changes gets a new reach; so does one the centre itself marks (reach_moved, run as the
# superuser that owns it), which changes nothing else (no new version, no history).
_GUARD_CASE = f"""
    CREATE OR REPLACE FUNCTION caseline.guard_case() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog AS $$
    DECLARE
        moved boolean;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.written_by := current_user;
            NEW.reach_xid := 0;
            RETURN NEW;
        END IF;
        IF NEW.id IS DISTINCT FROM OLD.id THEN
            RAISE EXCEPTION 'the id of an SR never changes'
                USING ERRCODE = 'restrict_violation';
        END IF;
        moved := NEW.queue IS DISTINCT FROM OLD.queue
            OR (NEW.reach_xid IS DISTINCT FROM OLD.reach_xid AND coalesce(
                (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user), false));
        NEW.creator_role := OLD.creator_role;
        NEW.version := OLD.version;
        NEW.written_by := OLD.written_by;
        NEW.change_no := OLD.change_no;
        NEW.change_xid := OLD.change_xid;
        NEW.reach_xid := OLD.reach_xid;
        IF NEW IS DISTINCT FROM OLD THEN
            NEW.version := OLD.version + 1;
            NEW.written_by := current_user;
        END IF;
        IF moved THEN
            NEW.reach_xid := {_XID};
        END IF;
        RETURN NEW;
    END $$"""

_HISTORY = """
    CREATE OR REPLACE FUNCTION caseline.record_case_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    BEGIN
        INSERT INTO caseline.case_history (case_id, field, value, kind, written_by,
                                           replaced_by)
        SELECT OLD.id, o.key, o.value #>> '{}', 'overwritten', OLD.written_by,
               NEW.written_by
        FROM jsonb_each(to_jsonb(OLD)) AS o
        WHERE o.key NOT IN ('id', 'version', 'updated_at', 'change_no', 'written_by',
                            'creator_role', 'change_xid', 'reach_xid')
          AND o.value IS DISTINCT FROM to_jsonb(NEW) -> o.key;
        RETURN NULL;
    END $$"""

# Which team an SR belongs to can change without the SR changing: its queue goes to another
# team (or appears, or goes away), or its creator moves (an SR with no known queue is its
# creator's team's). The SRs concerned get a new reach, hence a new change number.
_REACH_MOVED = f"""
    CREATE FUNCTION caseline.reach_moved() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    DECLARE
        names text[] := '{{}}';
    BEGIN
        -- A record's fields are looked up when a statement runs: one branch per table.
        IF TG_TABLE_NAME = 'queues' THEN
            IF TG_OP <> 'DELETE' THEN names := names || NEW.name::text; END IF;
            IF TG_OP <> 'INSERT' THEN names := names || OLD.name::text; END IF;
            UPDATE caseline.cases c SET reach_xid = {_XID} WHERE c.queue = ANY (names);
        ELSE
            IF TG_OP <> 'DELETE' THEN names := names || NEW.db_role::text; END IF;
            IF TG_OP <> 'INSERT' THEN names := names || OLD.db_role::text; END IF;
            UPDATE caseline.cases c SET reach_xid = {_XID}
            WHERE c.creator_role = ANY (names)
              AND c.queue NOT IN (SELECT q.name FROM caseline.queues q);
        END IF;
        RETURN NULL;
    END $$"""

# 0001's versions, for the way back.
_OLD_STAMP = f"""
    CREATE OR REPLACE FUNCTION caseline.stamp_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            NEW.change_no := OLD.change_no;
            IF NEW IS NOT DISTINCT FROM OLD THEN
                RETURN NEW;
            END IF;
        END IF;
        PERFORM pg_advisory_xact_lock({_CHANGE_LOCK});
        NEW.change_no := nextval('caseline.change_seq');
        RETURN NEW;
    END $$"""
_OLD_GUARD_CASE = """
    CREATE OR REPLACE FUNCTION caseline.guard_case() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.written_by := current_user;
            RETURN NEW;
        END IF;
        IF NEW.id IS DISTINCT FROM OLD.id THEN
            RAISE EXCEPTION 'the id of an SR never changes'
                USING ERRCODE = 'restrict_violation';
        END IF;
        NEW.creator_role := OLD.creator_role;
        NEW.version := OLD.version;
        NEW.written_by := OLD.written_by;
        NEW.change_no := OLD.change_no;
        IF NEW IS DISTINCT FROM OLD THEN
            NEW.version := OLD.version + 1;
            NEW.written_by := current_user;
        END IF;
        RETURN NEW;
    END $$"""
_OLD_HISTORY = _HISTORY.replace(", 'change_xid', 'reach_xid'", "")


def upgrade() -> None:
    for table in _NUMBERED:
        # A default for the rows already there (no rewrite, no trigger); then none: the
        # trigger sets it on every write.
        op.execute(f"ALTER TABLE caseline.{table} ADD COLUMN change_xid bigint NOT NULL "
                   "DEFAULT 0")
        op.execute(f"ALTER TABLE caseline.{table} ALTER COLUMN change_xid DROP DEFAULT")
    op.execute("ALTER TABLE caseline.cases ADD COLUMN reach_xid bigint NOT NULL DEFAULT 0")
    op.execute("ALTER TABLE caseline.cases ALTER COLUMN reach_xid DROP DEFAULT")
    for table in _PULLED:
        op.execute(f"CREATE INDEX ix_{table}_change_xid ON caseline.{table} "
                   "(change_xid, change_no)")
    for statement in (_STAMP, _GUARD_CASE, _HISTORY, _REACH_MOVED):
        op.execute(statement)
    op.execute("REVOKE ALL ON FUNCTION caseline.reach_moved() FROM PUBLIC")
    op.execute("CREATE TRIGGER reach_moved AFTER INSERT OR DELETE ON caseline.queues "
               "FOR EACH ROW EXECUTE FUNCTION caseline.reach_moved()")
    op.execute("CREATE TRIGGER reach_moved_update AFTER UPDATE ON caseline.queues FOR EACH ROW "
               "WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.name IS DISTINCT FROM "
               "NEW.name) EXECUTE FUNCTION caseline.reach_moved()")
    op.execute("CREATE TRIGGER reach_moved AFTER INSERT ON caseline.agents "
               "FOR EACH ROW EXECUTE FUNCTION caseline.reach_moved()")
    op.execute("CREATE TRIGGER reach_moved_update AFTER UPDATE ON caseline.agents FOR EACH ROW "
               "WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.db_role IS DISTINCT FROM "
               "NEW.db_role) EXECUTE FUNCTION caseline.reach_moved()")


def downgrade() -> None:
    for table in ("queues", "agents"):
        op.execute(f"DROP TRIGGER IF EXISTS reach_moved ON caseline.{table}")
        op.execute(f"DROP TRIGGER IF EXISTS reach_moved_update ON caseline.{table}")
    op.execute("DROP FUNCTION IF EXISTS caseline.reach_moved()")
    for statement in (_OLD_STAMP, _OLD_GUARD_CASE, _OLD_HISTORY):
        op.execute(statement)
    for table in _PULLED:
        op.execute(f"DROP INDEX IF EXISTS caseline.ix_{table}_change_xid")
    op.execute("ALTER TABLE caseline.cases DROP COLUMN reach_xid")
    for table in _NUMBERED:
        op.execute(f"ALTER TABLE caseline.{table} DROP COLUMN change_xid")
