"""From the configured URL to a Syncer: the central URL, the password from the keyring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

from app.central.db import CentralError, engine, parse_url, require_tls, shown
from app.config import secrets
from app.sync.engine import Syncer, classify

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

    from app.cases.store import Store

CONNECT_TIMEOUT_S = 5  # a server that is down is reported in seconds, not minutes


def central_url(text: str) -> URL | None:
    """The configured central URL (CentralSettings.effective_url, app.config.settings); None: ""."""
    return parse_url(text) if text else None


def password_key(url: URL) -> str:
    if not url.username:
        raise CentralError("bad_url", shown(url), "the URL names no role (role@host)")
    return secrets.central_key(url.username, url.host or "localhost", url.port,
                               url.database or "")


def syncer_for(url_text: str, store: Store, *, allow_insecure: bool = False) -> Syncer | None:
    """A Syncer for the centre at ``url_text``, or None for "" (local only). Raises
    CentralError ``insecure_url`` for a centre on another machine without a verified TLS
    connection (unless ``allow_insecure``: ``[central] allow_insecure``), ``no_password`` when
    the keyring holds no password for the URL's role."""
    url = central_url(url_text)
    if url is None:
        return None
    require_tls(url, allow_insecure=allow_insecure)
    password = secrets.get_central_password(password_key(url))
    if password is None:
        raise CentralError("no_password", shown(url))
    return Syncer(store, sync_engine(url, password))


def sync_engine(url: str | URL, password: str | None = None) -> Engine:
    """The engine a PC's sync runs on: one connection, kept (the worker LISTENs on it between
    rounds, app.sync.worker). 300 agents are 300 connections, not 900; a second user of the
    engine waits for it rather than opening another."""
    return engine(url, password, pool_size=1, max_overflow=0, connect_args={
        "connect_timeout": CONNECT_TIMEOUT_S, "application_name": "caseline-sync"})


def check_connection(url_text: str, password: str, *, allow_insecure: bool = False) -> None:
    """Sign in to the centre at ``url_text`` with ``password`` and ask it ``SELECT 1`` (the
    Settings dialog's "Test connection"; blocks up to CONNECT_TIMEOUT_S, so not on a UI
    thread). Raises CentralError: bad_url, insecure_url (as syncer_for), or what ``classify``
    makes of the failure (connect_failed, auth_failed, tls_failed, failed) with the server's
    reason as detail."""
    url = parse_url(url_text)
    require_tls(url, allow_insecure=allow_insecure)  # before the password goes anywhere
    central = engine(url, password, connect_args={
        "connect_timeout": CONNECT_TIMEOUT_S, "application_name": "caseline-settings"})
    try:
        with central.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        code, detail = classify(exc)
        raise CentralError(code, shown(url), detail) from exc
    finally:
        central.dispose()
