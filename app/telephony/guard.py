"""Admission control that keeps pjlib's socket table from overflowing.

The stack's select() ioqueue has 64 slots (PJ_IOQUEUE_MAX_HANDLES). Each call takes two (RTP and
RTCP) from the moment its INVITE is accepted, and a closed socket's slot is only reusable
PJ_IOQUEUE_KEY_FREE_DELAY (500 ms) later. When a burst of short calls fills the table, the
wheel's assertion-enabled build aborts the process instead of refusing the call.

The engine cannot stop the stack from taking slots for an INVITE, but it decides when a call
slot is released: a call that we have not yet answered (or rejected) keeps its slot, and with all
slots busy the stack answers further INVITEs with a stateless 486 that costs no socket. So the
guard delays answering (and rejecting) while releasing the slot could let the table overflow.
Pure bookkeeping, no pjsua2: tested on its own.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

IOQUEUE_SLOTS = 64
KEY_FREE_DELAY = 0.5
SOCKETS_PER_CALL = 2


class SocketBudget:
    def __init__(
        self,
        fixed: int,
        max_calls: int,
        *,
        slots: int = IOQUEUE_SLOTS,
        # Sockets close before the callback that reports the end, so timing from the callback
        # already errs on the safe side; the margin covers a slow pump.
        linger: float = KEY_FREE_DELAY + 0.02,
        reserve: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fixed = fixed
        self.max_calls = max_calls
        self.slots = slots
        self.linger = linger
        self.reserve = reserve
        self._clock = clock
        self._live = 0
        self._ended: deque[float] = deque()

    def call_started(self) -> None:
        self._live += 1

    def call_ended(self) -> None:
        self._live = max(0, self._live - 1)
        self._ended.append(self._clock())

    def in_use(self) -> int:
        cutoff = self._clock() - self.linger
        while self._ended and self._ended[0] < cutoff:
            self._ended.popleft()
        return self.fixed + self.reserve + SOCKETS_PER_CALL * (self._live + len(self._ended))

    def may_release(self, held_after: int) -> bool:
        """Whether a call may be answered or rejected now, giving up control of its slot.

        ``held_after``: calls that would still be held unanswered by us afterwards. Every other
        call slot can be taken by a new INVITE before we decide again (a released call can end
        at once and its slot be re-taken), and each such INVITE costs two sockets.
        """
        growth = SOCKETS_PER_CALL * max(0, self.max_calls - held_after)
        return self.in_use() + growth <= self.slots

    def spare(self, fixed: int) -> int:
        """Slots left beyond ``fixed`` sockets with every call slot taken and every lingering
        pair counted: what other sockets (accepted TCP/TLS connections) may use."""
        self.in_use()  # drops the pairs whose linger is over
        return self.slots - fixed - self.reserve - SOCKETS_PER_CALL * (
            self.max_calls + len(self._ended))

    def may_start(self, held: int) -> bool:
        """Whether an outbound call may start (it takes one of the free slots)."""
        return self.may_release(held)

    def next_change_in(self) -> float:
        """Seconds until the oldest lingering socket pair is freed (0 when none lingers)."""
        if not self._ended:
            return 0.0
        return max(0.0, self._ended[0] + self.linger - self._clock())
