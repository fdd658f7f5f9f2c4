"""Passwords in the OS keyring, and nowhere else.

keyring silently falls back to a plain-text file or to a backend that fails on use when no real
store exists (a headless Linux box has no Secret Service). We refuse those: a missing or locked
keyring is an error the user sees, never a password written to disk in clear.
"""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors

SERVICE = "caseline"

# Backends that would keep a secret readable on disk, or that cannot keep one at all.
_UNSAFE = {
    "keyrings.alt.file.PlaintextKeyring",
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.Windows.RegistryKeyring",
}


class SecretStoreError(RuntimeError):
    """The keyring cannot be used. ``code``: 'unavailable', 'locked' or 'failed'."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    chained = getattr(backend, "backends", None)
    if chained is not None and not chained:
        raise SecretStoreError("unavailable", name)
    if name in _UNSAFE:
        raise SecretStoreError("unavailable", name)
    return backend


def _key(account: str) -> str:
    return f"sip:{account}"


def _call(func: str, *args: str) -> str | None:
    backend = _backend()
    try:
        result: str | None = getattr(backend, func)(SERVICE, *args)
    except keyring.errors.KeyringLocked as exc:
        raise SecretStoreError("locked", str(exc)) from None
    except keyring.errors.PasswordDeleteError:
        return None
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError("failed", str(exc)) from None
    return result


def set_password(account: str, password: str) -> None:
    _call("set_password", _key(account), password)


def get_password(account: str) -> str | None:
    return _call("get_password", _key(account))


def delete_password(account: str) -> None:
    _call("delete_password", _key(account))


def turn_key(account: str) -> str:
    """The keyring entry of an account's TURN password (its SIP one is ``sip:<account>``)."""
    return f"turn:{account}"


def set_turn_password(account: str, password: str) -> None:
    _call("set_password", turn_key(account), password)


def get_turn_password(account: str) -> str | None:
    return _call("get_password", turn_key(account))


def delete_turn_password(account: str) -> None:
    _call("delete_password", turn_key(account))


def backend_name() -> str:
    backend = _backend()
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def central_key(role: str, host: str, port: int | None, database: str) -> str:
    """The keyring entry of a central-database login: one per role, server and database."""
    return f"central:{role}@{host}:{port or 5432}/{database}"


def set_central_password(key: str, password: str) -> None:
    _call("set_password", key, password)


def get_central_password(key: str) -> str | None:
    return _call("get_password", key)
