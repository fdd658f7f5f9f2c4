"""Connecting to the central database: URLs, engines, and errors with a stable code.

A URL is what an administrator or the config file gives: ``postgresql://user@host:5432/db``,
optionally with libpq parameters in the query, e.g.
``?sslmode=verify-full&sslrootcert=/etc/caseline/ca.pem`` (psycopg hands them to libpq). The
agent's password is not in the URL; it comes from the keyring and is passed separately.

An agent's connection to a centre on another machine must verify the server's certificate
(``require_tls``): libpq's default, ``sslmode=prefer``, falls back to no TLS without a word.
"""

from __future__ import annotations

import ipaddress
import os
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DRIVER = "postgresql+psycopg"
_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})


class CentralError(RuntimeError):
    """``code``: bad_url, insecure_url, connect_failed, not_superuser, role_exists, bad_name,
    unknown_team, newer_schema, failed. ``where``: the URL without its password."""

    def __init__(self, code: str, where: str, detail: str = "") -> None:
        super().__init__(f"{code}: {where}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.where = where
        self.detail = detail


def parse_url(url: str | URL, password: str | None = None) -> URL:
    """``url`` as a SQLAlchemy URL for psycopg 3, with ``password`` put in when given."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CentralError("bad_url", _mask(str(url))) from None
    if parsed.drivername not in _SCHEMES:
        raise CentralError("bad_url", parsed.render_as_string(hide_password=True))
    parsed = parsed.set(drivername=DRIVER)
    if password is not None:
        parsed = parsed.set(password=password)
    return parsed


def _mask(text: str) -> str:
    # An unparseable URL may still hold a password between ':' and '@'.
    head, at, tail = text.rpartition("@")
    if not at:
        return text
    scheme, sep, creds = head.partition("://")
    user = creds.partition(":")[0]
    return f"{scheme}{sep}{user}@{tail}" if sep else f"***@{tail}"


def shown(url: URL) -> str:
    """The URL for messages and logs, as people write it: never the password."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def engine(url: str | URL, password: str | None = None, **kwargs: Any) -> Engine:
    """An engine on the central database. Nothing connects until it is used."""
    kwargs.setdefault("pool_pre_ping", True)  # the server may have restarted in between
    return create_engine(parse_url(url, password), **kwargs)


def plan_each_run(eng: Engine) -> Engine:
    """``eng``, its connections never preparing a statement on the server: for a leader's
    reads. psycopg prepares a statement at its 5th run, and after 5 more the server may plan it
    once for all values, which on the partitioned calls under row security prunes nothing: at
    10M calls a year's page by talk time went from 3 ms to 270 ms from its 11th read on one
    connection (a refresh, an export's pages). Planning each run costs ~1 ms there. Not for
    the agents' sync: its per-row writes (an SR at a time) cost 3x unprepared. Connections
    the engine opened before this call keep preparing: give it a fresh engine."""

    def unprepared(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.prepare_threshold = None

    event.listen(eng, "connect", unprepared)
    return eng


# libpq's sslmodes that check the server's certificate (verify-full: its name too).
VERIFIED_SSLMODES = frozenset({"verify-full", "verify-ca"})


def _values(url: URL, key: str) -> tuple[str, ...]:
    value = url.query.get(key)
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _host_only(entry: str) -> str:
    """A libpq host entry without its port: "h:5432" -> "h", "[::1]:5432" -> "::1"."""
    entry = entry.strip()
    if entry.startswith("["):
        return entry[1:].partition("]")[0]
    if entry.count(":") == 1:
        return entry.partition(":")[0]
    return entry  # a bare name, an IPv6 address, or a socket directory


def _hosts(url: URL) -> list[str] | None:
    """Every host libpq may connect to for ``url``; None: not known here (a service file)."""
    found = [url.host] if url.host else []
    for key in ("host", "hostaddr"):
        for value in _values(url, key):
            found += [_host_only(part) for part in value.split(",")]
    if found:
        return found
    if _values(url, "service") or os.environ.get("PGSERVICE"):
        return None
    # No host in the URL: libpq takes PGHOSTADDR/PGHOST, else its unix socket.
    env = os.environ.get("PGHOSTADDR") or os.environ.get("PGHOST") or ""
    return [_host_only(part) for part in env.split(",")] if env else [""]


def _is_loopback(host: str) -> bool:
    if host == "" or host.startswith(("/", "@")):  # libpq's socket; a directory; Linux abstract
        return True
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local(url: URL) -> bool:
    """Whether every host ``url`` names is this machine (unix socket, localhost, 127.0.0.0/8,
    ::1): nothing it sends crosses a network."""
    hosts = _hosts(url)
    return hosts is not None and all(_is_loopback(h) for h in hosts)


def require_tls(url: URL, *, allow_insecure: bool = False) -> None:
    """Refuse a URL to another machine whose connection would not verify the server's
    certificate: CentralError ``insecure_url``. ``allow_insecure``: the administrator's
    ``[central] allow_insecure`` (app.config.settings)."""
    if allow_insecure or is_local(url):
        return
    modes = _values(url, "sslmode")
    if modes and all(mode in VERIFIED_SSLMODES for mode in modes):
        return
    raise CentralError("insecure_url", shown(url),
                       "no sslmode=verify-full (or verify-ca) for a server on another machine")
