"""Notice what makes a registration silently stale: a new local IP, or a resume from sleep.

Softphones that miss this keep showing 'registered' while the registrar has the old contact and
calls go nowhere. The engine asks this watcher every few seconds and re-registers on a change.
"""

from __future__ import annotations

import socket
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

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


class NetworkWatch:
    def __init__(
        self,
        targets: Callable[[], Iterable[tuple[str, int]]],
        *,
        resolve: Callable[[str, int], str] = route_address,
        suspended: Callable[[], float] = _suspended_time,
    ) -> None:
        self._targets = targets
        self._resolve = resolve
        self._suspended = suspended
        self._routes: dict[tuple[str, int], str] = {}
        self._last_suspended = suspended()

    def check(self) -> str:
        """'' when nothing changed, else why the network should be considered changed."""
        why = ""
        now_suspended = self._suspended()
        if now_suspended - self._last_suspended > SLEEP_JUMP:
            why = "resumed"
        self._last_suspended = now_suspended
        routes = {target: self._resolve(*target) for target in self._targets()}
        for target, address in routes.items():
            before = self._routes.get(target)
            if before is not None and before != address:
                why = why or f"address {before or '-'} -> {address or '-'}"
        self._routes = routes
        return why
