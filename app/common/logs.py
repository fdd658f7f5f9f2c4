"""Logging for every entry point: a rotating file beside the config, and stderr as before.

``setup()`` is the one place (app.cli.main calls it for the desktop, the headless agent and the
CLI). Records go through a queue to one writer thread, so no thread that logs (the SIP thread
least of all) waits on the disk. Identical records are collapsed before either handler sees
them, and every line is scrubbed of credentials on its way out.

The engine's own process (app.telephony.worker) calls ``setup_child()``: its records go to its
stderr as one marked JSON line each, and the parent (app.telephony.isolated) hands them to its
own handlers through ``relay()``. One process writes the file, so rotating it is safe.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import logging.handlers
import queue
import re
import sys
import threading
import time
from collections import OrderedDict
from typing import IO, TYPE_CHECKING, Any

from app.telephony.sipmsg import scrub

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

LOG_FILE = "caseline.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 3  # caseline.log.1 .. .3: 20 MB at most, days of a normal shift's lines
REPEAT_SECONDS = 60.0  # an identical record is shown again at most this often
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
CHILD_MARK = "\x1ecaseline-log "  # starts a relayed record; anything else is raw output
ENGINE_LOGGER = "caseline.engine"
# pjlib's own console lines (its banner at start-up) look like "21:00:27.638 file.c message".
_PJLIB_LINE = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} ")


def log_path(config_path: Path) -> Path:
    """Where the log file is: beside caseline.toml, the first place a support desk looks."""
    return config_path.with_name(LOG_FILE)


class RepeatFilter(logging.Filter):
    """Lets the first of identical records through (same logger, level, message template and
    arguments), then at most one per ``every`` seconds; that one carries how many were dropped
    (``record.repeated``, shown by ``LineFormatter`` as "(repeated K times)")."""

    def __init__(self, every: float = REPEAT_SECONDS, *, keep: int = 1024,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.every = every
        self._keep = keep  # distinct messages remembered: bounded, the oldest are forgotten
        self._clock = clock
        self._seen: OrderedDict[tuple[str, int, str, str], list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "relayed", False):
            return True  # the engine's process collapsed its repeats already
        try:
            key = (record.name, record.levelno, str(record.msg), repr(record.args)[:500])
        except Exception:  # an argument whose repr fails: let the record through as it is
            return True
        now = self._clock()
        with self._lock:
            entry = self._seen.get(key)
            if entry is None:
                self._seen[key] = [now, 0]
                if len(self._seen) > self._keep:
                    self._seen.popitem(last=False)
                return True
            self._seen.move_to_end(key)
            if now - entry[0] < self.every:
                entry[1] += 1
                return False
            dropped = int(entry[1])
            entry[0], entry[1] = now, 0
        if dropped:
            record.repeated = dropped
        return True


class LineFormatter(logging.Formatter):
    """One record as a line (tracebacks follow it), repeats counted, credentials removed."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        repeated = getattr(record, "repeated", 0)
        if repeated:
            first, sep, rest = text.partition("\n")
            text = f"{first} (repeated {repeated} times){sep}{rest}"
        return scrub(text)


def setup(config_path: Path | None, *, verbose: bool = False, max_bytes: int = MAX_BYTES,
          backups: int = BACKUPS, stderr: IO[str] | None = None) -> Path | None:
    """Log to stderr (warnings; everything with ``verbose``) and to the rotating file beside
    ``config_path`` (info and up). Returns the file's path, or None when it cannot be written
    (the problem is logged to stderr; the program goes on). Calling it again replaces the
    previous set-up."""
    shutdown()
    handlers: list[logging.Handler] = []
    err = logging.StreamHandler(stderr if stderr is not None else sys.stderr)
    err.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handlers.append(err)
    path = None if config_path is None else log_path(config_path)
    problem = ""
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(logging.handlers.RotatingFileHandler(
                path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"))
        except OSError as exc:
            problem, path = f"no log file {path}: {exc}", None
    for handler in handlers[1:]:
        handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in handlers:
        handler.setFormatter(LineFormatter(FORMAT))
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    front = logging.handlers.QueueHandler(records)
    front.addFilter(RepeatFilter())  # before the queue: one count for both handlers
    listener = logging.handlers.QueueListener(records, *handlers, respect_handler_level=True)
    listener.start()
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.addHandler(front)
    if not verbose:  # eight lines at every start that tell a support desk nothing
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    _State.front, _State.listener = front, listener
    if problem:
        logging.getLogger(__name__).warning("%s", problem)
    return path


def shutdown() -> None:
    """Write what is queued and take the handlers down (at exit, or before a new setup)."""
    front, listener = _State.front, _State.listener
    _State.front = _State.listener = None
    if front is not None:
        logging.getLogger().removeHandler(front)
    if listener is not None:
        listener.stop()
        for handler in listener.handlers:
            handler.close()


class _State:
    front: logging.Handler | None = None
    listener: logging.handlers.QueueListener | None = None


atexit.register(shutdown)


# -- the engine's process ------------------------------------------------------------------------


class ChildFormatter(logging.Formatter):
    """A record as one marked JSON line, for ``relay`` in the parent."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        data = {"name": record.name, "level": record.levelno, "msg": scrub(message),
                "created": record.created, "repeated": getattr(record, "repeated", 0)}
        return CHILD_MARK + json.dumps(data, ensure_ascii=False)


def setup_child(level: int = logging.INFO, stream: IO[str] | None = None) -> None:
    """The engine process's logging: marked lines on stderr, which the parent relays."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(ChildFormatter())
    handler.addFilter(RepeatFilter())  # fewer lines through the pipe as well
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def relay(stream: IO[bytes], pid: int) -> None:
    """Read the engine process's stderr until it closes; each line becomes a record here.

    Marked lines are the child's own records (logger, level and time kept); anything else is
    raw output of the process (pjlib's start-up banner, an assertion before an abort).
    """
    raw = logging.getLogger(ENGINE_LOGGER)
    with stream, contextlib.suppress(OSError, ValueError):  # closed under us: the child went
        for line_bytes in stream:
            line = line_bytes.decode("utf-8", "replace").rstrip("\r\n")
            if not line.strip():
                continue
            record = _child_record(line, pid) if line.startswith(CHILD_MARK) else None
            if record is not None:
                logging.getLogger(record.name).handle(record)
            else:
                level = logging.INFO if _PJLIB_LINE.match(line) else logging.WARNING
                raw.log(level, "engine process %d: %s", pid, line)


def _child_record(line: str, pid: int) -> logging.LogRecord | None:
    try:
        data: dict[str, Any] = json.loads(line[len(CHILD_MARK):])
        level = int(data["level"])
        created = float(data["created"])
        fields = {"name": str(data["name"]), "levelno": level,
                  "levelname": logging.getLevelName(level), "msg": str(data["msg"]),
                  "args": None, "created": created, "msecs": (created % 1) * 1000,
                  "process": pid, "processName": "engine", "relayed": True}
    except (ValueError, KeyError, TypeError):
        return None
    if data.get("repeated"):
        fields["repeated"] = int(data["repeated"])
    return logging.makeLogRecord(fields)
