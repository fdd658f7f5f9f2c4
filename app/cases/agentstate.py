"""The agent's state: available, ringing, on a call, wrap-up, break, offline.

Pure logic with an injected clock; every change is returned as a ``StateChange`` for the caller
to store (team leaders read them). Calls drive it (ringing, answered, ended); the agent drives
the rest (break with a reason, offline, back). Wrap-up ends when its timer runs out or as soon
as the agent picks a disposition.
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
        self._before_call = AgentStatus.AVAILABLE  # where a call that was not answered returns

    # -- the agent ----------------------------------------------------------------------------

    def go_available(self) -> StateChange | None:
        if self.state in (S.RINGING, S.ON_CALL):
            raise AgentStateError("busy_with_call", self.state.value)
        return self._to(S.AVAILABLE, "")

    def go_break(self, reason: str) -> StateChange | None:
        if self.break_reasons and reason not in self.break_reasons:
            raise AgentStateError("unknown_break_reason", reason)
        if self.state in (S.RINGING, S.ON_CALL):
            raise AgentStateError("busy_with_call", self.state.value)
        return self._to(S.BREAK, reason)

    def go_offline(self) -> StateChange | None:
        if self.state in (S.RINGING, S.ON_CALL):
            raise AgentStateError("busy_with_call", self.state.value)
        return self._to(S.OFFLINE, "")

    def disposition_chosen(self) -> StateChange | None:
        """A disposition ends wrap-up early: the agent is done with the call."""
        if self.state is S.WRAP_UP:
            return self._to(S.AVAILABLE, "disposition")
        return None

    # -- calls --------------------------------------------------------------------------------

    def call_ringing(self, call: str) -> StateChange | None:
        self._ringing.add(call)
        if self.state in (S.ON_CALL, S.RINGING):
            return None  # call waiting: the agent stays on the call
        if self.state is not S.WRAP_UP:
            self._before_call = self.state
        return self._to(S.RINGING, "", call)

    def call_active(self, call: str) -> StateChange | None:
        self._ringing.discard(call)
        self._live.add(call)
        if self.state not in (S.RINGING, S.WRAP_UP, S.ON_CALL):
            self._before_call = self.state
        return self._to(S.ON_CALL, "", call)

    def call_ended(self, call: str) -> StateChange | None:
        answered = call in self._live
        self._ringing.discard(call)
        self._live.discard(call)
        if self._live:
            return None  # still on another call
        if self._ringing:
            return self._to(S.RINGING, "", next(iter(self._ringing)))
        if answered:
            self._wrap_up_until = self._clock() + self.wrap_up_seconds
            return self._to(S.WRAP_UP, "", call)
        if self.state is S.RINGING:  # missed or rejected: back to what the agent was doing
            return self._to(self._before_call, "missed", call)
        return None

    def tick(self) -> StateChange | None:
        if (self.state is S.WRAP_UP and self._wrap_up_until is not None
                and self._clock() >= self._wrap_up_until):
            return self._to(S.AVAILABLE, "wrap-up timer")
        return None

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
