"""The central PostgreSQL store: schema, roles and row-level security (no Qt, no SIP).

Agents' PCs keep working on their local SQLite store (app.cases) and sync with this database;
the database itself decides who may read and write what, with one PostgreSQL login role per
agent (``caseline central add-agent``), members of ``caseline_agent`` (leaders also of
``caseline_leader``). The rules, enforced by policies and triggers (migrations/versions/0001):

- An SR belongs to the team of its queue; an SR with no queue, or a queue no team works,
  belongs to the team of the agent who created it. Agents read, open and edit their team's SRs
  (never moving one out of the team), and the customers, contacts and numbers of those SRs plus
  those they created themselves.
- Call logs and agent-state changes are private: the agent's own, readable by their team
  leader. Notes and translation requests are readable by the team on its SRs (and by the
  author's team leader); every row is written in the writer's own name only (``owner_role``).
  A note may also go on an SR the agent took a call on after it left the team.
- Nobody deletes: no DELETE grant anywhere, and triggers refuse DELETE/TRUNCATE of call logs and
  any change to notes and the trails, even for the owner. Every changing UPDATE of a call log
  keeps the old row (``call_log_history``); every overwritten SR value is kept
  (``case_history``); the database raises an SR's ``version`` itself.
- Rows carry ``change_no`` from one sequence and ``change_xid``, the writing transaction, with
  no lock; a pull reads what its previous snapshot did not see, so it never skips a row, in
  whatever order writers commit (the argument is in migrations/versions/0004).

Connecting with TLS: put libpq's options in the URL, e.g.
``postgresql://agent@db.example:5432/caseline?sslmode=verify-full&sslrootcert=/path/ca.pem``.
"""
