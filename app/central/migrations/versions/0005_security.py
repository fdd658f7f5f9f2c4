# ruff: noqa: E501, S608 - alembic's layout; SQL built from constants only
"""Row security that holds against a hostile agent with psql (issue 17, item 3).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 05:00:00.000000

What 0001-0003 left open, and what closes it here (tests/integration/central/test_attacks.py):

- ``customer_id_for_code`` (0002) answered for any code, and an SR could name any customer or
  contact: two steps to read another team's customer and every contact of it. The function now
  runs with the caller's rights (row security applies); an SR, a contact or a number refers only
  to customers and contacts the writer sees, on insert and on update (no more ``WITH CHECK
  (true)``). The SR's check goes through the definer functions ``sees_customer`` and
  ``sees_contact``: a policy on cases cannot read customers, whose policy reads cases (PostgreSQL
  refuses the recursion).
- Agent ids: a PC's agent id is the PC's own (no foreign key to ``agents``), so the centre
  learns whose an id is from its first use: ``agent_ids`` binds it to the role that first wrote a
  row signed with it (a note's ``author_id``, a call's or a state's ``agent_id``, a request's
  ``requested_by``, an SR's ``owner_id``); a central ``agents.id`` is its agent's. A row signed
  with another role's id is refused; an SR's owner must be an agent of the writer's team.
- Agent states are append-only for agents (UPDATE is no longer granted).
- Leaders read call logs, states, notes and requests by the team at the time of writing
  (``team_id``, set by the database at insert, never changed by an agent), not by the writer's
  current team, so moving an agent no longer hands their history to the new leader.
- Group roles: an agent may ``SET ROLE caseline_agent`` (PostgreSQL 15 cannot forbid it); rows
  are then neither readable nor writable (a restrictive policy: current_user = session_user).
- Locks: no agent can stop the centre's writers. EXECUTE on the advisory lock functions is
  revoked from PUBLIC in this database (only superusers take them: ``central init``), and UPDATE
  is granted per column, not per table: a table-wide UPDATE grant lets ``LOCK TABLE`` take any
  mode, ACCESS EXCLUSIVE included. A column added to these tables later needs its own
  ``GRANT UPDATE (column)`` in its migration (the sync upserts every shared column).
- ``free_case_number`` answers for a year's prefix (``SR-2026-``) only, not as a probe of which
  single numbers exist in other teams.

Checked and left as they are: ``complete_translation`` (0001) checks the SR's visibility and the
note's writer itself; ``record_case_history``, ``record_call_log_update`` and ``stamp_change``
are trigger functions (nobody calls them; the change numbering is 0004's).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# As in 0001: constants repeated, not imported, so this migration keeps its meaning.
_AGENT = "caseline_agent"
_LEADER = "caseline_leader"
_RLS = ("customers", "contacts", "phone_numbers", "cases", "call_logs", "notes",
        "translation_requests", "agent_state_changes", "case_history", "call_log_history")
# Private rows and the team they were written in.
_TEAMED = ("call_logs", "agent_state_changes", "notes", "translation_requests")
# Columns naming an agent: (table, column, mode); "own": the writer's own id, "team": an agent
# of the writer's team. Notes and states are never updated, the others may be.
_AGENT_REFS = (("notes", "author_id", "own", "INSERT"),
               ("agent_state_changes", "agent_id", "own", "INSERT"),
               ("call_logs", "agent_id", "own", "INSERT OR UPDATE"),
               ("translation_requests", "requested_by", "own", "INSERT OR UPDATE"),
               ("cases", "owner_id", "team", "INSERT OR UPDATE"))
# Tables agents update: UPDATE granted per column, none of the database's own marks (which
# triggers set whatever a writer sends: 0001, 0004 and here).
_UPDATED = ("customers", "contacts", "phone_numbers", "cases", "call_logs",
            "translation_requests")
_MARKS = ("team_id", "change_no", "change_xid", "reach_xid")

# Policies' terms, as in 0001 (current_user: the policies run as the writer).
_MY_TEAM = "(SELECT a.team_id FROM caseline.agents a WHERE a.db_role = current_user)"
_TEAM_ROLES = f"(SELECT a.db_role FROM caseline.agents a WHERE a.team_id = {_MY_TEAM})"
_TEAM_QUEUES = f"(SELECT q.name FROM caseline.queues q WHERE q.team_id = {_MY_TEAM})"
_TEAM_CASE = (f"(queue IN {_TEAM_QUEUES} OR (queue NOT IN (SELECT q.name FROM caseline.queues q)"
              f" AND creator_role IN {_TEAM_ROLES}))")
_MINE = "owner_role = current_user"
_CUSTOMERS = ("creator_role = current_user OR EXISTS (SELECT 1 FROM caseline.cases c "
              "WHERE c.customer_id = customers.id)")
_CONTACTS = ("creator_role = current_user"
             " OR EXISTS (SELECT 1 FROM caseline.cases c WHERE c.contact_id = contacts.id)"
             " OR EXISTS (SELECT 1 FROM caseline.customers u"
             " WHERE u.id = contacts.customer_id)")
_NUMBERS = ("creator_role = current_user"
            " OR EXISTS (SELECT 1 FROM caseline.contacts c"
            " WHERE c.id = phone_numbers.contact_id)"
            " OR EXISTS (SELECT 1 FROM caseline.customers u"
            " WHERE u.id = phone_numbers.customer_id)")


def _visible_case(table: str) -> str:
    return f"EXISTS (SELECT 1 FROM caseline.cases c WHERE c.id = {table}.case_id)"


def _my_call_case(table: str) -> str:
    return ("EXISTS (SELECT 1 FROM caseline.call_logs l WHERE l.case_id = "
            f"{table}.case_id AND l.owner_role = current_user)")


# What a row may refer to (the new row's references, whether inserted or updated).
_CASE_REFS = ("(customer_id IS NULL OR caseline.sees_customer(customer_id))"
              " AND (contact_id IS NULL OR caseline.sees_contact(contact_id))")
_CONTACT_REFS = ("(customer_id IS NULL OR EXISTS (SELECT 1 FROM caseline.customers u"
                 " WHERE u.id = contacts.customer_id))")
_NUMBER_REFS = ("(contact_id IS NULL OR EXISTS (SELECT 1 FROM caseline.contacts c"
                " WHERE c.id = phone_numbers.contact_id))"
                " AND (customer_id IS NULL OR EXISTS (SELECT 1 FROM caseline.customers u"
                " WHERE u.id = phone_numbers.customer_id))")

# The definer functions' terms: current_user is the definer there, session_user the agent.
_ME = "(SELECT a.team_id FROM caseline.agents a WHERE a.db_role = session_user)"
_SCOPE = (f"(c.queue IN (SELECT q.name FROM caseline.queues q WHERE q.team_id = {_ME})"
          " OR (c.queue NOT IN (SELECT q.name FROM caseline.queues q)"
          " AND c.creator_role IN (SELECT a.db_role FROM caseline.agents a"
          f" WHERE a.team_id = {_ME})))")
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"

_ADVISORY = r"""
    SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = 'pg_catalog'::regnamespace
      AND (p.proname LIKE 'pg\_advisory\_%' OR p.proname LIKE 'pg\_try\_advisory\_%')"""


def _functions() -> list[str]:
    return [
        # Whether the calling agent sees a customer / a contact, as the SELECT policies of
        # 0001 say; for the SR policy, which cannot read those tables itself.
        f"""
        CREATE FUNCTION caseline.sees_customer(target uuid) RETURNS boolean
        LANGUAGE sql STABLE {_DEFINER} AS $$
            SELECT EXISTS (SELECT 1 FROM caseline.customers u WHERE u.id = target
                AND (u.creator_role = session_user OR EXISTS (
                    SELECT 1 FROM caseline.cases c WHERE c.customer_id = u.id AND {_SCOPE})))
        $$""",
        f"""
        CREATE FUNCTION caseline.sees_contact(target uuid) RETURNS boolean
        LANGUAGE sql STABLE {_DEFINER} AS $$
            SELECT EXISTS (SELECT 1 FROM caseline.contacts k WHERE k.id = target
                AND (k.creator_role = session_user
                     OR EXISTS (SELECT 1 FROM caseline.cases c
                                WHERE c.contact_id = k.id AND {_SCOPE})
                     OR caseline.sees_customer(k.customer_id)))
        $$""",
        # The agent id in column TG_ARGV[0] is the writer's own ('own'), or an agent's of the
        # writer's team ('team'). An id nobody used yet becomes the writer's: PC agent ids
        # are UUIDv7 with 74 random bits, so nobody else can know one before its PC sends it.
        # Definer's rights: agent_ids is no agent's to read.
        """
        CREATE FUNCTION caseline.check_agent_ref() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            me text := session_user;
            ref uuid := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
            taken boolean;
            whose text;
        BEGIN
            IF ref IS NULL THEN
                RETURN NEW;
            END IF;
            IF TG_OP = 'UPDATE' THEN
                IF ref IS NOT DISTINCT FROM (to_jsonb(OLD) ->> TG_ARGV[0])::uuid THEN
                    RETURN NEW;
                END IF;
            ELSE
                -- An id already there goes to its ON CONFLICT clause (an update is checked
                -- by this trigger again) or fails as a duplicate: a row sent again (a
                -- colleague's translation request, completed here) is not re-signed.
                EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE id = $1)',
                               TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO taken USING NEW.id;
                IF taken THEN
                    RETURN NEW;
                END IF;
            END IF;
            IF coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = me), false) THEN
                RETURN NEW;  -- the administrator writes in anyone's name
            END IF;
            whose := coalesce((SELECT a.db_role FROM caseline.agents a WHERE a.id = ref),
                              (SELECT i.db_role FROM caseline.agent_ids i WHERE i.id = ref));
            IF whose IS NULL THEN
                INSERT INTO caseline.agent_ids (id, db_role) VALUES (ref, me)
                ON CONFLICT (id) DO NOTHING;
                whose := (SELECT i.db_role FROM caseline.agent_ids i WHERE i.id = ref);
            END IF;
            IF TG_ARGV[1] = 'own' AND whose IS DISTINCT FROM me THEN
                RAISE EXCEPTION '%.%: % is another agent''s id', TG_TABLE_NAME, TG_ARGV[0], ref
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_ARGV[1] = 'team' AND NOT EXISTS (
                    SELECT 1 FROM caseline.agents them JOIN caseline.agents mine
                    ON mine.team_id = them.team_id
                    WHERE them.db_role = whose AND mine.db_role = me) THEN
                RAISE EXCEPTION '%.%: % is no agent of %''s team', TG_TABLE_NAME, TG_ARGV[0],
                    ref, me USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$""",
        # A private row carries the team its writer was in when writing it; only a superuser
        # may correct it. Invoker's rights: agents may read the directory.
        """
        CREATE FUNCTION caseline.stamp_team() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                NEW.team_id := (SELECT a.team_id FROM caseline.agents a
                                WHERE a.db_role = NEW.owner_role);
            ELSIF NEW.team_id IS DISTINCT FROM OLD.team_id AND NOT coalesce(
                    (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user), false) THEN
                RAISE EXCEPTION '%.team_id is the team the row was written in: it never changes',
                    TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$""",
        # With the caller's rights: a code answers only when its customer is visible.
        """
        CREATE OR REPLACE FUNCTION caseline.customer_id_for_code(customer_code text)
        RETURNS uuid
        LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
            SELECT id FROM caseline.customers WHERE code = customer_code
        $$""",
        r"""
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
        END $$""",
        "REVOKE ALL ON FUNCTION caseline.sees_customer(uuid), caseline.sees_contact(uuid), "
        "caseline.check_agent_ref(), caseline.stamp_team() FROM PUBLIC",
        # The policies call them as the writer.
        f"GRANT EXECUTE ON FUNCTION caseline.sees_customer(uuid), caseline.sees_contact(uuid) "
        f"TO {_AGENT}",
    ]


def _policy(table: str, name: str, command: str, *, using: str | None = None,
            check: str | None = None, to: str = _AGENT) -> list[str]:
    text = f"CREATE POLICY {name} ON caseline.{table} FOR {command} TO {to}"
    if using is not None:
        text += f" USING ({using})"
    if check is not None:
        text += f" WITH CHECK ({check})"
    return [f"DROP POLICY IF EXISTS {name} ON caseline.{table}", text]


def _policies() -> list[str]:
    s: list[str] = []
    s += _policy("cases", "team_creates", "INSERT",
                 check=f"creator_role = current_user AND {_TEAM_CASE} AND {_CASE_REFS}")
    s += _policy("cases", "team_edits", "UPDATE", using=_TEAM_CASE,
                 check=f"{_TEAM_CASE} AND {_CASE_REFS}")
    s += _policy("customers", "team_edits", "UPDATE", using=_CUSTOMERS, check=_CUSTOMERS)
    s += _policy("contacts", "agent_creates", "INSERT",
                 check=f"creator_role = current_user AND {_CONTACT_REFS}")
    s += _policy("contacts", "team_edits", "UPDATE", using=_CONTACTS,
                 check=f"({_CONTACTS}) AND {_CONTACT_REFS}")
    s += _policy("phone_numbers", "agent_creates", "INSERT",
                 check=f"creator_role = current_user AND {_NUMBER_REFS}")
    s += _policy("phone_numbers", "team_edits", "UPDATE", using=_NUMBERS,
                 check=f"({_NUMBERS}) AND {_NUMBER_REFS}")
    for table in _TEAMED:
        s += _policy(table, "leader_reads", "SELECT", using=f"team_id = {_MY_TEAM}", to=_LEADER)
    s.append("DROP POLICY IF EXISTS own_updates ON caseline.agent_state_changes")
    request_case = (f"{_visible_case('translation_requests')} OR "
                    f"{_my_call_case('translation_requests')}")
    s += _policy("translation_requests", "own_updates", "UPDATE", using=_MINE,
                 check=f"{_MINE} AND ({request_case})")
    # Restrictive: ANDed with every permissive policy above, for every command.
    for table in _RLS:
        s += [f"DROP POLICY IF EXISTS as_oneself ON caseline.{table}",
              f"CREATE POLICY as_oneself ON caseline.{table} AS RESTRICTIVE FOR ALL "
              f"TO {_AGENT}, {_LEADER} USING (current_user = session_user) "
              "WITH CHECK (current_user = session_user)"]
    return s


def _grants() -> list[str]:
    tables = ", ".join(f"'{t}'" for t in _UPDATED)
    marks = ", ".join(f"'{c}'" for c in _MARKS)
    return [
        f"REVOKE UPDATE ON caseline.agent_state_changes FROM {_AGENT}",
        # Revoking the table's UPDATE revokes its column grants too; then every column but
        # the marks again.
        f"""
        DO $$ DECLARE t text; cols text; BEGIN
            FOREACH t IN ARRAY ARRAY[{tables}] LOOP
                EXECUTE format('REVOKE UPDATE ON caseline.%I FROM {_AGENT}', t);
                SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
                FROM pg_catalog.pg_attribute
                WHERE attrelid = format('caseline.%I', t)::regclass AND attnum > 0
                  AND NOT attisdropped AND attname <> ALL (ARRAY[{marks}]);
                EXECUTE format('GRANT UPDATE (%s) ON caseline.%I TO {_AGENT}', cols, t);
            END LOOP;
        END $$""",
        # Database-wide in this database only: other databases of the cluster keep theirs.
        f"""
        DO $$ DECLARE f regprocedure; BEGIN
            FOR f IN {_ADVISORY} LOOP
                EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
            END LOOP;
        END $$""",
    ]


def _agent_ids_backfill() -> str:
    # The first writer of each id in the rows already there (by the rows' own times).
    return """
        INSERT INTO caseline.agent_ids (id, db_role)
        SELECT DISTINCT ON (used.id) used.id, used.role FROM (
            SELECT author_id AS id, owner_role AS role, created_at AS at FROM caseline.notes
            UNION ALL SELECT agent_id, owner_role, started_at FROM caseline.call_logs
            UNION ALL SELECT agent_id, owner_role, at FROM caseline.agent_state_changes
            UNION ALL SELECT requested_by, owner_role, requested_at
                      FROM caseline.translation_requests
        ) used
        WHERE used.id IS NOT NULL AND used.id NOT IN (SELECT a.id FROM caseline.agents a)
        ORDER BY used.id, used.at"""


def upgrade() -> None:
    op.create_table('agent_ids',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('db_role', sa.Text(), nullable=False),
    sa.Column('bound_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_ids')),
    schema='caseline'
    )
    op.execute(_agent_ids_backfill())
    for table in _TEAMED:
        op.add_column(table, sa.Column('team_id', sa.Uuid(), nullable=True), schema='caseline')
        op.create_foreign_key(op.f(f'fk_{table}_team_id_teams'), table, 'teams', ['team_id'], ['id'], source_schema='caseline', referent_schema='caseline')
        op.create_index(op.f(f'ix_{table}_team_id'), table, ['team_id'], unique=False, schema='caseline')
        # Existing rows: their writer's team now, the best there is. Not a change to pull
        # (no PC has the column), so no trigger runs: no change number, no trail.
        op.execute(f"ALTER TABLE caseline.{table} DISABLE TRIGGER USER")
        op.execute(f"UPDATE caseline.{table} x SET team_id = a.team_id FROM caseline.agents a "
                   "WHERE a.db_role = x.owner_role")
        op.execute(f"ALTER TABLE caseline.{table} ENABLE TRIGGER USER")
    for statement in _functions():
        op.execute(statement)
    # After the guards ("a_..."), before the change number ("z_..."): triggers fire by name.
    for table in _TEAMED:
        op.execute(f"CREATE TRIGGER b_team BEFORE INSERT OR UPDATE ON caseline.{table} "
                   "FOR EACH ROW EXECUTE FUNCTION caseline.stamp_team()")
    for table, column, mode, events in _AGENT_REFS:
        op.execute(f"CREATE TRIGGER b_agent_ref BEFORE {events} ON caseline.{table} "
                   f"FOR EACH ROW EXECUTE FUNCTION caseline.check_agent_ref('{column}', '{mode}')")
    for statement in (*_policies(), *_grants()):
        op.execute(statement)


# 0001's policies, for the way back.
def _old_policies() -> list[str]:
    s: list[str] = []
    s += _policy("cases", "team_creates", "INSERT",
                 check=f"creator_role = current_user AND {_TEAM_CASE}")
    s += _policy("cases", "team_edits", "UPDATE", using=_TEAM_CASE, check=_TEAM_CASE)
    s += _policy("customers", "team_edits", "UPDATE", using=_CUSTOMERS, check="true")
    s += _policy("contacts", "agent_creates", "INSERT", check="creator_role = current_user")
    s += _policy("contacts", "team_edits", "UPDATE", using=_CONTACTS, check="true")
    s += _policy("phone_numbers", "agent_creates", "INSERT", check="creator_role = current_user")
    s += _policy("phone_numbers", "team_edits", "UPDATE", using=_NUMBERS, check="true")
    for table in _TEAMED:
        s += _policy(table, "leader_reads", "SELECT", using=f"owner_role IN {_TEAM_ROLES}",
                     to=_LEADER)
    s += _policy("agent_state_changes", "own_updates", "UPDATE", using=_MINE, check=_MINE)
    s += _policy("translation_requests", "own_updates", "UPDATE", using=_MINE, check=_MINE)
    s += [f"DROP POLICY IF EXISTS as_oneself ON caseline.{table}" for table in _RLS]
    return s


def downgrade() -> None:
    for statement in _old_policies():
        op.execute(statement)
    op.execute(f"""
        DO $$ DECLARE f regprocedure; BEGIN
            FOR f IN {_ADVISORY} LOOP
                EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
            END LOOP;
        END $$""")
    for table in (*_UPDATED, "agent_state_changes"):
        op.execute(f"REVOKE UPDATE ON caseline.{table} FROM {_AGENT}")
        op.execute(f"GRANT UPDATE ON caseline.{table} TO {_AGENT}")
    for table, _column, _mode, _events in _AGENT_REFS:
        op.execute(f"DROP TRIGGER IF EXISTS b_agent_ref ON caseline.{table}")
    for table in _TEAMED:
        op.execute(f"DROP TRIGGER IF EXISTS b_team ON caseline.{table}")
        op.drop_index(op.f(f'ix_{table}_team_id'), table_name=table, schema='caseline')
        op.drop_constraint(op.f(f'fk_{table}_team_id_teams'), table, type_='foreignkey', schema='caseline')
        op.drop_column(table, 'team_id', schema='caseline')
    op.execute(r"""
        CREATE OR REPLACE FUNCTION caseline.free_case_number(prefix text) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
            SELECT prefix || lpad((coalesce(max(substr(number, length(prefix) + 1)::bigint), 0)
                                   + 1)::text, 6, '0')
            FROM caseline.cases
            WHERE left(number, length(prefix)) = prefix
              AND substr(number, length(prefix) + 1) ~ '^[0-9]{1,12}$'
        $$""")
    op.execute("""
        CREATE OR REPLACE FUNCTION caseline.customer_id_for_code(customer_code text)
        RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
            SELECT id FROM caseline.customers WHERE code = customer_code
        $$""")
    for signature in ("sees_contact(uuid)", "sees_customer(uuid)", "check_agent_ref()",
                      "stamp_team()"):
        op.execute(f"DROP FUNCTION IF EXISTS caseline.{signature}")
    op.drop_table('agent_ids', schema='caseline')
