"""A sync process that dies mid-batch, by SIGKILL, at a chosen point (run by test_sync_kill).

argv: STORE_PATH CENTRAL_URL WHERE, WHERE one of
- ``mid-transaction``: inside the second batch's central transaction, before its commit;
- ``after-commit``: after the second batch committed centrally, before the local bookkeeping
  (the centre has the rows; this PC still has them queued);
- ``first-commit``: the same after the first batch.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from app.cases.store import open_sqlite
from app.central.db import engine
from app.sync.engine import Syncer


def main() -> None:
    path, url, where = sys.argv[1:4]
    store = open_sqlite(Path(path))
    syncer = Syncer(store, engine(url), batch=100)
    batches = 0
    after_push = syncer._after_push
    send_fast = syncer._send_fast

    def die() -> None:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def sending(conn: Any, name: str, *args: Any, **kwargs: Any) -> None:
        send_fast(conn, name, *args, **kwargs)
        if where == "mid-transaction" and batches == 1:
            die()

    def pushed(*args: Any) -> None:
        nonlocal batches
        batches += 1
        if (where, batches) in (("after-commit", 2), ("first-commit", 1)):
            die()
        after_push(*args)

    syncer._send_fast = sending  # type: ignore[method-assign]
    syncer._after_push = pushed  # type: ignore[method-assign, assignment]
    syncer.push()
    print("not killed")


if __name__ == "__main__":
    main()
