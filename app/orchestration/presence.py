"""The agent's presence for the team leader's live board, as the Desk sees it (docs/board.md).

The Desk tells the tracker what happens (state changes, calls beginning, answered, held and
ended, the SR found or picked, registrations, call quality), on the pumping thread; the
tracker hands a ``Presence`` to whoever publishes it (the sync worker's
``publish_presence``, thread-safe, never waiting) each time what the board shows changed. A
change of call quality only is not urgent: it rides with the next heartbeat.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from app.cases.models import AgentStatus
from app.sync.presence import (
    REGISTRATION_FAILING,
    REGISTRATION_OK,
    REGISTRATION_UNKNOWN,
    Presence,
    Quality,
)
from app.telephony.events import EngineEvent, EngineState, RegistrationEvent, RegState

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from app.cases.agentstate import StateChange

log = logging.getLogger(__name__)

_FAILING = (RegState.FAILED, RegState.RETRYING, RegState.UNREACHABLE)


@dataclass
class _Call:
    call_id: str
    direction: str
    started: float  # its first event; its answer from then on
    log_id: uuid.UUID | None = None  # its call log row
    answered: bool = False
    held: bool = False
    case_id: uuid.UUID | None = None
    case_number: str = ""
    language: str | None = None
    quality: Quality = field(default_factory=Quality)


class PresenceTracker:
    """What the board shows of this agent; lives on the Desk's (pumping) thread."""

    def __init__(self, state: AgentStatus, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._publish: Callable[[Presence, bool], None] | None = None
        self.agent_id: uuid.UUID | None = None
        self._state = state
        self._reason = ""
        self._since = clock()
        self._calls: dict[str, _Call] = {}
        self._ended: _Call | None = None  # the last call that ended (its wrap-up shows its SR)
        self._wrap: _Call | None = None  # the call whose wrap-up runs
        self._registrations: dict[str, RegistrationEvent] = {}
        self._engine_down = ""  # why no registration can hold now ("" while the engine runs)
        self._last: Presence | None = None

    def publish_to(self, publish: Callable[[Presence, bool], None]) -> None:
        """``publish(presence, urgent)`` from now on (the current presence at once)."""
        self._publish = publish
        self._last = None
        self._changed()

    # -- what the Desk saw ---------------------------------------------------------------------

    def agent_known(self, agent_id: uuid.UUID) -> None:
        self.agent_id = agent_id
        self._changed()

    def state_changed(self, change: StateChange) -> None:
        self._state, self._reason, self._since = change.state, change.reason, change.at
        if change.state is AgentStatus.WRAP_UP:
            ended = self._ended
            self._wrap = ended if ended is not None and ended.call_id == change.call else None
        else:
            self._wrap = None
        self._changed()

    def call_began(self, call_id: str, direction: str, at: float,
                   log_id: uuid.UUID | None = None) -> None:
        self._calls[call_id] = _Call(call_id, direction, at, log_id)
        self._changed()

    def call_answered(self, call_id: str, at: float) -> None:
        call = self._calls.get(call_id)
        if call is not None and not call.answered:
            call.answered, call.started = True, at
            self._changed()

    def call_held(self, call_id: str, held: bool) -> None:
        call = self._calls.get(call_id)
        if call is not None:
            call.held = held
            self._changed()

    def call_ended(self, call_id: str) -> None:
        call = self._calls.pop(call_id, None)
        if call is not None:
            self._ended = call
            self._changed()

    def case_found(self, call_id: str, case_id: uuid.UUID | None, case_number: str,
                   language: str | None = None) -> None:
        """The call's SR (a screen-pop's, or the agent's pick) and, when known, the caller's
        language."""
        call = self._calls.get(call_id)
        if call is None and self._ended is not None and self._ended.call_id == call_id:
            call = self._ended  # picked during the wrap-up
        if call is None:
            return
        call.case_id, call.case_number = case_id, case_number
        if language is not None:
            call.language = language
        self._changed()

    def quality(self, call_id: str, *, mos: float | None, loss_pct: float | None,
                jitter_ms: float | None, rtt_ms: float | None) -> None:
        """The call's latest quality window (the telephony's RTCP figures; None: unknown)."""
        call = self._calls.get(call_id)
        if call is not None:
            call.quality = Quality(mos=mos, loss_pct=loss_pct, jitter_ms=jitter_ms,
                                   rtt_ms=rtt_ms)
            self._changed()

    def engine_event(self, event: RegistrationEvent | EngineEvent) -> None:
        if isinstance(event, RegistrationEvent):
            self._registrations[event.account] = event
        elif event.state is EngineState.CRASHED:  # no call reaches the agent until it is back
            self._engine_down = event.detail or event.state.value
        else:  # started, restarted (the accounts register again), or stopped on purpose
            self._engine_down = ""
            self._registrations.clear()
        self._changed()

    def closing(self) -> None:
        """The desk stops: the agent is offline (the worker writes it before it stops)."""
        self._state, self._reason, self._since = AgentStatus.OFFLINE, "", self._clock()
        self._calls.clear()
        self._wrap = None
        self._changed()

    # -- what the board gets -------------------------------------------------------------------

    def current(self) -> Presence | None:
        if self.agent_id is None:
            return None
        call = self._current_call()
        registration, detail = self._registration()
        shown = call or self._wrap
        return Presence(
            agent_id=self.agent_id, state=self._state.value, since=self._since,
            reason=self._reason,
            call_started=call.started if call is not None else None,
            call_direction=call.direction if call is not None else None,
            call_log_id=call.log_id if call is not None else None,
            case_id=shown.case_id if shown else None,
            case_number=shown.case_number if shown else "",
            caller_language=shown.language if shown else None,
            registration=registration, registration_detail=detail,
            quality=call.quality if call is not None else Quality())

    def _current_call(self) -> _Call | None:
        """The one the agent talks on (answered, not held, the latest), else the latest."""
        calls = list(self._calls.values())
        talking = [c for c in calls if c.answered and not c.held]
        chosen = talking or calls
        return max(chosen, key=lambda c: c.started) if chosen else None

    def _registration(self) -> tuple[str, str]:
        if self._engine_down:
            return REGISTRATION_FAILING, self._engine_down
        failing = [r for r in self._registrations.values() if r.state in _FAILING]
        if failing:
            first = failing[0]
            words = " ".join(w for w in (str(first.status_code or ""), first.reason) if w)
            return REGISTRATION_FAILING, f"{first.account}: {words or first.state.value}"
        regs = self._registrations.values()
        if regs and all(r.state is RegState.REGISTERED for r in regs):
            return REGISTRATION_OK, ""
        return REGISTRATION_UNKNOWN, ""

    def _changed(self) -> None:
        if self._publish is None:
            return
        now = self.current()
        if now is None or now == self._last:
            return
        last, self._last = self._last, now
        urgent = last is None or replace(now, quality=last.quality) != last
        try:
            self._publish(now, urgent)
        except Exception:  # the board is a view: it never stops a call
            log.exception("presence not handed over")
