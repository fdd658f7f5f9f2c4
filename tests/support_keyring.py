"""A private session bus with an unlocked GNOME Keyring: a real Secret Service for CaseLine's
processes (the secrets scan, bench/startup.py), as scripts/bundle-self-test sets one up."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

UNLOCK = b"unlock-the-test-keyring"  # the throw-away login keyring's own password
READY_CEILING = 30.0  # s: only a broken installation reaches it


@contextlib.contextmanager
def secret_service(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """Start dbus-daemon and gnome-keyring-daemon for ``env`` (HOME, XDG_DATA_HOME and
    XDG_RUNTIME_DIR set: the keyring's files go there); yields ``env`` with the bus address.
    Both daemons are stopped at the end."""
    daemons: list[subprocess.Popen[bytes]] = []
    try:
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               start_new_session=True)
        daemons.append(bus)
        assert bus.stdout is not None
        env = {**env, "DBUS_SESSION_BUS_ADDRESS": bus.stdout.readline().decode().strip()}
        keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True)
        daemons.append(keyring)
        assert keyring.stdin is not None and keyring.stdout is not None
        keyring.stdin.write(UNLOCK)
        keyring.stdin.close()
        keyring.stdout.readline()  # GNOME_KEYRING_CONTROL=...: it is up
        # Until the Secret Service has its name on the bus (else D-Bus activation would start
        # a second daemon, a locked one).
        deadline = time.monotonic() + READY_CEILING
        while subprocess.run(
                ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                 "/org/freedesktop/DBus", "org.freedesktop.DBus.GetNameOwner",
                 "string:org.freedesktop.secrets"], env=env, capture_output=True,
                check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("GNOME Keyring never took the bus name")
            time.sleep(0.05)  # polling the bus for a name; there is no event to wait on
        yield env
    finally:
        for daemon in reversed(daemons):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(daemon.pid, signal.SIGTERM)
            try:
                daemon.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(daemon.pid, signal.SIGKILL)
                daemon.wait(10)
            if daemon.stdout is not None:
                daemon.stdout.close()
