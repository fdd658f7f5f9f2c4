"""A throw-away X server (Xvfb) for tests and screenshots of the real window."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def xvfb(width: int = 1600, height: int = 1000, dpi: int = 96) -> Iterator[str]:
    """Start Xvfb on a free display; yields the DISPLAY value."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise RuntimeError("Xvfb is missing: scripts/system-packages.sh test installs xvfb")
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and \
                not Path(f"/tmp/.X{number}-lock").exists():
            break
    else:
        raise RuntimeError("no free X display")
    proc = subprocess.Popen([binary, f":{number}", "-screen", "0", f"{width}x{height}x24",
                             "-dpi", str(dpi), "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 20
    while not socket.exists():  # the server is up when its socket is
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.02)
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def window_env(display: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", **extra}
    env.pop("WAYLAND_DISPLAY", None)
    return env
