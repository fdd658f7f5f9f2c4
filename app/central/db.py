"""Connecting to the central database: URLs, engines, and errors with a stable code.

A URL is what an administrator or the config file gives: ``postgresql://user@host:5432/db``,
optionally with libpq parameters in the query, e.g.
``?sslmode=verify-full&sslrootcert=/etc/caseline/ca.pem`` (psycopg hands them to libpq). The
agent's password is not in the URL; it comes from the keyring and is passed separately.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DRIVER = "postgresql+psycopg"
_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})


class CentralError(RuntimeError):
    """``code``: bad_url, connect_failed, not_superuser, role_exists, bad_name, unknown_team,
    newer_schema, failed. ``where``: the URL without its password."""

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
