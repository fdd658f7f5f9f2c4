"""A throw-away X server (Xvfb) for tests and screenshots of the real window."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@contextlib.contextmanager
def xvfb(width: int = 1600, height: int = 1000, dpi: int = 96) -> Iterator[str]:
    """Start Xvfb on a free display; yields the DISPLAY value."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise RuntimeError("Xvfb is missing: scripts/system-packages.sh test installs xvfb")
    # -displayfd: the server takes a free display itself and writes its number when it is up, so
    # two test workers starting servers at once never pick the same one.
    read_end, write_end = os.pipe()
    # -noreset: by default the server resets when its last client goes, and refuses connections
    # meanwhile. A poller's short connections (bench/startup.py's xdotool, every 10 ms) made
    # it reset just as an application connected: Qt's "could not connect to display", abort.
    proc = subprocess.Popen([binary, "-displayfd", str(write_end), "-screen", "0",
                             f"{width}x{height}x24", "-dpi", str(dpi), "-nolisten", "tcp",
                             "-noreset"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            pass_fds=(write_end,))
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        line = ready.readline()  # empty: the server died before it was up
    if not line.strip().isdigit():
        proc.kill()
        proc.wait(10)
        raise RuntimeError("Xvfb did not start")
    number = int(line)
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def window_env(display: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", **extra}
    env.pop("WAYLAND_DISPLAY", None)
    return env


@contextlib.contextmanager
def pulseaudio(runtime_dir: Path) -> Iterator[dict[str, str]]:
    """A private PulseAudio daemon with a null speaker and microphone: sound devices for Qt
    Multimedia on a machine with no sound card. Yields the environment that reaches it."""
    binary = shutil.which("pulseaudio")
    if binary is None:
        raise RuntimeError("pulseaudio is missing: scripts/system-packages.sh test installs it")
    runtime_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime_dir), "PULSE_RUNTIME_PATH": ""}
    env.pop("PULSE_RUNTIME_PATH")
    proc = subprocess.Popen(
        [binary, "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
         "--load=module-null-sink sink_name=speaker",
         "--load=module-null-source source_name=microphone",
         "--load=module-native-protocol-unix"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = runtime_dir / "pulse" / "native"
    deadline = time.monotonic() + 20
    while not socket.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("pulseaudio did not start")
        time.sleep(0.02)
    try:
        yield {"XDG_RUNTIME_DIR": str(runtime_dir)}
    finally:
        proc.terminate()
        proc.wait(10)
