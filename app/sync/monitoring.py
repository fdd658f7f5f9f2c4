"""The agent PC's side of monitoring grants (central migration 0013): claim a leader's token,
end the session once.

Each claim and each end opens a connection of its own and closes it: the sync's one connection
sits in LISTEN between rounds (app.sync.worker) and a claim must not wait for a round. Both
block for up to CONNECT_TIMEOUT_S, so they run on a worker thread, never the SIP one
(app.orchestration.monitoring).
"""

from __future__ import annotations

import logging
import re
import uuid  # noqa: TC003 - a dataclass field's type
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import exc, text
from sqlalchemy.pool import NullPool

from app.central.db import CentralError, engine, require_tls, shown

# psycopg, the keyring and the sync's connection code are imported where a centre is asked:
# the desktop imports this module on its way to starting the phone, with or without a centre.

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3  # a monitoring request waits on this; the engine gives it 10 s in all
# What a grant's token looks like (secrets.token_urlsafe(32): 43 characters); anything else
# is refused here without asking the centre.
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,100}")


@dataclass(frozen=True, slots=True)
class ClaimedGrant:
    """A grant the centre gave this agent for one of their calls, now used."""

    id: uuid.UUID
    call_log_id: uuid.UUID
    mode: str  # listen | whisper | barge
    leader_name: str
    leader_role: str


class GrantRefusedError(Exception):
    """No grant: ``code`` is ``no_grant`` (unknown, used, expired or another agent's token:
    the centre does not say which), ``switched_off`` (the deployment's switch) or
    ``unreachable`` (the centre could not be asked)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class CentralGrants:
    """Claims and ends grants as the PC's own central role."""

    def __init__(self, url: str | URL, password: str | None = None) -> None:
        self._engine = engine(url, password, poolclass=NullPool, connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S, "application_name": "caseline-monitoring"})

    def claim(self, token: str) -> ClaimedGrant:
        """Use the grant of ``token`` (once). Raises GrantRefusedError."""
        if not TOKEN.fullmatch(token):
            raise GrantRefusedError("no_grant", "not a grant's token")
        try:
            with self._engine.begin() as conn:
                row = conn.execute(text(
                    "SELECT grant_id, call_log_id, mode, leader_name, leader_role "
                    "FROM caseline.claim_monitoring_grant(:token)"), {"token": token}).one()
        except exc.DBAPIError as e:
            raise _refusal(e) from e
        return ClaimedGrant(row.grant_id, row.call_log_id, row.mode, row.leader_name,
                            row.leader_role)

    def end(self, grant_id: uuid.UUID) -> bool:
        """Write the session's end (once; False when it was written already or is not ours).
        Raises GrantRefusedError ``unreachable`` when the centre cannot be asked."""
        try:
            with self._engine.begin() as conn:
                return bool(conn.execute(text("SELECT caseline.end_monitoring_grant(:id)"),
                                         {"id": grant_id}).scalar())
        except exc.DBAPIError as e:
            raise _refusal(e) from e

    def close(self) -> None:
        self._engine.dispose()


def grants_for(url_text: str, *, allow_insecure: bool = False) -> CentralGrants | None:
    """The PC's grants at the centre of ``url_text`` (the sync's URL and role, the password
    from the keyring); None for "" (local only: every monitoring request is refused). Raises
    CentralError as ``app.sync.connect.syncer_for`` does."""
    if not url_text:
        return None  # a PC of its own: nothing to import for it (the desktop's start waits)
    from app.config import secrets  # noqa: PLC0415
    from app.sync.connect import central_url, password_key  # noqa: PLC0415

    url = central_url(url_text)
    if url is None:
        return None
    require_tls(url, allow_insecure=allow_insecure)
    password = secrets.get_central_password(password_key(url))
    if password is None:
        raise CentralError("no_password", shown(url))
    return CentralGrants(url, password)


def _refusal(error: exc.DBAPIError) -> GrantRefusedError:
    import psycopg  # noqa: PLC0415

    orig = error.orig
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if isinstance(orig, psycopg.errors.InsufficientPrivilege):
        return GrantRefusedError("no_grant", detail)
    if isinstance(orig, psycopg.errors.FeatureNotSupported):
        return GrantRefusedError("switched_off", detail)
    log.warning("monitoring grant: the centre could not be asked: %s", detail)
    return GrantRefusedError("unreachable", detail)
