"""Notice what makes a registration silently stale: a new local IP, or a resume from sleep.

Softphones that miss this keep showing 'registered' while the registrar has the old contact and
calls go nowhere. The engine asks this watcher every few seconds and re-registers on a change.
"""

from __future__ import annotations

import logging
import socket
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

# route_address() looks the registrars' names up with the OS's blocking resolver: never on the
# thread that pumps SIP (CONTRIBUTING 4). One thread: a stuck lookup holds back the next check,
# not the calls.
_LOOKUPS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseline-route")

SLEEP_JUMP = 5.0  # s of suspended time that counts as a resume from sleep


def route_address(host: str, port: int) -> str:
    """The local address the OS would use to reach host:port ('' when there is no route).

    A connected UDP socket sends nothing; it only asks the routing table.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    except OSError:
        return ""
    for family, kind, proto, _, addr in infos:
        try:
            with socket.socket(family, kind, proto) as sock:
                sock.connect(addr)
                return str(sock.getsockname()[0])
        except OSError:
            continue
    return ""


def _suspended_time() -> float:
    """Time spent suspended since boot, where the OS tells it (Linux: BOOTTIME - MONOTONIC)."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        # Elsewhere wall time keeps running through sleep while monotonic may not.
        return time.time() - time.monotonic()
    return time.clock_gettime(boottime) - time.monotonic()


Routes = dict[tuple[str, int], str]


class NetworkWatch:
    """``check()`` is called on the pumping thread and never blocks: the route lookups run on
    ``executor`` and their result is compared at the first check after it is in."""

    def __init__(
        self,
        targets: Callable[[], Iterable[tuple[str, int]]],
        *,
        resolve: Callable[[str, int], str] | None = None,
        suspended: Callable[[], float] = _suspended_time,
        executor: Executor | None = None,
    ) -> None:
        self._targets = targets
        self._resolve = resolve
        self._suspended = suspended
        self._executor = executor or _LOOKUPS
        self._routes: Routes = {}
        self._lookup: Future[Routes] | None = None
        self._last_suspended = suspended()

    @property
    def looking_up(self) -> bool:
        """A route lookup is under way (its answer is compared at a later check)."""
        return self._lookup is not None and not self._lookup.done()

    def _routes_now(self, targets: list[tuple[str, int]]) -> Routes:
        resolve = self._resolve or route_address  # looked up here: a test may replace it
        return {target: resolve(*target) for target in targets}

    def check(self) -> str:
        """'' when nothing changed, else why the network should be considered changed."""
        why = ""
        now_suspended = self._suspended()
        if now_suspended - self._last_suspended > SLEEP_JUMP:
            why = "resumed"
        self._last_suspended = now_suspended
        if self._lookup is None:
            self._lookup = self._executor.submit(self._routes_now, list(self._targets()))
        if not self._lookup.done():
            return why
        lookup, self._lookup = self._lookup, None
        try:
            routes = lookup.result()
        except Exception as exc:
            log.warning("route lookup: %s", exc)
            return why
        for target, address in routes.items():
            before = self._routes.get(target)
            if before is not None and before != address:
                why = why or f"address {before or '-'} -> {address or '-'}"
        self._routes = routes
        return why
