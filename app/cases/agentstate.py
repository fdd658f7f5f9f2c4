"""The agent's state: available, ringing, on a call, wrap-up, break, offline.

Pure logic with an injected clock; every change is returned as a ``StateChange`` for the caller
to store (team leaders read them). Calls drive it (ringing, answered, ended); the agent drives
the rest (break with a reason, offline, back). Wrap-up ends when its timer runs out, as soon
as the agent picks a disposition, or when another call is answered (one that rings and is
missed leaves it running); then the agent is back where they were before the call (a break
stays a break). A state chosen during a call is where the agent goes after it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.cases.models import AgentStatus

if TYPE_CHECKING:
    from collections.abc import Callable

S = AgentStatus


class AgentStateError(ValueError):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class StateChange:
    state: AgentStatus
    previous: AgentStatus
    reason: str
    at: float  # the injected clock's time (seconds)
    call: str = ""  # the engine call id behind it, if any


class AgentStateMachine:
    def __init__(self, *, wrap_up_seconds: float = 60.0, break_reasons: tuple[str, ...] = (),
                 clock: Callable[[], float] = time.time,
                 initial: AgentStatus = AgentStatus.OFFLINE) -> None:
        self.wrap_up_seconds = wrap_up_seconds
        self.break_reasons = break_reasons
        self._clock = clock
        self.state = initial
        self.reason = ""
        self._ringing: set[str] = set()
        self._live: set[str] = set()
        self._wrap_up_until: float | None = None
        # Where the agent goes once the calls in hand are over (a missed call at once, an
        # answered one after its wrap-up): the state before them, or one chosen during them.
        self._before_call = AgentStatus.AVAILABLE
        self._before_reason = ""

    # -- the agent ----------------------------------------------------------------------------

    def go_available(self) -> StateChange | None:
        return self._choose(S.AVAILABLE, "")

    def go_break(self, reason: str) -> StateChange | None:
        if self.break_reasons and reason not in self.break_reasons:
            raise AgentStateError("unknown_break_reason", reason)
        return self._choose(S.BREAK, reason)

    def go_offline(self) -> StateChange | None:
        return self._choose(S.OFFLINE, "")

    def _choose(self, state: AgentStatus, reason: str) -> StateChange | None:
        if self.state in (S.RINGING, S.ON_CALL):
            # Not now: the call goes on, and this is where its wrap-up leads (None: nothing
            # changed yet).
            self._before_call, self._before_reason = state, reason
            return None
        return self._to(state, reason)

    def returns_to(self) -> tuple[AgentStatus, str]:
        """The state (and reason) the agent goes to when the calls in hand are over."""
        return self._before_call, self._before_reason

    def refusing(self) -> AgentStatus | None:
        """BREAK or OFFLINE when a new call must not ring: the agent is there, or goes there
        after the call in hand; None when calls ring."""
        if self.state in (S.BREAK, S.OFFLINE):
            return self.state
        if self.state in (S.RINGING, S.ON_CALL, S.WRAP_UP) and self._before_call in (
                S.BREAK, S.OFFLINE):
            return self._before_call
        return None

    def disposition_chosen(self) -> StateChange | None:
        """A disposition ends wrap-up early: the agent is done with the call."""
        if self.state is S.WRAP_UP:
            return self._after_wrap_up("disposition")
        return None

    # -- calls --------------------------------------------------------------------------------

    def call_ringing(self, call: str) -> StateChange | None:
        self._ringing.add(call)
        if self.state in (S.ON_CALL, S.RINGING, S.WRAP_UP):
            # Call waiting: the agent stays on the call. In wrap-up: it goes on, and ends
            # only if this call is answered (a missed one must not cut the paperwork short).
            return None
        self._remember()
        return self._to(S.RINGING, "", call)

    def call_active(self, call: str) -> StateChange | None:
        self._ringing.discard(call)
        self._live.add(call)
        if self.state not in (S.RINGING, S.WRAP_UP, S.ON_CALL):
            self._remember()
        return self._to(S.ON_CALL, "", call)

    def _remember(self) -> None:
        self._before_call, self._before_reason = self.state, self.reason

    def call_ended(self, call: str) -> StateChange | None:
        answered = call in self._live
        self._ringing.discard(call)
        self._live.discard(call)
        if self._live:
            return None  # still on another call
        if answered:
            # Its wrap-up, also while another call rings (it ends if that one is answered).
            self._wrap_up_until = self._clock() + self.wrap_up_seconds
            return self._to(S.WRAP_UP, "", call)
        if self._ringing:
            if self.state is S.WRAP_UP:
                return None
            return self._to(S.RINGING, "", next(iter(self._ringing)))
        if self.state is S.RINGING:  # missed or rejected: back to what the agent was doing
            return self._back("missed", call)
        return None

    def tick(self) -> StateChange | None:
        if (self.state is S.WRAP_UP and self._wrap_up_until is not None
                and self._clock() >= self._wrap_up_until):
            return self._after_wrap_up("wrap-up timer")
        return None

    def _after_wrap_up(self, reason: str) -> StateChange | None:
        if self._ringing:  # a call rang during the wrap-up and still does
            return self._to(S.RINGING, "", next(iter(self._ringing)))
        return self._back(reason)

    def _back(self, reason: str, call: str = "") -> StateChange | None:
        """To the state before the call; a break keeps its own reason (the team leader's
        report groups breaks by it)."""
        state = self._before_call
        return self._to(state, self._before_reason if state is S.BREAK else reason, call)

    def wrap_up_left(self) -> float:
        if self.state is not S.WRAP_UP or self._wrap_up_until is None:
            return 0.0
        return max(0.0, self._wrap_up_until - self._clock())

    def _to(self, state: AgentStatus, reason: str, call: str = "") -> StateChange | None:
        if state is self.state and reason == self.reason:
            return None
        change = StateChange(state, self.state, reason, self._clock(), call)
        self.state = state
        self.reason = reason
        if state is not S.WRAP_UP:
            self._wrap_up_until = None
        return change
