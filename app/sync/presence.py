"""What the team leader's live board knows of this PC's agent, and how it reaches the centre
(central migration 0011, docs/board.md).

The orchestration builds a ``Presence`` on every change it sees (state, call, SR,
registration, call quality) and hands it to the sync worker, which upserts it on the PC's one
central connection at once, and touches ``heartbeat_at`` every ``HEARTBEAT_SECONDS`` in between.
A board shows an agent whose PC sent nothing for ``STALE_SECONDS`` as stale.

Times: the PC's own clock gives ages (how long in this state, how long on this call), the
centre turns them into its own times at the upsert (``now() - age``): a PC whose clock is off
does not shift the board.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    import uuid

    from sqlalchemy import Connection

# The rhythm, in one place (docs/board.md). A heartbeat every 15 s; three missed ones make a
# PC stale, so one late or lost heartbeat (a busy sync round, a slow network) does not.
HEARTBEAT_SECONDS = 15.0
STALE_SECONDS = 45.0
CHANNEL = "caseline_board"  # migration 0011: payload, the team's id

# Registration health, as the board shows it.
REGISTRATION_OK = "ok"  # every SIP account registered
REGISTRATION_FAILING = "failing"  # one at least refused, retrying or unreachable
REGISTRATION_UNKNOWN = "unknown"  # no account, or none has answered yet


@dataclass(frozen=True, slots=True)
class Quality:
    """The current call's quality, as the telephony measures it (RTCP); None: not measured."""

    mos: float | None = None
    loss_pct: float | None = None
    jitter_ms: float | None = None
    rtt_ms: float | None = None


@dataclass(frozen=True, slots=True)
class Presence:
    """The agent as the board shows them. Times are this PC's wall clock (``time.time()``)."""

    agent_id: uuid.UUID
    state: str  # an AgentStatus value
    since: float  # when the state began
    reason: str = ""  # a break's reason code
    call_started: float | None = None  # the current call's answer (its first ring, ringing)
    call_direction: str | None = None  # "inbound" / "outbound"
    call_log_id: uuid.UUID | None = None  # the current call's log row
    case_id: uuid.UUID | None = None
    case_number: str = ""
    caller_language: str | None = None
    registration: str = REGISTRATION_UNKNOWN
    registration_detail: str = ""
    quality: Quality = field(default_factory=Quality)

    def values(self, now: float | None = None) -> dict[str, Any]:
        """The upsert's parameters: ages against this PC's clock at ``now``."""
        at = time.time() if now is None else now
        call_age = None if self.call_started is None else timedelta(
            seconds=max(0.0, at - self.call_started))
        return {
            "agent_id": self.agent_id, "state": self.state, "reason": self.reason[:40],
            "state_age": timedelta(seconds=max(0.0, at - self.since)), "call_age": call_age,
            "call_direction": self.call_direction, "call_log_id": self.call_log_id,
            "case_id": self.case_id,
            "case_number": self.case_number[:32], "caller_language": self.caller_language,
            "registration": self.registration,
            "registration_detail": self.registration_detail[:200],
            "mos": self.quality.mos, "loss_pct": self.quality.loss_pct,
            "jitter_ms": self.quality.jitter_ms, "rtt_ms": self.quality.rtt_ms,
        }


_UPSERT = text("""
    INSERT INTO caseline.agent_presence AS p (
        agent_id, state, reason, since, call_started_at, call_direction, call_log_id, case_id,
        case_number,
        caller_language, registration, registration_detail, mos, loss_pct, jitter_ms, rtt_ms)
    VALUES (
        :agent_id, :state, :reason, now() - CAST(:state_age AS interval),
        now() - CAST(:call_age AS interval), :call_direction, :call_log_id, :case_id,
        :case_number,
        :caller_language, :registration, :registration_detail, :mos, :loss_pct, :jitter_ms,
        :rtt_ms)
    ON CONFLICT (agent_id) DO UPDATE SET
        state = EXCLUDED.state, reason = EXCLUDED.reason, since = EXCLUDED.since,
        call_started_at = EXCLUDED.call_started_at, call_direction = EXCLUDED.call_direction,
        call_log_id = EXCLUDED.call_log_id,
        case_id = EXCLUDED.case_id, case_number = EXCLUDED.case_number,
        caller_language = EXCLUDED.caller_language, registration = EXCLUDED.registration,
        registration_detail = EXCLUDED.registration_detail, mos = EXCLUDED.mos,
        loss_pct = EXCLUDED.loss_pct, jitter_ms = EXCLUDED.jitter_ms, rtt_ms = EXCLUDED.rtt_ms,
        heartbeat_at = now()""")

# Only the heartbeat (the database sets it to now() whatever is sent): no announcement.
_HEARTBEAT = text("UPDATE caseline.agent_presence SET heartbeat_at = now() "
                  "WHERE agent_id = :agent_id")


def publish(conn: Connection, presence: Presence, now: float | None = None) -> None:
    """Upsert the whole row (announced to the team's leaders)."""
    conn.execute(_UPSERT, presence.values(now))


def heartbeat(conn: Connection, presence: Presence) -> bool:
    """Touch ``heartbeat_at`` only; False when the row is not there (the caller upserts)."""
    return conn.execute(_HEARTBEAT, {"agent_id": presence.agent_id}).rowcount > 0
