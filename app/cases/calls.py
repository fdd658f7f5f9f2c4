"""Call logging: a row from the first INVITE, updated at answer, hold, transfer and end.

Every change is committed at once, so a crash loses at most the seconds since the last
heartbeat; the next start closes what was live as ``interrupted`` with the last times it saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.cases.models import CallLog, Direction, MatchedBy, Outcome, new_id, utcnow
from app.cases.numbers import normalize

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from datetime import datetime

    from sqlalchemy.orm import Session

# The telephony engine's end reasons (app.telephony.events.EndReason values: plain strings here,
# the cases layer does not import telephony).
_NOT_ANSWERED = {
    "missed": Outcome.MISSED,
    "rejected": Outcome.REJECTED,
    "cancelled": Outcome.CANCELLED,
    "over_capacity": Outcome.MISSED,
    # Refused without ringing: the agent was on break or offline (app.orchestration.desk).
    "on_break": Outcome.MISSED,
    "offline": Outcome.MISSED,
    "declined": Outcome.FAILED,
    "busy": Outcome.FAILED,
    "unreachable": Outcome.FAILED,
    "failed": Outcome.FAILED,
    "engine_failure": Outcome.FAILED,
    # Our call still ringing out, replaced by a call answered here (RFC 3891): it went on there.
    "transferred": Outcome.TRANSFERRED,
}


@dataclass(frozen=True, slots=True)
class CallStart:
    engine_call_id: str
    direction: Direction
    number: str  # the caller's (inbound) or the dialled (outbound) number or user part
    display_name: str = ""
    remote_uri: str = ""
    sip_call_id: str = ""
    account: str = ""
    agent_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None  # outbound calls placed from an SR
    # The row's id, when the caller must know it before the row is written (a recording's
    # file name is chosen on the phone thread while the writer may still be busy).
    log_id: uuid.UUID | None = None
    owner: str = ""  # the Desk's session (app.cases.owners), while the call is live


@dataclass(frozen=True, slots=True)
class Recovery:
    closed: list[CallLog]  # closed as interrupted now
    waiting: int  # live rows of other sessions nobody can tell dead yet (see their heartbeats)


def _seconds(start: datetime | None, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds()) if start else 0.0


class CallLogService:
    def __init__(self, region: str = "JP") -> None:
        self.region = region

    def started(self, session: Session, start: CallStart, at: datetime | None = None) -> CallLog:
        at = at or utcnow()
        number = normalize(start.number, self.region)
        row = CallLog(
            id=start.log_id or new_id(),
            direction=start.direction,
            engine_call_id=start.engine_call_id[:64],
            sip_call_id=start.sip_call_id[:255],
            account=start.account[:64],
            remote_uri=start.remote_uri[:255],
            display_name=start.display_name[:255],
            number_raw=number.raw,
            number_e164=number.e164,
            number_key=number.match_key,
            started_at=at,
            last_alive_at=at,
            agent_id=start.agent_id,
            case_id=start.case_id,
            matched_by=MatchedBy.DIALLED_FROM_CASE if start.case_id else MatchedBy.NONE,
            owner_session=start.owner[:32],
        )
        session.add(row)
        session.flush()
        return row

    def find(self, session: Session, engine_call_id: str) -> CallLog | None:
        """The live row of an engine call (the newest, should an id ever repeat)."""
        return session.scalars(
            select(CallLog).where(CallLog.engine_call_id == engine_call_id)
            .order_by(CallLog.started_at.desc()).limit(1)).first()

    def bind(self, row: CallLog, *, case_id: uuid.UUID | None,
             contact_id: uuid.UUID | None, customer_id: uuid.UUID | None,
             matched_by: MatchedBy, detail: str = "") -> None:
        row.case_id = case_id
        row.contact_id = contact_id
        row.customer_id = customer_id
        row.matched_by = matched_by
        row.match_detail = detail[:255]

    def answered(self, row: CallLog, at: datetime | None = None) -> None:
        at = at or utcnow()
        if row.answered_at is None:
            row.answered_at = at
            row.ring_seconds = _seconds(row.started_at, at)
        row.last_alive_at = at

    def held(self, row: CallLog, at: datetime | None = None) -> None:
        at = at or utcnow()
        if row.held_since is None:
            row.held_since = at
        row.last_alive_at = at

    def resumed(self, row: CallLog, at: datetime | None = None) -> None:
        at = at or utcnow()
        if row.held_since is not None:
            row.hold_seconds += _seconds(row.held_since, at)
            row.held_since = None
        row.last_alive_at = at

    def transferred(self, row: CallLog, target: str) -> None:
        row.transferred_to = target[:255]

    def heartbeat(self, session: Session, ids: list[uuid.UUID], at: datetime | None = None
                  ) -> None:
        at = at or utcnow()
        for row in session.scalars(select(CallLog).where(CallLog.id.in_(ids),
                                                         CallLog.outcome.is_(None))):
            row.last_alive_at = at
            if row.answered_at is not None:
                row.talk_seconds = _seconds(row.answered_at, at)

    def ended(self, row: CallLog, end_reason: str, status_code: int = 0,
              at: datetime | None = None) -> None:
        at = at or utcnow()
        if row.outcome is not None:
            return
        self.resumed(row, at)
        row.ended_at = at
        row.end_reason = end_reason[:32]
        row.sip_status = status_code
        if row.answered_at is None:
            row.ring_seconds = _seconds(row.started_at, at)
            row.outcome = _NOT_ANSWERED.get(end_reason, Outcome.FAILED)
        else:
            row.talk_seconds = max(0.0, _seconds(row.answered_at, at) - row.hold_seconds)
            transferred = end_reason == "transferred" or row.transferred_to
            row.outcome = Outcome.TRANSFERRED if transferred else Outcome.ANSWERED

    def set_disposition(self, row: CallLog, code: str | None) -> None:
        row.disposition_code = code

    def recover_interrupted(self, session: Session, *, me: str = "",
                            alive: Callable[[str], bool | None] = lambda owner: False,
                            stale_before: datetime | None = None) -> Recovery:
        """Close the rows a crash left live: ``interrupted``, ending at the last sign of life.

        Only rows of another session that has died (``alive`` says False; rows with no owner
        are from before owners were kept). When ``alive`` cannot tell (None), a row whose
        heartbeat is older than ``stale_before`` is taken for dead; a newer one waits.
        """
        closed = []
        waiting = 0
        for row in session.scalars(select(CallLog).where(CallLog.outcome.is_(None))):
            owner = row.owner_session
            if owner == me and me:
                continue
            state = alive(owner) if owner else False
            last = row.last_alive_at or row.answered_at or row.started_at
            if state is True:
                continue  # a concurrent process's live call
            if state is None and (stale_before is None or last >= stale_before):
                waiting += 1
                continue
            if row.held_since is not None:
                row.hold_seconds += _seconds(row.held_since, last)
                row.held_since = None
            row.ended_at = last
            if row.answered_at is not None:
                row.talk_seconds = max(0.0, _seconds(row.answered_at, last) - row.hold_seconds)
            else:
                row.ring_seconds = _seconds(row.started_at, last)
            row.outcome = Outcome.INTERRUPTED
            row.end_reason = "interrupted"
            closed.append(row)
        return Recovery(closed, waiting)
