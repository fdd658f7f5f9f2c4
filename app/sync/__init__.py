"""Offline-first sync between the agent's SQLite store and the central PostgreSQL database.

Local writes enqueue an outbox entry in their own transaction (SQLite triggers, migration 0006
of the local store); a worker pushes them as idempotent upserts and pulls what colleagues
changed by change number (app.central). No Qt here: the UI reads ``SyncStatus`` and
``CaseConflict`` values.
"""
