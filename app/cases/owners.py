"""Which running process owns a live call log row.

Two processes may share one store file (the desktop and a headless agent). A Desk that starts
closes the live rows a crashed process left, and must tell them from those of a process that
still runs: each Desk holds an OS lock on a file named by its session while it runs, and the
kernel drops the lock when the process dies, however it dies. Where a lock cannot be taken or
tested (no ``fcntl``, a read-only directory), the rows' heartbeats decide instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from typing import IO, TYPE_CHECKING

from app.cases.models import new_id

try:
    import fcntl
except ImportError:  # Windows: heartbeats only
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

_SESSION = re.compile(r"^[0-9a-f]{32}$")


class OwnerLock:
    """This process's session on a store: ``session`` goes on every call log row it opens."""

    def __init__(self, store_path: Path | None) -> None:
        self.session = new_id().hex
        self._dir = store_path.with_name(store_path.name + ".owners") if store_path else None
        self._file: IO[bytes] | None = None
        if self._dir is None or fcntl is None:
            return
        try:
            self._dir.mkdir(exist_ok=True)
            handle = open(self._dir / f"{self.session}.lock", "wb")  # noqa: SIM115 - held
        except OSError as exc:
            log.warning("no owner lock for %s (%s): live calls are told apart by heartbeats",
                        self._dir, exc)
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            log.warning("owner lock not taken (%s): live calls are told apart by heartbeats",
                        exc)
            return
        self._file = handle

    def alive(self, session: str) -> bool | None:
        """True: that session's process runs; False: it has died; None: cannot tell."""
        if session == self.session:
            return True
        if self._dir is None or fcntl is None or self._file is None:
            return None
        if not _SESSION.match(session):
            return None  # not a name this code wrote: no path is made of it
        path = self._dir / f"{session}.lock"
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return False  # its owner ended (and removed it) or never got one
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return None
        else:
            with contextlib.suppress(OSError):
                path.unlink()  # the dead owner's file, now that its rows are being closed
            return False
        finally:
            os.close(fd)

    def release(self, *, remove: bool = True) -> None:
        """The Desk closes (``remove``: its file goes too; a dying process leaves it)."""
        handle, self._file = self._file, None
        if handle is None:
            return
        if remove and self._dir is not None:
            with contextlib.suppress(OSError):
                (self._dir / f"{self.session}.lock").unlink()
        handle.close()  # the lock goes with the descriptor
