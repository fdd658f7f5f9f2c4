"""With no sound device at all, a call's speaker and microphone fail once each, quietly.

It used to be a loop: the failed stream was watched, seen "stopped", reported as a device gone
(with an empty name), reopened, failed again, ten times a second for as long as a call rang
(20,443 "No audio device detected" lines in 40 minutes of a shift).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_missing_device_is_reported_once_per_call_and_never_retried_on_a_timer(
        tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PULSE_SERVER": f"unix:{tmp_path / 'no-such-server'}",
           "XDG_RUNTIME_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "tests.unit.audio.bridge_child"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    # The speaker (ringing), the microphone (answered); the device list changing is a retry
    # that tells nothing new; the next call tells the speaker again.
    assert result["failed"] == ["output", "input", "output"]
    assert result["lost"] == []  # a device that never opened is not "gone"
    assert result["watching"] == [False] * 5  # nothing open: no health poll ticking
    assert result["opened"] == 0
    assert "No audio device detected" not in done.stderr  # Qt is not even asked
