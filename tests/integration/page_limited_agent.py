"""``python -m app`` whose store connections can hold no more pages than a control file says.

The disk-full test's fallback where no tmpfs can be mounted (not root): SQLite answers
SQLITE_FULL ("database or disk is full") once ``PRAGMA max_page_count`` is reached, the same
error code a full disk gives. The limit is per connection and not stored, so it is set again at
every checkout of a pooled connection, from the file named by CASELINE_TEST_PAGE_LIMIT (empty or
missing: no limit); the test raises it to give the space back.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import Pool

NO_LIMIT = 1_073_741_823  # SQLite's default max_page_count
CONTROL = Path(os.environ["CASELINE_TEST_PAGE_LIMIT"])


def _limit(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    try:
        text = CONTROL.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        text = ""
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA max_page_count = {int(text) if text else NO_LIMIT}")
    finally:
        cursor.close()


event.listen(Pool, "checkout", _limit)  # every pool: the store's is made later, in app.cli
runpy.run_module("app", run_name="__main__", alter_sys=True)
