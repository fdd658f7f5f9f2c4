"""End to end: the real window on a real X server (Xvfb). SIPp calls with X-Case-Number, the
pop-up shows that SR, Answer is clicked, the SR view opens, SIPp hangs up, wrap-up appears."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.xvfb import pulseaudio, window_env, xvfb

REPO = Path(__file__).resolve().parents[2]


def test_incoming_call_through_the_real_window(tmp_path: Path) -> None:
    with pulseaudio(tmp_path / "pulse") as sound, xvfb() as display:
        run = subprocess.run(
            [sys.executable, "-m", "tests.e2e.window_driver", "--scenario", "e2e",
             "--out", str(tmp_path)],
            cwd=REPO, env=window_env(display, **sound), capture_output=True, text=True, timeout=150,
            check=False)
    steps = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    by_step = {s["step"]: s for s in steps}
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    seeded = by_step["seeded"]
    # PulseAudio's null devices reached Qt Multimedia: the health check found a mic and speaker.
    assert not any("microphone" in line for line in by_step["window"]["health_details"])
    popup = by_step["popup"]
    assert popup["visible"] is True
    assert popup["active"] is False  # it never took the keyboard
    assert seeded["case"] in popup["case"]
    assert popup["caller"] == seeded["contact"]
    assert by_step["sr_view"]["case"] == seeded["case"]
    assert by_step["wrap_up"] == {"step": "wrap_up", "visible": True, "state": "wrap-up"}
    assert by_step["sipp"]["exit"] == 0
    assert "done" in by_step


def test_a_compressed_shift_loses_no_note_disposition_or_title(tmp_path: Path) -> None:
    """tests/e2e/shift.py: calls answered from the pop-up, notes typed, wrap-up by Done and by
    the timer with a keystroke after it, a language switch, an outbound call by number."""
    with pulseaudio(tmp_path / "pulse") as sound, xvfb() as display:
        run = subprocess.run(
            [sys.executable, "-m", "tests.e2e.shift", "--calls", "3", "--wrap-up-seconds", "3",
             "--out", str(tmp_path)],
            cwd=REPO, env=window_env(display, **sound), capture_output=True, text=True,
            timeout=300, check=False)
    steps = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    summary = next((s for s in steps if s["step"] == "summary"), None)
    assert summary is not None, run.stdout + run.stderr[-3000:]
    assert summary["problems"] == [] and summary["stored"] == summary["typed"] == 7
    assert [s["wrap_up"] for s in steps if s["step"] == "call"] == ["done", "timer", "done"]
    assert run.returncode == 0
